/**
 * Smart Access Gateway (smartag 2018-03-13) flow-log backend: one public method per action, named after the
 * action in camelCase. It never sees HTTP: inputs are the raw parameter strings (undefined when absent),
 * outputs are the documented response fields. Every rule comes from `rules.ts`; every error from the named
 * factories in `errors.ts`. Validation always completes before the first mutation, so a rejected request
 * changes nothing.
 */
import { invalidParameter, missingOutputType, missingRegionId, missingSmartAGId } from "../../errors";
import {
  dependencyViolationFlowLog,
  illegalParamActiveAging,
  illegalParamDescription,
  illegalParamInactiveAging,
  illegalParamName,
  illegalParamNetflowServerIp,
  illegalParamNetflowServerPort,
  illegalParamNetflowVersion,
  illegalParamOutputType,
  illegalParamRegionId,
  illegalParamSlsRegionId,
  illegalParamStatus,
  incorrectStatusFlowLog,
  invalidFlowLogIdNotFound,
  invalidSmartAGIdNotFound,
  missingParamFlowLogId,
  missingParamLogstoreName,
  missingParamNetflowServerIp,
  missingParamNetflowServerPort,
  missingParamNetflowVersion,
  missingParamProjectName,
  missingParamSlsRegionId,
  operationFailedAssociateFlowLog,
  operationUnsupportedAssociateFlowLog,
  quotaExceededFlowlog,
} from "./errors";
import { randomLowerAlnumId } from "../../ids";
import type { FlowLogRecord, FlowLogStatus, NetflowVersion, OutputType, SagRecord, SmartagState } from "./state";
import {
  ACTIVE_AGING,
  DEFAULT_FLOW_LOG_QUOTA,
  DEFAULT_NETFLOW_VERSION,
  DEFAULT_RESOURCE_GROUP_ID,
  DESCRIPTION_MAX_LENGTH,
  FLOW_LOG_ID_LENGTH,
  INACTIVE_AGING,
  NAME_MAX_LENGTH,
  NETFLOW_PORT,
  PAGE_SIZE,
  SMARTAG_REGIONS,
  codePointLength,
  isIPv4,
  isNetflowVersion,
  isOutputType,
  isRegionIdShape,
  needsNetflow,
  needsSls,
  parseUnsignedInt,
} from "./rules";

/** The configurable fields of a flow log as received (raw strings; undefined = not sent). */
export interface FlowLogConfigInput {
  name?: string;
  description?: string;
  activeAging?: string;
  inactiveAging?: string;
  outputType?: string;
  slsRegionId?: string;
  projectName?: string;
  logstoreName?: string;
  netflowServerIp?: string;
  netflowServerPort?: string;
  netflowVersion?: string;
}

export interface DescribeFlowLogsInput {
  flowLogId?: string;
  flowLogName?: string;
  description?: string;
  status?: string;
  outputType?: string;
  pageNumber?: string;
  pageSize?: string;
}

export interface PagingInput {
  pageNumber?: string;
  pageSize?: string;
}

/** The validated, effective configuration (what a record stores besides identity and status). */
type FlowLogConfig = Pick<
  FlowLogRecord,
  | "name"
  | "description"
  | "activeAging"
  | "inactiveAging"
  | "outputType"
  | "slsRegionId"
  | "projectName"
  | "logstoreName"
  | "netflowServerIp"
  | "netflowServerPort"
  | "netflowVersion"
>;

const CONFIG_KEYS: ReadonlyArray<keyof FlowLogConfig> = [
  "name",
  "description",
  "activeAging",
  "inactiveAging",
  "outputType",
  "slsRegionId",
  "projectName",
  "logstoreName",
  "netflowServerIp",
  "netflowServerPort",
  "netflowVersion",
];

export interface SmartagBackendOptions {
  /** Maximum flow logs per region (`QuotaExceeded.Flowlog` beyond it). */
  flowLogQuota?: number;
  now?: () => number;
}

/** `FlowLogSetType` item of DescribeFlowLogs (field order of the documented sample). */
export interface FlowLogSetType {
  FlowLogId: string;
  Name?: string;
  Description?: string;
  Status: FlowLogStatus;
  OutputType: OutputType;
  ActiveAging: number;
  InactiveAging: number;
  SlsRegionId?: string;
  ProjectName?: string;
  LogstoreName?: string;
  NetflowServerIp?: string;
  NetflowServerPort: number;
  NetflowVersion: NetflowVersion;
  ResourceGroupId: string;
  TotalSagNum: number;
}

export interface SagItem {
  SmartAGId: string;
  Name: string;
  Description: string;
}

const present = (v: string | undefined): v is string => v !== undefined && v !== "";

export class SmartagBackend {
  private readonly quota: number;
  private readonly now: () => number;

