/**
 * Smart Access Gateway (smartag 2018-03-13) flow-log errors. Reference §1.9 and seeds/CreateFlowLog.zh-CN.txt.
 * One named factory per Alibaba error code (factory name = the code in camelCase); codes and messages from
 * the Alibaba documentation cited in `shared/reference/alicloud-api.md`. Gateway codes shared by every
 * product are in `emulator/errors.ts`.
 */
import { err } from "../../errors";

export const dependencyViolationFlowLog = () =>
  err(400, "DependencyViolation.FlowLog", "This FlowLog instance is bound to an SAG instance.");
export const incorrectStatusFlowLog = () =>
  err(400, "IncorrectStatus.FlowLog", "The current FlowLog instance status does not support this operation.");
export const invalidFlowLogIdNotFound = () => err(400, "InvalidFlowLogId.NotFound", "The specified FlowLogId does not exist.");
export const operationFailedAssociateFlowLog = () =>
  err(
    400,
    "OperationFailed.AssociateFlowLog",
    "The operation failed. The specified SAG instance has already been associated with another FlowLog instance.",
  );
export const operationUnsupportedAssociateFlowLog = () =>
  err(
    400,
    "OperationUnsupported.AssociateFlowLog",
    "You cannot bind the SAG device of the current version or model to a FlowLog instance.",
  );
export const quotaExceededFlowlog = () => err(400, "QuotaExceeded.Flowlog", "The maximum number of FlowLog instances is exceeded.");
export const invalidSmartAGIdNotFound = () => err(400, "InvalidSmartAGId.NotFound", "The specified SmartAGId does not exist.");

/** `MissingParam.X`: "Specify the X parameter." (X: a flow-log setting of `settings.ts`, or FlowLogId) */
export const missingParam = (name: string) => err(400, `MissingParam.${name}`, `Specify the ${name} parameter.`);
export const missingParamFlowLogId = () => missingParam("FlowLogId");

/** `IllegalParam.X`: "The specified X is invalid." (X: a flow-log setting of `settings.ts`, or RegionId, OutputType) */
export const illegalParam = (name: string) => err(400, `IllegalParam.${name}`, `The specified ${name} is invalid.`);
export const illegalParamOutputType = () => illegalParam("OutputType");
export const illegalParamRegionId = () => illegalParam("RegionId");
export const illegalParamStatus = () => err(400, "IllegalParam.Status", "The specified Status parameter is invalid.");
