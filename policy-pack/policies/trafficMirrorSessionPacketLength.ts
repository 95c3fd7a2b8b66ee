import { resourcePolicy } from "./define";
import { rangeOf, rangePolicy, schema } from "./util";

export const MIRROR_SESSION_PACKET_LENGTH = "mirror-session-packet-length";

/** Config of `mirror-session-packet-length`: the organization's bounds, in bytes, inside the API's range. */
export interface TrafficMirrorSessionPacketLengthConfig {
  /** Lowest allowed `packetLength`. Default: the API's minimum, 64. */
  minPacketLength: number;
  /** Highest allowed `packetLength`. Default: the API's maximum, 8500. */
  maxPacketLength: number;
}

const packetLength = rangePolicy<TrafficMirrorSessionPacketLengthConfig>(MIRROR_SESSION_PACKET_LENGTH, () => [
  rangeOf("packetLength", schema.PACKET_LENGTH, schema.trafficMirrorSessionFieldSchemas.packetLength, "bytes"),
]);

/** The defaults: the API's range from the provider's field table. */
export const trafficMirrorSessionPacketLengthDefaults = packetLength.defaults;

/** What is wrong with a config of this policy (checked once per run, when the engine configures the pack). */
export const trafficMirrorSessionPacketLengthConfigProblems = packetLength.configProblems;

/**
 * Checks that a traffic mirror session's `packetLength` (`vpc.TrafficMirrorSession`, the bridged
 * `alicloud.vpc.TrafficMirrorSession`, same prop name) lies within the API's range (64 to 8500
 * bytes) and within the organization's narrower bounds from config. An unset length counts as the
 * API default, 1500.
 */
export const trafficMirrorSessionPacketLengthPolicy = resourcePolicy<TrafficMirrorSessionPacketLengthConfig>({
  name: MIRROR_SESSION_PACKET_LENGTH,
  description: "Checks that traffic mirror session packet lengths are within the API's range and the organization's bounds.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Set packetLength (bytes) within the range the message names; leave it unset for the API default of 1500 if that is allowed.",
  kinds: ["vpc.TrafficMirrorSession"],
  settings: { defaults: packetLength.defaults, configSchema: packetLength.configSchema, configProblems: packetLength.configProblems },
  validate: (subject, config, report) => {
    for (const problem of packetLength.violations(subject, config)) report(`${subject.label}: ${problem}`);
  },
});
