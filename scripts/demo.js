#!/usr/bin/env node
/**
 * `npm start`: the product, end to end, on this machine.
 *
 * 1. Ensures the Pulumi engine (built from Go modules the first time, with progress).
 * 2. Starts the local Alibaba Cloud emulator (state in .pulumi-state/emulator.json, so re-runs
 *    see the same cloud).
 * 3. Previews a change that breaks org policy (a public NetFlow collector, set in stack config the way a
 *    pull request would) with the policy pack: the preview must be stopped, with 0 API calls. The
 *    change is reverted.
 * 4. Runs the root project (examples/quickstart: a SAG flow log, a VPC flow log, traffic mirroring with
 *    a filter and a session) with the pack: up, then a preview that must show no changes.
 * 5. Prints what exists in the emulator and the API calls this run made, then stops the emulator.
 *    Re-running is safe: the second run changes nothing and makes no API call.
 *
 * Nothing reaches Alibaba Cloud: the provider is pointed at the emulator with the demo key pair.
 *
 * `npm run demo:destroy` (`demo.js --destroy`) destroys the demo stack on the same emulator state
 * and removes the stack. `npm run emulator` runs `demo.js --build-only` before starting the emulator.
 *
 * Each first compiles the package (`--build-only` stops there), as far as something changed since
 * the last completed build and saying why (scripts/buildStamp.js decides, from content hashes in
 * dist/.build-stamp.json):
 * - nothing changed: no tsc, no policy-pack build, no staging;
 * - a source, tsconfig*.json or package.json edited or added: tsc in incremental mode (build info
 *   in dist/.tsbuildinfo), the policy pack, staging;
 * - dist/ not what the last build wrote (deleted, partial, edited, interrupted) or a source removed:
 *   the same from an empty dist/; incremental tsc would not write a deleted output again;
 * - only the staged copy in node_modules differs: staging.
 * `--rebuild` forces the full build. A lock (dist/.build-lock) makes a second run at the same time
 * wait, then find the package built. `npm run build` always builds in full, without the lock.
 * (What each costs: docs/development.md.)
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
const STARTED = Date.now();
/** The violation the demo shows (TEST-NET-3: a public address that belongs to no one). */
const PUBLIC_COLLECTOR = "203.0.113.10";
const COLLECTOR_POLICY = "flowlog-private-netflow-collector";

function step(title) {
  process.stdout.write(`\n=== ${title}\n`);
}

/** Runs pulumi with its output shown; resolves to its exit code and what it printed. */
function pulumi(bin, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(bin, "pulumi"), [...args, "--non-interactive", "--color", "never"], {
      cwd: REPO,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on("data", (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

async function run(bin, args, env) {
  const r = await pulumi(bin, args, env);
  if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}`);
  return r;
}

function capture(bin, args, env) {
  return new Promise((resolve) => {
    const child = spawn(path.join(bin, "pulumi"), args, { cwd: REPO, env, stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
  });
}

/** "3 CreateFlowLog, 2 ListTrafficMirrorFilters, ..." (most frequent first), or "none". */
function callCounts(journal) {
  const counts = new Map();
  for (const e of journal) counts.set(e.action ?? "?", (counts.get(e.action ?? "?") ?? 0) + 1);
  const parts = [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([a, n]) => `${n} ${a}`);
  return parts.length === 0 ? "none" : parts.join(", ");
}

function summarize(state, journal) {
  step("What exists in the emulator");
  const say = (line) => process.stdout.write(`${line}\n`);
  say(`SAG flow logs: ${state.flowLogs.length}`);
  for (const f of state.flowLogs) {
    const sags = f.smartAGIds.join(", ") || "none";
    say(`  ${f.flowLogId}  ${f.name ?? ""}  region=${f.regionId}  status=${f.status}  output=${f.outputType}  SAGs=${sags}`);
  }
  const vpcFlowLogs = state.vpcFlowLogs.flatMap((r) => r.flowLogs ?? []);
  say(
    `VPC flow logs: ${vpcFlowLogs.length} (service enabled in: ${
      state.vpcFlowLogs
        .filter((r) => r.enabled)
        .map((r) => r.regionId)
        .join(", ") || "no region"
    })`,
  );
  for (const f of vpcFlowLogs) {
    say(
      `  ${f.flowLogId}  ${f.name ?? ""}  region=${f.regionId}  ${f.resourceType} ${f.resourceId}  status=${f.status}  to SLS ${f.projectName}/${f.logStoreName}`,
    );
  }
  say(`Traffic mirroring:${state.trafficMirror.length === 0 ? " not enabled in any region" : ""}`);
  for (const m of state.trafficMirror) {
    say(`  ${m.regionId}: ${m.enabled ? "enabled" : "not enabled"}`);
    for (const f of m.filters ?? []) {
      const n = (d) => f.rules.filter((r) => r.trafficDirection === d).length;
      say(`    filter  ${f.trafficMirrorFilterId}  ${n("ingress")} ingress and ${n("egress")} egress rules`);
    }
    for (const t of m.sessions ?? []) {
      say(
        `    session ${t.trafficMirrorSessionId}  ${t.sourceIds.join(", ")} -> ${t.targetId} through ${t.filterId}  ` +
          `priority=${t.priority}  ${t.enabled ? "enabled" : "disabled"}`,
      );
    }
  }
  say(`API calls this run: ${journal.length}${journal.length ? ` (${callCounts(journal)})` : ""}`);
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
      emulator.clearJournal();
      await run(bin, ["destroy", "--yes", "--skip-preview"], env);
      await run(bin, ["stack", "rm", "--yes", STACK], env);
      summarize(emulator.state(), emulator.journal());
      return;
    }
    await run(bin, exists ? ["stack", "select", STACK] : ["stack", "init", STACK], env);

    step(
      `A change that breaks org policy: a public NetFlow collector (stack config netflowCollector=${PUBLIC_COLLECTOR}), previewed with the policy pack`,
    );
    emulator.clearJournal();
    await run(bin, ["config", "set", "netflowCollector", PUBLIC_COLLECTOR], env);
    let stopped;
    try {
      stopped = await pulumi(bin, ["preview", ...policy], env);
    } finally {
      await run(bin, ["config", "rm", "netflowCollector"], env);
    }
    const calls = emulator.journal().length;
    if (stopped.code === 0 || !stopped.out.includes(COLLECTOR_POLICY)) {
      throw new Error(`the policy pack did not stop the preview of a public NetFlow collector (exit ${stopped.code})`);
    }
    process.stdout.write(
      `\n-> Stopped at preview by ${COLLECTOR_POLICY} (mandatory), with ${calls} API calls: nothing reached the cloud. ` +
        "The change is reverted (pulumi config rm netflowCollector).\n",
    );

    emulator.clearJournal();
    step("pulumi up (the compliant program, with the policy pack)");
    await run(bin, ["up", "--yes", ...policy], env);
    step("pulumi preview --expect-no-changes");
    await run(bin, ["preview", "--expect-no-changes", ...policy], env);
    step("Stack outputs");
    await run(bin, ["stack", "output"], env);
    summarize(emulator.state(), emulator.journal());
    const seconds = ((Date.now() - STARTED) / 1000).toFixed(0);
    process.stdout.write(
      `\nDone in ${seconds} s. Run \`npm start\` again: nothing changes. \`npm run demo:destroy\` destroys the demo stack.\n`,
    );
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
