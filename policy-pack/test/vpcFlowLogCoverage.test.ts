import { VPC_FLOW_LOG_COVERAGE, vpcFlowLogCoverageDefaults, vpcFlowLogCoveragePolicy as policy } from "../policies";
import { configurePack } from "../policies";
import { drainExemptions, drainUnseen, resetRunState } from "../policies/runState";
import { SECRET, UNKNOWN, bridgedEni, bridgedNetwork, bridgedSwitch, bridgedVpcFlowLog, otherResource, vpcFlowLog } from "./fixtures";
import { CLEAN, TestResource, runStackPolicy, uncheckedNotes, urnOf } from "./harness";

const FIX =
  'add a vpc.FlowLog (or alicloud.vpc.FlowLog) with resourceType "VPC" and resourceId set to the VPC\'s id, ' +
  "or exempt the VPC (policy-exemptions) if a flow log outside this stack covers it";
const uncovered = (vpc: string, detail = "") =>
  `alicloud.vpc.Network "${vpc}": no Active flow log with traffic type "All" records this VPC${detail}: ${FIX}`;

/** Our flow log of the VPC `vpc` (its resourceId from the VPC's id: a property dependency, unknown in preview). */
const ours = (name: string, vpc: string, overrides: Record<string, unknown> = {}): TestResource => ({
  ...vpcFlowLog(name, { resourceId: UNKNOWN, ...overrides }),
  propertyDependencies: { resourceId: [vpc] },
});

