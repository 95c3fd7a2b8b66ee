/**
 * Inputs of `vpc.TrafficMirrorFilter`: a traffic mirror filter with its inbound and outbound rules
 * inline. Sources: the CreateTrafficMirrorFilter, CreateTrafficMirrorFilterRules and
 * UpdateTrafficMirrorFilterRuleAttribute API reference (vpc 2016-04-28) and the official SDK models
 * (`@alicloud/vpc20160428`): priority 1–10, protocol ALL | ICMP | TCP | UDP, action accept | drop,
 * port ranges `start/end` (`-1/-1` = every port, the only value of ALL and ICMP rules), at most 10
 * rules per direction, names 1–128 and descriptions 1–256 characters not starting with http(s)://
 * (1–230 in the program: the provider's idempotency marker takes the rest).
 *
 * Pure: no Pulumi runtime, no I/O (the policy pack loads it).
 */
import { isIPv4 } from "net";
import type { z } from "zod";
import { FieldIssue, isUnknown } from "./common";
import { FILTER_RULE_PRIORITY, RULES_PER_DIRECTION, RULE_ACTIONS, RULE_PROTOCOLS } from "./values";
import {
  CheckedInputs,
  FieldTable,
  Flat,
  REGION_REQUIRED,
  Zod,
  absent,
  field,
  fieldIssues,
  fieldNames,
  fillDefaults,
  integerIn,
  oneOf,
  OutputTable,
  vpcText,
  schemasOf,
} from "./fieldTable";
import { trafficMirrorServiceFields } from "./trafficMirrorService";
import { MARKER_LENGTH } from "../internal/marker";

/** Every port: what the API reports for ALL and ICMP rules, and the default of TCP and UDP ones. */
export const ALL_PORTS = "-1/-1";
/** Every IPv4 address: the default source and destination. */
export const ANY_CIDR = "0.0.0.0/0";
export const MIRROR_NAME_MAX_LENGTH = 128;
/** The API's limit for a filter's or session's description. */
export const MIRROR_DESCRIPTION_MAX_LENGTH = 256;
/**
 * The limit for the description a program sets: the provider appends its idempotency marker
 * ` [pulumi:<token>]` (26 characters, `provider/internal/marker.ts`) in the cloud, within the API's 256.
 */
export const MIRROR_USER_DESCRIPTION_MAX_LENGTH = MIRROR_DESCRIPTION_MAX_LENGTH - MARKER_LENGTH;

/** `start/end` with 1 ≤ start ≤ end ≤ 65535, or `-1/-1`. */
export function isPortRange(v: string): boolean {
  if (v === ALL_PORTS) return true;
  const m = /^([1-9]\d{0,4})\/([1-9]\d{0,4})$/.exec(v);
  return m !== null && Number(m[1]) <= Number(m[2]) && Number(m[2]) <= 65535;
}

/** An IPv4 CIDR block (`10.0.0.0/24`). */
export function isIpv4Cidr(v: string): boolean {
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(v);
  return m !== null && isIPv4(m[1]!) && Number(m[2]) <= 32;
}

const portsApply = (protocol: unknown) => protocol === "TCP" || protocol === "UDP";

const cidr = (z: Zod) =>
  z
    .string({ error: 'must be an IPv4 CIDR block such as "10.0.0.0/24"' })
    .refine(isIpv4Cidr, { error: 'must be an IPv4 CIDR block such as "10.0.0.0/24" (0.0.0.0/0: every address)' });
const portRange = (z: Zod) =>
  z.string({ error: 'must be a port range such as "80/443"' }).refine(isPortRange, {
    error: 'must be a port range "start/end" with 1 <= start <= end <= 65535, such as "80/443" ("-1/-1": every port)',
  });

/**
 * A rule's members, the nested rows of `ingressRules` / `egressRules`: each one's rule and its name on the
 * wire (CreateTrafficMirrorFilter `IngressRules.N.<wire>`, CreateTrafficMirrorFilterRules, the rules of a
 * ListTrafficMirrorFilters item; UpdateTrafficMirrorFilterRuleAttribute calls `action` `RuleAction`).
 */
