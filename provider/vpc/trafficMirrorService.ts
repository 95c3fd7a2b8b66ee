import * as pulumi from "@pulumi/pulumi";
import { resourceArgs } from "../internal/resourceClass";
import { RESOURCES, isInstanceOfType } from "../registry";

const ENTRY = RESOURCES.trafficMirrorService;

/**
 * Enables VPC traffic mirroring in one region (one resource per region).
 *
 * ```ts
 * import { vpc } from "pulumi-alicloud-traffic";
 * const mirror = new vpc.TrafficMirrorService("mirror", { region: "cn-hangzhou" });
 * export const mirroringEnabled = mirror.enabled;
 * ```
 *
 * Create opens the service only if it is not enabled yet, with a ClientToken of its own (new for
 * every create, the same across that create's retries), and waits until it is enabled.
 *
 * @remarks Alibaba Cloud cannot close the service once it is opened: deleting this resource (or
 * `pulumi destroy`) only removes it from the stack and leaves traffic mirroring enabled. The
 * provider prints a warning when that happens.
 */
export class TrafficMirrorService extends pulumi.dynamic.Resource {
  /** @internal */
  static readonly __pulumiType = ENTRY.token;

  /** True if `obj` is a TrafficMirrorService (works across copies of this package). */
  static override isInstance(obj: unknown): obj is TrafficMirrorService {
    return isInstanceOfType(obj, ENTRY.token);
  }

  /** The region; also the resource id. */
  declare readonly region: pulumi.Output<string>;
  /** Whether traffic mirroring is enabled, as last seen (false after refresh means it was disabled out of band). */
  declare readonly enabled: pulumi.Output<boolean>;
  /**
   * The ClientToken drawn by the last create or re-open; sent with OpenTrafficMirrorService only
   * when the region was not enabled yet.
   */
  declare readonly clientToken: pulumi.Output<string>;

  /**
   * @param name The unique name of the resource.
   * @param args The region to enable traffic mirroring in.
   * @param opts Resource options.
   */
  constructor(name: string, args: TrafficMirrorServiceArgs = {}, opts?: pulumi.CustomResourceOptions) {
    // Lets the provider attach its delete warning to this resource (delete gets no URN).
    super(...resourceArgs(ENTRY, name, args, opts, { __urn: pulumi.createUrn(name, ENTRY.token, opts?.parent) }));
  }
}

/** Inputs of {@link TrafficMirrorService}. */
export interface TrafficMirrorServiceArgs {
  /**
   * Region to enable traffic mirroring in, e.g. `cn-hangzhou`. Default: stack config
   * `alicloud:region`, else `ALICLOUD_REGION`. Changing it replaces the resource (the old region
   * stays enabled).
   */
  region?: pulumi.Input<string>;
}
