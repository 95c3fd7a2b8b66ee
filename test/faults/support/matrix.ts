/**
 * The fault matrix: one stack per fault kind (20 sag.FlowLog, 4 of them bound to a SAG, plus one
 * vpc.TrafficMirrorService) runs `up`, `refresh` and `destroy` with the fault active. A failed run
 * is re-run the way a user would (`pulumi cancel` first if the stack was left locked), and after
 * each operation, with the fault removed, the emulator must hold exactly what the stack declares.
 * Each cell's outcome goes to .tmp/fault-results/, which writeResults.js turns into RESULTS.md.
 */
import * as fs from "fs";
import * as path from "path";
import type { FaultSpec, JournalEntry } from "../../../emulator";
import { REPO, Workspace, resourcesOfType } from "../../support/pulumi";
import { outOfBand } from "../../support/emulatorEnv";
import { parseMarker } from "../../../provider/sag/marker";
import { tokensOf } from "../../support/groundTruth";
import { FLOW_LOG_TYPE, TRAFFIC_MIRROR_SERVICE_TYPE } from "../../../provider/schema";
import { CliEmulator, FaultEmulator, inProcessEmulator } from "./emulators";
import { RunningCommand, providerErrors, removeEmptyAttrs, startPulumi } from "../../support/engine";

export type Op = "up" | "refresh" | "destroy";
export const OPS: Op[] = ["up", "refresh", "destroy"];

export const PROJECT = "flowlogs-under-test";
export const STACK = "faults";
export const COUNT = 20;
export const REGION = "cn-hangzhou";
/** Flow logs fl-0..fl-3 each feed one SAG, so association and disassociation run under the fault too. */
export const SAGS: Record<string, string[]> = {
  "0": ["sag-demohangzhou000001"],
  "1": ["sag-demohangzhou000002"],
  "2": ["sag-demohangzhou000003"],
  "3": ["sag-demohangzhou000004"],
};

/** The provider's documented defaults; the matrix otherwise uses the fast test timings of providerEnv. */
export const DEFAULT_RETRY_TIMINGS = { ALICLOUD_TRAFFIC_RETRY_BASE_MS: "200", ALICLOUD_TRAFFIC_RETRY_MAX_MS: "5000" };

export const RESULTS_DIR = path.join(REPO, ".tmp", "fault-results");

export interface TriggerContext {
  emu: FaultEmulator;
  op: Op;
  cmd: RunningCommand;
}

export interface FaultCase {
  /** File-name-safe id, also the sort key of RESULTS.md rows. */
  id: string;
  order: number;
  /** What the fault is, for the table. */
  label: string;
  /** How it is injected, for the table. */
  how: string;
  emulator?: "in-process" | "cli";
  /** Extra provider environment for every command of this case. */
  env?: Record<string, string>;
  /** Rate-based faults: active for the operation and its re-runs. */
  faults?: FaultSpec[];
  /** Triggered faults: runs alongside the first attempt of each operation; resolves with a note. */
  during?: (ctx: TriggerContext) => Promise<string>;
  /** Wait this long after the operation before looking (requests the client gave up on may still commit). */
  settleMs?: number;
}

export interface Attempt {
  command: string;
  code: number;
  signal: string | null;
  ms: number;
  errors: string[];
}

export interface CellResult {
  /** A fault cell (a fault kind × an operation) or a lifecycle cell (an operation sequence under a fault). */
  kind?: "fault" | "lifecycle";
  fault: string;
  faultOrder: number;
  label: string;
  how: string;
  op: Op | string;
  outcome: string;
  reruns: number;
  ms: number;
  apiCalls: number;
  faulted: number;
  note?: string;
  attempts: Attempt[];
  firstError?: string;
  verified: boolean;
  failure?: string;
  /** What had to be done by hand (out of band) so the next operation starts from a converged stack. */
  repair?: string;
  at: string;
}

