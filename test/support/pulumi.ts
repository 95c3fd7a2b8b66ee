/**
 * Drives the real Pulumi engine (the CLI chosen and built by scripts/ensure-engine.js) against a temp
 * copy of a program. Each workspace has its own PULUMI_HOME, file backend and provider state dir
 * under <repo>/.tmp/, so tests never share state. Programs resolve `@pulumi/pulumi` and
 * `pulumi-alicloud-traffic` from <repo>/node_modules (staged by `npm run build`).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const REPO = path.resolve(__dirname, "..", "..");
const TMP = path.join(REPO, ".tmp");

export interface EngineInfo {
  dir: string;
  version: string;
  /** Where it came from: PATH, the cache or a new build. */
  source: string;
  /** Why this version (PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION or the toolchain.json leg). */
  reason: string;
}

let engine: Promise<EngineInfo> | undefined;

/**
 * The engine the tests use, chosen like scripts/pulumi does (scripts/ensure-engine.js: the version in
 * PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION, else the toolchain.json leg of the installed
 * @pulumi/pulumi; a tested `pulumi` on PATH, the cache, or a build). Says once per test file which
 * one it uses. Fails (never skips) with what to install when it cannot be had.
 */
export function engineInfo(): Promise<EngineInfo> {
  if (!engine) {
    const staged = path.join(REPO, "node_modules", "pulumi-alicloud-traffic", "dist", "provider", "index.js");
    if (!fs.existsSync(staged)) {
      throw new Error(`${staged} is missing: run \`npm run build\` (npm test does) so programs can import the package.`);
    }
    engine = new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(REPO, "scripts", "ensure-engine.js"), "--quiet", "--json", "--say"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => {
        err += d;
        process.stderr.write(d); // which engine, and any wait for another build
      });
      child.on("close", (code) =>
        code === 0
          ? resolve(JSON.parse(out))
          : reject(
              new Error(
                `The Pulumi engine is not available, so end-to-end tests cannot run:\n${err}\n` +
                  `Install Go >= 1.25 (the engine is built from the Go module proxy) or put a tested pulumi (see toolchain.json) and pulumi-language-nodejs on PATH.`,
              ),
            ),
      );
    });
  }
  return engine;
}

/** The engine's bin dir (see engineInfo). */
export async function engineBinDir(): Promise<string> {
  return (await engineInfo()).dir;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for assertions on what a user sees. */
  output: string;
  ms: number;
}

export interface WorkspaceOptions {
  /** Extra environment for every command (emulator endpoint and credentials, faults...). */
  env?: Record<string, string | undefined>;
  stack?: string;
  /** Copy the program from this folder (relative to the repo) ... */
  from?: string;
  /** ... and/or write these files (relative path -> content). */
  files?: Record<string, string>;
}

export class Workspace {
  readonly root: string;
  readonly programDir: string;
  readonly stack: string;
  env: Record<string, string | undefined>;

  constructor(name: string, opts: WorkspaceOptions) {
    fs.mkdirSync(TMP, { recursive: true });
    this.root = fs.mkdtempSync(path.join(TMP, `${name}-`));
    this.programDir = path.join(this.root, "program");
    this.stack = opts.stack ?? "test";
    if (opts.from) {
      fs.cpSync(path.join(REPO, opts.from), this.programDir, {
        recursive: true,
        filter: (src) => !/node_modules|Pulumi\.[^/]+\.yaml$/.test(path.basename(src)),
      });
    }
    for (const [rel, content] of Object.entries(opts.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(this.programDir, rel)), { recursive: true });
      fs.writeFileSync(path.join(this.programDir, rel), content);
    }
    for (const dir of ["home", "state"]) fs.mkdirSync(path.join(this.root, dir), { recursive: true });
    this.env = opts.env ?? {};
  }

  /** The offline environment every `pulumi` command of this workspace runs with. */
  commandEnv(bin: string, extraEnv: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    const env: Record<string, string | undefined> = {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      PULUMI_HOME: path.join(this.root, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(this.root, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      ...this.env,
      ...extraEnv,
    };
    // Jest sets these; they must not leak into the programs' own node processes.
    delete env.NODE_OPTIONS;
    delete env.JEST_WORKER_ID;
    return env as NodeJS.ProcessEnv;
  }

  /** Starts `pulumi <args>` in the program dir; `out` fills as the command writes. */
  spawnPulumi(bin: string, args: string[], extraEnv: Record<string, string | undefined> = {}) {
    const child = spawn(path.join(bin, "pulumi"), [...args, "--non-interactive", "--color", "never"], {
      cwd: this.programDir,
      env: this.commandEnv(bin, extraEnv),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out = { stdout: "", stderr: "", output: "" };
    child.stdout.on("data", (d) => ((out.stdout += d), (out.output += d)));
    child.stderr.on("data", (d) => ((out.stderr += d), (out.output += d)));
    return { child, out };
  }

  /** Runs `pulumi <args>` in the program dir with the offline environment. */
  async pulumi(args: string[], extraEnv: Record<string, string | undefined> = {}, timeoutMs = 300_000): Promise<RunResult> {
    const bin = await engineBinDir();
    const started = Date.now();
    const { child, out } = this.spawnPulumi(bin, args, extraEnv);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`pulumi ${args.join(" ")} timed out after ${timeoutMs} ms\n${out.output}`));
      }, timeoutMs);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, ...out, ms: Date.now() - started });
      });
    });
  }

  /** Like `pulumi`, but throws with the whole output if the command does not exit 0. */
  async ok(args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<RunResult> {
    const r = await this.pulumi(args, extraEnv);
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.output}`);
    return r;
  }

  async init(config: Record<string, string> = {}): Promise<void> {
    await this.ok(["stack", "init", this.stack]);
    for (const [k, v] of Object.entries(config)) await this.ok(["config", "set", k, v]);
  }

  /** The stack's checkpoint (`pulumi stack export`). */
  async exportState(): Promise<any> {
    const r = await this.ok(["stack", "export"]);
    return JSON.parse(r.stdout);
  }

  async outputs(): Promise<Record<string, any>> {
    const r = await this.ok(["stack", "output", "--json"]);
    return JSON.parse(r.stdout);
  }

  /** The raw checkpoint file of the file backend (what `ls` would show a user). */
  stateFile(): string {
    const dir = path.join(this.root, "state", ".pulumi", "stacks");
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === `${this.stack}.json`) files.push(p);
      }
    };
    walk(dir);
    if (files.length !== 1) throw new Error(`expected one checkpoint for stack ${this.stack}, found ${files.length}`);
    return files[0];
  }

  cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** Resources of a given type in `pulumi stack export` output or a raw checkpoint file. */
export function resourcesOfType(state: any, type: string): any[] {
  const resources = state?.deployment?.resources ?? state?.checkpoint?.latest?.resources ?? [];
  return resources.filter((r: any) => r.type === type);
}

/**
 * A new CI runner: a fresh home and checkout (of `program`, the repo folder `from` was copied from) on the
 * same state backend (copied) and stack config.
 */
export function freshRunner(
  from: Workspace,
  name: string,
  env: Record<string, string | undefined> = from.env,
  program = "test/programs/flowlogs",
): Workspace {
  const ws = new Workspace(name, { from: program, env, stack: from.stack });
  fs.cpSync(path.join(from.root, "state"), path.join(ws.root, "state"), { recursive: true });
  for (const f of fs.readdirSync(from.programDir).filter((f) => /^Pulumi\..+\.yaml$/.test(f))) {
    fs.copyFileSync(path.join(from.programDir, f), path.join(ws.programDir, f));
  }
  return ws;
}
