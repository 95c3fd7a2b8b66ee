/**
 * RPC signature version 1.0 (HMAC-SHA1), exactly as documented in "RPC API签名" (reference §3.3):
 *
 *   CanonicalizedQueryString = sorted(name) percentEncode(name)=percentEncode(value) joined by "&"
 *   StringToSign             = METHOD + "&" + percentEncode("/") + "&" + percentEncode(CanonicalizedQueryString)
 *   Signature                = Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))
 *
 * Every parameter except `Signature` is signed, from the query and the form body alike (the Tea SDKs split
 * them between the two and sign the union).
 */
import { createHmac } from "crypto";
import { percentEncode } from "./encoding";

/** Builds the canonicalized query string from every parameter except `Signature`. */
export function canonicalizedQueryStringV1(params: Readonly<Record<string, string>>): string {
  // Sorted by raw name in UTF-16 code-unit order, as pop-core and the Tea SDKs do; identical to byte order
  // for the ASCII names RPC APIs use.
  const names = Object.keys(params)
    .filter((n) => n !== "Signature")
    .sort();
  let out = "";
  for (const name of names) {
    if (out.length > 0) out += "&";
    out += percentEncode(name) + "=" + percentEncode(params[name]!);
  }
  return out;
}

export function stringToSignV1(method: string, params: Readonly<Record<string, string>>): string {
  return `${method}&${percentEncode("/")}&${percentEncode(canonicalizedQueryStringV1(params))}`;
}

export function signV1(stringToSign: string, accessKeySecret: string): string {
  return createHmac("sha1", accessKeySecret + "&")
    .update(stringToSign, "utf8")
    .digest("base64");
}
