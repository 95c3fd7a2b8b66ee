/**
 * VPC 2016-04-28 traffic mirror sessions through @alicloud/pop-core: create / list / update / add and remove
 * sources / delete, validation against the seeded ENIs and SLB instances, the documented limits, asynchronous
 * states, ClientToken (also across a dropped answer), DryRun, and the filter a session uses.
 */
import type RPCClient = require("@alicloud/pop-core");
import type { RunningEmulator } from "../../emulator";
import { EmulatorServer } from "../../emulator/server";
import { Store } from "../../emulator/store";
import { AK, SECRET, VPC, call, expectPopError, pop, raw, start } from "./helpers";

const HZ = "cn-hangzhou";
const SH = "cn-shanghai";
const ENI = (i: number) => `eni-demohangzhou${String(i).padStart(4, "0")}`;
const LB = "lb-demohangzhou0001";

let emu: RunningEmulator;
let vpc: RPCClient;
let filterId: string;
beforeAll(async () => {
  emu = await start();
  vpc = pop(emu.url, VPC);
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.reset();
  await call(vpc, "OpenTrafficMirrorService", { RegionId: HZ });
  filterId = (await api("CreateTrafficMirrorFilter", { IngressRules: [{ Action: "accept", Protocol: "ALL", Priority: 1 }] }))
    .TrafficMirrorFilterId as string;
  await settle();
});

const api = (action: string, params: Record<string, unknown> = {}) => call(vpc, action, { RegionId: HZ, ...params });
const settle = async () => (await raw(emu.url, { method: "POST", path: `/_emulator/vpc/traffic-mirror/${HZ}/settle` })).json;
const sessions = async (params: Record<string, unknown> = {}) => (await api("ListTrafficMirrorSessions", params)) as Record<string, any>;
const sessionOf = async (id: string) => (await sessions({ TrafficMirrorSessionIds: [id] })).TrafficMirrorSessions[0];
const sessionArgs = (over: Record<string, unknown> = {}) => ({
  TrafficMirrorSourceIds: [ENI(1)],
  TrafficMirrorTargetId: ENI(6),
  TrafficMirrorTargetType: "NetworkInterface",
  TrafficMirrorFilterId: filterId,
  Priority: 1,
  ...over,
});

async function created(over: Record<string, unknown> = {}): Promise<string> {
  const { TrafficMirrorSessionId } = await api("CreateTrafficMirrorSession", sessionArgs(over));
  await settle();
  return TrafficMirrorSessionId as string;
}

