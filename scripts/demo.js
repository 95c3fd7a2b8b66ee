#!/usr/bin/env node
/**
 * `npm start`: the quickstart, end to end, on this machine.
 *
 * 1. Ensures the Pulumi engine (built from Go modules the first time, with progress).
 * 2. Starts the local Alibaba Cloud emulator (state in .pulumi-state/emulator.json, so re-runs
 *    see the same cloud).
 * 3. Runs the root project (examples/quickstart) with the policy pack: preview, up, and a preview
 *    that must show no changes.
 * 4. Prints what exists in the emulator: flow logs with id, status and SAGs; mirroring per region.
 * 5. Stops the emulator. Re-running is safe: the second run finds nothing to change.
 *
 * Nothing reaches Alibaba Cloud: the provider is pointed at the emulator with the demo key pair.
 *
 * `npm run demo:destroy` (`demo.js --destroy`) destroys the demo stack on the same emulator state
 * and removes the stack. `npm run emulator` runs `demo.js --build-only` before starting the emulator.
 *
 * Each first compiles the package (`--build-only` stops there), as far as something changed since
 * the last completed build and saying why (scripts/buildStamp.js decides, from content hashes in
 * dist/.build-stamp.json):
 * - nothing changed: no tsc, no policy-pack build, no staging (the step takes 0.08 s; before this
 *   skip, a second run spent 2.5 s compiling; medians of 3 on a shared 2-core machine);
 * - a source, tsconfig*.json or package.json edited or added: tsc in incremental mode (build info
 *   in dist/.tsbuildinfo; about 2.5 s), the policy pack, staging;
 * - dist/ not what the last build wrote (deleted, partial, edited, interrupted) or a source removed:
 *   the same from an empty dist/ (about 4 s); incremental tsc would not write a deleted output again;
 * - only the staged copy in node_modules differs: staging.
 * `--rebuild` forces the full build. A lock (dist/.build-lock) makes a second run at the same time
 * wait, then find the package built. `npm run build` always builds in full, without the lock.
 */
"use strict";
const { spawn, spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { resolveEngine, sayLine } = require("./ensure-engine");
const stamp = require("./buildStamp");

const REPO = path.resolve(__dirname, "..");
const STATE = path.join(REPO, ".pulumi-state");
const STACK = "demo";

function step(title) {
  process.stdout.write(`\n=== ${title}\n`);
}

function run(bin, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(bin, "pulumi"), [...args, "--non-interactive", "--color", "never"], {
      cwd: REPO,
      env,
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`pulumi ${args.join(" ")} exited ${code}`))));
  });
}

