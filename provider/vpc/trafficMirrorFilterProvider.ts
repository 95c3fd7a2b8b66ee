/**
 * The implementation behind `vpc.TrafficMirrorFilter`: its descriptor, and what is its own, the inline
 * rules (the marker protocol's provider, internal/markedProvider.ts, does the rest).
 *
 * Rules change in place (Terraform's `alicloud_vpc_traffic_mirror_filter` forces a new filter for rule
 * changes; the API does not need it): after the attributes, DeleteTrafficMirrorFilterRules for rules
 * whose priority is no longer wanted, CreateTrafficMirrorFilterRules for new priorities,
 * UpdateTrafficMirrorFilterRuleAttribute per rule whose priority stays but whose match or action
 * changed; each awaited until the rules are `Created` again. A rule is identified by its direction and
 * priority (unique within a direction). A filter still in use cannot be deleted: the error says so.
 */
import { isApiError } from "../client/errors";
import type { Params } from "../client/rpcClient";
import {
  FILTER_RULE_MEMBERS,
  FilterRule,
  TrafficMirrorFilterInputs,
  normalizeRules,
  trafficMirrorFilterFields,
  trafficMirrorFilterOutputs,
  validateTrafficMirrorFilterInputs,
  withTrafficMirrorFilterDefaults,
} from "../schema";
import type { ApiItem, MarkedDescriptor } from "../internal/descriptor";
import type { Marked } from "../internal/markedResource";
import { Outputs, UpdateContext, markedProvider } from "../internal/markedProvider";
import { mirrorNotOpened } from "./mirrorApi";

type Rule = Required<FilterRule>;

/** The checked inputs and the hidden ones the class adds. */
export type TrafficMirrorFilterProviderInputs = TrafficMirrorFilterInputs & Marked & { adoptId?: string };

export type TrafficMirrorFilterOutputs = TrafficMirrorFilterProviderInputs & {
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

/** A rule of a listed filter in input shape (the rule's field table maps it from the wire), with its id and status. */
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
  // The filter and each of its rules `Created`.
  settled: (item) =>
    item.TrafficMirrorFilterStatus === "Created" && DIRECTIONS.every((d) => listedRules(item, d.wire).every((r) => r.status === "Created")),
  deleting: "Deleting",
  waitForDelete: true,
  notOpened: mirrorNotOpened,
};

/** `IngressRules.1.Priority=...` for a list of rules, from the rule's field table. */
function ruleParams(prefix: string, rules: readonly Rule[]): Params {
  const params: Params = {};
  rules.forEach((rule, i) => {
    for (const [key, spec] of FILTER_RULE_MEMBERS) params[`${prefix}.${i + 1}.${spec.wire}`] = rule[key];
  });
  return params;
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

/** The rules as the filter has them now, brought to the wanted ones (after the attributes). */
async function reconcileRules(ctx: UpdateContext): Promise<void> {
  const plans = DIRECTIONS.map((d) => ({ ...d, ...plan(listedRules(ctx.item(), d.wire), ctx.news[d.key] as Rule[]) }));
  const removed = plans.flatMap((p) => p.remove);
  if (removed.length > 0) await ctx.edit("DeleteTrafficMirrorFilterRules", { TrafficMirrorFilterRuleIds: removed }, "rule-del");
  if (plans.some((p) => p.create.length > 0)) {
    await ctx.edit(
      "CreateTrafficMirrorFilterRules",
      Object.assign({}, ...plans.map((p) => ruleParams(p.wire, p.create))) as Params,
      "rule",
    );
  }
  const changes = plans.flatMap((p) => p.change);
  for (const { id: ruleId, rule } of changes) {
    const params: Params = { TrafficMirrorFilterRuleId: ruleId };
    for (const [key, spec] of FILTER_RULE_MEMBERS) params[spec.updateWire ?? spec.wire] = rule[key];
    await ctx.write("UpdateTrafficMirrorFilterRuleAttribute", params, "rule-attr");
  }
  if (changes.length > 0) await ctx.settle();
}

const base = markedProvider({
  api: trafficMirrorFilterApi,
  fields: trafficMirrorFilterFields,
  outputs: trafficMirrorFilterOutputs,
  validate: validateTrafficMirrorFilterInputs,
  normalize: withTrafficMirrorFilterDefaults,
  itemOutputs: (item) => {
    const [ingress, egress] = DIRECTIONS.map((d) => listedRules(item, d.wire));
    return {
      ingressRules: ingress!.map((r) => r.rule),
      egressRules: egress!.map((r) => r.rule),
      ingressRuleIds: ingress!.map((r) => r.id),
      egressRuleIds: egress!.map((r) => r.id),
    };
  },
  createParams: (n) => ({ ...ruleParams("IngressRules", n.ingressRules as Rule[]), ...ruleParams("EgressRules", n.egressRules as Rule[]) }),
  updateSteps: { after: reconcileRules },
  diffOlds: (olds) =>
    ({ ...olds, ingressRules: normalizeRules(olds.ingressRules), egressRules: normalizeRules(olds.egressRules) }) as Outputs,
});

async function deleteFilter(id: string, props: Outputs): Promise<void> {
  try {
    await base.delete(id, props);
  } catch (e) {
    if (isApiError(e, /^DependencyViolation/)) {
      throw e.rephrase(
        `${e.message}. The filter ${id} is still used by a traffic mirror session: delete the session or point it at another filter first.`,
      );
    }
    throw e;
  }
}

/** The provider; the module's exports below are what the shim forwards to. */
export const trafficMirrorFilterProvider = { ...base, delete: deleteFilter };
export const { configure, check, diff, create, read, update } = base;
// `delete` is a reserved word, so the export is aliased.
export { deleteFilter as delete };
/** The descriptor, under the name every implementation exports it by (tests and tools read it). */
export const api = trafficMirrorFilterApi;
