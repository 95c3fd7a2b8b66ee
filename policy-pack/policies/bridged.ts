/**
 * The bridged provider `@pulumi/alicloud`'s equivalents of this package's types, as data: for each
 * bridged type token, which bridged input holds each of our fields, and how its value converts.
 * A policy that also covers bridged resources reads their props through `toOurs` and then applies
 * the same rule as to ours. Pure data and tiny converters: nothing here imports `@pulumi/alicloud`
 * (the pack works whether or not it is installed) or the provider's schema.
 *
 * Source (read, not recalled): pulumi/pulumi-alicloud at commit
 * 9d2b1e47cca886019a620b27556e2c7bc0597998 (2026-08-14, `v3.105.0-11-g9d2b1e47cc`, bridging
 * aliyun/terraform-provider-alicloud v1.285.0, provider/go.mod):
 * - the generated Node SDK, the resource classes' `declare public readonly` props (outputs),
 *   their `...Args` interfaces (inputs) and the `Missing required property` checks:
 *   sdk/nodejs/sag/smartagFlowLog.ts, sdk/nodejs/vpc/flowLog.ts, sdk/nodejs/vpc/trafficMirrorSession.ts,
 *   sdk/nodejs/vpc/trafficMirrorFilter.ts, sdk/nodejs/vpc/trafficMirrorFilterIngressRule.ts,
 *   sdk/nodejs/vpc/trafficMirrorFilterEgressRule.ts, sdk/nodejs/vpc/network.ts,
 *   sdk/nodejs/vpc/getTrafficMirrorService.ts, sdk/nodejs/config/vars.ts;
 * - the inline filter rules: `vpc.TrafficMirrorFilterIngressRule` / `...EgressRule` in
 *   sdk/nodejs/types/input.ts and output.ts;
 * - Terraform names and renames: provider/resources.go and
 *   provider/cmd/pulumi-resource-alicloud/bridge-metadata.json (`renames.renamedProperties`).
 *   (provider/cmd/pulumi-resource-alicloud/schema.json is too large to be stored in that snapshot;
 *   the SDK is generated from it.)
 * Value spellings (`accept`/`drop`, `ALL`/`ICMP`/`TCP`/`UDP`, `Active`/`Inactive`, ...) were checked
 * against the Terraform resources' `ValidateFunc`s (aliyun/terraform-provider-alicloud,
 * alicloud/resource_alicloud_vpc_flow_log.go, resource_alicloud_vpc_traffic_mirror_filter.go):
 * they are case-sensitive and identical to ours, so no value needs a case conversion.
 *
 * Region: no bridged resource here has a `region` or `regionId` input. The region comes from the
 * provider: config `alicloud:region` (else env `ALICLOUD_REGION`, sdk/nodejs/config/vars.ts), which
 * a policy sees as the provider resource's `region` input (`args.provider.props.region`). The VPC
 * flow log and the VPC also report a `regionId` output once created (state, `pulumi policy analyze`).
 */

/** Our resource types that have bridged equivalents. */
export type OurType =
  "sag.FlowLog" | "vpc.FlowLog" | "vpc.TrafficMirrorSession" | "vpc.TrafficMirrorFilter" | "vpc.TrafficMirrorFilterRule";

/** The members of one of our filter rules. */
export const RULE_MEMBERS = [
  "priority",
  "protocol",
  "action",
  "sourceCidrBlock",
  "destinationCidrBlock",
  "sourcePortRange",
  "destinationPortRange",
] as const;
export type RuleMember = (typeof RULE_MEMBERS)[number];

/**
 * Our fields per type. `vpc.TrafficMirrorFilterRule` is not a resource of ours: it is one entry of a
 * `vpc.TrafficMirrorFilter`'s `ingressRules` / `egressRules` (members of `RULE_MEMBERS`), which the
 * bridged provider also offers as a resource of its own, naming its filter (`filterId`) and fixing
 * its `direction`.
 */
