/**
 * Runs `pulumi` for a Workspace like `Workspace.pulumi`, but so that the whole process tree (CLI,
 * language host, program, dynamic provider processes) can be SIGKILLed mid-run, which is what a
 * crashed machine or an OOM-killed CI runner does to an `up`. The engine starts its plugins in
 * process groups of their own, so the tree is found through /proc (parent pids), frozen with
 * SIGSTOP so that nothing forks meanwhile, then killed.
 */
import { ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { RunResult, Workspace, engineBinDir } from "./pulumi";

export interface RunningCommand {
  child: ChildProcess;
  result: Promise<RunResult & { signal: NodeJS.Signals | null }>;
  /** SIGKILL to the command and every descendant; resolves with their pids once all are gone. */
  killTree(): Promise<number[]>;
  output(): string;
}

export async function startPulumi(
  ws: Workspace,
  args: string[],
  extraEnv: Record<string, string | undefined> = {},
  timeoutMs = 900_000,
): Promise<RunningCommand> {
  const bin = await engineBinDir();
  const started = Date.now();
  const { child, out } = ws.spawnPulumi(bin, args, extraEnv);
  const killTree = async () => {
    const pids = freezeTree(child.pid!);
    for (const pid of pids) signal(pid, "SIGKILL");
    await waitGone(pids);
    return pids;
  };
  const result = new Promise<RunResult & { signal: NodeJS.Signals | null }>((resolve) => {
    const timer = setTimeout(() => {
      out.output += `\n[test harness] pulumi ${args.join(" ")} timed out after ${timeoutMs} ms: killed\n`;
      void killTree();
    }, timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, signal, ...out, ms: Date.now() - started });
    });
  });
  return { child, result, killTree, output: () => out.output };
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

function parentOf(pid: string): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** `root` and all its descendants, each stopped (SIGSTOP) as found, until no new one appears. */
export function freezeTree(root: number): number[] {
  const tree = new Set<number>([root]);
  signal(root, "SIGSTOP");
  for (let round = 0; round < 50; round++) {
    let added = false;
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      if (tree.has(pid)) continue;
      const ppid = parentOf(entry);
      if (ppid !== undefined && tree.has(ppid)) {
        signal(pid, "SIGSTOP");
        tree.add(pid);
        added = true;
      }
    }
    if (!added) break;
  }
  return [...tree];
}

function alive(pid: number): boolean {
  try {
    // A zombie still answers kill(0); it is gone for our purposes.
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** Waits until none of `pids` runs any more. */
export async function waitGone(pids: number[], timeoutMs = 30_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!pids.some(alive)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** The `error:` lines of the Diagnostics section: what a user reads when a command fails. */
export function diagnosticErrors(output: string): string[] {
  const at = output.indexOf("Diagnostics:");
  const section = at === -1 ? output : output.slice(at);
  const errors: string[] = [];
  const lines = section.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*error: (.*)$/.exec(lines[i]!);
    if (!m) continue;
    // Continuation lines are indented deeper than "error:" and do not start a new diagnostic.
    let text = m[1]!;
    const indent = lines[i]!.indexOf("error:");
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.trim() === "" || l.search(/\S/) <= indent - 2 || /^\s*(error|warning):/.test(l)) break;
      text += "\n" + l.trim();
      i = j;
    }
    errors.push(text);
  }
  return [...new Set(errors)];
}

/** Drops the engine's generic summaries ("update failed"), keeping the provider's messages. */
export function providerErrors(output: string): string[] {
  return diagnosticErrors(output).filter((e) => !/^(update|refresh|destroy|preview) failed$/.test(e.trim()));
}

/**
 * Deletes zero-byte `.attrs` sidecars of a workspace's file backend. Upstream (Pulumi file
 * backend): the sidecar is written in place, so a SIGKILL during a save can leave it empty, and the
 * next command fails with `failed to load checkpoint: EOF`; deleting it is the workaround
 * docs/reliability.md gives users. Returns what it removed.
 */
export function removeEmptyAttrs(ws: Workspace): string[] {
  const removed: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".attrs") && fs.statSync(p).size === 0) {
        fs.unlinkSync(p);
        removed.push(path.relative(ws.root, p));
      }
    }
  };
  walk(path.join(ws.root, "state"));
  return removed;
}
