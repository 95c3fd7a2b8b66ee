import { FLOW_LOG_PRIVATE_NETFLOW_COLLECTOR, RFC1918_CIDRS, flowLogPrivateNetflowCollectorPolicy as policy } from "../policies";
import { drainUnseen } from "../policies/runState";
import { SECRET, UNKNOWN, bridgedSagFlowLog, flowLog, trafficMirrorService } from "./fixtures";
import { runResourcePolicy, uncheckedNotes } from "./harness";

const RFC1918 = "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16";
const WHY = "NetFlow records travel unencrypted over UDP, so send them to a collector on a private address";
const violations = async (overrides: Record<string, unknown>, config = {}) =>
  (await runResourcePolicy(policy, flowLog("edge", overrides), config)).violations;

describe("#flowlog-private-netflow-collector", () => {
  it("has its public name, a mandatory default level and a 'Checks that' description", () => {
    expect(policy.name).toBe(FLOW_LOG_PRIVATE_NETFLOW_COLLECTOR);
    expect(policy.name).toBe("flowlog-private-netflow-collector");
    expect(policy.enforcementLevel).toBe("mandatory");
    expect(policy.description).toMatch(/^Checks that /);
    expect(policy.configSchema?.properties.allowedCidrs.default).toEqual(RFC1918_CIDRS);
  });

  it("#1 passes the compliant baseline", async () => {
    expect(await runResourcePolicy(policy, flowLog())).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
  });

  it("does not apply to other resource types", async () => {
    expect((await runResourcePolicy(policy, trafficMirrorService())).notApplicable).toEqual([
      "Policy only applies to resources of type 'pulumi-nodejs:dynamic/sag:FlowLog', 'alicloud:sag/smartagFlowLog:SmartagFlowLog'",
    ]);
  });

  it.each(["10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.20"])("passes the private collector %s", async (ip) => {
    expect(await violations({ netflowServerIp: ip })).toEqual([]);
  });

  it.each(["8.8.8.8", "172.32.0.1", "192.169.0.1", "100.64.0.1", "47.96.1.1"])("#2 fails the public collector %s", async (ip) => {
    expect(await violations({ netflowServerIp: ip })).toEqual([
      `sag.FlowLog "edge": netflowServerIp "${ip}" is not in an allowed range (${RFC1918}; policy config allowedCidrs): ${WHY}`,
    ]);
  });

  it("applies to outputType netflow as well as all, and not to sls", async () => {
    expect(await violations({ outputType: "netflow", netflowServerIp: "8.8.8.8" })).toHaveLength(1);
    expect(await violations({ outputType: "sls", netflowServerIp: "8.8.8.8" })).toEqual([]);
  });

  it("leaves missing or malformed IPs to flowlog-required-output-settings", async () => {
    expect(await violations({ netflowServerIp: undefined })).toEqual([]);
    expect(await violations({ netflowServerIp: "8.8.8" })).toEqual([]);
  });

  it("skips an unknown IP or output type during preview", async () => {
    for (const overrides of [{ netflowServerIp: UNKNOWN }, { outputType: UNKNOWN, netflowServerIp: "8.8.8.8" }]) {
      expect(await runResourcePolicy(policy, flowLog("edge", overrides))).toEqual({
        violations: [],
        urns: [],
        cantRun: [],
        notApplicable: [],
      });
    }
  });

  describe("config allowedCidrs", () => {
    it("replaces the RFC 1918 ranges", async () => {
      const config = { allowedCidrs: ["10.20.0.0/16", "100.64.0.0/10"] };
      expect(await violations({ netflowServerIp: "100.64.3.4" }, config)).toEqual([]);
      expect(await violations({ netflowServerIp: "10.20.9.9" }, config)).toEqual([]);
      expect(await violations({ netflowServerIp: "10.0.0.5" }, config)).toEqual([
        `sag.FlowLog "edge": netflowServerIp "10.0.0.5" is not in an allowed range ` +
          `(10.20.0.0/16, 100.64.0.0/10; policy config allowedCidrs): ${WHY}`,
      ]);
    });

    it("accepts a single host", async () => {
      expect(await violations({ netflowServerIp: "203.0.113.7" }, { allowedCidrs: ["203.0.113.7/32"] })).toEqual([]);
    });

    it.each(["10.0.0.0", "10.0.0.0/33", "10.0.0/8", "10.0.0.0/8/1", "::1/128"])(
      "rejects the malformed block %p with an error that names it",
      async (cidr) => {
        await expect(runResourcePolicy(policy, flowLog(), { allowedCidrs: [cidr] })).rejects.toThrow(
          `policy config of flowlog-private-netflow-collector: allowedCidrs entry ${JSON.stringify(cidr)} is not an IPv4 CIDR block ` +
            `such as "10.0.0.0/8"`,
        );
      },
    );
  });

  describe("the bridged alicloud.sag.SmartagFlowLog (same prop names)", () => {
    it("passes a private collector", async () => {
      expect(await runResourcePolicy(policy, bridgedSagFlowLog())).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
    });

    it("#2 fails a public collector, naming the bridged resource", async () => {
      expect((await runResourcePolicy(policy, bridgedSagFlowLog("edge", { netflowServerIp: "8.8.8.8" }))).violations).toEqual([
        `alicloud.sag.SmartagFlowLog "edge": netflowServerIp "8.8.8.8" is not in an allowed range (${RFC1918}; policy config allowedCidrs): ${WHY}`,
      ]);
    });
  });

  describe("a collector set as a secret", () => {
    beforeEach(() => drainUnseen());

    it("is judged where the pack can read it (preview, up, analyze of the stack: the SDK hands it over decrypted)", async () => {
      expect((await runResourcePolicy(policy, bridgedSagFlowLog("edge", { netflowServerIp: "8.8.8.8" }))).violations).toHaveLength(1);
    });

    it('is no violation when redacted to "[secret]" (policy analyze --file without the passphrase), and is noted', async () => {
      for (const r of [bridgedSagFlowLog("edge", { netflowServerIp: SECRET }), flowLog("edge", { netflowServerIp: SECRET })]) {
        expect(await runResourcePolicy(policy, r)).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
      }
      expect(uncheckedNotes(drainUnseen)).toEqual([
        'alicloud.sag.SmartagFlowLog "edge" netflowServerIp (secret): flowlog-private-netflow-collector',
        'sag.FlowLog "edge" netflowServerIp (secret): flowlog-private-netflow-collector',
      ]);
    });

    it("notes an unknown collector or output type in preview", async () => {
      await runResourcePolicy(policy, bridgedSagFlowLog("edge", { netflowServerIp: UNKNOWN }));
      await runResourcePolicy(policy, flowLog("fl", { outputType: UNKNOWN }));
      expect(uncheckedNotes(drainUnseen)).toEqual([
        'alicloud.sag.SmartagFlowLog "edge" netflowServerIp (unknown): flowlog-private-netflow-collector',
        'sag.FlowLog "fl" outputType (unknown): flowlog-private-netflow-collector',
      ]);
    });
  });
});
