/**
 * VPC flow logs (vpc 2016-04-28): OpenFlowLogService, GetFlowLogServiceStatus, CreateFlowLog,
 * DescribeFlowLogs, ModifyFlowLogAttribute, ActiveFlowLog, DeactiveFlowLog, DeleteFlowLog. One public
 * method per action; never sees HTTP; validation completes before the first mutation. The rules come from
 * shared/reference/vpc-flow-log-api.md (the `@alicloud/vpc20160428` 7.3.2 models and the API pages), not
 * from the provider; where the docs are silent the comment says "choice" and docs/emulator.md explains it.
 *
 * Not the smartag 2018-03-13 flow logs (same action names, other version, other fields): the server routes
 * by `Version`, so each product only ever sees its own.
 *
 * The service is opened per region (choice) with the vpc ClientToken contract (`core.ts`); a second open is
 * `OperationFailed.ExceedPurchaseLimit`, as documented. CreateFlowLog needs the service enabled in its region.
 *
 * Asynchronous as documented: create and ActiveFlowLog show `Activating`, then `Active`; DeactiveFlowLog
 * `Deactivating`, then `Inactive`; ModifyFlowLogAttribute `Modifying`, then the prior status; DeleteFlowLog
 * `Deleting`, then the flow log is gone. While a flow log is in one of those states every change to it is
 * `IncorrectStatus.flowlog`. The actions take no ClientToken (an extra one is ignored, like any unknown
 * parameter), so CreateFlowLog is not idempotent, as the docs imply.
 */
import { present, type RequestMeta, type TagInput, type VpcCore } from "./core";
import type { SeededNetwork } from "./endpoints";
import {
  incorrectStatusFlowlog,
  invalidInstanceId,
  invalidInstanceIdNotFound,
  invalidParam,
  invalidResourceIdNotFound,
  operationFailedExceedPurchaseLimit,
  operationFailedFlowLogServiceNotOpened,
  quotaExceededFlowLog,
} from "./errors";
import {
  AGGREGATION_INTERVALS,
  DEFAULT_AGGREGATION_INTERVAL,
  DEFAULT_FLOW_LOG_IP_VERSION,
  DEFAULT_TRAFFIC_PATH,
  DESCRIPTION_MAX_LENGTH,
  FLOW_LOG_ID_LENGTH,
  FLOW_LOG_IP_VERSIONS,
  FLOW_LOG_PAGE_SIZE,
  FLOW_LOG_RESOURCE_TYPES,
  NAME_MAX_LENGTH,
  PAGE_NUMBER,
  TRAFFIC_PATHS,
  TRAFFIC_TYPES,
  flowLogCreationTime,
  isSlsLogstoreName,
  isSlsProjectName,
  parseUnsignedInt,
} from "./rules";
import { flowLogStatusAt, type FlowLogStatus, type IpVersion, type Tag, type VpcFlowLogRecord } from "./state";

/** CreateFlowLog's fields as received (raw strings; undefined = not sent). */
export interface CreateFlowLogInput {
  resourceType?: string;
  resourceId?: string;
  trafficType?: string;
  projectName?: string;
  logStoreName?: string;
  aggregationInterval?: string;
  /** `TrafficPath.N` in the order of N. */
  trafficPath: readonly string[];
  flowLogName?: string;
  description?: string;
  ipVersion?: string;
  resourceGroupId?: string;
  tags: readonly TagInput[];
}

/** DescribeFlowLogs' filters and paging (raw strings). */
export interface DescribeFlowLogsInput {
  flowLogId?: string;
  flowLogName?: string;
  description?: string;
  resourceType?: string;
  resourceId?: string;
  trafficType?: string;
  projectName?: string;
  logStoreName?: string;
  status?: string;
  vpcId?: string;
  resourceGroupId?: string;
  /** `Tags.N.Key` / `Tags.N.Value`. */
  tags: readonly TagInput[];
  pageNumber?: string;
  pageSize?: string;
}

/** What ModifyFlowLogAttribute can change (nothing else is modifiable). */
export interface ModifyFlowLogInput {
  flowLogName?: string;
  description?: string;
  aggregationInterval?: string;
  ipVersion?: string;
}

export interface FlowLogBackendOptions {
  /** Delay between OpenFlowLogService and `Enabled: true` (default 0). */
  activationMs: number;
  /** How long Activating / Deactivating / Modifying / Deleting last. */
  transitionMs: number;
  /** Flow logs per region. */
  quota: number;
}

type Transition = "Activating" | "Deactivating" | "Modifying" | "Deleting";
const SUCCESS = { Success: "true" } as const;

