/**
 * VPC 2016-04-28 flow logs through @alicloud/pop-core: the service (open, status, ExceedPurchaseLimit,
 * ClientToken, activation delay), CreateFlowLog with every documented parameter and every rejection,
 * DescribeFlowLogs' shape, filters and paging, the asynchronous statuses and the conflicts they cause,
 * ModifyFlowLogAttribute, the not-found codes, the quota, and the tag actions on FLOWLOG.
 */
import type RPCClient = require("@alicloud/pop-core");
import type { RunningEmulator } from "../../emulator";
import { VPC, call, expectPopError, pop, raw, start } from "./helpers";

const HZ = "cn-hangzhou";
const SH = "cn-shanghai";
const ENI = (i: number, city = "hangzhou") => `eni-demo${city}${String(i).padStart(4, "0")}`;
const VSW = (i: number, city = "hangzhou") => `vsw-demo${city}${String(i).padStart(4, "0")}`;
const VPC_ID = (i: number, city = "hangzhou") => `vpc-demo${city}${String(i).padStart(4, "0")}`;

let emu: RunningEmulator;
let vpc: RPCClient;
beforeAll(async () => {
  emu = await start();
  vpc = pop(emu.url, VPC);
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.reset();
  await api("OpenFlowLogService");
});

const api = (action: string, params: Record<string, unknown> = {}, region = HZ) => call(vpc, action, { RegionId: region, ...params });
const settle = async (region = HZ) => (await raw(emu.url, { method: "POST", path: `/_emulator/vpc/flow-log/${region}/settle` })).json;
const ENI_LOG = { ResourceType: "NetworkInterface", ResourceId: ENI(1), TrafficType: "All" };

async function create(over: Record<string, unknown> = {}, region = HZ): Promise<string> {
  return (await api("CreateFlowLog", { ...ENI_LOG, ...over }, region)).FlowLogId as string;
}
const describe_ = async (params: Record<string, unknown> = {}, region = HZ) => api("DescribeFlowLogs", params, region);
const flowLog = async (id: string) => (await describe_({ FlowLogId: id })).FlowLogs.FlowLog[0];
const statusOf = async (id: string) => (await flowLog(id))?.Status as string | undefined;

/** The rejection's exact code, HTTP status and message. */
async function rejects(p: Promise<unknown>, code: string, status: number, message: string): Promise<void> {
  const e = await expectPopError(p, code, status);
  expect(e.data.Message).toBe(message);
}
const invalid = (name: string) => `The specified ${name} is invalid.`;
const mandatory = (name: string) => `${name} is mandatory for this action.`;
const INCORRECT_STATUS = ["IncorrectStatus.flowlog", 400, "Invalid flowlog status."] as const;
const NOT_FOUND = ["InvalidInstanceId.NotFound", 400, "The specfied instance is not existed."] as const;

