/**
 * The implementation behind `vpc.TrafficMirrorSession`: its descriptor (the marker protocol does the
 * rest: internal/markedResource.ts) and what is its own, the sources.
 *
 * - create: the region's sessions (the token index) first: one that carries this resource's marker was
 *   made by an interrupted create of it and is adopted (brought to the program by `update`, with a
 *   warning). Else CreateTrafficMirrorSession with a ClientToken for the create, then the listing until
 *   it is `Created`.
 * - update, in place (UpdateTrafficMirrorSessionAttribute accepts every attribute: name, description,
 *   filter, target id and type, priority, VNI, packet length, enabled; SDK model
 *   UpdateTrafficMirrorSessionAttributeRequest): the session as it is now, then
 *   RemoveSourcesFromTrafficMirrorSession for sources no longer wanted, UpdateTrafficMirrorSessionAttribute
 *   when an attribute differs, AddSourcesToTrafficMirrorSession for new ones (removal first: a session
 *   holds one source by default); each awaited until the session is `Created` again.
 * - read and delete: as every marked resource.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { Params, RpcClient, clientFor } from "../client/rpcClient";
import {
  TRAFFIC_MIRROR_SESSION_FIELDS,
  TRAFFIC_MIRROR_SESSION_OUTPUTS,
  TrafficMirrorSessionInputs,
  fromWire,
  outputsFromWire,
  toWire,
  trafficMirrorSessionFields,
  trafficMirrorSessionOutputs,
  validateTrafficMirrorSessionInputs,
  withTrafficMirrorSessionDefaults,
} from "../schema";
import { checkWithTable, compact, configure, diffWithTable, refreshedInputs } from "../internal/providerKit";
import { withMarker } from "../internal/marker";
import { MarkedDescriptor } from "../internal/descriptor";
import {
  ApiItem,
  GONE,
  Marked,
  adoptLeftover,
  adoptWithMarker,
  deleteMarked,
  descriptionOf,
  markedDescription,
  markerSeen,
  refuseOwnedElsewhere,
  requireToken,
  sendCreate,
  settledItem,
  updateToken,
  viewOf,
  write,
} from "../internal/markedResource";
import { mirrorNotOpened } from "./mirrorApi";

type RawInputs = Readonly<Record<string, unknown>>;

/** The checked inputs and the hidden `__token` the class adds. */
export type TrafficMirrorSessionProviderInputs = TrafficMirrorSessionInputs & Marked & { adoptId?: string };

/** The descriptor: what the marker protocol needs to know of traffic mirror sessions. */
export const trafficMirrorSessionApi: MarkedDescriptor = {
  resource: "vpc.TrafficMirrorSession",
  what: "traffic mirror session",
  product: "vpc",
  list: {
    paging: "cursor",
    action: "ListTrafficMirrorSessions",
    pageSize: 100,
    items: (body) => (body.TrafficMirrorSessions ?? []) as ApiItem[],
    byId: (id) => ({ TrafficMirrorSessionIds: [id] }),
    byName: (name) => ({ TrafficMirrorSessionName: name }),
  },
  keys: {
    id: "TrafficMirrorSessionId",
    name: "TrafficMirrorSessionName",
    description: "TrafficMirrorSessionDescription",
    status: "TrafficMirrorSessionStatus",
  },
  idPattern: /^tms-[a-z0-9]{6,32}$/,
  notFound: /^(ResourceNotFound\.|InvalidTrafficMirror.*\.NotFound)/,
  actions: { create: "CreateTrafficMirrorSession", delete: "DeleteTrafficMirrorSession", modify: "UpdateTrafficMirrorSessionAttribute" },
  clientToken: { prefix: "tms" },
  busy: /^(LastTokenProcessing|OperationConflict|SystemBusy|ServiceBusy|IncorrectStatus\.(?!TrafficMirrorService$).+)$/,
  settled: (item) => item.TrafficMirrorSessionStatus === "Created",
  deleting: "Deleting",
  waitForDelete: true,
  notOpened: mirrorNotOpened,
};

const API = trafficMirrorSessionApi;

export type TrafficMirrorSessionOutputs = TrafficMirrorSessionInputs &
  Marked & {
    adoptId?: string;
    trafficMirrorSessionId: string;
    /** `Created` once settled. */
    status: string;
  };

const settledSession = (client: RpcClient, id: string) => settledItem(client, API, id, undefined, "Created");

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
    adoptId: previous.adoptId,
    name: wire.name ?? previous.name,
    description: descriptionOf(API, item) ?? previous.description,
    enabled: item.Enabled === true || item.Enabled === "true",
    region,
    sourceIds: sourcesOf(item),
    ...(outputsFromWire(trafficMirrorSessionOutputs, item) as { trafficMirrorSessionId: string; status: string }),
  }) as TrafficMirrorSessionOutputs;
}

