import * as pulumi from "@pulumi/pulumi";
import type { TargetType } from "../schema/values";
import { resourceArgs, withIdOutput } from "../internal/resourceClass";
import { RESOURCES, isInstanceOfType } from "../registry";

const ENTRY = RESOURCES.trafficMirrorSession;

/**
 * A VPC traffic mirror session: mirrors the traffic of source ENIs, filtered by a
 * {@link TrafficMirrorFilter}, to a target ENI or internal SLB instance.
 *
 * ```ts
 * import { vpc } from "pulumi-alicloud-traffic";
 * const service = new vpc.TrafficMirrorService("mirror", { region: "cn-hangzhou" });
 * const filter = new vpc.TrafficMirrorFilter("all", { ingressRules: [{ priority: 1, protocol: "ALL", action: "accept" }] });
 * const session = new vpc.TrafficMirrorSession("web", {
 *   sourceIds: ["eni-j6c2fp57q8rr47rp"],
 *   targetId: "eni-j6c8znm5l1yt4sox3h0f",
 *   filterId: filter.trafficMirrorFilterId,
 *   priority: 1,
 *   enabled: true,
 * }, { dependsOn: [service] });
 * ```
 *
 * Traffic mirroring must be opened in the region (a `vpc.TrafficMirrorService`). Every attribute but
 * the region changes in place; sources are added and removed in place.
 *
 * The provider marks the description with ` [pulumi:<token>]`, a token of this resource in this
 * stack's state, so that a create an interrupted `pulumi up` committed is adopted by the next one
 * instead of duplicated, and a session another stack owns is never taken. Changing `region` (or
 * `pulumi up --replace`) deletes the session first, then creates the new one: a create adopts the
 * session that carries its token, so the old one must be gone.
 */
export class TrafficMirrorSession extends pulumi.dynamic.Resource {
  /** @internal */
  static readonly __pulumiType = ENTRY.token;

  /** True if `obj` is a TrafficMirrorSession (works across copies of this package). */
  static override isInstance(obj: unknown): obj is TrafficMirrorSession {
    return isInstanceOfType(obj, ENTRY.token);
  }

  /** The session's id (`tms-...`), also the resource id. */
  declare readonly trafficMirrorSessionId: pulumi.Output<string>;
  /** `Created` once the session is in effect. */
  declare readonly status: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly sourceIds: pulumi.Output<string[]>;
  declare readonly targetId: pulumi.Output<string>;
  declare readonly targetType: pulumi.Output<TargetType>;
  declare readonly filterId: pulumi.Output<string>;
  declare readonly priority: pulumi.Output<number>;
  /** The VNI: the one given, else the one the API allocated. */
  declare readonly virtualNetworkId: pulumi.Output<number | undefined>;
  declare readonly packetLength: pulumi.Output<number>;
  declare readonly enabled: pulumi.Output<boolean>;

  /**
   * @param name The unique name of the resource.
   * @param args The session's sources, target, filter and settings.
   * @param opts Resource options.
   */
  constructor(name: string, args: TrafficMirrorSessionArgs, opts?: pulumi.CustomResourceOptions) {
    // Replacements delete first, the marker's hidden inputs added: see the class comment and the registry row.
    super(...resourceArgs(ENTRY, name, args, opts));
    withIdOutput(this, ENTRY);
  }
}

/** Inputs of {@link TrafficMirrorSession}. */
export interface TrafficMirrorSessionArgs {
  /** Region, e.g. `cn-hangzhou`. Default: stack config `alicloud:region`, else `ALICLOUD_REGION`. Changing it replaces the session. */
  region?: pulumi.Input<string>;
  /** 1 to 128 characters, not starting with http:// or https://. Left out: left as it is. */
  name?: pulumi.Input<string>;
  /**
   * 1 to 230 characters, not starting with http:// or https://. Left out: left as it is. The provider appends
   * ` [pulumi:<token>]` in the cloud (its idempotency marker, within the API's 256); outputs show the description without it.
   */
  description?: pulumi.Input<string>;
  /** The ENIs whose traffic is mirrored (one by default quota). Added and removed in place. */
  sourceIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Where mirrored traffic goes: an ENI id (`eni-...`) or an internal SLB instance id (`lb-...`). */
  targetId: pulumi.Input<string>;
  /** `NetworkInterface` or `SLB`. Default: what `targetId` implies. */
  targetType?: pulumi.Input<TargetType>;
  /** The traffic mirror filter (`tmf-...`). */
  filterId: pulumi.Input<string>;
  /** 1 to 32766, unique in the region; 1 is matched first. */
  priority: pulumi.Input<number>;
  /** VXLAN network identifier, 0 to 16777215. Left out: allocated by the API. */
  virtualNetworkId?: pulumi.Input<number>;
  /** Bytes of each packet mirrored, 64 to 8500. Default 1500. */
  packetLength?: pulumi.Input<number>;
  /** Whether the session mirrors. Default false (the API's default). */
  enabled?: pulumi.Input<boolean>;
  /**
   * Adopt this existing traffic mirror session (`tms-...`, made in the console or by Terraform) instead of creating one:
   * `pulumi up` writes the idempotency marker into its description and records it as it is, and the next
   * `preview` shows what differs from the program. Remove it once adopted.
   */
  adoptId?: pulumi.Input<string>;
}
