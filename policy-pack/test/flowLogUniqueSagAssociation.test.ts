import { FLOW_LOG_UNIQUE_SAG_ASSOCIATION, flowLogUniqueSagAssociationPolicy as policy } from "../policies";
import { SECRET, UNKNOWN, bridgedSagFlowLog, flowLog, otherResource, trafficMirrorService } from "./fixtures";
import { runStackPolicy, urnOf } from "./harness";

const SAG_A = "sag-branch0000000001";
const SAG_B = "sag-branch0000000002";
const withSags = (name: string, smartAgIds: unknown) => flowLog(name, { smartAgIds });

describe("#flowlog-unique-sag-association", () => {
  it("is a stack policy with its public name, a mandatory default level and a 'Checks that' description", () => {
    expect(policy.name).toBe(FLOW_LOG_UNIQUE_SAG_ASSOCIATION);
    expect(policy.name).toBe("flowlog-unique-sag-association");
    expect(policy.enforcementLevel).toBe("mandatory");
    expect(policy.description).toMatch(/^Checks that /);
    expect(typeof policy.validateStack).toBe("function");
  });

  it("#1 passes a compliant stack: distinct SAGs, flow logs without SAGs, other resources", async () => {
    const stack = [
      withSags("a", [SAG_A]),
      withSags("b", [SAG_B]),
      withSags("c", []),
      flowLog("d", { smartAgIds: undefined }),
      trafficMirrorService(),
      otherResource(),
    ];
    expect(await runStackPolicy(policy, stack)).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
  });

  it("is not applicable to a stack without flow logs", async () => {
    expect((await runStackPolicy(policy, [trafficMirrorService()])).notApplicable).toEqual([
      "Policy only applies to resources of type 'pulumi-nodejs:dynamic/sag:FlowLog', 'alicloud:sag/smartagFlowLog:SmartagFlowLog'",
    ]);
  });

  it("#2 fails a SAG listed in two flow logs, on the second one", async () => {
    const b = withSags("b", [SAG_B, SAG_A]);
    const out = await runStackPolicy(policy, [withSags("a", [SAG_A]), b]);
    expect(out.violations).toEqual([
      `SAG "${SAG_A}" is listed in sag.FlowLog "a" and sag.FlowLog "b": a SAG can feed only one flow log, so remove it from one of them`,
    ]);
    expect(out.urns).toEqual([urnOf(b)]);
  });

  it("names the flow logs in URN order, whatever order the engine lists them in", async () => {
    const a = withSags("a", [SAG_A]);
    const out = await runStackPolicy(policy, [withSags("b", [SAG_A]), a]);
    expect(out.violations).toEqual([
      `SAG "${SAG_A}" is listed in sag.FlowLog "a" and sag.FlowLog "b": a SAG can feed only one flow log, so remove it from one of them`,
    ]);
    expect(out.urns).toEqual([urnOf(withSags("b", []))]);
  });

  it("reports every extra flow log and every shared SAG", async () => {
    const out = await runStackPolicy(policy, [withSags("a", [SAG_A, SAG_B]), withSags("b", [SAG_A]), withSags("c", [SAG_B, SAG_A])]);
    expect(out.violations).toEqual([
      `SAG "${SAG_A}" is listed in sag.FlowLog "a" and sag.FlowLog "b": a SAG can feed only one flow log, so remove it from one of them`,
      `SAG "${SAG_B}" is listed in sag.FlowLog "a" and sag.FlowLog "c": a SAG can feed only one flow log, so remove it from one of them`,
      `SAG "${SAG_A}" is listed in sag.FlowLog "a" and sag.FlowLog "c": a SAG can feed only one flow log, so remove it from one of them`,
    ]);
  });

  it("leaves a SAG listed twice in one flow log to the provider's check", async () => {
    expect((await runStackPolicy(policy, [withSags("a", [SAG_A, SAG_A])])).violations).toEqual([]);
  });

  it("skips unknown lists and unknown entries during preview", async () => {
    const out = await runStackPolicy(policy, [withSags("a", UNKNOWN), withSags("b", [UNKNOWN, SAG_A]), withSags("c", [UNKNOWN])]);
    expect(out).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
    const known = await runStackPolicy(policy, [withSags("a", [UNKNOWN, SAG_A]), withSags("b", [SAG_A])]);
    expect(known.violations).toHaveLength(1);
  });

  describe("the bridged alicloud.sag.SmartagFlowLog", () => {
    it("is not applicable to a stack of bridged SAG flow logs, with the mapping's reason", async () => {
      expect((await runStackPolicy(policy, [bridgedSagFlowLog("a"), bridgedSagFlowLog("b")])).notApplicable).toEqual([
        "alicloud:sag/smartagFlowLog:SmartagFlowLog has no SAG association: no bridged input: the flow log's SAG association is not part of " +
          "alicloud_smartag_flow_log, and no resource of the bridged sag module associates one",
      ]);
    });

    it("still judges ours in a mixed stack", async () => {
      const out = await runStackPolicy(policy, [withSags("a", [SAG_A]), bridgedSagFlowLog("b"), withSags("c", [SAG_A])]);
      expect(out.violations).toHaveLength(1);
    });

    it("never fails a redacted SAG list", async () => {
      expect((await runStackPolicy(policy, [withSags("a", SECRET), withSags("b", [SAG_A])])).violations).toEqual([]);
    });
  });
});
