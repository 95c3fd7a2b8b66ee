/**
 * The idempotent create protocol (README "Idempotency and API calls"). SAG flow-log actions take
 * no ClientToken, so the flow log's description carries this resource's marker, and a create:
 *
 * 1. looks for a flow log with the marker in the region (one listing per provider process, shared
 *    by every create in it) and adopts it: an interrupted create of this very resource made it;
 * 2. sends CreateFlowLog at most once per outcome it knows of (`sendCreate`);
 * 3. brings status and SAGs to the desired state (`converge`), recording each step, so that a
 *    failure part-way records exactly what the cloud has (`partialFailure`).
 *
 * `adoptId` takes over a flow log made elsewhere instead.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { AlibabaApiError, isApiError } from "../client/errors";
import { settings } from "../client/config";
import { Budget, pollUntil, retry } from "../client/retry";
import { RpcClient, clientFor } from "../client/rpcClient";
import { warn } from "../internal/engineLog";
import { adoptedWarning, interruptedCreateReason, severalCarryError } from "../internal/ownership";
import { compact } from "../internal/providerKit";
import { isUnknown } from "../schema";
import { Progress, converge } from "./flowLogConverge";
import { FlowLogItem, FlowLogReader, readerFor } from "./flowLogReader";
import { normalize } from "./flowLogPreview";
import { FlowLogOutputs, ProviderInputs, STATUS_MANAGED } from "./flowLogTypes";
import { fromItem, settingsDiffer, settingsOf, settingsParams } from "./flowLogWire";
import { parseMarker, withMarker } from "./marker";

/**
 * A hidden output saying the program sets `status`, so that the inputs a refresh writes back carry
 * it too: without it the engine's diff display (old inputs against new) shows `+ status`.
 */
export const statusFlag = (n: ProviderInputs): { [STATUS_MANAGED]?: true } => ({
  [STATUS_MANAGED]: n.status !== undefined ? true : undefined,
});

/** The error that tells the engine the flow log exists, with what was actually done to it. */
class PartialCreateError extends Error {
  /** The engine prints `reasons`, not the message: both say what exists and what failed. */
  readonly reasons: string[];
  readonly code?: string;
  readonly requestId?: string;
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    cause: unknown,
  ) {
    const err = cause instanceof Error ? cause : new Error(String(cause));
    super(`flow log ${id} was created but not fully configured: ${err.message}`, { cause });
    this.reasons = [this.message];
    if (cause instanceof AlibabaApiError) Object.assign(this, { code: cause.code, requestId: cause.requestId });
  }
}

function partialFailure(cause: unknown, id: string, progress: Progress, provider: unknown): PartialCreateError {
  return new PartialCreateError(id, { ...compact({ ...progress.outs }), __provider: provider }, cause);
}

/** True if the flow log's description carries this token's marker. */
export const carries = (token: string) => (item: FlowLogItem) => parseMarker(item.Description).token === token;

/** The flow logs in the region that carry this resource's token (see `marker.ts`). */
async function ownFlowLogs(reader: FlowLogReader, token: string, name: string): Promise<FlowLogItem[]> {
  const index = await reader.tokenIndex();
  const candidates = index.reliable ? [...index.items.values()] : await reader.byName(name);
  return candidates.filter(carries(token));
}

/** The same, looked up afresh by name: after an ambiguous CreateFlowLog, when the index is stale. */
async function ownFlowLogByName(reader: FlowLogReader, token: string, name: string): Promise<FlowLogItem | undefined> {
  return (await reader.byName(name)).find(carries(token));
}

/**
 * No answer at all (the client timed out, or the connection broke after the request was sent):
 * the service may still be working on it. A 5xx or a gateway's error page is an answer: the
 * request is over, whether it took effect or not.
 */
function unanswered(e: AlibabaApiError): boolean {
  return e.code === "ReadTimeout" || /^E[A-Z]+$/.test(e.code);
}

type Sent = { created: { id: string; resourceGroupId?: string } } | { found: FlowLogItem };

