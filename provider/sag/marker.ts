/**
 * The idempotency marker. SAG flow-log actions take no ClientToken, so each `sag.FlowLog` carries a
 * deterministic token (derived from project, stack, type and resource name when the resource is
 * constructed) and the provider stores it in the flow log's Description as ` [pulumi:<token>]`.
 * Reconciliation after an ambiguous failure, or after an interrupted `up`, looks for that marker
 * and adopts only a flow log that carries this resource's own token.
 */
import { createHash } from "crypto";

const MARKER = /\s?\[pulumi:([0-9a-f]{16})\]$/;

/** 16 hex characters of SHA-256 over `project/stack/type/name`. */
export function idempotencyToken(project: string, stack: string, type: string, name: string): string {
  return createHash("sha256").update([project, stack, type, name].join("/")).digest("hex").slice(0, 16);
}

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
