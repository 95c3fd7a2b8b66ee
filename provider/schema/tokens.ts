/** Type tokens of our dynamic resources (`pulumi-nodejs:dynamic/<module>:<Type>`), from the registry. */
import { RESOURCES } from "../registry";

export const FLOW_LOG_TYPE = RESOURCES.flowLog.token;
export const TRAFFIC_MIRROR_SERVICE_TYPE = RESOURCES.trafficMirrorService.token;
export const TRAFFIC_MIRROR_FILTER_TYPE = RESOURCES.trafficMirrorFilter.token;
export const TRAFFIC_MIRROR_SESSION_TYPE = RESOURCES.trafficMirrorSession.token;
export const VPC_FLOW_LOG_SERVICE_TYPE = RESOURCES.vpcFlowLogService.token;
export const VPC_FLOW_LOG_TYPE = RESOURCES.vpcFlowLog.token;

/** Every user-facing resource type, `[token, class name]`, from the registry (what the policy pack matches). */
export const RESOURCE_TYPES: ReadonlyArray<readonly [string, string]> = Object.values(RESOURCES)
  .filter((entry) => "fields" in entry)
  .map((entry) => [entry.token, entry.className] as const);
