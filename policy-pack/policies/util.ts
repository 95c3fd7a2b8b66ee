/**
 * Helpers shared by the policies: the provider's schema (loaded on first use), reading props that
 * may hold unknown values, reading typed config with defaults, config properties and problems, and
 * range settings. No policy lives here; ./define.ts defines them, ./subject.ts is what they judge.
 */
import { PolicyConfigSchema, UnknownValueError } from "@pulumi/policy";
import type * as Schema from "pulumi-alicloud-traffic/dist/provider/schema";
import type { Subject } from "./subject";

/**
 * The provider's schema module (the one its `check` uses), resolved from the installed
 * `pulumi-alicloud-traffic` and loaded on first use: defining the policies loads nothing, and
 * the pack never loads the provider's resources, API client or `@pulumi/pulumi` for it. The
 * first read is the engine's GetAnalyzerInfo call (the config schemas take their ranges from it).
 */
export const PROVIDER_SCHEMA_MODULE = "pulumi-alicloud-traffic/dist/provider/schema/index.js";
let loadedSchema: typeof Schema | undefined;
export const schema: typeof Schema = new Proxy({} as typeof Schema, {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load described above
  get: (_target, key) => (loadedSchema ??= require(PROVIDER_SCHEMA_MODULE) as typeof Schema)[key as keyof typeof Schema],
});
/** Whether the schema module has been loaded yet (for tests of the lazy load). */
export const schemaLoaded = (): boolean => loadedSchema !== undefined;

/** A getter that computes once: config schemas and defaults that read the (lazy) schema. */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

/** Plain props: nested objects and arrays are plain too; values not known yet are `schema.UNKNOWN`. */
export type Props = Record<string, unknown>;

/**
 * A plain copy of a resource's props in which every value the engine does not know yet (during
 * preview) is `schema.UNKNOWN`. The SDK hands policies a proxy that throws `UnknownValueError` on
 * reading such a value, which would turn a policy into an advisory "can't run during preview";
 * reading through this copy lets a policy skip just the rules that depend on the unknown value.
 */
export function known(props: object): Props {
  return copy(props) as Props;
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => copy(read(value, i)));
  if (value !== null && typeof value === "object") {
    const out: Props = {};
    for (const key of Object.keys(value)) {
      const v = read(value, key);
      if (v !== undefined) out[key] = copy(v);
    }
    return out;
  }
  return value;
}

function read(obj: object, key: string | number): unknown {
  try {
    return (obj as Record<string | number, unknown>)[key];
  } catch (e) {
    if (e instanceof UnknownValueError) return schema.UNKNOWN;
    throw e;
  }
}

/** True if the value is unknown, or is an array with an unknown entry. */
export const isUnknown = (value: unknown): boolean => schema.containsUnknown(value);

/**
 * The policy's settings: the engine fills `configSchema` defaults from the pack, and these
 * defaults apply when a policy runs outside the engine (unit tests, other hosts).
 */
export function settings<T extends object>(args: { getConfig<C extends object>(): C }, defaults: T): T {
  return { ...defaults, ...args.getConfig<Partial<T>>() };
}

/** The policy's settings, checked: a config the policy cannot run with fails the run (see `configError`). */
export function checkedSettings<T extends object>(
  args: { getConfig<C extends object>(): C },
  defaults: T,
  problems: (config: T) => string[],
): T {
  const config = settings(args, defaults);
  const [problem] = problems(config);
  if (problem) throw configError(problem);
  return config;
}

/** A config property listing region ids; empty by default. */
export function regionListProperty(description: string) {
  return {
    type: "array" as const,
    items: { type: "string" as const, pattern: schema.REGION_PATTERN.source },
    uniqueItems: true,
    default: [],
    description,
  };
}

/** A config property listing values of one of the schema's enums: at least one, all of them by default. */
export function enumListProperty(values: readonly string[], description: string) {
  return {
    type: "array" as const,
    items: { type: "string" as const, enum: [...values] },
    minItems: 1,
    uniqueItems: true,
    default: [...values],
    description,
  };
}

/** The problem of a list setting that is empty (what `minItems` says, for hosts that skip the config schema). */
export function emptyListProblems(policy: string, key: string, list: readonly unknown[]): string[] {
  return list.length === 0 ? [configProblem(policy, `${key} is empty`)] : [];
}

/** `"sls", "all"`. */
export function quoteList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

/**
 * A problem in the organization's config of a policy, as one line: `policy config of <policy>: ...`.
 * The pack reports these once, when the engine configures it (see ../engineHooks.ts).
 */
export function configProblem(policy: string, message: string): string {
  return `policy config of ${policy}: ${message}`;
}

/**
 * An error for a config problem, thrown by a policy that cannot run with its config (a host that
 * did not take the pack's config check, e.g. unit tests): no stack trace, the line says it all.
 */
export function configError(problem: string): Error {
  const error = new Error(problem);
  error.stack = problem;
  return error;
}

/**
 * An integer field whose API range an organization may narrow with a pair of settings
 * (`minX` / `maxX`). The range and default come from the provider's field table.
 */
export interface RangeSetting {
  field: string;
  /** The API's range, and the value that applies when the field is not set. */
  api: { readonly min: number; readonly max: number; readonly default: number };
  /** The names of the two settings. */
  min: string;
  max: string;
  /** `seconds`, `bytes`: appended to ranges in messages. */
  unit: string;
  /** Whether the API accepts the value (the field table's rule for the field). */
  valid(value: unknown): boolean;
  /** The only values the API takes, when they are a few within the range (aggregation intervals 1, 5, 10). */
  values?: readonly number[];
}

