/**
 * `check` and `diff` of sag.FlowLog: validation messages name field, value and rule; defaults
 * are filled; unknown values (preview) never fail; diff is explicit and stable.
 */
import { check, diff, normalize } from "../../provider/sag/flowLogProvider";
import { clearStackConfig, setStackConfig } from "../../provider/client/config";
import { UNKNOWN } from "../../provider/schema";

const base = {
  region: "cn-hangzhou",
  outputType: "all",
  slsRegionId: "cn-shanghai",
  projectName: "netlogs",
  logstoreName: "sag",
  netflowServerIp: "10.0.0.5",
  __token: "0123456789abcdef",
  __autoName: "edge-0123456",
};

async function failures(inputs: Record<string, unknown>) {
  const r = await check({}, inputs);
  return r.failures ?? [];
}

describe("check", () => {
  afterEach(() => {
    clearStackConfig();
    delete process.env.ALICLOUD_REGION;
  });

  it("accepts a complete flow log and fills the documented defaults", async () => {
    const r = await check({}, base);
    expect(r.failures).toEqual([]);
    expect(r.inputs).toMatchObject({
      activeAging: 300,
      inactiveAging: 15,
      netflowServerPort: 9995,
      netflowVersion: "V9",
      name: "edge-0123456",
    });
  });

  it("does not fill NetFlow defaults for an SLS-only flow log", async () => {
    const r = await check({}, { ...base, outputType: "sls", netflowServerIp: undefined });
    expect(r.failures).toEqual([]);
    expect(r.inputs).not.toHaveProperty("netflowServerPort");
    expect(r.inputs).not.toHaveProperty("netflowVersion");
  });

  it.each([
    ["activeAging", 59, "activeAging: 59 is invalid: must be an integer from 60 to 6000 (seconds)"],
    ["activeAging", 6001, "activeAging: 6001 is invalid: must be an integer from 60 to 6000 (seconds)"],
    ["activeAging", 300.5, "activeAging: 300.5 is invalid: must be an integer from 60 to 6000 (seconds)"],
    ["activeAging", "300", 'activeAging: "300" is invalid: must be an integer from 60 to 6000 (seconds)'],
    ["inactiveAging", 9, "inactiveAging: 9 is invalid: must be an integer from 10 to 600 (seconds)"],
    ["inactiveAging", 601, "inactiveAging: 601 is invalid: must be an integer from 10 to 600 (seconds)"],
    ["outputType", "kafka", 'outputType: "kafka" is invalid: must be one of "sls", "netflow", "all"'],
    ["netflowServerIp", "10.0.0.256", 'netflowServerIp: "10.0.0.256" is invalid: must be an IPv4 address such as "10.0.0.5"'],
    ["netflowServerPort", 0, "netflowServerPort: 0 is invalid: must be an integer from 1 to 65535"],
    ["netflowServerPort", 70000, "netflowServerPort: 70000 is invalid: must be an integer from 1 to 65535"],
    ["netflowVersion", "V7", 'netflowVersion: "V7" is invalid: must be one of "V5", "V9", "V10"'],
    ["status", "Running", 'status: "Running" is invalid: must be one of "Active", "Inactive"'],
    ["region", "mars-north-1", 'region: "mars-north-1" is invalid: must be a region with Smart Access Gateway flow logs'],
    ["name", "", 'name: "" is invalid: must be a string of 1 to 128 characters'],
    ["name", "x".repeat(129), "must be a string of 1 to 128 characters"],
    ["projectName", "NetLogs", 'projectName: "NetLogs" is invalid: must be an SLS project name'],
    ["logstoreName", "-sag", 'logstoreName: "-sag" is invalid: must be an SLS logstore name'],
    ["slsRegionId", "Shanghai", 'slsRegionId: "Shanghai" is invalid: must be a region id'],
    ["description", "x".repeat(201), "must be a string of at most 200 characters"],
    ["smartAgIds", ["sag-abc123", "sag-abc123"], 'smartAgIds: ["sag-abc123","sag-abc123"] is invalid: must not list the same SAG twice'],
    ["smartAgIds", ["vpc-123456"], 'smartAgIds[0]: "vpc-123456" is invalid: each entry must be an SAG instance id'],
  ])("rejects %s = %j with a message naming field, value and rule", async (field, value, message) => {
    const f = await failures({ ...base, [field]: value });
    expect(f).toHaveLength(1);
    // The reason names the field; the property is left empty so that the engine prints the reason alone.
    expect(f[0].property).toBe("");
    expect(f[0].reason.startsWith(`${field}`)).toBe(true);
    expect(f[0].reason).toContain(message);
  });

  it.each([
    ["sls", ["slsRegionId", "projectName", "logstoreName"]],
    ["netflow", ["netflowServerIp"]],
    ["all", ["slsRegionId", "projectName", "logstoreName", "netflowServerIp"]],
  ])("requires the destination fields of outputType %s", async (outputType, fields) => {
    const f = await failures({ region: "cn-hangzhou", outputType, __token: base.__token, __autoName: base.__autoName });
    expect(f.map((x) => x.reason.split(":")[0]).sort()).toEqual([...fields].sort());
    for (const x of f) expect(x.reason).toContain(`is required when outputType is "${outputType}"`);
  });

  it("requires outputType", async () => {
    const f = await failures({ ...base, outputType: undefined });
    expect(f.map((x) => x.reason)).toEqual([`outputType: (missing) is invalid: is required: one of "sls", "netflow", "all"`]);
  });

  it("takes the region from stack config, then ALICLOUD_REGION, and fails clearly without one", async () => {
    const noRegion = { ...base, region: undefined };
    process.env.ALICLOUD_REGION = "cn-shanghai";
    expect((await check({}, noRegion)).inputs?.region).toBe("cn-shanghai");
    setStackConfig((k) => (k === "alicloud:region" ? "cn-hongkong" : undefined));
    expect((await check({}, noRegion)).inputs?.region).toBe("cn-hongkong");
    clearStackConfig();
    delete process.env.ALICLOUD_REGION;
    const f = await failures(noRegion);
    expect(f.map((x) => x.reason)).toEqual([
      "region: (missing) is invalid: is required: set the region input, stack config alicloud:region, or ALICLOUD_REGION",
    ]);
  });

  it("lets unknown values through during preview, whatever the field", async () => {
    for (const field of Object.keys(base).filter((k) => !k.startsWith("__"))) {
      const f = await failures({ ...base, [field]: UNKNOWN });
      expect({ field, f }).toEqual({ field, f: [] });
    }
    expect(await failures({ ...base, smartAgIds: [UNKNOWN, "sag-abc123"] })).toEqual([]);
    expect(await failures({ ...base, smartAgIds: UNKNOWN, activeAging: UNKNOWN })).toEqual([]);
  });

  it("still checks the known entries of a partly unknown list", async () => {
    const f = await failures({ ...base, smartAgIds: [UNKNOWN, "bad"] });
    expect(f[0].reason).toContain('smartAgIds[1]: "bad" is invalid');
  });

  it("hands a create the program's token, not the old one (a replacement is a create of its own)", async () => {
    const r = await check({ ...base, __token: "aaaaaaaaaaaaaaaa" }, { ...base, __token: "bbbbbbbbbbbbbbbb" });
    expect(r.inputs?.__token).toBe("bbbbbbbbbbbbbbbb");
  });

  it("keeps the auto-name a resource was created with when the stack is renamed", async () => {
    const { name: _n, ...noName } = base as any;
    const r = await check({ ...noName, __autoName: "fl-0-aaaaaaa" }, { ...noName, __autoName: "fl-0-bbbbbbb" });
    expect(r.inputs?.name).toBe("fl-0-aaaaaaa");
    const explicit = await check({ ...noName, __autoName: "fl-0-aaaaaaa" }, { ...noName, name: "chosen", __autoName: "fl-0-bbbbbbb" });
    expect(explicit.inputs?.name).toBe("chosen");
    const fresh = await check({}, { ...noName, __autoName: "fl-0-bbbbbbb" });
    expect(fresh.inputs?.name).toBe("fl-0-bbbbbbb");
  });

  it("accepts a flow log id to adopt and names the field and value of a malformed one", async () => {
    expect(await failures({ ...base, adoptId: "fl-7a56mar1kfw9vj2x4s" })).toEqual([]);
    expect(await failures({ ...base, adoptId: UNKNOWN })).toEqual([]);
    expect((await failures({ ...base, adoptId: "sag-123456" })).map((x) => x.reason)).toEqual([
      'adoptId: "sag-123456" is invalid: must be the id of an existing flow log, such as "fl-7a56mar1kfw9vj2x4s"',
    ]);
  });
});

