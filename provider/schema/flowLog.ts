/**
 * The one definition of a Smart Access Gateway flow log's inputs: types, ranges, defaults and the
 * fields each output type requires. The provider's `check` and the policy pack both use it, so a
 * rule changes in one place.
 *
 * Sources: the CreateFlowLog API reference (smartag 2018-03-13; see README "Sources"), and the SLS
 * naming rules for projects and logstores. Where the API is silent (name/description length), the
 * limits are ours and say so in their message.
 */
import { FieldIssue, REGION_PATTERN, isUnknown } from "./common";
import {
  ACTIVE_AGING,
  DEFAULT_NETFLOW_VERSION,
  FLOW_LOG_STATUSES,
  INACTIVE_AGING,
  NAME_MAX_LENGTH,
  NETFLOW_SERVER_PORT,
  NETFLOW_VERSIONS,
  OUTPUT_TYPES,
  SMARTAG_REGIONS,
} from "./values";
import {
  CheckedInputs,
  FieldSpec,
  FieldTable,
  Flat,
  GroupInUse,
  REGION_REQUIRED,
  Zod,
  absent,
  field,
  fieldIssues,
  fieldNames,
  fieldsOfGroup,
  fillDefaults,
  integerField,
  missingRequired,
  oneOf,
  OutputTable,
  schemasOf,
} from "./fieldTable";

/** Room is left for the idempotency marker the provider appends (see `provider/sag/marker.ts`). */
export const DESCRIPTION_MAX_LENGTH = 200;

/** SAG instance ids: `sag-` followed by lowercase letters and digits. */
export const SMART_AG_ID_PATTERN = /^sag-[a-z0-9]{6,32}$/;

