/**
 * The implementation behind `vpc.TrafficMirrorService`: traffic mirroring opened in a region, a
 * regional service (internal/regionalService.ts) described by its descriptor. `ORDER.OPEND` is the
 * commerce answer for a service already opened (Terraform treats it so);
 * `OperationFailed.ExceedPurchaseLimit` is the one the OpenTrafficMirrorService page lists.
 */
import { TRAFFIC_MIRROR_SERVICE_INPUTS, TRAFFIC_MIRROR_SERVICE_OUTPUTS, validateTrafficMirrorServiceInputs } from "../schema";
import { ServiceDescriptor, ServiceOutputs, serviceProvider } from "../internal/regionalService";

/** The descriptor. */
export const trafficMirrorServiceApi: ServiceDescriptor = {
  resource: "vpc.TrafficMirrorService",
  what: "traffic mirroring",
  product: "vpc",
  statusAction: "GetTrafficMirrorServiceStatus",
  openAction: "OpenTrafficMirrorService",
  alreadyOpen: /^(ORDER\.OPEND|OperationFailed\.ExceedPurchaseLimit)$/,
  tokenPrefix: "mirror-svc",
  inputs: TRAFFIC_MIRROR_SERVICE_INPUTS,
  outputs: TRAFFIC_MIRROR_SERVICE_OUTPUTS,
  validate: validateTrafficMirrorServiceInputs,
};

export type TrafficMirrorServiceOutputs = ServiceOutputs;

/** The provider; the module's exports below are what the shim forwards to. */
export const trafficMirrorServiceProvider = serviceProvider(trafficMirrorServiceApi);
export const { configure, check, diff, create, read, update } = trafficMirrorServiceProvider;
// `delete` is a reserved word, so the export is aliased.
const deleteService = trafficMirrorServiceProvider.delete;
export { deleteService as delete };
/** The descriptor, under the name every implementation exports it by (tests and tools read it). */
export const api = trafficMirrorServiceApi;
