/**
 * The implementation behind `sag.FlowLog`. Loaded at run time, by package name, through the shim
 * in `provider/shims/sagFlowLog.ts`; never serialized into state.
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
import { AlibabaApiError, isApiError } from "../client/errors";
import { warn } from "../internal/engineLog";
import { clientFor, backoffDelay, retryPolicyFromEnv, sleep, RpcClient, Params } from "../client/rpcClient";
import { defaultRegion, requestTimeoutMs, setStackConfig } from "../client/config";
import {
  FLOW_LOG_COMPUTED_OUTPUTS,
  FLOW_LOG_FIELDS,
  FLOW_LOG_INPUTS,
  FieldIssue,
  FlowLogInputs,
  containsUnknown,
  formatIssue,
  isUnknown,
  usesNetflow,
  usesSls,
  unknownInputIssues,
  validateFlowLogInputs,
  withFlowLogDefaults,
} from "../schema";
import { FlowLogItem, FlowLogReader, readerFor } from "./flowLogReader";
import { parseMarker, withMarker } from "./marker";

/** Inputs as stored by the engine: user inputs plus the hidden ones the resource class adds. */
type RawInputs = Record<string, any> & { __token?: string; __autoName?: string; adoptId?: string };

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

/** Outputs the API computes; never part of the inputs (`status` is, when the program sets it). */
const COMPUTED_OUTPUTS = ["flowLogId", "resourceGroupId", "totalSagNum", "status"];

/**
 * A hidden output saying the program sets `status`, so that the inputs a refresh writes back carry
 * it too: without it the engine's diff display (old inputs against new) shows `+ status`.
 */
const STATUS_MANAGED = "__statusManaged";
const statusFlag = (n: RawInputs) => (n.status !== undefined ? { [STATUS_MANAGED]: true } : { [STATUS_MANAGED]: undefined });

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
  // The auto-name sticks to the resource, as Pulumi's autonaming does: renaming the stack (which
  // changes the name the program would derive) does not rename existing flow logs.
  if (olds?.__autoName !== undefined && !isUnknown(olds.__autoName)) out.__autoName = olds.__autoName;
  if (out.name === undefined && out.__autoName !== undefined) out.name = out.__autoName;
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

/** Flow log ids as the API makes them (`fl-` and lowercase letters and digits). */
const FLOW_LOG_ID = /^fl-[a-z0-9]{6,32}$/;

/**
 * Check failures as the engine prints them. A failure with a property is printed as
 * `property <p> value {<Go formatting of the whole value>} has a problem: <reason>`, which repeats
 * the field, shows the value unshortened (a 1 MB description became 1 MB of output) and in Go's
 * notation (`{<nil>}`, `{map[]}`); one without a property is printed as
 * `<type> resource '<name>' has a problem: <reason>` (pulumi/pulumi `issueCheckFailures`). So the
 * property is left empty and the reason alone names field, shortened value and rule.
 */
export function checkFailures(issues: FieldIssue[]): dynamic.CheckFailure[] {
  return issues.map((i) => ({ property: "", reason: formatIssue(i) }));
}

/**
 * SAGs the flow logs checked in this provider process list, by region and SAG: resource token ->
 * flow log name. One process serves every flow log of a deployment, so when AssociateFlowLog says a
 * SAG is taken, this names the other flow log of the stack that wants it (no API call).
 */
const sagClaims = new Map<string, Map<string, string>>();

function claimSags(inputs: RawInputs): void {
  const token = inputs.__token;
  if (typeof token !== "string" || isUnknown(token) || !Array.isArray(inputs.smartAgIds)) return;
  const label = typeof inputs.name === "string" && !isUnknown(inputs.name) ? inputs.name : String(inputs.__autoName ?? "(unnamed)");
  for (const claims of sagClaims.values()) claims.delete(token);
  for (const sag of inputs.smartAgIds) {
    if (typeof sag !== "string" || isUnknown(sag)) continue;
    const key = `${inputs.region}/${sag}`;
    if (!sagClaims.has(key)) sagClaims.set(key, new Map());
    sagClaims.get(key)!.set(token, label);
  }
}

