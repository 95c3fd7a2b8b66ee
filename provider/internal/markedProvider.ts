/**
 * The whole provider of a marked resource that is its field table and its descriptor, nothing more:
 * check and diff from the table, and create, read, update and delete by the marker protocol
 * (`markedResource.ts`), the descriptor's actions and the table's wire names. `vpc.FlowLog` is one.
 *
 * - create: `adoptId` takes one made elsewhere; else the item an interrupted create of this resource
 *   left is adopted (brought to the program by `update`); else the create action (its fields, the
 *   marker in the description, tags and lists as the table encodes them), then the wait until settled,
 *   then the status the program asks for.
 * - read: the item (batched with the reads that come with it), in input shape, with what the marker
 *   says (lost, or another stack's).
 * - update: the modify action with the fields that differ (the ones it takes), the status by its
 *   actions, the tags by TagResources / UnTagResources; each awaited until settled.
 * - delete: the marker protocol's (never another stack's; waits until gone).
 * - replacement order: every replacement deletes the old one first (the class forces it), as for every
 *   marked resource. Create-first is not safe with a marker: the engine never asks the provider about a
 *   `pulumi up --replace` (it creates first unless the resource option says otherwise), and the new one,
 *   carrying the old one's token, cannot tell it from what an interrupted create left, so it would adopt
 *   the very item the engine deletes next. With `generations` the token is still one per generation (the
 *   lineage token and the values of the fields whose change replaces it), so what an interrupted
 *   replacement left is adopted only by a create of the same generation.
 */
import { createHash } from "crypto";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { isApiError } from "../client/errors";
import { settings } from "../client/config";
import { Budget, retry } from "../client/retry";
import { Params, RpcClient, clientFor } from "../client/rpcClient";
import {
  FieldIssue,
  FieldTable,
  OutputTable,
  canonical,
  fieldNames,
  fromWire,
  idOutputOf,
  isUnknown,
  outputsFromWire,
  toWire,
  unknownInputIssues,
} from "../schema";
import type { ApiItem, MarkedDescriptor } from "./descriptor";
import {
  GONE,
  MARKER_LOST,
  Marked,
  adoptLeftover,
  adoptWithMarker,
  deleteMarked,
  descriptionOf,
  markedDescription,
  markerChanges,
  markerSeen,
  refuseOwnedElsewhere,
  requireToken,
  sendCreate,
  settledItem,
  viewOf,
  write,
} from "./markedResource";
import { withMarker } from "./marker";
import {
  adoptIdIssues,
  checkFailures,
  compact,
  configure,
  diffWithTable,
  noteChecked,
  refreshedInputs,
  uniqueIssues,
  withRegion,
} from "./providerKit";

export interface MarkedSpec {
  api: MarkedDescriptor;
  fields: FieldTable;
  outputs: OutputTable;
  /** Every problem of the inputs as given (region filled, defaults not yet). */
  validate: (raw: Readonly<Record<string, unknown>>) => FieldIssue[];
  /** Defaults filled, values in the form the API reports them (so a second `up` shows no change). */
  normalize: (raw: Record<string, unknown>) => Record<string, unknown>;
  /** The marker's token is one per generation (see the file comment); else the lineage token itself. */
  generations?: boolean;
  /** Outputs the table does not describe, read from an item (a filter's rules and their ids, a session's sources). */
  itemOutputs?: (item: ApiItem) => Record<string, unknown>;
  /** Create parameters the table does not describe (a filter's rules inline, a session's sources). */
  createParams?: (n: Inputs) => Params;
  /** Update steps of the resource's own, before and after the modify action (sources out; rules, sources in). */
  updateSteps?: { before?: (ctx: UpdateContext) => Promise<void>; after?: (ctx: UpdateContext) => Promise<void> };
  /** The old outputs as the diff compares them (what the state may lack, filled). */
  diffOlds?: (olds: Outputs) => Outputs;
  /** The modify action gets every field again when one differs (whether it keeps what it is not sent is undocumented). */
  modifyAll?: boolean;
}

