/**
 * vpc.TrafficMirrorFilter's provider hooks driven directly (no engine) against an in-process
 * emulator: the journal shows each call (and its ClientToken), the emulator's state what the cloud
 * holds. A new emulator per test (`useEmulator`, see harness.ts), traffic mirroring opened in it.
 */
import * as filterProvider from "../../provider/vpc/trafficMirrorFilterProvider";
import { TRAFFIC_MIRROR_FILTER_TYPE, UNKNOWN } from "../../provider/schema";
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

const hooks = engineHooks(filterProvider);
const { check, create, delete: deleteFilter, diff, read, update } = hooks;
const { checked, up, change } = upSteps(hooks, (args) => r.args(args));

jest.setTimeout(30_000);

const t = useEmulator();
const vpc = (action: string, params: Record<string, unknown> = {}) => call(pop(t.emu.url, VPC), action, { RegionId: REGION, ...params });
const warnings = captureWarnings();
/** The resource of the running test: a new one (its own token) per test. */
let r: MarkedResource;
beforeEach(async () => {
  await vpc("OpenTrafficMirrorService");
  t.clear();
  r = markedResource(TRAFFIC_MIRROR_FILTER_TYPE);
});

const WEB = { priority: 1, protocol: "TCP", action: "accept", destinationPortRange: "80/443" };
const ICMP = { priority: 2, protocol: "ICMP", action: "drop", sourceCidrBlock: "10.0.0.0/8" };
const OUT = { priority: 1, protocol: "ALL", action: "accept" };
/** WEB, ICMP and OUT as the API reports them: every default filled. */
const full = (r: Record<string, unknown>) => ({
  sourceCidrBlock: "0.0.0.0/0",
  destinationCidrBlock: "0.0.0.0/0",
  sourcePortRange: "-1/-1",
  destinationPortRange: "-1/-1",
  ...r,
});

const cloudFilters = () => t.emu.state().trafficMirror.find((m) => m.regionId === REGION)?.filters ?? [];
const cloudRules = (id: string) =>
  cloudFilters()
    .find((f) => f.trafficMirrorFilterId === id)!
    .rules.map((r) => `${r.trafficDirection}/${r.priority}/${r.protocol}/${r.action}/${r.sourceCidrBlock}/${r.destinationPortRange}`)
    .sort();
const mutations = () => t.calls().filter((a) => a !== "ListTrafficMirrorFilters");

