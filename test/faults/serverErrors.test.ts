/**
 * Fault matrix: 5xx answers (may or may not have taken effect: reads retried, creates reconciled
 * through the marker before being sent again).
 */
import { faultSuite } from "./support/matrix";

jest.setTimeout(1_200_000);

faultSuite({
  id: "unavailable",
  order: 2,
  label: "5xx ServiceUnavailable",
  how: "20% of all calls answered `503 ServiceUnavailable`, plus the first DescribeFlowLogs of each operation",
  faults: [
    { action: "DescribeFlowLogs", kind: "unavailable", count: 1 },
    { action: "*", kind: "unavailable", rate: 0.2 },
  ],
});

faultSuite({
  id: "internal",
  order: 3,
  label: "5xx InternalError",
  how: "20% of all calls answered `500 InternalError`, plus the first DescribeFlowLogs of each operation",
  faults: [
    { action: "DescribeFlowLogs", kind: "internal", count: 1 },
    { action: "*", kind: "internal", rate: 0.2 },
  ],
});