describe("the flow-log service", () => {
  it("is per region: Enabled false, OpenFlowLogService answers Code 200 / successful, then Enabled true", async () => {
    expect(await api("GetFlowLogServiceStatus", {}, SH)).toEqual({ RequestId: expect.any(String), Enabled: false });
    expect(await api("OpenFlowLogService", {}, SH)).toEqual({ RequestId: expect.any(String), Code: "200", Message: "successful" });
    expect((await api("GetFlowLogServiceStatus", {}, SH)).Enabled).toBe(true);
    expect((await api("GetFlowLogServiceStatus", {}, "cn-beijing")).Enabled).toBe(false);
    expect(emu.state().vpcFlowLogs.map((r) => [r.regionId, r.enabled])).toEqual([
      [HZ, true],
      [SH, true],
    ]);
  });

  it("opening an opened region is OperationFailed.ExceedPurchaseLimit (400)", async () => {
    await rejects(
      api("OpenFlowLogService"),
      "OperationFailed.ExceedPurchaseLimit",
      400,
      "You have reached the limit of purchase quantity.",
    );
    await rejects(
      api("OpenFlowLogService", { ClientToken: "fresh-token" }),
      "OperationFailed.ExceedPurchaseLimit",
      400,
      "You have reached the limit of purchase quantity.",
    );
  });

  it("ClientToken: the same token and parameters replay the first result, other parameters are IdempotentParameterMismatch", async () => {
    const first = await api("OpenFlowLogService", { ClientToken: "open-sh-1" }, SH);
    const openedAt = emu.state().vpcFlowLogs.find((r) => r.regionId === SH)!.openedAt;
    const again = await api("OpenFlowLogService", { ClientToken: "open-sh-1" }, SH);
    expect(again).toEqual({ RequestId: expect.any(String), Code: "200", Message: "successful" });
    expect(again.RequestId).not.toBe(first.RequestId);
    expect(emu.state().vpcFlowLogs.find((r) => r.regionId === SH)!.openedAt).toBe(openedAt);
    await expectPopError(api("OpenFlowLogService", { ClientToken: "open-sh-1" }, "cn-beijing"), "IdempotentParameterMismatch", 400);
    expect((await api("GetFlowLogServiceStatus", {}, "cn-beijing")).Enabled).toBe(false);
    // Tokens are per action: one used by OpenTrafficMirrorService is not a replay here.
    await api("OpenTrafficMirrorService", { ClientToken: "tok-shared" });
    await rejects(
      api("OpenFlowLogService", { ClientToken: "tok-shared" }),
      "OperationFailed.ExceedPurchaseLimit",
      400,
      "You have reached the limit of purchase quantity.",
    );
  });

  it("RegionId is required and must have the region shape; a ClientToken is at most 64 ASCII characters", async () => {
    await rejects(call(vpc, "OpenFlowLogService", {}), "MissingRegionId", 400, mandatory("RegionId"));
    await rejects(call(vpc, "GetFlowLogServiceStatus", {}), "MissingRegionId", 400, mandatory("RegionId"));
    await expectPopError(api("OpenFlowLogService", {}, "Not A Region"), "InvalidRegionId.NotFound", 404);
    await expectPopError(api("GetFlowLogServiceStatus", { ClientToken: "t".repeat(65) }), "InvalidParameter", 400);
    await expectPopError(api("OpenFlowLogService", { ClientToken: "tök" }, SH), "InvalidParameter", 400);
  });

  it("CreateFlowLog in a region where the service is not opened is OperationFailed.FlowLogServiceNotOpened (400)", async () => {
    await rejects(
      create({ ResourceId: ENI(1, "shanghai") }, SH),
      "OperationFailed.FlowLogServiceNotOpened",
      400,
      "The flow log service is not activated in this region. Call OpenFlowLogService first.",
    );
    // Reading, changing and deleting need no service: there is just nothing there.
    expect((await describe_({}, SH)).TotalCount).toBe("0");
    await rejects(api("DeleteFlowLog", { FlowLogId: "fl-nope" }, SH), "InvalidInstanceId", 400, "Instance does not exist.");
  });

  it("with an activation delay the region is not Enabled (nor usable) until it passes; a second open meanwhile is ExceedPurchaseLimit", async () => {
    const slow = await start({ vpcFlowLogActivationMs: 800 });
    try {
      const c = pop(slow.url, VPC);
      const s = (action: string, params: Record<string, unknown> = {}) => call(c, action, { RegionId: HZ, ...params });
      await s("OpenFlowLogService", { ClientToken: "slow-1" });
      expect((await s("GetFlowLogServiceStatus")).Enabled).toBe(false);
      await expectPopError(s("CreateFlowLog", ENI_LOG), "OperationFailed.FlowLogServiceNotOpened", 400);
      await expectPopError(s("OpenFlowLogService"), "OperationFailed.ExceedPurchaseLimit", 400);
      expect((await s("OpenFlowLogService", { ClientToken: "slow-1" })).Code).toBe("200"); // a replay, not a second open
      await new Promise((r) => setTimeout(r, 900));
      expect((await s("GetFlowLogServiceStatus")).Enabled).toBe(true);
      expect((await s("CreateFlowLog", ENI_LOG)).FlowLogId).toMatch(/^fl-/);
    } finally {
      await slow.close();
    }
  });
});

