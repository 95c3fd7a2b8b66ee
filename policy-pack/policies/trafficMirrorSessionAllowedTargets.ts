import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import type { TargetType } from "pulumi-alicloud-traffic/dist/provider/schema";
import {
  checkedSettings,
  emptyListProblems,
  enumListProperty,
  isUnknown,
  known,
  once,
  quoteList,
  schema,
  trafficMirrorSessionLabel,
  validateTrafficMirrorSession,
} from "./util";

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

const configSchema = once((): PolicyConfigSchema => ({
  properties: {
    allowedTargetTypes: enumListProperty(
      schema.TARGET_TYPES,
      "Target types traffic mirror sessions may mirror to (NetworkInterface, SLB).",
    ),
  },
}));

/**
 * The session's target type: `targetType`, else what `targetId` implies (the provider's `check`
 * fills it the same way). Undefined while either is unknown (preview), or when neither names a
 * type of the API (the provider's `check` reports that).
 */
function targetTypeOf(props: Record<string, unknown>): TargetType | undefined {
  const { targetType, targetId } = props;
  if (isUnknown(targetType)) return undefined;
  if (targetType === undefined || targetType === null) return schema.targetTypeOf(targetId);
  return (schema.TARGET_TYPES as readonly unknown[]).includes(targetType) ? (targetType as TargetType) : undefined;
}

/**
 * Checks that traffic mirror sessions send mirrored traffic only to the target types the
 * organization allows (an ENI, an internal SLB instance).
 */
export const trafficMirrorSessionAllowedTargetsPolicy: ResourceValidationPolicy = {
  name: MIRROR_SESSION_ALLOWED_TARGETS,
  description: "Checks that traffic mirror sessions mirror only to the target types the organization allows (NetworkInterface, SLB).",
  enforcementLevel: "mandatory",
  severity: "high",
  get configSchema() {
    return configSchema();
  },
  validateResource: validateTrafficMirrorSession((args, reportViolation) => {
    const { allowedTargetTypes } = checkedSettings(
      args,
      trafficMirrorSessionAllowedTargetsDefaults(),
      trafficMirrorSessionAllowedTargetsConfigProblems,
    );
    const props = known(args.props);
    const type = targetTypeOf(props);
    if (type === undefined || allowedTargetTypes.includes(type)) return;
    const target = typeof props.targetId === "string" && !isUnknown(props.targetId) ? ` (targetId ${JSON.stringify(props.targetId)})` : "";
    reportViolation(
      `${trafficMirrorSessionLabel(args.name)}: target type ${JSON.stringify(type)}${target} is not allowed: ` +
        `mirror to one of ${quoteList(allowedTargetTypes)} (policy config allowedTargetTypes)`,
    );
  }),
};