describe("CreateTrafficMirrorSession and ListTrafficMirrorSessions", () => {
  it("creates with the documented defaults: Creating, then Created after the transition delay", async () => {
    const r = await api("CreateTrafficMirrorSession", sessionArgs({ TrafficMirrorSessionName: "s1" }));
    expect(r).toEqual({
      RequestId: expect.any(String),
      TrafficMirrorSessionId: expect.stringMatching(/^tms-[a-z0-9]{17}$/),
      ResourceGroupId: "rg-acfmxemulator01",
    });
    const id = r.TrafficMirrorSessionId as string;
    expect((await sessionOf(id)).TrafficMirrorSessionStatus).toBe("Creating");
    const listed = await sessions();
    expect(listed).toEqual({ RequestId: expect.any(String), TotalCount: "1", NextToken: "", TrafficMirrorSessions: [expect.any(Object)] });
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await sessionOf(id)).toEqual({
      CreationTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/),
      Enabled: false,
      PacketLength: 1500,
      Priority: 1,
      ResourceGroupId: "rg-acfmxemulator01",
      Tags: [],
      TrafficMirrorFilterId: filterId,
      TrafficMirrorSessionBusinessStatus: "Normal",
      TrafficMirrorSessionId: id,
      TrafficMirrorSessionName: "s1",
      TrafficMirrorSessionStatus: "Created",
      TrafficMirrorSourceIds: [ENI(1)],
      TrafficMirrorTargetId: ENI(6),
      TrafficMirrorTargetType: "NetworkInterface",
      VirtualNetworkId: expect.any(Number),
    });
    const vni = (await sessionOf(id)).VirtualNetworkId as number;
    expect(vni >= 0 && vni <= 16777215).toBe(true);
  });

  it("takes every documented field; an SLB instance is a valid target of type SLB", async () => {
    const sent = {
      TrafficMirrorTargetId: LB,
      TrafficMirrorTargetType: "SLB",
      TrafficMirrorSessionDescription: "to the collector",
      Enabled: true,
      PacketLength: 64,
      VirtualNetworkId: 0,
      Priority: 32766,
      ResourceGroupId: "rg-team01",
    };
    const id = await created({ ...sent, Tag: [{ Key: "k", Value: "" }] });
    expect(await sessionOf(id)).toMatchObject({ ...sent, Tags: [{ Key: "k", Value: "" }] });
  });

  it.each([
    ["no source", "MissingTrafficMirrorSourceIds", { TrafficMirrorSourceIds: [] }],
    ["no target", "MissingTrafficMirrorTargetId", { TrafficMirrorTargetId: undefined }],
    ["no target type", "MissingTrafficMirrorTargetType", { TrafficMirrorTargetType: undefined }],
    ["no filter", "MissingTrafficMirrorFilterId", { TrafficMirrorFilterId: undefined }],
    ["no priority", "MissingPriority", { Priority: undefined }],
    ["priority 0", "InvalidParam.Priority", { Priority: 0 }],
    ["priority 32767", "InvalidParam.Priority", { Priority: 32767 }],
    ["VNI 16777216", "InvalidParam.VirtualNetworkId", { VirtualNetworkId: 16777216 }],
    ["packet length 63", "InvalidParam.PacketLength", { PacketLength: 63 }],
    ["packet length 8501", "InvalidParam.PacketLength", { PacketLength: 8501 }],
    ["Enabled yes", "InvalidParam.Enabled", { Enabled: "yes" }],
    ["target type ENI", "InvalidParam.TrafficMirrorTargetType", { TrafficMirrorTargetType: "ENI" }],
    ["a 129-character name", "InvalidParam.TrafficMirrorSessionName", { TrafficMirrorSessionName: "n".repeat(129) }],
    ["two sources (one per session)", "QuotaExceeded.TrafficMirrorSource", { TrafficMirrorSourceIds: [ENI(1), ENI(2)] }],
    ["the target as its own source", "InvalidParam.TrafficMirrorSourceIds", { TrafficMirrorSourceIds: [ENI(6)] }],
  ])("rejects %s: %s, and creates nothing", async (_label, code, over) => {
    const args = Object.fromEntries(Object.entries(sessionArgs(over)).filter(([, v]) => v !== undefined));
    await expectPopError(api("CreateTrafficMirrorSession", args), code, 400);
    expect((await sessions()).TotalCount).toBe("0");
  });

  it.each([
    ["an unknown source ENI", "ResourceNotFound.TrafficMirrorSource", { TrafficMirrorSourceIds: ["eni-doesnotexist0001"] }],
    ["a source ENI of another region", "ResourceNotFound.TrafficMirrorSource", { TrafficMirrorSourceIds: ["eni-demoshanghai0001"] }],
    ["an unknown target", "ResourceNotFound.TrafficMirrorTarget", { TrafficMirrorTargetId: "eni-doesnotexist0002" }],
    ["an SLB id as a NetworkInterface", "ResourceNotFound.TrafficMirrorTarget", { TrafficMirrorTargetId: LB }],
    ["an ENI id as an SLB", "ResourceNotFound.TrafficMirrorTarget", { TrafficMirrorTargetType: "SLB" }],
    ["an unknown filter", "ResourceNotFound.TrafficMirrorFilter", { TrafficMirrorFilterId: "tmf-doesnotexist00000" }],
  ])("rejects %s: %s (404)", async (_label, code, over) => {
    await expectPopError(api("CreateTrafficMirrorSession", sessionArgs(over)), code, 404);
  });

  it("needs a Created filter, and traffic mirroring opened in the region", async () => {
    const { TrafficMirrorFilterId: fresh } = await api("CreateTrafficMirrorFilter", {});
    await expectPopError(
      api("CreateTrafficMirrorSession", sessionArgs({ TrafficMirrorFilterId: fresh })),
      "IncorrectStatus.TrafficMirrorFilter",
      400,
    );
    await expectPopError(
      api("CreateTrafficMirrorSession", sessionArgs({ RegionId: SH, TrafficMirrorSourceIds: ["eni-demoshanghai0001"] })),
      "IncorrectStatus.TrafficMirrorService",
      400,
    );
  });

  it("priorities are unique per region: DuplicatedParam.Priority", async () => {
    await created({ Priority: 7 });
    await expectPopError(
      api("CreateTrafficMirrorSession", sessionArgs({ Priority: 7, TrafficMirrorSourceIds: [ENI(2)] })),
      "DuplicatedParam.Priority",
      400,
    );
    await call(vpc, "OpenTrafficMirrorService", { RegionId: SH });
    const shFilter = (await api("CreateTrafficMirrorFilter", { RegionId: SH })).TrafficMirrorFilterId;
    await raw(emu.url, { method: "POST", path: `/_emulator/vpc/traffic-mirror/${SH}/settle` });
    const other = sessionArgs({
      RegionId: SH,
      Priority: 7,
      TrafficMirrorFilterId: shFilter,
      TrafficMirrorSourceIds: ["eni-demoshanghai0001"],
      TrafficMirrorTargetId: "eni-demoshanghai0002",
    });
    expect((await api("CreateTrafficMirrorSession", other)).TrafficMirrorSessionId).toMatch(/^tms-/);
  });

  it("one ENI is the source of at most 3 sessions: QuotaExceeded.TrafficMirrorSession", async () => {
    for (const priority of [1, 2, 3]) await created({ Priority: priority });
    await expectPopError(api("CreateTrafficMirrorSession", sessionArgs({ Priority: 4 })), "QuotaExceeded.TrafficMirrorSession", 400);
  });

  it("DryRun answers DryRunOperation and creates nothing", async () => {
    await expectPopError(api("CreateTrafficMirrorSession", sessionArgs({ DryRun: true })), "DryRunOperation", 400);
    expect((await sessions()).TotalCount).toBe("0");
  });

  it("filters by every documented field and pages with NextToken", async () => {
    const a = await created({
      Priority: 1,
      Enabled: true,
      VirtualNetworkId: 10,
      TrafficMirrorSessionName: "a",
      Tag: [{ Key: "env", Value: "prod" }],
    });
    const b = await created({ Priority: 2, TrafficMirrorSourceIds: [ENI(2)], TrafficMirrorTargetId: LB, TrafficMirrorTargetType: "SLB" });
    const ids = async (params: Record<string, unknown>) =>
      (await sessions(params)).TrafficMirrorSessions.map((s: { TrafficMirrorSessionId: string }) => s.TrafficMirrorSessionId);
    expect(await ids({})).toEqual([a, b]);
    expect(await ids({ Enabled: true })).toEqual([a]);
    expect(await ids({ Enabled: false })).toEqual([b]);
    expect(await ids({ Priority: 2 })).toEqual([b]);
    expect(await ids({ VirtualNetworkId: 10 })).toEqual([a]);
    expect(await ids({ TrafficMirrorSessionName: "a" })).toEqual([a]);
    expect(await ids({ TrafficMirrorSourceId: ENI(2) })).toEqual([b]);
    expect(await ids({ TrafficMirrorTargetId: LB })).toEqual([b]);
    expect(await ids({ TrafficMirrorFilterId: filterId })).toEqual([a, b]);
    expect(await ids({ Tags: [{ Key: "env", Value: "prod" }] })).toEqual([a]);
    expect(await ids({ TrafficMirrorSessionIds: [b] })).toEqual([b]);
    const p1 = await sessions({ MaxResults: 1 });
    expect(p1).toMatchObject({ TotalCount: "2", NextToken: expect.stringMatching(/./) });
    expect(await ids({ MaxResults: 1, NextToken: p1.NextToken })).toEqual([b]);
    await expectPopError(sessions({ Enabled: "maybe" }), "InvalidParam.Enabled", 400);
    // A filters NextToken is not a sessions NextToken.
    await expectPopError(sessions({ NextToken: Buffer.from("tmf:1").toString("base64url") }), "InvalidParam.NextToken", 400);
  });
});

