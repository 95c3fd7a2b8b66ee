/**
 * The vpc state slice: traffic mirroring opened per region and the remembered ClientTokens of
 * OpenTrafficMirrorService. Persisted under the state-file keys `trafficMirror` and `clientTokens`.
 */
import type { ChangeTracker, StateSlice } from "../types";

/** Traffic mirroring opened in a region; enabled from `enabledAt` on (activation delay). */
export interface TrafficMirrorRecord {
  regionId: string;
  openedAt: string;
  enabledAt: string;
}

/** Whether opened traffic mirroring has finished activating at `now` (ms since epoch). */
export function mirrorEnabled(rec: TrafficMirrorRecord | undefined, now: number): boolean {
  return rec !== undefined && now >= Date.parse(rec.enabledAt);
}

/** A remembered ClientToken: the request fingerprint and the result it produced. */
export interface ClientTokenRecord {
  key: string;
  fingerprint: string;
  result: Record<string, unknown>;
  /** Epoch ms when first used. */
  at: number;
}

export class VpcState implements StateSlice {
  readonly keys = ["trafficMirror", "clientTokens"] as const;
  private readonly mirrorMap = new Map<string, TrafficMirrorRecord>();
  private readonly tokenMap = new Map<string, ClientTokenRecord>();

  constructor(private readonly tracker: ChangeTracker) {}

  getTrafficMirror(regionId: string): TrafficMirrorRecord | undefined {
    return this.mirrorMap.get(regionId);
  }

  allTrafficMirror(): IterableIterator<TrafficMirrorRecord> {
    return this.mirrorMap.values();
  }

  getClientToken(key: string): ClientTokenRecord | undefined {
    return this.tokenMap.get(key);
  }

  setTrafficMirror(rec: TrafficMirrorRecord): void {
    this.mirrorMap.set(rec.regionId, rec);
    this.tracker.changed();
  }

  deleteTrafficMirror(regionId: string): boolean {
    const had = this.mirrorMap.delete(regionId);
    if (had) this.tracker.changed();
    return had;
  }

  /** Remembers a ClientToken; keeps at most `capacity` (oldest dropped) and none older than `ttlMs`. */
  putClientToken(rec: ClientTokenRecord, capacity: number, ttlMs: number): void {
    for (const [key, old] of this.tokenMap) {
      if (this.tokenMap.size < capacity && old.at >= rec.at - ttlMs) break;
      this.tokenMap.delete(key);
    }
    this.tokenMap.set(rec.key, rec);
    this.tracker.changed();
  }

  snapshot(): Record<string, unknown> {
    return { trafficMirror: [...this.mirrorMap.values()], clientTokens: [...this.tokenMap.values()] };
  }

  restore(data: Readonly<Record<string, unknown>>): void {
    for (const m of (data["trafficMirror"] as TrafficMirrorRecord[] | undefined) ?? []) this.mirrorMap.set(m.regionId, m);
    for (const t of (data["clientTokens"] as ClientTokenRecord[] | undefined) ?? []) this.tokenMap.set(t.key, t);
  }

  clear(): void {
    this.mirrorMap.clear();
    this.tokenMap.clear();
  }
}
