import { Secret } from "@pulumi/policy";
import * as schema from "pulumi-alicloud-traffic/dist/provider/schema";
import { FLOW_LOG_AGING_RANGES, flowLogAgingRangesDefaults, flowLogAgingRangesPolicy as policy } from "../policies";
import { drainUnseen } from "../policies/runState";
import { SECRET, UNKNOWN, bridgedSagFlowLog, flowLog, otherResource, trafficMirrorService, vpcFlowLog } from "./fixtures";
import { runRemediation, runResourcePolicy, uncheckedNotes } from "./harness";

const API_ACTIVE = "the allowed range 60 to 6000 seconds";
const API_INACTIVE = "the allowed range 10 to 600 seconds";
const NARROWED_ACTIVE = "(policy config; the API allows 60 to 6000)";
const NARROWED_INACTIVE = "(policy config; the API allows 10 to 600)";

describe("#flowlog-aging-ranges", () => {
  it("has its public name, a mandatory default level and a 'Checks that' description", () => {
    expect(policy.name).toBe(FLOW_LOG_AGING_RANGES);
    expect(policy.name).toBe("flowlog-aging-ranges");
    expect(policy.enforcementLevel).toBe("mandatory");
    expect(policy.description).toMatch(/^Checks that /);
  });

  it("takes its defaults from the schema's API ranges", () => {
    expect(flowLogAgingRangesDefaults()).toEqual({
      minActiveAging: schema.ACTIVE_AGING.min,
      maxActiveAging: schema.ACTIVE_AGING.max,
      minInactiveAging: schema.INACTIVE_AGING.min,
      maxInactiveAging: schema.INACTIVE_AGING.max,
    });
  });

  it("#1 passes the compliant baseline", async () => {
    expect(await runResourcePolicy(policy, flowLog())).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
  });

  it("does not apply to other resource types", async () => {
    for (const r of [trafficMirrorService(), otherResource()]) {
      const out = await runResourcePolicy(policy, r);
      expect(out.violations).toEqual([]);
      expect(out.notApplicable).toEqual([
        "Policy only applies to resources of type 'pulumi-nodejs:dynamic/sag:FlowLog', 'alicloud:sag/smartagFlowLog:SmartagFlowLog'",
      ]);
    }
  });

  it.each([
    ["activeAging", 60],
    ["activeAging", 6000],
    ["inactiveAging", 10],
    ["inactiveAging", 600],
  ])("accepts %s at the API bound %d", async (field, value) => {
    expect((await runResourcePolicy(policy, flowLog("edge", { [field]: value }))).violations).toEqual([]);
  });

  it.each([
    ["activeAging", 59, `sag.FlowLog "edge": activeAging 59 is outside ${API_ACTIVE}`],
    ["activeAging", 6001, `sag.FlowLog "edge": activeAging 6001 is outside ${API_ACTIVE}`],
    ["inactiveAging", 9, `sag.FlowLog "edge": inactiveAging 9 is outside ${API_INACTIVE}`],
    ["inactiveAging", 601, `sag.FlowLog "edge": inactiveAging 601 is outside ${API_INACTIVE}`],
    ["activeAging", 90.5, `sag.FlowLog "edge": activeAging 90.5 is not an integer; use a value in ${API_ACTIVE}`],
    ["inactiveAging", "15", `sag.FlowLog "edge": inactiveAging "15" is not an integer; use a value in ${API_INACTIVE}`],
  ])("#2 fails %s = %p outside the API's range", async (field, value, message) => {
    expect((await runResourcePolicy(policy, flowLog("edge", { [field]: value }))).violations).toEqual([message]);
  });

  it("reports both agings at once", async () => {
    const out = await runResourcePolicy(policy, flowLog("edge", { activeAging: 10, inactiveAging: 1000 }));
    expect(out.violations).toEqual([
      `sag.FlowLog "edge": activeAging 10 is outside ${API_ACTIVE}`,
      `sag.FlowLog "edge": inactiveAging 1000 is outside ${API_INACTIVE}`,
    ]);
  });

  describe("config", () => {
    const org = { minActiveAging: 120, maxActiveAging: 1800, minInactiveAging: 30, maxInactiveAging: 120 };

    it.each([
      ["activeAging", 3000, `sag.FlowLog "edge": activeAging 3000 is outside the allowed range 120 to 1800 seconds ${NARROWED_ACTIVE}`],
      ["activeAging", 60, `sag.FlowLog "edge": activeAging 60 is outside the allowed range 120 to 1800 seconds ${NARROWED_ACTIVE}`],
      ["inactiveAging", 15, `sag.FlowLog "edge": inactiveAging 15 is outside the allowed range 30 to 120 seconds ${NARROWED_INACTIVE}`],
      ["inactiveAging", 600, `sag.FlowLog "edge": inactiveAging 600 is outside the allowed range 30 to 120 seconds ${NARROWED_INACTIVE}`],
      ["activeAging", 9000, `sag.FlowLog "edge": activeAging 9000 is outside the allowed range 120 to 1800 seconds ${NARROWED_ACTIVE}`],
    ])("fails %s = %d outside the org's narrower bounds", async (field, value, message) => {
      expect(
        (await runResourcePolicy(policy, flowLog("edge", { activeAging: 300, inactiveAging: 60, [field]: value }), org)).violations,
      ).toEqual([message]);
    });

    it("passes values inside the org's bounds, bounds included", async () => {
      for (const [a, i] of [
        [120, 30],
        [1800, 120],
        [600, 60],
      ]) {
        expect((await runResourcePolicy(policy, flowLog("edge", { activeAging: a, inactiveAging: i }), org)).violations).toEqual([]);
      }
    });

    it("applies a single bound with the others left at their defaults", async () => {
      const out = await runResourcePolicy(policy, flowLog("edge", { activeAging: 3000 }), { maxActiveAging: 1800 });
      expect(out.violations).toEqual([
        `sag.FlowLog "edge": activeAging 3000 is outside the allowed range 60 to 1800 seconds ${NARROWED_ACTIVE}`,
      ]);
    });

    it("fails an unset aging whose API default is outside the org's bounds", async () => {
      const out = await runResourcePolicy(policy, flowLog("edge", { activeAging: undefined, inactiveAging: undefined }), {
        minActiveAging: 600,
      });
      expect(out.violations).toEqual([
        `sag.FlowLog "edge": activeAging is not set, so the API default 300 applies, ` +
          `which is outside the allowed range 600 to 6000 seconds ${NARROWED_ACTIVE}`,
      ]);
    });

    it("passes an unset aging whose API default is inside the bounds", async () => {
      expect((await runResourcePolicy(policy, flowLog("edge", { activeAging: undefined, inactiveAging: undefined }))).violations).toEqual(
        [],
      );
    });

    it("rejects an inconsistent config (min above max) with an error that names it", async () => {
      await expect(runResourcePolicy(policy, flowLog(), { minActiveAging: 900, maxActiveAging: 600 })).rejects.toThrow(
        "policy config of flowlog-aging-ranges: minActiveAging 900 is greater than maxActiveAging 600",
      );
    });

    it("declares each setting in configSchema with the API range as limits", () => {
      expect(policy.configSchema?.properties).toEqual({
        minActiveAging: expect.objectContaining({ type: "integer", minimum: 60, maximum: 6000, default: 60 }),
        maxActiveAging: expect.objectContaining({ type: "integer", minimum: 60, maximum: 6000, default: 6000 }),
        minInactiveAging: expect.objectContaining({ type: "integer", minimum: 10, maximum: 600, default: 10 }),
        maxInactiveAging: expect.objectContaining({ type: "integer", minimum: 10, maximum: 600, default: 600 }),
      });
    });
  });

  describe("unknown values (preview)", () => {
    it("skips unknown agings without a violation or a can't-run note", async () => {
      const out = await runResourcePolicy(policy, flowLog("edge", { activeAging: UNKNOWN, inactiveAging: UNKNOWN }), {
        minActiveAging: 600,
      });
      expect(out).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
    });

    it("still checks the known aging when the other is unknown", async () => {
      const out = await runResourcePolicy(policy, flowLog("edge", { activeAging: UNKNOWN, inactiveAging: 5 }));
      expect(out.violations).toEqual([`sag.FlowLog "edge": inactiveAging 5 is outside ${API_INACTIVE}`]);
      expect(out.cantRun).toEqual([]);
    });
  });

  describe("remediation", () => {
    it("leaves a compliant flow log alone", async () => {
      expect(await runRemediation(policy, flowLog())).toEqual({ cantRun: [], notApplicable: [] });
    });

    it("clamps into the API's range", async () => {
      const out = await runRemediation(policy, flowLog("edge", { activeAging: 30, inactiveAging: 900 }));
      expect(out.props).toMatchObject({ activeAging: 60, inactiveAging: 600 });
    });

    it("clamps into the org's bounds and rounds non-integers", async () => {
      const out = await runRemediation(policy, flowLog("edge", { activeAging: 3000, inactiveAging: 44.6 }), {
        maxActiveAging: 1800,
        minInactiveAging: 30,
      });
      expect(out.props).toMatchObject({ activeAging: 1800, inactiveAging: 45 });
    });

    it("fills an unset aging with the API default, clamped into the bounds", async () => {
      const out = await runRemediation(policy, flowLog("edge", { activeAging: undefined, inactiveAging: undefined }), {
        minActiveAging: 600,
      });
      expect(out.props).toMatchObject({ activeAging: 600, inactiveAging: schema.INACTIVE_AGING.default });
    });

    it("passes validation after remediating", async () => {
      const config = { maxActiveAging: 1800 };
      const fixed = await runRemediation(policy, flowLog("edge", { activeAging: 3000 }), config);
      expect((await runResourcePolicy(policy, { ...flowLog("edge"), props: fixed.props! }, config)).violations).toEqual([]);
    });

    it("keeps every other prop, and secrets secret", async () => {
      const base = flowLog("edge", { activeAging: 30, __provider: new Secret("exports.handler = captured") });
      const out = await runRemediation(policy, base);
      const { activeAging: _a, __provider, ...rest } = out.props!;
      const { activeAging: _b, __provider: _p, ...expected } = base.props;
      expect(rest).toEqual(expected);
      expect(__provider).toBeInstanceOf(Secret);
      expect((__provider as Secret).value).toBe("exports.handler = captured");
    });

    it("leaves unknown and non-numeric values alone during preview", async () => {
      const out = await runRemediation(policy, flowLog("edge", { activeAging: UNKNOWN, inactiveAging: "fast" }));
      expect(out).toEqual({ cantRun: [], notApplicable: [] });
    });

    it("does not apply to other resource types", async () => {
      expect((await runRemediation(policy, trafficMirrorService())).notApplicable).toHaveLength(1);
    });
  });

  describe("the bridged alicloud.sag.SmartagFlowLog (same prop names)", () => {
    it("passes the bridged baseline", async () => {
      expect(await runResourcePolicy(policy, bridgedSagFlowLog())).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
    });

    it("fails agings outside the org's bounds, naming the bridged resource", async () => {
      const out = await runResourcePolicy(policy, bridgedSagFlowLog("edge", { activeAging: 3000, inactiveAging: 5 }), {
        maxActiveAging: 1800,
      });
      expect(out.violations).toEqual([
        `alicloud.sag.SmartagFlowLog "edge": activeAging 3000 is outside the allowed range 60 to 1800 seconds ${NARROWED_ACTIVE}`,
        `alicloud.sag.SmartagFlowLog "edge": inactiveAging 5 is outside ${API_INACTIVE}`,
      ]);
    });

    it("does not apply to VPC flow logs (they have no aging)", async () => {
      expect((await runResourcePolicy(policy, vpcFlowLog())).notApplicable).toHaveLength(1);
    });

    it("remediates the bridged props in place", async () => {
      const out = await runRemediation(policy, bridgedSagFlowLog("edge", { activeAging: 9000, inactiveAging: undefined }), {});
      expect(out.props).toMatchObject({ activeAging: 6000, inactiveAging: 15, flowLogName: "edge" });
    });
  });

  describe("values the policy cannot see", () => {
    beforeEach(() => drainUnseen());

    it.each([
      ["a redacted secret (policy analyze --file)", SECRET, "secret"],
      ["an unknown value (preview)", UNKNOWN, "unknown"],
    ])("never fails %s, and notes it as not checked", async (_what, value, reason) => {
      const out = await runResourcePolicy(policy, bridgedSagFlowLog("edge", { activeAging: value }), { maxActiveAging: 100 });
      expect(out.violations).toEqual([]);
      expect(out.cantRun).toEqual([]);
      expect(uncheckedNotes(drainUnseen)).toEqual([`alicloud.sag.SmartagFlowLog "edge" activeAging (${reason}): flowlog-aging-ranges`]);
    });

    it("notes our type's hidden values the same way", async () => {
      await runResourcePolicy(policy, flowLog("edge", { inactiveAging: SECRET }));
      expect(uncheckedNotes(drainUnseen)).toEqual(['sag.FlowLog "edge" inactiveAging (secret): flowlog-aging-ranges']);
    });
  });
});
