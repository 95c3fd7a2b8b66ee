import * as schema from "pulumi-alicloud-traffic/dist/provider/schema";
import {
  MIRROR_SESSION_PACKET_LENGTH,
  checkPackConfig,
  trafficMirrorSessionPacketLengthConfigProblems as configProblems,
  trafficMirrorSessionPacketLengthDefaults,
  trafficMirrorSessionPacketLengthPolicy as policy,
} from "../policies";
import { drainUnseen } from "../policies/runState";
import { SECRET, UNKNOWN, bridgedSession, trafficMirrorFilter, trafficMirrorSession } from "./fixtures";
import { CLEAN, resourceRunner, runResourcePolicy, uncheckedNotes } from "./harness";

const { run, violations } = resourceRunner(policy, trafficMirrorSession);
const NARROW = { minPacketLength: 128, maxPacketLength: 1500 };
const NARROWED = "the allowed range 128 to 1500 bytes (policy config; the API allows 64 to 8500)";

describe("#mirror-session-packet-length", () => {
  it("has its public name, a mandatory default level and a 'Checks that' description", () => {
    expect(policy.name).toBe(MIRROR_SESSION_PACKET_LENGTH);
    expect(policy.name).toBe("mirror-session-packet-length");
    expect(policy.enforcementLevel).toBe("mandatory");
    expect(policy.description).toMatch(/^Checks that /);
  });

  it("takes its config schema and defaults from the field table (64 to 8500 bytes)", () => {
    const { min, max } = schema.PACKET_LENGTH;
    expect(trafficMirrorSessionPacketLengthDefaults()).toEqual({ minPacketLength: min, maxPacketLength: max });
    for (const key of ["minPacketLength", "maxPacketLength"]) {
      expect(policy.configSchema?.properties[key]).toMatchObject({ type: "integer", minimum: min, maximum: max });
    }
    expect([min, max]).toEqual([64, 8500]);
  });

  it("#1 passes the compliant baseline", async () => {
    expect(await run({})).toEqual(CLEAN);
  });

  it("does not apply to other resource types", async () => {
    expect((await runResourcePolicy(policy, trafficMirrorFilter())).notApplicable).toEqual([
      "Policy only applies to resources of type 'pulumi-nodejs:dynamic/vpc:TrafficMirrorSession', 'alicloud:vpc/trafficMirrorSession:TrafficMirrorSession'",
    ]);
  });

  it.each([64, 1500, 8500])("passes %p under the default config", async (packetLength) => {
    expect(await violations({ packetLength })).toEqual([]);
  });

  it.each([63, 8501, 0])("#2 fails %p, outside the API's range", async (packetLength) => {
    expect(await violations({ packetLength })).toEqual([
      `vpc.TrafficMirrorSession "tap": packetLength ${packetLength} is outside the allowed range 64 to 8500 bytes`,
    ]);
  });

  it("fails a length that is not an integer", async () => {
    expect(await violations({ packetLength: 1500.5 })).toEqual([
      'vpc.TrafficMirrorSession "tap": packetLength 1500.5 is not an integer; use a value in the allowed range 64 to 8500 bytes',
    ]);
    expect(await violations({ packetLength: "1500" })).toEqual([
      'vpc.TrafficMirrorSession "tap": packetLength "1500" is not an integer; use a value in the allowed range 64 to 8500 bytes',
    ]);
  });

  it("skips an unknown length during preview", async () => {
    expect(await run({ packetLength: UNKNOWN }, NARROW)).toEqual(CLEAN);
  });

  describe("config minPacketLength / maxPacketLength", () => {
    it("narrows the range, and says so", async () => {
      expect(await violations({ packetLength: 128 }, NARROW)).toEqual([]);
      expect(await violations({ packetLength: 9000 }, NARROW)).toEqual([
        `vpc.TrafficMirrorSession "tap": packetLength 9000 is outside ${NARROWED}`,
      ]);
      expect(await violations({ packetLength: 64 }, NARROW)).toEqual([
        `vpc.TrafficMirrorSession "tap": packetLength 64 is outside ${NARROWED}`,
      ]);
    });

    it("judges an unset length as the API default, 1500", async () => {
      expect(await violations({ packetLength: undefined }, NARROW)).toEqual([]);
      expect(await violations({ packetLength: undefined }, { maxPacketLength: 256 })).toEqual([
        'vpc.TrafficMirrorSession "tap": packetLength is not set, so the API default 1500 applies, which is outside ' +
          "the allowed range 64 to 256 bytes (policy config; the API allows 64 to 8500)",
      ]);
    });

    it("rejects a minimum above the maximum, at configure time and when run", async () => {
      const problem = "policy config of mirror-session-packet-length: minPacketLength 2000 is greater than maxPacketLength 1000";
      expect(configProblems({ minPacketLength: 2000, maxPacketLength: 1000 })).toEqual([problem]);
      expect(configProblems({ maxPacketLength: 64 })).toEqual([]);
      expect(checkPackConfig({ [MIRROR_SESSION_PACKET_LENGTH]: { minPacketLength: 2000, maxPacketLength: 1000 } }).errors).toEqual([
        problem,
      ]);
      await expect(run({}, { minPacketLength: 2000, maxPacketLength: 1000 })).rejects.toThrow(problem);
    });
  });

  describe("the bridged alicloud.vpc.TrafficMirrorSession (same prop name)", () => {
    beforeEach(() => drainUnseen());

    it("passes a length within the bounds", async () => {
      expect(await runResourcePolicy(policy, bridgedSession(), NARROW)).toEqual(CLEAN);
    });

    it("fails a length outside the org's bounds", async () => {
      expect((await runResourcePolicy(policy, bridgedSession("tap", { packetLength: 9000 }), NARROW)).violations).toEqual([
        `alicloud.vpc.TrafficMirrorSession "tap": packetLength 9000 is outside ${NARROWED}`,
      ]);
    });

    it("never fails a redacted or unknown length, and notes it", async () => {
      for (const [name, value] of [
        ["a", SECRET],
        ["b", UNKNOWN],
      ]) {
        expect((await runResourcePolicy(policy, bridgedSession(name, { packetLength: value }), NARROW)).violations).toEqual([]);
      }
      expect(uncheckedNotes(drainUnseen)).toEqual([
        'alicloud.vpc.TrafficMirrorSession "a" packetLength (secret): mirror-session-packet-length',
        'alicloud.vpc.TrafficMirrorSession "b" packetLength (unknown): mirror-session-packet-length',
      ]);
    });
  });
});
