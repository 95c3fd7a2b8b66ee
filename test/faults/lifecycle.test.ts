/**
 * Lifecycle cells of the fault matrix: the operations that broke idempotency before (a replacement,
 * a renamed stack's successor, recovery on a fresh runner, an interrupted replacement, a create
 * that commits later than any wait, lookups that fail after a committed create), each on the
 * matrix stack (20 flow logs, 4 bound to a SAG, one traffic mirror service) with a fault active.
 * Each cell asserts that its fault was injected, then that the cloud, the state and the outputs
 * agree (one flow log per marker, nothing of another stack touched).
 */
import * as fs from "fs";
import * as path from "path";
import { Workspace, freshRunner, resourcesOfType } from "../support/pulumi";
import { providerEnv } from "../support/emulatorEnv";
import { FLOW_LOG_TYPE } from "../../provider/schema";
import { inProcessEmulator, FaultEmulator } from "./support/emulators";
import { providerErrors, removeEmptyAttrs, startPulumi } from "../support/engine";
import { COUNT, REGION, SAGS, STACK, callsSeen, expectConverged, newCellResult, shorten, sleep, writeResult } from "./support/matrix";

jest.setTimeout(1_200_000);

const UP = ["up", "--yes", "--skip-preview"];

interface Ctx {
  emu: FaultEmulator;
  ws: Workspace;
  /** Records a command the cell ran (for the results table). */
  run(ws: Workspace, args: string[], opts?: { expectFailure?: boolean }): Promise<string>;
  /** Cleans `ws` up with the cell. */
  track(ws: Workspace): Workspace;
}

interface Cell {
  id: string;
  order: number;
  label: string;
  how: string;
  env?: Record<string, string>;
  /** Runs the scenario after the stack's first `up`; resolves with what was injected (count > 0) and a note. */
  scenario(ctx: Ctx): Promise<{ injected: number; note: string; others?: string[]; final?: Workspace }>;
}

async function stateIds(ws: Workspace): Promise<string[]> {
  return resourcesOfType(await ws.exportState(), FLOW_LOG_TYPE)
    .map((r: any) => r.id)
    .sort();
}

/** The upstream file-backend workaround, when a kill needed it (see removeEmptyAttrs). */
const emptyAttrsNote = (removed: string[]) =>
  removed.length ? `; removed the empty ${removed.join(", ")} the kill left (Pulumi file backend)` : "";

/** `pulumi <args>` for the results table: `--target`/`--replace` lists shortened to a count. */
function commandLine(args: string[]): string {
  const shown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--yes" || a === "--skip-preview") continue;
    if ((a === "--target" || a === "--replace") && i + 1 < args.length) {
      const n = args.filter((x) => x === a).length;
      if (!shown.some((x) => x.startsWith(a))) shown.push(`${a} <${n} flow log${n > 1 ? "s" : ""}>`);
      i++;
      continue;
    }
    shown.push(a);
  }
  return `pulumi ${shown.join(" ")}`;
}

/** `destroy --target` of the 20 flow logs: the next `up` creates them all again (the state identity stays). */
async function destroyFlowLogs(ctx: Ctx): Promise<void> {
  const targets = Array.from({ length: COUNT }, (_, i) => [
    "--target",
    `urn:pulumi:${STACK}::flowlogs-under-test::${FLOW_LOG_TYPE}::fl-${i}`,
  ]).flat();
  await ctx.run(ctx.ws, ["destroy", "--yes", "--skip-preview", ...targets]);
  await ctx.emu.clearJournal();
}