const oneOf = <T extends string>(values: readonly T[], v: string): v is T => (values as readonly string[]).includes(v);

export class VpcFlowLogBackend {
  private readonly activationMs: number;
  private readonly transitionMs: number;

  constructor(
    private readonly core: VpcCore,
    private readonly network: SeededNetwork,
    private readonly options: FlowLogBackendOptions,
  ) {
    this.activationMs = Math.max(0, options.activationMs);
    this.transitionMs = Math.max(0, options.transitionMs);
  }

  // ------------------------------------------------------------------------------------------------------
  // The service
  // ------------------------------------------------------------------------------------------------------

  openFlowLogService(regionId: string | undefined, meta: RequestMeta): { Code: "200"; Message: "successful" } {
    const region = this.core.enter(regionId);
    return this.core.idempotent("OpenFlowLogService", region, meta, () => {
      // Choice: once opened (activating or enabled) there is nothing left to buy.
      if (this.core.state.getFlowLogService(region)) throw operationFailedExceedPurchaseLimit();
      return () => {
        const now = this.core.now();
        this.core.state.setFlowLogService({
          regionId: region,
          openedAt: new Date(now).toISOString(),
          enabledAt: new Date(now + this.activationMs).toISOString(),
        });
        // Success carries Code "200" / Message "successful" as documented (pop-core treats it as success).
        return { result: { Code: "200", Message: "successful" } as const, busyUntil: 0 };
      };
    });
  }

  getFlowLogServiceStatus(regionId: string | undefined, clientToken: string | undefined): { Enabled: boolean } {
    const region = this.core.enter(regionId);
    this.core.checkClientToken(clientToken);
    return { Enabled: this.enabled(region) };
  }

  // ------------------------------------------------------------------------------------------------------
  // Flow logs
  // ------------------------------------------------------------------------------------------------------

  createFlowLog(regionId: string | undefined, input: CreateFlowLogInput) {
    const region = this.core.enter(regionId);
    if (!this.enabled(region)) throw operationFailedFlowLogServiceNotOpened();
    const resourceType = this.core.required("ResourceType", input.resourceType);
    if (!oneOf(FLOW_LOG_RESOURCE_TYPES, resourceType)) throw invalidParam("ResourceType");
    const resourceId = this.core.required("ResourceId", input.resourceId);
    const trafficType = this.core.required("TrafficType", input.trafficType);
    if (!oneOf(TRAFFIC_TYPES, trafficType)) throw invalidParam("TrafficType");
    const projectName = this.slsName("ProjectName", input.projectName, isSlsProjectName);
    const logStoreName = this.slsName("LogStoreName", input.logStoreName, isSlsLogstoreName);
    const aggregationInterval = this.aggregationInterval(input.aggregationInterval) ?? DEFAULT_AGGREGATION_INTERVAL;
    const trafficPath = this.trafficPath(input.trafficPath);
    const name = this.core.text("FlowLogName", input.flowLogName, NAME_MAX_LENGTH);
    const description = this.core.text("Description", input.description, DESCRIPTION_MAX_LENGTH);
    const ipVersion = this.ipVersion(input.ipVersion) ?? DEFAULT_FLOW_LOG_IP_VERSION;
    const owner = this.core.owner(input);
    const vpcId = this.network.vpcOf(region, resourceType, resourceId);
    if (vpcId === undefined) throw invalidResourceIdNotFound();
    if (this.countIn(region) >= this.options.quota) throw quotaExceededFlowLog();

    const now = this.core.now();
    const flowLogId = this.core.newId("fl-", (x) => this.core.state.getFlowLog(x) !== undefined, FLOW_LOG_ID_LENGTH);
    const rec: VpcFlowLogRecord = {
      flowLogId,
      regionId: region,
      seq: this.core.state.nextSeq(),
      ...(name !== undefined ? { name } : {}),
      ...(description !== undefined ? { description } : {}),
      resourceType,
      resourceId,
      vpcId,
      trafficType,
      ...(projectName !== undefined ? { projectName } : {}),
      ...(logStoreName !== undefined ? { logStoreName } : {}),
      aggregationInterval,
      trafficPath,
      ipVersion,
      ...owner,
      creationTime: flowLogCreationTime(now),
      status: "Activating",
      settlesAt: new Date(now + this.transitionMs).toISOString(),
    };
    this.core.state.addFlowLog(rec);
    return { FlowLogId: flowLogId, ResourceGroupId: owner.resourceGroupId, ...SUCCESS };
  }

