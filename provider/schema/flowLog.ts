/**
 * The one definition of a Smart Access Gateway flow log's inputs: types, ranges, defaults and the
 * fields each output type requires. The provider's `check` and the policy pack both use it, so a
 * rule changes in one place.
 *
 * Sources: the CreateFlowLog API reference (smartag 2018-03-13; see README "Sources"), and the SLS
 * naming rules for projects and logstores. Where the API is silent (name/description length), the
 * limits are ours and say so in their message.
 */
import { z } from "zod";
import { FieldIssue, REGION_PATTERN, isUnknown } from "./common";

/** Regions with a smartag endpoint (`smartag.<region>.aliyuncs.com`, SDK endpoint map). */
export const SMARTAG_REGIONS = [
  "cn-hangzhou",
  "cn-shanghai",
  "cn-shanghai-finance-1",
  "cn-hongkong",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-5",
  "ap-northeast-1",
  "eu-central-1",
] as const;

export const OUTPUT_TYPES = ["sls", "netflow", "all"] as const;
export type OutputType = (typeof OUTPUT_TYPES)[number];

export const NETFLOW_VERSIONS = ["V5", "V9", "V10"] as const;
export type NetflowVersion = (typeof NETFLOW_VERSIONS)[number];

export const FLOW_LOG_STATUSES = ["Active", "Inactive"] as const;
export type FlowLogStatus = (typeof FLOW_LOG_STATUSES)[number];

/** Documented ranges and defaults (CreateFlowLog request parameters). */
export const ACTIVE_AGING = { min: 60, max: 6000, default: 300 } as const;
export const INACTIVE_AGING = { min: 10, max: 600, default: 15 } as const;
export const NETFLOW_SERVER_PORT = { min: 1, max: 65535, default: 9995 } as const;
export const DEFAULT_NETFLOW_VERSION: NetflowVersion = "V9";

/** Our limits where the API documents none (kept generous; see README "Resource reference"). */
export const NAME_MAX_LENGTH = 128;
/** Room is left for the idempotency marker the provider appends (see `provider/sag/marker.ts`). */
export const DESCRIPTION_MAX_LENGTH = 200;

/** SAG instance ids: `sag-` followed by lowercase letters and digits. */
export const SMART_AG_ID_PATTERN = /^sag-[a-z0-9]{6,32}$/;

/** Which destination fields each output type needs (CreateFlowLog: "required if sls or all" ...). */
export const SLS_FIELDS = ["slsRegionId", "projectName", "logstoreName"] as const;
export const NETFLOW_FIELDS = ["netflowServerIp", "netflowServerPort", "netflowVersion"] as const;

export function usesSls(outputType: unknown): boolean {
  return outputType === "sls" || outputType === "all";
}
export function usesNetflow(outputType: unknown): boolean {
  return outputType === "netflow" || outputType === "all";
}

const noControlChars = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

const integerIn = (range: { min: number; max: number }, unit: string) =>
  z
    .number({ error: `must be an integer from ${range.min} to ${range.max}${unit}` })
    .int({ error: `must be an integer from ${range.min} to ${range.max}${unit}` })
    .min(range.min, { error: `must be an integer from ${range.min} to ${range.max}${unit}` })
    .max(range.max, { error: `must be an integer from ${range.min} to ${range.max}${unit}` });

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });

/**
 * Per-field rules. Each is checked only when the field is present and known, so the same rules
 * serve `check` (preview with unknowns) and policies (which see checked inputs).
 */
export const flowLogFieldSchemas = {
  region: z
    .string({ error: "must be a region id string such as \"cn-hangzhou\"" })
    .refine((r) => (SMARTAG_REGIONS as readonly string[]).includes(r), {
      error: `must be a region with Smart Access Gateway flow logs: ${SMARTAG_REGIONS.join(", ")}`,
    }),
  name: z
    .string({ error: `must be a string of 1 to ${NAME_MAX_LENGTH} characters` })
    .min(1, { error: `must be a string of 1 to ${NAME_MAX_LENGTH} characters` })
    .max(NAME_MAX_LENGTH, { error: `must be a string of 1 to ${NAME_MAX_LENGTH} characters` })
    .refine(noControlChars, { error: "must not contain control characters" }),
  description: z
    .string({ error: `must be a string of at most ${DESCRIPTION_MAX_LENGTH} characters` })
    .max(DESCRIPTION_MAX_LENGTH, { error: `must be a string of at most ${DESCRIPTION_MAX_LENGTH} characters` })
    .refine(noControlChars, { error: "must not contain control characters" })
    .refine((s) => !s.includes("[pulumi:"), { error: "must not contain \"[pulumi:\", which marks the idempotency token" }),
  outputType: oneOf(OUTPUT_TYPES),
  activeAging: integerIn(ACTIVE_AGING, " (seconds)"),
  inactiveAging: integerIn(INACTIVE_AGING, " (seconds)"),
  slsRegionId: z
    .string({ error: "must be a region id string such as \"cn-shanghai\"" })
    .regex(REGION_PATTERN, { error: "must be a region id such as \"cn-shanghai\"" }),
  // SLS naming rules: https://help.aliyun.com/zh/sls/ (Project and Logstore naming conventions).
  projectName: z
    .string({ error: "must be an SLS project name" })
    .regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, {
      error: "must be an SLS project name: 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
    }),
  logstoreName: z
    .string({ error: "must be an SLS logstore name" })
    .regex(/^[a-z0-9][a-z0-9_-]{0,61}[a-z0-9]$/, {
      error: "must be an SLS logstore name: 2 to 63 lowercase letters, digits, hyphens and underscores, starting and ending with a letter or digit",
    }),
  netflowServerIp: z.ipv4({ error: "must be an IPv4 address such as \"10.0.0.5\"" }),
  netflowServerPort: integerIn(NETFLOW_SERVER_PORT, ""),
  netflowVersion: oneOf(NETFLOW_VERSIONS),
  status: oneOf(FLOW_LOG_STATUSES),
  smartAgIds: z
    .array(
      z.string({ error: "each entry must be an SAG instance id such as \"sag-0nnteglqtr6t5j\"" }).regex(SMART_AG_ID_PATTERN, {
        error: "each entry must be an SAG instance id such as \"sag-0nnteglqtr6t5j\"",
      }),
      { error: "must be a list of SAG instance ids" },
    )
    .refine((ids) => new Set(ids).size === ids.length, { error: "must not list the same SAG twice" }),
} satisfies Record<string, z.ZodType>;

