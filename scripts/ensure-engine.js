#!/usr/bin/env node
/**
 * Makes a Pulumi engine (CLI + Node language host) available and prints the directory that holds it.
 *
 *   node scripts/ensure-engine.js            # build or reuse, print the bin dir
 *   node scripts/ensure-engine.js --quiet    # no progress output (waiting for another build still says so)
 *   node scripts/ensure-engine.js --json     # print {"dir","version","source","reason"} instead of the dir
 *   node scripts/ensure-engine.js --say      # also say on stderr which engine (version, where from, why)
 *
 * Which version: `PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION`, else the engine of the toolchain.json leg
 * whose @pulumi/pulumi is installed in node_modules, else the repo leg's engine (scripts/toolchain.js).
 *
 * Order of preference:
 * 1. A `pulumi` on PATH whose `pulumi version` is that version, or (without the variable) any tested
 *    engine of toolchain.json, with `pulumi-language-nodejs` beside it or on PATH.
 *    (`PULUMI_ALICLOUD_TRAFFIC_USE_PATH=0` skips this.) An unsuitable one is named and skipped.
 * 2. The cache: `$PULUMI_ALICLOUD_TRAFFIC_ENGINE_CACHE` or `${XDG_CACHE_HOME:-~/.cache}/pulumi-alicloud-traffic`,
 *    one folder per version and hash of its inputs (its go.mod/go.sum and our Go sources).
 * 3. A build from the Go module proxy through the wrapper module in tools/pulumi-engine: the CLI
 *    (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) and our Node language host
 *    (tools/pulumi-engine/cmd/pulumi-language-nodejs; the upstream module is not on the proxy).
 *    Each engine version has its own module file: go.mod (the oldest leg) or go.v<version>.mod, used
 *    with `go build -modfile`; for a version with neither, one is generated into the cache with
 *    `go get` (needs the checksum database). `pulumi-resource-pulumi-nodejs` is copied from
 *    node_modules/@pulumi/pulumi.
 * A lock (a folder holding the owner's pid) lets parallel runs build once; a waiter says whom it waits
 * for every 15 s, and takes over at once when the owner process is gone.
 * Nothing built is ever written into the repository.
 */
"use strict";
const { spawnSync, spawn } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { alive } = require("./alive");
const toolchain = require("./toolchain");

const REPO = path.resolve(__dirname, "..");
const TOOLS = path.join(REPO, "tools", "pulumi-engine");
const TAGS = "osusergo,grpcnotrace";
const WAIT_LINE_MS = 15_000;
const cacheRoot = toolchain.cacheRoot;
const ldflags = (version) => `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`;

function log(quiet, message) {
  if (!quiet) process.stderr.write(`ensure-engine: ${message}\n`);
}

function fail(message) {
  process.stderr.write(`ensure-engine: ${message}\n`);
  process.exit(1);
}

/** The module file for a version: committed in tools/pulumi-engine, or generated into the cache. */
function modfileFor(version, quiet) {
  const committed = toolchain.committedModfile(version);
  if (committed) return path.join(TOOLS, committed);
  const generated = path.join(cacheRoot(), "modfiles", `v${version}`, "go.mod");
  if (!fs.existsSync(generated) || !fs.existsSync(generated.replace(/\.mod$/, ".sum"))) {
    log(
      quiet,
      `engine ${version} is not in toolchain.json (tested: ${toolchain.engineVersions().join(", ")}); ` +
        `generating its module file in ${path.dirname(generated)}`,
    );
    generateModfile(version, generated);
  }
  return generated;
}

/**
 * Writes <modfile> and its .sum: the oldest committed wrapper module moved to pkg/v3 and sdk/v3
 * <version> with `go get`, then `go mod tidy`. Used by `toolchain.js sync` for a new pin.
 */
function generateModfile(version, modfile) {
  requireGo(version);
  const sum = modfile.replace(/\.mod$/, ".sum");
  fs.mkdirSync(path.dirname(modfile), { recursive: true });
  const tmpMod = `${modfile}.tmp-${process.pid}.mod`;
  const tmpSum = tmpMod.replace(/\.mod$/, ".sum");
  fs.copyFileSync(path.join(TOOLS, "go.mod"), tmpMod);
  fs.copyFileSync(path.join(TOOLS, "go.sum"), tmpSum);
  const env = { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "" };
  for (const args of [
    ["get", `-modfile=${tmpMod}`, `github.com/pulumi/pulumi/pkg/v3@v${version}`, `github.com/pulumi/pulumi/sdk/v3@v${version}`],
    ["mod", "tidy", `-modfile=${tmpMod}`],
  ]) {
    const r = spawnSync("go", args, { cwd: TOOLS, env, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
    if (r.status !== 0) {
      process.stderr.write(String(r.stderr).slice(-4000));
      fs.rmSync(tmpMod, { force: true });
      fs.rmSync(tmpSum, { force: true });
      fail(`go ${args.join(" ")} failed: is v${version} a Pulumi release on the Go module proxy?`);
    }
  }
  fs.renameSync(tmpSum, sum);
  fs.renameSync(tmpMod, modfile);
}

/** Hash of everything that decides the binaries: our Go sources and the version's go.mod/go.sum. */
function sourceHash(modfile) {
  const h = crypto.createHash("sha256");
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.go$/.test(entry.name)) h.update(path.relative(TOOLS, p)).update(fs.readFileSync(p));
    }
  };
  walk(path.join(TOOLS, "cmd"));
  h.update("go.mod").update(fs.readFileSync(modfile));
  h.update("go.sum").update(fs.readFileSync(modfile.replace(/\.mod$/, ".sum")));
  return h.digest("hex").slice(0, 12);
}

