/** Type tokens of our dynamic resources (`pulumi-nodejs:dynamic/<module>:<Type>`); no imports, cheap to load. */
export const FLOW_LOG_TYPE = "pulumi-nodejs:dynamic/sag:FlowLog";
export const TRAFFIC_MIRROR_SERVICE_TYPE = "pulumi-nodejs:dynamic/vpc:TrafficMirrorService";
export const TRAFFIC_MIRROR_FILTER_TYPE = "pulumi-nodejs:dynamic/vpc:TrafficMirrorFilter";
export const TRAFFIC_MIRROR_SESSION_TYPE = "pulumi-nodejs:dynamic/vpc:TrafficMirrorSession";
