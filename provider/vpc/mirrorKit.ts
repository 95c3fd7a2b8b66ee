/**
 * What the traffic mirror filter and session providers share: ClientTokens, the retried mutating
 * call, waiting for an asynchronous status, and lookups by id.
 *
 * - Every mutating call carries a ClientToken drawn when the logical operation starts and reused by
 *   each retry of it, also after an ambiguous failure (a timeout, a reset connection, a 5xx): the
 *   API answers a repeated token with the first result and no second effect (Alibaba's idempotency
 *   contract, shared/reference/alicloud-api.md §2.4), so these calls are retried in mode `all`.
 * - The answers that mean "busy, try again" are retried within the same attempt budget as the
 *   client's own retries: `LastTokenProcessing` (the first request with this token is still being
 *   processed), `OperationConflict` (another change of the same filter or session is running),
 *   `IncorrectStatus.*` (the resource is still Creating / Modifying) and `SystemBusy`.
 * - `IncorrectStatus.TrafficMirrorService` (mirroring not opened in the region) is not retried: it
 *   is rephrased to name the missing `vpc.TrafficMirrorService`.
 * - Statuses (Creating → Created, Modifying → Created, Deleting → gone) are awaited with `pollUntil`
 *   for at most `ALICLOUD_TRAFFIC_MIRROR_WAIT_MS` (settings().mirrorWaitMs, default 5 min).
 */
import { randomBytes } from "crypto";
import { isApiError } from "../client/errors";
import { settings } from "../client/config";
import { Budget, backoffDelay, pollUntil, retry } from "../client/retry";
import { Params, RpcClient } from "../client/rpcClient";
import { warn } from "../internal/engineLog";
import { parseMarker, withMarker } from "../internal/marker";
import {
  adoptedWarning,
  interruptedCreateReason,
  markerLostWarning,
  notDeletedWarning,
  ownedElsewhereError,
  ownedElsewhereWarning,
  severalCarryError,
} from "../internal/ownership";
import { isUnknown } from "../schema";

/** A describe item or response body as the API sends it (JSON). */
export type ApiItem = Record<string, unknown>;

/** A text field of an item; an empty string is no value. */
export const text = (v: unknown): string | undefined => (v === undefined || v === null || v === "" ? undefined : String(v));

/**
 * ClientToken (ASCII, at most 64 characters): one per logical operation, drawn when it starts.
 *
 * Random, also for creates, on purpose. A token derived from the resource's lineage token would let
 * the next `up` replay a create an earlier, killed `up` sent, but it would have to change with every
 * new logical create, and nothing that does is in the state when `create` runs: the engine hands it
 * the inputs only, and they are the same for `up --replace` and for a create after a delete (within
 * the API's token retention, one day in the emulator), whose replay would answer with the old,
 * deleted resource's id. So an interrupted create is found again by its idempotency marker instead
 * (`ownResource`), and the random token covers the retries within one create.
 */
export function newToken(kind: string): string {
  return `pulumi-${kind}-${randomBytes(16).toString("hex")}`;
}

/** Failures that mean the resource or the token's first request is busy: retried. */
const BUSY = /^(LastTokenProcessing|OperationConflict|SystemBusy|ServiceBusy|IncorrectStatus\.(?!TrafficMirrorService$).+)$/;

/** The answer of a region where traffic mirroring is not opened (not activated yet). */
const NOT_OPENED = /^IncorrectStatus\.TrafficMirrorService$|TrafficMirrorService.*(NotOpen|NotActivated)|^ORDER\.NOT_OPEN/i;

/** The advice for a region whose traffic mirroring is not opened. */
export function notOpenedAdvice(region: string): string {
  return (
    `traffic mirroring is not opened in ${region}: add a vpc.TrafficMirrorService for ${region} to the program ` +
    `(and let this resource depend on it, e.g. \`dependsOn: [mirrorService]\`), then run \`pulumi up\` again`
  );
}

/**
 * A mutating call with `ClientToken: token` (one token for the whole logical call and all its
 * retries), busy answers retried within the client's attempt budget.
 */
