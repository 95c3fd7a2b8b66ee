#!/usr/bin/env node
/**
 * Makes the pinned Pulumi engine available and prints the directory that holds it.
 *
 *   node scripts/ensure-engine.js            # build or reuse, print the bin dir
 *   node scripts/ensure-engine.js --quiet    # no progress output
 *
 * Order of preference:
 * 1. A suitable engine on PATH: `pulumi version` is v3.248.0 and `pulumi-language-nodejs` sits
 *    beside it or on PATH. (`PULUMI_ALICLOUD_TRAFFIC_USE_PATH=0` skips this.)
 * 2. The cache: `$PULUMI_ALICLOUD_TRAFFIC_ENGINE_CACHE` or `${XDG_CACHE_HOME:-~/.cache}/pulumi-alicloud-traffic`,
 *    one folder per version and hash of tools/pulumi-engine (go.mod, go.sum, Go sources).
 * 3. A build from the Go module proxy through the wrapper module in tools/pulumi-engine: the CLI
 *    (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v3.248.0) and our Node language host
 *    (tools/pulumi-engine/cmd/pulumi-language-nodejs; the upstream module is not on the proxy).
 *    `pulumi-resource-pulumi-nodejs` is copied from node_modules/@pulumi/pulumi.
 * Nothing built is ever written into the repository.
 */
"use strict";
const { spawnSync, spawn } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");

const VERSION = "3.248.0";
const REPO = path.resolve(__dirname, "..");
const TOOLS = path.join(REPO, "tools", "pulumi-engine");
const LDFLAGS = `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${VERSION}`;
const TAGS = "osusergo,grpcnotrace";

function cacheRoot() {
  if (process.env.PULUMI_ALICLOUD_TRAFFIC_ENGINE_CACHE) return process.env.PULUMI_ALICLOUD_TRAFFIC_ENGINE_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "pulumi-alicloud-traffic");
}

/** Hash of everything that decides the binaries: the wrapper's go.mod/go.sum and our Go sources. */
function sourceHash() {
  const h = crypto.createHash("sha256");
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(go|mod|sum)$/.test(entry.name)) h.update(path.relative(TOOLS, p)).update(fs.readFileSync(p));
    }
  };
  walk(TOOLS);
  return h.digest("hex").slice(0, 12);
}

function nodejsDynamicScript() {
  const p = path.join(REPO, "node_modules", "@pulumi", "pulumi", "pulumi-resource-pulumi-nodejs");
  if (!fs.existsSync(p)) fail(`${p} is missing: run \`npm install\` in ${REPO} first.`);
  return p;
}

function fail(message) {
  process.stderr.write(`ensure-engine: ${message}\n`);
  process.exit(1);
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

function fromPath() {
  if (process.env.PULUMI_ALICLOUD_TRAFFIC_USE_PATH === "0") return undefined;
  const pulumi = which("pulumi");
  if (!pulumi) return undefined;
  const r = spawnSync(pulumi, ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
  if (r.status !== 0 || r.stdout.trim() !== `v${VERSION}`) return undefined;
  const dir = path.dirname(fs.realpathSync(pulumi));
  if (!fs.existsSync(path.join(dir, "pulumi-language-nodejs")) && !which("pulumi-language-nodejs")) return undefined;
  return dir;
}

function isComplete(dir) {
  return ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs", ".complete"].every((f) => fs.existsSync(path.join(dir, f)));
}

/** A lock folder so that parallel test workers build once; stale after 30 minutes. */
async function withLock(lockDir, fn) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      const age = Date.now() - fs.statSync(lockDir).mtimeMs;
      if (age > 30 * 60_000) fs.rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() - started > 45 * 60_000) fail(`timed out waiting for another engine build (lock ${lockDir})`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Runs `go build -v`, printing a progress line every 15 s (packages compiled so far). */
function goBuild(args, env, quiet, label) {
  const t0 = Date.now();
  if (!quiet) process.stderr.write(`ensure-engine: building ${label} ...\n`);
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
      : setInterval(() => process.stderr.write(`ensure-engine:   ${label}: ${packages} packages compiled, ${Math.round((Date.now() - t0) / 1000)} s\n`), 15_000);
    child.on("error", (e) => fail(`could not run go: ${e.message}`));
    child.on("close", (code) => {
      if (ticker) clearInterval(ticker);
      if (code !== 0) {
        process.stderr.write(tail);
        fail(`building ${label} failed (go ${args.join(" ")} exited ${code}); see the output above.`);
      }
      if (!quiet) process.stderr.write(`ensure-engine: ${label} built in ${Math.round((Date.now() - t0) / 1000)} s\n`);
      resolve();
    });
  });
}

async function build(target, quiet) {
  const go = which("go");
  if (!go) {
    fail(
      `no Pulumi engine v${VERSION} found on PATH and no Go toolchain to build one.\n` +
        `Install Go >= 1.25 (https://go.dev/dl/) so this script can build the engine from the Go module proxy, ` +
        `or put pulumi v${VERSION} and pulumi-language-nodejs on PATH.`,
    );
  }
  const tmp = `${target}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const env = {
    ...process.env,
    GOTOOLCHAIN: "local",
    CGO_ENABLED: "0",
    // go.sum (committed) pins every module; the checksum database is not reachable offline.
    GOSUMDB: "off",
    GOFLAGS: "-mod=readonly",
  };
  const t0 = Date.now();
  if (!quiet) process.stderr.write(`ensure-engine: first run: building Pulumi engine v${VERSION} from Go modules (several minutes; cached afterwards in ${path.dirname(target)})\n`);
  await goBuild(["build", "-trimpath", "-tags", TAGS, "-ldflags", LDFLAGS, "-o", path.join(tmp, "pulumi"), "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"], env, quiet, "pulumi CLI");
  await goBuild(["build", "-trimpath", "-tags", TAGS, "-ldflags", LDFLAGS, "-o", path.join(tmp, "pulumi-language-nodejs"), "./cmd/pulumi-language-nodejs"], env, quiet, "pulumi-language-nodejs");
  fs.copyFileSync(nodejsDynamicScript(), path.join(tmp, "pulumi-resource-pulumi-nodejs"));
  fs.chmodSync(path.join(tmp, "pulumi-resource-pulumi-nodejs"), 0o755);
  const seconds = Math.round((Date.now() - t0) / 1000);
  fs.writeFileSync(path.join(tmp, ".complete"), JSON.stringify({ version: VERSION, builtAt: new Date().toISOString(), seconds }) + "\n");
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(tmp, target);
  if (!quiet) process.stderr.write(`ensure-engine: engine ready in ${target} (${seconds} s)\n`);
}

/** Resolves to the directory holding pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs. */
async function ensureEngine({ quiet = false } = {}) {
  const onPath = fromPath();
  if (onPath) return onPath;
  const target = path.join(cacheRoot(), `engine-v${VERSION}-${sourceHash()}`);
  if (isComplete(target)) return target;
  await withLock(`${target}.lock`, async () => {
    if (!isComplete(target)) await build(target, quiet);
  });
  return target;
}

module.exports = { ensureEngine, VERSION };

if (require.main === module) {
  ensureEngine({ quiet: process.argv.includes("--quiet") }).then((dir) => process.stdout.write(`${dir}\n`));
}
