/**
 * Traffic-mirroring validation rules and limits, written from Alibaba's VPC 2016-04-28 API reference (the
 * CreateTrafficMirrorFilter / CreateTrafficMirrorFilterRules / CreateTrafficMirrorSession / List* pages and
 * the official `@alicloud/vpc20160428` models), independently of the provider. Values marked "choice" are
 * undocumented; docs/emulator.md ("Choices where the docs are silent") says why.
 */
import { isIPv4, isIPv6 } from "net";
import type { IpVersion, Protocol, RuleAction, TargetType } from "./state";

/** Names: 1–128 characters, descriptions 1–256; neither may start with `http://` or `https://`. */
export const NAME_MAX_LENGTH = 128;
export const DESCRIPTION_MAX_LENGTH = 256;

export function isNameOrDescription(v: string, max: number): boolean {
  const n = [...v].length;
  return n >= 1 && n <= max && !/^https?:\/\//i.test(v);
}

/** Filter rules: Priority 1–10 ("a smaller value indicates a higher priority"), N at most 10 per direction. */
export const RULE_PRIORITY = { min: 1, max: 10 } as const;
export const RULES_PER_DIRECTION = 10;
export const PROTOCOLS: readonly Protocol[] = ["ALL", "ICMP", "TCP", "UDP"];
export const RULE_ACTIONS: readonly RuleAction[] = ["accept", "drop"];
export const IP_VERSIONS: readonly IpVersion[] = ["IPv4", "IPv6"];
/** "-1/-1": every port; what ALL and ICMP rules carry (the docs: "all ports are available"). */
export const ALL_PORTS = "-1/-1";
/** Choice: a CIDR block left out matches everything of the rule's IP version. */
export const ANY_CIDR: Readonly<Record<IpVersion, string>> = { IPv4: "0.0.0.0/0", IPv6: "::/0" };

export const portsApply = (p: Protocol): boolean => p === "TCP" || p === "UDP";

/** `start/end`, 1 ≤ start ≤ end ≤ 65535 ("1/200", "80/80"), or `-1/-1` alone. */
export function isPortRange(v: string): boolean {
  if (v === ALL_PORTS) return true;
  const m = /^([1-9]\d{0,4})\/([1-9]\d{0,4})$/.exec(v);
  if (!m) return false;
  const [start, end] = [Number(m[1]), Number(m[2])];
  return start <= end && end <= 65535;
}

/** The IP version of a CIDR block (`10.0.0.0/24`, `2001:db8::/32`), or undefined when it is not one. */
export function cidrVersion(v: string): IpVersion | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(v);
  if (!m) return undefined;
  const bits = Number(m[2]);
  if (isIPv4(m[1]!) && bits <= 32) return "IPv4";
  if (isIPv6(m[1]!) && bits <= 128) return "IPv6";
  return undefined;
}

/** Sessions: Priority 1–32766 (unique per region), VNI 0–16777215, PacketLength 64–8500 default 1500. */
export const SESSION_PRIORITY = { min: 1, max: 32766 } as const;
export const VIRTUAL_NETWORK_ID = { min: 0, max: 16_777_215 } as const;
export const PACKET_LENGTH = { min: 64, max: 8500, default: 1500 } as const;
export const TARGET_TYPES: readonly TargetType[] = ["NetworkInterface", "SLB"];

/**
 * Sources per session: "only one traffic mirror source can be added to a traffic mirror session" (the
 * default of N, CreateTrafficMirrorSession / AddSourcesToTrafficMirrorSession); RemoveSources takes N ≤ 10.
 */
export const SOURCES_PER_SESSION = 1;
export const REMOVE_SOURCES_MAX = 10;
/** Choice: sessions one ENI may be the source of (Alibaba's number was not found; AWS documents 3). */
export const SESSIONS_PER_SOURCE = 3;

/** List*: MaxResults 1–100 (default 10); at most 100 ids per query. */
export const MAX_RESULTS = { min: 1, max: 100, default: 10 } as const;
export const IDS_PER_QUERY = 100;

/** Tags: at most 20; key 1–128, value 0–128; neither starts with `aliyun` / `acs:` or contains `http(s)://`. */
export const TAGS_MAX = 20;
export function isTagText(v: string, allowEmpty: boolean): boolean {
  const n = [...v].length;
  return (allowEmpty || n >= 1) && n <= 128 && !/^(aliyun|acs:)/i.test(v) && !/https?:\/\//i.test(v);
}

/** Choice: the delay before Creating / Modifying / Deleting settle (default 300 ms). */
export const DEFAULT_TRANSITION_MS = 300;

/** Choice: the resource group of a resource created without ResourceGroupId. */
export const DEFAULT_RESOURCE_GROUP_ID = "rg-acfmxemulator01";
export const isResourceGroupId = (v: string): boolean => /^rg-[a-z0-9]{1,32}$/.test(v);