export const OUR_FIELDS = {
  "sag.FlowLog": [
    "region",
    "name",
    "description",
    "outputType",
    "activeAging",
    "inactiveAging",
    "slsRegionId",
    "projectName",
    "logstoreName",
    "netflowServerIp",
    "netflowServerPort",
    "netflowVersion",
    "status",
    "smartAgIds",
  ],
  "vpc.FlowLog": [
    "region",
    "resourceType",
    "resourceId",
    "trafficType",
    "projectName",
    "logStoreName",
    "aggregationInterval",
    "trafficPaths",
    "ipVersion",
    "name",
    "description",
    "status",
    "tags",
  ],
  "vpc.TrafficMirrorSession": [
    "region",
    "name",
    "description",
    "sourceIds",
    "targetId",
    "targetType",
    "filterId",
    "priority",
    "virtualNetworkId",
    "packetLength",
    "enabled",
  ],
  "vpc.TrafficMirrorFilter": ["region", "name", "description", "ingressRules", "egressRules"],
  "vpc.TrafficMirrorFilterRule": ["region", "direction", "filterId", ...RULE_MEMBERS],
} as const satisfies Record<OurType, readonly string[]>;

export type OurField<T extends OurType> = (typeof OUR_FIELDS)[T][number];

/**
 * The bridged inline rule (`vpc.TrafficMirrorFilterIngressRule` / `EgressRule` in
 * sdk/nodejs/types/input.ts): the same seven member names as ours (Terraform: `priority`, `protocol`,
 * `action`, `source_cidr_block`, `destination_cidr_block`, `source_port_range`,
 * `destination_port_range`), plus the output-only `trafficMirrorFilterRuleStatus` (`Created`...),
 * which has no counterpart and is dropped. Required there: `action`, `protocol`; optional:
 * `priority`, both CIDR blocks, both port ranges (ours requires `priority`).
 */
export const BRIDGED_RULE_MEMBERS: Record<RuleMember, string> = {
  priority: "priority",
  protocol: "protocol",
  action: "action",
  sourceCidrBlock: "sourceCidrBlock",
  destinationCidrBlock: "destinationCidrBlock",
  sourcePortRange: "sourcePortRange",
  destinationPortRange: "destinationPortRange",
};
/** Output-only members of a bridged inline rule. */
export const BRIDGED_RULE_OUTPUT_MEMBERS = ["trafficMirrorFilterRuleStatus"] as const;

/**
 * Where one of our fields comes from on a bridged resource: a bridged prop name, or the first set
 * of several props (`prop: [new, deprecated]`) with an optional value conversion.
 */
export type BridgedField = string | { readonly prop: string | readonly string[]; readonly convert?: (value: unknown) => unknown };

/** Where a bridged resource's region comes from (see the file comment). */
export interface RegionSource {
  /** Provider config key, and the provider resource's input that holds it. */
  readonly config: "alicloud:region";
  readonly providerProp: "region";
  /** The provider's fallback when the config is not set. */
  readonly env: "ALICLOUD_REGION";
  /** An output of the bridged resource that reports the region once created, if it has one. */
  readonly stateOutput?: string;
}

export interface BridgedType<T extends OurType = OurType> {
  /** Our type. */
  readonly ours: T;
  /** The Terraform resource it bridges (provider/resources.go). */
  readonly terraform: string;
  /** The generated Node SDK file it was read from. */
  readonly sdkFile: string;
  /** Every input of the bridged resource (its `...Args`), with the required ones in `required`. */
  readonly inputs: readonly string[];
  readonly required: readonly string[];
  /** Output-only props (besides the resource id), with the values a created resource reports where known. */
  readonly outputs: readonly string[];
  /** Inputs the provider fills when the program leaves them out (Optional+Computed in Terraform). */
  readonly computed: readonly string[];
  /** Our fields, each from a bridged input (or the provider, for `region`). */
  readonly fields: Partial<Record<OurField<T>, BridgedField>>;
  /** Fields of ours the bridged resource has no input for, with the reason. */
  readonly unmapped: Partial<Record<OurField<T>, string>>;
  /** Fields with a fixed value on this bridged type (the rule resources' `direction`). */
  readonly constants?: Partial<Record<OurField<T>, unknown>>;
  /** Bridged inputs without a counterpart in ours (not read by policies). */
  readonly extraInputs: readonly string[];
  readonly region: RegionSource;
  /** The Pulumi resource id: its prefix and shape (the Terraform resource's `d.SetId`: the API's id). */
  readonly id: { readonly prefix: string; readonly shape: string };
}