describe("CreateFlowLog and DescribeFlowLogs", () => {
  it("creates with the documented defaults: Activating, then Active after the transition delay (300 ms)", async () => {
    const r = await api("CreateFlowLog", ENI_LOG);
    expect(r).toEqual({
      RequestId: expect.any(String),
      FlowLogId: expect.stringMatching(/^fl-[a-z0-9]{20}$/),
      ResourceGroupId: "rg-acfmxemulator01",
      Success: "true",
    });
    const id = r.FlowLogId as string;
    expect(await statusOf(id)).toBe("Activating");
    await new Promise((resolve) => setTimeout(resolve, 350));
    const listed = await describe_();
    expect(listed).toEqual({
      RequestId: expect.any(String),
      Success: "true",
      TotalCount: "1",
      PageNumber: "1",
      PageSize: "20",
      FlowLogs: {
        FlowLog: [
          {
            FlowLogId: id,
            FlowLogName: "",
            Description: "",
            RegionId: HZ,
            ResourceGroupId: "rg-acfmxemulator01",
            ResourceType: "NetworkInterface",
            ResourceId: ENI(1),
            TrafficType: "All",
            ProjectName: "",
            LogStoreName: "",
            AggregationInterval: 10,
            Status: "Active",
            BusinessStatus: "Normal",
            CreationTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
            IpVersion: "IPv4",
            ServiceType: "",
            FlowLogDeliverStatus: "SUCCESS",
            Tags: { Tag: [] },
            TrafficPath: { TrafficPathList: ["all"] },
          },
        ],
      },
    });
  });

  it("stores every documented parameter", async () => {
    const id = await create({
      ResourceType: "VSwitch",
      ResourceId: VSW(2),
      TrafficType: "Drop",
      ProjectName: "flow-project-1",
      LogStoreName: "flow_store-1",
      AggregationInterval: 1,
      TrafficPath: ["internetGateway", "natGateway"],
      FlowLogName: "my flow log",
      Description: "drops in vsw 2",
      IpVersion: "IPv6",
      ResourceGroupId: "rg-mygroup01",
      Tag: [
        { Key: "env", Value: "test" },
        { Key: "owner", Value: "" },
      ],
    });
    expect(await flowLog(id)).toMatchObject({
      ResourceType: "VSwitch",
      ResourceId: VSW(2),
      TrafficType: "Drop",
      ProjectName: "flow-project-1",
      LogStoreName: "flow_store-1",
      AggregationInterval: 1,
      TrafficPath: { TrafficPathList: ["internetGateway", "natGateway"] },
      FlowLogName: "my flow log",
      Description: "drops in vsw 2",
      IpVersion: "IPv6",
      ResourceGroupId: "rg-mygroup01",
      Tags: {
        Tag: [
          { Key: "env", Value: "test" },
          { Key: "owner", Value: "" },
        ],
      },
    });
  });

  it("accepts the boundaries of every rule", async () => {
    const ids = [
      await create({ ProjectName: "a-1", LogStoreName: "a_1" }),
      await create({ ProjectName: "p".repeat(63), LogStoreName: "l".repeat(63) }),
      await create({ FlowLogName: "n".repeat(128), Description: "d".repeat(256), AggregationInterval: 5 }),
      await create({
        TrafficPath: [
          "all",
          "internetGateway",
          "natGateway",
          "vpnGateway",
          "transitRouter",
          "gatewayEndpoint",
          "vbr",
          "ecr",
          "ipv4Gateway",
          "gatewayLoadBalancerEndpoint",
        ],
      }),
      await create({ Tag: Array.from({ length: 20 }, (_, i) => ({ Key: `k${i}`, Value: "v".repeat(128) })) }),
      await create({ ResourceType: "VPC", ResourceId: VPC_ID(2), TrafficType: "Allow", AggregationInterval: 10 }),
      await create({ ProjectName: "", LogStoreName: "" }), // empty = not given
    ];
    expect(new Set(ids).size).toBe(7);
    expect((await describe_()).TotalCount).toBe("7");
  });

  it("ignores parameters it does not have: a ClientToken does not make CreateFlowLog idempotent", async () => {
    const a = await create({ ClientToken: "same-token", DryRun: "true", LogFormat: "${srcaddr}" });
    const b = await create({ ClientToken: "same-token", DryRun: "true", LogFormat: "${srcaddr}" });
    expect(a).not.toBe(b);
    expect((await describe_()).TotalCount).toBe("2");
  });

  const over = (n: number, c = "x") => c.repeat(n);
  it.each<[string, Record<string, unknown>, string, string]>([
    ["no ResourceType", { ResourceType: undefined }, "MissingResourceType", mandatory("ResourceType")],
    ["no ResourceId", { ResourceId: undefined }, "MissingResourceId", mandatory("ResourceId")],
    ["no TrafficType", { TrafficType: undefined }, "MissingTrafficType", mandatory("TrafficType")],
    ["ResourceType in the wrong case", { ResourceType: "networkinterface" }, "InvalidParam.ResourceType", invalid("ResourceType")],
    ["ResourceType Eni", { ResourceType: "Eni" }, "InvalidParam.ResourceType", invalid("ResourceType")],
    ["TrafficType in the wrong case", { TrafficType: "all" }, "InvalidParam.TrafficType", invalid("TrafficType")],
    [
      "ProjectName with upper case (the SDK's own example)",
      { ProjectName: "FlowLogProject" },
      "InvalidParam.ProjectName",
      invalid("ProjectName"),
    ],
    ["ProjectName of 2 characters", { ProjectName: "ab" }, "InvalidParam.ProjectName", invalid("ProjectName")],
    ["ProjectName of 64 characters", { ProjectName: over(64, "p") }, "InvalidParam.ProjectName", invalid("ProjectName")],
    ["ProjectName starting with -", { ProjectName: "-abc" }, "InvalidParam.ProjectName", invalid("ProjectName")],
    ["ProjectName with _", { ProjectName: "a_bc" }, "InvalidParam.ProjectName", invalid("ProjectName")],
    [
      "LogStoreName with upper case (the SDK's own example)",
      { LogStoreName: "FlowLogStore" },
      "InvalidParam.LogStoreName",
      invalid("LogStoreName"),
    ],
    ["LogStoreName ending with _", { LogStoreName: "store_" }, "InvalidParam.LogStoreName", invalid("LogStoreName")],
    ["LogStoreName of 64 characters", { LogStoreName: over(64, "l") }, "InvalidParam.LogStoreName", invalid("LogStoreName")],
    ["AggregationInterval 2", { AggregationInterval: 2 }, "InvalidParam.AggregationInterval", invalid("AggregationInterval")],
    ["AggregationInterval 60 (seconds)", { AggregationInterval: 60 }, "InvalidParam.AggregationInterval", invalid("AggregationInterval")],
    ["AggregationInterval x", { AggregationInterval: "x" }, "InvalidParam.AggregationInterval", invalid("AggregationInterval")],
    ["TrafficPath ALL", { TrafficPath: ["ALL"] }, "InvalidParam.TrafficPath", invalid("TrafficPath")],
    ["TrafficPath twice the same", { TrafficPath: ["all", "all"] }, "InvalidParam.TrafficPath", invalid("TrafficPath")],
    ["FlowLogName of 129 characters", { FlowLogName: over(129) }, "InvalidParam.FlowLogName", invalid("FlowLogName")],
    ["FlowLogName starting with http://", { FlowLogName: "http://x" }, "InvalidParam.FlowLogName", invalid("FlowLogName")],
    ["Description of 257 characters", { Description: over(257) }, "InvalidParam.Description", invalid("Description")],
    ["Description starting with https://", { Description: "https://x" }, "InvalidParam.Description", invalid("Description")],
    ["IpVersion ipv4", { IpVersion: "ipv4" }, "InvalidParam.IpVersion", invalid("IpVersion")],
    ["ResourceGroupId not rg-...", { ResourceGroupId: "group" }, "InvalidParam.ResourceGroupId", invalid("ResourceGroupId")],
    ["21 tags", { Tag: Array.from({ length: 21 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) }, "InvalidParam.Tag", invalid("Tag")],
    ["a tag key starting with aliyun", { Tag: [{ Key: "aliyunx", Value: "v" }] }, "InvalidParam.Tag", invalid("Tag.N.Key")],
    ["a tag value with http://", { Tag: [{ Key: "k", Value: "see http://x" }] }, "InvalidParam.Tag", invalid("Tag.N.Value")],
    [
      "a tag key twice",
      {
        Tag: [
          { Key: "k", Value: "a" },
          { Key: "k", Value: "b" },
        ],
      },
      "InvalidParam.Tag",
      invalid("Tag.N.Key"),
    ],
  ])("rejects %s", async (_label, change, code, message) => {
    const params: Record<string, unknown> = { ...ENI_LOG, ...change };
    for (const k of Object.keys(params)) if (params[k] === undefined) delete params[k];
    await rejects(api("CreateFlowLog", params), code, 400, message);
    expect((await describe_()).TotalCount).toBe("0");
  });

  const NO_RESOURCE = "The specified resource does not exist in this region as the given ResourceType.";
  it.each<[string, Record<string, unknown>]>([
    ["an ENI that is not seeded", { ResourceId: "eni-nothere0001" }],
    ["an ENI of another region", { ResourceId: ENI(1, "shanghai") }],
    ["a vSwitch id given as a VPC", { ResourceType: "VPC", ResourceId: VSW(1) }],
    ["an ENI id given as a vSwitch", { ResourceType: "VSwitch", ResourceId: ENI(1) }],
    ["a VPC id given as an ENI", { ResourceType: "NetworkInterface", ResourceId: VPC_ID(1) }],
  ])("rejects %s with InvalidResourceId.NotFound (400)", async (_label, change) => {
    await rejects(api("CreateFlowLog", { ...ENI_LOG, ...change }), "InvalidResourceId.NotFound", 400, NO_RESOURCE);
  });

  it("RegionId is required for every flow-log action", async () => {
    for (const action of [
      "CreateFlowLog",
      "DescribeFlowLogs",
      "ModifyFlowLogAttribute",
      "ActiveFlowLog",
      "DeactiveFlowLog",
      "DeleteFlowLog",
    ]) {
      await rejects(call(vpc, action, { ...ENI_LOG, FlowLogId: "fl-x" }), "MissingRegionId", 400, mandatory("RegionId"));
    }
    for (const action of ["ModifyFlowLogAttribute", "ActiveFlowLog", "DeactiveFlowLog", "DeleteFlowLog"]) {
      await rejects(api(action), "MissingFlowLogId", 400, mandatory("FlowLogId"));
    }
  });

  it("the per-region quota (vpcFlowLogQuota) answers QuotaExceeded.FlowLog; a deleted flow log frees its place once gone", async () => {
    const small = await start({ vpcFlowLogQuota: 2, vpcFlowLogTransitionMs: 0 });
    try {
      const c = pop(small.url, VPC);
      const s = (action: string, params: Record<string, unknown> = {}, region = HZ) => call(c, action, { RegionId: region, ...params });
      await s("OpenFlowLogService");
      await s("OpenFlowLogService", {}, SH);
      const first = (await s("CreateFlowLog", ENI_LOG)).FlowLogId;
      await s("CreateFlowLog", ENI_LOG);
      const e = await expectPopError(s("CreateFlowLog", ENI_LOG), "QuotaExceeded.FlowLog", 400);
      expect(e.data.Message).toBe("The maximum number of flow logs in this region is exceeded.");
      // Per region.
      await s("CreateFlowLog", { ...ENI_LOG, ResourceId: ENI(1, "shanghai") }, SH);
      await s("DeleteFlowLog", { FlowLogId: first });
      expect((await s("CreateFlowLog", ENI_LOG)).FlowLogId).toMatch(/^fl-/);
    } finally {
      await small.close();
    }
  });
});

describe("DescribeFlowLogs", () => {
  it("pages in creation order: PageSize default 20, at most 50; a page past the end is empty", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) ids.push(await create({ FlowLogName: `log-${i}` }));
    const page = async (n: number, size?: number) => describe_({ PageNumber: n, ...(size !== undefined ? { PageSize: size } : {}) });
    const first = await page(1);
    expect([first.TotalCount, first.PageNumber, first.PageSize, first.FlowLogs.FlowLog.length]).toEqual(["120", "1", "20", 20]);
    const seen: string[] = [];
    for (let n = 1; n <= 3; n++) {
      const p = await page(n, 50);
      expect([p.TotalCount, p.PageNumber, p.PageSize]).toEqual(["120", String(n), "50"]);
      seen.push(...p.FlowLogs.FlowLog.map((f: { FlowLogId: string }) => f.FlowLogId));
    }
    expect(seen).toEqual(ids);
    const past = await page(4, 50);
    expect([past.TotalCount, past.PageNumber, past.FlowLogs.FlowLog]).toEqual(["120", "4", []]);
    await rejects(page(1, 51), "InvalidParam.PageSize", 400, invalid("PageSize"));
    await rejects(page(1, 0), "InvalidParam.PageSize", 400, invalid("PageSize"));
    await rejects(page(0), "InvalidParam.PageNumber", 400, invalid("PageNumber"));
    await rejects(describe_({ PageNumber: "first" }), "InvalidParam.PageNumber", 400, invalid("PageNumber"));
  });

  it("filters by every documented field, exactly; an unknown FlowLogId is an empty list, not an error", async () => {
    const eni = await create({ FlowLogName: "a", Description: "first", ProjectName: "proj-a", LogStoreName: "store-a" });
    const vsw = await create({ ResourceType: "VSwitch", ResourceId: VSW(3), TrafficType: "Drop", FlowLogName: "b" });
    const vpcLog = await create({ ResourceType: "VPC", ResourceId: VPC_ID(1), TrafficType: "Allow", ResourceGroupId: "rg-other01" });
    const tagged = await create({ ResourceId: ENI(5), Tag: [{ Key: "env", Value: "prod" }] });
    await settle();
    const ids = async (params: Record<string, unknown>) =>
      (await describe_(params)).FlowLogs.FlowLog.map((f: { FlowLogId: string }) => f.FlowLogId);
    expect(await ids({ FlowLogId: vsw })).toEqual([vsw]);
    expect(await ids({ FlowLogName: "a" })).toEqual([eni]);
    expect(await ids({ FlowLogName: "A" })).toEqual([]); // exact
    expect(await ids({ Description: "first" })).toEqual([eni]);
    expect(await ids({ ResourceType: "VSwitch" })).toEqual([vsw]);
    expect(await ids({ ResourceId: ENI(5) })).toEqual([tagged]);
    expect(await ids({ TrafficType: "All" })).toEqual([eni, tagged]);
    expect(await ids({ ProjectName: "proj-a" })).toEqual([eni]);
    expect(await ids({ LogStoreName: "store-a" })).toEqual([eni]);
    expect(await ids({ ResourceGroupId: "rg-other01" })).toEqual([vpcLog]);
    expect(await ids({ Tags: [{ Key: "env", Value: "prod" }] })).toEqual([tagged]);
    expect(await ids({ Tags: [{ Key: "env" }] })).toEqual([tagged]);
    expect(await ids({ Tags: [{ Key: "env", Value: "dev" }] })).toEqual([]);
    // VpcId: a VPC log by its id; a vSwitch or ENI log by the VPC its resource is in.
    expect(await ids({ VpcId: VPC_ID(1) })).toEqual([eni, vpcLog, tagged]);
    expect(await ids({ VpcId: VPC_ID(2) })).toEqual([vsw]);
    expect(await ids({ Status: "Active" })).toEqual([eni, vsw, vpcLog, tagged]);
    expect(await ids({ Status: "Activating" })).toEqual([]);
    expect(await ids({ Status: "Running" })).toEqual([]); // a value no flow log has matches nothing
    expect(await ids({ FlowLogName: "b", TrafficType: "Drop" })).toEqual([vsw]);
    expect(await describe_({ FlowLogId: "fl-doesnotexist000000" })).toEqual({
      RequestId: expect.any(String),
      Success: "true",
      TotalCount: "0",
      PageNumber: "1",
      PageSize: "20",
      FlowLogs: { FlowLog: [] },
    });
    // Another region sees none of them.
    expect((await describe_({ FlowLogId: eni }, SH)).TotalCount).toBe("0");
    await rejects(describe_({ Tags: [{ Key: "acs:x", Value: "v" }] }), "InvalidParam.Tags", 400, invalid("Tags.N.Key"));
  });
});

