import { FLOW_LOG_STATUS_ACTIVE, flowLogStatusActivePolicy as policy } from "../policies";
import { drainUnseen } from "../policies/runState";
import { SECRET, UNKNOWN, bridgedSagFlowLog, bridgedVpcFlowLog, flowLog, trafficMirrorService, vpcFlowLog } from "./fixtures";
import { runRemediation, runResourcePolicy, uncheckedNotes } from "./harness";

describe("#flowlog-status-active", () => {
  it("has its public name, an advisory default level, a 'Checks that' description and no config", () => {
    expect(policy.name).toBe(FLOW_LOG_STATUS_ACTIVE);
    expect(policy.name).toBe("flowlog-status-active");
    expect(policy.enforcementLevel).toBe("advisory");
    expect(policy.description).toMatch(/^Checks that /);
    expect(policy.configSchema).toBeUndefined();
  });

  it("#1 passes the compliant baseline, and an unset status (new flow logs start Active)", async () => {
    expect(await runResourcePolicy(policy, flowLog())).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
    expect((await runResourcePolicy(policy, flowLog("edge", { status: undefined }))).violations).toEqual([]);
  });

  it("#2 fails an Inactive flow log", async () => {
    expect((await runResourcePolicy(policy, flowLog("edge", { status: "Inactive" }))).violations).toEqual([
      `sag.FlowLog "edge": status is "Inactive", so it records no traffic: set status to "Active" or remove the flow log`,
    ]);
  });

  it("skips an unknown status during preview", async () => {
    expect(await runResourcePolicy(policy, flowLog("edge", { status: UNKNOWN }))).toEqual({
      violations: [],
      urns: [],
      cantRun: [],
      notApplicable: [],
    });
  });

  it("does not apply to other resource types", async () => {
    expect((await runResourcePolicy(policy, trafficMirrorService())).notApplicable).toEqual([
      "Policy only applies to resources of type 'pulumi-nodejs:dynamic/sag:FlowLog', 'pulumi-nodejs:dynamic/vpc:FlowLog', 'alicloud:sag/smartagFlowLog:SmartagFlowLog', 'alicloud:vpc/flowLog:FlowLog'",
    ]);
  });

  describe("remediation", () => {
    it("sets an Inactive flow log Active, keeping the rest", async () => {
      const before = flowLog("edge", { status: "Inactive" });
      const out = await runRemediation(policy, before);
      expect(out.props).toEqual({ ...before.props, status: "Active" });
      expect((await runResourcePolicy(policy, { ...before, props: out.props! })).violations).toEqual([]);
    });

    it("changes nothing otherwise", async () => {
      for (const status of ["Active", undefined, UNKNOWN]) {
        expect(await runRemediation(policy, flowLog("edge", { status }))).toEqual({ cantRun: [], notApplicable: [] });
      }
    });
  });

  describe("VPC flow logs and the bridged flow logs", () => {
    beforeEach(() => drainUnseen());

    it.each([
      ["vpc.FlowLog", vpcFlowLog("prod")],
      ["alicloud.vpc.FlowLog", bridgedVpcFlowLog("prod")],
      ["alicloud.sag.SmartagFlowLog", bridgedSagFlowLog("prod")],
    ])("passes an Active or unset %s", async (_label, r) => {
      expect((await runResourcePolicy(policy, r)).violations).toEqual([]);
      expect((await runResourcePolicy(policy, { ...r, props: { ...r.props, status: undefined } })).violations).toEqual([]);
    });

    it.each([
      ["vpc.FlowLog", vpcFlowLog("prod", { status: "Inactive" })],
      ["alicloud.vpc.FlowLog", bridgedVpcFlowLog("prod", { status: "Inactive" })],
      ["alicloud.sag.SmartagFlowLog", bridgedSagFlowLog("prod", { status: "Inactive" })],
    ])("flags an Inactive %s", async (label, r) => {
      expect((await runResourcePolicy(policy, r)).violations).toEqual([
        `${label} "prod": status is "Inactive", so it records no traffic: set status to "Active" or remove the flow log`,
      ]);
    });

    it("remediates the bridged status in place", async () => {
      expect((await runRemediation(policy, bridgedVpcFlowLog("prod", { status: "Inactive" }))).props).toMatchObject({ status: "Active" });
    });

    it("never flags a redacted or unknown status, and notes it", async () => {
      await runResourcePolicy(policy, bridgedVpcFlowLog("a", { status: SECRET }));
      await runResourcePolicy(policy, vpcFlowLog("b", { status: UNKNOWN }));
      expect(uncheckedNotes(drainUnseen)).toEqual([
        'alicloud.vpc.FlowLog "a" status (secret): flowlog-status-active',
        'vpc.FlowLog "b" status (unknown): flowlog-status-active',
      ]);
    });
  });
});
