/**
 * The values users write, as plain constants and types: enums and limits that the public declarations
 * (the resource classes' Args) name. No zod here, so a program's type check never reaches zod's
 * typings (which need `esModuleInterop`); the field tables import these.
 */

/** SAG flow logs: where flow records go. */
export const OUTPUT_TYPES = ["sls", "netflow", "all"] as const;
export type OutputType = (typeof OUTPUT_TYPES)[number];

export const NETFLOW_VERSIONS = ["V5", "V9", "V10"] as const;
export type NetflowVersion = (typeof NETFLOW_VERSIONS)[number];

/** A flow log's status, as a program sets it (SAG and VPC flow logs). */
export const FLOW_LOG_STATUSES = ["Active", "Inactive"] as const;
export type FlowLogStatus = (typeof FLOW_LOG_STATUSES)[number];

/** Our limit for a SAG flow log's name where the API documents none. */
export const NAME_MAX_LENGTH = 128;

/** Traffic mirror filter rules. */
export const RULE_PROTOCOLS = ["ALL", "ICMP", "TCP", "UDP"] as const;
export type RuleProtocol = (typeof RULE_PROTOCOLS)[number];
export const RULE_ACTIONS = ["accept", "drop"] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

/** Traffic mirror session targets. */
export const TARGET_TYPES = ["NetworkInterface", "SLB"] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

/** VPC flow logs: what a flow log records (CreateFlowLog `ResourceType`), and which traffic. */
export const VPC_FLOW_LOG_RESOURCE_TYPES = ["NetworkInterface", "VSwitch", "VPC"] as const;
export type VpcFlowLogResourceType = (typeof VPC_FLOW_LOG_RESOURCE_TYPES)[number];
export const TRAFFIC_TYPES = ["All", "Allow", "Drop"] as const;
export type TrafficType = (typeof TRAFFIC_TYPES)[number];
/** Minutes between flow records (CreateFlowLog `AggregationInterval`). */
export const AGGREGATION_INTERVALS = [1, 5, 10] as const;
export type AggregationInterval = (typeof AGGREGATION_INTERVALS)[number];
/** CreateFlowLog `TrafficPath.N`: which paths' traffic is captured (`all`: every path). */
export const TRAFFIC_PATHS = [
  "all",
  "internetGateway",
  "natGateway",
  "vpnGateway",
  "transitRouter",
  "gatewayEndpoint",
  "vbr",
  "ecr",
  "ipv4Gateway",
  "gatewayLoadBalancerEndpoint",
] as const;
export type TrafficPath = (typeof TRAFFIC_PATHS)[number];
export const IP_VERSIONS = ["IPv4", "IPv6"] as const;
export type IpVersion = (typeof IP_VERSIONS)[number];
