/**
 * vpc.TrafficMirrorSession's provider hooks driven directly (no engine) against an in-process
 * emulator (traffic mirroring opened, one filter made beside the provider, the seeded ENIs and SLB
 * instances as sources and targets): the journal shows each call and its ClientToken, the
 * emulator's state what the cloud holds.
 */
import * as sessionProvider from "../../provider/vpc/trafficMirrorSessionProvider";
import { TRAFFIC_MIRROR_SESSION_TYPE, UNKNOWN } from "../../provider/schema";
import { withMarker } from "../../provider/internal/marker";
import { VPC, call, pop } from "../emulator/helpers";
import {
  MarkedResource,
  REGION,
  businessParams,
  captureWarnings,
  engineHooks,
  foreignToken,
  markedResource,
  upSteps,
  useEmulator,
} from "./harness";

const hooks = engineHooks(sessionProvider);
const { check, create, delete: deleteSession, diff, read, update } = hooks;
const { checked, change } = upSteps(hooks, (args) => r.args(args));

jest.setTimeout(30_000);

const [ENI1, ENI2, ENI3] = ["eni-demohangzhou0001", "eni-demohangzhou0002", "eni-demohangzhou0003"];
const SLB = "lb-demohangzhou0001";

const t = useEmulator();
const vpc = (action: string, params: Record<string, unknown> = {}) => call(pop(t.emu.url, VPC), action, { RegionId: REGION, ...params });
let filterId: string;
const warnings = captureWarnings();
/** The resource of the running test: a new one (its own token) per test. */
let r: MarkedResource;
beforeEach(async () => {
  await vpc("OpenTrafficMirrorService");
  filterId = String((await vpc("CreateTrafficMirrorFilter", { TrafficMirrorFilterName: "all" })).TrafficMirrorFilterId);
  await new Promise((r) => setTimeout(r, 350));
  t.clear();
  r = markedResource(TRAFFIC_MIRROR_SESSION_TYPE);
});

const base = () => ({ sourceIds: [ENI1], targetId: ENI3, filterId, priority: 1 });

const cloudSessions = () => t.emu.state().trafficMirror.find((m) => m.regionId === REGION)?.sessions ?? [];
const mutations = () => t.calls().filter((a) => a !== "ListTrafficMirrorSessions");

