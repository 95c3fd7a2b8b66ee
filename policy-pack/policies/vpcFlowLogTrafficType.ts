import type { TrafficType } from "pulumi-alicloud-traffic/dist/provider/schema";
import { resourcePolicy } from "./define";
import { emptyListProblems, quoteList, schema } from "./util";

export const VPC_FLOW_LOG_TRAFFIC_TYPE = "vpc-flowlog-traffic-type";

/** Config of `vpc-flowlog-traffic-type`. */
export interface VpcFlowLogTrafficTypeConfig {
  /**
   * Traffic types VPC flow logs may record. Default `["All"]`: accepted and rejected traffic, as an
   * audit needs both. `["All", "Drop"]` also allows flow logs of rejected traffic only.
   */
  allowedTrafficTypes: TrafficType[];
}

export const vpcFlowLogTrafficTypeDefaults = (): VpcFlowLogTrafficTypeConfig => ({ allowedTrafficTypes: ["All"] });

/** What is wrong with a config of this policy: an empty list. */
export function vpcFlowLogTrafficTypeConfigProblems(config: Partial<VpcFlowLogTrafficTypeConfig>): string[] {
  const { allowedTrafficTypes } = { ...vpcFlowLogTrafficTypeDefaults(), ...config };
  return emptyListProblems(VPC_FLOW_LOG_TRAFFIC_TYPE, "allowedTrafficTypes", allowedTrafficTypes);
}

/**
 * Checks that VPC flow logs (`vpc.FlowLog`, the bridged `alicloud.vpc.FlowLog`) record an allowed
 * traffic type: by default `All`, so that both accepted and rejected traffic are on record. An unset
 * traffic type counts as the API default, `All`.
 */
export const vpcFlowLogTrafficTypePolicy = resourcePolicy<VpcFlowLogTrafficTypeConfig>({
  name: VPC_FLOW_LOG_TRAFFIC_TYPE,
  description: "Checks that VPC flow logs record an allowed traffic type (by default All: accepted and rejected traffic).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    'Set trafficType to one of the allowed types the message names (by default "All"). A replacement follows: this package ' +
    "creates the new flow log before it deletes the old one.",
  kinds: ["vpc.FlowLog"],
  settings: {
    defaults: vpcFlowLogTrafficTypeDefaults,
    configProblems: vpcFlowLogTrafficTypeConfigProblems,
    configSchema: () => ({
      properties: {
        allowedTrafficTypes: {
          type: "array",
          items: { type: "string", enum: [...schema.TRAFFIC_TYPES] },
          minItems: 1,
          uniqueItems: true,
          default: vpcFlowLogTrafficTypeDefaults().allowedTrafficTypes,
          description: "Traffic types VPC flow logs may record (All, Allow, Drop).",
        },
      },
    }),
  },
  validate: (subject, { allowedTrafficTypes }, report) => {
    if (subject.unseen("trafficType")) return;
    const value = subject.props.trafficType;
    const type = value === undefined || value === null ? "All" : value;
    if (allowedTrafficTypes.includes(type as TrafficType)) return;
    const shown = value === undefined || value === null ? 'not set, so the API default "All" applies, which' : JSON.stringify(type);
    report(
      `${subject.label}: ${subject.field("trafficType")} ${shown} is not allowed: record ${quoteList(allowedTrafficTypes)} ` +
        "(policy config allowedTrafficTypes)",
    );
  },
});
