/**
 * `npm run bench`: the performance goals, measured through the real engine against the emulator.
 *
 * - API calls (emulator journal) and wall time (median of repeats) for preview, clean create
 *   (up), no-op up, refresh and destroy, at N = 1, 50, 200 flow logs;
 * - serialized `__provider` bytes and state bytes per resource;
 * - `up` of 100 flow logs under 30% throttling vs clean;
 * - policy packs: preview without a pack, with a no-op JS pack and with ours at every N, and the
 *   packs' start-up split by module (bench/packStartup.ts);
 * - emulator throughput and p99 with 16 concurrent signed clients (bench/emulator.ts);
 * - ours against the FLOOR (bench/floor/: the same number of trivial dynamic resources, same
 *   keys, provider required by package name, create returns its inputs, no I/O), side by side and
 *   alternating, for preview, up, no-op preview, refresh and destroy: medians and ratios;
 * - VPC flow logs (test/programs/vpcflowlogs: N vpc.FlowLog and their vpc.FlowLogService) at every N:
 *   the calls of preview, clean create, refresh and destroy, with the waits' polls and the service's
 *   calls counted apart from the goal's calls.
 *
 * Writes bench/results/latest.md and bench/results/<timestamp>.json. Options (env):
 * BENCH_SIZES (default "1,50,200"), BENCH_REPEATS (default 3), BENCH_SKIP (comma list of
 * sections: lifecycle, sizes, throttle, policy, emulator, floor, vpc).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO, Workspace, resourcesOfType } from "../test/support/pulumi";
import { Emulator, actions, providerEnv, startTestEmulator } from "../test/support/emulatorEnv";
import { benchEmulator } from "./emulator";
import { packStartup, startupTable } from "./packStartup";
import { stageFloorProvider } from "./floorStage";
import { isListing, isLookup } from "../test/support/vpcFlowLogTruth";

const SIZES = (process.env.BENCH_SIZES ?? "1,50,200").split(",").map(Number);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const SKIP = new Set((process.env.BENCH_SKIP ?? "").split(",").filter(Boolean));
const OUT = path.join(REPO, "bench", "results");
/** The pack as users run it: the compiled copy in the installed package (staged by `npm run build`). */
const POLICY_PACK = path.join(REPO, "node_modules", "pulumi-alicloud-traffic", "policy-pack");

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

interface Measure {
  calls: number;
  ms: number;
}

async function measure(emulator: Emulator, ws: Workspace, args: string[]): Promise<Measure> {
  emulator.clearJournal();
  const r = await ws.ok(args);
  return { calls: actions(emulator).length, ms: r.ms };
}

