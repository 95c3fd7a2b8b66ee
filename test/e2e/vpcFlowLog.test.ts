/**
 * vpc.FlowLog (and vpc.FlowLogService) through every lifecycle operation users run, through the real
 * engine, with test/programs/declared: a stack of one vpc.FlowLogService "svc" and three VPC flow logs
 * on the emulator's seeded cn-hangzhou network, "vpc" (a whole VPC), "vsw" (a vSwitch) and "eni" (an ENI),
 * each depending on the service. Ground truth is the emulator: its journal (which calls, with which
 * parameters, in which order) and its state. After every operation the ids in the cloud equal the ids in
 * the state and the stack outputs, each flow log carries the marker of exactly one resource of one state
 * (one flow log per marker), and the flow logs of other stacks and the console are untouched
 * (test/support/vpcFlowLogTruth.ts).
 *
 * The calls of each step (listing pages, lookups and polls, every other action) are written to
 * .tmp/vpc-flow-log-calls.md.
 */
import * as fs from "fs";
import * as path from "path";
import type { JournalEntry } from "../../emulator";
import { REPO, Workspace, freshRunner, resourcesOfType } from "../support/pulumi";
import { Emulator, outOfBand, providerEnv, startTestEmulator } from "../support/emulatorEnv";
import { previewPlan, upApplied } from "../support/plan";
import { removeEmptyAttrs, startPulumi } from "../support/engine";
import { stateIdOf } from "../support/groundTruth";
import {
  CloudFlowLog,
  businessParams,
  expectVpcFlowLogsAgree,
  expectVpcFlowLogsGone,
  isListing,
  isLookup,
  isMutation,
  nameOf,
  tally,
  tallyText,
  vpcFlowLogs,
} from "../support/vpcFlowLogTruth";
import { VPC_FLOW_LOG_TYPE } from "../../provider/schema";

jest.setTimeout(300_000);

const PROGRAM = "test/programs/declared";
const REGION = "cn-hangzhou";
const UP = ["up", "--yes", "--skip-preview"];
const IDENTITY = "alicloud-traffic-state";
const NAMES = ["eni", "vpc", "vsw"];

type Args = Record<string, unknown>;
const flowLog = (resourceType: string, resourceId: string, extra: Args = {}) => ({
  class: "vpc.FlowLog",
  args: { region: REGION, resourceType, resourceId, projectName: "flowlogs", logStoreName: "vpc", status: "Active", ...extra },
  options: { dependsOn: ["svc"] },
});
/** The stack: the service and the three flow logs, each with `changes` merged into its args. */
function declared(changes: Partial<Record<"vpc" | "vsw" | "eni", Args>> = {}) {
  return {
    svc: { class: "vpc.FlowLogService", args: { region: REGION } },
    vpc: flowLog("VPC", "vpc-demohangzhou0001", changes.vpc),
    vsw: flowLog("VSwitch", "vsw-demohangzhou0001", changes.vsw),
    eni: flowLog("NetworkInterface", "eni-demohangzhou0001", changes.eni),
  };
}
const configure = (ws: Workspace, resources: Record<string, unknown>) => ws.ok(["config", "set", "resources", JSON.stringify(resources)]);

/** The plan of a stack where only `changed` change: every other resource (the identity and the service included) is `same`. */
const planOf = (changed: Record<string, string>) => ({
  [IDENTITY]: "same",
  svc: "same",
  vpc: "same",
  vsw: "same",
  eni: "same",
  ...changed,
});

/** What each step cost, for .tmp/vpc-flow-log-calls.md. */
const steps: Array<{ step: string; calls: string }> = [];
function record(step: string, journal: JournalEntry[]): JournalEntry[] {
  steps.push({ step, calls: tallyText(tally(journal)) });
  return journal;
}

/** The mutations of a journal as `action id-or-resource` with their business parameters. */
const mutations = (journal: JournalEntry[]) => journal.filter(isMutation).map((e) => ({ action: e.action, params: businessParams(e) }));
const seqOf = (journal: JournalEntry[], action: string, match: (p: Record<string, unknown>) => boolean) =>
  journal.find((e) => e.action === action && match(e.params))!.seq;

