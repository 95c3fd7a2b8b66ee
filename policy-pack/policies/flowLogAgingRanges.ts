import type { ResourceValidationPolicy } from "@pulumi/policy";
import { flowLogLabel, isUnknown, known, rangeOf, rangePolicy, remediateFlowLog, schema, settings, validateFlowLog } from "./util";

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
 * Checks that a flow log's `activeAging` and `inactiveAging` lie within the API's ranges (60 to
 * 6000 and 10 to 600 seconds) and within the organization's narrower bounds from config.
 *
 * Remediation (enforcement level `remediate`): fills an unset aging with the API default and
 * rounds and clamps a known number into the allowed range.
 */
export const flowLogAgingRangesPolicy: ResourceValidationPolicy = {
  name: FLOW_LOG_AGING_RANGES,
  description:
    "Checks that flow log aging intervals (activeAging, inactiveAging) are within the API's ranges and the organization's bounds.",
  enforcementLevel: "mandatory",
  severity: "medium",
  get configSchema() {
    return agingRanges.configSchema();
  },
  validateResource: validateFlowLog((args, reportViolation) => {
    const config = settings(args, flowLogAgingRangesDefaults());
    for (const problem of agingRanges.violations(known(args.props), config)) reportViolation(`${flowLogLabel(args.name)}: ${problem}`);
  }),
  remediateResource: remediateFlowLog((args) => {
    const config = settings(args, flowLogAgingRangesDefaults());
    const props = known(args.props);
    let changed = false;
    for (const aging of agingRanges.ranges()) {
      const { min, max } = agingRanges.bounds(aging, config);
      const value = props[aging.field];
      if (isUnknown(value)) continue;
      const start = value === undefined || value === null ? aging.api.default : typeof value === "number" ? Math.round(value) : undefined;
      if (start === undefined || Number.isNaN(start)) continue;
      const fixed = Math.min(max, Math.max(min, start));
      if (fixed !== value) {
        // Write through the SDK's proxy so secret inputs stay secret.
        args.props[aging.field] = fixed;
        changed = true;
      }
    }
    return changed ? args.props : undefined;
  }),
};
