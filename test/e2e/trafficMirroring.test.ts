/**
 * vpc.TrafficMirrorFilter and vpc.TrafficMirrorSession as users operate them, through the real engine
 * against the embedded emulator: the examples/traffic-mirroring-sessions program (a service, a filter with
 * inbound and outbound rules, a session mirroring two ENIs to a collector ENI), driven by stack config.
 * After every operation the ids in the cloud, in the state and in the outputs agree, and the emulator's
 * journal shows which calls were made: in-place updates never delete or create a filter or session.
 *
 * API calls per operation, measured from the journal (mutations exactly; the List* polls that wait out
 * Creating / Modifying / Deleting vary with timing and are only counted):
 *   up (create)            GetTrafficMirrorServiceStatus + OpenTrafficMirrorService, 1 CreateTrafficMirrorFilter
 *                          (4 rules inline), 1 CreateTrafficMirrorSession, + polls
 *   preview                0
 *   rule changed           1 ListTrafficMirrorFilters + 1 UpdateTrafficMirrorFilterRuleAttribute + polls
 *   rule added + removed   1 ListTrafficMirrorFilters + 1 DeleteTrafficMirrorFilterRules + 1 CreateTrafficMirrorFilterRules
 *   source swapped         1 ListTrafficMirrorSessions + 1 RemoveSourcesFromTrafficMirrorSession + 1 AddSources...
 *   enabled / name         1 ListTrafficMirrorSessions + 1 UpdateTrafficMirrorSessionAttribute + polls
 *   refresh                List* reads only (1 per resource per pass)
 *   region change          replace: Create + Delete of the filter and of the session (and a new region's service)
 *   destroy                1 DeleteTrafficMirrorSession + 1 DeleteTrafficMirrorFilter + polls
 */
import { Workspace, resourcesOfType } from "../support/pulumi";
import { Emulator, actions, providerEnv, startTestEmulator } from "../support/emulatorEnv";
import { TRAFFIC_MIRROR_SERVICE_TYPE, TRAFFIC_MIRROR_SESSION_TYPE } from "../../provider/schema";
import { expectMirrorAgrees, expectMirrorGone, mirrorCloud } from "../support/mirrorTruth";

jest.setTimeout(300_000);

const HZ = "cn-hangzhou";
const SH = "cn-shanghai";
const eni = (city: string, i: number) => `eni-demo${city}${String(i).padStart(4, "0")}`;

const cloud = (emulator: Emulator) => mirrorCloud(emulator.state());

/** The calls that change something (everything but List* / Get* reads), in order. */
const mutations = (emulator: Emulator) => actions(emulator).filter((a) => !/^(List|Get)/.test(a));
const reads = (emulator: Emulator) => actions(emulator).filter((a) => /^(List|Get)/.test(a));

/** Ids in the cloud = ids in the state = the outputs, one filter and one session (test/support/mirrorTruth.ts). */
const expectAgree = (emulator: Emulator, ws: Workspace) => expectMirrorAgrees(emulator.state(), ws);

const rulesOf = (f: ReturnType<typeof cloud>["filters"][number], direction: "ingress" | "egress") =>
  f.rules
    .filter((r) => r.trafficDirection === direction)
    .map((r) => `${r.priority} ${r.protocol} ${r.action} ${r.destinationPortRange}`)
    .sort();

