import * as schema from "pulumi-alicloud-traffic/dist/provider/schema";
import {
  FLOW_LOG_REQUIRED_OUTPUT_SETTINGS,
  flowLogRequiredOutputSettingsDefaults,
  flowLogRequiredOutputSettingsPolicy as policy,
} from "../policies";
import { drainUnseen } from "../policies/runState";
import { SECRET, UNKNOWN, bridgedSagFlowLog, flowLog, otherResource, trafficMirrorService } from "./fixtures";
import { runRemediation, runResourcePolicy, uncheckedNotes } from "./harness";

const SLS_ONLY = { outputType: "sls", netflowServerIp: undefined, netflowServerPort: undefined, netflowVersion: undefined };
const NETFLOW_ONLY = { outputType: "netflow", slsRegionId: undefined, projectName: undefined, logstoreName: undefined };

const violations = async (overrides: Record<string, unknown>, config = {}) =>
  (await runResourcePolicy(policy, flowLog("edge", overrides), config)).violations;

describe("#flowlog-required-output-settings", () => {
  it("has its public name, a mandatory default level and a 'Checks that' description", () => {
    expect(policy.name).toBe(FLOW_LOG_REQUIRED_OUTPUT_SETTINGS);
    expect(policy.name).toBe("flowlog-required-output-settings");
    expect(policy.enforcementLevel).toBe("mandatory");
    expect(policy.description).toMatch(/^Checks that /);
    expect(flowLogRequiredOutputSettingsDefaults().allowedOutputTypes).toEqual([...schema.OUTPUT_TYPES]);
  });

  it("#1 passes the compliant baseline and the single-destination variants", async () => {
    expect(await runResourcePolicy(policy, flowLog())).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
    expect(await violations(SLS_ONLY)).toEqual([]);
    expect(await violations(NETFLOW_ONLY)).toEqual([]);
  });

  it("does not apply to other resource types", async () => {
    for (const r of [trafficMirrorService(), otherResource()]) {
      expect((await runResourcePolicy(policy, r)).notApplicable).toEqual([
        "Policy only applies to resources of type 'pulumi-nodejs:dynamic/sag:FlowLog', 'alicloud:sag/smartagFlowLog:SmartagFlowLog'",
      ]);
    }
  });

  it.each([
    [{ outputType: undefined }, `sag.FlowLog "edge": outputType is required: one of "sls", "netflow", "all"`],
    [{ outputType: "kafka" }, `sag.FlowLog "edge": outputType: "kafka" is invalid: must be one of "sls", "netflow", "all"`],
  ])("#2 fails a missing or unsupported outputType %p", async (overrides, message) => {
    expect(await violations(overrides)).toEqual([message]);
  });

  describe.each(["sls", "all"])("outputType %s", (outputType) => {
    it.each(["slsRegionId", "projectName", "logstoreName"])("fails without %s", async (field) => {
      expect(await violations({ outputType, [field]: undefined })).toEqual([
        `sag.FlowLog "edge": ${field} is required when outputType is "${outputType}"`,
      ]);
    });

    it("fails invalid SLS settings with the schema's rules", async () => {
      expect(await violations({ outputType, slsRegionId: "Shanghai", projectName: "Net_Logs", logstoreName: "" })).toEqual([
        `sag.FlowLog "edge": slsRegionId: "Shanghai" is invalid: must be a region id such as "cn-shanghai"`,
        `sag.FlowLog "edge": projectName: "Net_Logs" is invalid: ` +
          `must be an SLS project name: 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit`,
        `sag.FlowLog "edge": logstoreName: "" is invalid: ` +
          `must be an SLS logstore name: 2 to 63 lowercase letters, digits, hyphens and underscores, ` +
          `starting and ending with a letter or digit`,
      ]);
    });
  });

  describe.each(["netflow", "all"])("outputType %s", (outputType) => {
    it("fails without a collector IP", async () => {
      expect(await violations({ outputType, netflowServerIp: undefined })).toEqual([
        `sag.FlowLog "edge": netflowServerIp is required when outputType is "${outputType}"`,
      ]);
    });

    it.each([
      ["netflowServerIp", "10.0.0", `netflowServerIp: "10.0.0" is invalid: must be an IPv4 address such as "10.0.0.5"`],
      ["netflowServerIp", "collector.local", `netflowServerIp: "collector.local" is invalid: must be an IPv4 address such as "10.0.0.5"`],
      ["netflowServerPort", 0, "netflowServerPort: 0 is invalid: must be an integer from 1 to 65535"],
      ["netflowServerPort", 65536, "netflowServerPort: 65536 is invalid: must be an integer from 1 to 65535"],
      ["netflowVersion", "V7", `netflowVersion: "V7" is invalid: must be one of "V5", "V9", "V10"`],
    ])("fails %s = %p", async (field, value, message) => {
      expect(await violations({ outputType, [field]: value })).toEqual([`sag.FlowLog "edge": ${message}`]);
    });

    it.each([
      ["netflowServerPort", 1],
      ["netflowServerPort", 65535],
      ["netflowVersion", "V5"],
      ["netflowVersion", "V10"],
      ["netflowServerPort", undefined],
      ["netflowVersion", undefined],
    ])("passes %s = %p (unset means the documented default)", async (field, value) => {
      expect(await violations({ outputType, [field]: value })).toEqual([]);
    });
  });

  it("ignores the settings of a destination the output type does not use", async () => {
    expect(await violations({ ...SLS_ONLY, netflowServerIp: "not-an-ip", netflowServerPort: 0 })).toEqual([]);
    expect(await violations({ ...NETFLOW_ONLY, projectName: "BAD NAME" })).toEqual([]);
  });

  describe("config allowedOutputTypes", () => {
    const slsRequired = { allowedOutputTypes: ["sls", "all"] };

    it("fails an output type the organization does not allow", async () => {
      expect(await violations(NETFLOW_ONLY, slsRequired)).toEqual([
        `sag.FlowLog "edge": outputType "netflow" is not allowed: use one of "sls", "all" (policy config allowedOutputTypes)`,
      ]);
    });

    it("passes the allowed ones", async () => {
      expect(await violations({}, slsRequired)).toEqual([]);
      expect(await violations(SLS_ONLY, slsRequired)).toEqual([]);
    });

    it("reports an unsupported value once, as invalid", async () => {
      expect(await violations({ outputType: "kafka" }, slsRequired)).toEqual([
        `sag.FlowLog "edge": outputType: "kafka" is invalid: must be one of "sls", "netflow", "all"`,
      ]);
    });

    it("declares the setting with the schema's enum", () => {
      expect(policy.configSchema?.properties.allowedOutputTypes).toMatchObject({
        type: "array",
        items: { type: "string", enum: ["sls", "netflow", "all"] },
        default: ["sls", "netflow", "all"],
      });
    });

    it("rejects an empty list", async () => {
      await expect(runResourcePolicy(policy, flowLog(), { allowedOutputTypes: [] })).rejects.toThrow(
        "policy config of flowlog-required-output-settings: allowedOutputTypes is empty",
      );
    });
  });

  describe("unknown values (preview)", () => {
    it("does not require destination fields while outputType is unknown", async () => {
      const out = await runResourcePolicy(
        policy,
        flowLog("edge", { outputType: UNKNOWN, slsRegionId: undefined, projectName: undefined, netflowServerIp: undefined }),
        {
          allowedOutputTypes: ["sls"],
        },
      );
      expect(out).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
    });

    it("skips unknown destination fields but checks the known ones", async () => {
      const out = await runResourcePolicy(
        policy,
        flowLog("edge", { projectName: UNKNOWN, netflowServerIp: UNKNOWN, netflowServerPort: 0 }),
      );
      expect(out.violations).toEqual([`sag.FlowLog "edge": netflowServerPort: 0 is invalid: must be an integer from 1 to 65535`]);
      expect(out.cantRun).toEqual([]);
    });
  });

  describe("remediation", () => {
    it("fills the documented NetFlow port and version", async () => {
      const out = await runRemediation(
        policy,
        flowLog("edge", { ...NETFLOW_ONLY, netflowServerPort: undefined, netflowVersion: undefined }),
      );
      expect(out.props).toMatchObject({
        netflowServerPort: schema.NETFLOW_SERVER_PORT.default,
        netflowVersion: schema.DEFAULT_NETFLOW_VERSION,
        netflowServerIp: "10.0.0.5",
      });
    });

    it("fills only what is missing", async () => {
      const out = await runRemediation(policy, flowLog("edge", { netflowServerPort: 2055, netflowVersion: undefined }));
      expect(out.props).toMatchObject({ netflowServerPort: 2055, netflowVersion: "V9" });
    });

    it("changes nothing when the output type sends no NetFlow, is unknown, or all is set", async () => {
      for (const overrides of [SLS_ONLY, { outputType: UNKNOWN, netflowServerPort: undefined }, {}]) {
        expect(await runRemediation(policy, flowLog("edge", overrides))).toEqual({ cantRun: [], notApplicable: [] });
      }
    });

    it("never invents the values a user must choose (collector IP, SLS project)", async () => {
      const out = await runRemediation(
        policy,
        flowLog("edge", { netflowServerIp: undefined, projectName: undefined, netflowVersion: undefined }),
      );
      expect(out.props).not.toHaveProperty("netflowServerIp");
      expect(out.props).not.toHaveProperty("projectName");
    });
  });

  describe("the bridged alicloud.sag.SmartagFlowLog (same prop names)", () => {
    beforeEach(() => drainUnseen());

    it("passes the bridged baseline", async () => {
      expect(await runResourcePolicy(policy, bridgedSagFlowLog())).toEqual({ violations: [], urns: [], cantRun: [], notApplicable: [] });
    });

    it("fails a missing SLS project and a malformed collector, naming the bridged resource", async () => {
      const out = await runResourcePolicy(policy, bridgedSagFlowLog("edge", { projectName: undefined, netflowServerIp: "10.0.0" }));
      expect(out.violations).toEqual([
        'alicloud.sag.SmartagFlowLog "edge": netflowServerIp: "10.0.0" is invalid: must be an IPv4 address such as "10.0.0.5"',
        'alicloud.sag.SmartagFlowLog "edge": projectName is required when outputType is "all"',
      ]);
    });

    it("fails an output type the org does not allow", async () => {
      const out = await runResourcePolicy(policy, bridgedSagFlowLog("edge", { outputType: "netflow" }), {
        allowedOutputTypes: ["sls", "all"],
      });
      expect(out.violations).toEqual([
        'alicloud.sag.SmartagFlowLog "edge": outputType "netflow" is not allowed: use one of "sls", "all" (policy config allowedOutputTypes)',
      ]);
    });

    it('never fails values redacted to "[secret]", whatever their type (they are noted instead)', async () => {
      const out = await runResourcePolicy(policy, bridgedSagFlowLog("edge", { netflowServerIp: SECRET, netflowServerPort: SECRET }));
      expect(out.violations).toEqual([]);
      expect(uncheckedNotes(drainUnseen)).toEqual([
        'alicloud.sag.SmartagFlowLog "edge" netflowServerIp (secret): flowlog-required-output-settings',
        'alicloud.sag.SmartagFlowLog "edge" netflowServerPort (secret): flowlog-required-output-settings',
      ]);
    });

    it("notes an unknown output type and judges nothing that depends on it", async () => {
      const out = await runResourcePolicy(policy, bridgedSagFlowLog("edge", { outputType: UNKNOWN, projectName: undefined }));
      expect(out.violations).toEqual([]);
      expect(uncheckedNotes(drainUnseen)).toEqual([
        'alicloud.sag.SmartagFlowLog "edge" outputType (unknown): flowlog-required-output-settings',
      ]);
    });

    it("remediates the NetFlow defaults under the bridged names", async () => {
      const out = await runRemediation(policy, bridgedSagFlowLog("edge", { netflowServerPort: undefined, netflowVersion: undefined }));
      expect(out.props).toMatchObject({ netflowServerPort: 9995, netflowVersion: "V9" });
    });
  });
});