async function check(olds: RawInputs, news: RawInputs): Promise<dynamic.CheckResult<TrafficMirrorSessionProviderInputs>> {
  return checkWithTable<TrafficMirrorSessionProviderInputs>(
    {
      resource: API.resource,
      table: trafficMirrorSessionFields,
      inputs: TRAFFIC_MIRROR_SESSION_FIELDS,
      outputs: TRAFFIC_MIRROR_SESSION_OUTPUTS,
      validate: validateTrafficMirrorSessionInputs,
      normalize: withTrafficMirrorSessionDefaults,
      adopt: { idPattern: API.idPattern, what: API.what },
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
  const token = requireToken(API, inputs);
  const client = clientFor("vpc", inputs.region);
  // Made in the console or by Terraform: only the marker is written; the next preview shows what differs.
  if (inputs.adoptId !== undefined) {
    const item = await adoptWithMarker(client, API, inputs.adoptId, token);
    return { id: inputs.adoptId, outs: outputsOf(item, inputs.region, { __token: token, adoptId: inputs.adoptId }) };
  }
  // Look before creating: a session with this resource's token is one an interrupted create of this
  // very resource made (on this machine or another); it is taken over, not duplicated.
  const adopted = await adoptLeftover(client, API, token, (id) =>
    update(id, { region: inputs.region, __token: token } as TrafficMirrorSessionOutputs, inputs),
  );
  if (adopted) return adopted;
  const params = {
    ...attributes(inputs),
    TrafficMirrorSessionDescription: withMarker(inputs.description, token),
    TrafficMirrorSourceIds: inputs.sourceIds,
  };
  const sent = await sendCreate(client, API, params, token, inputs.name ?? "");
  const id = "created" in sent ? sent.created.id : String(sent.found.TrafficMirrorSessionId);
  return { id, outs: outputsOf(await settledSession(client, id), inputs.region, { ...inputs, __token: token }) };
}

async function read(id: string, props?: TrafficMirrorSessionOutputs): Promise<dynamic.ReadResult<TrafficMirrorSessionOutputs>> {
  const region = props?.region;
  if (!region) return GONE;
  const client = clientFor("vpc", region);
  const item = await viewOf(client, API).get(id);
  if (!item) return GONE;
  const outs = { ...outputsOf(item, region, props), ...(await markerSeen(client, API, id, item, props.__token)) };
  return { id, props: outs, inputs: refreshedInputs(trafficMirrorSessionFields, outs) as TrafficMirrorSessionOutputs };
}

async function update(
  id: string,
  olds: TrafficMirrorSessionOutputs,
  news: TrafficMirrorSessionProviderInputs,
): Promise<dynamic.UpdateResult<TrafficMirrorSessionOutputs>> {
  const token = updateToken(olds, news);
  const client = clientFor("vpc", olds.region);
  refuseOwnedElsewhere(client, API, id, olds);
  let item = await settledSession(client, id);
  refuseOwnedElsewhere(client, API, id, olds, item, token);
  const edit = async (action: string, params: Params, label: string) => {
    await write(client, API, action, { TrafficMirrorSessionId: id, ...params }, label);
    item = await settledSession(client, id);
  };

  const removed = sourcesOf(item).filter((s) => !news.sourceIds.includes(s));
  if (removed.length > 0) await edit("RemoveSourcesFromTrafficMirrorSession", { TrafficMirrorSourceIds: removed }, "rm");

  const wanted = attributes(news);
  if (token !== undefined) wanted.TrafficMirrorSessionDescription = markedDescription(API, item, news.description, token);
  const current: ApiItem = { ...item, Enabled: item.Enabled === true || item.Enabled === "true" };
  if (Object.entries(wanted).some(([wire, v]) => String(current[wire] ?? "") !== String(v))) {
    await edit(API.actions.modify, wanted, "attr");
  }

  const added = news.sourceIds.filter((s) => !sourcesOf(item).includes(s));
  if (added.length > 0) await edit("AddSourcesToTrafficMirrorSession", { TrafficMirrorSourceIds: added }, "add");
  return { outs: outputsOf(item, olds.region, { ...news, __token: token }) };
}

async function deleteSession(id: string, props: TrafficMirrorSessionOutputs): Promise<void> {
  await deleteMarked(clientFor("vpc", props.region), API, id, props);
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
/** The descriptor, under the name every implementation exports it by (tests and tools read it). */
export const api = trafficMirrorSessionApi;
