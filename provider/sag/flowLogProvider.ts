/**
 * The implementation behind `sag.FlowLog`. Loaded at run time, by package name, through the shim
 * in `provider/shims/sagFlowLog.ts`; never serialized into state.
 *
 * API calls per operation (see README "Idempotency and API calls"):
 * - check, diff: none (preview is pure).
 * - create: CreateFlowLog; DeactiveFlowLog if `status: "Inactive"` (new flow logs start Active);
 *   AssociateFlowLog per SAG. DescribeFlowLogs only when a previous attempt may have committed.
 * - read: shares one paged listing per region among concurrent reads; DescribeFlowLogSags only for
 *   flow logs that have SAGs.
 * - update: ModifyFlowLogAttribute (full desired set) if a setting changed; Active/DeactiveFlowLog;
 *   Associate/DisassociateFlowLog for the difference.
 * - delete: DisassociateFlowLog for the SAGs it manages, then DeleteFlowLog.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { AlibabaApiError, isApiError } from "../client/errors";
import { warn } from "../internal/engineLog";
import { clientFor, backoffDelay, retryPolicyFromEnv, sleep, RpcClient, RetryPolicy, Params } from "../client/rpcClient";
import { defaultRegion, requestTimeoutMs, setStackConfig } from "../client/config";
import {
  FLOW_LOG_FIELDS,
  FlowLogInputs,
  containsUnknown,
  formatIssue,
  isUnknown,
  usesNetflow,
  usesSls,
  validateFlowLogInputs,
  withFlowLogDefaults,
} from "../schema";
import { FlowLogItem, readerFor } from "./flowLogReader";
import { parseMarker, withMarker } from "./marker";
import { clearCreateIntent, hasCreateIntent, recordCreateIntent } from "./createIntents";

/** Inputs as stored by the engine: user inputs plus the hidden ones the resource class adds. */
type RawInputs = Record<string, any> & { __token?: string; __autoName?: string };

/** Outputs: the normalized inputs plus what the API assigns. */
export interface FlowLogOutputs extends FlowLogInputs {
  flowLogId: string;
  status: "Active" | "Inactive";
  resourceGroupId?: string;
  totalSagNum: number;
  __token?: string;
  __autoName?: string;
}

/** Settings that ModifyFlowLogAttribute changes: every input but region, status and SAGs. */
const SETTINGS = FLOW_LOG_FIELDS.filter((f) => f !== "region" && f !== "status" && f !== "smartAgIds");

/** Outputs the API computes; never part of the inputs. */
const COMPUTED_OUTPUTS = ["flowLogId", "resourceGroupId", "totalSagNum", "status"];

/** Fields compared in diff; SLS/NetFlow destination fields only count when the output type uses them. */
function relevant(field: string, outputType: unknown): boolean {
  if (field === "slsRegionId" || field === "projectName" || field === "logstoreName") return usesSls(outputType);
  if (field === "netflowServerIp" || field === "netflowServerPort" || field === "netflowVersion") return usesNetflow(outputType);
  return true;
}

/** Fills defaults, the region and the auto-name; leaves unknowns untouched. */
export function normalize(raw: RawInputs, olds?: RawInputs): RawInputs {
  const out: RawInputs = withFlowLogDefaults({ ...raw });
  if (out.region === undefined) {
    const region = olds?.region ?? defaultRegion();
    if (region !== undefined) out.region = region;
  }
  if (out.name === undefined && out.__autoName !== undefined) out.name = out.__autoName;
  // Keep the token the resource was created with, even if the stack or project was renamed.
  if (olds?.__token) out.__token = olds.__token;
  if (Array.isArray(out.smartAgIds) && !out.smartAgIds.some(isUnknown)) out.smartAgIds = [...out.smartAgIds].sort();
  return out;
}

