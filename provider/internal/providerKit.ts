/**
 * What every resource's provider shares: `configure`, region defaulting, check failures as the
 * engine prints them, and output compaction. One place, so a new resource starts from it.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { defaultRegion, setStackConfig } from "../client/config";
import { FieldIssue, FieldTable, changedFields, formatIssue, isUnknown, unknownInputIssues } from "../schema";

/** The `configure` hook: takes the stack's `alicloud:*` config and resolves the provider's settings. */
export async function configure(req: dynamic.ConfigureRequest): Promise<void> {
  setStackConfig((key) => req.config.get(key));
}

/** Inputs with `region` filled: the program's, else the one in the state, else the stack's default. */
export function withRegion<T extends { region?: unknown }>(inputs: T, olds?: { region?: unknown }): T {
  if (inputs.region !== undefined) return inputs;
  const region = olds?.region ?? defaultRegion();
  return region === undefined ? inputs : { ...inputs, region };
}

/**
 * Check failures as the engine prints them. A failure with a property is printed as
 * `property <p> value {<Go formatting of the whole value>} has a problem: <reason>`, which repeats
 * the field, shows the value unshortened (a 1 MB description became 1 MB of output) and in Go's
 * notation (`{<nil>}`, `{map[]}`); one without a property is printed as
 * `<type> resource '<name>' has a problem: <reason>` (pulumi/pulumi `issueCheckFailures`). So the
 * property is left empty and the reason alone names field, shortened value and rule.
 */
export function checkFailures(issues: FieldIssue[]): dynamic.CheckFailure[] {
  return issues.map((i) => ({ property: "", reason: formatIssue(i) }));
}

/** Drops keys whose value is undefined (the engine would store them as nulls). */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** The keys of `o` that are set, and their values. */
export function pick<T extends object>(o: T, keys: readonly (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Partial<T>;
}

/** What `checkWithTable` needs to know about a resource whose inputs are one field table. */
export interface TableCheck {
  /** As users and messages name it (`vpc.TrafficMirrorFilter`). */
  resource: string;
  inputs: readonly string[];
  outputs: readonly string[];
  /** Issues of the inputs as given (region filled, defaults not yet). */
  validate: (raw: Readonly<Record<string, unknown>>) => FieldIssue[];
  /** Defaults filled, values in the form the API reports them (so a second `up` shows no change). */
  normalize: (raw: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * `check` for a resource described by one field table: the region defaulted, unknown input names
 * and each field's rule reported (the inputs as given, so a value that normalizing would hide is
 * still reported), then defaults filled. No API call; unknown values are left to `up`.
 */
export function checkWithTable<T>(c: TableCheck, olds: Readonly<Record<string, unknown>>, news: Readonly<Record<string, unknown>>) {
  const given = withRegion({ ...(news ?? {}) }, olds ?? {}) as Record<string, unknown>;
  const issues = [...unknownInputIssues(news ?? {}, c.resource, c.inputs, c.outputs), ...c.validate(given)];
  return { inputs: (issues.length === 0 ? c.normalize(given) : given) as T, failures: checkFailures(issues) };
}

/**
 * `diff` from a field table: the changed fields, and those whose change replaces the resource.
 * Unknown new values count as changed. `olds` are the outputs as stored (normalized by `check`).
 */
export function diffWithTable(table: FieldTable, olds: object, news: { __replaceOnChanges?: unknown }): dynamic.DiffResult {
  const changed = changedFields(table, olds as Record<string, unknown>, news as Record<string, unknown>, () => true, isUnknown);
  return { changes: changed.length > 0, replaces: replacesOf(table, changed, news.__replaceOnChanges), deleteBeforeReplace: false };
}

/**
 * The changed fields that replace the resource: those the table says replace, and those the
 * `replaceOnChanges` resource option names. The engine can only apply that option to the changed
 * keys a provider reports, and Node dynamic providers report none, so the resource class hands it
 * over as the hidden input `__replaceOnChanges` (`resourceClass.ts`).
 */
export function replacesOf(table: FieldTable, changed: readonly string[], replaceOnChanges: unknown): string[] {
  const named = (f: string) => Array.isArray(replaceOnChanges) && (replaceOnChanges.includes(f) || replaceOnChanges.includes("*"));
  return [...new Set(changed.filter((f) => table[f]?.change === "replace" || named(f)))];
}
