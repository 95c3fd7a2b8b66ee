/**
 * Traffic mirror filters and their rules (vpc 2016-04-28): CreateTrafficMirrorFilter, DeleteTrafficMirrorFilter,
 * ListTrafficMirrorFilters, UpdateTrafficMirrorFilterAttribute, CreateTrafficMirrorFilterRules,
 * DeleteTrafficMirrorFilterRules, UpdateTrafficMirrorFilterRuleAttribute. One public method per action; never
 * sees HTTP; validation completes before the first mutation.
 *
 * Asynchronous as documented: a filter and its inline rules are `Creating` then `Created`; an attribute update
 * is `Modifying`; a deletion is `Deleting`, then the filter is gone. Rules created, updated or deleted later
 * show `Creating` / `Modifying` / `Deleting` themselves. While a filter is not `Created` every operation on
 * it is `IncorrectStatus.TrafficMirrorFilter`; a rule not `Created` is `IncorrectStatus.TrafficMirrorRule`;
 * a second rule batch on a filter whose rules are still changing is `OperationConflict` (the docs: the rule
 * actions "do not support concurrent" calls on one filter).
 */
import { missingParameter } from "../../errors";
import { present, type ListingInput, type RequestMeta, type TagInput, type VpcCore } from "./core";
import {
  dependencyViolationTrafficMirrorFilter,
  incorrectStatusTrafficMirrorFilter,
  incorrectStatusTrafficMirrorRule,
  invalidParam,
  operationConflict,
  quotaExceededTrafficMirrorRule,
  resourceNotFoundTrafficMirrorFilter,
  resourceNotFoundTrafficMirrorRule,
} from "./errors";
import {
  ALL_PORTS,
  ANY_CIDR,
  DESCRIPTION_MAX_LENGTH,
  IDS_PER_QUERY,
  IP_VERSIONS,
  NAME_MAX_LENGTH,
  PROTOCOLS,
  RULES_PER_DIRECTION,
  RULE_ACTIONS,
  RULE_PRIORITY,
  cidrVersion,
  isPortRange,
  portsApply,
} from "./rules";
import type { IpVersion, Protocol, TrafficDirection, TrafficMirrorFilterRecord, TrafficMirrorRuleRecord } from "./state";

/** One `IngressRules.N.*` / `EgressRules.N.*` entry as received (raw strings; undefined = not sent). */
export interface RuleInput {
  /** N. */
  index: number;
  priority?: string;
  protocol?: string;
  action?: string;
  sourceCidrBlock?: string;
  destinationCidrBlock?: string;
  sourcePortRange?: string;
  destinationPortRange?: string;
  ipVersion?: string;
}

export interface RuleSetInput {
  ingressRules: readonly RuleInput[];
  egressRules: readonly RuleInput[];
}

export interface CreateFilterInput extends RuleSetInput {
  name?: string;
  description?: string;
  resourceGroupId?: string;
  tags: readonly TagInput[];
}

export interface ListFiltersInput extends ListingInput {
  ids: readonly string[];
  name?: string;
}

/** UpdateTrafficMirrorFilterRuleAttribute's fields (`RuleAction`, not `Action`, as documented). */
export interface UpdateRuleInput {
  priority?: string;
  protocol?: string;
  ruleAction?: string;
  sourceCidrBlock?: string;
  destinationCidrBlock?: string;
  sourcePortRange?: string;
  destinationPortRange?: string;
}

type RuleConfig = Omit<TrafficMirrorRuleRecord, "trafficMirrorFilterRuleId" | "status" | "settlesAt">;
type Changed<T> = () => { result: T; busyUntil: number };

const DIRECTIONS: ReadonlyArray<[TrafficDirection, "IngressRules" | "EgressRules", keyof RuleSetInput]> = [
  ["ingress", "IngressRules", "ingressRules"],
  ["egress", "EgressRules", "egressRules"],
];

const oneOf = <T extends string>(values: readonly T[], v: string): v is T => (values as readonly string[]).includes(v);

