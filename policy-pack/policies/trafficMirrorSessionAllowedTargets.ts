import type { TargetType } from "pulumi-alicloud-traffic/dist/provider/schema";
import { resourcePolicy } from "./define";
import type { Subject } from "./subject";
import { emptyListProblems, enumListProperty, quoteList, schema } from "./util";

export const MIRROR_SESSION_ALLOWED_TARGETS = "mirror-session-allowed-targets";

/** Config of `mirror-session-allowed-targets`. */
export interface TrafficMirrorSessionAllowedTargetsConfig {
  /**
   * Target types sessions may mirror to. Default: both of the API's, `NetworkInterface` and `SLB`
   * (both stay inside the VPC; an organization narrows the list, e.g. to `["SLB"]`).
   */
  allowedTargetTypes: TargetType[];
}

/** The defaults: every target type of the provider's schema. */
export const trafficMirrorSessionAllowedTargetsDefaults = (): TrafficMirrorSessionAllowedTargetsConfig => ({
  allowedTargetTypes: [...schema.TARGET_TYPES],
});

/** What is wrong with a config of this policy (checked once per run, when the engine configures the pack). */
export function trafficMirrorSessionAllowedTargetsConfigProblems(config: Partial<TrafficMirrorSessionAllowedTargetsConfig>): string[] {
  const { allowedTargetTypes } = { ...trafficMirrorSessionAllowedTargetsDefaults(), ...config };
  return emptyListProblems(MIRROR_SESSION_ALLOWED_TARGETS, "allowedTargetTypes", allowedTargetTypes);
}

/**
 * The session's target type: `targetType`, else what `targetId` implies (the provider's `check`
 * fills it the same way). Undefined while the one it depends on cannot be seen (noted), or when
 * neither names a type of the API (the provider's `check` reports that).
 */
function targetTypeOf(subject: Subject): TargetType | undefined {
  if (subject.unseen("targetType")) return undefined;
  const { targetType, targetId } = subject.props;
  if (targetType === undefined || targetType === null) return subject.unseen("targetId") ? undefined : schema.targetTypeOf(targetId);
  return (schema.TARGET_TYPES as readonly unknown[]).includes(targetType) ? (targetType as TargetType) : undefined;
}

/**
 * Checks that traffic mirror sessions (`vpc.TrafficMirrorSession`, the bridged
 * `alicloud.vpc.TrafficMirrorSession` with `trafficMirrorTargetType` / `trafficMirrorTargetId`)
 * send mirrored traffic only to the target types the organization allows (an ENI, an internal SLB).
 */
export const trafficMirrorSessionAllowedTargetsPolicy = resourcePolicy<TrafficMirrorSessionAllowedTargetsConfig>({
  name: MIRROR_SESSION_ALLOWED_TARGETS,
  description: "Checks that traffic mirror sessions mirror only to the target types the organization allows (NetworkInterface, SLB).",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Mirror to a target of an allowed type (e.g. the internal SLB in front of the collector fleet), or ask the platform team " +
    "to allow the type in allowedTargetTypes.",
  kinds: ["vpc.TrafficMirrorSession"],
  settings: {
    defaults: trafficMirrorSessionAllowedTargetsDefaults,
    configProblems: trafficMirrorSessionAllowedTargetsConfigProblems,
    configSchema: () => ({
      properties: {
        allowedTargetTypes: enumListProperty(
          schema.TARGET_TYPES,
          "Target types traffic mirror sessions may mirror to (NetworkInterface, SLB).",
        ),
      },
    }),
  },
  validate: (subject, { allowedTargetTypes }, report) => {
    const type = targetTypeOf(subject);
    if (type === undefined || allowedTargetTypes.includes(type)) return;
    const { targetId } = subject.props;
    const target =
      typeof targetId === "string" && !schema.containsUnknown(targetId)
        ? ` (${subject.field("targetId")} ${JSON.stringify(targetId)})`
        : "";
    report(
      `${subject.label}: target type ${JSON.stringify(type)}${target} is not allowed: ` +
        `mirror to one of ${quoteList(allowedTargetTypes)} (policy config allowedTargetTypes)`,
    );
  },
});
