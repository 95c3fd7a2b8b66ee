/**
 * The idempotency marker. SAG flow-log actions take no ClientToken, so each `sag.FlowLog` carries a
 * deterministic token (derived from project, stack, type and resource name when the resource is
 * constructed) and the provider stores it in the flow log's Description as ` [pulumi:<token>]`.
 * Reconciliation after an ambiguous failure, or after an interrupted `up`, looks for that marker
 * and adopts only a flow log that carries this resource's own token.
 */
import { createHash } from "crypto";

const MARKER = /\s?\[pulumi:([0-9a-f]{16})\]$/;

/**
 * 16 hex characters of SHA-256 over `project/stack/type/name`, plus the parent's URN for a child
 * resource: two resources may share type and name under different parents, never under the same.
 */
export function idempotencyToken(project: string, stack: string, type: string, name: string, parentUrn?: string): string {
  const parts = [project, stack, type, name, ...(parentUrn ? [parentUrn] : [])];
  return createHash("sha256").update(parts.join("/")).digest("hex").slice(0, 16);
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

/**
 * The token of a resource being constructed in a Pulumi program (an Output when it has a parent,
 * whose URN resolves asynchronously). Lives here, not in the resource classes, so that the
 * provider side of this module never loads the Pulumi runtime.
 */
export function resourceToken(type: string, name: string, opts?: { parent?: { urn: unknown } }): string | import("@pulumi/pulumi").Output<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi: typeof import("@pulumi/pulumi") = require("@pulumi/pulumi");
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  if (!opts?.parent) return idempotencyToken(project, stack, type, name);
  return pulumi.output(opts.parent.urn as import("@pulumi/pulumi").Input<string>).apply((urn) => idempotencyToken(project, stack, type, name, urn));
}
