/**
 * pulumi-alicloud-traffic: Pulumi resources for Alibaba Cloud traffic observability.
 *
 * - `sag.FlowLog`: Smart Access Gateway flow logs (`pulumi-nodejs:dynamic/sag:FlowLog`).
 * - `vpc.TrafficMirrorService`: VPC traffic mirroring per region (`pulumi-nodejs:dynamic/vpc:TrafficMirrorService`).
 * - `vpc.TrafficMirrorFilter`: traffic mirror filters with their rules (`pulumi-nodejs:dynamic/vpc:TrafficMirrorFilter`).
 * - `vpc.TrafficMirrorSession`: traffic mirror sessions (`pulumi-nodejs:dynamic/vpc:TrafficMirrorSession`).
 *
 * The validation rules the provider and the policy pack share are at
 * `pulumi-alicloud-traffic/dist/provider/schema` (their types use zod's).
 */
export * as sag from "./sag";
export * as vpc from "./vpc";