type Op = "preview" | "create" | "noopUp" | "refresh" | "destroy";
const OPS: Record<Op, string[]> = {
  preview: ["preview"],
  create: ["up", "--yes", "--skip-preview"],
  noopUp: ["up", "--yes", "--skip-preview"],
  refresh: ["refresh", "--yes", "--skip-preview"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};

async function lifecycle(n: number) {
  const emulator = await startTestEmulator();
  const ws = new Workspace(`bench-${n}`, { from: "test/programs/flowlogs", env: providerEnv(emulator) });
  const samples: Record<Op, Measure[]> = { preview: [], create: [], noopUp: [], refresh: [], destroy: [] };
  let providerBytes = 0;
  let stateBytesPerResource = 0;
  try {
    await ws.init({ count: String(n) });
    for (let i = 0; i < REPEATS; i++) {
      for (const op of Object.keys(OPS) as Op[]) {
        const m = await measure(emulator, ws, OPS[op]);
        samples[op].push(m);
        if (op === "create" && i === 0) {
          const checkpoint = JSON.parse(fs.readFileSync(ws.stateFile(), "utf8"));
          const flowLogs = resourcesOfType(checkpoint, "pulumi-nodejs:dynamic/sag:FlowLog");
          providerBytes = Buffer.byteLength(flowLogs[0].outputs.__provider);
          stateBytesPerResource = Math.round(fs.statSync(ws.stateFile()).size / Math.max(1, flowLogs.length));
        }
      }
      const perOp = (Object.keys(OPS) as Op[]).map((op) => `${op} ${samples[op][i].calls} calls ${samples[op][i].ms} ms`);
      log(`N=${n} round ${i + 1}/${REPEATS}: ${perOp.join(", ")}`);
    }
  } finally {
    await emulator.close();
    ws.cleanup();
  }
  const summary = Object.fromEntries(
    (Object.keys(OPS) as Op[]).map((op) => [
      op,
      { calls: median(samples[op].map((s) => s.calls)), ms: median(samples[op].map((s) => s.ms)) },
    ]),
  ) as Record<Op, Measure>;
  return { n, ...summary, providerBytes, stateBytesPerResource };
}

async function throttled() {
  const run = async (rate: number) => {
    const emulator = await startTestEmulator({ seed: 42 });
    const ws = new Workspace(`bench-throttle-${rate}`, { from: "test/programs/flowlogs", env: providerEnv(emulator) });
    try {
      await ws.init({ count: "100" });
      if (rate > 0) emulator.injectFault({ action: "*", kind: "throttling", rate });
      const up = await measure(emulator, ws, OPS.create);
      const injected = emulator.faults()[0]?.injected ?? 0;
      emulator.clearFaults();
      await ws.ok(OPS.destroy);
      return { ...up, injected };
    } finally {
      await emulator.close();
      ws.cleanup();
    }
  };
  const clean: number[] = [];
  const slow: number[] = [];
  let injected = 0;
  for (let i = 0; i < Math.max(2, REPEATS - 1); i++) {
    clean.push((await run(0)).ms);
    const t = await run(0.3);
    slow.push(t.ms);
    injected += t.injected;
    log(`throttle round ${i + 1}: clean ${clean[i]} ms, 30% throttled ${slow[i]} ms`);
  }
  return { cleanMs: median(clean), throttledMs: median(slow), ratio: median(slow) / median(clean), throttledResponses: injected };
}

/**
 * A pack with one no-op policy, in plain JS: what any policy pack costs on this engine (pack
 * start-up, and the engine's per-resource analyzer calls, which it makes one resource at a time).
 */
function writeNoopPack(): string {
  const dir = path.join(REPO, ".tmp", "bench-noop-pack");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "noop-pack", version: "0.0.1", main: "index.js" }));
  fs.writeFileSync(
    path.join(dir, "index.js"),
    'const { PolicyPack } = require("@pulumi/policy");\n' +
      'new PolicyPack("noop", { policies: [{ name: "noop", description: "does nothing", enforcementLevel: "advisory", ' +
      "validateResource: () => {} }] });\n",
  );
  return dir;
}