  constructor(
    private readonly state: SmartagState,
    options: SmartagBackendOptions = {},
  ) {
    this.quota = options.flowLogQuota ?? DEFAULT_FLOW_LOG_QUOTA;
    this.now = options.now ?? Date.now;
  }

  // ------------------------------------------------------------------------------------------------------
  // Actions
  // ------------------------------------------------------------------------------------------------------

  createFlowLog(regionId: string | undefined, input: FlowLogConfigInput): { FlowLogId: string; ResourceGroupId: string } {
    const region = this.checkRegion(regionId);
    if (!present(input.outputType)) throw missingOutputType();
    const config = this.resolveConfig(undefined, input);
    if (this.state.countFlowLogsIn(region) >= this.quota) throw quotaExceededFlowlog();

    let flowLogId: string;
    do flowLogId = randomLowerAlnumId("fl-", FLOW_LOG_ID_LENGTH);
    while (this.state.getFlowLog(flowLogId) !== undefined);
    this.state.addFlowLog({
      flowLogId,
      regionId: region,
      // Choice: a new flow log starts Active (the documented sample shows an unbound log as Active).
      status: "Active",
      ...config,
      resourceGroupId: DEFAULT_RESOURCE_GROUP_ID,
      createdAt: new Date(this.now()).toISOString(),
    });
    return { FlowLogId: flowLogId, ResourceGroupId: DEFAULT_RESOURCE_GROUP_ID };
  }

  /** Partial update: omitted fields keep their value, empty strings clear optional text fields. */
  modifyFlowLogAttribute(regionId: string | undefined, flowLogId: string | undefined, input: FlowLogConfigInput): Record<string, never> {
    const rec = this.requireFlowLog(regionId, flowLogId);
    const config = this.resolveConfig(rec, input);
    for (const key of CONFIG_KEYS) {
      if (config[key] === undefined) delete rec[key];
      else (rec as unknown as Record<string, unknown>)[key] = config[key];
    }
    this.state.changed();
    return {};
  }

  deleteFlowLog(regionId: string | undefined, flowLogId: string | undefined): Record<string, never> {
    const rec = this.requireFlowLog(regionId, flowLogId);
    if (this.sagsOf(rec).length > 0) throw dependencyViolationFlowLog();
    this.state.removeFlowLog(rec.flowLogId);
    return {};
  }

  activeFlowLog(regionId: string | undefined, flowLogId: string | undefined): Record<string, never> {
    return this.setStatus(regionId, flowLogId, "Active");
  }

  deactiveFlowLog(regionId: string | undefined, flowLogId: string | undefined): Record<string, never> {
    return this.setStatus(regionId, flowLogId, "Inactive");
  }

  associateFlowLog(regionId: string | undefined, flowLogId: string | undefined, smartAGId: string | undefined): Record<string, never> {
    const rec = this.requireFlowLog(regionId, flowLogId);
    const sag = this.requireSag(rec.regionId, smartAGId);
    if (!sag.flowLogSupported) throw operationUnsupportedAssociateFlowLog();
    if (sag.flowLogId === rec.flowLogId) return {}; // choice: re-binding the same pair is a no-op
    if (sag.flowLogId !== undefined) throw operationFailedAssociateFlowLog();
    sag.flowLogId = rec.flowLogId;
    this.state.changed();
    return {};
  }

  disassociateFlowLog(regionId: string | undefined, flowLogId: string | undefined, smartAGId: string | undefined): Record<string, never> {
    const rec = this.requireFlowLog(regionId, flowLogId);
    const sag = this.requireSag(rec.regionId, smartAGId);
    // Choice: a SAG that is not bound to this flow log is "not found" from the flow log's point of view.
    if (sag.flowLogId !== rec.flowLogId) throw invalidSmartAGIdNotFound();
    delete sag.flowLogId;
    this.state.changed();
    return {};
  }

