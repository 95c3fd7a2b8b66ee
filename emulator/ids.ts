/**
 * Identifier generation.
 */
import { randomBytes, randomUUID } from "crypto";

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

/** `prefix` + `length` random lowercase alphanumerics (rejection sampling, so no modulo bias). */
export function randomLowerAlnumId(prefix: string, length: number): string {
  let out = prefix;
  while (out.length < prefix.length + length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 252) out += ALNUM[b % 36];
      if (out.length === prefix.length + length) break;
    }
  }
  return out;
}

/** Alibaba-style request id: an uppercase UUID (`650CB9E8-20F3-4538-A4FC-1DA1B36E42D9`). */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}
