/**
 * Fault matrix: the emulator (CLI with --state) is killed -9 mid-operation and restarted on the
 * same port from its state file. Uses the provider's default retry timings, which should ride out
 * a restart of about a second.
 */
import { CliEmulator } from "./support/emulators";
import { DEFAULT_RETRY_TIMINGS, callsSeen, faultSuite, firstRequestArrived } from "./support/matrix";

jest.setTimeout(1_200_000);

faultSuite({
  id: "emulator-restart",
  order: 8,
  label: "Emulator restart (kill -9, --state)",
  how: "CLI emulator killed -9 mid-operation, restarted on the same port after 0.5 s; default retry timings (200 ms / 5 s)",
  emulator: "cli",
  env: DEFAULT_RETRY_TIMINGS,
  during: async ({ emu, op, cmd }) => {
    let from: string;
    if (op === "up") from = `after ${await callsSeen(emu, "CreateFlowLog", 8, cmd)} CreateFlowLog`;
    else if (op === "destroy") from = `after ${await callsSeen(emu, "DeleteFlowLog", 6, cmd)} DeleteFlowLog`;
    else from = `at ${await firstRequestArrived(emu, cmd)}`;
    await (emu as CliEmulator).restart(500);
    return `restart ${from}`;
  },
});
