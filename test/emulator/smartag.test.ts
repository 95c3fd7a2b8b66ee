/**
 * smartag 2018-03-13 flow-log actions through @alicloud/pop-core, GET and POST: every action and every
 * documented error code, plus the documented defaults and the choices listed in docs/emulator.md.
 */
import type { RunningEmulator } from "../../emulator";
import { ALL_LOG, NETFLOW_LOG, SLS_LOG, SMARTAG, call, expectPopError, pop, start } from "./helpers";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start({ flowLogQuota: 3 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const HZ = "cn-hangzhou";
const SAG1 = "sag-demohangzhou000001";
const SAG2 = "sag-demohangzhou000002";
const LEGACY = "sag-legacyhangzhou0001";

describe.each(["GET", "POST"] as const)("flow-log lifecycle via pop-core %s", (method) => {
  const api = (action: string, params: Record<string, unknown>) => call(pop(emu.url, SMARTAG), action, params, method);

  it("create → describe → modify → deactive/active → associate → describe SAGs → disassociate → delete", async () => {
    const created = await api("CreateFlowLog", { RegionId: HZ, Name: "fl-a", Description: "first", ...SLS_LOG });
    expect(created.FlowLogId).toMatch(/^fl-[a-z0-9]{18}$/);
    expect(created.ResourceGroupId).toMatch(/^rg-[a-z0-9]+$/);
    const id = created.FlowLogId as string;

    const listed = await api("DescribeFlowLogs", { RegionId: HZ });
    expect(Object.keys(listed).sort()).toEqual(["FlowLogs", "PageNumber", "PageSize", "RequestId", "TotalCount"]);
    expect(listed).toMatchObject({ TotalCount: 1, PageNumber: 1, PageSize: 10 });
    expect(listed.FlowLogs.FlowLogSetType).toEqual([
      {
        FlowLogId: id,
        Name: "fl-a",
        Description: "first",
        Status: "Active",
        OutputType: "sls",
        ActiveAging: 300,
        InactiveAging: 15,
        SlsRegionId: "cn-hangzhou",
        ProjectName: "proj",
        LogstoreName: "store",
        NetflowServerPort: 9995,
        NetflowVersion: "V9",
        ResourceGroupId: created.ResourceGroupId,
        TotalSagNum: 0,
      },
    ]);

    await api("ModifyFlowLogAttribute", {
      RegionId: HZ,
      FlowLogId: id,
      OutputType: "all",
      NetflowServerIp: "10.1.2.3",
      NetflowServerPort: 2055,
      NetflowVersion: "V10",
      ActiveAging: 600,
      InactiveAging: 30,
    });
    const [modified] = (await api("DescribeFlowLogs", { RegionId: HZ, FlowLogId: id })).FlowLogs.FlowLogSetType;
    expect(modified).toMatchObject({
      Name: "fl-a", // omitted fields are kept
      OutputType: "all",
      NetflowServerIp: "10.1.2.3",
      NetflowServerPort: 2055,
      NetflowVersion: "V10",
      ActiveAging: 600,
      InactiveAging: 30,
      ProjectName: "proj",
    });

    await api("DeactiveFlowLog", { RegionId: HZ, FlowLogId: id });
    expect((await api("DescribeFlowLogs", { RegionId: HZ, FlowLogId: id })).FlowLogs.FlowLogSetType[0].Status).toBe("Inactive");
    await api("ActiveFlowLog", { RegionId: HZ, FlowLogId: id });
    expect((await api("DescribeFlowLogs", { RegionId: HZ, FlowLogId: id })).FlowLogs.FlowLogSetType[0].Status).toBe("Active");

    await api("AssociateFlowLog", { RegionId: HZ, FlowLogId: id, SmartAGId: SAG1 });
    await api("AssociateFlowLog", { RegionId: HZ, FlowLogId: id, SmartAGId: SAG2 });
    const sags = await api("DescribeFlowLogSags", { RegionId: HZ, FlowLogId: id });
    expect(sags).toEqual({
      RequestId: expect.any(String),
      PageNumber: 1,
      PageSize: 10,
      TotalCount: 2,
      Sags: { Sag: [expect.objectContaining({ SmartAGId: SAG1 }), expect.objectContaining({ SmartAGId: SAG2 })] },
    });
    expect(Object.keys(sags.Sags.Sag[0]).sort()).toEqual(["Description", "Name", "SmartAGId"]);
    expect((await api("DescribeFlowLogs", { RegionId: HZ })).FlowLogs.FlowLogSetType[0].TotalSagNum).toBe(2);

    const unbound = await api("DescribeUnbindFlowLogSags", { RegionId: HZ });
    expect(Object.keys(unbound).sort()).toEqual(["Count", "RequestId", "Sags"]);
    expect(unbound.Count).toBe(7);
    expect(unbound.Sags.Sag.map((s: { SmartAGId: string }) => s.SmartAGId)).not.toContain(SAG1);

    await api("DisassociateFlowLog", { RegionId: HZ, FlowLogId: id, SmartAGId: SAG1 });
    await api("DisassociateFlowLog", { RegionId: HZ, FlowLogId: id, SmartAGId: SAG2 });
    expect((await api("DescribeFlowLogSags", { RegionId: HZ, FlowLogId: id })).TotalCount).toBe(0);

    const deleted = await api("DeleteFlowLog", { RegionId: HZ, FlowLogId: id });
    expect(Object.keys(deleted)).toEqual(["RequestId"]);
    expect((await api("DescribeFlowLogs", { RegionId: HZ })).FlowLogs.FlowLogSetType).toEqual([]);
  });
});

describe("CreateFlowLog validation", () => {
  const client = () => pop(emu.url, SMARTAG);
  const create = (params: Record<string, unknown>) => call(client(), "CreateFlowLog", { RegionId: HZ, ...params });

  it("applies the documented defaults (300 / 15 / 9995 / V9)", async () => {
    const { FlowLogId } = await create(NETFLOW_LOG);
    const [log] = (await call(client(), "DescribeFlowLogs", { RegionId: HZ, FlowLogId })).FlowLogs.FlowLogSetType;
    expect(log).toMatchObject({
      ActiveAging: 300,
      InactiveAging: 15,
      NetflowServerPort: 9995,
      NetflowVersion: "V9",
      OutputType: "netflow",
    });
    expect(log).not.toHaveProperty("SlsRegionId");
    expect(log).not.toHaveProperty("Name");
  });

  it("accepts the aging bounds and rejects values outside them", async () => {
    await create({ ...SLS_LOG, ActiveAging: 60, InactiveAging: 10 });
    await create({ ...SLS_LOG, ActiveAging: 6000, InactiveAging: 600 });
    for (const v of [59, 6001, -1, "abc", "1e3", 300.5]) {
      await expectPopError(create({ ...SLS_LOG, ActiveAging: v }), "IllegalParam.ActiveAging", 400);
    }
    for (const v of [9, 601, "x"]) {
      await expectPopError(create({ ...SLS_LOG, InactiveAging: v }), "IllegalParam.InactiveAging", 400);
    }
  });

  it("MissingOutputType / IllegalParam.OutputType", async () => {
    await expectPopError(create({ SlsRegionId: HZ }), "MissingOutputType", 400);
    await expectPopError(create({ ...SLS_LOG, OutputType: "SLS" }), "IllegalParam.OutputType", 400);
    await expectPopError(create({ ...SLS_LOG, OutputType: "kafka" }), "IllegalParam.OutputType", 400);
  });

  it("MissingParam.X for the SLS fields of sls and all", async () => {
    for (const type of ["sls", "all"]) {
      const base = type === "all" ? ALL_LOG : SLS_LOG;
      for (const field of ["SlsRegionId", "ProjectName", "LogstoreName"]) {
        const params: Record<string, unknown> = { ...base };
        delete params[field];
        await expectPopError(create(params), `MissingParam.${field}`, 400);
        await expectPopError(create({ ...base, [field]: "" }), `MissingParam.${field}`, 400);
      }
    }
  });

  it("MissingParam.X for the NetFlow fields of netflow and all", async () => {
    for (const base of [NETFLOW_LOG, ALL_LOG]) {
      const { NetflowServerIp: _ip, ...noIp } = base;
      await expectPopError(create(noIp), "MissingParam.NetflowServerIp", 400);
      // Port and version have defaults when omitted; an explicitly empty value is "not specified".
      await expectPopError(create({ ...base, NetflowServerPort: "" }), "MissingParam.NetflowServerPort", 400);
      await expectPopError(create({ ...base, NetflowVersion: "" }), "MissingParam.NetflowVersion", 400);
    }
  });

  it("IllegalParam for NetflowServerIp, NetflowServerPort, NetflowVersion, SlsRegionId, RegionId", async () => {
    for (const ip of ["300.1.1.1", "10.0.0", "host.example", "::1"]) {
      await expectPopError(create({ ...NETFLOW_LOG, NetflowServerIp: ip }), "IllegalParam.NetflowServerIp", 400);
    }
    for (const port of [0, 65536, "abc"]) {
      await expectPopError(create({ ...NETFLOW_LOG, NetflowServerPort: port }), "IllegalParam.NetflowServerPort", 400);
    }
    for (const version of ["V7", "v9", "9"]) {
      await expectPopError(create({ ...NETFLOW_LOG, NetflowVersion: version }), "IllegalParam.NetflowVersion", 400);
    }
    await expectPopError(create({ ...SLS_LOG, SlsRegionId: "Hangzhou!" }), "IllegalParam.SlsRegionId", 400);
    await expectPopError(call(client(), "CreateFlowLog", { RegionId: "us-east-1", ...SLS_LOG }), "IllegalParam.RegionId", 400);
    await expectPopError(call(client(), "CreateFlowLog", { ...SLS_LOG }), "MissingRegionId", 400);
  });

  it("Name and Description length limits (choice: 128 / 256)", async () => {
    await create({ ...SLS_LOG, Name: "n".repeat(128), Description: "d".repeat(256) });
    await expectPopError(create({ ...SLS_LOG, Name: "n".repeat(129) }), "IllegalParam.Name", 400);
    await expectPopError(create({ ...SLS_LOG, Description: "d".repeat(257) }), "IllegalParam.Description", 400);
  });

  it("QuotaExceeded.Flowlog past the per-region quota, other regions unaffected", async () => {
    for (let i = 0; i < 3; i++) await create(SLS_LOG);
    await expectPopError(create(SLS_LOG), "QuotaExceeded.Flowlog", 400);
    await call(client(), "CreateFlowLog", { RegionId: "cn-shanghai", ...SLS_LOG });
  });

  it("ignores an unsupported ClientToken: CreateFlowLog is not idempotent", async () => {
    const a = await create({ ...SLS_LOG, ClientToken: "same" });
    const b = await create({ ...SLS_LOG, ClientToken: "same" });
    expect(a.FlowLogId).not.toBe(b.FlowLogId);
  });
});

describe("ModifyFlowLogAttribute", () => {
  const client = () => pop(emu.url, SMARTAG);
  const modify = (params: Record<string, unknown>) => call(client(), "ModifyFlowLogAttribute", { RegionId: HZ, ...params });

  it("validates ranges and the effective OutputType's required fields", async () => {
    const { FlowLogId } = await call(client(), "CreateFlowLog", { RegionId: HZ, ...SLS_LOG });
    await expectPopError(modify({ FlowLogId, ActiveAging: 59 }), "IllegalParam.ActiveAging", 400);
    await expectPopError(modify({ FlowLogId, OutputType: "netflow" }), "MissingParam.NetflowServerIp", 400);
    // Terraform resends the SLS fields as "" for a non-SLS log: clearing them is fine for netflow.
    await modify({ FlowLogId, OutputType: "netflow", NetflowServerIp: "10.0.0.9", SlsRegionId: "", ProjectName: "", LogstoreName: "" });
    const [log] = (await call(client(), "DescribeFlowLogs", { RegionId: HZ, FlowLogId })).FlowLogs.FlowLogSetType;
    expect(log).toMatchObject({ OutputType: "netflow", NetflowServerIp: "10.0.0.9" });
    expect(log).not.toHaveProperty("ProjectName");
    // ...but not for an sls log.
    await expectPopError(
      modify({ FlowLogId, OutputType: "sls", SlsRegionId: "", ProjectName: "", LogstoreName: "" }),
      "MissingParam.SlsRegionId",
      400,
    );
    // A rejected modify changed nothing.
    const [after] = (await call(client(), "DescribeFlowLogs", { RegionId: HZ, FlowLogId })).FlowLogs.FlowLogSetType;
    expect(after).toEqual(log);
  });

  it("MissingParam.FlowLogId and InvalidFlowLogId.NotFound (also for another region's log)", async () => {
    await expectPopError(modify({ Name: "x" }), "MissingParam.FlowLogId", 400);
    await expectPopError(modify({ FlowLogId: "fl-doesnotexist000000" }), "InvalidFlowLogId.NotFound", 400);
    const { FlowLogId } = await call(client(), "CreateFlowLog", { RegionId: "cn-shanghai", ...SLS_LOG });
    await expectPopError(modify({ FlowLogId }), "InvalidFlowLogId.NotFound", 400);
  });
});

describe("status, association and deletion rules", () => {
  const client = () => pop(emu.url, SMARTAG);
  const api = (action: string, params: Record<string, unknown>) => call(client(), action, { RegionId: HZ, ...params });
  let id: string;
  beforeEach(async () => {
    id = (await api("CreateFlowLog", SLS_LOG)).FlowLogId;
  });

  it("IncorrectStatus.FlowLog for Active on Active and Deactive on Inactive", async () => {
    await expectPopError(api("ActiveFlowLog", { FlowLogId: id }), "IncorrectStatus.FlowLog", 400);
    await api("DeactiveFlowLog", { FlowLogId: id });
    await expectPopError(api("DeactiveFlowLog", { FlowLogId: id }), "IncorrectStatus.FlowLog", 400);
  });

  it("InvalidFlowLogId.NotFound and MissingParam.FlowLogId for every action that takes a FlowLogId", async () => {
    for (const action of [
      "DeleteFlowLog",
      "ActiveFlowLog",
      "DeactiveFlowLog",
      "AssociateFlowLog",
      "DisassociateFlowLog",
      "DescribeFlowLogSags",
    ]) {
      await expectPopError(api(action, { FlowLogId: "fl-000000000000000000", SmartAGId: SAG1 }), "InvalidFlowLogId.NotFound", 400);
      await expectPopError(api(action, { SmartAGId: SAG1 }), "MissingParam.FlowLogId", 400);
    }
  });

  it("DependencyViolation.FlowLog when deleting a log bound to a SAG; an Active unbound log deletes", async () => {
    await api("AssociateFlowLog", { FlowLogId: id, SmartAGId: SAG1 });
    await expectPopError(api("DeleteFlowLog", { FlowLogId: id }), "DependencyViolation.FlowLog", 400);
    await api("DisassociateFlowLog", { FlowLogId: id, SmartAGId: SAG1 });
    await api("DeleteFlowLog", { FlowLogId: id });
  });

  it("OperationFailed.AssociateFlowLog: one flow log per SAG; re-binding the same pair is a no-op", async () => {
    await api("AssociateFlowLog", { FlowLogId: id, SmartAGId: SAG1 });
    await api("AssociateFlowLog", { FlowLogId: id, SmartAGId: SAG1 });
    const other = (await api("CreateFlowLog", SLS_LOG)).FlowLogId;
    await expectPopError(api("AssociateFlowLog", { FlowLogId: other, SmartAGId: SAG1 }), "OperationFailed.AssociateFlowLog", 400);
  });

  it("OperationUnsupported.AssociateFlowLog for a model without flow-log support", async () => {
    await expectPopError(api("AssociateFlowLog", { FlowLogId: id, SmartAGId: LEGACY }), "OperationUnsupported.AssociateFlowLog", 400);
  });

  it("InvalidSmartAGId.NotFound for unknown SAGs, SAGs of another region, and unbound pairs; MissingSmartAGId", async () => {
    await expectPopError(api("AssociateFlowLog", { FlowLogId: id, SmartAGId: "sag-nothere" }), "InvalidSmartAGId.NotFound", 400);
    await expectPopError(api("AssociateFlowLog", { FlowLogId: id, SmartAGId: "sag-demoshanghai000001" }), "InvalidSmartAGId.NotFound", 400);
    await expectPopError(api("DisassociateFlowLog", { FlowLogId: id, SmartAGId: SAG1 }), "InvalidSmartAGId.NotFound", 400);
    await expectPopError(api("AssociateFlowLog", { FlowLogId: id }), "MissingSmartAGId", 400);
  });
});

describe("DescribeFlowLogs filters and paging", () => {
  const client = () => pop(emu.url, SMARTAG);
  const describeLogs = (params: Record<string, unknown>) => call(client(), "DescribeFlowLogs", { RegionId: HZ, ...params });

  it("filters by FlowLogId, FlowLogName, Description, Status, OutputType", async () => {
    const a = (await call(client(), "CreateFlowLog", { RegionId: HZ, Name: "alpha", Description: "d1", ...SLS_LOG })).FlowLogId;
    const b = (await call(client(), "CreateFlowLog", { RegionId: HZ, Name: "beta", Description: "d2", ...NETFLOW_LOG })).FlowLogId;
    await call(client(), "DeactiveFlowLog", { RegionId: HZ, FlowLogId: b });
    const ids = async (params: Record<string, unknown>) =>
      (await describeLogs(params)).FlowLogs.FlowLogSetType.map((l: { FlowLogId: string }) => l.FlowLogId);
    expect(await ids({})).toEqual([a, b]);
    expect(await ids({ FlowLogId: b })).toEqual([b]);
    expect(await ids({ FlowLogName: "alpha" })).toEqual([a]);
    expect(await ids({ Description: "d2" })).toEqual([b]);
    expect(await ids({ Status: "Inactive" })).toEqual([b]);
    expect(await ids({ OutputType: "sls" })).toEqual([a]);
    expect(await ids({ FlowLogId: a, Status: "Inactive" })).toEqual([]);
    expect(await ids({ FlowLogId: "fl-unknown" })).toEqual([]);
    expect((await call(client(), "DescribeFlowLogs", { RegionId: "cn-shanghai" })).FlowLogs.FlowLogSetType).toEqual([]);
  });

  it("IllegalParam.Status / IllegalParam.OutputType for bad filters, InvalidParameter for bad paging", async () => {
    await expectPopError(describeLogs({ Status: "Running" }), "IllegalParam.Status", 400);
    await expectPopError(describeLogs({ OutputType: "kafka" }), "IllegalParam.OutputType", 400);
    for (const PageSize of [0, 51, "x"]) await expectPopError(describeLogs({ PageSize }), "InvalidParameter", 400);
    for (const PageNumber of [0, -1, "x"]) await expectPopError(describeLogs({ PageNumber }), "InvalidParameter", 400);
    await expectPopError(describeLogs({ RegionId: "mars-north-1" }), "IllegalParam.RegionId", 400);
    await expectPopError(call(client(), "DescribeFlowLogs", {}), "MissingRegionId", 400);
  });
});

describe("paging over many flow logs", () => {
  let many: RunningEmulator;
  beforeAll(async () => {
    many = await start();
  });
  afterAll(() => many.close());

  it("defaults to 10 per page, allows up to 50, and keeps creation order", async () => {
    const client = pop(many.url, SMARTAG);
    const created: string[] = [];
    for (let i = 0; i < 55; i++) created.push((await call(client, "CreateFlowLog", { RegionId: HZ, ...SLS_LOG })).FlowLogId);
    const first = await call(client, "DescribeFlowLogs", { RegionId: HZ });
    expect(first).toMatchObject({ TotalCount: 55, PageNumber: 1, PageSize: 10 });
    expect(first.FlowLogs.FlowLogSetType).toHaveLength(10);
    const page2 = await call(client, "DescribeFlowLogs", { RegionId: HZ, PageSize: 50, PageNumber: 2 });
    expect(page2.FlowLogs.FlowLogSetType.map((l: { FlowLogId: string }) => l.FlowLogId)).toEqual(created.slice(50));
    const beyond = await call(client, "DescribeFlowLogs", { RegionId: HZ, PageSize: 50, PageNumber: 9 });
    expect(beyond).toMatchObject({ TotalCount: 55, PageNumber: 9, FlowLogs: { FlowLogSetType: [] } });
  });

  it("DescribeFlowLogSags pages the bound SAGs", async () => {
    const client = pop(many.url, SMARTAG);
    const { FlowLogId } = await call(client, "CreateFlowLog", { RegionId: "cn-shanghai", ...SLS_LOG });
    for (let i = 1; i <= 8; i++) {
      await call(client, "AssociateFlowLog", { RegionId: "cn-shanghai", FlowLogId, SmartAGId: `sag-demoshanghai00000${i}` });
    }
    const page = await call(client, "DescribeFlowLogSags", { RegionId: "cn-shanghai", FlowLogId, PageSize: 3, PageNumber: 3 });
    expect(page).toMatchObject({ TotalCount: 8, PageNumber: 3, PageSize: 3 });
    expect(page.Sags.Sag.map((s: { SmartAGId: string }) => s.SmartAGId)).toEqual(["sag-demoshanghai000007", "sag-demoshanghai000008"]);
    expect((await call(client, "DescribeUnbindFlowLogSags", { RegionId: "cn-shanghai" })).Count).toBe(0);
    await expectPopError(
      call(client, "DescribeFlowLogSags", { RegionId: "cn-shanghai", FlowLogId, PageSize: 51 }),
      "InvalidParameter",
      400,
    );
  });
});
