/**
 * Field tables: one entry per input of a resource, holding everything the provider and the policy
 * pack need to know about it — its zod schema, its name on the wire, its group, its default and what
 * a change to it does. Validation, defaults, the wire mapping both ways, the diff and the derived
 * TypeScript types all read the table, so adding a field is adding an entry.
 *
 * Each entry's zod rule is built the first time its `schema` is read, and zod itself is loaded then
 * (about 35 ms, most of it zod's 65 locales): a program declaring resources, and the provider's
 * read and delete, use only the rest of the table and never load it.
 *
 * Pure: no Pulumi runtime, no I/O (the policy pack loads it).
 */
import type { z } from "zod";
import { FieldIssue, isUnknown } from "./common";

/** zod's builder (`z`), as the rules receive it. */
export type Zod = typeof import("zod").z;
let loadedZod: Zod | undefined;

/** zod, loaded on first use (see above). */
export function zod(): Zod {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return (loadedZod ??= (require("zod") as typeof import("zod")).z);
}

/**
 * Which part of a resource a field belongs to. `core` fields always apply; any other group applies
 * only when the resource's mode uses it (a flow log's `outputType` decides whether the SLS or the
 * NetFlow destination fields are sent, validated and diffed).
 */
export type FieldGroup = string;

export interface FieldSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  group: FieldGroup;
  /**
   * The request parameter of the create and modify actions, also the key in the describe action's
   * items. Fields without one are set by actions of their own (a flow log's status, its SAGs) or by
   * the client (the region, sent as `RegionId`).
   */
  wire?: string;
  /** Filled by `check` when the field is absent and its group applies. */
  default?: z.output<S>;
  /**
   * What the program must say: `required` (no default), `defaulted` (the provider fills it: a static
   * default, the stack's region, an auto-name), `optional`.
   */
  presence: "required" | "defaulted" | "optional";
  /** What changing it does: an update in place, or a replacement. */
  change: "update" | "replace";
  /**
   * `set`: compared as a set (order does not matter). `deep`: compared as structured values (lists
   * of objects, already normalized by `check`), unknown anywhere inside meaning changed.
   */
  compare?: "value" | "set" | "deep";
  /**
   * `leave`: leaving the field out means the provider leaves the cloud's value alone (it is compared,
   * and set, only when given). `reset` (the default): leaving it out clears it.
   */
  absent?: "reset" | "leave";
  /** Read back from the wire as a number (the API documents some numbers as strings); set by `integerField`. */
  numeric?: true;
  /**
   * The field holds the id of another resource (named as users name its class) that the API will not
   * delete while this one uses it: a session's `filterId` (DeleteTrafficMirrorFilter answers
   * DependencyViolation). When that resource is replaced delete-first, this one must go first: see
   * `diffWithTable`.
   */
  holds?: string;
  /**
   * Unique among the resources of its kind in a region, or for a list, each entry is: why, as messages
   * say it ("priorities are unique in a region"). `check` reports a value that another resource of the
   * deployment holds (see `uniqueIssues` in internal/providerKit.ts).
   */
  unique?: string;
  /**
   * Valid values, the first as a program would write it: what the reference docs show, and what the
   * plan == apply matrix (test/e2e/planMatrix.test.ts) declares and changes to (the second, when there is
   * one). Ids are the emulator's seeded ones in cn-hangzhou. A field that `holds` another resource's id
   * has none: the matrix declares that resource.
   */
  examples?: readonly unknown[];
  /**
   * How a structured value goes on the wire (the parameters it becomes: tags as `Tag.N.Key`/`Tag.N.Value`)
   * and comes back from a describe item's `wire` key (`{ TrafficPathList: [...] }`); plain values and
   * lists of strings need neither.
   */
  encode?: (value: unknown) => Record<string, unknown>;
  decode?: (raw: unknown) => unknown;
  /** Not sent by the resource's modify action (it has actions of its own: tags); sent on create. */
  modify?: false;
  /** What it means and what it takes, in one line: the reference docs' "Allowed" column (docs/resources.md). */
  doc?: string;
  /** When a field outside `core` is required (its group applies): the reference docs say it. */
  requiredWhen?: string;
}

