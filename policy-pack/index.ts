/**
 * The CrossGuard pack `alicloud-traffic-policies` for pulumi-alicloud-traffic. Thin on purpose:
 * constructing the PolicyPack starts the analyzer's gRPC server, so the policies live in
 * `./policies` (which the tests import). Compiled to dist/index.js, the pack's `main`.
 */
import { deferPulumiIndex, withConfigCheck } from "./engineHooks";

// Before anything loads @pulumi/policy (see engineHooks.ts); hence requires, in this order.
deferPulumiIndex();
/* eslint-disable @typescript-eslint/no-require-imports -- ordered loads, after deferPulumiIndex() */
const { PolicyPack } = require("@pulumi/policy") as typeof import("@pulumi/policy");
const { POLICY_PACK_NAME, configurePack, policies } = require("./policies/index") as typeof import("./policies/index");
/* eslint-enable @typescript-eslint/no-require-imports */

withConfigCheck(
  configurePack,
  () =>
    new PolicyPack(POLICY_PACK_NAME, {
      description:
        "Guardrails for Alibaba Cloud flow logs (SAG and VPC) and VPC traffic mirroring, declared with pulumi-alicloud-traffic or @pulumi/alicloud.",
      policies,
    }),
);
