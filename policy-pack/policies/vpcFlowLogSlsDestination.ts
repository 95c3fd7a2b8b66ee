import { resourcePolicy } from "./define";
import type { Subject } from "./subject";
import { configProblem, quoteList, schema } from "./util";

export const VPC_FLOW_LOG_SLS_DESTINATION = "vpc-flowlog-sls-destination";

/** Config of `vpc-flowlog-sls-destination`. Empty lists mean "any". */
export interface VpcFlowLogSlsDestinationConfig {
  /** SLS projects VPC flow logs may deliver to, e.g. the org's audit project. Default `[]`: any. */
  allowedProjectNames: string[];
  /** Logstores VPC flow logs may deliver to. Default `[]`: any. */
  allowedLogStoreNames: string[];
}

export const vpcFlowLogSlsDestinationDefaults = (): VpcFlowLogSlsDestinationConfig => ({
  allowedProjectNames: [],
  allowedLogStoreNames: [],
});

/** The destination fields, with the setting that limits each and what it is. */
const FIELDS = [
  { field: "projectName", setting: "allowedProjectNames", what: "SLS project" },
  { field: "logStoreName", setting: "allowedLogStoreNames", what: "SLS Logstore" },
] as const;

/** What is wrong with a config of this policy: a name SLS does not take (the provider's naming rules). */
export function vpcFlowLogSlsDestinationConfigProblems(config: Partial<VpcFlowLogSlsDestinationConfig>): string[] {
  const full = { ...vpcFlowLogSlsDestinationDefaults(), ...config };
  return FIELDS.flatMap(({ field, setting, what }) =>
    full[setting]
      .filter((name) => !schema.vpcFlowLogFieldSchemas[field].safeParse(name).success)
      .map((name) => configProblem(VPC_FLOW_LOG_SLS_DESTINATION, `${setting} entry ${JSON.stringify(name)} is not an ${what} name`)),
  );
}

function problems(subject: Subject, config: VpcFlowLogSlsDestinationConfig): string[] {
  const out: string[] = [];
  for (const { field, setting, what } of FIELDS) {
    if (subject.unseen(field)) continue;
    const value = subject.props[field];
    const name = subject.field(field);
    if (value === undefined || value === null || value === "") {
      out.push(`${name} is not set: a VPC flow log delivers its records to an ${what}, so name one`);
      continue;
    }
    const parsed = schema.vpcFlowLogFieldSchemas[field].safeParse(value);
    if (!parsed.success) {
      out.push(`${name} ${schema.describeValue(value)} is not an ${what} name`);
      continue;
    }
    const allowed = config[setting];
    if (allowed.length > 0 && !allowed.includes(value as string)) {
      out.push(`${name} ${JSON.stringify(value)} is not allowed: deliver to ${quoteList(allowed)} (policy config ${setting})`);
    }
  }
  return out;
}

/**
 * Checks that VPC flow logs (`vpc.FlowLog`, the bridged `alicloud.vpc.FlowLog`; same prop names)
 * name their SLS destination, a project and a Logstore (SLS naming rules from the provider's field
 * table), and, with config, only the organization's projects and Logstores, e.g. the central audit
 * project. The project is in the flow log's region (`allowed-regions` judges the region).
 */
export const vpcFlowLogSlsDestinationPolicy = resourcePolicy<VpcFlowLogSlsDestinationConfig>({
  name: VPC_FLOW_LOG_SLS_DESTINATION,
  description: "Checks that VPC flow logs deliver to an SLS project and Logstore, and only to the ones the organization allows.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set projectName and logStoreName to the organization's SLS project and Logstore for flow logs (see allowedProjectNames and " +
    "allowedLogStoreNames in the org config). The project must exist in the flow log's region.",
  kinds: ["vpc.FlowLog"],
  settings: {
    defaults: vpcFlowLogSlsDestinationDefaults,
    configProblems: vpcFlowLogSlsDestinationConfigProblems,
    configSchema: () => ({
      properties: {
        allowedProjectNames: {
          type: "array",
          items: { type: "string", minLength: 3, maxLength: 63 },
          uniqueItems: true,
          default: [],
          description: "SLS projects VPC flow logs may deliver to; empty: any.",
        },
        allowedLogStoreNames: {
          type: "array",
          items: { type: "string", minLength: 3, maxLength: 63 },
          uniqueItems: true,
          default: [],
          description: "SLS Logstores VPC flow logs may deliver to; empty: any.",
        },
      },
    }),
  },
  validate: (subject, config, report) => {
    for (const problem of problems(subject, config)) report(`${subject.label}: ${problem}`);
  },
});
