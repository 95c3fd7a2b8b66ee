/**
 * What the pack keeps for one engine run. The engine starts the pack once per command (`preview`,
 * `up`, `policy analyze`) and talks to that one process: Configure once, then an Analyze call per
 * resource (the resource policies, in list order, one after the other), then one AnalyzeStack
 * call (the stack policies, in list order). So the resource policies can leave notes here that the
 * stack policies listed last read at the end of the run:
 *
 * - the org config the engine configured (all policies' settings: `policy-exemptions` holds the
 *   exemptions every policy applies, and `deployed-state` runs the other policies with theirs);
 * - the values a policy could not see (unknown in preview, `"[secret]"` in a state file analyzed
 *   without its secrets, a bridged resource's region the provider does not show), for the one
 *   advisory note per resource of `unchecked-values`;
 * - the exemptions applied, for the notes of `policy-exemptions`;
 * - the violations reported on inputs, so that `deployed-state` reports only what the outputs add.
 *
 * Everything is keyed by URN; the readers take what they report (`drain...`).
 */

/** One policy's entry in the config the engine hands the pack (defaults filled in). */
export type PolicyConfigEntry = { enforcementLevel?: string; [key: string]: unknown };

let packConfig: Record<string, PolicyConfigEntry> | undefined;

/** Keeps the config of the engine's Configure call (see ../engineHooks.ts `withConfigCheck`). */
export function setPackConfig(config: Record<string, PolicyConfigEntry> | undefined): void {
  packConfig = config;
}

/** A policy's entry in the configured config, if the engine configured the pack. */
export function packConfigOf(policy: string): PolicyConfigEntry | undefined {
  return packConfig?.[policy];
}

/**
 * Why a value could not be judged: not known yet (preview), a secret the run cannot decrypt
 * (`"[secret]"`), a bridged resource's region its provider does not show, a resource's id that its
 * outputs do not show (so a resource that names it by id cannot be matched to it).
 */
export type UnseenReason = "unknown" | "secret" | "region" | "id";

interface UnseenFields {
  label: string;
  fields: Map<string, { reason: UnseenReason; policies: Set<string> }>;
}

const unseen = new Map<string, UnseenFields>();

/** Notes that `policy` could not judge `field` (as the resource names it) of the resource `urn`. */
export function recordUnseen(urn: string, label: string, field: string, reason: UnseenReason, policy: string): void {
  let entry = unseen.get(urn);
  if (!entry) unseen.set(urn, (entry = { label, fields: new Map() }));
  let f = entry.fields.get(field);
  if (!f) entry.fields.set(field, (f = { reason, policies: new Set() }));
  f.policies.add(policy);
}

export interface UnseenNote {
  urn: string;
  label: string;
  fields: { field: string; reason: UnseenReason; policies: string[] }[];
}

/** The values no policy could see, per resource in URN order, and forgets them. */
export function drainUnseen(): UnseenNote[] {
  const notes = [...unseen.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([urn, { label, fields }]) => ({
      urn,
      label,
      fields: [...fields.entries()].map(([field, { reason, policies }]) => ({ field, reason, policies: [...policies].sort() })),
    }));
  unseen.clear();
  return notes;
}

interface Exempted {
  label: string;
  policies: Map<string, string>;
}

const exempted = new Map<string, Exempted>();

/** Notes that `policy` was not applied to the resource `urn` because of an exemption. */
export function recordExemption(urn: string, label: string, policy: string, reason: string): void {
  let entry = exempted.get(urn);
  if (!entry) exempted.set(urn, (entry = { label, policies: new Map() }));
  entry.policies.set(policy, reason);
}

export interface ExemptionNote {
  urn: string;
  label: string;
  policies: { policy: string; reason: string }[];
}

/** The exemptions applied, per resource in URN order, and forgets them. */
export function drainExemptions(): ExemptionNote[] {
  const notes = [...exempted.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([urn, { label, policies }]) => ({
      urn,
      label,
      policies: [...policies.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([policy, reason]) => ({ policy, reason })),
    }));
  exempted.clear();
  return notes;
}

const reported = new Set<string>();
const key = (urn: string, policy: string, message: string) => `${urn}\u0000${policy}\u0000${message}`;

/** Notes a violation a resource policy reported on a resource's inputs. */
export function recordReported(urn: string, policy: string, message: string): void {
  reported.add(key(urn, policy, message));
}

/** Whether that violation was reported on the inputs in this run. */
export function wasReported(urn: string, policy: string, message: string): boolean {
  return reported.has(key(urn, policy, message));
}

/** Forgets everything (tests; each engine run is a process of its own). */
export function resetRunState(): void {
  packConfig = undefined;
  unseen.clear();
  exempted.clear();
  reported.clear();
}