type FloorOp = "preview" | "up" | "noopPreview" | "refresh" | "destroy";
const FLOOR_OPS: Record<FloorOp, string[]> = {
  preview: ["preview"],
  up: ["up", "--yes", "--skip-preview"],
  noopPreview: ["preview"],
  refresh: ["refresh", "--yes", "--skip-preview"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};
const FLOOR_LABELS: Record<FloorOp, string> = {
  preview: "preview (fresh)",
  up: "up (create)",
  noopPreview: "preview after up",
  refresh: "refresh",
  destroy: "destroy",
};

/**
 * Ours (test/programs/flowlogs) and the floor (bench/floor/program) at N resources: each
 * operation runs on both, one right after the other, the order swapped every round, so load on
 * the machine hits both alike. Medians per operation and the ratio ours / floor.
 */
async function floorComparison(n: number) {
  const emulator = await startTestEmulator();
  const env = providerEnv(emulator);
  const ours = new Workspace(`bench-ours-${n}`, { from: "test/programs/flowlogs", env });
  const floor = new Workspace(`bench-floor-${n}`, { from: "bench/floor/program", env });
  const ops = Object.keys(FLOOR_OPS) as FloorOp[];
  const ms = { ours: {} as Record<FloorOp, number[]>, floor: {} as Record<FloorOp, number[]> };
  const calls = {} as Record<FloorOp, number[]>;
  // CPU of this process (the emulator answering, plus driving the engine, which both sides cost alike).
  const cpu = { ours: {} as Record<FloorOp, number[]>, floor: {} as Record<FloorOp, number[]> };
  for (const op of ops) {
    ms.ours[op] = [];
    ms.floor[op] = [];
    calls[op] = [];
    cpu.ours[op] = [];
    cpu.floor[op] = [];
  }
  const cpuMs = async (side: "ours" | "floor", op: FloorOp, run: () => Promise<void>) => {
    const start = process.cpuUsage();
    await run();
    const used = process.cpuUsage(start);
    cpu[side][op].push((used.user + used.system) / 1000);
  };
  try {
    await ours.init({ count: String(n) });
    await floor.init({ count: String(n) });
    for (let i = 0; i < REPEATS; i++) {
      for (const op of ops) {
        const runOurs = async () => {
          emulator.clearJournal();
          await cpuMs("ours", op, async () => void ms.ours[op].push((await ours.ok(FLOOR_OPS[op])).ms));
          calls[op].push(actions(emulator).length);
        };
        const runFloor = () => cpuMs("floor", op, async () => void ms.floor[op].push((await floor.ok(FLOOR_OPS[op])).ms));
        if (i % 2 === 0) {
          await runOurs();
          await runFloor();
        } else {
          await runFloor();
          await runOurs();
        }
      }
      log(`floor N=${n} round ${i + 1}/${REPEATS}: ${ops.map((op) => `${op} ${ms.ours[op][i]}/${ms.floor[op][i]} ms`).join(", ")}`);
    }
  } finally {
    await emulator.close();
    ours.cleanup();
    floor.cleanup();
  }
  return Object.fromEntries(
    ops.map((op) => {
      const o = median(ms.ours[op]);
      const f = median(ms.floor[op]);
      const emulatorMs = Math.max(0, median(cpu.ours[op]) - median(cpu.floor[op]));
      return [
        op,
        { oursMs: o, floorMs: f, ratio: o / f, calls: median(calls[op]), emulatorMs, oursRuns: ms.ours[op], floorRuns: ms.floor[op] },
      ];
    }),
  ) as Record<
    FloorOp,
    { oursMs: number; floorMs: number; ratio: number; calls: number; emulatorMs: number; oursRuns: number[]; floorRuns: number[] }
  >;
}

type VpcOp = "preview" | "create" | "noopPreview" | "refresh" | "destroy";
const VPC_OPS: Record<VpcOp, string[]> = {
  preview: ["preview"],
  create: ["up", "--yes", "--skip-preview"],
  noopPreview: ["preview"],
  refresh: ["refresh", "--yes", "--skip-preview"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};

/** One VPC flow-log operation's calls by kind (emulator journal). */
interface VpcMeasure {
  ms: number;
  total: number;
  /** CreateFlowLog / DeleteFlowLog: one per flow log is the goal. */
  writes: number;
  /** DescribeFlowLogs of the whole region (listing pages). */
  listing: number;
  /** DescribeFlowLogs by id: the waits (Activating / Deleting) and lookups. */
  polls: number;
  /** GetFlowLogServiceStatus / OpenFlowLogService. */
  service: number;
  /** Anything else (none expected). */
  other: number;
}

/**
 * VPC flow logs at N: preview, clean create, preview after it, refresh (`--skip-preview`) and destroy,
 * REPEATS rounds, one emulator (with its default 300 ms transitions) whose region stays opened after the
 * first round. The goals: a clean create in ≤ N + ⌈N/50⌉ calls beyond the waits (the CreateFlowLog and
 * the listing; the waits' polls and the service's calls are counted apart), a refresh of 200 in ≤ 5
 * calls, previews 0.
 */
async function vpcFlowLogs(n: number) {
  const emulator = await startTestEmulator();
  const ws = new Workspace(`bench-vpc-${n}`, { from: "test/programs/vpcflowlogs", env: providerEnv(emulator) });
  const ops = Object.keys(VPC_OPS) as VpcOp[];
  const samples = Object.fromEntries(ops.map((op) => [op, [] as VpcMeasure[]])) as Record<VpcOp, VpcMeasure[]>;
  try {
    await ws.init({ count: String(n) });
    for (let i = 0; i < REPEATS; i++) {
      for (const op of ops) {
        emulator.clearJournal();
        const r = await ws.ok(VPC_OPS[op]);
        const journal = emulator.journal();
        const writes = journal.filter((e) => e.action === "CreateFlowLog" || e.action === "DeleteFlowLog").length;
        const listing = journal.filter(isListing).length;
        const polls = journal.filter(isLookup).length;
        const service = journal.filter((e) => /FlowLogService/.test(e.action ?? "")).length;
        samples[op].push({
          ms: r.ms,
          total: journal.length,
          writes,
          listing,
          polls,
          service,
          other: journal.length - writes - listing - polls - service,
        });
      }
      log(
        `vpc N=${n} round ${i + 1}/${REPEATS}: ${ops.map((op) => `${op} ${samples[op][i].total} calls ${samples[op][i].ms} ms`).join(", ")}`,
      );
    }
  } finally {
    await emulator.close();
    ws.cleanup();
  }
  const med = (op: VpcOp) => {
    const xs = samples[op];
    const m = (k: keyof VpcMeasure) => median(xs.map((x) => x[k]));
    return {
      ms: m("ms"),
      total: m("total"),
      writes: m("writes"),
      listing: m("listing"),
      polls: m("polls"),
      service: m("service"),
      other: m("other"),
    };
  };
  // The first round's create opens the service; later rounds find it open.
  const firstCreate = samples.create[0];
  return { n, ...(Object.fromEntries(ops.map((op) => [op, med(op)])) as Record<VpcOp, VpcMeasure>), firstCreate };
}

type PackCase = "none" | "noop" | "ours";

/**
 * Preview of N flow logs without a pack, with the no-op pack and with ours, alternating in each
 * round (so load on the machine hits all three alike), at every size; then the packs' start-up
 * split by module (bench/packStartup.ts).
 */
async function policyOverhead() {
  const noopPack = writeNoopPack();
  const packs: Record<PackCase, string[]> = { none: [], noop: ["--policy-pack", noopPack], ours: ["--policy-pack", POLICY_PACK] };
  const sizes = [];
  for (const n of SIZES) {
    const emulator = await startTestEmulator();
    const ws = new Workspace(`bench-policy-${n}`, { from: "test/programs/flowlogs", env: providerEnv(emulator) });
    try {
      await ws.init({ count: String(n) });
      const ms: Record<PackCase, number[]> = { none: [], noop: [], ours: [] };
      for (let i = 0; i < REPEATS; i++) {
        for (const c of Object.keys(packs) as PackCase[]) ms[c].push((await ws.ok(["preview", ...packs[c]])).ms);
        log(`policy N=${n} round ${i + 1}/${REPEATS}: no pack ${ms.none[i]} ms, no-op pack ${ms.noop[i]} ms, our pack ${ms.ours[i]} ms`);
      }
      const m = { none: median(ms.none), noop: median(ms.noop), ours: median(ms.ours) };
      sizes.push({
        n,
        noneMs: m.none,
        noopMs: m.noop,
        oursMs: m.ours,
        oursVsNoop: m.ours / m.noop,
        noopVsNone: m.noop / m.none,
        oursVsNone: m.ours / m.none,
      });
    } finally {
      await emulator.close();
      ws.cleanup();
    }
  }
  // Fixed and per-resource cost of a pack: a line through the (N, extra ms) points, smallest and largest N.
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  const perResource = (c: "noopMs" | "oursMs") =>
    large.n > small.n ? (large[c] - large.noneMs - (small[c] - small.noneMs)) / (large.n - small.n) : NaN;
  const fixed = (c: "noopMs" | "oursMs") => small[c] - small.noneMs - perResource(c) * small.n;
  log("policy-pack start-up split");
  const startup = [
    await packStartup("no-op JS pack", noopPack, REPEATS),
    await packStartup("alicloud-traffic-policies", POLICY_PACK, REPEATS),
  ];
  return {
    sizes,
    cost: {
      noop: { fixedMs: fixed("noopMs"), perResourceMs: perResource("noopMs") },
      ours: { fixedMs: fixed("oursMs"), perResourceMs: perResource("oursMs") },
    },
    startup,
  };
}

function markdown(results: any): string {
  const lines: string[] = [];
  lines.push(`# Benchmark results`, ``, `${results.when} on ${results.machine}; medians of ${REPEATS} runs.`, ``);
  if (results.lifecycle) {
    lines.push(`## API calls and wall time per operation`, ``);
    lines.push(`| N | preview | clean create (up) | no-op up | refresh | destroy |`, `| --- | --- | --- | --- | --- | --- |`);
    for (const r of results.lifecycle) {
      const cell = (m: Measure) => `${m.calls} calls, ${(m.ms / 1000).toFixed(1)} s`;
      lines.push(`| ${r.n} | ${cell(r.preview)} | ${cell(r.create)} | ${cell(r.noopUp)} | ${cell(r.refresh)} | ${cell(r.destroy)} |`);
    }
    const small = results.lifecycle[0];
    const large = results.lifecycle[results.lifecycle.length - 1];
    if (small && large && large.n > small.n) {
      lines.push(
        ``,
        `Growth from N=${small.n} to N=${large.n} (wall time ratio): ` +
          (Object.keys(OPS) as Op[]).map((op) => `${op} ${(large[op].ms / small[op].ms).toFixed(1)}×`).join(", "),
      );
    }
    lines.push(``, `## State size`, ``, `| N | \`__provider\` bytes per copy | state bytes per resource |`, `| --- | --- | --- |`);
    for (const r of results.lifecycle) lines.push(`| ${r.n} | ${r.providerBytes} | ${r.stateBytesPerResource} |`);
  }
  if (results.vpc) {
    lines.push(
      ``,
      `## VPC flow logs: API calls per operation`,
      ``,
      `test/programs/vpcflowlogs: N \`vpc.FlowLog\` depending on one \`vpc.FlowLogService\`, against the emulator (flow logs stay ` +
        `Activating / Deleting for its default 300 ms). "goal calls" are the CreateFlowLog / DeleteFlowLog and the listing pages ` +
        `(DescribeFlowLogs of the region); the waits' polls (DescribeFlowLogs by id until Active, or gone) and the service's calls ` +
        `(GetFlowLogServiceStatus, OpenFlowLogService) are counted apart. Medians of ${REPEATS}.`,
      ``,
      `| N | preview | clean create: goal calls (goal ≤ N + ⌈N/50⌉) | create: polls + service | preview after up | refresh (goal ≤ 5 at N = 200) | destroy: goal calls | destroy: polls |`,
      `| --- | --- | --- | --- | --- | --- | --- | --- |`,
    );
    for (const r of results.vpc) {
      const sec = (m: VpcMeasure) => `${(m.ms / 1000).toFixed(1)} s`;
      const goal = r.n + Math.ceil(r.n / 50);
      const created = r.create.writes + r.create.listing;
      lines.push(
        `| ${r.n} | ${r.preview.total} calls, ${sec(r.preview)} | **${created}** (${r.create.writes} CreateFlowLog + ${r.create.listing} listing; ` +
          `${created <= goal ? "met" : "NOT met"}), ${sec(r.create)} | ${r.create.polls} polls + ${r.create.service} service ` +
          `(first round: ${r.firstCreate.service}) | ${r.noopPreview.total} calls | **${r.refresh.total}** (${r.refresh.listing} listing + ` +
          `${r.refresh.polls} by id + ${r.refresh.service} service), ${sec(r.refresh)} | ${r.destroy.writes + r.destroy.listing} ` +
          `(${r.destroy.writes} DeleteFlowLog + ${r.destroy.listing} listing), ${sec(r.destroy)} | ${r.destroy.polls} |`,
      );
    }
  }
  if (results.floor) {
    lines.push(
      ``,
      `## Ours against the floor (ratio ours / floor, goal ≤ 1.10 at N = 200)`,
      ``,
      `Floor: \`bench/floor/\`, N trivial dynamic resources with the same keys as a sag.FlowLog, provider required by package name, ` +
        `create returns its inputs, no I/O. ` +
        `Each operation ran on both, one after the other, order swapped every round; medians of ${REPEATS}. ` +
        `Ours also has its hidden \`alicloud-traffic-state\` resource. "emulator" is the CPU the emulator spent answering ` +
        `ours' calls, on the same 2 cores (a real cloud answers on its own machines).`,
      ``,
      `| op | ${results.floor.map((r: any) => `N=${r.n}`).join(" | ")} |`,
      `| --- |${results.floor.map(() => " --- |").join("")}`,
    );
    for (const op of Object.keys(FLOOR_OPS) as FloorOp[]) {
      const cell = (r: any) =>
        `**${r[op].ratio.toFixed(2)}×** ` +
        `(${(r[op].oursMs / 1000).toFixed(2)} s / ${(r[op].floorMs / 1000).toFixed(2)} s, ${r[op].calls} calls` +
        `${r[op].calls > 0 ? `, emulator ${Math.round(r[op].emulatorMs)} ms` : ""})`;
      lines.push(`| ${FLOOR_LABELS[op]} | ${results.floor.map(cell).join(" | ")} |`);
    }
  }
  if (results.throttle) {
    const t = results.throttle;
    lines.push(
      ``,
      `## up of 100 flow logs under 30% throttling`,
      ``,
      `clean ${(t.cleanMs / 1000).toFixed(1)} s, throttled ${(t.throttledMs / 1000).toFixed(1)} s, ` +
        `ratio **${t.ratio.toFixed(2)}×** (goal ≤ 2×); ` +
        `${t.throttledResponses} throttled responses in all runs.`,
    );
  }
  if (results.policy) {
    const p = results.policy;
    const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    lines.push(
      ``,
      `## Policy packs: preview without a pack, with a no-op JS pack and with alicloud-traffic-policies`,
      ``,
      `| N | no pack | no-op JS pack | alicloud-traffic-policies | ours / no-op (goal ≤ 1.05) | no-op / no pack | ours / no pack |`,
      `| --- | --- | --- | --- | --- | --- | --- |`,
    );
    for (const r of p.sizes) {
      lines.push(
        `| ${r.n} | ${sec(r.noneMs)} | ${sec(r.noopMs)} | ${sec(r.oursMs)} | ` +
          `**${r.oursVsNoop.toFixed(2)}×** | ${r.noopVsNone.toFixed(2)}× | ${r.oursVsNone.toFixed(2)}× |`,
      );
    }
    const c = p.cost;
    if (Number.isFinite(c.ours.perResourceMs)) {
      lines.push(
        ``,
        `Cost of a pack over no pack (a line through the smallest and largest N): no-op pack ${sec(c.noop.fixedMs)} fixed + ` +
          `${c.noop.perResourceMs.toFixed(1)} ms per resource; ` +
          `alicloud-traffic-policies ${sec(c.ours.fixedMs)} fixed + ${c.ours.perResourceMs.toFixed(1)} ms per resource.`,
      );
    }
    lines.push(``, `### Pack start-up, split by module (\`bench/packStartup.ts\`, medians of ${REPEATS})`, ``, ...startupTable(p.startup));
  }
  if (results.emulator) {
    lines.push(
      ``,
      `## Emulator throughput, 16 concurrent signed clients`,
      ``,
      `| action | requests | req/s | p50 ms | p99 ms |`,
      `| --- | --- | --- | --- | --- |`,
    );
    for (const e of results.emulator)
      lines.push(`| ${e.action} | ${e.requests} | ${Math.round(e.rps)} | ${e.p50Ms.toFixed(2)} | ${e.p99Ms.toFixed(2)} |`);
    lines.push(``, `Goal: ≥ 2000 req/s with p99 < 20 ms.`);
  }
  return lines.join("\n") + "\n";
}

async function main() {
  const results: any = {
    when: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    repeats: REPEATS,
  };
  if (!SKIP.has("emulator")) {
    log("emulator throughput");
    results.emulator = await benchEmulator({ concurrency: 16 });
  }
  if (!SKIP.has("lifecycle")) {
    results.lifecycle = [];
    for (const n of SIZES) {
      log(`lifecycle N=${n}`);
      results.lifecycle.push(await lifecycle(n));
    }
  }
  if (!SKIP.has("vpc")) {
    results.vpc = [];
    for (const n of SIZES) {
      log(`VPC flow logs N=${n}`);
      results.vpc.push(await vpcFlowLogs(n));
    }
  }
  if (!SKIP.has("floor")) {
    stageFloorProvider();
    results.floor = [];
    for (const n of SIZES) {
      log(`ours against the floor N=${n}`);
      results.floor.push({ n, ...(await floorComparison(n)) });
    }
  }
  if (!SKIP.has("throttle")) {
    log("throttling");
    results.throttle = await throttled();
  }
  if (!SKIP.has("policy")) {
    log("policy-pack overhead");
    results.policy = await policyOverhead();
  }
  fs.mkdirSync(OUT, { recursive: true });
  const stamp = results.when.replace(/[:.]/g, "-");
  fs.writeFileSync(path.join(OUT, `${stamp}.json`), JSON.stringify(results, null, 2) + "\n");
  const md = markdown(results);
  fs.writeFileSync(path.join(OUT, "latest.md"), md);
  process.stdout.write(md);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e.stack ?? e}\n`);
  process.exit(1);
});
