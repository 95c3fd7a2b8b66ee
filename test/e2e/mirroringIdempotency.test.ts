/**
 * The idempotency guarantees of vpc.TrafficMirrorFilter and vpc.TrafficMirrorSession through the real
 * engine (docs/idempotency.md: the marker ` [pulumi:<token>]` in the cloud description,
 * the look before creating, delete-first replacements), with test/programs/mirroring (a service, a
 * filter "web", a session "web" using it). Ground truth is the emulator: its journal (which calls were
 * made, across runs) and its state (what exists, with which description), against the stack's state
 * and outputs.
 *
 * API calls per operation, measured from the journal (mutations; List* / Get* reads only counted):
 *   up killed after CreateTrafficMirrorFilter, resumed    OpenTrafficMirrorService, CreateTrafficMirrorFilter | (kill)
 *                                                         | CreateTrafficMirrorSession (the filter adopted: 0 calls)
 *   up killed after CreateTrafficMirrorSession, resumed   OpenTrafficMirrorService, CreateTrafficMirrorFilter,
 *                                                         CreateTrafficMirrorSession | (kill) | none (adopted)
 *   same names, another backend                           its own CreateTrafficMirrorFilter + CreateTrafficMirrorSession
 *   up --replace <filter>, region change                  DeleteTrafficMirrorSession, DeleteTrafficMirrorFilter,
 *                                                         CreateTrafficMirrorFilter, CreateTrafficMirrorSession
 *                                                         (+ OpenTrafficMirrorService of the new region)
 */
import * as fs from "fs";
import * as path from "path";
import { Workspace, resourcesOfType } from "../support/pulumi";
import { Emulator, actions, providerEnv, startTestEmulator } from "../support/emulatorEnv";
import { expectMirrorAgrees, expectMirrorGone, mirrorCloud } from "../support/mirrorTruth";
import { stateIdOf } from "../support/groundTruth";
import { removeEmptyAttrs, startPulumi } from "../support/engine";
import { lineageToken } from "../../provider/internal/lineage";
import { TRAFFIC_MIRROR_FILTER_TYPE, TRAFFIC_MIRROR_SESSION_TYPE } from "../../provider/schema";

jest.setTimeout(300_000);

const PROGRAM = "test/programs/mirroring";
const FILTER_DESCRIPTION = "web traffic";
const SESSION_DESCRIPTION = "web mirrored";
const MARKER = / \[pulumi:([0-9a-f]{16})\]$/;

const UP = ["up", "--yes", "--skip-preview"];

/** The calls that change something (everything but List* / Get* reads), in order. */
const mutations = (emulator: Emulator) => actions(emulator).filter((a) => !/^(List|Get)/.test(a));
const count = (emulator: Emulator, action: string) => actions(emulator).filter((a) => a === action).length;
const cloud = (emulator: Emulator) => mirrorCloud(emulator.state());

/**
 * The tokens the filter and the session "web" of this stack must carry, from the state identity in its
 * checkpoint, and the check that the cloud's descriptions are the program's with exactly that marker.
 */
function expectMarked(emulator: Emulator, state: any, ids: { filterId: string; sessionId: string }) {
  const stateId = stateIdOf(state);
  const filter = cloud(emulator).filters.find((f) => f.trafficMirrorFilterId === ids.filterId);
  const session = cloud(emulator).sessions.find((s) => s.trafficMirrorSessionId === ids.sessionId);
  expect({ filter: filter?.description, session: session?.description }).toEqual({
    filter: `${FILTER_DESCRIPTION} [pulumi:${lineageToken(stateId, TRAFFIC_MIRROR_FILTER_TYPE, "web")}]`,
    session: `${SESSION_DESCRIPTION} [pulumi:${lineageToken(stateId, TRAFFIC_MIRROR_SESSION_TYPE, "web")}]`,
  });
  expect(filter!.description).toMatch(MARKER);
  expect(session!.description).toMatch(MARKER);
}

