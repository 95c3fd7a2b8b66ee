/**
 * The implementation behind `sag.FlowLog`. Loaded at run time, by package name, through the shim in
 * `provider/shims/sagFlowLog.ts`; never serialized into state. Its exports (the provider's hooks) are
 * a public contract. It is the flow log's descriptor (the idempotency-marker protocol does the rest:
 * internal/markedResource.ts) and what is its own:
 *
 * - `flowLogPreview.ts`: check and diff, pure (the output type decides which destination fields apply);
 * - `flowLogWire.ts`: the settings on the wire and back, from the field table;
 * - `flowLogConverge.ts`: status and SAG associations, step by step;
 * - here: the descriptor, create, read, update, delete.
 *
 * API calls per operation (see docs/idempotency.md, "API calls per operation"):
 * - check, diff: none (preview is pure).
 * - create: one listing of the region per provider process, shared by all creates in it (to find a
 *   flow log an interrupted create of the same resource made); CreateFlowLog (no ClientToken: sent at
 *   most once per outcome known, a lookup by name only after an ambiguous failure); DeactiveFlowLog if
 *   `status: "Inactive"` (new flow logs start Active); AssociateFlowLog per SAG.
 * - read: shares one paged listing per region among concurrent reads; DescribeFlowLogSags only for
 *   flow logs that have SAGs.
 * - update: ModifyFlowLogAttribute (the full desired set: whether omitted fields are kept is
 *   undocumented) if a setting changed or the marker was lost; Active/DeactiveFlowLog;
 *   Associate/DisassociateFlowLog for the difference.
 * - delete: a look at the flow log's marker (deletes share the listing); DisassociateFlowLog for the
 *   SAGs it manages, then DeleteFlowLog.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { isApiError } from "../client/errors";
import { RpcClient, clientFor } from "../client/rpcClient";
import { compact, configure, refreshedInputs } from "../internal/providerKit";
import { sagFlowLogApi } from "./flowLogApi";
import {
  ApiItem,
  GONE,
  MARKER_LOST,
  OWNED_ELSEWHERE,
  Progress,
  adoptable,
  deleteMarked,
  interruptedCreate,
  markerSeen,
  onExisting,
  ownItem,
  refuseOwnedElsewhere,
  requireToken,
  sendCreate,
  viewOf,
  warnAdopted,
  write,
} from "../internal/markedResource";
import { flowLogFields } from "../schema";
import { converge, disassociate, sagIds } from "./flowLogConverge";
import { check, diff, normalize } from "./flowLogPreview";
import { FlowLogItem, FlowLogOutputs, ProviderInputs, STATUS_MANAGED } from "./flowLogTypes";
import { fromItem, settingsDiffer, settingsOf, settingsParams } from "./flowLogWire";
import { parseMarker, withMarker } from "./marker";

export { checkFailures } from "../internal/providerKit";
export { sagFlowLogApi, sagFlowLogApi as api } from "./flowLogApi";
export type { FlowLogOutputs } from "./flowLogTypes";

const API = sagFlowLogApi;
const QUOTA = /^QuotaExceeded\.Flowlog$/;

/**
 * A hidden output saying the program sets `status`, so that the inputs a refresh writes back carry it
 * too: without it the engine's diff display (old inputs against new) shows `+ status`.
 */
export const statusFlag = (n: ProviderInputs): { [STATUS_MANAGED]?: true } => ({
  [STATUS_MANAGED]: n.status !== undefined ? true : undefined,
});

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
const boundSags = (client: RpcClient, item: FlowLogItem) => (Number(item.TotalSagNum ?? 0) > 0 ? sagIds(client, item.FlowLogId) : []);

/**
 * Takes over a flow log that carries this resource's token (left by an interrupted create of this
 * resource, or committed by an ambiguous attempt of this one) and brings it to the desired state,
 * recording each step (a failure part-way is a partial create with what the cloud has).
 */
async function adoptOwn(client: RpcClient, n: ProviderInputs, item: FlowLogItem, token: string, why: string) {
  const id = item.FlowLogId;
  // Until the SAGs are read, record the flow log as the listing showed it, SAGs not yet known.
  const progress: Progress<FlowLogOutputs> = {
    outs: { ...observed(item, n, token, []), flowLogId: id, smartAgIds: undefined, ...statusFlag(n) },
  };
  await onExisting(API, id, progress, n.__provider, async () => {
    const sags = await boundSags(client, item);
    Object.assign(progress.outs, observed(item, n, token, sags));
    if (settingsDiffer(n, fromItem(item, n.region, {})))
      await write(client, API, API.actions.modify, { FlowLogId: id, ...settingsParams(n, token) });
    Object.assign(progress.outs, settingsOf(n));
    await converge(client, id, n, { status: item.Status, smartAgIds: sags }, progress);
  });
  await viewOf(client, API).record(item as unknown as ApiItem);
  await warnAdopted(API, id, why);
  return { id, outs: compact(progress.outs) as FlowLogOutputs };
}

