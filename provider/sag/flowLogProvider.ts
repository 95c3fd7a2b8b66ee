/**
 * The implementation behind `sag.FlowLog`. Loaded at run time, by package name, through the shim
 * in `provider/shims/sagFlowLog.ts`; never serialized into state. Its exports (the provider's
 * hooks) are a public contract; the logic lives beside it, one concept a module:
 *
 * - `flowLogPreview.ts`: check and diff, pure (no API calls);
 * - `flowLogWire.ts`: inputs on the wire and back, from the field table;
 * - `flowLogCreate.ts`: the idempotent create protocol;
 * - `flowLogConverge.ts`: status and SAG associations;
 * - here: read, update and delete.
 *
 * API calls per operation (see README "Idempotency and API calls"):
 * - check, diff: none (preview is pure).
 * - create: one listing of the region per provider process, shared by all creates in it (to find
 *   a flow log an interrupted create of the same resource made); CreateFlowLog; DeactiveFlowLog if
 *   `status: "Inactive"` (new flow logs start Active); AssociateFlowLog per SAG. A lookup by name
 *   only after an ambiguous CreateFlowLog failure.
 * - read: shares one paged listing per region among concurrent reads; DescribeFlowLogSags only for
 *   flow logs that have SAGs.
 * - update: ModifyFlowLogAttribute (full desired set) if a setting changed or the marker was lost;
 *   Active/DeactiveFlowLog; Associate/DisassociateFlowLog for the difference.
 * - delete: a look at the flow log's marker (deletes share one listing); DisassociateFlowLog for
 *   the SAGs it manages, then DeleteFlowLog.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { isApiError } from "../client/errors";
import { clientFor } from "../client/rpcClient";
import { warn } from "../internal/engineLog";
import { markerLostWarning, notDeletedWarning, ownedElsewhereError, ownedElsewhereWarning } from "../internal/ownership";
import { compact, configure } from "../internal/providerKit";
import { converge, disassociate } from "./flowLogConverge";
import { createFlowLog, statusFlag } from "./flowLogCreate";
import { check, diff, normalize } from "./flowLogPreview";
import { readerFor } from "./flowLogReader";
import { FlowLogOutputs, MARKER_LOST, OWNED_ELSEWHERE, ProviderInputs, STATUS_MANAGED } from "./flowLogTypes";
import { fromItem, settingsDiffer, settingsParams } from "./flowLogWire";
import { parseMarker } from "./marker";

export { checkFailures } from "../internal/providerKit";
export type { FlowLogOutputs } from "./flowLogTypes";

/** Outputs the API computes; never part of the refreshed inputs (`status` is, when the program sets it). */
const COMPUTED_OUTPUTS = ["flowLogId", "resourceGroupId", "totalSagNum", "status"];
const HIDDEN_OUTPUTS = [MARKER_LOST, OWNED_ELSEWHERE, STATUS_MANAGED];

async function read(id: string, props?: FlowLogOutputs): Promise<dynamic.ReadResult<FlowLogOutputs>> {
  if (!props) return { id: "", props: undefined };
  const region = props.region;
  const reader = readerFor(clientFor("smartag", region));
  const item = await reader.get(id);
  if (!item) return { id: "", props: {} as FlowLogOutputs };
  // What a delete later in this process looks at: the marker as seen now, not at the listing.
  await reader.recordInIndex(item);
  const seen = fromItem(item, region, props);
  const managesSags = props.smartAgIds !== undefined;
  const sags = Number(item.TotalSagNum ?? 0) > 0 || (props.smartAgIds?.length ?? 0) > 0 ? await reader.sagIds(id) : [];
  const next: FlowLogOutputs = { ...props, ...seen, totalSagNum: sags.length, [MARKER_LOST]: undefined, [OWNED_ELSEWHERE]: undefined };
  if (managesSags) next.smartAgIds = [...sags].sort();
  const cloudToken = parseMarker(item.Description).token;
  if (props.__token && cloudToken !== props.__token) {
    if (cloudToken === undefined) {
      next[MARKER_LOST] = true;
      await warn(markerLostWarning("flow log", id, props.__token));
    } else {
      next[OWNED_ELSEWHERE] = cloudToken;
      await warn(ownedElsewhereWarning("flow log", id, cloudToken));
    }
  }
  compact(next);
  // Refreshed inputs: everything but what the API computes, and `status` when the program sets it.
  const inputs = Object.fromEntries(
    Object.entries(next).filter(
      ([k]) => (!COMPUTED_OUTPUTS.includes(k) || (k === "status" && props[STATUS_MANAGED])) && !HIDDEN_OUTPUTS.includes(k),
    ),
  );
  // The SDK types a read's inputs as its outputs; they are the inputs a refresh writes back.
  return { id, props: next, inputs: inputs as Partial<FlowLogOutputs> as FlowLogOutputs };
}

