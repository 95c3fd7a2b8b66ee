/**
 * The implementation behind `vpc.TrafficMirrorFilter`: its descriptor (the marker protocol does the
 * rest: internal/markedResource.ts) and what is its own, the inline rules.
 *
 * - create: the region's filters (the token index) first: one that carries this resource's marker was
 *   made by an interrupted create of it and is adopted (brought to the program by `update`, with a
 *   warning). Else CreateTrafficMirrorFilter with the rules inline and a ClientToken for the create,
 *   then the listing until the filter and its rules are `Created`.
 * - read: the filter and its rules as the API reports them (drift shows as a diff).
 * - update, in place (Terraform's `alicloud_vpc_traffic_mirror_filter` forces a new filter for rule
 *   changes; the API does not need it): the filter as it is now, then UpdateTrafficMirrorFilterAttribute
 *   for name / description, DeleteTrafficMirrorFilterRules for rules whose priority is no longer wanted,
 *   CreateTrafficMirrorFilterRules for new priorities, UpdateTrafficMirrorFilterRuleAttribute per rule
 *   whose priority stays but whose match or action changed; each awaited until `Created` again. A rule is
 *   identified by its direction and priority (unique within a direction).
 * - delete: as every marked resource; a filter still in use is said so.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { isApiError } from "../client/errors";
import { Params, RpcClient, clientFor } from "../client/rpcClient";
import {
  FilterRule,
  TRAFFIC_MIRROR_FILTER_FIELDS,
  TRAFFIC_MIRROR_FILTER_OUTPUTS,
  TrafficMirrorFilterInputs,
  FILTER_RULE_MEMBERS,
  normalizeRules,
  outputsFromWire,
  toWire,
  trafficMirrorFilterFields,
  trafficMirrorFilterOutputs,
  validateTrafficMirrorFilterInputs,
  withTrafficMirrorFilterDefaults,
} from "../schema";
import { checkWithTable, compact, configure, diffWithTable, refreshedInputs } from "../internal/providerKit";
import { withMarker } from "../internal/marker";
import { MarkedDescriptor } from "../internal/descriptor";
import {
  ApiItem,
  GONE,
  adoptLeftover,
  adoptWithMarker,
  Marked,
  deleteMarked,
  descriptionOf,
  markedDescription,
  markerSeen,
  refuseOwnedElsewhere,
  requireToken,
  sendCreate,
  settledItem,
  text,
  updateToken,
  viewOf,
  write,
} from "../internal/markedResource";
import { mirrorNotOpened } from "./mirrorApi";

type RawInputs = Readonly<Record<string, unknown>>;
type Rule = Required<FilterRule>;

/** The checked inputs and the hidden ones the class adds. */
export type TrafficMirrorFilterProviderInputs = TrafficMirrorFilterInputs & Marked & { adoptId?: string };

export type TrafficMirrorFilterOutputs = TrafficMirrorFilterInputs &
  Marked & {
    adoptId?: string;
    trafficMirrorFilterId: string;
    /** `Created` once settled. */
    status: string;
    /** The rules' ids, in the order of `ingressRules` / `egressRules` (priority order). */
    ingressRuleIds: string[];
    egressRuleIds: string[];
  };

const DIRECTIONS = [
  { key: "ingressRules", ids: "ingressRuleIds", wire: "IngressRules" },
  { key: "egressRules", ids: "egressRuleIds", wire: "EgressRules" },
] as const;

/** A rule of a listed filter in input shape, with its id and status (the rule's field table maps it from the wire). */
interface ListedRule {
  id: string;
  status: string;
  rule: Rule;
}

function listedRules(item: ApiItem, wire: string): ListedRule[] {
  const rules = ((item[wire] ?? []) as ApiItem[]).map((r) => ({
    id: String(r.TrafficMirrorFilterRuleId),
    status: String(r.TrafficMirrorFilterRuleStatus ?? "Created"),
    rule: Object.fromEntries(FILTER_RULE_MEMBERS.map(([key, spec]) => [key, spec.numeric ? Number(r[spec.wire]) : r[spec.wire]])) as Rule,
  }));
  return rules.sort((a, b) => a.rule.priority - b.rule.priority);
}