describe("traffic mirror filter and session through the engine (examples/traffic-mirroring-sessions)", () => {
  let emulator: Emulator;
  let ws: Workspace;
  let ids: { filterId: string; sessionId: string };

  beforeAll(async () => {
    // Two sources per session (the example mirrors two ENIs); short transitions keep each up fast.
    emulator = await startTestEmulator({ mirrorTransitionMs: 30, mirrorSourcesPerSession: 2 });
    ws = new Workspace("mirroring", { from: "examples/traffic-mirroring-sessions", env: providerEnv(emulator) });
    await ws.init();
  });
  afterAll(async () => {
    await emulator?.close();
    ws?.cleanup();
  });

  /** `up` after a config change: exactly these mutations, filter and session kept, ids agree. */
  async function upInPlace(expected: string[], updated: RegExp[]): Promise<string> {
    emulator.clearJournal();
    const r = await ws.ok(["up", "--yes", "--skip-preview"]);
    for (const u of updated) expect(r.stdout).toMatch(u);
    expect(r.stdout).not.toMatch(/TrafficMirror(Filter|Session)\s+web\s+(creat|delet|replac)/);
    expect(mutations(emulator)).toEqual(expected);
    const now = await expectAgree(emulator, ws);
    expect({ filterId: now.filterId, sessionId: now.sessionId }).toEqual(ids);
    return r.stdout;
  }

  it("up creates: 1 OpenTrafficMirrorService, 1 CreateTrafficMirrorFilter (4 rules inline), 1 CreateTrafficMirrorSession", async () => {
    emulator.clearJournal();
    await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(mutations(emulator)).toEqual(["OpenTrafficMirrorService", "CreateTrafficMirrorFilter", "CreateTrafficMirrorSession"]);
    expect(reads(emulator)).toContain("GetTrafficMirrorServiceStatus");
    const agreed = await expectAgree(emulator, ws);
    ids = { filterId: agreed.filterId, sessionId: agreed.sessionId };
    const [filter] = cloud(emulator).filters;
    expect(filter!.status).toBe("Created");
    expect(rulesOf(filter!, "ingress")).toEqual(["1 TCP accept 443/443", "2 TCP accept 80/80", "3 ALL drop -1/-1"]);
    expect(rulesOf(filter!, "egress")).toEqual(["1 ALL accept -1/-1"]);
    const [session] = cloud(emulator).sessions;
    expect(session).toMatchObject({
      status: "Created",
      regionId: HZ,
      enabled: true,
      sourceIds: [eni("hangzhou", 1), eni("hangzhou", 2)],
      targetId: eni("hangzhou", 6),
      targetType: "NetworkInterface",
      filterId: ids.filterId,
      name: "web-to-collector",
    });
    const outputs = await ws.outputs();
    expect(outputs).toMatchObject({
      mirroringEnabled: true,
      sessionStatus: "Created",
      sessionEnabled: true,
      mirroredSources: [eni("hangzhou", 1), eni("hangzhou", 2)],
      virtualNetworkId: session!.virtualNetworkId,
    });
    expect(outputs.ingressRuleIds).toEqual(
      [...filter!.rules.filter((r) => r.trafficDirection === "ingress")]
        .sort((a, b) => a.priority - b.priority)
        .map((r) => r.trafficMirrorFilterRuleId),
    );
  });

  it("preview after up: no changes, 0 API calls", async () => {
    emulator.clearJournal();
    await ws.ok(["preview", "--expect-no-changes"]);
    expect(actions(emulator)).toEqual([]);
  });

  const ingress = (rules: object[]) => ["config", "set", "--path", "ingressRules", JSON.stringify(rules)];
  const RULE_1 = { priority: 1, protocol: "TCP", action: "accept", destinationPortRange: "443/443" };
  const RULE_3 = { priority: 3, protocol: "ALL", action: "drop" };

  it("a rule changed: 1 UpdateTrafficMirrorFilterRuleAttribute, same rule ids, no filter replaced", async () => {
    const ruleIds = (await ws.outputs()).ingressRuleIds;
    await ws.ok(ingress([RULE_1, { priority: 2, protocol: "TCP", action: "accept", destinationPortRange: "8080/8080" }, RULE_3]));
    await upInPlace(["UpdateTrafficMirrorFilterRuleAttribute"], [/TrafficMirrorFilter\s+web\s+updated/]);
    expect((await ws.outputs()).ingressRuleIds).toEqual(ruleIds);
    expect(rulesOf(cloud(emulator).filters[0]!, "ingress")).toContain("2 TCP accept 8080/8080");
  });

  it("a rule added and one removed: 1 DeleteTrafficMirrorFilterRules + 1 CreateTrafficMirrorFilterRules", async () => {
    await ws.ok(ingress([RULE_1, RULE_3, { priority: 4, protocol: "UDP", action: "accept", destinationPortRange: "53/53" }]));
    await upInPlace(["DeleteTrafficMirrorFilterRules", "CreateTrafficMirrorFilterRules"], [/TrafficMirrorFilter\s+web\s+updated/]);
    expect(rulesOf(cloud(emulator).filters[0]!, "ingress")).toEqual(["1 TCP accept 443/443", "3 ALL drop -1/-1", "4 UDP accept 53/53"]);
    expect((await ws.outputs()).ingressRuleIds).toHaveLength(3);
  });

  it("a source swapped: 1 RemoveSourcesFromTrafficMirrorSession + 1 AddSourcesToTrafficMirrorSession", async () => {
    await ws.ok(["config", "set", "--path", "sourceIds", JSON.stringify([eni("hangzhou", 1), eni("hangzhou", 3)])]);
    await upInPlace(
      ["RemoveSourcesFromTrafficMirrorSession", "AddSourcesToTrafficMirrorSession"],
      [/TrafficMirrorSession\s+web\s+updated/],
    );
    expect(cloud(emulator).sessions[0]!.sourceIds).toEqual([eni("hangzhou", 1), eni("hangzhou", 3)]);
  });

  it("a source removed: 1 RemoveSourcesFromTrafficMirrorSession", async () => {
    await ws.ok(["config", "set", "--path", "sourceIds", JSON.stringify([eni("hangzhou", 3)])]);
    await upInPlace(["RemoveSourcesFromTrafficMirrorSession"], [/TrafficMirrorSession\s+web\s+updated/]);
    expect(cloud(emulator).sessions[0]!.sourceIds).toEqual([eni("hangzhou", 3)]);
  });

  it("enabled toggled off: 1 UpdateTrafficMirrorSessionAttribute", async () => {
    await ws.ok(["config", "set", "enabled", "false"]);
    await upInPlace(["UpdateTrafficMirrorSessionAttribute"], [/TrafficMirrorSession\s+web\s+updated/]);
    expect(cloud(emulator).sessions[0]!.enabled).toBe(false);
    expect((await ws.outputs()).sessionEnabled).toBe(false);
  });

  it("name changed (and enabled back on): 1 UpdateTrafficMirrorSessionAttribute", async () => {
    await ws.ok(["config", "set", "sessionName", "web-to-collector-2"]);
    await ws.ok(["config", "rm", "enabled"]);
    await upInPlace(["UpdateTrafficMirrorSessionAttribute"], [/TrafficMirrorSession\s+web\s+updated/]);
    expect(cloud(emulator).sessions[0]).toMatchObject({ name: "web-to-collector-2", enabled: true });
  });

  it("refresh after an out-of-band disable shows the drift (List* reads only); the next up fixes it", async () => {
    const r = await fetch(`${emulator.url}/_emulator/vpc/traffic-mirror-sessions/${ids.sessionId}/disable`, { method: "POST" });
    expect(await r.json()).toMatchObject({ found: true, enabled: false });
    emulator.clearJournal();
    const refresh = await ws.ok(["refresh", "--yes", "--skip-preview"]);
    expect(refresh.stdout).toMatch(/TrafficMirrorSession\s+web\s+updated/);
    expect(mutations(emulator)).toEqual([]);
    const session = resourcesOfType(await ws.exportState(), TRAFFIC_MIRROR_SESSION_TYPE)[0];
    expect(session.outputs.enabled).toBe(false);
    const preview = await ws.ok(["preview", "--diff"]);
    expect(preview.stdout).toMatch(/enabled\s*:\s*false => true/);
    emulator.clearJournal();
    await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(mutations(emulator)).toEqual(["UpdateTrafficMirrorSessionAttribute"]);
    expect(cloud(emulator).sessions[0]!.enabled).toBe(true);
    expect(await expectAgree(emulator, ws)).toMatchObject(ids as object);
  });

  it("preview after the in-place updates and the drift fix: no changes, 0 API calls", async () => {
    emulator.clearJournal();
    await ws.ok(["preview", "--expect-no-changes"]);
    expect(actions(emulator)).toEqual([]);
  });

  it("a region change replaces filter and session: 1 Create + 1 Delete of each, new ids in cn-shanghai", async () => {
    await ws.ok(["config", "set", "region", SH]);
    await ws.ok(["config", "set", "--path", "sourceIds", JSON.stringify([eni("shanghai", 1), eni("shanghai", 2)])]);
    await ws.ok(["config", "set", "collectorId", eni("shanghai", 6)]);
    const preview = await ws.ok(["preview"]);
    expect(preview.stdout).toMatch(/\+-\s+pulumi-nodejs:dynamic\/vpc:TrafficMirrorFilter\s+web\s+replace\s+\[diff: ~region\]/);
    expect(preview.stdout).toMatch(/\+-\s+pulumi-nodejs:dynamic\/vpc:TrafficMirrorSession\s+web\s+replace\s+\[diff: ~[^\]]*\bregion\b/);
    emulator.clearJournal();
    await ws.ok(["up", "--yes", "--skip-preview"]);
    expect([...mutations(emulator)].sort()).toEqual(
      [
        "OpenTrafficMirrorService",
        "CreateTrafficMirrorFilter",
        "CreateTrafficMirrorSession",
        "DeleteTrafficMirrorSession",
        "DeleteTrafficMirrorFilter",
      ].sort(),
    );
    const next = await expectAgree(emulator, ws);
    expect(next.filterId).not.toBe(ids.filterId);
    expect(next.sessionId).not.toBe(ids.sessionId);
    const { filters, sessions } = cloud(emulator);
    expect({ filter: filters[0]!.regionId, session: sessions[0]!.regionId }).toEqual({ filter: SH, session: SH });
    expect(resourcesOfType(next.state, TRAFFIC_MIRROR_SERVICE_TYPE).map((r: any) => r.id)).toEqual([SH]);
    ids = { filterId: next.filterId, sessionId: next.sessionId };
  });

  it("destroy: 1 DeleteTrafficMirrorSession + 1 DeleteTrafficMirrorFilter; nothing left in the cloud or the state", async () => {
    emulator.clearJournal();
    const r = await ws.ok(["destroy", "--yes", "--skip-preview"]);
    expect(mutations(emulator)).toEqual(["DeleteTrafficMirrorSession", "DeleteTrafficMirrorFilter"]);
    if (!/traffic mirroring stays enabled in cn-shanghai/.test(r.output)) console.log(r.output);
    expect(r.output).toMatch(/traffic mirroring stays enabled in cn-shanghai/);
    await expectMirrorGone(emulator.state(), ws);
    expect(resourcesOfType(await ws.exportState(), TRAFFIC_MIRROR_SERVICE_TYPE)).toEqual([]);
  });
});
