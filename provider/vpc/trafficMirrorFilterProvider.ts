/**
 * The implementation behind `vpc.TrafficMirrorFilter`: a traffic mirror filter and its inline rules.
 *
 * - create: first the region's filters, listed once per provider process and shared by every create
 *   (mirrorKit.ts `ownResource`): a filter that carries this resource's idempotency marker in its
 *   description was made by an interrupted create of this resource, and is adopted (brought to the
 *   program by `update`, with a warning) instead of duplicated; two of them stop the create. Else
 *   CreateTrafficMirrorFilter with the rules inline, the marker appended to the description and a
 *   ClientToken drawn for this create (reused by every retry of it, see mirrorKit.ts `newToken`),
 *   then ListTrafficMirrorFilters until the filter and its rules are `Created`.
 * - read: ListTrafficMirrorFilters by id; the rules as the API reports them (drift shows as a diff),
 *   the description without the marker; another resource's marker is flagged (`__ownedElsewhere`).
 * - update, in place (Terraform's `alicloud_vpc_traffic_mirror_filter` forces a new filter for rule
 *   changes; the API does not need it): one listing for the rules the filter has now (with their
 *   ids), then UpdateTrafficMirrorFilterAttribute for name / description, DeleteTrafficMirrorFilterRules
 *   for rules whose priority is no longer wanted, CreateTrafficMirrorFilterRules for new priorities,
 *   UpdateTrafficMirrorFilterRuleAttribute per rule whose priority stays but whose match or action
 *   changed; each batch awaited until the rules are `Created` again. A rule is identified by its
 *   direction and priority (unique within a direction).
 *   A filter that carries another resource's marker (another stack adopted it) is not changed.
 * - delete: a lookup by id (the marker), DeleteTrafficMirrorFilter, then the listing until the
 *   filter is gone; one with another resource's marker is only dropped from the stack, with a warning.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { isApiError } from "../client/errors";
import { Params, RpcClient, clientFor } from "../client/rpcClient";
import {
  FilterRule,
  TRAFFIC_MIRROR_FILTER_FIELDS,
  TRAFFIC_MIRROR_FILTER_OUTPUTS,
  TrafficMirrorFilterInputs,
  normalizeRules,
  toWire,
  trafficMirrorFilterFields,
  validateTrafficMirrorFilterInputs,
  withTrafficMirrorFilterDefaults,
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
type Rule = Required<FilterRule>;

/** The checked inputs and the hidden `__token` the class adds. */
export type TrafficMirrorFilterProviderInputs = TrafficMirrorFilterInputs & Marked;

const KIND: MarkedKind = {
  what: "traffic mirror filter",
  resource: "vpc.TrafficMirrorFilter",
  list: "ListTrafficMirrorFilters",
  idsParam: "TrafficMirrorFilterIds",
  itemsKey: "TrafficMirrorFilters",
  idKey: "TrafficMirrorFilterId",
  deleteAction: "DeleteTrafficMirrorFilter",
  tokenPrefix: "tmf",
  descriptionKey: "TrafficMirrorFilterDescription",
  statusKey: "TrafficMirrorFilterStatus",
};