/** Outputs and state show the descriptions without the marker, and the session uses the filter. */
async function expectUnmarkedOutputs(ws: Workspace, state: any, ids: { filterId: string }) {
  const outputs = await ws.outputs();
  expect({ filter: outputs.filterDescription, session: outputs.sessionDescription, filterId: outputs.sessionFilterId }).toEqual({
    filter: FILTER_DESCRIPTION,
    session: SESSION_DESCRIPTION,
    filterId: ids.filterId,
  });
  const [f] = resourcesOfType(state, TRAFFIC_MIRROR_FILTER_TYPE);
  const [s] = resourcesOfType(state, TRAFFIC_MIRROR_SESSION_TYPE);
  expect({ filter: f.outputs.description, session: s.outputs.description }).toEqual({
    filter: FILTER_DESCRIPTION,
    session: SESSION_DESCRIPTION,
  });
}

/** A new CI runner: a fresh PULUMI_HOME and checkout of the program, the same backend (copied) and stack config. */
function freshMirrorRunner(from: Workspace, name: string): Workspace {
  const ws = new Workspace(name, { from: PROGRAM, env: from.env, stack: from.stack });
  fs.cpSync(path.join(from.root, "state"), path.join(ws.root, "state"), { recursive: true });
  for (const f of fs.readdirSync(from.programDir).filter((f) => /^Pulumi\..+\.yaml$/.test(f))) {
    fs.copyFileSync(path.join(from.programDir, f), path.join(ws.programDir, f));
  }
  return ws;
}

/**
 * `up` with the whole process tree SIGKILLed once `action` has been answered 200 (the journal records a
 * request when its answer has been sent) and while the provider still waits for the new resource to
 * leave Creating, i.e. before the engine can record its id: what an OOM-killed CI runner leaves.
 */
async function upKilledAfter(emulator: Emulator, ws: Workspace, action: string): Promise<string> {
  const cmd = await startPulumi(ws, UP);
  const until = Date.now() + 120_000;
  while (!emulator.journal().some((e) => e.action === action && e.httpStatus === 200)) {
    if (cmd.child.exitCode !== null) throw new Error(`pulumi ended before ${action} was answered:\n${cmd.output()}`);
    if (Date.now() > until) throw new Error(`${action} never answered`);
    await new Promise((r) => setTimeout(r, 5));
  }
  await cmd.killTree();
  const { signal } = await cmd.result;
  expect(signal).toBe("SIGKILL");
  // Upstream: a kill during a checkpoint save can leave the file backend's .attrs empty (docs/reliability.md gives the workaround).
  removeEmptyAttrs(ws);
  return cmd.output();
}

