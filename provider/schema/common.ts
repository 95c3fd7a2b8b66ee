/**
 * Pieces shared by every resource schema: the unknown-value sentinel, field issues and the
 * helpers that turn zod issues into messages naming field, value and rule.
 *
 * This module is imported by the provider's `check` and by the policy pack, so it must stay free
 * of Pulumi runtime imports and of any I/O.
 */

/**
 * During `pulumi preview`, inputs that come from not-yet-known outputs of other resources arrive
 * as this string, whatever their declared type (`@pulumi/pulumi` `runtime/rpc.js` `unknownValue`).
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True if the value, or anything nested in it, is unknown. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** One validation problem: which field, the offending value, and the rule it breaks. */
export interface FieldIssue {
  field: string;
  value: unknown;
  rule: string;
}

/** `activeAging: 30 is invalid: must be an integer from 60 to 6000 (seconds)`. */
export function formatIssue(issue: FieldIssue): string {
  return `${issue.field}: ${describeValue(issue.value)} is invalid: ${issue.rule}`;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

/**
 * Regions as Alibaba Cloud spells them (`cn-hangzhou`, `ap-southeast-1`, `cn-shanghai-finance-1`).
 * Used for regions whose service list we do not pin (SLS, VPC).
 */
export const REGION_PATTERN = /^[a-z]{2,4}(-[a-z0-9]+){1,3}$/;
