/**
 * Whether `npm start` (scripts/demo.js) has to compile, the staging itself (stage(), also what
 * scripts/stage-package.js runs), and a lock so that two runs do not compile at once.
 *
 * After a completed build (tsc, the policy pack, the staged copy) demo.js writes dist/.build-stamp.json
 * (last, and atomically): the content hash of every input and of every output. check() compares
 * them with what is on disk now and says what to do:
 * - "none": the inputs, dist/ and policy-pack/dist/ are what the last completed build had, and the
 *   staged copy in node_modules/<name> is file for file what staging would copy now: nothing to do;
 * - "stage": only the staged copy differs (missing, edited, a README.md edit): stage again;
 * - "incremental": an input changed or was added, the outputs being those of the last build (or of
 *   a build whose tsc failed): tsc in incremental mode, the policy pack, staging;
 * - "clean": no stamp (first run, a build killed half-way, an older format), an output that is not
 *   what the last build wrote (deleted, partial, edited dist/), dist/.tsbuildinfo replaced, or an input
 *   removed (so its output would stay behind): dist/ emptied, a full build. Incremental tsc does not
 *   restore a deleted output, hence never incremental from outputs it did not write.
 * Inputs: provider/ and emulator/ .ts and .json files (not tests), the policy pack's .ts and .json
 * (not policy-pack/test/ or dist/), tsconfig*.json, package.json, package-lock.json,
 * node_modules/.package-lock.json (what npm installed), TypeScript's package.json and the build
 * scripts. A check reads and hashes about 3 MB: some tens of milliseconds.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { alive } = require("./alive");

const FORMAT = 1;
const STAMP = "dist/.build-stamp.json";
const LOCK = "dist/.build-lock";
const TSBUILDINFO = "dist/.tsbuildinfo";
const BUILD_SCRIPTS = ["scripts/demo.js", "scripts/build-policy-pack.js", "scripts/stage-package.js", "scripts/buildStamp.js"];
const FIXED_INPUTS = ["package.json", "package-lock.json", "node_modules/.package-lock.json", "node_modules/typescript/package.json"];
const LOCK_STALE_MS = 15 * 60_000;

/** What staging copies into node_modules/<name>: repo-relative files and folders. */
function stagedEntries(pkg) {
  return ["package.json", "README.md", "LICENSE", ...pkg.files];
}

const readPackage = (repo) => JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));

/**
 * Copies the package's files from `repo` into `repo`/node_modules/<name>, replacing what was there
 * (why a real copy: scripts/stage-package.js).
 */
