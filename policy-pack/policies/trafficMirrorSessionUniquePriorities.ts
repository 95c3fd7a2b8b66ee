import { onlyFor, stackPolicy } from "./define";

export const MIRROR_SESSION_UNIQUE_PRIORITIES = "mirror-session-unique-priorities";

/**
 * Checks, across the stack, that no two traffic mirror sessions in a region share a `priority`
 * (`vpc.TrafficMirrorSession` and the bridged `alicloud.vpc.TrafficMirrorSession`, same prop name):
 * the API takes one session per priority per region and account, so the second create fails.
 * This package's provider refuses a duplicate among the sessions one deployment creates; the policy
 * also sees bridged sessions, sessions created by earlier deployments and the state `policy analyze`
 * reads, and reports in preview, before any session is created. Reported on the later session in
 * URN order.
 */
export const trafficMirrorSessionUniquePrioritiesPolicy = stackPolicy({
  name: MIRROR_SESSION_UNIQUE_PRIORITIES,
  description: "Checks that traffic mirror session priorities are unique per region within the stack.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: "Give each traffic mirror session in a region its own priority (1 to 32766; a lower number is matched first).",
  validate: (context, _config, report) => {
    const sessions = context.subjects(["vpc.TrafficMirrorSession"]);
    if (sessions.length === 0) return context.args.notApplicable(onlyFor(["vpc.TrafficMirrorSession"]));
    const byPriority = new Map<string, string>();
    for (const session of sessions) {
      if (session.unseen("priority") || session.unseen("region")) continue;
      const { priority, region } = session.props;
      if (typeof priority !== "number" || typeof region !== "string") continue;
      const key = `${region}\u0000${priority}`;
      const first = byPriority.get(key);
      if (first === undefined) byPriority.set(key, session.label);
      else {
        report(
          `${session.label}: ${session.field("priority")} ${priority} is already used in ${region} by ${first}: ` +
            "the API takes one session per priority in a region, so creating this one fails: give each session in a region its own priority",
          session.urn,
        );
      }
    }
  },
});