function lifecycleCell(cell: Cell): void {
  const enabled = process.env.ALICLOUD_TRAFFIC_FAULT_MATRIX === "1";
  (enabled ? describe : describe.skip)(`lifecycle: ${cell.label}`, () => {
    let emu: FaultEmulator;
    const workspaces: Workspace[] = [];
    afterAll(async () => {
      await emu?.close();
      workspaces.forEach((w) => w.cleanup());
    });

    it(cell.id, async () => {
      const result = newCellResult({
        kind: "lifecycle",
        fault: `lifecycle-${cell.id}`,
        faultOrder: 100 + cell.order,
        label: cell.label,
        how: cell.how,
        op: "scenario",
      });
      try {
        emu = await inProcessEmulator(2000 + cell.order);
        const env = { ...providerEnv({ url: emu.url } as any, REGION), ...cell.env };
        const track = (w: Workspace) => (workspaces.push(w), w);
        const ws = track(new Workspace(`life-${cell.id}`, { from: "test/programs/flowlogs", env, stack: STACK }));
        await ws.init({ count: String(COUNT) });
        await ws.ok(["config", "set", "--path", "mirrorRegions", JSON.stringify([REGION])]);
        await ws.ok(["config", "set", "--path", "sags", JSON.stringify(SAGS)]);
        await ws.ok(UP);
        await expectConverged(ws, emu);
        await emu.clearJournal();
        const started = Date.now();
        const ctx: Ctx = {
          emu,
          ws,
          track,
          run: async (w, args, opts = {}) => {
            const r = await w.pulumi(args);
            const errors = providerErrors(r.output);
            result.attempts.push({ command: commandLine(args), code: r.code, signal: null, ms: r.ms, errors });
            if (opts.expectFailure) {
              expect(r.code).not.toBe(0);
              result.reruns++;
              result.firstError ??= errors.map((e) => shorten(e)).join(" | ");
            } else if (r.code !== 0) {
              throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.output}`);
            }
            return r.output;
          },
        };
        const out = await cell.scenario(ctx);
        result.note = out.note;
        result.ms = Date.now() - started;
        const journal = await emu.journal();
        result.apiCalls = journal.length;
        result.faulted = journal.filter((e) => e.fault).length;
        // No cell passes vacuously.
        expect({ injected: out.injected > 0 }).toEqual({ injected: true });
        await emu.clearFaults();
        const final = out.final ?? ws;
        await expectConverged(final, emu, { others: out.others });
        await final.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
        await final.ok(["preview", "--expect-no-changes"]);
        result.outcome =
          result.reruns === 0 ? "passed first time" : `converged after ${result.reruns} re-run${result.reruns > 1 ? "s" : ""}`;
        result.verified = true;
      } catch (e) {
        result.failure = shorten((e as Error).message, 2000);
        result.outcome ||= "FAILED";
        throw e;
      } finally {
        writeResult(result);
      }
    });
  });
}

lifecycleCell({
  id: "replace",
  order: 1,
  label: "`up --replace` of 5 flow logs (2 with SAGs), 503 on CreateFlowLog",
  how: "`pulumi up --replace <urn>` ×5; the first 3 CreateFlowLog answered 503 ServiceUnavailable",
  async scenario({ emu, ws, run }) {
    const before = await stateIds(ws);
    const urns = resourcesOfType(await ws.exportState(), FLOW_LOG_TYPE)
      .filter((r: any) => ["fl-0", "fl-1", "fl-10", "fl-11", "fl-12"].some((n) => r.urn.endsWith(`::${n}`)))
      .map((r: any) => r.urn);
    await emu.injectFault({ action: "CreateFlowLog", kind: "unavailable", count: 3 });
    await run(ws, [...UP, ...urns.flatMap((u: string) => ["--replace", u])]);
    const injected = (await emu.faults())[0]!.injected;
    const after = await stateIds(ws);
    expect(after.filter((id) => !before.includes(id))).toHaveLength(5);
    return { injected, note: `${injected} CreateFlowLog answered 503; 5 new ids, 5 old ones deleted` };
  },
});

lifecycleCell({
  id: "renamed-successor",
  order: 2,
  label: "A renamed stack's successor (same names), 30% throttling",
  how:
    "`pulumi stack rename faults-old`, a new stack `faults` with the same program (no SAGs: they stay with faults-old), " +
    "up and destroy under 30% throttling",
  async scenario({ emu, ws, run }) {
    const predecessor = await stateIds(ws);
    await run(ws, ["stack", "rename", `${STACK}-old`]);
    fs.copyFileSync(path.join(ws.programDir, `Pulumi.${STACK}-old.yaml`), path.join(ws.programDir, `Pulumi.${STACK}.yaml`));
    await run(ws, ["stack", "init", STACK]);
    await run(ws, ["config", "set", "--path", "sags", "{}"]);
    await emu.injectFault({ action: "*", kind: "throttling", rate: 0.3 });
    await run(ws, UP);
    const successor = await stateIds(ws);
    expect(successor.filter((id) => predecessor.includes(id))).toEqual([]);
    await run(ws, ["destroy", "--yes", "--skip-preview"]);
    const injected = (await emu.faults())[0]!.injected;
    // The predecessor's flow logs were neither adopted nor deleted.
    expect((await emu.state()).flowLogs.map((f) => f.flowLogId).sort()).toEqual(predecessor);
    await run(ws, ["stack", "select", `${STACK}-old`]);
    return { injected, note: `${injected} calls throttled; the successor made and destroyed 20 of its own; faults-old's 20 untouched` };
  },
});

lifecycleCell({
  id: "fresh-runner",
  order: 3,
  label: "Engine killed mid-up, recovered on a fresh runner",
  how:
    "SIGKILL to the `pulumi up` process tree after 8 CreateFlowLog of a 20-flow-log replacement set; " +
    "a new runner (new home, copied backend) runs `cancel`, `up`",
  async scenario(ctx) {
    const { emu, ws, run, track } = ctx;
    await destroyFlowLogs(ctx);
    const cmd = await startPulumi(ws, UP);
    const seen = await callsSeen(emu, "CreateFlowLog", 8, cmd);
    const pids = await cmd.killTree();
    await sleep(500);
    const attrs = removeEmptyAttrs(ws);
    const runner = track(freshRunner(ws, "life-fresh-runner"));
    await run(runner, ["stack", "select", STACK]);
    await run(runner, ["cancel", "--yes"]);
    const out = await run(runner, UP);
    expect(out).toMatch(/adopted flow log fl-/);
    await run(runner, ["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
    return {
      injected: pids.length,
      note: `SIGKILL to ${pids.length} processes after ${seen} CreateFlowLog${emptyAttrsNote(attrs)}`,
      final: runner,
    };
  },
});

lifecycleCell({
  id: "interrupted-replacement",
  order: 4,
  label: "Replacement of all 20 killed midway, then refresh --clear-pending-creates, up",
  how: "`pulumi up --replace` of every flow log, SIGKILLed after 6 CreateFlowLog; then `cancel`, `refresh --clear-pending-creates`, `up`",
  async scenario({ emu, ws, run }) {
    const urns = resourcesOfType(await ws.exportState(), FLOW_LOG_TYPE).map((r: any) => r.urn);
    const cmd = await startPulumi(ws, [...UP, ...urns.flatMap((u: string) => ["--replace", u])]);
    const seen = await callsSeen(emu, "CreateFlowLog", 6, cmd);
    const pids = await cmd.killTree();
    await sleep(500);
    const attrs = removeEmptyAttrs(ws);
    await run(ws, ["cancel", "--yes"]);
    await run(ws, ["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
    await run(ws, UP);
    return {
      injected: pids.length,
      note: `SIGKILL to ${pids.length} processes after ${seen} CreateFlowLog of the replacement${emptyAttrsNote(attrs)}`,
    };
  },
});

lifecycleCell({
  id: "late-commit",
  order: 5,
  label: "CreateFlowLog committing later than any wait",
  how: "`ALICLOUD_TRAFFIC_TIMEOUT_MS=1000`; 3 CreateFlowLog held 4000 ms (> 3 timeouts) before they commit; 20 flow logs recreated",
  env: { ALICLOUD_TRAFFIC_TIMEOUT_MS: "1000" },
  async scenario(ctx) {
    const { emu, ws, run } = ctx;
    await destroyFlowLogs(ctx);
    await emu.injectFault({ action: "CreateFlowLog", kind: "latency", latencyMs: 4000, count: 3 });
    const out = await run(ws, UP, { expectFailure: true });
    expect(out).toContain("No second CreateFlowLog was sent");
    const injected = (await emu.faults())[0]!.injected;
    await sleep(4500);
    await run(ws, UP);
    const creates = (await emu.journal()).filter((e) => e.action === "CreateFlowLog").length;
    expect(creates).toBe(COUNT);
    return { injected, note: `${injected} CreateFlowLog committed after the up gave up on them; ${creates} CreateFlowLog in all` };
  },
});

lifecycleCell({
  id: "lookups-fail",
  order: 6,
  label: "Lookups after a committed create throttled past the retry limit",
  how:
    "`ALICLOUD_TRAFFIC_MAX_ATTEMPTS=2`, timeout 1000 ms; 2 CreateFlowLog held 1500 ms; " +
    "once the first arrives, every DescribeFlowLogs throttled",
  env: { ALICLOUD_TRAFFIC_MAX_ATTEMPTS: "2", ALICLOUD_TRAFFIC_TIMEOUT_MS: "1000" },
  async scenario(ctx) {
    const { emu, ws, run } = ctx;
    await destroyFlowLogs(ctx);
    await emu.injectFault({ action: "CreateFlowLog", kind: "latency", latencyMs: 1500, count: 2 });
    const throttler = (async () => {
      for (;;) {
        if ((await emu.faults()).some((f) => f.kind === "latency" && f.injected > 0)) break;
        await sleep(5);
      }
      await emu.injectFault({ action: "DescribeFlowLogs", kind: "throttling", rate: 1, count: 100_000 });
    })();
    await run(ws, UP, { expectFailure: true });
    await throttler;
    const injected = (await emu.faults()).reduce((n, f) => n + f.injected, 0);
    await emu.clearFaults();
    await sleep(2000);
    await run(ws, UP);
    const creates = (await emu.journal()).filter((e) => e.action === "CreateFlowLog").length;
    return { injected, note: `${injected} calls faulted (held creates and throttled lookups); ${creates} CreateFlowLog in all` };
  },
});
