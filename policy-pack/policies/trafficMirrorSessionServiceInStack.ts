import { BRIDGED_TRAFFIC_MIRROR_SERVICE } from "./bridged";
import { onlyFor, stackPolicy } from "./define";
import { regionListProperty } from "./util";

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

/** Why the bridged sessions are out of this policy's reach. */
export const BRIDGED_SESSIONS_NO_SERVICE =
  "alicloud:vpc/trafficMirrorSession:TrafficMirrorSession: @pulumi/alicloud opens traffic mirroring with the invoke " +
  `${BRIDGED_TRAFFIC_MIRROR_SERVICE.invoke} (enable: "On"), not with a resource, and policies see no invokes`;

/**
 * Checks, across the stack, that every traffic mirror session's region has a
 * `vpc.TrafficMirrorService`: the API creates sessions only where traffic mirroring is opened, so
 * without one `up` fails at the session. Sessions whose region is unknown (preview) are skipped,
 * and so is every session while a service's region is unknown (it may be the one).
 *
 * Not applicable to the bridged `alicloud.vpc.TrafficMirrorSession`: `@pulumi/alicloud` opens the
 * service with the invoke `alicloud.vpc.getTrafficMirrorService({ enable: "On" })`, which no policy
 * sees, so a bridged session is never judged (a stack with bridged sessions only reports the
 * policy as not applicable with that reason).
 */
export const trafficMirrorSessionServiceInStackPolicy = stackPolicy<TrafficMirrorSessionServiceInStackConfig>({
  name: MIRROR_SESSION_SERVICE_IN_STACK,
  description: "Checks that every traffic mirror session's region has a vpc.TrafficMirrorService in the stack.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    'Declare new vpc.TrafficMirrorService("...", { region }) for the session\'s region and let the session depend on it, or list ' +
    "the region in regionsOpenedElsewhere if mirroring is opened outside this stack.",
  settings: {
    defaults: () => trafficMirrorSessionServiceInStackDefaults,
    configSchema: () => ({
      properties: {
        regionsOpenedElsewhere: regionListProperty(
          "Regions where traffic mirroring is opened outside this stack, so sessions there need no TrafficMirrorService here.",
        ),
      },
    }),
  },
  validate: (context, { regionsOpenedElsewhere }, report) => {
    const all = context.subjects(["vpc.TrafficMirrorSession"]);
    const sessions = all.filter((s) => !s.bridged);
    if (sessions.length === 0) {
      return context.args.notApplicable(all.length > 0 ? BRIDGED_SESSIONS_NO_SERVICE : onlyFor(["vpc.TrafficMirrorSession"]));
    }
    const services = context.subjects(["vpc.TrafficMirrorService"]);
    if (services.some((s) => s.unseen("region"))) return;
    const opened = new Set([...services.map((s) => s.props.region), ...regionsOpenedElsewhere]);
    for (const session of sessions) {
      if (session.unseen("region")) continue;
      const region = session.props.region;
      if (typeof region !== "string" || opened.has(region)) continue;
      report(
        `${session.label}: no vpc.TrafficMirrorService for ${region} in the stack, ` +
          `so creating the session fails (traffic mirroring is not opened in ${region}): ` +
          `add new vpc.TrafficMirrorService("...", { region: "${region}" }) and let the session depend on it, ` +
          "or list the region in regionsOpenedElsewhere (policy config) if it is opened outside this stack",
        session.urn,
      );
    }
  },
});
