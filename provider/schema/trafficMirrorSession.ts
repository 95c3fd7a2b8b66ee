/**
 * Inputs of `vpc.TrafficMirrorSession`: mirrors the traffic of source ENIs, through a filter, to a
 * target ENI or internal SLB instance. Sources: the CreateTrafficMirrorSession and
 * UpdateTrafficMirrorSessionAttribute API reference (vpc 2016-04-28) and the official SDK models
 * (`@alicloud/vpc20160428` CreateTrafficMirrorSessionRequest / UpdateTrafficMirrorSessionAttributeRequest):
 * priority 1–32766, VirtualNetworkId 0–16777215 (system-allocated when not given), PacketLength
 * 64–8500 (default 1500), Enabled default false, target type NetworkInterface | SLB. Every attribute
 * but the region is accepted by UpdateTrafficMirrorSessionAttribute, and sources are added and
 * removed by actions of their own, so nothing else replaces the session.
 *
 * Pure: no Pulumi runtime, no I/O (the policy pack loads it).
 */
import { FieldIssue, isUnknown } from "./common";
import { PACKET_LENGTH, SESSION_PRIORITY, TARGET_TYPES, TargetType, VIRTUAL_NETWORK_ID } from "./values";
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
  integerField,
  missingRequired,
  oneOf,
  OutputTable,
  vpcText,
  schemasOf,
} from "./fieldTable";
import { MIRROR_NAME_MAX_LENGTH, MIRROR_USER_DESCRIPTION_MAX_LENGTH } from "./trafficMirrorFilter";
import { trafficMirrorServiceFields } from "./trafficMirrorService";

export const ENI_ID_PATTERN = /^eni-[a-z0-9]{6,32}$/;
export const SLB_ID_PATTERN = /^lb-[a-z0-9]{6,32}$/;
export const FILTER_ID_PATTERN = /^tmf-[a-z0-9]{6,32}$/;

const eniId = (z: Zod) =>
  z
    .string({ error: 'each entry must be an ENI id such as "eni-j6c2fp57q8rr47rp"' })
    .regex(ENI_ID_PATTERN, { error: 'each entry must be an ENI id such as "eni-j6c2fp57q8rr47rp"' });

/** The target type a target id implies (`lb-...` is an SLB instance, `eni-...` an ENI). */
export function targetTypeOf(targetId: unknown): TargetType | undefined {
  if (typeof targetId !== "string" || isUnknown(targetId)) return undefined;
  return SLB_ID_PATTERN.test(targetId) ? "SLB" : ENI_ID_PATTERN.test(targetId) ? "NetworkInterface" : undefined;
}

