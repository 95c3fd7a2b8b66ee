/**
 * The implementation behind `vpc.TrafficMirrorSession`.
 *
 * - create: first the region's sessions, listed once per provider process and shared by every create
 *   (mirrorKit.ts `ownResource`): a session that carries this resource's idempotency marker in its
 *   description was made by an interrupted create of this resource, and is adopted (brought to the
 *   program by `update`, with a warning) instead of duplicated; two of them stop the create. Else
 *   CreateTrafficMirrorSession with the marker appended to the description and a ClientToken drawn
 *   for this create (reused by every retry of it, see mirrorKit.ts `newToken`), then
 *   ListTrafficMirrorSessions until it is `Created`.
 * - read: ListTrafficMirrorSessions by id (drift in any attribute or source shows as a diff), the
 *   description without the marker; another resource's marker is flagged (`__ownedElsewhere`).
 * - update, in place (UpdateTrafficMirrorSessionAttribute accepts every attribute: name,
 *   description, filter, target id and type, priority, VNI, packet length, enabled; SDK model
 *   UpdateTrafficMirrorSessionAttributeRequest): one listing for the sources the session has now,
 *   RemoveSourcesFromTrafficMirrorSession for sources no longer wanted, UpdateTrafficMirrorSessionAttribute
 *   when an attribute differs, AddSourcesToTrafficMirrorSession for new ones (removal first: a
 *   session holds one source by default); each awaited until the session is `Created` again.
 *   A session that carries another resource's marker (another stack adopted it) is not changed.
 * - delete: a lookup by id (the marker), DeleteTrafficMirrorSession, then the listing until it is
 *   gone; one with another resource's marker is only dropped from the stack, with a warning.
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
import { parseMarker, withMarker } from "../internal/marker";
import {
  ApiItem,
  Marked,
  MarkedKind,
  adoptOwn,
  deleteOwned,
  findById,
  markedDescription,
  mutate,
  newToken,
  ownershipSeen,
  refuseOwnedElsewhere,
  requireToken,
  text,
  updateToken,
  whenSettled,
} from "./mirrorKit";

type RawInputs = Readonly<Record<string, unknown>>;

/** The checked inputs and the hidden `__token` the class adds. */
export type TrafficMirrorSessionProviderInputs = TrafficMirrorSessionInputs & Marked;

const KIND: MarkedKind = {
  what: "traffic mirror session",
  resource: "vpc.TrafficMirrorSession",
  list: "ListTrafficMirrorSessions",
  idsParam: "TrafficMirrorSessionIds",
  itemsKey: "TrafficMirrorSessions",
  idKey: "TrafficMirrorSessionId",
  deleteAction: "DeleteTrafficMirrorSession",
  tokenPrefix: "tms",
  descriptionKey: "TrafficMirrorSessionDescription",
  statusKey: "TrafficMirrorSessionStatus",
};

export type TrafficMirrorSessionOutputs = TrafficMirrorSessionInputs &
  Marked & {
    trafficMirrorSessionId: string;
    /** `Created` once settled. */
    status: string;
  };

const find = (client: RpcClient, id: string) => findById(client, KIND, id);

const settledSession = (client: RpcClient, id: string) =>
  whenSettled(
    () => find(client, id),
    (item) => item.TrafficMirrorSessionStatus === "Created",
    `traffic mirror session ${id}`,
    client.region,
  );

const sourcesOf = (item: ApiItem) => ((item.TrafficMirrorSourceIds ?? []) as string[]).map(String).sort();

/**
 * The outputs of a listed session; text fields the API leaves empty keep their `previous` value (the
 * description shown without the marker; `previous.__token` kept).
 */
function outputsOf(item: ApiItem, region: string, previous: Partial<TrafficMirrorSessionOutputs>): TrafficMirrorSessionOutputs {
  const wire = fromWire(trafficMirrorSessionFields, item, previous, () => true);
  return compact({
    ...wire,
    __token: previous.__token,
    name: wire.name ?? previous.name,
    description: parseMarker(text(item.TrafficMirrorSessionDescription)).description ?? previous.description,
    enabled: item.Enabled === true || item.Enabled === "true",
    region,
    sourceIds: sourcesOf(item),
    trafficMirrorSessionId: String(item.TrafficMirrorSessionId),
    status: String(item.TrafficMirrorSessionStatus),
  }) as TrafficMirrorSessionOutputs;
}

async function check(olds: RawInputs, news: RawInputs): Promise<dynamic.CheckResult<TrafficMirrorSessionProviderInputs>> {
  return checkWithTable<TrafficMirrorSessionProviderInputs>(
    {
      resource: "vpc.TrafficMirrorSession",
      table: trafficMirrorSessionFields,
      inputs: TRAFFIC_MIRROR_SESSION_FIELDS,
      outputs: TRAFFIC_MIRROR_SESSION_OUTPUTS,
      validate: validateTrafficMirrorSessionInputs,
      normalize: withTrafficMirrorSessionDefaults,
    },
    olds,
    news,
  );
}

