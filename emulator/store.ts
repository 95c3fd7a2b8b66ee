/**
 * Emulator state and its persistence.
 *
 * State lives in memory (Maps, with a per-region index of flow logs). Backends mutate it through the
 * mutators below, which mark the state dirty; the server answers a request only after `whenDurable()`, which
 * resolves once every mutation made so far is on disk. With a `statePath`, a single background writer
 * group-commits: it snapshots the whole state (synchronously, so the snapshot covers every mutation up to
 * that instant), writes it atomically (temp file + fsync + rename + directory fsync) and then releases every
 * waiter covered by that snapshot. Mutations arriving during a write ride on the next one, so a burst of
 * concurrent requests costs one fsync per batch, not one per request. Without a `statePath` the state is
 * memory-only and `whenDurable()` resolves at once.
 *
 * Because each response waits for the durability of everything it observed, a client can never be told
 * about (or act on) state that a kill -9 could still lose.
 */
import { promises as fsp } from "fs";
import * as path from "path";

export type OutputType = "sls" | "netflow" | "all";
export type NetflowVersion = "V5" | "V9" | "V10";
export type FlowLogStatus = "Active" | "Inactive";

/** A smartag flow log, with the wire field names' meaning (reference §1.4, §1.7). */
export interface FlowLogRecord {
  flowLogId: string;
  regionId: string;
  name?: string;
  description?: string;
  status: FlowLogStatus;
  outputType: OutputType;
  activeAging: number;
  inactiveAging: number;
  slsRegionId?: string;
  projectName?: string;
  logstoreName?: string;
  netflowServerIp?: string;
  netflowServerPort: number;
  netflowVersion: NetflowVersion;
  resourceGroupId: string;
  /** ISO time of creation (creation order is also the listing order). */
  createdAt: string;
}

/** A Smart Access Gateway instance that flow logs can be associated with. */
export interface SagRecord {
  smartAGId: string;
  regionId: string;
  name: string;
  description: string;
  /** False for device models/versions that cannot be bound to a flow log. */
  flowLogSupported: boolean;
  /** The flow log this SAG is bound to (one at most). */
  flowLogId?: string;
}

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

interface PersistedState {
  format: typeof STATE_FORMAT;
  version: 1;
  flowLogs: FlowLogRecord[];
  sags: SagRecord[];
  trafficMirror: TrafficMirrorRecord[];
  clientTokens: ClientTokenRecord[];
}

const STATE_FORMAT = "pulumi-alicloud-traffic-emulator-state";

