/**
 * VPC 2016-04-28 route table: the traffic-mirroring actions (enablement, filters and their rules, sessions),
 * the flow-log actions (enablement, flow logs) and the tag actions; every other VPC action is
 * `InvalidApi.NotFound`. Handlers only read named parameters, including the
 * documented repeat lists (`IngressRules.N.Action`, `TrafficMirrorSourceIds.N`, `Tag.N.Key`), and call the
 * backend method of the same (camelCase) name.
 */
import type { ActionHandler, ActionTable, Params } from "../types";
import { regionFromHost } from "../regions";
import type { VpcBackend } from "./backend";
import type { RequestMeta, TagInput } from "./core";
import type { RuleInput, RuleSetInput, TrafficMirrorFilterBackend } from "./filters";
import type { VpcFlowLogBackend } from "./flowLogs";
import type { SessionConfigInput, TrafficMirrorSessionBackend } from "./sessions";
import type { VpcTagBackend } from "./tags";

export const VPC_VERSION = "2016-04-28";

/**
 * Choice: when OpenTrafficMirrorService omits its optional RegionId, the region is the one named by a
 * regional endpoint host (`vpc.<region>.aliyuncs.com`), else cn-hangzhou, the region of the central
 * endpoint `vpc.aliyuncs.com`.
 */
export const DEFAULT_VPC_REGION = "cn-hangzhou";

export interface VpcBackends {
  service: VpcBackend;
  filters: TrafficMirrorFilterBackend;
  sessions: TrafficMirrorSessionBackend;
  flowLogs: VpcFlowLogBackend;
  tags: VpcTagBackend;
}

/** `Prefix.N.Field` entries grouped by N (ascending); `fields` are the documented member names. */
function members(
  p: Params,
  prefix: string,
  fields: readonly string[],
): Array<{ index: number; values: Record<string, string | undefined> }> {
  const pattern = new RegExp(`^${prefix}\\.([1-9]\\d{0,8})\\.(${fields.join("|")})$`);
  const byIndex = new Map<number, Record<string, string | undefined>>();
  for (const [name, value] of Object.entries(p.business())) {
    const m = pattern.exec(name);
    if (!m) continue;
    const index = Number(m[1]);
    if (!byIndex.has(index)) byIndex.set(index, {});
    byIndex.get(index)![m[2]!] = value;
  }
  return [...byIndex].sort(([a], [b]) => a - b).map(([index, values]) => ({ index, values }));
}

/** `Prefix.N` values in the order of N. */
function list(p: Params, prefix: string): string[] {
  const pattern = new RegExp(`^${prefix}\\.([1-9]\\d{0,8})$`);
  return Object.entries(p.business())
    .flatMap(([name, value]) => {
      const m = pattern.exec(name);
      return m ? [[Number(m[1]), value] as const] : [];
    })
    .sort(([a], [b]) => a - b)
    .map(([, value]) => value);
}

const RULE_FIELDS = [
  "Action",
  "Protocol",
  "Priority",
  "SourceCidrBlock",
  "DestinationCidrBlock",
  "SourcePortRange",
  "DestinationPortRange",
  "IpVersion",
] as const;

function rules(p: Params, prefix: "IngressRules" | "EgressRules"): RuleInput[] {
  return members(p, prefix, RULE_FIELDS).map(({ index, values: v }) => ({
    index,
    action: v["Action"],
    protocol: v["Protocol"],
    priority: v["Priority"],
    sourceCidrBlock: v["SourceCidrBlock"],
    destinationCidrBlock: v["DestinationCidrBlock"],
    sourcePortRange: v["SourcePortRange"],
    destinationPortRange: v["DestinationPortRange"],
    ipVersion: v["IpVersion"],
  }));
}

const ruleSet = (p: Params): RuleSetInput => ({ ingressRules: rules(p, "IngressRules"), egressRules: rules(p, "EgressRules") });

/** `Tag.N.Key` / `Tag.N.Value` (create) or `Tags.N.*` (List). */
const tags = (p: Params, prefix: "Tag" | "Tags"): TagInput[] =>
  members(p, prefix, ["Key", "Value"]).map(({ values }) => ({ key: values["Key"], value: values["Value"] }));

/** What both List actions filter and page by, besides their own fields. */
const listing = (p: Params) => ({
  resourceGroupId: p.get("ResourceGroupId"),
  tags: tags(p, "Tags"),
  maxResults: p.get("MaxResults"),
  nextToken: p.get("NextToken"),
});

const meta = (p: Params): RequestMeta => ({ clientToken: p.get("ClientToken"), dryRun: p.get("DryRun"), params: p.business() });

