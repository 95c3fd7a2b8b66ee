#!/usr/bin/env node
/**
 * The toolchain pins (toolchain.json) and what follows from them.
 *
 *   node scripts/toolchain.js show                 # the legs, and which engine this checkout uses
 *   node scripts/toolchain.js check                # exit 1 if a copy of a pin disagrees with toolchain.json
 *   node scripts/toolchain.js sync                 # rewrite those copies (and generate go.v<engine>.mod)
 *   node scripts/toolchain.js node-bin <leg>       # a bin dir holding that leg's node (installs it if needed)
 *   node scripts/toolchain.js run-leg <leg> [--node <version>] [--head] [--keep] [-- <jest args>]
 *                                                  # the test suites on another leg, in a temp copy
 *
 * A leg is a Node.js version, an @pulumi/pulumi version and an engine version tested together.
 * `repoLeg` is the leg of the repo's own node_modules (`npm test`). `run-leg` never touches the
 * repo's node_modules: it copies the work tree (tracked and untracked, not ignored, files) to a
 * temp dir (--head: the committed tree), installs the leg's @pulumi/pulumi there with the leg's node (from the npm `node`
 * package, cached per version outside the repo), builds, and runs jest with that node first on
 * PATH and PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION set to the leg's engine.
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const REPO = path.resolve(__dirname, "..");
const PINS_FILE = path.join(REPO, "toolchain.json");
const TOOLS = path.join(REPO, "tools", "pulumi-engine");

function pins() {
  return JSON.parse(fs.readFileSync(PINS_FILE, "utf8"));
}

function cacheRoot() {
  if (process.env.PULUMI_ALICLOUD_TRAFFIC_ENGINE_CACHE) return process.env.PULUMI_ALICLOUD_TRAFFIC_ENGINE_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "pulumi-alicloud-traffic");
}

const semver = (v) =>
  v
    .replace(/^v/, "")
    .split(".")
    .map((n) => parseInt(n, 10));
const cmp = (a, b) => {
  const x = semver(a);
  const y = semver(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
};
const major = (v) => semver(v)[0];

function legNames() {
  return Object.keys(pins().legs);
}

function leg(name) {
  const l = pins().legs[name];
  if (!l) throw new Error(`no leg "${name}" in toolchain.json (legs: ${legNames().join(", ")})`);
  return { name, ...l };
}

/** The leg of this checkout's node_modules: PULUMI_ALICLOUD_TRAFFIC_LEG (set by run-leg in its copy), else repoLeg. */
function activeLeg() {
  return leg(process.env.PULUMI_ALICLOUD_TRAFFIC_LEG || pins().repoLeg);
}

/** The leg with the newest @pulumi/pulumi: what the examples and the workflow pin. */
function newestLeg() {
  const [name] = Object.entries(pins().legs).sort(([, a], [, b]) => -cmp(a.pulumi, b.pulumi))[0];
  return leg(name);
}

/** The tested engine versions, oldest first. */
function engineVersions() {
  return [...new Set(Object.values(pins().legs).map((l) => l.engine))].sort(cmp);
}

/** The @pulumi/pulumi version installed in <dir>/node_modules, if any. */
function installedPulumi(dir = REPO) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
}

/**
 * The engine version to use and why: PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION, else the engine of the
 * leg whose @pulumi/pulumi is installed here, else the repo leg's engine.
 */
function selectedEngine(dir = REPO) {
  const env = process.env.PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION;
  if (env) return { version: env.replace(/^v/, ""), reason: "PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION" };
  const sdk = installedPulumi(dir);
  const p = pins();
  const match = Object.entries(p.legs).find(([, l]) => l.pulumi === sdk);
  if (match) return { version: match[1].engine, reason: `leg "${match[0]}" of toolchain.json, as node_modules has @pulumi/pulumi ${sdk}` };
  return { version: p.legs[p.repoLeg].engine, reason: `the repo leg "${p.repoLeg}" of toolchain.json` };
}

/** The peer range of @pulumi/pulumi: from the oldest to the newest tested version. */
function peerRange() {
  const v = Object.values(pins().legs)
    .map((l) => l.pulumi)
    .sort(cmp);
  return `>=${v[0]} <=${v[v.length - 1]}`;
}

function nodeRange() {
  const v = Object.values(pins().legs)
    .map((l) => l.node)
    .sort(cmp);
  return `>=${major(v[0])}`;
}