interface Waiter {
  gen: number;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class Store {
  private readonly flowLogMap = new Map<string, FlowLogRecord>();
  private readonly flowLogsByRegion = new Map<string, Map<string, FlowLogRecord>>();
  private readonly sagMap = new Map<string, SagRecord>();
  private readonly mirrorMap = new Map<string, TrafficMirrorRecord>();
  private readonly tokenMap = new Map<string, ClientTokenRecord>();

  /** Bumped by every mutation; `durableGen` is the last generation known to be on disk. */
  private gen = 0;
  private durableGen = 0;
  private writing = false;
  private waiters: Waiter[] = [];
  private lastWriteError: unknown;

  private constructor(readonly statePath: string | undefined) {}

  /** Opens a store, loading `statePath` if it exists (a missing file is an empty state). */
  static async open(statePath?: string): Promise<Store> {
    const store = new Store(statePath === undefined ? undefined : path.resolve(statePath));
    if (store.statePath !== undefined) await store.load(store.statePath);
    return store;
  }

  // ------------------------------------------------------------------------------------------------------
  // Reads
  // ------------------------------------------------------------------------------------------------------

  getFlowLog(flowLogId: string): FlowLogRecord | undefined {
    return this.flowLogMap.get(flowLogId);
  }

  /** Flow logs of a region in creation order. */
  flowLogsIn(regionId: string): IterableIterator<FlowLogRecord> {
    return (this.flowLogsByRegion.get(regionId) ?? new Map<string, FlowLogRecord>()).values();
  }

  countFlowLogsIn(regionId: string): number {
    return this.flowLogsByRegion.get(regionId)?.size ?? 0;
  }

  allFlowLogs(): IterableIterator<FlowLogRecord> {
    return this.flowLogMap.values();
  }

  getSag(smartAGId: string): SagRecord | undefined {
    return this.sagMap.get(smartAGId);
  }

  allSags(): IterableIterator<SagRecord> {
    return this.sagMap.values();
  }

  getTrafficMirror(regionId: string): TrafficMirrorRecord | undefined {
    return this.mirrorMap.get(regionId);
  }

  allTrafficMirror(): IterableIterator<TrafficMirrorRecord> {
    return this.mirrorMap.values();
  }

  getClientToken(key: string): ClientTokenRecord | undefined {
    return this.tokenMap.get(key);
  }

  // ------------------------------------------------------------------------------------------------------
  // Mutations (each marks the state dirty)
  // ------------------------------------------------------------------------------------------------------

  addFlowLog(rec: FlowLogRecord): void {
    this.flowLogMap.set(rec.flowLogId, rec);
    let region = this.flowLogsByRegion.get(rec.regionId);
    if (!region) this.flowLogsByRegion.set(rec.regionId, (region = new Map()));
    region.set(rec.flowLogId, rec);
    this.changed();
  }

  removeFlowLog(flowLogId: string): void {
    const rec = this.flowLogMap.get(flowLogId);
    if (!rec) return;
    this.flowLogMap.delete(flowLogId);
    this.flowLogsByRegion.get(rec.regionId)?.delete(flowLogId);
    this.changed();
  }

  /** Adds SAGs whose id is not known yet (existing ones, and their bindings, are kept). */
  seedSags(sags: readonly SagRecord[]): void {
    let added = false;
    for (const sag of sags) {
      if (this.sagMap.has(sag.smartAGId)) continue;
      this.sagMap.set(sag.smartAGId, { ...sag });
      added = true;
    }
    if (added) this.changed();
  }

  setTrafficMirror(rec: TrafficMirrorRecord): void {
    this.mirrorMap.set(rec.regionId, rec);
    this.changed();
  }

  deleteTrafficMirror(regionId: string): boolean {
    const had = this.mirrorMap.delete(regionId);
    if (had) this.changed();
    return had;
  }

  /** Remembers a ClientToken; keeps at most `capacity` (oldest dropped) and none older than `ttlMs`. */
  putClientToken(rec: ClientTokenRecord, capacity: number, ttlMs: number): void {
    for (const [key, old] of this.tokenMap) {
      if (this.tokenMap.size < capacity && old.at >= rec.at - ttlMs) break;
      this.tokenMap.delete(key);
    }
    this.tokenMap.set(rec.key, rec);
    this.changed();
  }

  /** Drops everything (reset). */
  clear(): void {
    this.flowLogMap.clear();
    this.flowLogsByRegion.clear();
    this.sagMap.clear();
    this.mirrorMap.clear();
    this.tokenMap.clear();
    this.changed();
  }

  /** Call after editing a record in place. */
  changed(): void {
    this.gen++;
    if (this.statePath !== undefined && !this.writing) {
      this.writing = true;
      // Deferred one macrotask so mutations from requests being handled in the same tick share the write.
      setImmediate(() => void this.writeLoop());
    }
  }

  // ------------------------------------------------------------------------------------------------------
  // Durability
  // ------------------------------------------------------------------------------------------------------

  /** Resolves once every mutation made before this call is durable (at once when memory-only). */
  whenDurable(): Promise<void> {
    if (this.statePath === undefined || this.durableGen >= this.gen) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ gen: this.gen, resolve, reject }));
  }

  /** Waits for pending writes; used by `close()`. Never rejects. */
  async flush(): Promise<void> {
    try {
      await this.whenDurable();
    } catch {
      // already reported to the requests that waited on it
    }
  }

  /** The last persistence error, if the most recent write failed. */
  get writeError(): unknown {
    return this.lastWriteError;
  }

  private async writeLoop(): Promise<void> {
    while (this.durableGen < this.gen) {
      const target = this.gen;
      const data = JSON.stringify(this.snapshot());
      try {
        await writeAtomic(this.statePath!, data);
        this.durableGen = target;
        this.lastWriteError = undefined;
        this.settle(target, undefined);
      } catch (e) {
        this.lastWriteError = e;
        // Nothing after durableGen is on disk: fail every waiter; the next mutation retries the write.
        this.settle(this.gen, e);
        break;
      }
    }
    this.writing = false;
  }

  private settle(upTo: number, error: unknown): void {
    const remaining: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.gen > upTo) remaining.push(w);
      else if (error === undefined) w.resolve();
      else w.reject(error);
    }
    this.waiters = remaining;
  }

  private snapshot(): PersistedState {
    return {
      format: STATE_FORMAT,
      version: 1,
      flowLogs: [...this.flowLogMap.values()],
      sags: [...this.sagMap.values()],
      trafficMirror: [...this.mirrorMap.values()],
      clientTokens: [...this.tokenMap.values()],
    };
  }

  private async load(file: string): Promise<void> {
    let text: string;
    try {
      text = await fsp.readFile(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
      throw e;
    }
    let data: PersistedState;
    try {
      data = JSON.parse(text) as PersistedState;
    } catch {
      throw new Error(`emulator state file ${file} is not valid JSON; refusing to overwrite it`);
    }
    if (data === null || typeof data !== "object" || data.format !== STATE_FORMAT || data.version !== 1) {
      throw new Error(`${file} is not an emulator state file (format ${STATE_FORMAT} v1); refusing to overwrite it`);
    }
    for (const rec of data.flowLogs ?? []) {
      this.flowLogMap.set(rec.flowLogId, rec);
      let region = this.flowLogsByRegion.get(rec.regionId);
      if (!region) this.flowLogsByRegion.set(rec.regionId, (region = new Map()));
      region.set(rec.flowLogId, rec);
    }
    for (const sag of data.sags ?? []) this.sagMap.set(sag.smartAGId, sag);
    for (const m of data.trafficMirror ?? []) this.mirrorMap.set(m.regionId, m);
    for (const t of data.clientTokens ?? []) this.tokenMap.set(t.key, t);
  }
}

/**
 * Crash-safe replace: write a temp file in the same directory, fsync it, rename over the target, then fsync
 * the directory so the rename itself survives a power cut. A reader sees the old or the new file, never a
 * torn one.
 */
export async function writeAtomic(file: string, data: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  const fh = await fsp.open(tmp, "w", 0o600);
  try {
    await fh.writeFile(data, "utf8");
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsp.rename(tmp, file);
  const dir = await fsp.open(path.dirname(file), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
