/**
 * sag.FlowLog and vpc.TrafficMirrorService through the real engine, step by step, with the
 * emulator's journal as the witness of every API call.
 */
import * as fs from "fs";
import { Workspace, resourcesOfType } from "../support/pulumi";
import { Emulator, actions, outOfBand, providerEnv, startTestEmulator } from "../support/emulatorEnv";

jest.setTimeout(600_000);

const FLOW_LOG = "pulumi-nodejs:dynamic/sag:FlowLog";

async function flowLogIds(ws: Workspace): Promise<string[]> {
  return (await ws.outputs()).flowLogIds;
}

describe("sag.FlowLog lifecycle", () => {
  let emulator: Emulator;
  let ws: Workspace;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    ws = new Workspace("lifecycle", { from: "test/programs/flowlogs", env: providerEnv(emulator) });
    await ws.init({ count: "2" });
  });
  afterAll(async () => {
    await emulator?.close();
    ws?.cleanup();
  });

  let ids: string[];

  it("creates each flow log with one API call, plus one shared listing of the region", async () => {
    emulator.clearJournal();
    await ws.ok(["up", "--yes"]);
    ids = await flowLogIds(ws);
    expect(ids).toHaveLength(2);
    // One listing of the region, shared by both creates (a flow log an interrupted earlier create of
    // the same resource made would be found there), then one CreateFlowLog each.
    expect(actions(emulator)).toEqual(["DescribeFlowLogs", "CreateFlowLog", "CreateFlowLog"]);
    expect(
      emulator
        .state()
        .flowLogs.map((f) => f.flowLogId)
        .sort(),
    ).toEqual([...ids].sort());
  });

  it("previews no changes, with zero API calls", async () => {
    emulator.clearJournal();
    await ws.ok(["preview", "--expect-no-changes"]);
    expect(actions(emulator)).toEqual([]);
  });

  it("shows no changes for state written by an older package version", async () => {
    // What an older version could have stored: a different serialized provider and no filled-in
    // defaults. The engine sees the new __provider; our diff ignores it and normalizes the rest.
    const state = await ws.exportState();
    for (const r of resourcesOfType(state, FLOW_LOG)) {
      for (const props of [r.inputs, r.outputs]) {
        props.__provider = props.__provider.replace("exports.handler", "/* 0.0.9 */ exports.handler");
        expect(props.__provider).toContain("/* 0.0.9 */");
        delete props.activeAging;
        delete props.inactiveAging;
      }
    }
    const file = `${ws.root}/old-state.json`;
    fs.writeFileSync(file, JSON.stringify(state));
    await ws.ok(["stack", "import", "--file", file]);
    emulator.clearJournal();
    await ws.ok(["preview", "--expect-no-changes"]);
    expect(actions(emulator)).toEqual([]);
  });

  it("changes an aging in place: same FlowLogId, one ModifyFlowLogAttribute each", async () => {
    await ws.ok(["config", "set", "--path", "activeAging", "600"]);
    emulator.clearJournal();
    const r = await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(r.stdout).toMatch(/2 updated/);
    expect(await flowLogIds(ws)).toEqual(ids);
    expect(actions(emulator)).toEqual(["ModifyFlowLogAttribute", "ModifyFlowLogAttribute"]);
    expect(emulator.state().flowLogs.every((f) => f.activeAging === 600)).toBe(true);
    // The user's description stays clean; the marker lives only in the cloud.
    expect(emulator.state().flowLogs.every((f) => /\[pulumi:[0-9a-f]{16}\]$/.test(f.description ?? ""))).toBe(true);
  });

  it("replaces the flow logs when the region changes", async () => {
    await ws.ok(["config", "set", "flowLogRegion", "cn-shanghai"]);
    const preview = await ws.ok(["preview"]);
    expect(preview.stdout).toMatch(/\+-\s+pulumi-nodejs:dynamic\/sag:FlowLog\s+fl-0\s+replace\s+\[diff: ~region\]/);
    await ws.ok(["up", "--yes", "--skip-preview"]);
    const next = await flowLogIds(ws);
    expect(next.some((id) => ids.includes(id))).toBe(false);
    const state = emulator.state().flowLogs;
    expect(state).toHaveLength(2);
    expect(state.every((f) => f.regionId === "cn-shanghai")).toBe(true);
    ids = next;
  });

  it("refresh sees an out-of-band modification and an out-of-band deletion", async () => {
    const call = outOfBand(emulator);
    await call("ModifyFlowLogAttribute", {
      RegionId: "cn-shanghai",
      FlowLogId: ids[0],
      ActiveAging: 1200,
      OutputType: "sls",
      SlsRegionId: "cn-shanghai",
      ProjectName: "netlogs",
      LogstoreName: "sag",
    });
    await call("DeleteFlowLog", { RegionId: "cn-shanghai", FlowLogId: ids[1] });
    emulator.clearJournal();
    const r = await ws.ok(["refresh", "--yes"]);
    expect(r.stdout).toMatch(/fl-0\s+updated/);
    expect(r.stdout).toMatch(/fl-1\s+deleted/);
    const [fl0] = resourcesOfType(await ws.exportState(), FLOW_LOG);
    expect(resourcesOfType(await ws.exportState(), FLOW_LOG)).toHaveLength(1);
    expect(fl0.outputs.activeAging).toBe(1200);
    // The program still says 600 and wants fl-1: the next preview shows exactly that.
    const preview = await ws.ok(["preview", "--diff"]);
    expect(preview.stdout).toMatch(/activeAging\s*:\s*1200 => 600/);
    expect(preview.stdout).toMatch(/\+ pulumi-nodejs:dynamic\/sag:FlowLog: \(create\)[\s\S]*fl-1/);
    expect(actions(emulator).every((a) => a.startsWith("Describe"))).toBe(true);
  });

  it("converges again with up and leaves nothing behind on destroy", async () => {
    await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(emulator.state().flowLogs.map((f) => f.activeAging)).toEqual([600, 600]);
    await ws.ok(["destroy", "--yes"]);
    expect(emulator.state().flowLogs).toEqual([]);
  });
});