export type TrafficMirrorFilterOutputs = TrafficMirrorFilterInputs &
  Marked & {
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

/** A rule's members and their request parameters (UpdateTrafficMirrorFilterRuleAttribute calls `action` RuleAction). */
const RULE_WIRE: ReadonlyArray<[keyof Rule, string]> = [
  ["priority", "Priority"],
  ["protocol", "Protocol"],
  ["action", "Action"],
  ["sourceCidrBlock", "SourceCidrBlock"],
  ["destinationCidrBlock", "DestinationCidrBlock"],
  ["sourcePortRange", "SourcePortRange"],
  ["destinationPortRange", "DestinationPortRange"],
];

/** `IngressRules.1.Priority=...` for a list of rules. */
function ruleParams(prefix: string, rules: readonly Rule[]): Params {
  const params: Params = {};
  rules.forEach((rule, i) => {
    for (const [key, wire] of RULE_WIRE) params[`${prefix}.${i + 1}.${wire}`] = rule[key];
  });
  return params;
}

/** A listed rule in input shape, with its id and status. */
interface ListedRule {
  id: string;
  status: string;
  rule: Rule;
}

function listedRules(item: ApiItem, wire: string): ListedRule[] {
  const rules = ((item[wire] ?? []) as ApiItem[]).map((r) => ({
    id: String(r.TrafficMirrorFilterRuleId),
    status: String(r.TrafficMirrorFilterRuleStatus ?? "Created"),
    rule: Object.fromEntries(RULE_WIRE.map(([key, w]) => [key, key === "priority" ? Number(r[w]) : r[w]])) as Rule,
  }));
  return rules.sort((a, b) => a.rule.priority - b.rule.priority);
}

const settled = (item: ApiItem) =>
  item.TrafficMirrorFilterStatus === "Created" && DIRECTIONS.every((d) => listedRules(item, d.wire).every((r) => r.status === "Created"));

const find = (client: RpcClient, id: string) => findById(client, KIND, id);

/** The filter once it and its rules are `Created`. */
const settledFilter = (client: RpcClient, id: string) =>
  whenSettled(() => find(client, id), settled, `traffic mirror filter ${id} and its rules`, client.region);

/**
 * The outputs of a listed filter (the region and the resource's `previous` name/description kept when
 * the API shows none; the description without the marker; `previous.__token` kept).
 */
function outputsOf(item: ApiItem, region: string, previous: Partial<TrafficMirrorFilterOutputs>): TrafficMirrorFilterOutputs {
  const [ingress, egress] = DIRECTIONS.map((d) => listedRules(item, d.wire));
  return compact({
    region,
    __token: previous.__token,
    name: text(item.TrafficMirrorFilterName) ?? previous.name,
    description: parseMarker(text(item.TrafficMirrorFilterDescription)).description ?? previous.description,
    ingressRules: ingress!.map((r) => r.rule),
    egressRules: egress!.map((r) => r.rule),
    trafficMirrorFilterId: String(item.TrafficMirrorFilterId),
    status: String(item.TrafficMirrorFilterStatus),
    ingressRuleIds: ingress!.map((r) => r.id),
    egressRuleIds: egress!.map((r) => r.id),
  });
}

async function check(olds: RawInputs, news: RawInputs): Promise<dynamic.CheckResult<TrafficMirrorFilterProviderInputs>> {
  return checkWithTable<TrafficMirrorFilterProviderInputs>(
    {
      resource: "vpc.TrafficMirrorFilter",
      inputs: TRAFFIC_MIRROR_FILTER_FIELDS,
      outputs: TRAFFIC_MIRROR_FILTER_OUTPUTS,
      validate: validateTrafficMirrorFilterInputs,
      normalize: withTrafficMirrorFilterDefaults,
    },
    olds,
    news,
  );
}

async function diff(_id: string, olds: TrafficMirrorFilterOutputs, news: TrafficMirrorFilterProviderInputs): Promise<dynamic.DiffResult> {
  const o = { ...olds, ingressRules: normalizeRules(olds.ingressRules), egressRules: normalizeRules(olds.egressRules) };
  return diffWithTable(trafficMirrorFilterFields, o, news);
}

async function create(inputs: TrafficMirrorFilterProviderInputs): Promise<dynamic.CreateResult<TrafficMirrorFilterOutputs>> {
  const token = requireToken(KIND, inputs);
  const client = clientFor("vpc", inputs.region);
  // Look before creating: a filter with this resource's token is one an interrupted create of this
  // very resource made (on this machine or another); it is taken over, not duplicated.
  const adopted = await adoptOwn(client, KIND, token, (id) =>
    update(id, { region: inputs.region, __token: token } as TrafficMirrorFilterOutputs, inputs),
  );
  if (adopted) return adopted;
  const params: Params = {
    ...(toWire(trafficMirrorFilterFields, inputs, () => true) as Params),
    TrafficMirrorFilterDescription: withMarker(inputs.description, token),
    ...ruleParams("IngressRules", inputs.ingressRules as Rule[]),
    ...ruleParams("EgressRules", inputs.egressRules as Rule[]),
  };
  const body = await mutate(client, "CreateTrafficMirrorFilter", params, newToken(KIND.tokenPrefix));
  const id = String(body.TrafficMirrorFilterId);
  const item = await settledFilter(client, id);
  return { id, outs: outputsOf(item, inputs.region, { ...inputs, __token: token }) };
}

async function read(id: string, props?: TrafficMirrorFilterOutputs): Promise<dynamic.ReadResult<TrafficMirrorFilterOutputs>> {
  const region = props?.region;
  if (!region) return { id: "", props: undefined };
  const item = await find(clientFor("vpc", region), id);
  if (!item) return { id: "", props: undefined };
  const outs: TrafficMirrorFilterOutputs = { ...outputsOf(item, region, props) };
  Object.assign(outs, await ownershipSeen(KIND, id, item, props.__token));
  const inputs = compact({
    region,
    __token: outs.__token,
    name: outs.name,
    description: outs.description,
    ingressRules: outs.ingressRules,
    egressRules: outs.egressRules,
  });
  return { id, props: outs, inputs: inputs as TrafficMirrorFilterOutputs };
}

const sameRule = (a: Rule, b: Rule) => RULE_WIRE.every(([key]) => a[key] === b[key]);

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
  refuseOwnedElsewhere(KIND, id, olds, undefined, token);
  const client = clientFor("vpc", olds.region);
  // The rules the filter has now (and their ids): state may be older than the cloud.
  let item = await settledFilter(client, id);
  refuseOwnedElsewhere(KIND, id, olds, item, token);
  const edit = async (action: string, params: Params, label: string) => {
    await mutate(client, action, { TrafficMirrorFilterId: id, ...params }, newToken(label));
    item = await settledFilter(client, id);
  };

  const attributes = compact(toWire(trafficMirrorFilterFields, news, () => true));
  if (token !== undefined) attributes.TrafficMirrorFilterDescription = markedDescription(KIND, item, news.description, token);
  if (Object.entries(attributes).some(([wire, v]) => item[wire] !== v)) {
    await edit("UpdateTrafficMirrorFilterAttribute", attributes as Params, "tmf-attr");
  }

  const plans = DIRECTIONS.map((d) => ({ ...d, ...plan(listedRules(item, d.wire), news[d.key] as Rule[]) }));
  const removed = plans.flatMap((p) => p.remove);
  if (removed.length > 0) await edit("DeleteTrafficMirrorFilterRules", { TrafficMirrorFilterRuleIds: removed }, "tmr-del");
  if (plans.some((p) => p.create.length > 0)) {
    await edit("CreateTrafficMirrorFilterRules", Object.assign({}, ...plans.map((p) => ruleParams(p.wire, p.create))) as Params, "tmr");
  }
  const changes = plans.flatMap((p) => p.change);
  for (const { id: ruleId, rule } of changes) {
    const params: Params = { TrafficMirrorFilterRuleId: ruleId };
    for (const [key, wire] of RULE_WIRE) params[wire === "Action" ? "RuleAction" : wire] = rule[key];
    await mutate(client, "UpdateTrafficMirrorFilterRuleAttribute", params, newToken("tmr-attr"));
  }
  if (changes.length > 0) item = await settledFilter(client, id);
  return { outs: outputsOf(item, olds.region, { ...news, __token: token }) };
}

async function deleteFilter(id: string, props: TrafficMirrorFilterOutputs): Promise<void> {
  const client = clientFor("vpc", props.region);
  try {
    await deleteOwned(client, KIND, id, props);
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
