/**
 * The pack's run-level policies, through a whole simulated engine run (`runPack`: Configure, each
 * resource's Analyze, then AnalyzeStack): `policy-exemptions` (exemptions from the org config, with
 * their notes), `unchecked-values` (one note per resource for values no policy could see), and
 * `deployed-state` (the resource policies on the outputs).
 */
import * as pack from "../policies";
import {
  configurePack,
  policyExemptionsConfigProblems,
  policyExemptionsPolicy,
  uncheckedValuesPolicy,
  deployedStatePolicy,
} from "../policies";
import { resetRunState } from "../policies/runState";
import { SECRET, UNKNOWN, bridgedNetwork, bridgedSagFlowLog, bridgedVpcFlowLog, flowLog, vpcFlowLog } from "./fixtures";
import { runPack, urnOf } from "./harness";

const run = (...args: Parameters<typeof runPack> extends [unknown, ...infer R] ? R : never) => runPack({ ...pack, resetRunState }, ...args);
const of = (policy: string, findings: { policy: string }[]) => findings.filter((f) => f.policy === policy);

describe("#policy-exemptions", () => {
  const EXEMPT = {
    "policy-exemptions": {
      exemptions: [
        { resource: "edge", policy: "flowlog-private-netflow-collector", reason: "lab collector, see SEC-7" },
        { resource: urnOf(bridgedNetwork("legacy")), policy: "vpc-flowlog-coverage", reason: "covered by the network stack" },
      ],
    },
  };

  it("is an advisory stack policy with a 'Checks that' description and an exemption list of {resource, policy, reason}", () => {
    expect(policyExemptionsPolicy.name).toBe("policy-exemptions");
    expect(policyExemptionsPolicy.enforcementLevel).toBe("advisory");
    expect(policyExemptionsPolicy.description).toMatch(/^Checks that /);
    const items = policyExemptionsPolicy.configSchema?.properties.exemptions as {
      items: { required: string[]; properties: { policy: { enum: string[] } } };
    };
    expect(items.items.required).toEqual(["resource", "policy", "reason"]);
    expect(items.items.properties.policy.enum).toContain("vpc-flowlog-coverage");
    expect(items.items.properties.policy.enum).not.toContain("policy-exemptions");
  });

  it("makes the policy not applicable to the resource, with the reason, and notes it once per resource", async () => {
    const stack = [
      flowLog("edge", { netflowServerIp: "8.8.8.8" }),
      bridgedNetwork("legacy"),
      bridgedNetwork("prod"),
      bridgedVpcFlowLog("fl", { resourceId: UNKNOWN }, "prod"),
    ];
    const { findings, notApplicable } = await run(stack, EXEMPT);
    expect(of("flowlog-private-netflow-collector", findings)).toEqual([]);
    expect(notApplicable).toContainEqual({
      policy: "flowlog-private-netflow-collector",
      name: "edge",
      reason: "exempted by policy-exemptions: lab collector, see SEC-7",
    });
    expect(of("vpc-flowlog-coverage", findings)).toEqual([]);
    expect(of("policy-exemptions", findings)).toEqual([
      {
        policy: "policy-exemptions",
        level: "advisory",
        urn: urnOf(bridgedNetwork("legacy")),
        message: 'alicloud.vpc.Network "legacy": exempted from vpc-flowlog-coverage: covered by the network stack',
      },
      {
        policy: "policy-exemptions",
        level: "advisory",
        urn: urnOf(flowLog("edge")),
        message: 'sag.FlowLog "edge": exempted from flowlog-private-netflow-collector: lab collector, see SEC-7',
      },
    ]);
  });

  it("applies to nothing else, and is not applicable without exemptions", async () => {
    const { findings, notApplicable } = await run([flowLog("other", { netflowServerIp: "8.8.8.8" })], EXEMPT);
    expect(of("flowlog-private-netflow-collector", findings)).toHaveLength(1);
    expect(notApplicable).toContainEqual({ policy: "policy-exemptions", reason: "No exemption applies to this stack" });
    expect((await run([flowLog()])).notApplicable).toContainEqual({ policy: "policy-exemptions", reason: "No exemptions are configured" });
  });

  it("checks its config where the engine's schema check does not run", () => {
    expect(policyExemptionsConfigProblems({ exemptions: [{ resource: "x", policy: "flowlog-aging-rangez", reason: "" }] })).toEqual([
      "policy config of policy-exemptions: exemptions[0] has no reason",
      'policy config of policy-exemptions: exemptions[0] names "flowlog-aging-rangez", which is not a policy it can exempt from',
    ]);
    expect(
      pack.checkPackConfig({ "policy-exemptions": { exemptions: [{ resource: "x", policy: "nope", reason: "r" }] } }).errors,
    ).toHaveLength(1);
  });
});

