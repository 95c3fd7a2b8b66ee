/**
 * The schema source shared by the provider's `check` and the policy pack
 * (`pulumi-alicloud-traffic/dist/provider/schema`). Pure: no Pulumi runtime, no I/O.
 */
export * from "./common";
export * from "./fieldTable";
export * from "./flowLog";
export * from "./trafficMirrorService";
export * from "./trafficMirrorFilter";
export * from "./trafficMirrorSession";
export * from "./vpcFlowLog";
export * from "./vpcFlowLogService";
export * from "./tokens";
export * from "./values";
