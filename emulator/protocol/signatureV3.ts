/**
 * ACS3-HMAC-SHA256 (signature V3), as documented in "V3版本请求体&签名机制" and reproduced from
 * openapi-core `getAuthorization` (reference §7.3):
 *
 *   CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
 *   StringToSign     = "ACS3-HMAC-SHA256" \n lowerhex(SHA256(CanonicalRequest))
 *   Signature        = lowerhex(HMAC-SHA256(AccessKeySecret, StringToSign))
 *
 * CanonicalHeaders lines end in "\n", so a blank line precedes SignedHeaders.
 */
import { createHash, createHmac } from "crypto";
import { percentEncode } from "./encoding";

export const V3_ALGORITHM = "ACS3-HMAC-SHA256";

/** SHA-256 of the empty payload, `x-acs-content-sha256` for requests without a body. */
export const EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export interface ParsedAuthorization {
  algorithm: string;
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/**
 * Parses `ACS3-<ALG> Credential=<AK>,SignedHeaders=<a;b>,Signature=<hex>`. Returns undefined when the
 * header is not in that shape (answered with `IncompleteSignature`).
 */
export function parseAuthorizationV3(header: string): ParsedAuthorization | undefined {
  const m = /^(ACS3-[A-Z0-9-]+) Credential=([^,\s]+),SignedHeaders=([^,\s]+),Signature=([0-9a-fA-F]*)$/.exec(header.trim());
  if (!m) return undefined;
  return { algorithm: m[1]!, accessKeyId: m[2]!, signedHeaders: m[3]!.split(";"), signature: m[4]! };
}

/** Query params only (body params are covered by HashedPayload), sorted by name, RFC 3986 encoded. */
export function canonicalQueryStringV3(query: ReadonlyArray<readonly [string, string]>): string {
  return [...query]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join("&");
}

export interface CanonicalRequestInput {
  method: string;
  /** Pathname; `/` for RPC. */
  pathname: string;
  query: ReadonlyArray<readonly [string, string]>;
  /** Values per lowercase header name (several when the header was repeated). */
  headers: ReadonlyMap<string, readonly string[]>;
  /** Lowercase names to sign, in any order (they are sorted here). */
  signedHeaders: readonly string[];
  hashedPayload: string;
}

export function canonicalRequestV3(input: CanonicalRequestInput): string {
  const names = [...input.signedHeaders].map((n) => n.toLowerCase()).sort();
  let headerBlock = "";
  for (const name of names) {
    const values = (input.headers.get(name) ?? []).map((v) => v.trim()).sort();
    headerBlock += `${name}:${values.join(",")}\n`;
  }
  return [input.method, input.pathname, canonicalQueryStringV3(input.query), headerBlock, names.join(";"), input.hashedPayload].join("\n");
}

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

export function stringToSignV3(canonicalRequest: string): string {
  return `${V3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

export function signV3(stringToSign: string, accessKeySecret: string): string {
  return createHmac("sha256", accessKeySecret).update(stringToSign, "utf8").digest("hex");
}