/**
 * CreateFlowLog, at most once per outcome we know of, within one attempt budget shared with the
 * client's own retries: failures that cannot have taken effect are retried by the client; after an
 * ambiguous one the provider looks for its flow log by name and token and adopts it if the request
 * committed. After an answered failure that did not commit it sends again. After a request that got
 * no answer, it looks again when one and two client timeouts have passed, and if the flow log is
 * still not there it stops instead of sending a second CreateFlowLog that could make a duplicate:
 * the next `up` finds the flow log if it committed late, and creates it otherwise.
 */
async function sendCreate(client: RpcClient, n: ProviderInputs, token: string): Promise<Sent> {
  const reader = readerFor(client);
  const { retry: policy, timeoutMs } = settings();
  const budget = new Budget(policy.maxAttempts);
  return retry<Sent>(
    async () => {
      const body = await client.call("CreateFlowLog", settingsParams(n, token), "rejected-only", budget);
      return { created: { id: String(body.FlowLogId), resourceGroupId: body.ResourceGroupId } };
    },
    {
      policy,
      budget,
      countAttempts: false,
      delayStep: (attempt) => attempt,
      retryIf: async (e) => {
        if (!isApiError(e) || e.kind !== "ambiguous") {
          if (isApiError(e, "QuotaExceeded.Flowlog")) {
            throw e.rephrase(`${e.message}. Delete unused flow logs in ${n.region} or ask Alibaba Cloud for a higher quota.`);
          }
          return false;
        }
        if (!unanswered(e)) {
          const found = await ownFlowLogByName(reader, token, n.name);
          return found ? { done: { found } } : true;
        }
        const found = await pollUntil(() => ownFlowLogByName(reader, token, n.name), {
          delay: (look) => (look < 2 ? timeoutMs : undefined),
          onTimeout: () => {
            const what =
              e.code === "ReadTimeout"
                ? `no answer within ${timeoutMs} ms (ReadTimeout)`
                : `the connection was lost before an answer (${e.code})`;
            return e.rephrase(
              `CreateFlowLog failed: ${what}, and no flow log with this resource's marker [pulumi:${token}] ` +
                `has appeared in ${n.region} since: the request may still be in progress, or lost. ` +
                `No second CreateFlowLog was sent, to avoid a duplicate; run \`pulumi up\` ` +
                `again: it adopts the flow log if the request committed, and creates it otherwise.`,
            );
          },
        });
        return { done: { found } };
      },
    },
  );
}

/** The outputs of a flow log as the API shows it, in input shape (what an adoption starts from). */
function observed(item: FlowLogItem, n: ProviderInputs, token: string, sags: string[]): Partial<FlowLogOutputs> {
  return {
    ...fromItem(item, n.region, {}),
    __token: token,
    __autoName: n.__autoName,
    ...(n.smartAgIds !== undefined ? { smartAgIds: [...sags].sort() } : {}),
    totalSagNum: sags.length,
  };
}

/** The SAGs bound to a listed flow log (no call when the listing says it has none). */
const boundSags = (reader: FlowLogReader, item: FlowLogItem) => (Number(item.TotalSagNum ?? 0) > 0 ? reader.sagIds(item.FlowLogId) : []);

/**
 * Takes over a flow log that carries this resource's token (left by an interrupted create of this
 * resource, or committed by an ambiguous attempt of this one) and brings it to the desired state.
 */
async function adoptOwn(
  client: RpcClient,
  n: ProviderInputs,
  item: FlowLogItem,
  token: string,
  why: string,
): Promise<dynamic.CreateResult<FlowLogOutputs>> {
  const id = item.FlowLogId;
  const reader = readerFor(client);
  // Until the SAGs are read, record the flow log as the listing showed it, SAGs not yet known.
  const progress: Progress = { outs: { ...observed(item, n, token, []), flowLogId: id, smartAgIds: undefined, ...statusFlag(n) } };
  try {
    const sags = await boundSags(reader, item);
    Object.assign(progress.outs, observed(item, n, token, sags));
    if (settingsDiffer(n, fromItem(item, n.region, {}))) {
      await client.call("ModifyFlowLogAttribute", { FlowLogId: id, ...settingsParams(n, token) });
    }
    Object.assign(progress.outs, settingsOf(n));
    await converge(client, id, n, { status: item.Status, smartAgIds: sags }, progress);
  } catch (e) {
    throw partialFailure(e, id, progress, n.__provider);
  }
  await reader.recordInIndex(item);
  await warn(adoptedWarning("flow log", id, why));
  return { id, outs: compact(progress.outs) as FlowLogOutputs };
}

