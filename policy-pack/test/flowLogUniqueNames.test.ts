import { FLOW_LOG_UNIQUE_NAMES, flowLogUniqueNamesPolicy as policy } from "../policies";
import { drainUnseen } from "../policies/runState";
import {
  SECRET,
  UNKNOWN,
  bridgedSagFlowLog,
  bridgedVpcFlowLog,
  flowLog,
  otherResource,
  trafficMirrorService,
  vpcFlowLog,
} from "./fixtures";
import { runStackPolicy, uncheckedNotes, urnOf } from "./harness";

describe("#flowlog-unique-names", () => {
  it("is a stack policy with its public name, a mandatory default level and a 'Checks that' description", () => {
    expect(policy.name).toBe(FLOW_LOG_UNIQUE_NAMES);
    expect(policy.name).toBe("flowlog-unique-names");
    expect(policy.enforcementLevel).toBe("mandatory");
    expect(policy.description).toMatch(/^Checks that /);
  });

  it("#1 passes a compliant stack", async () => {
    const stack = [flowLog("a"), flowLog("b"), trafficMirrorService(), otherResource()];
    expect(await runStackPolicy(policy, stack)).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
  });

  it("is not applicable to a stack without flow logs", async () => {
    expect((await runStackPolicy(policy, [otherResource()])).notApplicable).toEqual([
      "Policy only applies to resources of type 'pulumi-nodejs:dynamic/sag:FlowLog', 'pulumi-nodejs:dynamic/vpc:FlowLog', 'alicloud:sag/smartagFlowLog:SmartagFlowLog', 'alicloud:vpc/flowLog:FlowLog'",
    ]);
  });

  it("#2 fails two flow logs with the same name in one region, on the second one", async () => {
    const b = flowLog("b", { name: "branch-flows" });
    const out = await runStackPolicy(policy, [flowLog("a", { name: "branch-flows" }), b]);
    expect(out.violations).toEqual([
      `sag.FlowLog "b": name "branch-flows" is already used in cn-hangzhou by sag.FlowLog "a": give each flow log in a region its own name`,
    ]);
    expect(out.urns).toEqual([urnOf(b)]);
  });

  it("names the flow logs in URN order, whatever order the engine lists them in", async () => {
    const out = await runStackPolicy(policy, [flowLog("b", { name: "branch-flows" }), flowLog("a", { name: "branch-flows" })]);
    expect(out.violations).toEqual([
      `sag.FlowLog "b": name "branch-flows" is already used in cn-hangzhou by sag.FlowLog "a": give each flow log in a region its own name`,
    ]);
  });

  it("allows the same name in different regions", async () => {
    const out = await runStackPolicy(policy, [
      flowLog("a", { name: "branch-flows" }),
      flowLog("b", { name: "branch-flows", region: "cn-shanghai" }),
    ]);
    expect(out.violations).toEqual([]);
  });

  it("allows the same resource name under different parents when the names differ (tokens include the parent)", async () => {
    const out = await runStackPolicy(policy, [flowLog("edge"), flowLog("edge", { name: "edge-other" })]);
    expect(out.violations).toEqual([]);
  });

  it("skips unknown names and regions during preview", async () => {
    const stack = [
      flowLog("a", { name: UNKNOWN }),
      flowLog("b", { name: UNKNOWN }),
      flowLog("c", { name: "x", region: UNKNOWN }),
      flowLog("d", { name: "x", region: UNKNOWN }),
      flowLog("e", { __token: UNKNOWN }),
      flowLog("f", { __token: UNKNOWN }),
    ];
    expect(await runStackPolicy(policy, stack)).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
  });

  describe("VPC flow logs and the bridged flow logs", () => {
    beforeEach(() => drainUnseen());

    it("fails one of ours named like a bridged SAG flow log in its region (flowLogName), on the later URN", async () => {
      const ours = flowLog("a", { name: "branch-flows" });
      const out = await runStackPolicy(policy, [ours, bridgedSagFlowLog("z", { flowLogName: "branch-flows" })]);
      expect(out.violations).toEqual([
        'sag.FlowLog "a": name "branch-flows" is already used in cn-hangzhou by alicloud.sag.SmartagFlowLog "z": give each flow log in a region its own name',
      ]);
      expect(out.urns).toEqual([urnOf(ours)]);
    });

    it("fails two VPC flow logs of one name in a region, bridged ones by flowLogName", async () => {
      const out = await runStackPolicy(policy, [
        bridgedVpcFlowLog("a", { flowLogName: "prod" }),
        bridgedVpcFlowLog("b", { flowLogName: "prod" }),
      ]);
      expect(out.violations).toEqual([
        'alicloud.vpc.FlowLog "b": flowLogName "prod" is already used in cn-hangzhou by alicloud.vpc.FlowLog "a": give each flow log in a region its own name',
      ]);
      const mixed = await runStackPolicy(policy, [vpcFlowLog("a", { name: "prod" }), bridgedVpcFlowLog("b", { flowLogName: "prod" })]);
      expect(mixed.violations).toEqual([
        'vpc.FlowLog "a": name "prod" is already used in cn-hangzhou by alicloud.vpc.FlowLog "b": give each flow log in a region its own name',
      ]);
    });

    it("keeps the families apart: a SAG and a VPC flow log may share a name", async () => {
      expect((await runStackPolicy(policy, [flowLog("a", { name: "x" }), vpcFlowLog("b", { name: "x" })])).violations).toEqual([]);
    });

    it("never fails redacted names, and notes them", async () => {
      const out = await runStackPolicy(policy, [
        bridgedVpcFlowLog("a", { flowLogName: SECRET }),
        bridgedVpcFlowLog("b", { flowLogName: SECRET }),
      ]);
      expect(out.violations).toEqual([]);
      expect(uncheckedNotes(drainUnseen)).toEqual([
        'alicloud.vpc.FlowLog "a" flowLogName (secret): flowlog-unique-names',
        'alicloud.vpc.FlowLog "b" flowLogName (secret): flowlog-unique-names',
      ]);
      void UNKNOWN;
    });
  });
});