export async function mutate<T = ApiItem>(client: RpcClient, action: string, params: Params, token: string): Promise<T> {
  const { retry: policy } = settings();
  const budget = new Budget(policy.maxAttempts);
  try {
    return await retry(() => client.call<T>(action, { ...params, ClientToken: token }, "all", budget), {
      policy,
      budget,
      countAttempts: false,
      retryIf: (e) => isApiError(e, BUSY),
    });
  } catch (e) {
    if (isApiError(e, NOT_OPENED)) throw e.rephrase(`${action} failed: ${notOpenedAdvice(client.region)} (${e.message})`);
    throw e;
  }
}

/**
 * Polls `probe` until it returns a value (the resource settled), for at most the mirror wait.
 * `what` names the wait in the timeout message ("traffic mirror filter tmf-... to be Created").
 */
export async function waitUntil<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const { mirrorWaitMs: limit, retry: policy } = settings();
  const delays = { ...policy, maxDelayMs: Math.min(policy.maxDelayMs, 5_000) };
  return pollUntil(probe, {
    limitMs: limit,
    delay: (attempt) => backoffDelay(attempt, delays),
    onTimeout: () =>
      new Error(
        `gave up waiting for ${what} after ${Math.round(limit / 1000)} s. Check it in the console, then run \`pulumi refresh\` and ` +
          `\`pulumi up\` again; ALICLOUD_TRAFFIC_MIRROR_WAIT_MS raises the limit.`,
      ),
  });
}

/**
 * The item of `id` (`TrafficMirrorFilterIds.1` / `TrafficMirrorSessionIds.1` of the kind's List
 * action), undefined when it does not exist (a settled deletion, or deleted out of band).
 */
export async function findById(client: RpcClient, kind: MarkedKind, id: string): Promise<ApiItem | undefined> {
  const body = await client.call<ApiItem>(kind.list, { [kind.idsParam]: [id] });
  const items = (body[kind.itemsKey] ?? []) as ApiItem[];
  return items.find((i) => i[kind.idKey] === id);
}

/** A resource of `id` gone: ResourceNotFound.* answers, or a listing without it. */
export const isNotFound = (e: unknown): boolean => isApiError(e, /^(ResourceNotFound\.|InvalidTrafficMirror.*\.NotFound)/);

/** Deletes with a token of its own, tolerating "already gone", then waits until the listing no longer has it. */
async function deleteAndWait(client: RpcClient, kind: MarkedKind, id: string): Promise<void> {
  try {
    await mutate(client, kind.deleteAction, { [kind.idKey]: id }, newToken(`${kind.tokenPrefix}-del`));
  } catch (e) {
    if (!isNotFound(e)) throw e;
    return;
  }
  await waitUntil(async () => ((await findById(client, kind, id)) ? undefined : true), `${kind.what} ${id} to be deleted`);
}

/**
 * The item once `settled` says so (Creating / Modifying over), polled with `find`; an item that is
 * gone meanwhile is an error that says what to run.
 */
export async function whenSettled(
  find: () => Promise<ApiItem | undefined>,
  settled: (item: ApiItem) => boolean,
  what: string,
  region: string,
): Promise<ApiItem> {
  return waitUntil(async () => {
    const item = await find();
    if (!item) throw new Error(`${what} is not in ${region} (deleted outside Pulumi?): run \`pulumi refresh\`, then \`pulumi up\``);
    return settled(item) ? item : undefined;
  }, `${what} to be Created`);
}

// ---------------------------------------------------------------------------------------------------
// The idempotency marker (README "Idempotency and API calls"): filters and sessions carry their
// resource's lineage token in their description, ` [pulumi:<token>]` (`provider/internal/marker.ts`),
// so that a create an interrupted `up` committed is found again and adopted instead of duplicated.
// ---------------------------------------------------------------------------------------------------

/** What the marker protocol needs to know about one kind of resource. */
export interface MarkedKind {
  /** As messages name it: `traffic mirror filter`. */
  what: string;
  /** As users name the class: `vpc.TrafficMirrorFilter`. */
  resource: string;
  list: string;
  /** The List action's parameter that selects by id (`TrafficMirrorFilterIds`). */
  idsParam: string;
  itemsKey: string;
  idKey: string;
  /** The Delete action, whose id parameter is `idKey`. */
  deleteAction: string;
  /** The start of the kind's ClientTokens (`tmf`, `tms`). */
  tokenPrefix: string;
  descriptionKey: string;
  statusKey: string;
}