function capture(bin, args, env) {
  return new Promise((resolve) => {
    const child = spawn(path.join(bin, "pulumi"), args, { cwd: REPO, env, stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
  });
}

function summarize(state) {
  step("What exists in the emulator");
  process.stdout.write(`Flow logs: ${state.flowLogs.length}\n`);
  for (const f of state.flowLogs) {
    const sags = f.smartAGIds.join(", ") || "none";
    process.stdout.write(
      `  ${f.flowLogId}  ${f.name ?? ""}  region=${f.regionId}  status=${f.status}  output=${f.outputType}  SAGs=${sags}\n`,
    );
  }
  process.stdout.write(`Traffic mirroring:${state.trafficMirror.length === 0 ? " not enabled in any region" : ""}\n`);
  for (const m of state.trafficMirror) process.stdout.write(`  ${m.regionId}: ${m.enabled ? "enabled" : "not enabled"}\n`);
}

/**
 * Compiles the package when something it is built from changed (scripts/buildStamp.js decides:
 * nothing, staging only, incremental or full), saying what and why, and how long it took. Holds the
 * build lock, so a second `npm start` at the same time waits and then finds the package built.
 */
function build() {
  const started = Date.now();
  const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  stamp.withBuildLock(REPO, () => {
    const checking = Date.now();
    const { action, reason, inputs } = process.argv.includes("--rebuild")
      ? { ...stamp.check(REPO), action: "clean", reason: "--rebuild" }
      : stamp.check(REPO);
    if (action === "none") {
      step(`Compiling the package: up to date (${reason}; checked in ${Date.now() - checking} ms)`);
      return;
    }
    if (action === "stage") {
      step(`Compiling the package: up to date; staging it again (${reason})`);
      stamp.stage(REPO);
      stamp.record(REPO, inputs);
      process.stdout.write(`staged in ${seconds()}\n`);
      return;
    }
    // From here until record(), dist/ is not a completed build: a run killed half-way leaves no stamp.
    stamp.invalidate(REPO);
    if (action === "clean") stamp.clean(REPO);
    step(`Compiling the package (TypeScript, ${action === "clean" ? "full build" : "incremental"}: ${reason})`);
    const tsc = require.resolve("typescript/bin/tsc", { paths: [REPO] });
    const steps = [
      [tsc, "-p", path.join(REPO, "tsconfig.json"), "--incremental", "--tsBuildInfoFile", path.join(REPO, stamp.TSBUILDINFO)],
      [path.join(__dirname, "build-policy-pack.js")],
    ];
    let tscRan = false;
    try {
      for (const args of steps) {
        const r = spawnSync(process.execPath, args, { cwd: REPO, stdio: "inherit" });
        // tsc exits 2 when it emitted despite type errors: its outputs and build info still agree.
        if (args[0] === tsc) tscRan = r.status === 0 || r.status === 2;
        if (r.status !== 0) {
          const how = r.signal ? `was killed (${r.signal})` : `exited ${r.status}`;
          throw new Error(`compiling failed: node ${args.map((a) => path.relative(REPO, a) || a).join(" ")} ${how}`);
        }
      }
      stamp.stage(REPO);
    } catch (e) {
      // A build that ran to its end and failed leaves outputs an incremental build can start from;
      // anything else (tsc killed or crashed) leaves no stamp, so the next run builds in full.
      if (tscRan) stamp.record(REPO, null);
      throw e;
    }
    stamp.record(REPO, inputs);
    process.stdout.write(`compiled in ${seconds()}\n`);
  });
}

async function main() {
  build();
  if (process.argv.includes("--build-only")) return;
  step("Pulumi engine (toolchain.json; PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION overrides)");
  const engine = await resolveEngine();
  const bin = engine.dir;
  process.stdout.write(`${sayLine(engine)}\n`);

  step("Local Alibaba Cloud emulator");
  fs.mkdirSync(path.join(STATE, "backend"), { recursive: true });
  const { startEmulator, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET } = require(path.join(REPO, "dist", "emulator"));
  const emulator = await startEmulator({ port: 0, statePath: path.join(STATE, "emulator.json"), log: false });
  process.stdout.write(`listening on ${emulator.url} (state: .pulumi-state/emulator.json)\n`);

  const env = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    PULUMI_BACKEND_URL: process.env.PULUMI_BACKEND_URL || `file://${path.join(STATE, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "local-dev-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ALICLOUD_SMARTAG_ENDPOINT: emulator.url,
    ALICLOUD_VPC_ENDPOINT: emulator.url,
    ALICLOUD_ACCESS_KEY: DEMO_ACCESS_KEY_ID,
    ALICLOUD_SECRET_KEY: DEMO_ACCESS_KEY_SECRET,
    ALICLOUD_REGION: process.env.ALICLOUD_REGION || "cn-hangzhou",
  };
  const policy = ["--policy-pack", path.join(REPO, "policy-pack")];
  try {
    const stacks = await capture(bin, ["stack", "ls", "--json"], env);
    const exists = stacks.code === 0 && JSON.parse(stacks.out || "[]").some((s) => s.name === STACK);
    if (process.argv.includes("--destroy")) {
      if (!exists) {
        process.stdout.write(`no stack "${STACK}": nothing to destroy\n`);
        return;
      }
      await run(bin, ["stack", "select", STACK], env);
      step("pulumi destroy");
      await run(bin, ["destroy", "--yes", "--skip-preview"], env);
      await run(bin, ["stack", "rm", "--yes", STACK], env);
      summarize(emulator.state());
      return;
    }
    await run(bin, exists ? ["stack", "select", STACK] : ["stack", "init", STACK], env);

    step("pulumi preview (with the policy pack)");
    await run(bin, ["preview", ...policy], env);
    step("pulumi up");
    await run(bin, ["up", "--yes", "--skip-preview", ...policy], env);
    step("pulumi preview --expect-no-changes");
    await run(bin, ["preview", "--expect-no-changes", ...policy], env);
    step("Stack outputs");
    await run(bin, ["stack", "output"], env);
    summarize(emulator.state());
    process.stdout.write(`\nDone. Run \`npm start\` again: nothing changes. \`npm run demo:destroy\` destroys the demo stack.\n`);
  } finally {
    await emulator.close();
  }
}

main().catch((e) => {
  const what = process.argv.includes("--build-only")
    ? "compiling"
    : process.argv.includes("--destroy")
      ? "npm run demo:destroy"
      : "npm start";
  process.stderr.write(`\n${what} failed: ${e.message}\n`);
  process.exit(1);
});
