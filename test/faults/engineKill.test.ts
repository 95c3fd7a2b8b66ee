/**
 * Fault matrix: the whole `pulumi` process tree (CLI, language host, program, dynamic provider)
 * SIGKILLed mid-operation, then the operation run again from scratch. Creates that were sent but
 * not recorded in the state must be adopted (found by their marker, which the state identity in the
 * checkpoint names), never duplicated.
 */
import { callsSeen, faultSuite, firstRequestArrived } from "./support/matrix";

jest.setTimeout(1_200_000);

faultSuite({
  id: "engine-kill",
  order: 9,
  label: "Engine killed (SIGKILL)",
  how: "SIGKILL to the whole `pulumi` process tree (CLI, language host, program, dynamic provider) mid-operation, then a fresh run",
  during: async ({ emu, op, cmd }) => {
    let from: string;
    if (op === "up") from = `after ${await callsSeen(emu, "CreateFlowLog", 8, cmd)} CreateFlowLog`;
    else if (op === "destroy") from = `after ${await callsSeen(emu, "DeleteFlowLog", 6, cmd)} DeleteFlowLog`;
    else from = `at ${await firstRequestArrived(emu, cmd)}`;
    const pids = await cmd.killTree();
    // The CLI, the language host, node running the program, and the dynamic provider (+ its shell wrapper).
    expect(pids.length).toBeGreaterThanOrEqual(op === "up" ? 4 : 3);
    return `SIGKILL to ${pids.length} processes ${from}`;
  },
});
