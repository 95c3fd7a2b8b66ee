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