function stage(repo) {
  const pkg = readPackage(repo);
  const target = path.join(repo, "node_modules", pkg.name);
  const tmp = `${target}.staging-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  for (const entry of stagedEntries(pkg)) {
    const from = path.join(repo, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(tmp, entry), { recursive: true });
  }
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(tmp, target);
}
const sha = (file) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Files below `rel` (a file or a folder; "/"-separated, relative to `base`), sorted; none when absent. */
function filesUnder(base, rel, keep = () => true, skip = []) {
  const out = [];
  const visit = (r) => {
    if (skip.includes(r)) return;
    let st;
    try {
      st = fs.statSync(path.join(base, r));
    } catch {
      return;
    }
    if (st.isDirectory()) for (const name of fs.readdirSync(path.join(base, r))) visit(r ? `${r}/${name}` : name);
    else if (keep(r)) out.push(r);
  };
  visit(rel);
  return out.sort();
}

/** {repo-relative path: sha256, or null for a fixed input that is absent}. */
function inputHashes(repo) {
  const source = (f) => /\.(ts|json)$/.test(f) && !f.endsWith(".test.ts");
  const walked = [
    ...filesUnder(repo, "provider", source),
    ...filesUnder(repo, "emulator", source),
    ...filesUnder(repo, "policy-pack", source, ["policy-pack/dist", "policy-pack/test", "policy-pack/node_modules"]),
    ...fs.readdirSync(repo).filter((f) => /^tsconfig.*\.json$/.test(f)),
  ];
  const hashes = {};
  for (const f of walked) hashes[f] = sha(path.join(repo, f));
  for (const f of [...FIXED_INPUTS, ...BUILD_SCRIPTS]) hashes[f] = fs.existsSync(path.join(repo, f)) ? sha(path.join(repo, f)) : null;
  return hashes;
}

/** One hash over a list of files (names and contents) below `base`. */
function treeHash(base, files) {
  const h = crypto.createHash("sha256");
  for (const f of files) h.update(`${f}\0${sha(path.join(base, f))}\n`);
  return h.digest("hex");
}

/** The hash of what the build writes: dist/ (but the stamp, the lock and the build info) and policy-pack/dist/. */
function outputHash(repo) {
  const own = (f) => !f.startsWith(`${STAMP}.`) && !f.startsWith(`${LOCK}.`);
  const files = [...filesUnder(repo, "dist", own, [STAMP, LOCK, TSBUILDINFO]), ...filesUnder(repo, "policy-pack/dist")];
  return `${files.length}:${treeHash(repo, files)}`;
}

const buildInfoHash = (repo) => (fs.existsSync(path.join(repo, TSBUILDINFO)) ? sha(path.join(repo, TSBUILDINFO)) : null);

/** Why node_modules/<name> is not what staging would copy now, or undefined when it is. */
function stagedDifference(repo) {
  const pkg = readPackage(repo);
  const target = path.join(repo, "node_modules", pkg.name);
  const staged = `node_modules/${pkg.name}`;
  if (!fs.existsSync(target)) return `${staged} is missing`;
  const expected = stagedEntries(pkg).flatMap((e) => filesUnder(repo, e));
  const actual = filesUnder(target, "");
  const [want, have] = [new Set(expected), new Set(actual)];
  const extra = actual.find((f) => !want.has(f));
  if (extra) return `${staged}/${extra} is not in the package`;
  const missing = expected.find((f) => !have.has(f));
  if (missing) return `${staged}/${missing} is missing`;
  const edited = expected.find((f) => sha(path.join(repo, f)) !== sha(path.join(target, f)));
  if (edited) return `${staged}/${edited} differs from ${edited}`;
  return undefined;
}

function readStamp(repo) {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(repo, STAMP), "utf8"));
    return stamp.format === FORMAT ? stamp : undefined;
  } catch {
    return undefined;
  }
}

const listed = (files) => (files.length <= 3 ? files.join(", ") : `${files.slice(0, 3).join(", ")} and ${files.length - 3} more`);

/**
 * What the build has to do: {action: "none" | "stage" | "incremental" | "clean", reason, inputs}
 * (`inputs`, the hashes read now, go to record() after the build).
 */
function check(repo) {
  const inputs = inputHashes(repo);
  const stamp = readStamp(repo);
  if (!stamp) return { action: "clean", reason: `no record of a completed build (${STAMP})`, inputs };
  if (outputHash(repo) !== stamp.outputs)
    return { action: "clean", reason: "dist/ or policy-pack/dist/ is not what the last build wrote", inputs };
  if (buildInfoHash(repo) !== stamp.buildInfo) return { action: "clean", reason: `${TSBUILDINFO} is not the last build's`, inputs };
  if (!stamp.inputs) return { action: "incremental", reason: "the last build failed", inputs };
  const removed = Object.keys(stamp.inputs).filter((f) => !(f in inputs));
  if (removed.length) return { action: "clean", reason: `removed: ${listed(removed)}`, inputs };
  const changed = Object.keys(inputs).filter((f) => inputs[f] !== stamp.inputs[f]);
  if (changed.length) return { action: "incremental", reason: `changed: ${listed(changed)}`, inputs };
  const staged = stagedDifference(repo);
  if (staged) return { action: "stage", reason: staged, inputs };
  return { action: "none", reason: "sources, dist/ and the staged copy are those of the last build", inputs };
}

/** Removes the stamp: from now until record(), the build is not complete. */
function invalidate(repo) {
  fs.rmSync(path.join(repo, STAMP), { force: true });
}

