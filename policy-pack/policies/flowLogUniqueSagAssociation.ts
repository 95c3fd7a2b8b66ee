import { BRIDGED } from "./bridged";
import { onlyFor, stackPolicy } from "./define";
import { schema } from "./util";

export const FLOW_LOG_UNIQUE_SAG_ASSOCIATION = "flowlog-unique-sag-association";

/** Why the bridged SAG flow log is out of this policy's reach (the mapping's own words). */
export const BRIDGED_SAG_NO_ASSOCIATION =
  `alicloud:sag/smartagFlowLog:SmartagFlowLog has no SAG association: ` +
  BRIDGED["alicloud:sag/smartagFlowLog:SmartagFlowLog"].unmapped.smartAgIds;

/**
 * Checks, across the stack, that no Smart Access Gateway is listed in the `smartAgIds` of two flow
 * logs. The API lets a SAG feed one flow log only, so the second association would fail midway
 * through `pulumi up`; this finds the conflict in preview.
 *
 * Not applicable to the bridged `alicloud.sag.SmartagFlowLog`: it has no SAG association (no
 * input, and no bridged resource associates one), so there is nothing to compare. A stack of
 * bridged SAG flow logs only reports the policy as not applicable with that reason.
 */
export const flowLogUniqueSagAssociationPolicy = stackPolicy({
  name: FLOW_LOG_UNIQUE_SAG_ASSOCIATION,
  description: "Checks that each Smart Access Gateway is associated with at most one flow log in the stack.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: "Remove the SAG from the smartAgIds of one of the two flow logs: a SAG feeds one flow log only.",
  validate: (context, _config, report) => {
    const all = context.subjects(["sag.FlowLog"]);
    const flowLogs = all.filter((s) => !s.bridged);
    if (flowLogs.length === 0) return context.args.notApplicable(all.length > 0 ? BRIDGED_SAG_NO_ASSOCIATION : onlyFor(["sag.FlowLog"]));
    const owners = new Map<string, string>();
    for (const flowLog of flowLogs) {
      // An entry the policy cannot see is noted and skipped; the others are still compared.
      flowLog.unseen("smartAgIds");
      const ids = flowLog.props.smartAgIds;
      if (!Array.isArray(ids)) continue;
      for (const id of new Set(ids)) {
        if (typeof id !== "string" || schema.containsUnknown(id)) continue;
        const first = owners.get(id);
        if (first === undefined) {
          owners.set(id, flowLog.label);
        } else {
          report(
            `SAG ${JSON.stringify(id)} is listed in ${first} and ${flowLog.label}: ` +
              `a SAG can feed only one flow log, so remove it from one of them`,
            flowLog.urn,
          );
        }
      }
    }
  },
});
