import {
  VPC_FLOW_LOG_TRAFFIC_TYPE,
  vpcFlowLogTrafficTypeConfigProblems as configProblems,
  vpcFlowLogTrafficTypeDefaults,
  vpcFlowLogTrafficTypePolicy as policy,
} from "../policies";
import { drainUnseen } from "../policies/runState";
import { SECRET, UNKNOWN, bridgedVpcFlowLog, trafficMirrorSession, vpcFlowLog } from "./fixtures";
import { CLEAN, runResourcePolicy, uncheckedNotes } from "./harness";

describe("#vpc-flowlog-traffic-type", () => {
  beforeEach(() => drainUnseen());

  it("has its public name, a mandatory default level, a 'Checks that' description and All as the default", () => {
    expect(policy.name).toBe(VPC_FLOW_LOG_TRAFFIC_TYPE);
    expect(policy.name).toBe("vpc-flowlog-traffic-type");
    expect(policy.enforcementLevel).toBe("mandatory");
    expect(policy.description).toMatch(/^Checks that /);
    expect(vpcFlowLogTrafficTypeDefaults()).toEqual({ allowedTrafficTypes: ["All"] });
    expect(policy.configSchema?.properties.allowedTrafficTypes).toMatchObject({ default: ["All"], minItems: 1 });
  });

  it("passes All on ours and the bridged one, and an unset type (the API default, All)", async () => {
    expect(await runResourcePolicy(policy, vpcFlowLog())).toEqual(CLEAN);
    expect(await runResourcePolicy(policy, bridgedVpcFlowLog())).toEqual(CLEAN);
    expect(await runResourcePolicy(policy, vpcFlowLog("v", { trafficType: undefined }))).toEqual(CLEAN);
  });

  it("does not apply to other resource types", async () => {
    expect((await runResourcePolicy(policy, trafficMirrorSession())).notApplicable).toHaveLength(1);
  });

  it("fails Drop and Allow by default, naming the resource and the allowed types", async () => {
    expect((await runResourcePolicy(policy, vpcFlowLog("ours", { trafficType: "Allow" }))).violations).toEqual([
      'vpc.FlowLog "ours": trafficType "Allow" is not allowed: record "All" (policy config allowedTrafficTypes)',
    ]);
    expect((await runResourcePolicy(policy, bridgedVpcFlowLog("bridged", { trafficType: "Drop" }))).violations).toEqual([
      'alicloud.vpc.FlowLog "bridged": trafficType "Drop" is not allowed: record "All" (policy config allowedTrafficTypes)',
    ]);
  });

  it("allows what the org config allows, and fails an unset type when All is not", async () => {
    expect(
      (await runResourcePolicy(policy, bridgedVpcFlowLog("b", { trafficType: "Drop" }), { allowedTrafficTypes: ["All", "Drop"] }))
        .violations,
    ).toEqual([]);
    expect(
      (await runResourcePolicy(policy, vpcFlowLog("v", { trafficType: undefined }), { allowedTrafficTypes: ["Drop"] })).violations,
    ).toEqual([
      'vpc.FlowLog "v": trafficType not set, so the API default "All" applies, which is not allowed: record "Drop" (policy config allowedTrafficTypes)',
    ]);
  });

  it("never fails a redacted or unknown type, and notes it", async () => {
    expect((await runResourcePolicy(policy, bridgedVpcFlowLog("a", { trafficType: SECRET }))).violations).toEqual([]);
    expect((await runResourcePolicy(policy, vpcFlowLog("b", { trafficType: UNKNOWN }))).violations).toEqual([]);
    expect(uncheckedNotes(drainUnseen)).toEqual([
      'alicloud.vpc.FlowLog "a" trafficType (secret): vpc-flowlog-traffic-type',
      'vpc.FlowLog "b" trafficType (unknown): vpc-flowlog-traffic-type',
    ]);
  });

  it("rejects an empty list", () => {
    expect(configProblems({ allowedTrafficTypes: [] })).toEqual([
      "policy config of vpc-flowlog-traffic-type: allowedTrafficTypes is empty",
    ]);
  });
});