/** What an update step of a resource's own works with. */
export interface UpdateContext {
  client: RpcClient;
  id: string;
  /** The item as it is now (each `edit` reads it again). */
  item(): ApiItem;
  news: Inputs;
  /** A write about this resource (its id added; its ClientToken per call where the API takes one), then the item once settled. */
  edit(action: string, params: Params, label: string): Promise<void>;
  /** A write as it is (no id added, no wait): several of them, then one `settle()`. */
  write(action: string, params: Params, label: string): Promise<void>;
  /** The item read again once settled. */
  settle(): Promise<void>;
}

export type Inputs = Record<string, unknown> & Marked & { region: string; adoptId?: string; __autoName?: string; __provider?: string };
export type Outputs = Inputs & { __statusManaged?: true };

const STATUS_MANAGED = "__statusManaged";

/** The hooks of a marked resource described by `spec` (see the file comment). */
export function markedProvider(spec: MarkedSpec) {
  const { api, fields, outputs: outputTable } = spec;
  const INPUTS = [...fieldNames(fields), "adoptId"];
  const OUTPUTS = fieldNames(outputTable);
  const ID_OUTPUT = idOutputOf(outputTable)!;
  const replaceFields = fieldNames(fields).filter((f) => fields[f]!.change === "replace");
  const keys = api.keys;

  /** The marker's token of these inputs (undefined while a value it depends on is unknown). */
  function markerToken(n: Inputs, lineage: string): string | undefined {
    if (!spec.generations) return lineage;
    const values = replaceFields.map((f) => n[f]);
    if (values.some((v) => isUnknown(v) || (Array.isArray(v) && v.some(isUnknown)))) return undefined;
    return createHash("sha256")
      .update(canonical(["generation", lineage, ...values]))
      .digest("hex")
      .slice(0, 16);
  }

  /** The marker's token of a resource as its outputs record it (their `__token` is the lineage token). */
  const markerOf = (o: Partial<Outputs>): string | undefined => (o.__token === undefined ? undefined : markerToken(o as Inputs, o.__token));

  /**
   * The item in input shape, with the computed outputs; `previous` keeps what the API does not report.
   * `managesStatus`: the program sets the status (so the inputs a refresh writes back carry it).
   */
  function outputsOf(item: ApiItem, region: string, previous: Partial<Outputs>, managesStatus: boolean): Outputs {
    const wire = fromWire(fields, item, previous, () => true);
    const out: Record<string, unknown> = {
      ...wire,
      region,
      __token: previous.__token,
      __autoName: previous.__autoName,
      adoptId: previous.adoptId,
      name: wire.name ?? previous.name,
      description: descriptionOf(api, item) ?? (fields.description?.absent === "leave" ? previous.description : undefined),
      ...spec.itemOutputs?.(item),
      ...outputsFromWire(outputTable, item),
    };
    if (keys.status && fields.status) {
      out.status = item[keys.status];
      if (managesStatus) out[STATUS_MANAGED] = true;
    }
    return compact(out) as Outputs;
  }

  async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult<Inputs>> {
    const given = withRegion({ ...(news ?? {}) }, olds ?? {}) as Record<string, unknown>;
    // The auto-name sticks to the resource (as Pulumi's autonaming does): a renamed stack does not rename it.
    if (typeof olds?.__autoName === "string" && !isUnknown(olds.__autoName)) given.__autoName = olds.__autoName;
    if (given.name === undefined && given.__autoName !== undefined) given.name = given.__autoName;
    const issues = [...unknownInputIssues(news ?? {}, api.resource, INPUTS, OUTPUTS), ...spec.validate(given)];
    issues.push(...adoptIdIssues(given.adoptId, { idPattern: api.idPattern, what: api.what }));
    issues.push(...uniqueIssues(api.resource, fields, given));
    noteChecked(given);
    return { inputs: (issues.length === 0 ? spec.normalize(given) : given) as Inputs, failures: checkFailures(issues) };
  }

  async function diff(_id: string, olds: Outputs, news: Inputs): Promise<dynamic.DiffResult> {
    const d = diffWithTable(fields, spec.diffOlds ? spec.diffOlds(olds) : olds, news);
    const changed = markerChanges(olds).filter((f) => !d.replaces!.includes(f));
    // Delete first, always (see the file comment; the class forces it for `up --replace`, which skips the diff).
    return { ...d, changes: d.changes || changed.length > 0, deleteBeforeReplace: true };
  }

  /** Brings the status to `wanted` with its action (a retried call that had committed is looked at, not repeated). */
  async function setStatus(client: RpcClient, id: string, wanted: string): Promise<ApiItem> {
    const reached = (item: ApiItem) => item[keys.status!] === wanted;
    const item = await settledItem(client, api, id);
    if (reached(item)) return item;
    const { retry: policy } = settings();
    const budget = new Budget(policy.maxAttempts);
    await retry(() => client.call(api.statusActions![wanted]!, { [keys.id]: id }, "all", budget), {
      policy,
      budget,
      countAttempts: false,
      retryIf: async (e) => {
        if (!api.busy || !isApiError(e, api.busy)) return false;
        const now = await viewOf(client, api).lookup(id);
        return now && reached(now) ? { done: undefined } : true;
      },
    });
    viewOf(client, api).invalidate();
    return settledItem(client, api, id, reached, wanted);
  }

  /** TagResources for tags added or changed, UnTagResources for tags no longer wanted. */
  async function setTags(client: RpcClient, id: string, current: Record<string, string>, wanted: Record<string, string>): Promise<void> {
    const base = { ResourceType: api.tagResourceType!, ResourceId: [id] };
    const changed = Object.entries(wanted).filter(([k, v]) => current[k] !== v);
    const removed = Object.keys(current).filter((k) => !(k in wanted));
    if (removed.length > 0) await write(client, api, "UnTagResources", { ...base, TagKey: removed }, "untag");
    if (changed.length > 0) {
      const tags = Object.fromEntries(
        changed.flatMap(([k, v], i) => [
          [`Tag.${i + 1}.Key`, k],
          [`Tag.${i + 1}.Value`, v],
        ]),
      );
      await write(client, api, "TagResources", { ...base, ...tags }, "tag");
    }
  }

  /**
   * The values the modify action must send to turn `item` into `n` (the marker kept in the description;
   * a description the program leaves out is the cloud's when the field's `absent` is `leave`); with
   * `modifyAll`, every field once one differs.
   */
  function modifyParams(item: ApiItem, n: Inputs, token: string | undefined, markerLost: boolean): Params {
    const wanted: Params = {};
    const differ = new Set<string>();
    for (const [f, s] of Object.entries(fields)) {
      if (s.wire === undefined || s.change !== "update" || s.modify === false || f === "description" || n[f] === undefined) continue;
      const raw = item[s.wire];
      const current = s.decode ? s.decode(raw) : s.numeric ? Number(raw) : raw;
      wanted[s.wire] = n[f] as Params[string];
      const same = typeof n[f] === "object" ? canonical(current) === canonical(n[f]) : String(current ?? "") === String(n[f]);
      if (!same) differ.add(s.wire);
    }
    if (token !== undefined) {
      const keep = fields.description?.absent === "leave" ? item : undefined;
      const description = markedDescription(api, keep, n.description as string | undefined, token);
      wanted[keys.description] = description;
      if (markerLost || item[keys.description] !== description) differ.add(keys.description);
    }
    if (differ.size === 0) return {};
    return spec.modifyAll ? wanted : Object.fromEntries([...differ].map((w) => [w, wanted[w]]));
  }

  async function update(id: string, olds: Outputs, news: Inputs): Promise<dynamic.UpdateResult<Outputs>> {
    const client = clientFor(api.product, olds.region);
    refuseOwnedElsewhere(client, api, id, olds);
    // The item as it is now: the state may be older than the cloud.
    let item = await settledItem(client, api, id);
    const token =
      markerOf(olds) ?? (typeof news.__token === "string" && !isUnknown(news.__token) ? markerToken(news, news.__token) : undefined);
    refuseOwnedElsewhere(client, api, id, olds, item, token);
    const ctx: UpdateContext = {
      client,
      id,
      item: () => item,
      news,
      edit: async (action, params, label) => {
        await write(client, api, action, { [keys.id]: id, ...params }, label);
        item = await settledItem(client, api, id);
      },
      write: async (action, params, label) => void (await write(client, api, action, params, label)),
      settle: async () => void (item = await settledItem(client, api, id)),
    };
    await spec.updateSteps?.before?.(ctx);
    const params = modifyParams(item, news, token, olds[MARKER_LOST] === true);
    if (Object.keys(params).length > 0) await ctx.edit(api.actions.modify, params, "attr");
    if (api.tagResourceType && fields.tags && news.tags !== undefined) {
      const current = (fields.tags.decode!(item[fields.tags.wire!] ?? {}) ?? {}) as Record<string, string>;
      await setTags(client, id, current, news.tags as Record<string, string>);
      item = await settledItem(client, api, id);
    }
    if (api.statusActions && typeof news.status === "string" && item[keys.status!] !== news.status)
      item = await setStatus(client, id, news.status);
    await spec.updateSteps?.after?.(ctx);
    return { outs: outputsOf(item, olds.region, { ...news, __token: olds.__token ?? news.__token }, news.status !== undefined) };
  }

  async function create(inputs: Inputs): Promise<dynamic.CreateResult<Outputs>> {
    const lineage = requireToken(api, inputs);
    const token = markerToken(inputs, lineage)!;
    const n = inputs;
    const client = clientFor(api.product, n.region);
    const view = viewOf(client, api);
    // What an adoption starts from: the outputs of a resource whose cloud side is not known yet.
    const seed = {
      ...Object.fromEntries(replaceFields.map((f) => [f, n[f]])),
      region: n.region,
      __token: lineage,
      __autoName: n.__autoName,
    } as Outputs;
    if (n.adoptId !== undefined) {
      // Made elsewhere: only the marker is written; the next preview shows what differs from the program.
      // Its marker is that of what it records now: the outputs record it as it is, so later looks agree.
      const found = await view.lookup(n.adoptId);
      const seen =
        found && outputsOf(found, n.region, { region: n.region, __token: lineage, __autoName: n.__autoName, adoptId: n.adoptId }, false);
      const adoptedToken = (seen && markerOf(seen)) ?? token;
      const now = await adoptWithMarker(client, api, n.adoptId, adoptedToken);
      return { id: n.adoptId, outs: outputsOf(now, n.region, seen!, false) };
    }
    // Look before creating: an item with this resource's token is one an interrupted create of this very
    // resource made (on this machine or another); it is taken over, not duplicated.
    const adopted = await adoptLeftover(client, api, token, (id) => update(id, seed, n), n.name as string | undefined);
    if (adopted) return adopted;
    const params = {
      ...(toWire(fields, n, () => true) as Params),
      [keys.description]: withMarker(n.description as string | undefined, token),
      ...spec.createParams?.(n),
    };
    const sent = await sendCreate(client, api, compact(params), token, String(n.name ?? ""));
    if ("found" in sent) {
      const id = String(sent.found[keys.id]);
      return { id, outs: (await update(id, seed, n)).outs! };
    }
    const { id } = sent.created;
    await view.record({ [keys.id]: id, [keys.description]: params[keys.description], ...(keys.name ? { [keys.name]: n.name } : {}) });
    let item = await settledItem(client, api, id);
    if (api.statusActions && typeof n.status === "string" && item[keys.status!] !== n.status) item = await setStatus(client, id, n.status);
    return { id, outs: outputsOf(item, n.region, { ...n, __token: lineage }, n.status !== undefined) };
  }

  async function read(id: string, props?: Outputs): Promise<dynamic.ReadResult<Outputs>> {
    const region = props?.region;
    if (!region) return GONE as dynamic.ReadResult<Outputs>;
    const client = clientFor(api.product, region);
    const view = viewOf(client, api);
    const item = await view.get(id);
    if (!item) return GONE as dynamic.ReadResult<Outputs>;
    // What a delete later in this process looks at: the marker as seen now.
    await view.record(item);
    const outs = {
      ...outputsOf(item, region, props, props[STATUS_MANAGED] === true),
      ...(await markerSeen(client, api, id, item, markerOf(props))),
    } as Outputs;
    const inputs = refreshedInputs(fields, outs, (f) => (f === "status" ? outs[STATUS_MANAGED] === true : outs[f] !== undefined));
    return { id, props: outs, inputs: inputs as Outputs };
  }

  async function deleteResource(id: string, props: Outputs): Promise<void> {
    await deleteMarked(clientFor(api.product, props.region), api, id, { ...props, __token: markerOf(props) });
  }

  return { configure, check, diff, create, read, update, delete: deleteResource, idOutput: ID_OUTPUT, markerOf };
}
