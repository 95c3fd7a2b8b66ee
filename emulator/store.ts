/**
 * The emulator's generic state store: persistence of the state slices the service modules bring.
 *
 * Each product keeps its own maps in a `StateSlice` (services/<product>/state.ts) and calls `changed()`
 * after every mutation, which marks the state dirty; the server answers a request only after
 * `whenDurable()`, which resolves once every mutation made so far is on disk. With a `statePath`, a single
 * background writer group-commits: it snapshots every slice (synchronously, so the snapshot covers every
 * mutation up to that instant) into one document `{format, version, ...slice snapshots}`, writes it
 * atomically (temp file + fsync + rename + directory fsync) and then releases every waiter covered by that
 * snapshot. Mutations arriving during a write ride on the next one, so a burst of concurrent requests costs
 * one fsync per batch, not one per request. Without a `statePath` the state is memory-only and
 * `whenDurable()` resolves at once.
 *
 * Because each response waits for the durability of everything it observed, a client can never be told
 * about (or act on) state that a kill -9 could still lose.
 *
 * The store also owns the state file's lock (one process per file) and the nonce log beside it.
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import { promises as fsp } from "fs";
import * as path from "path";
import type { ChangeTracker, StateSlice } from "./services/types";

/** The state file: the header plus every slice's keys (`flowLogs`, `sags`, `trafficMirror`, ...). */
interface PersistedState {
  format: typeof STATE_FORMAT;
  version: 1;
  [sliceKey: string]: unknown;
}

const STATE_FORMAT = "pulumi-alicloud-traffic-emulator-state";
const HEADER_KEYS: ReadonlySet<string> = new Set(["format", "version"]);

interface Waiter {
  gen: number;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class Store implements ChangeTracker {
  private slices: readonly StateSlice[] = [];
  /** The state file as loaded at open, until the slices are attached (then restored into them). */
  private loaded: PersistedState | undefined;

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
   * live process owns it), removes temp files an earlier owner left behind (kill -9 mid-write), then reads
   * the file if it exists (a missing file is an empty state; a foreign or torn one is refused) and its
   * nonce log. The file's content reaches the slices when they are attached.
   */
  static async open(statePath?: string): Promise<Store> {
    const store = new Store(statePath === undefined ? undefined : path.resolve(statePath));
    if (store.statePath === undefined) return store;
    store.lock = StateLock.acquire(`${store.statePath}.lock`);
    try {
      removeLeftovers(store.statePath);
      store.loaded = await readStateFile(store.statePath);
      store.nonceLog = NonceLog.open(`${store.statePath}.nonces`);
    } catch (e) {
      store.lock.release();
      throw e;
    }
    return store;
  }

  /**
   * Takes over the products' state slices (once, before the first mutation) and fills them from the loaded
   * file. Two slices claiming the same state-file key are a programming error.
   */
  attach(slices: readonly StateSlice[]): void {
    if (this.slices.length > 0 || this.gen > 0) throw new Error("Store.attach: slices are attached once, before any change");
    const owners = new Set<string>(HEADER_KEYS);
    for (const slice of slices) {
      for (const key of slice.keys) {
        if (owners.has(key)) throw new Error(`Store.attach: state-file key "${key}" is claimed twice`);
        owners.add(key);
      }
    }
    this.slices = slices;
    const data = this.loaded;
    this.loaded = undefined;
    if (data) for (const slice of slices) slice.restore(data);
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

  /** Drops every slice's state (reset). */
  clear(): void {
    for (const slice of this.slices) slice.clear();
    this.changed();
  }

  /** Marks the state dirty (slices call it after every mutation). */
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
    const doc: PersistedState = { format: STATE_FORMAT, version: 1 };
    for (const slice of this.slices) Object.assign(doc, slice.snapshot());
    return doc;
  }
}

/** Reads and checks a state file; undefined when it does not exist. Refuses torn or foreign files. */
async function readStateFile(file: string): Promise<PersistedState | undefined> {
  let text: string;
  try {
    text = await fsp.readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
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
  return data;
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