function sessionConfig(p: Params): SessionConfigInput {
  return {
    name: p.get("TrafficMirrorSessionName"),
    description: p.get("TrafficMirrorSessionDescription"),
    targetId: p.get("TrafficMirrorTargetId"),
    targetType: p.get("TrafficMirrorTargetType"),
    filterId: p.get("TrafficMirrorFilterId"),
    priority: p.get("Priority"),
    virtualNetworkId: p.get("VirtualNetworkId"),
    packetLength: p.get("PacketLength"),
    enabled: p.get("Enabled"),
  };
}

export function vpcActions({ service, filters, sessions, flowLogs, tags: tagging }: VpcBackends): ActionTable {
  const region = (p: Params) => p.get("RegionId");
  const actions: Record<string, ActionHandler> = {
    OpenTrafficMirrorService: ({ params: p, host }) => {
      const given = p.get("RegionId");
      const effective = given !== undefined && given !== "" ? given : (regionFromHost(host, "vpc") ?? DEFAULT_VPC_REGION);
      return service.openTrafficMirrorService(effective, { clientToken: p.get("ClientToken"), params: p.business() });
    },
    GetTrafficMirrorServiceStatus: ({ params: p }) => service.getTrafficMirrorServiceStatus(region(p), p.get("ClientToken")),

    CreateTrafficMirrorFilter: ({ params: p }) =>
      filters.createTrafficMirrorFilter(
        region(p),
        {
          name: p.get("TrafficMirrorFilterName"),
          description: p.get("TrafficMirrorFilterDescription"),
          resourceGroupId: p.get("ResourceGroupId"),
          tags: tags(p, "Tag"),
          ...ruleSet(p),
        },
        meta(p),
      ),
    DeleteTrafficMirrorFilter: ({ params: p }) => filters.deleteTrafficMirrorFilter(region(p), p.get("TrafficMirrorFilterId"), meta(p)),
    ListTrafficMirrorFilters: ({ params: p }) =>
      filters.listTrafficMirrorFilters(region(p), {
        ids: list(p, "TrafficMirrorFilterIds"),
        name: p.get("TrafficMirrorFilterName"),
        ...listing(p),
      }),
    UpdateTrafficMirrorFilterAttribute: ({ params: p }) =>
      filters.updateTrafficMirrorFilterAttribute(
        region(p),
        p.get("TrafficMirrorFilterId"),
        { name: p.get("TrafficMirrorFilterName"), description: p.get("TrafficMirrorFilterDescription") },
        meta(p),
      ),
    CreateTrafficMirrorFilterRules: ({ params: p }) =>
      filters.createTrafficMirrorFilterRules(region(p), p.get("TrafficMirrorFilterId"), ruleSet(p), meta(p)),
    DeleteTrafficMirrorFilterRules: ({ params: p }) =>
      filters.deleteTrafficMirrorFilterRules(region(p), p.get("TrafficMirrorFilterId"), list(p, "TrafficMirrorFilterRuleIds"), meta(p)),
    UpdateTrafficMirrorFilterRuleAttribute: ({ params: p }) =>
      filters.updateTrafficMirrorFilterRuleAttribute(
        region(p),
        p.get("TrafficMirrorFilterRuleId"),
        {
          priority: p.get("Priority"),
          protocol: p.get("Protocol"),
          ruleAction: p.get("RuleAction"),
          sourceCidrBlock: p.get("SourceCidrBlock"),
          destinationCidrBlock: p.get("DestinationCidrBlock"),
          sourcePortRange: p.get("SourcePortRange"),
          destinationPortRange: p.get("DestinationPortRange"),
        },
        meta(p),
      ),

    CreateTrafficMirrorSession: ({ params: p }) =>
      sessions.createTrafficMirrorSession(
        region(p),
        {
          ...sessionConfig(p),
          sourceIds: list(p, "TrafficMirrorSourceIds"),
          resourceGroupId: p.get("ResourceGroupId"),
          tags: tags(p, "Tag"),
        },
        meta(p),
      ),
    DeleteTrafficMirrorSession: ({ params: p }) => sessions.deleteTrafficMirrorSession(region(p), p.get("TrafficMirrorSessionId"), meta(p)),
    ListTrafficMirrorSessions: ({ params: p }) =>
      sessions.listTrafficMirrorSessions(region(p), {
        ids: list(p, "TrafficMirrorSessionIds"),
        name: p.get("TrafficMirrorSessionName"),
        enabled: p.get("Enabled"),
        priority: p.get("Priority"),
        filterId: p.get("TrafficMirrorFilterId"),
        sourceId: p.get("TrafficMirrorSourceId"),
        targetId: p.get("TrafficMirrorTargetId"),
        virtualNetworkId: p.get("VirtualNetworkId"),
        ...listing(p),
      }),
    UpdateTrafficMirrorSessionAttribute: ({ params: p }) =>
      sessions.updateTrafficMirrorSessionAttribute(region(p), p.get("TrafficMirrorSessionId"), sessionConfig(p), meta(p)),
    AddSourcesToTrafficMirrorSession: ({ params: p }) =>
      sessions.addSourcesToTrafficMirrorSession(region(p), p.get("TrafficMirrorSessionId"), list(p, "TrafficMirrorSourceIds"), meta(p)),
    RemoveSourcesFromTrafficMirrorSession: ({ params: p }) =>
      sessions.removeSourcesFromTrafficMirrorSession(
        region(p),
        p.get("TrafficMirrorSessionId"),
        list(p, "TrafficMirrorSourceIds"),
        meta(p),
      ),

    // Flow logs. Only OpenFlowLogService and GetFlowLogServiceStatus take a ClientToken; the others ignore one.
    OpenFlowLogService: ({ params: p }) =>
      flowLogs.openFlowLogService(region(p), { clientToken: p.get("ClientToken"), params: p.business() }),
    GetFlowLogServiceStatus: ({ params: p }) => flowLogs.getFlowLogServiceStatus(region(p), p.get("ClientToken")),
    CreateFlowLog: ({ params: p }) =>
      flowLogs.createFlowLog(region(p), {
        resourceType: p.get("ResourceType"),
        resourceId: p.get("ResourceId"),
        trafficType: p.get("TrafficType"),
        projectName: p.get("ProjectName"),
        logStoreName: p.get("LogStoreName"),
        aggregationInterval: p.get("AggregationInterval"),
        trafficPath: list(p, "TrafficPath"),
        flowLogName: p.get("FlowLogName"),
        description: p.get("Description"),
        ipVersion: p.get("IpVersion"),
        resourceGroupId: p.get("ResourceGroupId"),
        tags: tags(p, "Tag"),
      }),
    DescribeFlowLogs: ({ params: p }) =>
      flowLogs.describeFlowLogs(region(p), {
        flowLogId: p.get("FlowLogId"),
        flowLogName: p.get("FlowLogName"),
        description: p.get("Description"),
        resourceType: p.get("ResourceType"),
        resourceId: p.get("ResourceId"),
        trafficType: p.get("TrafficType"),
        projectName: p.get("ProjectName"),
        logStoreName: p.get("LogStoreName"),
        status: p.get("Status"),
        vpcId: p.get("VpcId"),
        resourceGroupId: p.get("ResourceGroupId"),
        tags: tags(p, "Tags"),
        pageNumber: p.get("PageNumber"),
        pageSize: p.get("PageSize"),
      }),
    ModifyFlowLogAttribute: ({ params: p }) =>
      flowLogs.modifyFlowLogAttribute(region(p), p.get("FlowLogId"), {
        flowLogName: p.get("FlowLogName"),
        description: p.get("Description"),
        aggregationInterval: p.get("AggregationInterval"),
        ipVersion: p.get("IpVersion"),
      }),
    ActiveFlowLog: ({ params: p }) => flowLogs.activeFlowLog(region(p), p.get("FlowLogId")),
    DeactiveFlowLog: ({ params: p }) => flowLogs.deactiveFlowLog(region(p), p.get("FlowLogId")),
    DeleteFlowLog: ({ params: p }) => flowLogs.deleteFlowLog(region(p), p.get("FlowLogId")),

    // Tags (ResourceType FLOWLOG).
    TagResources: ({ params: p }) =>
      tagging.tagResources(region(p), { resourceType: p.get("ResourceType"), resourceIds: list(p, "ResourceId"), tags: tags(p, "Tag") }),
    UnTagResources: ({ params: p }) =>
      tagging.unTagResources(region(p), {
        resourceType: p.get("ResourceType"),
        resourceIds: list(p, "ResourceId"),
        tagKeys: list(p, "TagKey"),
        all: p.get("All"),
      }),
    ListTagResources: ({ params: p }) =>
      tagging.listTagResources(region(p), {
        resourceType: p.get("ResourceType"),
        resourceIds: list(p, "ResourceId"),
        tags: tags(p, "Tag"),
        maxResults: p.get("MaxResults"),
        nextToken: p.get("NextToken"),
      }),
  };
  return new Map(Object.entries(actions));
}
