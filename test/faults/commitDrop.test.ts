/** Fault matrix: the call takes effect and is made durable, then the connection is dropped unanswered. */
import { faultSuite } from "./support/matrix";

jest.setTimeout(1_200_000);

faultSuite({
  id: "commit-drop",
  order: 6,
  label: "Commit, then drop the connection",
  how: "15% of all calls executed, then the socket destroyed without a response, plus the first DescribeFlowLogs of each operation",
  faults: [
    { action: "DescribeFlowLogs", kind: "commit-drop", count: 1 },
    { action: "*", kind: "commit-drop", rate: 0.15 },
  ],
});
