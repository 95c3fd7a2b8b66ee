import { MIRROR_FILTER_NO_OPEN_BOTH_DIRECTIONS, trafficMirrorFilterNoOpenBothDirectionsPolicy as policy } from "../policies";
import { UNKNOWN, rule, trafficMirrorFilter, trafficMirrorSession } from "./fixtures";
import { CLEAN, resourceRunner, runResourcePolicy } from "./harness";

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
});
