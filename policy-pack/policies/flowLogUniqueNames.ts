import { onlyFor, stackPolicy } from "./define";

export const FLOW_LOG_UNIQUE_NAMES = "flowlog-unique-names";

const KINDS = ["sag.FlowLog", "vpc.FlowLog"] as const;

/**
 * Checks, across the stack, that no two flow logs of one family (SAG flow logs: `sag.FlowLog` and
 * the bridged `alicloud.sag.SmartagFlowLog`, `flowLogName`; VPC flow logs: `vpc.FlowLog` and the
 * bridged `alicloud.vpc.FlowLog`, `flowLogName`) in a region share a name: the console, the API
 * listing and alerts show names only. A bridged flow log without a name is skipped (the API names
 * it by its id). (Idempotency tokens cannot collide within a stack: the provider derives them from
 * project, stack, type, resource name and parent URN, and URNs are unique. Policies could not see
 * them anyway: the engine hides `__` inputs from analyzers.)
 */
export const flowLogUniqueNamesPolicy = stackPolicy({
  name: FLOW_LOG_UNIQUE_NAMES,
  description: "Checks that flow log names are unique per region within the stack.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: "Give each flow log in a region its own name (name in this package, flowLogName in @pulumi/alicloud).",
  validate: (context, _config, report) => {
    const flowLogs = context.subjects(KINDS);
    if (flowLogs.length === 0) return context.args.notApplicable(onlyFor(KINDS));
    const byName = new Map<string, string>();
    for (const flowLog of flowLogs) {
      if (flowLog.unseen("name") || flowLog.unseen("region")) continue;
      const { name, region } = flowLog.props;
      if (typeof name !== "string" || typeof region !== "string") continue;
      const key = `${flowLog.kind}\u0000${region}\u0000${name}`;
      const first = byName.get(key);
      if (first === undefined) byName.set(key, flowLog.label);
      else {
        report(
          `${flowLog.label}: ${flowLog.field("name")} ${JSON.stringify(name)} is already used in ${region} by ${first}: ` +
            `give each flow log in a region its own name`,
          flowLog.urn,
        );
      }
    }
  },
});