/**
 * Writes the stamp for the outputs now on disk. `inputs` are the hashes read before the build (an
 * input edited during it shows as changed next time); null after a failed build, whose outputs and
 * build info are still a base for an incremental build.
 */
function record(repo, inputs) {
  const file = path.join(repo, STAMP);
  const tmp = `${file}.${process.pid}`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    tmp,
    JSON.stringify({ format: FORMAT, inputs, outputs: outputHash(repo), buildInfo: buildInfoHash(repo) }, null, 1) + "\n",
  );
  fs.renameSync(tmp, file);
}

/** Empties dist/ for a full build, keeping the lock (and a lock another run is making). */
function clean(repo) {
  const dist = path.join(repo, "dist");
  for (const name of fs.existsSync(dist) ? fs.readdirSync(dist) : []) {
    if (!`dist/${name}`.startsWith(LOCK)) fs.rmSync(path.join(dist, name), { recursive: true, force: true });
  }
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs fn() holding dist/.build-lock, a folder with owner.json (pid, host, start) that appears
 * whole (made aside, then renamed into place) and goes away whole (renamed aside, then removed). A
 * run that finds it held says so once and waits; it takes the lock over when its owner on this host
 * is gone, it names no owner after 10 s, or it is older than 15 minutes.
 */
function withBuildLock(repo, fn, say = (line) => process.stderr.write(`${line}\n`)) {
  const dir = path.join(repo, LOCK);
  const readOwner = (d) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(d, "owner.json"), "utf8"));
    } catch {
      return undefined;
    }
  };
  /** Moves the lock aside and removes it if it is still `expected`'s (else puts it back). */
  const remove = (why, expected) => {
    const aside = `${dir}.${why}-${process.pid}`;
    try {
      fs.renameSync(dir, aside);
    } catch (e) {
      if (e.code === "ENOENT") return;
      throw e;
    }
    if (JSON.stringify(readOwner(aside) ?? null) !== JSON.stringify(expected ?? null)) {
      // Not the lock we meant (another run took a stale lock over first, or ours was taken over):
      // put it back.
      try {
        fs.renameSync(aside, dir);
        return;
      } catch {
        // someone holds the lock again meanwhile; this one is lost either way
      }
    }
    fs.rmSync(aside, { recursive: true, force: true });
  };
  let waiting = false;
  let me;
  for (;;) {
    const mine = `${dir}.new-${process.pid}`;
    me = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
    fs.mkdirSync(mine, { recursive: true });
    fs.writeFileSync(path.join(mine, "owner.json"), JSON.stringify(me) + "\n");
    try {
      fs.renameSync(mine, dir);
      break;
    } catch (e) {
      fs.rmSync(mine, { recursive: true, force: true });
      if (!["EEXIST", "ENOTEMPTY", "ENOENT"].includes(e.code)) throw e; // ENOENT: dist/ emptied by a full build meanwhile
    }
    let age;
    try {
      age = Date.now() - fs.statSync(dir).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    const owner = readOwner(dir);
    const stale = !owner
      ? age > 10_000 && "it names no owner"
      : owner.host === os.hostname() && !alive(owner.pid)
        ? `its owner, pid ${owner.pid}, is no longer running`
        : age > LOCK_STALE_MS && `it is ${Math.round(age / 60_000)} minutes old`;
    if (stale) {
      say(`taking over the build lock ${LOCK}: ${stale}`);
      remove("stale", owner);
      continue;
    }
    if (!waiting) say(`waiting for another build of the package (${owner ? `pid ${owner.pid}` : "owner unknown"}; lock ${LOCK})`);
    waiting = true;
    sleep(200);
  }
  try {
    return fn();
  } finally {
    remove("released", me);
  }
}

module.exports = {
  check,
  stage,
  record,
  invalidate,
  clean,
  withBuildLock,
  stagedEntries,
  stagedDifference,
  inputHashes,
  STAMP,
  LOCK,
  TSBUILDINFO,
};
