/**
 * The resource registry: every resource of the package with its type token, the class users
 * construct, the shim serialized into state and the implementation the shim loads by package name.
 * Adding a resource is adding an entry (and its folder: field table, provider, class, shim).
 *
 * The shim and implementation paths are a public contract (stacks of every version require them
 * from their state): never change an entry's paths, only add entries.
 */
import { FLOW_LOG_TYPE, TRAFFIC_MIRROR_FILTER_TYPE, TRAFFIC_MIRROR_SERVICE_TYPE, TRAFFIC_MIRROR_SESSION_TYPE } from "./schema/tokens";
import { STATE_IDENTITY_TYPE } from "./internal/stateIdentityTypes";

export interface ResourceEntry {
  /** `pulumi-nodejs:dynamic/<module>:<Type>`, what the engine and policies match. */
  token: string;
  /** How users and messages name it (`sag.FlowLog`); internal resources have no public class. */
  className: string;
  /** The shim module, as the state requires it. */
  shim: string;
  /** The implementation the shim forwards to, by package name. */
  implementation: string;
}

const PACKAGE = "pulumi-alicloud-traffic/dist/provider";

export const RESOURCES = {
  flowLog: {
    token: FLOW_LOG_TYPE,
    className: "sag.FlowLog",
    shim: `${PACKAGE}/shims/sagFlowLog.js`,
    implementation: `${PACKAGE}/sag/flowLogProvider.js`,
  },
  trafficMirrorService: {
    token: TRAFFIC_MIRROR_SERVICE_TYPE,
    className: "vpc.TrafficMirrorService",
    shim: `${PACKAGE}/shims/vpcTrafficMirrorService.js`,
    implementation: `${PACKAGE}/vpc/trafficMirrorServiceProvider.js`,
  },
  trafficMirrorFilter: {
    token: TRAFFIC_MIRROR_FILTER_TYPE,
    className: "vpc.TrafficMirrorFilter",
    shim: `${PACKAGE}/shims/vpcTrafficMirrorFilter.js`,
    implementation: `${PACKAGE}/vpc/trafficMirrorFilterProvider.js`,
  },
  trafficMirrorSession: {
    token: TRAFFIC_MIRROR_SESSION_TYPE,
    className: "vpc.TrafficMirrorSession",
    shim: `${PACKAGE}/shims/vpcTrafficMirrorSession.js`,
    implementation: `${PACKAGE}/vpc/trafficMirrorSessionProvider.js`,
  },
  stateIdentity: {
    token: STATE_IDENTITY_TYPE,
    className: "(internal) state identity",
    shim: `${PACKAGE}/shims/stateIdentity.js`,
    implementation: `${PACKAGE}/internal/stateIdentityProvider.js`,
  },
} as const satisfies Record<string, ResourceEntry>;

export type ResourceKey = keyof typeof RESOURCES;

/** The entry of a type token, if it is one of ours. */
export function resourceOfType(token: string): ResourceEntry | undefined {
  return Object.values(RESOURCES).find((r) => r.token === token);
}

/** `isInstance` for a resource class: matches by token, so it works across copies of the package. */
export function isInstanceOfType(obj: unknown, token: string): boolean {
  return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === token;
}
