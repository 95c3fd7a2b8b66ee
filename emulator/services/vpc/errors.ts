/**
 * VPC (2016-04-28) traffic-mirroring errors. Reference §2.
 * One named factory per Alibaba error code (factory name = the code in camelCase); codes and messages from
 * the Alibaba documentation cited in `shared/reference/alicloud-api.md`. Gateway codes shared by every
 * product are in `emulator/errors.ts`.
 */
import { err } from "../../errors";

/** "Service already opened" (commerce code; TF treats it as success). */
export const orderOpend = () =>
  err(400, "ORDER.OPEND", "You have already open the service. Go to the console to start using it");
export const idempotentParameterMismatch = () =>
  err(
    400,
    "IdempotentParameterMismatch",
    "The request uses the same client token as a previous, but non-identical request. Change the ClientToken value and retry.",
  );
/** Emulator choice for a second open while the first activation of the region is still in progress. */
export const operationConflict = () =>
  err(400, "OperationConflict", "Request was denied due to conflict with a previous request, please try again later.");
export const invalidRegionIdNotFound = () =>
  err(404, "InvalidRegionId.NotFound", "The specified RegionId does not exist in our records.");
