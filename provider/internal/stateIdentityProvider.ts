/**
 * The provider of the state identity (`stateIdentity.ts`): create draws a random id, nothing
 * else ever changes it, and there is nothing in the cloud to read or delete. No API calls.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { randomBytes } from "crypto";
import { buildRules } from "../schema";

interface Outputs {
  stateId: string;
}

export async function configure(): Promise<void> {
  // Nothing to configure: no credentials, no region.
}

export async function check(_olds: unknown, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
  return { inputs: news };
}

/**
 * After the identity's last call in a preview or an up (its diff, or its create), this process
 * idles while the program sends the registrations that waited for the identity (~150 ms for 200
 * flow logs); their first `check` would load zod and build the rules (~40-50 ms). That is done in
 * the idle time instead. Not in a refresh, which validates nothing and calls diff after read while
 * the host is busy reading (nor in a destroy, which calls only delete).
 */
let refreshing = false;
function buildRulesSoon(): void {
  if (!refreshing) setTimeout(buildRules, 0).unref();
}

export async function diff(): Promise<dynamic.DiffResult> {
  buildRulesSoon();
  return { changes: false };
}

export async function create(): Promise<dynamic.CreateResult> {
  const stateId = randomBytes(16).toString("hex");
  buildRulesSoon();
  return { id: stateId, outs: { stateId } };
}

export async function read(id: string, props: Outputs): Promise<dynamic.ReadResult> {
  refreshing = true;
  return { id, props: { stateId: props?.stateId ?? id } };
}

export async function update(_id: string, olds: Outputs): Promise<dynamic.UpdateResult> {
  return { outs: olds };
}

async function deleteIdentity(): Promise<void> {
  // Nothing exists outside the state.
}
export { deleteIdentity as delete };