describe("#unchecked-values", () => {
  it("is an advisory stack policy with a 'Checks that' description", () => {
    expect(uncheckedValuesPolicy.name).toBe("unchecked-values");
    expect(uncheckedValuesPolicy.enforcementLevel).toBe("advisory");
    expect(uncheckedValuesPolicy.description).toMatch(/^Checks that /);
  });

  it("says which fields of which resource were not checked, once per resource, and by which policies", async () => {
    const stack = [
      bridgedSagFlowLog("edge", { netflowServerIp: SECRET, netflowServerPort: SECRET }),
      vpcFlowLog("late", { trafficType: UNKNOWN, aggregationInterval: UNKNOWN }),
    ];
    const { findings } = await run(stack, { "flowlog-private-netflow-collector": { allowedCidrs: ["10.9.0.0/16"] } });
    expect(findings.filter((f) => f.level === "mandatory")).toEqual([]);
    expect(of("unchecked-values", findings)).toEqual([
      {
        policy: "unchecked-values",
        level: "advisory",
        urn: urnOf(stack[0]),
        message:
          'alicloud.sag.SmartagFlowLog "edge": not checked: netflowServerIp (flowlog-private-netflow-collector, ' +
          "flowlog-required-output-settings), netflowServerPort (flowlog-required-output-settings) are a secret this run cannot decrypt " +
          '("[secret]"); pulumi policy analyze on the stack itself (with its secrets provider) checks them',
      },
      {
        policy: "unchecked-values",
        level: "advisory",
        urn: urnOf(stack[1]),
        message:
          'vpc.FlowLog "late": not checked: aggregationInterval (vpc-flowlog-aggregation-interval), trafficType (vpc-flowlog-traffic-type) ' +
          "are not known yet (they come from other resources' outputs); pulumi up checks them before it changes the resource",
      },
    ]);
  });

  it("reports nothing when every value was seen", async () => {
    expect(of("unchecked-values", (await run([flowLog(), vpcFlowLog()])).findings)).toEqual([]);
  });
});

describe("#deployed-state", () => {
  it("is an advisory stack policy with a 'Checks that' description", () => {
    expect(deployedStatePolicy.name).toBe("deployed-state");
    expect(deployedStatePolicy.enforcementLevel).toBe("advisory");
    expect(deployedStatePolicy.description).toMatch(/^Checks that /);
  });

  it("runs the resource policies on the outputs and reports what the inputs did not show (drift)", async () => {
    const stack = [bridgedVpcFlowLog("fl"), vpcFlowLog("ours")];
    const { findings } = await run(
      stack,
      {},
      { outputs: { fl: { ...stack[0].props, status: "Inactive" }, ours: { ...stack[1].props, trafficType: "Drop" } } },
    );
    expect(of("deployed-state", findings)).toEqual([
      {
        policy: "deployed-state",
        level: "advisory",
        urn: urnOf(stack[0]),
        message:
          'alicloud.vpc.FlowLog "fl": status is "Inactive", so it records no traffic: set status to "Active" or remove the flow log ' +
          "(in the deployed state, the resource's outputs: flowlog-status-active)",
      },
      {
        policy: "deployed-state",
        level: "advisory",
        urn: urnOf(stack[1]),
        message:
          'vpc.FlowLog "ours": trafficType "Drop" is not allowed: record "All" (policy config allowedTrafficTypes) ' +
          "(in the deployed state, the resource's outputs: vpc-flowlog-traffic-type)",
      },
    ]);
  });

  it("does not repeat what the inputs showed, and runs each policy with its configured settings and level", async () => {
    const stack = [vpcFlowLog("ours", { trafficType: "Drop" })];
    expect(of("deployed-state", (await run(stack)).findings)).toEqual([]);
    const drifted = { outputs: { ours: { ...vpcFlowLog("ours").props, trafficType: "Allow" } } };
    const config = { "vpc-flowlog-traffic-type": { allowedTrafficTypes: ["All", "Allow"] } };
    expect(of("deployed-state", (await run([vpcFlowLog("ours")], config, drifted)).findings)).toEqual([]);
    expect(
      of(
        "deployed-state",
        (
          await run(
            [vpcFlowLog("ours")],
            { "vpc-flowlog-traffic-type": "disabled" },
            { outputs: { ours: { ...vpcFlowLog().props, trafficType: "Drop" } } },
          )
        ).findings,
      ),
    ).toEqual([]);
  });

  it("skips values it cannot see in the outputs without a note (a resource being created)", async () => {
    const { findings } = await run(
      [bridgedVpcFlowLog("fl")],
      {},
      { outputs: { fl: { ...bridgedVpcFlowLog("fl").props, status: UNKNOWN } } },
    );
    expect(findings.filter((f) => ["deployed-state", "unchecked-values"].includes(f.policy))).toEqual([]);
    void configurePack;
  });
});
