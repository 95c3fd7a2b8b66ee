/**
 * The schema source shared by the provider's `check` and the policy pack
 * (`import { schema } from "pulumi-alicloud-traffic"`). Pure: no Pulumi runtime, no I/O.
 */
export * from "./common";
export * from "./fieldTable";
export * from "./flowLog";
export * from "./trafficMirrorService";

/** Type tokens of our dynamic resources (`pulumi-nodejs:dynamic/<module>:<Type>`). */
export const FLOW_LOG_TYPE = "pulumi-nodejs:dynamic/sag:FlowLog";
export const TRAFFIC_MIRROR_SERVICE_TYPE = "pulumi-nodejs:dynamic/vpc:TrafficMirrorService";
