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
  illegalParam,
  illegalParamOutputType,
  illegalParamRegionId,
  illegalParamStatus,
  incorrectStatusFlowLog,
  invalidFlowLogIdNotFound,
  invalidSmartAGIdNotFound,
  missingParam,
  missingParamFlowLogId,
  operationFailedAssociateFlowLog,
  operationUnsupportedAssociateFlowLog,
  quotaExceededFlowlog,
} from "./errors";
import { randomLowerAlnumId } from "../../ids";
import type { FlowLogRecord, FlowLogStatus, OutputType, SagRecord, SmartagState } from "./state";
import {
  DEFAULT_FLOW_LOG_QUOTA,
  DEFAULT_RESOURCE_GROUP_ID,
  FLOW_LOG_ID_LENGTH,
  PAGE_SIZE,
  SMARTAG_REGIONS,
  isOutputType,
  parseUnsignedInt,
} from "./rules";
import { FlowLogSettings, SETTING_PARAMS, SettingParam, SettingsInput, groupsOf, ruleOf } from "./settings";

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

export interface SmartagBackendOptions {
  /** Maximum flow logs per region (`QuotaExceeded.Flowlog` beyond it). */
  flowLogQuota?: number;
  now?: () => number;
}

/** `FlowLogSetType` item of DescribeFlowLogs: the identity, the status and every setting by its parameter name. */
export type FlowLogSetType = {
  FlowLogId: string;
  Status: FlowLogStatus;
  ResourceGroupId: string;
  TotalSagNum: number;
} & Partial<Record<SettingParam, string | number>>;

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

  createFlowLog(regionId: string | undefined, input: SettingsInput): { FlowLogId: string; ResourceGroupId: string } {
    const region = this.checkRegion(regionId);
    if (!present(input.OutputType)) throw missingOutputType();
    const config = resolveSettings(undefined, input);
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
  modifyFlowLogAttribute(regionId: string | undefined, flowLogId: string | undefined, input: SettingsInput): Record<string, never> {
    const rec = this.requireFlowLog(regionId, flowLogId);
    const config = resolveSettings(rec, input);
    const record = rec as unknown as Record<string, unknown>;
    for (const param of SETTING_PARAMS) {
      const key = ruleOf(param).key;
      if (config[key] === undefined) delete record[key];
      else record[key] = config[key];
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

  private toFlowLogSetType(r: FlowLogRecord): FlowLogSetType {
    let totalSagNum = 0;
    for (const sag of this.state.allSags()) if (sag.flowLogId === r.flowLogId) totalSagNum++;
    // The documented sample's order: id, name, description, status, then the other settings.
    const item = { FlowLogId: r.flowLogId, Name: r.name, Description: r.description, Status: r.status } as FlowLogSetType;
    const settings = item as Record<string, unknown>;
    for (const param of SETTING_PARAMS) settings[param] = (r as unknown as Record<string, unknown>)[ruleOf(param).key];
    item.ResourceGroupId = r.resourceGroupId;
    item.TotalSagNum = totalSagNum;
    // Absent fields are omitted, as in the documented samples (JSON.stringify drops undefined anyway).
    return item;
  }
}

/**
 * Validates a request's settings (every IllegalParam first, in table order), merges them over `base`
 * (undefined = create: the documented defaults), then checks what the effective OutputType needs
 * (`settings.ts` says how each kind of value merges).
 */
function resolveSettings(base: FlowLogSettings | undefined, input: SettingsInput): FlowLogSettings {
  const stored = (base ?? {}) as Record<string, string | number | undefined>;
  const config: Record<string, string | number | undefined> = {};
  for (const param of SETTING_PARAMS) {
    const rule = ruleOf(param);
    const raw = input[param];
    let value = base ? stored[rule.key] : rule.default;
    if (raw === "" && rule.text) value = undefined;
    else if (present(raw)) {
      value = rule.parse(raw);
      if (value === undefined) throw illegalParam(param);
    }
    config[rule.key] = value;
  }
  const groups = groupsOf(config["outputType"] as OutputType);
  for (const param of SETTING_PARAMS) {
    const rule = ruleOf(param);
    if (rule.group && groups.has(rule.group) && (input[param] === "" || config[rule.key] === undefined)) throw missingParam(param);
  }
  // Drop undefined keys so records (and the state file) only hold settings that have a value.
  for (const key of Object.keys(config)) if (config[key] === undefined) delete config[key];
  return config as unknown as FlowLogSettings;
}

function toSagItem(sag: SagRecord): SagItem {
  return { SmartAGId: sag.smartAGId, Name: sag.name, Description: sag.description };
}
