/**
 * Percent-encoding helpers shared by both signature versions and the request parser.
 */
import { invalidParameterDetail } from "../errors";

/**
 * RFC 3986 percent-encoding over UTF-8 as the signature docs specify (reference §3.3 step 2, §7.3): keep
 * `A-Z a-z 0-9 - _ . ~`, everything else `%XY` with uppercase hex; space is `%20`, `*` is `%2A`.
 * `encodeURIComponent` already does this except that it leaves `! ' ( ) *` alone.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * Strict `application/x-www-form-urlencoded` decoding of one component (`+` is a space). Malformed
 * percent-escapes or invalid UTF-8 are a client error, never a crash.
 */
export function formDecode(raw: string): string {
  if (raw.indexOf("%") === -1 && raw.indexOf("+") === -1) return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    throw invalidParameterDetail("The request contains a malformed percent-encoded sequence or invalid UTF-8.");
  }
}

/**
 * Parses a query string or form body into ordered `[name, value]` pairs. A name given twice is rejected:
 * the signature would be ambiguous, and no Alibaba client sends it.
 */
export function parseForm(raw: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (raw.length === 0) return pairs;
  const seen = new Set<string>();
  for (const part of raw.split("&")) {
    if (part.length === 0) continue;
    const eq = part.indexOf("=");
    const name = formDecode(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? "" : formDecode(part.slice(eq + 1));
    if (name.length === 0) throw invalidParameterDetail("The request contains a parameter without a name.");
    if (seen.has(name)) throw invalidParameterDetail(`The parameter "${name}" is specified more than once.`);
    seen.add(name);
    pairs.push([name, value]);
  }
  return pairs;
}