describe("UpdateTrafficMirrorSessionAttribute", () => {
  it("updates only what is sent; Modifying, then Created; a session still changing is IncorrectStatus.TrafficMirrorSession", async () => {
    const id = await created({ TrafficMirrorSessionName: "before", PacketLength: 1000 });
    const { TrafficMirrorFilterId: other } = await api("CreateTrafficMirrorFilter", {});
    await settle();
    await api("UpdateTrafficMirrorSessionAttribute", {
      TrafficMirrorSessionId: id,
      Enabled: true,
      TrafficMirrorFilterId: other,
      Priority: 9,
    });
    expect(await sessionOf(id)).toMatchObject({
      TrafficMirrorSessionName: "before",
      PacketLength: 1000,
      Enabled: true,
      TrafficMirrorFilterId: other,
      Priority: 9,
      TrafficMirrorSessionStatus: "Modifying",
    });
    await expectPopError(
      api("UpdateTrafficMirrorSessionAttribute", { TrafficMirrorSessionId: id, Enabled: false }),
      "IncorrectStatus.TrafficMirrorSession",
      400,
    );
    await settle();
    expect((await sessionOf(id)).TrafficMirrorSessionStatus).toBe("Created");
  });

  it("a session still Creating cannot be changed; validation covers the merged target, filter and priority", async () => {
    const { TrafficMirrorSessionId: busy } = await api("CreateTrafficMirrorSession", sessionArgs({ Priority: 5 }));
    await expectPopError(
      api("UpdateTrafficMirrorSessionAttribute", { TrafficMirrorSessionId: busy, Enabled: true }),
      "IncorrectStatus.TrafficMirrorSession",
      400,
    );
    await settle();
    const id = await created({ Priority: 6, TrafficMirrorSourceIds: [ENI(2)] });
    const update = (p: Record<string, unknown>) => api("UpdateTrafficMirrorSessionAttribute", { TrafficMirrorSessionId: id, ...p });
    await expectPopError(update({ TrafficMirrorTargetType: "SLB" }), "ResourceNotFound.TrafficMirrorTarget", 404);
    await expectPopError(update({ Priority: 5 }), "DuplicatedParam.Priority", 400);
    await expectPopError(update({ TrafficMirrorTargetId: ENI(2) }), "InvalidParam.TrafficMirrorTargetId", 400);
    await expectPopError(update({ TrafficMirrorFilterId: "tmf-doesnotexist00000" }), "ResourceNotFound.TrafficMirrorFilter", 404);
    const { TrafficMirrorFilterId: creating } = await api("CreateTrafficMirrorFilter", {});
    await expectPopError(update({ TrafficMirrorFilterId: creating }), "IncorrectStatus.TrafficMirrorFilter", 400);
    await update({ Priority: 6, TrafficMirrorTargetId: LB, TrafficMirrorTargetType: "SLB" });
    expect(await sessionOf(id)).toMatchObject({ Priority: 6, TrafficMirrorTargetId: LB, TrafficMirrorTargetType: "SLB" });
    await expectPopError(update({}), "IncorrectStatus.TrafficMirrorSession", 400);
    await expectPopError(
      api("UpdateTrafficMirrorSessionAttribute", { TrafficMirrorSessionId: "tms-doesnotexist00000" }),
      "ResourceNotFound.TrafficMirrorSession",
      404,
    );
  });
});