/** The descriptor: what the marker protocol needs to know of traffic mirror filters. */
export const trafficMirrorFilterApi: MarkedDescriptor = {
  resource: "vpc.TrafficMirrorFilter",
  what: "traffic mirror filter",
  product: "vpc",
  list: {
    paging: "cursor",
    action: "ListTrafficMirrorFilters",
    pageSize: 100,
    items: (body) => (body.TrafficMirrorFilters ?? []) as ApiItem[],
    byId: (id) => ({ TrafficMirrorFilterIds: [id] }),
    byName: (name) => ({ TrafficMirrorFilterName: name }),
  },
  keys: {
    id: "TrafficMirrorFilterId",
    name: "TrafficMirrorFilterName",
    description: "TrafficMirrorFilterDescription",
    status: "TrafficMirrorFilterStatus",
  },
  idPattern: /^tmf-[a-z0-9]{6,32}$/,
  notFound: /^(ResourceNotFound\.|InvalidTrafficMirror.*\.NotFound)/,
  actions: { create: "CreateTrafficMirrorFilter", delete: "DeleteTrafficMirrorFilter", modify: "UpdateTrafficMirrorFilterAttribute" },
  clientToken: { prefix: "tmf" },
  busy: /^(LastTokenProcessing|OperationConflict|SystemBusy|ServiceBusy|IncorrectStatus\.(?!TrafficMirrorService$).+)$/,
  settled: (item) =>
    item.TrafficMirrorFilterStatus === "Created" && DIRECTIONS.every((d) => listedRules(item, d.wire).every((r) => r.status === "Created")),
  deleting: "Deleting",
  waitForDelete: true,
  notOpened: mirrorNotOpened,
};

const API = trafficMirrorFilterApi;

/** `IngressRules.1.Priority=...` for a list of rules, from the rule's field table. */
function ruleParams(prefix: string, rules: readonly Rule[]): Params {
  const params: Params = {};
  rules.forEach((rule, i) => {
    for (const [key, spec] of FILTER_RULE_MEMBERS) params[`${prefix}.${i + 1}.${spec.wire}`] = rule[key];
  });
  return params;
}

/**
 * The outputs of a listed filter (the region and the resource's `previous` name/description kept when
 * the API shows none; the description without the marker; `previous.__token` kept).
 */
function outputsOf(item: ApiItem, region: string, previous: Partial<TrafficMirrorFilterOutputs>): TrafficMirrorFilterOutputs {
  const [ingress, egress] = DIRECTIONS.map((d) => listedRules(item, d.wire));
  return compact({
    region,
    __token: previous.__token,
    adoptId: previous.adoptId,
    name: text(item.TrafficMirrorFilterName) ?? previous.name,
    description: descriptionOf(API, item) ?? previous.description,
    ingressRules: ingress!.map((r) => r.rule),
    egressRules: egress!.map((r) => r.rule),
    ...(outputsFromWire(trafficMirrorFilterOutputs, item) as { trafficMirrorFilterId: string; status: string }),
    ingressRuleIds: ingress!.map((r) => r.id),
    egressRuleIds: egress!.map((r) => r.id),
  });
}

async function check(olds: RawInputs, news: RawInputs): Promise<dynamic.CheckResult<TrafficMirrorFilterProviderInputs>> {
  return checkWithTable<TrafficMirrorFilterProviderInputs>(
    {
      resource: API.resource,
      table: trafficMirrorFilterFields,
      inputs: TRAFFIC_MIRROR_FILTER_FIELDS,
      outputs: TRAFFIC_MIRROR_FILTER_OUTPUTS,
      validate: validateTrafficMirrorFilterInputs,
      normalize: withTrafficMirrorFilterDefaults,
      adopt: { idPattern: API.idPattern, what: API.what },
    },
    olds,
    news,
  );
}

async function diff(_id: string, olds: TrafficMirrorFilterOutputs, news: TrafficMirrorFilterProviderInputs): Promise<dynamic.DiffResult> {
  const o = { ...olds, ingressRules: normalizeRules(olds.ingressRules), egressRules: normalizeRules(olds.egressRules) };
  return diffWithTable(trafficMirrorFilterFields, o, news);
}

const settledFilter = (client: RpcClient, id: string) => settledItem(client, API, id, undefined, "Created");

async function create(inputs: TrafficMirrorFilterProviderInputs): Promise<dynamic.CreateResult<TrafficMirrorFilterOutputs>> {
  const token = requireToken(API, inputs);
  const client = clientFor("vpc", inputs.region);
  // Made in the console or by Terraform: only the marker is written; the next preview shows what differs.
  if (inputs.adoptId !== undefined) {
    const item = await adoptWithMarker(client, API, inputs.adoptId, token);
    return { id: inputs.adoptId, outs: outputsOf(item, inputs.region, { __token: token, adoptId: inputs.adoptId }) };
  }
  // Look before creating: a filter with this resource's token is one an interrupted create of this very
  // resource made (on this machine or another); it is taken over, not duplicated.
  const adopted = await adoptLeftover(client, API, token, (id) =>
    update(id, { region: inputs.region, __token: token } as TrafficMirrorFilterOutputs, inputs),
  );
  if (adopted) return adopted;
  const params: Params = {
    ...(toWire(trafficMirrorFilterFields, inputs, () => true) as Params),
    TrafficMirrorFilterDescription: withMarker(inputs.description, token),
    ...ruleParams("IngressRules", inputs.ingressRules as Rule[]),
    ...ruleParams("EgressRules", inputs.egressRules as Rule[]),
  };
  const sent = await sendCreate(client, API, params, token, inputs.name ?? "");
  const id = "created" in sent ? sent.created.id : String(sent.found.TrafficMirrorFilterId);
  return { id, outs: outputsOf(await settledFilter(client, id), inputs.region, { ...inputs, __token: token }) };
}