/** Ids: prefix + 17 lowercase alphanumerics, like `tmf-j6cmls82xnc86vtpe` in the docs' samples. */
export const MIRROR_ID_LENGTH = 17;

/** `true` / `false` as the SDKs send booleans; undefined otherwise. */
export function parseBoolean(v: string): boolean | undefined {
  return v === "true" ? true : v === "false" ? false : undefined;
}

/** A non-negative decimal integer (no sign, no exponent); undefined otherwise. */
export function parseUnsignedInt(v: string): number | undefined {
  return /^\d{1,9}$/.test(v) ? Number(v) : undefined;
}

/** `CreationTime` as the docs' samples write it: minutes, UTC (`2023-09-05T15:26Z`). */
export const creationTime = (ms: number): string => new Date(ms).toISOString().slice(0, 16) + "Z";

// ---------------------------------------------------------------------------------------------------------
// Flow logs (CreateFlowLog, DescribeFlowLogs, ModifyFlowLogAttribute, ...): the `@alicloud/vpc20160428`
// 7.3.2 models' remarks and the flow-log API pages, as collected in shared/reference/vpc-flow-log-api.md.
// ---------------------------------------------------------------------------------------------------------

/** `ResourceType` of a flow log (case-sensitive): one ENI, every ENI of a vSwitch, every ENI of a VPC. */
export const FLOW_LOG_RESOURCE_TYPES = ["NetworkInterface", "VSwitch", "VPC"] as const;
export type FlowLogResourceType = (typeof FLOW_LOG_RESOURCE_TYPES)[number];

/** `TrafficType`: all traffic, traffic allowed by access control, traffic denied by it. */
export const TRAFFIC_TYPES = ["All", "Allow", "Drop"] as const;
export type TrafficType = (typeof TRAFFIC_TYPES)[number];

/** `AggregationInterval` in minutes: 1, 5 or 10, default 10. */
export const AGGREGATION_INTERVALS: readonly number[] = [1, 5, 10];
export const DEFAULT_AGGREGATION_INTERVAL = 10;

/** `TrafficPath.N`: the documented values (default `all`). Choice: no duplicates (so at most 10). */
export const TRAFFIC_PATHS: readonly string[] = [
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
];
export const DEFAULT_TRAFFIC_PATH: readonly string[] = ["all"];

/** Choice: `IpVersion` is `IPv4` (the docs' example, the default) or `IPv6`. */
export const FLOW_LOG_IP_VERSIONS: readonly IpVersion[] = ["IPv4", "IPv6"];
export const DEFAULT_FLOW_LOG_IP_VERSION: IpVersion = "IPv4";

/** SLS project: 3–63 characters, lowercase letters, digits and `-`, starting and ending with a letter or digit. */
export const isSlsProjectName = (v: string): boolean => /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(v);
/** SLS Logstore: 3–63 characters, lowercase letters, digits, `-` and `_`, starting and ending with a letter or digit. */
export const isSlsLogstoreName = (v: string): boolean => /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/.test(v);

/** DescribeFlowLogs: PageNumber from 1 (default 1), PageSize 1–50 (default 20). */
export const PAGE_NUMBER = { min: 1, max: 999_999_999, default: 1 } as const;
export const FLOW_LOG_PAGE_SIZE = { min: 1, max: 50, default: 20 } as const;

/** Ids: `fl-` + lowercase alphanumerics (choice: 20 of them; the length is undocumented). */
export const FLOW_LOG_ID_LENGTH = 20;

/** Choice: flow logs per region (undocumented), configurable. */
export const DEFAULT_VPC_FLOW_LOG_QUOTA = 1000;

/** `CreationTime` of a flow log as the docs' sample writes it: seconds, UTC (`2022-01-21T03:08:50Z`). */
export const flowLogCreationTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19) + "Z";

/** Tag actions: the documented `ResourceType` values (case-insensitive); the emulator tags flow logs only. */
export const TAG_RESOURCE_TYPES: readonly string[] = [
  "VPC",
  "VSWITCH",
  "ROUTETABLE",
  "EIP",
  "VPNGATEWAY",
  "NATGATEWAY",
  "COMMONBANDWIDTHPACKAGE",
  "PREFIXLIST",
  "PUBLICIPADDRESSPOOL",
  "IPV4GATEWAY",
  "IPV6GATEWAY",
  "NETWORKACL",
  "TRAFFICMIRRORFILTER",
  "TRAFFICMIRRORSESSION",
  "FLOWLOG",
  "HAVIP",
  "DHCPOPTIONSSET",
  "GATEWAYENDPOINT",
  "IPV6ADDRESS",
];
/** At most 50 `ResourceId.N` per tag call; ListTagResources `MaxResults` 1–50 (default 50). */
export const TAG_RESOURCE_IDS_MAX = 50;
export const TAG_MAX_RESULTS = { min: 1, max: 50, default: 50 } as const;
