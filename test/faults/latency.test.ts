/**
 * Fault matrix: responses slower than the client timeout. The emulator still executes the delayed
 * request after the client gave up, exactly like a slow real endpoint, so a create that timed out
 * may commit after the provider looked for it.
 */
import { Workspace } from "../support/pulumi";
import { providerEnv, startTestEmulator } from "../support/emulatorEnv";
import { parseMarker } from "../../provider/sag/marker";
import { faultSuite } from "./support/matrix";

jest.setTimeout(1_200_000);

faultSuite({
  id: "latency",
  order: 5,
  label: "Latency beyond the client timeout",
  how: "`ALICLOUD_TRAFFIC_TIMEOUT_MS=1500`; 15% of all calls held 2500 ms, then served, plus the first DescribeFlowLogs of each operation",
  env: { ALICLOUD_TRAFFIC_TIMEOUT_MS: "1500" },
  faults: [
    { action: "DescribeFlowLogs", kind: "latency", count: 1, latencyMs: 2500 },
    { action: "*", kind: "latency", rate: 0.15, latencyMs: 2500 },
  ],
  settleMs: 3000,
});

// The smallest reproduction of what the matrix row shows: one flow log, one slow CreateFlowLog.
(process.env.ALICLOUD_TRAFFIC_FAULT_MATRIX === "1" ? describe : describe.skip)("a CreateFlowLog that times out but commits later", () => {
  it("leaves exactly one flow log", async () => {
    const emulator = await startTestEmulator({ seed: 5 });
    const ws = new Workspace("fault-latency-one", {
      from: "test/programs/flowlogs",
      env: { ...providerEnv(emulator), ALICLOUD_TRAFFIC_TIMEOUT_MS: "1500" },
    });
    try {
      await ws.init({ count: "1" });
      emulator.injectFault({ action: "CreateFlowLog", kind: "latency", latencyMs: 2500, count: 1 });
      await ws.ok(["up", "--yes", "--skip-preview"]);
      await new Promise((r) => setTimeout(r, 3000)); // the held request commits now
      const held = emulator.state().flowLogs;
      const tokens = held.map((f) => parseMarker(f.description).token);
      // The provider looked by name at the timeout (nothing yet), again one timeout later (the
      // held request had committed by then) and adopted it: one flow log, no second create.
      expect({ flowLogs: held.length, distinctMarkers: new Set(tokens).size }).toEqual({ flowLogs: 1, distinctMarkers: 1 });
      expect(held.map((f) => f.flowLogId)).toEqual((await ws.outputs()).flowLogIds);
      expect(emulator.journal().filter((e) => e.action === "CreateFlowLog")).toHaveLength(1);
    } finally {
      await emulator.close();
      ws.cleanup();
    }
  });
});
