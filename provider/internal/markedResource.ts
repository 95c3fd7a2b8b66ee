/**
 * The idempotency-marker protocol, once, for every resource that carries the marker (README
 * "Idempotency and API calls"): each resource carries its lineage token in its description as
 * ` [pulumi:<token>]` (`marker.ts`), so that
 *
 * - a create looks before creating (the token index, `cloudView.ts`) and adopts the one item an
 *   interrupted create of this very resource left (two stop it), never another token's;
 * - a create that got no answer, on an API without ClientTokens, is never sent again blindly: the
 *   provider looks for its marker (`sendCreate`);
 * - `adoptId` takes over one made elsewhere (console, Terraform), with the same refusals;
 * - read flags a marker another stack wrote (owned elsewhere) or one edited away (marker lost), update
 *   refuses to change one owned elsewhere, and delete leaves it alone;
 * - writes are retried within one budget, with a ClientToken per logical call where the API takes one,
 *   busy answers retried, transitions awaited, bounded.
 *
 * What a resource needs to say is its `MarkedDescriptor`; what it does beyond this (SAG associations,
 * rule reconciliation) stays in its provider.
 */
import { randomBytes } from "crypto";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { AlibabaApiError, isApiError } from "../client/errors";
import { settings } from "../client/config";
import { Budget, backoffDelay, pollUntil, retry } from "../client/retry";
import { Params, RpcClient } from "../client/rpcClient";
import { isUnknown } from "../schema/common";
import { ApiItem, MarkedDescriptor } from "./descriptor";
import { CloudView, text, viewOf } from "./cloudView";
import { warn } from "./engineLog";
import { parseMarker, withMarker } from "./marker";
import {
  adoptedWarning,
  interruptedCreateReason,
  markerLostWarning,
  notDeletedWarning,
  ownedElsewhereError,
  ownedElsewhereWarning,
  severalCarryError,
} from "./ownership";

export type { ApiItem } from "./descriptor";
export { text, viewOf } from "./cloudView";

/** Hidden output set by `read`: the token of another resource's marker (another stack adopted it). */
export const OWNED_ELSEWHERE = "__ownedElsewhere";
/** Hidden output set by `read`: the description lost the marker (edited outside Pulumi); the diff reports it. */
export const MARKER_LOST = "__markerLost";

/** The hidden inputs the classes add, and the hidden outputs of the protocol. */
export type Marked = {
  /** The idempotency marker's token (`resourceToken` in the class). */
  __token?: string;
  /** The `replaceOnChanges` resource option, applied by the diff (`replacesOf`). */
  __replaceOnChanges?: string[];
  /** The resource's Pulumi name, for messages that name it to another resource. */
  __logicalName?: string;
  [OWNED_ELSEWHERE]?: string;
  [MARKER_LOST]?: true;
};

/** The hidden outputs read sets, which update and delete look at. */
export const HIDDEN_OUTPUTS: readonly string[] = [OWNED_ELSEWHERE, MARKER_LOST];

/** The token a create must carry: the classes always pass one; a program that bypasses them cannot create. */
export function requireToken(desc: MarkedDescriptor, inputs: Marked): string {
  const token = inputs.__token;
  if (typeof token !== "string" || isUnknown(token) || !/^[0-9a-f]{16}$/.test(token)) {
    throw new Error(
      `${desc.resource} inputs lack the idempotency token; construct it with the ${desc.resource} class of pulumi-alicloud-traffic`,
    );
  }
  return token;
}

/**
 * The token an update writes: the one the resource was created (or adopted) with, else the program's
 * (a resource recorded by a version without markers gets it now); none while unknown.
 */
export function updateToken(olds: Marked, news: Marked): string | undefined {
  if (olds.__token !== undefined) return olds.__token;
  return typeof news.__token === "string" && !isUnknown(news.__token) ? news.__token : undefined;
}

