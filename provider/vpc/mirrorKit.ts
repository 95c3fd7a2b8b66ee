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

/** A describe item or response body as the API sends it (JSON). */
export type ApiItem = Record<string, unknown>;

/** A text field of an item; an empty string is no value. */
export const text = (v: unknown): string | undefined => (v === undefined || v === null || v === "" ? undefined : String(v));

/** ClientToken (ASCII, at most 64 characters): one per logical operation, drawn when it starts. */
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
 * The item of `id` in a List action (`TrafficMirrorFilterIds.1` / `TrafficMirrorSessionIds.1`),
 * undefined when it does not exist (a settled deletion, or deleted out of band).
 */
export async function findById(
  client: RpcClient,
  action: string,
  idsParam: string,
  itemsKey: string,
  idKey: string,
  id: string,
): Promise<ApiItem | undefined> {
  const body = await client.call<ApiItem>(action, { [idsParam]: [id] });
  const items = (body[itemsKey] ?? []) as ApiItem[];
  return items.find((i) => i[idKey] === id);
}

/** A resource of `id` gone: ResourceNotFound.* answers, or a listing without it. */
export const isNotFound = (e: unknown): boolean => isApiError(e, /^(ResourceNotFound\.|InvalidTrafficMirror.*\.NotFound)/);

/** Deletes with a token of its own, tolerating "already gone", then waits until the listing no longer has it. */
export async function deleteAndWait(
  client: RpcClient,
  action: string,
  params: Params,
  token: string,
  stillThere: () => Promise<boolean>,
  what: string,
): Promise<void> {
  try {
    await mutate(client, action, params, token);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    return;
  }
  await waitUntil(async () => ((await stillThere()) ? undefined : true), `${what} to be deleted`);
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
