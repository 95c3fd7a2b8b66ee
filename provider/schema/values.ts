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

/** Regions with a smartag endpoint (`smartag.<region>.aliyuncs.com`, SDK endpoint map). */
export const SMARTAG_REGIONS = [
  "cn-hangzhou",
  "cn-shanghai",
  "cn-shanghai-finance-1",
  "cn-hongkong",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-5",
  "ap-northeast-1",
  "eu-central-1",
] as const;

/** Documented ranges and defaults (CreateFlowLog request parameters). */
export const ACTIVE_AGING = { min: 60, max: 6000, default: 300 } as const;
export const INACTIVE_AGING = { min: 10, max: 600, default: 15 } as const;
export const NETFLOW_SERVER_PORT = { min: 1, max: 65535, default: 9995 } as const;
export const DEFAULT_NETFLOW_VERSION: NetflowVersion = "V9";

/** Traffic mirror filter rules: priorities, and rules per direction. */
export const FILTER_RULE_PRIORITY = { min: 1, max: 10 } as const;
export const RULES_PER_DIRECTION = 10;

/**
 * Regions the VPC API (2016-04-28) serves, from its public endpoint list
 * (https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-endpoint,
 * updated 2026-01-07), plus the finance and government regions of the SDK's endpoint map
 * (`@alicloud/vpc20160428`). Australia (Sydney, ap-southeast-2) is closed and left out.
 */
export const VPC_REGIONS = [
  "cn-qingdao",
  "cn-beijing",
  "cn-zhangjiakou",
  "cn-huhehaote",
  "cn-wulanchabu",
  "cn-hangzhou",
  "cn-shanghai",
  "cn-nanjing",
  "cn-fuzhou",
  "cn-shenzhen",
  "cn-heyuan",
  "cn-guangzhou",
  "cn-chengdu",
  "cn-wuhan-lr",
  "cn-hongkong",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-3",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "us-east-1",
  "us-west-1",
  "na-south-1",
  "eu-west-1",
  "eu-central-1",
  "me-east-1",
  "me-central-1",
  "cn-shanghai-finance-1",
  "cn-shenzhen-finance-1",
  "cn-hangzhou-finance",
  "cn-north-2-gov-1",
] as const;

/** Traffic mirror sessions: priority, VNI and packet length (bytes) ranges, and the default length. */
export const SESSION_PRIORITY = { min: 1, max: 32766 } as const;
export const VIRTUAL_NETWORK_ID = { min: 0, max: 16_777_215 } as const;
export const PACKET_LENGTH = { min: 64, max: 8500, default: 1500 } as const;
