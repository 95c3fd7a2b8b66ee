import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { known, schema, settings, trafficMirrorFilterLabel, validateTrafficMirrorFilter } from "./util";

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

const configSchema: PolicyConfigSchema = {
  properties: {
    openPrefixLength: {
      type: "integer",
      minimum: 0,
      maximum: 32,
      default: trafficMirrorFilterNoOpenBothDirectionsDefaults.openPrefixLength,
      description: "A peer CIDR block with this prefix length or shorter counts as open (0: only 0.0.0.0/0).",
    },
  },
};

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
}

/**
 * The first rule (by priority) of a direction that accepts an open peer block, or undefined.
 * A rule, action or block that is unknown (preview) never counts as open.
 */
function openRule(props: Record<string, unknown>, direction: Direction, openPrefixLength: number): OpenRule | undefined {
  const rules = props[direction.rules];
  if (!Array.isArray(rules)) return undefined;
  const rank = (p: unknown) => (typeof p === "number" ? p : Infinity);
  let first: OpenRule | undefined;
  for (const rule of rules as unknown[]) {
    if (rule === null || typeof rule !== "object") continue;
    const { action, priority, [direction.peer]: block = schema.ANY_CIDR } = rule as Record<string, unknown>;
    if (action !== "accept" || typeof block !== "string" || !schema.isIpv4Cidr(block)) continue;
    if (Number(block.split("/")[1]) > openPrefixLength) continue;
    if (!first || rank(priority) < rank(first.priority)) first = { priority, cidr: block };
  }
  return first;
}

/**
 * Checks that no traffic mirror filter accepts every peer in both directions: such a filter copies
 * everything the source ENIs send and receive to the mirror target, which is a data-exfiltration
 * path and doubles the traffic (and its cost). Rules are judged one by one, on their peer block
 * (ingress: source, egress: destination); protocol, ports and drop rules matched first are not
 * taken into account.
 */
export const trafficMirrorFilterNoOpenBothDirectionsPolicy: ResourceValidationPolicy = {
  name: MIRROR_FILTER_NO_OPEN_BOTH_DIRECTIONS,
  description: "Checks that no traffic mirror filter accepts traffic from and to every address in both directions.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema,
  validateResource: validateTrafficMirrorFilter((args, reportViolation) => {
    const { openPrefixLength } = settings(args, trafficMirrorFilterNoOpenBothDirectionsDefaults);
    const props = known(args.props);
    const [ingress, egress] = directions.map((d) => openRule(props, d, openPrefixLength));
    if (!ingress || !egress) return;
    const open = openPrefixLength === 0 ? "every address" : `a block of /${openPrefixLength} or wider (policy config openPrefixLength)`;
    const describe = (d: Direction, r: OpenRule) => {
      const priority = typeof r.priority === "number" ? `priority ${r.priority}` : "(priority not known yet)";
      return `${d.name} rule ${priority} accepts ${d.peer} ${r.cidr}`;
    };
    reportViolation(
      `${trafficMirrorFilterLabel(args.name)}: both directions accept ${open}: ${describe(directions[0], ingress)} and ` +
        `${describe(directions[1], egress)}. Mirroring all traffic both ways copies everything the sources send and receive ` +
        "to the target (a data-exfiltration path, and twice the traffic to pay for): narrow the peer blocks of one direction",
    );
  }),
};
