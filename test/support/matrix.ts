/**
 * The plan == apply matrix, generated from the field tables: for every resource kind and every input,
 * the changes users make (a value, adding an optional field, removing it, reordering a list), each on
 * top of the last, with the resources that depend on it declared. Nothing here names a field: a new
 * field (with its `examples`) or a new resource kind is covered by what is generated.
 *
 * Groups: each kind gets a group of resources in one stack: the resource under test, the resources its
 * `holds` fields point at (two, for a value change), and one dependent of every kind that `holds` it
 * (a session of a filter). Groups are independent, so one `up` applies one change to every group at once.
 * A change of `region` moves the whole group (its ids are regional: the emulator seeds the same
 * suffixes per region, `eni-demohangzhou0001` / `eni-demoshanghai0001`).
 */
import type { FieldSpec, FieldTable } from "../../provider/schema";

/** What the matrix needs to know of a resource kind (the registry and its field table). */
export interface Kind {
  /** As exported: `sag.FlowLog`. */
  className: string;
  fields: FieldTable;
  /** The output that is the resource id (`flowLogId`). */
  idOutput?: string;
  /** The regional service the kind needs opened (a class name), declared per region as a fixture. */
  requires?: string;
}

export type ChangeKind = "value" | "add" | "remove" | "reorder";

/** One change of one input of the group's resource under test. */
export interface Change {
  kind: ChangeKind;
  field: string;
  /** The value after the change (undefined: the field left out). */
  value: unknown;
}

export interface Declared {
  class: string;
  args: Record<string, unknown>;
  options?: { dependsOn?: string[] };
}

export const REGIONS = ["cn-hangzhou", "cn-shanghai"] as const;
const city = (region: string) => region.replace(/^cn-/, "");

/** A value with every seeded, region-bound id moved to `region` (`eni-demohangzhou0001` -> `eni-demoshanghai0001`). */
export function inRegion(value: unknown, region: string): unknown {
  if (typeof value === "string") return value.replace(/demo(hangzhou|shanghai)/g, `demo${city(region)}`);
  if (Array.isArray(value)) return value.map((v) => inRegion(v, region));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inRegion(v, region)]));
  return value;
}

const nameOf = (className: string) => className.toLowerCase().replace(/\./g, "-");
export const serviceName = (className: string, region: string) => `${nameOf(className)}-${city(region)}`;

function examplesOf(kind: Kind, field: string): readonly unknown[] {
  const ex = kind.fields[field]!.examples;
  if (!ex?.length)
    throw new Error(`${kind.className}.${field} has no examples in its field table: add at least one, so the matrix covers it`);
  return ex;
}

/** Present in a valid baseline: required, or required whenever its group applies (no default outside `core`). */
const alwaysSet = (s: FieldSpec) => s.presence === "required" || (s.group !== "core" && s.default === undefined);

/** The group of one kind (see the file comment). */
export class Group {
  readonly name: string;
  /** Per `holds` field: the two resources it can point at. */
  readonly held: Record<string, [string, string]> = {};
  /** Dependents: name -> [kind, the field that holds the resource under test]. */
  readonly dependents: Record<string, [Kind, string]> = {};
  region: string = REGIONS[0];
  /** The args of the resource under test, as the changes so far left them. */
  args: Record<string, unknown>;

  constructor(
    readonly kind: Kind,
    private readonly byClass: ReadonlyMap<string, Kind>,
    /** Offset of `unique` integers of the group's other resources, so that no two of the stack share one. */
    private readonly offset: number,
    /** The inputs this group changes (the kind's inputs are shared out among groups, to keep the rounds few). */
    readonly owns: readonly string[] = Object.keys(kind.fields),
    lane = 0,
  ) {
    this.name = `${nameOf(kind.className)}${lane > 0 ? `-${lane + 1}` : ""}`;
    for (const [field, spec] of Object.entries(kind.fields)) {
      if (spec.holds) this.held[field] = [`${this.name}-${field}-a`, `${this.name}-${field}-b`];
    }
    for (const other of byClass.values()) {
      for (const [field, spec] of Object.entries(other.fields)) {
        if (spec.holds === kind.className) this.dependents[`${this.name}-user`] = [other, field];
      }
    }
    this.args = this.baseline(kind, 0, (field) => this.held[field]![0]);
    // A `unique` input another group changes is moved out of that group's way here.
    for (const [field, spec] of Object.entries(kind.fields)) {
      const v = this.args[field];
      if (spec.unique && typeof v === "number" && !this.owns.includes(field)) this.args[field] = v + offset + 90;
    }
  }

  private ref(name: string, kind: Kind) {
    return { $ref: `${name}.${kind.idOutput}` };
  }