/** Drops keys whose value is undefined (the engine would store them as nulls). */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function sameSet(a: unknown, b: unknown): boolean {
  const x = Array.isArray(a) ? [...a].sort() : [];
  const y = Array.isArray(b) ? [...b].sort() : [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export async function configure(req: dynamic.ConfigureRequest): Promise<void> {
  setStackConfig((key) => req.config.get(key));
}

export async function check(olds: RawInputs, news: RawInputs): Promise<dynamic.CheckResult> {
  const inputs = normalize(news, olds && Object.keys(olds).length ? olds : undefined);
  const issues = validateFlowLogInputs(inputs, { requireRegion: true });
  return {
    inputs,
    failures: issues.map((i) => ({ property: i.field.replace(/\[\d+\]$/, ""), reason: formatIssue(i) })),
  };
}

export async function diff(_id: string, olds: FlowLogOutputs, news: RawInputs): Promise<dynamic.DiffResult> {
  const o = normalize(olds as RawInputs);
  const n = news;
  const replaces: string[] = [];
  const changed: string[] = [];
  if (isUnknown(n.region) || n.region !== o.region) replaces.push("region");
  for (const field of SETTINGS) {
    if (!relevant(field, n.outputType) && !isUnknown(n.outputType)) continue;
    const nv = n[field];
    if (isUnknown(nv) || (nv ?? undefined) !== (o[field] ?? undefined)) changed.push(field);
  }
  if (n.status !== undefined && (isUnknown(n.status) || n.status !== o.status)) changed.push("status");
  if (n.smartAgIds !== undefined && (containsUnknown(n.smartAgIds) || !sameSet(n.smartAgIds, o.smartAgIds))) changed.push("smartAgIds");
  return { changes: replaces.length + changed.length > 0, replaces, deleteBeforeReplace: false };
}

/** CreateFlowLog / ModifyFlowLogAttribute parameters for the desired settings. */
function settingsParams(n: RawInputs, token: string): Params {
  const p: Params = {
    Name: n.name,
    Description: withMarker(n.description, token),
    OutputType: n.outputType,
    ActiveAging: n.activeAging,
    InactiveAging: n.inactiveAging,
  };
  if (usesSls(n.outputType)) Object.assign(p, { SlsRegionId: n.slsRegionId, ProjectName: n.projectName, LogstoreName: n.logstoreName });
  if (usesNetflow(n.outputType)) {
    Object.assign(p, { NetflowServerIp: n.netflowServerIp, NetflowServerPort: n.netflowServerPort, NetflowVersion: n.netflowVersion });
  }
  return p;
}

/** The user-facing view of what the API reports, in input shape (used by read and adoption). */
function fromItem(item: FlowLogItem, region: string, previous: Partial<FlowLogOutputs>): Partial<FlowLogOutputs> {
  const { description } = parseMarker(item.Description);
  const outputType = item.OutputType as FlowLogInputs["outputType"];
  const out: Partial<FlowLogOutputs> = {
    region,
    name: item.Name,
    description,
    outputType,
    activeAging: item.ActiveAging !== undefined ? Number(item.ActiveAging) : previous.activeAging,
    inactiveAging: item.InactiveAging !== undefined ? Number(item.InactiveAging) : previous.inactiveAging,
    status: (item.Status as "Active" | "Inactive") ?? previous.status,
    flowLogId: item.FlowLogId,
    resourceGroupId: item.ResourceGroupId ?? previous.resourceGroupId,
    totalSagNum: Number(item.TotalSagNum ?? 0),
  };
  // Destination fields the output type does not use keep their previous value: the API fills
  // NetFlow defaults even for SLS-only flow logs, which would otherwise show up as drift.
  if (usesSls(outputType)) Object.assign(out, { slsRegionId: item.SlsRegionId, projectName: item.ProjectName, logstoreName: item.LogstoreName });
  else Object.assign(out, { slsRegionId: previous.slsRegionId, projectName: previous.projectName, logstoreName: previous.logstoreName });
  if (usesNetflow(outputType)) {
    Object.assign(out, {
      netflowServerIp: item.NetflowServerIp,
      netflowServerPort: item.NetflowServerPort !== undefined && item.NetflowServerPort !== "" ? Number(item.NetflowServerPort) : undefined,
      netflowVersion: item.NetflowVersion,
    });
  } else {
    Object.assign(out, {
      netflowServerIp: previous.netflowServerIp,
      netflowServerPort: previous.netflowServerPort,
      netflowVersion: previous.netflowVersion,
    });
  }
  return compact(out);
}

/** Error that tells the engine the flow log exists but is not fully configured yet. */
function partialFailure(cause: unknown, id: string, outs: Record<string, unknown>, providerString: unknown): Error {
  const err = cause instanceof Error ? cause : new Error(String(cause));
  return Object.assign(new Error(`flow log ${id} was created but not fully configured: ${err.message}`), {
    id,
    properties: { ...outs, __provider: providerString },
    reasons: [err.message],
  });
}

/** Brings status and SAG associations of an existing flow log to the desired state. */
async function converge(
  client: RpcClient,
  id: string,
  desired: RawInputs,
  current: { status?: string; smartAgIds?: string[] },
): Promise<{ status: "Active" | "Inactive"; smartAgIds?: string[] }> {
  let status = (current.status ?? "Active") as "Active" | "Inactive";
  if (desired.status !== undefined && desired.status !== status) {
    await setStatus(client, id, desired.status);
    status = desired.status;
  }
  let smartAgIds = current.smartAgIds;
  if (desired.smartAgIds !== undefined) {
    const want: string[] = desired.smartAgIds;
    const have = current.smartAgIds ?? [];
    for (const sag of have.filter((s) => !want.includes(s))) await disassociate(client, id, sag);
    for (const sag of want.filter((s) => !have.includes(s))) await associate(client, id, sag);
    smartAgIds = [...want].sort();
  }
  readerFor(client).invalidate();
  return { status, smartAgIds };
}

async function setStatus(client: RpcClient, id: string, status: "Active" | "Inactive"): Promise<void> {
  try {
    await client.call(status === "Active" ? "ActiveFlowLog" : "DeactiveFlowLog", { FlowLogId: id });
  } catch (e) {
    // Already in the requested state (a retried call that had committed, or an undocumented start state).
    if (!isApiError(e, "IncorrectStatus.FlowLog")) throw e;
  }
}

async function associate(client: RpcClient, id: string, sag: string): Promise<void> {
  const policy = retryPolicyFromEnv();
  for (let attempt = 0; ; attempt++) {
    try {
      await client.call("AssociateFlowLog", { FlowLogId: id, SmartAGId: sag });
      return;
    } catch (e) {
      if (!isApiError(e, "OperationFailed.AssociateFlowLog")) {
        if (isApiError(e, "InvalidSmartAGId.NotFound")) {
          throw new Error(`smartAgIds: SAG ${sag} does not exist in region ${client.region} (InvalidSmartAGId.NotFound). Check the id and the flow log's region.`);
        }
        if (isApiError(e, "OperationUnsupported.AssociateFlowLog")) {
          throw new Error(`smartAgIds: SAG ${sag} cannot send flow logs: its device model or version does not support it (OperationUnsupported.AssociateFlowLog). Remove it from smartAgIds.`);
        }
        throw e;
      }
      // Either a retry of our own committed call, or another flow log still holds the SAG (e.g.
      // a move between two flow logs whose disassociate runs in parallel). Look, then wait.
      if ((await readerFor(client).sagIds(id)).includes(sag)) return;
      if (attempt >= 5) {
        throw new Error(
          `smartAgIds: SAG ${sag} is already associated with another flow log, and a SAG can feed only one flow log ` +
            `(OperationFailed.AssociateFlowLog). Remove it from the other flow log first, then run pulumi up again.`,
        );
      }
      await sleep(backoffDelay(attempt + 2, policy));
    }
  }
}

async function disassociate(client: RpcClient, id: string, sag: string): Promise<void> {
  try {
    await client.call("DisassociateFlowLog", { FlowLogId: id, SmartAGId: sag });
  } catch (e) {
    // Gone, or not bound to this flow log any more: the goal is reached either way.
    if (isApiError(e, /^(InvalidSmartAGId\.NotFound|IncorrectStatus\.FlowLog|InvalidFlowLogId\.NotFound)$/)) return;
    if ((await readerFor(client).sagIds(id)).includes(sag)) throw e;
  }
}

/** Looks for a flow log carrying this resource's token (a fresh listing, never a cached one). */
async function findByToken(client: RpcClient, token: string): Promise<FlowLogItem | undefined> {
  const all = await readerFor(client).listAll();
  for (const item of all.values()) if (parseMarker(item.Description).token === token) return item;
  return undefined;
}

/**
 * After an ambiguous CreateFlowLog failure: look for our flow log at once (a dropped connection
 * after commit), and if the request timed out, once more after the client timeout has passed
 * again, since the server may still have been working on it.
 */
async function reconcileAfterAmbiguous(
  client: RpcClient,
  token: string,
  failure: AlibabaApiError,
  attempt: number,
  policy: RetryPolicy,
): Promise<FlowLogItem | undefined> {
  const found = await findByToken(client, token);
  if (found) return found;
  await sleep(failure.code === "ReadTimeout" ? requestTimeoutMs() : backoffDelay(attempt + 1, policy));
  return findByToken(client, token);
}

/** Deletes unbound flow logs that carry our token, other than the one we keep. */
async function sweepDuplicates(client: RpcClient, token: string, keep: string): Promise<void> {
  await sleep(requestTimeoutMs());
  const all = await readerFor(client).listAll();
  for (const item of all.values()) {
    if (item.FlowLogId === keep || parseMarker(item.Description).token !== token) continue;
    if (Number(item.TotalSagNum ?? 0) > 0) continue;
    try {
      await client.call("DeleteFlowLog", { FlowLogId: item.FlowLogId });
    } catch (e) {
      if (!isApiError(e, "InvalidFlowLogId.NotFound")) throw e;
    }
    await warn(`deleted ${item.FlowLogId}, a duplicate of ${keep} left by a create that timed out and committed late`);
  }
  readerFor(client).invalidate();
}

export async function create(inputs: RawInputs): Promise<dynamic.CreateResult> {
  const n = normalize(inputs);
  const token = n.__token;
  if (!token) throw new Error("sag.FlowLog inputs lack the idempotency token; construct it with the sag.FlowLog class");
  const region: string = n.region;
  const client = clientFor("smartag", region);
  const reader = readerFor(client);

  let id: string | undefined;
  let resourceGroupId: string | undefined;
  let adopted: FlowLogItem | undefined;

  // An earlier attempt (an interrupted `up`) may have committed: look before creating.
  if (hasCreateIntent(token)) adopted = await findByToken(client, token);

  let ambiguous = false;
  if (!adopted) {
    recordCreateIntent(token, region);
    const policy = retryPolicyFromEnv();
    for (let attempt = 0; ; attempt++) {
      try {
        // Only failures that cannot have taken effect are retried inside the client.
        const body = await client.call("CreateFlowLog", settingsParams(n, token), "rejected-only");
        id = String(body.FlowLogId);
        resourceGroupId = body.ResourceGroupId;
        break;
      } catch (e) {
        if (!isApiError(e) || e.kind !== "ambiguous" || attempt + 1 >= policy.maxAttempts) {
          if (isApiError(e, "QuotaExceeded.Flowlog")) {
            throw new Error(`${e.message}. Delete unused flow logs in ${region} or ask Alibaba Cloud for a higher quota.`);
          }
          throw e;
        }
        // The request may have committed (timeout, dropped connection, 5xx): reconcile, then retry.
        ambiguous = true;
        adopted = await reconcileAfterAmbiguous(client, token, e, attempt, policy);
        if (adopted) break;
      }
    }
  }
  // A request we gave up on may still commit after our last look: sweep for a second flow log
  // carrying our token (ours by construction) and delete it while nothing is bound to it.
  if (ambiguous) await sweepDuplicates(client, token, adopted?.FlowLogId ?? id!);
  reader.invalidate();

  let outs: Record<string, unknown>;
  if (adopted) {
    id = adopted.FlowLogId;
    const current = fromItem(adopted, region, {});
    const needsModify = SETTINGS.some((f) => relevant(f, n.outputType) && (n[f] ?? undefined) !== ((current as any)[f] ?? undefined));
    if (needsModify) await client.call("ModifyFlowLogAttribute", { FlowLogId: id, ...settingsParams(n, token) });
    const sags = Number(adopted.TotalSagNum ?? 0) > 0 ? await reader.sagIds(id) : [];
    outs = { ...n, flowLogId: id, resourceGroupId: adopted.ResourceGroupId, status: current.status, totalSagNum: sags.length };
    try {
      const c = await converge(client, id, n, { status: current.status, smartAgIds: sags });
      outs = { ...outs, ...c, totalSagNum: c.smartAgIds?.length ?? sags.length };
    } catch (e) {
      throw partialFailure(e, id, outs, inputs.__provider);
    }
  } else {
    outs = { ...n, flowLogId: id!, resourceGroupId, status: "Active", totalSagNum: 0 };
    try {
      const c = await converge(client, id!, n, { status: "Active", smartAgIds: [] });
      outs = { ...outs, status: c.status, totalSagNum: c.smartAgIds?.length ?? 0 };
      if (n.smartAgIds !== undefined) outs.smartAgIds = c.smartAgIds;
    } catch (e) {
      throw partialFailure(e, id!, outs, inputs.__provider);
    }
  }
  return { id: id!, outs: compact(outs) };
}

export async function read(id: string, props: FlowLogOutputs): Promise<dynamic.ReadResult> {
  const region = props.region;
  const client = clientFor("smartag", region);
  const reader = readerFor(client);
  const item = await reader.get(id);
  // Found or gone, this flow log is no longer an interrupted create.
  clearCreateIntent(props.__token);
  if (!item) return { id: "", props: {} };
  const seen = fromItem(item, region, props);
  const managesSags = props.smartAgIds !== undefined;
  const sags = Number(item.TotalSagNum ?? 0) > 0 || (props.smartAgIds?.length ?? 0) > 0 ? await reader.sagIds(id) : [];
  const next: Record<string, unknown> = { ...props, ...seen, totalSagNum: sags.length };
  if (managesSags) next.smartAgIds = [...sags].sort();
  compact(next);
  // Refreshed inputs: everything but what the API computes. `status` is left out because the
  // outputs cannot tell whether the program set it; diff compares it against the outputs anyway.
  const inputs = Object.fromEntries(Object.entries(next).filter(([k]) => !COMPUTED_OUTPUTS.includes(k)));
  return { id, props: next, inputs };
}

export async function update(id: string, olds: FlowLogOutputs, news: RawInputs): Promise<dynamic.UpdateResult> {
  const o = normalize(olds as RawInputs);
  const n = normalize(news, olds as RawInputs);
  const token = o.__token ?? n.__token;
  const client = clientFor("smartag", n.region);
  const settingsChanged = SETTINGS.some((f) => relevant(f, n.outputType) && (n[f] ?? undefined) !== (o[f] ?? undefined));
  if (settingsChanged) {
    try {
      // The full desired set: whether omitted fields are kept or reset is undocumented.
      await client.call("ModifyFlowLogAttribute", { FlowLogId: id, ...settingsParams(n, token as string) });
    } catch (e) {
      if (isApiError(e, "InvalidFlowLogId.NotFound")) {
        throw new Error(`flow log ${id} no longer exists in ${n.region}; run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to create it again`);
      }
      throw e;
    }
  }
  const c = await converge(client, id, n, { status: o.status, smartAgIds: o.smartAgIds ?? (n.smartAgIds !== undefined ? [] : undefined) });
  const outs: Record<string, unknown> = {
    ...n,
    __token: token,
    flowLogId: id,
    resourceGroupId: o.resourceGroupId,
    status: c.status,
    totalSagNum: c.smartAgIds !== undefined ? c.smartAgIds.length : o.totalSagNum ?? 0,
  };
  if (n.smartAgIds !== undefined) outs.smartAgIds = c.smartAgIds;
  return { outs: compact(outs) };
}

// `delete` is a reserved word, so the export is aliased below.
async function deleteFlowLog(id: string, props: FlowLogOutputs): Promise<void> {
  const client = clientFor("smartag", props.region);
  const reader = readerFor(client);
  const managed = props.smartAgIds ?? [];
  if (managed.length > 0 || Number(props.totalSagNum ?? 0) > 0) {
    let bound: string[];
    try {
      bound = await reader.sagIds(id);
    } catch (e) {
      if (isApiError(e, "InvalidFlowLogId.NotFound")) return void clearCreateIntent(props.__token);
      throw e;
    }
    const foreign = bound.filter((s) => !managed.includes(s));
    if (foreign.length > 0) {
      throw new Error(
        `flow log ${id} is bound to SAG ${foreign.join(", ")}, which this stack does not manage, so it cannot be deleted ` +
          `(DependencyViolation.FlowLog). Disassociate it first (DisassociateFlowLog, or the SAG console), or add it to ` +
          `smartAgIds and run pulumi up, then run the destroy again.`,
      );
    }
    for (const sag of bound) await disassociate(client, id, sag);
  }
  try {
    await client.call("DeleteFlowLog", { FlowLogId: id });
  } catch (e) {
    if (isApiError(e, "InvalidFlowLogId.NotFound")) {
      // Already gone (deleted out of band, or our own retried delete committed).
    } else if (isApiError(e, "DependencyViolation.FlowLog")) {
      const bound = await reader.sagIds(id).catch(() => [] as string[]);
      throw new Error(
        `flow log ${id} is still bound to SAG ${bound.join(", ") || "(unknown)"} (DependencyViolation.FlowLog). ` +
          `Disassociate it (DisassociateFlowLog, or the SAG console), or add it to smartAgIds and run pulumi up, then run the destroy again.`,
      );
    } else {
      throw e;
    }
  }
  reader.invalidate();
  clearCreateIntent(props.__token);
}
export { deleteFlowLog as delete };