describe("sag.FlowLog status and SAG associations", () => {
  let emulator: Emulator;
  let ws: Workspace;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    ws = new Workspace("associations", { from: "test/programs/flowlogs", env: providerEnv(emulator) });
    await ws.init({ count: "2", outputType: "all", status: "Inactive" });
    await ws.ok([
      "config",
      "set",
      "--path",
      "sags",
      '{"0":["sag-demohangzhou000001","sag-demohangzhou000002"],"1":["sag-demohangzhou000003"]}',
    ]);
  });
  afterAll(async () => {
    await emulator?.close();
    ws?.cleanup();
  });

  it("creates with the requested status and associations", async () => {
    emulator.clearJournal();
    await ws.ok(["up", "--yes", "--skip-preview"]);
    const fls = emulator.state().flowLogs;
    expect(fls.map((f) => [f.status, [...f.smartAGIds].sort()]).sort()).toEqual([
      ["Inactive", ["sag-demohangzhou000001", "sag-demohangzhou000002"]],
      ["Inactive", ["sag-demohangzhou000003"]],
    ]);
    expect(actions(emulator).filter((a) => a === "DeactiveFlowLog")).toHaveLength(2);
  });

  it("moves a SAG between flow logs and activates them in one up", async () => {
    await ws.ok([
      "config",
      "set",
      "--path",
      "sags",
      '{"0":["sag-demohangzhou000001"],"1":["sag-demohangzhou000002","sag-demohangzhou000003"]}',
    ]);
    await ws.ok(["config", "set", "status", "Active"]);
    await ws.ok(["up", "--yes", "--skip-preview"]);
    const byId = new Map(emulator.state().flowLogs.map((f) => [f.flowLogId, f]));
    const [id0, id1] = (await ws.outputs()).flowLogIds;
    expect(byId.get(id0)!.smartAGIds).toEqual(["sag-demohangzhou000001"]);
    expect([...byId.get(id1)!.smartAGIds].sort()).toEqual(["sag-demohangzhou000002", "sag-demohangzhou000003"]);
    expect([...byId.values()].every((f) => f.status === "Active")).toBe(true);
    await ws.ok(["preview", "--expect-no-changes"]);
  });

  it("after a refresh, previews show only the fields that change: no computed outputs, no `+ status`", async () => {
    const [id0] = (await ws.outputs()).flowLogIds;
    await outOfBand(emulator)("DeactiveFlowLog", { RegionId: "cn-hangzhou", FlowLogId: id0 });
    await ws.ok(["refresh", "--yes", "--skip-preview"]);
    const drift = await ws.ok(["preview", "--diff"]);
    expect(drift.output).toMatch(/~ status\s*: "Inactive" => "Active"/);
    // A replacement (region change) after the refresh: the change is the region.
    await ws.ok(["config", "set", "flowLogRegion", "cn-shanghai"]);
    const replace = await ws.ok(["preview", "--diff"]);
    await ws.ok(["config", "rm", "flowLogRegion"]);
    expect(replace.output).toMatch(/region\s*: "cn-hangzhou" => "cn-shanghai"/);
    expect(replace.output).not.toMatch(/[-+] (status|flowLogId|totalSagNum|resourceGroupId)\s*:/);
    await ws.ok(["up", "--yes", "--skip-preview"]);
    await ws.ok(["preview", "--expect-no-changes"]);
  });

  it("refuses to delete a flow log bound to a SAG it does not manage, and says what to do", async () => {
    const [id0] = (await ws.outputs()).flowLogIds;
    await outOfBand(emulator)("AssociateFlowLog", { RegionId: "cn-hangzhou", FlowLogId: id0, SmartAGId: "sag-demohangzhou000008" });
    const r = await ws.pulumi(["destroy", "--yes"]);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain(`flow log ${id0} is bound to SAG sag-demohangzhou000008, which this stack does not manage`);
    expect(r.output).toMatch(/Disassociate it first/);
    await outOfBand(emulator)("DisassociateFlowLog", { RegionId: "cn-hangzhou", FlowLogId: id0, SmartAGId: "sag-demohangzhou000008" });
    await ws.ok(["destroy", "--yes"]);
    expect(emulator.state().flowLogs).toEqual([]);
  });
});

