/**
 * The request journal: one entry per API request received (protocol rejections included), newest last,
 * bounded (a ring buffer of `limit` entries). Never holds credentials: `params` has Signature, AccessKeyId,
 * SecurityToken and any other credential parameter removed before it gets here.
 */
import type { FaultKind } from "./faults";
import type { SignatureVersion } from "./protocol/request";

export interface JournalEntry {
  /** 1-based, increasing; not reset by `clear()` so pollers can use `since`. */
  seq: number;
  /** ISO time the request arrived. */
  time: string;
  requestId: string;
  /** `smartag` / `vpc`, null when the Version did not resolve to a product. */
  product: string | null;
  version: string | null;
  action: string | null;
  regionId: string | null;
  /** Merged query + body params without credentials. */
  params: Record<string, string>;
  signatureVersion: SignatureVersion | null;
  /** HTTP status sent; null when no response was sent (`commit-drop`, client gone). */
  httpStatus: number | null;
  /** `Code` of the error body; null on success and for bodies without a Code (HTML 502, dropped). */
  code: string | null;
  /** Server-side handling time in milliseconds. */
  ms: number;
  /** The injected fault, if one was applied. */
  fault: { id: string; kind: FaultKind } | null;
}

export const DEFAULT_JOURNAL_LIMIT = 10_000;

export class Journal {
  private readonly ring: Array<JournalEntry | undefined>;
  private next = 0;
  private count = 0;
  private seq = 0;

  constructor(readonly limit = DEFAULT_JOURNAL_LIMIT) {
    this.ring = new Array(limit);
  }

  record(entry: Omit<JournalEntry, "seq">): JournalEntry {
    const full: JournalEntry = { seq: ++this.seq, ...entry };
    this.ring[this.next] = full;
    this.next = (this.next + 1) % this.limit;
    if (this.count < this.limit) this.count++;
    return full;
  }

  /** Entries oldest first, optionally only those with `seq > since`. */
  entries(since = 0): JournalEntry[] {
    const out: JournalEntry[] = [];
    const start = (this.next - this.count + this.limit) % this.limit;
    for (let i = 0; i < this.count; i++) {
      const e = this.ring[(start + i) % this.limit]!;
      if (e.seq > since) out.push(e);
    }
    return out;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.count = 0;
  }
}
