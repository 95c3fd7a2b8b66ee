import type { StackValidationPolicy } from "@pulumi/policy";
import { byUrn, flowLogLabel, isUnknown, known, validateFlowLogsInStack } from "./util";

export const FLOW_LOG_UNIQUE_SAG_ASSOCIATION = "flowlog-unique-sag-association";

/**
 * Checks, across the stack, that no Smart Access Gateway is listed in the `smartAgIds` of two flow
 * logs. The API lets a SAG feed one flow log only, so the second association would fail midway
 * through `pulumi up`; this finds the conflict in preview.
 */
export const flowLogUniqueSagAssociationPolicy: StackValidationPolicy = {
  name: FLOW_LOG_UNIQUE_SAG_ASSOCIATION,
  description: "Checks that each Smart Access Gateway is associated with at most one flow log in the stack.",
  enforcementLevel: "mandatory",
  severity: "medium",
  validateStack: validateFlowLogsInStack((flowLogs, reportViolation) => {
    const owners = new Map<string, string>();
    for (const resource of byUrn(flowLogs)) {
      const ids = known(resource.props).smartAgIds;
      if (!Array.isArray(ids)) continue;
      for (const id of new Set(ids)) {
        if (typeof id !== "string" || isUnknown(id)) continue;
        const first = owners.get(id);
        if (first === undefined) {
          owners.set(id, resource.name);
        } else {
          reportViolation(
            `SAG ${JSON.stringify(id)} is listed in ${flowLogLabel(first)} and ${flowLogLabel(resource.name)}: ` +
              `a SAG can feed only one flow log, so remove it from one of them`,
            resource.urn,
          );
        }
      }
    }
  }),
};