/** `diff` from the field table (an unknown `filterId` is the field table's `holds` case, see `diffWithTable`). */
async function diff(_id: string, olds: TrafficMirrorSessionOutputs, news: TrafficMirrorSessionProviderInputs): Promise<dynamic.DiffResult> {
  return diffWithTable(trafficMirrorSessionFields, olds, news);
}

const attributes = (n: TrafficMirrorSessionInputs) => compact(toWire(trafficMirrorSessionFields, n, () => true)) as Params;

async function create(inputs: TrafficMirrorSessionProviderInputs): Promise<dynamic.CreateResult<TrafficMirrorSessionOutputs>> {
  const token = requireToken(KIND, inputs);
  const client = clientFor("vpc", inputs.region);
  // Look before creating: a session with this resource's token is one an interrupted create of this
  // very resource made (on this machine or another); it is taken over, not duplicated.
  const adopted = await adoptOwn(client, KIND, token, (id) =>
    update(id, { region: inputs.region, __token: token } as TrafficMirrorSessionOutputs, inputs),
  );
  if (adopted) return adopted;
  const params = {
    ...attributes(inputs),
    TrafficMirrorSessionDescription: withMarker(inputs.description, token),
    TrafficMirrorSourceIds: inputs.sourceIds,
  };
  const body = await mutate(client, "CreateTrafficMirrorSession", params, newToken(KIND.tokenPrefix));
  const id = String(body.TrafficMirrorSessionId);
  return { id, outs: outputsOf(await settledSession(client, id), inputs.region, { ...inputs, __token: token }) };
}

async function read(id: string, props?: TrafficMirrorSessionOutputs): Promise<dynamic.ReadResult<TrafficMirrorSessionOutputs>> {
  const region = props?.region;
  if (!region) return { id: "", props: undefined };
  const item = await find(clientFor("vpc", region), id);
  if (!item) return { id: "", props: undefined };
  const outs = outputsOf(item, region, props);
  const { trafficMirrorSessionId: _id, status: _status, ...inputs } = outs;
  Object.assign(outs, await ownershipSeen(KIND, id, item, props.__token));
  return { id, props: outs, inputs: inputs as TrafficMirrorSessionOutputs };
}

async function update(
  id: string,
  olds: TrafficMirrorSessionOutputs,
  news: TrafficMirrorSessionProviderInputs,
): Promise<dynamic.UpdateResult<TrafficMirrorSessionOutputs>> {
  const token = updateToken(olds, news);
  refuseOwnedElsewhere(KIND, id, olds, undefined, token);
  const client = clientFor("vpc", olds.region);
  let item = await settledSession(client, id);
  refuseOwnedElsewhere(KIND, id, olds, item, token);
  const edit = async (action: string, params: Params, kind: string) => {
    await mutate(client, action, { TrafficMirrorSessionId: id, ...params }, newToken(kind));
    item = await settledSession(client, id);
  };

  const removed = sourcesOf(item).filter((s) => !news.sourceIds.includes(s));
  if (removed.length > 0) await edit("RemoveSourcesFromTrafficMirrorSession", { TrafficMirrorSourceIds: removed }, "tms-rm");

  const wanted = attributes(news);
  if (token !== undefined) wanted.TrafficMirrorSessionDescription = markedDescription(KIND, item, news.description, token);
  const current: ApiItem = { ...item, Enabled: item.Enabled === true || item.Enabled === "true" };
  if (Object.entries(wanted).some(([wire, v]) => String(current[wire] ?? "") !== String(v))) {
    await edit("UpdateTrafficMirrorSessionAttribute", wanted, "tms-attr");
  }

  const added = news.sourceIds.filter((s) => !sourcesOf(item).includes(s));
  if (added.length > 0) await edit("AddSourcesToTrafficMirrorSession", { TrafficMirrorSourceIds: added }, "tms-add");
  return { outs: outputsOf(item, olds.region, { ...news, __token: token }) };
}

async function deleteSession(id: string, props: TrafficMirrorSessionOutputs): Promise<void> {
  await deleteOwned(clientFor("vpc", props.region), KIND, id, props);
}

// `delete` is a reserved word, so the export is aliased; the shim forwards to these exports.
export { configure, check, diff, create, read, update, deleteSession as delete };
export const trafficMirrorSessionProvider = {
  configure,
  check,
  diff,
  create,
  read,
  update,
  delete: deleteSession,
} satisfies dynamic.ResourceProvider<TrafficMirrorSessionProviderInputs, TrafficMirrorSessionOutputs>;