async function read(id: string, props?: TrafficMirrorFilterOutputs): Promise<dynamic.ReadResult<TrafficMirrorFilterOutputs>> {
  const region = props?.region;
  if (!region) return GONE;
  const client = clientFor("vpc", region);
  const item = await viewOf(client, API).get(id);
  if (!item) return GONE;
  const outs: TrafficMirrorFilterOutputs = {
    ...outputsOf(item, region, props),
    ...(await markerSeen(client, API, id, item, props.__token)),
  };
  return { id, props: outs, inputs: refreshedInputs(trafficMirrorFilterFields, outs) as TrafficMirrorFilterOutputs };
}

const sameRule = (a: Rule, b: Rule) => FILTER_RULE_MEMBERS.every(([key]) => a[key] === b[key]);

/** What turns the filter's rules of one direction into the wanted ones (matched by priority). */
function plan(current: readonly ListedRule[], wanted: readonly Rule[]) {
  const unmatched = [...current];
  const create: Rule[] = [];
  const change: Array<{ id: string; rule: Rule }> = [];
  for (const rule of wanted) {
    const i = unmatched.findIndex((c) => c.rule.priority === rule.priority);
    if (i < 0) {
      create.push(rule);
      continue;
    }
    const [have] = unmatched.splice(i, 1);
    if (!sameRule(have!.rule, rule)) change.push({ id: have!.id, rule });
  }
  return { remove: unmatched.map((r) => r.id), create, change };
}

async function update(
  id: string,
  olds: TrafficMirrorFilterOutputs,
  news: TrafficMirrorFilterProviderInputs,
): Promise<dynamic.UpdateResult<TrafficMirrorFilterOutputs>> {
  const token = updateToken(olds, news);
  const client = clientFor("vpc", olds.region);
  refuseOwnedElsewhere(client, API, id, olds);
  // The rules the filter has now (and their ids): state may be older than the cloud.
  let item = await settledFilter(client, id);
  refuseOwnedElsewhere(client, API, id, olds, item, token);
  const edit = async (action: string, params: Params, label: string) => {
    await write(client, API, action, { TrafficMirrorFilterId: id, ...params }, label);
    item = await settledFilter(client, id);
  };

  const attributes = compact(toWire(trafficMirrorFilterFields, news, () => true));
  if (token !== undefined) attributes.TrafficMirrorFilterDescription = markedDescription(API, item, news.description, token);
  if (Object.entries(attributes).some(([wire, v]) => item[wire] !== v)) await edit(API.actions.modify, attributes as Params, "attr");

  const plans = DIRECTIONS.map((d) => ({ ...d, ...plan(listedRules(item, d.wire), news[d.key] as Rule[]) }));
  const removed = plans.flatMap((p) => p.remove);
  if (removed.length > 0) await edit("DeleteTrafficMirrorFilterRules", { TrafficMirrorFilterRuleIds: removed }, "rule-del");
  if (plans.some((p) => p.create.length > 0)) {
    await edit("CreateTrafficMirrorFilterRules", Object.assign({}, ...plans.map((p) => ruleParams(p.wire, p.create))) as Params, "rule");
  }
  const changes = plans.flatMap((p) => p.change);
  for (const { id: ruleId, rule } of changes) {
    const params: Params = { TrafficMirrorFilterRuleId: ruleId };
    for (const [key, spec] of FILTER_RULE_MEMBERS) params[spec.updateWire ?? spec.wire] = rule[key];
    await write(client, API, "UpdateTrafficMirrorFilterRuleAttribute", params, "rule-attr");
  }
  if (changes.length > 0) item = await settledFilter(client, id);
  return { outs: outputsOf(item, olds.region, { ...news, __token: token }) };
}

async function deleteFilter(id: string, props: TrafficMirrorFilterOutputs): Promise<void> {
  try {
    await deleteMarked(clientFor("vpc", props.region), API, id, props);
  } catch (e) {
    if (isApiError(e, /^DependencyViolation/)) {
      throw e.rephrase(
        `${e.message}. The filter ${id} is still used by a traffic mirror session: delete the session or point it at another filter first.`,
      );
    }
    throw e;
  }
}

// `delete` is a reserved word, so the export is aliased; the shim forwards to these exports.
export { configure, check, diff, create, read, update, deleteFilter as delete };
export const trafficMirrorFilterProvider = {
  configure,
  check,
  diff,
  create,
  read,
  update,
  delete: deleteFilter,
} satisfies dynamic.ResourceProvider<TrafficMirrorFilterProviderInputs, TrafficMirrorFilterOutputs>;
/** The descriptor, under the name every implementation exports it by (tests and tools read it). */
export const api = trafficMirrorFilterApi;
