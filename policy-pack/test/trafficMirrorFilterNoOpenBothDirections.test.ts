import { MIRROR_FILTER_NO_OPEN_BOTH_DIRECTIONS, trafficMirrorFilterNoOpenBothDirectionsPolicy as policy } from "../policies";
import { StackValidationPolicy } from "@pulumi/policy";
import { drainUnseen } from "../policies/runState";
import { SECRET, UNKNOWN, bridgedFilter, bridgedRule, otherResource, rule, trafficMirrorFilter, trafficMirrorSession } from "./fixtures";
import { CLEAN, resourceRunner, runResourcePolicy, runStackPolicy, uncheckedNotes, urnOf } from "./harness";

const WHY =
  "Mirroring all traffic both ways copies everything the sources send and receive to the target " +
  "(a data-exfiltration path, and twice the traffic to pay for): narrow the peer blocks of one direction";
const OPEN = { ingressRules: [rule()], egressRules: [rule()] };
const { run, violations } = resourceRunner(policy, trafficMirrorFilter);

describe("#mirror-filter-no-open-both-directions", () => {
  it("has its public name, a mandatory default level and a 'Checks that' description", () => {
    expect(policy.name).toBe(MIRROR_FILTER_NO_OPEN_BOTH_DIRECTIONS);
    expect(policy.name).toBe("mirror-filter-no-open-both-directions");
    expect(policy.enforcementLevel).toBe("mandatory");
    expect(policy.description).toMatch(/^Checks that /);
    expect(policy.configSchema?.properties.openPrefixLength).toMatchObject({ type: "integer", minimum: 0, maximum: 32, default: 0 });
  });

  it("#1 passes the compliant baseline (open inbound only)", async () => {
    expect(await run({})).toEqual(CLEAN);
  });

  it("does not apply to other resource types", async () => {
    expect((await runResourcePolicy(policy, trafficMirrorSession())).notApplicable).toEqual([
      "Policy only applies to resources of type 'pulumi-nodejs:dynamic/vpc:TrafficMirrorFilter', 'alicloud:vpc/trafficMirrorFilter:TrafficMirrorFilter'",
    ]);
  });

  it("#2 fails a filter that accepts every address in both directions", async () => {
    expect(await violations(OPEN)).toEqual([
      'vpc.TrafficMirrorFilter "web": both directions accept every address: ingress rule priority 1 accepts sourceCidrBlock 0.0.0.0/0 ' +
        `and egress rule priority 1 accepts destinationCidrBlock 0.0.0.0/0. ${WHY}`,
    ]);
  });

  it("names the first open rule of each direction by priority, and counts a block left out as 0.0.0.0/0", async () => {
    const out = await violations({
      ingressRules: [rule({ priority: 2 }), rule({ priority: 1, protocol: "UDP", sourceCidrBlock: "10.1.0.0/16" }), rule({ priority: 3 })],
      egressRules: [{ priority: 7, protocol: "ICMP", action: "accept" }],
    });
    expect(out).toEqual([
      'vpc.TrafficMirrorFilter "web": both directions accept every address: ingress rule priority 2 accepts sourceCidrBlock 0.0.0.0/0 ' +
        `and egress rule priority 7 accepts destinationCidrBlock 0.0.0.0/0. ${WHY}`,
    ]);
  });

  it.each([
    ["no egress rules", { egressRules: [] }],
    ["drop rules only in egress", { egressRules: [rule({ action: "drop" })] }],
    ["a narrowed ingress peer (source)", { ingressRules: [rule({ sourceCidrBlock: "192.168.0.0/16" })] }],
    ["a narrowed egress peer (destination)", { egressRules: [rule({ destinationCidrBlock: "10.0.0.0/8" })] }],
  ])("passes open rules in one direction only: %s", async (_, change) => {
    expect(await violations({ ...OPEN, ...change })).toEqual([]);
  });

  it("judges the peer block only: ingress by source, egress by destination (the other block is the mirrored ENI)", async () => {
    const narrowedOwnSide = {
      ingressRules: [rule({ destinationCidrBlock: "10.0.0.5/32" })],
      egressRules: [rule({ sourceCidrBlock: "10.0.0.5/32" })],
    };
    expect(await violations(narrowedOwnSide)).toHaveLength(1);
    const narrowedPeers = {
      ingressRules: [rule({ sourceCidrBlock: "10.0.0.0/8" })],
      egressRules: [rule({ destinationCidrBlock: "10.0.0.0/8" })],
    };
    expect(await violations(narrowedPeers)).toEqual([]);
  });

  it('skips unknown rules, actions and blocks during preview: no violation and no "can\'t run"', async () => {
    for (const change of [
      { egressRules: UNKNOWN },
      { egressRules: [UNKNOWN] },
      { egressRules: [rule({ action: UNKNOWN })] },
      { egressRules: [rule({ destinationCidrBlock: UNKNOWN })] },
      { ingressRules: [rule({ sourceCidrBlock: UNKNOWN })] },
    ]) {
      expect(await run({ ...OPEN, ...change })).toEqual(CLEAN);
    }
  });

  it("still judges a rule whose unknown members do not matter (priority, ports)", async () => {
    const out = await violations({ ...OPEN, egressRules: [rule({ priority: UNKNOWN, destinationPortRange: UNKNOWN, protocol: "TCP" })] });
    expect(out).toEqual([
      'vpc.TrafficMirrorFilter "web": both directions accept every address: ingress rule priority 1 accepts sourceCidrBlock 0.0.0.0/0 ' +
        `and egress rule (priority not known yet) accepts destinationCidrBlock 0.0.0.0/0. ${WHY}`,
    ]);
  });

  describe("config openPrefixLength", () => {
    const wide = {
      ingressRules: [rule({ sourceCidrBlock: "10.0.0.0/8" })],
      egressRules: [rule({ destinationCidrBlock: "172.16.0.0/12" })],
    };

    it("counts blocks of that prefix length or shorter as open", async () => {
      expect(await violations(wide, { openPrefixLength: 12 })).toEqual([
        'vpc.TrafficMirrorFilter "web": both directions accept a block of /12 or wider (policy config openPrefixLength): ' +
          "ingress rule priority 1 accepts sourceCidrBlock 10.0.0.0/8 and " +
          "egress rule priority 1 accepts destinationCidrBlock 172.16.0.0/12. " +
          WHY,
      ]);
      expect(await violations(wide, { openPrefixLength: 8 })).toEqual([]);
      expect(await violations(wide)).toEqual([]);
    });
  });

  describe("the bridged alicloud.vpc.TrafficMirrorFilter (inline rules, same member names)", () => {
    beforeEach(() => drainUnseen());

    it("passes a filter open in one direction", async () => {
      expect(await runResourcePolicy(policy, bridgedFilter())).toEqual(CLEAN);
    });

    it("fails a filter open both ways, dropping the output-only rule status", async () => {
      const open = { action: "accept", protocol: "ALL", trafficMirrorFilterRuleStatus: "Created" };
      const r = bridgedFilter("web", {
        ingressRules: [{ ...open, priority: 2, sourceCidrBlock: "0.0.0.0/0" }],
        egressRules: [{ ...open, priority: 1, destinationCidrBlock: "0.0.0.0/0" }],
      });
      expect((await runResourcePolicy(policy, r)).violations).toEqual([
        'alicloud.vpc.TrafficMirrorFilter "web": both directions accept every address: ingress rule priority 2 accepts sourceCidrBlock 0.0.0.0/0 and ' +
          `egress rule priority 1 accepts destinationCidrBlock 0.0.0.0/0. ${WHY}`,
      ]);
    });

    it("never counts a redacted rule list as open, and notes it", async () => {
      const out = await runResourcePolicy(
        policy,
        bridgedFilter("web", { ingressRules: SECRET, egressRules: [{ action: "accept", priority: 1 }] }),
      );
      expect(out.violations).toEqual([]);
      expect(uncheckedNotes(drainUnseen)).toEqual([
        'alicloud.vpc.TrafficMirrorFilter "web" ingressRules (secret): mirror-filter-no-open-both-directions',
      ]);
    });
  });

  describe("rules declared as resources of their own (the stack part)", () => {
    const stackPart = policy as unknown as StackValidationPolicy;
    beforeEach(() => drainUnseen());

    it("is a resource and a stack policy under one name (the SDK runs each part in its own call)", () => {
      expect(typeof policy.validateResource).toBe("function");
      expect(typeof stackPart.validateStack).toBe("function");
      /* eslint-disable @typescript-eslint/no-require-imports -- the SDK's own dispatch, internal */
      const sdk = require("@pulumi/policy/policy") as { isResourcePolicy(p: unknown): boolean; isStackPolicy(p: unknown): boolean };
      /* eslint-enable @typescript-eslint/no-require-imports */
      expect(sdk.isResourcePolicy(policy)).toBe(true);
      expect(sdk.isStackPolicy(policy)).toBe(true);
    });

    it("fails a filter whose ingress and egress rule resources accept every address, on the ingress rule", async () => {
      const inAll = bridgedRule("ingress", "in-all", "web", { priority: 2 });
      const stack = [
        bridgedFilter("web", { ingressRules: undefined, egressRules: undefined }),
        inAll,
        bridgedRule("egress", "out-all", "web"),
      ];
      const out = await runStackPolicy(stackPart, stack);
      expect(out.violations).toEqual([
        'alicloud.vpc.TrafficMirrorFilter "web": both directions accept every address: ' +
          'ingress rule priority 2 (alicloud.vpc.TrafficMirrorFilterIngressRule "in-all") accepts sourceCidrBlock 0.0.0.0/0 and ' +
          'egress rule priority 1 (alicloud.vpc.TrafficMirrorFilterEgressRule "out-all") accepts destinationCidrBlock 0.0.0.0/0. ' +
          WHY,
      ]);
      expect(out.urns).toEqual([urnOf(inAll)]);
    });

    it("pairs a rule resource with the filter's inline rules of the other direction", async () => {
      const inline = { ingressRules: undefined, egressRules: [{ priority: 1, action: "accept", protocol: "ALL" }] };
      const stack = [bridgedFilter("web", inline), bridgedRule("ingress", "in-all", "web")];
      expect((await runStackPolicy(stackPart, stack)).violations).toHaveLength(1);
    });

    it("leaves inline rules alone (the resource part reports them) and passes narrowed peers", async () => {
      expect((await runStackPolicy(stackPart, [trafficMirrorFilter("ours", OPEN), bridgedFilter()])).violations).toEqual([]);
      const narrowed = [
        bridgedFilter("web"),
        bridgedRule("ingress", "in", "web"),
        bridgedRule("egress", "out", "web", { destinationCidrBlock: "10.1.0.0/16" }),
      ];
      expect((await runStackPolicy(stackPart, narrowed)).violations).toEqual([]);
    });

    it("groups rules of a filter outside the stack by its id, and honours the deprecated ruleAction", async () => {
      const stack = [
        bridgedRule("ingress", "in", undefined, { trafficMirrorFilterId: "tmf-elsewhere", action: undefined, ruleAction: "accept" }),
        bridgedRule("egress", "out", undefined, { trafficMirrorFilterId: "tmf-elsewhere" }),
        otherResource(),
      ];
      expect((await runStackPolicy(stackPart, stack)).violations).toEqual([
        expect.stringMatching(/^traffic mirror filter "tmf-elsewhere": both directions/),
      ]);
    });

    it("never counts a redacted action or peer as open, and notes it", async () => {
      const stack = [
        bridgedFilter("web", { ingressRules: undefined, egressRules: undefined }),
        bridgedRule("ingress", "in", "web", { sourceCidrBlock: SECRET }),
        bridgedRule("egress", "out", "web", { action: UNKNOWN }),
      ];
      expect((await runStackPolicy(stackPart, stack)).violations).toEqual([]);
      expect(uncheckedNotes(drainUnseen)).toEqual([
        'alicloud.vpc.TrafficMirrorFilterEgressRule "out" action (unknown): mirror-filter-no-open-both-directions',
        'alicloud.vpc.TrafficMirrorFilterIngressRule "in" sourceCidrBlock (secret): mirror-filter-no-open-both-directions',
      ]);
    });
  });
});