describe("asynchronous statuses", () => {
  let slow: RunningEmulator;
  let c: RPCClient;
  const s = (action: string, params: Record<string, unknown> = {}) => call(c, action, { RegionId: HZ, ...params });
  const status = async (id: string) => (await s("DescribeFlowLogs", { FlowLogId: id })).FlowLogs.FlowLog[0]?.Status;
  const settleSlow = async () => (await raw(slow.url, { method: "POST", path: `/_emulator/vpc/flow-log/${HZ}/settle` })).json;
  beforeAll(async () => {
    slow = await start({ vpcFlowLogTransitionMs: 60_000 });
    c = pop(slow.url, VPC);
    await s("OpenFlowLogService");
  });
  afterAll(() => slow.close());

  it("Activating → Active → Deactivating → Inactive → Modifying → Inactive → Activating → Active → Modifying → Active → Deleting → gone", async () => {
    const id = (await s("CreateFlowLog", ENI_LOG)).FlowLogId as string;
    const step = async (action: string, during: string, after: string | undefined, params: Record<string, unknown> = {}) => {
      expect(await s(action, { FlowLogId: id, ...params })).toEqual({ RequestId: expect.any(String), Success: "true" });
      expect(await status(id)).toBe(during);
      expect((await s("DescribeFlowLogs", { Status: during })).TotalCount).toBe("1");
      // Every change is refused while the task runs.
      for (const busy of ["ModifyFlowLogAttribute", "ActiveFlowLog", "DeactiveFlowLog", "DeleteFlowLog"]) {
        await rejects(s(busy, { FlowLogId: id, Description: "busy" }), ...INCORRECT_STATUS);
      }
      expect(await settleSlow()).toEqual({ regionId: HZ, settled: 1 });
      expect(await status(id)).toBe(after);
    };
    expect(await status(id)).toBe("Activating");
    await rejects(s("DeleteFlowLog", { FlowLogId: id }), ...INCORRECT_STATUS);
    await settleSlow();
    expect(await status(id)).toBe("Active");
    await step("DeactiveFlowLog", "Deactivating", "Inactive");
    await step("ModifyFlowLogAttribute", "Modifying", "Inactive", { FlowLogName: "while inactive" });
    await step("ActiveFlowLog", "Activating", "Active");
    await step("ModifyFlowLogAttribute", "Modifying", "Active", { Description: "while active" });
    expect(await s("DescribeFlowLogs", { FlowLogId: id })).toMatchObject({
      FlowLogs: { FlowLog: [{ FlowLogName: "while inactive", Description: "while active" }] },
    });
    await step("DeleteFlowLog", "Deleting", undefined);
    expect((await s("DescribeFlowLogs", {})).TotalCount).toBe("0");
    expect(await settleSlow()).toEqual({ regionId: HZ, settled: 0 });
  });

  it("ActiveFlowLog on an Active flow log and DeactiveFlowLog on an Inactive one are IncorrectStatus.flowlog", async () => {
    const id = (await s("CreateFlowLog", ENI_LOG)).FlowLogId as string;
    await settleSlow();
    await rejects(s("ActiveFlowLog", { FlowLogId: id }), ...INCORRECT_STATUS);
    await s("DeactiveFlowLog", { FlowLogId: id });
    await settleSlow();
    await rejects(s("DeactiveFlowLog", { FlowLogId: id }), ...INCORRECT_STATUS);
    // An Inactive flow log can be deleted directly, like an Active one.
    await s("DeleteFlowLog", { FlowLogId: id });
    expect(await status(id)).toBe("Deleting");
  });

  it("tags can change in any status (they are not part of the asynchronous configuration)", async () => {
    const id = (await s("CreateFlowLog", ENI_LOG)).FlowLogId as string;
    expect(await status(id)).toBe("Activating");
    await s("TagResources", { ResourceType: "FLOWLOG", ResourceId: [id], Tag: [{ Key: "k", Value: "v" }] });
    expect((await s("DescribeFlowLogs", { FlowLogId: id })).FlowLogs.FlowLog[0]).toMatchObject({
      Status: "Activating",
      Tags: { Tag: [{ Key: "k", Value: "v" }] },
    });
  });

  it("an Active flow log can be deleted directly; once gone, every action answers its not-found code", async () => {
    const id = (await s("CreateFlowLog", ENI_LOG)).FlowLogId as string;
    await settleSlow();
    await s("DeleteFlowLog", { FlowLogId: id });
    await settleSlow();
    expect(await status(id)).toBeUndefined();
    await rejects(s("ModifyFlowLogAttribute", { FlowLogId: id, FlowLogName: "x" }), ...NOT_FOUND);
    await rejects(s("ActiveFlowLog", { FlowLogId: id }), ...NOT_FOUND);
    await rejects(s("DeactiveFlowLog", { FlowLogId: id }), ...NOT_FOUND);
    await rejects(s("DeleteFlowLog", { FlowLogId: id }), "InvalidInstanceId", 400, "Instance does not exist.");
  });
});

