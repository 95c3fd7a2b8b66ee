import type { OutputType } from "pulumi-alicloud-traffic/dist/provider/schema";
import { resourcePolicy } from "./define";
import type { Subject } from "./subject";
import { emptyListProblems, enumListProperty, quoteList, schema } from "./util";

export const FLOW_LOG_REQUIRED_OUTPUT_SETTINGS = "flowlog-required-output-settings";

/** Config of `flowlog-required-output-settings`. */
export interface FlowLogRequiredOutputSettingsConfig {
  /**
   * Output types flow logs may use. Default: all of `sls`, `netflow`, `all`. An organization that
   * wants every flow record in Log Service allows `["sls", "all"]`.
   */
  allowedOutputTypes: OutputType[];
}

/** The defaults: every output type of the provider's schema. */
export const flowLogRequiredOutputSettingsDefaults = (): FlowLogRequiredOutputSettingsConfig => ({
  allowedOutputTypes: [...schema.OUTPUT_TYPES],
});

/** What is wrong with a config of this policy (checked once per run, when the engine configures the pack). */
export function flowLogRequiredOutputSettingsConfigProblems(config: Partial<FlowLogRequiredOutputSettingsConfig>): string[] {
  const { allowedOutputTypes } = { ...flowLogRequiredOutputSettingsDefaults(), ...config };
  return emptyListProblems(FLOW_LOG_REQUIRED_OUTPUT_SETTINGS, "allowedOutputTypes", allowedOutputTypes);
}

/** The fields whose rules this policy enforces for an output type (the rules are the schema's). */
function fieldsFor(outputType: unknown): string[] {
  const fields = new Set<string>(["outputType"]);
  if (schema.usesSls(outputType)) schema.SLS_FIELDS.forEach((f) => fields.add(f));
  if (schema.usesNetflow(outputType)) schema.NETFLOW_FIELDS.forEach((f) => fields.add(f));
  return [...fields];
}

function problems(subject: Subject, config: FlowLogRequiredOutputSettingsConfig): string[] {
  const { props } = subject;
  // An output type the policy cannot see leaves every rule open: noted, not judged.
  if (subject.unseen("outputType")) return [];
  const relevant = fieldsFor(props.outputType).filter((f) => !subject.unseen(f));
  const seen = new Set<string>();
  const out: string[] = [];
  // The schema skips unknown values (a value the policy cannot see reads as one).
  for (const issue of schema.validateFlowLogInputs(props)) {
    if (!relevant.includes(issue.field) || seen.has(issue.field)) continue;
    seen.add(issue.field);
    const name = subject.field(issue.field);
    const missing = issue.value === undefined || issue.value === null;
    out.push(missing ? `${name} ${issue.rule}` : schema.formatIssue({ ...issue, field: name }));
  }
  const outputType = props.outputType;
  if (!seen.has("outputType") && !config.allowedOutputTypes.includes(outputType as OutputType)) {
    out.push(
      `${subject.field("outputType")} ${JSON.stringify(outputType)} is not allowed: ` +
        `use one of ${quoteList(config.allowedOutputTypes)} (policy config allowedOutputTypes)`,
    );
  }
  return out;
}

/**
 * Checks that a SAG flow log (`sag.FlowLog`, the bridged `alicloud.sag.SmartagFlowLog`) has a
 * destination it can deliver to: for `sls`/`all` the SLS region, project and logstore; for
 * `netflow`/`all` a valid collector IP, a port from 1 to 65535 and a version of V5, V9 or V10
 * (port and version have documented defaults). Config `allowedOutputTypes` limits the output
 * types, e.g. to make every flow log land in SLS. (VPC flow logs: `vpc-flowlog-sls-destination`.)
 *
 * Remediation: fills the documented NetFlow defaults (port 9995, version V9) when the output type
 * sends NetFlow and they are unset.
 */
export const flowLogRequiredOutputSettingsPolicy = resourcePolicy<FlowLogRequiredOutputSettingsConfig>({
  name: FLOW_LOG_REQUIRED_OUTPUT_SETTINGS,
  description:
    "Checks that flow logs set every destination field their output type needs " +
    "(SLS region, project and logstore; NetFlow collector IP, port and version) and use an allowed output type.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set the destination fields the message names: slsRegionId, projectName and logstoreName for sls or all; netflowServerIp " +
    "(and optionally netflowServerPort, netflowVersion) for netflow or all. Use an outputType the org config allows.",
  kinds: ["sag.FlowLog"],
  settings: {
    defaults: flowLogRequiredOutputSettingsDefaults,
    configProblems: flowLogRequiredOutputSettingsConfigProblems,
    configSchema: () => ({
      properties: {
        allowedOutputTypes: enumListProperty(schema.OUTPUT_TYPES, "Output types flow logs may use (sls, netflow, all)."),
      },
    }),
  },
  validate: (subject, config, report) => {
    for (const problem of problems(subject, config)) report(`${subject.label}: ${problem}`);
  },
  remediate: (subject) => {
    const { props } = subject;
    if (schema.containsUnknown(props.outputType) || !schema.usesNetflow(props.outputType)) return undefined;
    const changes: Record<string, unknown> = {};
    if (props.netflowServerPort === undefined || props.netflowServerPort === null)
      changes.netflowServerPort = schema.NETFLOW_SERVER_PORT.default;
    if (props.netflowVersion === undefined || props.netflowVersion === null) changes.netflowVersion = schema.DEFAULT_NETFLOW_VERSION;
    return Object.keys(changes).length > 0 ? changes : undefined;
  },
});
