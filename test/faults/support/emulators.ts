/**
 * The emulator as the fault matrix drives it: in the test process (fault injection, outage), or as
 * the CLI in a child process with a state file (so it can be killed -9 and restarted on the same
 * port mid-run). Both are used through the same small interface.
 */
import { ChildProcess } from "child_process";
import type { EmulatorStateView, Fault, FaultSpec, JournalEntry } from "../../../emulator";
import { raw, spawnCli } from "../../emulator/helpers";
import { startTestEmulator } from "../../support/emulatorEnv";

export interface FaultEmulator {
  readonly url: string;
  state(): Promise<EmulatorStateView>;
  /** Journal entries since the last `clearJournal()` (and, for the CLI, since its last start). */
  journal(): Promise<JournalEntry[]>;
  clearJournal(): Promise<void>;
  injectFault(spec: FaultSpec): Promise<void>;
  faults(): Promise<Fault[]>;
  clearFaults(): Promise<void>;
  /** Refuses connections for `ms` (drops open ones), then listens again. */
  outage(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function inProcessEmulator(seed: number): Promise<FaultEmulator> {
  const emu = await startTestEmulator({ seed });
  return {
    url: emu.url,
    state: async () => emu.state(),
    journal: async () => emu.journal(),
    clearJournal: async () => emu.clearJournal(),
    injectFault: async (spec) => void emu.injectFault(spec),
    faults: async () => emu.faults(),
    clearFaults: async () => emu.clearFaults(),
    outage: (ms) => emu.outage(ms),
    close: () => emu.close(),
  };
}

/** A control-plane request (`/_emulator/...`); rejects on an error status. */
async function control(url: string, method: string, route: string, body?: unknown): Promise<any> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string | number> = payload
    ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }
    : {};
  const res = await raw(url, { method, path: route, headers, body: payload });
  if (res.status >= 400) throw new Error(`${method} ${route}: ${res.status} ${res.text}`);
  return res.text ? JSON.parse(res.text) : {};
}

/**
 * `node dist/emulator/cli.js --port <n> --state <file> --quiet`, restartable on the same port.
 * Faults live in the process, so a restart forgets them (re-armed by `restart`), like the journal.
 */
export class CliEmulator implements FaultEmulator {
  private child?: ChildProcess;
  private port = 0;
  private armed: FaultSpec[] = [];
  private journalSince = 0;
  /** Journal entries of earlier incarnations (the journal is not persisted). */
  private history: JournalEntry[] = [];
  restarts = 0;

  constructor(
    readonly statePath: string,
    private readonly seed: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const cli = await spawnCli(["--port", String(this.port), "--state", this.statePath, "--quiet", "--seed", String(this.seed)]);
    this.child = cli.child;
    this.port = Number(new URL(cli.url).port);
    this.journalSince = 0;
    for (const f of this.armed) await control(this.url, "POST", "/_emulator/faults", f);
  }

  /** kill -9, then start again on the same port with the same state file after `downMs`. */
  async restart(downMs: number): Promise<void> {
    const child = this.child!;
    // Keep what this incarnation journaled.
    this.history.push(...(await this.journal().catch(() => [] as JournalEntry[])));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await exited;
    await new Promise((r) => setTimeout(r, downMs));
    for (let attempt = 0; ; attempt++) {
      try {
        await this.start();
        break;
      } catch (e) {
        if (attempt >= 20) throw e; // the port may be held briefly (TIME_WAIT does not block listen, but be safe)
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    this.restarts++;
  }

  async state(): Promise<EmulatorStateView> {
    return control(this.url, "GET", "/_emulator/state");
  }
  async journal(): Promise<JournalEntry[]> {
    const { entries } = await control(this.url, "GET", `/_emulator/journal?since=${this.journalSince}`);
    return entries;
  }
  /** Journal of every incarnation since the last clear. */
  async fullJournal(): Promise<JournalEntry[]> {
    return [...this.history, ...(await this.journal())];
  }
  async clearJournal(): Promise<void> {
    const entries = await this.journal();
    if (entries.length > 0) this.journalSince = entries[entries.length - 1]!.seq;
    this.history = [];
  }
  async injectFault(spec: FaultSpec): Promise<void> {
    this.armed.push(spec);
    await control(this.url, "POST", "/_emulator/faults", spec);
  }
  async faults(): Promise<Fault[]> {
    return (await control(this.url, "GET", "/_emulator/faults")).faults;
  }
  async clearFaults(): Promise<void> {
    this.armed = [];
    await control(this.url, "DELETE", "/_emulator/faults");
  }
  async outage(ms: number): Promise<void> {
    await control(this.url, "POST", "/_emulator/outage", { ms });
  }
  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await exited;
  }
}