/** A bridged type, its fields checked against its own type's fields. */
const define = <T extends OurType>(spec: BridgedType<T>): BridgedType<T> => spec;

/** The region source of every bridged type here; the VPC flow log adds its `regionId` output. */
const REGION: RegionSource = { config: "alicloud:region", providerProp: "region", env: "ALICLOUD_REGION" };

/**
 * A numeric string (`"5"`) as a number; anything else unchanged, so an unknown value (preview),
 * a number already, or a malformed string reaches the policy as it is and is judged there.
 */
export function numberFromString(value: unknown): unknown {
  return typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
}

/** One inline rule in our member names (the output-only status dropped); a non-object unchanged. */
export function ruleFromBridged(rule: unknown): unknown {
  if (rule === null || typeof rule !== "object" || Array.isArray(rule)) return rule;
  const from = rule as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const member of RULE_MEMBERS) {
    const value = from[BRIDGED_RULE_MEMBERS[member]];
    if (value !== undefined && value !== null) out[member] = value;
  }
  return out;
}

/** A list of inline rules in our member names; a non-list (unknown in preview) unchanged. */
export function rulesFromBridged(rules: unknown): unknown {
  return Array.isArray(rules) ? rules.map(ruleFromBridged) : rules;
}

const ruleResource = (direction: "ingress" | "egress"): BridgedType<"vpc.TrafficMirrorFilterRule"> => {
  const Direction = direction === "ingress" ? "Ingress" : "Egress";
  return {
    ours: "vpc.TrafficMirrorFilterRule",
    terraform: `alicloud_vpc_traffic_mirror_filter_${direction}_rule`,
    sdkFile: `sdk/nodejs/vpc/trafficMirrorFilter${Direction}Rule.ts`,
    inputs: [
      "action",
      "destinationCidrBlock",
      "destinationPortRange",
      "dryRun",
      "priority",
      "protocol",
      "ruleAction",
      "sourceCidrBlock",
      "sourcePortRange",
      "trafficMirrorFilterId",
    ],
    required: ["destinationCidrBlock", "priority", "protocol", "sourceCidrBlock", "trafficMirrorFilterId"],
    outputs: ["status", `trafficMirrorFilter${Direction}RuleId`],
    computed: ["action", "destinationPortRange", "ruleAction", "sourcePortRange"],
    fields: {
      region: "region",
      filterId: "trafficMirrorFilterId",
      priority: "priority",
      protocol: "protocol",
      // `ruleAction` is deprecated since provider 1.211.0 in favour of `action`; either may be set.
      action: { prop: ["action", "ruleAction"] },
      sourceCidrBlock: "sourceCidrBlock",
      destinationCidrBlock: "destinationCidrBlock",
      sourcePortRange: "sourcePortRange",
      destinationPortRange: "destinationPortRange",
    },
    unmapped: {},
    constants: { direction },
    extraInputs: ["dryRun"],
    region: REGION,
    // The Terraform resource's id is `<filter id>:<rule id>`; the rule id alone is the `...RuleId` output.
    id: { prefix: "tmf-", shape: "tmf-<filter>:tmr-<rule>" },
  };
};

/**
 * The bridged equivalents of our types, by bridged type token. `fields.region: "region"` means
 * the region comes from the provider (`region` below), not from a prop of the resource.
 */
