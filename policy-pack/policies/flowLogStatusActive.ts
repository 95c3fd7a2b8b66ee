import type { ResourceValidationPolicy } from "@pulumi/policy";
import { flowLogLabel, known, remediateFlowLog, validateFlowLog } from "./util";

export const FLOW_LOG_STATUS_ACTIVE = "flowlog-status-active";

/**
 * Checks that flow logs are not deployed `Inactive`, since an inactive flow log records nothing
 * while looking like coverage. An unset status is fine: new flow logs start Active.
 *
 * Advisory by default (pausing a flow log can be deliberate). Remediation sets `status: "Active"`.
 */
export const flowLogStatusActivePolicy: ResourceValidationPolicy = {
  name: FLOW_LOG_STATUS_ACTIVE,
  description: "Checks that flow logs are Active, so that they record traffic.",
  enforcementLevel: "advisory",
  severity: "low",
  validateResource: validateFlowLog((args, reportViolation) => {
    const { status } = known(args.props);
    if (status === "Inactive") {
      reportViolation(
        `${flowLogLabel(args.name)}: status is "Inactive", so it records no traffic: set status to "Active" or remove the flow log`,
      );
    }
  }),
  remediateResource: remediateFlowLog((args) => {
    if (known(args.props).status !== "Inactive") return undefined;
    args.props.status = "Active";
    return args.props;
  }),
};
