/**
 * The bridged-provider mapping (policies/bridged.ts): complete for every type (each of our fields
 * mapped or said to be missing, each bridged input mapped or listed as extra), consistent with the
 * provider's field tables, and converting sample bridged props (as a program using
 * `@pulumi/alicloud` would register them) to our field names and value types.
 */
import * as schema from "../../provider/schema";
import {
  BRIDGED,
  BRIDGED_NETWORK,
  BRIDGED_RULE_MEMBERS,
  BRIDGED_TRAFFIC_MIRROR_SERVICE,
  BridgedField,
  BridgedToken,
  BridgedType,
  OUR_FIELDS,
  RULE_MEMBERS,
  bridgedTokensOf,
  isBridgedToken,
  numberFromString,
  ruleFromBridged,
  toOurs,
} from "../policies/bridged";
import { kindOf, ourTokenOf } from "../policies/subject";
import { RESOURCES } from "../../provider/registry";

const TOKENS = Object.keys(BRIDGED) as BridgedToken[];
const propsOf = (source: BridgedField): readonly string[] =>
  typeof source === "string" ? [source] : typeof source.prop === "string" ? [source.prop] : source.prop;

describe("the bridged mapping's data", () => {
  it("covers the six bridged resource tokens, each with its Terraform resource", () => {
    expect(TOKENS.sort()).toEqual([
      "alicloud:sag/smartagFlowLog:SmartagFlowLog",
      "alicloud:vpc/flowLog:FlowLog",
      "alicloud:vpc/trafficMirrorFilter:TrafficMirrorFilter",
      "alicloud:vpc/trafficMirrorFilterEgressRule:TrafficMirrorFilterEgressRule",
      "alicloud:vpc/trafficMirrorFilterIngressRule:TrafficMirrorFilterIngressRule",
      "alicloud:vpc/trafficMirrorSession:TrafficMirrorSession",
    ]);
    expect(TOKENS.map((t) => BRIDGED[t].terraform).sort()).toEqual([
      "alicloud_smartag_flow_log",
      "alicloud_vpc_flow_log",
      "alicloud_vpc_traffic_mirror_filter",
      "alicloud_vpc_traffic_mirror_filter_egress_rule",
      "alicloud_vpc_traffic_mirror_filter_ingress_rule",
      "alicloud_vpc_traffic_mirror_session",
    ]);
  });

  it.each(TOKENS)("%s: every field of ours is mapped or said to be missing, and nothing else", (token) => {
    const spec: BridgedType = BRIDGED[token];
    const ours = new Set<string>(OUR_FIELDS[spec.ours]);
    const covered = [...Object.keys(spec.fields), ...Object.keys(spec.unmapped), ...Object.keys(spec.constants ?? {})];
    expect([...covered].sort()).toEqual([...ours].sort());
    expect(new Set(covered).size).toBe(covered.length);
  });

  it.each(TOKENS)("%s: every bridged input is read by a field or listed as extra; required and computed ones are inputs", (token) => {
    const spec: BridgedType = BRIDGED[token];
    const read = Object.entries(spec.fields)
      .filter(([field]) => field !== "region")
      .flatMap(([, source]) => propsOf(source as BridgedField));
    expect([...read, ...spec.extraInputs].sort()).toEqual([...spec.inputs].sort());
    for (const p of [...spec.required, ...spec.computed]) expect(spec.inputs).toContain(p);
    // No bridged resource here takes a region as a prop: it is the provider's (alicloud:region).
    expect(spec.inputs.filter((p) => /^region/i.test(p))).toEqual([]);
    expect(spec.region.config).toBe("alicloud:region");
    for (const p of spec.outputs) expect(spec.inputs).not.toContain(p);
  });

  it("lists the same fields as the provider's field tables for the types it has", () => {
    expect([...OUR_FIELDS["sag.FlowLog"]].sort()).toEqual([...schema.FLOW_LOG_FIELDS].sort());
    expect([...OUR_FIELDS["vpc.TrafficMirrorSession"]].sort()).toEqual([...schema.TRAFFIC_MIRROR_SESSION_FIELDS].sort());
    expect([...OUR_FIELDS["vpc.TrafficMirrorFilter"]].sort()).toEqual([...schema.TRAFFIC_MIRROR_FILTER_FIELDS].sort());
  });

  it("uses our value spellings for enums (no case conversion needed)", () => {
    // Terraform validates these case-sensitively with exactly these values.
    expect([...schema.RULE_ACTIONS]).toEqual(["accept", "drop"]);
    expect([...schema.RULE_PROTOCOLS]).toEqual(["ALL", "ICMP", "TCP", "UDP"]);
    expect([...schema.FLOW_LOG_STATUSES]).toEqual(["Active", "Inactive"]);
    expect([...schema.TARGET_TYPES]).toEqual(["NetworkInterface", "SLB"]);
    expect(Object.keys(BRIDGED_RULE_MEMBERS)).toEqual([...RULE_MEMBERS]);
  });

  it("names the VPC's id and the mirroring service's invoke", () => {
    expect(BRIDGED_NETWORK.token).toBe("alicloud:vpc/network:Network");
    expect(BRIDGED_NETWORK.outputs).not.toContain("vpcId");
    expect(BRIDGED_NETWORK.outputs).toContain("regionId");
    expect(BRIDGED_TRAFFIC_MIRROR_SERVICE.invoke).toBe("alicloud:vpc/getTrafficMirrorService:getTrafficMirrorService");
    expect(BRIDGED_TRAFFIC_MIRROR_SERVICE.resource).toBeUndefined();
  });

  it("finds the bridged tokens of each of our types", () => {
    expect(bridgedTokensOf("sag.FlowLog")).toEqual(["alicloud:sag/smartagFlowLog:SmartagFlowLog"]);
    expect(bridgedTokensOf("vpc.TrafficMirrorFilterRule")).toEqual([
      "alicloud:vpc/trafficMirrorFilterIngressRule:TrafficMirrorFilterIngressRule",
      "alicloud:vpc/trafficMirrorFilterEgressRule:TrafficMirrorFilterEgressRule",
    ]);
    expect(isBridgedToken("alicloud:vpc/flowLog:FlowLog")).toBe(true);
    expect(isBridgedToken("pulumi-nodejs:dynamic/sag:FlowLog")).toBe(false);
    expect(isBridgedToken("toString")).toBe(false);
  });
});