async function update(id: string, olds: FlowLogOutputs, news: ProviderInputs): Promise<dynamic.UpdateResult<FlowLogOutputs>> {
  if (olds[OWNED_ELSEWHERE]) throw ownedElsewhereError("flow log", id, olds[OWNED_ELSEWHERE]);
  const o = normalize(olds) as FlowLogOutputs;
  const n = normalize(news, olds);
  // The marker the flow log was created (or adopted) with; the program's token only matters to creates.
  const token = (o.__token ?? n.__token)!;
  const client = clientFor("smartag", n.region);
  const current = { status: o.status, smartAgIds: o.smartAgIds ?? (n.smartAgIds !== undefined ? [] : undefined) };
  let c: Awaited<ReturnType<typeof converge>>;
  try {
    // The full desired set: whether omitted fields are kept or reset is undocumented.
    if (settingsDiffer(n, o) || olds[MARKER_LOST])
      await client.call("ModifyFlowLogAttribute", { FlowLogId: id, ...settingsParams(n, token) });
    c = await converge(client, id, n, current);
  } catch (e) {
    if (isApiError(e, "InvalidFlowLogId.NotFound")) {
      throw e.rephrase(
        `flow log ${id} no longer exists in ${n.region}; run \`pulumi refresh\` to drop it from the stack, ` +
          `then \`pulumi up\` to create it again`,
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
  const reader = readerFor(client);
  // Never delete a flow log another state owns: look at its marker first. Deletes share the one
  // listing creates use (a marker does not change when this process deletes something else).
  const item = (await reader.tokenIndex()).items.get(id) ?? (await reader.get(id));
  if (!item) return void (await reader.recordInIndex({ FlowLogId: id, deleted: true }));
  // A refresh saw another resource's marker (`read`), or the listing shows one now.
  const cloudToken = props[OWNED_ELSEWHERE] ?? parseMarker(item.Description).token;
  if (props.__token && cloudToken !== undefined && cloudToken !== props.__token) {
    await warn(notDeletedWarning("flow log", id, cloudToken));
    return;
  }
  const managed = props.smartAgIds ?? [];
  if (managed.length > 0 || Number(props.totalSagNum ?? 0) > 0 || Number(item.TotalSagNum ?? 0) > 0) {
    let bound: string[];
    try {
      bound = await reader.sagIds(id);
    } catch (e) {
      if (isApiError(e, "InvalidFlowLogId.NotFound")) return;
      throw e;
    }
    const foreign = bound.filter((s) => !managed.includes(s));
    if (foreign.length > 0) throw new Error(stillBound(id, foreign, false));
    for (const sag of bound) await disassociate(client, id, sag);
  }
  try {
    await client.call("DeleteFlowLog", { FlowLogId: id });
  } catch (e) {
    if (isApiError(e, "DependencyViolation.FlowLog")) {
      throw e.rephrase(stillBound(id, await reader.sagIds(id).catch(() => [] as string[]), true));
    }
    // Already gone (deleted out of band, or our own retried delete committed) is the goal reached.
    if (!isApiError(e, "InvalidFlowLogId.NotFound")) throw e;
  }
  reader.invalidate();
  await reader.recordInIndex({ FlowLogId: id, deleted: true });
}

/** The provider, typed; the module's exports below are what the shim forwards to. */
export const flowLogProvider = {
  configure,
  check,
  diff,
  create: createFlowLog,
  read,
  update,
  delete: deleteFlowLog,
} satisfies dynamic.ResourceProvider<ProviderInputs, FlowLogOutputs>;

export { configure, check, diff, normalize, read, update };
export const create = createFlowLog;
// `delete` is a reserved word, so the export is aliased.
export { deleteFlowLog as delete };
