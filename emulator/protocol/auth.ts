/**
 * Authentication of API requests: common-parameter presence, timestamp skew, AccessKey lookup, STS token,
 * signature (V1 HMAC-SHA1 or V3 ACS3-HMAC-SHA256) and nonce replay. Every check answers with the gateway
 * code of reference §3.4 / §7.5. Secrets never leave this module: error messages carry at most the server
 * string-to-sign, with any security token masked.
 */
import { timingSafeEqual } from "crypto";
import {
  incompleteSignature,
  invalidAccessKeyIdNotFound,
  invalidParameterFormat,
  invalidSecurityTokenMismatchWithAccessKey,
  invalidSignatureMethod,
  invalidSignatureVersion,
  invalidTimeStampExpired,
  invalidTimeStampFormat,
  missingAccessKeyId,
  missingParameter,
  missingSecurityToken,
  signatureDoesNotMatchV1,
  signatureDoesNotMatchV3,
  signatureNonceUsed,
} from "../errors";
import type { ApiRequest } from "./request";
import { signV1, stringToSignV1 } from "./signatureV1";
import {
  V3_ALGORITHM,
  canonicalRequestV3,
  parseAuthorizationV3,
  sha256Hex,
  signV3,
  stringToSignV3,
  type ParsedAuthorization,
} from "./signatureV3";

/** An AccessKey pair the emulator accepts; with `securityToken` it behaves like an STS credential. */
export interface Credential {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** Maximum clock skew between the request time and the server (15 minutes, reference §3.2). */
export const MAX_SKEW_MS = 15 * 60 * 1000;

/** Nonces remembered at most (oldest evicted first); bounds memory under sustained load. */
export const DEFAULT_NONCE_CAPACITY = 500_000;

/**
 * Remembers `(AccessKeyId, nonce)` pairs for as long as a replay could still pass the timestamp check
 * (request time + 15 min), so memory is bounded by the request rate over the skew window and by `capacity`.
 */
export class NonceCache {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly capacity = DEFAULT_NONCE_CAPACITY) {}

  /** Records the nonce; returns false if it was already used and has not expired. */
  use(key: string, expiresAt: number, now: number): boolean {
    const seen = this.expiries.get(key);
    if (seen !== undefined && seen >= now) return false;
    this.prune(now);
    if (this.expiries.size >= this.capacity) {
      const oldest = this.expiries.keys().next().value;
      if (oldest !== undefined) this.expiries.delete(oldest);
    }
    this.expiries.delete(key);
    this.expiries.set(key, expiresAt);
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }

  /** Drops expired entries from the front (insertion order is roughly expiry order). */
  private prune(now: number): void {
    let budget = 64;
    for (const [key, exp] of this.expiries) {
      if (exp >= now || budget-- === 0) break;
      this.expiries.delete(key);
    }
  }
}

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** Parses the documented `YYYY-MM-DDThh:mm:ssZ` UTC form; undefined when malformed or not a real date. */
export function parseTimestamp(value: string): number | undefined {
  const m = TIMESTAMP_RE.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return undefined;
  }
  return t;
}

export interface AuthResult {
  accessKeyId: string;
}

