/**
 * Compliant baselines: props as the engine hands them to policies, i.e. the inputs after the
 * provider's `check` (defaults, region and auto-name filled in, plus the provider's private
 * `__token` / `__autoName` / `__provider`). Each test changes one thing.
 */
import * as schema from "pulumi-alicloud-traffic/dist/provider/schema";
import { TestResource } from "./harness";

/** A flow log sending to both SLS and a private NetFlow collector, Active, with one SAG. */
export function flowLog(name = "edge", overrides: Record<string, unknown> = {}): TestResource {
  return {
    type: schema.FLOW_LOG_TYPE,
    name,
    props: {
      region: "cn-hangzhou",
      name: `${name}-1a2b3c4`,
      description: "branch offices",
      outputType: "all",
      activeAging: schema.ACTIVE_AGING.default,
      inactiveAging: schema.INACTIVE_AGING.default,
      slsRegionId: "cn-shanghai",
      projectName: "netlogs",
      logstoreName: "sag_flows",
      netflowServerIp: "10.0.0.5",
      netflowServerPort: schema.NETFLOW_SERVER_PORT.default,
      netflowVersion: schema.DEFAULT_NETFLOW_VERSION,
      status: "Active",
      smartAgIds: [`sag-${name.replace(/[^a-z0-9]/g, "")}000001`],
      __token: tokenOf(name),
      __autoName: `${name}-1a2b3c4`,
      __provider: 'exports.handler = require("pulumi-alicloud-traffic/dist/provider/shims/sagFlowLog.js");',
      ...overrides,
    },
  };
}

export function trafficMirrorService(name = "mirror", overrides: Record<string, unknown> = {}): TestResource {
  return {
    type: schema.TRAFFIC_MIRROR_SERVICE_TYPE,
    name,
    props: { region: "cn-hangzhou", __token: tokenOf(name), __provider: "exports.handler = ...", ...overrides },
  };
}

/**
 * A filter that mirrors inbound HTTPS from anywhere and outbound traffic to 10.1.0.0/16: open
 * in one direction only. Rules as `check` leaves them (defaults filled, sorted by priority).
 */
export function trafficMirrorFilter(name = "web", overrides: Record<string, unknown> = {}): TestResource {
  return {
    type: schema.TRAFFIC_MIRROR_FILTER_TYPE,
    name,
    props: {
      region: "cn-hangzhou",
      ingressRules: [rule({ priority: 1, protocol: "TCP", destinationPortRange: "443/443" })],
      egressRules: [rule({ priority: 1, destinationCidrBlock: "10.1.0.0/16" })],
      __provider: "exports.handler = ...",
      ...overrides,
    },
  };
}

/** A filter rule as `check` leaves it: accept ALL from and to every address unless overridden. */
export function rule(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    priority: 1,
    protocol: "ALL",
    action: "accept",
    sourceCidrBlock: schema.ANY_CIDR,
    destinationCidrBlock: schema.ANY_CIDR,
    sourcePortRange: schema.ALL_PORTS,
    destinationPortRange: schema.ALL_PORTS,
    ...overrides,
  };
}

/** A session from one ENI to an internal SLB in front of collectors, with the API's default packet length, enabled. */
export function trafficMirrorSession(name = "tap", overrides: Record<string, unknown> = {}): TestResource {
  return {
    type: schema.TRAFFIC_MIRROR_SESSION_TYPE,
    name,
    props: {
      region: "cn-hangzhou",
      sourceIds: ["eni-j6c2fp57q8rr47rp"],
      targetId: "lb-bp1o94dp5i6earr9g6d1l",
      targetType: "SLB",
      filterId: "tmf-j6cmls82xnc86vtpe",
      priority: 1,
      packetLength: schema.PACKET_LENGTH.default,
      enabled: true,
      __provider: "exports.handler = ...",
      ...overrides,
    },
  };
}

/** Some other resource in the stack. */
export function otherResource(name = "bucket"): TestResource {
  return { type: "alicloud:oss/bucket:Bucket", name, props: { bucket: name, region: "cn-hangzhou" } };
}

/** A stand-in for the provider's token (16 hex characters, distinct per name). */
function tokenOf(name: string): string {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(16, "0");
}

/** The value of a not-yet-known input during preview. */
export const UNKNOWN = schema.UNKNOWN;

/** What `pulumi policy analyze --file` hands policies for a secret it cannot decrypt, whatever its type. */
export const SECRET = "[secret]";

/** A VPC flow log of this package: a whole VPC, all traffic, into SLS, as `check` leaves it. */
export function vpcFlowLog(name = "vpc-logs", overrides: Record<string, unknown> = {}): TestResource {
  return {
    type: schema.VPC_FLOW_LOG_TYPE,
    name,
    props: {
      region: "cn-hangzhou",
      resourceType: "VPC",
      resourceId: "vpc-bp1gnu8br4ay7beb2wxl5",
      trafficType: "All",
      projectName: "flowlogs",
      logStoreName: "vpc",
      aggregationInterval: schema.DEFAULT_AGGREGATION_INTERVAL,
      trafficPaths: ["all"],
      ipVersion: "IPv4",
      name: `${name}-1a2b3c4`,
      __provider: 'exports.handler = require("pulumi-alicloud-traffic/dist/provider/shims/vpcFlowLog.js");',
      ...overrides,
    },
  };
}

/** The default `alicloud` provider of a stack whose config sets `alicloud:region` (null: not set). */
export function alicloudProvider(region: string | null = "cn-hangzhou") {
  return { type: "pulumi:providers:alicloud", name: "default_3_105_0", props: region === null ? {} : { region } };
}

