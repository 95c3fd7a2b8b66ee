/** Fault matrix: a gateway's HTML 502 (not JSON: pop-core rejects with a bare SyntaxError object). */
import { faultSuite } from "./support/matrix";

jest.setTimeout(1_200_000);

faultSuite({
  id: "bad-gateway",
  order: 4,
  label: "Non-JSON 502",
  how: "20% of all calls answered with a Tengine HTML `502 Bad Gateway`, plus the first DescribeFlowLogs of each operation",
  faults: [
    { action: "DescribeFlowLogs", kind: "bad-gateway", count: 1 },
    { action: "*", kind: "bad-gateway", rate: 0.2 },
  ],
});