/** The modfile (relative to tools/pulumi-engine) committed for an engine version, if any. */
function committedModfile(version) {
  const own = `go.v${version}.mod`;
  if (fs.existsSync(path.join(TOOLS, own))) return own;
  const root = fs.readFileSync(path.join(TOOLS, "go.mod"), "utf8");
  const m = /github\.com\/pulumi\/pulumi\/sdk\/v3 v(\S+)/.exec(root);
  return m && m[1] === version ? "go.mod" : undefined;
}

// ---- the copies of the pins that cannot read toolchain.json ------------------------------------

const README_BEGIN = "<!-- toolchain:pairs:begin (generated from toolchain.json by `npm run toolchain:sync`) -->";
const README_END = "<!-- toolchain:pairs:end -->";

function readmePairs() {
  const p = pins();
  const rows = Object.entries(p.legs)
    .sort(([, a], [, b]) => -cmp(a.pulumi, b.pulumi))
    .map(([name, l]) => {
      const how =
        name === p.repoLeg
          ? "`npm test`: the full suite (unit, emulator, policy pack, end-to-end, fault matrix)"
          : `\`npm run test:${name}\`: every suite except the fault matrix ` +
            `(unit, emulator, policy pack, end-to-end: engine, examples, packed tarball, ...)`;
      return `| ${name} | ${l.node} | ${l.pulumi} | ${l.engine} | ${p.policy} | ${how} |`;
    });
  return [
    README_BEGIN,
    "| Leg | Node.js | `@pulumi/pulumi` | Pulumi CLI (engine) | `@pulumi/policy` | Tested by (both in `.ci/run`) |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    `Peer range: \`@pulumi/pulumi\` \`${peerRange()}\` (package.json and the policy pack); \`engines.node\` \`${nodeRange()}\`.`,
    README_END,
  ].join("\n");
}

const jsonText = (o) => JSON.stringify(o, null, 2) + "\n";

/** Each derived file: its path and a function from its current text to the text it should have. */
function derivedFiles() {
  const p = pins();
  const cur = newestLeg();
  const repoLeg = activeLeg(); // in a run-leg copy, that leg's @pulumi/pulumi is the devDependency
  const files = [];
  const pkgJson = (rel, edit) =>
    files.push({
      rel,
      fix: (text) => {
        const o = JSON.parse(text);
        edit(o);
        return jsonText(o);
      },
    });
  pkgJson("package.json", (o) => {
    o.peerDependencies = { ...o.peerDependencies, "@pulumi/pulumi": peerRange() };
    o.engines = { ...o.engines, node: nodeRange() };
    o.devDependencies = { ...o.devDependencies, "@pulumi/pulumi": repoLeg.pulumi, "@pulumi/policy": p.policy };
  });
  pkgJson("policy-pack/package.json", (o) => {
    o.dependencies = { ...o.dependencies, "@pulumi/pulumi": peerRange(), "@pulumi/policy": p.policy };
  });
  for (const e of fs.readdirSync(path.join(REPO, "examples")).sort()) {
    const rel = path.join("examples", e, "package.json");
    if (!fs.existsSync(path.join(REPO, rel))) continue;
    pkgJson(rel, (o) => {
      o.dependencies = { ...o.dependencies, "@pulumi/pulumi": cur.pulumi };
    });
  }
  files.push({
    rel: "examples/github-actions/preview.yml",
    fix: (text) =>
      text.replace(/^(\s*node-version:\s*)\S+/gm, `$1"${cur.node}"`).replace(/^(\s*pulumi-version:\s*)\S+/gm, `$1"${cur.engine}"`),
  });
  files.push({
    rel: "README.md",
    fix: (text) => {
      const a = text.indexOf(README_BEGIN);
      const b = text.indexOf(README_END);
      if (a < 0 || b < a) return text; // reported by drift()
      return text.slice(0, a) + readmePairs() + text.slice(b + README_END.length);
    },
  });
  return files;
}

