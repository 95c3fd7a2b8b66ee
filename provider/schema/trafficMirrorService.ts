/**
 * Inputs of `vpc.TrafficMirrorService`: just the region, one resource per region.
 */
import { FieldIssue } from "./common";
import { VPC_REGIONS } from "./values";
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
  schemasOf,
} from "./fieldTable";

/** The inputs of vpc.TrafficMirrorService, and its outputs (named when set as inputs by mistake). */
export const TRAFFIC_MIRROR_SERVICE_INPUTS = ["region"] as const;
/** The outputs that are not inputs (see `OutputSpec`); the region is also the resource id. */
export const trafficMirrorServiceOutputs = {
  enabled: {
    doc: "Whether traffic mirroring is enabled, as last seen (`false` after a refresh: disabled out of band; the next `up` opens it again).",
  },
  clientToken: { doc: "The ClientToken drawn by the last create or re-open (sent only when the region was not enabled yet)." },
  generation: { doc: "How many re-opens this resource sent (0 for the create)." },
} as const satisfies OutputTable;
export const TRAFFIC_MIRROR_SERVICE_OUTPUTS = fieldNames(trafficMirrorServiceOutputs);

/** The field table (see `fieldTable.ts`): one input, whose change replaces the resource. */
export const trafficMirrorServiceFields = {
  region: field(
    (z) =>
      z
        .string({ error: 'must be a region id string such as "cn-hangzhou"' })
        .refine((r) => (VPC_REGIONS as readonly string[]).includes(r), {
          error: `must be a region the VPC API serves: ${VPC_REGIONS.join(", ")}`,
        }),
    {
      doc: "A region the VPC API serves (its endpoint list, 2026-01): cn-qingdao, cn-beijing, cn-zhangjiakou, cn-huhehaote, cn-wulanchabu, cn-hangzhou, cn-shanghai, cn-nanjing, cn-fuzhou, cn-shenzhen, cn-heyuan, cn-guangzhou, cn-chengdu, cn-wuhan-lr, cn-hongkong, ap-northeast-1/2, ap-southeast-1/3/5/6/7, us-east-1, us-west-1, na-south-1, eu-west-1, eu-central-1, me-east-1, me-central-1, cn-shanghai-finance-1, cn-shenzhen-finance-1, cn-hangzhou-finance, cn-north-2-gov-1.",
      examples: ["cn-hangzhou", "cn-shanghai"],
      group: "core",
      presence: "defaulted",
      change: "replace",
    },
  ),
} as const satisfies FieldTable;

export const trafficMirrorServiceFieldSchemas = schemasOf(trafficMirrorServiceFields);

export type TrafficMirrorServiceInputs = Flat<CheckedInputs<typeof trafficMirrorServiceFields>>;

export function validateTrafficMirrorServiceInputs(raw: Readonly<Record<string, unknown>>): FieldIssue[] {
  return absent(raw.region) ? [REGION_REQUIRED] : fieldIssues(trafficMirrorServiceFields, raw);
}