async function control(emulator: Emulator, route: string, body?: unknown): Promise<any> {
  const res = await fetch(`${emulator.url}/_emulator/vpc/${route}`, {
    method: "POST",
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  expect(res.status).toBe(200);
  return res.json();
}

/** A flow log made in the console (or by another tool), settled. */
async function consoleFlowLog(emulator: Emulator, params: Args): Promise<string> {
  const body = await outOfBand(emulator, "vpc")("CreateFlowLog", {
    RegionId: REGION,
    TrafficType: "All",
    ProjectName: "flowlogs",
    LogStoreName: "vpc",
    ...params,
  });
  await control(emulator, `flow-log/${REGION}/settle`);
  return body.FlowLogId;
}

afterAll(() => {
  if (steps.length === 0) return;
  const table = ["| step | API calls |", "| --- | --- |", ...steps.map((s) => `| ${s.step} | ${s.calls} |`)];
  fs.mkdirSync(path.join(REPO, ".tmp"), { recursive: true });
  fs.writeFileSync(path.join(REPO, ".tmp", "vpc-flow-log-calls.md"), `${table.join("\n")}\n`);
});

describe("vpc.FlowLog through the lifecycle (one stack, steps in order)", () => {
  let emulator: Emulator;
  let ws: Workspace;
  const workspaces: Workspace[] = [];
  /** Flow logs of others: one carrying another stack's marker, one made in the console. Never touched. */
  let bystanders: CloudFlowLog[];
  let last: Awaited<ReturnType<typeof expectVpcFlowLogsAgree>>;
  const workspace = (name: string, stack = "dev") => {
    const w = new Workspace(name, { from: PROGRAM, env: providerEnv(emulator, REGION), stack });
    workspaces.push(w);
    return w;
  };
  const agree = (w: Workspace, names = NAMES, opts: Parameters<typeof expectVpcFlowLogsAgree>[3] = {}) =>
    expectVpcFlowLogsAgree(emulator, w, names, { others: bystanders, ...opts });

  beforeAll(async () => {
    emulator = await startTestEmulator({ vpcFlowLogTransitionMs: 20 });
    // VPC flow logs already opened by someone else would hide the OpenFlowLogService: the bystanders are
    // made once the stack has opened the region (first test), from the console's point of view.
    ws = workspace("vfl-main");
    await ws.init();
  });
  afterAll(async () => {
    await emulator?.close();
    workspaces.splice(0).forEach((w) => w.cleanup());
  });

  it("up: OpenFlowLogService once, one listing, one CreateFlowLog per flow log (marked), polls until Active", async () => {
    await configure(ws, declared({ vpc: { name: "vpc-all" } }));
    emulator.clearJournal();
    await ws.ok(UP);
    const journal = record("up (3 flow logs, service not yet open)", emulator.journal());
    expect(journal.filter((e) => e.httpStatus !== 200)).toEqual([]);
    // The service: its status, the open (a ClientToken of its own), the status again; before any flow-log call.
    const service = journal.filter((e) => /FlowLogService/.test(e.action!));
    expect(service.map((e) => e.action)).toEqual(["GetFlowLogServiceStatus", "OpenFlowLogService", "GetFlowLogServiceStatus"]);
    expect(businessParams(service[1]!)).toEqual({ ClientToken: expect.stringMatching(/^pulumi-flowlog-svc-[0-9a-f]{32}$/) });
    const flowLogCalls = journal.filter((e) => /FlowLogs?$/.test(e.action!) && !/Service/.test(e.action!));
    expect(Math.min(...flowLogCalls.map((e) => e.seq))).toBeGreaterThan(service[2]!.seq);
    // One listing (an empty region: one page), then one create each, then polls by id only.
    expect(journal.filter(isListing).map((e) => businessParams(e))).toEqual([{ PageNumber: "1", PageSize: "50" }]);
    const creates = journal.filter((e) => e.action === "CreateFlowLog");
    expect(creates.map((e) => e.params.ResourceId).sort()).toEqual([
      "eni-demohangzhou0001",
      "vpc-demohangzhou0001",
      "vsw-demohangzhou0001",
    ]);
    expect(journal.map((e) => e.action).filter((a) => !["DescribeFlowLogs", "CreateFlowLog"].includes(a!) && !/Service/.test(a!))).toEqual(
      [],
    );
    expect(Math.min(...creates.map((e) => e.seq))).toBeGreaterThan(journal.find(isListing)!.seq);

    last = await agree(ws, NAMES, { others: [] });
    // What CreateFlowLog sent: the program's settings, the defaults, the auto-name and the marker.
    const vswCreate = creates.find((e) => e.params.ResourceId === "vsw-demohangzhou0001")!;
    expect(businessParams(vswCreate)).toEqual({
      ResourceType: "VSwitch",
      ResourceId: "vsw-demohangzhou0001",
      TrafficType: "All",
      ProjectName: "flowlogs",
      LogStoreName: "vpc",
      AggregationInterval: "10",
      "TrafficPath.1": "all",
      IpVersion: "IPv4",
      FlowLogName: expect.stringMatching(/^vsw-[0-9a-f]{7}$/),
      Description: `[pulumi:${last.tokens.vsw}]`,
    });
    expect(last.cloud.vpc!.name).toBe("vpc-all");
    const polled = new Set(journal.filter(isLookup).map((e) => e.params.FlowLogId));
    expect([...polled].sort()).toEqual(Object.values(last.ids).sort());
    for (const f of Object.values(last.cloud)) expect(f.status).toBe("Active");

    bystanders = [
      await consoleFlowLog(emulator, {
        ResourceType: "VSwitch",
        ResourceId: "vsw-demohangzhou0001",
        FlowLogName: "other-stack",
        Description: "[pulumi:0123456789abcdef]",
      }),
      await consoleFlowLog(emulator, { ResourceType: "NetworkInterface", ResourceId: "eni-demohangzhou0001", FlowLogName: "console" }),
    ].map((id) => vpcFlowLogs(emulator.state()).find((f) => f.flowLogId === id)!);
  });

  it("preview with no change makes 0 API calls (--expect-no-changes)", async () => {
    emulator.clearJournal();
    await ws.ok(["preview", "--expect-no-changes"]);
    expect(record("preview, no change", emulator.journal())).toEqual([]);
  });

  it("in-place updates: name and interval (ModifyFlowLogAttribute), tags (TagResources), status (DeactiveFlowLog); ids kept", async () => {
    const before = last.ids;
    await configure(
      ws,
      declared({ vpc: { name: "vpc-everything", aggregationInterval: 5 }, vsw: { tags: { env: "prod" } }, eni: { status: "Inactive" } }),
    );
    emulator.clearJournal();
    const { plan } = await previewPlan(ws);
    expect(emulator.journal()).toEqual([]);
    expect(plan).toEqual(planOf({ vpc: "update", vsw: "update", eni: "update" }));
    const { applied } = await upApplied(ws);
    expect(applied).toEqual(plan);
    const journal = record("up: name + interval, tags, status Inactive", emulator.journal());
    const byId = (m: { params: Record<string, unknown> }) => String(m.params.FlowLogId ?? m.params["ResourceId.1"]);
    expect(mutations(journal).sort((a, b) => byId(a).localeCompare(byId(b)))).toEqual(
      [
        { action: "ModifyFlowLogAttribute", params: { FlowLogId: before.vpc, FlowLogName: "vpc-everything", AggregationInterval: "5" } },
        {
          action: "TagResources",
          params: { ResourceType: "FLOWLOG", "ResourceId.1": before.vsw, "Tag.1.Key": "env", "Tag.1.Value": "prod" },
        },
        { action: "DeactiveFlowLog", params: { FlowLogId: before.eni } },
      ].sort((a, b) => byId(a).localeCompare(byId(b))),
    );
    // No listing: updates look up their own flow log only.
    expect(journal.filter(isListing)).toEqual([]);
    last = await agree(ws);
    expect(last.ids).toEqual(before);
    expect(last.cloud.vpc).toMatchObject({ name: "vpc-everything", aggregationInterval: 5, status: "Active" });
    expect(last.cloud.vsw!.tags).toEqual([{ Key: "env", Value: "prod" }]);
    expect(last.cloud.eni!.status).toBe("Inactive");
    await ws.ok(["preview", "--expect-no-changes"]);

    // Back to Active, tags replaced, a description: ActiveFlowLog, UnTagResources + TagResources, ModifyFlowLogAttribute.
    await configure(
      ws,
      declared({
        vpc: { name: "vpc-everything", aggregationInterval: 5 },
        vsw: { tags: { team: "network" }, description: "one vSwitch" },
      }),
    );
    emulator.clearJournal();
    const second = await previewPlan(ws);
    expect(second.plan).toEqual(planOf({ vsw: "update", eni: "update" }));
    expect((await upApplied(ws)).applied).toEqual(second.plan);
    const journal2 = record("up: tags replaced + description, status Active", emulator.journal());
    expect(mutations(journal2).filter((m) => m.params.FlowLogId === before.eni)).toEqual([
      { action: "ActiveFlowLog", params: { FlowLogId: before.eni } },
    ]);
    expect(mutations(journal2).filter((m) => m.params.FlowLogId !== before.eni)).toEqual([
      { action: "ModifyFlowLogAttribute", params: { FlowLogId: before.vsw, Description: `one vSwitch [pulumi:${last.tokens.vsw}]` } },
      { action: "UnTagResources", params: { ResourceType: "FLOWLOG", "ResourceId.1": before.vsw, "TagKey.1": "env" } },
      {
        action: "TagResources",
        params: { ResourceType: "FLOWLOG", "ResourceId.1": before.vsw, "Tag.1.Key": "team", "Tag.1.Value": "network" },
      },
    ]);
    last = await agree(ws);
    expect(last.ids).toEqual(before);
    expect(last.cloud.vsw).toMatchObject({
      description: `one vSwitch [pulumi:${last.tokens.vsw}]`,
      tags: [{ Key: "team", Value: "network" }],
    });
    expect(last.cloud.eni!.status).toBe("Active");
    await ws.ok(["preview", "--expect-no-changes"]);
  });

  it("a changed resourceId or trafficType replaces delete-first: the preview plans it, up does it, the journal shows delete before create", async () => {
    const before = last;
    await configure(
      ws,
      declared({
        vpc: { name: "vpc-everything", aggregationInterval: 5, trafficType: "Drop" },
        vsw: { tags: { team: "network" }, description: "one vSwitch", resourceId: "vsw-demohangzhou0002" },
      }),
    );
    emulator.clearJournal();
    const { plan } = await previewPlan(ws);
    expect(emulator.journal()).toEqual([]);
    expect(plan).toEqual(planOf({ vpc: "replace (delete first)", vsw: "replace (delete first)" }));
    const { applied } = await upApplied(ws);
    expect(applied).toEqual(plan);
    const journal = record("up: vpc trafficType + vsw resourceId (2 replacements, delete first)", emulator.journal());
    expect(
      journal
        .filter(isMutation)
        .map((e) => e.action)
        .sort(),
    ).toEqual(["CreateFlowLog", "CreateFlowLog", "DeleteFlowLog", "DeleteFlowLog"]);
    const createdVpc = seqOf(journal, "CreateFlowLog", (p) => p.ResourceId === "vpc-demohangzhou0001" && p.TrafficType === "Drop");
    const createdVsw = seqOf(journal, "CreateFlowLog", (p) => p.ResourceId === "vsw-demohangzhou0002");
    expect(createdVpc).toBeGreaterThan(seqOf(journal, "DeleteFlowLog", (p) => p.FlowLogId === before.ids.vpc));
    expect(createdVsw).toBeGreaterThan(seqOf(journal, "DeleteFlowLog", (p) => p.FlowLogId === before.ids.vsw));
    expect(journal.filter(isListing)).toHaveLength(1);

    last = await agree(ws);
    expect(last.ids.eni).toBe(before.ids.eni);
    for (const n of ["vpc", "vsw"]) {
      expect(last.ids[n]).not.toBe(before.ids[n]);
      // A new generation: a new marker token, so the old flow log was never taken for the new one.
      expect(last.tokens[n]).not.toBe(before.tokens[n]);
    }
    expect(last.cloud.vpc).toMatchObject({ trafficType: "Drop", name: "vpc-everything", aggregationInterval: 5 });
    expect(last.cloud.vsw).toMatchObject({ resourceId: "vsw-demohangzhou0002", tags: [{ Key: "team", Value: "network" }] });
    await ws.ok(["preview", "--expect-no-changes"]);
  });

  it("refresh after out-of-band edits: a deleted one is dropped and created again, a deactivated one activated, a lost marker written back", async () => {
    const before = last;
    expect((await control(emulator, `flow-logs/${before.ids.vpc}/delete`)).removed).toBe(true);
    expect((await control(emulator, `flow-logs/${before.ids.vsw}/deactivate`)).found).toBe(true);
    expect((await control(emulator, `flow-logs/${before.ids.eni}/description`, { description: "edited in the console" })).found).toBe(true);
    emulator.clearJournal();
    const refresh = await ws.ok(["refresh", "--yes", "--skip-preview"]);
    const reads = record("refresh --skip-preview after 3 out-of-band edits", emulator.journal());
    // The service's status (its drift), and the flow logs.
    expect(reads.filter((e) => e.action !== "DescribeFlowLogs").map((e) => e.action)).toEqual(["GetFlowLogServiceStatus"]);
    // One listing serves the three reads; the one it lacks is looked up by id (it may have been created meanwhile).
    expect(reads.filter(isListing)).toHaveLength(1);
    expect(reads.filter(isLookup).map((e) => e.params.FlowLogId)).toEqual([before.ids.vpc]);
    expect(refresh.output).toContain(`VPC flow log ${before.ids.eni} has lost its idempotency marker`);
    // The state now: vpc gone, vsw Inactive, eni without its marker (the stack outputs are the last up's).
    const refreshed = await agree(ws, ["eni", "vsw"], { outputs: false, markerLost: ["eni"] });
    expect(refreshed.ids).toEqual({ eni: before.ids.eni, vsw: before.ids.vsw });
    const outs = Object.fromEntries(resourcesOfType(refreshed.state, VPC_FLOW_LOG_TYPE).map((r: any) => [nameOf(r.urn), r.outputs]));
    expect(outs.vsw.status).toBe("Inactive");
    expect(outs.eni.description).toBe("edited in the console");

    emulator.clearJournal();
    const { plan } = await previewPlan(ws);
    expect(emulator.journal()).toEqual([]);
    expect(plan).toEqual(planOf({ vpc: "create", vsw: "update", eni: "update" }));
    const { applied } = await upApplied(ws);
    expect(applied).toEqual(plan);
    const journal = record("up after the refresh: 1 create, 1 activate, 1 marker written back", emulator.journal());
    expect(mutations(journal).sort((a, b) => a.action!.localeCompare(b.action!))).toEqual([
      { action: "ActiveFlowLog", params: { FlowLogId: before.ids.vsw } },
      { action: "CreateFlowLog", params: expect.objectContaining({ ResourceId: "vpc-demohangzhou0001", TrafficType: "Drop" }) },
      { action: "ModifyFlowLogAttribute", params: { FlowLogId: before.ids.eni, Description: `[pulumi:${before.tokens.eni}]` } },
    ]);
    last = await agree(ws);
    expect(last.ids.vpc).not.toBe(before.ids.vpc);
    expect({ eni: last.ids.eni, vsw: last.ids.vsw }).toEqual({ eni: before.ids.eni, vsw: before.ids.vsw });
    expect(last.tokens).toEqual(before.tokens);
    expect(last.cloud.vsw!.status).toBe("Active");
    expect(last.cloud.eni!.description).toBe(`[pulumi:${before.tokens.eni}]`);
    await ws.ok(["preview", "--expect-no-changes"]);
  });

  it("`pulumi state delete` of a flow log, then up: adopted by its marker, no second CreateFlowLog", async () => {
    const before = last;
    const urn = resourcesOfType(before.state, VPC_FLOW_LOG_TYPE).find((r: any) => nameOf(r.urn) === "vsw").urn;
    await ws.ok(["state", "delete", urn, "--yes"]);
    emulator.clearJournal();
    const up = await ws.ok(UP);
    const journal = record("up after `state delete vsw` (adopted)", emulator.journal());
    expect(journal.filter((e) => e.action !== "DescribeFlowLogs")).toEqual([]);
    expect(journal.filter(isListing)).toHaveLength(1);
    expect(up.output).toContain(`adopted VPC flow log ${before.ids.vsw} instead of creating another`);
    last = await agree(ws);
    expect(last.ids).toEqual(before.ids);
    await ws.ok(["preview", "--expect-no-changes"]);
  });

  it("destroy: one DeleteFlowLog each after one listing, the service left open with a warning", async () => {
    const before = last;
    emulator.clearJournal();
    const destroy = await ws.ok(["destroy", "--yes", "--skip-preview"]);
    const journal = record("destroy (3 flow logs)", emulator.journal());
    expect(
      mutations(journal)
        .map((m) => m.params.FlowLogId)
        .sort(),
    ).toEqual(Object.values(before.ids).sort());
    expect(new Set(mutations(journal).map((m) => m.action))).toEqual(new Set(["DeleteFlowLog"]));
    expect(journal.filter(isListing)).toHaveLength(1);
    expect(journal.filter((e) => !["DescribeFlowLogs", "DeleteFlowLog"].includes(e.action!))).toEqual([]);
    expect(destroy.output).toContain("stays enabled in cn-hangzhou: Alibaba Cloud has no API to close the service");
    await expectVpcFlowLogsGone(emulator, ws, bystanders);
  });

  it("destroy then up: new flow logs with new markers, none of the destroyed ones, the service not opened again", async () => {
    const destroyed = last;
    await configure(ws, declared({ vpc: { name: "vpc-all" } }));
    emulator.clearJournal();
    await ws.ok(UP);
    const journal = record("up after destroy (3 flow logs, service open)", emulator.journal());
    expect(journal.filter(isMutation).map((e) => e.action)).toEqual(["CreateFlowLog", "CreateFlowLog", "CreateFlowLog"]);
    expect(journal.filter((e) => /Service/.test(e.action!)).map((e) => e.action)).toEqual(["GetFlowLogServiceStatus"]);
    last = await agree(ws);
    expect(Object.values(last.ids).filter((id) => Object.values(destroyed.ids).includes(id))).toEqual([]);
    // A new state identity, so new markers (the destroyed stack's could not be adopted even if left behind).
    expect(stateIdOf(last.state)).not.toBe(stateIdOf(destroyed.state));
    expect(Object.values(last.tokens).filter((t) => Object.values(destroyed.tokens).includes(t))).toEqual([]);
  });

  it("the same project and stack names in another backend: its own flow logs, this stack's untouched", async () => {
    const mine = Object.values(last.cloud);
    const other = workspace("vfl-backend-b");
    await other.init();
    await configure(other, declared({ vpc: { name: "vpc-all" } }));
    emulator.clearJournal();
    await other.ok(UP);
    const journal = record("up in another backend (same names)", emulator.journal());
    expect(journal.filter(isMutation).map((e) => e.action)).toEqual(["CreateFlowLog", "CreateFlowLog", "CreateFlowLog"]);
    const theirs = await agree(other, NAMES, { others: [...bystanders, ...mine] });
    expect(stateIdOf(theirs.state)).not.toBe(stateIdOf(last.state));
    // The same names in the cloud (the auto-name is per project, stack and resource), other markers.
    for (const n of NAMES) {
      expect(theirs.cloud[n]!.name).toBe(last.cloud[n]!.name);
      expect(theirs.tokens[n]).not.toBe(last.tokens[n]);
    }
    emulator.clearJournal();
    await other.ok(["destroy", "--yes", "--skip-preview"]);
    expect(
      mutations(emulator.journal())
        .map((m) => [m.action, m.params.FlowLogId])
        .sort(),
    ).toEqual(
      Object.values(theirs.ids)
        .map((id) => ["DeleteFlowLog", id])
        .sort(),
    );
    await expectVpcFlowLogsGone(emulator, other, [...bystanders, ...mine]);
    await ws.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
    expect((await agree(ws)).cloud).toEqual(last.cloud);
  });

  it("a renamed stack's successor with the old name makes its own flow logs; the renamed stack's are untouched", async () => {
    const renamed = last;
    await ws.ok(["stack", "rename", "dev-old"]);
    fs.copyFileSync(path.join(ws.programDir, "Pulumi.dev-old.yaml"), path.join(ws.programDir, "Pulumi.dev.yaml"));
    await ws.ok(["stack", "init", "dev"]);
    emulator.clearJournal();
    await ws.ok(UP);
    const journal = record("up of the renamed stack's successor", emulator.journal());
    expect(journal.filter(isMutation).map((e) => e.action)).toEqual(["CreateFlowLog", "CreateFlowLog", "CreateFlowLog"]);
    const successor = await agree(ws, NAMES, { others: [...bystanders, ...Object.values(renamed.cloud)] });
    expect(Object.values(successor.ids).filter((id) => Object.values(renamed.ids).includes(id))).toEqual([]);
    emulator.clearJournal();
    await ws.ok(["destroy", "--yes", "--skip-preview"]);
    expect(
      mutations(emulator.journal())
        .map((m) => m.params.FlowLogId)
        .sort(),
    ).toEqual(Object.values(successor.ids).sort());
    await expectVpcFlowLogsGone(emulator, ws, [...bystanders, ...Object.values(renamed.cloud)]);
    await ws.ok(["stack", "select", "dev-old"]);
    await ws.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
    await ws.ok(["preview", "--expect-no-changes"]);
    const again = await agree(ws);
    expect(again.ids).toEqual(renamed.ids);
    expect(again.cloud).toEqual(renamed.cloud);
  });

  it("adoptId takes over a flow log made in the console: the marker written, nothing created; then the program's settings", async () => {
    const made = await consoleFlowLog(emulator, {
      ResourceType: "VPC",
      ResourceId: "vpc-demohangzhou0002",
      FlowLogName: "made-in-console",
      Description: "made in the console",
    });
    const others = [...bystanders, ...Object.values(last.cloud)];
    const adopter = workspace("vfl-adopt", "adopt");
    await adopter.init();
    const adopted = (extra: Args) => ({
      svc: { class: "vpc.FlowLogService", args: { region: REGION } },
      adopted: flowLog("VPC", "vpc-demohangzhou0002", {
        name: "made-in-console",
        description: "made in the console",
        aggregationInterval: 5,
        ...extra,
      }),
    });
    await configure(adopter, adopted({ adoptId: made }));
    emulator.clearJournal();
    await adopter.ok(UP);
    const journal = record("up with adoptId (console-made flow log)", emulator.journal());
    expect(journal.filter(isListing)).toEqual([]);
    const result = await agree(adopter, ["adopted"], { others });
    expect(result.ids.adopted).toBe(made);
    expect(mutations(journal)).toEqual([
      {
        action: "ModifyFlowLogAttribute",
        params: { FlowLogId: made, Description: `made in the console [pulumi:${result.tokens.adopted}]` },
      },
    ]);
    // Adopted as it is (10 minutes); a refreshing preview shows what the program changes, and up does it.
    expect(result.cloud.adopted!.aggregationInterval).toBe(10);
    const preview = await adopter.ok(["preview", "--diff", "--refresh"]);
    expect(preview.output).toMatch(/aggregationInterval\s*:\s*10 => 5/);
    emulator.clearJournal();
    await adopter.ok(UP);
    expect(mutations(record("up after adoption: the program's interval", emulator.journal()))).toEqual([
      { action: "ModifyFlowLogAttribute", params: { FlowLogId: made, AggregationInterval: "5" } },
    ]);
    // adoptId removed afterwards, as the README says: nothing changes.
    await configure(adopter, adopted({}));
    await adopter.ok(["preview", "--expect-no-changes"]);
    const settled = await agree(adopter, ["adopted"], { others });
    expect(settled.cloud.adopted).toMatchObject({ flowLogId: made, aggregationInterval: 5 });
  });
});

/**
 * `pulumi up --replace` of a vpc.FlowLog: the engine does not ask the provider's diff about a targeted
 * replacement; without the class's deleteBeforeReplace it replaced create-first, the create found the old
 * flow log carrying its token (the same generation) and adopted it, and the engine then deleted it: up
 * exited 0 with the state holding an id the cloud no longer had. Replacements now delete first.
 */
describe("vpc.FlowLog: up --replace", () => {
  let emulator: Emulator;
  let ws: Workspace;
  afterAll(async () => {
    await emulator?.close();
    ws?.cleanup();
  });

  it("deletes first, as the preview plans: the old one deleted, then a new flow log with the same marker, state = cloud", async () => {
    emulator = await startTestEmulator({ vpcFlowLogTransitionMs: 20 });
    ws = new Workspace("vfl-replace", { from: PROGRAM, env: providerEnv(emulator, REGION), stack: "dev" });
    await ws.init();
    const { svc, eni } = declared();
    await configure(ws, { svc, eni });
    await ws.ok(UP);
    const before = await expectVpcFlowLogsAgree(emulator, ws, ["eni"]);
    const urn = resourcesOfType(before.state, VPC_FLOW_LOG_TYPE)[0].urn;

    emulator.clearJournal();
    const { plan } = await previewPlan(ws, ["--replace", urn]);
    expect(emulator.journal()).toEqual([]);
    const { applied } = await upApplied(ws, ["--replace", urn]);
    const journal = record("up --replace eni", emulator.journal());
    const stateIds = resourcesOfType(await ws.exportState(), VPC_FLOW_LOG_TYPE).map((r: any) => r.id);
    // Everything at once, so that a failure shows the whole outcome.
    expect({
      plan: plan.eni,
      applied: applied.eni,
      calls: journal.filter(isMutation).map((e) => [e.action, e.params.FlowLogId ?? e.params.ResourceId]),
      cloudIds: vpcFlowLogs(emulator.state()).map((f) => f.flowLogId),
      stateIdsInCloud: stateIds.filter((id: string) => vpcFlowLogs(emulator.state()).some((f) => f.flowLogId === id)),
    }).toEqual({
      plan: "replace (delete first)",
      applied: "replace (delete first)",
      calls: [
        ["DeleteFlowLog", before.ids.eni],
        ["CreateFlowLog", "eni-demohangzhou0001"],
      ],
      cloudIds: stateIds,
      stateIdsInCloud: stateIds,
    });
    const after = await expectVpcFlowLogsAgree(emulator, ws, ["eni"]);
    expect(after.ids.eni).not.toBe(before.ids.eni);
    expect(after.tokens.eni).toBe(before.tokens.eni);
  });
});

describe("vpc.FlowLog: an up killed right after CreateFlowLog was answered, resumed on a fresh runner", () => {
  let emulator: Emulator;
  const workspaces: Workspace[] = [];
  afterAll(async () => {
    await emulator?.close();
    workspaces.splice(0).forEach((w) => w.cleanup());
  });

  it("cancel, up adopts what the killed run made, refresh --clear-pending-creates: one flow log per resource, no duplicate", async () => {
    // Flow logs stay Activating for 1.5 s, so the provider is still waiting (the id not yet recorded) when the kill comes.
    emulator = await startTestEmulator({ vpcFlowLogTransitionMs: 1500 });
    const ws = new Workspace("vfl-killed", { from: PROGRAM, env: providerEnv(emulator, REGION), stack: "ci" });
    workspaces.push(ws);
    await ws.init();
    await configure(ws, declared());
    const cmd = await startPulumi(ws, UP);
    const until = Date.now() + 120_000;
    while (!emulator.journal().some((e) => e.action === "CreateFlowLog" && e.httpStatus === 200)) {
      if (cmd.child.exitCode !== null) throw new Error(`pulumi ended before CreateFlowLog was answered:\n${cmd.output()}`);
      if (Date.now() > until) throw new Error("CreateFlowLog never answered");
      await new Promise((r) => setTimeout(r, 5));
    }
    await cmd.killTree();
    expect((await cmd.result).signal).toBe("SIGKILL");
    removeEmptyAttrs(ws);
    // Requests the emulator had received are answered (into the void) by now.
    await new Promise((r) => setTimeout(r, 300));
    const orphans = vpcFlowLogs(emulator.state()).map((f) => f.flowLogId);
    const killedRun = emulator.journal();
    record(`killed up (${orphans.length} CreateFlowLog answered before the kill)`, killedRun);
    expect(orphans.length).toBeGreaterThanOrEqual(1);
    expect(killedRun.filter((e) => e.action === "CreateFlowLog").length).toBe(orphans.length);
    const killed = await ws.exportState();
    expect(resourcesOfType(killed, VPC_FLOW_LOG_TYPE)).toEqual([]);
    const pending = (killed.deployment.pending_operations ?? []).map((p: any) => [p.type, p.resource.type]);
    expect(pending.length).toBeGreaterThanOrEqual(orphans.length);
    expect(new Set(pending.map((p: string[]) => p.join(" ")))).toEqual(new Set([`creating ${VPC_FLOW_LOG_TYPE}`]));

    // A new CI runner: a fresh home and checkout, the same backend and stack config.
    const runner = freshRunner(ws, "vfl-killed-fresh", ws.env, PROGRAM);
    workspaces.push(runner);
    await runner.ok(["stack", "select", ws.stack]);
    emulator.clearJournal();
    let up = await runner.pulumi(UP);
    const locked = up.code !== 0 && /the stack is currently locked/.test(up.output);
    if (locked) {
      // The killed run's lock: `pulumi cancel` (the README's first step), then up again.
      expect(emulator.journal()).toEqual([]);
      await runner.ok(["cancel", "--yes"]);
      up = await runner.pulumi(UP);
    }
    expect({ code: up.code, output: up.code === 0 ? "" : up.output }).toEqual({ code: 0, output: "" });
    const resumed = record(
      `resumed up on a fresh runner (${locked ? "after pulumi cancel" : "no lock left"}; adopts, creates the rest)`,
      emulator.journal(),
    );
    expect(resumed.filter((e) => e.action === "CreateFlowLog")).toHaveLength(3 - orphans.length);
    expect(resumed.filter(isMutation).map((e) => e.action)).toEqual(Array(3 - orphans.length).fill("CreateFlowLog"));
    for (const id of orphans) expect(up.output).toContain(`adopted VPC flow log ${id} instead of creating another`);
    expect(up.output).toContain("pulumi refresh --clear-pending-creates");
    await runner.ok(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
    const result = await expectVpcFlowLogsAgree(emulator, runner, NAMES);
    for (const id of orphans) expect(Object.values(result.ids)).toContain(id);
    expect(vpcFlowLogs(emulator.state())).toHaveLength(3);
    await runner.ok(["preview", "--expect-no-changes"]);
  });
});
