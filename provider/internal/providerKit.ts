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

/** The inputs of the marker protocol (the hidden ones the classes add, and `adoptId`), kept in the inputs a refresh writes back. */
const PROTOCOL_INPUTS = ["__token", "__autoName", "__logicalName", "__replaceOnChanges", "adoptId"];

/**
 * The inputs a refresh writes back (`read`'s `inputs`), from the outputs it saw: the table's inputs and
 * the hidden inputs, never an output the API computes. A field the provider leaves alone when the
 * program omits it (`absent: "leave"`) is there only when the outputs hold it as set by the program:
 * `managed(field)` (by default, when the outputs have it).
 */
export function refreshedInputs(
  table: FieldTable,
  outs: Readonly<Record<string, unknown>>,
  managed: (field: string) => boolean = (f) => outs[f] !== undefined,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(outs)) {
    const spec = table[key];
    if (value === undefined || !(spec || PROTOCOL_INPUTS.includes(key))) continue;
    if (spec?.absent === "leave" && !managed(key)) continue;
    inputs[key] = value;
  }
  return inputs;
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

/**
 * Values of `unique` fields claimed by the resources checked in this provider process, by resource
 * kind, field, region and value: token -> how messages name the resource. One provider process checks
 * every resource of a deployment, so a value two resources of the program hold is found at preview,
 * with no API call, whether or not a policy pack runs.
 */
const claims = new Map<string, Map<string, string>>();
const claimKey = (resource: string, field: string, region: string, value: unknown) => JSON.stringify([resource, field, region, value]);

/** Test hook: a new deployment (what this process has checked, and the values it saw claimed, forgotten). */
export function forgetDeployment(): void {
  claims.clear();
  checked.clear();
}

/** How messages name a marked resource: `vpc.TrafficMirrorSession "web"` (its Pulumi name, handed over as `__logicalName`). */
export function resourceLabel(resource: string, inputs: Readonly<Record<string, unknown>>): string {
  const name = [inputs.__logicalName, inputs.name].find((n) => typeof n === "string" && !isUnknown(n));
  return `${resource} "${(name as string | undefined) ?? "(unnamed)"}"`;
}

/**
 * The `unique` fields' values (each entry of a list) that another resource of `resource`'s kind checked
 * in this process holds in the same region, one issue each, naming that resource and the region; then
 * records this resource's values (replacing what its earlier check recorded). Unknown values are left
 * to `up`.
 */
export function uniqueIssues(resource: string, table: FieldTable, inputs: Readonly<Record<string, unknown>>): FieldIssue[] {
  const { __token: token, region } = inputs;
  if (typeof token !== "string" || isUnknown(token) || typeof region !== "string" || isUnknown(region)) return [];
  for (const holders of claims.values()) holders.delete(token);
  const issues: FieldIssue[] = [];
  for (const [field, spec] of Object.entries(table)) {
    const value = inputs[field];
    if (spec.unique === undefined || value === undefined || value === null || isUnknown(value)) continue;
    const list = Array.isArray(value);
    // An entry is named by its value: `check` may have sorted the list.
    (list ? value : [value]).forEach((v: unknown) => {
      if (isUnknown(v)) return;
      const key = claimKey(resource, field, region, v);
      const others = [...(claims.get(key)?.entries() ?? [])].filter(([t]) => t !== token).map(([, label]) => label);
      if (others.length > 0) {
        const what = list ? `is also listed in ${field} of` : `is also the ${field} of`;
        issues.push({ field, value: v, rule: `${what} ${others.join(", ")} in ${region}: ${spec.unique}` });
      }
      if (!claims.has(key)) claims.set(key, new Map());
      claims.get(key)!.set(token, resourceLabel(resource, inputs));
    });
  }
  return issues;
}

/** The other resources checked in this process that claim `value` of `field` in `region` (see `uniqueIssues`). */
export function otherClaimants(resource: string, field: string, region: string, value: unknown, token: string | undefined): string[] {
  const holders = claims.get(claimKey(resource, field, region, value)) ?? new Map<string, string>();
  return [...holders.entries()].filter(([t]) => t !== token).map(([, label]) => label);
}

