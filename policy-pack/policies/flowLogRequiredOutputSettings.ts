import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import type { OutputType } from "pulumi-alicloud-traffic/dist/provider/schema";
import {
  Props,
  checkedSettings,
  emptyListProblems,
  enumListProperty,
  flowLogLabel,
  isUnknown,
  known,
  once,
  quoteList,
  remediateFlowLog,
  schema,
  validateFlowLog,
} from "./util";

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
function fieldsFor(outputType: unknown): Set<string> {
  const fields = new Set<string>(["outputType"]);
  if (schema.usesSls(outputType)) schema.SLS_FIELDS.forEach((f) => fields.add(f));
  if (schema.usesNetflow(outputType)) schema.NETFLOW_FIELDS.forEach((f) => fields.add(f));
  return fields;
}

function problems(props: Props, config: FlowLogRequiredOutputSettingsConfig): string[] {
  const relevant = fieldsFor(props.outputType);
  const seen = new Set<string>();
  const out: string[] = [];
  // The schema skips unknown values and the rules that depend on an unknown outputType.
  for (const issue of schema.validateFlowLogInputs(props)) {
    if (!relevant.has(issue.field) || seen.has(issue.field)) continue;
    seen.add(issue.field);
    const missing = issue.value === undefined || issue.value === null;
    out.push(missing ? `${issue.field} ${issue.rule}` : schema.formatIssue(issue));
  }
  const outputType = props.outputType;
  if (!seen.has("outputType") && !isUnknown(outputType) && !config.allowedOutputTypes.includes(outputType as OutputType)) {
    out.push(
      `outputType ${JSON.stringify(outputType)} is not allowed: ` +
        `use one of ${quoteList(config.allowedOutputTypes)} (policy config allowedOutputTypes)`,
    );
  }
  return out;
}

const configSchema = once((): PolicyConfigSchema => ({
  properties: {
    allowedOutputTypes: enumListProperty(schema.OUTPUT_TYPES, "Output types flow logs may use (sls, netflow, all)."),
  },
}));

/**
 * Checks that a flow log has a destination it can deliver to: for `sls`/`all` the SLS region,
 * project and logstore; for `netflow`/`all` a valid collector IP, a port from 1 to 65535 and a
 * version of V5, V9 or V10 (port and version have documented defaults). Config
 * `allowedOutputTypes` limits the output types, e.g. to make every flow log land in SLS.
 *
 * Remediation: fills the documented NetFlow defaults (port 9995, version V9) when the output type
 * sends NetFlow and they are unset.
 */
export const flowLogRequiredOutputSettingsPolicy: ResourceValidationPolicy = {
  name: FLOW_LOG_REQUIRED_OUTPUT_SETTINGS,
  description:
    "Checks that flow logs set every destination field their output type needs " +
    "(SLS region, project and logstore; NetFlow collector IP, port and version) and use an allowed output type.",
  enforcementLevel: "mandatory",
  severity: "high",
  get configSchema() {
    return configSchema();
  },
  validateResource: validateFlowLog((args, reportViolation) => {
    const config = checkedSettings(args, flowLogRequiredOutputSettingsDefaults(), flowLogRequiredOutputSettingsConfigProblems);
    for (const problem of problems(known(args.props), config)) reportViolation(`${flowLogLabel(args.name)}: ${problem}`);
  }),
  remediateResource: remediateFlowLog((args) => {
    const props = known(args.props);
    if (!schema.usesNetflow(props.outputType)) return undefined;
    let changed = false;
    if (props.netflowServerPort === undefined || props.netflowServerPort === null) {
      args.props.netflowServerPort = schema.NETFLOW_SERVER_PORT.default;
      changed = true;
    }
    if (props.netflowVersion === undefined || props.netflowVersion === null) {
      args.props.netflowVersion = schema.DEFAULT_NETFLOW_VERSION;
      changed = true;
    }
    return changed ? args.props : undefined;
  }),
};
