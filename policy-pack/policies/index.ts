/**
 * Every policy of the pack, in the order the engine reports them. Tests import this module, never
 * `../index.ts` (constructing the PolicyPack starts the analyzer's gRPC server).
 */
import { Policies } from "@pulumi/policy";
import { restrictRegions } from "./allowedRegions";
import { limitFlowLogAging } from "./flowLogAgingRanges";
import { requirePrivateNetflowCollector } from "./flowLogPrivateNetflowCollector";
import { requireFlowLogOutputSettings } from "./flowLogRequiredOutputSettings";
import { requireActiveFlowLogs } from "./flowLogStatusActive";
import { disallowSharedSags } from "./flowLogUniqueSagAssociation";
import { requireUniqueFlowLogNames } from "./flowLogUniqueNames";

export * from "./allowedRegions";
export * from "./flowLogAgingRanges";
export * from "./flowLogPrivateNetflowCollector";
export * from "./flowLogRequiredOutputSettings";
export * from "./flowLogStatusActive";
export * from "./flowLogUniqueSagAssociation";
export * from "./flowLogUniqueNames";

/** The pack's name, as the engine prints it in violations. */
export const POLICY_PACK_NAME = "alicloud-traffic-policies";

export const policies: Policies = [
  limitFlowLogAging,
  requireFlowLogOutputSettings,
  requirePrivateNetflowCollector,
  requireActiveFlowLogs,
  restrictRegions,
  disallowSharedSags,
  requireUniqueFlowLogNames,
];