/**
 * ClientToken (ASCII, at most 64 characters): one per logical call, drawn when it starts.
 *
 * Random, also for creates, on purpose. A token derived from the resource's lineage token would let the
 * next `up` replay a create an earlier, killed `up` sent, but it would have to change with every new
 * logical create, and nothing that does is in the state when `create` runs: the engine hands it the
 * inputs only, and they are the same for `up --replace` and for a create after a delete (within the
 * API's token retention), whose replay would answer with the old, deleted resource's id. So an
 * interrupted create is found again by its marker instead, and the random token covers the retries
 * within one create.
 */
export function newClientToken(label: string): string {
  return `pulumi-${label}-${randomBytes(16).toString("hex")}`;
}

/**
 * A write: with `ClientToken` (one token for the whole logical call and all its retries) where the API
 * takes one, so that ambiguous failures are retried like reads; busy answers retried within the same
 * attempt budget. Without ClientTokens a write must be safe to repeat (a modify with the full desired
 * set, a status change, a delete: callers tolerate "already so"); creates go through `sendCreate`.
 */
export async function write<T = ApiItem>(
  client: RpcClient,
  desc: MarkedDescriptor,
  action: string,
  params: Params,
  /** Names the logical call in its ClientToken (`pulumi-tmf-attr-...`); a create's has none (`pulumi-tmf-...`). */
  label?: string,
): Promise<T> {
  const { retry: policy } = settings();
  const budget = new Budget(policy.maxAttempts);
  const token = desc.clientToken
    ? { ClientToken: newClientToken(label ? `${desc.clientToken.prefix}-${label}` : desc.clientToken.prefix) }
    : {};
  try {
    return await retry(() => client.call<T>(action, { ...params, ...token }, "all", budget), {
      policy,
      budget,
      countAttempts: false,
      retryIf: (e) => desc.busy !== undefined && isApiError(e, desc.busy),
    });
  } catch (e) {
    throw notOpened(client, desc, action, e);
  } finally {
    viewOf(client, desc).invalidate();
  }
}

/** The answer of a region where the kind's service is not opened, told as what to add. */
function notOpened(client: RpcClient, desc: MarkedDescriptor, action: string, e: unknown): unknown {
  if (desc.notOpened && isApiError(e, desc.notOpened.code))
    return e.rephrase(`${action} failed: ${desc.notOpened.advice(client.region)} (${e.message})`);
  return e;
}

/**
 * Polls `probe` until it returns a value, for at most `ALICLOUD_TRAFFIC_WAIT_MS` (default 5 minutes).
 * `what` names the wait in the timeout message.
 */
export async function waitUntil<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const { waitMs: limit, retry: policy } = settings();
  const delays = { ...policy, maxDelayMs: Math.min(policy.maxDelayMs, 5_000) };
  return pollUntil(probe, {
    limitMs: limit,
    delay: (attempt) => backoffDelay(attempt, delays),
    onTimeout: () =>
      new Error(
        `gave up waiting for ${what} after ${Math.round(limit / 1000)} s. Check it in the console, then run \`pulumi refresh\` and ` +
          `\`pulumi up\` again; ALICLOUD_TRAFFIC_WAIT_MS raises the limit.`,
      ),
  });
}

/**
 * The item once it is settled (no transition running: the descriptor's `settled`; `also` for more, such
 * as a status the program asked for), looked up by id; an item that is gone meanwhile is an error that
 * says what to run.
 */
export async function settledItem(
  client: RpcClient,
  desc: MarkedDescriptor,
  id: string,
  also: (item: ApiItem) => boolean = () => true,
  as = "settled",
): Promise<ApiItem> {
  const view = viewOf(client, desc);
  return waitUntil(async () => {
    const item = await view.lookup(id);
    if (!item) {
      throw new Error(
        `${desc.what} ${id} is not in ${client.region} (deleted outside Pulumi?): run \`pulumi refresh\`, then \`pulumi up\``,
      );
    }
    return (desc.settled?.(item) ?? true) && also(item) ? item : undefined;
  }, `${desc.what} ${id} to be ${as}`);
}

/** The other token an item carries instead of `token` (undefined: ours, or no marker, or no token to compare with). */
export function otherToken(view: CloudView, item: ApiItem, token: string | undefined): string | undefined {
  const seen = view.tokenOf(item);
  return token !== undefined && seen !== undefined && seen !== token ? seen : undefined;
}