describe("#vpc-flowlog-coverage", () => {
  beforeEach(() => resetRunState());

  it("is a stack policy with its public name, a mandatory default level and a 'Checks that' description", () => {
    expect(policy.name).toBe(VPC_FLOW_LOG_COVERAGE);
    expect(policy.name).toBe("vpc-flowlog-coverage");
    expect(policy.enforcementLevel).toBe("mandatory");
    expect(policy.description).toMatch(/^Checks that /);
    expect(vpcFlowLogCoverageDefaults()).toEqual({
      trafficTypes: ["All"],
      countVSwitchFlowLogs: false,
      countNetworkInterfaceFlowLogs: false,
    });
  });

  it("is not applicable to a stack without VPCs", async () => {
    expect((await runStackPolicy(policy, [vpcFlowLog(), otherResource()])).notApplicable).toEqual([
      "Policy only applies to stacks with resources of type 'alicloud:vpc/network:Network'",
    ]);
  });

  it("#1 passes VPCs covered by our vpc.FlowLog and by the bridged one (matched through the property dependency)", async () => {
    const stack = [bridgedNetwork("a"), bridgedNetwork("b"), ours("fl-a", "a"), bridgedVpcFlowLog("fl-b", { resourceId: UNKNOWN }, "b")];
    expect(await runStackPolicy(policy, stack)).toEqual(CLEAN);
  });

  it("#2 names the one uncovered VPC of a stack with one covered and one uncovered, on the VPC", async () => {
    const b = bridgedNetwork("b");
    const out = await runStackPolicy(policy, [bridgedNetwork("a"), b, ours("fl-a", "a")]);
    expect(out.violations).toEqual([uncovered("b")]);
    expect(out.urns).toEqual([urnOf(b)]);
  });

  it("matches a flow log by id when the VPC's outputs show it (the real bridged provider's id output)", async () => {
    const stack = [bridgedNetwork("a", { id: "vpc-aaaaaaaa" }), bridgedVpcFlowLog("fl", { resourceId: "vpc-aaaaaaaa" })];
    expect(await runStackPolicy(policy, stack)).toEqual(CLEAN);
    const other = [bridgedNetwork("a", { id: "vpc-aaaaaaaa" }), bridgedVpcFlowLog("fl", { resourceId: "vpc-elsewhere" })];
    expect((await runStackPolicy(policy, other)).violations).toEqual([uncovered("a")]);
  });

  it("does not count an Inactive flow log or one of another traffic type, and says so", async () => {
    const stack = [
      bridgedNetwork("a"),
      bridgedVpcFlowLog("paused", { resourceId: UNKNOWN, status: "Inactive" }, "a"),
      ours("drops", "a", { trafficType: "Drop" }),
    ];
    expect((await runStackPolicy(policy, stack)).violations).toEqual([
      uncovered(
        "a",
        ' (alicloud.vpc.FlowLog "paused" records it, but its status is "Inactive"; vpc.FlowLog "drops" records it, but its trafficType is "Drop")',
      ),
    ]);
    expect((await runStackPolicy(policy, stack, { trafficTypes: ["All", "Drop"] })).violations).toEqual([]);
  });

  it("does not count a vSwitch- or ENI-scoped flow log unless configured, then needs one for each vSwitch of the VPC", async () => {
    const sw = (name: string, target: string, type: string) => ({
      ...bridgedVpcFlowLog(name, { resourceType: type, resourceId: UNKNOWN }),
      propertyDependencies: { resourceId: [target] },
    });
    const stack = [
      bridgedNetwork("a"),
      bridgedSwitch("sw1", "a"),
      bridgedSwitch("sw2", "a"),
      bridgedEni("eni1", "sw2"),
      sw("fl-sw1", "sw1", "VSwitch"),
      sw("fl-eni1", "eni1", "NetworkInterface"),
    ];
    expect((await runStackPolicy(policy, stack)).violations).toEqual([uncovered("a")]);
    expect((await runStackPolicy(policy, stack, { countVSwitchFlowLogs: true })).violations).toEqual([
      uncovered("a", '; nor does one of each of its vSwitches: alicloud.vpc.Switch "sw2" has none'),
    ]);
    expect((await runStackPolicy(policy, stack, { countVSwitchFlowLogs: true, countNetworkInterfaceFlowLogs: true })).violations).toEqual(
      [],
    );
  });

  it("never reports a VPC it cannot match either way, and notes why", async () => {
    // A literal resourceId, no property dependency, and a VPC whose outputs show no id (as the stand-in's do).
    const out = await runStackPolicy(policy, [bridgedNetwork("a"), bridgedVpcFlowLog("fl", { resourceId: "vpc-bp1gnu8br4ay7beb2wxl5" })]);
    expect(out.violations).toEqual([]);
    expect(uncheckedNotes(drainUnseen)).toEqual(['alicloud.vpc.Network "a" id (id): vpc-flowlog-coverage']);
  });

  it("never reports a VPC whose flow log's status or traffic type is redacted, and notes it; an unknown status counts as Active", async () => {
    expect(
      (await runStackPolicy(policy, [bridgedNetwork("a"), bridgedVpcFlowLog("fl", { resourceId: UNKNOWN, status: SECRET }, "a")]))
        .violations,
    ).toEqual([]);
    expect(uncheckedNotes(drainUnseen)).toEqual(['alicloud.vpc.FlowLog "fl" status (secret): vpc-flowlog-coverage']);
    expect(
      (await runStackPolicy(policy, [bridgedNetwork("a"), bridgedVpcFlowLog("fl", { resourceId: UNKNOWN, status: UNKNOWN }, "a")]))
        .violations,
    ).toEqual([]);
    expect(uncheckedNotes(drainUnseen)).toEqual([]);
  });

  it("leaves an exempted VPC out, and notes the exemption", async () => {
    configurePack({
      "policy-exemptions": { exemptions: [{ resource: "b", policy: VPC_FLOW_LOG_COVERAGE, reason: "covered by the network stack" }] },
    });
    const out = await runStackPolicy(policy, [bridgedNetwork("a"), bridgedNetwork("b"), ours("fl-a", "a")]);
    expect(out.violations).toEqual([]);
    expect(drainExemptions()).toEqual([
      {
        urn: urnOf(bridgedNetwork("b")),
        label: 'alicloud.vpc.Network "b"',
        policies: [{ policy: VPC_FLOW_LOG_COVERAGE, reason: "covered by the network stack" }],
      },
    ]);
  });
});
