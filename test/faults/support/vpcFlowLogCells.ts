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
import { Workspace } from "../../support/pulumi";
import { providerEnv, startTestEmulator } from "../../support/emulatorEnv";
import { expectVpcFlowLogsAgree, expectVpcFlowLogsGone, tally, tallyText } from "../../support/vpcFlowLogTruth";
import { StackFaultCase, stackFaultSuite } from "./stackCells";

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

/** Registers the three operations of one fault case (`firstTime`: each succeeds without a re-run) on the VPC flow-log stack. */
export function vpcFlowLogFaultSuite(fc: StackFaultCase): void {
  const names = Array.from({ length: VPC_COUNT }, (_, i) => `fl-${i}`);
  stackFaultSuite(
    {
      async start(fc) {
        const emu = await startTestEmulator({ seed: 1000 + fc.order, vpcFlowLogTransitionMs: 20 });
        const ws = new Workspace(`fault-${fc.id}`, {
          from: "test/programs/declared",
          env: { ...providerEnv(emu, VPC_REGION), ...fc.env },
          stack: "faults",
        });
        await ws.init({ resources: JSON.stringify(declaredVpcFlowLogs()) });
        return { emu, ws };
      },
      actionableErrors: true,
      // Every fault with a count fired, and the faults fired in all (a rate fault may miss a given call).
      mustFire: (spec) => spec.count !== undefined,
      anyFaulted: true,
      note: (journal) => `calls: ${tallyText(tally(journal))}`,
      // The fault is gone: exactly the declared flow logs, as the state and the outputs have them.
      async verify(emu, ws, op) {
        if (op === "destroy") {
          await expectVpcFlowLogsGone(emu, ws);
          await ws.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
          return;
        }
        await expectVpcFlowLogsAgree(emu, ws, names, { others: [] });
        await ws.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
        await expectVpcFlowLogsAgree(emu, ws, names, { others: [] });
        await ws.ok(["preview", "--expect-no-changes"]);
      },
    },
    fc,
  );
}
