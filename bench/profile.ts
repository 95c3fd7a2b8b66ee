/**
 * Where the time goes, per resource: `--cpu-prof` of the dynamic-provider process and of the
 * program, for ours (test/programs/flowlogs) and the floor (bench/floor/program), at one N.
 *
 * - The provider: the engine starts `pulumi-resource-pulumi-nodejs` (a shell script that runs
 *   `node <@pulumi/pulumi/cmd/dynamic-provider>`) from PATH; a wrapper of the same name, first on
 *   PATH, runs it with bench/cpu-prof-preload.js (the engine kills the host, so `--cpu-prof` would never
 *   write; the preload writes the profile in chunks).
 * - The program: the Pulumi.yaml runtime option `nodeargs: --cpu-prof ...`.
 *
 * For each operation, prints the CPU time (samples that are not idle) of each process and the
 * top items by self time and by inclusive time of our modules (pulumi-alicloud-traffic/dist/...),
 * so the difference to the floor reads as "what ours spends".
 *
 * `npx ts-node --transpile-only bench/profile.ts [N] [ops]` (default 200, preview,up,destroy).
 * Run `npm run build` first (the program imports the staged package). Writes
 * .tmp/profile/<ours|floor>/<op>/{provider,program}/*.cpuprofile and prints markdown.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO, Workspace } from "../test/support/pulumi";
import { providerEnv, startTestEmulator } from "../test/support/emulatorEnv";
import { stageFloorProvider } from "./floorStage";

const N = Number(process.argv[2] ?? 200);
const OPS = (process.argv[3] ?? "preview,up,destroy").split(",");
const ARGS: Record<string, string[]> = {
  preview: ["preview"],
  up: ["up", "--yes", "--skip-preview"],
  refresh: ["refresh", "--yes", "--skip-preview"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};
const OUT = path.join(REPO, ".tmp", "profile");

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Groups a script URL: ours, the SDK, gRPC/protobuf, other packages, Node itself. */
function group(url: string): string {
  if (url.includes("pulumi-alicloud-traffic/")) return "ours";
  if (url.includes("alicloud-traffic-bench-floor")) return "floor provider";
  if (/@grpc|google-protobuf|protobufjs/.test(url)) return "grpc + protobuf";
  if (url.includes("@pulumi/pulumi/")) return "@pulumi/pulumi";
  if (url.includes("node_modules/")) return url.replace(/.*node_modules\/((?:@[^/]+\/)?[^/]+).*/, "$1");
  if (url.startsWith("node:") || url === "") return "node";
  return "other";
}

