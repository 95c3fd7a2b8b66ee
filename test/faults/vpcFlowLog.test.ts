/**
 * Fault cells for VPC flow logs (test/faults/support/vpcFlowLogCells.ts): a stack of 10 vpc.FlowLog and a
 * vpc.FlowLogService through up, refresh and destroy, under throttling, 503 and commit-drop on the vpc
 * product. Besides the rate fault, each operation's key call gets the fault once for sure (CreateFlowLog
 * under up, the DescribeFlowLogs listing under refresh, DeleteFlowLog under destroy), so no cell passes
 * vacuously. The provider absorbs all three (retries; a create whose answer was lost is looked up by
 * name, never re-sent blindly; deletes and reads are safe to repeat): each operation must succeed
 * without a re-run.
 */
import type { FaultSpec } from "../../emulator";
import type { Op } from "./support/matrix";
import { vpcFlowLogFaultSuite } from "./support/vpcFlowLogCells";

jest.setTimeout(1_200_000);

const STACK = "stack: 10 vpc.FlowLog (VPC, vSwitch and ENI scope) + 1 vpc.FlowLogService in cn-hangzhou";
const CHECKED =
  "checked: exactly the 10 declared flow logs, ids in cloud = state = outputs, one per marker (0 duplicates, 0 orphans), " +
  "before and after refresh --expect-no-changes";

/** The rate fault on every vpc call, plus the operation's key call once. */
function faults(kind: FaultSpec["kind"], rate: number): Record<Op, FaultSpec[]> {
  const once = (action: string): FaultSpec => ({ action, product: "vpc", kind, count: 1 });
  const all: FaultSpec = { action: "*", product: "vpc", kind, rate };
  return {
    up: [once("CreateFlowLog"), all],
    refresh: [once("DescribeFlowLogs"), all],
    destroy: [once("DeleteFlowLog"), all],
  };
}

vpcFlowLogFaultSuite({
  id: "vpc-flow-log-throttling",
  order: 30,
  label: "VPC flow logs: throttling",
  how: `${STACK}; ${CHECKED}; 30% of all vpc calls answered \`400 Throttling\`, plus the first CreateFlowLog (up), DescribeFlowLogs (refresh), DeleteFlowLog (destroy)`,
  faults: faults("throttling", 0.3),
  firstTime: true,
});

vpcFlowLogFaultSuite({
  id: "vpc-flow-log-unavailable",
  order: 31,
  label: "VPC flow logs: 503 ServiceUnavailable",
  how: `${STACK}; ${CHECKED}; 20% of all vpc calls answered \`503 ServiceUnavailable\`, plus the first CreateFlowLog (up), DescribeFlowLogs (refresh), DeleteFlowLog (destroy)`,
  faults: faults("unavailable", 0.2),
  firstTime: true,
});

vpcFlowLogFaultSuite({
  id: "vpc-flow-log-commit-drop",
  order: 32,
  label: "VPC flow logs: commit, then drop the connection",
  how:
    `${STACK}; ${CHECKED}; 15% of all vpc calls (\`product: "vpc"\`: smartag's CreateFlowLog is another action) executed, then the ` +
    "socket destroyed unanswered, plus the first CreateFlowLog (up), DescribeFlowLogs (refresh), DeleteFlowLog (destroy)",
  faults: faults("commit-drop", 0.15),
  firstTime: true,
});
