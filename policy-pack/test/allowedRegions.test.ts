import { ALLOWED_REGIONS, allowedRegionsDefaults, allowedRegionsPolicy as policy } from "../policies";
import { drainUnseen } from "../policies/runState";
import {
  SECRET,
  UNKNOWN,
  bridgedFilter,
  bridgedRule,
  bridgedSagFlowLog,
  bridgedSession,
  bridgedVpcFlowLog,
  flowLog,
  otherResource,
  trafficMirrorFilter,
  trafficMirrorService,
  trafficMirrorSession,
  vpcFlowLog,
} from "./fixtures";
import { TestResource, runResourcePolicy, uncheckedNotes } from "./harness";

const CHINA = { allowedRegions: ["cn-hangzhou", "cn-shanghai"] };

describe("#allowed-regions", () => {
  it("has its public name, a mandatory default level and a 'Checks that' description", () => {
    expect(policy.name).toBe(ALLOWED_REGIONS);
    expect(policy.name).toBe("allowed-regions");
    expect(policy.enforcementLevel).toBe("mandatory");
    expect(policy.description).toMatch(/^Checks that /);
    expect(allowedRegionsDefaults).toEqual({ allowedRegions: [], allowedSlsRegions: [] });
  });

  it("#1 passes the compliant baseline with regions configured", async () => {
    for (const r of [flowLog(), trafficMirrorService()]) {
      expect(await runResourcePolicy(policy, r, CHINA)).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
    }
  });

  it("is not applicable when no regions are configured (the default)", async () => {
    const out = await runResourcePolicy(policy, flowLog("edge", { region: "eu-central-1", slsRegionId: "eu-central-1" }));
    expect(out).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: ["No regions are configured"] });
  });

  it("does not apply to other resource types", async () => {
    expect((await runResourcePolicy(policy, otherResource(), CHINA)).notApplicable).toEqual([
      "Policy only applies to resources of type " +
        "'pulumi-nodejs:dynamic/sag:FlowLog', 'pulumi-nodejs:dynamic/vpc:FlowLog', 'pulumi-nodejs:dynamic/vpc:FlowLogService', " +
        "'pulumi-nodejs:dynamic/vpc:TrafficMirrorService', 'pulumi-nodejs:dynamic/vpc:TrafficMirrorFilter', " +
        "'pulumi-nodejs:dynamic/vpc:TrafficMirrorSession', 'alicloud:sag/smartagFlowLog:SmartagFlowLog', 'alicloud:vpc/flowLog:FlowLog', " +
        "'alicloud:vpc/trafficMirrorSession:TrafficMirrorSession', 'alicloud:vpc/trafficMirrorFilter:TrafficMirrorFilter', " +
        "'alicloud:vpc/trafficMirrorFilterIngressRule:TrafficMirrorFilterIngressRule', " +
        "'alicloud:vpc/trafficMirrorFilterEgressRule:TrafficMirrorFilterEgressRule'",
    ]);
  });

  it("#2 fails a flow log in another region", async () => {
    expect((await runResourcePolicy(policy, flowLog("edge", { region: "cn-hongkong" }), CHINA)).violations).toEqual([
      `sag.FlowLog "edge": region "cn-hongkong" is not allowed: use one of cn-hangzhou, cn-shanghai (policy config allowedRegions)`,
    ]);
  });

  it("#3 fails traffic mirroring in another region", async () => {
    expect((await runResourcePolicy(policy, trafficMirrorService("mirror", { region: "eu-central-1" }), CHINA)).violations).toEqual([
      `vpc.TrafficMirrorService "mirror": region "eu-central-1" is not allowed: ` +
        `use one of cn-hangzhou, cn-shanghai (policy config allowedRegions)`,
    ]);
  });

  it("#4 fails an SLS destination outside allowedRegions (data residency)", async () => {
    expect((await runResourcePolicy(policy, flowLog("edge", { slsRegionId: "ap-southeast-1" }), CHINA)).violations).toEqual([
      `sag.FlowLog "edge": slsRegionId "ap-southeast-1" is not allowed: use one of cn-hangzhou, cn-shanghai (policy config allowedRegions)`,
    ]);
  });

  it("ignores slsRegionId when the flow log sends no records to SLS", async () => {
    expect(
      (await runResourcePolicy(policy, flowLog("edge", { outputType: "netflow", slsRegionId: "ap-southeast-1" }), CHINA)).violations,
    ).toEqual([]);
  });

  describe("config allowedSlsRegions", () => {
    const config = { allowedRegions: ["cn-hongkong", "ap-southeast-1"], allowedSlsRegions: ["cn-hongkong"] };

    it("restricts SLS destinations separately from resource regions", async () => {
      expect(
        (await runResourcePolicy(policy, flowLog("edge", { region: "ap-southeast-1", slsRegionId: "cn-hongkong" }), config)).violations,
      ).toEqual([]);
      expect(
        (await runResourcePolicy(policy, flowLog("edge", { region: "ap-southeast-1", slsRegionId: "ap-southeast-1" }), config)).violations,
      ).toEqual([
        `sag.FlowLog "edge": slsRegionId "ap-southeast-1" is not allowed: use one of cn-hongkong (policy config allowedSlsRegions)`,
      ]);
    });

    it("works on its own, leaving resource regions free", async () => {
      const out = await runResourcePolicy(policy, flowLog("edge", { region: "eu-central-1", slsRegionId: "eu-central-1" }), {
        allowedSlsRegions: ["cn-shanghai"],
      });
      expect(out.violations).toEqual([
        `sag.FlowLog "edge": slsRegionId "eu-central-1" is not allowed: use one of cn-shanghai (policy config allowedSlsRegions)`,
      ]);
      expect(
        (
          await runResourcePolicy(policy, trafficMirrorService("mirror", { region: "eu-central-1" }), {
            allowedSlsRegions: ["cn-shanghai"],
          })
        ).violations,
      ).toEqual([]);
    });

    it("reports region and SLS region together", async () => {
      expect(
        (await runResourcePolicy(policy, flowLog("edge", { region: "eu-central-1", slsRegionId: "eu-central-1" }), config)).violations,
      ).toEqual([
        `sag.FlowLog "edge": region "eu-central-1" is not allowed: use one of cn-hongkong, ap-southeast-1 (policy config allowedRegions)`,
        `sag.FlowLog "edge": slsRegionId "eu-central-1" is not allowed: use one of cn-hongkong (policy config allowedSlsRegions)`,
      ]);
    });
  });

  it("skips unknown regions and output types during preview", async () => {
    for (const r of [
      flowLog("edge", { region: UNKNOWN, slsRegionId: UNKNOWN }),
      flowLog("edge", { outputType: UNKNOWN, slsRegionId: "eu-central-1" }),
      trafficMirrorService("m", { region: UNKNOWN }),
    ]) {
      expect(await runResourcePolicy(policy, r, CHINA)).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
    }
  });

  describe("VPC flow logs, filters, sessions and the bridged types (region from the provider's alicloud:region)", () => {
    const inBeijing = (r: TestResource): TestResource =>
      r.provider
        ? { ...r, provider: { ...r.provider, props: { region: "cn-beijing" } } }
        : { ...r, props: { ...r.props, region: "cn-beijing" } };
    const all = [
      vpcFlowLog(),
      trafficMirrorFilter(),
      trafficMirrorSession(),
      bridgedVpcFlowLog(),
      bridgedSagFlowLog(),
      bridgedSession(),
      bridgedFilter(),
      bridgedRule("ingress", "in", undefined),
    ];

    beforeEach(() => drainUnseen());

    it("passes each in an allowed region", async () => {
      for (const r of all) expect({ r: r.name, ...(await runResourcePolicy(policy, r, CHINA)) }).toMatchObject({ violations: [] });
    });

    it("fails each outside the allowed regions, naming where its region comes from", async () => {
      const messages = (await Promise.all(all.map(async (r) => (await runResourcePolicy(policy, inBeijing(r), CHINA)).violations))).flat();
      expect(messages).toEqual([
        'vpc.FlowLog "vpc-logs": region "cn-beijing" is not allowed: use one of cn-hangzhou, cn-shanghai (policy config allowedRegions)',
        'vpc.TrafficMirrorFilter "web": region "cn-beijing" is not allowed: use one of cn-hangzhou, cn-shanghai (policy config allowedRegions)',
        'vpc.TrafficMirrorSession "tap": region "cn-beijing" is not allowed: use one of cn-hangzhou, cn-shanghai (policy config allowedRegions)',
        'alicloud.vpc.FlowLog "vpc-all": alicloud:region "cn-beijing" is not allowed: use one of cn-hangzhou, cn-shanghai (policy config allowedRegions)',
        'alicloud.sag.SmartagFlowLog "edge": alicloud:region "cn-beijing" is not allowed: use one of cn-hangzhou, cn-shanghai (policy config allowedRegions)',
        'alicloud.vpc.TrafficMirrorSession "tap": alicloud:region "cn-beijing" is not allowed: use one of cn-hangzhou, cn-shanghai (policy config allowedRegions)',
        'alicloud.vpc.TrafficMirrorFilter "web": alicloud:region "cn-beijing" is not allowed: use one of cn-hangzhou, cn-shanghai (policy config allowedRegions)',
        'alicloud.vpc.TrafficMirrorFilterIngressRule "in": alicloud:region "cn-beijing" is not allowed: use one of cn-hangzhou, cn-shanghai (policy config allowedRegions)',
      ]);
    });

    it("fails the bridged SAG flow log's SLS region", async () => {
      const out = await runResourcePolicy(policy, bridgedSagFlowLog("edge", { slsRegionId: "eu-central-1" }), CHINA);
      expect(out.violations).toEqual([
        'alicloud.sag.SmartagFlowLog "edge": slsRegionId "eu-central-1" is not allowed: use one of cn-hangzhou, cn-shanghai (policy config allowedRegions)',
      ]);
    });

    it("reads a VPC flow log's region from its regionId output in state when the provider shows none", async () => {
      const r = bridgedVpcFlowLog("vpc-all", { regionId: "cn-beijing" });
      const out = await runResourcePolicy(policy, { ...r, provider: { ...r.provider!, props: {} } }, CHINA);
      expect(out.violations).toEqual([
        'alicloud.vpc.FlowLog "vpc-all": regionId "cn-beijing" is not allowed: use one of cn-hangzhou, cn-shanghai (policy config allowedRegions)',
      ]);
    });

    it("never fails a region the provider does not show (ALICLOUD_REGION), and notes it", async () => {
      const r = bridgedSession("tap");
      const out = await runResourcePolicy(policy, { ...r, provider: { ...r.provider!, props: {} } }, CHINA);
      expect(out.violations).toEqual([]);
      expect(uncheckedNotes(drainUnseen)).toEqual(['alicloud.vpc.TrafficMirrorSession "tap" alicloud:region (region): allowed-regions']);
    });

    it("never fails a redacted SLS region, and notes it", async () => {
      const out = await runResourcePolicy(policy, bridgedSagFlowLog("edge", { slsRegionId: SECRET }), CHINA);
      expect(out.violations).toEqual([]);
      expect(uncheckedNotes(drainUnseen)).toEqual(['alicloud.sag.SmartagFlowLog "edge" slsRegionId (secret): allowed-regions']);
      void UNKNOWN;
    });
  });
});