  describeFlowLogs(regionId: string | undefined, input: DescribeFlowLogsInput) {
    const region = this.checkRegion(regionId);
    if (present(input.status) && input.status !== "Active" && input.status !== "Inactive") throw illegalParamStatus();
    if (present(input.outputType) && !isOutputType(input.outputType)) throw illegalParamOutputType();
    const { pageNumber, pageSize } = this.paging(input);

    const matches = (r: FlowLogRecord): boolean =>
      (!present(input.flowLogName) || r.name === input.flowLogName) &&
      (!present(input.description) || r.description === input.description) &&
      (!present(input.status) || r.status === input.status) &&
      (!present(input.outputType) || r.outputType === input.outputType);

    const start = (pageNumber - 1) * pageSize;
    let total: number;
    let page: FlowLogRecord[];
    if (present(input.flowLogId)) {
      const r = this.state.getFlowLog(input.flowLogId);
      const selected = r && r.regionId === region && matches(r) ? [r] : [];
      total = selected.length;
      page = selected.slice(start, start + pageSize);
    } else if (![input.flowLogName, input.description, input.status, input.outputType].some(present)) {
      // Unfiltered listing (the common case): O(page end), not O(region size).
      total = this.state.countFlowLogsIn(region);
      page = [];
      let i = 0;
      for (const r of this.state.flowLogsIn(region)) {
        if (i++ < start) continue;
        if (page.length === pageSize) break;
        page.push(r);
      }
    } else {
      const selected: FlowLogRecord[] = [];
      for (const r of this.state.flowLogsIn(region)) if (matches(r)) selected.push(r);
      total = selected.length;
      page = selected.slice(start, start + pageSize);
    }
    return {
      TotalCount: total,
      PageNumber: pageNumber,
      PageSize: pageSize,
      FlowLogs: { FlowLogSetType: page.map((r) => this.toFlowLogSetType(r)) },
    };
  }

  describeFlowLogSags(regionId: string | undefined, flowLogId: string | undefined, paging: PagingInput) {
    const rec = this.requireFlowLog(regionId, flowLogId);
    const { pageNumber, pageSize } = this.paging(paging);
    const sags = this.sagsOf(rec);
    const start = (pageNumber - 1) * pageSize;
    return {
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: sags.length,
      Sags: { Sag: sags.slice(start, start + pageSize).map(toSagItem) },
    };
  }

  describeUnbindFlowLogSags(regionId: string | undefined) {
    const region = this.checkRegion(regionId);
    const sags: SagItem[] = [];
    for (const sag of this.state.allSags()) {
      if (sag.regionId === region && sag.flowLogId === undefined) sags.push(toSagItem(sag));
    }
    return { Count: sags.length, Sags: { Sag: sags } };
  }

  // ------------------------------------------------------------------------------------------------------
  // Helpers
  // ------------------------------------------------------------------------------------------------------

  private setStatus(regionId: string | undefined, flowLogId: string | undefined, status: FlowLogStatus): Record<string, never> {
    const rec = this.requireFlowLog(regionId, flowLogId);
    // Choice: toggling to the current status is IncorrectStatus.FlowLog (the code exists for this case).
    if (rec.status === status) throw incorrectStatusFlowLog();
    rec.status = status;
    this.state.changed();
    return {};
  }

  private checkRegion(regionId: string | undefined): string {
    if (!present(regionId)) throw missingRegionId();
    if (!SMARTAG_REGIONS.has(regionId)) throw illegalParamRegionId();
    return regionId;
  }

  /** Flow logs are regional: one in another region is not found. */
  private requireFlowLog(regionId: string | undefined, flowLogId: string | undefined): FlowLogRecord {
    const region = this.checkRegion(regionId);
    if (!present(flowLogId)) throw missingParamFlowLogId();
    const rec = this.state.getFlowLog(flowLogId);
    if (!rec || rec.regionId !== region) throw invalidFlowLogIdNotFound();
    return rec;
  }

  private requireSag(regionId: string, smartAGId: string | undefined): SagRecord {
    if (!present(smartAGId)) throw missingSmartAGId();
    const sag = this.state.getSag(smartAGId);
    if (!sag || sag.regionId !== regionId) throw invalidSmartAGIdNotFound();
    return sag;
  }

  private sagsOf(rec: FlowLogRecord): SagRecord[] {
    const out: SagRecord[] = [];
    for (const sag of this.state.allSags()) if (sag.flowLogId === rec.flowLogId) out.push(sag);
    return out;
  }

  private paging(input: PagingInput): { pageNumber: number; pageSize: number } {
    let pageNumber = 1;
    if (present(input.pageNumber)) {
      const n = parseUnsignedInt(input.pageNumber);
      if (n === undefined || n < 1) throw invalidParameter("PageNumber");
      pageNumber = n;
    }
    let pageSize: number = PAGE_SIZE.default;
    if (present(input.pageSize)) {
      const n = parseUnsignedInt(input.pageSize);
      if (n === undefined || n < 1 || n > PAGE_SIZE.max) throw invalidParameter("PageSize");
      pageSize = n;
    }
    return { pageNumber, pageSize };
  }