describe("vpc.TrafficMirrorService", () => {
  let emulator: Emulator;
  let ws: Workspace;
  beforeAll(async () => {
    emulator = await startTestEmulator({ mirrorActivationMs: 1500 });
    ws = new Workspace("mirror", { from: "test/programs/flowlogs", env: providerEnv(emulator) });
    await ws.init({ count: "0" });
    await ws.ok(["config", "set", "--path", "mirrorRegions", '["cn-hangzhou","cn-shanghai"]']);
  });
  afterAll(async () => {
    await emulator?.close();
    ws?.cleanup();
  });

  it("opens each region once, waits until enabled, and a second up changes nothing", async () => {
    emulator.clearJournal();
    await ws.ok(["up", "--yes", "--skip-preview"]);
    expect((await ws.outputs()).mirrors).toEqual([
      { region: "cn-hangzhou", enabled: true },
      { region: "cn-shanghai", enabled: true },
    ]);
    emulator.clearJournal();
    await ws.ok(["up", "--yes"]);
    expect(actions(emulator)).toEqual([]);
  });

  it("shows drift to disabled on refresh and re-opens it on up", async () => {
    await emulator.disableTrafficMirror("cn-shanghai");
    await ws.ok(["refresh", "--yes"]);
    // The program's outputs: unchanged until up.
    expect((await ws.outputs()).mirrors).toContainEqual({ region: "cn-shanghai", enabled: true });
    const state = await ws.exportState();
    const svc = resourcesOfType(state, "pulumi-nodejs:dynamic/vpc:TrafficMirrorService").find(
      (r: any) => r.outputs.region === "cn-shanghai",
    );
    expect(svc.outputs.enabled).toBe(false);
    emulator.clearJournal();
    await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(actions(emulator).filter((a) => a === "OpenTrafficMirrorService")).toHaveLength(1);
    expect(emulator.state().trafficMirror.find((m) => m.regionId === "cn-shanghai")!.enabled).toBe(true);
  });

  it("warns on destroy that the service stays enabled, and a new stack does not open it again", async () => {
    const r = await ws.ok(["destroy", "--yes"]);
    expect(r.output).toMatch(/traffic mirroring stays enabled in cn-hangzhou: Alibaba Cloud has no API to close the service/);
    const again = new Workspace("mirror-again", { from: "test/programs/flowlogs", env: providerEnv(emulator), stack: "second" });
    try {
      await again.init({ count: "0" });
      await again.ok(["config", "set", "--path", "mirrorRegions", '["cn-hangzhou"]']);
      emulator.clearJournal();
      await again.ok(["up", "--yes", "--skip-preview"]);
      expect(actions(emulator)).toEqual(["GetTrafficMirrorServiceStatus"]);
    } finally {
      again.cleanup();
    }
  });
});
