/**
 * Fault cells for VPC flow logs: a stack of `COUNT` vpc.FlowLog (at VPC, vSwitch and ENI scope on the
 * emulator's seeded cn-hangzhou network) and one vpc.FlowLogService, declared by stack config
 * (test/programs/declared), runs `up`, `refresh` and `destroy` through the real engine with a fault active
 * on the vpc product. A failed run is re-run the way a user would (its errors must say what failed and
 * what to do: matrix.ts `expectActionable`). Each cell asserts that the faults it registered were injected,
 * then, with the faults removed: exactly the declared flow logs in the cloud, with the ids of the state and
 * the outputs, one per marker (0 duplicates, 0 orphans; test/support/vpcFlowLogTruth.ts), before and after a
 * `refresh --expect-no-changes`, and a `preview --expect-no-changes`; after `destroy`, none. Results go to
 * .tmp/fault-results/ like every cell (writeResults.js turns them into RESULTS.md).
 */
import type { FaultSpec } from "../../../emulator";
import { Workspace } from "../../support/pulumi";
import { Emulator, providerEnv, startTestEmulator } from "../../support/emulatorEnv";
import { providerErrors, startPulumi } from "../../support/engine";
import { expectVpcFlowLogsAgree, expectVpcFlowLogsGone, tally, tallyText } from "../../support/vpcFlowLogTruth";
import { OPS, Op, expectActionable, newCellResult, opArgs, shorten, writeResult } from "./matrix";

export const VPC_REGION = "cn-hangzhou";
export const VPC_COUNT = 10;

/** The flow logs fl-0 .. fl-<count-1>: every seeded VPC, vSwitch and ENI of the region in turn, each traffic type. */
export function declaredVpcFlowLogs(count = VPC_COUNT): Record<string, unknown> {
  const targets: Array<[string, string]> = [
    ["VPC", "vpc-demohangzhou0001"],
    ["VPC", "vpc-demohangzhou0002"],
    ["VSwitch", "vsw-demohangzhou0001"],
    ["VSwitch", "vsw-demohangzhou0002"],
    ["VSwitch", "vsw-demohangzhou0003"],
    ...[1, 2, 3, 4, 5, 6].map((i): [string, string] => ["NetworkInterface", `eni-demohangzhou000${i}`]),
  ];
  const resources: Record<string, unknown> = { svc: { class: "vpc.FlowLogService", args: { region: VPC_REGION } } };
  for (let i = 0; i < count; i++) {
    const [resourceType, resourceId] = targets[i % targets.length]!;
    resources[`fl-${i}`] = {
      class: "vpc.FlowLog",
      args: {
        region: VPC_REGION,
        resourceType,
        resourceId,
        trafficType: ["All", "Allow", "Drop"][Math.floor(i / targets.length) % 3],
        projectName: "flowlogs",
        logStoreName: "vpc",
        status: "Active",
      },
      options: { dependsOn: ["svc"] },
    };
  }
  return resources;
}

export interface VpcFaultCase {
  id: string;
  order: number;
  label: string;
  how: string;
  /** The faults active during each operation (with `product: "vpc"` where the action name is shared with smartag). */
  faults: Record<Op, FaultSpec[]>;
  /** Extra provider environment for every command of this case. */
  env?: Record<string, string>;
  /** The provider must absorb the fault (retries, lookups): each operation succeeds without a re-run. */
  firstTime?: boolean;
}

/** Registers the three operations of one fault case as sequential tests sharing one stack. */
export function vpcFlowLogFaultSuite(fc: VpcFaultCase): void {
  const enabled = process.env.ALICLOUD_TRAFFIC_FAULT_MATRIX === "1";
  const names = Array.from({ length: VPC_COUNT }, (_, i) => `fl-${i}`);
  (enabled ? describe : describe.skip)(`${fc.label} (${fc.how})`, () => {
    let emu: Emulator;
    let ws: Workspace;
    let broken: string | undefined;

    beforeAll(async () => {
      emu = await startTestEmulator({ seed: 1000 + fc.order, vpcFlowLogTransitionMs: 20 });
      ws = new Workspace(`fault-${fc.id}`, {
        from: "test/programs/declared",
        env: { ...providerEnv(emu, VPC_REGION), ...fc.env },
        stack: "faults",
      });
      await ws.init({ resources: JSON.stringify(declaredVpcFlowLogs()) });
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
            expectActionable(errors, r.output);
            result.firstError ??= errors.map((e) => shorten(e)).join(" | ");
            if (run >= 3) throw new Error(`pulumi ${op} still fails after ${run} re-runs:\n${r.output}`);
            result.reruns++;
          }
          result.ms = Date.now() - started;
          const journal = emu.journal();
          result.apiCalls = journal.length;
          result.faulted = journal.filter((e) => e.fault).length;
          // No cell passes vacuously: every fault with a count fired, and the faults fired in all.
          const injected = new Map(emu.faults().map((f) => [f.id, f.injected]));
          result.note = `${registered.map((f) => `${f.action} ${f.kind}: ${injected.get(f.id) ?? 0}`).join("; ")}; calls: ${tallyText(tally(journal))}`;
          const missed = registered.filter((f, i) => fc.faults[op][i]!.count !== undefined && !(injected.get(f.id)! > 0));
          expect(missed.map((f) => `${f.action} ${f.kind}`)).toEqual([]);
          expect(result.faulted).toBeGreaterThan(0);
          emu.clearFaults();
          result.outcome = result.reruns === 0 ? "passed first time" : `needed ${result.reruns} re-run${result.reruns > 1 ? "s" : ""}`;
          if (fc.firstTime)
            expect({ op, reruns: result.reruns, firstError: result.firstError }).toEqual({ op, reruns: 0, firstError: undefined });

          // The fault is gone: exactly the declared flow logs, as the state and the outputs have them.
          if (op === "destroy") {
            await expectVpcFlowLogsGone(emu, ws);
            await ws.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
          } else {
            await expectVpcFlowLogsAgree(emu, ws, names, { others: [] });
            await ws.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
            await expectVpcFlowLogsAgree(emu, ws, names, { others: [] });
            await ws.ok(["preview", "--expect-no-changes"]);
          }
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