describe("AddSourcesToTrafficMirrorSession and RemoveSourcesFromTrafficMirrorSession", () => {
  it("one source per session: remove it, then add another (Modifying each time)", async () => {
    const id = await created();
    const edit = (action: string, ids: string[]) => api(action, { TrafficMirrorSessionId: id, TrafficMirrorSourceIds: ids });
    await expectPopError(edit("AddSourcesToTrafficMirrorSession", [ENI(2)]), "QuotaExceeded.TrafficMirrorSource", 400);
    expect(await edit("RemoveSourcesFromTrafficMirrorSession", [ENI(1)])).toEqual({ RequestId: expect.any(String) });
    expect(await sessionOf(id)).toMatchObject({ TrafficMirrorSourceIds: [], TrafficMirrorSessionStatus: "Modifying" });
    await expectPopError(edit("AddSourcesToTrafficMirrorSession", [ENI(2)]), "IncorrectStatus.TrafficMirrorSession", 400);
    await settle();
    await edit("AddSourcesToTrafficMirrorSession", [ENI(2)]);
    expect(await sessionOf(id)).toMatchObject({ TrafficMirrorSourceIds: [ENI(2)], TrafficMirrorSessionStatus: "Modifying" });
  });

  it.each([
    ["AddSourcesToTrafficMirrorSession", "an unknown ENI", "ResourceNotFound.TrafficMirrorSource", 404, ["eni-doesnotexist0001"]],
    ["AddSourcesToTrafficMirrorSession", "a source it already has", "InvalidParam.TrafficMirrorSourceIds", 400, [ENI(1)]],
    ["AddSourcesToTrafficMirrorSession", "no ids", "MissingTrafficMirrorSourceIds", 400, []],
    ["RemoveSourcesFromTrafficMirrorSession", "an ENI that is not its source", "ResourceNotFound.TrafficMirrorSource", 404, [ENI(3)]],
    [
      "RemoveSourcesFromTrafficMirrorSession",
      "11 ids",
      "InvalidParam.TrafficMirrorSourceIds",
      400,
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(ENI),
    ],
  ])("%s with %s: %s", async (action, _label, code, status, ids) => {
    const id = await created();
    await expectPopError(api(action, { TrafficMirrorSessionId: id, TrafficMirrorSourceIds: ids }), code, status);
    expect((await sessionOf(id)).TrafficMirrorSourceIds).toEqual([ENI(1)]);
  });
});

