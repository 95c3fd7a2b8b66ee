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
import { randomBytes } from "crypto";
import * as fs from "fs";
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

  private lock: StateLock | undefined;
  /** Append-only nonce log beside the state file (undefined when memory-only). */
  private nonceLog: NonceLog | undefined;

  private constructor(readonly statePath: string | undefined) {}

  /**
   * Opens a store. With `statePath`: takes the state file's lock (throws `StateLockedError` when another
   * live process owns it), removes temp files an earlier owner left behind (kill -9 mid-write), then loads
   * the file if it exists (a missing file is an empty state) and its nonce log.
   */
  static async open(statePath?: string): Promise<Store> {
    const store = new Store(statePath === undefined ? undefined : path.resolve(statePath));
    if (store.statePath === undefined) return store;
    store.lock = StateLock.acquire(`${store.statePath}.lock`);
    try {
      removeLeftovers(store.statePath);
      await store.load(store.statePath);
      store.nonceLog = NonceLog.open(`${store.statePath}.nonces`);
    } catch (e) {
      store.lock.release();
      throw e;
    }
    return store;
  }

  /** Records where the owner of the lock listens (shown to a second process that finds the lock). */
  announce(url: string): void {
    this.lock?.update({ url });
  }

  /** Unexpired nonces found in the nonce log at open (`[key, expiresAt]`); empty when memory-only. */
  loadedNonces(): ReadonlyArray<readonly [string, number]> {
    return this.nonceLog?.loaded ?? [];
  }

  /**
   * Remembers a used nonce on disk before the request it belongs to takes effect (a write to the OS, so it
   * survives kill -9; fsync'd with the next state write, so it is durable before any acknowledged mutation).
   * No-op when memory-only.
   */
  recordNonce(key: string, expiresAt: number, live: () => Iterable<readonly [string, number]>, liveCount: number): void {
    this.nonceLog?.append(key, expiresAt, live, liveCount);
  }

  /** Flushes pending writes, closes the nonce log and releases the lock. The store is unusable afterwards. */
  async close(): Promise<void> {
    await this.flush();
    this.nonceLog?.close();
    this.nonceLog = undefined;
    this.lock?.release();
    this.lock = undefined;
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
        // Nonces written so far become durable together with this snapshot.
        await Promise.all([writeAtomic(this.statePath!, data), this.nonceLog?.sync()]);
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

// ----------------------------------------------------------------------------------------------------------
// One owner per state file
// ----------------------------------------------------------------------------------------------------------

/** Another live process (or another emulator in this process) owns the state file. */
export class StateLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StateLockedError";
  }
}

interface LockInfo {
  pid: number;
  /** Kernel start time of `pid` (Linux `/proc/<pid>/stat` field 22), to tell a reused pid from the owner. */
  startTime?: string;
  /** Distinguishes two locks of the same pid (two emulators in one process, one after the other). */
  nonce: string;
  since: string;
  url?: string;
}

/** `/proc/<pid>/stat`: [state, starttime], or undefined where there is no procfs (or no such process). */
function procStat(pid: number): { state: string; startTime: string } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ..." — comm may contain spaces and parentheses: split after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const state = fields[0];
  const startTime = fields[19]; // field 22 of the whole line
  return state !== undefined && startTime !== undefined ? { state, startTime } : undefined;
}

