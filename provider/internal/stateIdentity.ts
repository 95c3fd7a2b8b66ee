/**
 * The state identity: one hidden resource per stack state, `alicloud-traffic-state`, whose only
 * output is a random id made when it is first created. Every `sag.FlowLog` derives its idempotency
 * token from it (`provider/sag/marker.ts`), which is what tells "this state's interrupted create"
 * apart from "another state's flow log with the same project, stack and resource names":
 *
 * - it is in the stack's checkpoint, so a later `up` on any machine (an ephemeral CI runner) sees
 *   the same id and finds the flow log an interrupted create made;
 * - `pulumi stack rename` keeps it with the renamed stack; a new stack with the old name, another
 *   backend or organization, and the same stack after `destroy` get a new one.
 *
 * Program side only (it constructs a resource); the provider is `stateIdentityProvider.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { lineageToken, nameSeed } from "./lineage";

import { STATE_IDENTITY_NAME } from "./stateIdentityTypes";

class StateIdentity extends pulumi.dynamic.Resource {
  declare readonly stateId: pulumi.Output<string>;
  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the shim's exports object serializes as a `require` of the package
    super(require("../shims/stateIdentity"), STATE_IDENTITY_NAME, { stateId: undefined }, {}, "alicloud-traffic", "StateIdentity");
  }
}

// One per program, shared by every copy of this package that the program loads.
const KEY = Symbol.for("pulumi-alicloud-traffic/state-identity");

/** The state's identity, registering the hidden resource on first use. */
export function stateId(): pulumi.Output<string> {
  const g = globalThis as unknown as Record<symbol, pulumi.Output<string> | undefined>;
  return (g[KEY] ??= new StateIdentity().stateId);
}

type Parented = { parent?: { urn: pulumi.Input<string> } };

/** The idempotency token of a resource being constructed (see `lineageToken`). */
export function resourceToken(type: string, name: string, opts?: Parented): pulumi.Output<string> {
  // Without a parent, one `apply` on the identity (same value, same dependency) instead of an `all`.
  if (!opts?.parent) return stateId().apply((id) => lineageToken(id, type, name));
  return pulumi.all([stateId(), opts.parent.urn]).apply(([id, urn]) => lineageToken(id, type, name, urn));
}

/** The seed of the auto-generated name: known at preview, stable per project, stack and resource. */
export function resourceNameSeed(type: string, name: string, opts?: Parented): string | pulumi.Output<string> {
  const [project, stack] = [pulumi.getProject(), pulumi.getStack()];
  if (!opts?.parent) return nameSeed(project, stack, type, name);
  return pulumi.output(opts.parent.urn).apply((urn) => nameSeed(project, stack, type, name, urn));
}
