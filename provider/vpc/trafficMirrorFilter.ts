import * as pulumi from "@pulumi/pulumi";
import type { RuleAction, RuleProtocol } from "../schema/values";
import { resourceArgs, withIdOutput } from "../internal/resourceClass";
import { RESOURCES, isInstanceOfType } from "../registry";

const ENTRY = RESOURCES.trafficMirrorFilter;

/**
 * A VPC traffic mirror filter: which mirrored packets are kept (`accept`) or dropped, per direction.
 *
 * ```ts
 * import { vpc } from "pulumi-alicloud-traffic";
 * const web = new vpc.TrafficMirrorFilter("web", {
 *   ingressRules: [{ priority: 1, protocol: "TCP", action: "accept", destinationPortRange: "80/443" }],
 *   egressRules: [{ priority: 1, protocol: "ALL", action: "accept" }],
 * });
 * ```
 *
 * Rules are changed in place (added, removed and updated with the rule actions), never by replacing
 * the filter. A rule is identified by its direction and priority. Manage a filter's rules only here:
 * rules added to it outside this resource are drift, which the next `pulumi up` removes.
 *
 * The provider marks the description with ` [pulumi:<token>]`, a token of this resource in this
 * stack's state, so that a create an interrupted `pulumi up` committed is adopted by the next one
 * instead of duplicated, and a filter another stack owns is never taken. Changing `region` (or
 * `pulumi up --replace`) deletes the filter first, then creates the new one: a create adopts the
 * filter that carries its token, so the old one must be gone (a session still using it is replaced
 * with it when its region changes too; otherwise the delete stops with DependencyViolation).
 */
export class TrafficMirrorFilter extends pulumi.dynamic.Resource {
  /** @internal */
  static readonly __pulumiType = ENTRY.token;

  /** True if `obj` is a TrafficMirrorFilter (works across copies of this package). */
  static override isInstance(obj: unknown): obj is TrafficMirrorFilter {
    return isInstanceOfType(obj, ENTRY.token);
  }

  /** The filter's id (`tmf-...`), also the resource id. */
  declare readonly trafficMirrorFilterId: pulumi.Output<string>;
  /** `Created` once the filter and its rules are in effect. */
  declare readonly status: pulumi.Output<string>;
  /** The inbound rules' ids, in priority order. */
  declare readonly ingressRuleIds: pulumi.Output<string[]>;
  /** The outbound rules' ids, in priority order. */
  declare readonly egressRuleIds: pulumi.Output<string[]>;
  declare readonly region: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  /** The inbound rules with their defaults filled, in priority order. */
  declare readonly ingressRules: pulumi.Output<TrafficMirrorFilterRuleOutput[]>;
  /** The outbound rules with their defaults filled, in priority order. */
  declare readonly egressRules: pulumi.Output<TrafficMirrorFilterRuleOutput[]>;

  /**
   * @param name The unique name of the resource.
   * @param args The filter's name, description and rules.
   * @param opts Resource options.
   */
  constructor(name: string, args: TrafficMirrorFilterArgs = {}, opts?: pulumi.CustomResourceOptions) {
    // Replacements delete first, the marker's hidden inputs added: see the class comment and the registry row.
    super(...resourceArgs(ENTRY, name, args, opts));
    withIdOutput(this, ENTRY);
  }
}

/** One rule of a traffic mirror filter. */
export interface TrafficMirrorFilterRuleArgs {
  /** 1 to 10, unique within the direction; 1 is matched first. Identifies the rule: a new priority is a new rule. */
  priority: pulumi.Input<number>;
  /** `ALL`, `ICMP`, `TCP` or `UDP`. */
  protocol: pulumi.Input<RuleProtocol>;
  /** `accept` (mirror the packet) or `drop`. */
  action: pulumi.Input<RuleAction>;
  /** IPv4 CIDR block. Default `0.0.0.0/0`. */
  sourceCidrBlock?: pulumi.Input<string>;
  /** IPv4 CIDR block. Default `0.0.0.0/0`. */
  destinationCidrBlock?: pulumi.Input<string>;
  /** `start/end` (`"80/443"`), TCP and UDP only. Default `-1/-1` (every port). */
  sourcePortRange?: pulumi.Input<string>;
  /** `start/end` (`"80/443"`), TCP and UDP only. Default `-1/-1` (every port). */
  destinationPortRange?: pulumi.Input<string>;
}

/** A rule as the filter reports it: every default filled. */
export interface TrafficMirrorFilterRuleOutput {
  priority: number;
  protocol: RuleProtocol;
  action: RuleAction;
  sourceCidrBlock: string;
  destinationCidrBlock: string;
  sourcePortRange: string;
  destinationPortRange: string;
}

/** Inputs of {@link TrafficMirrorFilter}. */
export interface TrafficMirrorFilterArgs {
  /** Region, e.g. `cn-hangzhou`. Default: stack config `alicloud:region`, else `ALICLOUD_REGION`. Changing it replaces the filter. */
  region?: pulumi.Input<string>;
  /** 1 to 128 characters, not starting with http:// or https://. Left out: the filter's name is left as it is. */
  name?: pulumi.Input<string>;
  /**
   * 1 to 230 characters, not starting with http:// or https://. Left out: left as it is. The provider appends
   * ` [pulumi:<token>]` in the cloud (its idempotency marker, within the API's 256); outputs show the description without it.
   */
  description?: pulumi.Input<string>;
  /** Inbound rules, at most 10. Default: none. Changed in place. */
  ingressRules?: pulumi.Input<pulumi.Input<TrafficMirrorFilterRuleArgs>[]>;
  /** Outbound rules, at most 10. Default: none. Changed in place. */
  egressRules?: pulumi.Input<pulumi.Input<TrafficMirrorFilterRuleArgs>[]>;
  /**
   * Adopt this existing traffic mirror filter (`tmf-...`, made in the console or by Terraform) instead of creating one:
   * `pulumi up` writes the idempotency marker into its description and records it as it is, and the next
   * `preview` shows what differs from the program. Remove it once adopted.
   */
  adoptId?: pulumi.Input<string>;
}