/**
 * Builds a table entry, keeping its literal option types (for the derived types). `rule` builds
 * the zod schema, once, when `schema` is first read.
 */
export function field<S extends z.ZodType, const O extends Omit<FieldSpec<S>, "schema">>(
  rule: (z: Zod) => S,
  options: O,
): { readonly schema: S } & O {
  let schema: S | undefined;
  return Object.defineProperty({ ...options }, "schema", { enumerable: true, get: () => (schema ??= rule(zod())) }) as {
    readonly schema: S;
  } & O;
}

/** An integer field: `integerIn(range, unit)`, read back from the wire as a number. */
export function integerField<const O extends Omit<FieldSpec<z.ZodNumber>, "schema" | "numeric">>(
  range: { min: number; max: number },
  unit: string,
  options: O,
) {
  return field(() => integerIn(range, unit), { ...options, numeric: true as const });
}

export type FieldTable = Record<string, FieldSpec>;

/**
 * One output that is not an input (outputs also carry every input, as the API reports it): read from
 * the describe item's `wire` key, or computed by the provider (no `wire`). `id`: the resource id, which
 * the resource class makes its id output (see `idOutput` in internal/resourceClass.ts).
 */
export interface OutputSpec {
  wire?: string;
  numeric?: true;
  id?: true;
  /** What it holds, as the reference docs say it. */
  doc: string;
}

export type OutputTable = Record<string, OutputSpec>;

/** The output that is the resource id (`flowLogId`), if the table has one. */
export function idOutputOf(outputs: OutputTable): string | undefined {
  return Object.keys(outputs).find((k) => outputs[k]!.id);
}

/** The wire outputs of a describe item (numbers converted; an absent or empty value is left out). */
export function outputsFromWire(outputs: OutputTable, item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(outputs)) {
    const value = spec.wire === undefined ? undefined : item[spec.wire];
    if (value !== undefined && value !== null && value !== "") out[name] = spec.numeric ? Number(value) : String(value);
  }
  return out;
}

type Out<F> = F extends { schema: infer S extends z.ZodType } ? z.output<S> : never;
type Keys<T, P> = { [K in keyof T]: T[K] extends P ? K : never }[keyof T];

/**
 * The plain inputs after `check` (defaults filled): fields that are required or defaulted in a
 * group that always applies are present; every other field is optional.
 */
export type CheckedInputs<T> = { [K in Keys<T, { presence: "required" | "defaulted"; group: "core" }>]: Out<T[K]> } & {
  [K in Exclude<keyof T, Keys<T, { presence: "required" | "defaulted"; group: "core" }>>]?: Out<T[K]>;
};

/** What a program passes (plain values): only `required` fields must be given. */
export type ProgramInputs<T> = { [K in Keys<T, { presence: "required" }>]: Out<T[K]> } & {
  [K in Exclude<keyof T, Keys<T, { presence: "required" }>>]?: Out<T[K]>;
};

/** Flattens an intersection into one object type (for readable types and exact comparisons). */
export type Flat<T> = { [K in keyof T]: T[K] };

/** True when the field's group applies, given the predicate that says which groups the mode uses. */
export type GroupInUse = (group: FieldGroup) => boolean;

export const fieldNames = <T extends object>(table: T): (keyof T & string)[] => Object.keys(table) as (keyof T & string)[];

/** Each field's rule alone, by field (what the policies check single values against); built on first read. */
export function schemasOf<T extends FieldTable>(table: T): { readonly [K in keyof T]: T[K]["schema"] } {
  const schemas = {};
  for (const f of Object.keys(table)) Object.defineProperty(schemas, f, { enumerable: true, get: () => table[f]!.schema });
  return schemas as { readonly [K in keyof T]: T[K]["schema"] };
}

