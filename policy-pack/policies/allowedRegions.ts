import { resourcePolicy } from "./define";
import { regionListProperty, schema } from "./util";

export const ALLOWED_REGIONS = "allowed-regions";

/** Config of `allowed-regions`. Empty lists mean "no restriction". */
export interface AllowedRegionsConfig {
  /** Regions where flow logs and traffic mirroring may be set up. Default `[]`: any region. */
  allowedRegions: string[];
  /**
   * Regions whose Log Service (SLS) may receive SAG flow records (`slsRegionId`), for data residency.
   * Default `[]`: the same list as `allowedRegions`.
   */
  allowedSlsRegions: string[];
}

export const allowedRegionsDefaults: AllowedRegionsConfig = { allowedRegions: [], allowedSlsRegions: [] };

function notAllowed(field: string, value: unknown, allowed: string[], configKey: string): string {
  return `${field} ${JSON.stringify(value)} is not allowed: use one of ${allowed.join(", ")} (policy config ${configKey})`;
}

/**
 * Checks that flow logs and traffic mirroring are set up only in the organization's regions, and
 * that SAG flow records sent to Log Service stay in the allowed regions (data residency).
 *
 * Every resource of this package has a `region`. A bridged `@pulumi/alicloud` resource has none:
 * its region is its provider's, the stack config `alicloud:region` (which the policy reads from the
 * provider's inputs), or once created the `regionId` output of a VPC flow log. A provider whose
 * region comes from the environment (`ALICLOUD_REGION`) shows none, so the region is noted as not
 * checked. A VPC flow log delivers to SLS in its own region, so its region is its SLS region.
 */
export const allowedRegionsPolicy = resourcePolicy<AllowedRegionsConfig>({
  name: ALLOWED_REGIONS,
  description: "Checks that flow logs, their SLS destinations and traffic mirroring use only the regions the organization allows.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Deploy the resource in one of the allowed regions (this package: its region input; @pulumi/alicloud: the provider's " +
    "alicloud:region), and send SAG flow records to an SLS project in an allowed region (slsRegionId).",
  kinds: [
    "sag.FlowLog",
    "vpc.FlowLog",
    "vpc.FlowLogService",
    "vpc.TrafficMirrorService",
    "vpc.TrafficMirrorFilter",
    "vpc.TrafficMirrorFilterRule",
    "vpc.TrafficMirrorSession",
  ],
  settings: {
    defaults: () => allowedRegionsDefaults,
    configSchema: () => ({
      properties: {
        allowedRegions: regionListProperty("Regions where flow logs and traffic mirroring may be set up; empty: any region."),
        allowedSlsRegions: regionListProperty("Regions whose SLS may receive flow records; empty: the allowedRegions list."),
      },
    }),
  },
  inapplicableUnder: ({ allowedRegions, allowedSlsRegions }) =>
    allowedRegions.length === 0 && allowedSlsRegions.length === 0 ? "No regions are configured" : undefined,
  validate: (subject, { allowedRegions, allowedSlsRegions }, report) => {
    const slsRegions = allowedSlsRegions.length > 0 ? allowedSlsRegions : allowedRegions;
    const slsKey = allowedSlsRegions.length > 0 ? "allowedSlsRegions" : "allowedRegions";
    const { props } = subject;
    if (allowedRegions.length > 0 && !subject.unseen("region")) {
      const region = props.region;
      if (typeof region === "string" && !allowedRegions.includes(region)) {
        report(`${subject.label}: ${notAllowed(subject.field("region"), region, allowedRegions, "allowedRegions")}`);
      }
    }
    if (subject.kind !== "sag.FlowLog" || slsRegions.length === 0) return;
    if (subject.unseen("outputType") || !schema.usesSls(props.outputType) || subject.unseen("slsRegionId")) return;
    const sls = props.slsRegionId;
    if (typeof sls === "string" && !slsRegions.includes(sls)) {
      report(`${subject.label}: ${notAllowed(subject.field("slsRegionId"), sls, slsRegions, slsKey)}`);
    }
  },
});
