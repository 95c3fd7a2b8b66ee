/**
 * Turns an HTTP request into an `ApiRequest`: method, signature version, the query and form-body pairs and
 * their union (the Tea SDKs put common params in the query and business params in the body, and sign the
 * union; pop-core puts everything in one of the two). Knows nothing about products or credentials.
 */
import type { IncomingMessage } from "http";
import { invalidParameterDetail, requestEntityTooLarge, unsupportedHTTPMethod } from "../errors";
import { parseForm } from "./encoding";

export type SignatureVersion = "v1" | "v3";

export interface ApiRequest {
  method: "GET" | "POST";
  signatureVersion: SignatureVersion;
  /** Decoded query pairs in wire order (V3 signs exactly these). */
  query: Array<[string, string]>;
  /** Query ∪ form body. Null-prototype object, so names like `__proto__` are plain keys. */
  params: Record<string, string>;
  /** Exact body bytes (V3 hashes them). */
  rawBody: Buffer;
  /** The `Host` header as received (also the `HostId` of error envelopes). */
  host: string;
  /** The `Authorization` header, if any. */
  authorization: string | undefined;
  /** All received header values per lowercase name (for V3 canonical headers). */
  rawHeaders: readonly string[];
}

/** Default cap on request bodies; RPC params are tiny, so anything near this is garbage. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/**
 * Reads the whole body (chunked or not) up to `limit` bytes. Rejects with `RequestEntityTooLarge` as soon as
 * the limit is crossed, without buffering the rest.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(requestEntityTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(requestEntityTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.on("error", (e) => {
      if (!failed) {
        failed = true;
        reject(e);
      }
    });
  });
}

/** Strict decoder (invalid UTF-8 throws); one instance, non-streaming decode() calls are independent. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

function isFormContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType);
}

/**
 * Builds the `ApiRequest`. Throws `EmulatorError` for methods other than GET/POST and for garbage
 * (malformed percent-encoding, invalid UTF-8, duplicated names, a name given twice with different values in
 * query and body).
 */
export function parseApiRequest(req: IncomingMessage, rawQuery: string, rawBody: Buffer): ApiRequest {
  const method = req.method;
  if (method !== "GET" && method !== "POST") throw unsupportedHTTPMethod();

  const query = parseForm(rawQuery);
  const params: Record<string, string> = Object.create(null);
  for (const [k, v] of query) params[k] = v;

  // Only form bodies carry parameters; any other body is opaque (V3 still hashes it).
  if (rawBody.length > 0 && isFormContentType(req.headers["content-type"])) {
    let text: string;
    try {
      text = UTF8.decode(rawBody);
    } catch {
      throw invalidParameterDetail("The request body is not valid UTF-8.");
    }
    for (const [k, v] of parseForm(text)) {
      if (k in params && params[k] !== v) {
        throw invalidParameterDetail(`The parameter "${k}" is specified in both the query and the body with different values.`);
      }
      params[k] = v;
    }
  }

  const authorization = req.headers["authorization"];
  return {
    method,
    signatureVersion: authorization !== undefined && authorization.startsWith("ACS3-") ? "v3" : "v1",
    query,
    params,
    rawBody,
    host: req.headers.host ?? "",
    authorization,
    rawHeaders: req.rawHeaders,
  };
}

/** Lowercase header name → all received values, from Node's `rawHeaders` (keeps repeated headers apart). */
export function headerValues(rawHeaders: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const list = map.get(name);
    if (list) list.push(rawHeaders[i + 1]!);
    else map.set(name, [rawHeaders[i + 1]!]);
  }
  return map;
}

/** The action and version an `ApiRequest` addresses: params for V1, `x-acs-*` headers for V3. */
export function addressedApi(
  req: ApiRequest,
  headers: Map<string, string[]> | undefined,
): { action: string | undefined; version: string | undefined } {
  if (req.signatureVersion === "v3") {
    return { action: headers?.get("x-acs-action")?.[0], version: headers?.get("x-acs-version")?.[0] };
  }
  return { action: req.params["Action"], version: req.params["Version"] };
}
