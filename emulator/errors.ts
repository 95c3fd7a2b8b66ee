/**
 * The errors the gateway answers with for every product, as data (each product's own codes are in
 * `services/<product>/errors.ts`, built with `err` from here).
 *
 * One `EmulatorError` class plus one named factory per Alibaba error code (factory name = the code in
 * camelCase), so each status/code/message triple is written exactly once. Codes and messages are copied from
 * the Alibaba documentation cited in `shared/reference/alicloud-api.md` (§1.9 smartag table, §2 VPC, §3.4
 * gateway table); where a code is an emulator choice the comment says so and docs/emulator.md explains why.
 * The protocol layer renders these into the `{RequestId, HostId, Code, Message, Recommend}` envelope.
 */
export class EmulatorError extends Error {
  constructor(
    /** HTTP status the gateway answers with (always 4xx/5xx). */
    readonly httpStatus: number,
    /** Alibaba error code, e.g. `InvalidFlowLogId.NotFound`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "EmulatorError";
  }
}

/** For the factories here and in each product's `services/<product>/errors.ts`. */
export const err = (status: number, code: string, message: string): EmulatorError => new EmulatorError(status, code, message);

// ---------------------------------------------------------------------------------------------------------
// Gateway (POP) errors, shared by every product. Reference §3.4; statuses where sources disagree are the
// choices listed in docs/emulator.md (InvalidAccessKeyId.NotFound 404, SignatureDoesNotMatch 400).
// ---------------------------------------------------------------------------------------------------------

/** A mandatory common parameter (or V3 common header) is absent. */
export const missingParameter = (name: string) =>
  err(400, "MissingParameter", `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);

/** `Missing{ParameterName}` family: a parameter the API marks as required is absent. */
const missingNamed = (name: string) => err(400, `Missing${name}`, `${name} is mandatory for this action.`);
export const missingAccessKeyId = () => missingNamed("AccessKeyId");
export const missingRegionId = () => missingNamed("RegionId");
export const missingOutputType = () => missingNamed("OutputType");
export const missingSmartAGId = () => missingNamed("SmartAGId");
export const missingSecurityToken = () => missingNamed("SecurityToken");

export const invalidParameter = (name: string) => err(400, "InvalidParameter", `The specified parameter "${name}" is not valid.`);
/** Emulator wording for request-level garbage (bad percent-encoding, duplicated names) under the same code. */
export const invalidParameterDetail = (detail: string) => err(400, "InvalidParameter", detail);
export const invalidParameterFormat = () => err(400, "InvalidParameter.Format", "Specified parameter format is not valid.");
export const invalidApiNotFound = () => err(404, "InvalidApi.NotFound", "Specified api is not found, please check your url and method.");
export const invalidVersion = () => err(400, "InvalidVersion", "Specified parameter Version is not valid.");
export const unsupportedHTTPMethod = () => err(400, "UnsupportedHTTPMethod", "Specified http method is not supported.");
export const invalidAccessKeyIdNotFound = () => err(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
export const invalidTimeStampFormat = () =>
  err(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
export const invalidTimeStampExpired = () => err(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
export const signatureNonceUsed = () => err(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
export const invalidSignatureMethod = () => err(400, "InvalidSignatureMethod", "Specified signature method is not valid.");
/** `Invalid{ParameterName}` family applied to SignatureVersion (only `1.0` exists). */
export const invalidSignatureVersion = () => err(400, "InvalidSignatureVersion", "Specified signature version is not valid.");
/** A V3 `Authorization` header that cannot be parsed. */
export const incompleteSignature = () => err(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.");
/** V1 wording as captured from the real gateway; includes the server string-to-sign, never the secret. */
export const signatureDoesNotMatchV1 = (stringToSign: string) =>
  err(400, "SignatureDoesNotMatch", `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`);
/** V3 wording as captured from the real gateway (`server StringToSign is [...]`). */
export const signatureDoesNotMatchV3 = (stringToSign: string, detail?: string) =>
  err(
    400,
    "SignatureDoesNotMatch",
    `Specified signature does not match our calculation. server StringToSign is [${stringToSign}]` + (detail ? ` ${detail}` : ""),
  );
export const invalidSecurityTokenMismatchWithAccessKey = () =>
  err(400, "InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.");
export const throttling = () => err(400, "Throttling", "Request was denied due to request throttling.");
export const throttlingUser = () => err(400, "Throttling.User", "Request was denied due to user flow control.");
export const internalError = () =>
  err(500, "InternalError", "The request processing has failed due to some unknown error, exception or failure.");
export const serviceUnavailable = () => err(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.");
/** Emulator choice (no documented code): the request body exceeds the emulator's cap. */
export const requestEntityTooLarge = (limit: number) =>
  err(413, "RequestEntityTooLarge", `The request body exceeds the maximum of ${limit} bytes.`);
/** Emulator choice: request line + headers over Node's 16 KiB limit (socket-level parser error hook). */
export const requestHeaderFieldsTooLarge = () => err(431, "RequestHeaderFieldsTooLarge", "The request line or headers are too large.");
/** Emulator choice: an unparseable HTTP request (answered from the socket-level parser error hook). */
export const badRequest = () => err(400, "BadRequest", "The request could not be parsed as HTTP.");
/** Emulator choice: headers or body not received within the server's time limits (slow client). */
export const requestTimeout = () => err(408, "RequestTimeout", "The request was not received in time.");