describe("diff", () => {
  const olds = {
    ...normalize(base as any),
    flowLogId: "fl-abcdefghij0123456789",
    status: "Active",
    totalSagNum: 0,
  } as any;

  it("reports no change for the same inputs", async () => {
    expect(await diff(olds.flowLogId, olds, normalize(base as any))).toMatchObject({ changes: false, replaces: [] });
  });

  it("reports no change for state written by an older version without the filled defaults", async () => {
    const oldState = { ...olds };
    delete oldState.netflowServerPort;
    delete oldState.netflowVersion;
    delete oldState.activeAging;
    expect(await diff(olds.flowLogId, oldState, normalize(base as any))).toMatchObject({ changes: false });
  });

  it("updates in place for a setting change", async () => {
    expect(await diff(olds.flowLogId, olds, normalize({ ...base, activeAging: 600 } as any))).toMatchObject({
      changes: true,
      replaces: [],
    });
  });

  it("replaces only when the region changes, deleting the old flow log first", async () => {
    expect(await diff(olds.flowLogId, olds, normalize({ ...base, region: "cn-shanghai" } as any))).toMatchObject({
      changes: true,
      replaces: ["region"],
      deleteBeforeReplace: true,
    });
  });

  it("ignores the hidden token (a new state identity changes nothing) and adoptId", async () => {
    const news = normalize({ ...base, __token: "cccccccccccccccc", adoptId: "fl-7a56mar1kfw9vj2x4s" } as any);
    expect(await diff(olds.flowLogId, { ...olds, __token: "aaaaaaaaaaaaaaaa" }, news)).toMatchObject({ changes: false });
  });

  it("updates a flow log whose marker a refresh found stripped, so that up writes it back", async () => {
    expect(await diff(olds.flowLogId, { ...olds, __markerLost: true }, normalize(base as any))).toMatchObject({
      changes: true,
      replaces: [],
    });
  });

  it("ignores status when the program does not set it, and SAG order", async () => {
    const withSags = { ...olds, smartAgIds: ["sag-b00001", "sag-a00001"] };
    expect(await diff(olds.flowLogId, withSags, normalize({ ...base, smartAgIds: ["sag-a00001", "sag-b00001"] } as any))).toMatchObject({
      changes: false,
    });
    expect(await diff(olds.flowLogId, { ...olds, status: "Inactive" }, normalize(base as any))).toMatchObject({ changes: false });
    expect(await diff(olds.flowLogId, { ...olds, status: "Inactive" }, normalize({ ...base, status: "Active" } as any))).toMatchObject({
      changes: true,
    });
  });

  it("treats unknown values as a change, and an unknown region as a possible replace", async () => {
    expect(await diff(olds.flowLogId, olds, { ...normalize(base as any), activeAging: UNKNOWN })).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(await diff(olds.flowLogId, olds, { ...normalize(base as any), region: UNKNOWN })).toMatchObject({
      changes: true,
      replaces: ["region"],
    });
  });

  it("ignores destination fields the output type does not use", async () => {
    const slsOlds = { ...olds, outputType: "sls", netflowServerIp: "10.0.0.5" };
    const news = normalize({ ...base, outputType: "sls", netflowServerIp: "10.9.9.9" } as any);
    expect(await diff(olds.flowLogId, slsOlds, news)).toMatchObject({ changes: false });
  });
});
