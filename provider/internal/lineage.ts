/**
 * Tokens derived from a stack state's identity (`stateIdentity.ts`), for every resource kind: the
 * lineage token that names one resource of one state (a flow log's idempotency marker), and the
 * seed of auto-generated names. See `provider/sag/marker.ts` for how flow logs carry the token.
 */
import { createHash } from "crypto";

const sha16 = (parts: string[]) => createHash("sha256").update(parts.join("/")).digest("hex").slice(0, 16);

/**
 * The token of a resource in a state: `stateId` is the state's random identity. Two resources may
 * share type and name under different parents, never under the same.
 */
export function lineageToken(stateId: string, type: string, name: string, parentUrn?: string): string {
  return sha16(["v2", stateId, type, name, ...(parentUrn ? [parentUrn] : [])]);
}

/**
 * 16 hex characters of SHA-256 over `project/stack/type/name` (plus the parent's URN): the seed of
 * the auto-generated name (known at preview, stable per project/stack/resource), and the token of
 * flow logs created by version 0.1 of this package, which still carry it.
 */
export function nameSeed(project: string, stack: string, type: string, name: string, parentUrn?: string): string {
  return sha16([project, stack, type, name, ...(parentUrn ? [parentUrn] : [])]);
}
