import { resourcePolicy } from "./define";

export const FLOW_LOG_STATUS_ACTIVE = "flowlog-status-active";

/**
 * Checks that flow logs are not deployed `Inactive`, since an inactive flow log records nothing
 * while looking like coverage: SAG flow logs (`sag.FlowLog`, the bridged
 * `alicloud.sag.SmartagFlowLog`) and VPC flow logs (`vpc.FlowLog`, the bridged `alicloud.vpc.FlowLog`),
 * all with a `status` of `Active` or `Inactive`. An unset status is fine: new flow logs start Active.
 *
 * Advisory by default (pausing a flow log can be deliberate). Remediation sets `status: "Active"`.
 */
export const flowLogStatusActivePolicy = resourcePolicy({
  name: FLOW_LOG_STATUS_ACTIVE,
  description: "Checks that flow logs are Active, so that they record traffic.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps:
    'Set status to "Active" (or leave it unset: new flow logs start Active), or remove the flow log if it is no longer wanted. ' +
    "At enforcement level remediate the pack sets it itself.",
  kinds: ["sag.FlowLog", "vpc.FlowLog"],
  validate: (subject, _config, report) => {
    if (subject.unseen("status")) return;
    if (subject.props.status === "Inactive") {
      report(
        `${subject.label}: ${subject.field("status")} is "Inactive", so it records no traffic: set ${subject.field("status")} to "Active" or remove the flow log`,
      );
    }
  },
  remediate: (subject) => (subject.props.status === "Inactive" ? { status: "Active" } : undefined),
});