const short = (url: string) => url.replace(/.*node_modules\//, "").replace(/^file:\/\//, "");

export interface Summary {
  cpuMs: number;
  byGroup: Record<string, number>;
  topSelf: { fn: string; ms: number }[];
  oursInclusive: { fn: string; ms: number }[];
}

/** Self time per function, per group, and inclusive time of functions in our modules. */
export function summarize(files: string[]): Summary {
  const self = new Map<string, number>();
  const byGroup: Record<string, number> = {};
  const inclusive = new Map<string, number>();
  let cpuMs = 0;
  for (const file of files) {
    const p = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const label = (n: ProfileNode) =>
      `${n.callFrame.functionName || "(anonymous)"} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    for (let i = 0; i < p.samples.length; i++) {
      const node = byId.get(p.samples[i])!;
      const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
      const fn = node.callFrame.functionName;
      if (fn === "(idle)" || fn === "(program)") continue;
      cpuMs += ms;
      const key = fn === "(garbage collector)" ? "(garbage collector)" : label(node);
      self.set(key, (self.get(key) ?? 0) + ms);
      const g = fn === "(garbage collector)" ? "GC" : group(node.callFrame.url);
      byGroup[g] = (byGroup[g] ?? 0) + ms;
      const seen = new Set<string>();
      for (let at: number | undefined = node.id; at !== undefined; at = parent.get(at)) {
        const n = byId.get(at)!;
        if (!n.callFrame.url.includes("pulumi-alicloud-traffic/")) continue;
        const k = label(n);
        if (seen.has(k)) continue;
        seen.add(k);
        inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
      }
    }
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([fn, ms]) => ({ fn, ms: Math.round(ms) }));
  return {
    cpuMs: Math.round(cpuMs),
    byGroup: Object.fromEntries(
      Object.entries(byGroup)
        .sort((a, b) => b[1] - a[1])
        .map(([g, ms]) => [g, Math.round(ms)]),
    ),
    topSelf: top(self, 12),
    oursInclusive: top(inclusive, 12),
  };
}

function cpuProfiles(dir: string): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".cpuprofile"))
        .map((f) => path.join(dir, f))
    : [];
}

/** A PATH dir whose `pulumi-resource-pulumi-nodejs` runs the dynamic-provider host with --cpu-prof into $ALICLOUD_TRAFFIC_PROFILE_DIR. */
function wrapperDir(): string {
  const dir = path.join(OUT, "bin");
  fs.mkdirSync(dir, { recursive: true });
  const script = path.join(dir, "pulumi-resource-pulumi-nodejs");
  fs.writeFileSync(
    script,
    "#!/bin/sh\nhost=$(node -e \"console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))\")\n" +
      'echo "$$ $*" >> "$ALICLOUD_TRAFFIC_PROFILE_DIR/started"\n' +
      `exec node -r ${JSON.stringify(path.join(__dirname, "cpu-prof-preload.js"))} "$host" "$@"\n`,
  );
  fs.chmodSync(script, 0o755);
  return dir;
}

async function profileProgram(kind: "ours" | "floor", emulatorEnv: Record<string, string>) {
  const from = kind === "ours" ? "test/programs/flowlogs" : "bench/floor/program";
  const yaml = fs.readFileSync(path.join(REPO, from, "Pulumi.yaml"), "utf8");
  const programDir = path.join(OUT, kind, "program-profiles");
  const ws = new Workspace(`profile-${kind}`, {
    from,
    env: { ...emulatorEnv, PATH: `${wrapperDir()}${path.delimiter}${process.env.PATH}` },
    files: {
      "Pulumi.yaml": yaml.replace(
        "    typescript: false\n",
        `    typescript: false\n    nodeargs: "--cpu-prof --cpu-prof-dir=${programDir}"\n`,
      ),
    },
  });
  const results: Record<string, { ms: number; provider: Summary; program: Summary }> = {};
  try {
    await ws.init({ count: String(N) });
    for (const op of OPS) {
      const providerDir = path.join(OUT, kind, op, "provider");
      fs.rmSync(path.join(OUT, kind, op), { recursive: true, force: true });
      fs.rmSync(programDir, { recursive: true, force: true });
      fs.mkdirSync(providerDir, { recursive: true });
      const r = await ws.ok(ARGS[op], { ALICLOUD_TRAFFIC_PROFILE_DIR: providerDir });
      const programFiles = cpuProfiles(programDir);
      fs.mkdirSync(path.join(OUT, kind, op, "program"), { recursive: true });
      for (const f of programFiles) fs.renameSync(f, path.join(OUT, kind, op, "program", path.basename(f)));
      results[op] = {
        ms: r.ms,
        provider: summarize(cpuProfiles(providerDir)),
        program: summarize(cpuProfiles(path.join(OUT, kind, op, "program"))),
      };
      process.stderr.write(
        `profile ${kind} ${op}: ${r.ms} ms, provider CPU ${results[op].provider.cpuMs} ms, program CPU ${results[op].program.cpuMs} ms\n`,
      );
    }
  } finally {
    ws.cleanup();
  }
  return results;
}

function markdown(ours: Awaited<ReturnType<typeof profileProgram>>, floor: Awaited<ReturnType<typeof profileProgram>>): string {
  const lines = [`# CPU profile, N = ${N} (ours vs floor)`, ``];
  for (const op of OPS) {
    const o = ours[op];
    const f = floor[op];
    lines.push(`## ${op}: wall ${o.ms} ms ours / ${f.ms} ms floor`, ``);
    for (const side of ["provider", "program"] as const) {
      const extra = o[side].cpuMs - f[side].cpuMs;
      lines.push(
        `### ${side} process: CPU ${o[side].cpuMs} ms ours / ${f[side].cpuMs} ms floor ` +
          `(${extra >= 0 ? "+" : ""}${extra} ms, ${(extra / N).toFixed(1)} ms per resource)`,
        ``,
        `By group (ms, ours / floor): ` +
          [...new Set([...Object.keys(o[side].byGroup), ...Object.keys(f[side].byGroup)])]
            .map((g) => `${g} ${o[side].byGroup[g] ?? 0}/${f[side].byGroup[g] ?? 0}`)
            .join(", "),
        ``,
        `Top self time (ours): ` + o[side].topSelf.map((t) => `\`${t.fn}\` ${t.ms}`).join("; "),
        ``,
      );
      if (o[side].oursInclusive.length)
        lines.push(`Our functions, inclusive: ` + o[side].oursInclusive.map((t) => `\`${t.fn}\` ${t.ms}`).join("; "), ``);
    }
  }
  return lines.join("\n") + "\n";
}

async function main() {
  stageFloorProvider();
  const emulator = await startTestEmulator();
  try {
    const env = providerEnv(emulator);
    const ours = await profileProgram("ours", env);
    const floor = await profileProgram("floor", env);
    const md = markdown(ours, floor);
    fs.writeFileSync(path.join(OUT, "summary.md"), md);
    fs.writeFileSync(path.join(OUT, "summary.json"), JSON.stringify({ N, ours, floor }, null, 2));
    process.stdout.write(md);
  } finally {
    await emulator.close();
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`profile failed: ${e.stack ?? e}\n`);
    process.exit(1);
  });
}