/** Every way the repo disagrees with toolchain.json, as sentences; empty when in agreement. */
function drift() {
  const out = [];
  for (const f of derivedFiles()) {
    const text = fs.readFileSync(path.join(REPO, f.rel), "utf8");
    if (f.fix(text) !== text) out.push(`${f.rel} disagrees with toolchain.json`);
  }
  const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
  if (!readme.includes(README_BEGIN) || !readme.includes(README_END)) out.push("README.md has no toolchain:pairs markers");
  const wf = fs.readFileSync(path.join(REPO, "examples/github-actions/preview.yml"), "utf8");
  if (!/pulumi-version:/.test(wf)) out.push("examples/github-actions/preview.yml pins no pulumi-version");
  for (const v of engineVersions()) if (!committedModfile(v)) out.push(`tools/pulumi-engine has no go.mod for engine ${v} (go.v${v}.mod)`);
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8"));
  const locked = lock.packages?.["node_modules/@pulumi/pulumi"]?.version;
  const want = activeLeg().pulumi;
  if (locked !== want)
    out.push(`package-lock.json has @pulumi/pulumi ${locked}, leg "${activeLeg().name}" wants ${want} (run npm install)`);
  return out;
}

function sync() {
  const changed = [];
  for (const f of derivedFiles()) {
    const file = path.join(REPO, f.rel);
    const text = fs.readFileSync(file, "utf8");
    const next = f.fix(text);
    if (next !== text) {
      fs.writeFileSync(file, next);
      changed.push(f.rel);
    }
  }
  for (const v of engineVersions()) {
    if (committedModfile(v)) continue;
    const { generateModfile } = require("./ensure-engine");
    generateModfile(v, path.join(TOOLS, `go.v${v}.mod`));
    changed.push(`tools/pulumi-engine/go.v${v}.mod`, `tools/pulumi-engine/go.v${v}.sum`);
  }
  return changed;
}

// ---- other legs ---------------------------------------------------------------------------------

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status ?? r.signal}`);
  return r;
}

/**
 * A bin dir with node <version>: this process's own node when the major matches, else the npm
 * `node` package (it ships the binary) installed once per version under the cache.
 */
function nodeBinDir(version, log = (m) => process.stderr.write(`toolchain: ${m}\n`)) {
  if (major(process.versions.node) === major(version)) {
    log(`node ${version}: using this node v${process.versions.node} (${process.execPath})`);
    return path.dirname(process.execPath);
  }
  const dir = path.join(cacheRoot(), `node-v${version}`);
  const bin = path.join(dir, "node_modules", "node", "bin");
  const ok = () => {
    const r = spawnSync(path.join(bin, "node"), ["--version"], { encoding: "utf8" });
    return r.status === 0 && r.stdout.trim() === `v${version}`;
  };
  if (!ok()) {
    log(`node ${version}: installing the npm package node@${version} into ${dir}`);
    const tmp = `${dir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    run("npm", ["install", "--prefix", tmp, "--no-audit", "--no-fund", "--no-save", "--no-package-lock", `node@${version}`], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
    if (!ok()) throw new Error(`npm's node@${version} did not give a working ${path.join(bin, "node")}`);
  } else {
    log(`node ${version}: reusing ${path.join(bin, "node")}`);
  }
  return bin;
}

/**
 * The work tree's files (tracked and untracked, not ignored), copied to dst; with head, the
 * committed tree (HEAD) instead, e.g. while others edit the work tree.
 */
function copyWorkTree(dst, head = false) {
  if (head) {
    const r = spawnSync("sh", ["-c", `git archive --format=tar HEAD | tar -x -C '${dst}'`], {
      cwd: REPO,
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (r.status !== 0) throw new Error("git archive HEAD failed");
    return;
  }
  const r = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO, encoding: "utf8" });
  if (r.status === 0) {
    for (const rel of r.stdout.split("\0").filter(Boolean)) {
      const from = path.join(REPO, rel);
      if (!fs.existsSync(from)) continue; // deleted in the work tree
      fs.mkdirSync(path.dirname(path.join(dst, rel)), { recursive: true });
      fs.cpSync(from, path.join(dst, rel));
    }
    return;
  }
  const skip = new Set(["node_modules", ".git", ".tmp", "dist", ".pulumi-state"]);
  fs.cpSync(REPO, dst, { recursive: true, filter: (src) => !skip.has(path.basename(src)) });
}

