/**
 * The implementation behind `vpc.TrafficMirrorSession`.
 *
 * - create: CreateTrafficMirrorSession with a ClientToken drawn for this create (reused by every
 *   retry of it, see mirrorKit.ts), then ListTrafficMirrorSessions until it is `Created`.
 * - read: ListTrafficMirrorSessions by id (drift in any attribute or source shows as a diff).
 * - update, in place (UpdateTrafficMirrorSessionAttribute accepts every attribute: name,
 *   description, filter, target id and type, priority, VNI, packet length, enabled; SDK model
 *   UpdateTrafficMirrorSessionAttributeRequest): one listing for the sources the session has now,
 *   RemoveSourcesFromTrafficMirrorSession for sources no longer wanted, UpdateTrafficMirrorSessionAttribute
 *   when an attribute differs, AddSourcesToTrafficMirrorSession for new ones (removal first: a
 *   session holds one source by default); each awaited until the session is `Created` again.
 * - delete: DeleteTrafficMirrorSession, then the listing until it is gone.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { Params, RpcClient, clientFor } from "../client/rpcClient";
import {
  TRAFFIC_MIRROR_SESSION_FIELDS,
  TRAFFIC_MIRROR_SESSION_OUTPUTS,
  TrafficMirrorSessionInputs,
  fromWire,
  toWire,
  trafficMirrorSessionFields,
  validateTrafficMirrorSessionInputs,
  withTrafficMirrorSessionDefaults,
} from "../schema";
import { checkWithTable, compact, configure, diffWithTable } from "../internal/providerKit";
import { ApiItem, deleteAndWait, findById, mutate, newToken, whenSettled } from "./mirrorKit";

type RawInputs = Readonly<Record<string, unknown>>;

export interface TrafficMirrorSessionOutputs extends TrafficMirrorSessionInputs {
  trafficMirrorSessionId: string;
  /** `Created` once settled. */
  status: string;
}

const find = (client: RpcClient, id: string) =>
  findById(client, "ListTrafficMirrorSessions", "TrafficMirrorSessionIds", "TrafficMirrorSessions", "TrafficMirrorSessionId", id);

const settledSession = (client: RpcClient, id: string) =>
  whenSettled(
    () => find(client, id),
    (item) => item.TrafficMirrorSessionStatus === "Created",
    `traffic mirror session ${id}`,
    client.region,
  );

const sourcesOf = (item: ApiItem) => ((item.TrafficMirrorSourceIds ?? []) as string[]).map(String).sort();

/** The outputs of a listed session; text fields the API leaves empty keep their `previous` value. */
function outputsOf(item: ApiItem, region: string, previous: Partial<TrafficMirrorSessionOutputs>): TrafficMirrorSessionOutputs {
  const wire = fromWire(trafficMirrorSessionFields, item, previous, () => true);
  return compact({
    ...wire,
    name: wire.name ?? previous.name,
    description: wire.description ?? previous.description,
    enabled: item.Enabled === true || item.Enabled === "true",
    region,
    sourceIds: sourcesOf(item),
    trafficMirrorSessionId: String(item.TrafficMirrorSessionId),
    status: String(item.TrafficMirrorSessionStatus),
  }) as TrafficMirrorSessionOutputs;
}

async function check(olds: RawInputs, news: RawInputs): Promise<dynamic.CheckResult<TrafficMirrorSessionInputs>> {
  return checkWithTable<TrafficMirrorSessionInputs>(
    {
      resource: "vpc.TrafficMirrorSession",
      inputs: TRAFFIC_MIRROR_SESSION_FIELDS,
      outputs: TRAFFIC_MIRROR_SESSION_OUTPUTS,
      validate: validateTrafficMirrorSessionInputs,
      normalize: withTrafficMirrorSessionDefaults,
    },
    olds,
    news,
  );
}

async function diff(_id: string, olds: TrafficMirrorSessionOutputs, news: TrafficMirrorSessionInputs): Promise<dynamic.DiffResult> {
  return diffWithTable(trafficMirrorSessionFields, olds, news);
}

const attributes = (n: TrafficMirrorSessionInputs) => compact(toWire(trafficMirrorSessionFields, n, () => true)) as Params;

async function create(inputs: TrafficMirrorSessionInputs): Promise<dynamic.CreateResult<TrafficMirrorSessionOutputs>> {
  const client = clientFor("vpc", inputs.region);
  const params = { ...attributes(inputs), TrafficMirrorSourceIds: inputs.sourceIds };
  const body = await mutate(client, "CreateTrafficMirrorSession", params, newToken("tms"));
  const id = String(body.TrafficMirrorSessionId);
  return { id, outs: outputsOf(await settledSession(client, id), inputs.region, inputs) };
}

async function read(id: string, props?: TrafficMirrorSessionOutputs): Promise<dynamic.ReadResult<TrafficMirrorSessionOutputs>> {
  const region = props?.region;
  if (!region) return { id: "", props: undefined };
  const item = await find(clientFor("vpc", region), id);
  if (!item) return { id: "", props: undefined };
  const outs = outputsOf(item, region, props);
  const { trafficMirrorSessionId: _id, status: _status, ...inputs } = outs;
  return { id, props: outs, inputs: inputs as TrafficMirrorSessionOutputs };
}

async function update(
  id: string,
  olds: TrafficMirrorSessionOutputs,
  news: TrafficMirrorSessionInputs,
): Promise<dynamic.UpdateResult<TrafficMirrorSessionOutputs>> {
  const client = clientFor("vpc", olds.region);
  let item = await settledSession(client, id);
  const edit = async (action: string, params: Params, kind: string) => {
    await mutate(client, action, { TrafficMirrorSessionId: id, ...params }, newToken(kind));
    item = await settledSession(client, id);
  };

  const removed = sourcesOf(item).filter((s) => !news.sourceIds.includes(s));
  if (removed.length > 0) await edit("RemoveSourcesFromTrafficMirrorSession", { TrafficMirrorSourceIds: removed }, "tms-rm");

  const wanted = attributes(news);
  const current: ApiItem = { ...item, Enabled: item.Enabled === true || item.Enabled === "true" };
  if (Object.entries(wanted).some(([wire, v]) => String(current[wire] ?? "") !== String(v))) {
    await edit("UpdateTrafficMirrorSessionAttribute", wanted, "tms-attr");
  }

  const added = news.sourceIds.filter((s) => !sourcesOf(item).includes(s));
  if (added.length > 0) await edit("AddSourcesToTrafficMirrorSession", { TrafficMirrorSourceIds: added }, "tms-add");
  return { outs: outputsOf(item, olds.region, news) };
}

async function deleteSession(id: string, props: TrafficMirrorSessionOutputs): Promise<void> {
  const client = clientFor("vpc", props.region);
  const stillThere = async () => (await find(client, id)) !== undefined;
  await deleteAndWait(
    client,
    "DeleteTrafficMirrorSession",
    { TrafficMirrorSessionId: id },
    newToken("tms-del"),
    stillThere,
    `traffic mirror session ${id}`,
  );
}

// `delete` is a reserved word, so the export is aliased; the shim forwards to these exports.
export { configure, check, diff, create, read, update, deleteSession as delete };
export const trafficMirrorSessionProvider: dynamic.ResourceProvider<TrafficMirrorSessionInputs, TrafficMirrorSessionOutputs> = {
  ...{ configure, check, diff, create, read, update },
  delete: deleteSession,
};