describe("ModifyFlowLogAttribute", () => {
  let id: string;
  beforeEach(async () => {
    id = await create({ FlowLogName: "before", Description: "old", AggregationInterval: 5, ProjectName: "proj-a" });
    await settle();
  });

  it("changes only what is sent; an empty value keeps the field (choice); nothing else is modifiable", async () => {
    await api("ModifyFlowLogAttribute", { FlowLogId: id, FlowLogName: "after" });
    await settle();
    expect(await flowLog(id)).toMatchObject({ FlowLogName: "after", Description: "old", AggregationInterval: 5, IpVersion: "IPv4" });
    await api("ModifyFlowLogAttribute", {
      FlowLogId: id,
      FlowLogName: "",
      Description: "new",
      AggregationInterval: 1,
      IpVersion: "IPv6",
      // Not modifiable: ignored.
      TrafficType: "Drop",
      ProjectName: "proj-b",
      ResourceId: ENI(2),
    });
    await settle();
    expect(await flowLog(id)).toMatchObject({
      FlowLogName: "after",
      Description: "new",
      AggregationInterval: 1,
      IpVersion: "IPv6",
      TrafficType: "All",
      ProjectName: "proj-a",
      ResourceId: ENI(1),
      Status: "Active",
    });
  });

  it.each<[Record<string, unknown>, string, string]>([
    [{ FlowLogName: "http://x" }, "InvalidParam.FlowLogName", invalid("FlowLogName")],
    [{ Description: "d".repeat(257) }, "InvalidParam.Description", invalid("Description")],
    [{ AggregationInterval: 15 }, "InvalidParam.AggregationInterval", invalid("AggregationInterval")],
    [{ IpVersion: "v6" }, "InvalidParam.IpVersion", invalid("IpVersion")],
  ])("rejects %j and changes nothing (not even the status)", async (change, code, message) => {
    await rejects(api("ModifyFlowLogAttribute", { FlowLogId: id, FlowLogName: "changed", ...change }), code, 400, message);
    expect(await flowLog(id)).toMatchObject({ FlowLogName: "before", Description: "old", AggregationInterval: 5, Status: "Active" });
  });

  it("a FlowLogId that never existed or is of another region is not found (400)", async () => {
    await rejects(api("ModifyFlowLogAttribute", { FlowLogId: "fl-nope", FlowLogName: "x" }), ...NOT_FOUND);
    await api("OpenFlowLogService", {}, SH);
    await rejects(api("ModifyFlowLogAttribute", { FlowLogId: id, FlowLogName: "x" }, SH), ...NOT_FOUND);
    await rejects(api("ActiveFlowLog", { FlowLogId: id }, SH), ...NOT_FOUND);
    await rejects(api("DeactiveFlowLog", { FlowLogId: id }, SH), ...NOT_FOUND);
    await rejects(api("DeleteFlowLog", { FlowLogId: id }, SH), "InvalidInstanceId", 400, "Instance does not exist.");
    expect(await statusOf(id)).toBe("Active");
  });
});