/** Runs the suites on another leg in a temp copy of the work tree; returns jest's exit code. */
function runLeg(name, { node, jestArgs = [], keep = false, head = false } = {}) {
  const l = leg(name);
  const nodeVersion = node || l.node;
  const t0 = Date.now();
  const secs = () => `${Math.round((Date.now() - t0) / 1000)} s`;
  const log = (m) => process.stderr.write(`toolchain[${name}]: ${m}\n`);
  log(`Node ${nodeVersion}, @pulumi/pulumi ${l.pulumi}, engine ${l.engine}`);
  const bin = nodeBinDir(nodeVersion, log);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `pulumi-alicloud-traffic-${name}-`));
  log(`copying ${head ? "HEAD" : "the work tree"} to ${work}`);
  copyWorkTree(work, head);
  const env = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION: l.engine,
    PULUMI_ALICLOUD_TRAFFIC_LEG: name,
  };
  delete env.NODE_OPTIONS;
  const pkgFile = path.join(work, "package.json");
  const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
  pkg.devDependencies["@pulumi/pulumi"] = l.pulumi;
  fs.writeFileSync(pkgFile, jsonText(pkg));
  try {
    log(`npm install (@pulumi/pulumi ${l.pulumi}) with node ${nodeVersion}`);
    run("npm", ["install", "--no-audit", "--no-fund"], { cwd: work, env });
    if (installedPulumi(work) !== l.pulumi) throw new Error(`the copy has @pulumi/pulumi ${installedPulumi(work)}, not ${l.pulumi}`);
    run("npm", ["run", "build", "--silent"], { cwd: work, env });
    log(`setup done in ${secs()}; ensuring engine ${l.engine}`);
    run(path.join(bin, "node"), [path.join(work, "scripts", "ensure-engine.js")], {
      cwd: work,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    log(`running jest ${jestArgs.join(" ")} (${secs()} so far)`);
    const r = spawnSync(path.join(bin, "node"), [path.join(work, "node_modules", "jest", "bin", "jest.js"), ...jestArgs], {
      cwd: work,
      env,
      stdio: "inherit",
    });
    log(`jest exited ${r.status ?? r.signal} after ${secs()} in all`);
    return r.status ?? 1;
  } finally {
    if (keep) log(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

module.exports = {
  REPO,
  pins,
  leg,
  legNames,
  activeLeg,
  newestLeg,
  cacheRoot,
  cmp,
  engineVersions,
  installedPulumi,
  selectedEngine,
  peerRange,
  nodeRange,
  committedModfile,
  drift,
  sync,
  readmePairs,
  nodeBinDir,
  runLeg,
};

if (require.main === module) {
  const [cmd, ...rest] = process.argv.slice(2);
  try {
    if (cmd === "show") {
      const p = pins();
      for (const [n, l] of Object.entries(p.legs))
        process.stdout.write(
          `${n}${n === p.repoLeg ? " (repo leg)" : ""}: node ${l.node}, @pulumi/pulumi ${l.pulumi}, engine ${l.engine}\n`,
        );
      const s = selectedEngine();
      process.stdout.write(`this checkout uses engine ${s.version} (${s.reason})\n`);
    } else if (cmd === "check") {
      const d = drift();
      for (const line of d) process.stderr.write(`toolchain: ${line}\n`);
      if (d.length) {
        process.stderr.write("toolchain: run `npm run toolchain:sync` (then `npm install` if the repo leg changed)\n");
        process.exit(1);
      }
      process.stdout.write("toolchain: every copy of the pins agrees with toolchain.json\n");
    } else if (cmd === "sync") {
      const changed = sync();
      process.stdout.write(changed.length ? `toolchain: updated ${changed.join(", ")}\n` : "toolchain: nothing to update\n");
      const d = drift();
      for (const line of d) process.stderr.write(`toolchain: ${line}\n`);
    } else if (cmd === "node-bin") {
      process.stdout.write(`${nodeBinDir(leg(rest[0]).node)}\n`);
    } else if (cmd === "run-leg") {
      const dd = rest.indexOf("--");
      const own = dd < 0 ? rest : rest.slice(0, dd);
      const jestArgs = dd < 0 ? [] : rest.slice(dd + 1);
      const ni = own.indexOf("--node");
      const node = ni < 0 ? undefined : own[ni + 1];
      process.exit(runLeg(own[0], { node, jestArgs, keep: own.includes("--keep"), head: own.includes("--head") }));
    } else {
      process.stderr.write(
        "usage: toolchain.js show | check | sync | node-bin <leg> | run-leg <leg> [--node <v>] [--head] [--keep] [-- <jest args>]\n",
      );
      process.exit(2);
    }
  } catch (e) {
    process.stderr.write(`toolchain: ${e.message}\n`);
    process.exit(1);
  }
}
