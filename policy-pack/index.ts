/**
 * The CrossGuard pack `alicloud-traffic-policies` for pulumi-alicloud-traffic. Thin on purpose:
 * constructing the PolicyPack starts the analyzer's gRPC server, so the policies live in
 * `./policies` (which the tests import).
 */
import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_NAME, policies } from "./policies";

new PolicyPack(POLICY_PACK_NAME, {
  description: "Guardrails for Alibaba Cloud Smart Access Gateway flow logs and VPC traffic mirroring (pulumi-alicloud-traffic).",
  policies,
});
