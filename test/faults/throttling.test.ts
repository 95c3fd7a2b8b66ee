/** Fault matrix: 30% of all calls throttled (rejected before taking effect: retried everywhere). */
import { faultSuite } from "./support/matrix";

jest.setTimeout(1_200_000);

faultSuite({
  id: "throttling",
  order: 1,
  label: "Throttling",
  how: "30% of all calls answered `400 Throttling`, plus the first DescribeFlowLogs of each operation",
  faults: [
    { action: "DescribeFlowLogs", kind: "throttling", count: 1 },
    { action: "*", kind: "throttling", rate: 0.3 },
  ],
});