describe("vpc.TrafficMirrorFilter provider", () => {
  it("creates the filter with its rules inline in one call, waits until it is Created, and fills every default", async () => {
    const { id, outs } = await up({ name: "web", ingressRules: [ICMP, WEB], egressRules: [OUT] });
    expect(mutations()).toEqual(["CreateTrafficMirrorFilter"]);
    // Polled: the filter is Creating for the emulator's transition time.
    expect(t.entries("ListTrafficMirrorFilters").length).toBeGreaterThanOrEqual(2);
    const [createCall] = t.entries("CreateTrafficMirrorFilter");
    expect(businessParams(createCall!)).toMatchObject({
      RegionId: REGION,
      TrafficMirrorFilterName: "web",
      // The idempotency marker alone: the program sets no description.
      TrafficMirrorFilterDescription: `[pulumi:${r.token}]`,
      ClientToken: expect.stringMatching(/^pulumi-tmf-[0-9a-f]{32}$/),
      "IngressRules.1.Priority": "1",
      "IngressRules.1.Protocol": "TCP",
      "IngressRules.1.DestinationPortRange": "80/443",
      "IngressRules.2.Protocol": "ICMP",
      "IngressRules.2.SourcePortRange": "-1/-1",
      "EgressRules.1.Action": "accept",
    });
    expect(outs).toMatchObject({
      trafficMirrorFilterId: id,
      status: "Created",
      region: REGION,
      name: "web",
      ingressRules: [full(WEB), full(ICMP)],
      egressRules: [full(OUT)],
    });
    expect(outs.ingressRuleIds).toHaveLength(2);
    expect(cloudFilters().map((f) => [f.trafficMirrorFilterId, f.status])).toEqual([[id, "Created"]]);
    // A second `up` of the same program shows no change.
    expect(await diff(id, outs, await checked({ name: "web", ingressRules: [WEB, ICMP], egressRules: [OUT] }, outs))).toMatchObject({
      changes: false,
    });
  });

  it("updates rules in place: one delete, one create batch and one rule update, never a replacement", async () => {
    const { id, outs } = await up({ ingressRules: [WEB, ICMP], egressRules: [OUT] });
    const webId = outs.ingressRuleIds[0];
    t.clear();
    const next = { ...WEB, destinationPortRange: "443/443" };
    const added = { priority: 2, protocol: "UDP", action: "accept", sourcePortRange: "53/53" };
    const { diff: d, outs: after } = await change(id, outs, { name: "web2", ingressRules: [next], egressRules: [OUT, added] });
    expect(d).toMatchObject({ changes: true, replaces: [] });
    expect(mutations()).toEqual([
      "UpdateTrafficMirrorFilterAttribute",
      "DeleteTrafficMirrorFilterRules",
      "CreateTrafficMirrorFilterRules",
      "UpdateTrafficMirrorFilterRuleAttribute",
    ]);
    expect(businessParams(t.entries("DeleteTrafficMirrorFilterRules")[0]!)).toMatchObject({
      "TrafficMirrorFilterRuleIds.1": outs.ingressRuleIds[1],
    });
    expect(businessParams(t.entries("UpdateTrafficMirrorFilterRuleAttribute")[0]!)).toMatchObject({
      TrafficMirrorFilterRuleId: webId,
      DestinationPortRange: "443/443",
      RuleAction: "accept",
    });
    // Every mutating call carries a token of its own.
    const tokens = t.emu
      .journal()
      .filter((e) => e.action !== "ListTrafficMirrorFilters")
      .map((e) => e.params.ClientToken);
    expect(new Set(tokens).size).toBe(4);
    expect(after).toMatchObject({
      trafficMirrorFilterId: id,
      name: "web2",
      ingressRules: [full(next)],
      egressRules: [full(OUT), full(added)],
    });
    expect(after.ingressRuleIds).toEqual([webId]);
    expect(cloudRules(id)).toEqual([
      "egress/1/ALL/accept/0.0.0.0/0/-1/-1",
      "egress/2/UDP/accept/0.0.0.0/0/-1/-1",
      "ingress/1/TCP/accept/0.0.0.0/0/443/443",
    ]);
    expect(cloudFilters()[0]).toMatchObject({ trafficMirrorFilterId: id, name: "web2" });
  });

  it("reads rule drift made out of band, and the next update puts the rules back in place", async () => {
    const { id, outs } = await up({ ingressRules: [WEB] });
    await vpc("CreateTrafficMirrorFilterRules", {
      TrafficMirrorFilterId: id,
      IngressRules: [{ Priority: 5, Protocol: "ALL", Action: "drop" }],
    });
    await vpc("UpdateTrafficMirrorFilterRuleAttribute", { TrafficMirrorFilterRuleId: outs.ingressRuleIds[0], RuleAction: "drop" });
    t.clear();
    // The listing shows the rules while they are still Creating / Modifying: read reports what is there.
    const seen = await read(id, outs);
    expect(t.calls()).toEqual(["ListTrafficMirrorFilters"]);
    expect(seen.props!.ingressRules).toEqual([full({ ...WEB, action: "drop" }), full({ priority: 5, protocol: "ALL", action: "drop" })]);
    expect(seen.inputs).toMatchObject({ region: REGION, ingressRules: seen.props!.ingressRules, egressRules: [] });

    const { diff: d, outs: after } = await change(id, seen.props!, { ingressRules: [WEB] });
    expect(d).toMatchObject({ changes: true, replaces: [] });
    expect(mutations()).toEqual(["DeleteTrafficMirrorFilterRules", "UpdateTrafficMirrorFilterRuleAttribute"]);
    expect(after.ingressRules).toEqual([full(WEB)]);
    expect(cloudRules(id)).toEqual(["ingress/1/TCP/accept/0.0.0.0/0/80/443"]);
  });

  it("reads a filter deleted out of band as gone; delete waits until the filter is gone", async () => {
    const first = await up({ egressRules: [OUT] });
    await vpc("DeleteTrafficMirrorFilter", { TrafficMirrorFilterId: first.id });
    await new Promise((r) => setTimeout(r, 400));
    expect(await read(first.id, first.outs)).toEqual({ id: "", props: undefined });

    const { id, outs } = await up({ egressRules: [OUT] });
    t.clear();
    await deleteFilter(id, outs);
    // The process that created it knows its marker (the token index holds what it wrote): the delete, then
    // the listing until the filter is gone. (A later process looks at the marker first: the idempotency tests.)
    expect(t.calls()[0]).toBe("DeleteTrafficMirrorFilter");
    expect(t.entries("ListTrafficMirrorFilters").length).toBeGreaterThanOrEqual(1);
    expect(cloudFilters()).toEqual([]);
    // Deleting again (state older than the cloud) is not an error.
    await deleteFilter(id, outs);
  });

  it("retries an ambiguous create with the same ClientToken: one filter, one token in the journal", async () => {
    t.emu.injectFault({ action: "CreateTrafficMirrorFilter", kind: "commit-drop", count: 1 });
    const { id } = await up({ ingressRules: [WEB] });
    const creates = t.entries("CreateTrafficMirrorFilter");
    expect(creates.length).toBeGreaterThanOrEqual(2);
    // The first one committed and got no answer; the retries were answered from the token (a replay).
    expect(creates[0]).toMatchObject({ httpStatus: null, fault: { kind: "commit-drop" } });
    expect(creates[creates.length - 1]).toMatchObject({ httpStatus: 200 });
    expect(new Set(creates.map((e) => e.params.ClientToken)).size).toBe(1);
    expect(cloudFilters().map((f) => f.trafficMirrorFilterId)).toEqual([id]);
  });

  it("region change replaces; check validates at preview with no API call and tolerates unknowns", async () => {
    const outs = { region: REGION, ingressRules: [full(WEB)], egressRules: [], trafficMirrorFilterId: "tmf-x", status: "Created" };
    expect(await diff("tmf-x", outs, await checked({ region: "cn-shanghai", ingressRules: [WEB] }))).toMatchObject({
      replaces: ["region"],
    });
    expect(await diff("tmf-x", outs, await checked({ ingressRules: [WEB, UNKNOWN] }))).toMatchObject({ changes: true, replaces: [] });
    expect(await diff("tmf-x", outs, await checked({ ingressRules: [{ ...WEB, sourceCidrBlock: UNKNOWN }] }))).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(await diff("tmf-x", outs, await checked({ ingressRules: UNKNOWN }))).toMatchObject({ changes: true });
    // The `replaceOnChanges` resource option, handed over by the class, turns a named change into a replacement.
    const renamed = { name: "other", ingressRules: [WEB] };
    expect(await diff("tmf-x", outs, await checked({ ...renamed, __replaceOnChanges: ["name"] }))).toMatchObject({ replaces: ["name"] });
    expect(await diff("tmf-x", outs, await checked({ ...renamed, __replaceOnChanges: ["egressRules"] }))).toMatchObject({
      changes: true,
      replaces: [],
    });

    const reasons = async (args: Record<string, unknown>) => (await check({}, args)).failures!.map((f) => f.reason);
    expect(await reasons({ ingressRules: [{ ...WEB, priority: 11 }] })).toEqual([
      "ingressRules[0].priority: 11 is invalid: must be an integer from 1 to 10 (1 is matched first)",
    ]);
    expect(await reasons({ ingressRules: [WEB, { ...ICMP, priority: 1 }] })).toEqual([
      "ingressRules[1].priority: 1 is invalid: is already the priority of rule [0]: priorities are unique within a direction",
    ]);
    expect(await reasons({ egressRules: [{ ...WEB, sourceCidrBlock: "10.0.0.0/33" }] })).toEqual([
      'egressRules[0].sourceCidrBlock: "10.0.0.0/33" is invalid: ' +
        'must be an IPv4 CIDR block such as "10.0.0.0/24" (0.0.0.0/0: every address)',
    ]);
    expect((await reasons({ ingressRules: [{ ...WEB, destinationPortRange: "443/80" }] }))[0]).toMatch(
      /^ingressRules\[0\]\.destinationPortRange: "443\/80" is invalid: must be a port range "start\/end"/,
    );
    expect(await reasons({ ingressRules: [{ ...ICMP, destinationPortRange: "80/80" }] })).toEqual([
      'ingressRules[0].destinationPortRange: "80/80" is invalid: applies only to TCP and UDP rules; leave it out for protocol ICMP',
    ]);
    expect(await reasons({ ingressRules: [{ ...WEB, protocol: "SCTP" }] })).toEqual([
      'ingressRules[0].protocol: "SCTP" is invalid: must be one of "ALL", "ICMP", "TCP", "UDP"',
    ]);
    expect(await reasons({ name: "https://x" })).toHaveLength(1);
    expect(await reasons({ ingressRule: [] })).toEqual([expect.stringContaining('did you mean "ingressRules"?')]);
    // Unknown members are left to `up`.
    expect(await reasons({ ingressRules: [{ ...WEB, priority: UNKNOWN, destinationPortRange: UNKNOWN }] })).toEqual([]);
    expect(t.emu.journal()).toEqual([]);
  });

  it("says which resource is missing when traffic mirroring is not opened in the region", async () => {
    await t.emu.disableTrafficMirror(REGION);
    await expect(up({ ingressRules: [WEB] })).rejects.toThrow(
      `CreateTrafficMirrorFilter failed: traffic mirroring is not opened in ${REGION}: add a vpc.TrafficMirrorService for ${REGION}`,
    );
    expect(t.entries("CreateTrafficMirrorFilter")).toHaveLength(1);
  });

  describe("idempotency marker", () => {
    /** The listings creates take (ListTrafficMirrorFilters without ids), not the lookups and polls by id. */
    const regionListings = () => t.entries("ListTrafficMirrorFilters").filter((e) => e.params["TrafficMirrorFilterIds.1"] === undefined);
    /** A filter made beside the provider: the console, another stack, or an interrupted create (description with the marker). */
    const makeFilter = async (params: Record<string, unknown>) =>
      String((await vpc("CreateTrafficMirrorFilter", params)).TrafficMirrorFilterId);
    const settle = () => new Promise((res) => setTimeout(res, 400));

    it("writes the marker after the description and shows the description without it; user descriptions keep 230 characters", async () => {
      const { id, outs } = await up({ description: "web filter", ingressRules: [WEB] });
      expect(cloudFilters().find((f) => f.trafficMirrorFilterId === id)!.description).toBe(withMarker("web filter", r.token));
      expect(outs).toMatchObject({ description: "web filter", __token: r.token });
      expect((await read(id, outs)).props).toMatchObject({ description: "web filter" });
      // A changed description keeps the marker.
      const { outs: after } = await change(id, outs, { description: "edge", ingressRules: [WEB] });
      expect(after.description).toBe("edge");
      expect(cloudFilters()[0]!.description).toBe(withMarker("edge", r.token));
      const reasons = async (description: string) => (await check({}, { description })).failures!.map((f) => f.reason);
      expect(await reasons("x".repeat(230))).toEqual([]);
      expect(await reasons("x".repeat(231))).toEqual([expect.stringContaining("must be a string of 1 to 230 characters")]);
    });

    it("adopts the filter an interrupted create left (it carries the token): no Create call, brought to the program", async () => {
      // What a create killed after CreateTrafficMirrorFilter committed leaves: the filter, with the marker, unknown to the state.
      const existing = await makeFilter({
        TrafficMirrorFilterDescription: withMarker("old", r.token),
        IngressRules: [{ Priority: 3, Protocol: "ALL", Action: "drop" }],
      });
      const other = await makeFilter({ TrafficMirrorFilterName: "unrelated" });
      t.clear();
      const { id, outs } = await up({ name: "web", description: "web filter", ingressRules: [WEB], egressRules: [OUT] });
      expect(id).toBe(existing);
      expect(t.entries("CreateTrafficMirrorFilter")).toHaveLength(0);
      expect(regionListings()).toHaveLength(1);
      expect(warnings.join("\n")).toContain(`adopted traffic mirror filter ${existing} instead of creating another`);
      expect(outs).toMatchObject({
        trafficMirrorFilterId: existing,
        name: "web",
        description: "web filter",
        ingressRules: [full(WEB)],
        egressRules: [full(OUT)],
        __token: r.token,
      });
      expect(
        cloudFilters()
          .map((f) => f.trafficMirrorFilterId)
          .sort(),
      ).toEqual([existing, other].sort());
      expect(cloudFilters().find((f) => f.trafficMirrorFilterId === existing)).toMatchObject({
        name: "web",
        description: withMarker("web filter", r.token),
      });
      expect(cloudRules(existing)).toEqual(["egress/1/ALL/accept/0.0.0.0/0/-1/-1", "ingress/1/TCP/accept/0.0.0.0/0/80/443"]);
    });

    it("stops when two filters carry its token, naming both, and creates nothing", async () => {
      const first = await makeFilter({ TrafficMirrorFilterDescription: withMarker(undefined, r.token) });
      const second = await makeFilter({ TrafficMirrorFilterDescription: withMarker("x", r.token) });
      t.clear();
      const e = await up({ ingressRules: [WEB] }).then(
        () => undefined,
        (err: Error) => err,
      );
      expect(e?.message).toContain(`2 traffic mirror filters in ${REGION} carry this resource's idempotency marker [pulumi:${r.token}]`);
      expect(e?.message).toContain(first);
      expect(e?.message).toContain(second);
      expect(t.entries("CreateTrafficMirrorFilter")).toHaveLength(0);
      expect(cloudFilters()).toHaveLength(2);
    });

    it("never adopts another stack's same-named filter (another token): creates its own and leaves that one alone", async () => {
      const theirs = await makeFilter({
        TrafficMirrorFilterName: "web",
        TrafficMirrorFilterDescription: withMarker("web filter", foreignToken(TRAFFIC_MIRROR_FILTER_TYPE, r.name)),
      });
      await settle();
      const before = cloudFilters().find((f) => f.trafficMirrorFilterId === theirs)!;
      t.clear();
      const { id } = await up({ name: "web", description: "web filter", ingressRules: [WEB] });
      expect(id).not.toBe(theirs);
      expect(t.entries("CreateTrafficMirrorFilter")).toHaveLength(1);
      expect(cloudFilters().find((f) => f.trafficMirrorFilterId === id)!.description).toBe(withMarker("web filter", r.token));
      expect(cloudFilters().find((f) => f.trafficMirrorFilterId === theirs)).toEqual(before);
      expect(warnings.join("\n")).not.toContain("adopted");
    });

    it("lists the region once per process for all its creates, every page (NextToken)", async () => {
      // 101 filters of others: two pages of 100; the one an interrupted create left is on the second.
      for (let i = 0; i < 100; i++) await makeFilter({ TrafficMirrorFilterName: `other-${i}` });
      const existing = await makeFilter({ TrafficMirrorFilterDescription: withMarker(undefined, r.token) });
      t.clear();
      const second = markedResource(TRAFFIC_MIRROR_FILTER_TYPE);
      const [adopted, made] = await Promise.all([
        up({ ingressRules: [WEB] }),
        check({}, second.args({ ingressRules: [OUT] })).then(({ inputs }) => create(inputs!)),
      ]);
      expect(adopted.id).toBe(existing);
      expect(t.entries("CreateTrafficMirrorFilter")).toHaveLength(1);
      expect(cloudFilters().find((f) => f.trafficMirrorFilterId === made.id)!.description).toBe(withMarker(undefined, second.token));
      const listings = regionListings();
      expect(listings.map((e) => [e.params.MaxResults, e.params.NextToken !== undefined])).toEqual([
        ["100", false],
        ["100", true],
      ]);
    });

    it("adoptId takes over a filter made in the console (only the marker written) and refuses another stack's, or one not there", async () => {
      const made = await makeFilter({
        TrafficMirrorFilterName: "console",
        TrafficMirrorFilterDescription: "made by hand",
        "IngressRules.1.Priority": 1,
        "IngressRules.1.Protocol": "ALL",
        "IngressRules.1.Action": "accept",
      });
      await settle();
      t.clear();
      const { id, outs } = await up({ adoptId: made });
      expect(id).toBe(made);
      expect(mutations()).toEqual(["UpdateTrafficMirrorFilterAttribute"]);
      expect(businessParams(t.entries("UpdateTrafficMirrorFilterAttribute")[0]!)).toMatchObject({
        TrafficMirrorFilterId: made,
        TrafficMirrorFilterDescription: withMarker("made by hand", r.token),
      });
      // Recorded as it is: the next preview shows what differs from the program (the rule it has, the program's none).
      expect(outs).toMatchObject({
        adoptId: made,
        name: "console",
        description: "made by hand",
        ingressRules: [full({ priority: 1, protocol: "ALL", action: "accept" })],
      });
      expect((await diff(id, outs, await checked({ adoptId: made }, outs))).changes).toBe(true);
      const other = await makeFilter({ TrafficMirrorFilterDescription: withMarker(undefined, foreignToken(TRAFFIC_MIRROR_FILTER_TYPE)) });
      await settle();
      await expect(up({ adoptId: other })).rejects.toThrow(
        /adoptId: traffic mirror filter .* is managed by another Pulumi stack or resource/,
      );
      await expect(up({ adoptId: "tmf-doesnotexist0000" })).rejects.toThrow(
        /adoptId: traffic mirror filter tmf-doesnotexist0000 does not exist in cn-hangzhou/,
      );
      expect((await check({}, r.args({ adoptId: "fl-123456" }))).failures![0]!.reason).toBe(
        'adoptId: "fl-123456" is invalid: must be the id of an existing traffic mirror filter, such as "tmf-[a-z0-9]{6,32}"',
      );
    });

    it("refuses to update, and does not delete, a filter that now carries another resource's marker", async () => {
      const { id, outs } = await up({ ingressRules: [WEB] });
      await settle();
      const theirs = foreignToken(TRAFFIC_MIRROR_FILTER_TYPE, r.name);
      await vpc("UpdateTrafficMirrorFilterAttribute", {
        TrafficMirrorFilterId: id,
        TrafficMirrorFilterDescription: withMarker("adopted", theirs),
      });
      await settle();
      t.clear();
      // Without a refresh: update looks at the filter first and stops before any change.
      await expect(change(id, outs, { name: "mine", ingressRules: [OUT] })).rejects.toThrow(
        `traffic mirror filter ${id} now carries another resource's marker [pulumi:${theirs}]`,
      );
      expect(mutations()).toEqual([]);
      // A refresh flags it; update then refuses with no call at all.
      const seen = await read(id, outs);
      expect(seen.props).toMatchObject({ __ownedElsewhere: theirs, description: "adopted" });
      expect(warnings.join("\n")).toContain(`traffic mirror filter ${id} now carries another resource's marker [pulumi:${theirs}]`);
      t.clear();
      await expect(update(id, seen.props!, await checked({ ingressRules: [OUT] }, seen.props!))).rejects.toThrow(
        "another stack has adopted it",
      );
      expect(t.calls()).toEqual([]);
      // Delete leaves it in the cloud, with a warning, from the refreshed state and from the stale one alike.
      await deleteFilter(id, seen.props!);
      await deleteFilter(id, outs);
      expect(t.entries("DeleteTrafficMirrorFilter")).toHaveLength(0);
      expect(warnings.join("\n")).toContain(`traffic mirror filter ${id} was not deleted`);
      expect(cloudFilters().map((f) => [f.trafficMirrorFilterId, f.description])).toEqual([[id, withMarker("adopted", theirs)]]);
    });
  });
});
