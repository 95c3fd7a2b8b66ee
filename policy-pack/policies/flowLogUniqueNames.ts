import { StackValidationPolicy, validateStackResourcesOfType } from "@pulumi/policy";
import { sag } from "pulumi-alicloud-traffic";
import { byUrn, flowLogLabel, isUnknown, known } from "./util";

export const FLOW_LOG_UNIQUE_NAMES = "flowlog-unique-names";

/**
 * Checks, across the stack, that flow logs are told apart the way the provider and people tell
 * them apart:
 * - no two flow logs in a region share a `name` (the console, the API listing and alerts show
 *   names only);
 * - no two flow logs share an idempotency token. The provider derives the token from project,
 *   stack, type and resource name, so two flow logs with the same resource name under different
 *   parents share it, and a retried create of one could adopt the other.
 */
export const requireUniqueFlowLogNames: StackValidationPolicy = {
  name: FLOW_LOG_UNIQUE_NAMES,
  description: "Checks that flow log names are unique per region within the stack, and that no two flow logs share an idempotency token.",
  enforcementLevel: "mandatory",
  severity: "medium",
  validateStack: validateStackResourcesOfType(sag.FlowLog, (_flowLogs, args, reportViolation) => {
    const byName = new Map<string, string>();
    const byToken = new Map<string, string>();
    for (const resource of byUrn(args.resources)) {
      const { name, region, __token: token } = known(resource.props);
      if (typeof name === "string" && typeof region === "string" && !isUnknown(name) && !isUnknown(region)) {
        const key = `${region}\u0000${name}`;
        const first = byName.get(key);
        if (first === undefined) byName.set(key, resource.name);
        else {
          reportViolation(
            `${flowLogLabel(resource.name)}: name ${JSON.stringify(name)} is already used in ${region} by ${flowLogLabel(first)}: give each flow log in a region its own name`,
            resource.urn,
          );
        }
      }
      if (typeof token === "string" && !isUnknown(token)) {
        const first = byToken.get(token);
        if (first === undefined) byToken.set(token, resource.name);
        else {
          reportViolation(
            `${flowLogLabel(resource.name)} has the same idempotency token as ${flowLogLabel(first)} (the same resource name under different parents): rename one, or a retried create may adopt the other's flow log`,
            resource.urn,
          );
        }
      }
    }
  }),
};