/**
 * A resource of `@pulumi/alicloud` as a program registers it (its own prop names), with the stack's
 * default provider (region from `alicloud:region`).
 */
export function bridged(
  token: string,
  name: string,
  props: Record<string, unknown>,
  opts: { region?: string | null; deps?: Record<string, string[]> } = {},
): TestResource {
  return {
    type: token,
    name,
    props,
    provider: alicloudProvider(opts.region === undefined ? "cn-hangzhou" : opts.region),
    ...(opts.deps ? { propertyDependencies: opts.deps } : {}),
  };
}

/** `alicloud.vpc.FlowLog`: the VPC `vpcName` (its id from the VPC resource), all traffic, every minute. */
export function bridgedVpcFlowLog(name = "vpc-all", overrides: Record<string, unknown> = {}, vpcName?: string): TestResource {
  return bridged(
    "alicloud:vpc/flowLog:FlowLog",
    name,
    {
      flowLogName: name,
      resourceType: "VPC",
      resourceId: "vpc-bp1gnu8br4ay7beb2wxl5",
      trafficType: "All",
      projectName: "flowlogs",
      logStoreName: "vpc",
      aggregationInterval: "1",
      ...overrides,
    },
    vpcName ? { deps: { resourceId: [vpcName] } } : {},
  );
}

/** `alicloud.sag.SmartagFlowLog`: SLS and a private NetFlow collector (no SAG association: none in the bridged schema). */
export function bridgedSagFlowLog(name = "edge", overrides: Record<string, unknown> = {}): TestResource {
  return bridged("alicloud:sag/smartagFlowLog:SmartagFlowLog", name, {
    flowLogName: name,
    outputType: "all",
    slsRegionId: "cn-shanghai",
    projectName: "netlogs",
    logstoreName: "sag_flows",
    netflowServerIp: "10.0.0.5",
    netflowServerPort: 9995,
    netflowVersion: "V9",
    activeAging: 300,
    inactiveAging: 15,
    status: "Active",
    ...overrides,
  });
}

/** `alicloud.vpc.TrafficMirrorSession`: one ENI to an internal SLB. */
export function bridgedSession(name = "tap", overrides: Record<string, unknown> = {}): TestResource {
  return bridged("alicloud:vpc/trafficMirrorSession:TrafficMirrorSession", name, {
    trafficMirrorSessionName: name,
    trafficMirrorSourceIds: ["eni-j6c2fp57q8rr47rp"],
    trafficMirrorTargetId: "lb-bp1o94dp5i6earr9g6d1l",
    trafficMirrorTargetType: "SLB",
    trafficMirrorFilterId: "tmf-j6cmls82xnc86vtpe",
    priority: 1,
    packetLength: 1500,
    enabled: true,
    ...overrides,
  });
}

/** `alicloud.vpc.TrafficMirrorFilter` with inline rules: HTTPS in from anywhere, out to 10.1.0.0/16 only. */
export function bridgedFilter(name = "web", overrides: Record<string, unknown> = {}): TestResource {
  return bridged("alicloud:vpc/trafficMirrorFilter:TrafficMirrorFilter", name, {
    trafficMirrorFilterName: name,
    ingressRules: [{ priority: 1, protocol: "TCP", action: "accept", sourceCidrBlock: "0.0.0.0/0", destinationPortRange: "443/443" }],
    egressRules: [{ priority: 1, protocol: "ALL", action: "accept", destinationCidrBlock: "10.1.0.0/16" }],
    ...overrides,
  });
}

/** `alicloud.vpc.TrafficMirrorFilterIngressRule` / `...EgressRule`: accept ALL from/to every address, of filter `filter`. */
export function bridgedRule(
  direction: "ingress" | "egress",
  name: string,
  filter: string | undefined,
  overrides: Record<string, unknown> = {},
) {
  const Direction = direction === "ingress" ? "Ingress" : "Egress";
  return bridged(
    `alicloud:vpc/trafficMirrorFilter${Direction}Rule:TrafficMirrorFilter${Direction}Rule`,
    name,
    {
      trafficMirrorFilterId: "tmf-j6cmls82xnc86vtpe",
      priority: 1,
      protocol: "ALL",
      action: "accept",
      sourceCidrBlock: "0.0.0.0/0",
      destinationCidrBlock: "0.0.0.0/0",
      ...overrides,
    },
    filter ? { deps: { trafficMirrorFilterId: [filter] } } : {},
  );
}

/** `alicloud.vpc.Network`, as its outputs show it (the stand-in shows no `id`; the real provider does). */
export function bridgedNetwork(name = "vpc", overrides: Record<string, unknown> = {}): TestResource {
  return bridged("alicloud:vpc/network:Network", name, { vpcName: name, cidrBlock: "10.4.0.0/16", status: "Available", ...overrides });
}

/** `alicloud.vpc.Switch` of the VPC `vpcName`. */
export function bridgedSwitch(name: string, vpcName: string, overrides: Record<string, unknown> = {}): TestResource {
  return bridged(
    "alicloud:vpc/switch:Switch",
    name,
    { vswitchName: name, cidrBlock: "10.4.1.0/24", zoneId: "cn-hangzhou-h", vpcId: UNKNOWN, ...overrides },
    { deps: { vpcId: [vpcName] } },
  );
}

/** `alicloud.ecs.EcsNetworkInterface` in the vSwitch `vswitchName`. */
export function bridgedEni(name: string, vswitchName: string, overrides: Record<string, unknown> = {}): TestResource {
  return bridged(
    "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface",
    name,
    { networkInterfaceName: name, vswitchId: UNKNOWN, securityGroupIds: ["sg-1"], ...overrides },
    { deps: { vswitchId: [vswitchName] } },
  );
}
