import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { flowLogLabel, isUnknown, known, once, regionListProperty, schema, settings, trafficMirrorServiceLabel } from "./util";

export const ALLOWED_REGIONS = "allowed-regions";

/** Config of `allowed-regions`. Empty lists mean "no restriction". */
export interface AllowedRegionsConfig {
  /** Regions where flow logs and traffic mirroring may be set up. Default `[]`: any region. */
  allowedRegions: string[];
  /**
   * Regions whose Log Service (SLS) may receive flow records (`slsRegionId`), for data residency.
   * Default `[]`: the same list as `allowedRegions`.
   */
  allowedSlsRegions: string[];
}

export const allowedRegionsDefaults: AllowedRegionsConfig = { allowedRegions: [], allowedSlsRegions: [] };

const configSchema = once((): PolicyConfigSchema => ({
  properties: {
    allowedRegions: regionListProperty("Regions where flow logs and traffic mirroring may be set up; empty: any region."),
    allowedSlsRegions: regionListProperty("Regions whose SLS may receive flow records; empty: the allowedRegions list."),
  },
}));

function notAllowed(label: string, field: string, value: unknown, allowed: string[], configKey: string): string {
  return `${label}: ${field} ${JSON.stringify(value)} is not allowed: use one of ${allowed.join(", ")} (policy config ${configKey})`;
}

/**
 * Checks that flow logs and traffic mirroring are set up only in the organization's regions, and
 * that flow records sent to Log Service stay in the allowed regions (data residency).
 */
export const allowedRegionsPolicy: ResourceValidationPolicy = {
  name: ALLOWED_REGIONS,
  description: "Checks that flow logs, their SLS destinations and traffic mirroring use only the regions the organization allows.",
  enforcementLevel: "mandatory",
  severity: "high",
  get configSchema() {
    return configSchema();
  },
  validateResource: (args, reportViolation) => {
    const isFlowLog = args.type === schema.FLOW_LOG_TYPE;
    if (!isFlowLog && args.type !== schema.TRAFFIC_MIRROR_SERVICE_TYPE) {
      return args.notApplicable(`Policy only applies to ${schema.FLOW_LOG_TYPE} and ${schema.TRAFFIC_MIRROR_SERVICE_TYPE}`);
    }
    const { allowedRegions, allowedSlsRegions } = settings(args, allowedRegionsDefaults);
    const slsRegions = allowedSlsRegions.length > 0 ? allowedSlsRegions : allowedRegions;
    const slsKey = allowedSlsRegions.length > 0 ? "allowedSlsRegions" : "allowedRegions";
    if (allowedRegions.length === 0 && slsRegions.length === 0) return args.notApplicable("No regions are configured");

    const props = known(args.props);
    const label = isFlowLog ? flowLogLabel(args.name) : trafficMirrorServiceLabel(args.name);
    const region = props.region;
    if (allowedRegions.length > 0 && typeof region === "string" && !isUnknown(region) && !allowedRegions.includes(region)) {
      reportViolation(notAllowed(label, "region", region, allowedRegions, "allowedRegions"));
    }
    const sls = props.slsRegionId;
    if (
      isFlowLog &&
      slsRegions.length > 0 &&
      schema.usesSls(props.outputType) &&
      typeof sls === "string" &&
      !isUnknown(sls) &&
      !slsRegions.includes(sls)
    ) {
      reportViolation(notAllowed(label, "slsRegionId", sls, slsRegions, slsKey));
    }
  },
};