/** The V1 common parameters every request must carry (reference §3.2), in the order they are checked. */
const V1_REQUIRED = ["SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "Signature"] as const;

/** Headers a V3 request must carry and sign (the six of the HELP-V3 vector). */
const V3_REQUIRED_HEADERS = ["x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"] as const;
const V3_MUST_SIGN = ["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"];

function constantTimeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

const MASK = "<redacted>";

export class Authenticator {
  private readonly credentials = new Map<string, Credential>();
  readonly nonces: NonceCache;

  constructor(
    credentials: readonly Credential[],
    private readonly now: () => number = Date.now,
    nonceCapacity = DEFAULT_NONCE_CAPACITY,
  ) {
    for (const c of credentials) this.credentials.set(c.accessKeyId, c);
    this.nonces = new NonceCache(nonceCapacity);
  }

  /**
   * Authenticates an API request whose action and version were already resolved; throws the gateway's
   * `EmulatorError` for the first failed check. `headers` is required for V3.
   */
  authenticate(req: ApiRequest, headers: Map<string, string[]> | undefined): AuthResult {
    return req.signatureVersion === "v3" ? this.authenticateV3(req, headers!) : this.authenticateV1(req);
  }

  private authenticateV1(req: ApiRequest): AuthResult {
    const p = req.params;
    const format = p["Format"];
    if (format !== undefined && !/^(json|xml)$/i.test(format)) throw invalidParameterFormat();
    if (p["AccessKeyId"] === undefined || p["AccessKeyId"] === "") throw missingAccessKeyId();
    for (const name of V1_REQUIRED) {
      if (p[name] === undefined || p[name] === "") throw missingParameter(name);
    }
    if (p["SignatureMethod"] !== "HMAC-SHA1") throw invalidSignatureMethod();
    if (p["SignatureVersion"] !== "1.0") throw invalidSignatureVersion();
    const ts = this.checkTime(p["Timestamp"]!);
    const credential = this.credential(p["AccessKeyId"]!);
    this.checkSecurityToken(credential, p["SecurityToken"]);

    const stringToSign = stringToSignV1(req.method, p);
    const expected = signV1(stringToSign, credential.accessKeySecret);
    if (!constantTimeEqual(expected, p["Signature"]!)) {
      const shown =
        p["SecurityToken"] === undefined ? stringToSign : stringToSignV1(req.method, { ...p, SecurityToken: MASK });
      throw signatureDoesNotMatchV1(shown);
    }
    this.useNonce(credential.accessKeyId, p["SignatureNonce"]!, ts);
    return { accessKeyId: credential.accessKeyId };
  }

  private authenticateV3(req: ApiRequest, headers: Map<string, string[]>): AuthResult {
    const auth = parseAuthorizationV3(req.authorization!);
    if (!auth) throw incompleteSignature();
    if (auth.algorithm !== V3_ALGORITHM) throw invalidSignatureMethod();
    for (const name of V3_REQUIRED_HEADERS) {
      if (!headers.get(name)?.[0]) throw missingParameter(name);
    }
    const ts = this.checkTime(headers.get("x-acs-date")![0]!);
    const credential = this.credential(auth.accessKeyId);
    const token = headers.get("x-acs-security-token")?.[0];
    this.checkSecurityToken(credential, token);

    const signed = new Set(auth.signedHeaders.map((h) => h.toLowerCase()));
    const { stringToSign, canonicalRequest } = this.v3StringToSign(req, headers, auth);
    // Every common header present must be signed (HELP-V3); the body must match its declared hash.
    const mustSign = [...V3_MUST_SIGN];
    if (headers.has("content-type")) mustSign.push("content-type");
    if (token !== undefined) mustSign.push("x-acs-security-token");
    const unsigned = mustSign.filter((h) => !signed.has(h));
    const declaredHash = headers.get("x-acs-content-sha256")![0]!;
    const bodyMismatch = sha256Hex(req.rawBody) !== declaredHash.toLowerCase();
    const expected = signV3(stringToSign, credential.accessKeySecret);
    if (unsigned.length > 0 || bodyMismatch || !constantTimeEqual(expected, auth.signature.toLowerCase())) {
      const detail =
        unsigned.length > 0
          ? `(headers that must be signed are missing from SignedHeaders: ${unsigned.join(";")})`
          : bodyMismatch
            ? "(x-acs-content-sha256 does not match the SHA-256 of the request body)"
            : `(server CanonicalRequest is [${token === undefined ? canonicalRequest : canonicalRequest.split(token).join(MASK)}])`;
      throw signatureDoesNotMatchV3(stringToSign, detail);
    }
    this.useNonce(credential.accessKeyId, headers.get("x-acs-signature-nonce")![0]!, ts);
    return { accessKeyId: credential.accessKeyId };
  }

  private v3StringToSign(req: ApiRequest, headers: Map<string, string[]>, auth: ParsedAuthorization) {
    const canonicalRequest = canonicalRequestV3({
      method: req.method,
      pathname: "/",
      query: req.query,
      headers,
      signedHeaders: auth.signedHeaders,
      hashedPayload: headers.get("x-acs-content-sha256")![0]!,
    });
    return { canonicalRequest, stringToSign: stringToSignV3(canonicalRequest) };
  }

  private checkTime(value: string): number {
    const ts = parseTimestamp(value);
    if (ts === undefined) throw invalidTimeStampFormat();
    if (Math.abs(this.now() - ts) > MAX_SKEW_MS) throw invalidTimeStampExpired();
    return ts;
  }

  private credential(accessKeyId: string): Credential {
    const c = this.credentials.get(accessKeyId);
    if (!c) throw invalidAccessKeyIdNotFound();
    return c;
  }

  /**
   * STS: a credential configured with a token requires that exact token (`MissingSecurityToken` /
   * `InvalidSecurityToken.MismatchWithAccessKey`); a token sent with a long-term key is a mismatch too.
   */
  private checkSecurityToken(credential: Credential, token: string | undefined): void {
    if (credential.securityToken !== undefined) {
      if (token === undefined || token === "") throw missingSecurityToken();
      if (!constantTimeEqual(token, credential.securityToken)) throw invalidSecurityTokenMismatchWithAccessKey();
    } else if (token !== undefined && token !== "") {
      throw invalidSecurityTokenMismatchWithAccessKey();
    }
  }

  /** Nonces are recorded only for correctly signed requests, so a forged request cannot burn one. */
  private useNonce(accessKeyId: string, nonce: string, ts: number): void {
    const now = this.now();
    if (!this.nonces.use(`${accessKeyId}\n${nonce}`, Math.max(ts, now) + MAX_SKEW_MS, now)) {
      throw signatureNonceUsed();
    }
  }
}
