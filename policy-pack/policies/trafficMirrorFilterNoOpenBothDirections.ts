import type { PolicyResource } from "@pulumi/policy";
import { resourceAndStackPolicy } from "./define";
import { Subject, idOf } from "./subject";
import { schema } from "./util";

export const MIRROR_FILTER_NO_OPEN_BOTH_DIRECTIONS = "mirror-filter-no-open-both-directions";

/** Config of `mirror-filter-no-open-both-directions`. */
export interface TrafficMirrorFilterNoOpenBothDirectionsConfig {
  /**
   * A peer CIDR block with this prefix length or shorter counts as open. Default 0: only
   * `0.0.0.0/0`. With 8, `10.0.0.0/8` (and anything wider) counts as open too.
   */
  openPrefixLength: number;
}

export const trafficMirrorFilterNoOpenBothDirectionsDefaults: TrafficMirrorFilterNoOpenBothDirectionsConfig = { openPrefixLength: 0 };

/**
 * The directions, each with the block that names the peer: for ingress the sender
 * (`sourceCidrBlock`), for egress the receiver (`destinationCidrBlock`). The other block of a
 * rule is the mirrored ENI itself, so narrowing it does not narrow what is copied.
 */
const directions = [
  { name: "ingress", rules: "ingressRules", peer: "sourceCidrBlock" },
  { name: "egress", rules: "egressRules", peer: "destinationCidrBlock" },
] as const;

type Direction = (typeof directions)[number];

interface OpenRule {
  priority: unknown;
  cidr: string;
  /** The rule resource it is, for a rule declared as a resource of its own. */
  from?: string;
}

const rank = (p: unknown) => (typeof p === "number" ? p : Infinity);

/**
 * The first rule (by priority) of a list that accepts an open peer block, or undefined. A rule,
 * action or block that is unknown (preview) or redacted never counts as open.
 */
function openRule(rules: unknown, direction: Direction, openPrefixLength: number, from?: string): OpenRule | undefined {
  if (!Array.isArray(rules)) return undefined;
  let first: OpenRule | undefined;
  for (const rule of rules as unknown[]) {
    if (rule === null || typeof rule !== "object") continue;
    const { action, priority, [direction.peer]: block = schema.ANY_CIDR } = rule as Record<string, unknown>;
    if (action !== "accept" || typeof block !== "string" || !schema.isIpv4Cidr(block)) continue;
    if (Number(block.split("/")[1]) > openPrefixLength) continue;
    if (!first || rank(priority) < rank(first.priority)) first = { priority, cidr: block, from };
  }
  return first;
}

const earlier = (a: OpenRule | undefined, b: OpenRule | undefined) => (!a ? b : !b ? a : rank(b.priority) < rank(a.priority) ? b : a);

function message(filter: string, ingress: OpenRule, egress: OpenRule, openPrefixLength: number): string {
  const open = openPrefixLength === 0 ? "every address" : `a block of /${openPrefixLength} or wider (policy config openPrefixLength)`;
  const describe = (d: Direction, r: OpenRule) => {
    const priority = typeof r.priority === "number" ? `priority ${r.priority}` : "(priority not known yet)";
    return `${d.name} rule ${priority}${r.from ? ` (${r.from})` : ""} accepts ${d.peer} ${r.cidr}`;
  };
  return (
    `${filter}: both directions accept ${open}: ${describe(directions[0], ingress)} and ` +
    `${describe(directions[1], egress)}. Mirroring all traffic both ways copies everything the sources send and receive ` +
    "to the target (a data-exfiltration path, and twice the traffic to pay for): narrow the peer blocks of one direction"
  );
}

/** A filter's rules of one direction, noting the list if the policy cannot see part of it. */
function rulesOf(subject: Subject, direction: Direction): unknown {
  subject.unseen(direction.rules);
  return subject.props[direction.rules];
}

/**
 * The stack part: rules declared as resources of their own (the bridged
 * `alicloud.vpc.TrafficMirrorFilterIngressRule` / `...EgressRule`), grouped with their filter's
 * inline rules. A rule resource belongs to the filter its `trafficMirrorFilterId` comes from (its
 * property dependency) or names (the filter's id, if the filter shows it); rules of a filter outside
 * the stack are grouped by that id. Reported (on the ingress rule resource of the pair, else the egress one) only when a
 * rule resource is one of the two open rules: the resource part judges inline rules alone.
 */
