/**
 * Every policy of the pack, in the order the engine reports them. Tests import this module, never
 * `../index.ts` (constructing the PolicyPack starts the analyzer's gRPC server).
 */
import type { Policies } from "@pulumi/policy";
import { allowedRegionsPolicy } from "./allowedRegions";
import { deployedStatePolicy } from "./deployedState";
import { FLOW_LOG_AGING_RANGES, flowLogAgingRangesConfigProblems, flowLogAgingRangesPolicy } from "./flowLogAgingRanges";
import {
  FLOW_LOG_PRIVATE_NETFLOW_COLLECTOR,
  flowLogPrivateNetflowCollectorConfigProblems,
  flowLogPrivateNetflowCollectorPolicy,
} from "./flowLogPrivateNetflowCollector";
import {
  FLOW_LOG_REQUIRED_OUTPUT_SETTINGS,
  flowLogRequiredOutputSettingsConfigProblems,
  flowLogRequiredOutputSettingsPolicy,
} from "./flowLogRequiredOutputSettings";
import { flowLogStatusActivePolicy } from "./flowLogStatusActive";
import { flowLogUniqueSagAssociationPolicy } from "./flowLogUniqueSagAssociation";
import { flowLogUniqueNamesPolicy } from "./flowLogUniqueNames";
import { POLICY_EXEMPTIONS, policyExemptionsConfigProblems, policyExemptionsPolicy } from "./policyExemptions";
import { PolicyConfigEntry, setPackConfig } from "./runState";
import { trafficMirrorFilterNoOpenBothDirectionsPolicy } from "./trafficMirrorFilterNoOpenBothDirections";
import {
  MIRROR_SESSION_ALLOWED_TARGETS,
  trafficMirrorSessionAllowedTargetsConfigProblems,
  trafficMirrorSessionAllowedTargetsPolicy,
} from "./trafficMirrorSessionAllowedTargets";
import {
  MIRROR_SESSION_PACKET_LENGTH,
  trafficMirrorSessionPacketLengthConfigProblems,
  trafficMirrorSessionPacketLengthPolicy,
} from "./trafficMirrorSessionPacketLength";
import { trafficMirrorSessionServiceInStackPolicy } from "./trafficMirrorSessionServiceInStack";
import { trafficMirrorSessionUniquePrioritiesPolicy } from "./trafficMirrorSessionUniquePriorities";
import { uncheckedValuesPolicy } from "./uncheckedValues";
import {
  VPC_FLOW_LOG_AGGREGATION_INTERVAL,
  vpcFlowLogAggregationIntervalConfigProblems,
  vpcFlowLogAggregationIntervalPolicy,
} from "./vpcFlowLogAggregationInterval";
import { VPC_FLOW_LOG_COVERAGE, vpcFlowLogCoverageConfigProblems, vpcFlowLogCoveragePolicy } from "./vpcFlowLogCoverage";
import {
  VPC_FLOW_LOG_SLS_DESTINATION,
  vpcFlowLogSlsDestinationConfigProblems,
  vpcFlowLogSlsDestinationPolicy,
} from "./vpcFlowLogSlsDestination";
import { VPC_FLOW_LOG_TRAFFIC_TYPE, vpcFlowLogTrafficTypeConfigProblems, vpcFlowLogTrafficTypePolicy } from "./vpcFlowLogTrafficType";

export * from "./allowedRegions";
export * from "./deployedState";
export * from "./flowLogAgingRanges";
export * from "./flowLogPrivateNetflowCollector";
export * from "./flowLogRequiredOutputSettings";
export * from "./flowLogStatusActive";
export * from "./flowLogUniqueSagAssociation";
export * from "./flowLogUniqueNames";
export * from "./policyExemptions";
export * from "./trafficMirrorFilterNoOpenBothDirections";
export * from "./trafficMirrorSessionAllowedTargets";
export * from "./trafficMirrorSessionPacketLength";
export * from "./trafficMirrorSessionServiceInStack";
export * from "./trafficMirrorSessionUniquePriorities";
export * from "./uncheckedValues";
export * from "./vpcFlowLogAggregationInterval";
export * from "./vpcFlowLogCoverage";
export * from "./vpcFlowLogSlsDestination";
export * from "./vpcFlowLogTrafficType";
export { schemaLoaded } from "./util";
export { docsUrl } from "./define";

/** The pack's name, as the engine prints it in violations. */
export const POLICY_PACK_NAME = "alicloud-traffic-policies";

