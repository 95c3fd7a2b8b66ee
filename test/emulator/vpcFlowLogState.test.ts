/**
 * VPC flow logs as state and configuration: persistence across a restart of the CLI with --state (key
 * `vpcFlowLogs` of the vpc slice; a file without it loads), `GET /_emulator/state`, reset, the vpc control
 * routes for flow logs, the seeded network (VPCs, vSwitches, ENIs) and its start options and CLI flags, the
 * flow-log start options, product-scoped faults, and the smartag flow-log family still answering under its
 * own version next to vpc's same-named actions.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type RPCClient = require("@alicloud/pop-core");
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { NETFLOW_LOG, SMARTAG, VPC, call, expectPopError, pop, raw, runCli, spawnCli, start, type SpawnedCli } from "./helpers";

const HZ = "cn-hangzhou";
const SH = "cn-shanghai";
const ENI_LOG = { ResourceType: "NetworkInterface", ResourceId: "eni-demohangzhou0001", TrafficType: "All" };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "emu-vpcfl-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const control = async (url: string, method: string, route: string, body?: unknown) =>
  raw(url, {
    method,
    path: `/_emulator/vpc/${route}`,
    ...(body !== undefined ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {}),
  });

async function stop(cli: SpawnedCli): Promise<void> {
  cli.child.kill("SIGTERM");
  await cli.exited;
}

describe("persistence", () => {
  it("a restart of the CLI with --state keeps the service, flow logs (statuses, pending transitions, tags) and OpenFlowLogService's ClientToken", async () => {
    const statePath = path.join(dir, "state.json");
    const args = ["--port", "0", "--quiet", "--state", statePath, "--vpc-flow-log-transition-ms", "60000"];
    const first = await spawnCli(args);
    let listed: Record<string, any>;
    let view: unknown;
    let ids: string[];
    try {
      const c = pop(first.url, VPC);
      const api = (action: string, params: Record<string, unknown> = {}) => call(c, action, { RegionId: HZ, ...params });
      await api("OpenFlowLogService", { ClientToken: "open-persist" });
      const active = (await api("CreateFlowLog", { ...ENI_LOG, FlowLogName: "active", Tag: [{ Key: "k", Value: "v" }] })).FlowLogId;
      const inactive = (await api("CreateFlowLog", { ...ENI_LOG, FlowLogName: "inactive", AggregationInterval: 1 })).FlowLogId;
      await control(first.url, "POST", `flow-log/${HZ}/settle`);
      await api("DeactiveFlowLog", { FlowLogId: inactive });
      await control(first.url, "POST", `flow-log/${HZ}/settle`);
      await api("TagResources", { ResourceType: "FLOWLOG", ResourceId: [inactive], Tag: [{ Key: "team", Value: "net" }] });
      const activating = (await api("CreateFlowLog", { ...ENI_LOG, ResourceType: "VPC", ResourceId: "vpc-demohangzhou0001" })).FlowLogId;
      ids = [active, inactive, activating];
      listed = await api("DescribeFlowLogs");
      expect(listed.FlowLogs.FlowLog.map((f: { Status: string }) => f.Status)).toEqual(["Active", "Inactive", "Activating"]);
      view = (await raw(first.url, { path: "/_emulator/state" })).json.vpcFlowLogs;
    } finally {
      await stop(first);
    }

    const file = JSON.parse(readFileSync(statePath, "utf8"));
    expect(Object.keys(file)).toEqual(["format", "version", "flowLogs", "sags", "trafficMirror", "clientTokens", "vpcFlowLogs"]);
    expect(file.vpcFlowLogs).toEqual([
      {
        regionId: HZ,
        openedAt: expect.any(String),
        enabledAt: expect.any(String),
        flowLogs: ids.map((flowLogId) => expect.objectContaining({ flowLogId })),
      },
    ]);

    const second = await spawnCli(args);
    try {
      const c = pop(second.url, VPC);
      const api = (action: string, params: Record<string, unknown> = {}) => call(c, action, { RegionId: HZ, ...params });
      expect({ ...(await api("DescribeFlowLogs")), RequestId: "" }).toEqual({ ...listed, RequestId: "" });
      expect((await raw(second.url, { path: "/_emulator/state" })).json.vpcFlowLogs).toEqual(view);
      expect((await api("GetFlowLogServiceStatus")).Enabled).toBe(true);
      // The token replays its first result; a new one is ExceedPurchaseLimit.
      expect((await api("OpenFlowLogService", { ClientToken: "open-persist" })).Code).toBe("200");
      await expectPopError(api("OpenFlowLogService", { ClientToken: "open-other" }), "OperationFailed.ExceedPurchaseLimit", 400);
      // The pending transition survived: still Activating (60 s), so still busy.
      await expectPopError(api("DeleteFlowLog", { FlowLogId: ids[2] }), "IncorrectStatus.flowlog", 400);
      expect(await (await control(second.url, "POST", `flow-log/${HZ}/settle`)).json).toEqual({ regionId: HZ, settled: 1 });
      // Creation order continues after the restored records.
      const later = (await api("CreateFlowLog", ENI_LOG)).FlowLogId;
      expect((await api("DescribeFlowLogs")).FlowLogs.FlowLog.map((f: { FlowLogId: string }) => f.FlowLogId)).toEqual([...ids, later]);
    } finally {
      await stop(second);
    }
  });

  it("a state file without vpcFlowLogs loads (no region opened) and stays without the key until one is; reset clears them", async () => {
    const statePath = path.join(dir, "state.json");
    writeFileSync(statePath, JSON.stringify({ format: "pulumi-alicloud-traffic-emulator-state", version: 1, flowLogs: [], sags: [] }));
    const emu = await start({ statePath });
    try {
      expect(emu.state().vpcFlowLogs).toEqual([]);
      const smartag = pop(emu.url, SMARTAG);
      await call(smartag, "CreateFlowLog", { RegionId: HZ, ...NETFLOW_LOG });
      await emu.reset();
      expect(Object.keys(JSON.parse(readFileSync(statePath, "utf8")))).not.toContain("vpcFlowLogs");
      const c = pop(emu.url, VPC);
      await call(c, "OpenFlowLogService", { RegionId: HZ });
      await call(c, "CreateFlowLog", { RegionId: HZ, ...ENI_LOG });
      expect(emu.state().vpcFlowLogs).toHaveLength(1);
      await emu.reset();
      expect(emu.state().vpcFlowLogs).toEqual([]);
      expect((await call(c, "GetFlowLogServiceStatus", { RegionId: HZ })).Enabled).toBe(false);
      expect(JSON.parse(readFileSync(statePath, "utf8")).vpcFlowLogs).toBeUndefined();
    } finally {
      await emu.close();
    }
  });
});

describe("the state view and the control routes", () => {
  let emu: RunningEmulator;
  let c: RPCClient;
  const api = (action: string, params: Record<string, unknown> = {}) => call(c, action, { RegionId: HZ, ...params });
  beforeAll(async () => {
    emu = await start({ vpcFlowLogTransitionMs: 60_000 });
    c = pop(emu.url, VPC);
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    await emu.reset();
    await api("OpenFlowLogService");
  });

  it("GET /_emulator/state lists each opened region with its flow logs and their status now", async () => {
    const id = (await api("CreateFlowLog", { ...ENI_LOG, FlowLogName: "seen" })).FlowLogId;
    await call(c, "OpenFlowLogService", { RegionId: SH });
    const state = (await raw(emu.url, { path: "/_emulator/state" })).json;
    expect(state.vpcFlowLogs).toEqual([
      {
        regionId: HZ,
        enabled: true,
        openedAt: expect.any(String),
        enabledAt: expect.any(String),
        flowLogs: [
          {
            flowLogId: id,
            regionId: HZ,
            seq: expect.any(Number),
            name: "seen",
            resourceType: "NetworkInterface",
            resourceId: "eni-demohangzhou0001",
            vpcId: "vpc-demohangzhou0001",
            trafficType: "All",
            aggregationInterval: 10,
            trafficPath: ["all"],
            ipVersion: "IPv4",
            resourceGroupId: "rg-acfmxemulator01",
            tags: [],
            creationTime: expect.any(String),
            status: "Activating",
          },
        ],
      },
      { regionId: SH, enabled: true, openedAt: expect.any(String), enabledAt: expect.any(String) },
    ]);
    expect(emu.state().vpcFlowLogs).toEqual(state.vpcFlowLogs);
  });

  it("GET flow-log/<region> shows the service, the flow logs and the seeded VPCs, vSwitches and ENIs", async () => {
    const id = (await api("CreateFlowLog", ENI_LOG)).FlowLogId;
    const hz = (await control(emu.url, "GET", `flow-log/${HZ}`)).json;
    expect(hz).toMatchObject({ regionId: HZ, enabled: true, flowLogs: [{ flowLogId: id, status: "Activating" }] });
    expect(hz.vpcs).toEqual([
      {
        vpcId: "vpc-demohangzhou0001",
        vSwitches: [
          { vSwitchId: "vsw-demohangzhou0001", networkInterfaceIds: [1, 2, 3].map((i) => `eni-demohangzhou000${i}`) },
          { vSwitchId: "vsw-demohangzhou0002", networkInterfaceIds: [4, 5, 6].map((i) => `eni-demohangzhou000${i}`) },
        ],
      },
      { vpcId: "vpc-demohangzhou0002", vSwitches: [{ vSwitchId: "vsw-demohangzhou0003", networkInterfaceIds: [] }] },
    ]);
    expect(hz.unattachedNetworkInterfaceIds).toEqual([]);
    expect((await control(emu.url, "GET", "flow-log/eu-central-1")).json).toEqual({
      regionId: "eu-central-1",
      enabled: false,
      flowLogs: [],
      vpcs: [],
      unattachedNetworkInterfaceIds: [],
    });
  });

  it("flow logs can be settled, deactivated, re-described and deleted out of band", async () => {
    const id = (await api("CreateFlowLog", ENI_LOG)).FlowLogId;
    const other = (await api("CreateFlowLog", ENI_LOG)).FlowLogId;
    const describe = async () => (await api("DescribeFlowLogs", { FlowLogId: id })).FlowLogs.FlowLog[0];
    expect((await control(emu.url, "POST", `flow-log/${HZ}/settle`)).json).toEqual({ regionId: HZ, settled: 2 });
    expect((await describe()).Status).toBe("Active");

    expect((await control(emu.url, "POST", `flow-logs/${id}/deactivate`)).json).toEqual({ flowLogId: id, found: true, status: "Inactive" });
    expect((await describe()).Status).toBe("Inactive");
    expect((await control(emu.url, "POST", `flow-logs/${id}/description`, { description: "drifted" })).json).toEqual({
      flowLogId: id,
      found: true,
      description: "drifted",
    });
    expect((await describe()).Description).toBe("drifted");
    const bad = await control(emu.url, "POST", `flow-logs/${id}/description`, { description: 7 });
    expect({ status: bad.status, body: bad.json }).toEqual({ status: 400, body: { error: '"description" must be a string' } });
    expect((await control(emu.url, "POST", "flow-logs/fl-nope/deactivate")).json.found).toBe(false);

    // Deleted with no checks, even while another task runs on it.
    await api("ModifyFlowLogAttribute", { FlowLogId: other, FlowLogName: "busy" });
    expect((await control(emu.url, "POST", `flow-logs/${other}/delete`)).json).toEqual({ flowLogId: other, removed: true });
    expect((await control(emu.url, "POST", `flow-logs/${other}/delete`)).json).toEqual({ flowLogId: other, removed: false });
    expect((await api("DescribeFlowLogs")).FlowLogs.FlowLog.map((f: { FlowLogId: string }) => f.FlowLogId)).toEqual([id]);
  });
});

describe("start options and CLI flags", () => {
  it("vpcs / vSwitches / networkInterfaces replace the demo network as a whole; VpcId follows the given hierarchy", async () => {
    const emu = await start({
      vpcFlowLogTransitionMs: 0,
      vpcs: [{ regionId: HZ, vpcId: "vpc-mine01" }],
      vSwitches: [{ regionId: HZ, vSwitchId: "vsw-mine01", vpcId: "vpc-mine01" }],
      networkInterfaces: [
        { regionId: HZ, networkInterfaceId: "eni-mine01", vSwitchId: "vsw-mine01" },
        { regionId: HZ, networkInterfaceId: "eni-loose01" },
      ],
    });
    try {
      const c = pop(emu.url, VPC);
      const api = (action: string, params: Record<string, unknown> = {}) => call(c, action, { RegionId: HZ, ...params });
      await api("OpenFlowLogService");
      const eniLog = (await api("CreateFlowLog", { ...ENI_LOG, ResourceId: "eni-mine01" })).FlowLogId;
      const vswLog = (await api("CreateFlowLog", { ...ENI_LOG, ResourceType: "VSwitch", ResourceId: "vsw-mine01" })).FlowLogId;
      const loose = (await api("CreateFlowLog", { ...ENI_LOG, ResourceId: "eni-loose01" })).FlowLogId;
      expect(loose).toMatch(/^fl-/);
      const byVpc = (await api("DescribeFlowLogs", { VpcId: "vpc-mine01" })).FlowLogs.FlowLog.map(
        (f: { FlowLogId: string }) => f.FlowLogId,
      );
      expect(byVpc).toEqual([eniLog, vswLog]);
      // The demo network is gone.
      for (const [ResourceType, ResourceId] of [
        ["NetworkInterface", "eni-demohangzhou0001"],
        ["VSwitch", "vsw-demohangzhou0001"],
        ["VPC", "vpc-demohangzhou0001"],
      ]) {
        await expectPopError(api("CreateFlowLog", { ...ENI_LOG, ResourceType, ResourceId }), "InvalidResourceId.NotFound", 400);
      }
      expect((await control(emu.url, "GET", `flow-log/${HZ}`)).json).toMatchObject({
        vpcs: [{ vpcId: "vpc-mine01", vSwitches: [{ vSwitchId: "vsw-mine01", networkInterfaceIds: ["eni-mine01"] }] }],
        unattachedNetworkInterfaceIds: ["eni-loose01"],
      });
    } finally {
      await emu.close();
    }
  });

  it.each<[string, EmulatorOptions, RegExp]>([
    ["a negative vpcFlowLogQuota", { vpcFlowLogQuota: -1 }, /vpcFlowLogQuota must be a non-negative integer/],
    ["a fractional vpcFlowLogTransitionMs", { vpcFlowLogTransitionMs: 1.5 }, /vpcFlowLogTransitionMs must be a non-negative integer/],
    ["a negative vpcFlowLogActivationMs", { vpcFlowLogActivationMs: -5 }, /vpcFlowLogActivationMs must be a non-negative integer/],
    ["a VPC id of another shape", { vpcs: [{ regionId: HZ, vpcId: "vsw-x1" }] }, /vpcs need a regionId and a vpcId of the form vpc-/],
    [
      "a vSwitch in a VPC that is not seeded",
      { vpcs: [], vSwitches: [{ regionId: HZ, vSwitchId: "vsw-x1", vpcId: "vpc-x1" }] },
      /vSwitch vsw-x1 names VPC vpc-x1, which is not seeded in cn-hangzhou/,
    ],
    [
      "a vSwitch in a VPC of another region",
      { vpcs: [{ regionId: SH, vpcId: "vpc-x1" }], vSwitches: [{ regionId: HZ, vSwitchId: "vsw-x1", vpcId: "vpc-x1" }] },
      /which is not seeded in cn-hangzhou/,
    ],
    [
      "an ENI in a vSwitch that is not seeded",
      { networkInterfaces: [{ regionId: HZ, networkInterfaceId: "eni-x1", vSwitchId: "vsw-x1" }] },
      /ENI eni-x1 names vSwitch vsw-x1, which is not seeded in cn-hangzhou/,
    ],
    ["a VPC seeded twice", { vpcs: [HZ, SH].map((regionId) => ({ regionId, vpcId: "vpc-x1" })) }, /vpc-x1 is seeded twice/],
  ])("startEmulator rejects %s", async (_label, options, message) => {
    await expect(startEmulator({ port: 0, log: false, ...options })).rejects.toThrow(message);
  });

  it("--vpc / --vswitch / --eni REGION:ENI:VSW and the --vpc-flow-log-* flags reach the vpc module", async () => {
    const cli = await spawnCli([
      "--port=0",
      "--quiet",
      "--vpc",
      `${HZ}:vpc-cli01`,
      "--vswitch",
      `${HZ}:vsw-cli01:vpc-cli01`,
      "--eni",
      `${HZ}:eni-cli01:vsw-cli01`,
      "--vpc-flow-log-activation-ms",
      "0",
      "--vpc-flow-log-transition-ms=60000",
      "--vpc-flow-log-quota",
      "1",
    ]);
    try {
      expect((await control(cli.url, "GET", `flow-log/${HZ}`)).json.vpcs).toEqual([
        { vpcId: "vpc-cli01", vSwitches: [{ vSwitchId: "vsw-cli01", networkInterfaceIds: ["eni-cli01"] }] },
      ]);
      const c = pop(cli.url, VPC);
      const api = (action: string, params: Record<string, unknown> = {}) => call(c, action, { RegionId: HZ, ...params });
      await api("OpenFlowLogService");
      const id = (await api("CreateFlowLog", { ...ENI_LOG, ResourceId: "eni-cli01" })).FlowLogId;
      await new Promise((r) => setTimeout(r, 400)); // past the default 300 ms
      expect((await api("DescribeFlowLogs", { FlowLogId: id, VpcId: "vpc-cli01" })).FlowLogs.FlowLog[0].Status).toBe("Activating");
      await expectPopError(api("CreateFlowLog", { ...ENI_LOG, ResourceId: "eni-cli01" }), "QuotaExceeded.FlowLog", 400);
    } finally {
      await stop(cli);
    }
  });

  it("--vpc-flow-log-activation-ms delays Enabled", async () => {
    const cli = await spawnCli(["--port=0", "--quiet", "--vpc-flow-log-activation-ms", "60000"]);
    try {
      const c = pop(cli.url, VPC);
      await call(c, "OpenFlowLogService", { RegionId: HZ });
      expect((await call(c, "GetFlowLogServiceStatus", { RegionId: HZ })).Enabled).toBe(false);
    } finally {
      await stop(cli);
    }
  });

  it.each([
    [["--vpc", "cn-hangzhou:vsw-x1"], /invalid --vpc "cn-hangzhou:vsw-x1"/],
    [["--vswitch", "cn-hangzhou:vsw-x1"], /invalid --vswitch "cn-hangzhou:vsw-x1": expected <region>:vsw-<lowercase alnum>:vpc-<id>/],
    [["--eni", "cn-hangzhou:eni-x1:vpc-x1"], /invalid --eni/],
    [["--vswitch", "cn-hangzhou:vsw-x1:vpc-x1"], /invalid network \(--vpc \/ --vswitch \/ --eni\): vSwitch vsw-x1 names VPC vpc-x1/],
    [["--vpc-flow-log-quota", "-1"], /--vpc-flow-log-quota expects a non-negative integer/],
    [["--vpc-flow-log-transition-ms", "soon"], /--vpc-flow-log-transition-ms expects a non-negative integer/],
  ])("the CLI rejects %j with exit code 2 and usage", async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("--vswitch REGION:VSW-ID:VPC-ID");
    expect(r.stdout).toBe("");
  });
});

describe("two products, one set of action names", () => {
  let emu: RunningEmulator;
  let vpc: RPCClient;
  let smartag: RPCClient;
  beforeAll(async () => {
    emu = await start({ vpcFlowLogTransitionMs: 0 });
    vpc = pop(emu.url, VPC);
    smartag = pop(emu.url, SMARTAG);
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    await emu.reset();
    await call(vpc, "OpenFlowLogService", { RegionId: HZ });
  });

  it("the smartag flow-log family still answers under 2018-03-13, and each product sees only its own flow logs", async () => {
    const sag = (await call(smartag, "CreateFlowLog", { RegionId: HZ, ...NETFLOW_LOG, Name: "sag-log" })).FlowLogId;
    const own = (await call(vpc, "CreateFlowLog", { RegionId: HZ, ...ENI_LOG, FlowLogName: "vpc-log" })).FlowLogId;
    const sagList = await call(smartag, "DescribeFlowLogs", { RegionId: HZ });
    expect(sagList).toMatchObject({ TotalCount: 1, FlowLogs: { FlowLogSetType: [{ FlowLogId: sag, Name: "sag-log" }] } });
    const vpcList = await call(vpc, "DescribeFlowLogs", { RegionId: HZ });
    expect(vpcList).toMatchObject({ TotalCount: "1", FlowLogs: { FlowLog: [{ FlowLogId: own, FlowLogName: "vpc-log" }] } });
    // Each product's ids are unknown to the other, with that product's own not-found code.
    await expectPopError(call(smartag, "DeleteFlowLog", { RegionId: HZ, FlowLogId: own }), "InvalidFlowLogId.NotFound", 400);
    await expectPopError(call(vpc, "DeleteFlowLog", { RegionId: HZ, FlowLogId: sag }), "InvalidInstanceId", 400);
    await call(smartag, "DeactiveFlowLog", { RegionId: HZ, FlowLogId: sag });
    await call(vpc, "DeactiveFlowLog", { RegionId: HZ, FlowLogId: own });
    expect((await call(smartag, "DescribeFlowLogs", { RegionId: HZ })).FlowLogs.FlowLogSetType[0].Status).toBe("Inactive");
    expect((await call(vpc, "DescribeFlowLogs", { RegionId: HZ })).FlowLogs.FlowLog[0].Status).toBe("Inactive");
    await call(smartag, "DeleteFlowLog", { RegionId: HZ, FlowLogId: sag });
    await call(vpc, "DeleteFlowLog", { RegionId: HZ, FlowLogId: own });
    expect(emu.state()).toMatchObject({ flowLogs: [], vpcFlowLogs: [{ regionId: HZ }] });
    expect(emu.state().vpcFlowLogs[0]!.flowLogs).toBeUndefined();
    const journal = emu.journal().map((e) => `${e.product} ${e.action}`);
    expect(journal).toContain("smartag CreateFlowLog");
    expect(journal).toContain("vpc CreateFlowLog");
  });

  it("a fault with product vpc hits vpc's CreateFlowLog only; without product it hits both", async () => {
    emu.clearJournal();
    const scoped = emu.injectFault({ action: "CreateFlowLog", product: "vpc", kind: "internal" });
    expect(scoped).toMatchObject({ action: "CreateFlowLog", product: "vpc", kind: "internal", injected: 0 });
    expect((await call(smartag, "CreateFlowLog", { RegionId: HZ, ...NETFLOW_LOG })).FlowLogId).toMatch(/^fl-/);
    await expectPopError(call(vpc, "CreateFlowLog", { RegionId: HZ, ...ENI_LOG }), "InternalError", 500);
    expect(emu.faults()[0]!.injected).toBe(1);
    expect(emu.journal().map((e) => [e.product, e.action, e.code, e.fault?.id ?? null])).toEqual([
      ["smartag", "CreateFlowLog", null, null],
      ["vpc", "CreateFlowLog", "InternalError", scoped.id],
    ]);

    emu.clearFaults();
    emu.clearJournal();
    const both = emu.injectFault({ action: "CreateFlowLog", kind: "throttling" });
    expect(both.product).toBeNull();
    await expectPopError(call(smartag, "CreateFlowLog", { RegionId: HZ, ...NETFLOW_LOG }), "Throttling", 400);
    await expectPopError(call(vpc, "CreateFlowLog", { RegionId: HZ, ...ENI_LOG }), "Throttling", 400);
    expect(emu.faults()[0]!.injected).toBe(2);
  });

  it("the control plane takes product too, and refuses a product the emulator does not serve", async () => {
    const post = (body: unknown) =>
      raw(emu.url, {
        method: "POST",
        path: "/_emulator/faults",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const ok = await post({ action: "DescribeFlowLogs", product: "smartag", kind: "unavailable" });
    expect(ok.status).toBe(201);
    expect(ok.json.fault).toMatchObject({ action: "DescribeFlowLogs", product: "smartag", kind: "unavailable" });
    expect((await call(vpc, "DescribeFlowLogs", { RegionId: HZ })).TotalCount).toBe("0");
    await expectPopError(call(smartag, "DescribeFlowLogs", { RegionId: HZ }), "ServiceUnavailable", 503);
    for (const product of ["ecs", "", 7]) {
      const bad = await post({ action: "CreateFlowLog", product, kind: "internal" });
      expect({ status: bad.status, error: bad.json.error }).toEqual({ status: 400, error: '"product" must be one of smartag, vpc' });
    }
    expect(() => emu.injectFault({ action: "CreateFlowLog", product: "Vpc", kind: "internal" })).toThrow(
      '"product" must be one of smartag, vpc',
    );
  });
});