describe("DeleteTrafficMirrorSession and the filter it uses", () => {
  it("Deleting, then gone; meanwhile its filter cannot be deleted (DependencyViolation.TrafficMirrorFilter)", async () => {
    const id = await created();
    await expectPopError(
      api("DeleteTrafficMirrorFilter", { TrafficMirrorFilterId: filterId }),
      "DependencyViolation.TrafficMirrorFilter",
      400,
    );
    await api("DeleteTrafficMirrorSession", { TrafficMirrorSessionId: id });
    expect((await sessionOf(id)).TrafficMirrorSessionStatus).toBe("Deleting");
    await expectPopError(api("DeleteTrafficMirrorSession", { TrafficMirrorSessionId: id }), "IncorrectStatus.TrafficMirrorSession", 400);
    await expectPopError(
      api("DeleteTrafficMirrorFilter", { TrafficMirrorFilterId: filterId }),
      "DependencyViolation.TrafficMirrorFilter",
      400,
    );
    await settle();
    expect((await sessions()).TotalCount).toBe("0");
    await expectPopError(api("DeleteTrafficMirrorSession", { TrafficMirrorSessionId: id }), "ResourceNotFound.TrafficMirrorSession", 404);
    await api("DeleteTrafficMirrorFilter", { TrafficMirrorFilterId: filterId });
  });

  it("a deleted session frees its priority and its source", async () => {
    for (const priority of [1, 2, 3]) await created({ Priority: priority });
    const first = (await sessions()).TrafficMirrorSessions[0].TrafficMirrorSessionId;
    await api("DeleteTrafficMirrorSession", { TrafficMirrorSessionId: first });
    await settle();
    expect((await api("CreateTrafficMirrorSession", sessionArgs({ Priority: 1 }))).TrafficMirrorSessionId).toMatch(/^tms-/);
  });
});

