import * as schema from "pulumi-alicloud-traffic/dist/provider/schema";
import {
  MIRROR_SESSION_ALLOWED_TARGETS,
  checkPackConfig,
  trafficMirrorSessionAllowedTargetsConfigProblems as configProblems,
  trafficMirrorSessionAllowedTargetsPolicy as policy,
} from "../policies";
import { drainUnseen } from "../policies/runState";
import { SECRET, UNKNOWN, bridgedSession, flowLog, trafficMirrorSession } from "./fixtures";
import { CLEAN, resourceRunner, runResourcePolicy, uncheckedNotes } from "./harness";

const ENI = { targetId: "eni-j6c8znm5l1yt4sox3h0f", targetType: "NetworkInterface" };
const { run, violations } = resourceRunner(policy, trafficMirrorSession);

describe("#mirror-session-allowed-targets", () => {
  it("has its public name, a mandatory default level and a 'Checks that' description", () => {
    expect(policy.name).toBe(MIRROR_SESSION_ALLOWED_TARGETS);
    expect(policy.name).toBe("mirror-session-allowed-targets");
    expect(policy.enforcementLevel).toBe("mandatory");
    expect(policy.description).toMatch(/^Checks that /);
    expect(policy.configSchema?.properties.allowedTargetTypes).toMatchObject({
      default: ["NetworkInterface", "SLB"],
      items: { enum: [...schema.TARGET_TYPES] },
      minItems: 1,
    });
  });

  it("#1 passes the compliant baseline (an SLB target) and an ENI target under the default config", async () => {
    expect(await run({})).toEqual(CLEAN);
    expect(await run(ENI)).toEqual(CLEAN);
  });

  it("does not apply to other resource types", async () => {
    expect((await runResourcePolicy(policy, flowLog())).notApplicable).toEqual([
      "Policy only applies to resources of type 'pulumi-nodejs:dynamic/vpc:TrafficMirrorSession', 'alicloud:vpc/trafficMirrorSession:TrafficMirrorSession'",
    ]);
  });

  it('#2 fails an ENI target under allowedTargetTypes ["SLB"], naming the target', async () => {
    expect(await violations(ENI, { allowedTargetTypes: ["SLB"] })).toEqual([
      'vpc.TrafficMirrorSession "tap": target type "NetworkInterface" (targetId "eni-j6c8znm5l1yt4sox3h0f") is not allowed: ' +
        'mirror to one of "SLB" (policy config allowedTargetTypes)',
    ]);
    expect(await violations({}, { allowedTargetTypes: ["SLB"] })).toEqual([]);
  });

  it("judges the type targetId implies when targetType is not set", async () => {
    const config = { allowedTargetTypes: ["NetworkInterface"] };
    expect(await violations({ targetType: undefined }, config)).toEqual([
      'vpc.TrafficMirrorSession "tap": target type "SLB" (targetId "lb-bp1o94dp5i6earr9g6d1l") is not allowed: ' +
        'mirror to one of "NetworkInterface" (policy config allowedTargetTypes)',
    ]);
    expect(await violations({ targetId: ENI.targetId, targetType: undefined }, config)).toEqual([]);
  });

  it('skips unknown values during preview: no violation and no "can\'t run"', async () => {
    const config = { allowedTargetTypes: ["SLB"] };
    expect(await run({ ...ENI, targetType: UNKNOWN }, config)).toEqual(CLEAN);
    expect(await run({ targetType: undefined, targetId: UNKNOWN }, config)).toEqual(CLEAN);
  });

  it("judges a known targetType whose targetId is not known yet", async () => {
    expect(await violations({ ...ENI, targetId: UNKNOWN }, { allowedTargetTypes: ["SLB"] })).toEqual([
      'vpc.TrafficMirrorSession "tap": target type "NetworkInterface" is not allowed: ' +
        'mirror to one of "SLB" (policy config allowedTargetTypes)',
    ]);
  });

  it("leaves a target type the API does not know, or a target id that implies none, to the provider's check", async () => {
    const config = { allowedTargetTypes: ["SLB"] };
    expect(await violations({ ...ENI, targetType: "Instance" }, config)).toEqual([]);
    expect(await violations({ targetType: undefined, targetId: "i-123" }, config)).toEqual([]);
  });

  it("reports an empty allowedTargetTypes as a config problem, at configure time and when run", async () => {
    const problem = "policy config of mirror-session-allowed-targets: allowedTargetTypes is empty";
    expect(configProblems({ allowedTargetTypes: [] })).toEqual([problem]);
    expect(configProblems({})).toEqual([]);
    expect(checkPackConfig({ [MIRROR_SESSION_ALLOWED_TARGETS]: { allowedTargetTypes: [] } }).errors).toEqual([problem]);
    await expect(run({}, { allowedTargetTypes: [] })).rejects.toThrow(problem);
  });

  describe("the bridged alicloud.vpc.TrafficMirrorSession (trafficMirrorTargetType / trafficMirrorTargetId)", () => {
    beforeEach(() => drainUnseen());

    it("passes an SLB target", async () => {
      expect(await runResourcePolicy(policy, bridgedSession(), { allowedTargetTypes: ["SLB"] })).toEqual(CLEAN);
    });

    it("fails a target type the org does not allow, by the bridged prop names", async () => {
      const r = bridgedSession("tap", { trafficMirrorTargetType: "NetworkInterface", trafficMirrorTargetId: "eni-j6c8znm5l1yt4sox3h0f" });
      expect((await runResourcePolicy(policy, r, { allowedTargetTypes: ["SLB"] })).violations).toEqual([
        'alicloud.vpc.TrafficMirrorSession "tap": target type "NetworkInterface" (trafficMirrorTargetId "eni-j6c8znm5l1yt4sox3h0f") ' +
          'is not allowed: mirror to one of "SLB" (policy config allowedTargetTypes)',
      ]);
    });

    it("never fails a redacted or unknown target type, and notes it", async () => {
      await runResourcePolicy(policy, bridgedSession("a", { trafficMirrorTargetType: SECRET }), { allowedTargetTypes: ["SLB"] });
      await runResourcePolicy(policy, bridgedSession("b", { trafficMirrorTargetType: UNKNOWN }), { allowedTargetTypes: ["SLB"] });
      expect(uncheckedNotes(drainUnseen)).toEqual([
        'alicloud.vpc.TrafficMirrorSession "a" trafficMirrorTargetType (secret): mirror-session-allowed-targets',
        'alicloud.vpc.TrafficMirrorSession "b" trafficMirrorTargetType (unknown): mirror-session-allowed-targets',
      ]);
    });
  });
});
