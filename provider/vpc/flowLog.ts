import * as pulumi from "@pulumi/pulumi";
import type { AggregationInterval, FlowLogStatus, IpVersion, TrafficPath, TrafficType, VpcFlowLogResourceType } from "../schema/values";
import { resourceArgs, withIdOutput } from "../internal/resourceClass";
import { RESOURCES, isInstanceOfType } from "../registry";

const ENTRY = RESOURCES.vpcFlowLog;

/**
 * A VPC flow log: the traffic of an ENI, a vSwitch or a whole VPC, recorded into an SLS Logstore.
 *
 * ```ts
 * import { vpc } from "pulumi-alicloud-traffic";
 * const flowLogs = new vpc.FlowLogService("flow-logs", { region: "cn-hangzhou" });
 * const prod = new vpc.FlowLog("prod", {
 *   resourceType: "VPC",
 *   resourceId: "vpc-bp1nwd16gvo1wgs8q6xy1",
 *   projectName: "flowlogs",
 *   logStoreName: "vpc",
 * }, { dependsOn: [flowLogs] });
 * export const flowLogId = prod.flowLogId;
 * ```
 *
 * The name, description, aggregation interval, IP version, status and tags change in place; the
 * region, the resource, the traffic type, the SLS project and Logstore and the traffic paths replace
 * the flow log. A replacement **deletes the old flow log first**, then creates the new one (the VPC
 * records nothing for the seconds in between): the new one would carry the old one's marker in a
 * `pulumi up --replace`, about which the engine does not ask the provider, and a create-first
 * replacement would then adopt the flow log the engine deletes next. Every transition (Activating, Modifying, Deactivating, Deleting)
 * is awaited, bounded by `ALICLOUD_TRAFFIC_WAIT_MS`.
 *
 * CreateFlowLog takes no ClientToken: the provider marks the description with ` [pulumi:<token>]`, a
 * token of this resource in this stack's state, so that a create an interrupted `pulumi up` committed is
 * adopted by the next one instead of duplicated, and a flow log another stack owns is never taken.
 * `adoptId` brings one made in the console or by Terraform under the stack.
 */
export class FlowLog extends pulumi.dynamic.Resource {
  /** @internal */
  static readonly __pulumiType = ENTRY.token;

  /** True if `obj` is a FlowLog (works across copies of this package). */
  static override isInstance(obj: unknown): obj is FlowLog {
    return isInstanceOfType(obj, ENTRY.token);
  }

  /** The flow log's id (`fl-...`), also the resource id. */
  declare readonly flowLogId: pulumi.Output<string>;
  /** `Active` or `Inactive` (as last seen; Activating, Deactivating and Modifying are awaited). */
  declare readonly status: pulumi.Output<FlowLogStatus>;
  /** `Normal`, or `FinancialLocked` when the account has overdue payments. */
  declare readonly businessStatus: pulumi.Output<string>;
  /** When it was created (UTC). */
  declare readonly creationTime: pulumi.Output<string>;
  /** The resource group Alibaba Cloud put the flow log in. */
  declare readonly resourceGroupId: pulumi.Output<string | undefined>;
  /** `SUCCESS`, or `FAILED` when records cannot be delivered (a missing project or Logstore). */
  declare readonly deliverStatus: pulumi.Output<string | undefined>;
  declare readonly region: pulumi.Output<string>;
  declare readonly resourceType: pulumi.Output<VpcFlowLogResourceType>;
  declare readonly resourceId: pulumi.Output<string>;
  declare readonly trafficType: pulumi.Output<TrafficType>;
  declare readonly projectName: pulumi.Output<string>;
  declare readonly logStoreName: pulumi.Output<string>;
  declare readonly aggregationInterval: pulumi.Output<AggregationInterval>;
  declare readonly trafficPaths: pulumi.Output<TrafficPath[]>;
  declare readonly ipVersion: pulumi.Output<IpVersion>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly tags: pulumi.Output<Record<string, string> | undefined>;

  /**
   * @param name The unique name of the resource; also the prefix of the auto-generated `name`.
   * @param args The flow log's settings.
   * @param opts Resource options.
   */
  constructor(name: string, args: FlowLogArgs, opts?: pulumi.CustomResourceOptions) {
    super(...resourceArgs(ENTRY, name, args, opts));
    withIdOutput(this, ENTRY);
  }
}

/** Inputs of {@link FlowLog}. `test/types/vpcFlowLogArgs.ts` proves it is what the field table derives. */
export interface FlowLogArgs {
  /** Region, e.g. `cn-hangzhou`. Default: stack config `alicloud:region`, else `ALICLOUD_REGION`. Changing it replaces the flow log. */
  region?: pulumi.Input<string>;
  /** What it records: `NetworkInterface` (one ENI), `VSwitch` (every ENI in a vSwitch) or `VPC` (every ENI in a VPC). Replaces. */
  resourceType: pulumi.Input<VpcFlowLogResourceType>;
  /** The ENI (`eni-...`), vSwitch (`vsw-...`) or VPC (`vpc-...`) of `resourceType`. Replaces. */
  resourceId: pulumi.Input<string>;
  /** `All`, `Allow` (traffic access control allowed) or `Drop` (denied). Default `All`. Replaces. */
  trafficType?: pulumi.Input<TrafficType>;
  /** SLS project: 3 to 63 lowercase letters, digits and hyphens. Replaces. */
  projectName: pulumi.Input<string>;
  /** SLS Logstore: 3 to 63 lowercase letters, digits, hyphens and underscores. Replaces. */
  logStoreName: pulumi.Input<string>;
  /** Minutes between flow records: 1, 5 or 10. Default 10. Changed in place. */
  aggregationInterval?: pulumi.Input<AggregationInterval>;
  /** Which traffic paths are captured (`all`, `internetGateway`, `natGateway`, ...). Default `["all"]`. Replaces. */
  trafficPaths?: pulumi.Input<pulumi.Input<TrafficPath>[]>;
  /** `IPv4` or `IPv6`. Default `IPv4`. Changed in place. */
  ipVersion?: pulumi.Input<IpVersion>;
  /**
   * 1 to 128 characters, not starting with http:// or https://. Default: `<resource name>-<7 hex characters>`,
   * stable for this project, stack and resource. Changed in place.
   */
  name?: pulumi.Input<string>;
  /**
   * 1 to 230 characters, not starting with http:// or https://. The provider appends ` [pulumi:<token>]` in the
   * cloud (its idempotency marker, within the API's 256); outputs show the description without it. Changed in place.
   */
  description?: pulumi.Input<string>;
  /** `Active` (recording) or `Inactive` (stopped). New flow logs start Active. When omitted, the provider leaves the status alone. */
  status?: pulumi.Input<FlowLogStatus>;
  /** At most 20 tags (key 1 to 128, value 0 to 128 characters). When omitted, the provider leaves the tags alone; `{}` means none. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Adopt this existing flow log (`fl-...`, made in the console or by Terraform) instead of creating one:
   * `pulumi up` writes the idempotency marker and records the flow log as it is, and the next `preview`
   * shows what differs from the program. Remove it once adopted.
   */
  adoptId?: pulumi.Input<string>;
}