export const BRIDGED = {
  "alicloud:sag/smartagFlowLog:SmartagFlowLog": define({
    ours: "sag.FlowLog",
    terraform: "alicloud_smartag_flow_log",
    sdkFile: "sdk/nodejs/sag/smartagFlowLog.ts",
    inputs: [
      "activeAging",
      "description",
      "flowLogName",
      "inactiveAging",
      "logstoreName",
      "netflowServerIp",
      "netflowServerPort",
      "netflowVersion",
      "outputType",
      "projectName",
      "slsRegionId",
      "status",
    ],
    required: ["outputType"],
    // Every output is also an input; status is an input (Active | Inactive).
    outputs: [],
    computed: ["activeAging", "inactiveAging", "netflowServerPort", "netflowVersion", "status"],
    fields: {
      region: "region",
      name: "flowLogName",
      description: "description",
      outputType: "outputType",
      activeAging: "activeAging",
      inactiveAging: "inactiveAging",
      slsRegionId: "slsRegionId",
      projectName: "projectName",
      logstoreName: "logstoreName",
      netflowServerIp: "netflowServerIp",
      netflowServerPort: "netflowServerPort",
      netflowVersion: "netflowVersion",
      status: "status",
    },
    unmapped: {
      smartAgIds:
        "no bridged input: the flow log's SAG association is not part of alicloud_smartag_flow_log, and no resource of the bridged sag module associates one",
    },
    extraInputs: [],
    region: REGION,
    id: { prefix: "fl-", shape: "fl-<lowercase letters and digits>" },
  }),
  "alicloud:vpc/flowLog:FlowLog": define({
    ours: "vpc.FlowLog",
    terraform: "alicloud_vpc_flow_log",
    sdkFile: "sdk/nodejs/vpc/flowLog.ts",
    inputs: [
      "aggregationInterval",
      "description",
      "flowLogName",
      "ipVersion",
      "logStoreName",
      "projectName",
      "resourceGroupId",
      "resourceId",
      "resourceType",
      "status",
      "tags",
      "trafficPaths",
      "trafficType",
    ],
    required: ["logStoreName", "projectName", "resourceId", "resourceType", "trafficType"],
    outputs: ["businessStatus", "createTime", "flowLogId", "regionId"],
    computed: ["aggregationInterval", "ipVersion", "resourceGroupId", "status", "trafficPaths"],
    fields: {
      region: "region",
      resourceType: "resourceType",
      resourceId: "resourceId",
      trafficType: "trafficType",
      projectName: "projectName",
      logStoreName: "logStoreName",
      // A string in the bridged schema (Terraform `aggregation_interval`, TypeString, sent to
      // CreateFlowLog as is): "1" | "5" | "10", minutes. The SDK doc says "Unit: seconds"; the API
      // and our emulator take minutes, and the values are the API's.
      aggregationInterval: { prop: "aggregationInterval", convert: numberFromString },
      // Terraform `traffic_path`, pluralized by the bridge.
      trafficPaths: "trafficPaths",
      ipVersion: "ipVersion",
      name: "flowLogName",
      description: "description",
      // An input (Active | Inactive), Optional+Computed; also reported as an output.
      status: "status",
      tags: "tags",
    },
    unmapped: {},
    extraInputs: ["resourceGroupId"],
    region: { ...REGION, stateOutput: "regionId" },
    id: { prefix: "fl-", shape: "fl-<lowercase letters and digits>" },
  }),
  "alicloud:vpc/trafficMirrorSession:TrafficMirrorSession": define({
    ours: "vpc.TrafficMirrorSession",
    terraform: "alicloud_vpc_traffic_mirror_session",
    sdkFile: "sdk/nodejs/vpc/trafficMirrorSession.ts",
    inputs: [
      "dryRun",
      "enabled",
      "packetLength",
      "priority",
      "resourceGroupId",
      "tags",
      "trafficMirrorFilterId",
      "trafficMirrorSessionDescription",
      "trafficMirrorSessionName",
      "trafficMirrorSourceIds",
      "trafficMirrorTargetId",
      "trafficMirrorTargetType",
      "virtualNetworkId",
    ],
    required: ["priority", "trafficMirrorFilterId", "trafficMirrorSourceIds", "trafficMirrorTargetId", "trafficMirrorTargetType"],
    outputs: ["status"],
    computed: ["packetLength", "resourceGroupId", "virtualNetworkId"],
    fields: {
      region: "region",
      name: "trafficMirrorSessionName",
      description: "trafficMirrorSessionDescription",
      sourceIds: "trafficMirrorSourceIds",
      targetId: "trafficMirrorTargetId",
      // Required in the bridged resource; ours infers it from the target id when unset.
      targetType: "trafficMirrorTargetType",
      filterId: "trafficMirrorFilterId",
      priority: "priority",
      virtualNetworkId: "virtualNetworkId",
      packetLength: "packetLength",
      enabled: "enabled",
    },
    unmapped: {},
    extraInputs: ["dryRun", "resourceGroupId", "tags"],
    region: REGION,
    id: { prefix: "tms-", shape: "tms-<lowercase letters and digits>" },
  }),
  "alicloud:vpc/trafficMirrorFilter:TrafficMirrorFilter": define({
    ours: "vpc.TrafficMirrorFilter",
    terraform: "alicloud_vpc_traffic_mirror_filter",
    sdkFile: "sdk/nodejs/vpc/trafficMirrorFilter.ts",
    inputs: [
      "dryRun",
      "egressRules",
      "ingressRules",
      "resourceGroupId",
      "tags",
      "trafficMirrorFilterDescription",
      "trafficMirrorFilterName",
    ],
    required: [],
    outputs: ["status"],
    computed: ["egressRules", "ingressRules", "resourceGroupId"],
    fields: {
      region: "region",
      name: "trafficMirrorFilterName",
      description: "trafficMirrorFilterDescription",
      ingressRules: { prop: "ingressRules", convert: rulesFromBridged },
      egressRules: { prop: "egressRules", convert: rulesFromBridged },
    },
    unmapped: {},
    extraInputs: ["dryRun", "resourceGroupId", "tags"],
    region: REGION,
    id: { prefix: "tmf-", shape: "tmf-<lowercase letters and digits>" },
  }),
  "alicloud:vpc/trafficMirrorFilterIngressRule:TrafficMirrorFilterIngressRule": ruleResource("ingress"),
  "alicloud:vpc/trafficMirrorFilterEgressRule:TrafficMirrorFilterEgressRule": ruleResource("egress"),
} as const;

