import type { ResourceValidationPolicy } from "@pulumi/policy";
import { known, rangeOf, rangePolicy, schema, settings, trafficMirrorSessionLabel, validateTrafficMirrorSession } from "./util";

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
 * Checks that a traffic mirror session's `packetLength` lies within the API's range (64 to 8500
 * bytes) and within the organization's narrower bounds from config. An unset length counts as
 * the API default, 1500.
 */
export const trafficMirrorSessionPacketLengthPolicy: ResourceValidationPolicy = {
  name: MIRROR_SESSION_PACKET_LENGTH,
  description: "Checks that traffic mirror session packet lengths are within the API's range and the organization's bounds.",
  enforcementLevel: "mandatory",
  severity: "medium",
  get configSchema() {
    return packetLength.configSchema();
  },
  validateResource: validateTrafficMirrorSession((args, reportViolation) => {
    const config = settings(args, trafficMirrorSessionPacketLengthDefaults());
    for (const problem of packetLength.violations(known(args.props), config)) {
      reportViolation(`${trafficMirrorSessionLabel(args.name)}: ${problem}`);
    }
  }),
};
