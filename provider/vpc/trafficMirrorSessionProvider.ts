/**
 * The implementation behind `vpc.TrafficMirrorSession`: its descriptor, and what is its own, the sources
 * (the marker protocol's provider, internal/markedProvider.ts, does the rest).
 *
 * UpdateTrafficMirrorSessionAttribute accepts every attribute (name, description, filter, target id and
 * type, priority, VNI, packet length, enabled; SDK model UpdateTrafficMirrorSessionAttributeRequest), sent
 * in full once one differs; sources are removed before it (RemoveSourcesFromTrafficMirrorSession: a
 * session holds one source by default) and added after it (AddSourcesToTrafficMirrorSession); each write
 * awaited until the session is `Created` again.
 */
import {
  TrafficMirrorSessionInputs,
  trafficMirrorSessionFields,
  trafficMirrorSessionOutputs,
  validateTrafficMirrorSessionInputs,
  withTrafficMirrorSessionDefaults,
} from "../schema";
import type { ApiItem, MarkedDescriptor } from "../internal/descriptor";
import type { Marked } from "../internal/markedResource";
import { markedProvider } from "../internal/markedProvider";
import { mirrorNotOpened } from "./mirrorApi";

/** The checked inputs and the hidden ones the class adds. */
export type TrafficMirrorSessionProviderInputs = TrafficMirrorSessionInputs & Marked & { adoptId?: string };

export type TrafficMirrorSessionOutputs = TrafficMirrorSessionProviderInputs & {
  trafficMirrorSessionId: string;
  /** `Created` once settled. */
  status: string;
};

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

const sourcesOf = (item: ApiItem) => ((item.TrafficMirrorSourceIds ?? []) as unknown[]).map(String).sort();
const wanted = (n: Record<string, unknown>) => (n.sourceIds ?? []) as string[];

/** The provider; the module's exports below are what the shim forwards to. */
export const trafficMirrorSessionProvider = markedProvider({
  api: trafficMirrorSessionApi,
  fields: trafficMirrorSessionFields,
  outputs: trafficMirrorSessionOutputs,
  validate: validateTrafficMirrorSessionInputs,
  normalize: withTrafficMirrorSessionDefaults,
  itemOutputs: (item) => ({ sourceIds: sourcesOf(item), enabled: item.Enabled === true || item.Enabled === "true" }),
  createParams: (n) => ({ TrafficMirrorSourceIds: wanted(n) }),
  updateSteps: {
    before: async (ctx) => {
      const removed = sourcesOf(ctx.item()).filter((s) => !wanted(ctx.news).includes(s));
      if (removed.length > 0) await ctx.edit("RemoveSourcesFromTrafficMirrorSession", { TrafficMirrorSourceIds: removed }, "rm");
    },
    after: async (ctx) => {
      const added = wanted(ctx.news).filter((s) => !sourcesOf(ctx.item()).includes(s));
      if (added.length > 0) await ctx.edit("AddSourcesToTrafficMirrorSession", { TrafficMirrorSourceIds: added }, "add");
    },
  },
  modifyAll: true,
});
export const { configure, check, diff, create, read, update } = trafficMirrorSessionProvider;
// `delete` is a reserved word, so the export is aliased.
const deleteSession = trafficMirrorSessionProvider.delete;
export { deleteSession as delete };
/** The descriptor, under the name every implementation exports it by (tests and tools read it). */
export const api = trafficMirrorSessionApi;