describe("vpc.TrafficMirrorSession provider", () => {
  it("creates with the defaults filled, waits until Created, and reports the allocated VNI", async () => {
    const { id, outs } = await create(await checked(base()));
    expect(mutations()).toEqual(["CreateTrafficMirrorSession"]);
    expect(t.entries("ListTrafficMirrorSessions").length).toBeGreaterThanOrEqual(2);
    expect(businessParams(t.entries("CreateTrafficMirrorSession")[0]!)).toEqual({
      RegionId: REGION,
      ClientToken: expect.stringMatching(/^pulumi-tms-[0-9a-f]{32}$/),
      // The idempotency marker alone: the program sets no description.
      TrafficMirrorSessionDescription: `[pulumi:${r.token}]`,
      "TrafficMirrorSourceIds.1": ENI1,
      TrafficMirrorTargetId: ENI3,
      TrafficMirrorTargetType: "NetworkInterface",
      TrafficMirrorFilterId: filterId,
      Priority: "1",
      PacketLength: "1500",
      Enabled: "false",
    });
    expect(outs).toMatchObject({
      trafficMirrorSessionId: id,
      status: "Created",
      sourceIds: [ENI1],
      targetType: "NetworkInterface",
      packetLength: 1500,
      enabled: false,
      virtualNetworkId: expect.any(Number),
    });
    expect(cloudSessions().map((s) => [s.trafficMirrorSessionId, s.status])).toEqual([[id, "Created"]]);
    // A second `up` of the same program shows no change.
    expect(await diff(id, outs!, await checked(base(), outs))).toMatchObject({ changes: false });
  });

  it("changes sources, target, enabled and name in place: remove, update, add; never a replacement", async () => {
    const { id, outs } = await create(await checked(base()));
    t.clear();
    const args = { ...base(), sourceIds: [ENI2], targetId: SLB, enabled: true, name: "web", packetLength: 9000 - 500 };
    const { diff: d, outs: after } = await change(id, outs!, args);
    expect(d).toMatchObject({ changes: true, replaces: [] });
    expect(mutations()).toEqual([
      "RemoveSourcesFromTrafficMirrorSession",
      "UpdateTrafficMirrorSessionAttribute",
      "AddSourcesToTrafficMirrorSession",
    ]);
    expect(businessParams(t.entries("UpdateTrafficMirrorSessionAttribute")[0]!)).toMatchObject({
      TrafficMirrorTargetId: SLB,
      TrafficMirrorTargetType: "SLB",
      Enabled: "true",
      TrafficMirrorSessionName: "web",
      PacketLength: "8500",
    });
    expect(after).toMatchObject({ trafficMirrorSessionId: id, sourceIds: [ENI2], targetType: "SLB", enabled: true, name: "web" });
    expect(cloudSessions()[0]).toMatchObject({ sourceIds: [ENI2], targetId: SLB, enabled: true, name: "web", packetLength: 8500 });
    // Only a region change replaces.
    expect(await diff(id, after, await checked({ ...args, region: "cn-shanghai" }))).toMatchObject({ replaces: ["region"] });
  });

  it("reads a session disabled and deleted out of band; delete waits until it is gone", async () => {
    const { id, outs } = await create(await checked({ ...base(), enabled: true }));
    await vpc("UpdateTrafficMirrorSessionAttribute", { TrafficMirrorSessionId: id, Enabled: false });
    t.clear();
    const seen = await read(id, outs!);
    expect(t.calls()).toEqual(["ListTrafficMirrorSessions"]);
    expect(seen).toMatchObject({ id, props: { enabled: false }, inputs: { enabled: false, sourceIds: [ENI1] } });
    expect(await diff(id, seen.props!, await checked({ ...base(), enabled: true }, seen.inputs))).toMatchObject({
      changes: true,
      replaces: [],
    });

    await new Promise((r) => setTimeout(r, 350));
    t.clear();
    await deleteSession(id, outs!);
    // The process that created it knows its marker (the token index holds what it wrote): the delete first.
    expect(t.calls()[0]).toBe("DeleteTrafficMirrorSession");
    expect(cloudSessions()).toEqual([]);
    expect(await read(id, outs!)).toEqual({ id: "", props: undefined });
  });

  it("retries an ambiguous create with the same ClientToken: one session, one token in the journal", async () => {
    t.emu.injectFault({ action: "CreateTrafficMirrorSession", kind: "commit-drop", count: 1 });
    const { id } = await create(await checked(base()));
    const creates = t.entries("CreateTrafficMirrorSession");
    expect(creates.length).toBeGreaterThanOrEqual(2);
    expect(creates[0]).toMatchObject({ httpStatus: null, fault: { kind: "commit-drop" } });
    expect(new Set(creates.map((e) => e.params.ClientToken)).size).toBe(1);
    expect(cloudSessions().map((s) => s.trafficMirrorSessionId)).toEqual([id]);
  });

  it("says to add a vpc.TrafficMirrorService when mirroring is not opened in the region", async () => {
    await t.emu.disableTrafficMirror(REGION);
    await expect(create(await checked(base()))).rejects.toThrow(`add a vpc.TrafficMirrorService for ${REGION}`);
    expect(t.entries("CreateTrafficMirrorSession")).toHaveLength(1);
  });

  it("check validates ranges, ids and the target type at preview with no API call, and tolerates unknowns", async () => {
    const reasons = async (args: Record<string, unknown>) => (await check({}, args)).failures!.map((f) => f.reason);
    expect(await reasons({ ...base(), priority: 0 })).toEqual([
      "priority: 0 is invalid: must be an integer from 1 to 32766 (unique in the region; 1 is matched first)",
    ]);
    expect(await reasons({ ...base(), packetLength: 9000 })).toEqual([
      "packetLength: 9000 is invalid: must be an integer from 64 to 8500 (bytes)",
    ]);
    expect(await reasons({ ...base(), virtualNetworkId: 16_777_216 })).toHaveLength(1);
    expect(await reasons({ ...base(), sourceIds: ["i-123"] })).toEqual([
      'sourceIds[0]: "i-123" is invalid: each entry must be an ENI id such as "eni-j6c2fp57q8rr47rp"',
    ]);
    expect(await reasons({ ...base(), targetType: "SLB" })).toEqual([
      `targetType: "SLB" is invalid: must be "NetworkInterface" for target ${ENI3} (or be left out)`,
    ]);
    expect(await reasons({ sourceIds: [ENI1] })).toEqual([
      "targetId: (missing) is invalid: is required",
      "filterId: (missing) is invalid: is required",
      "priority: (missing) is invalid: is required",
    ]);
    const preview = await checked({ ...base(), sourceIds: [ENI1, UNKNOWN] });
    const outs = { ...(await checked(base())), trafficMirrorSessionId: "tms-x", status: "Created" };
    expect(await diff("tms-x", outs, preview)).toMatchObject({ changes: true, replaces: [] });
    // In the session's own diff (after its check) an unknown filter id is one `up` will know (a filter new in
    // this deployment): updated in place, as `up` then does.
    expect(await diff("tms-x", outs, await checked({ ...base(), filterId: UNKNOWN }))).toMatchObject({
      changes: true,
      replaces: [],
    });
    // The engine's question about a dependent of a filter replaced delete-first: the session's stored inputs
    // (never checked in this process) with the filter id unknown. It must be replaced, so that the engine
    // deletes it before the filter (DeleteTrafficMirrorFilter refuses a filter in use).
    const dependent = markedResource(TRAFFIC_MIRROR_SESSION_TYPE);
    const stored = { ...outs, __token: dependent.token };
    expect(await diff("tms-y", stored, { ...stored, filterId: UNKNOWN })).toMatchObject({ changes: true, replaces: ["filterId"] });
    expect(await diff("tms-y", stored, { ...stored, priority: 9 })).toMatchObject({ changes: true, replaces: [] });
    expect(await diff("tms-x", outs, await checked({ ...base(), filterId: "tmf-other000001" }))).toMatchObject({
      changes: true,
      replaces: [],
    });
    // Two sessions of the deployment with one priority in a region: the second check names the first and the
    // region, with no API call; another region, or the first session moving away, is fine.
    const [a, b] = [markedResource(TRAFFIC_MIRROR_SESSION_TYPE, "mirror-a"), markedResource(TRAFFIC_MIRROR_SESSION_TYPE, "mirror-b")];
    const calls = t.emu.journal().length;
    expect((await check({}, a.args({ ...base(), region: REGION, priority: 7, __logicalName: a.name }))).failures).toEqual([]);
    expect((await check({}, b.args({ ...base(), region: REGION, priority: 7, __logicalName: b.name }))).failures).toEqual([
      {
        property: "",
        reason:
          'priority: 7 is invalid: is also the priority of vpc.TrafficMirrorSession "mirror-a" in cn-hangzhou: ' +
          "priorities are unique in a region (CreateTrafficMirrorSession: DuplicatedParam.Priority)",
      },
    ]);
    expect((await check({}, b.args({ ...base(), region: "cn-shanghai", priority: 7, __logicalName: b.name }))).failures).toEqual([]);
    expect((await check({}, a.args({ ...base(), region: REGION, priority: 8, __logicalName: a.name }))).failures).toEqual([]);
    expect((await check({}, b.args({ ...base(), region: REGION, priority: 7, __logicalName: b.name }))).failures).toEqual([]);
    expect(t.emu.journal().length).toBe(calls);
    // The `replaceOnChanges` resource option, handed over by the class, turns a named change into a replacement.
    expect(await diff("tms-x", outs, await checked({ ...base(), priority: 2, __replaceOnChanges: ["priority"] }))).toMatchObject({
      changes: true,
      replaces: ["priority"],
    });
    expect(await diff("tms-x", outs, await checked({ ...base(), priority: 2, __replaceOnChanges: ["*"] }))).toMatchObject({
      replaces: ["priority"],
    });
    expect(await diff("tms-x", outs, await checked({ ...base(), priority: 2, __replaceOnChanges: ["enabled"] }))).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(t.emu.journal()).toEqual([]);
  });

  describe("idempotency marker", () => {
    const makeSession = async (params: Record<string, unknown>) =>
      String(
        (
          await vpc("CreateTrafficMirrorSession", {
            TrafficMirrorSourceIds: [ENI1],
            TrafficMirrorTargetId: ENI3,
            TrafficMirrorTargetType: "NetworkInterface",
            TrafficMirrorFilterId: filterId,
            ...params,
          })
        ).TrafficMirrorSessionId,
      );
    const settle = () => new Promise((res) => setTimeout(res, 400));
    const cloudSession = (id: string) => cloudSessions().find((s) => s.trafficMirrorSessionId === id)!;

    it("writes the marker after the description and shows the description without it", async () => {
      const { id, outs } = await create(await checked({ ...base(), description: "web mirror" }));
      expect(cloudSession(id).description).toBe(withMarker("web mirror", r.token));
      expect(outs).toMatchObject({ description: "web mirror", __token: r.token });
      expect((await read(id, outs!)).props).toMatchObject({ description: "web mirror" });
      const { outs: after } = await change(id, outs!, { ...base(), description: "edge" });
      expect(after.description).toBe("edge");
      expect(cloudSession(id).description).toBe(withMarker("edge", r.token));
    });

    it("adopts the session an interrupted create left (it carries the token): no Create call, brought to the program", async () => {
      const existing = await makeSession({ Priority: 1, TrafficMirrorSessionDescription: withMarker(undefined, r.token) });
      t.clear();
      const { id, outs } = await create(await checked({ ...base(), enabled: true, name: "web" }));
      expect(id).toBe(existing);
      expect(t.entries("CreateTrafficMirrorSession")).toHaveLength(0);
      expect(mutations()).toEqual(["UpdateTrafficMirrorSessionAttribute"]);
      expect(warnings.join("\n")).toContain(`adopted traffic mirror session ${existing} instead of creating another`);
      expect(outs).toMatchObject({ trafficMirrorSessionId: existing, enabled: true, name: "web", __token: r.token });
      expect(cloudSessions().map((s) => s.trafficMirrorSessionId)).toEqual([existing]);
      expect(cloudSession(existing)).toMatchObject({ enabled: true, name: "web", description: withMarker(undefined, r.token) });
    });

    it("stops when two sessions carry its token, naming both, and creates nothing", async () => {
      const first = await makeSession({ Priority: 7, TrafficMirrorSessionDescription: withMarker(undefined, r.token) });
      const second = await makeSession({ Priority: 8, TrafficMirrorSessionDescription: withMarker("x", r.token) });
      t.clear();
      const e = await create(await checked(base())).then(
        () => undefined,
        (err: Error) => err,
      );
      expect(e?.message).toContain(`2 traffic mirror sessions in ${REGION} carry this resource's idempotency marker [pulumi:${r.token}]`);
      expect(e?.message).toContain(first);
      expect(e?.message).toContain(second);
      expect(t.entries("CreateTrafficMirrorSession")).toHaveLength(0);
    });

    it("never adopts another stack's same-named session (another token): creates its own and leaves that one alone", async () => {
      const theirs = await makeSession({
        Priority: 5,
        TrafficMirrorSessionName: "web",
        TrafficMirrorSessionDescription: withMarker(undefined, foreignToken(TRAFFIC_MIRROR_SESSION_TYPE, r.name)),
      });
      await settle();
      const before = cloudSession(theirs);
      t.clear();
      const { id } = await create(await checked({ ...base(), name: "web" }));
      expect(id).not.toBe(theirs);
      expect(t.entries("CreateTrafficMirrorSession")).toHaveLength(1);
      expect(cloudSession(id).description).toBe(withMarker(undefined, r.token));
      expect(cloudSession(theirs)).toEqual(before);
      expect(warnings.join("\n")).not.toContain("adopted");
    });

    it("adoptId takes over a session made in the console (only the marker written) and refuses another stack's", async () => {
      const made = await makeSession({ Priority: 9, TrafficMirrorSessionName: "console" });
      await settle();
      t.clear();
      const { id, outs } = await create((await check({}, r.args({ ...base(), adoptId: made }))).inputs!);
      expect(id).toBe(made);
      expect(t.calls().filter((a) => !/^List/.test(a))).toEqual(["UpdateTrafficMirrorSessionAttribute"]);
      expect(cloudSession(made).description).toBe(withMarker(undefined, r.token));
      expect(outs).toMatchObject({ adoptId: made, priority: 9, name: "console", trafficMirrorSessionId: made });
      const other = await makeSession({
        Priority: 10,
        TrafficMirrorSessionDescription: withMarker(undefined, foreignToken(TRAFFIC_MIRROR_SESSION_TYPE)),
      });
      await settle();
      await expect(create((await check({}, r.args({ ...base(), priority: 11, adoptId: other }))).inputs!)).rejects.toThrow(
        /adoptId: traffic mirror session .* is managed by another Pulumi stack or resource/,
      );
    });

    it("refuses to update, and does not delete, a session that now carries another resource's marker", async () => {
      const { id, outs } = await create(await checked(base()));
      const theirs = foreignToken(TRAFFIC_MIRROR_SESSION_TYPE, r.name);
      await vpc("UpdateTrafficMirrorSessionAttribute", {
        TrafficMirrorSessionId: id,
        TrafficMirrorSessionDescription: withMarker("adopted", theirs),
      });
      await settle();
      t.clear();
      await expect(change(id, outs!, { ...base(), enabled: true })).rejects.toThrow(
        `traffic mirror session ${id} now carries another resource's marker [pulumi:${theirs}]`,
      );
      expect(mutations()).toEqual([]);
      const seen = await read(id, outs!);
      expect(seen.props).toMatchObject({ __ownedElsewhere: theirs, description: "adopted" });
      t.clear();
      await expect(update(id, seen.props!, await checked(base(), seen.props!))).rejects.toThrow("another stack has adopted it");
      expect(t.calls()).toEqual([]);
      await deleteSession(id, seen.props!);
      await deleteSession(id, outs!);
      expect(t.entries("DeleteTrafficMirrorSession")).toHaveLength(0);
      expect(warnings.join("\n")).toContain(`traffic mirror session ${id} was not deleted`);
      expect(cloudSessions().map((s) => s.trafficMirrorSessionId)).toEqual([id]);
    });
  });
});