export class TrafficMirrorFilterBackend {
  constructor(private readonly core: VpcCore) {}

  createTrafficMirrorFilter(regionId: string | undefined, input: CreateFilterInput, meta: RequestMeta) {
    const region = this.core.enter(regionId);
    return this.core.idempotent("CreateTrafficMirrorFilter", region, meta, () => {
      this.core.requireOpen(region);
      const name = this.core.text("TrafficMirrorFilterName", input.name, NAME_MAX_LENGTH);
      const description = this.core.text("TrafficMirrorFilterDescription", input.description, DESCRIPTION_MAX_LENGTH);
      const owner = this.core.owner(input);
      const rules = this.resolveRuleSet(input, []);
      return () => {
        const id = this.core.newId("tmf-", (x) => this.core.state.getFilter(x) !== undefined);
        const filter: TrafficMirrorFilterRecord = {
          trafficMirrorFilterId: id,
          ...this.core.fresh(region, owner),
          ...(name !== undefined ? { name } : {}),
          ...(description !== undefined ? { description } : {}),
          rules: [],
        };
        this.core.state.addFilter(filter);
        this.addRules(filter, rules);
        return { result: { TrafficMirrorFilterId: id, ResourceGroupId: owner.resourceGroupId }, busyUntil: Date.parse(filter.settlesAt) };
      };
    });
  }

  deleteTrafficMirrorFilter(regionId: string | undefined, filterId: string | undefined, meta: RequestMeta) {
    const region = this.core.enter(regionId);
    return this.core.idempotent("DeleteTrafficMirrorFilter", region, meta, (): Changed<Record<string, never>> => {
      const filter = this.requireFilter(region, filterId);
      this.requireSettled(filter, incorrectStatusTrafficMirrorRule);
      for (const s of this.core.state.allSessions()) {
        if (s.filterId === filter.trafficMirrorFilterId) throw dependencyViolationTrafficMirrorFilter();
      }
      return () => {
        const busyUntil = this.core.begin(filter, "Deleting");
        for (const rule of filter.rules) this.core.begin(rule, "Deleting");
        this.core.state.changed();
        return { result: {}, busyUntil };
      };
    });
  }

  updateTrafficMirrorFilterAttribute(
    regionId: string | undefined,
    filterId: string | undefined,
    input: { name?: string; description?: string },
    meta: RequestMeta,
  ) {
    const region = this.core.enter(regionId);
    return this.core.idempotent("UpdateTrafficMirrorFilterAttribute", region, meta, (): Changed<Record<string, never>> => {
      const filter = this.requireFilter(region, filterId);
      this.core.requireOpen(region);
      this.requireSettled(filter);
      const name = this.core.text("TrafficMirrorFilterName", input.name, NAME_MAX_LENGTH);
      const description = this.core.text("TrafficMirrorFilterDescription", input.description, DESCRIPTION_MAX_LENGTH);
      return () => {
        // Partial update: what is not sent keeps its value.
        if (name !== undefined) filter.name = name;
        if (description !== undefined) filter.description = description;
        const busyUntil = this.core.begin(filter, "Modifying");
        this.core.state.changed();
        return { result: {}, busyUntil };
      };
    });
  }

  createTrafficMirrorFilterRules(regionId: string | undefined, filterId: string | undefined, input: RuleSetInput, meta: RequestMeta) {
    const region = this.core.enter(regionId);
    return this.core.idempotent("CreateTrafficMirrorFilterRules", region, meta, () => {
      const filter = this.requireFilter(region, filterId);
      this.core.requireOpen(region);
      this.requireSettled(filter, operationConflict);
      if (input.ingressRules.length + input.egressRules.length === 0) throw missingParameter("IngressRules.N or EgressRules.N");
      const rules = this.resolveRuleSet(input, filter.rules);
      return () => {
        const added = this.addRules(filter, rules);
        const ids = (d: TrafficDirection) =>
          added.filter((r) => r.trafficDirection === d).map((r) => ({ InstanceId: r.trafficMirrorFilterRuleId }));
        return { result: { IngressRules: ids("ingress"), EgressRules: ids("egress") }, busyUntil: this.settlesAt(added) };
      };
    });
  }