/**
 * `adoptId`: brings a flow log made elsewhere (console, Terraform) under this resource as it is. Only
 * the marker is written (one ModifyFlowLogAttribute with the settings it has); the next preview shows
 * what differs from the program.
 */
async function adoptById(client: RpcClient, n: ProviderInputs, id: string, token: string) {
  const item = (await adoptable(client, API, id, token)) as unknown as FlowLogItem;
  const progress: Progress<FlowLogOutputs> = {
    outs: { ...observed(item, n, token, []), flowLogId: id, adoptId: id, smartAgIds: undefined },
  };
  await onExisting(API, id, progress, n.__provider, async () => {
    const current = observed(item, n, token, await boundSags(client, item));
    Object.assign(progress.outs, current);
    // The settings it has, plus the marker: nothing else changes until the next `up`.
    if (parseMarker(item.Description).token === undefined) {
      await write(client, API, API.actions.modify, { FlowLogId: id, ...settingsParams(current, token) });
    }
  });
  // As it is now: with this resource's marker (a delete later in this process looks at it).
  await viewOf(client, API).record({
    ...item,
    Description: withMarker(parseMarker(item.Description).description, token),
  } as unknown as ApiItem);
  return { id, outs: compact(progress.outs) as FlowLogOutputs };
}

/** The `create` hook: adopt by id, adopt an own flow log left by an interrupted create, or create one. */
async function create(inputs: ProviderInputs): Promise<dynamic.CreateResult<FlowLogOutputs>> {
  const n = normalize(inputs);
  const token = requireToken(API, n);
  const client = clientFor("smartag", n.region);
  if (n.adoptId !== undefined) return adoptById(client, n, n.adoptId, token);

  // Look before creating: a flow log with this resource's token is one an interrupted create of this
  // very resource made (on this machine or another), and it is taken over, not duplicated.
  const own = (await ownItem(client, API, token, n.name)) as FlowLogItem | undefined;
  if (own) return adoptOwn(client, n, own, token, interruptedCreate(token));

  const sent = await sendCreate(client, API, settingsParams(n, token), token, n.name, QUOTA);
  if ("found" in sent)
    return adoptOwn(client, n, sent.found as unknown as FlowLogItem, token, "CreateFlowLog had committed although its response was lost");

  const { id, body } = sent.created;
  await viewOf(client, API).record({ FlowLogId: id, Description: withMarker(n.description, token), Name: n.name });
  const progress: Progress<FlowLogOutputs> = {
    outs: {
      ...n,
      flowLogId: id,
      resourceGroupId: body.ResourceGroupId as string | undefined,
      status: "Active",
      totalSagNum: 0,
      ...(n.smartAgIds !== undefined ? { smartAgIds: [] } : {}),
      ...statusFlag(n),
    },
  };
  await onExisting(API, id, progress, n.__provider, () => converge(client, id, n, { status: "Active", smartAgIds: [] }, progress));
  return { id, outs: compact(progress.outs) as FlowLogOutputs };
}

async function read(id: string, props?: FlowLogOutputs): Promise<dynamic.ReadResult<FlowLogOutputs>> {
  if (!props) return GONE as dynamic.ReadResult<FlowLogOutputs>;
  const region = props.region;
  const client = clientFor("smartag", region);
  const view = viewOf(client, API);
  const item = await view.get(id);
  if (!item) return GONE as dynamic.ReadResult<FlowLogOutputs>;
  // What a delete later in this process looks at: the marker as seen now, not at the listing.
  await view.record(item);
  const seen = fromItem(item as unknown as FlowLogItem, region, props);
  const sags = Number(item.TotalSagNum ?? 0) > 0 || (props.smartAgIds?.length ?? 0) > 0 ? await sagIds(client, id) : [];
  const next: FlowLogOutputs = { ...props, ...seen, totalSagNum: sags.length, [MARKER_LOST]: undefined, [OWNED_ELSEWHERE]: undefined };
  if (props.smartAgIds !== undefined) next.smartAgIds = [...sags].sort();
  Object.assign(next, await markerSeen(client, API, id, item, props.__token));
  compact(next);
  // Refreshed inputs: the table's inputs (`status` when the program sets it) and the hidden inputs.
  const inputs = refreshedInputs(flowLogFields, next, (f) =>
    f === "status" ? props[STATUS_MANAGED] === true : next[f as keyof FlowLogOutputs] !== undefined,
  );
  return { id, props: next, inputs: inputs as FlowLogOutputs };
}

