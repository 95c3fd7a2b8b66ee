/**
 * One resource as a policy judges it, whichever provider declares it: this package's dynamic
 * resource or its bridged `@pulumi/alicloud` equivalent. A policy is written once, in our field
 * names and value types; for a bridged resource the props are read through the ONE mapping of its
 * type in ./bridged.ts (`toOurs`), its region is its provider's (`alicloud:region`), and messages
 * name the resource's own props (`field()`), e.g. `trafficMirrorTargetType` on a bridged session.
 *
 * Values a policy cannot see are never judged: unknown in preview, `"[secret]"` (what
 * `pulumi policy analyze --file` hands over for a secret it cannot decrypt, whatever its type), and
 * a bridged resource's region that its provider does not show. In `props` they all read as
 * `schema.UNKNOWN`, so every rule skips them as it skips unknown values; a policy that skips one
 * says so with `unseen(field)`, which notes it for the advisory `unchecked-values` note.
 */
import type { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import {
  BRIDGED,
  BRIDGED_NETWORK,
  BRIDGED_NETWORK_INTERFACE,
  BRIDGED_VSWITCH,
  BridgedToken,
  OurType,
  RegionSource,
  bridgedClassName,
  bridgedSource,
  isBridgedToken,
  toOurs,
} from "./bridged";
import { recordUnseen, UnseenReason } from "./runState";
import { Props, isUnknown, known, once, schema } from "./util";

/** Our resource kinds: the types of this package, and the filter rule (a bridged resource only). */
export type Kind = OurType | "vpc.TrafficMirrorService" | "vpc.FlowLogService";

/** What `pulumi policy analyze --file` hands policies for a secret it cannot decrypt, whatever its type. */
export const SECRET = "[secret]";

/** Our kinds by type token: every resource of the provider's registry (read on first use). */
const OUR_KINDS = once(() => new Map(schema.RESOURCE_TYPES as ReadonlyArray<readonly [string, Kind]>));

/** Our type token of a kind, if this package has a resource of that kind. */
export function ourTokenOf(kind: Kind): string | undefined {
  for (const [token, k] of OUR_KINDS()) if (k === kind) return token;
  return undefined;
}

/** The kind of a type token (ours or bridged), or undefined for any other type. */
export function kindOf(type: string): Kind | undefined {
  return OUR_KINDS().get(type) ?? (isBridgedToken(type) ? BRIDGED[type].ours : undefined);
}

/** Every type token (ours first, then bridged) of the given kinds. */
export function tokensOf(kinds: readonly Kind[]): string[] {
  const ours = kinds.map(ourTokenOf).filter((t): t is string => t !== undefined);
  const bridged = (Object.keys(BRIDGED) as BridgedToken[]).filter((t) => kinds.includes(BRIDGED[t].ours));
  return [...ours, ...bridged];
}

/** `sag.FlowLog "edge"` for ours, `alicloud.vpc.FlowLog "all"` for a bridged (or any other) type. */
export function labelOf(type: string, name: string): string {
  const kind = OUR_KINDS().get(type);
  return `${kind ?? bridgedClassName(type)} "${name}"`;
}

/** A value, or one inside it, that `policy analyze --file` redacted. */
function containsSecret(value: unknown): boolean {
  if (value === SECRET) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsSecret);
  return false;
}

/** The value with every redacted secret in it replaced by `schema.UNKNOWN`. */
function hideSecrets(value: unknown): unknown {
  if (value === SECRET) return schema.UNKNOWN;
  if (Array.isArray(value)) return value.map(hideSecrets);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hideSecrets(v)]));
  return value;
}

/** A resource as the engine hands it over: to a resource policy (inputs) or a stack policy (outputs). */
export interface EngineResource {
  type: string;
  name: string;
  urn: string;
  props: object;
  provider?: { props: object };
}

export interface Subject {
  /** Our kind of the resource. */
  readonly kind: Kind;
  /** The bridged type token, for a bridged resource. */
  readonly bridged?: BridgedToken;
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** How messages name it: `sag.FlowLog "edge"`, `alicloud.sag.SmartagFlowLog "edge"`. */
  readonly label: string;
  /** The props in our field names and value types; a value the policy cannot see is `schema.UNKNOWN`. */
  readonly props: Props;
  /** How the resource itself names one of our fields (a bridged prop, `alicloud:region`). */
  field(field: string): string;
  /** The raw value as the resource holds it (for messages), or undefined if it is not set. */
  raw(field: string): unknown;
  /**
   * True if the policy cannot see the field's value (or a value inside it); notes that the
   * policy did not judge it. Call it where a rule is skipped for that reason.
   */
  unseen(field: string): boolean;
  /** Why the field's value cannot be seen, without noting it; undefined if it can be. */
  hidden(field: string): UnseenReason | undefined;
}