/** A cell's result before it runs: nothing done, nothing verified. */
export function newCellResult(cell: Pick<CellResult, "fault" | "faultOrder" | "label" | "how" | "op" | "kind">): CellResult {
  return { ...cell, outcome: "", reruns: 0, ms: 0, apiCalls: 0, faulted: 0, attempts: [], verified: false, at: new Date().toISOString() };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function opArgs(op: Op): string[] {
  return [op, "--yes", "--skip-preview"];
}

/** Resolves once `action` has been answered `n` times in this operation (journal since the last clear). */
export async function callsSeen(emu: FaultEmulator, action: string, n: number, cmd: RunningCommand, timeoutMs = 300_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const journal = emu instanceof CliEmulator ? await emu.fullJournal() : await emu.journal();
    const seen = journal.filter((e) => e.action === action && e.httpStatus === 200).length;
    if (seen >= n) return seen;
    if (cmd.child.exitCode !== null || cmd.child.signalCode !== null)
      throw new Error(`the command ended before ${n} ${action} calls (saw ${seen})`);
    if (Date.now() > until) throw new Error(`timed out waiting for ${n} ${action} calls (saw ${seen})`);
    await sleep(20);
  }
}

/**
 * Resolves as soon as the first API request of the operation has *arrived* (not finished): a
 * one-shot latency fault holds it, and the fault's injection count says when it is there.
 */
export async function firstRequestArrived(emu: FaultEmulator, cmd: RunningCommand, holdMs = 400, timeoutMs = 300_000): Promise<string> {
  await emu.injectFault({ action: "*", kind: "latency", latencyMs: holdMs, count: 1 });
  const until = Date.now() + timeoutMs;
  for (;;) {
    const faults = await emu.faults();
    if (faults.some((f) => f.kind === "latency" && f.injected > 0)) break;
    if (cmd.child.exitCode !== null || cmd.child.signalCode !== null) throw new Error("the command ended before any API call");
    if (Date.now() > until) throw new Error("timed out waiting for the first API call");
    await sleep(10);
  }
  await emu.clearFaults();
  return "the first API request";
}

/** Tokens the program's flow logs carry (`[pulumi:<token>]` in the cloud description). */
export function expectedTokens(state: any, count = COUNT): Map<string, string> {
  return tokensOf(
    state,
    Array.from({ length: count }, (_, i) => `fl-${i}`),
  );
}

function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** What a converged stack holds; the defaults are the matrix stack's. */
export interface Expected {
  count?: number;
  sags?: Record<string, string[]>;
  /** Whether the stack declares the traffic mirror service. */
  mirror?: boolean;
  /** Flow logs of other stacks that share the emulator (and must be left alone). */
  others?: string[];
}

/**
 * The emulator holds exactly what the stack declares: as many flow logs as resources, with the
 * same ids as the state and the outputs, one per idempotency token, the declared SAG bindings, and
 * traffic mirroring enabled; no pending operations left in the state.
 */
