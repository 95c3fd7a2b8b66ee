import { resourcePolicy } from "./define";
import { rangeOf, rangePolicy, schema } from "./util";

export const VPC_FLOW_LOG_AGGREGATION_INTERVAL = "vpc-flowlog-aggregation-interval";

/** Config of `vpc-flowlog-aggregation-interval`: the organization's bounds, in minutes, inside the API's 1 to 10. */
export interface VpcFlowLogAggregationIntervalConfig {
  /** Lowest allowed `aggregationInterval`. Default: the API's minimum, 1. */
  minAggregationInterval: number;
  /** Highest allowed `aggregationInterval`. Default: the API's maximum, 10. */
  maxAggregationInterval: number;
}

const interval = rangePolicy<VpcFlowLogAggregationIntervalConfig>(VPC_FLOW_LOG_AGGREGATION_INTERVAL, () => [
  rangeOf(
    "aggregationInterval",
    {
      min: Math.min(...schema.AGGREGATION_INTERVALS),
      max: Math.max(...schema.AGGREGATION_INTERVALS),
      default: schema.DEFAULT_AGGREGATION_INTERVAL,
    },
    schema.vpcFlowLogFieldSchemas.aggregationInterval,
    "minutes",
    schema.AGGREGATION_INTERVALS,
  ),
]);

/** The defaults: the API's range (1 to 10 minutes) from the provider's values. */
export const vpcFlowLogAggregationIntervalDefaults = interval.defaults;

/** What is wrong with a config of this policy: a minimum above the maximum, or bounds that leave no value the API takes. */
export const vpcFlowLogAggregationIntervalConfigProblems = interval.configProblems;

/**
 * Checks that a VPC flow log's `aggregationInterval` (minutes between flow records: 1, 5 or 10;
 * this package's `vpc.FlowLog`, a number, and the bridged `alicloud.vpc.FlowLog`, a string such as
 * `"5"`) is one the API takes and lies within the organization's bounds. An unset interval counts as
 * the API default, 10. A short interval gives fresher records and more of them to store.
 */
export const vpcFlowLogAggregationIntervalPolicy = resourcePolicy<VpcFlowLogAggregationIntervalConfig>({
  name: VPC_FLOW_LOG_AGGREGATION_INTERVAL,
  description: "Checks that VPC flow log aggregation intervals are ones the API takes and within the organization's bounds.",
  enforcementLevel: "mandatory",
  severity: "low",
  remediationSteps:
    'Set aggregationInterval to 1, 5 or 10 minutes within the bounds the message names (a string such as "5" in ' +
    "@pulumi/alicloud); leave it unset for 10 if that is allowed.",
  kinds: ["vpc.FlowLog"],
  settings: { defaults: interval.defaults, configSchema: interval.configSchema, configProblems: interval.configProblems },
  validate: (subject, config, report) => {
    for (const problem of interval.violations(subject, config)) report(`${subject.label}: ${problem}`);
  },
});