/**
 * The item an interrupted create of this very resource left (it carries the resource's token), if any;
 * two or more stop the create, naming them. Only an exact token match counts: items of other stacks and
 * resources (other tokens), even with the same name, are never taken.
 */
export async function ownItem(client: RpcClient, desc: MarkedDescriptor, token: string, name?: string): Promise<ApiItem | undefined> {
  const view = viewOf(client, desc);
  const own = await view.carryingNow(token, name);
  if (own.length > 1) {
    const ids = own.map((i) => view.idOf(i)).join(", ");
    throw severalCarryError(desc.what, own.length, client.region, token, ids, `${desc.actions.delete} or the console`);
  }
  return own[0];
}

/**
 * The create's look before creating: the item an interrupted create of this resource left (`ownItem`),
 * brought to the program by `update` (the provider's own, as for a change), with a warning; undefined
 * when there is none (then the caller creates).
 */
export async function adoptLeftover<O>(
  client: RpcClient,
  desc: MarkedDescriptor,
  token: string,
  update: (id: string) => Promise<{ outs?: O }>,
  name?: string,
): Promise<{ id: string; outs: O } | undefined> {
  const own = await ownItem(client, desc, token, name);
  if (!own) return undefined;
  const id = String(own[desc.keys.id]);
  const { outs } = await update(id);
  await warnAdopted(desc, id, interruptedCreate(token));
  return { id, outs: outs! };
}

/** The warning of an adoption by a create. */
export function warnAdopted(desc: MarkedDescriptor, id: string, why: string): Promise<void> {
  return warn(adoptedWarning(desc.what, id, why));
}

/** Why a create adopted: an interrupted create of this resource made it (its marker named). */
export const interruptedCreate = (token: string) => interruptedCreateReason(` [pulumi:${token}]`);

/**
 * No answer at all (the client timed out, or the connection broke after the request was sent): the
 * service may still be working on it. A 5xx or a gateway's error page is an answer: the request is
 * over, whether it took effect or not.
 */
function unanswered(e: AlibabaApiError): boolean {
  return e.code === "ReadTimeout" || /^E[A-Z]+$/.test(e.code);
}

/** What a create call came to: the new item's id (and the body), or the item an ambiguous attempt had made. */
export type Sent = { created: { id: string; body: ApiItem } } | { found: ApiItem };

/**
 * The create call. With ClientTokens: one token for all its retries, so every failure is retried like a
 * read. Without (SmartAG, VPC flow logs): at most once per outcome we know of, within one attempt budget
 * shared with the client's own retries: failures that cannot have taken effect are retried by the
 * client; after an ambiguous one the provider looks for its item by name and marker and adopts it if the
 * request committed. After an answered failure that did not commit it sends again. After a request that
 * got no answer, it looks again when one and two client timeouts have passed, and if the item is still
 * not there it stops instead of sending a second create that could make a duplicate: the next `up`
 * finds the item if it committed late, and creates it otherwise.
 */