export interface SubjectOptions {
  /** The policy judging it: unseen values are noted under its name. Without it nothing is noted. */
  policy?: string;
}

/** The provider's region input (`alicloud:region`), read without throwing on an unknown value. */
function providerRegion(provider: { props: object } | undefined): unknown {
  if (!provider) return undefined;
  return known(provider.props).region;
}

/** Makes the subject of a resource of one of our kinds; undefined for any other type. */
export function subjectOf(resource: EngineResource, options: SubjectOptions = {}): Subject | undefined {
  const kind = kindOf(resource.type);
  if (kind === undefined) return undefined;
  const raw = known(resource.props);
  const reasons = new Map<string, UnseenReason>();
  let props: Props;
  let regionField = "region";
  let bridged: BridgedToken | undefined;
  if (isBridgedToken(resource.type)) {
    bridged = resource.type;
    const region: RegionSource = BRIDGED[bridged].region;
    const fromProvider = providerRegion(resource.provider);
    const hasProviderRegion = fromProvider !== undefined && fromProvider !== null && fromProvider !== "";
    const stateRegion = region.stateOutput ? raw[region.stateOutput] : undefined;
    props = toOurs(bridged, raw, hasProviderRegion ? { region: fromProvider } : {}).props;
    if (hasProviderRegion) regionField = region.config;
    else if (region.stateOutput && stateRegion !== undefined && stateRegion !== null && stateRegion !== "")
      regionField = region.stateOutput;
    else {
      // The provider falls back to ALICLOUD_REGION (or its default), which no policy can see.
      regionField = region.config;
      props.region = schema.UNKNOWN;
      reasons.set("region", "region");
    }
  } else {
    props = { ...raw };
  }
  for (const [field, value] of Object.entries(props)) {
    if (containsSecret(value)) {
      reasons.set(field, "secret");
      props[field] = hideSecrets(value);
    } else if (!reasons.has(field) && schema.containsUnknown(value)) reasons.set(field, "unknown");
  }
  const label = labelOf(resource.type, resource.name);
  const field = (f: string): string => {
    if (f === "region") return regionField;
    if (!bridged) return f;
    const source = bridgedSource(bridged, f);
    if (!source) return f;
    return source.props.find((p) => raw[p] !== undefined && raw[p] !== null) ?? source.props[0];
  };
  return {
    kind,
    bridged,
    type: resource.type,
    name: resource.name,
    urn: resource.urn,
    label,
    props,
    field,
    raw: (f) => (f === "region" ? (reasons.get("region") === "region" ? undefined : props.region) : raw[field(f)]),
    hidden: (f) => (schema.containsUnknown(props[f]) ? (reasons.get(f) ?? "unknown") : undefined),
    unseen: (f) => {
      if (!schema.containsUnknown(props[f])) return false;
      if (options.policy) recordUnseen(resource.urn, label, field(f), reasons.get(f) ?? "unknown", options.policy);
      return true;
    },
  };
}

/** The subject of a resource policy's resource (its inputs, and its provider's). */
export function resourceSubject(args: ResourceValidationArgs, policy: string): Subject | undefined {
  return subjectOf({ type: args.type, name: args.name, urn: args.urn, props: args.props, provider: args.provider }, { policy });
}

/** The subject of a stack policy's resource (its outputs, and its provider's inputs). */
export function stackSubject(resource: PolicyResource, options: SubjectOptions = {}): Subject | undefined {
  return subjectOf(resource, options);
}

/**
 * A resource's `id` prop, if its outputs show one: a bridged resource's outputs hold its id
 * (Terraform's `id` attribute), and policies are given no id otherwise. Undefined while unknown
 * (preview) and for a resource whose outputs do not show it.
 */
export function idOf(resources: readonly { urn: string; props: object }[], urn: string): string | undefined {
  const r = resources.find((x) => x.urn === urn);
  if (!r) return undefined;
  const id = known(r.props).id;
  return typeof id === "string" && id !== "" && !isUnknown(id) && id !== SECRET ? id : undefined;
}

/** Bridged types that are not ours but that stack policies relate ours to. */
export const RELATED = {
  network: BRIDGED_NETWORK.token,
  vswitches: BRIDGED_VSWITCH.tokens as readonly string[],
  networkInterfaces: BRIDGED_NETWORK_INTERFACE.tokens as readonly string[],
};