  deleteTrafficMirrorFilterRules(
    regionId: string | undefined,
    filterId: string | undefined,
    ruleIds: readonly string[],
    meta: RequestMeta,
  ) {
    const region = this.core.enter(regionId);
    return this.core.idempotent("DeleteTrafficMirrorFilterRules", region, meta, (): Changed<Record<string, never>> => {
      const filter = this.requireFilter(region, filterId);
      if (ruleIds.length === 0) throw missingParameter("TrafficMirrorFilterRuleIds.N");
      const rules = [...new Set(ruleIds)].map((id) => {
        const rule = filter.rules.find((r) => r.trafficMirrorFilterRuleId === id);
        if (!rule) throw resourceNotFoundTrafficMirrorRule();
        return rule;
      });
      if (rules.some((r) => this.core.status(r) !== "Created")) throw incorrectStatusTrafficMirrorRule();
      this.requireSettled(filter, operationConflict);
      return () => {
        for (const rule of rules) this.core.begin(rule, "Deleting");
        this.core.state.changed();
        return { result: {}, busyUntil: this.settlesAt(rules) };
      };
    });
  }

  updateTrafficMirrorFilterRuleAttribute(
    regionId: string | undefined,
    ruleId: string | undefined,
    input: UpdateRuleInput,
    meta: RequestMeta,
  ) {
    const region = this.core.enter(regionId);
    return this.core.idempotent("UpdateTrafficMirrorFilterRuleAttribute", region, meta, (): Changed<Record<string, never>> => {
      const id = this.core.required("TrafficMirrorFilterRuleId", ruleId);
      const filter = this.core.state.filterOfRule(id);
      const rule = filter?.rules.find((r) => r.trafficMirrorFilterRuleId === id);
      if (!filter || !rule || filter.regionId !== region) throw resourceNotFoundTrafficMirrorRule();
      this.core.requireOpen(region);
      if (this.core.status(filter) !== "Created") throw incorrectStatusTrafficMirrorFilter();
      if (this.core.status(rule) !== "Created") throw incorrectStatusTrafficMirrorRule();
      const config = this.resolveUpdate(rule, input);
      return () => {
        Object.assign(rule, config);
        const busyUntil = this.core.begin(rule, "Modifying");
        this.core.state.changed();
        return { result: {}, busyUntil };
      };
    });
  }

  listTrafficMirrorFilters(regionId: string | undefined, input: ListFiltersInput) {
    const region = this.core.enter(regionId);
    if (input.ids.length > IDS_PER_QUERY) throw invalidParam("TrafficMirrorFilterIds");
    this.core.tags("Tags", input.tags);
    const ids = new Set(input.ids);
    const matches: TrafficMirrorFilterRecord[] = [];
    for (const f of this.core.state.allFilters()) {
      if (f.regionId !== region || this.core.status(f) === undefined) continue;
      if (ids.size > 0 && !ids.has(f.trafficMirrorFilterId)) continue;
      if (present(input.name) && f.name !== input.name) continue;
      if (present(input.resourceGroupId) && f.resourceGroupId !== input.resourceGroupId) continue;
      if (!this.core.hasTags(f.tags, input.tags)) continue;
      matches.push(f);
    }
    const { page, maxResults, nextToken } = this.core.page("tmf", matches, input.maxResults, input.nextToken);
    return {
      TrafficMirrorFilters: page.map((f) => this.toItem(f)),
      TotalCount: String(matches.length),
      Count: page.length,
      MaxResults: maxResults,
      NextToken: nextToken,
    };
  }

  // ------------------------------------------------------------------------------------------------------
  // Helpers
  // ------------------------------------------------------------------------------------------------------

  /** A filter of the region, or `ResourceNotFound.TrafficMirrorFilter` (a settled deletion is gone). */
  requireFilter(region: string, filterId: string | undefined): TrafficMirrorFilterRecord {
    const id = this.core.required("TrafficMirrorFilterId", filterId);
    const filter = this.core.state.getFilter(id);
    if (!filter || filter.regionId !== region || this.core.status(filter) === undefined) throw resourceNotFoundTrafficMirrorFilter();
    return filter;
  }

