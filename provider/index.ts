/**
 * pulumi-alicloud-traffic: Pulumi resources for Alibaba Cloud traffic observability.
 *
 * - `sag.FlowLog`: Smart Access Gateway flow logs (`pulumi-nodejs:dynamic/sag:FlowLog`).
 * - `vpc.TrafficMirrorService`: VPC traffic mirroring per region (`pulumi-nodejs:dynamic/vpc:TrafficMirrorService`).
 * - `vpc.TrafficMirrorFilter`: traffic mirror filters with their rules (`pulumi-nodejs:dynamic/vpc:TrafficMirrorFilter`).
 * - `vpc.TrafficMirrorSession`: traffic mirror sessions (`pulumi-nodejs:dynamic/vpc:TrafficMirrorSession`).
 * - `schema`: the validation rules shared by the provider and the policy pack.
 */
export * as sag from "./sag";
export * as vpc from "./vpc";
export * as schema from "./schema";