export function usesSls(outputType: unknown): boolean {
  return outputType === "sls" || outputType === "all";
}
export function usesNetflow(outputType: unknown): boolean {
  return outputType === "netflow" || outputType === "all";
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const noControlChars = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

const smartAgId = (z: Zod) =>
  z
    .string({ error: 'each entry must be an SAG instance id such as "sag-0nnteglqtr6t5j"' })
    .regex(SMART_AG_ID_PATTERN, { error: 'each entry must be an SAG instance id such as "sag-0nnteglqtr6t5j"' });

/**
 * The flow log's field table (see `fieldTable.ts`): per input, its rule, its CreateFlowLog /
 * ModifyFlowLogAttribute parameter, its group (`sls` and `netflow` fields apply only when
 * `outputType` sends there), its default and what a change does. Each rule is checked only when
 * the field is present and known, so the same rules serve `check` (preview, with unknowns) and the
 * policies (which see checked inputs).
 */
export const flowLogFields = {
  region: field(
    (z) =>
      z
        .string({ error: 'must be a region id string such as "cn-hangzhou"' })
        .refine((r) => (SMARTAG_REGIONS as readonly string[]).includes(r), {
          error: `must be a region with Smart Access Gateway flow logs: ${SMARTAG_REGIONS.join(", ")}`,
        }),
    // Sent as RegionId by the client; a flow log cannot move between regions.
    {
      doc: "A region with Smart Access Gateway: cn-hangzhou, cn-shanghai, cn-shanghai-finance-1, cn-hongkong, ap-southeast-1/2/3/5, ap-northeast-1, eu-central-1. A region taken from config is fixed when the flow log is created.",
      examples: ["cn-hangzhou", "cn-shanghai"],
      group: "core",
      presence: "defaulted",
      change: "replace",
    },
  ),
  name: field(
    (z) =>
      z
        .string({ error: `must be a string of 1 to ${NAME_MAX_LENGTH} characters` })
        .min(1, { error: `must be a string of 1 to ${NAME_MAX_LENGTH} characters` })
        .max(NAME_MAX_LENGTH, { error: `must be a string of 1 to ${NAME_MAX_LENGTH} characters` })
        .refine(noControlChars, { error: "must not contain control characters" }),
    // Defaulted: the resource class supplies an auto-name.
    {
      doc: "1–128 characters, no control characters (the API documents no limit; ours).",
      examples: ["edge-logs", "edge-logs-2"],
      wire: "Name",
      group: "core",
      presence: "defaulted",
      change: "update",
    },
  ),
  description: field(
    (z) =>
      z
        .string({ error: `must be a string of at most ${DESCRIPTION_MAX_LENGTH} characters` })
        .max(DESCRIPTION_MAX_LENGTH, { error: `must be a string of at most ${DESCRIPTION_MAX_LENGTH} characters` })
        .refine(noControlChars, { error: "must not contain control characters" })
        .refine((s) => !s.includes("[pulumi:"), { error: 'must not contain "[pulumi:", which marks the idempotency token' }),
    // On the wire it carries the idempotency marker (provider/sag/marker.ts).
    {
      doc: "At most 200 characters, without `[pulumi:` (the provider appends its idempotency marker in the cloud; outputs show the description without it).",
      examples: ["edge traffic", "edge traffic of every SAG"],
      wire: "Description",
      group: "core",
      presence: "optional",
      change: "update",
    },
  ),
  outputType: field(() => oneOf(OUTPUT_TYPES), {
    doc: "Where flow records go: `sls` (Log Service), `netflow` (a NetFlow collector) or `all` (both). Destination fields the output type does not use are ignored.",
    examples: ["all", "sls"],
    wire: "OutputType",
    group: "core",
    presence: "required",
    change: "update",
  }),
  activeAging: integerField(ACTIVE_AGING, " (seconds)", {
    doc: "Output interval for active flows, integer seconds 60–6000.",
    examples: [600, 900],
    wire: "ActiveAging",
    group: "core",
    default: ACTIVE_AGING.default,
    presence: "defaulted",
    change: "update",
  }),
  inactiveAging: integerField(INACTIVE_AGING, " (seconds)", {
    doc: "Output interval for inactive flows, integer seconds 10–600.",
    examples: [30, 60],
    wire: "InactiveAging",
    group: "core",
    default: INACTIVE_AGING.default,
    presence: "defaulted",
    change: "update",
  }),
  slsRegionId: field(
    (z) =>
      z
        .string({ error: 'must be a region id string such as "cn-shanghai"' })
        .regex(REGION_PATTERN, { error: 'must be a region id such as "cn-shanghai"' }),
    {
      doc: "Region of the SLS project, such as `cn-shanghai`.",
      requiredWhen: "`outputType` is `sls` or `all`",
      examples: ["cn-shanghai", "cn-hangzhou"],
      wire: "SlsRegionId",
      group: "sls",
      presence: "optional",
      change: "update",
    },
  ),
  // SLS naming rules: https://help.aliyun.com/zh/sls/ (Project and Logstore naming conventions).
  projectName: field(
    (z) =>
      z.string({ error: "must be an SLS project name" }).regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, {
        error: "must be an SLS project name: 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
      }),
    {
      doc: "SLS project: 3–63 of `a-z 0-9 -`, starting and ending with a letter or digit.",
      requiredWhen: "`outputType` is `sls` or `all`",
      examples: ["netlogs", "netlogs-edge"],
      wire: "ProjectName",
      group: "sls",
      presence: "optional",
      change: "update",
    },
  ),
  logstoreName: field(
    (z) =>
      z.string({ error: "must be an SLS logstore name" }).regex(/^[a-z0-9][a-z0-9_-]{0,61}[a-z0-9]$/, {
        error:
          "must be an SLS logstore name: 2 to 63 lowercase letters, digits, hyphens and underscores, " +
          "starting and ending with a letter or digit",
      }),
    {
      doc: "SLS Logstore: 2–63 of `a-z 0-9 - _`, starting and ending with a letter or digit.",
      requiredWhen: "`outputType` is `sls` or `all`",
      examples: ["sag", "sag_edge"],
      wire: "LogstoreName",
      group: "sls",
      presence: "optional",
      change: "update",
    },
  ),
  netflowServerIp: field((z) => z.ipv4({ error: 'must be an IPv4 address such as "10.0.0.5"' }), {
    doc: "IPv4 address of the NetFlow collector.",
    requiredWhen: "`outputType` is `netflow` or `all`",
    examples: ["10.0.0.5", "10.0.0.6"],
    wire: "NetflowServerIp",
    group: "netflow",
    presence: "optional",
    change: "update",
  }),
  netflowServerPort: integerField(NETFLOW_SERVER_PORT, "", {
    doc: "UDP port of the NetFlow collector, 1–65535.",
    examples: [2055, 9996],
    wire: "NetflowServerPort",
    group: "netflow",
    default: NETFLOW_SERVER_PORT.default,
    presence: "optional",
    change: "update",
  }),
  netflowVersion: field(() => oneOf(NETFLOW_VERSIONS), {
    doc: "`V5`, `V9` or `V10`.",
    examples: ["V10", "V5"],
    wire: "NetflowVersion",
    group: "netflow",
    default: DEFAULT_NETFLOW_VERSION,
    presence: "optional",
    change: "update",
  }),
  // Set by ActiveFlowLog / DeactiveFlowLog; left alone when the program omits it.
  status: field(() => oneOf(FLOW_LOG_STATUSES), {
    doc: "`Active` (sending) or `Inactive` (stopped); new flow logs start Active (ActiveFlowLog / DeactiveFlowLog).",
    examples: ["Inactive", "Active"],
    group: "core",
    presence: "optional",
    change: "update",
    absent: "leave",
  }),
  // Set by AssociateFlowLog / DisassociateFlowLog; left alone when omitted, `[]` means none.
  smartAgIds: field(
    (z) =>
      z
        .array(smartAgId(z), { error: "must be a list of SAG instance ids" })
        .refine((ids) => new Set(ids).size === ids.length, { error: "must not list the same SAG twice" }),
    {
      doc: "SAG instances (`sag-...`) whose traffic the flow log records, no repeats; a SAG feeds one flow log (Associate / DisassociateFlowLog for the difference; `[]`: none).",
      examples: [["sag-demohangzhou000001", "sag-demohangzhou000002"], ["sag-demohangzhou000003"]],
      group: "core",
      presence: "optional",
      change: "update",
      compare: "set",
      absent: "leave",
      unique: "a SAG feeds only one flow log (AssociateFlowLog: OperationFailed.AssociateFlowLog)",
    },
  ),
} as const satisfies FieldTable;