async function update(id: string, olds: FlowLogOutputs, news: ProviderInputs): Promise<dynamic.UpdateResult<FlowLogOutputs>> {
  const client = clientFor("smartag", olds.region);
  refuseOwnedElsewhere(client, API, id, olds);
  const o = normalize(olds) as FlowLogOutputs;
  const n = normalize(news, olds);
  // The marker the flow log was created (or adopted) with; the program's token only matters to creates.
  const token = (o.__token ?? n.__token)!;
  const current = { status: o.status, smartAgIds: o.smartAgIds ?? (n.smartAgIds !== undefined ? [] : undefined) };
  let c: Awaited<ReturnType<typeof converge>>;
  try {
    if (settingsDiffer(n, o) || olds[MARKER_LOST])
      await write(client, API, API.actions.modify, { FlowLogId: id, ...settingsParams(n, token) });
    c = await converge(client, id, n, current);
  } catch (e) {
    if (isApiError(e, API.notFound)) {
      throw e.rephrase(
        `flow log ${id} no longer exists in ${n.region}; run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to create it again`,
      );
    }
    throw e;
  }
  const outs: FlowLogOutputs = {
    ...n,
    __token: token,
    flowLogId: id,
    resourceGroupId: o.resourceGroupId,
    status: c.status,
    totalSagNum: c.smartAgIds !== undefined ? c.smartAgIds.length : (o.totalSagNum ?? 0),
    ...statusFlag(n),
  };
  if (n.smartAgIds !== undefined) outs.smartAgIds = c.smartAgIds;
  return { outs: compact(outs) };
}

/** The error for a flow log that SAGs still feed, which DeleteFlowLog refuses (DependencyViolation.FlowLog). */
function stillBound(id: string, sags: string[], managedHere: boolean): string {
  return managedHere
    ? `flow log ${id} is still bound to SAG ${sags.join(", ") || "(unknown)"} (DependencyViolation.FlowLog). Disassociate it ` +
        `(DisassociateFlowLog, or the SAG console), or add it to smartAgIds and run pulumi up, then run the destroy again.`
    : `flow log ${id} is bound to SAG ${sags.join(", ")}, which this stack does not manage, so it cannot be deleted ` +
        `(DependencyViolation.FlowLog). Disassociate it first (DisassociateFlowLog, or the SAG console), or add it to ` +
        `smartAgIds and run pulumi up, then run the destroy again.`;
}

async function deleteFlowLog(id: string, props: FlowLogOutputs): Promise<void> {
  const client = clientFor("smartag", props.region);
  const managed = props.smartAgIds ?? [];
  // Before the delete: release the SAGs the flow log manages (one the stack does not manage stops it).
  const releaseSags = async (item: ApiItem) => {
    if (managed.length === 0 && Number(props.totalSagNum ?? 0) === 0 && Number(item.TotalSagNum ?? 0) === 0) return;
    let bound: string[];
    try {
      bound = await sagIds(client, id);
    } catch (e) {
      if (isApiError(e, API.notFound)) return;
      throw e;
    }
    const foreign = bound.filter((s) => !managed.includes(s));
    if (foreign.length > 0) throw new Error(stillBound(id, foreign, false));
    for (const sag of bound) await disassociate(client, id, sag);
  };
  try {
    await deleteMarked(client, API, id, props, releaseSags);
  } catch (e) {
    if (isApiError(e, "DependencyViolation.FlowLog"))
      throw e.rephrase(stillBound(id, await sagIds(client, id).catch(() => [] as string[]), true));
    throw e;
  }
}

/** The provider, typed; the module's exports below are what the shim forwards to. */
export const flowLogProvider = {
  configure,
  check,
  diff,
  create,
  read,
  update,
  delete: deleteFlowLog,
} satisfies dynamic.ResourceProvider<ProviderInputs, FlowLogOutputs>;

export { configure, check, diff, normalize, create, read, update };
// `delete` is a reserved word, so the export is aliased.
export { deleteFlowLog as delete };
