/**
 * The thin slice through every layer: the real engine runs a temp copy of the quickstart (every
 * resource kind of the package) against the emulator: preview -> up -> preview (no changes) -> destroy,
 * checking what the emulator holds and how many API calls each step made.
 */
import * as fs from "fs";
import { Workspace, resourcesOfType } from "../support/pulumi";
import { Emulator, actions, providerEnv, startTestEmulator } from "../support/emulatorEnv";

jest.setTimeout(600_000);

/** Every resource of the quickstart: its type (after `pulumi-nodejs:dynamic/`) and name. */
const RESOURCES = [
  ["sag:FlowLog", "edge"],
  ["vpc:FlowLogService", "flow-logs"],
  ["vpc:FlowLog", "network"],
  ["vpc:TrafficMirrorService", "mirror"],
  ["vpc:TrafficMirrorFilter", "web"],
  ["vpc:TrafficMirrorSession", "web"],
] as const;

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
    for (const [type, name] of RESOURCES) {
      expect(r.stdout).toMatch(new RegExp(`\\+\\s+pulumi-nodejs:dynamic/${type}\\s+${name}\\s+create`));
    }
    expect(actions(emulator)).toEqual([]);
  });

  it("creates a flow log, a VPC flow log, a filter and a session, and opens both services on up", async () => {
    emulator.clearJournal();
    await ws.ok(["up", "--yes", "--skip-preview"]);
    const state = emulator.state();
    expect(state.flowLogs).toHaveLength(1);
    const outputs = await ws.outputs();
    expect(outputs.flowLogId).toMatch(/^fl-[a-z0-9]{18}$/);
    expect(state.flowLogs[0].flowLogId).toBe(outputs.flowLogId);
    const [vpcRegion] = state.vpcFlowLogs;
    expect(vpcRegion).toMatchObject({ regionId: "cn-hangzhou", enabled: true });
    expect(vpcRegion.flowLogs?.map((f) => [f.flowLogId, f.resourceId, f.status])).toEqual([
      [outputs.vpcFlowLogId, "vpc-demohangzhou0001", "Active"],
    ]);
    const [mirrorRegion] = state.trafficMirror;
    expect(mirrorRegion.filters?.map((f) => f.trafficMirrorFilterId)).toEqual([outputs.filterId]);
    expect(mirrorRegion.sessions?.map((t) => [t.trafficMirrorSessionId, t.filterId, t.sourceIds, t.enabled])).toEqual([
      [outputs.sessionId, outputs.filterId, ["eni-demohangzhou0001"], true],
    ]);
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
    const smartag = emulator
      .journal()
      .filter((e) => e.product === "smartag")
      .map((e) => e.action);
    expect(smartag).toEqual(["DescribeFlowLogs", "CreateFlowLog", "AssociateFlowLog"]);
    // One create per VPC resource, each after its region's listing; no ClientToken-less create twice.
    const creates = actions(emulator).filter((a) => /^Create/.test(a));
    expect(creates.sort()).toEqual(["CreateFlowLog", "CreateFlowLog", "CreateTrafficMirrorFilter", "CreateTrafficMirrorSession"]);
  });

  it("previews no changes afterwards, again without API calls", async () => {
    emulator.clearJournal();
    const r = await ws.ok(["preview", "--expect-no-changes"]);
    expect(r.stdout).not.toMatch(/~\s+pulumi-nodejs/);
    expect(actions(emulator)).toEqual([]);
  });

  it("stores a small __provider that requires the package by name", async () => {
    const checkpoint = JSON.parse(fs.readFileSync(ws.stateFile(), "utf8"));
    for (const [type] of RESOURCES) {
      const [res] = resourcesOfType(checkpoint, `pulumi-nodejs:dynamic/${type}`);
      const provider: string = res.outputs.__provider;
      expect(Buffer.byteLength(provider)).toBeLessThanOrEqual(1024);
      expect(provider).toContain('require("pulumi-alicloud-traffic/dist/provider/shims/');
    }
  });

  it("destroys everything it created (the two services cannot be closed: they stay open)", async () => {
    emulator.clearJournal();
    await ws.ok(["destroy", "--yes"]);
    const state = emulator.state();
    expect(state.flowLogs).toHaveLength(0);
    expect(state.vpcFlowLogs.flatMap((r) => r.flowLogs ?? [])).toHaveLength(0);
    expect(state.trafficMirror.flatMap((r) => [...(r.filters ?? []), ...(r.sessions ?? [])])).toHaveLength(0);
    expect(actions(emulator)).toEqual(
      expect.arrayContaining(["DisassociateFlowLog", "DeleteFlowLog", "DeleteTrafficMirrorSession", "DeleteTrafficMirrorFilter"]),
    );
  });
});
