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

/** Where used nonces are also written so they survive a restart (the store's nonce log). */
export interface NonceSink {
  record(key: string, expiresAt: number, live: () => Iterable<readonly [string, number]>, liveCount: number): void;
}

/** Granularity of expiry buckets: pruning drops whole buckets, never scanning live entries. */
const BUCKET_MS = 10_000;

/**
 * Remembers `(AccessKeyId, nonce)` pairs for as long as a replay could still pass the timestamp check.
 * Memory is bounded by time, not by count: every entry is dropped once it expires (at most request time +
 * 15 min, or server time + 15 min for a request dated in the future), so the cache holds the nonces of one
 * skew window whatever the request rate; no valid entry is ever evicted early. With a `sink` (the store's
 * nonce log when `--state` is used) every recorded nonce is also written down, and `preload` brings the
 * unexpired ones back after a restart.
 */
export class NonceCache {
  private readonly expiries = new Map<string, number>();
  /** Bucket index (floor(expiresAt / BUCKET_MS)) → keys that expire in it. */
  private readonly buckets = new Map<number, string[]>();
  private lastPrune = -Infinity;

  constructor(private readonly sink?: NonceSink) {}

  /** Loads remembered entries (expired ones are ignored). */
  preload(entries: Iterable<readonly [string, number]>, now: number): void {
    for (const [key, exp] of entries) if (exp >= now) this.remember(key, exp);
  }

  /** Records the nonce; returns false if it was already used and has not expired. */
  use(key: string, expiresAt: number, now: number): boolean {
    this.prune(now);
    const seen = this.expiries.get(key);
    if (seen !== undefined && seen >= now) return false;
    this.remember(key, expiresAt);
    this.sink?.record(key, expiresAt, () => this.expiries.entries(), this.expiries.size);
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }

  private remember(key: string, expiresAt: number): void {
    this.expiries.set(key, expiresAt);
    const b = Math.floor(expiresAt / BUCKET_MS);
    const keys = this.buckets.get(b);
    if (keys) keys.push(key);
    else this.buckets.set(b, [key]);
  }

  /** Drops every bucket whose whole range has expired (checked at most once per second). */
  private prune(now: number): void {
    if (now - this.lastPrune < 1000 && now >= this.lastPrune) return;
    this.lastPrune = now;
    for (const [b, keys] of this.buckets) {
      if ((b + 1) * BUCKET_MS > now) continue;
      for (const key of keys) {
        const exp = this.expiries.get(key);
        if (exp !== undefined && exp < now) this.expiries.delete(key);
      }
      this.buckets.delete(b);
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

/** String equality in time independent of where they differ (secrets, tokens, signatures). */
export function constantTimeEqual(a: string, b: string): boolean {
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
    nonces: NonceCache = new NonceCache(),
  ) {
    for (const c of credentials) this.credentials.set(c.accessKeyId, c);
    this.nonces = nonces;
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
      const shown = p["SecurityToken"] === undefined ? stringToSign : stringToSignV1(req.method, { ...p, SecurityToken: MASK });
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