describe("tags (ResourceType FLOWLOG)", () => {
  let a: string;
  let b: string;
  beforeEach(async () => {
    a = await create({ Tag: [{ Key: "env", Value: "dev" }] });
    b = await create();
  });
  const tagsOf = async (id: string) => (await flowLog(id)).Tags.Tag;

  it("TagResources adds and overwrites, UnTagResources removes keys or all; DescribeFlowLogs shows and filters them", async () => {
    expect(
      await api("TagResources", {
        ResourceType: "FLOWLOG",
        ResourceId: [a, b],
        Tag: [
          { Key: "env", Value: "prod" },
          { Key: "team", Value: "net" },
        ],
      }),
    ).toEqual({ RequestId: expect.any(String) });
    expect(await tagsOf(a)).toEqual([
      { Key: "env", Value: "prod" },
      { Key: "team", Value: "net" },
    ]);
    expect(await tagsOf(b)).toEqual([
      { Key: "env", Value: "prod" },
      { Key: "team", Value: "net" },
    ]);
    const tagged = await describe_({ Tags: [{ Key: "team", Value: "net" }] });
    expect(tagged.TotalCount).toBe("2");
    // ResourceType is case-insensitive.
    await api("UnTagResources", { ResourceType: "flowlog", ResourceId: [a], TagKey: ["env", "absent"] });
    expect(await tagsOf(a)).toEqual([{ Key: "team", Value: "net" }]);
    await api("UnTagResources", { ResourceType: "FlowLog", ResourceId: [b], All: true });
    expect(await tagsOf(b)).toEqual([]);
    // Neither keys nor All: nothing is removed (choice).
    await api("UnTagResources", { ResourceType: "FLOWLOG", ResourceId: [a] });
    expect(await tagsOf(a)).toEqual([{ Key: "team", Value: "net" }]);
  });

  it("ListTagResources lists one row per tag, by ResourceId.N and / or Tag.N, and pages with MaxResults / NextToken", async () => {
    await api("TagResources", {
      ResourceType: "FLOWLOG",
      ResourceId: [b],
      Tag: [
        { Key: "env", Value: "prod" },
        { Key: "k2", Value: "v2" },
      ],
    });
    const rows = async (params: Record<string, unknown>) =>
      (await api("ListTagResources", { ResourceType: "FLOWLOG", ...params })).TagResources.TagResource;
    expect(await api("ListTagResources", { ResourceType: "FLOWLOG", ResourceId: [a] })).toEqual({
      RequestId: expect.any(String),
      NextToken: "",
      TagResources: { TagResource: [{ ResourceId: a, ResourceType: "FLOWLOG", TagKey: "env", TagValue: "dev" }] },
    });
    expect(await rows({ Tag: [{ Key: "env", Value: "prod" }] })).toEqual([
      { ResourceId: b, ResourceType: "FLOWLOG", TagKey: "env", TagValue: "prod" },
      { ResourceId: b, ResourceType: "FLOWLOG", TagKey: "k2", TagValue: "v2" },
    ]);
    expect((await rows({ Tag: [{ Key: "env" }] })).map((r: { ResourceId: string }) => r.ResourceId)).toEqual([a, b, b]);
    expect(await rows({ ResourceId: ["fl-unknown"] })).toEqual([]);
    const first = await api("ListTagResources", { ResourceType: "FLOWLOG", ResourceId: [a, b], MaxResults: 2 });
    expect(first.TagResources.TagResource).toHaveLength(2);
    expect(first.NextToken).not.toBe("");
    const second = await api("ListTagResources", {
      ResourceType: "FLOWLOG",
      ResourceId: [a, b],
      MaxResults: 2,
      NextToken: first.NextToken,
    });
    expect(second).toMatchObject({ NextToken: "", TagResources: { TagResource: [{ ResourceId: b, TagKey: "k2" }] } });
  });

  it("rejects what the tag rules forbid, with its exact code", async () => {
    const tag = { Tag: [{ Key: "k", Value: "v" }] };
    await rejects(api("TagResources", { ResourceId: [a], ...tag }), "MissingResourceType", 400, mandatory("ResourceType"));
    await rejects(
      api("TagResources", { ResourceType: "FLOWLOGS", ResourceId: [a], ...tag }),
      "InvalidParam.ResourceType",
      400,
      invalid("ResourceType"),
    );
    await rejects(
      api("TagResources", { ResourceType: "VPC", ResourceId: [a], ...tag }),
      "OperationUnsupported.ResourceType",
      400,
      "The emulator supports tags on ResourceType FLOWLOG only.",
    );
    await rejects(api("TagResources", { ResourceType: "FLOWLOG", ...tag }), "MissingResourceId", 400, mandatory("ResourceId"));
    const many = Array.from({ length: 51 }, (_, i) => `fl-${i}`);
    await rejects(
      api("TagResources", { ResourceType: "FLOWLOG", ResourceId: many, ...tag }),
      "InvalidParam.ResourceId",
      400,
      invalid("ResourceId"),
    );
    await rejects(api("TagResources", { ResourceType: "FLOWLOG", ResourceId: [a, "fl-nope"], ...tag }), ...NOT_FOUND);
    await rejects(api("TagResources", { ResourceType: "FLOWLOG", ResourceId: [a] }), "MissingTag", 400, mandatory("Tag"));
    await rejects(
      api("TagResources", { ResourceType: "FLOWLOG", ResourceId: [a], Tag: [{ Key: "", Value: "v" }] }),
      "InvalidParam.Tag",
      400,
      invalid("Tag.N.Key"),
    );
    const twenty = Array.from({ length: 20 }, (_, i) => ({ Key: `t${i}`, Value: "v" }));
    await rejects(
      api("TagResources", { ResourceType: "FLOWLOG", ResourceId: [a], Tag: twenty }),
      "QuotaExceeded.Tag",
      400,
      "A resource can have at most 20 tags.",
    );
    await rejects(
      api("UnTagResources", { ResourceType: "FLOWLOG", ResourceId: [a], TagKey: ["aliyun:x"] }),
      "InvalidParam.TagKey",
      400,
      invalid("TagKey"),
    );
    await rejects(api("UnTagResources", { ResourceType: "FLOWLOG", ResourceId: [a], All: "yes" }), "InvalidParam.All", 400, invalid("All"));
    await rejects(
      api("ListTagResources", { ResourceType: "FLOWLOG" }),
      "MissingParameter",
      400,
      'The input parameter "ResourceId.N or Tag.N" that is mandatory for processing this request is not supplied.',
    );
    await rejects(
      api("ListTagResources", { ResourceType: "FLOWLOG", ResourceId: [a], MaxResults: 51 }),
      "InvalidParam.MaxResults",
      400,
      invalid("MaxResults"),
    );
    // A rejected call changed nothing.
    expect(await tagsOf(a)).toEqual([{ Key: "env", Value: "dev" }]);
  });

  it("a deleted flow log cannot be tagged once gone", async () => {
    await settle();
    await api("DeleteFlowLog", { FlowLogId: a });
    await settle();
    await rejects(api("TagResources", { ResourceType: "FLOWLOG", ResourceId: [a], Tag: [{ Key: "k", Value: "v" }] }), ...NOT_FOUND);
    expect(await api("ListTagResources", { ResourceType: "FLOWLOG", ResourceId: [a] })).toMatchObject({
      TagResources: { TagResource: [] },
    });
  });
});
