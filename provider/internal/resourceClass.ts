/**
 * What the resource classes share (program side), from their registry row: the shim they hand to
 * `dynamic.Resource`, the seeded keys, the hidden inputs of a marked resource, the options of one whose
 * replacement always deletes first, and the id output. A class is then its declarations and docs.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ResourceEntry, shimOf } from "../registry";
import { idOutputOf } from "../schema/fieldTable";
import { warnIfPlaintextAccessKey } from "./plaintextConfig";
import { NAME_MAX_LENGTH } from "../schema/values";
import { resourceNameSeed, resourceToken } from "./stateIdentity";

/**
 * The options with `deleteBeforeReplace: true`. `deleteBeforeReplace: false` is an error naming the
 * resource and `why`: a create adopts the resource that carries its marker, so the old one must be
 * gone before its replacement is created.
 */
export function deleteFirstOptions(resource: string, name: string, opts: pulumi.CustomResourceOptions | undefined, why: string) {
  if (opts?.deleteBeforeReplace === false) {
    throw new Error(`${resource} ${name}: deleteBeforeReplace: false is not supported. ${why}`);
  }
  return { ...opts, deleteBeforeReplace: true };
}

/**
 * The hidden inputs of a resource with an idempotency marker: its token (docs/idempotency.md,
 * "Idempotency and API calls"), and the `replaceOnChanges` option, which the provider's diff applies (`replacesOf`).
 * `named`: also its Pulumi name, by which check's messages name it to another resource
 * (`uniqueIssues`), for a resource with a field unique in the region and no name of its own for sure.
 */
export function markedInputs(type: string, name: string, opts: pulumi.CustomResourceOptions | undefined, named = false) {
  return {
    __token: resourceToken(type, name, opts),
    ...(named ? { __logicalName: name } : {}),
    ...(opts?.replaceOnChanges?.length ? { __replaceOnChanges: opts.replaceOnChanges } : {}),
  };
}

/**
 * Every input and output key, undefined: seeding them makes the engine resolve each output even when
 * the program leaves an input out, and (spread before the args) an output passed as an input reaches
 * `check`, which rejects it. The id output is not seeded: it is the resource id (`withIdOutput`).
 */
const seeded = new Map<string, Record<string, undefined>>();
function seededKeys(entry: ResourceEntry): Record<string, undefined> {
  if (!seeded.has(entry.token)) {
    const id = idOutputOf(entry.outputs ?? {});
    const keys = [...Object.keys(entry.fields ?? {}), ...Object.keys(entry.outputs ?? {})].filter((k) => k !== id);
    seeded.set(entry.token, Object.fromEntries(keys.map((k) => [k, undefined])));
  }
  return seeded.get(entry.token)!;
}

/**
 * What a class hands to `dynamic.Resource`: the shim, the name, the props (seeded keys, the args, the
 * hidden inputs of a marked resource, `extra`), the options and the module and type of its token. A
 * marked resource (one with an id output) carries the marker's hidden inputs; a resource whose row says
 * `deleteFirst` is replaced delete-first.
 */
export function resourceArgs(
  entry: ResourceEntry,
  name: string,
  args: object,
  opts: pulumi.CustomResourceOptions | undefined,
  extra: Record<string, unknown> = {},
): [pulumi.dynamic.ResourceProvider, string, pulumi.Inputs, pulumi.CustomResourceOptions | undefined, string, string] {
  const options = entry.deleteFirst ? deleteFirstOptions(entry.className, name, opts, entry.deleteFirst) : opts;
  warnIfPlaintextAccessKey();
  const fields = entry.fields ?? {};
  const marked = idOutputOf(entry.outputs ?? {}) !== undefined;
  const named = Object.values(fields).some((f) => f.unique) && fields.name?.presence !== "defaulted";
  // A name the provider defaults (a create without ClientToken looks itself up by it) is generated here.
  const auto = fields.name?.presence === "defaulted" ? { __autoName: autoNameInput(entry.token, name, opts) } : {};
  const props = { ...seededKeys(entry), ...args, ...(marked ? markedInputs(entry.token, name, opts, named) : {}), ...auto, ...extra };
  const [module, type] = entry.token.slice("pulumi-nodejs:dynamic/".length).split(":") as [string, string];
  return [shimOf(entry) as pulumi.dynamic.ResourceProvider, name, props, options, module, type];
}

/**
 * Makes a resource's id output (`flowLogId`, `trafficMirrorFilterId`, ...) its resource id. During a
 * preview the engine keeps a resource's id known when it is updated in place (and unknown only when it
 * is created or replaced), while every output the provider computes is unknown for an update: the Node
 * dynamic-provider host neither previews updates nor forwards a diff's `stables`, and engines up to
 * 3.276 ignore them. So a resource that uses another's id (a session's `filterId`) sees it known, and
 * unchanged, when that resource only changes in place, in the preview as in the `up`.
 */
export function withIdOutput(resource: pulumi.CustomResource, entry: ResourceEntry): void {
  const key = idOutputOf(entry.outputs ?? {});
  if (key) Object.defineProperty(resource, key, { value: resource.id, enumerable: true });
}

/**
 * The auto-name input: a plain string when the seed is known at construction (no parent), which the
 * engine stores exactly like the known Output an `apply` would make, without an Output per resource.
 */
function autoNameInput(type: string, name: string, opts?: pulumi.CustomResourceOptions): pulumi.Input<string> {
  const seed = resourceNameSeed(type, name, opts);
  return typeof seed === "string" ? autoName(name, seed) : seed.apply((s) => autoName(name, s));
}

/** `<resource name>-<7 hex>`, deterministic per project, stack and name, within the length limit. */
function autoName(name: string, seed: string): string {
  const suffix = `-${seed.slice(0, 7)}`;
  return `${name.slice(0, NAME_MAX_LENGTH - suffix.length)}${suffix}`;
}
