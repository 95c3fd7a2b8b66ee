/**
 * The fault cells of one stack on an in-process emulator, shared by the traffic-mirroring and the VPC
 * flow-log suites: `up`, `refresh` and `destroy` in turn, each with the faults of its operation active.
 * A failed run is re-run the way a user would (at most 3 times); the cell then asserts that its faults
 * were injected (no cell passes vacuously), removes them, and verifies the stack against the emulator's
 * state (the suite's `verify`). A failed cell keeps the stack for inspection and fails the cells after it.
 */
import type { FaultSpec, JournalEntry } from "../../../emulator";
import type { Workspace } from "../../support/pulumi";
import type { Emulator } from "../../support/emulatorEnv";
import { providerErrors, startPulumi } from "../../support/engine";
import { OPS, Op, expectActionable, newCellResult, opArgs, shorten, writeResult } from "./matrix";

export interface StackFaultCase {
  id: string;
  order: number;
  label: string;
  how: string;
  /** The faults active during each operation. */
  faults: Record<Op, FaultSpec[]>;
  /** Extra provider environment for every command of this case. */
  env?: Record<string, string>;
  /** The provider must absorb the fault (retries, lookups): each operation succeeds without a re-run. */
  firstTime?: boolean;
}

export interface StackCells {
  /** The emulator and the initialized stack of a case. */
  start(fc: StackFaultCase): Promise<{ emu: Emulator; ws: Workspace }>;
  /** A failed run's errors must say what failed and what to do (`expectActionable`). */
  actionableErrors: boolean;
  /** Which registered faults must each have fired (the others may; with `anyFaulted`, some fault must). */
  mustFire(spec: FaultSpec): boolean;
  /** At least one call of the operation was faulted. */
  anyFaulted: boolean;
  /** More for the cell's note (after what each fault injected). */
  note?(journal: JournalEntry[]): string;
  /** With the faults gone: what the cloud and the state must be after `op`. */
  verify(emu: Emulator, ws: Workspace, op: Op): Promise<void>;
}

/** Registers the three operations of `fc` as sequential tests sharing one stack. */
export function stackFaultSuite(cells: StackCells, fc: StackFaultCase): void {
  const enabled = process.env.ALICLOUD_TRAFFIC_FAULT_MATRIX === "1";
  (enabled ? describe : describe.skip)(`${fc.label} (${fc.how})`, () => {
    let emu: Emulator;
    let ws: Workspace;
    let broken: string | undefined;

    beforeAll(async () => {
      ({ emu, ws } = await cells.start(fc));
    });
    afterAll(async () => {
      await emu?.close();
      if (!broken) ws?.cleanup();
      else process.stderr.write(`[faults] ${fc.id}: kept ${ws?.root} for inspection (${broken})\n`);
    });

    for (const op of OPS) {
      it(op, async () => {
        if (broken) throw new Error(`skipped: an earlier operation of this stack failed (${broken})`);
        const result = newCellResult({ fault: fc.id, faultOrder: fc.order, label: fc.label, how: fc.how, op });
        try {
          emu.clearJournal();
          const registered = fc.faults[op].map((f) => emu.injectFault(f));
          const started = Date.now();
          for (let run = 0; ; run++) {
            const r = await (await startPulumi(ws, opArgs(op))).result;
            const errors = providerErrors(r.output);
            result.attempts.push({ command: `pulumi ${op}`, code: r.code, signal: r.signal, ms: r.ms, errors });
            if (r.code === 0) break;
            // The user's view of the failure: which call failed and how, and what to do next.
            if (cells.actionableErrors) expectActionable(errors, r.output);
            result.firstError ??= errors.map((e) => shorten(e)).join(" | ");
            if (run >= 3) throw new Error(`pulumi ${op} still fails after ${run} re-runs:\n${r.output}`);
            result.reruns++;
          }
          result.ms = Date.now() - started;
          const journal = emu.journal();
          result.apiCalls = journal.length;
          result.faulted = journal.filter((e) => e.fault).length;
          // No cell passes vacuously: the faults it names fired.
          const injected = new Map(emu.faults().map((f) => [f.id, f.injected]));
          const fired = registered.map((f) => `${f.action} ${f.kind}: ${injected.get(f.id) ?? 0}`).join("; ");
          result.note = cells.note ? `${fired}; ${cells.note(journal)}` : fired;
          const missed = registered.filter((f, i) => cells.mustFire(fc.faults[op][i]!) && !(injected.get(f.id)! > 0));
          expect(missed.map((f) => `${f.action} ${f.kind}`)).toEqual([]);
          if (cells.anyFaulted) expect(result.faulted).toBeGreaterThan(0);
          emu.clearFaults();
          result.outcome = result.reruns === 0 ? "passed first time" : `needed ${result.reruns} re-run${result.reruns > 1 ? "s" : ""}`;
          if (fc.firstTime)
            expect({ op, reruns: result.reruns, firstError: result.firstError }).toEqual({ op, reruns: 0, firstError: undefined });

          await cells.verify(emu, ws, op);
          result.verified = true;
        } catch (e) {
          result.failure = shorten((e as Error).message, 2000);
          if (!result.outcome) result.outcome = "FAILED";
          broken = `${op}: ${(e as Error).message.split("\n")[0]}`;
          throw e;
        } finally {
          emu.clearFaults();
          writeResult(result);
        }
      });
    }
  });
}