/**
 * The policies in the order the engine runs them: resource policies, then stack policies, with the
 * pack's own notes last (`deployed-state` compares with what the resource policies reported;
 * `policy-exemptions` and `unchecked-values` report what every other policy noted in the run).
 */
export const policies: Policies = [
  flowLogAgingRangesPolicy,
  flowLogRequiredOutputSettingsPolicy,
  flowLogPrivateNetflowCollectorPolicy,
  flowLogStatusActivePolicy,
  allowedRegionsPolicy,
  trafficMirrorSessionAllowedTargetsPolicy,
  trafficMirrorFilterNoOpenBothDirectionsPolicy,
  trafficMirrorSessionPacketLengthPolicy,
  vpcFlowLogAggregationIntervalPolicy,
  vpcFlowLogTrafficTypePolicy,
  vpcFlowLogSlsDestinationPolicy,
  flowLogUniqueSagAssociationPolicy,
  flowLogUniqueNamesPolicy,
  trafficMirrorSessionServiceInStackPolicy,
  trafficMirrorSessionUniquePrioritiesPolicy,
  vpcFlowLogCoveragePolicy,
  deployedStatePolicy,
  policyExemptionsPolicy,
  uncheckedValuesPolicy,
];

/**
 * The checks of a config that JSON schema cannot express (a minimum above a maximum, a malformed
 * CIDR, an empty list), per policy; the policies run the same checks and cannot run without them.
 */
export const configChecks: Record<string, (config: Record<string, unknown>) => string[]> = {
  [FLOW_LOG_AGING_RANGES]: flowLogAgingRangesConfigProblems,
  [FLOW_LOG_REQUIRED_OUTPUT_SETTINGS]: flowLogRequiredOutputSettingsConfigProblems,
  [FLOW_LOG_PRIVATE_NETFLOW_COLLECTOR]: flowLogPrivateNetflowCollectorConfigProblems,
  [MIRROR_SESSION_ALLOWED_TARGETS]: trafficMirrorSessionAllowedTargetsConfigProblems,
  [MIRROR_SESSION_PACKET_LENGTH]: trafficMirrorSessionPacketLengthConfigProblems,
  [VPC_FLOW_LOG_AGGREGATION_INTERVAL]: vpcFlowLogAggregationIntervalConfigProblems,
  [VPC_FLOW_LOG_TRAFFIC_TYPE]: vpcFlowLogTrafficTypeConfigProblems,
  [VPC_FLOW_LOG_SLS_DESTINATION]: vpcFlowLogSlsDestinationConfigProblems,
  [VPC_FLOW_LOG_COVERAGE]: vpcFlowLogCoverageConfigProblems,
  [POLICY_EXEMPTIONS]: policyExemptionsConfigProblems,
};

/** A word's edit distance to another (for "did you mean" on misspelled policy names). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

export interface ConfigReport {
  /** Config the policies cannot run with: the run stops with these, once. */
  errors: string[];
  /** Entries that configure no policy of the pack (a misspelled name): ignored by the engine, so warned about. */
  warnings: string[];
}

/**
 * Checks the whole config the engine hands the pack (policy name -> settings, defaults filled
 * in, plus every name the config file gave, known or not).
 */
export function checkPackConfig(config: Record<string, PolicyConfigEntry>): ConfigReport {
  const names = policies.map((p) => p.name);
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const [name, entry] of Object.entries(config)) {
    if (name === "all") continue;
    if (!names.includes(name)) {
      const [closest] = [...names].sort((a, b) => distance(name, a) - distance(name, b));
      const hint = distance(name, closest) <= 3 ? ` Did you mean "${closest}"?` : "";
      warnings.push(
        `policy config names "${name}", which is not a policy of ${POLICY_PACK_NAME}, so its settings are ignored.${hint} ` +
          `The policies are: ${names.join(", ")}.`,
      );
      continue;
    }
    if (entry.enforcementLevel === "disabled") continue;
    const { enforcementLevel: _, ...settings } = entry;
    errors.push(...(configChecks[name]?.(settings) ?? []));
  }
  return { errors, warnings };
}

/**
 * What the pack does with the config of the engine's Configure call (../engineHooks.ts): keeps it
 * for the run (exemptions, and the other policies' settings for `deployed-state`), and checks it.
 */
export function configurePack(config: Record<string, PolicyConfigEntry>): ConfigReport {
  setPackConfig(config);
  return checkPackConfig(config);
}