export type BridgedToken = keyof typeof BRIDGED;

/**
 * The bridged VPC (`alicloud:vpc/network:Network`, Terraform `alicloud_vpc`, sdk/nodejs/vpc/network.ts).
 * Not one of our types: a VPC flow log's `resourceId` (with `resourceType: "VPC"`) holds its id,
 * which is the resource id itself (`vpc.id`); the bridged VPC has no `vpcId` output.
 */
export const BRIDGED_NETWORK = {
  token: "alicloud:vpc/network:Network",
  terraform: "alicloud_vpc",
  inputs: [
    "cidrBlock",
    "classicLinkEnabled",
    "description",
    "dnsHostnameStatus",
    "dryRun",
    "enableIpv6",
    "forceDelete",
    "ipv4CidrMask",
    "ipv4IpamPoolId",
    "ipv6CidrBlock",
    "ipv6Isp",
    "isDefault",
    "name",
    "resourceGroupId",
    "secondaryCidrBlocks",
    "secondaryCidrMask",
    "systemRouteTableDescription",
    "systemRouteTableName",
    "systemRouteTableRoutePropagationEnable",
    "tags",
    "userCidrs",
    "vpcName",
  ],
  outputs: ["createTime", "ipv6CidrBlocks", "regionId", "routeTableId", "routerId", "routerTableId", "status"],
  region: { ...REGION, stateOutput: "regionId" },
  id: { prefix: "vpc-", shape: "vpc-<lowercase letters and digits>" },
} as const;

/**
 * Traffic mirroring's enablement has no bridged resource: only the data source
 * `alicloud.vpc.getTrafficMirrorService({ enable: "On" })` (Terraform data source
 * `alicloud_vpc_traffic_mirror_service`, sdk/nodejs/vpc/getTrafficMirrorService.ts), an invoke that
 * opens the service as a side effect and returns `{ id, enable, status }` (`status` "Opened").
 * Invokes are not resources, so no policy sees it: a stack of bridged mirror sessions never has
 * an equivalent of our `vpc.TrafficMirrorService` (`mirror-session-service-in-stack`).
 * (The same holds for VPC flow logs: `alicloud:vpc/getFlowLogService:getFlowLogService`.)
 */
export const BRIDGED_TRAFFIC_MIRROR_SERVICE = {
  invoke: "alicloud:vpc/getTrafficMirrorService:getTrafficMirrorService",
  terraform: "alicloud_vpc_traffic_mirror_service",
  args: { enable: ["On", "Off"] },
  result: ["enable", "id", "status"],
  resource: undefined,
} as const;

