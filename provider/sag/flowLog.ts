import * as pulumi from "@pulumi/pulumi";
import { FlowLogStatus, NetflowVersion, OutputType } from "../schema/values";
import { resourceArgs, withIdOutput } from "../internal/resourceClass";
import { RESOURCES, isInstanceOfType } from "../registry";

const ENTRY = RESOURCES.flowLog;

/**
 * A Smart Access Gateway (SAG) flow log: where SAG devices send their traffic records (SLS, a
 * NetFlow collector, or both), how often, and which SAG instances feed it.
 *
 * ```ts
 * import { sag } from "pulumi-alicloud-traffic";
 *
 * const edge = new sag.FlowLog("edge", {
 *     outputType: "all",
 *     slsRegionId: "cn-shanghai", projectName: "netlogs", logstoreName: "sag",
 *     netflowServerIp: "10.0.0.5",
 *     smartAgIds: ["sag-demohangzhou000001"],
 *     status: "Active",
 * });
 * export const flowLogId = edge.flowLogId;
 * ```
 *
 * Changing `region` replaces the flow log (delete first, then create); every other input is
 * updated in place. The provider marks the description with ` [pulumi:<token>]`, a token of this
 * resource in this stack's state, so that a retried or re-run create never makes a second flow log
 * and never takes one that another stack owns. `adoptId` brings an existing flow log under the stack.
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
  /** `Active` or `Inactive`, as last seen. */
  declare readonly status: pulumi.Output<FlowLogStatus>;
  /** The resource group Alibaba Cloud put the flow log in. */
  declare readonly resourceGroupId: pulumi.Output<string | undefined>;
  /** Number of SAG instances associated with the flow log. */
  declare readonly totalSagNum: pulumi.Output<number>;
  declare readonly region: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly outputType: pulumi.Output<OutputType>;
  declare readonly activeAging: pulumi.Output<number>;
  declare readonly inactiveAging: pulumi.Output<number>;
  declare readonly slsRegionId: pulumi.Output<string | undefined>;
  declare readonly projectName: pulumi.Output<string | undefined>;
  declare readonly logstoreName: pulumi.Output<string | undefined>;
  declare readonly netflowServerIp: pulumi.Output<string | undefined>;
  declare readonly netflowServerPort: pulumi.Output<number | undefined>;
  declare readonly netflowVersion: pulumi.Output<NetflowVersion | undefined>;
  declare readonly smartAgIds: pulumi.Output<string[] | undefined>;

  /**
   * @param name The unique name of the resource; also the prefix of the auto-generated `name`.
   * @param args The flow log's settings.
   * @param opts Resource options.
   */
  constructor(name: string, args: FlowLogArgs, opts?: pulumi.CustomResourceOptions) {
    // Replacements delete first (see the registry row); the auto-generated name is an input too.
    super(...resourceArgs(ENTRY, name, args, opts));
    withIdOutput(this, ENTRY);
  }
}

/**
 * Inputs of {@link FlowLog}. Written out for its documentation; `test/types/flowLogArgs.ts` proves
 * it is exactly what the field table (`provider/schema/flowLog.ts`) derives.
 */
export interface FlowLogArgs {
  /**
   * Region of the flow log, one with Smart Access Gateway: cn-hangzhou, cn-shanghai,
   * cn-shanghai-finance-1, cn-hongkong, ap-southeast-1/2/3/5, ap-northeast-1, eu-central-1.
   * Default: stack config `alicloud:region`, else `ALICLOUD_REGION`. Changing it replaces the flow log.
   */
  region?: pulumi.Input<string>;
  /**
   * Name of the flow log, 1 to 128 characters without control characters.
   * Default: `<resource name>-<7 hex characters>`, stable for this project, stack and resource.
   */
  name?: pulumi.Input<string>;
  /**
   * Description, at most 200 characters. The provider appends ` [pulumi:<token>]` in the cloud
   * (its idempotency marker); outputs show the description without it.
   */
  description?: pulumi.Input<string>;
  /** Where flow records go: `sls` (Log Service), `netflow` (a NetFlow collector) or `all` (both). Required. */
  outputType: pulumi.Input<OutputType>;
  /** Output interval for active flows, integer seconds from 60 to 6000. Default 300. */
  activeAging?: pulumi.Input<number>;
  /** Output interval for inactive flows, integer seconds from 10 to 600. Default 15. */
  inactiveAging?: pulumi.Input<number>;
  /** Region of the SLS project, e.g. `cn-shanghai`. Required when `outputType` is `sls` or `all`. */
  slsRegionId?: pulumi.Input<string>;
  /** SLS project: 3 to 63 lowercase letters, digits and hyphens. Required when `outputType` is `sls` or `all`. */
  projectName?: pulumi.Input<string>;
  /** SLS logstore: 2 to 63 lowercase letters, digits, `-` and `_`. Required when `outputType` is `sls` or `all`. */
  logstoreName?: pulumi.Input<string>;
  /** IPv4 address of the NetFlow collector. Required when `outputType` is `netflow` or `all`. */
  netflowServerIp?: pulumi.Input<string>;
  /** UDP port of the NetFlow collector, 1 to 65535. Default 9995 (when `outputType` is `netflow` or `all`). */
  netflowServerPort?: pulumi.Input<number>;
  /** NetFlow version: `V5`, `V9` or `V10`. Default `V9` (when `outputType` is `netflow` or `all`). */
  netflowVersion?: pulumi.Input<NetflowVersion>;
  /**
   * `Active` (sending) or `Inactive` (stopped). New flow logs start Active. When omitted, the
   * provider leaves the status alone.
   */
  status?: pulumi.Input<FlowLogStatus>;
  /**
   * SAG instances (`sag-...`) whose traffic this flow log records; each SAG can feed only one flow
   * log. When omitted, the provider does not manage associations; `[]` means none.
   */
  smartAgIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Adopt this existing flow log (`fl-...`, made in the console or by Terraform) instead of
   * creating one: `pulumi up` writes the idempotency marker and records the flow log as it is,
   * and the next `preview` shows what differs from the program. Remove it once adopted.
   */
  adoptId?: pulumi.Input<string>;
}
