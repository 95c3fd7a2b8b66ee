/**
 * One error type for every failed Alibaba Cloud call, whatever pop-core threw (an Error with a
 * `code`, a plain json-bigint SyntaxError object for a non-JSON body, a Node socket error, an httpx
 * timeout), plus the classification the retry policy needs.
 */

/** How a failure relates to the server's side effects. */
export type FailureKind =
  /** The request was refused before it could take effect (throttling, connection refused). */
  | "rejected"
  /** It may or may not have taken effect (timeout after sending, reset, 5xx, non-JSON body). */
  | "ambiguous"
  /** The service answered with a definite error (4xx with a Code). */
  | "definite";

export class AlibabaApiError extends Error {
  override readonly name = "AlibabaApiError";
  constructor(
    message: string,
    /** Alibaba error code (`Throttling.User`, `InvalidFlowLogId.NotFound`), or a transport code. */
    readonly code: string,
    readonly action: string,
    readonly kind: FailureKind,
    readonly requestId?: string,
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /**
   * The same failure told so that the user can act on it: code, action, kind, request id and HTTP
   * status stay, and the original is the `cause`.
   */
  rephrase(message: string): AlibabaApiError {
    return new AlibabaApiError(message, this.code, this.action, this.kind, this.requestId, this.httpStatus, { cause: this });
  }

  /** Alibaba throttling codes: `Throttling`, `Throttling.User`, `Throttling.Api`, `Rejected.Throttling`... */
  get isThrottling(): boolean {
    return /Throttling/.test(this.code);
  }
}

export function isApiError(e: unknown, code?: string | RegExp): e is AlibabaApiError {
  if (!(e instanceof AlibabaApiError)) return false;
  if (code === undefined) return true;
  return typeof code === "string" ? e.code === code : code.test(e.code);
}

/** Secrets that must never appear in a message: filled from the active credentials. */
const knownSecrets = new Set<string>();

/** RFC 3986 percent-encoding, as Alibaba's signing (and pop-core) applies it. */
const rfc3986 = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Registers a credential in every form it can take in a URL, a signed string or a header: as is,
 * percent-encoded once and twice (the signature's string-to-sign), and base64.
 */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 4) return;
  for (const form of [value, encodeURIComponent(value), rfc3986(value), rfc3986(rfc3986(value)), Buffer.from(value).toString("base64")]) {
    knownSecrets.add(form);
    knownSecrets.add(form.toLowerCase());
  }
}

/** Separators between a parameter name and its value: `=`, `:`, and their percent-encodings. */
const SEPARATOR = String.raw`(?:[=:]|%3D|%3A|%253D|%253A)`;
const CREDENTIAL_NAMES = [
  "AccessKeyId",
  "Signature",
  "SecurityToken",
  "SignatureNonce",
  "AccessKeySecret",
  "Credential",
  "x-acs-security-token",
  "x-acs-accesskey-id",
].join("|");
const CREDENTIAL_PARAMS = new RegExp(
  String.raw`(?<![A-Za-z])(${CREDENTIAL_NAMES})(\s*${SEPARATOR}\s*)((?:[^&\s,"';%]|%(?!26|2C|3B|20)[0-9A-Fa-f]{2})+)`,
  "gi",
);

/**
 * Removes credentials and signatures from text: `AccessKeyId=...`, `Credential=...`,
 * `Signature=...` and the like, also percent-encoded (`AccessKeyId%3D...`), and every registered
 * secret in any of its forms.
 */
export function redact(text: string): string {
  let out = text.replace(CREDENTIAL_PARAMS, (_m, k: string, sep: string) => `${k}${sep}***`);
  // Longest first, so that a secret's encoded form is not left half-replaced by a shorter one.
  for (const secret of [...knownSecrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join("***");
  return out;
}

const SERVER_AMBIGUOUS = new Set(["InternalError", "ServiceUnavailable", "UnknownError"]);
const NETWORK_REJECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * Normalizes whatever pop-core rejected with. `action` names the API call for the message.
 */
export function toApiError(raw: unknown, action: string): AlibabaApiError {
  if (raw instanceof AlibabaApiError) return raw;
  const e = (raw ?? {}) as Record<string, any>;
  // httpx appends "POST <url> failed." to Node error messages without a separator; add one.
  const message = redact(String(e.message ?? e ?? "unknown error")).replace(/(\S)(POST|GET) (https?:\/\/\S+ failed\.)$/, "$1; $2 $3");
  const status: number | undefined = e.entry?.response?.statusCode ?? e.statusCode;

  // pop-core: a JSON body with a non-success Code. The message is "<Message>, URL: <url>".
  if (typeof e.code === "string" && e.data && typeof e.data === "object") {
    const code: string = e.code;
    const requestId: string | undefined = e.data.RequestId;
    const apiMessage = redact(String(e.data.Message ?? message.replace(/, URL: .*$/, "")));
    let kind: FailureKind = "definite";
    if (/Throttling/.test(code)) kind = "rejected";
    else if (SERVER_AMBIGUOUS.has(code) || (status !== undefined && status >= 500)) kind = "ambiguous";
    return new AlibabaApiError(
      `${action} failed: ${code}: ${apiMessage}${requestId ? ` (RequestId ${requestId})` : ""}`,
      code,
      action,
      kind,
      requestId,
      status,
    );
  }
  // json-bigint rejects a non-JSON body (HTML 502 from a gateway, empty body) with a plain object.
  if (e.name === "SyntaxError" && !(raw instanceof Error)) {
    return new AlibabaApiError(
      `${action} failed: the endpoint answered with a body that is not JSON (often a proxy or gateway error page)`,
      "NonJsonResponse",
      action,
      "ambiguous",
      undefined,
      status,
    );
  }
  const errno: string | undefined = typeof e.code === "string" ? e.code : undefined;
  if (e.name === "RequestTimeoutError" || /Timeout/.test(message)) {
    const connect = /ConnectTimeout/.test(message);
    return new AlibabaApiError(
      `${action} failed: ${connect ? "could not connect in time" : "no response before the client timeout"} (${message})`,
      connect ? "ConnectTimeout" : "ReadTimeout",
      action,
      connect ? "rejected" : "ambiguous",
    );
  }
  if (errno && NETWORK_REJECTED.has(errno)) {
    return new AlibabaApiError(`${action} failed: cannot reach the endpoint (${errno}: ${message})`, errno, action, "rejected");
  }
  if (errno && /^E[A-Z]+$/.test(errno)) {
    return new AlibabaApiError(`${action} failed: connection error (${errno}: ${message})`, errno, action, "ambiguous");
  }
  if (/socket hang up/i.test(message)) {
    return new AlibabaApiError(
      `${action} failed: the connection was closed before a response (${message})`,
      "ECONNRESET",
      action,
      "ambiguous",
    );
  }
  return new AlibabaApiError(`${action} failed: ${message}`, "UnknownClientError", action, "definite", undefined, status);
}
