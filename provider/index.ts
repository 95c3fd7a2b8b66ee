/**
 * pulumi-alicloud-traffic: Pulumi resources for Alibaba Cloud traffic observability.
 *
 * - `sag.FlowLog`: Smart Access Gateway flow logs (`pulumi-nodejs:dynamic/sag:FlowLog`).
 * - `vpc.TrafficMirrorService`: VPC traffic mirroring per region (`pulumi-nodejs:dynamic/vpc:TrafficMirrorService`).
 * - `vpc.TrafficMirrorFilter`: traffic mirror filters with their rules (`pulumi-nodejs:dynamic/vpc:TrafficMirrorFilter`).
 * - `vpc.TrafficMirrorSession`: traffic mirror sessions (`pulumi-nodejs:dynamic/vpc:TrafficMirrorSession`).
 * - `vpc.FlowLogService`: VPC flow logs opened per region (`pulumi-nodejs:dynamic/vpc:FlowLogService`).
 * - `vpc.FlowLog`: VPC flow logs (`pulumi-nodejs:dynamic/vpc:FlowLog`).
 * - `schema`: the values and limits the inputs take (enums, ranges, regions), as plain constants.
 *
 * The validation rules the provider and the policy pack share (the field tables) are at
 * `pulumi-alicloud-traffic/dist/provider/schema` (their types use zod's).
 */
export * as sag from "./sag";
export * as vpc from "./vpc";
export * as schema from "./schema/values";
