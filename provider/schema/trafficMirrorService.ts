/**
 * Inputs of `vpc.TrafficMirrorService`: just the region, one resource per region.
 */
import { z } from "zod";
import { FieldIssue, REGION_PATTERN, isUnknown } from "./common";

export const trafficMirrorServiceFieldSchemas = {
  region: z
    .string({ error: "must be a region id string such as \"cn-hangzhou\"" })
    .regex(REGION_PATTERN, { error: "must be a region id such as \"cn-hangzhou\"" }),
} satisfies Record<string, z.ZodType>;

export interface TrafficMirrorServiceInputs {
  region: string;
}

export function validateTrafficMirrorServiceInputs(raw: Record<string, unknown>): FieldIssue[] {
  const value = raw.region;
  if (value === undefined || value === null) {
    return [{ field: "region", value, rule: "is required: set the region input, stack config alicloud:region, or ALICLOUD_REGION" }];
  }
  if (isUnknown(value)) return [];
  const result = trafficMirrorServiceFieldSchemas.region.safeParse(value);
  return result.success ? [] : [{ field: "region", value, rule: result.error.issues[0].message }];
}