/** What `checkWithTable` needs to know about a resource whose inputs are one field table. */
export interface TableCheck {
  /** As users and messages name it (`vpc.TrafficMirrorFilter`). */
  resource: string;
  /** The field table (its `unique` fields are checked across the deployment's resources). */
  table?: FieldTable;
  inputs: readonly string[];
  outputs: readonly string[];
  /** Issues of the inputs as given (region filled, defaults not yet). */
  validate: (raw: Readonly<Record<string, unknown>>) => FieldIssue[];
  /** Defaults filled, values in the form the API reports them (so a second `up` shows no change). */
  normalize: (raw: Record<string, unknown>) => Record<string, unknown>;
  /** A marked resource takes `adoptId` too: the id of one made elsewhere, of this shape. */
  adopt?: { idPattern: RegExp; what: string };
}

/**
 * `check` for a resource described by one field table: the region defaulted, unknown input names
 * and each field's rule reported (the inputs as given, so a value that normalizing would hide is
 * still reported), then defaults filled. No API call; unknown values are left to `up`.
 */
export function checkWithTable<T>(c: TableCheck, olds: Readonly<Record<string, unknown>>, news: Readonly<Record<string, unknown>>) {
  const given = withRegion({ ...(news ?? {}) }, olds ?? {}) as Record<string, unknown>;
  const inputs = c.adopt ? [...c.inputs, "adoptId"] : c.inputs;
  const issues = [...unknownInputIssues(news ?? {}, c.resource, inputs, c.outputs), ...c.validate(given)];
  if (c.adopt) issues.push(...adoptIdIssues(given.adoptId, c.adopt));
  if (c.table) issues.push(...uniqueIssues(c.resource, c.table, given));
  noteChecked(given);
  return { inputs: (issues.length === 0 ? c.normalize(given) : given) as T, failures: checkFailures(issues) };
}

/** `adoptId`, when given and known: the id of an existing resource of the kind (`fl-...`). */
export function adoptIdIssues(adoptId: unknown, adopt: { idPattern: RegExp; what: string }): FieldIssue[] {
  if (adoptId === undefined || isUnknown(adoptId) || (typeof adoptId === "string" && adopt.idPattern.test(adoptId))) return [];
  return [
    {
      field: "adoptId",
      value: adoptId,
      rule: `must be the id of an existing ${adopt.what}, such as "${adopt.idPattern.source.slice(1, -1)}"`,
    },
  ];
}

/** The resources (by idempotency token) whose inputs this provider process has checked. */
const checked = new Set<string>();

/** Records that `check` saw this resource's new inputs in this process (see `diffWithTable`). */
export function noteChecked(inputs: { __token?: unknown }): void {
  if (typeof inputs.__token === "string" && !isUnknown(inputs.__token)) checked.add(inputs.__token);
}

/**
 * Whether `news` are inputs this process checked: a resource's own diff always follows its check in
 * the same provider process. The engine's other question, whether a dependent of a resource being
 * replaced delete-first must be replaced too (pulumi/pulumi `calculateDependentReplacements`), asks
 * the dependent's diff with its stored inputs, the ones taken from that resource unknown, before the
 * dependent registers (it waits for that resource's outputs), so before its check.
 */
const checkedHere = (news: { __token?: unknown }): boolean => typeof news.__token === "string" && checked.has(news.__token);

/**
 * `diff` from a field table: the changed fields, and those whose change replaces the resource.
 * Unknown new values count as changed. `olds` are the outputs as stored (normalized by `check`).
 *
 * A field that `holds` another resource's id, unknown: in the resource's own diff (after its check)
 * the id is simply not known yet (that resource is new, or replaced create-first) and `up` will
 * update the field in place, so it is an update; asked by the engine about a dependent of that
 * resource being replaced delete-first, it is a replacement, because the API will not delete that
 * resource while this one uses it.
 */
export function diffWithTable(
  table: FieldTable,
  olds: object,
  news: { __replaceOnChanges?: unknown; __token?: unknown },
): dynamic.DiffResult {
  const n = news as Record<string, unknown>;
  const changed = changedFields(table, olds as Record<string, unknown>, n, () => true, isUnknown);
  // A refresh saw the description without the idempotency marker: `up` writes it back (an update).
  if ((olds as { __markerLost?: unknown }).__markerLost && !changed.includes("description")) changed.push("description");
  const replaces = replacesOf(table, changed, news.__replaceOnChanges);
  if (!checkedHere(news))
    replaces.push(...changed.filter((f) => table[f]?.holds !== undefined && isUnknown(n[f]) && !replaces.includes(f)));
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
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