export const filterRuleFields = {
  priority: {
    doc: "1–10, unique within the direction; 1 is matched first. Identifies the rule: a new priority is a new rule.",
    rule: () => integerIn(FILTER_RULE_PRIORITY, " (1 is matched first)"),
    wire: "Priority",
    numeric: true,
  },
  protocol: { doc: "`ALL`, `ICMP`, `TCP` or `UDP`.", rule: () => oneOf(RULE_PROTOCOLS), wire: "Protocol" },
  action: { doc: "`accept` (mirror the packet) or `drop`.", rule: () => oneOf(RULE_ACTIONS), wire: "Action", updateWire: "RuleAction" },
  sourceCidrBlock: { doc: "IPv4 CIDR block; default `0.0.0.0/0`.", rule: cidr, wire: "SourceCidrBlock" },
  destinationCidrBlock: { doc: "IPv4 CIDR block; default `0.0.0.0/0`.", rule: cidr, wire: "DestinationCidrBlock" },
  sourcePortRange: {
    doc: '`start/end` with 1 ≤ start ≤ end ≤ 65535 (`"80/443"`), TCP and UDP only; default `-1/-1` (every port).',
    rule: portRange,
    wire: "SourcePortRange",
  },
  destinationPortRange: { doc: "As `sourcePortRange`.", rule: portRange, wire: "DestinationPortRange" },
} as const satisfies Record<string, RuleMember>;

/** A member of a nested row: its rule and its wire names. */
export interface RuleMember {
  rule: (z: Zod) => z.ZodType;
  /** What it means and takes, for the reference docs. */
  doc: string;
  wire: string;
  /** Its name in the action that updates one row, where it differs. */
  updateWire?: string;
  numeric?: true;
}

/** The members of a rule, as the wire mapping reads them. */
export const FILTER_RULE_MEMBERS: ReadonlyArray<[keyof typeof filterRuleFields, RuleMember]> = Object.entries(filterRuleFields) as Array<
  [keyof typeof filterRuleFields, RuleMember]
>;

/** One rule (its members from `filterRuleFields`). Source and destination default to every address and every port. */
const filterRule = (z: Zod) =>
  z
    .object(
      {
        priority: filterRuleFields.priority.rule(),
        protocol: filterRuleFields.protocol.rule(),
        action: filterRuleFields.action.rule(),
        sourceCidrBlock: filterRuleFields.sourceCidrBlock.rule(z).optional(),
        destinationCidrBlock: filterRuleFields.destinationCidrBlock.rule(z).optional(),
        sourcePortRange: filterRuleFields.sourcePortRange.rule(z).optional(),
        destinationPortRange: filterRuleFields.destinationPortRange.rule(z).optional(),
      },
      {
        error:
          "must be a rule: { priority, protocol, action, sourceCidrBlock?, destinationCidrBlock?, sourcePortRange?, destinationPortRange? }",
      },
    )
    .strict()
    .superRefine((rule, ctx) => {
      if (isUnknown(rule.protocol) || portsApply(rule.protocol)) return;
      for (const key of ["sourcePortRange", "destinationPortRange"] as const) {
        const v = rule[key];
        if (v !== undefined && !isUnknown(v) && v !== ALL_PORTS) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `applies only to TCP and UDP rules; leave it out for protocol ${rule.protocol}`,
          });
        }
      }
    });

export type FilterRule = z.output<ReturnType<typeof filterRule>>;

/**
 * A direction's rules: at most 10, each priority once. The count is checked in the same refinement
 * as the priorities (zod's `.max` would stop the other checks), so every problem is reported at once.
 */
const rules = (z: Zod) =>
  z.array(filterRule(z), { error: "must be a list of rules" }).superRefine((rules, ctx) => {
    if (rules.length > RULES_PER_DIRECTION) {
      ctx.addIssue({ code: "custom", message: `must hold at most ${RULES_PER_DIRECTION} rules (the API's limit per direction)` });
    }
    const seen = new Map<unknown, number>();
    rules.forEach((rule, i) => {
      const p = (rule as { priority?: unknown } | undefined)?.priority;
      if (typeof p !== "number") return;
      const first = seen.get(p);
      if (first === undefined) seen.set(p, i);
      else
        ctx.addIssue({
          code: "custom",
          path: [i, "priority"],
          message: `is already the priority of rule [${first}]: priorities are unique within a direction`,
        });
    });
  });

