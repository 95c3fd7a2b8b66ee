/**
 * VPC (2016-04-28) traffic-mirroring errors. Reference §2 and the traffic-mirroring API pages listed in
 * docs/emulator.md.
 * One named factory per Alibaba error code (factory name = the code in camelCase); codes and messages from
 * the Alibaba documentation cited in `shared/reference/alicloud-api.md` and docs/emulator.md. Where only the
 * code is known (codes the official Terraform provider handles for these actions) or neither is, the comment
 * says "choice" and docs/emulator.md's choices section explains it. Gateway codes shared by every product are in
 * `emulator/errors.ts`.
 */
import { err } from "../../errors";

/** "Service already opened" (commerce code; TF treats it as success). */
export const orderOpend = () => err(400, "ORDER.OPEND", "You have already open the service. Go to the console to start using it");
export const idempotentParameterMismatch = () =>
  err(
    400,
    "IdempotentParameterMismatch",
    "The request uses the same client token as a previous, but non-identical request. Change the ClientToken value and retry.",
  );
/** A concurrent operation on the same resource (the docs: "does not support concurrent ..."). */
export const operationConflict = () =>
  err(400, "OperationConflict", "Request was denied due to conflict with a previous request, please try again later.");
export const invalidRegionIdNotFound = () => err(404, "InvalidRegionId.NotFound", "The specified RegionId does not exist in our records.");

/** The DryRun answer of a request that passed every check (documented on each action's DryRun parameter). */
export const dryRunOperation = () => err(400, "DryRunOperation", "Request validation has been passed with DryRun flag set.");
/** Choice of message: a replay of a ClientToken whose task is still running. */
export const lastTokenProcessing = () =>
  err(400, "LastTokenProcessing", "The last request with this client token is still being processed. Try again later.");
/** Choice: a filter or session in a region where OpenTrafficMirrorService has not (yet) taken effect. */
export const incorrectStatusTrafficMirrorService = () =>
  err(
    400,
    "IncorrectStatus.TrafficMirrorService",
    "Traffic mirroring is not activated in this region. Call OpenTrafficMirrorService first.",
  );

const incorrectStatus = (noun: string, what: string) =>
  err(400, `IncorrectStatus.${noun}`, `The current status of the ${what} does not support this operation.`);
export const incorrectStatusTrafficMirrorFilter = () => incorrectStatus("TrafficMirrorFilter", "traffic mirror filter");
export const incorrectStatusTrafficMirrorRule = () => incorrectStatus("TrafficMirrorRule", "traffic mirror filter rule");
export const incorrectStatusTrafficMirrorSession = () => incorrectStatus("TrafficMirrorSession", "traffic mirror session");

const resourceNotFound = (noun: string, what: string) =>
  err(404, `ResourceNotFound.${noun}`, `The specified resource of ${what} is not found.`);
export const resourceNotFoundTrafficMirrorFilter = () => resourceNotFound("TrafficMirrorFilter", "traffic mirror filter");
export const resourceNotFoundTrafficMirrorRule = () => resourceNotFound("TrafficMirrorRule", "traffic mirror filter rule");
export const resourceNotFoundTrafficMirrorSession = () => resourceNotFound("TrafficMirrorSession", "traffic mirror session");
/** Choice: a source ENI that does not exist in the region, or (RemoveSources) is not a source of the session. */
export const resourceNotFoundTrafficMirrorSource = () => resourceNotFound("TrafficMirrorSource", "traffic mirror source");
/** Choice: a target that does not exist in the region as the given TrafficMirrorTargetType. */
export const resourceNotFoundTrafficMirrorTarget = () => resourceNotFound("TrafficMirrorTarget", "traffic mirror target");

/** Choice of code: deleting a filter that a traffic mirror session still uses. */
export const dependencyViolationTrafficMirrorFilter = () =>
  err(400, "DependencyViolation.TrafficMirrorFilter", "The traffic mirror filter is used by a traffic mirror session.");