/** Whether the process that wrote `info` is still running (a zombie or a reused pid counts as dead). */
function ownerAlive(info: LockInfo): boolean {
  try {
    process.kill(info.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false; // ESRCH: no such process
  }
  const stat = procStat(info.pid);
  if (stat?.state === "Z" || stat?.state === "X") return false;
  if (stat && info.startTime !== undefined && stat.startTime !== info.startTime) return false;
  return true;
}

/** Lock paths held by this process (a lock file naming our own pid is live only if it is in here). */
const heldLocks = new Map<string, string>();

/**
 * `<state>.lock`, created with O_EXCL and holding `{pid, startTime, nonce, since, url}`. A lock whose owner
 * is dead is stale and taken over; one of a live owner makes `acquire` throw `StateLockedError`. Released by
 * `release()` and, as a fallback, when the process exits normally; after kill -9 the file stays and is
 * recognised as stale by the pid check.
 */
class StateLock {
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(
    private readonly file: string,
    private info: LockInfo,
  ) {
    heldLocks.set(file, info.nonce);
    process.once("exit", this.onExit);
  }

  static acquire(file: string): StateLock {
    const info: LockInfo = {
      pid: process.pid,
      startTime: procStat(process.pid)?.startTime,
      nonce: randomBytes(8).toString("hex"),
      since: new Date().toISOString(),
    };
    // Bounded: each round either creates the lock, refuses, or removes one stale lock.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.writeFileSync(file, JSON.stringify(info), { flag: "wx", mode: 0o600 });
        return new StateLock(file, info);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      const { text, owner } = readLock(file);
      if (text === undefined) continue; // vanished meanwhile: try again
      const statePath = file.replace(/\.lock$/, "");
      if (owner === undefined) {
        // Unreadable content: a crash between create and write (the write is one small syscall) or a
        // foreign file. Only an old one is treated as stale, so a lock being written is never broken.
        const ageMs = Date.now() - (statMtime(file) ?? Date.now());
        if (ageMs < 5000) throw new StateLockedError(`state file ${statePath} is locked (${file} is being written); try again`);
      } else if (owner.pid === process.pid ? heldLocks.get(file) === owner.nonce : ownerAlive(owner)) {
        throw new StateLockedError(
          `state file ${statePath} is in use by another emulator (pid ${owner.pid}` +
            `${owner.url ? `, ${owner.url}` : ""}, since ${owner.since}); stop it or use another --state file` +
            ` (the lock is ${file})`,
        );
      }
      breakStaleLock(file, text);
    }
    throw new StateLockedError(`could not take the lock ${file} (it keeps changing); is another emulator starting?`);
  }

  /** Rewrites the lock (atomically) with more detail about the owner. */
  update(extra: Pick<LockInfo, "url">): void {
    if (this.released) return;
    this.info = { ...this.info, ...extra };
    const tmp = `${this.file}.tmp-${process.pid}`;
    try {
      fs.writeFileSync(tmp, JSON.stringify(this.info), { mode: 0o600 });
      fs.renameSync(tmp, this.file);
    } catch {
      // informational only
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    process.removeListener("exit", this.onExit);
    heldLocks.delete(this.file);
    // Remove the file only if it is still ours (never someone else's lock that replaced a broken one).
    if (readLock(this.file).owner?.nonce === this.info.nonce) {
      try {
        fs.unlinkSync(this.file);
      } catch {
        // already gone
      }
    }
  }
}

function readLock(file: string): { text?: string; owner?: LockInfo } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return {};
  }
  try {
    const owner = JSON.parse(text) as LockInfo;
    if (owner && Number.isInteger(owner.pid) && owner.pid > 0 && typeof owner.nonce === "string") return { text, owner };
  } catch {
    // fall through
  }
  return { text };
}

function statMtime(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Removes a stale lock without ever removing a fresh one: the lock is first moved aside under a unique name
 * (atomic, so of two processes breaking the same stale lock only one moves it), then the moved file is
 * compared with what was judged stale; if another process had meanwhile replaced the lock, it is moved back.
 */
function breakStaleLock(file: string, staleText: string): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return; // someone else moved it first
  }
  let movedText: string | undefined;
  try {
    movedText = fs.readFileSync(aside, "utf8");
  } catch {
    movedText = undefined;
  }
  if (movedText !== staleText) {
    try {
      fs.linkSync(aside, file); // put the live lock back (fails if yet another lock exists: then that one stands)
    } catch {
      // leave it; the retry loop reads whatever lock is there now
    }
  }
  try {
    fs.unlinkSync(aside);
  } catch {
    // ignore
  }
}