export async function sendCreate(
  client: RpcClient,
  desc: MarkedDescriptor,
  params: Params,
  token: string,
  name: string,
  quota?: RegExp,
): Promise<Sent> {
  const created = (body: ApiItem): Sent => ({ created: { id: String(body[desc.keys.id]), body } });
  if (desc.clientToken) return created(await write(client, desc, desc.actions.create, params));
  const view = viewOf(client, desc);
  const { retry: policy, timeoutMs } = settings();
  const budget = new Budget(policy.maxAttempts);
  return retry<Sent>(async () => created(await client.call(desc.actions.create, params, "rejected-only", budget)), {
    policy,
    budget,
    countAttempts: false,
    delayStep: (attempt) => attempt,
    retryIf: async (e) => {
      if (!isApiError(e) || e.kind !== "ambiguous") {
        if (quota && isApiError(e, quota)) {
          throw e.rephrase(`${e.message}. Delete unused ${desc.what}s in ${client.region} or ask Alibaba Cloud for a higher quota.`);
        }
        if (isApiError(e)) throw notOpened(client, desc, desc.actions.create, e);
        return false;
      }
      if (!unanswered(e)) {
        const found = await view.carryingByName(token, name);
        return found ? { done: { found } } : true;
      }
      const found = await pollUntil(() => view.carryingByName(token, name), {
        delay: (look) => (look < 2 ? timeoutMs : undefined),
        onTimeout: () => {
          const what =
            e.code === "ReadTimeout"
              ? `no answer within ${timeoutMs} ms (ReadTimeout)`
              : `the connection was lost before an answer (${e.code})`;
          return e.rephrase(
            `${desc.actions.create} failed: ${what}, and no ${desc.what} with this resource's marker [pulumi:${token}] ` +
              `has appeared in ${client.region} since: the request may still be in progress, or lost. ` +
              `No second ${desc.actions.create} was sent, to avoid a duplicate; run \`pulumi up\` ` +
              `again: it adopts the ${desc.what} if the request committed, and creates it otherwise.`,
          );
        },
      });
      return { done: { found } };
    },
  });
}

/** The error that tells the engine the resource exists, with what was actually done to it (a partial create). */
export class PartialCreateError extends Error {
  /** The engine prints `reasons`, not the message: both say what exists and what failed. */
  readonly reasons: string[];
  readonly code?: string;
  readonly requestId?: string;
  constructor(
    what: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    cause: unknown,
  ) {
    const err = cause instanceof Error ? cause : new Error(String(cause));
    super(`${what} ${id} was created but not fully configured: ${err.message}`, { cause });
    this.reasons = [this.message];
    if (cause instanceof AlibabaApiError) Object.assign(this, { code: cause.code, requestId: cause.requestId });
  }
}

/** What a create or an update has done so far: the outputs as the cloud has them, recorded step by step. */
export interface Progress<O> {
  outs: Partial<O>;
}

/**
 * Runs `step` on a resource that exists; a failure in it is a partial create (the engine records the
 * resource with `progress.outs`, what the cloud has, so the next preview shows what is left) once a step
 * recorded something, else the failure as it is (the next `up` adopts the resource by its marker).
 */
export async function onExisting<T, O>(
  desc: MarkedDescriptor,
  id: string,
  progress: Progress<O>,
  provider: unknown,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (Object.keys(progress.outs).length === 0) throw e;
    throw new PartialCreateError(desc.what, id, { ...compactCopy(progress.outs), __provider: provider }, e);
  }
}

const compactCopy = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/**
 * `adoptId`: the item made elsewhere (console, Terraform) that a resource takes over, checked: it exists
 * in the region and carries no other resource's marker. The caller writes the marker.
 */
export async function adoptable(client: RpcClient, desc: MarkedDescriptor, id: string, token: string): Promise<ApiItem> {
  const view = viewOf(client, desc);
  const item = await view.lookup(id);
  if (!item) {
    throw new Error(
      `adoptId: ${desc.what} ${id} does not exist in ${client.region}. Check the id and the region (${desc.what}s are regional), ` +
        `or remove adoptId to create a new ${desc.what}.`,
    );
  }
  const other = otherToken(view, item, token);
  if (other !== undefined) {
    throw new Error(
      `adoptId: ${desc.what} ${id} is managed by another Pulumi stack or resource: its description carries the marker ` +
        `[pulumi:${other}]. Remove it from that stack first (\`pulumi state delete <urn>\` there), delete " [pulumi:${other}]" ` +
        `from its description (console or ${desc.actions.modify}), then run \`pulumi up\` again.`,
    );
  }
  return item;
}

/**
 * `adoptId` for a resource whose modify action takes its description alone: the checks of `adoptable`,
 * then the marker written (the description it has kept before it), a wait until settled, and the item
 * recorded in the token index (a delete later in this process looks at it). Only the marker changes:
 * the caller records the item as it is, and the next preview shows what differs from the program.
 */