/** Hidden output set by `read`: the token of another resource's marker (another stack adopted it). */
export const OWNED_ELSEWHERE = "__ownedElsewhere";
/** Hidden output set by `read`: the description lost the marker (edited outside Pulumi); `diffWithTable` reports it. */
export const MARKER_LOST = "__markerLost";

/** Hidden inputs the classes add, and hidden outputs. */
export type Marked = {
  /** The idempotency marker's token (`resourceToken` in the class). */
  __token?: string;
  /** The `replaceOnChanges` resource option, applied by the provider's diff (`replacesOf`). */
  __replaceOnChanges?: string[];
  [OWNED_ELSEWHERE]?: string;
  [MARKER_LOST]?: true;
};

/** The token a create must carry: the classes always pass one; a program that bypasses them cannot create. */
export function requireToken(kind: MarkedKind, inputs: Marked): string {
  const token = inputs.__token;
  if (typeof token !== "string" || isUnknown(token) || !/^[0-9a-f]{16}$/.test(token)) {
    throw new Error(
      `${kind.resource} inputs lack the idempotency token; construct it with the ${kind.resource} class of pulumi-alicloud-traffic`,
    );
  }
  return token;
}

/** The token of the marker the item's description carries, if any. */
export const cloudToken = (kind: MarkedKind, item: ApiItem): string | undefined => parseMarker(text(item[kind.descriptionKey])).token;

/**
 * The other token an item carries instead of `token` (undefined: ours, or no marker). Without a
 * token (a resource recorded by a version without markers) nothing is another's.
 */
export function otherToken(kind: MarkedKind, item: ApiItem, token: string | undefined): string | undefined {
  const seen = cloudToken(kind, item);
  return token !== undefined && seen !== undefined && seen !== token ? seen : undefined;
}

const MAX_RESULTS = 100;

/**
 * The region's filters or sessions as creates need them, by id: listed once per provider process
 * (every page, `MaxResults` 100, `NextToken` until it is empty), shared by every create of the kind
 * in the region and kept up to date with this process's own deletes. Items an interrupted earlier
 * run made are older than this process, so one listing sees them.
 */
class MarkerIndex {
  private items?: Promise<Map<string, ApiItem>>;

  constructor(
    private readonly client: RpcClient,
    private readonly kind: MarkedKind,
  ) {}

  private async listAll(): Promise<Map<string, ApiItem>> {
    const items = new Map<string, ApiItem>();
    const seen = new Set<string>();
    let next: string | undefined;
    do {
      const body = await this.client.call<ApiItem>(this.kind.list, { MaxResults: MAX_RESULTS, ...(next ? { NextToken: next } : {}) });
      for (const item of (body[this.kind.itemsKey] ?? []) as ApiItem[]) items.set(String(item[this.kind.idKey]), item);
      next = text(body.NextToken);
      // A cursor seen before would loop forever: the listing is over.
      if (next !== undefined && seen.has(next)) break;
      if (next !== undefined) seen.add(next);
    } while (next !== undefined);
    return items;
  }

  /** The listing (taken on first use; a failed one is taken again by the next caller). */
  all(): Promise<Map<string, ApiItem>> {
    this.items ??= this.listAll().catch((e) => {
      this.items = undefined;
      throw e;
    });
    return this.items;
  }

  /** The items that carry `token`, a deletion in progress left out. */
  async carrying(token: string): Promise<ApiItem[]> {
    const items = [...(await this.all()).values()];
    return items.filter((i) => cloudToken(this.kind, i) === token && i[this.kind.statusKey] !== "Deleting");
  }

  /** This process deleted `id` (or found it gone): a later create must not find it in the listing. */
  forget(id: string): void {
    if (this.items) this.items = this.items.then((m) => (m.delete(id), m));
  }
}

const indexes = new WeakMap<RpcClient, Map<string, MarkerIndex>>();

export function markerIndex(client: RpcClient, kind: MarkedKind): MarkerIndex {
  let byKind = indexes.get(client);
  if (!byKind) indexes.set(client, (byKind = new Map()));
  let index = byKind.get(kind.list);
  if (!index) byKind.set(kind.list, (index = new MarkerIndex(client, kind)));
  return index;
}