/** The field table (see `fieldTable.ts`). */
export const trafficMirrorSessionFields = {
  region: trafficMirrorServiceFields.region,
  name: field(() => vpcText(MIRROR_NAME_MAX_LENGTH), {
    doc: "1–128 characters, not starting with `http://` or `https://`.",
    examples: ["web-to-collector", "web-to-ids"],
    wire: "TrafficMirrorSessionName",
    group: "core",
    presence: "optional",
    change: "update",
    absent: "leave",
  }),
  description: field(() => vpcText(MIRROR_USER_DESCRIPTION_MAX_LENGTH), {
    doc: "1–230 characters, not starting with `http://` or `https://` (the provider appends its idempotency marker within the API's 256).",
    examples: ["web mirrored", "web mirrored to the IDS"],
    wire: "TrafficMirrorSessionDescription",
    group: "core",
    presence: "optional",
    change: "update",
    absent: "leave",
  }),
  sourceIds: field(
    (z) =>
      z
        .array(eniId(z), { error: "must be a list of ENI ids" })
        .min(1, { error: "must list at least one ENI" })
        .refine((ids) => new Set(ids).size === ids.length, { error: "must not list the same ENI twice" }),
    // Added and removed with AddSourcesToTrafficMirrorSession / RemoveSourcesFromTrafficMirrorSession.
    {
      doc: "ENIs (`eni-...`) whose traffic is mirrored, at least one, no repeats (Alibaba's default quota: one per session); removed, then added, in place.",
      examples: [["eni-demohangzhou0001", "eni-demohangzhou0002"], ["eni-demohangzhou0003"]],
      group: "core",
      presence: "required",
      change: "update",
      compare: "set",
    },
  ),
  targetId: field(
    (z) =>
      z
        .string({ error: 'must be an ENI id ("eni-...") or an internal SLB instance id ("lb-...")' })
        .refine((v) => targetTypeOf(v) !== undefined, { error: 'must be an ENI id ("eni-...") or an internal SLB instance id ("lb-...")' }),
    {
      doc: "Where mirrored traffic goes: an ENI id (`eni-...`) or an internal SLB instance id (`lb-...`).",
      examples: ["eni-demohangzhou0006", "eni-demohangzhou0005"],
      wire: "TrafficMirrorTargetId",
      group: "core",
      presence: "required",
      change: "update",
    },
  ),
  targetType: field(() => oneOf(TARGET_TYPES), {
    doc: "`NetworkInterface` or `SLB`; must match `targetId`.",
    examples: ["NetworkInterface"],
    wire: "TrafficMirrorTargetType",
    group: "core",
    presence: "defaulted",
    change: "update",
  }),
  filterId: field(
    (z) =>
      z
        .string({ error: 'must be a traffic mirror filter id such as "tmf-j6cmls82xnc86vtpe"' })
        .regex(FILTER_ID_PATTERN, { error: 'must be a traffic mirror filter id such as "tmf-j6cmls82xnc86vtpe"' }),
    {
      doc: "The traffic mirror filter (`tmf-...`), such as a `vpc.TrafficMirrorFilter`'s `trafficMirrorFilterId`; a session using a filter replaced delete-first is replaced with it.",
      wire: "TrafficMirrorFilterId",
      group: "core",
      presence: "required",
      change: "update",
      holds: "vpc.TrafficMirrorFilter",
    },
  ),
  priority: integerField(SESSION_PRIORITY, " (unique in the region; 1 is matched first)", {
    doc: "1–32766, unique among the sessions of a region (checked across the deployment at preview); 1 is matched first.",
    examples: [1, 2],
    wire: "Priority",
    group: "core",
    presence: "required",
    change: "update",
    unique: "priorities are unique in a region (CreateTrafficMirrorSession: DuplicatedParam.Priority)",
  }),
  virtualNetworkId: integerField(VIRTUAL_NETWORK_ID, "", {
    doc: "VXLAN network identifier, 0–16777215; left out: allocated by the API (reported as an output).",
    examples: [100, 200],
    wire: "VirtualNetworkId",
    group: "core",
    presence: "optional",
    change: "update",
    // Left out: the API allocates one, which the outputs report.
    absent: "leave",
  }),
  packetLength: integerField(PACKET_LENGTH, " (bytes)", {
    doc: "Bytes of each packet mirrored, 64–8500.",
    examples: [1000, 8500],
    wire: "PacketLength",
    group: "core",
    default: PACKET_LENGTH.default,
    presence: "defaulted",
    change: "update",
  }),
  enabled: field((z) => z.boolean({ error: "must be true or false" }), {
    doc: "Whether the session mirrors.",
    examples: [true, false],
    wire: "Enabled",
    group: "core",
    default: false,
    presence: "defaulted",
    change: "update",
  }),
} as const satisfies FieldTable;

export type TrafficMirrorSessionFields = typeof trafficMirrorSessionFields;
export type TrafficMirrorSessionField = keyof TrafficMirrorSessionFields;
export const TRAFFIC_MIRROR_SESSION_FIELDS = fieldNames(trafficMirrorSessionFields);
/** The outputs that are not inputs (see `OutputSpec`). */
export const trafficMirrorSessionOutputs = {
  trafficMirrorSessionId: { wire: "TrafficMirrorSessionId", id: true, doc: "The session's id (`tms-...`), also the resource id." },
  status: { wire: "TrafficMirrorSessionStatus", doc: "`Created` once the session is in effect." },
} as const satisfies OutputTable;
export const TRAFFIC_MIRROR_SESSION_OUTPUTS = fieldNames(trafficMirrorSessionOutputs);

export const trafficMirrorSessionFieldSchemas = schemasOf(trafficMirrorSessionFields);

export type TrafficMirrorSessionInputs = Flat<CheckedInputs<TrafficMirrorSessionFields>>;

/** Defaults filled, the target type from the target id, sources sorted (leaves unknowns alone). */
export function withTrafficMirrorSessionDefaults<R extends Record<string, unknown>>(raw: R): R {
  const out: Record<string, unknown> = fillDefaults(trafficMirrorSessionFields, raw, () => true);
  if (absent(out.targetType) && targetTypeOf(out.targetId)) out.targetType = targetTypeOf(out.targetId);
  if (Array.isArray(out.sourceIds) && !out.sourceIds.some(isUnknown)) out.sourceIds = [...out.sourceIds].sort();
  return out as R;
}

export function validateTrafficMirrorSessionInputs(raw: Readonly<Record<string, unknown>>): FieldIssue[] {
  const issues = [...(absent(raw.region) ? [REGION_REQUIRED] : []), ...missingRequired(trafficMirrorSessionFields, raw)];
  issues.push(...fieldIssues(trafficMirrorSessionFields, raw, (f) => issues.some((i) => i.field === f)));
  const implied = targetTypeOf(raw.targetId);
  if (implied && typeof raw.targetType === "string" && !isUnknown(raw.targetType) && raw.targetType !== implied) {
    issues.push({
      field: "targetType",
      value: raw.targetType,
      rule: `must be "${implied}" for target ${String(raw.targetId)} (or be left out)`,
    });
  }
  return issues;
}
