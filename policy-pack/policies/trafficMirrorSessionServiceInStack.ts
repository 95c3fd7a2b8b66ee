import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import {
  byUrn,
  isUnknown,
  known,
  once,
  regionListProperty,
  schema,
  settings,
  trafficMirrorSessionLabel,
  validateTrafficMirrorSessionsInStack,
} from "./util";

export const MIRROR_SESSION_SERVICE_IN_STACK = "mirror-session-service-in-stack";

/** Config of `mirror-session-service-in-stack`. */
export interface TrafficMirrorSessionServiceInStackConfig {
  /**
   * Regions where traffic mirroring is opened outside this stack (another stack, the console):
   * sessions there need no `vpc.TrafficMirrorService` in this one. Default `[]`.
   */
  regionsOpenedElsewhere: string[];
}

export const trafficMirrorSessionServiceInStackDefaults: TrafficMirrorSessionServiceInStackConfig = { regionsOpenedElsewhere: [] };

const configSchema = once((): PolicyConfigSchema => ({
  properties: {
    regionsOpenedElsewhere: regionListProperty(
      "Regions where traffic mirroring is opened outside this stack, so sessions there need no TrafficMirrorService here.",
    ),
  },
}));

const knownRegion = (props: object): string | undefined => {
  const { region } = known(props);
  return typeof region === "string" && !isUnknown(region) ? region : undefined;
};

/**
 * Checks, across the stack, that every traffic mirror session's region has a
 * `vpc.TrafficMirrorService`: the API creates sessions only where traffic mirroring is opened, so
 * without one `up` fails at the session. Sessions whose region is unknown (preview) are skipped,
 * and so is every session while a service's region is unknown (it may be the one).
 */
export const trafficMirrorSessionServiceInStackPolicy: StackValidationPolicy = {
  name: MIRROR_SESSION_SERVICE_IN_STACK,
  description: "Checks that every traffic mirror session's region has a vpc.TrafficMirrorService in the stack.",
  enforcementLevel: "mandatory",
  severity: "medium",
  get configSchema() {
    return configSchema();
  },
  validateStack: validateTrafficMirrorSessionsInStack((sessions, reportViolation, args) => {
    const { regionsOpenedElsewhere } = settings(args, trafficMirrorSessionServiceInStackDefaults);
    const services = args.resources.filter((r) => r.type === schema.TRAFFIC_MIRROR_SERVICE_TYPE).map((r) => knownRegion(r.props));
    if (services.includes(undefined)) return;
    const opened = new Set([...services, ...regionsOpenedElsewhere]);
    for (const session of byUrn(sessions)) {
      const region = knownRegion(session.props);
      if (region === undefined || opened.has(region)) continue;
      reportViolation(
        `${trafficMirrorSessionLabel(session.name)}: no vpc.TrafficMirrorService for ${region} in the stack, ` +
          `so creating the session fails (traffic mirroring is not opened in ${region}): ` +
          `add new vpc.TrafficMirrorService("...", { region: "${region}" }) and let the session depend on it, ` +
          "or list the region in regionsOpenedElsewhere (policy config) if it is opened outside this stack",
        session.urn,
      );
    }
  }),
};