  /** The filter is `Created` and, with `busyRules`, none of its rules is still changing (else that error). */
  private requireSettled(filter: TrafficMirrorFilterRecord, busyRules?: () => Error): void {
    if (this.core.status(filter) !== "Created") throw incorrectStatusTrafficMirrorFilter();
    if (busyRules && filter.rules.some((r) => this.core.status(r) !== "Created")) throw busyRules();
  }

  private addRules(filter: TrafficMirrorFilterRecord, configs: readonly RuleConfig[]): TrafficMirrorRuleRecord[] {
    const added = configs.map((config) => {
      const rule: TrafficMirrorRuleRecord = {
        trafficMirrorFilterRuleId: this.core.newId("tmr-", (x) => this.core.state.filterOfRule(x) !== undefined),
        ...config,
        status: "Creating",
        settlesAt: "",
      };
      this.core.begin(rule, "Creating");
      return rule;
    });
    this.core.state.addRules(filter, added);
    return added;
  }

  private settlesAt(rules: readonly TrafficMirrorRuleRecord[]): number {
    return Math.max(0, ...rules.map((r) => Date.parse(r.settlesAt)));
  }

  /** Validates a batch of rules against the documented limits, given the filter's existing rules. */
  private resolveRuleSet(input: RuleSetInput, existing: readonly TrafficMirrorRuleRecord[]): RuleConfig[] {
    const out: RuleConfig[] = [];
    for (const [direction, prefix, key] of DIRECTIONS) {
      const given = input[key];
      if (given.some((r) => r.index > RULES_PER_DIRECTION)) throw invalidParam(prefix, `${prefix}.N`);
      const count = existing.filter((r) => r.trafficDirection === direction).length + given.length;
      if (count > RULES_PER_DIRECTION) throw quotaExceededTrafficMirrorRule();
      for (const r of given) out.push(this.resolveRule(direction, `${prefix}.${r.index}`, r));
    }
    return out;
  }

  private resolveRule(direction: TrafficDirection, p: string, r: RuleInput): RuleConfig {
    const action = this.enumField(`${p}.Action`, "Action", r.action, RULE_ACTIONS);
    const protocol = this.enumField(`${p}.Protocol`, "Protocol", r.protocol, PROTOCOLS);
    if (!present(r.priority)) throw missingParameter(`${p}.Priority`);
    const priority = this.core.integer("Priority", r.priority, RULE_PRIORITY, `${p}.Priority`)!;
    const ipVersion: IpVersion = present(r.ipVersion) ? this.enumField(`${p}.IpVersion`, "IpVersion", r.ipVersion, IP_VERSIONS) : "IPv4";
    return {
      trafficDirection: direction,
      priority,
      protocol,
      action,
      sourceCidrBlock: this.cidr(`${p}.SourceCidrBlock`, "SourceCidrBlock", r.sourceCidrBlock, ipVersion),
      destinationCidrBlock: this.cidr(`${p}.DestinationCidrBlock`, "DestinationCidrBlock", r.destinationCidrBlock, ipVersion),
      sourcePortRange: this.ports(`${p}.SourcePortRange`, "SourcePortRange", r.sourcePortRange, protocol, ALL_PORTS),
      destinationPortRange: this.ports(`${p}.DestinationPortRange`, "DestinationPortRange", r.destinationPortRange, protocol, ALL_PORTS),
      ipVersion,
    };
  }

