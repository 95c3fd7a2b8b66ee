import {
  VPC_FLOW_LOG_SLS_DESTINATION,
  vpcFlowLogSlsDestinationConfigProblems as configProblems,
  vpcFlowLogSlsDestinationDefaults,
  vpcFlowLogSlsDestinationPolicy as policy,
} from "../policies";
import { drainUnseen } from "../policies/runState";
import { SECRET, UNKNOWN, bridgedVpcFlowLog, vpcFlowLog } from "./fixtures";
import { CLEAN, runResourcePolicy, uncheckedNotes } from "./harness";

const AUDIT = { allowedProjectNames: ["flowlogs"], allowedLogStoreNames: ["vpc", "vpc_audit"] };

describe("#vpc-flowlog-sls-destination", () => {
  beforeEach(() => drainUnseen());

  it("has its public name, a mandatory default level, a 'Checks that' description and 'any' as the default", () => {
    expect(policy.name).toBe(VPC_FLOW_LOG_SLS_DESTINATION);
    expect(policy.name).toBe("vpc-flowlog-sls-destination");
    expect(policy.enforcementLevel).toBe("mandatory");
    expect(policy.description).toMatch(/^Checks that /);
    expect(vpcFlowLogSlsDestinationDefaults()).toEqual({ allowedProjectNames: [], allowedLogStoreNames: [] });
  });

  it("passes ours and the bridged one, with and without the org's lists", async () => {
    for (const r of [vpcFlowLog(), bridgedVpcFlowLog()]) {
      expect(await runResourcePolicy(policy, r)).toEqual(CLEAN);
      expect(await runResourcePolicy(policy, r, AUDIT)).toEqual(CLEAN);
    }
  });

  it("fails a missing destination, and names SLS does not take", async () => {
    expect(
      (await runResourcePolicy(policy, bridgedVpcFlowLog("b", { projectName: undefined, logStoreName: "Bad Name" }))).violations,
    ).toEqual([
      'alicloud.vpc.FlowLog "b": projectName is not set: a VPC flow log delivers its records to an SLS project, so name one',
      'alicloud.vpc.FlowLog "b": logStoreName "Bad Name" is not an SLS Logstore name',
    ]);
  });

  it("fails a project or Logstore the org does not allow", async () => {
    expect(
      (await runResourcePolicy(policy, vpcFlowLog("v", { projectName: "team-logs", logStoreName: "misc" }), AUDIT)).violations,
    ).toEqual([
      'vpc.FlowLog "v": projectName "team-logs" is not allowed: deliver to "flowlogs" (policy config allowedProjectNames)',
      'vpc.FlowLog "v": logStoreName "misc" is not allowed: deliver to "vpc", "vpc_audit" (policy config allowedLogStoreNames)',
    ]);
  });

  it("never fails a redacted or unknown destination, and notes it", async () => {
    expect((await runResourcePolicy(policy, bridgedVpcFlowLog("a", { projectName: SECRET }), AUDIT)).violations).toEqual([]);
    expect((await runResourcePolicy(policy, vpcFlowLog("b", { logStoreName: UNKNOWN }), AUDIT)).violations).toEqual([]);
    expect(uncheckedNotes(drainUnseen)).toEqual([
      'alicloud.vpc.FlowLog "a" projectName (secret): vpc-flowlog-sls-destination',
      'vpc.FlowLog "b" logStoreName (unknown): vpc-flowlog-sls-destination',
    ]);
  });

  it("rejects config entries SLS would not take (its naming rules, from the provider's field table)", () => {
    expect(configProblems({ allowedProjectNames: ["Flow Logs"], allowedLogStoreNames: ["x"] })).toEqual([
      'policy config of vpc-flowlog-sls-destination: allowedProjectNames entry "Flow Logs" is not an SLS project name',
      'policy config of vpc-flowlog-sls-destination: allowedLogStoreNames entry "x" is not an SLS Logstore name',
    ]);
  });
});
