/**
 * Throughput benchmark of the emulator's hot path: signed `DescribeFlowLogs` (GET) and signed
 * `CreateFlowLog` (POST form) from `concurrency` keep-alive clients.
 *
 * The emulator runs in a child process (its CLI) and the load generator in another (this module in
 * `--load-worker` mode), so clients and server do not share one event loop and neither carries ts-node's
 * in-memory compiler (whose heap inflates GC pauses). Both children run plain JavaScript transpiled from the
 * current sources into a temp directory (not `dist/`, which may be stale). The client is deliberately
 * cheap: a minimal V1 signer with the canonical string pre-assembled around the two values that change per
 * request (Timestamp, SignatureNonce). The emulator still verifies every signature and every nonce.
 *
 * Run directly: `npx ts-node bench/emulator.ts [durationMs] [concurrency]` prints the results as JSON.
 */
import { spawn, type ChildProcess } from "child_process";
import { createHmac, randomBytes } from "crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as http from "http";
import { tmpdir } from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET } from "../emulator";

export interface BenchResult {
  action: string;
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

export interface BenchOptions {
  /** Measured time per action (default 5000 ms, after a short warm-up). */
  durationMs?: number;
  /** Concurrent clients (default 16). */
  concurrency?: number;
  /** Run the emulator with a state file (fsync'd group commits) instead of memory-only. */
  persistent?: boolean;
}

const enc = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());

/**
 * Pre-computed V1 signer for one action: the sorted canonical query is split into the fixed pieces around
 * `SignatureNonce` and `Timestamp` (whose names sort between the fixed ones).
 */
class FastSigner {
  private readonly before: string; // pairs sorting before SignatureNonce
  private readonly between: string; // pairs between SignatureNonce and Timestamp (SignatureVersion)
  private readonly after: string; // pairs after Timestamp
  private readonly key = DEMO_ACCESS_KEY_SECRET + "&";
  private readonly noncePrefix = randomBytes(8).toString("hex");
  private counter = 0;
  private tsSecond = -1;
  private ts = "";

  constructor(
    private readonly method: "GET" | "POST",
    action: string,
    version: string,
    business: Record<string, string>,
  ) {
    const fixed: Record<string, string> = {
      AccessKeyId: DEMO_ACCESS_KEY_ID,
      Action: action,
      Format: "JSON",
      SignatureMethod: "HMAC-SHA1",
      SignatureVersion: "1.0",
      Version: version,
      ...business,
    };
    const pairs = Object.keys(fixed)
      .sort()
      .map((k) => [k, `${enc(k)}=${enc(fixed[k]!)}`] as const);
    const join = (filter: (k: string) => boolean) =>
      pairs
        .filter(([k]) => filter(k))
        .map(([, p]) => p)
        .join("&");
    this.before = join((k) => k < "SignatureNonce");
    this.between = join((k) => k > "SignatureNonce" && k < "Timestamp");
    this.after = join((k) => k > "Timestamp");
  }

  /** The signed query/body string for one request. */
  next(): string {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (second !== this.tsSecond) {
      this.tsSecond = second;
      this.ts = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    }
    const nonce = `${this.noncePrefix}${(this.counter++).toString(36)}`;
    const canonical =
      `${this.before}&SignatureNonce=${nonce}` +
      (this.between ? `&${this.between}` : "") +
      `&Timestamp=${enc(this.ts)}` +
      (this.after ? `&${this.after}` : "");
    const signature = createHmac("sha1", this.key)
      .update(`${this.method}&%2F&${enc(canonical)}`)
      .digest("base64");
    return `${canonical}&Signature=${enc(signature)}`;
  }
}

/**
 * Transpiles every `.ts` under `emulator/`, plus this file, to CommonJS in `outDir` (no type check: tsc
 * does that). `typescript` is loaded lazily: the transpiled copies run where it cannot be resolved.
 */
function transpileSources(root: string, outDir: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require("typescript") as typeof import("typescript");
  const emit = (relPath: string) => {
    const { outputText } = ts.transpileModule(readFileSync(path.join(root, relPath), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: relPath,
    });
    mkdirSync(path.dirname(path.join(outDir, relPath)), { recursive: true });
    writeFileSync(path.join(outDir, relPath.replace(/\.ts$/, ".js")), outputText);
  };
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const relPath = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(relPath);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) emit(relPath);
    }
  };
  walk("emulator");
  emit(path.join("bench", "emulator.ts"));
}

interface Children {
  workDir: string;
  emulator: ChildProcess;
  port: number;
}