export async function expectConverged(ws: Workspace, emu: FaultEmulator, expected: Expected = {}): Promise<void> {
  const { count = COUNT, sags = SAGS, mirror = true, others = [] } = expected;
  const cloud = await emu.state();
  const flowLogs = cloud.flowLogs.filter((f) => !others.includes(f.flowLogId));
  expect(
    cloud.flowLogs
      .filter((f) => others.includes(f.flowLogId))
      .map((f) => f.flowLogId)
      .sort(),
  ).toEqual([...others].sort());
  const state = await ws.exportState();
  expect(state.deployment.pending_operations ?? []).toEqual([]);
  const stateFlowLogs = resourcesOfType(state, FLOW_LOG_TYPE);
  const outputs = await ws.outputs();

  // One flow log per marker token (no duplicates), none without a marker of this stack (no orphans).
  const tokens = expectedTokens(state, count);
  const byToken = new Map<string, string[]>();
  for (const f of flowLogs) {
    const token = parseMarker(f.description).token ?? "(no marker)";
    byToken.set(token, [...(byToken.get(token) ?? []), f.flowLogId]);
  }
  const duplicated = [...byToken]
    .filter(([, ids]) => ids.length > 1)
    .map(([token, ids]) => `${tokens.get(token) ?? token}: ${ids.join(", ")}`);
  expect({ flowLogsSharingAMarker: duplicated }).toEqual({ flowLogsSharingAMarker: [] });
  expect([...byToken.keys()].sort()).toEqual([...tokens.keys()].sort());

  // Same count and ids in the cloud, the state and the outputs.
  expect(stateFlowLogs).toHaveLength(count);
  expect(outputs.flowLogIds).toHaveLength(count);
  const cloudIds = flowLogs.map((f) => f.flowLogId).sort();
  expect(cloudIds).toEqual(stateFlowLogs.map((r: any) => r.id).sort());
  expect(cloudIds).toEqual([...outputs.flowLogIds].sort());

  // Each token's flow log is the one the state holds for that resource.
  const stateIdByName = new Map(stateFlowLogs.map((r: any) => [nameOf(r.urn), r.id]));
  for (const [token, [id]] of byToken)
    expect({ resource: tokens.get(token), id }).toEqual({ resource: tokens.get(token), id: stateIdByName.get(tokens.get(token)!) });

  // SAG bindings as declared (and nothing else bound).
  const cloudById = new Map(flowLogs.map((f) => [f.flowLogId, f]));
  for (let i = 0; i < count; i++) {
    const id = stateIdByName.get(`fl-${i}`)!;
    expect({ resource: `fl-${i}`, sags: [...cloudById.get(id)!.smartAGIds].sort() }).toEqual({
      resource: `fl-${i}`,
      sags: sags[String(i)] ?? [],
    });
  }

  if (!mirror) return;
  // Traffic mirroring: enabled in the cloud and in the state.
  expect(cloud.trafficMirror.find((m) => m.regionId === REGION)?.enabled).toBe(true);
  const mirrors = resourcesOfType(state, TRAFFIC_MIRROR_SERVICE_TYPE);
  expect(mirrors.map((r: any) => [r.id, r.outputs.enabled])).toEqual([[REGION, true]]);
}

/** After destroy: nothing left in the cloud or the state. */
export async function expectDestroyed(ws: Workspace, emu: FaultEmulator): Promise<void> {
  const cloud = await emu.state();
  expect(cloud.flowLogs).toEqual([]);
  expect(cloud.sags.filter((s) => s.flowLogId)).toEqual([]);
  const state = await ws.exportState();
  expect(state.deployment.pending_operations ?? []).toEqual([]);
  expect(resourcesOfType(state, FLOW_LOG_TYPE)).toEqual([]);
  expect(resourcesOfType(state, TRAFFIC_MIRROR_SERVICE_TYPE)).toEqual([]);
}

/** What a failed run must tell the user: which call failed and how, and what to do next. */
export function expectActionable(errors: string[], output: string): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    if (/stack is currently locked/.test(e)) {
      expect(output).toMatch(/pulumi cancel/);
      continue;
    }
    // What happened: the API call and the failure, or the partial create.
    expect(e).toMatch(/\b[A-Z][A-Za-z]+ failed: .+|was created but not fully configured/);
    // What to do.
    expect(e).toMatch(/run the command again|run `?pulumi (up|refresh|destroy)`? again|wait a minute and run/);
    // Never a credential.
    expect(e).not.toMatch(/AccessKeySecret|Signature=|SecurityToken=/);
  }
}