describe("our types", () => {
  it("the pack knows every resource of the provider's registry by its token and class name, and nothing else of ours", () => {
    const ours = Object.values(RESOURCES).filter((entry) => "fields" in entry);
    expect(ours.length).toBe(6);
    for (const entry of ours) {
      expect(kindOf(entry.token)).toBe(entry.className);
      expect(ourTokenOf(entry.className as Parameters<typeof ourTokenOf>[0])).toBe(entry.token);
    }
    expect(kindOf(RESOURCES.stateIdentity.token)).toBeUndefined();
    expect(kindOf("pulumi-nodejs:dynamic/vpc:NoSuchType")).toBeUndefined();
  });
});

describe("converting bridged props to ours", () => {
  it("VPC flow log: names, the aggregation interval as a number of minutes, the region from the provider", () => {
    const bridged = {
      flowLogName: "vpc-all",
      description: "all traffic",
      resourceType: "VPC",
      resourceId: "vpc-bp1gnu8br4ay7beb2wxl5",
      trafficType: "All",
      projectName: "netlogs",
      logStoreName: "vpc",
      aggregationInterval: "5",
      trafficPaths: ["all"],
      ipVersion: "IPv4",
      status: "Active",
      tags: { team: "net" },
      resourceGroupId: "rg-acfm",
    };
    expect(toOurs("alicloud:vpc/flowLog:FlowLog", bridged, { region: "cn-hangzhou" })).toEqual({
      type: "vpc.FlowLog",
      props: {
        region: "cn-hangzhou",
        name: "vpc-all",
        description: "all traffic",
        resourceType: "VPC",
        resourceId: "vpc-bp1gnu8br4ay7beb2wxl5",
        trafficType: "All",
        projectName: "netlogs",
        logStoreName: "vpc",
        aggregationInterval: 5,
        trafficPaths: ["all"],
        ipVersion: "IPv4",
        status: "Active",
        tags: { team: "net" },
      },
    });
  });

  it("VPC flow log in state: the region from the regionId output when the provider's is not given", () => {
    const out = toOurs("alicloud:vpc/flowLog:FlowLog", { aggregationInterval: "10", regionId: "cn-shanghai", flowLogId: "fl-x" });
    expect(out.props).toEqual({ region: "cn-shanghai", aggregationInterval: 10 });
  });

  it("leaves values it cannot convert as they are: unknown (preview) and malformed", () => {
    expect(toOurs("alicloud:vpc/flowLog:FlowLog", { aggregationInterval: schema.UNKNOWN }).props.aggregationInterval).toBe(schema.UNKNOWN);
    expect(toOurs("alicloud:vpc/flowLog:FlowLog", { aggregationInterval: "five" }).props.aggregationInterval).toBe("five");
    expect(numberFromString(3)).toBe(3);
    expect(numberFromString(" 10 ")).toBe(10);
    expect(numberFromString("")).toBe("");
    expect(toOurs("alicloud:vpc/trafficMirrorFilter:TrafficMirrorFilter", { ingressRules: schema.UNKNOWN }).props.ingressRules).toBe(
      schema.UNKNOWN,
    );
  });

  it("SAG flow log: flowLogName is our name; no SAG association; no region without the provider's", () => {
    const out = toOurs("alicloud:sag/smartagFlowLog:SmartagFlowLog", {
      flowLogName: "edge",
      outputType: "netflow",
      netflowServerIp: "10.0.0.5",
      netflowServerPort: 9995,
      netflowVersion: "V9",
      activeAging: 300,
      inactiveAging: 15,
      status: "Inactive",
    });
    expect(out).toEqual({
      type: "sag.FlowLog",
      props: {
        name: "edge",
        outputType: "netflow",
        netflowServerIp: "10.0.0.5",
        netflowServerPort: 9995,
        netflowVersion: "V9",
        activeAging: 300,
        inactiveAging: 15,
        status: "Inactive",
      },
    });
  });

  it("traffic mirror session: the trafficMirror* names", () => {
    const out = toOurs(
      "alicloud:vpc/trafficMirrorSession:TrafficMirrorSession",
      {
        trafficMirrorSessionName: "ids",
        trafficMirrorSessionDescription: "to the IDS",
        trafficMirrorSourceIds: ["eni-aaaaaaaa"],
        trafficMirrorTargetId: "lb-bbbbbbbb",
        trafficMirrorTargetType: "SLB",
        trafficMirrorFilterId: "tmf-cccccccc",
        priority: 1,
        virtualNetworkId: 10,
        packetLength: 1500,
        enabled: true,
        dryRun: false,
        status: "Created",
      },
      { region: "cn-hongkong" },
    );
    expect(out).toEqual({
      type: "vpc.TrafficMirrorSession",
      props: {
        region: "cn-hongkong",
        name: "ids",
        description: "to the IDS",
        sourceIds: ["eni-aaaaaaaa"],
        targetId: "lb-bbbbbbbb",
        targetType: "SLB",
        filterId: "tmf-cccccccc",
        priority: 1,
        virtualNetworkId: 10,
        packetLength: 1500,
        enabled: true,
      },
    });
    // The converted props pass our provider's own field rules.
    expect(schema.validateTrafficMirrorSessionInputs(out.props)).toEqual([]);
  });

  it("traffic mirror filter: inline rules keep their member names and lose the output-only status", () => {
    const out = toOurs("alicloud:vpc/trafficMirrorFilter:TrafficMirrorFilter", {
      trafficMirrorFilterName: "web",
      trafficMirrorFilterDescription: "http only",
      ingressRules: [
        {
          priority: 1,
          protocol: "TCP",
          action: "accept",
          sourceCidrBlock: "10.0.0.0/8",
          destinationCidrBlock: "10.64.0.0/10",
          sourcePortRange: "80/80",
          destinationPortRange: "80/80",
          trafficMirrorFilterRuleStatus: "Created",
        },
      ],
      egressRules: [{ priority: 1, protocol: "ALL", action: "drop", destinationCidrBlock: "0.0.0.0/0", sourceCidrBlock: null }],
      resourceGroupId: "rg-1",
    });
    expect(out).toEqual({
      type: "vpc.TrafficMirrorFilter",
      props: {
        name: "web",
        description: "http only",
        ingressRules: [
          {
            priority: 1,
            protocol: "TCP",
            action: "accept",
            sourceCidrBlock: "10.0.0.0/8",
            destinationCidrBlock: "10.64.0.0/10",
            sourcePortRange: "80/80",
            destinationPortRange: "80/80",
          },
        ],
        egressRules: [{ priority: 1, protocol: "ALL", action: "drop", destinationCidrBlock: "0.0.0.0/0" }],
      },
    });
    expect(schema.validateTrafficMirrorFilterInputs({ region: "cn-hangzhou", ...out.props })).toEqual([]);
    expect(ruleFromBridged(schema.UNKNOWN)).toBe(schema.UNKNOWN);
  });

  it("filter rule resources: direction, filter id, and `action` or the deprecated `ruleAction`", () => {
    const rule = {
      trafficMirrorFilterId: "tmf-cccccccc",
      priority: 2,
      protocol: "UDP",
      ruleAction: "accept",
      sourceCidrBlock: "0.0.0.0/0",
      destinationCidrBlock: "10.0.0.0/8",
    };
    expect(toOurs("alicloud:vpc/trafficMirrorFilterIngressRule:TrafficMirrorFilterIngressRule", rule, { region: "cn-hangzhou" })).toEqual({
      type: "vpc.TrafficMirrorFilterRule",
      props: {
        region: "cn-hangzhou",
        direction: "ingress",
        filterId: "tmf-cccccccc",
        priority: 2,
        protocol: "UDP",
        action: "accept",
        sourceCidrBlock: "0.0.0.0/0",
        destinationCidrBlock: "10.0.0.0/8",
      },
    });
    const both = toOurs("alicloud:vpc/trafficMirrorFilterEgressRule:TrafficMirrorFilterEgressRule", {
      ...rule,
      action: "drop",
    });
    expect(both.props).toMatchObject({ direction: "egress", action: "drop" });
  });
});