  /** The effective rule after an update: what is not sent keeps its value. */
  private resolveUpdate(rule: TrafficMirrorRuleRecord, input: UpdateRuleInput): RuleConfig {
    const protocol = present(input.protocol) ? this.enumField("Protocol", "Protocol", input.protocol, PROTOCOLS) : rule.protocol;
    // "If Protocol is set to ICMP, the port range cannot be modified."
    if (protocol === "ICMP") {
      for (const [name, v] of [
        ["SourcePortRange", input.sourcePortRange],
        ["DestinationPortRange", input.destinationPortRange],
      ] as const) {
        if (present(v) && v !== ALL_PORTS) throw invalidParam(name);
      }
    }
    return {
      trafficDirection: rule.trafficDirection,
      priority: this.core.integer("Priority", input.priority, RULE_PRIORITY) ?? rule.priority,
      protocol,
      action: present(input.ruleAction) ? this.enumField("RuleAction", "RuleAction", input.ruleAction, RULE_ACTIONS) : rule.action,
      sourceCidrBlock: this.cidr("SourceCidrBlock", "SourceCidrBlock", input.sourceCidrBlock, rule.ipVersion, rule.sourceCidrBlock),
      destinationCidrBlock: this.cidr(
        "DestinationCidrBlock",
        "DestinationCidrBlock",
        input.destinationCidrBlock,
        rule.ipVersion,
        rule.destinationCidrBlock,
      ),
      sourcePortRange: this.ports("SourcePortRange", "SourcePortRange", input.sourcePortRange, protocol, rule.sourcePortRange),
      destinationPortRange: this.ports(
        "DestinationPortRange",
        "DestinationPortRange",
        input.destinationPortRange,
        protocol,
        rule.destinationPortRange,
      ),
      ipVersion: rule.ipVersion,
    };
  }

  /** A required value of a documented enum (`Action`, `Protocol`, ...), case-sensitive. */
  private enumField<T extends string>(shown: string, code: string, v: string | undefined, values: readonly T[]): T {
    if (!present(v)) throw missingParameter(shown);
    if (!oneOf(values, v)) throw invalidParam(code, shown);
    return v;
  }

  /** A CIDR block of the rule's IP version; left out: `fallback`, else everything (choice). */
  private cidr(shown: string, code: string, v: string | undefined, ipVersion: IpVersion, fallback?: string): string {
    if (!present(v)) return fallback ?? ANY_CIDR[ipVersion];
    if (cidrVersion(v) !== ipVersion) throw invalidParam(code, shown);
    return v;
  }

  /**
   * A port range: TCP and UDP keep what is sent (left out: `fallback`); ALL and ICMP always carry `-1/-1`
   * ("you do not need to set this parameter, which indicates that all ports are available").
   */
  private ports(shown: string, code: string, v: string | undefined, protocol: Protocol, fallback: string): string {
    if (present(v) && !isPortRange(v)) throw invalidParam(code, shown);
    if (!portsApply(protocol)) return ALL_PORTS;
    return present(v) ? v : fallback;
  }

  private toItem(f: TrafficMirrorFilterRecord) {
    const rules = f.rules.filter((r) => this.core.status(r) !== undefined);
    const ruleItem = (r: TrafficMirrorRuleRecord) => ({
      Action: r.action,
      DestinationCidrBlock: r.destinationCidrBlock,
      DestinationPortRange: r.destinationPortRange,
      IpVersion: r.ipVersion,
      Priority: r.priority,
      Protocol: r.protocol,
      SourceCidrBlock: r.sourceCidrBlock,
      SourcePortRange: r.sourcePortRange,
      TrafficDirection: r.trafficDirection,
      TrafficMirrorFilterId: f.trafficMirrorFilterId,
      TrafficMirrorFilterRuleId: r.trafficMirrorFilterRuleId,
      TrafficMirrorFilterRuleStatus: this.core.status(r),
    });
    return {
      CreationTime: f.creationTime,
      EgressRules: rules.filter((r) => r.trafficDirection === "egress").map(ruleItem),
      IngressRules: rules.filter((r) => r.trafficDirection === "ingress").map(ruleItem),
      ResourceGroupId: f.resourceGroupId,
      Tags: f.tags,
      TrafficMirrorFilterDescription: f.description,
      TrafficMirrorFilterId: f.trafficMirrorFilterId,
      TrafficMirrorFilterName: f.name,
      TrafficMirrorFilterStatus: this.core.status(f),
    };
  }
}