export function shorten(text: string, max = 400): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 3)}...` : one;
}

/** Flow logs in the cloud that no resource of the state holds: disassociated and deleted directly. */
async function removeOrphans(ws: Workspace, emu: FaultEmulator): Promise<string[]> {
  const state = await ws.exportState();
  const held = new Set(resourcesOfType(state, FLOW_LOG_TYPE).map((r: any) => r.id));
  const orphans = (await emu.state()).flowLogs.filter((f) => !held.has(f.flowLogId));
  if (orphans.length === 0) return [];
  const call = outOfBand(emu);
  for (const f of orphans) {
    for (const sag of f.smartAGIds) await call("DisassociateFlowLog", { RegionId: f.regionId, FlowLogId: f.flowLogId, SmartAGId: sag });
    await call("DeleteFlowLog", { RegionId: f.regionId, FlowLogId: f.flowLogId });
  }
  return orphans.map((f) => f.flowLogId);
}

export function writeResult(result: CellResult): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `${result.fault}--${result.op}.json`), JSON.stringify(result, null, 2));
}

/**
 * Registers the three operations of one fault case as sequential tests sharing one stack.
 */
export function faultSuite(fc: FaultCase): void {
  const enabled = process.env.ALICLOUD_TRAFFIC_FAULT_MATRIX === "1";
  (enabled ? describe : describe.skip)(`${fc.label} (${fc.how})`, () => {
    let emu: FaultEmulator;
    let ws: Workspace;
    let stateDir: string | undefined;
    let broken: string | undefined;

    beforeAll(async () => {
      const seed = 1000 + fc.order;
      if (fc.emulator === "cli") {
        stateDir = fs.mkdtempSync(path.join(REPO, ".tmp", `fault-emu-${fc.id}-`));
        const cli = new CliEmulator(path.join(stateDir, "emulator-state.json"), seed);
        await cli.start();
        emu = cli;
      } else {
        emu = await inProcessEmulator(seed);
      }
      const { providerEnv } = await import("../../support/emulatorEnv");
      const base = providerEnv({ url: emu.url } as any, REGION);
      ws = new Workspace(`fault-${fc.id}`, { from: "test/programs/flowlogs", env: { ...base, ...fc.env }, stack: STACK });
      await ws.init({ count: String(COUNT) });
      await ws.ok(["config", "set", "--path", "mirrorRegions", JSON.stringify([REGION])]);
      await ws.ok(["config", "set", "--path", "sags", JSON.stringify(SAGS)]);
    });

    afterAll(async () => {
      await emu?.close();
      if (!broken) {
        ws?.cleanup();
        if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
      } else {
        process.stderr.write(`[faults] ${fc.id}: kept ${ws?.root} for inspection (${broken})\n`);
      }
    });

    for (const op of OPS) {
      it(op, async () => {
        if (broken) throw new Error(`skipped: an earlier operation of this stack failed (${broken})`);
        const result = newCellResult({ fault: fc.id, faultOrder: fc.order, label: fc.label, how: fc.how, op });
        try {
          await emu.clearJournal();
          for (const f of fc.faults ?? []) await emu.injectFault(f);
          const started = Date.now();

          const first = await startPulumi(ws, opArgs(op));
          const trigger = fc.during ? fc.during({ emu, op, cmd: first }) : Promise.resolve(undefined);
          let r = await first.result;
          result.note = await trigger;
          const record = (command: string, run: typeof r) => {
            const errors = providerErrors(run.output);
            result.attempts.push({ command, code: run.code, signal: run.signal, ms: run.ms, errors });
            return errors;
          };
          let errors = record(`pulumi ${op}`, r);

          let lastOutput = r.output;
          while (r.code !== 0) {
            if (result.reruns >= 4) throw new Error(`pulumi ${op} still fails after ${result.reruns} re-runs:\n${lastOutput}`);
            if (r.signal !== "SIGKILL") {
              // The user's view of the failure must say what happened and what to do.
              if (/failed to load checkpoint: EOF/.test(r.output)) {
                // Upstream (Pulumi file backend): the checkpoint's .attrs sidecar is written in place,
                // so a SIGKILL during a save can leave it empty. The workaround is to delete it.
                const removed = removeEmptyAttrs(ws);
                result.attempts.push({
                  command: `rm ${removed.join(" ")} (empty .attrs left by the kill)`,
                  code: 0,
                  signal: null,
                  ms: 0,
                  errors: [],
                });
                result.firstError ??= "error: failed to load checkpoint: EOF (Pulumi file backend: empty .attrs sidecar after SIGKILL)";
              } else {
                expectActionable(errors, r.output);
                result.firstError ??= errors.map((e) => shorten(e)).join(" | ");
              }
            }
            if (/stack is currently locked/.test(r.output)) {
              const cancel = await ws.pulumi(["cancel", "--yes"]);
              result.attempts.push({ command: "pulumi cancel", code: cancel.code, signal: null, ms: cancel.ms, errors: [] });
              expect(cancel.code).toBe(0);
            }
            result.reruns++;
            const again = await startPulumi(ws, opArgs(op));
            r = await again.result;
            lastOutput = r.output;
            errors = record(`pulumi ${op}`, r);
          }
          if (fc.settleMs) await sleep(fc.settleMs);
          if (result.attempts[0]?.signal === "SIGKILL") {
            // Creates (or deletes) the killed engine had in flight stay as pending operations in the
            // checkpoint until a refresh clears them; non-interactively that takes this flag.
            const pending = (await ws.exportState()).deployment.pending_operations ?? [];
            if (pending.length > 0) {
              const clear = await ws.pulumi(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
              result.attempts.push({
                command: `pulumi refresh --clear-pending-creates (${pending.length} pending)`,
                code: clear.code,
                signal: null,
                ms: clear.ms,
                errors: providerErrors(clear.output),
              });
              expect(clear.code).toBe(0);
            }
          }
          result.ms = Date.now() - started;

          const journal: JournalEntry[] = emu instanceof CliEmulator ? await emu.fullJournal() : await emu.journal();
          result.apiCalls = journal.length;
          result.faulted = journal.filter((e) => e.fault).length;
          // No cell passes vacuously: its fault was injected (rate faults) or its trigger fired.
          if (fc.faults?.length) expect((await emu.faults()).reduce((n, f) => n + f.injected, 0)).toBeGreaterThan(0);
          if (fc.during) expect(result.note).toEqual(expect.stringMatching(/\S/));
          await emu.clearFaults();
          const killed = result.attempts[0]?.signal === "SIGKILL";
          result.outcome =
            result.reruns === 0
              ? "passed first time"
              : killed
                ? "killed; fresh run completed"
                : `needed ${result.reruns} re-run${result.reruns > 1 ? "s" : ""}`;

          // The fault is gone: the cloud and the state must agree, before and after a refresh.
          if (op === "destroy") {
            await expectDestroyed(ws, emu);
            await ws.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
          } else {
            await expectConverged(ws, emu);
            await ws.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
            await expectConverged(ws, emu);
            await ws.ok(["preview", "--expect-no-changes"]);
          }
          result.verified = true;
        } catch (e) {
          result.failure = shorten((e as Error).message, 2000);
          if (!result.outcome) result.outcome = "FAILED";
          // Let the next operation start from a converged stack if the damage is only extra
          // flow logs in the cloud (duplicates/orphans): remove them out of band, and say so.
          try {
            await emu.clearFaults();
            const removed = await removeOrphans(ws, emu);
            if (op !== "destroy") await expectConverged(ws, emu);
            if (removed.length > 0) result.repair = `removed ${removed.length} orphan flow log(s) out of band: ${removed.join(", ")}`;
          } catch (repairError) {
            broken = `${op}: ${(e as Error).message.split("\n")[0]}`;
            result.repair = `not repairable: ${shorten((repairError as Error).message, 300)}`;
          }
          throw e;
        } finally {
          writeResult(result);
        }
      });
    }
  });
}