function nodejsDynamicScript() {
  const p = path.join(REPO, "node_modules", "@pulumi", "pulumi", "pulumi-resource-pulumi-nodejs");
  if (!fs.existsSync(p)) fail(`${p} is missing: run \`npm install\` in ${REPO} first.`);
  return p;
}

function which(cmd) {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** A suitable engine on PATH, or undefined (saying why an unsuitable one is skipped). */
function fromPath(wanted, pinned, quiet) {
  if (process.env.PULUMI_ALICLOUD_TRAFFIC_USE_PATH === "0") return undefined;
  const pulumi = which("pulumi");
  if (!pulumi) return undefined;
  const dir = path.dirname(fs.realpathSync(pulumi));
  if (dir.startsWith(cacheRoot() + path.sep)) return undefined; // one of ours, put on PATH by scripts/pulumi
  const r = spawnSync(pulumi, ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
  const found = r.status === 0 ? r.stdout.trim().replace(/^v/, "") : undefined;
  const ok = found && (pinned ? found === wanted : toolchain.engineVersions().includes(found));
  if (!ok) {
    const want = pinned
      ? `v${wanted} (PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION)`
      : `a tested engine (${toolchain
          .engineVersions()
          .map((v) => `v${v}`)
          .join(", ")})`;
    log(quiet, `not using ${pulumi} (${found ? `v${found}` : "no version"}): wanted ${want}`);
    return undefined;
  }
  if (!fs.existsSync(path.join(dir, "pulumi-language-nodejs")) && !which("pulumi-language-nodejs")) {
    log(quiet, `not using ${pulumi} (v${found}): no pulumi-language-nodejs beside it or on PATH`);
    return undefined;
  }
  return { dir, version: found, source: `PATH (${pulumi})`, reason: pinned ? "PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION" : "a tested engine" };
}

function isComplete(dir) {
  return ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs", ".complete"].every((f) => fs.existsSync(path.join(dir, f)));
}

/** The lock's owner: {pid, host, startedAt, version}, or undefined while it is being written. */
function readOwner(lockDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(lockDir, "owner.json"), "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * A lock folder so that parallel runs build once. It holds owner.json with the owner's pid and host.
 * A waiter takes the lock over at once when the owner (on this host) is no longer running, prints a
 * line every 15 s naming the owner while it waits, and gives up after 60 minutes.
 */
async function withLock(lockDir, label, fn) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const started = Date.now();
  let lastLine = 0;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(
        path.join(lockDir, "owner.json"),
        JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), label }) + "\n",
      );
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      const owner = readOwner(lockDir);
      let stat;
      try {
        stat = fs.statSync(lockDir);
      } catch {
        continue; // released meanwhile
      }
      const age = Date.now() - stat.mtimeMs;
      const sameHost = owner && owner.host === os.hostname();
      let stale;
      if (!owner)
        stale = age > 10_000 ? "it names no owner" : undefined; // an owner writes owner.json right after mkdir
      else if (sameHost && !alive(owner.pid)) stale = `its owner, pid ${owner.pid}, is no longer running`;
      else if (!sameHost && age > 60 * 60_000) stale = `its owner on ${owner.host} took over an hour`;
      if (stale) {
        process.stderr.write(`ensure-engine: taking over the build lock ${lockDir}: ${stale}\n`);
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - lastLine >= WAIT_LINE_MS) {
        lastLine = Date.now();
        const who = owner
          ? `pid ${owner.pid}${sameHost ? "" : ` on ${owner.host}`}, started ${owner.startedAt}`
          : "a process that is starting";
        process.stderr.write(
          `ensure-engine: waiting for another build of ${label} (${who}; ` +
            `${Math.round((Date.now() - started) / 1000)} s so far; lock ${lockDir})\n`,
        );
      }
      if (Date.now() - started > 60 * 60_000) fail(`timed out waiting for another engine build (lock ${lockDir})`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const release = () => fs.rmSync(lockDir, { recursive: true, force: true });
  const onSignal = (sig) => {
    release();
    process.exit(sig === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await fn();
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    release();
  }
}

/** Runs `go build -v`, printing a progress line every 15 s (packages compiled so far). */
function goBuild(args, env, quiet, label) {
  const t0 = Date.now();
  log(quiet, `building ${label} ...`);
  return new Promise((resolve) => {
    const child = spawn("go", [args[0], "-v", ...args.slice(1)], { cwd: TOOLS, env, stdio: ["ignore", "inherit", "pipe"] });
    let packages = 0;
    let tail = "";
    child.stderr.on("data", (chunk) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-8000);
      packages += text.split("\n").filter((l) => /^[\w.-]+(\/[\w.~-]+)+$/.test(l.trim())).length;
    });
    const ticker = quiet
      ? undefined
      : setInterval(() => log(quiet, `  ${label}: ${packages} packages compiled, ${Math.round((Date.now() - t0) / 1000)} s`), 15_000);
    child.on("error", (e) => fail(`could not run go: ${e.message}`));
    child.on("close", (code) => {
      if (ticker) clearInterval(ticker);
      if (code !== 0) {
        process.stderr.write(tail);
        fail(`building ${label} failed (go ${args.join(" ")} exited ${code}); see the output above.`);
      }
      log(quiet, `${label} built in ${Math.round((Date.now() - t0) / 1000)} s`);
      resolve();
    });
  });
}