export type FlowLogFields = typeof flowLogFields;
export type FlowLogField = keyof FlowLogFields;
export const FLOW_LOG_FIELDS = fieldNames(flowLogFields);

/** Each field's rule alone (what the policies check single values against). */
export const flowLogFieldSchemas = schemasOf(flowLogFields);

/** The destination fields of each output type (CreateFlowLog: "required if sls or all" ...). */
export const SLS_FIELDS: readonly FlowLogField[] = fieldsOfGroup(flowLogFields, "sls");
export const NETFLOW_FIELDS: readonly FlowLogField[] = fieldsOfGroup(flowLogFields, "netflow");

/** Which groups a flow log's output type uses (`core` always). */
export const flowLogGroupsInUse =
  (outputType: unknown): GroupInUse =>
  (group) =>
    group === "core" || (group === "sls" && usesSls(outputType)) || (group === "netflow" && usesNetflow(outputType));

/** The outputs that are not inputs (see `OutputSpec`). `status` is an input too: the output reports it always. */
export const flowLogOutputs = {
  flowLogId: { wire: "FlowLogId", id: true, doc: "The flow log's id (`fl-...`), also the resource id." },
  resourceGroupId: { wire: "ResourceGroupId", doc: "The resource group Alibaba Cloud put the flow log in." },
  totalSagNum: { wire: "TotalSagNum", numeric: true, doc: "Number of SAG instances associated with the flow log." },
} as const satisfies OutputTable;

/** Every input of sag.FlowLog (the settings plus `adoptId`), and the outputs the API computes. */
export const FLOW_LOG_INPUTS: readonly string[] = [...FLOW_LOG_FIELDS, "adoptId"];
export const FLOW_LOG_COMPUTED_OUTPUTS = fieldNames(flowLogOutputs);

/** The plain, fully known inputs after defaults are filled (what `check` hands to create/update). */
export type FlowLogInputs = Flat<CheckedInputs<FlowLogFields>>;

/**
 * Validates raw inputs. Unknown values (preview) and absent optional fields are skipped; a rule
 * that depends on an unknown value (e.g. the fields `outputType` requires, when `outputType` is not
 * yet known) is skipped too, so preview never reports a false failure.
 */
export function validateFlowLogInputs(
  raw: Record<string, unknown>,
  opts: {
    requireRegion?: boolean;
    /**
     * The provider's `check`: skip the destination fields the output type does not use (they are
     * ignored: not sent, not diffed), also while the output type is unknown (the check at `up`
     * decides); and report an empty required field once ("is required ...: <rule>").
     */
    forCheck?: boolean;
  } = {},
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const outputType = raw.outputType;
  const inUse = flowLogGroupsInUse(outputType);
  // A missing or invalid output type says nothing about which fields are used: all are checked.
  const decided = isUnknown(outputType) || (OUTPUT_TYPES as readonly unknown[]).includes(outputType);
  const unused = (f: FlowLogField) => {
    const group = flowLogFields[f].group;
    return opts.forCheck === true && decided && group !== "core" && (isUnknown(outputType) || !inUse(group));
  };
  issues.push(...fieldIssues(flowLogFields, raw, (f) => unused(f as FlowLogField)), ...missingRequired(flowLogFields, raw));
  if (opts.requireRegion && absent(raw.region)) issues.push(REGION_REQUIRED);
  if (!isUnknown(outputType)) {
    // Destination fields of a group in use are required unless they have a documented default
    // (NetFlow port and version), so only the IP and the SLS fields can be missing.
    const required = FLOW_LOG_FIELDS.filter((f) => {
      const spec: FieldSpec = flowLogFields[f];
      return spec.group !== "core" && inUse(spec.group) && spec.default === undefined;
    });
    for (const f of required) {
      if (absent(raw[f]) || raw[f] === "") {
        const rule = `is required when outputType is "${String(outputType)}"`;
        const earlier = opts.forCheck ? issues.findIndex((i) => i.field === f) : -1;
        // One message for an empty required field: required, and what a value must look like.
        if (earlier >= 0) issues[earlier] = { field: f, value: raw[f], rule: `${rule}: ${issues[earlier]!.rule}` };
        else issues.push({ field: f, value: raw[f], rule });
      }
    }
  }
  return issues;
}

/**
 * Fills documented defaults so that a second preview shows no change: agings always, NetFlow port
 * and version when the output type sends NetFlow. Unknown values are left in place.
 */
export function withFlowLogDefaults<T extends Record<string, unknown>>(raw: T): T {
  return fillDefaults(flowLogFields, raw, flowLogGroupsInUse(raw.outputType));
}
