import * as pulumi from "@pulumi/pulumi";
import { resourceArgs } from "../internal/resourceClass";
import { RESOURCES, isInstanceOfType } from "../registry";

const ENTRY = RESOURCES.vpcFlowLogService;

/**
 * Opens VPC flow logs in one region (one resource per region): `vpc.FlowLog`s of the region need it.
 *
 * ```ts
 * import { vpc } from "pulumi-alicloud-traffic";
 * const flowLogs = new vpc.FlowLogService("flow-logs", { region: "cn-hangzhou" });
 * ```
 *
 * Create opens the service only if it is not enabled yet, with a ClientToken of its own (new for every
 * create, the same across that create's retries), and waits until it is enabled.
 *
 * @remarks Alibaba Cloud cannot close the service once it is opened: deleting this resource (or
 * `pulumi destroy`) only removes it from the stack and leaves VPC flow logs enabled. The provider
 * prints a warning when that happens.
 */
export class FlowLogService extends pulumi.dynamic.Resource {
  /** @internal */
  static readonly __pulumiType = ENTRY.token;

  /** True if `obj` is a FlowLogService (works across copies of this package). */
  static override isInstance(obj: unknown): obj is FlowLogService {
    return isInstanceOfType(obj, ENTRY.token);
  }

  /** The region; also the resource id. */
  declare readonly region: pulumi.Output<string>;
  /** Whether VPC flow logs are enabled, as last seen (false after refresh means they were disabled out of band). */
  declare readonly enabled: pulumi.Output<boolean>;
  /** The ClientToken drawn by the last create or re-open; sent with OpenFlowLogService only when the region was not enabled yet. */
  declare readonly clientToken: pulumi.Output<string>;

  /**
   * @param name The unique name of the resource.
   * @param args The region to open VPC flow logs in.
   * @param opts Resource options.
   */
  constructor(name: string, args: FlowLogServiceArgs = {}, opts?: pulumi.CustomResourceOptions) {
    // Lets the provider attach its delete warning to this resource (delete gets no URN).
    super(...resourceArgs(ENTRY, name, args, opts, { __urn: pulumi.createUrn(name, ENTRY.token, opts?.parent) }));
  }
}

/** Inputs of {@link FlowLogService}. */
export interface FlowLogServiceArgs {
  /**
   * Region to open VPC flow logs in, e.g. `cn-hangzhou`. Default: stack config `alicloud:region`, else
   * `ALICLOUD_REGION`. Changing it replaces the resource (the old region stays enabled).
   */
  region?: pulumi.Input<string>;
}