/** The range setting of a field: settings `min<Field>` / `max<Field>`, the API's range and its field rule. */
export function rangeOf(
  field: string,
  api: RangeSetting["api"],
  fieldSchema: { safeParse(value: unknown): { success: boolean } },
  unit: string,
  values?: readonly number[],
): RangeSetting {
  const Field = field[0].toUpperCase() + field.slice(1);
  return { field, api, min: `min${Field}`, max: `max${Field}`, unit, valid: (value) => fieldSchema.safeParse(value).success, values };
}

/** The allowed range of one field under a config. */
export interface Bounds {
  min: number;
  max: number;
  /** Why the range is what it is, appended to messages. */
  origin: string;
}

/** The defaults of range settings: the API's ranges. */
function rangeDefaults<T extends object>(ranges: readonly RangeSetting[]): T {
  return Object.fromEntries(ranges.flatMap((r) => [[r.min, r.api.min] as const, [r.max, r.api.max] as const])) as T;
}

/** The config schema properties of range settings: integers within the API's range, defaulting to it. */
function rangeConfigProperties(ranges: readonly RangeSetting[]): PolicyConfigSchema["properties"] {
  const property = (r: RangeSetting, which: "Lowest" | "Highest", value: number) => ({
    type: "integer" as const,
    minimum: r.api.min,
    maximum: r.api.max,
    default: value,
    description: `${which} allowed ${r.field}, in ${r.unit}.`,
  });
  return Object.fromEntries(
    ranges.flatMap((r) => [
      [r.min, property(r, "Lowest", r.api.min)],
      [r.max, property(r, "Highest", r.api.max)],
    ]),
  );
}

/** The bounds for one field under the config, or the config problem that leaves none. */
function boundsOrProblem(policy: string, range: RangeSetting, settings: object): Bounds | string {
  const { api } = range;
  const config = settings as Record<string, number>;
  const min = Math.max(api.min, config[range.min]);
  const max = Math.min(api.max, config[range.max]);
  if (min > max) return configProblem(policy, `${range.min} ${config[range.min]} is greater than ${range.max} ${config[range.max]}`);
  if (range.values && !range.values.some((v) => v >= min && v <= max)) {
    return configProblem(
      policy,
      `no ${range.field} the API takes (${range.values.join(", ")} ${range.unit}) lies between ${range.min} ${config[range.min]} ` +
        `and ${range.max} ${config[range.max]}`,
    );
  }
  const narrowed = min !== api.min || max !== api.max;
  return { min, max, origin: narrowed ? ` (policy config; the API allows ${api.min} to ${api.max})` : "" };
}

/** The bounds for one field under the config; a config that leaves none fails the run. */
function rangeBounds(policy: string, range: RangeSetting, config: object): Bounds {
  const bounds = boundsOrProblem(policy, range, config);
  if (typeof bounds === "string") throw configError(bounds);
  return bounds;
}

/** What is wrong with a config of range settings (checked once per run, when the engine configures the pack). */
function rangeConfigProblems(policy: string, ranges: readonly RangeSetting[], config: object): string[] {
  const full = { ...rangeDefaults(ranges), ...config };
  return ranges.flatMap((r) => {
    const bounds = boundsOrProblem(policy, r, full);
    return typeof bounds === "string" ? [bounds] : [];
  });
}

/**
 * The violation of one range field of a resource, or undefined. A value the policy cannot see
 * (unknown in preview, a redacted secret) is never a violation: it is noted as not checked.
 */
function rangeViolation(subject: Subject, range: RangeSetting, bounds: Bounds): string | undefined {
  if (subject.unseen(range.field)) return undefined;
  const value = subject.props[range.field];
  const name = subject.field(range.field);
  const allowed = `the allowed range ${bounds.min} to ${bounds.max} ${range.unit}${bounds.origin}`;
  if (value === undefined || value === null) {
    const fallback = range.api.default;
    if (fallback >= bounds.min && fallback <= bounds.max) return undefined;
    return `${name} is not set, so the API default ${fallback} applies, which is outside ${allowed}`;
  }
  if (typeof value !== "number" || !Number.isInteger(value)) {
    return `${name} ${schema.describeValue(subject.raw(range.field) ?? value)} is not an integer; use a value in ${allowed}`;
  }
  if (range.values && !range.values.includes(value)) {
    const takes = range.values.filter((v) => v >= bounds.min && v <= bounds.max);
    return `${name} ${value} is not one the API takes: use ${takes.join(", ")} ${range.unit} (${allowed})`;
  }
  if (!range.valid(value) || value < bounds.min || value > bounds.max) return `${name} ${value} is outside ${allowed}`;
  return undefined;
}

/**
 * What a policy of range settings needs, for the ranges `ranges()` returns (read on first use):
 * its defaults (the API's ranges), config schema and config check, the bounds of a field under a
 * config (a config that leaves none fails the run), and the violations of a resource's props.
 */
export function rangePolicy<T extends object>(policy: string, ranges: () => readonly RangeSetting[]) {
  const bounds = (range: RangeSetting, config: T): Bounds => rangeBounds(policy, range, config);
  return {
    ranges: once(ranges),
    defaults: once(() => rangeDefaults<T>(ranges())),
    configSchema: once((): PolicyConfigSchema => ({ properties: rangeConfigProperties(ranges()) })),
    /** What is wrong with a config (checked once per run, when the engine configures the pack). */
    configProblems: (config: Partial<T>): string[] => rangeConfigProblems(policy, ranges(), config),
    bounds,
    violations: (subject: Subject, config: T): string[] =>
      ranges().flatMap((range) => rangeViolation(subject, range, bounds(range, config)) ?? []),
  };
}
