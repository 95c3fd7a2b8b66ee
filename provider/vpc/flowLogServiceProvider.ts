/**
 * The implementation behind `vpc.FlowLogService`: VPC flow logs opened in a region, a regional service
 * (internal/regionalService.ts) described by its descriptor. `OperationFailed.ExceedPurchaseLimit` is
 * the documented answer for a region already opened (Terraform treats it so).
 */
import { VPC_FLOW_LOG_SERVICE_INPUTS, VPC_FLOW_LOG_SERVICE_OUTPUTS, validateVpcFlowLogServiceInputs } from "../schema";
import { ServiceDescriptor, serviceProvider } from "../internal/regionalService";

/** The descriptor. */
export const vpcFlowLogServiceApi: ServiceDescriptor = {
  resource: "vpc.FlowLogService",
  what: "the VPC flow-log service",
  product: "vpc",
  statusAction: "GetFlowLogServiceStatus",
  openAction: "OpenFlowLogService",
  alreadyOpen: /^OperationFailed\.ExceedPurchaseLimit$/,
  tokenPrefix: "flowlog-svc",
  inputs: VPC_FLOW_LOG_SERVICE_INPUTS,
  outputs: VPC_FLOW_LOG_SERVICE_OUTPUTS,
  validate: validateVpcFlowLogServiceInputs,
};

/** The provider; the module's exports below are what the shim forwards to. */
export const vpcFlowLogServiceProvider = serviceProvider(vpcFlowLogServiceApi);
export const { configure, check, diff, create, read, update } = vpcFlowLogServiceProvider;
// `delete` is a reserved word, so the export is aliased.
const deleteService = vpcFlowLogServiceProvider.delete;
export { deleteService as delete };
/** The descriptor, under the name every implementation exports it by (tests and tools read it). */
export const api = vpcFlowLogServiceApi;
