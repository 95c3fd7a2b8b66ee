/**
 * The thin slice through every layer: the real engine runs a temp copy of the quickstart against
 * the emulator: preview -> up -> preview (no changes) -> destroy, checking what the emulator holds
 * and how many API calls each step made.
 */
import * as fs from "fs";
import { Workspace, resourcesOfType } from "../support/pulumi";
import { Emulator, actions, providerEnv, startTestEmulator } from "../support/emulatorEnv";

jest.setTimeout(600_000);

describe("walking skeleton: quickstart through the real engine", () => {
  let emulator: Emulator;
  let ws: Workspace;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    ws = new Workspace("skeleton", { from: "examples/quickstart", env: providerEnv(emulator) });
    await ws.init();
  });

  afterAll(async () => {
    await emulator?.close();
    ws?.cleanup();
  });

  it("previews without a single API call", async () => {
    emulator.clearJournal();
    const r = await ws.ok(["preview"]);
    expect(r.stdout).toMatch(/\+\s+pulumi-nodejs:dynamic\/sag:FlowLog\s+edge\s+create/);
    expect(r.stdout).toMatch(/\+\s+pulumi-nodejs:dynamic\/vpc:TrafficMirrorService\s+mirror\s+create/);
    expect(actions(emulator)).toEqual([]);
  });

  it("creates one flow log and enables mirroring on up", async () => {
    emulator.clearJournal();
    await ws.ok(["up", "--yes", "--skip-preview"]);
    const state = emulator.state();
    expect(state.flowLogs).toHaveLength(1);
    const outputs = await ws.outputs();
    expect(outputs.flowLogId).toMatch(/^fl-[a-z0-9]{18}$/);
    expect(state.flowLogs[0].flowLogId).toBe(outputs.flowLogId);
    expect(outputs).toMatchObject({
      flowLogStatus: "Active",
      associatedSags: ["sag-demohangzhou000001"],
      mirroringEnabled: true,
      // Inputs the program leaves out are outputs too: the region default and the auto-name.
      mirroringRegion: "cn-hangzhou",
      flowLogName: expect.stringMatching(/^edge-[0-9a-f]{7}$/),
    });
    // The region's listing (looked at before any create), one create, one association; status
    // Active is the start state, so no ActiveFlowLog.
    expect(actions(emulator).filter((a) => a.includes("FlowLog"))).toEqual(["DescribeFlowLogs", "CreateFlowLog", "AssociateFlowLog"]);
  });

  it("previews no changes afterwards, again without API calls", async () => {
    emulator.clearJournal();
    const r = await ws.ok(["preview", "--expect-no-changes"]);
    expect(r.stdout).not.toMatch(/~\s+pulumi-nodejs/);
    expect(actions(emulator)).toEqual([]);
  });

  it("stores a small __provider that requires the package by name", async () => {
    const checkpoint = JSON.parse(fs.readFileSync(ws.stateFile(), "utf8"));
    for (const type of ["pulumi-nodejs:dynamic/sag:FlowLog", "pulumi-nodejs:dynamic/vpc:TrafficMirrorService"]) {
      const [res] = resourcesOfType(checkpoint, type);
      const provider: string = res.outputs.__provider;
      expect(Buffer.byteLength(provider)).toBeLessThanOrEqual(1024);
      expect(provider).toContain('require("pulumi-alicloud-traffic/dist/provider/shims/');
    }
  });

  it("destroys everything it created", async () => {
    emulator.clearJournal();
    await ws.ok(["destroy", "--yes"]);
    expect(emulator.state().flowLogs).toHaveLength(0);
    expect(actions(emulator)).toEqual(expect.arrayContaining(["DisassociateFlowLog", "DeleteFlowLog"]));
  });
});
