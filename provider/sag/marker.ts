/**
 * The idempotency marker. SAG flow-log actions take no ClientToken, so each `sag.FlowLog` carries
 * a **lineage token** and the provider stores it in the flow log's Description as
 * ` [pulumi:<token>]`. The token is 16 hex characters of SHA-256 over the stack state's own random
 * identity (`provider/internal/stateIdentity.ts`), the resource type and name, and the parent's URN
 * for a child resource. So it names one resource of one state:
 *
 * - every retry of a create, in this process or in a later `up` on any machine (the identity is in
 *   the stack's checkpoint), looks for and finds the same token;
 * - another stack, a renamed stack's successor, the same names in another backend or organization,
 *   or the same stack after `destroy` get another identity, hence other tokens.
 *
 * Replacements always delete first (see `flowLog.ts`), so at most one flow log per token is live.
 */
// The tokens come from the state identity (shared by every resource kind); kept importable from here.
export { lineageToken, nameSeed } from "../internal/lineage";
// The marker's format is shared with the traffic-mirror resources.
export { parseMarker, withMarker } from "../internal/marker";
