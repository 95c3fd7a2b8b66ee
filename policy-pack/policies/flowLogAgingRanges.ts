import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import {
  Props,
  configError,
  configProblem,
  flowLogLabel,
  isUnknown,
  known,
  once,
  remediateFlowLog,
  schema,
  settings,
  validateFlowLog,
} from "./util";

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

/** The defaults: the API's ranges from the provider's schema. */
export const flowLogAgingRangesDefaults = once((): FlowLogAgingRangesConfig => ({
  minActiveAging: schema.ACTIVE_AGING.min,
  maxActiveAging: schema.ACTIVE_AGING.max,
  minInactiveAging: schema.INACTIVE_AGING.min,
  maxInactiveAging: schema.INACTIVE_AGING.max,
}));

const agings = once(
  () =>
    [
      { field: "activeAging", api: schema.ACTIVE_AGING, min: "minActiveAging", max: "maxActiveAging" },
      { field: "inactiveAging", api: schema.INACTIVE_AGING, min: "minInactiveAging", max: "maxInactiveAging" },
    ] as const,
);

type Aging = ReturnType<typeof agings>[number];

interface Bounds {
  min: number;
  max: number;
  /** Why the range is what it is, appended to messages. */
  origin: string;
}

/** The bounds for one aging field under the config, or the config problem that leaves none. */
function boundsOrProblem(aging: Aging, config: FlowLogAgingRangesConfig): Bounds | string {
  const { api } = aging;
  const min = Math.max(api.min, config[aging.min]);
  const max = Math.min(api.max, config[aging.max]);
  if (min > max) {
    return configProblem(FLOW_LOG_AGING_RANGES, `${aging.min} ${config[aging.min]} is greater than ${aging.max} ${config[aging.max]}`);
  }
  const narrowed = min !== api.min || max !== api.max;
  return { min, max, origin: narrowed ? ` (policy config; the API allows ${api.min} to ${api.max})` : "" };
}

function boundsOf(aging: Aging, config: FlowLogAgingRangesConfig): Bounds {
  const bounds = boundsOrProblem(aging, config);
  if (typeof bounds === "string") throw configError(bounds);
  return bounds;
}

/** What is wrong with a config of this policy (checked once per run, when the engine configures the pack). */
export function flowLogAgingRangesConfigProblems(config: Partial<FlowLogAgingRangesConfig>): string[] {
  const full = { ...flowLogAgingRangesDefaults(), ...config };
  return agings().flatMap((a) => {
    const bounds = boundsOrProblem(a, full);
    return typeof bounds === "string" ? [bounds] : [];
  });
}

const configSchema = once((): PolicyConfigSchema => ({
  properties: Object.fromEntries(
    agings().flatMap((a) => [
      [
        a.min,
        {
          type: "integer",
          minimum: a.api.min,
          maximum: a.api.max,
          default: a.api.min,
          description: `Lowest allowed ${a.field}, in seconds.`,
        },
      ],
      [
        a.max,
        {
          type: "integer",
          minimum: a.api.min,
          maximum: a.api.max,
          default: a.api.max,
          description: `Highest allowed ${a.field}, in seconds.`,
        },
      ],
    ]),
  ),
}));

/** The violation for one aging field, or undefined. Unknown values (preview) are never violations. */
function checkAging(props: Props, aging: Aging, bounds: Bounds): string | undefined {
  const value = props[aging.field];
  if (isUnknown(value)) return undefined;
  const range = `the allowed range ${bounds.min} to ${bounds.max} seconds${bounds.origin}`;
  if (value === undefined || value === null) {
    const fallback = aging.api.default;
    if (fallback >= bounds.min && fallback <= bounds.max) return undefined;
    return `${aging.field} is not set, so the API default ${fallback} applies, which is outside ${range}`;
  }
  if (typeof value !== "number" || !Number.isInteger(value)) {
    return `${aging.field} ${schema.describeValue(value)} is not an integer; use a value in ${range}`;
  }
  const validForApi = schema.flowLogFieldSchemas[aging.field].safeParse(value).success;
  if (!validForApi || value < bounds.min || value > bounds.max) {
    return `${aging.field} ${value} is outside ${range}`;
  }
  return undefined;
}

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
    return configSchema();
  },
  validateResource: validateFlowLog((args, reportViolation) => {
    const config = settings(args, flowLogAgingRangesDefaults());
    const props = known(args.props);
    for (const aging of agings()) {
      const problem = checkAging(props, aging, boundsOf(aging, config));
      if (problem) reportViolation(`${flowLogLabel(args.name)}: ${problem}`);
    }
  }),
  remediateResource: remediateFlowLog((args) => {
    const config = settings(args, flowLogAgingRangesDefaults());
    const props = known(args.props);
    let changed = false;
    for (const aging of agings()) {
      const { min, max } = boundsOf(aging, config);
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
