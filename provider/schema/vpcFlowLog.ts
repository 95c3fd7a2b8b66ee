/**
 * Inputs of `vpc.FlowLog` (VPC flow logs, vpc 2016-04-28): an ENI, a vSwitch or a whole VPC into an
 * SLS Logstore. Sources (shared/reference/vpc-flow-log-api.md): the CreateFlowLog,
 * ModifyFlowLogAttribute and DescribeFlowLogs models of `@alicloud/vpc20160428` 7.3.2 and the API pages:
 * resource types and traffic types as listed, AggregationInterval 1, 5 or 10 minutes (default 10),
 * TrafficPath values as listed (default `all`), names 1–128 and descriptions 1–256 characters not
 * starting with http(s)://, SLS project and Logstore naming rules, at most 20 tags (key 1–128, value
 * 0–128, neither starting with `aliyun` or `acs:` nor containing http(s)://). ModifyFlowLogAttribute
 * changes the name, description, aggregation interval and IP version; Active/DeactiveFlowLog the
 * status; TagResources/UnTagResources the tags; everything else replaces the flow log.
 *
 * Project and Logstore are required here (as in Terraform and the older API pages; the current one
 * marks them optional): a flow log delivers into them.
 *
 * Pure: no Pulumi runtime, no I/O (the policy pack loads it).
 */
import { FieldIssue, isUnknown } from "./common";
import {
  CheckedInputs,
  FieldTable,
  Flat,
  OutputTable,
  REGION_REQUIRED,
  absent,
  field,
  fieldIssues,
  fieldNames,
  fillDefaults,
  missingRequired,
  oneOf,
  schemasOf,
  vpcText,
} from "./fieldTable";
import { MIRROR_NAME_MAX_LENGTH, MIRROR_USER_DESCRIPTION_MAX_LENGTH } from "./trafficMirrorFilter";
import { trafficMirrorServiceFields } from "./trafficMirrorService";
import {
  AGGREGATION_INTERVALS,
  FLOW_LOG_STATUSES,
  IP_VERSIONS,
  TRAFFIC_PATHS,
  TRAFFIC_TYPES,
  TrafficPath,
  VPC_FLOW_LOG_RESOURCE_TYPES,
  VpcFlowLogResourceType,
} from "./values";

export const DEFAULT_AGGREGATION_INTERVAL = 10;
export const VPC_FLOW_LOG_TAGS_MAX = 20;

/** The id shape of each resource type (Alibaba's id prefixes, then lowercase letters and digits). */
export const RESOURCE_ID_PATTERNS: Record<VpcFlowLogResourceType, RegExp> = {
  NetworkInterface: /^eni-[a-z0-9]{6,32}$/,
  VSwitch: /^vsw-[a-z0-9]{6,32}$/,
  VPC: /^vpc-[a-z0-9]{6,32}$/,
};
const ANY_RESOURCE_ID = /^(eni|vsw|vpc)-[a-z0-9]{6,32}$/;
const RESOURCE_ID_ERROR = 'must be an ENI, vSwitch or VPC id ("eni-...", "vsw-...", "vpc-...")';

/** A tag key (1–128) or value (0–128 characters): not starting with `aliyun` or `acs:`, without http(s)://. */
const tagText = (v: string, min: number) => v.length >= min && v.length <= 128 && !/^(aliyun|acs:)/i.test(v) && !/https?:\/\//i.test(v);
const tagError = (what: string, min: number) =>
  `each tag ${what} must be ${min} to 128 characters, not starting with "aliyun" or "acs:" and without http:// or https://`;

/** DescribeFlowLogs' `TrafficPath: { TrafficPathList: [...] }`. */
const trafficPathsFromWire = (raw: unknown): unknown => (raw as { TrafficPathList?: unknown[] }).TrafficPathList ?? [];
/** Tags as CreateFlowLog takes them: `Tag.N.Key`, `Tag.N.Value`. */
const tagsToWire = (tags: unknown): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(tags as Record<string, string>).flatMap(([k, v], i) => [
      [`Tag.${i + 1}.Key`, k],
      [`Tag.${i + 1}.Value`, v],
    ]),
  );
/** DescribeFlowLogs' `Tags: { Tag: [{ Key, Value }] }` as an object. */
const tagsFromWire = (raw: unknown): unknown =>
  Object.fromEntries(((raw as { Tag?: Array<{ Key: string; Value: string }> }).Tag ?? []).map((t) => [t.Key, t.Value]));