describe("ClientToken", () => {
  it("LastTokenProcessing while Creating, then the first result; other parameters are IdempotentParameterMismatch", async () => {
    const args = sessionArgs({ ClientToken: "tok-session-1" });
    const first = await api("CreateTrafficMirrorSession", args);
    await expectPopError(api("CreateTrafficMirrorSession", args), "LastTokenProcessing", 400);
    await settle();
    expect((await api("CreateTrafficMirrorSession", args)).TrafficMirrorSessionId).toBe(first.TrafficMirrorSessionId);
    await expectPopError(api("CreateTrafficMirrorSession", { ...args, Priority: 2 }), "IdempotentParameterMismatch", 400);
    expect((await sessions()).TotalCount).toBe("1");
  });

  it("a create whose answer was lost, replayed with its token, yields the same session", async () => {
    emu.injectFault({ action: "CreateTrafficMirrorSession", kind: "commit-drop", count: 1 });
    const args = sessionArgs({ ClientToken: "tok-session-2" });
    // The session is committed, then the connection is dropped without an answer: pop-core sees a reset.
    await expect(api("CreateTrafficMirrorSession", args)).rejects.toMatchObject({
      code: "ECONNRESET",
      message: expect.stringContaining("socket hang up"),
    });
    expect(emu.journal().at(-1)).toMatchObject({
      action: "CreateTrafficMirrorSession",
      httpStatus: null,
      code: null,
      fault: { kind: "commit-drop" },
    });
    const lost = (await sessions()).TrafficMirrorSessions[0].TrafficMirrorSessionId;
    await settle();
    expect((await api("CreateTrafficMirrorSession", args)).TrafficMirrorSessionId).toBe(lost);
    expect((await sessions()).TotalCount).toBe("1");
  });

  it("Remove / Add / Delete replay their first result without a second effect", async () => {
    const id = await created();
    const remove = { TrafficMirrorSessionId: id, TrafficMirrorSourceIds: [ENI(1)], ClientToken: "tok-remove" };
    await api("RemoveSourcesFromTrafficMirrorSession", remove);
    await settle();
    await api("RemoveSourcesFromTrafficMirrorSession", remove); // would be ResourceNotFound without the token
    await api("DeleteTrafficMirrorSession", { TrafficMirrorSessionId: id, ClientToken: "tok-delete" });
    await settle();
    await api("DeleteTrafficMirrorSession", { TrafficMirrorSessionId: id, ClientToken: "tok-delete" });
    expect((await sessions()).TotalCount).toBe("0");
  });
});

describe("limits from the start options", () => {
  it("with 10 sources per session and no transition delay, a session takes several sources and is Created at once", async () => {
    const store = await Store.open(undefined);
    const server = new EmulatorServer({
      host: "127.0.0.1",
      port: 0,
      credentials: [{ accessKeyId: AK, accessKeySecret: SECRET }],
      store,
      serviceOptions: {
        mirrorTransitionMs: 0,
        mirrorSourcesPerSession: 10,
        networkInterfaces: [1, 2, 3].map((i) => ({ regionId: SH, networkInterfaceId: `eni-x${i}` })),
      },
    });
    await server.start();
    try {
      const c = pop(server.url, VPC);
      const sh = (action: string, params: Record<string, unknown>) => call(c, action, { RegionId: SH, ...params });
      await sh("OpenTrafficMirrorService", {});
      const { TrafficMirrorFilterId } = await sh("CreateTrafficMirrorFilter", {});
      const base = { TrafficMirrorTargetId: "eni-x3", TrafficMirrorTargetType: "NetworkInterface", TrafficMirrorFilterId, Priority: 1 };
      const { TrafficMirrorSessionId } = await sh("CreateTrafficMirrorSession", { ...base, TrafficMirrorSourceIds: ["eni-x1", "eni-x2"] });
      const listed = (await sh("ListTrafficMirrorSessions", {})).TrafficMirrorSessions[0];
      expect(listed).toMatchObject({
        TrafficMirrorSessionId,
        TrafficMirrorSourceIds: ["eni-x1", "eni-x2"],
        TrafficMirrorSessionStatus: "Created",
      });
      // The given ENIs replace the default set.
      await expectPopError(
        sh("AddSourcesToTrafficMirrorSession", { TrafficMirrorSessionId, TrafficMirrorSourceIds: ["eni-demoshanghai0001"] }),
        "ResourceNotFound.TrafficMirrorSource",
        404,
      );
    } finally {
      await server.close();
    }
  });
});
