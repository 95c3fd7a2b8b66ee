/**
 * The idempotency marker, for every resource kind that carries one in a description: ` [pulumi:<token>]`
 * appended to the user's description, where the token is the resource's lineage token (`lineage.ts`).
 * The flow logs' marker (`provider/sag/marker.ts` re-exports these). Pure: no I/O, no Pulumi runtime
 * (the schema imports `MARKER_LENGTH`).
 */
const MARKER = /\s?\[pulumi:([0-9a-f]{16})\]$/;

/** Characters the marker adds to a description: ` [pulumi:` + 16 hex + `]`. */
export const MARKER_LENGTH = " [pulumi:]".length + 16;

/** The description as stored in the cloud: the user's, then the marker (the marker alone when there is none). */
export function withMarker(description: string | undefined, token: string): string {
  return `${description ? `${description} ` : ""}[pulumi:${token}]`;
}

/** Splits what the API returns into the user's description and the token, if any. */
export function parseMarker(cloudDescription: string | undefined): { description?: string; token?: string } {
  const text = cloudDescription ?? "";
  const m = MARKER.exec(text);
  if (!m) return { description: text === "" ? undefined : text };
  const description = text.slice(0, m.index);
  return { description: description === "" ? undefined : description, token: m[1] };
}