/** Fields of `table` whose group is `group`. */
export function fieldsOfGroup<T extends FieldTable>(table: T, group: FieldGroup): (keyof T & string)[] {
  return fieldNames(table).filter((f) => table[f]!.group === group);
}

/** The fields the create and modify actions carry, in table order. */
export function wireFields<T extends FieldTable>(table: T): (keyof T & string)[] {
  return fieldNames(table).filter((f) => table[f]!.wire !== undefined);
}

export const absent = (v: unknown) => v === undefined || v === null;

/** Fills the table's defaults for fields that are absent and whose group applies; drops nulls. */
export function fillDefaults<R extends Record<string, unknown>>(table: FieldTable, raw: R, inUse: GroupInUse): R {
  const out: Record<string, unknown> = { ...raw };
  for (const [name, spec] of Object.entries(table)) {
    if (spec.default !== undefined && absent(out[name]) && inUse(spec.group)) out[name] = spec.default;
  }
  for (const key of Object.keys(out)) if (out[key] === null) delete out[key];
  return out as R;
}

/** Request parameters for the wire fields whose group applies (values as they are; the client stringifies). */
export function toWire(table: FieldTable, values: Record<string, unknown>, inUse: GroupInUse): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    if (spec.wire === undefined || !inUse(spec.group)) continue;
    if (spec.encode) {
      if (values[name] !== undefined) Object.assign(params, spec.encode(values[name]));
    } else params[spec.wire] = values[name];
  }
  return params;
}

/**
 * The wire fields of a describe item in input shape. A field whose group does not apply keeps its
 * `previous` value (the API reports defaults even for destinations a flow log does not use, which
 * would otherwise show as drift); so does one the API leaves out that has a default. Numbers are
 * converted (some are documented as strings); an empty string is no value.
 */
export function fromWire(
  table: FieldTable,
  item: Record<string, unknown>,
  previous: Record<string, unknown>,
  inUse: GroupInUse,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    if (spec.wire === undefined) continue;
    if (!inUse(spec.group)) {
      out[name] = previous[name];
      continue;
    }
    const value = item[spec.wire];
    if (value === undefined || value === "") out[name] = spec.default !== undefined && value === undefined ? previous[name] : undefined;
    else out[name] = spec.decode ? spec.decode(value) : spec.numeric ? Number(value) : value;
  }
  return out;
}

/** The fields `diff` reports as changed between the normalized old state and the new inputs. */
export function changedFields(
  table: FieldTable,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  inUse: GroupInUse | "unknown",
  isUnknown: (v: unknown) => boolean,
): string[] {
  const changed: string[] = [];
  for (const [name, spec] of Object.entries(table)) {
    if (inUse !== "unknown" && !inUse(spec.group)) continue;
    const n = news[name];
    const o = olds[name];
    if (spec.absent === "leave" && n === undefined) continue;
    if (spec.compare === "set") {
      if (containsUnknownEntry(n, isUnknown) || !sameSet(n, o)) changed.push(name);
    } else if (spec.compare === "deep") {
      if (containsDeepUnknown(n, isUnknown) || canonical(n ?? null) !== canonical(o ?? null)) changed.push(name);
    } else if (isUnknown(n) || (n ?? undefined) !== (o ?? undefined)) {
      changed.push(name);
    }
  }
  return changed;
}

function containsUnknownEntry(v: unknown, isUnknown: (v: unknown) => boolean): boolean {
  return isUnknown(v) || (Array.isArray(v) && v.some(isUnknown));
}

function containsDeepUnknown(v: unknown, isUnknown: (v: unknown) => boolean): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some((e) => containsDeepUnknown(e, isUnknown));
  if (v && typeof v === "object") return Object.values(v).some((e) => containsDeepUnknown(e, isUnknown));
  return false;
}

/**
 * JSON with object keys sorted and undefined members dropped: the engine hands inputs over with
 * keys in its own (sorted) order, the provider builds them in table order; neither is a change.
 */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

