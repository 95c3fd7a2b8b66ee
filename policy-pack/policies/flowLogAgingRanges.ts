import { resourcePolicy } from "./define";
import { rangeOf, rangePolicy, schema } from "./util";

export const FLOW_LOG_AGING_RANGES = "flowlog-aging-ranges";

/** Config of `flowlog-aging-ranges`: the organization's bounds, in seconds, inside the API's ranges. */
export interface FlowLogAgingRangesConfig {
  /** Lowest allowed `activeAging`. Default: the API's minimum, 60. */
  minActiveAging: number;
  /** Highest allowed `activeAging`. Default: the API's maximum, 6000. */
  maxActiveAging: number;
  /** Lowest allowed `inactiveAging`. Default: the API's minimum, 10. */
  minInactiveAging: number;
  /** Highest allowed `inactiveAging`. Default: the API's maximum, 600. */
  maxInactiveAging: number;
}

const agingRanges = rangePolicy<FlowLogAgingRangesConfig>(FLOW_LOG_AGING_RANGES, () => [
  rangeOf("activeAging", schema.ACTIVE_AGING, schema.flowLogFieldSchemas.activeAging, "seconds"),
  rangeOf("inactiveAging", schema.INACTIVE_AGING, schema.flowLogFieldSchemas.inactiveAging, "seconds"),
]);

/** The defaults: the API's ranges from the provider's schema. */
export const flowLogAgingRangesDefaults = agingRanges.defaults;

/** What is wrong with a config of this policy (checked once per run, when the engine configures the pack). */
export const flowLogAgingRangesConfigProblems = agingRanges.configProblems;

/**
 * Checks that a SAG flow log's `activeAging` and `inactiveAging` (this package's `sag.FlowLog` and
 * the bridged `alicloud.sag.SmartagFlowLog`, same prop names) lie within the API's ranges (60 to
 * 6000 and 10 to 600 seconds) and within the organization's narrower bounds from config.
 *
 * Remediation (enforcement level `remediate`): fills an unset aging with the API default and
 * rounds and clamps a known number into the allowed range.
 */
export const flowLogAgingRangesPolicy = resourcePolicy<FlowLogAgingRangesConfig>({
  name: FLOW_LOG_AGING_RANGES,
  description:
    "Checks that flow log aging intervals (activeAging, inactiveAging) are within the API's ranges and the organization's bounds.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Set activeAging and inactiveAging (seconds) within the range the message names, or leave them unset if the API defaults " +
    "(300 and 15) are within it. At enforcement level remediate the pack clamps them itself.",
  kinds: ["sag.FlowLog"],
  settings: { defaults: agingRanges.defaults, configSchema: agingRanges.configSchema, configProblems: agingRanges.configProblems },
  validate: (subject, config, report) => {
    for (const problem of agingRanges.violations(subject, config)) report(`${subject.label}: ${problem}`);
  },
  remediate: (subject, config) => {
    const changes: Record<string, number> = {};
    for (const aging of agingRanges.ranges()) {
      const { min, max } = agingRanges.bounds(aging, config);
      const value = subject.props[aging.field];
      if (schema.containsUnknown(value)) continue;
      const start = value === undefined || value === null ? aging.api.default : typeof value === "number" ? Math.round(value) : undefined;
      if (start === undefined || Number.isNaN(start)) continue;
      const fixed = Math.min(max, Math.max(min, start));
      if (fixed !== value) changes[aging.field] = fixed;
    }
    return Object.keys(changes).length > 0 ? changes : undefined;
  },
});