export async function adoptWithMarker(client: RpcClient, desc: MarkedDescriptor, id: string, token: string): Promise<ApiItem> {
  const view = viewOf(client, desc);
  const item = await adoptable(client, desc, id, token);
  if (view.tokenOf(item) === undefined) {
    await write(
      client,
      desc,
      desc.actions.modify,
      { [desc.keys.id]: id, [desc.keys.description]: withMarker(descriptionOf(desc, item), token) },
      "adopt",
    );
  }
  const now = await settledItem(client, desc, id);
  await view.record(now);
  return now;
}

/**
 * `read`'s view of the marker, as hidden outputs: another token (another stack adopted the item) or none
 * at all (the description edited outside Pulumi: `up` writes it back), each warned about.
 */
export async function markerSeen(
  client: RpcClient,
  desc: MarkedDescriptor,
  id: string,
  item: ApiItem,
  token: string | undefined,
): Promise<Marked> {
  const view = viewOf(client, desc);
  const other = otherToken(view, item, token);
  if (other !== undefined) {
    await warn(ownedElsewhereWarning(desc.what, id, other));
    return { [OWNED_ELSEWHERE]: other };
  }
  if (token !== undefined && view.tokenOf(item) === undefined) {
    await warn(markerLostWarning(desc.what, id, token));
    return { [MARKER_LOST]: true };
  }
  return {};
}

/** Stops an update of a resource another stack has adopted: flagged by a refresh, or `item` shows it now. */
export function refuseOwnedElsewhere(
  client: RpcClient,
  desc: MarkedDescriptor,
  id: string,
  olds: Marked,
  item?: ApiItem,
  token?: string,
): void {
  const other = olds[OWNED_ELSEWHERE] ?? (item ? otherToken(viewOf(client, desc), item, token) : undefined);
  if (other !== undefined) throw ownedElsewhereError(desc.what, id, other);
}

/** The description of an item as users wrote it: without the marker (undefined when there is none). */
export function descriptionOf(desc: MarkedDescriptor, item: ApiItem): string | undefined {
  return parseMarker(text(item[desc.keys.description])).description;
}

/** The description a write sends: the program's (a left-out one stays as the cloud has it), with the marker. */
export function markedDescription(
  desc: MarkedDescriptor,
  item: ApiItem | undefined,
  description: string | undefined,
  token: string,
): string {
  const kept = item ? parseMarker(text(item[desc.keys.description])).description : undefined;
  return withMarker(description ?? kept, token);
}

/**
 * `delete` for a marked resource: looks at the item first (the token index: deletes share the listing
 * creates use; a marker does not change when this process deletes something else) and leaves one that
 * carries another resource's marker alone, with a warning (it is only removed from the stack). Else
 * `before` (release what holds it), the delete ("already gone" is the goal reached), and, where the API
 * deletes asynchronously, the wait until the listing no longer has it.
 */
export async function deleteMarked(
  client: RpcClient,
  desc: MarkedDescriptor,
  id: string,
  props: Marked,
  before?: (item: ApiItem) => Promise<void>,
): Promise<void> {
  const view = viewOf(client, desc);
  const item = await view.indexed(id);
  if (!item) return view.forget(id);
  // What the last refresh saw (the listing this process took may be older), else the marker it shows.
  const other = props[OWNED_ELSEWHERE] ?? otherToken(view, item, props.__token);
  if (other !== undefined) return warn(notDeletedWarning(desc.what, id, other));
  await before?.(item);
  try {
    await write(client, desc, desc.actions.delete, { [desc.keys.id]: id }, "del");
  } catch (e) {
    if (!isApiError(e, desc.notFound)) throw e;
    return view.forget(id);
  }
  if (desc.waitForDelete) await waitUntil(async () => ((await view.lookup(id)) ? undefined : true), `${desc.what} ${id} to be deleted`);
  await view.forget(id);
}

/** A diff's view of the hidden outputs: a lost marker is a change of the description (`up` writes it back). */
export function markerChanges(olds: Marked): string[] {
  return olds[MARKER_LOST] ? ["description"] : [];
}

/** The read result of an item that is gone: the engine drops the resource from the state. */
export const GONE: dynamic.ReadResult = { id: "", props: undefined };
