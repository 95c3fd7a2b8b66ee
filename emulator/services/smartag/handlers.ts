/**
 * Smartag 2018-03-13 route table: exact action name → thin handler that reads the named parameters and
 * calls the backend method of the same (camelCase) name.
 */
import type { ActionHandler, ActionTable, Params } from "../types";
import type { SmartagBackend } from "./backend";
import { SETTING_PARAMS, type SettingsInput } from "./settings";

export const SMARTAG_VERSION = "2018-03-13";

/** The flow-log settings a request sends (`settings.ts`), by parameter name. */
function configInput(p: Params): SettingsInput {
  const input: SettingsInput = {};
  for (const param of SETTING_PARAMS) input[param] = p.get(param);
  return input;
}

export function smartagActions(backend: SmartagBackend): ActionTable {
  const actions: Record<string, ActionHandler> = {
    CreateFlowLog: ({ params: p }) => backend.createFlowLog(p.get("RegionId"), configInput(p)),
    ModifyFlowLogAttribute: ({ params: p }) => backend.modifyFlowLogAttribute(p.get("RegionId"), p.get("FlowLogId"), configInput(p)),
    DeleteFlowLog: ({ params: p }) => backend.deleteFlowLog(p.get("RegionId"), p.get("FlowLogId")),
    ActiveFlowLog: ({ params: p }) => backend.activeFlowLog(p.get("RegionId"), p.get("FlowLogId")),
    DeactiveFlowLog: ({ params: p }) => backend.deactiveFlowLog(p.get("RegionId"), p.get("FlowLogId")),
    AssociateFlowLog: ({ params: p }) => backend.associateFlowLog(p.get("RegionId"), p.get("FlowLogId"), p.get("SmartAGId")),
    DisassociateFlowLog: ({ params: p }) => backend.disassociateFlowLog(p.get("RegionId"), p.get("FlowLogId"), p.get("SmartAGId")),
    DescribeFlowLogs: ({ params: p }) =>
      backend.describeFlowLogs(p.get("RegionId"), {
        flowLogId: p.get("FlowLogId"),
        flowLogName: p.get("FlowLogName"),
        description: p.get("Description"),
        status: p.get("Status"),
        outputType: p.get("OutputType"),
        pageNumber: p.get("PageNumber"),
        pageSize: p.get("PageSize"),
      }),
    DescribeFlowLogSags: ({ params: p }) =>
      backend.describeFlowLogSags(p.get("RegionId"), p.get("FlowLogId"), {
        pageNumber: p.get("PageNumber"),
        pageSize: p.get("PageSize"),
      }),
    DescribeUnbindFlowLogSags: ({ params: p }) => backend.describeUnbindFlowLogSags(p.get("RegionId")),
  };
  return new Map(Object.entries(actions));
}