/**
 * The item an interrupted create of this very resource left (it carries the resource's token), if
 * any; two or more stop the create, naming them. Only an exact token match counts: items of other
 * stacks and resources (other tokens), even with the same name, are never taken.
 */
export async function ownResource(client: RpcClient, kind: MarkedKind, token: string): Promise<ApiItem | undefined> {
  const own = await markerIndex(client, kind).carrying(token);
  if (own.length > 1) {
    const ids = own.map((i) => String(i[kind.idKey])).join(", ");
    throw severalCarryError(kind.what, own.length, client.region, token, ids, "the console or the API");
  }
  return own[0];
}

/**
 * The create's look before creating: the item an interrupted create of this resource left, brought to
 * the program by `update` (the provider's own, as for a change), with a warning; undefined when there
 * is none (then the caller creates).
 */
export async function adoptOwn<O>(
  client: RpcClient,
  kind: MarkedKind,
  token: string,
  update: (id: string) => Promise<{ outs?: O }>,
): Promise<{ id: string; outs: O } | undefined> {
  const own = await ownResource(client, kind, token);
  if (!own) return undefined;
  const id = String(own[kind.idKey]);
  const { outs } = await update(id);
  await warnAdopted(kind, id, token);
  return { id, outs: outs! };
}

/**
 * The token an update writes: the one the resource was created (or adopted) with, else the
 * program's (a resource recorded by a version without markers gets it now); none while unknown.
 */
export function updateToken(olds: Marked, news: Marked): string | undefined {
  if (olds.__token !== undefined) return olds.__token;
  return typeof news.__token === "string" && !isUnknown(news.__token) ? news.__token : undefined;
}

/** The description an update sends: the program's (a left-out one stays as the cloud has it), with the marker. */
export function markedDescription(kind: MarkedKind, item: ApiItem, description: string | undefined, token: string): string {
  return withMarker(description ?? parseMarker(text(item[kind.descriptionKey])).description, token);
}

/** Stops an update of a resource another stack has adopted: flagged by a refresh, or its `item` shows it now. */
export function refuseOwnedElsewhere(
  kind: MarkedKind,
  id: string,
  olds: Marked,
  item: ApiItem | undefined,
  token: string | undefined,
): void {
  const other = olds[OWNED_ELSEWHERE] ?? (item ? otherToken(kind, item, token) : undefined);
  if (other !== undefined) throw ownedElsewhereError(kind.what, id, other);
}

/** The warning of an adoption (the create found its own resource and brought it to the program). */
export function warnAdopted(kind: MarkedKind, id: string, token: string): Promise<void> {
  return warn(adoptedWarning(kind.what, id, interruptedCreateReason(` [pulumi:${token}]`)));
}

/**
 * `read`'s view of the marker, as hidden outputs: the other token the item carries (another stack
 * adopted it), or the marker lost (the description edited outside Pulumi: `up` writes it back), each
 * warned about.
 */
export async function ownershipSeen(kind: MarkedKind, id: string, item: ApiItem, token: string | undefined): Promise<Marked> {
  const other = otherToken(kind, item, token);
  if (other !== undefined) {
    await warn(ownedElsewhereWarning(kind.what, id, other));
    return { [OWNED_ELSEWHERE]: other };
  }
  if (token !== undefined && cloudToken(kind, item) === undefined) {
    await warn(markerLostWarning(kind.what, id, token));
    return { [MARKER_LOST]: true };
  }
  return {};
}

/**
 * `delete` for a marked resource: looks at the item first (one lookup by id) and leaves one that
 * carries another resource's marker alone, with a warning (it is only removed from this stack);
 * else deletes it and waits until it is gone.
 */
export async function deleteOwned(client: RpcClient, kind: MarkedKind, id: string, props: Marked): Promise<void> {
  const index = markerIndex(client, kind);
  const item = await findById(client, kind, id);
  if (!item) return index.forget(id);
  // The cloud's marker when it has one, else what the last refresh saw.
  const other = cloudToken(kind, item) !== undefined ? otherToken(kind, item, props.__token) : props[OWNED_ELSEWHERE];
  if (other !== undefined) return warn(notDeletedWarning(kind.what, id, other));
  await deleteAndWait(client, kind, id);
  index.forget(id);
}