function requireGo(version) {
  if (which("go")) return;
  fail(
    `no Pulumi engine v${version} found on PATH and no Go toolchain to build one.\n` +
      `Install Go >= 1.25 (https://go.dev/dl/) so this script can build the engine from the Go module proxy, ` +
      `or put pulumi v${version} and pulumi-language-nodejs on PATH.`,
  );
}

/** Removes build temp dirs left by killed runs (their pid is gone). */
function sweepTemps(target) {
  const dir = path.dirname(target);
  const prefix = `${path.basename(target)}.tmp-`;
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (pid && pid !== process.pid && !alive(pid)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

async function build(version, modfile, target, quiet) {
  requireGo(version);
  sweepTemps(target);
  const tmp = `${target}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const env = {
    ...process.env,
    GOTOOLCHAIN: "local",
    CGO_ENABLED: "0",
    // go.sum (committed) pins every module; the checksum database is not needed.
    GOSUMDB: "off",
    GOFLAGS: "-mod=readonly",
  };
  const mod = path.relative(TOOLS, modfile) === "go.mod" ? [] : [`-modfile=${modfile}`];
  const common = ["build", ...mod, "-trimpath", "-tags", TAGS, "-ldflags", ldflags(version)];
  const t0 = Date.now();
  log(
    quiet,
    `first run: building Pulumi engine v${version} from Go modules (several minutes; cached afterwards in ${path.dirname(target)})`,
  );
  await goBuild(
    [...common, "-o", path.join(tmp, "pulumi"), "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"],
    env,
    quiet,
    `pulumi CLI v${version}`,
  );
  await goBuild(
    [...common, "-o", path.join(tmp, "pulumi-language-nodejs"), "./cmd/pulumi-language-nodejs"],
    env,
    quiet,
    "pulumi-language-nodejs",
  );
  fs.copyFileSync(nodejsDynamicScript(), path.join(tmp, "pulumi-resource-pulumi-nodejs"));
  fs.chmodSync(path.join(tmp, "pulumi-resource-pulumi-nodejs"), 0o755);
  const seconds = Math.round((Date.now() - t0) / 1000);
  fs.writeFileSync(path.join(tmp, ".complete"), JSON.stringify({ version, builtAt: new Date().toISOString(), seconds }) + "\n");
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(tmp, target);
  log(quiet, `engine ready in ${target} (${seconds} s)`);
}

/**
 * Resolves to {dir, version, source, reason}: dir holds pulumi, pulumi-language-nodejs and
 * pulumi-resource-pulumi-nodejs; source says where it came from (PATH, the cache or a new build),
 * reason why this version.
 */
async function resolveEngine({ quiet = false } = {}) {
  const sel = toolchain.selectedEngine(REPO);
  const pinned = sel.reason === "PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION";
  const onPath = fromPath(sel.version, pinned, quiet);
  if (onPath) return onPath;
  const version = sel.version;
  const modfile = modfileFor(version, quiet);
  const target = path.join(cacheRoot(), `engine-v${version}-${sourceHash(modfile)}`);
  if (isComplete(target)) return { dir: target, version, source: "the cache", reason: sel.reason };
  let built = false;
  await withLock(`${target}.lock`, `engine v${version}`, async () => {
    if (!isComplete(target)) {
      await build(version, modfile, target, quiet);
      built = true;
    }
  });
  return { dir: target, version, source: built ? "a new build" : "the cache", reason: sel.reason };
}

/** Resolves to the directory holding pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs. */
async function ensureEngine(opts = {}) {
  return (await resolveEngine(opts)).dir;
}

/** The line that says which engine is used. */
function sayLine(e) {
  return `pulumi-alicloud-traffic: using Pulumi engine v${e.version} from ${e.source} (chosen by ${e.reason}): ${e.dir}`;
}

module.exports = { sayLine, ensureEngine, resolveEngine, generateModfile, sourceHash, TOOLS };

if (require.main === module) {
  const quiet = process.argv.includes("--quiet");
  resolveEngine({ quiet }).then((e) => {
    if (process.argv.includes("--json")) process.stdout.write(JSON.stringify(e) + "\n");
    else process.stdout.write(`${e.dir}\n`);
    if (process.argv.includes("--say")) process.stderr.write(`${sayLine(e)}\n`);
  });
}