  /** Valid args of `kind`: the fields always set, at their first example; `holds` fields point at `holder(field)`. */
  private baseline(kind: Kind, uniqueOffset: number, holder: (field: string) => string): Record<string, unknown> {
    const args: Record<string, unknown> = {};
    for (const [field, spec] of Object.entries(kind.fields)) {
      if (spec.holds) args[field] = this.ref(holder(field), this.byClass.get(spec.holds)!);
      else if (alwaysSet(spec)) {
        const v = examplesOf(kind, field)[0];
        args[field] = spec.unique && typeof v === "number" ? v + uniqueOffset : v;
      }
    }
    return args;
  }

  /** The changes of every input, in table order (see the file comment). */
  changes(): Change[] {
    return this.owns.flatMap((field) => changesOf(this.kind, field, this.held[field], this.byClass));
  }

  /**
   * Applies a change to the resource under test. A region set to another one moves the group; a region
   * left out keeps the one the resource was created in (the provider takes it from the state: only an
   * explicit region moves a resource).
   */
  apply(change: Change): void {
    if (change.field === "region" && typeof change.value === "string") {
      this.region = change.value;
      this.args = inRegion(this.args, this.region) as Record<string, unknown>;
    }
    if (change.value === undefined) delete this.args[change.field];
    else this.args[change.field] = change.field === "region" ? change.value : inRegion(change.value, this.region);
  }

  /** The group's resources, as the changes so far left them. */
  declare(): Record<string, Declared> {
    const out: Record<string, Declared> = {};
    const placed = (kind: Kind, args: Record<string, unknown>): Declared => ({
      class: kind.className,
      args: kind.fields.region ? (inRegion({ ...args, region: this.region }, this.region) as Record<string, unknown>) : args,
      ...(kind.requires ? { options: { dependsOn: REGIONS.map((r) => serviceName(kind.requires!, r)) } } : {}),
    });
    for (const [field, names] of Object.entries(this.held)) {
      const kind = this.byClass.get(this.kind.fields[field]!.holds!)!;
      names.forEach(
        (n, i) =>
          (out[n] = placed(
            kind,
            this.baseline(kind, this.offset + 10 * (i + 1), () => ""),
          )),
      );
    }
    out[this.name] = { ...placed(this.kind, {}), args: this.args };
    for (const [name, [kind, field]] of Object.entries(this.dependents)) {
      out[name] = placed(
        kind,
        this.baseline(kind, this.offset + 50, (f) => (f === field ? this.name : "")),
      );
    }
    return out;
  }
}

/** The changes of one input (see the file comment): values, adding and removing it, reordering a list. */
function changesOf(kind: Kind, field: string, held: [string, string] | undefined, byClass: ReadonlyMap<string, Kind>): Change[] {
  const spec = kind.fields[field]!;
  const out: Change[] = [];
  if (spec.holds) {
    const [a, b] = held!.map((n) => ({ $ref: `${n}.${byClass.get(spec.holds!)!.idOutput}` }));
    out.push({ kind: "value", field, value: b }, { kind: "value", field, value: a });
    return out;
  }
  const ex = examplesOf(kind, field);
  const reorder: Change[] =
    Array.isArray(ex[0]) && ex[0].length > 1 ? [{ kind: "reorder", field, value: [...(ex[0] as unknown[])].reverse() }] : [];
  if (alwaysSet(spec)) {
    if (ex.length > 1) out.push({ kind: "value", field, value: ex[1] }, { kind: "value", field, value: ex[0] });
    out.push(...reorder);
  } else {
    out.push({ kind: "add", field, value: ex[0] }, ...reorder);
    if (ex.length > 1) out.push({ kind: "value", field, value: ex[1] });
    // A field whose change replaces goes back first, so that the resource ends where it started (a region
    // left out stays the one the resource was created in, and would not move it back).
    if (ex.length > 1 && spec.change === "replace") out.push({ kind: "value", field, value: ex[0] });
    out.push({ kind: "remove", field, value: undefined });
  }
  return out;
}

/**
 * The groups: each kind's inputs shared out among as few groups as keep each within `perGroup` changes
 * (one input's changes stay in one group), so that a round (one `up`) changes one input of every group;
 * and the regional services the kinds require, per region, as fixtures.
 */
export function matrixGroups(kinds: readonly Kind[], perGroup = 12): { groups: Group[]; fixtures: Record<string, Declared> } {
  const byClass = new Map(kinds.map((k) => [k.className, k]));
  const groups: Group[] = [];
  kinds.forEach((kind, i) => {
    const lanes: string[][] = [[]];
    let used = 0;
    for (const field of Object.keys(kind.fields)) {
      const n = changesOf(kind, field, ["a", "b"], byClass).length;
      if (used + n > perGroup && lanes.at(-1)!.length > 0) {
        lanes.push([]);
        used = 0;
      }
      lanes.at(-1)!.push(field);
      used += n;
    }
    lanes.forEach((owns, lane) => groups.push(new Group(kind, byClass, 100 * (i + 1) + 1000 * lane, owns, lane)));
  });
  const fixtures: Record<string, Declared> = {};
  for (const k of kinds) {
    if (k.requires) for (const region of REGIONS) fixtures[serviceName(k.requires, region)] = { class: k.requires, args: { region } };
  }
  return { groups, fixtures };
}