  /**
   * Validates `input` field by field, merges it over `base` (undefined = create, i.e. documented defaults),
   * then checks the conditional requirements of the effective OutputType.
   *
   * - Text fields: absent keeps the base value, an empty string clears it.
   * - Agings: absent or empty keeps the base value; otherwise must be in range.
   * - NetflowServerPort / NetflowVersion: absent keeps the base value (defaults 9995 / V9); an explicitly
   *   empty value is `MissingParam.X` when the effective OutputType needs NetFlow, and ignored otherwise.
   */
  private resolveConfig(base: FlowLogConfig | undefined, input: FlowLogConfigInput): FlowLogConfig {
    const emptyPort = input.netflowServerPort === "";
    const emptyVersion = input.netflowVersion === "";
    const text = (value: string | undefined, current: string | undefined): string | undefined =>
      value === undefined ? current : value === "" ? undefined : value;

    if (present(input.outputType) && !isOutputType(input.outputType)) throw illegalParamOutputType();
    const outputType = present(input.outputType) ? (input.outputType as OutputType) : base!.outputType;

    if (present(input.name) && codePointLength(input.name) > NAME_MAX_LENGTH) throw illegalParamName();
    if (present(input.description) && codePointLength(input.description) > DESCRIPTION_MAX_LENGTH) {
      throw illegalParamDescription();
    }

    let activeAging = base?.activeAging ?? ACTIVE_AGING.default;
    if (present(input.activeAging)) {
      const n = parseUnsignedInt(input.activeAging);
      if (n === undefined || n < ACTIVE_AGING.min || n > ACTIVE_AGING.max) throw illegalParamActiveAging();
      activeAging = n;
    }
    let inactiveAging = base?.inactiveAging ?? INACTIVE_AGING.default;
    if (present(input.inactiveAging)) {
      const n = parseUnsignedInt(input.inactiveAging);
      if (n === undefined || n < INACTIVE_AGING.min || n > INACTIVE_AGING.max) throw illegalParamInactiveAging();
      inactiveAging = n;
    }

    if (present(input.slsRegionId) && !isRegionIdShape(input.slsRegionId)) throw illegalParamSlsRegionId();
    if (present(input.netflowServerIp) && !isIPv4(input.netflowServerIp)) throw illegalParamNetflowServerIp();

    let netflowServerPort = base?.netflowServerPort ?? NETFLOW_PORT.default;
    if (present(input.netflowServerPort)) {
      const n = parseUnsignedInt(input.netflowServerPort);
      if (n === undefined || n < NETFLOW_PORT.min || n > NETFLOW_PORT.max) throw illegalParamNetflowServerPort();
      netflowServerPort = n;
    }
    let netflowVersion = base?.netflowVersion ?? DEFAULT_NETFLOW_VERSION;
    if (present(input.netflowVersion)) {
      if (!isNetflowVersion(input.netflowVersion)) throw illegalParamNetflowVersion();
      netflowVersion = input.netflowVersion;
    }

    const config: FlowLogConfig = {
      name: text(input.name, base?.name),
      description: text(input.description, base?.description),
      activeAging,
      inactiveAging,
      outputType,
      slsRegionId: text(input.slsRegionId, base?.slsRegionId),
      projectName: text(input.projectName, base?.projectName),
      logstoreName: text(input.logstoreName, base?.logstoreName),
      netflowServerIp: text(input.netflowServerIp, base?.netflowServerIp),
      netflowServerPort,
      netflowVersion,
    };

    if (needsSls(outputType)) {
      if (config.slsRegionId === undefined) throw missingParamSlsRegionId();
      if (config.projectName === undefined) throw missingParamProjectName();
      if (config.logstoreName === undefined) throw missingParamLogstoreName();
    }
    if (needsNetflow(outputType)) {
      if (config.netflowServerIp === undefined) throw missingParamNetflowServerIp();
      if (emptyPort) throw missingParamNetflowServerPort();
      if (emptyVersion) throw missingParamNetflowVersion();
    }
    // Drop undefined keys so records (and the state file) only hold fields that have a value.
    for (const key of Object.keys(config) as Array<keyof FlowLogConfig>) {
      if (config[key] === undefined) delete config[key];
    }
    return config;
  }

  private toFlowLogSetType(r: FlowLogRecord): FlowLogSetType {
    let totalSagNum = 0;
    for (const sag of this.state.allSags()) if (sag.flowLogId === r.flowLogId) totalSagNum++;
    const item: FlowLogSetType = {
      FlowLogId: r.flowLogId,
      Name: r.name,
      Description: r.description,
      Status: r.status,
      OutputType: r.outputType,
      ActiveAging: r.activeAging,
      InactiveAging: r.inactiveAging,
      SlsRegionId: r.slsRegionId,
      ProjectName: r.projectName,
      LogstoreName: r.logstoreName,
      NetflowServerIp: r.netflowServerIp,
      NetflowServerPort: r.netflowServerPort,
      NetflowVersion: r.netflowVersion,
      ResourceGroupId: r.resourceGroupId,
      TotalSagNum: totalSagNum,
    };
    // Absent fields are omitted, as in the documented samples (JSON.stringify drops undefined anyway).
    return item;
  }
}

function toSagItem(sag: SagRecord): SagItem {
  return { SmartAGId: sag.smartAGId, Name: sag.name, Description: sag.description };
}
