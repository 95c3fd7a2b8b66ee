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

/** How much of a long value a message shows (the rest is summarized by its length). */
export const VALUE_PREVIEW_CHARS = 60;

/**
 * A value as messages show it: JSON, except `NaN` / `Infinity` / `-Infinity` (which JSON would
 * print as `null`), and shortened to its first 60 characters plus its length when longer, so that a
 * 1 MB description never turns into 1 MB of preview output.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") {
    if (value.length <= VALUE_PREVIEW_CHARS) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, VALUE_PREVIEW_CHARS))}... (${value.length} characters)`;
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
  } catch {
    text = undefined;
  }
  if (text === undefined) text = String(value);
  return text.length <= VALUE_PREVIEW_CHARS ? text : `${text.slice(0, VALUE_PREVIEW_CHARS)}... (${text.length} characters)`;
}

/** Levenshtein distance, case-insensitive (`activeageing` and `activeAging` are 1 apart). */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/** The known name closest to `key`, if it is close enough to be a typo (a third of its length, at least 1, at most 3 edits). */
export function closestName(key: string, known: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(key.length / 3)));
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const d = editDistance(key, name);
    if (d <= limit && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}

/**
 * Input keys the resource does not have: each one an issue with a "did you mean" suggestion and the
 * list of inputs. Keys starting with `__` are the hidden inputs the resource classes add
 * (`__token`, `__autoName`, `__replaceOnChanges`, `__provider`, ...) and are always accepted;
 * keys whose value is undefined are never sent, so they are not reported either.
 */
export function unknownInputIssues(
  raw: Record<string, unknown>,
  resource: string,
  inputs: readonly string[],
  outputs: readonly string[] = [],
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(raw)) {
    if (key.startsWith("__") || inputs.includes(key) || raw[key] === undefined) continue;
    const suggestion = closestName(key, inputs);
    const what = outputs.includes(key) ? `is an output of ${resource}, not an input` : `is not an input of ${resource}`;
    const hint = suggestion ? `; did you mean "${suggestion}"?` : "";
    issues.push({ field: key, value: raw[key], rule: `${what}${hint} (inputs: ${inputs.join(", ")})` });
  }
  return issues;
}

/**
 * Regions as Alibaba Cloud spells them (`cn-hangzhou`, `ap-southeast-1`, `cn-shanghai-finance-1`).
 * Used for regions whose service list we do not pin (SLS, VPC).
 */
export const REGION_PATTERN = /^[a-z]{2,4}(-[a-z0-9]+){1,3}$/;