  describeFlowLogs(regionId: string | undefined, input: DescribeFlowLogsInput) {
    const region = this.core.enter(regionId);
    this.core.tags("Tags", input.tags);
    const pageNumber = this.core.integer("PageNumber", input.pageNumber, PAGE_NUMBER) ?? PAGE_NUMBER.default;
    const pageSize = this.core.integer("PageSize", input.pageSize, FLOW_LOG_PAGE_SIZE) ?? FLOW_LOG_PAGE_SIZE.default;
    // Choice: exact matches; a filter value no flow log has (a bad enum value included) matches nothing.
    const is = (filter: string | undefined, value: string | null | undefined) => !present(filter) || value === filter;
    const matches: Array<{ rec: VpcFlowLogRecord; status: FlowLogStatus }> = [];
    for (const rec of this.core.state.allFlowLogs()) {
      const status = this.statusOf(rec);
      if (rec.regionId !== region || status === undefined) continue;
      const wanted =
        is(input.flowLogId, rec.flowLogId) &&
        is(input.flowLogName, rec.name) &&
        is(input.description, rec.description) &&
        is(input.resourceType, rec.resourceType) &&
        is(input.resourceId, rec.resourceId) &&
        is(input.trafficType, rec.trafficType) &&
        is(input.projectName, rec.projectName) &&
        is(input.logStoreName, rec.logStoreName) &&
        is(input.status, status) &&
        is(input.vpcId, rec.vpcId) &&
        is(input.resourceGroupId, rec.resourceGroupId) &&
        this.core.hasTags(rec.tags, input.tags);
      if (wanted) matches.push({ rec, status });
    }
    const page = matches.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return {
      Success: "true",
      TotalCount: String(matches.length),
      PageNumber: String(pageNumber),
      PageSize: String(pageSize),
      FlowLogs: { FlowLog: page.map(({ rec, status }) => toItem(rec, status)) },
    };
  }

  /** Partial update: what is not sent (or sent empty, choice) keeps its value. */
  modifyFlowLogAttribute(regionId: string | undefined, flowLogId: string | undefined, input: ModifyFlowLogInput) {
    const region = this.core.enter(regionId);
    const rec = this.find(region, flowLogId, invalidInstanceIdNotFound);
    const prior = this.settled(rec);
    const name = this.core.text("FlowLogName", input.flowLogName, NAME_MAX_LENGTH);
    const description = this.core.text("Description", input.description, DESCRIPTION_MAX_LENGTH);
    const aggregationInterval = this.aggregationInterval(input.aggregationInterval);
    const ipVersion = this.ipVersion(input.ipVersion);
    if (name !== undefined) rec.name = name;
    if (description !== undefined) rec.description = description;
    if (aggregationInterval !== undefined) rec.aggregationInterval = aggregationInterval;
    if (ipVersion !== undefined) rec.ipVersion = ipVersion;
    this.begin(rec, "Modifying", prior);
    return { ...SUCCESS };
  }

  activeFlowLog(regionId: string | undefined, flowLogId: string | undefined) {
    const region = this.core.enter(regionId);
    const rec = this.find(region, flowLogId, invalidInstanceIdNotFound);
    // Choice: activating an Active flow log is refused like any other status but Inactive.
    if (this.statusOf(rec) !== "Inactive") throw incorrectStatusFlowlog();
    this.begin(rec, "Activating");
    return { ...SUCCESS };
  }

  deactiveFlowLog(regionId: string | undefined, flowLogId: string | undefined) {
    const region = this.core.enter(regionId);
    const rec = this.find(region, flowLogId, invalidInstanceIdNotFound);
    // Choice: deactivating an Inactive flow log is refused like any other status but Active.
    if (this.statusOf(rec) !== "Active") throw incorrectStatusFlowlog();
    this.begin(rec, "Deactivating");
    return { ...SUCCESS };
  }

  /** Active and Inactive flow logs can be deleted directly (Terraform never deactivates first). */
  deleteFlowLog(regionId: string | undefined, flowLogId: string | undefined) {
    const region = this.core.enter(regionId);
    const rec = this.find(region, flowLogId, invalidInstanceId);
    this.settled(rec);
    this.begin(rec, "Deleting");
    return { ...SUCCESS };
  }

  // ------------------------------------------------------------------------------------------------------
  // For the tag actions and the control plane
  // ------------------------------------------------------------------------------------------------------

  /** A flow log of the region that still exists (its tags can change in any status). */
  taggable(regionId: string, id: string): VpcFlowLogRecord | undefined {
    const rec = this.core.state.getFlowLog(id);
    return rec && rec.regionId === regionId && this.statusOf(rec) !== undefined ? rec : undefined;
  }