export type FlowLogField = keyof typeof flowLogFieldSchemas;
export const FLOW_LOG_FIELDS = Object.keys(flowLogFieldSchemas) as FlowLogField[];

/** Every input of sag.FlowLog (the settings plus `adoptId`), and the outputs the API computes. */
export const FLOW_LOG_INPUTS: readonly string[] = [...FLOW_LOG_FIELDS, "adoptId"];
export const FLOW_LOG_COMPUTED_OUTPUTS = ["flowLogId", "resourceGroupId", "totalSagNum"] as const;

/** The plain, fully known inputs after defaults are filled (what `check` hands to create/update). */
export interface FlowLogInputs {
  region: string;
  name: string;
  description?: string;
  outputType: OutputType;
  activeAging: number;
  inactiveAging: number;
  slsRegionId?: string;
  projectName?: string;
  logstoreName?: string;
  netflowServerIp?: string;
  netflowServerPort?: number;
  netflowVersion?: NetflowVersion;
  status?: FlowLogStatus;
  smartAgIds?: string[];
}

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
  // A missing or invalid output type says nothing about which fields are used: all are checked.
  const decided = isUnknown(outputType) || (OUTPUT_TYPES as readonly unknown[]).includes(outputType);
  const unused = (field: string) =>
    opts.forCheck === true &&
    decided &&
    (((SLS_FIELDS as readonly string[]).includes(field) && (isUnknown(outputType) || !usesSls(outputType))) ||
      ((NETFLOW_FIELDS as readonly string[]).includes(field) && (isUnknown(outputType) || !usesNetflow(outputType))));
  for (const field of FLOW_LOG_FIELDS) {
    const value = raw[field];
    if (value === undefined || value === null || isUnknown(value) || unused(field)) continue;
    if (field === "smartAgIds" && Array.isArray(value) && value.some(isUnknown)) {
      // Known entries are still checked one by one.
      value.forEach((entry, i) => {
        if (isUnknown(entry)) return;
        const r = flowLogFieldSchemas.smartAgIds.element.safeParse(entry);
        if (!r.success) issues.push({ field: `smartAgIds[${i}]`, value: entry, rule: r.error.issues[0].message });
      });
      continue;
    }
    const result = (flowLogFieldSchemas[field] as z.ZodType).safeParse(value);
    if (!result.success) {
      const first = result.error.issues[0];
      const index = first.path.length > 0 && typeof first.path[0] === "number" ? `[${first.path[0]}]` : "";
      const entryValue = index ? (value as unknown[])[first.path[0] as number] : value;
      issues.push({ field: `${field}${index}`, value: entryValue, rule: first.message });
    }
  }
  if (raw.outputType === undefined || raw.outputType === null) {
    issues.push({ field: "outputType", value: undefined, rule: `is required: one of "sls", "netflow", "all"` });
  }
  if (opts.requireRegion && (raw.region === undefined || raw.region === null)) {
    issues.push({
      field: "region",
      value: undefined,
      rule: "is required: set the region input, stack config alicloud:region, or ALICLOUD_REGION",
    });
  }
  if (!isUnknown(outputType)) {
    // Port and version have documented defaults, so only the IP and the SLS fields can be missing.
    const required: string[] = [];
    if (usesSls(outputType)) required.push(...SLS_FIELDS);
    if (usesNetflow(outputType)) required.push("netflowServerIp");
    for (const field of required) {
      if (raw[field] === undefined || raw[field] === null || raw[field] === "") {
        const rule = `is required when outputType is "${String(outputType)}"`;
        const earlier = opts.forCheck ? issues.findIndex((i) => i.field === field) : -1;
        // One message for an empty required field: required, and what a value must look like.
        if (earlier >= 0) issues[earlier] = { field, value: raw[field], rule: `${rule}: ${issues[earlier]!.rule}` };
        else issues.push({ field, value: raw[field], rule });
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
  const out: Record<string, unknown> = { ...raw };
  if (out.activeAging === undefined || out.activeAging === null) out.activeAging = ACTIVE_AGING.default;
  if (out.inactiveAging === undefined || out.inactiveAging === null) out.inactiveAging = INACTIVE_AGING.default;
  if (usesNetflow(out.outputType)) {
    if (out.netflowServerPort === undefined || out.netflowServerPort === null) out.netflowServerPort = NETFLOW_SERVER_PORT.default;
    if (out.netflowVersion === undefined || out.netflowVersion === null) out.netflowVersion = DEFAULT_NETFLOW_VERSION;
  }
  for (const key of Object.keys(out)) if (out[key] === null) delete out[key];
  return out as T;
}
