import type { StackValidationPolicy } from "@pulumi/policy";
import { byUrn, flowLogLabel, isUnknown, known, validateFlowLogsInStack } from "./util";

export const FLOW_LOG_UNIQUE_NAMES = "flowlog-unique-names";

/**
 * Checks, across the stack, that no two flow logs in a region share a `name`: the console, the API
 * listing and alerts show names only. (Idempotency tokens cannot collide within a stack: the
 * provider derives them from project, stack, type, resource name and parent URN, and URNs are
 * unique. Policies could not see them anyway: the engine hides `__` inputs from analyzers.)
 */
export const flowLogUniqueNamesPolicy: StackValidationPolicy = {
  name: FLOW_LOG_UNIQUE_NAMES,
  description: "Checks that flow log names are unique per region within the stack.",
  enforcementLevel: "mandatory",
  severity: "medium",
  validateStack: validateFlowLogsInStack((flowLogs, reportViolation) => {
    const byName = new Map<string, string>();
    for (const resource of byUrn(flowLogs)) {
      const { name, region } = known(resource.props);
      if (typeof name === "string" && typeof region === "string" && !isUnknown(name) && !isUnknown(region)) {
        const key = `${region}\u0000${name}`;
        const first = byName.get(key);
        if (first === undefined) byName.set(key, resource.name);
        else {
          reportViolation(
            `${flowLogLabel(resource.name)}: name ${JSON.stringify(name)} is already used in ${region} by ${flowLogLabel(first)}: ` +
              `give each flow log in a region its own name`,
            resource.urn,
          );
        }
      }
    }
  }),
};
