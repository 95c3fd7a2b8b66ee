/**
 * vpc.FlowLog's provider hooks driven directly (no engine) against an in-process emulator (its VPC
 * flow-log family): the journal shows each call, the emulator's state what the cloud holds. A new
 * emulator per test, VPC flow logs opened in it, transitions of 60 ms (each one has to be awaited).
 */
import * as flowLogProvider from "../../provider/vpc/flowLogProvider";
import * as serviceProvider from "../../provider/vpc/flowLogServiceProvider";
import { UNKNOWN, VPC_FLOW_LOG_TYPE } from "../../provider/schema";
import { withMarker } from "../../provider/internal/marker";
import { VPC, call, pop } from "../emulator/helpers";
import {
  MarkedResource,
  REGION,
  businessParams,
  captureWarnings,
  engineHooks,
  upSteps,
  foreignToken,
  inNewProcess,
  markedResource,
  useEmulator,
} from "./harness";

const hooks = engineHooks(flowLogProvider);
const { check, create, delete: deleteFlowLog, diff, read, update } = hooks;
const { checked, up, change } = upSteps(hooks, (args) => r.args({ __autoName: autoName(), ...args }));

jest.setTimeout(30_000);

const t = useEmulator({ vpcFlowLogTransitionMs: 60 });
const vpc = (action: string, params: Record<string, unknown> = {}) => call(pop(t.emu.url, VPC), action, { RegionId: REGION, ...params });
const warnings = captureWarnings();
let r: MarkedResource;
beforeEach(async () => {
  await vpc("OpenFlowLogService");
  t.clear();
  r = markedResource(VPC_FLOW_LOG_TYPE);
});

const BASE = { resourceType: "VPC", resourceId: "vpc-demohangzhou0001", projectName: "flowlogs", logStoreName: "vpc" };
const autoName = () => `${r.name}-abcdef0`;
/** The marker a flow log of these inputs carries: one token per generation (the lineage token and what it records). */
const marker = (args: Record<string, unknown> = BASE) =>
  flowLogProvider.vpcFlowLogProvider.markerOf({
    region: REGION,
    trafficType: "All",
    trafficPaths: ["all"],
    ...args,
    __token: r.token,
  } as never)!;

const JSON_BODY = { "content-type": "application/json" };
const cloud = () => t.emu.state().vpcFlowLogs.flatMap((r) => r.flowLogs ?? []);
const mutations = () => t.calls().filter((a) => a !== "DescribeFlowLogs");