/** Choice of codes for the documented limits. */
export const quotaExceededTrafficMirrorRule = () =>
  err(400, "QuotaExceeded.TrafficMirrorRule", "A traffic mirror filter has at most 10 inbound and 10 outbound rules.");
export const quotaExceededTrafficMirrorSource = () =>
  err(400, "QuotaExceeded.TrafficMirrorSource", "The traffic mirror session has the maximum number of traffic mirror sources.");
export const quotaExceededTrafficMirrorSession = () =>
  err(400, "QuotaExceeded.TrafficMirrorSession", "The traffic mirror source is already used by the maximum number of sessions.");
/** Choice of code: session priorities are unique per region (documented on Priority). */
export const duplicatedParamPriority = () =>
  err(400, "DuplicatedParam.Priority", "Another traffic mirror session in this region has the same priority.");

/** `InvalidParam.X`: a value outside the documented format or range; `shown` is the parameter as sent. */
export const invalidParam = (name: string, shown: string = name) => err(400, `InvalidParam.${name}`, `The specified ${shown} is invalid.`);
/** The gateway's `Missing{Param}` form for a required top-level parameter (reference §3.4). */
export const missingParam = (name: string) => err(400, `Missing${name}`, `${name} is mandatory for this action.`);

// ---------------------------------------------------------------------------------------------------------
// Flow logs and tags (shared/reference/vpc-flow-log-api.md §7; choices in docs/emulator.md)
// ---------------------------------------------------------------------------------------------------------

/** OpenFlowLogService of a region already opened (DOC 449637; Terraform reads it as "already open"). */
export const operationFailedExceedPurchaseLimit = () =>
  err(400, "OperationFailed.ExceedPurchaseLimit", "You have reached the limit of purchase quantity.");
/**
 * Choice (no source names a code): CreateFlowLog in a region whose flow-log service is not opened (or still
 * activating). `OperationFailed.*` is the family of OpenFlowLogService's own documented errors, and it is in
 * no retry list: a precondition that waiting cannot fix fails at once.
 */
export const operationFailedFlowLogServiceNotOpened = () =>
  err(
    400,
    "OperationFailed.FlowLogServiceNotOpened",
    "The flow log service is not activated in this region. Call OpenFlowLogService first.",
  );
/** A flow-log operation on a flow log in a transitional state (ActiveFlowLog's 2023 error table; TF retries it). */
export const incorrectStatusFlowlog = () => err(400, "IncorrectStatus.flowlog", "Invalid flowlog status.");
/** A FlowLogId that does not exist (ActiveFlowLog's table, DOC 87924; used for Modify / Active / Deactive / tags). */
export const invalidInstanceIdNotFound = () => err(400, "InvalidInstanceId.NotFound", "The specfied instance is not existed.");
/** A FlowLogId that does not exist, as DeleteFlowLog's table words it (DOC 87926). */
export const invalidInstanceId = () => err(400, "InvalidInstanceId", "Instance does not exist.");
/** Choice: CreateFlowLog's ResourceId is not a seeded resource of that ResourceType in the region. */
export const invalidResourceIdNotFound = () =>
  err(400, "InvalidResourceId.NotFound", "The specified resource does not exist in this region as the given ResourceType.");
/** Choice: the per-region flow-log limit (`vpcFlowLogQuota`) is reached. */
export const quotaExceededFlowLog = () => err(400, "QuotaExceeded.FlowLog", "The maximum number of flow logs in this region is exceeded.");
/** Choice: a tag call would leave a resource with more than 20 tags. */
export const quotaExceededTag = () => err(400, "QuotaExceeded.Tag", "A resource can have at most 20 tags.");
/** Choice: a documented tag ResourceType other than FLOWLOG (the emulator tags flow logs only). */
export const operationUnsupportedResourceType = () =>
  err(400, "OperationUnsupported.ResourceType", "The emulator supports tags on ResourceType FLOWLOG only.");
