import {
  VPC_FLOW_LOG_AGGREGATION_INTERVAL,
  checkPackConfig,
  vpcFlowLogAggregationIntervalConfigProblems as configProblems,
  vpcFlowLogAggregationIntervalDefaults,
  vpcFlowLogAggregationIntervalPolicy as policy,
} from "../policies";
import { drainUnseen } from "../policies/runState";
import { SECRET, UNKNOWN, bridgedSagFlowLog, bridgedVpcFlowLog, vpcFlowLog } from "./fixtures";
import { CLEAN, runResourcePolicy, uncheckedNotes } from "./harness";

const API = "the allowed range 1 to 10 minutes";
const AT_MOST_5 = { maxAggregationInterval: 5 };
const NARROWED = "the allowed range 1 to 5 minutes (policy config; the API allows 1 to 10)";
const violations = async (r: Parameters<typeof runResourcePolicy>[1], config = {}) =>
  (await runResourcePolicy(policy, r, config)).violations;

describe("#vpc-flowlog-aggregation-interval", () => {
  beforeEach(() => drainUnseen());

  it("has its public name, a mandatory default level, a 'Checks that' description and the API's range as defaults", () => {
    expect(policy.name).toBe(VPC_FLOW_LOG_AGGREGATION_INTERVAL);
    expect(policy.name).toBe("vpc-flowlog-aggregation-interval");
    expect(policy.enforcementLevel).toBe("mandatory");
    expect(policy.description).toMatch(/^Checks that /);
    expect(vpcFlowLogAggregationIntervalDefaults()).toEqual({ minAggregationInterval: 1, maxAggregationInterval: 10 });
    expect(policy.configSchema?.properties.maxAggregationInterval).toMatchObject({ type: "integer", minimum: 1, maximum: 10, default: 10 });
  });

  it("passes our type and the bridged one at each interval the API takes", async () => {
    for (const v of [1, 5, 10]) {
      expect(await runResourcePolicy(policy, vpcFlowLog("ours", { aggregationInterval: v }))).toEqual(CLEAN);
      expect(await runResourcePolicy(policy, bridgedVpcFlowLog("bridged", { aggregationInterval: String(v) }))).toEqual(CLEAN);
    }
  });

  it("does not apply to SAG flow logs", async () => {
    expect((await runResourcePolicy(policy, bridgedSagFlowLog())).notApplicable).toEqual([
      "Policy only applies to resources of type 'pulumi-nodejs:dynamic/vpc:FlowLog', 'alicloud:vpc/flowLog:FlowLog'",
    ]);
  });

  it("fails an interval outside the org's bounds: ours a number, the bridged one a string", async () => {
    expect(await violations(vpcFlowLog("ours", { aggregationInterval: 10 }), AT_MOST_5)).toEqual([
      `vpc.FlowLog "ours": aggregationInterval 10 is outside ${NARROWED}`,
    ]);
    expect(await violations(bridgedVpcFlowLog("bridged", { aggregationInterval: "10" }), AT_MOST_5)).toEqual([
      `alicloud.vpc.FlowLog "bridged": aggregationInterval 10 is outside ${NARROWED}`,
    ]);
  });

  it("fails an interval the API does not take, and a malformed one", async () => {
    expect(await violations(bridgedVpcFlowLog("b", { aggregationInterval: "3" }))).toEqual([
      `alicloud.vpc.FlowLog "b": aggregationInterval 3 is not one the API takes: use 1, 5, 10 minutes (${API})`,
    ]);
    expect(await violations(bridgedVpcFlowLog("b", { aggregationInterval: "five" }))).toEqual([
      `alicloud.vpc.FlowLog "b": aggregationInterval "five" is not an integer; use a value in ${API}`,
    ]);
  });

  it("counts an unset interval as the API default, 10", async () => {
    expect(await violations(bridgedVpcFlowLog("b", { aggregationInterval: undefined }))).toEqual([]);
    expect(await violations(bridgedVpcFlowLog("b", { aggregationInterval: undefined }), AT_MOST_5)).toEqual([
      `alicloud.vpc.FlowLog "b": aggregationInterval is not set, so the API default 10 applies, which is outside ${NARROWED}`,
    ]);
  });

  it("never fails a redacted or unknown interval, and notes it", async () => {
    expect(await violations(bridgedVpcFlowLog("a", { aggregationInterval: SECRET }), AT_MOST_5)).toEqual([]);
    expect(await violations(vpcFlowLog("b", { aggregationInterval: UNKNOWN }), AT_MOST_5)).toEqual([]);
    expect(uncheckedNotes(drainUnseen)).toEqual([
      'alicloud.vpc.FlowLog "a" aggregationInterval (secret): vpc-flowlog-aggregation-interval',
      'vpc.FlowLog "b" aggregationInterval (unknown): vpc-flowlog-aggregation-interval',
    ]);
  });

  it("rejects bounds that leave no interval the API takes, or a minimum above the maximum", async () => {
    expect(configProblems({ minAggregationInterval: 2, maxAggregationInterval: 4 })).toEqual([
      "policy config of vpc-flowlog-aggregation-interval: no aggregationInterval the API takes (1, 5, 10 minutes) lies between " +
        "minAggregationInterval 2 and maxAggregationInterval 4",
    ]);
    expect(configProblems({ minAggregationInterval: 5, maxAggregationInterval: 1 })).toEqual([
      "policy config of vpc-flowlog-aggregation-interval: minAggregationInterval 5 is greater than maxAggregationInterval 1",
    ]);
    expect(
      checkPackConfig({ [policy.name]: { enforcementLevel: "mandatory", minAggregationInterval: 2, maxAggregationInterval: 4 } }).errors,
    ).toHaveLength(1);
    await expect(runResourcePolicy(policy, vpcFlowLog(), { minAggregationInterval: 2, maxAggregationInterval: 4 })).rejects.toThrow(
      "no aggregationInterval the API takes",
    );
  });
});
