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
import { RESOURCES, shimOf } from "../registry";
import { lineageToken, nameSeed } from "./lineage";
import { STATE_IDENTITY_NAME } from "./stateIdentityTypes";

class StateIdentity extends pulumi.dynamic.Resource {
  declare readonly stateId: pulumi.Output<string>;
  constructor() {
    super(
      shimOf(RESOURCES.stateIdentity) as pulumi.dynamic.ResourceProvider,
      STATE_IDENTITY_NAME,
      { stateId: undefined },
      {},
      "alicloud-traffic",
      "StateIdentity",
    );
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

/** An Output's value as a plain promise (undefined while unknown, at preview of a new stack). */
const valueOf = <T>(o: pulumi.Output<T>): Promise<T | undefined> => (o as unknown as { promise(): Promise<T | undefined> }).promise();

/**
 * The idempotency token of a resource being constructed (see `lineageToken`), as a promise rather
 * than an Output: its value still waits for the identity, but the resource records no dependency on
 * `alicloud-traffic-state`. A dependency would add its URN twice to every resource in the state
 * (`dependencies`, `propertyDependencies.__token`, ~212 bytes each), which the engine rewrites after
 * every step; the identity has nothing in the cloud, so it needs no ordering on delete.
 */
export function resourceToken(type: string, name: string, opts?: Parented): Promise<string | undefined> {
  const id = valueOf(stateId());
  if (!opts?.parent) return id.then((i) => (i === undefined ? undefined : lineageToken(i, type, name)));
  return Promise.all([id, valueOf(pulumi.output(opts.parent.urn))]).then(([i, urn]) =>
    i === undefined || urn === undefined ? undefined : lineageToken(i, type, name, urn),
  );
}

/** The seed of the auto-generated name: known at preview, stable per project, stack and resource. */
export function resourceNameSeed(type: string, name: string, opts?: Parented): string | pulumi.Output<string> {
  const [project, stack] = [pulumi.getProject(), pulumi.getStack()];
  if (!opts?.parent) return nameSeed(project, stack, type, name);
  return pulumi.output(opts.parent.urn).apply((urn) => nameSeed(project, stack, type, name, urn));
}