  /** The flow logs of a region that still exist, in creation order. */
  inRegion(regionId: string): VpcFlowLogRecord[] {
    return [...this.core.state.allFlowLogs()].filter((f) => f.regionId === regionId && this.statusOf(f) !== undefined);
  }

  /** Whether the region's flow-log service is opened and its activation delay has passed. */
  enabled(regionId: string): boolean {
    const rec = this.core.state.getFlowLogService(regionId);
    return rec !== undefined && this.core.now() >= Date.parse(rec.enabledAt);
  }

  statusOf(rec: VpcFlowLogRecord): FlowLogStatus | undefined {
    return flowLogStatusAt(rec, this.core.now());
  }

  // ------------------------------------------------------------------------------------------------------
  // Helpers
  // ------------------------------------------------------------------------------------------------------

  /** A flow log of the region (`MissingFlowLogId`; `notFound()` for an unknown, other-region or deleted id). */
  private find(region: string, flowLogId: string | undefined, notFound: () => Error): VpcFlowLogRecord {
    const id = this.core.required("FlowLogId", flowLogId);
    const rec = this.taggable(region, id);
    if (!rec) throw notFound();
    return rec;
  }

  /** The status of a flow log that is not in a transition (`IncorrectStatus.flowlog` otherwise). */
  private settled(rec: VpcFlowLogRecord): "Active" | "Inactive" {
    const status = this.statusOf(rec);
    if (status !== "Active" && status !== "Inactive") throw incorrectStatusFlowlog();
    return status;
  }

  /** Starts a task: the flow log shows `status` for the transition delay. */
  private begin(rec: VpcFlowLogRecord, status: Transition, prior?: "Active" | "Inactive"): void {
    rec.status = status;
    rec.settlesAt = new Date(this.core.now() + this.transitionMs).toISOString();
    if (prior !== undefined) rec.priorStatus = prior;
    else delete rec.priorStatus;
    this.core.state.changed();
  }

  /** Flow logs of the region that count against the quota: every one not gone yet. */
  private countIn(region: string): number {
    let n = 0;
    for (const f of this.core.state.allFlowLogs()) if (f.regionId === region && this.statusOf(f) !== undefined) n++;
    return n;
  }

  /** An optional SLS project / Logstore name; when given it must follow the SLS naming rules. */
  private slsName(name: string, v: string | undefined, valid: (v: string) => boolean): string | undefined {
    if (!present(v)) return undefined;
    if (!valid(v)) throw invalidParam(name);
    return v;
  }

  private aggregationInterval(v: string | undefined): number | undefined {
    if (!present(v)) return undefined;
    const n = parseUnsignedInt(v);
    if (n === undefined || !AGGREGATION_INTERVALS.includes(n)) throw invalidParam("AggregationInterval");
    return n;
  }

  private ipVersion(v: string | undefined): IpVersion | undefined {
    if (!present(v)) return undefined;
    if (!oneOf(FLOW_LOG_IP_VERSIONS, v)) throw invalidParam("IpVersion");
    return v;
  }

  /** `TrafficPath.N`: documented values, no duplicates (choice); default `["all"]`. */
  private trafficPath(paths: readonly string[]): string[] {
    if (paths.length === 0) return [...DEFAULT_TRAFFIC_PATH];
    if (new Set(paths).size !== paths.length || paths.some((p) => !TRAFFIC_PATHS.includes(p))) throw invalidParam("TrafficPath");
    return [...paths];
  }
}

/** One `FlowLogs.FlowLog[]` item, as the SDK model names and types it (unset text fields are `""`). */
function toItem(rec: VpcFlowLogRecord, status: FlowLogStatus) {
  return {
    FlowLogId: rec.flowLogId,
    FlowLogName: rec.name ?? "",
    Description: rec.description ?? "",
    RegionId: rec.regionId,
    ResourceGroupId: rec.resourceGroupId,
    ResourceType: rec.resourceType,
    ResourceId: rec.resourceId,
    TrafficType: rec.trafficType,
    ProjectName: rec.projectName ?? "",
    LogStoreName: rec.logStoreName ?? "",
    AggregationInterval: rec.aggregationInterval,
    Status: status,
    BusinessStatus: "Normal",
    CreationTime: rec.creationTime,
    IpVersion: rec.ipVersion,
    ServiceType: "",
    FlowLogDeliverStatus: "SUCCESS",
    Tags: { Tag: rec.tags.map((t: Tag) => ({ Key: t.Key, Value: t.Value })) },
    TrafficPath: { TrafficPathList: [...rec.trafficPath] },
  };
}