/** The field table (see `fieldTable.ts`). */
export const vpcFlowLogFields = {
  region: trafficMirrorServiceFields.region,
  resourceType: field(() => oneOf(VPC_FLOW_LOG_RESOURCE_TYPES), {
    // Changing it alone would no longer match resourceId: one example.
    doc: "What it records: `NetworkInterface` (one ENI), `VSwitch` (every ENI in a vSwitch) or `VPC` (every ENI in a VPC).",
    examples: ["VPC"],
    wire: "ResourceType",
    group: "core",
    presence: "required",
    change: "replace",
  }),
  resourceId: field((z) => z.string({ error: RESOURCE_ID_ERROR }).regex(ANY_RESOURCE_ID, { error: RESOURCE_ID_ERROR }), {
    doc: "The ENI (`eni-...`), vSwitch (`vsw-...`) or VPC (`vpc-...`) of `resourceType`.",
    examples: ["vpc-demohangzhou0001", "vpc-demohangzhou0002"],
    wire: "ResourceId",
    group: "core",
    presence: "required",
    change: "replace",
  }),
  trafficType: field(() => oneOf(TRAFFIC_TYPES), {
    doc: "`All`, `Allow` (traffic access control allowed) or `Drop` (denied).",
    examples: ["Allow", "Drop"],
    wire: "TrafficType",
    group: "core",
    default: "All",
    presence: "defaulted",
    change: "replace",
  }),
  // SLS naming rules (the CreateFlowLog model's remarks).
  projectName: field(
    (z) =>
      z.string({ error: "must be an SLS project name" }).regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, {
        error: "must be an SLS project name: 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
      }),
    {
      doc: "SLS project: 3–63 of `a-z 0-9 -`, starting and ending with a letter or digit.",
      examples: ["flowlogs", "flowlogs-audit"],
      wire: "ProjectName",
      group: "core",
      presence: "required",
      change: "replace",
    },
  ),
  logStoreName: field(
    (z) =>
      z.string({ error: "must be an SLS Logstore name" }).regex(/^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/, {
        error:
          "must be an SLS Logstore name: 3 to 63 lowercase letters, digits, hyphens and underscores, starting and ending with a letter or digit",
      }),
    {
      doc: "SLS Logstore: 3–63 of `a-z 0-9 - _`, starting and ending with a letter or digit.",
      examples: ["vpc", "vpc_audit"],
      wire: "LogStoreName",
      group: "core",
      presence: "required",
      change: "replace",
    },
  ),
  aggregationInterval: field((z) => z.literal([...AGGREGATION_INTERVALS], { error: "must be 1, 5 or 10 (minutes)" }), {
    doc: "Minutes between flow records: 1, 5 or 10.",
    examples: [1, 5],
    wire: "AggregationInterval",
    group: "core",
    default: DEFAULT_AGGREGATION_INTERVAL,
    presence: "defaulted",
    change: "update",
    numeric: true,
  }),
  trafficPaths: field(
    (z) =>
      z
        .array(oneOf(TRAFFIC_PATHS), { error: "must be a list of traffic paths" })
        .min(1, { error: "must list at least one traffic path" })
        .refine((paths) => new Set(paths).size === paths.length, { error: "must not list the same traffic path twice" }),
    {
      doc: "Which paths are captured: `all`, `internetGateway`, `natGateway`, `vpnGateway`, `transitRouter`, `gatewayEndpoint`, `vbr`, `ecr`, `ipv4Gateway`, `gatewayLoadBalancerEndpoint`; no repeats (the API enables paths other than `all` on request).",
      examples: [["internetGateway", "natGateway"], ["vpnGateway"]],
      wire: "TrafficPath",
      group: "core",
      default: ["all"] as TrafficPath[],
      presence: "defaulted",
      change: "replace",
      compare: "set",
      decode: trafficPathsFromWire,
    },
  ),
  ipVersion: field(() => oneOf(IP_VERSIONS), {
    doc: "`IPv4` or `IPv6` (the API documents `IPv4`; `IPv6` is the emulator's reading).",
    examples: ["IPv6"],
    wire: "IpVersion",
    group: "core",
    default: "IPv4",
    presence: "defaulted",
    change: "update",
  }),
  name: field(() => vpcText(MIRROR_NAME_MAX_LENGTH), {
    // Defaulted: the resource class supplies an auto-name (a create without ClientToken looks itself up by it).
    doc: "1–128 characters, not starting with `http://` or `https://`.",
    examples: ["vpc-logs", "vpc-logs-audit"],
    wire: "FlowLogName",
    group: "core",
    presence: "defaulted",
    change: "update",
  }),
  description: field(() => vpcText(MIRROR_USER_DESCRIPTION_MAX_LENGTH), {
    // On the wire it carries the idempotency marker (provider/internal/marker.ts).
    doc: "1–230 characters, not starting with `http://` or `https://` (the provider appends its idempotency marker within the API's 256).",
    examples: ["every flow of the production VPC", "audit"],
    wire: "Description",
    group: "core",
    presence: "optional",
    change: "update",
  }),
  // Set by ActiveFlowLog / DeactiveFlowLog; left alone when the program omits it.
  status: field(() => oneOf(FLOW_LOG_STATUSES), {
    doc: "`Active` (recording) or `Inactive` (stopped); new flow logs start Active (ActiveFlowLog / DeactiveFlowLog, awaited).",
    examples: ["Inactive", "Active"],
    group: "core",
    presence: "optional",
    change: "update",
    absent: "leave",
  }),
  // Set by TagResources / UnTagResources (ResourceType FLOWLOG); on create, `Tag.N`. Left alone when omitted.
  tags: field(
    (z) =>
      z
        .record(z.string(), z.string({ error: tagError("value", 0) }), { error: "must be an object of tag keys to values" })
        .superRefine((tags, ctx) => {
          const entries = Object.entries(tags);
          if (entries.length > VPC_FLOW_LOG_TAGS_MAX)
            ctx.addIssue({ code: "custom", message: `must hold at most ${VPC_FLOW_LOG_TAGS_MAX} tags` });
          for (const [k, v] of entries) {
            if (!tagText(k, 1)) ctx.addIssue({ code: "custom", message: tagError("key", 1) });
            else if (typeof v === "string" && !tagText(v, 0)) ctx.addIssue({ code: "custom", path: [k], message: tagError("value", 0) });
          }
        }),
    {
      doc: "At most 20; keys 1–128 and values 0–128 characters, not starting with `aliyun` or `acs:`, without `http(s)://` (TagResources / UnTagResources; `{}`: none).",
      examples: [{ env: "prod", team: "network" }, { env: "audit" }],
      wire: "Tags",
      group: "core",
      presence: "optional",
      change: "update",
      compare: "deep",
      absent: "leave",
      modify: false,
      encode: tagsToWire,
      decode: tagsFromWire,
    },
  ),
} as const satisfies FieldTable;