function startEmulatorChild(persistent: boolean): Promise<Children> {
  const root = path.resolve(__dirname, "..");
  const workDir = mkdtempSync(path.join(tmpdir(), "emu-bench-"));
  transpileSources(root, workDir);
  const args = [path.join(workDir, "emulator", "cli.js"), "--port", "0", "--quiet", "--flow-log-quota", "1000000000"];
  if (persistent) args.push("--state", path.join(workDir, "state.json"));
  const emulator = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    emulator.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ workDir, emulator, port: Number(m[1]) });
    });
    emulator.on("exit", (code) => {
      rmSync(workDir, { recursive: true, force: true });
      reject(new Error(`emulator exited with ${code} before listening`));
    });
  });
}

/** What the parent asks a load worker to do. */
interface LoadSpec {
  port: number;
  action: string;
  method: "GET" | "POST";
  business: Record<string, string>;
  durationMs: number;
  concurrency: number;
}

/** Runs one measurement in a separate plain-node process and returns its result. */
function runLoadWorker(workDir: string, spec: LoadSpec): Promise<BenchResult> {
  const worker = spawn(process.execPath, [path.join(workDir, "bench", "emulator.js"), "--load-worker", JSON.stringify(spec)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  worker.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    worker.on("exit", (code) => {
      if (code === 0) resolve(JSON.parse(out) as BenchResult);
      else reject(new Error(`load worker for ${spec.action} exited with ${code}`));
    }),
  );
}

/** Worker mode: measure one action against the emulator on `spec.port`, print the result as JSON. */
async function loadWorker(spec: LoadSpec): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  try {
    const signer = new FastSigner(spec.method, spec.action, SMARTAG_VERSION, spec.business);
    const result = await measure({ port: spec.port, agent }, spec.action, signer, spec.method, spec.durationMs, spec.concurrency);
    process.stdout.write(JSON.stringify(result));
  } finally {
    agent.destroy();
  }
}

interface Target {
  port: number;
  agent: http.Agent;
}

function send(t: Target, method: "GET" | "POST", payload: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: t.port,
        method,
        path: method === "GET" ? `/?${payload}` : "/",
        agent: t.agent,
        headers:
          method === "POST"
            ? { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(payload) }
            : undefined,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}: ${body}`))));
      },
    );
    req.on("error", reject);
    req.end(method === "POST" ? payload : undefined);
  });
}

async function measure(
  t: Target,
  action: string,
  signer: FastSigner,
  method: "GET" | "POST",
  durationMs: number,
  concurrency: number,
): Promise<BenchResult> {
  // Warm-up (JIT, sockets) for a tenth of the duration, not measured.
  const run = async (ms: number, latencies: number[] | undefined) => {
    const end = performance.now() + ms;
    const worker = async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await send(t, method, signer.next());
        latencies?.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  await run(Math.max(200, durationMs / 10), undefined);
  const latencies: number[] = [];
  const t0 = performance.now();
  await run(durationMs, latencies);
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    action,
    requests: latencies.length,
    seconds: round(seconds),
    rps: Math.round(latencies.length / seconds),
    p50Ms: round(pct(0.5)),
    p99Ms: round(pct(0.99)),
  };
}

const SMARTAG_VERSION = "2018-03-13";

export async function benchEmulator(opts: BenchOptions = {}): Promise<BenchResult[]> {
  const durationMs = opts.durationMs ?? 5000;
  const concurrency = opts.concurrency ?? 16;
  const { workDir, emulator, port } = await startEmulatorChild(opts.persistent ?? false);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const region = { RegionId: "cn-hangzhou" };
    const createBody = { ...region, OutputType: "sls", SlsRegionId: "cn-hangzhou", ProjectName: "bench", LogstoreName: "bench" };
    // A realistic listing: some flow logs exist before DescribeFlowLogs is measured.
    const seed = new FastSigner("POST", "CreateFlowLog", SMARTAG_VERSION, createBody);
    for (let i = 0; i < 100; i++) await send({ port, agent }, "POST", seed.next());

    const common = { port, durationMs, concurrency };
    return [
      await runLoadWorker(workDir, { ...common, action: "DescribeFlowLogs", method: "GET", business: region }),
      await runLoadWorker(workDir, { ...common, action: "CreateFlowLog", method: "POST", business: createBody }),
    ];
  } finally {
    agent.destroy();
    emulator.removeAllListeners("exit");
    const exited = new Promise((r) => emulator.once("exit", r));
    emulator.kill("SIGTERM");
    await exited;
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const fail = (e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  };
  if (process.argv[2] === "--load-worker") {
    loadWorker(JSON.parse(process.argv[3]!) as LoadSpec).catch(fail);
  } else {
    const [durationMs, concurrency] = process.argv.slice(2).map(Number);
    benchEmulator({
      durationMs: Number.isFinite(durationMs) ? durationMs : undefined,
      concurrency: Number.isFinite(concurrency) ? concurrency : undefined,
      persistent: process.argv.includes("--persistent"),
    }).then((results) => process.stdout.write(JSON.stringify(results, null, 2) + "\n"), fail);
  }
}