describe("vpc.FlowLog provider", () => {
  it("creates with the defaults filled, the marker in the description, waits until Active, and reports the computed outputs", async () => {
    const { id, outs } = await up({ ...BASE, tags: { env: "prod" } });
    expect(mutations()).toEqual(["CreateFlowLog"]);
    // Looked before creating (one listing), then polled while it was Activating.
    expect(t.entries("DescribeFlowLogs").length).toBeGreaterThanOrEqual(3);
    expect(businessParams(t.entries("CreateFlowLog")[0]!)).toEqual({
      RegionId: REGION,
      ResourceType: "VPC",
      ResourceId: "vpc-demohangzhou0001",
      TrafficType: "All",
      ProjectName: "flowlogs",
      LogStoreName: "vpc",
      AggregationInterval: "10",
      "TrafficPath.1": "all",
      IpVersion: "IPv4",
      FlowLogName: autoName(),
      Description: `[pulumi:${marker()}]`,
      "Tag.1.Key": "env",
      "Tag.1.Value": "prod",
    });
    expect(outs).toMatchObject({
      flowLogId: id,
      status: "Active",
      businessStatus: "Normal",
      deliverStatus: "SUCCESS",
      name: autoName(),
      trafficType: "All",
      aggregationInterval: 10,
      trafficPaths: ["all"],
      ipVersion: "IPv4",
      tags: { env: "prod" },
      __token: r.token,
    });
    expect(outs.creationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(outs.description).toBeUndefined();
    expect(cloud().map((f) => [f.flowLogId, f.status])).toEqual([[id, "Active"]]);
  });

  it("check validates every input at preview with no API call, reports every problem, and tolerates unknowns", async () => {
    const reasons = async (args: Record<string, unknown>) => (await check({}, r.args(args))).failures!.map((f) => f.reason);
    expect(
      await reasons({
        resourceType: "Subnet",
        resourceId: "subnet-1",
        projectName: "Bad_Project",
        logStoreName: "x",
        aggregationInterval: 2,
      }),
    ).toEqual([
      'resourceType: "Subnet" is invalid: must be one of "NetworkInterface", "VSwitch", "VPC"',
      'resourceId: "subnet-1" is invalid: must be an ENI, vSwitch or VPC id ("eni-...", "vsw-...", "vpc-...")',
      'projectName: "Bad_Project" is invalid: must be an SLS project name: 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit',
      'logStoreName: "x" is invalid: must be an SLS Logstore name: 3 to 63 lowercase letters, digits, hyphens and underscores, starting and ending with a letter or digit',
      "aggregationInterval: 2 is invalid: must be 1, 5 or 10 (minutes)",
    ]);
    expect(await reasons({ ...BASE, resourceId: "vsw-demohangzhou0001" })).toEqual([
      'resourceId: "vsw-demohangzhou0001" is invalid: must be the id of a VPC (vpc-...) for resourceType "VPC"',
    ]);
    expect(await reasons({ ...BASE, trafficPaths: ["all", "all"], tags: { "aliyun:x": "1" }, adoptId: "tmf-1" })).toEqual([
      'trafficPaths: ["all","all"] is invalid: must not list the same traffic path twice',
      'tags: {"aliyun:x":"1"} is invalid: each tag key must be 1 to 128 characters, not starting with "aliyun" or "acs:" and without http:// or https://',
      'adoptId: "tmf-1" is invalid: must be the id of an existing VPC flow log, such as "fl-[a-z0-9]{6,32}"',
    ]);
    expect(await reasons({ resourceType: "VPC" })).toEqual([
      "resourceId: (missing) is invalid: is required",
      "projectName: (missing) is invalid: is required",
      "logStoreName: (missing) is invalid: is required",
    ]);
    expect(await reasons({ ...BASE, resourceId: UNKNOWN, tags: UNKNOWN, trafficPaths: [UNKNOWN] })).toEqual([]);
    expect(t.emu.journal()).toEqual([]);
  });

  it("changes name, description, interval and IP version in place (one ModifyFlowLogAttribute), status and tags by their own actions", async () => {
    const { id, outs } = await up(BASE);
    t.clear();
    const renamed = await change(id, outs, {
      ...BASE,
      name: "prod",
      description: "all of prod",
      aggregationInterval: 1,
      ipVersion: "IPv6",
    });
    expect(renamed.diff).toMatchObject({ changes: true, replaces: [] });
    expect(mutations()).toEqual(["ModifyFlowLogAttribute"]);
    expect(businessParams(t.entries("ModifyFlowLogAttribute")[0]!)).toEqual({
      RegionId: REGION,
      FlowLogId: id,
      FlowLogName: "prod",
      AggregationInterval: "1",
      IpVersion: "IPv6",
      Description: withMarker("all of prod", marker()),
    });
    expect(renamed.outs).toMatchObject({
      name: "prod",
      description: "all of prod",
      aggregationInterval: 1,
      ipVersion: "IPv6",
      status: "Active",
    });

    t.clear();
    const stopped = await change(id, renamed.outs, {
      ...BASE,
      name: "prod",
      description: "all of prod",
      aggregationInterval: 1,
      ipVersion: "IPv6",
      status: "Inactive",
      tags: { a: "1", b: "2" },
    });
    expect(mutations()).toEqual(["TagResources", "DeactiveFlowLog"]);
    expect(stopped.outs).toMatchObject({ status: "Inactive", tags: { a: "1", b: "2" }, __statusManaged: true });
    expect(cloud()[0]).toMatchObject({ status: "Inactive" });

    t.clear();
    const retagged = await change(id, stopped.outs, {
      ...BASE,
      name: "prod",
      description: "all of prod",
      aggregationInterval: 1,
      ipVersion: "IPv6",
      status: "Active",
      tags: { a: "3" },
    });
    expect(mutations()).toEqual(["UnTagResources", "TagResources", "ActiveFlowLog"]);
    expect(retagged.outs).toMatchObject({ status: "Active", tags: { a: "3" } });
    // Nothing changed: no call but the look at the flow log.
    t.clear();
    const same = await change(id, retagged.outs, {
      ...BASE,
      name: "prod",
      description: "all of prod",
      aggregationInterval: 1,
      ipVersion: "IPv6",
      status: "Active",
      tags: { a: "3" },
    });
    expect(same.diff).toMatchObject({ changes: false });
    expect(mutations()).toEqual([]);
  });

  it("every replacement deletes first (the engine asks no diff about up --replace; the class forces it)", async () => {
    const { id, outs } = await up(BASE);
    for (const changed of [
      { resourceId: "vpc-demohangzhou0002" },
      { trafficType: "Drop" },
      { projectName: "audit" },
      { trafficPaths: ["natGateway"] },
      { resourceId: UNKNOWN },
    ]) {
      const d = await diff(id, outs, await checked({ ...BASE, ...changed }, outs));
      expect(d).toMatchObject({ changes: true, replaces: Object.keys(changed), deleteBeforeReplace: true });
    }
    expect(await diff(id, outs, await checked({ ...BASE, name: "x", __replaceOnChanges: ["name"] }, outs))).toMatchObject({
      replaces: ["name"],
      deleteBeforeReplace: true,
    });

    // The engine's delete-first replacement: the old one is deleted, then the new one created (its own marker).
    t.clear();
    await deleteFlowLog(id, outs);
    const { id: next, outs: nextOuts } = await create(await checked({ ...BASE, resourceId: "vpc-demohangzhou0002" }, outs));
    expect(next).not.toBe(id);
    expect(mutations()).toEqual(["DeleteFlowLog", "CreateFlowLog"]);
    expect(cloud().map((f) => f.flowLogId)).toEqual([next]);
    // `up --replace` (the same token): once the old one is gone, nothing carries it, so the create makes a new one.
    t.clear();
    await deleteFlowLog(next, nextOuts!);
    const { id: third } = await create(await checked({ ...BASE, resourceId: "vpc-demohangzhou0002" }, nextOuts));
    expect(third).not.toBe(next);
    expect(mutations()).toEqual(["DeleteFlowLog", "CreateFlowLog"]);
    expect(cloud().map((f) => f.flowLogId)).toEqual([third]);
  });

  it("reads drift and an out-of-band deactivation; the next update puts them back; a flow log deleted out of band is gone", async () => {
    const { id, outs } = await up({ ...BASE, status: "Active" });
    await vpc("ModifyFlowLogAttribute", { FlowLogId: id, AggregationInterval: 5 });
    await fetch(`${t.emu.url}/_emulator/vpc/flow-log/${REGION}/settle`, { method: "POST" });
    await fetch(`${t.emu.url}/_emulator/vpc/flow-logs/${id}/deactivate`, { method: "POST" });
    t.clear();
    const seen = await read(id, outs);
    expect(seen.props).toMatchObject({ aggregationInterval: 5, status: "Inactive" });
    expect(seen.inputs).toMatchObject({ aggregationInterval: 5, status: "Inactive" });
    expect(seen.inputs).not.toHaveProperty("flowLogId");
    const fixed = await change(id, seen.props!, { ...BASE, status: "Active" });
    expect(fixed.diff).toMatchObject({ changes: true, replaces: [] });
    expect(fixed.outs).toMatchObject({ aggregationInterval: 10, status: "Active" });
    await fetch(`${t.emu.url}/_emulator/vpc/flow-logs/${id}/delete`, { method: "POST" });
    expect(await read(id, fixed.outs)).toEqual({ id: "", props: undefined });
  });

  it("delete waits until it is gone; one already gone is the goal reached", async () => {
    const { id, outs } = await up(BASE);
    t.clear();
    await deleteFlowLog(id, outs);
    expect(mutations()).toEqual(["DeleteFlowLog"]);
    expect(cloud()).toEqual([]);
    t.clear();
    await deleteFlowLog(id, outs);
    expect(mutations()).toEqual([]);
  });

  it("says to add a vpc.FlowLogService when VPC flow logs are not opened in the region", async () => {
    const { inputs } = await check({}, r.args({ __autoName: autoName(), ...BASE, region: "cn-shanghai" }));
    await expect(create(inputs!)).rejects.toThrow(/VPC flow logs are not opened in cn-shanghai: add a vpc\.FlowLogService for cn-shanghai/);
  });

  describe("idempotency marker", () => {
    it("adopts the flow log an interrupted create left (it carries the token), in a new process: no CreateFlowLog", async () => {
      await vpc("CreateFlowLog", {
        ResourceType: "VPC",
        ResourceId: "vpc-demohangzhou0001",
        TrafficType: "All",
        ProjectName: "flowlogs",
        LogStoreName: "vpc",
        FlowLogName: autoName(),
        Description: withMarker(undefined, marker()),
        AggregationInterval: 5,
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a new process loads the module afresh
      const fresh = inNewProcess(() => engineHooks(require("../../provider/vpc/flowLogProvider")));
      t.clear();
      const { id, outs } = await fresh.create((await fresh.check({}, r.args({ __autoName: autoName(), ...BASE }))).inputs!);
      expect(mutations()).toEqual(["ModifyFlowLogAttribute"]);
      expect(outs).toMatchObject({ flowLogId: id, aggregationInterval: 10 });
      expect(warnings.some((w) => w.startsWith(`adopted VPC flow log ${id} instead of creating another`))).toBe(true);
      expect(cloud()).toHaveLength(1);
    });

    it("CreateFlowLog that committed but lost its answer: found by name and marker, adopted, never sent twice", async () => {
      t.emu.injectFault({ action: "CreateFlowLog", product: "vpc", kind: "commit-drop", count: 1 });
      const { id } = await up(BASE);
      expect(t.calls().filter((a) => a === "CreateFlowLog")).toHaveLength(1);
      expect(t.entries("DescribeFlowLogs").some((e) => e.params.FlowLogName === autoName())).toBe(true);
      expect(cloud().map((f) => f.flowLogId)).toEqual([id]);
    });

    it("adoptId takes over one made in the console (writes only the marker) and refuses another stack's", async () => {
      const made = await vpc("CreateFlowLog", {
        ResourceType: "VPC",
        ResourceId: "vpc-demohangzhou0002",
        TrafficType: "Drop",
        ProjectName: "console",
        LogStoreName: "made",
        Description: "from the console",
      });
      await fetch(`${t.emu.url}/_emulator/vpc/flow-log/${REGION}/settle`, { method: "POST" });
      t.clear();
      const { id, outs } = await up({ ...BASE, adoptId: made.FlowLogId });
      expect(id).toBe(made.FlowLogId);
      expect(mutations()).toEqual(["ModifyFlowLogAttribute"]);
      expect(businessParams(t.entries("ModifyFlowLogAttribute")[0]!)).toEqual({
        RegionId: REGION,
        FlowLogId: id,
        Description: withMarker(
          "from the console",
          marker({ ...BASE, resourceId: "vpc-demohangzhou0002", trafficType: "Drop", projectName: "console", logStoreName: "made" }),
        ),
      });
      // Recorded as it is: the next preview shows what differs from the program.
      expect(outs).toMatchObject({ resourceId: "vpc-demohangzhou0002", trafficType: "Drop", projectName: "console", adoptId: id });
      const d = await diff(id, outs, await checked({ ...BASE, adoptId: made.FlowLogId }, outs));
      expect(d.replaces).toEqual(expect.arrayContaining(["resourceId", "trafficType", "projectName", "logStoreName"]));

      const other = await vpc("CreateFlowLog", {
        ResourceType: "VPC",
        ResourceId: "vpc-demohangzhou0001",
        TrafficType: "All",
        ProjectName: "p1x",
        LogStoreName: "ls1",
        Description: withMarker(undefined, foreignToken(VPC_FLOW_LOG_TYPE)),
      });
      await expect(up({ ...BASE, adoptId: other.FlowLogId })).rejects.toThrow(
        /adoptId: VPC flow log .* is managed by another Pulumi stack/,
      );
      await expect(up({ ...BASE, adoptId: "fl-doesnotexist0000" })).rejects.toThrow(
        /adoptId: VPC flow log fl-doesnotexist0000 does not exist in cn-hangzhou/,
      );
    });

    it("refuses to update, and does not delete, one that now carries another resource's marker; a lost marker is written back", async () => {
      const { id, outs } = await up(BASE);
      await fetch(`${t.emu.url}/_emulator/vpc/flow-logs/${id}/description`, {
        method: "POST",
        headers: JSON_BODY,
        body: JSON.stringify({ description: "edited" }),
      });
      const lost = await read(id, outs);
      expect(lost.props).toMatchObject({ __markerLost: true, description: "edited" });
      expect(warnings.some((w) => w.includes(`VPC flow log ${id} has lost its idempotency marker`))).toBe(true);
      const back = await change(id, lost.props!, BASE);
      expect(back.diff).toMatchObject({ changes: true });
      expect(cloud()[0]!.description).toBe(withMarker(undefined, marker()));

      const other = foreignToken(VPC_FLOW_LOG_TYPE);
      await fetch(`${t.emu.url}/_emulator/vpc/flow-logs/${id}/description`, {
        method: "POST",
        headers: JSON_BODY,
        body: JSON.stringify({ description: withMarker(undefined, other) }),
      });
      const seen = await read(id, back.outs);
      expect(seen.props).toMatchObject({ __ownedElsewhere: other });
      await expect(update(id, seen.props!, await checked({ ...BASE, name: "x" }, seen.props!))).rejects.toThrow(
        /carries another resource's marker/,
      );
      t.clear();
      await deleteFlowLog(id, seen.props!);
      expect(mutations()).toEqual([]);
      expect(cloud()).toHaveLength(1);
    });
  });
});

describe("vpc.FlowLogService provider", () => {
  const svc = engineHooks(serviceProvider);
  it("opens a closed region with a ClientToken of its own; an opened one answers ExceedPurchaseLimit, which counts as opened", async () => {
    const { inputs } = await svc.check({}, { region: "cn-shanghai" });
    t.clear();
    const { id, outs } = await svc.create(inputs!);
    expect(id).toBe("cn-shanghai");
    expect(t.calls().slice(0, 2)).toEqual(["GetFlowLogServiceStatus", "OpenFlowLogService"]);
    expect(outs).toMatchObject({
      region: "cn-shanghai",
      enabled: true,
      clientToken: expect.stringMatching(/^pulumi-flowlog-svc-[0-9a-f]{32}$/),
    });
    t.clear();
    const again = await svc.create(inputs!);
    expect(t.calls()).toEqual(["GetFlowLogServiceStatus"]);
    expect(again.outs).toMatchObject({ enabled: true });
  });
});