/** Whether a type token is one of the bridged types mapped here. */
export function isBridgedToken(token: string): token is BridgedToken {
  return Object.prototype.hasOwnProperty.call(BRIDGED, token);
}

/** The bridged tokens whose equivalent is our `ours`. */
export function bridgedTokensOf(ours: OurType): BridgedToken[] {
  return (Object.keys(BRIDGED) as BridgedToken[]).filter((token) => BRIDGED[token].ours === ours);
}

/** What `toOurs` needs besides the props. */
export interface ToOursOptions {
  /** The region of the resource's provider (`args.provider.props.region`), if known. */
  region?: unknown;
}

/**
 * A bridged resource's props in our field names and value types: the region from `options.region`
 * (else the type's region output, in state), each mapped field that is set (converted), and the
 * type's constants. Fields without a bridged input are left out. Values not known yet (preview)
 * pass through as they are.
 */
export function toOurs<K extends BridgedToken>(
  token: K,
  props: Record<string, unknown>,
  options: ToOursOptions = {},
): { type: (typeof BRIDGED)[K]["ours"]; props: Record<string, unknown> } {
  const spec: BridgedType = BRIDGED[token];
  const out: Record<string, unknown> = {};
  for (const [field, source] of Object.entries(spec.fields) as [string, BridgedField][]) {
    if (field === "region") {
      const region = options.region ?? (spec.region.stateOutput ? props[spec.region.stateOutput] : undefined);
      if (region !== undefined && region !== null && region !== "") out.region = region;
      continue;
    }
    const names = typeof source === "string" ? [source] : typeof source.prop === "string" ? [source.prop] : source.prop;
    const name = names.find((n) => props[n] !== undefined && props[n] !== null);
    if (name === undefined) continue;
    const value = props[name];
    out[field] = typeof source === "string" || !source.convert ? value : source.convert(value);
  }
  Object.assign(out, spec.constants ?? {});
  return { type: spec.ours, props: out };
}

/**
 * The bridged vSwitch (`alicloud:vpc/switch:Switch`, Terraform `alicloud_vswitch`, sdk/nodejs/vpc/switch.ts;
 * `alicloud:vpc/subnet:Subnet` is its deprecated twin): `vpcId` names its VPC. Used by
 * `vpc-flowlog-coverage` when vSwitch-scoped flow logs count.
 */
export const BRIDGED_VSWITCH = {
  tokens: ["alicloud:vpc/switch:Switch", "alicloud:vpc/subnet:Subnet"],
  vpcIdProp: "vpcId",
  id: { prefix: "vsw-", shape: "vsw-<lowercase letters and digits>" },
} as const;

/**
 * The bridged ENIs (`alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface`, sdk/nodejs/ecs/ecsNetworkInterface.ts,
 * and the older `alicloud:vpc/networkInterface:NetworkInterface`): `vswitchId` names the vSwitch.
 * Used by `vpc-flowlog-coverage` when ENI-scoped flow logs count.
 */
export const BRIDGED_NETWORK_INTERFACE = {
  tokens: ["alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface", "alicloud:vpc/networkInterface:NetworkInterface"],
  vswitchIdProp: "vswitchId",
  id: { prefix: "eni-", shape: "eni-<lowercase letters and digits>" },
} as const;

/** How a program names a bridged type: `alicloud:vpc/flowLog:FlowLog` -> `alicloud.vpc.FlowLog`. */
export function bridgedClassName(token: string): string {
  const m = /^([^:]+):([^/:]+)(?:\/[^:]*)?:([^:]+)$/.exec(token);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : token;
}

/**
 * The bridged props that hold one of our fields (several for a renamed prop, the current name
 * first), and whether its value is converted on the way (then it cannot be written back as is).
 * `region` has none: it is the provider's.
 */
export function bridgedSource(token: BridgedToken, field: string): { props: readonly string[]; converted: boolean } | undefined {
  const source = (BRIDGED[token] as BridgedType).fields[field as never] as BridgedField | undefined;
  if (source === undefined || field === "region") return undefined;
  if (typeof source === "string") return { props: [source], converted: false };
  return { props: typeof source.prop === "string" ? [source.prop] : source.prop, converted: source.convert !== undefined };
}