function sameSet(a: unknown, b: unknown): boolean {
  const x = Array.isArray(a) ? [...a].sort() : [];
  const y = Array.isArray(b) ? [...b].sort() : [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Each present, known field checked against its rule, skipping `skip(field)`: every problem of every
 * field, each once (a value that breaks two rules with the same message is reported once), naming
 * the entry of a list and the member of an entry. Problems about a member that is not known yet (a
 * rule's CIDR from another resource, at preview) are left to `up`.
 */
export function fieldIssues(
  table: FieldTable,
  raw: Readonly<Record<string, unknown>>,
  skip: (field: string) => boolean = () => false,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (issue: FieldIssue) => {
    if (!issues.some((i) => i.field === issue.field && i.rule === issue.rule)) issues.push(issue);
  };
  for (const [name, spec] of Object.entries(table)) {
    const value = raw[name];
    if (absent(value) || isUnknown(value) || skip(name)) continue;
    const result = (spec.schema as z.ZodType).safeParse(value);
    if (result.success) continue;
    for (const issue of result.error.issues) {
      if (isUnknown(valueAt(value, issue.path)) || isUnknownEntry(value, issue.path)) continue;
      const [head, ...members] = issue.path;
      if (typeof head !== "number") {
        add({ field: name, value, rule: issue.message });
        continue;
      }
      const entry = (value as unknown[])[head];
      if (members.length === 0) {
        add({ field: `${name}[${head}]`, value: entry, rule: issue.message });
        continue;
      }
      // A member of a list entry (`ingressRules[0].priority`): named with its own value.
      const member = members.map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`)).join("");
      add({ field: `${name}[${head}]${member}`, value: valueAt(value, issue.path), rule: issue.message });
    }
  }
  return issues;
}

/** True when the issue is about a list as a whole and the list holds unknown entries (its length or uniqueness is not known yet). */
function isUnknownEntry(value: unknown, path: readonly PropertyKey[]): boolean {
  return path.length === 0 && Array.isArray(value) && value.some(isUnknown);
}

/** The member of `value` at a zod issue path (undefined when there is none). */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

/** An integer rule whose every failure says the range (`unit` follows the bounds: " (seconds)"). */
export const integerIn = (range: { min: number; max: number }, unit = "") => {
  const error = `must be an integer from ${range.min} to ${range.max}${unit}`;
  return zod().number({ error }).int({ error }).min(range.min, { error }).max(range.max, { error });
};

/** An enum rule that names its values. */
export const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  zod().enum(values, { error: `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });

/**
 * A name or description as the VPC API takes them: 1 to `max` characters, not starting with
 * `http://` or `https://` (CreateTrafficMirrorFilter / CreateTrafficMirrorSession request parameters).
 */
export const vpcText = (max: number) => {
  const error = `must be a string of 1 to ${max} characters that does not start with http:// or https://`;
  return zod()
    .string({ error })
    .min(1, { error })
    .max(max, { error })
    .refine((s) => !/^https?:\/\//i.test(s), { error });
};

/** `is required` issues for the table's `required` fields that are absent (an enum names its values). */
export function missingRequired(table: FieldTable, raw: Readonly<Record<string, unknown>>): FieldIssue[] {
  return Object.entries(table)
    .filter(([name, spec]) => spec.presence === "required" && absent(raw[name]))
    .map(([name, spec]) => {
      const values = spec.schema instanceof zod().ZodEnum ? (spec.schema.options as string[]) : undefined;
      return {
        field: name,
        value: undefined,
        rule: `is required${values ? `: one of ${values.map((v) => JSON.stringify(v)).join(", ")}` : ""}`,
      };
    });
}

/** The issue for a region that is neither given nor defaulted. */
export const REGION_REQUIRED: FieldIssue = {
  field: "region",
  value: undefined,
  rule: "is required: set the region input, stack config alicloud:region, or ALICLOUD_REGION",
};