/** The field table (see `fieldTable.ts`). Rules have no wire name: the provider sends them per rule. */
export const trafficMirrorFilterFields = {
  region: trafficMirrorServiceFields.region,
  name: field(() => vpcText(MIRROR_NAME_MAX_LENGTH), {
    doc: "1–128 characters, not starting with `http://` or `https://`.",
    examples: ["web", "web-and-api"],
    wire: "TrafficMirrorFilterName",
    group: "core",
    presence: "optional",
    change: "update",
    // The API keeps a name it is not sent (UpdateTrafficMirrorFilterAttribute is a partial update).
    absent: "leave",
  }),
  description: field(() => vpcText(MIRROR_USER_DESCRIPTION_MAX_LENGTH), {
    doc: "1–230 characters, not starting with `http://` or `https://` (the API allows 256; the provider appends its 26-character idempotency marker).",
    examples: ["web traffic", "web and api traffic"],
    wire: "TrafficMirrorFilterDescription",
    group: "core",
    presence: "optional",
    change: "update",
    absent: "leave",
  }),
  ingressRules: field(rules, {
    doc: "Inbound rules (see the rule table), at most 10, each priority once; a rule is identified by its direction and priority. Rules change in place, never by replacing the filter.",
    examples: [
      [
        { priority: 1, protocol: "TCP", action: "accept", destinationPortRange: "443/443" },
        { priority: 2, protocol: "ALL", action: "drop" },
      ],
      [{ priority: 1, protocol: "TCP", action: "accept", destinationPortRange: "80/443" }],
    ],
    group: "core",
    default: [] as FilterRule[],
    presence: "defaulted",
    change: "update",
    compare: "deep",
  }),
  egressRules: field(rules, {
    doc: "Outbound rules, as `ingressRules`.",
    examples: [
      [
        { priority: 1, protocol: "ALL", action: "accept" },
        { priority: 2, protocol: "UDP", action: "drop", destinationPortRange: "53/53" },
      ],
      [{ priority: 1, protocol: "ICMP", action: "drop" }],
    ],
    group: "core",
    default: [] as FilterRule[],
    presence: "defaulted",
    change: "update",
    compare: "deep",
  }),
} as const satisfies FieldTable;

export type TrafficMirrorFilterFields = typeof trafficMirrorFilterFields;
export type TrafficMirrorFilterField = keyof TrafficMirrorFilterFields;
export const TRAFFIC_MIRROR_FILTER_FIELDS = fieldNames(trafficMirrorFilterFields);
/** The outputs that are not inputs (see `OutputSpec`). */
export const trafficMirrorFilterOutputs = {
  trafficMirrorFilterId: { wire: "TrafficMirrorFilterId", id: true, doc: "The filter's id (`tmf-...`), also the resource id." },
  status: { wire: "TrafficMirrorFilterStatus", doc: "`Created` once the filter and its rules are in effect." },
  ingressRuleIds: { doc: "The inbound rules' ids, in priority order." },
  egressRuleIds: { doc: "The outbound rules' ids, in priority order." },
} as const satisfies OutputTable;
export const TRAFFIC_MIRROR_FILTER_OUTPUTS = fieldNames(trafficMirrorFilterOutputs);

/** Each field's rule alone (what the policies check single values against). */
export const trafficMirrorFilterFieldSchemas = schemasOf(trafficMirrorFilterFields);

export type TrafficMirrorFilterInputs = Flat<CheckedInputs<TrafficMirrorFilterFields>>;

/**
 * A rule with its defaults filled as the API reports it: every address, every port, and `-1/-1`
 * ports for ALL and ICMP. Unknown members stay unknown.
 */
export function normalizeRule(rule: FilterRule): Required<FilterRule> {
  const ports = (v: string | undefined) => (portsApply(rule.protocol) || isUnknown(rule.protocol) ? (v ?? ALL_PORTS) : ALL_PORTS);
  return {
    priority: rule.priority,
    protocol: rule.protocol,
    action: rule.action,
    sourceCidrBlock: rule.sourceCidrBlock ?? ANY_CIDR,
    destinationCidrBlock: rule.destinationCidrBlock ?? ANY_CIDR,
    sourcePortRange: ports(rule.sourcePortRange),
    destinationPortRange: ports(rule.destinationPortRange),
  };
}

/** A direction's rules normalized and in priority order (the order does not matter to the API). */
export function normalizeRules(rules: unknown): unknown {
  if (!Array.isArray(rules) || rules.some((r) => r === null || typeof r !== "object")) return rules;
  const normalized = (rules as FilterRule[]).map(normalizeRule);
  if (normalized.some((r) => typeof r.priority !== "number")) return normalized;
  return normalized.sort((a, b) => a.priority - b.priority);
}

/** Defaults filled and rules normalized (applied by `check`; leaves unknowns alone). */
export function withTrafficMirrorFilterDefaults<R extends Record<string, unknown>>(raw: R): R {
  const out: Record<string, unknown> = fillDefaults(trafficMirrorFilterFields, raw, () => true);
  for (const key of ["ingressRules", "egressRules"]) out[key] = normalizeRules(out[key]);
  return out as R;
}

export function validateTrafficMirrorFilterInputs(raw: Readonly<Record<string, unknown>>): FieldIssue[] {
  return [...(absent(raw.region) ? [REGION_REQUIRED] : []), ...fieldIssues(trafficMirrorFilterFields, raw)];
}