/** Names of the other flow logs checked in this process that list the SAG (see `sagClaims`). */
export function otherClaimants(region: string, sag: string, token: string | undefined): string[] {
  return [...(sagClaims.get(`${region}/${sag}`) ?? new Map<string, string>()).entries()].filter(([t]) => t !== token).map(([, name]) => name);
}

export async function check(olds: RawInputs, news: RawInputs): Promise<dynamic.CheckResult> {
  const inputs = normalize(news, olds && Object.keys(olds).length ? olds : undefined);
  const issues = [
    ...unknownInputIssues(news ?? {}, "sag.FlowLog", FLOW_LOG_INPUTS, FLOW_LOG_COMPUTED_OUTPUTS),
    ...validateFlowLogInputs(inputs, { requireRegion: true, forCheck: true }),
  ];
  const adoptId = inputs.adoptId;
  if (adoptId !== undefined && !isUnknown(adoptId) && (typeof adoptId !== "string" || !FLOW_LOG_ID.test(adoptId))) {
    issues.push({ field: "adoptId", value: adoptId, rule: 'must be the id of an existing flow log, such as "fl-7a56mar1kfw9vj2x4s"' });
  }
  if (issues.length === 0) claimSags(inputs);
  return { inputs, failures: checkFailures(issues) };
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
  // A refresh saw the description without our marker: `up` writes it back (an update).
  if ((olds as any)[MARKER_LOST]) changed.push("description");
  // The `replaceOnChanges` resource option, which the engine can only apply to the changed keys a
  // provider reports, and Node dynamic providers report none: the resource class hands it over.
  const replaceOn: unknown = n.__replaceOnChanges;
  if (Array.isArray(replaceOn)) {
    for (const field of changed) if (replaceOn.includes(field) || replaceOn.includes("*")) replaces.push(field);
  }
  // Always delete before replacing: one flow log per marker, and a SAG feeds only one flow log.
  return { changes: replaces.length + changed.length > 0, replaces, deleteBeforeReplace: true };
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

/**
 * What a create has done so far, so that a failure part-way records exactly that in the state
 * (the engine stores `properties` of an error that carries an `id` as a partially created resource).
 */
interface Progress {
  outs: Record<string, unknown>;
}

/** Error that tells the engine the flow log exists, with what was actually done to it. */
function partialFailure(cause: unknown, id: string, progress: Progress, providerString: unknown): Error {
  const err = cause instanceof Error ? cause : new Error(String(cause));
  const message = `flow log ${id} was created but not fully configured: ${err.message}`;
  // The engine prints `reasons`, not the message: both say what exists and what failed.
  return Object.assign(new Error(message), {
    id,
    properties: { ...compact({ ...progress.outs }), __provider: providerString },
    reasons: [message],
  });
}

/**
 * Brings status and SAG associations of an existing flow log to the desired state, recording each
 * step in `progress` as it succeeds.
 */
async function converge(
  client: RpcClient,
  id: string,
  desired: RawInputs,
  current: { status?: string; smartAgIds?: string[] },
  progress?: Progress,
): Promise<{ status: "Active" | "Inactive"; smartAgIds?: string[] }> {
  const note = (patch: Record<string, unknown>) => progress && Object.assign(progress.outs, patch);
  let status = (current.status ?? "Active") as "Active" | "Inactive";
  try {
    if (desired.status !== undefined && desired.status !== status) {
      await setStatus(client, id, desired.status);
      status = desired.status;
      note({ status });
    }
    let smartAgIds = current.smartAgIds;
    if (desired.smartAgIds !== undefined) {
      const want: string[] = desired.smartAgIds;
      const have = new Set(current.smartAgIds ?? []);
      const record = () => note({ smartAgIds: [...have].sort(), totalSagNum: have.size });
      for (const sag of [...have].filter((s) => !want.includes(s))) {
        await disassociate(client, id, sag);
        have.delete(sag);
        record();
      }
      for (const sag of want.filter((s) => !have.has(s))) {
        await associate(client, id, sag, desired.__token);
        have.add(sag);
        record();
      }
      smartAgIds = [...have].sort();
    }
    return { status, smartAgIds };
  } finally {
    readerFor(client).invalidate();
  }
}
async function setStatus(client: RpcClient, id: string, status: "Active" | "Inactive"): Promise<void> {
  try {
    await client.call(status === "Active" ? "ActiveFlowLog" : "DeactiveFlowLog", { FlowLogId: id });
  } catch (e) {
    // Already in the requested state (a retried call that had committed, or an undocumented start state).
    if (!isApiError(e, "IncorrectStatus.FlowLog")) throw e;
  }
}

async function associate(client: RpcClient, id: string, sag: string, token?: string): Promise<void> {
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
      // Another flow log of this deployment wants the same SAG: waiting cannot help, say which.
      const others = otherClaimants(client.region, sag, token);
      if (others.length > 0) {
        throw new Error(
          `smartAgIds: SAG ${sag} is also listed in smartAgIds of flow log ${others.map((n) => JSON.stringify(n)).join(", ")} in this stack, ` +
            `and a SAG can feed only one flow log (OperationFailed.AssociateFlowLog). Remove it from one of them, then run pulumi up again. ` +
            `The policy pack's flowlog-unique-sag-association policy reports this at preview (pulumi preview --policy-pack node_modules/pulumi-alicloud-traffic/policy-pack).`,
        );
      }
      if (attempt >= 5) {
        throw new Error(
          `smartAgIds: SAG ${sag} is already associated with another flow log, and a SAG can feed only one flow log ` +
            `(OperationFailed.AssociateFlowLog). Remove it from the other flow log first (DisassociateFlowLog, or the SAG console), then run pulumi up again.`,
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

/** True if the flow log's description carries this token's marker. */
const carries = (token: string) => (item: FlowLogItem) => parseMarker(item.Description).token === token;

/** The flow logs in the region that carry this resource's token (see `marker.ts`). */
async function ownFlowLogs(reader: FlowLogReader, token: string, name: string): Promise<FlowLogItem[]> {
  const index = await reader.tokenIndex();
  const candidates = index.reliable ? [...index.items.values()] : await reader.byName(name);
  return candidates.filter(carries(token));
}

/** The same, looked up afresh by name: after an ambiguous CreateFlowLog, when the index is stale. */
async function ownFlowLogsByName(reader: FlowLogReader, token: string, name: string): Promise<FlowLogItem | undefined> {
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
 * CreateFlowLog, at most once per outcome we know of: failures that cannot have taken effect are
 * retried by the client; after an ambiguous one the provider looks for its flow log by name and
 * token and adopts it if the request committed. After an answered failure that did not commit it
 * sends again. After a request that got no answer, it looks again when one and two client timeouts
 * have passed, and if the flow log is still not there it stops instead of sending a second
 * CreateFlowLog that could make a duplicate: the next `up` finds the flow log if it committed
 * late, and creates it otherwise.
 */
async function sendCreate(client: RpcClient, n: RawInputs, token: string): Promise<Sent> {
  const reader = readerFor(client);
  const policy = retryPolicyFromEnv();
  for (let attempt = 0; ; attempt++) {
    try {
      const body = await client.call("CreateFlowLog", settingsParams(n, token), "rejected-only");
      return { created: { id: String(body.FlowLogId), resourceGroupId: body.ResourceGroupId } };
    } catch (e) {
      if (!isApiError(e) || e.kind !== "ambiguous") {
        if (isApiError(e, "QuotaExceeded.Flowlog")) {
          throw new Error(`${e.message}. Delete unused flow logs in ${n.region} or ask Alibaba Cloud for a higher quota.`);
        }
        throw e;
      }
      const found = await ownFlowLogsByName(reader, token, n.name);
      if (found) return { found };
      if (unanswered(e)) {
        for (let look = 1; look <= 2; look++) {
          await sleep(requestTimeoutMs());
          const late = await ownFlowLogsByName(reader, token, n.name);
          if (late) return { found: late };
        }
        const what = e.code === "ReadTimeout" ? `no answer within ${requestTimeoutMs()} ms (ReadTimeout)` : `the connection was lost before an answer (${e.code})`;
        throw new Error(
          `CreateFlowLog failed: ${what}, and no flow log with this resource's marker [pulumi:${token}] has appeared in ${n.region} since: ` +
            `the request may still be in progress, or lost. No second CreateFlowLog was sent, to avoid a duplicate; run \`pulumi up\` ` +
            `again: it adopts the flow log if the request committed, and creates it otherwise.`,
        );
      }
      if (attempt + 1 >= policy.maxAttempts) throw e;
      await sleep(backoffDelay(attempt + 1, policy));
    }
  }
}

/** The outputs of a flow log as the API shows it, in input shape (what an adoption starts from). */
function observed(item: FlowLogItem, n: RawInputs, token: string, sags: string[]): Record<string, unknown> {
  const current = fromItem(item, n.region, {});
  return {
    ...current,
    __token: token,
    __autoName: n.__autoName,
    ...(n.smartAgIds !== undefined ? { smartAgIds: [...sags].sort() } : {}),
    totalSagNum: sags.length,
  };
}

/**
 * Takes over a flow log that carries this resource's token (left by an interrupted create of this
 * resource, or committed by an ambiguous attempt of this one) and brings it to the desired state.
 */
async function adoptOwn(client: RpcClient, n: RawInputs, item: FlowLogItem, token: string, provider: unknown, why: string): Promise<dynamic.CreateResult> {
  const id = item.FlowLogId;
  const reader = readerFor(client);
  // Until the SAGs are read, record the flow log as the listing showed it, SAGs not yet known.
  const progress: Progress = { outs: { ...observed(item, n, token, []), flowLogId: id, smartAgIds: undefined, ...statusFlag(n) } };
  try {
    const sags = Number(item.TotalSagNum ?? 0) > 0 ? await reader.sagIds(id) : [];
    Object.assign(progress.outs, observed(item, n, token, sags));
    if (settingsDiffer(n, fromItem(item, n.region, {}))) {
      await client.call("ModifyFlowLogAttribute", { FlowLogId: id, ...settingsParams(n, token) });
    }
    Object.assign(progress.outs, settingsOf(n));
    await converge(client, id, n, { status: item.Status, smartAgIds: sags }, progress);
  } catch (e) {
    throw partialFailure(e, id, progress, provider);
  }
  await reader.recordInIndex(item);
  await warn(`adopted flow log ${id} instead of creating another: ${why}`);
  return { id, outs: compact(progress.outs) };
}

/**
 * `adoptId`: brings a flow log made elsewhere (console, Terraform) under this resource as it is.
 * Only the marker is written; the next preview shows what differs from the program.
 */
async function adoptById(client: RpcClient, n: RawInputs, token: string, provider: unknown): Promise<dynamic.CreateResult> {
  const id = n.adoptId as string;
  const reader = readerFor(client);
  const item = await reader.get(id);
  if (!item) {
    throw new Error(
      `adoptId: flow log ${id} does not exist in ${n.region}. Check the id and the region (flow logs are regional), or remove adoptId to create a new flow log.`,
    );
  }
  const cloudToken = parseMarker(item.Description).token;
  if (cloudToken !== undefined && cloudToken !== token) {
    throw new Error(
      `adoptId: flow log ${id} is managed by another Pulumi stack or resource: its description carries the marker [pulumi:${cloudToken}]. ` +
        `Remove it from that stack first (\`pulumi state delete <urn>\` there), delete " [pulumi:${cloudToken}]" from its description ` +
        `(console or ModifyFlowLogAttribute), then run \`pulumi up\` again.`,
    );
  }
  const progress: Progress = { outs: { ...observed(item, n, token, []), flowLogId: id, adoptId: id, smartAgIds: undefined } };
  try {
    const sags = Number(item.TotalSagNum ?? 0) > 0 ? await reader.sagIds(id) : [];
    const current = observed(item, n, token, sags);
    Object.assign(progress.outs, current);
    if (cloudToken === undefined) {
      // The settings it has, plus the marker: nothing else changes until the next `up`.
      await client.call("ModifyFlowLogAttribute", { FlowLogId: id, ...settingsParams({ ...current, region: n.region } as RawInputs, token) });
    }
  } catch (e) {
    throw partialFailure(e, id, progress, provider);
  }
  reader.invalidate();
  // As it is now: with this resource's marker (a delete later in this process looks at it).
  await reader.recordInIndex({ ...item, Description: withMarker(parseMarker(item.Description).description, token) });
  return { id, outs: compact(progress.outs) };
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

/** The settings ModifyFlowLogAttribute sets, as desired. */
function settingsOf(n: RawInputs): Record<string, unknown> {
  return pick(n, SETTINGS as string[]);
}

/** True if ModifyFlowLogAttribute must run to turn `current` into `n`. */
function settingsDiffer(n: RawInputs, current: Record<string, any>): boolean {
  return SETTINGS.some((f) => relevant(f, n.outputType) && (n[f] ?? undefined) !== (current[f] ?? undefined));
}

export async function create(inputs: RawInputs): Promise<dynamic.CreateResult> {
  const n = normalize(inputs);
  const token = n.__token;
  if (!token || isUnknown(token)) {
    throw new Error("sag.FlowLog inputs lack the idempotency token; construct it with the sag.FlowLog class of pulumi-alicloud-traffic");
  }
  const region: string = n.region;
  const client = clientFor("smartag", region);
  const reader = readerFor(client);
  if (n.adoptId !== undefined) return adoptById(client, n, token, inputs.__provider);

  // Look before creating: a flow log with this resource's token is one an interrupted create of
  // this very resource made (on this machine or another), and it is taken over, not duplicated.
  const own = await ownFlowLogs(reader, token, n.name);
  if (own.length > 1) {
    const list = own.map((i) => `${i.FlowLogId}${Number(i.TotalSagNum ?? 0) > 0 ? ` (${i.TotalSagNum} SAGs)` : ""}`).join(", ");
    throw new Error(
      `${own.length} flow logs in ${region} carry this resource's idempotency marker [pulumi:${token}]: ${list}. They were left by ` +
        `interrupted creates of this resource, so nothing new was created. Delete all but one (DeleteFlowLog or the console), then run ` +
        `\`pulumi up\` again: it adopts the one that is left.`,
    );
  }
  if (own.length === 1) {
    return adoptOwn(client, n, own[0]!, token, inputs.__provider, `it carries this resource's idempotency marker, so an earlier create of this resource (an interrupted \`pulumi up\`) made it. If the engine warned about pending operations, \`pulumi refresh --clear-pending-creates\` drops that stale record`);
  }

  const sent = await sendCreate(client, n, token);
  if ("found" in sent) return adoptOwn(client, n, sent.found, token, inputs.__provider, "CreateFlowLog had committed although its response was lost");

  const { id, resourceGroupId } = sent.created;
  await reader.recordInIndex({ FlowLogId: id, Description: withMarker(n.description, token), Name: n.name });
  const progress: Progress = {
    outs: { ...n, flowLogId: id, resourceGroupId, status: "Active", totalSagNum: 0, ...(n.smartAgIds !== undefined ? { smartAgIds: [] } : {}), ...statusFlag(n) },
  };
  try {
    await converge(client, id, n, { status: "Active", smartAgIds: [] }, progress);
  } catch (e) {
    throw partialFailure(e, id, progress, inputs.__provider);
  }
  return { id, outs: compact(progress.outs) };
}

/** Hidden outputs that say the cloud's marker is not this resource's (set by read). */
const MARKER_LOST = "__markerLost";
const OWNED_ELSEWHERE = "__ownedElsewhere";

export async function read(id: string, props: FlowLogOutputs): Promise<dynamic.ReadResult> {
  const region = props.region;
  const client = clientFor("smartag", region);
  const reader = readerFor(client);
  const item = await reader.get(id);
  if (!item) return { id: "", props: {} };
  const seen = fromItem(item, region, props);
  const managesSags = props.smartAgIds !== undefined;
  const sags = Number(item.TotalSagNum ?? 0) > 0 || (props.smartAgIds?.length ?? 0) > 0 ? await reader.sagIds(id) : [];
  const next: Record<string, unknown> = { ...props, ...seen, totalSagNum: sags.length, [MARKER_LOST]: undefined, [OWNED_ELSEWHERE]: undefined };
  if (managesSags) next.smartAgIds = [...sags].sort();
  const cloudToken = parseMarker(item.Description).token;
  if (props.__token && cloudToken !== props.__token) {
    if (cloudToken === undefined) {
      next[MARKER_LOST] = true;
      await warn(`flow log ${id} has lost its idempotency marker [pulumi:${props.__token}] (its description was edited outside Pulumi); \`pulumi up\` writes it back`);
    } else {
      next[OWNED_ELSEWHERE] = cloudToken;
      await warn(
        `flow log ${id} now carries another resource's marker [pulumi:${cloudToken}]: another stack has adopted it. This stack will not ` +
          `modify or delete it; \`pulumi state delete\` removes it from this stack.`,
      );
    }
  }
  compact(next);
  // Refreshed inputs: everything but what the API computes, and `status` when the program sets it.
  const inputs = Object.fromEntries(
    Object.entries(next).filter(([k]) => (!COMPUTED_OUTPUTS.includes(k) || (k === "status" && (props as unknown as Record<string, unknown>)[STATUS_MANAGED])) && ![MARKER_LOST, OWNED_ELSEWHERE, STATUS_MANAGED].includes(k)),
  );
  return { id, props: next, inputs };
}

/** The error for a change to a flow log another stack has adopted (its marker is not ours). */
function ownedElsewhere(id: string, olds: FlowLogOutputs): Error {
  return new Error(
    `flow log ${id} now carries another resource's marker [pulumi:${(olds as any)[OWNED_ELSEWHERE]}]: another stack has adopted it, so this ` +
      `stack does not change it. Remove it from this stack with \`pulumi state delete <urn>\`, or from the other stack first.`,
  );
}

export async function update(id: string, olds: FlowLogOutputs, news: RawInputs): Promise<dynamic.UpdateResult> {
  if ((olds as any)[OWNED_ELSEWHERE]) throw ownedElsewhere(id, olds);
  const o = normalize(olds as RawInputs);
  const n = normalize(news, olds as RawInputs);
  // The marker the flow log was created (or adopted) with; the program's token only matters to creates.
  const token = (o.__token ?? n.__token) as string;
  const client = clientFor("smartag", n.region);
  if (settingsDiffer(n, o) || (olds as any)[MARKER_LOST]) {
    try {
      // The full desired set: whether omitted fields are kept or reset is undocumented.
      await client.call("ModifyFlowLogAttribute", { FlowLogId: id, ...settingsParams(n, token) });
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
    ...statusFlag(n),
  };
  if (n.smartAgIds !== undefined) outs.smartAgIds = c.smartAgIds;
  return { outs: compact(outs) };
}

// `delete` is a reserved word, so the export is aliased below.
async function deleteFlowLog(id: string, props: FlowLogOutputs): Promise<void> {
  const client = clientFor("smartag", props.region);
  const reader = readerFor(client);
  // Never delete a flow log another state owns: look at its marker first. Deletes share the one
  // listing creates use (a marker does not change when this process deletes something else).
  const item = (await reader.tokenIndex()).items.get(id) ?? (await reader.get(id));
  if (!item) return void (await reader.recordInIndex({ FlowLogId: id, deleted: true }));
  const cloudToken = parseMarker(item.Description).token;
  if (props.__token && cloudToken !== undefined && cloudToken !== props.__token) {
    await warn(
      `flow log ${id} was not deleted: it now carries another resource's marker [pulumi:${cloudToken}] (another stack adopted it). ` +
        `It is only removed from this stack.`,
    );
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
  await reader.recordInIndex({ FlowLogId: id, deleted: true });
}
export { deleteFlowLog as delete };
