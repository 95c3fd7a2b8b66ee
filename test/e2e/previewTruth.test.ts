/**
 * A preview that tells the truth, for the cases a pull-request reviewer met (issue: a preview showing a
 * replacement `up` never does, or passing where `up` then fails), through the real engine against the
 * embedded emulator (test/programs/declared, resources declared by stack config):
 *
 * - a rule-only edit of a filter, and the preview after a refresh that saw rule drift: the filter is
 *   updated, its session stays the same (its `filterId` is the filter's resource id, known through an
 *   in-place update), in the preview as in the `up`;
 * - a session moved to a filter the same `up` creates: an update in the preview and in the `up`;
 * - `up --replace` of a filter a session uses: the session is replaced with it (deleted first, since
 *   the API will not delete a filter in use), in the preview as in the `up`;
 * - two sessions with one priority in a region: stopped at preview, with 0 API calls, in one message
 *   naming both and the region (the same at `up`, before any call).
 *
 * Every preview makes 0 API calls; the journal of every `up` shows the calls its plan implies.
 */
import { Workspace, resourcesOfType } from "../support/pulumi";
import { Emulator, actions, outOfBand, providerEnv, startTestEmulator } from "../support/emulatorEnv";
import { previewPlan, upApplied } from "../support/plan";
import { TRAFFIC_MIRROR_FILTER_TYPE, TRAFFIC_MIRROR_SESSION_TYPE } from "../../provider/schema";

jest.setTimeout(300_000);

const REGION = "cn-hangzhou";
const mutations = (emulator: Emulator) => actions(emulator).filter((a) => !/^(List|Get|Describe)/.test(a));

const rule = (priority: number, ports: string) => ({ priority, protocol: "TCP", action: "accept", destinationPortRange: ports });
const filterArgs = (ports = "443/443") => ({ region: REGION, name: "web", ingressRules: [rule(1, ports)] });
const sessionArgs = (filter: string, priority = 1, source = "eni-demohangzhou0001") => ({
  region: REGION,
  sourceIds: [source],
  targetId: "eni-demohangzhou0006",
  filterId: { $ref: `${filter}.trafficMirrorFilterId` },
  priority,
});
const mirroring = (resources: Record<string, { class: string; args: object; options?: object }>) => ({
  mirror: { class: "vpc.TrafficMirrorService", args: { region: REGION } },
  ...Object.fromEntries(Object.entries(resources).map(([name, r]) => [name, { ...r, options: { dependsOn: ["mirror"], ...r.options } }])),
});
const filter = (ports?: string) => ({ class: "vpc.TrafficMirrorFilter", args: filterArgs(ports) });
const session = (filterName: string, priority?: number, source?: string) => ({
  class: "vpc.TrafficMirrorSession",
  args: sessionArgs(filterName, priority, source),
});

