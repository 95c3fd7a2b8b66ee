/**
 * Fault matrix: connection refused for 5 s in the middle of each operation (open connections
 * dropped too). With the test retry timings (at most ~3.5 s of backoff per call) the run fails,
 * which is what this case is for: the message, and the re-run.
 */
import { callsSeen, faultSuite, firstRequestArrived } from "./support/matrix";

jest.setTimeout(1_200_000);

const OUTAGE_MS = 5000;

faultSuite({
  id: "outage",
  order: 7,
  label: "Connection refused (outage)",
  how: `listener down for ${OUTAGE_MS / 1000} s mid-operation; open connections dropped`,
  during: async ({ emu, op, cmd }) => {
    let from: string;
    if (op === "up") from = `after ${await callsSeen(emu, "CreateFlowLog", 8, cmd)} CreateFlowLog`;
    else if (op === "destroy") from = `after ${await callsSeen(emu, "DeleteFlowLog", 6, cmd)} DeleteFlowLog`;
    else from = `at ${await firstRequestArrived(emu, cmd)}`;
    await emu.outage(OUTAGE_MS);
    return `outage ${from}`;
  },
});
