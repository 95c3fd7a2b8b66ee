/**
 * The provider of the state identity (`stateIdentity.ts`): create draws a random id, nothing
 * else ever changes it, and there is nothing in the cloud to read or delete. No API calls.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { randomBytes } from "crypto";
import { noWarmUp, warmUpValidationSoon } from "../registry";

interface Outputs {
  stateId: string;
}

export async function configure(): Promise<void> {
  // Nothing to configure: no credentials, no region.
}

export async function check(_olds: unknown, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
  return { inputs: news };
}

/** The identity's diff and create are the first calls of a preview or an up: the validation warm-up starts then. */
export async function diff(): Promise<dynamic.DiffResult> {
  warmUpValidationSoon();
  return { changes: false };
}

export async function create(): Promise<dynamic.CreateResult> {
  const stateId = randomBytes(16).toString("hex");
  warmUpValidationSoon();
  return { id: stateId, outs: { stateId } };
}

export async function read(id: string, props: Outputs): Promise<dynamic.ReadResult> {
  noWarmUp();
  return { id, props: { stateId: props?.stateId ?? id } };
}

export async function update(_id: string, olds: Outputs): Promise<dynamic.UpdateResult> {
  return { outs: olds };
}

async function deleteIdentity(): Promise<void> {
  // Nothing exists outside the state.
}
export { deleteIdentity as delete };