export type VpcFlowLogFields = typeof vpcFlowLogFields;
export type VpcFlowLogField = keyof VpcFlowLogFields;
export const VPC_FLOW_LOG_FIELDS = fieldNames(vpcFlowLogFields);

/** The outputs that are not inputs (see `OutputSpec`). `status` is an input too: the output reports it always. */
export const vpcFlowLogOutputs = {
  flowLogId: {
    wire: "FlowLogId",
    id: true,
    doc: "The flow log's id (`fl-...`), also the resource id.",
  },
  businessStatus: {
    wire: "BusinessStatus",
    doc: "`Normal`, or `FinancialLocked` when the account has overdue payments.",
  },
  creationTime: {
    wire: "CreationTime",
    doc: "When it was created (UTC, `2022-01-21T03:08:50Z`).",
  },
  resourceGroupId: { wire: "ResourceGroupId", doc: "The resource group Alibaba Cloud put the flow log in." },
  deliverStatus: {
    wire: "FlowLogDeliverStatus",
    doc: "`SUCCESS`, or `FAILED` when records cannot be delivered (a missing project or Logstore).",
  },
} as const satisfies OutputTable;
export const VPC_FLOW_LOG_OUTPUTS = fieldNames(vpcFlowLogOutputs);

export const vpcFlowLogFieldSchemas = schemasOf(vpcFlowLogFields);

export type VpcFlowLogInputs = Flat<CheckedInputs<VpcFlowLogFields>>;

/** Defaults filled, traffic paths sorted (leaves unknowns alone). */
export function withVpcFlowLogDefaults<R extends Record<string, unknown>>(raw: R): R {
  const out: Record<string, unknown> = fillDefaults(vpcFlowLogFields, raw, () => true);
  if (Array.isArray(out.trafficPaths) && !out.trafficPaths.some(isUnknown)) out.trafficPaths = [...out.trafficPaths].sort();
  return out as R;
}

/** Every problem of the inputs (the region given or defaulted; the resource id of its type). */
export function validateVpcFlowLogInputs(raw: Readonly<Record<string, unknown>>): FieldIssue[] {
  const issues = [...(absent(raw.region) ? [REGION_REQUIRED] : []), ...missingRequired(vpcFlowLogFields, raw)];
  issues.push(...fieldIssues(vpcFlowLogFields, raw, (f) => issues.some((i) => i.field === f)));
  const type = raw.resourceType as VpcFlowLogResourceType;
  const id = raw.resourceId;
  if (
    typeof id === "string" &&
    !isUnknown(id) &&
    RESOURCE_ID_PATTERNS[type] &&
    ANY_RESOURCE_ID.test(id) &&
    !RESOURCE_ID_PATTERNS[type].test(id)
  ) {
    issues.push({
      field: "resourceId",
      value: id,
      rule: `must be the id of a ${type} (${RESOURCE_ID_PATTERNS[type].source.slice(1, 5)}...) for resourceType "${type}"`,
    });
  }
  return issues;
}
