/**
 * What the resource classes share (program side): options of a resource whose replacement always
 * deletes first, the hidden inputs of a marked resource, and the seeded keys.
 */
import type * as pulumi from "@pulumi/pulumi";
import { resourceToken } from "./stateIdentity";

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
 * The hidden inputs of a resource with an idempotency marker: its token (README "Idempotency and API
 * calls"), and the `replaceOnChanges` option, which the provider's diff applies (`replacesOf`).
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
 * A resource's id output (`flowLogId`, `trafficMirrorFilterId`, ...) is its resource id. During a
 * preview the engine keeps a resource's id known when it is updated in place (and unknown only when
 * it is created or replaced), while every output the provider computes is unknown for an update: the
 * Node dynamic-provider host neither previews updates nor forwards a diff's `stables`, and engines up
 * to 3.276 ignore them. So a resource that uses another's id (a session's `filterId`) sees it known,
 * and unchanged, when that resource only changes in place, in the preview as in the `up`.
 */
export const idOutput = (resource: pulumi.CustomResource): pulumi.Output<string> => resource.id;

/**
 * Every input and output key, undefined: seeding them makes the engine resolve each output even when
 * the program leaves an input out, and (spread before the args) an output passed as an input reaches
 * `check`, which rejects it. Built once per class, not per resource.
 */
export const seededKeys = (keys: readonly string[]): Record<string, undefined> => Object.fromEntries(keys.map((k) => [k, undefined]));
