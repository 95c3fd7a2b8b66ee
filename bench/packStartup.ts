/**
 * A policy pack's start-up, split by module: starts the pack the way the language host does
 * (`cd <pack> && node <@pulumi/pulumi/cmd/run-policy-pack> <engine> <pack>`) with
 * bench/trace-requires.js preloaded, stops it when it prints its port, and reports per group the
 * time spent loading (compile and top-level code of its modules, children counted in their own
 * group). No engine is needed: the pack serves nothing before the engine connects.
 *
 * Standalone: `npx ts-node --transpile-only bench/packStartup.ts <label>=<pack dir> ...`
 * (BENCH_REPEATS runs each, default 5).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface StartupSample {
  /** Process start to the preload: Node's own boot. */
  bootMs: number;
  /** Process start to the port line. */
  readyMs: number;
  groups: Record<string, number>;
}

export interface StartupSummary {
  label: string;
  dir: string;
  runs: number;
  bootMs: number;
  readyMs: number;
  /** Median ms per group, largest first. */
  groups: Record<string, number>;
}

const TRACER = path.join(__dirname, "trace-requires.js");

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One start of the pack in `dir`, stopped at its port line. */
export function startOnce(dir: string, timeoutMs = 60_000): Promise<StartupSample> {
  const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pack-startup-")), "trace.json");
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TRACE_REQUIRES_OUT: out };
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, ["-r", TRACER, runner, "127.0.0.1:1", dir], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(
      () => (child.kill("SIGKILL"), reject(new Error(`pack in ${dir} printed no port in ${timeoutMs} ms:\n${stdout}${stderr}`))),
      timeoutMs,
    );
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.on("data", (d) => {
      stdout += d;
      if (/^\d+\s*$/m.test(stdout)) child.kill("SIGKILL");
    });
    child.on("close", () => {
      clearTimeout(timer);
      if (!fs.existsSync(out)) return reject(new Error(`pack in ${dir} exited without a port:\n${stdout}${stderr}`));
      const sample = JSON.parse(fs.readFileSync(out, "utf8")) as StartupSample;
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
      resolve(sample);
    });
  });
}

export async function packStartup(label: string, dir: string, runs: number): Promise<StartupSummary> {
  const samples: StartupSample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await startOnce(dir));
  const names = new Set(samples.flatMap((s) => Object.keys(s.groups)));
  const groups = Object.fromEntries(
    [...names].map((g) => [g, Math.round(median(samples.map((s) => s.groups[g] ?? 0)))] as const).sort((a, b) => b[1] - a[1]),
  );
  return {
    label,
    dir,
    runs,
    bootMs: Math.round(median(samples.map((s) => s.bootMs))),
    readyMs: Math.round(median(samples.map((s) => s.readyMs))),
    groups,
  };
}

/** A markdown table: one column per pack, one row per group (in the first pack's order). */
export function startupTable(summaries: StartupSummary[]): string[] {
  const rows = [...new Set(summaries.flatMap((s) => Object.keys(s.groups)))];
  const lines = [`| ms (median) | ${summaries.map((s) => s.label).join(" | ")} |`, `| --- |${summaries.map(() => " ---: |").join("")}`];
  lines.push(`| **start to port printed** | ${summaries.map((s) => `**${s.readyMs}**`).join(" | ")} |`);
  lines.push(`| Node boot | ${summaries.map((s) => s.bootMs).join(" | ")} |`);
  for (const row of rows) lines.push(`| ${row} | ${summaries.map((s) => s.groups[row] ?? 0).join(" | ")} |`);
  return lines;
}

if (require.main === module) {
  const runs = Number(process.env.BENCH_REPEATS ?? 5);
  const packs = process.argv.slice(2).map((arg) => {
    const [label, dir] = arg.includes("=") ? arg.split(/=(.*)/s) : [path.basename(arg), arg];
    return { label, dir: path.resolve(dir) };
  });
  (async () => {
    const summaries: StartupSummary[] = [];
    for (const p of packs) summaries.push(await packStartup(p.label, p.dir, runs));
    process.stdout.write(startupTable(summaries).join("\n") + "\n");
  })().catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  });
}
