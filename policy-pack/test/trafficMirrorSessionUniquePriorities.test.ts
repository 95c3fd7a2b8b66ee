import { MIRROR_SESSION_UNIQUE_PRIORITIES, trafficMirrorSessionUniquePrioritiesPolicy as policy } from "../policies";
import { drainUnseen } from "../policies/runState";
import { SECRET, bridgedSession, otherResource, trafficMirrorSession } from "./fixtures";
import { CLEAN, runStackPolicy, uncheckedNotes, urnOf } from "./harness";

describe("#mirror-session-unique-priorities", () => {
  beforeEach(() => drainUnseen());

  it("is a stack policy with its public name, a mandatory default level and a 'Checks that' description", () => {
    expect(policy.name).toBe(MIRROR_SESSION_UNIQUE_PRIORITIES);
    expect(policy.name).toBe("mirror-session-unique-priorities");
    expect(policy.enforcementLevel).toBe("mandatory");
    expect(policy.description).toMatch(/^Checks that /);
  });

  it("is not applicable to a stack without sessions", async () => {
    expect((await runStackPolicy(policy, [otherResource()])).notApplicable).toEqual([
      "Policy only applies to resources of type 'pulumi-nodejs:dynamic/vpc:TrafficMirrorSession', 'alicloud:vpc/trafficMirrorSession:TrafficMirrorSession'",
    ]);
  });

  it("#1 passes distinct priorities, and the same priority in another region", async () => {
    const stack = [
      trafficMirrorSession("a"),
      trafficMirrorSession("b", { priority: 2 }),
      trafficMirrorSession("c", { region: "cn-shanghai" }),
    ];
    expect(await runStackPolicy(policy, stack)).toEqual(CLEAN);
  });

  it("#2 fails a priority used twice in a region, ours and bridged, on the later URN", async () => {
    const ours = trafficMirrorSession("ours");
    const out = await runStackPolicy(policy, [ours, bridgedSession("bridged")]);
    expect(out.violations).toEqual([
      'vpc.TrafficMirrorSession "ours": priority 1 is already used in cn-hangzhou by alicloud.vpc.TrafficMirrorSession "bridged": ' +
        "the API takes one session per priority in a region, so creating this one fails: give each session in a region its own priority",
    ]);
    expect(out.urns).toEqual([urnOf(ours)]);
  });

  it("never fails a redacted priority, and notes it", async () => {
    expect((await runStackPolicy(policy, [bridgedSession("a", { priority: SECRET }), bridgedSession("b")])).violations).toEqual([]);
    expect(uncheckedNotes(drainUnseen)).toEqual([
      'alicloud.vpc.TrafficMirrorSession "a" priority (secret): mirror-session-unique-priorities',
    ]);
  });
});