function validateRuleResources(
  subjects: (kinds: readonly ("vpc.TrafficMirrorFilter" | "vpc.TrafficMirrorFilterRule")[]) => Subject[],
  resources: readonly PolicyResource[],
  openPrefixLength: number,
  report: (message: string, urn?: string) => void,
) {
  const rules = subjects(["vpc.TrafficMirrorFilterRule"]);
  if (rules.length === 0) return;
  const filters = subjects(["vpc.TrafficMirrorFilter"]);
  const filterIds = new Map<string, Subject>();
  for (const f of filters) {
    for (const id of [f.props.trafficMirrorFilterId, idOf(resources, f.urn)]) {
      if (typeof id === "string" && !schema.containsUnknown(id)) filterIds.set(id, f);
    }
  }
  const groups = new Map<string, { filter?: Subject; label: string; rules: Subject[] }>();
  for (const rule of rules) {
    const resource = resources.find((r) => r.urn === rule.urn);
    const parent = resource?.propertyDependencies?.trafficMirrorFilterId?.find((d) => filters.some((f) => f.urn === d.urn));
    let filter = parent ? filters.find((f) => f.urn === parent.urn) : undefined;
    let key = filter?.urn;
    if (!key) {
      if (rule.unseen("filterId")) continue;
      const id = rule.props.filterId;
      if (typeof id !== "string") continue;
      filter = filterIds.get(id);
      key = filter?.urn ?? `id:${id}`;
    }
    let group = groups.get(key);
    if (!group)
      groups.set(
        key,
        (group = { filter, label: filter?.label ?? `traffic mirror filter ${JSON.stringify(rule.props.filterId)}`, rules: [] }),
      );
    group.rules.push(rule);
  }
  for (const group of groups.values()) {
    const [ingress, egress] = directions.map((d) => {
      let open = group.filter ? openRule(rulesOf(group.filter, d), d, openPrefixLength) : undefined;
      for (const rule of group.rules) {
        if (rule.props.direction !== d.name) continue;
        for (const f of ["action", d.peer]) rule.unseen(f);
        open = earlier(open, openRule([rule.props], d, openPrefixLength, rule.label));
      }
      return open;
    });
    if (!ingress || !egress || (!ingress.from && !egress.from)) continue;
    const first = group.rules.find((r) => r.label === (ingress.from ?? egress.from))!;
    report(message(group.label, ingress, egress, openPrefixLength), first.urn);
  }
}

/**
 * Checks that no traffic mirror filter accepts every peer in both directions: such a filter copies
 * everything the source ENIs send and receive to the mirror target, which is a data-exfiltration
 * path and doubles the traffic (and its cost). Rules are judged one by one, on their peer block
 * (ingress: source, egress: destination); protocol, ports and drop rules matched first are not
 * taken into account.
 *
 * Covers this package's `vpc.TrafficMirrorFilter` and the bridged `alicloud.vpc.TrafficMirrorFilter`
 * (inline `ingressRules` / `egressRules`, same member names) on each resource, before it is created;
 * and, on the whole stack, rules declared as resources of their own
 * (`alicloud.vpc.TrafficMirrorFilterIngressRule` / `...EgressRule`, `action` or the deprecated
 * `ruleAction`) together with their filter's inline rules: one policy with a resource and a stack
 * part. Stack policies run after `up` has deployed, so a filter opened by rule resources is reported
 * by the preview (and by `up` afterwards), not prevented by `up`.
 */
export const trafficMirrorFilterNoOpenBothDirectionsPolicy = resourceAndStackPolicy<TrafficMirrorFilterNoOpenBothDirectionsConfig>(
  {
    name: MIRROR_FILTER_NO_OPEN_BOTH_DIRECTIONS,
    description: "Checks that no traffic mirror filter accepts traffic from and to every address in both directions.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
      "Narrow the peer blocks of one direction: ingress rules' sourceCidrBlock or egress rules' destinationCidrBlock, to the " +
      "addresses whose traffic you need to see. For a deliberate full capture (an IDS), set the policy to advisory for that stack " +
      "or exempt the filter (policy-exemptions).",
    kinds: ["vpc.TrafficMirrorFilter"],
    settings: {
      defaults: () => trafficMirrorFilterNoOpenBothDirectionsDefaults,
      configSchema: () => ({
        properties: {
          openPrefixLength: {
            type: "integer",
            minimum: 0,
            maximum: 32,
            default: trafficMirrorFilterNoOpenBothDirectionsDefaults.openPrefixLength,
            description: "A peer CIDR block with this prefix length or shorter counts as open (0: only 0.0.0.0/0).",
          },
        },
      }),
    },
    validate: (subject, { openPrefixLength }, report) => {
      const [ingress, egress] = directions.map((d) => openRule(rulesOf(subject, d), d, openPrefixLength));
      if (ingress && egress) report(message(subject.label, ingress, egress, openPrefixLength));
    },
  },
  {
    validate: (context, { openPrefixLength }, report) =>
      validateRuleResources((kinds) => context.subjects(kinds), context.args.resources, openPrefixLength, report),
  },
);
