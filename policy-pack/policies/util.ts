/**
 * Helpers shared by the policies: reading props that may hold unknown values, reading typed
 * config with defaults, and naming resources in messages. No policy lives here.
 */
import { UnknownValueError } from "@pulumi/policy";
import { schema } from "pulumi-alicloud-traffic";

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

/**
 * Resources sorted by URN. The engine lists resources in registration order, which varies between
 * runs when a program creates resources concurrently; sorting makes "which one came first" stable.
 */
export function byUrn<T extends { urn: string }>(resources: readonly T[]): T[] {
  return [...resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

/** `sag.FlowLog "edge"`: how messages name a resource. */
export function flowLogLabel(name: string): string {
  return `sag.FlowLog "${name}"`;
}

export function trafficMirrorServiceLabel(name: string): string {
  return `vpc.TrafficMirrorService "${name}"`;
}

/** `"sls", "all"`. */
export function quoteList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

/** An error in the organization's policy config (fails the run: the config, not a resource, is wrong). */
export function configError(policy: string, message: string): Error {
  return new Error(`policy config of ${policy}: ${message}`);
}
