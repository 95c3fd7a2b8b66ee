import { MIRROR_SESSION_SERVICE_IN_STACK, trafficMirrorSessionServiceInStackPolicy as policy } from "../policies";
import {
  UNKNOWN,
  bridgedSession,
  flowLog,
  otherResource,
  trafficMirrorFilter,
  trafficMirrorService,
  trafficMirrorSession,
} from "./fixtures";
import { CLEAN, runStackPolicy, urnOf } from "./harness";

const missing = (name: string, region: string) =>
  `vpc.TrafficMirrorSession "${name}": no vpc.TrafficMirrorService for ${region} in the stack, ` +
  `so creating the session fails (traffic mirroring is not opened in ${region}): ` +
  `add new vpc.TrafficMirrorService("...", { region: "${region}" }) and let the session depend on it, ` +
  "or list the region in regionsOpenedElsewhere (policy config) if it is opened outside this stack";
const shanghai = { region: "cn-shanghai" };

describe("#mirror-session-service-in-stack", () => {
  it("is a stack policy with its public name, a mandatory default level and a 'Checks that' description", () => {
    expect(policy.name).toBe(MIRROR_SESSION_SERVICE_IN_STACK);
    expect(policy.name).toBe("mirror-session-service-in-stack");
    expect(policy.enforcementLevel).toBe("mandatory");
    expect(policy.description).toMatch(/^Checks that /);
    expect(policy.configSchema?.properties.regionsOpenedElsewhere).toMatchObject({ type: "array", default: [] });
  });

  it("#1 passes a stack whose sessions' regions each have a service", async () => {
    const stack = [
      trafficMirrorService("hz"),
      trafficMirrorService("sh", shanghai),
      trafficMirrorFilter(),
      trafficMirrorSession("a"),
      trafficMirrorSession("b", shanghai),
      flowLog(),
      otherResource(),
    ];
    expect(await runStackPolicy(policy, stack)).toEqual(CLEAN);
  });

  it("is not applicable to a stack without sessions", async () => {
    expect((await runStackPolicy(policy, [trafficMirrorService(), trafficMirrorFilter()])).notApplicable).toEqual([
      "Policy only applies to resources of type 'pulumi-nodejs:dynamic/vpc:TrafficMirrorSession', 'alicloud:vpc/trafficMirrorSession:TrafficMirrorSession'",
    ]);
  });

  it("#2 fails a session without a service in the stack, on the session", async () => {
    const session = trafficMirrorSession("tap");
    const out = await runStackPolicy(policy, [trafficMirrorFilter(), session]);
    expect(out.violations).toEqual([missing("tap", "cn-hangzhou")]);
    expect(out.urns).toEqual([urnOf(session)]);
  });

  it("fails a session whose region's service is missing when another region has one, once per session in URN order", async () => {
    const out = await runStackPolicy(policy, [
      trafficMirrorSession("z", shanghai),
      trafficMirrorService("hz"),
      trafficMirrorSession("a"),
      trafficMirrorSession("m", shanghai),
    ]);
    expect(out.violations).toEqual([missing("m", "cn-shanghai"), missing("z", "cn-shanghai")]);
  });

  it("skips sessions whose region is unknown, and every session while a service's region is unknown", async () => {
    expect(await runStackPolicy(policy, [trafficMirrorSession("tap", { region: UNKNOWN })])).toEqual(CLEAN);
    expect(await runStackPolicy(policy, [trafficMirrorService("hz", { region: UNKNOWN }), trafficMirrorSession("tap", shanghai)])).toEqual(
      CLEAN,
    );
  });

  it("accepts regions the config says are opened outside the stack (config regionsOpenedElsewhere)", async () => {
    const stack = [trafficMirrorSession("a"), trafficMirrorSession("b", shanghai)];
    const out = await runStackPolicy(policy, stack, { regionsOpenedElsewhere: ["cn-shanghai"] });
    expect(out.violations).toEqual([missing("a", "cn-hangzhou")]);
  });

  describe("the bridged alicloud.vpc.TrafficMirrorSession", () => {
    it("is not applicable to bridged sessions: @pulumi/alicloud opens the service with an invoke", async () => {
      expect((await runStackPolicy(policy, [bridgedSession("a"), trafficMirrorFilter()])).notApplicable).toEqual([
        "alicloud:vpc/trafficMirrorSession:TrafficMirrorSession: @pulumi/alicloud opens traffic mirroring with the invoke " +
          'alicloud:vpc/getTrafficMirrorService:getTrafficMirrorService (enable: "On"), not with a resource, and policies see no invokes',
      ]);
    });

    it("judges ours and leaves the bridged ones alone in a mixed stack", async () => {
      const out = await runStackPolicy(policy, [bridgedSession("a", {}), trafficMirrorSession("b", shanghai), trafficMirrorService("hz")]);
      expect(out.violations).toEqual([missing("b", "cn-shanghai")]);
    });
  });
});