/**
 * `adoptId`: brings a flow log made elsewhere (console, Terraform) under this resource as it is.
 * Only the marker is written; the next preview shows what differs from the program.
 */
async function adoptById(client: RpcClient, n: ProviderInputs, id: string, token: string): Promise<dynamic.CreateResult<FlowLogOutputs>> {
  const reader = readerFor(client);
  const item = await reader.get(id);
  if (!item) {
    throw new Error(
      `adoptId: flow log ${id} does not exist in ${n.region}. Check the id and the region (flow logs are regional), ` +
        `or remove adoptId to create a new flow log.`,
    );
  }
  const cloudToken = parseMarker(item.Description).token;
  if (cloudToken !== undefined && cloudToken !== token) {
    throw new Error(
      `adoptId: flow log ${id} is managed by another Pulumi stack or resource: ` +
        `its description carries the marker [pulumi:${cloudToken}]. ` +
        `Remove it from that stack first (\`pulumi state delete <urn>\` there), delete " [pulumi:${cloudToken}]" from its description ` +
        `(console or ModifyFlowLogAttribute), then run \`pulumi up\` again.`,
    );
  }
  const progress: Progress = { outs: { ...observed(item, n, token, []), flowLogId: id, adoptId: id, smartAgIds: undefined } };
  try {
    const current = observed(item, n, token, await boundSags(reader, item));
    Object.assign(progress.outs, current);
    if (cloudToken === undefined) {
      // The settings it has, plus the marker: nothing else changes until the next `up`.
      await client.call("ModifyFlowLogAttribute", { FlowLogId: id, ...settingsParams(current, token) });
    }
  } catch (e) {
    throw partialFailure(e, id, progress, n.__provider);
  }
  reader.invalidate();
  // As it is now: with this resource's marker (a delete later in this process looks at it).
  await reader.recordInIndex({ ...item, Description: withMarker(parseMarker(item.Description).description, token) });
  return { id, outs: compact(progress.outs) as FlowLogOutputs };
}

/** The `create` hook: adopt by id, adopt an own flow log left by an interrupted create, or create one. */
export async function createFlowLog(inputs: ProviderInputs): Promise<dynamic.CreateResult<FlowLogOutputs>> {
  const n = normalize(inputs);
  const token = n.__token;
  if (!token || isUnknown(token)) {
    throw new Error("sag.FlowLog inputs lack the idempotency token; construct it with the sag.FlowLog class of pulumi-alicloud-traffic");
  }
  const region = n.region;
  const client = clientFor("smartag", region);
  const reader = readerFor(client);
  if (n.adoptId !== undefined) return adoptById(client, n, n.adoptId, token);

  // Look before creating: a flow log with this resource's token is one an interrupted create of
  // this very resource made (on this machine or another), and it is taken over, not duplicated.
  const own = await ownFlowLogs(reader, token, n.name);
  if (own.length > 1) {
    const list = own.map((i) => `${i.FlowLogId}${Number(i.TotalSagNum ?? 0) > 0 ? ` (${i.TotalSagNum} SAGs)` : ""}`).join(", ");
    throw severalCarryError("flow log", own.length, region, token, list, "DeleteFlowLog or the console");
  }
  if (own.length === 1) return adoptOwn(client, n, own[0]!, token, interruptedCreateReason());

  const sent = await sendCreate(client, n, token);
  if ("found" in sent) return adoptOwn(client, n, sent.found, token, "CreateFlowLog had committed although its response was lost");

  const { id, resourceGroupId } = sent.created;
  await reader.recordInIndex({ FlowLogId: id, Description: withMarker(n.description, token), Name: n.name });
  const progress: Progress = {
    outs: {
      ...n,
      flowLogId: id,
      resourceGroupId,
      status: "Active",
      totalSagNum: 0,
      ...(n.smartAgIds !== undefined ? { smartAgIds: [] } : {}),
      ...statusFlag(n),
    },
  };
  try {
    await converge(client, id, n, { status: "Active", smartAgIds: [] }, progress);
  } catch (e) {
    throw partialFailure(e, id, progress, n.__provider);
  }
  return { id, outs: compact(progress.outs) as FlowLogOutputs };
}