describe("preview tells the truth: plan == apply for traffic mirroring", () => {
  let emulator: Emulator;
  let ws: Workspace;
  const declare = (resources: object) => ws.ok(["config", "set", "resources", JSON.stringify(resources)]);
  const ids = async () => {
    const state = await ws.exportState();
    const idOf = (type: string) => Object.fromEntries(resourcesOfType(state, type).map((r: any) => [r.urn.split("::").pop(), r.id]));
    return { filters: idOf(TRAFFIC_MIRROR_FILTER_TYPE), sessions: idOf(TRAFFIC_MIRROR_SESSION_TYPE) };
  };
  /** preview (0 calls) then up: the plan, what up did, and the mutations it made. */
  async function planThenApply(args: string[] = []) {
    emulator.clearJournal();
    const { plan, run } = await previewPlan(ws, args);
    expect(actions(emulator)).toEqual([]);
    const { applied } = await upApplied(ws, args);
    expect(applied).toEqual(plan);
    return { plan, mutations: mutations(emulator), previewText: run.stdout };
  }

  beforeAll(async () => {
    emulator = await startTestEmulator({ mirrorTransitionMs: 20 });
    ws = new Workspace("preview-truth", { from: "test/programs/declared", env: providerEnv(emulator, REGION) });
    await ws.init();
  });
  afterAll(async () => {
    await emulator?.close();
    ws?.cleanup();
  });

  it("a rule-only edit of a filter updates the filter; its session stays the same, in the preview as in the up", async () => {
    await declare(mirroring({ web: filter(), "web-session": session("web") }));
    await ws.ok(["up", "--yes", "--skip-preview"]);
    const before = await ids();

    await declare(mirroring({ web: filter("80/80"), "web-session": session("web") }));
    const text = await ws.ok(["preview", "--diff"]);
    // The lines a reviewer reads: the filter updated, nothing replaced (before: `+- TrafficMirrorSession: (replace)`
    // with `~ filterId: "tmf-..." => [unknown]`, and `+-1 to replace`).
    expect(text.stdout).toMatch(/~ pulumi-nodejs:dynamic\/vpc:TrafficMirrorFilter: \(update\)/);
    expect(text.stdout).not.toMatch(/TrafficMirrorSession: \((update|replace)\)|filterId|\+-/);
    expect(text.stdout).toMatch(/Resources:\n\s+~ 1 to update\n/);

    const { plan, mutations: made } = await planThenApply();
    expect(plan).toMatchObject({ web: "update", "web-session": "same", mirror: "same" });
    expect(made).toEqual(["UpdateTrafficMirrorFilterRuleAttribute"]);
    expect(await ids()).toEqual(before);
  });

  it("the preview after a refresh that saw rule drift: the filter is updated back, the session stays the same", async () => {
    const { filters } = await ids();
    const listed = await outOfBand(emulator, "vpc")("ListTrafficMirrorFilters", {
      RegionId: REGION,
      "TrafficMirrorFilterIds.1": filters.web,
    });
    const ruleId = listed.TrafficMirrorFilters[0].IngressRules[0].TrafficMirrorFilterRuleId;
    await outOfBand(emulator, "vpc")("UpdateTrafficMirrorFilterRuleAttribute", {
      RegionId: REGION,
      TrafficMirrorFilterRuleId: ruleId,
      DestinationPortRange: "22/22",
    });
    await ws.ok(["refresh", "--yes", "--skip-preview"]);
    const { plan, mutations: made } = await planThenApply();
    expect(plan).toMatchObject({ web: "update", "web-session": "same" });
    expect(made).toEqual(["UpdateTrafficMirrorFilterRuleAttribute"]);
  });

  it("a session moved to a filter the same up creates: an update in the preview and in the up", async () => {
    const before = await ids();
    await declare(mirroring({ web: filter("80/80"), other: filter("8080/8080"), "web-session": session("other") }));
    const { plan, mutations: made } = await planThenApply();
    expect(plan).toMatchObject({ web: "same", other: "create", "web-session": "update" });
    expect(made).toEqual(["CreateTrafficMirrorFilter", "UpdateTrafficMirrorSessionAttribute"]);
    expect((await ids()).sessions).toEqual(before.sessions);
  });

  it("up --replace of a filter a session uses replaces the session with it, deleted first, in the preview as in the up", async () => {
    const before = await ids();
    const state = await ws.exportState();
    const urn = resourcesOfType(state, TRAFFIC_MIRROR_FILTER_TYPE).find((r: any) => r.urn.endsWith("::other")).urn;
    const { plan, mutations: made } = await planThenApply(["--replace", urn]);
    expect(plan).toMatchObject({ other: "replace (delete first)", "web-session": "replace (delete first)", web: "same" });
    expect(made).toEqual([
      "DeleteTrafficMirrorSession",
      "DeleteTrafficMirrorFilter",
      "CreateTrafficMirrorFilter",
      "CreateTrafficMirrorSession",
    ]);
    const after = await ids();
    expect(after.filters.web).toBe(before.filters.web);
    expect(after.filters.other).not.toBe(before.filters.other);
    expect(after.sessions["web-session"]).not.toBe(before.sessions["web-session"]);
  });

  it("two sessions with one priority in a region stop the preview with 0 API calls, naming both and the region", async () => {
    await declare(
      mirroring({
        web: filter("80/80"),
        other: filter("8080/8080"),
        "web-session": session("other"),
        second: session("web", 1, "eni-demohangzhou0002"),
      }),
    );
    emulator.clearJournal();
    const preview = await ws.pulumi(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(actions(emulator)).toEqual([]);
    const problem =
      /TrafficMirrorSession resource '(second|web-session)' has a problem: priority: 1 is invalid: is also the priority of vpc\.TrafficMirrorSession "(second|web-session)" in cn-hangzhou: priorities are unique in a region/;
    expect(preview.output).toMatch(problem);
    const [, reported, named] = problem.exec(preview.output)!;
    expect(new Set([reported, named])).toEqual(new Set(["second", "web-session"]));
    // `up` stops on the same message. Which session is checked second depends on registration order: when it is
    // the existing one, the new one may have been sent first, and the API refused it (DuplicatedParam.Priority).
    const before = await ids();
    const up = await ws.pulumi(["up", "--yes", "--skip-preview"]);
    expect(up.code).not.toBe(0);
    expect(up.output).toMatch(problem);
    const sessions = emulator.state().trafficMirror.flatMap((r) => r.sessions ?? []);
    expect(sessions.map((s) => s.trafficMirrorSessionId)).toEqual([before.sessions["web-session"]]);
  });
});