/**
 * Deletes what an owner killed mid-write leaves beside the state file: `<state>.tmp-*` (snapshot being
 * written), `<state>.nonces.tmp-*` (nonce-log compaction), `<state>.lock.tmp-*` / `<state>.lock.stale-*`
 * (lock updates and stale-lock removal). Called with the lock held, so none of them belongs to a live owner.
 */
function removeLeftovers(statePath: string): void {
  const dir = path.dirname(statePath);
  const base = path.basename(statePath);
  const prefixes = [`${base}.tmp-`, `${base}.nonces.tmp-`, `${base}.lock.tmp-`, `${base}.lock.stale-`];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!prefixes.some((p) => name.startsWith(p))) continue;
    try {
      fs.unlinkSync(path.join(dir, name));
    } catch {
      // raced with something else: not ours to worry about
    }
  }
}

// ----------------------------------------------------------------------------------------------------------
// Nonce log
// ----------------------------------------------------------------------------------------------------------

/** Appended lines before the log is compacted: twice the live entries, and at least this many. */
const NONCE_LOG_MIN_COMPACT = 50_000;

/**
 * `<state>.nonces`: one JSON line `[expiresAt, key]` per used nonce, appended with a plain write(2) (no
 * user-space buffer, so a kill -9 loses nothing already appended). Expired lines are dropped when the file is
 * opened and whenever it is compacted (rewritten atomically with the live entries once it holds more than
 * twice as many lines as there are live nonces), so its size is bounded by the nonces of one skew window.
 */
class NonceLog {
  readonly loaded: Array<readonly [string, number]> = [];
  private fd: number;
  private lines = 0;
  private dirty = false;

  private constructor(
    private readonly file: string,
    now: number,
  ) {
    let text = "";
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    const live = new Map<string, number>();
    for (const line of text.split("\n")) {
      if (!line) continue;
      try {
        const [exp, key] = JSON.parse(line) as [unknown, unknown];
        if (typeof exp === "number" && typeof key === "string" && exp >= now) live.set(key, Math.max(exp, live.get(key) ?? 0));
      } catch {
        // a line torn by a power cut: skip it
      }
    }
    for (const [key, exp] of live) this.loaded.push([key, exp]);
    this.fd = this.rewrite(this.loaded);
  }

  static open(file: string, now = Date.now()): NonceLog {
    return new NonceLog(file, now);
  }

  append(key: string, expiresAt: number, live: () => Iterable<readonly [string, number]>, liveCount: number): void {
    if (this.lines >= Math.max(NONCE_LOG_MIN_COMPACT, 2 * liveCount)) {
      fs.closeSync(this.fd);
      this.fd = this.rewrite(live());
    }
    fs.writeSync(this.fd, JSON.stringify([expiresAt, key]) + "\n");
    this.lines++;
    this.dirty = true;
  }

  /** fdatasync of what was appended since the last sync. */
  async sync(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    const fd = this.fd;
    // EBADF: the descriptor was closed by a compaction meanwhile, which fsync'd everything it rewrote.
    await new Promise<void>((resolve, reject) =>
      fs.fdatasync(fd, (e) => (e && (e as NodeJS.ErrnoException).code !== "EBADF" ? reject(e) : resolve())),
    );
  }

  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
  }

  /** Atomically replaces the log with `entries`; returns an append descriptor on the new file. */
  private rewrite(entries: Iterable<readonly [string, number]>): number {
    const tmp = `${this.file}.tmp-${process.pid}`;
    const out: string[] = [];
    for (const [key, exp] of entries) out.push(JSON.stringify([exp, key]) + "\n");
    const fd = fs.openSync(tmp, "w", 0o600);
    try {
      fs.writeSync(fd, out.join(""));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    this.lines = out.length;
    return fs.openSync(this.file, "a");
  }
}
