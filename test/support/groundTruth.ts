/**
 * Ground truth for idempotency assertions: which marker token each flow log of a stack must carry,
 * computed the way the provider does (`provider/sag/marker.ts`) from the state's own identity.
 */
import { lineageToken } from "../../provider/sag/marker";
import { STATE_IDENTITY_TYPE } from "../../provider/internal/stateIdentityTypes";
import { FLOW_LOG_TYPE } from "../../provider/schema";
import { resourcesOfType } from "./pulumi";

/** The random identity of a stack's state (`pulumi stack export` output). */
export function stateIdOf(state: any): string {
  const [identity, ...more] = resourcesOfType(state, STATE_IDENTITY_TYPE);
  if (!identity || more.length > 0)
    throw new Error(`expected one ${STATE_IDENTITY_TYPE} in the state, found ${more.length + (identity ? 1 : 0)}`);
  return identity.outputs.stateId;
}

/** token -> resource name, for top-level `sag.FlowLog` resources `names` of the stack. */
export function tokensOf(state: any, names: string[]): Map<string, string> {
  const id = stateIdOf(state);
  return new Map(names.map((n) => [lineageToken(id, FLOW_LOG_TYPE, n), n]));
}