describe("traffic mirror filter and session: idempotent creates through the engine", () => {
  let emulator: Emulator;
  const workspaces: Workspace[] = [];
  const workspace = (name: string, stack = "test") => {
    const ws = new Workspace(name, { from: PROGRAM, env: providerEnv(emulator), stack });
    workspaces.push(ws);
    return ws;
  };
  afterEach(async () => {
    await emulator?.close();
    workspaces.splice(0).forEach((w) => w.cleanup());
  });

  /**
   * Kill after `killAt` committed, resume on a fresh runner, then check everything docs/idempotency.md promises.
   * Returns the mutations of the resumed `up` and the output of the resumed `up`.
   */
  async function killAndResume(killAt: "CreateTrafficMirrorFilter" | "CreateTrafficMirrorSession", adopted: "filter" | "session") {
    // Resources stay Creating for 1.5 s: the provider is still waiting when the kill comes.
    emulator = await startTestEmulator({ mirrorTransitionMs: 1500 });
    const ws = workspace(`mirror-kill-${adopted}`);
    await ws.init();
    await upKilledAfter(emulator, ws, killAt);
    // The killed run: the resource exists in the cloud, the checkpoint does not have its id.
    const killed = await ws.exportState();
    const orphan =
      adopted === "filter" ? cloud(emulator).filters[0]!.trafficMirrorFilterId : cloud(emulator).sessions[0]!.trafficMirrorSessionId;
    expect(orphan).toMatch(adopted === "filter" ? /^tmf-/ : /^tms-/);
    const type = adopted === "filter" ? TRAFFIC_MIRROR_FILTER_TYPE : TRAFFIC_MIRROR_SESSION_TYPE;
    expect(resourcesOfType(killed, type)).toEqual([]);
    expect(cloud(emulator).sessions).toHaveLength(adopted === "filter" ? 0 : 1);
    expect(cloud(emulator).filters).toHaveLength(1);
    // The engine had recorded the create as pending.
    expect((killed.deployment.pending_operations ?? []).map((p: any) => [p.type, p.resource.type])).toEqual([["creating", type]]);

    // A new CI runner: no local files of the first one, the same backend and checkout.
    const runner = freshMirrorRunner(ws, `mirror-kill-${adopted}-fresh`);
    workspaces.push(runner);
    await runner.ok(["stack", "select", ws.stack]);
    await runner.pulumi(["cancel", "--yes"]);
    const before = emulator.journal().length;
    const up = await runner.ok(UP);
    const resumed = emulator
      .journal()
      .slice(before)
      .map((e) => e.action!)
      .filter((a) => !/^(List|Get)/.test(a));
    expect(up.output).toContain(`adopted traffic mirror ${adopted} ${orphan} instead of creating another`);
    expect(up.output).not.toContain(`adopted traffic mirror ${adopted === "filter" ? "session" : "filter"}`);

    // Across both runs: one create of each, whatever the kill interrupted.
    expect({ filter: count(emulator, "CreateTrafficMirrorFilter"), session: count(emulator, "CreateTrafficMirrorSession") }).toEqual({
      filter: 1,
      session: 1,
    });
    // The engine reports the killed run's pending create (and keeps it) until the command its warning names.
    const pending = ((await runner.exportState()).deployment.pending_operations ?? []).length;
    expect(up.output.includes(`${pending} pending operations from previous deployment`)).toBe(pending > 0);
    if (pending > 0) await runner.ok(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
    const agreed = await expectMirrorAgrees(emulator.state(), runner);
    expect(adopted === "filter" ? agreed.filterId : agreed.sessionId).toBe(orphan);
    expectMarked(emulator, agreed.state, agreed);
    await expectUnmarkedOutputs(runner, agreed.state, agreed);

    await runner.ok(["preview", "--expect-no-changes"]);
    await runner.ok(["destroy", "--yes", "--skip-preview"]);
    await expectMirrorGone(emulator.state(), runner);
    return { resumed, pending };
  }

  it("1a. an up killed after CreateTrafficMirrorFilter committed: the next up on a fresh runner adopts the filter", async () => {
    const { resumed } = await killAndResume("CreateTrafficMirrorFilter", "filter");
    // The adopted filter already is as the program wants it: only the session is left to create.
    expect(resumed).toEqual(["CreateTrafficMirrorSession"]);
  });

  it("1b. an up killed after CreateTrafficMirrorSession committed: the next up on a fresh runner adopts the session", async () => {
    const { resumed } = await killAndResume("CreateTrafficMirrorSession", "session");
    expect(resumed).toEqual([]);
  });

  it("2. the same project, stack and resource names in another backend create their own filter and session", async () => {
    emulator = await startTestEmulator({ mirrorTransitionMs: 30 });
    const a = workspace("mirror-backend-a", "prod");
    const b = workspace("mirror-backend-b", "prod");
    await a.init();
    // Session priorities are unique per region, so b's session needs another; every name is the same.
    await b.init({ priority: "2" });
    await a.ok(UP);
    const idsA = await expectMirrorAgrees(emulator.state(), a);
    const cloudA = cloud(emulator);
    const stateA = await a.exportState();

    emulator.clearJournal();
    await b.ok(UP);
    expect(mutations(emulator)).toEqual(["CreateTrafficMirrorFilter", "CreateTrafficMirrorSession"]);
    const stateB = await b.exportState();
    expect(stateIdOf(stateB)).not.toBe(stateIdOf(stateA));
    const outB = await b.outputs();
    expect([outB.filterId, outB.sessionId]).not.toContain(idsA.filterId);
    expect([outB.filterId, outB.sessionId]).not.toContain(idsA.sessionId);
    expect(resourcesOfType(stateB, TRAFFIC_MIRROR_FILTER_TYPE)[0].urn).toBe(resourcesOfType(stateA, TRAFFIC_MIRROR_FILTER_TYPE)[0].urn);
    const both = cloud(emulator);
    expect(both.filters.map((f) => f.trafficMirrorFilterId).sort()).toEqual([idsA.filterId, outB.filterId].sort());
    expect(both.sessions.map((s) => s.trafficMirrorSessionId).sort()).toEqual([idsA.sessionId, outB.sessionId].sort());
    // Same names in the cloud, different markers (each stack's own state identity).
    expect(new Set(both.filters.map((f) => f.name))).toEqual(new Set(["web"]));
    expectMarked(emulator, stateB, { filterId: outB.filterId, sessionId: outB.sessionId });
    expectMarked(emulator, stateA, idsA);
    // a's filter and session are exactly as they were.
    expect(both.filters.find((f) => f.trafficMirrorFilterId === idsA.filterId)).toEqual(cloudA.filters[0]);
    expect(both.sessions.find((s) => s.trafficMirrorSessionId === idsA.sessionId)).toEqual(cloudA.sessions[0]);

    emulator.clearJournal();
    await b.ok(["destroy", "--yes", "--skip-preview"]);
    expect(mutations(emulator)).toEqual(["DeleteTrafficMirrorSession", "DeleteTrafficMirrorFilter"]);
    const deleted = emulator
      .journal()
      .filter((e) => /^Delete/.test(e.action ?? ""))
      .map((e) => e.params.TrafficMirrorSessionId ?? e.params.TrafficMirrorFilterId);
    expect(deleted).toEqual([outB.sessionId, outB.filterId]);
    expect(cloud(emulator)).toEqual(cloudA);
    await a.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
    await a.ok(["preview", "--expect-no-changes"]);
    expect(await expectMirrorAgrees(emulator.state(), a)).toMatchObject({ filterId: idsA.filterId, sessionId: idsA.sessionId });
  });

  it("3. up --replace of the filter and a region change: deleted session-first, created filter-first, no error", async () => {
    emulator = await startTestEmulator({ mirrorTransitionMs: 30 });
    const ws = workspace("mirror-replace");
    await ws.init();
    await ws.ok(UP);
    const first = await expectMirrorAgrees(emulator.state(), ws);
    const filterUrn = resourcesOfType(first.state, TRAFFIC_MIRROR_FILTER_TYPE)[0].urn;

    // docs/resources.md: the session that uses the filter is replaced with it (deleted before, created after).
    const preview = await ws.ok(["preview", "--replace", filterUrn]);
    expect(preview.stdout).toMatch(/\+-\s+pulumi-nodejs:dynamic\/vpc:TrafficMirrorFilter\s+web\s+replace/);
    expect(preview.stdout).toMatch(/\+-\s+pulumi-nodejs:dynamic\/vpc:TrafficMirrorSession\s+web\s+replace/);
    emulator.clearJournal();
    const replaced = await ws.ok([...UP, "--replace", filterUrn]);
    expect(replaced.stdout).not.toMatch(/adopted traffic mirror/);
    expect(mutations(emulator)).toEqual([
      "DeleteTrafficMirrorSession",
      "DeleteTrafficMirrorFilter",
      "CreateTrafficMirrorFilter",
      "CreateTrafficMirrorSession",
    ]);
    expect(emulator.journal().filter((e) => e.httpStatus !== 200)).toEqual([]);
    const second = await expectMirrorAgrees(emulator.state(), ws);
    expect(second.filterId).not.toBe(first.filterId);
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(cloud(emulator).sessions[0]!.filterId).toBe(second.filterId);
    // Deleted were the old ones; the new ones carry the same resources' markers.
    const deleted = emulator
      .journal()
      .filter((e) => /^Delete/.test(e.action ?? ""))
      .map((e) => e.params.TrafficMirrorSessionId ?? e.params.TrafficMirrorFilterId);
    expect(deleted).toEqual([first.sessionId, first.filterId]);
    expectMarked(emulator, second.state, second);
    await expectUnmarkedOutputs(ws, second.state, second);
    await ws.ok(["preview", "--expect-no-changes"]);

    // A region change replaces both, in the same order (and opens mirroring in the new region).
    await ws.ok(["config", "set", "region", "cn-shanghai"]);
    emulator.clearJournal();
    await ws.ok(UP);
    expect(mutations(emulator).filter((a) => a !== "OpenTrafficMirrorService")).toEqual([
      "DeleteTrafficMirrorSession",
      "DeleteTrafficMirrorFilter",
      "CreateTrafficMirrorFilter",
      "CreateTrafficMirrorSession",
    ]);
    expect(count(emulator, "OpenTrafficMirrorService")).toBe(1);
    expect(emulator.journal().filter((e) => e.httpStatus !== 200)).toEqual([]);
    const third = await expectMirrorAgrees(emulator.state(), ws);
    expect([third.filterId, third.sessionId]).not.toContain(second.filterId);
    expect(third.sessionId).not.toBe(second.sessionId);
    const { filters, sessions } = cloud(emulator);
    expect({ filter: filters[0]!.regionId, session: sessions[0]!.regionId, uses: sessions[0]!.filterId }).toEqual({
      filter: "cn-shanghai",
      session: "cn-shanghai",
      uses: third.filterId,
    });
    expectMarked(emulator, third.state, third);
    await ws.ok(["preview", "--expect-no-changes"]);
    await ws.ok(["destroy", "--yes", "--skip-preview"]);
    await expectMirrorGone(emulator.state(), ws);
  });

  it("4. replaceOnChanges on the session: a change it names replaces the session (delete first), others update it", async () => {
    emulator = await startTestEmulator({ mirrorTransitionMs: 30 });
    const ws = workspace("mirror-replace-on-changes");
    await ws.init();
    await ws.ok(["config", "set", "--path", "replaceOnChanges", '["priority"]']);
    await ws.ok(UP);
    const first = await expectMirrorAgrees(emulator.state(), ws);

    await ws.ok(["config", "set", "priority", "2"]);
    emulator.clearJournal();
    await ws.ok(UP);
    expect(mutations(emulator)).toEqual(["DeleteTrafficMirrorSession", "CreateTrafficMirrorSession"]);
    const second = await expectMirrorAgrees(emulator.state(), ws);
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(second.filterId).toBe(first.filterId);
    expect(cloud(emulator).sessions.map((x) => x.priority)).toEqual([2]);

    // A change the option does not name is still an update in place.
    await ws.ok(["config", "set", "--path", "sourceIds", '["eni-demohangzhou0002"]']);
    emulator.clearJournal();
    await ws.ok(UP);
    expect(mutations(emulator)).not.toContain("CreateTrafficMirrorSession");
    expect((await expectMirrorAgrees(emulator.state(), ws)).sessionId).toBe(second.sessionId);
    await ws.ok(["preview", "--expect-no-changes"]);
    await ws.ok(["destroy", "--yes", "--skip-preview"]);
    await expectMirrorGone(emulator.state(), ws);
  });
});
