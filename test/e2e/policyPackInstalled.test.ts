/**
 * The policy pack as users get it: `npm pack` the repo, install the tarball into fresh programs
 * outside the repo tree exactly as the docs say, and run `preview --policy-pack
 * node_modules/pulumi-alicloud-traffic/policy-pack` through the real engine on a compliant and a
 * violating stack:
 *
 * - README: a JavaScript program with only `pulumi-alicloud-traffic @pulumi/pulumi` and
 *   `@pulumi/policy` installed (no typescript, no ts-node anywhere);
 * - examples/github-actions: the workflow's steps run locally: its setup's install lines, `npm ci`,
 *   then the preview the way `pulumi/actions` runs it (the Automation API, `policyPacks` from the
 *   workflow's POLICY_PACK, `diff: true`).
 *
 * Also: the compiled pack in the tarball, a contradictory org config stopping the run once (before
 * the program runs) and a misspelled policy name warned about, and what `pulumi policy publish`
 * would upload (`npm pack` of the pack directory) running on its own.
 *
 * Needs dist/ (`npm run build`) and the npm registry or a warm npm cache.
 */
import { Exec, exec } from "../support/exec";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { REPO, RunResult, engineBinDir } from "../support/pulumi";
import { Emulator, actions, providerEnv, startTestEmulator } from "../support/emulatorEnv";

jest.setTimeout(900_000);

const PACKAGE = "pulumi-alicloud-traffic";
const PACK_IN_PROGRAM = path.join("node_modules", PACKAGE, "policy-pack");
const root = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const devDeps: Record<string, string> = root.devDependencies;
const PACK_HEADER = `alicloud-traffic-policies@v${root.version}`;
const PUBLIC_COLLECTOR = "203.0.113.10";
const COLLECTOR_VIOLATION =
  `sag.FlowLog "edge": netflowServerIp "${PUBLIC_COLLECTOR}" is not in an allowed range ` +
  `(10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16; policy config allowedCidrs)`;
const VIOLATION_LINE = /\[mandatory\].*flowlog-private-netflow-collector\s+\(pulumi-nodejs:dynamic\/sag:FlowLog: edge\)/;

const PROGRAM_IMPORTS = {
  ts: 'import * as pulumi from "@pulumi/pulumi";\nimport { sag } from "pulumi-alicloud-traffic";',
  js: 'const pulumi = require("@pulumi/pulumi");\nconst { sag } = require("pulumi-alicloud-traffic");',
};
const flowLogProgram = (ts: boolean) => `${ts ? PROGRAM_IMPORTS.ts : PROGRAM_IMPORTS.js}
const cfg = new pulumi.Config();
new sag.FlowLog("edge", {
  outputType: "all",
  slsRegionId: "cn-shanghai",
  projectName: "netlogs",
  logstoreName: "sag",
  netflowServerIp: cfg.get("collectorIp") || "10.0.0.5",
});
`;

async function ok(cmd: string, args: string[], cwd: string): Promise<Exec> {
  const r = await exec(cmd, args, cwd);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${r.stdout}${r.stderr}`);
  return r;
}

/** `npm install <names>` with the package name replaced by the tarball and pinned SDK versions. */
function installArgs(line: string, tarball: string): string[] {
  const words = line.trim().split(/\s+/);
  if (words[0] !== "npm" || words[1] !== "install") throw new Error(`not an npm install line: ${line}`);
  return [
    "install",
    "--no-audit",
    "--no-fund",
    "--prefer-offline",
    ...words.slice(2).map((w) => (w === PACKAGE ? tarball : w.startsWith("-") ? w : devDeps[w] ? `${w}@${devDeps[w]}` : w)),
  ];
}

/** The `npm install ...` lines of the first ```sh block after `heading` in a markdown file. */
function installLines(file: string, heading: RegExp): string[] {
  const text = fs.readFileSync(path.join(REPO, file), "utf8");
  const at = text.search(heading);
  if (at < 0) throw new Error(`${file}: no section matching ${heading}`);
  const block = /```sh\n([\s\S]*?)```/.exec(text.slice(at));
  const lines = (block?.[1] ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^npm install /.test(l));
  if (lines.length === 0) throw new Error(`${file}: no npm install line after ${heading}`);
  return lines;
}

describe("the policy pack installed from the packed tarball", () => {
  let tmp: string;
  let tarball: string;
  let packedFiles: string[];
  let emulator: Emulator;
  let bin: string;

  function env(program: string): NodeJS.ProcessEnv {
    const e: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      PULUMI_HOME: path.join(program, ".home"),
      PULUMI_BACKEND_URL: `file://${path.join(program, ".state")}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      ALICLOUD_TRAFFIC_STATE_DIR: path.join(program, ".provider-state"),
      ...providerEnv(emulator),
    };
    delete e.NODE_OPTIONS;
    delete e.JEST_WORKER_ID;
    return e;
  }

  async function pulumi(program: string, args: string[]): Promise<RunResult> {
    const started = Date.now();
    const r = await exec(path.join(bin, "pulumi"), [...args, "--non-interactive", "--color", "never"], program, env(program), 300_000);
    return { ...r, output: r.stdout + r.stderr, ms: Date.now() - started };
  }

  function newProgram(name: string, files: Record<string, string>): string {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir, { recursive: true });
    for (const [rel, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, rel), content);
    for (const d of [".home", ".state", ".provider-state"]) fs.mkdirSync(path.join(dir, d));
    return dir;
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(REPO, "policy-pack", "dist", "index.js"))) {
      throw new Error("policy-pack/dist is missing: run `npm run build` before this test; npm pack ships it as it is.");
    }
    bin = await engineBinDir();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-traffic-pack-installed-"));
    fs.mkdirSync(path.join(tmp, "pack"));
    const packed = await ok("npm", ["pack", "--json", "--pack-destination", path.join(tmp, "pack")], REPO);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")));
    tarball = path.join(tmp, "pack", info.filename);
    packedFiles = info.files.map((f: { path: string }) => f.path);
    emulator = await startTestEmulator();
  });

  afterAll(async () => {
    await emulator?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("ships the pack as PulumiPolicy.yaml, its package.json and compiled JavaScript only", () => {
    const pack = packedFiles.filter((f) => f.startsWith("policy-pack/")).sort();
    expect(pack).toEqual(
      expect.arrayContaining([
        "policy-pack/PulumiPolicy.yaml",
        "policy-pack/package.json",
        "policy-pack/dist/index.js",
        "policy-pack/dist/engineHooks.js",
        "policy-pack/dist/policies/index.js",
        "policy-pack/dist/policies/util.js",
        "policy-pack/policy-config.example.json",
        "policy-pack/README.md",
      ]),
    );
    expect(pack.filter((f) => /\.ts$|tsconfig|\/test\//.test(f))).toEqual([]);
  });

  describe("in a fresh JavaScript program with the README's installs only", () => {
    let program: string;
    let pack: string;

    beforeAll(async () => {
      program = newProgram("readme", {
        "Pulumi.yaml": "name: readme-consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
        "package.json": JSON.stringify({ name: "readme-consumer", private: true, main: "index.js" }),
        "index.js": flowLogProgram(false),
      });
      const lines = [...installLines("README.md", /^## Install$/m), ...installLines("README.md", /^## The policy pack$/m)];
      expect(lines.join("\n")).toMatch(/@pulumi\/policy/);
      for (const line of lines) await ok("npm", installArgs(line, tarball), program);
      pack = path.join(program, PACK_IN_PROGRAM);
      const r = await pulumi(program, ["stack", "init", "dev"]);
      if (r.code !== 0) throw new Error(r.output);
    });

    it("has no typescript or ts-node installed, and the pack's requires name files", () => {
      expect(fs.existsSync(path.join(program, "node_modules", "typescript"))).toBe(false);
      expect(fs.existsSync(path.join(program, "node_modules", "ts-node"))).toBe(false);
      const index = fs.readFileSync(path.join(pack, "dist", "index.js"), "utf8");
      expect(index).toContain('require("./policies/index.js")');
      expect(index).not.toMatch(/require\("\.\/policies"\)/);
    });

    it("passes a compliant stack", async () => {
      emulator.clearJournal();
      const r = await pulumi(program, ["preview", "--policy-pack", PACK_IN_PROGRAM]);
      expect(r.output).not.toMatch(/\[mandatory\]|\[advisory\]|error:/);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`✅ ${PACK_HEADER}`);
      expect(r.stdout).toMatch(/\+\s+pulumi-nodejs:dynamic\/sag:FlowLog\s+edge\s+create/);
      expect(actions(emulator)).toEqual([]);
    });

    it("fails a violating stack with the policy's message", async () => {
      const r = await pulumi(program, ["preview", "--policy-pack", PACK_IN_PROGRAM, "-c", `collectorIp=${PUBLIC_COLLECTOR}`]);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toContain(`❌ ${PACK_HEADER}`);
      expect(r.stdout).toMatch(VIOLATION_LINE);
      expect(r.stdout).toContain(COLLECTOR_VIOLATION);
      expect(r.output).toMatch(/error: preview failed/);
    });

    it("stops once, before the program runs, on a contradictory org config, and warns about a misspelled policy name", async () => {
      fs.writeFileSync(
        path.join(program, "org-policy.json"),
        JSON.stringify({ "flowlog-aging-ranges": { minActiveAging: 3000, maxActiveAging: 1000 }, "flowlog-aging-rangez": "disabled" }),
      );
      const r = await pulumi(program, [
        "preview",
        "--policy-pack",
        PACK_IN_PROGRAM,
        "--policy-pack-config",
        "org-policy.json",
        "-c",
        "collectorIp=10.0.0.5",
      ]);
      expect(r.code).not.toBe(0);
      const error = "policy config of flowlog-aging-ranges: minActiveAging 3000 is greater than maxActiveAging 1000";
      expect(r.output.split(error)).toHaveLength(2);
      expect(r.output).toMatch(new RegExp(`error: configuring policy pack "alicloud-traffic-policies" at ".*": ${error}`));
      expect(r.output).toContain(
        'warning: policy config names "flowlog-aging-rangez", which is not a policy of alicloud-traffic-policies, ' +
          "so its settings are ignored. " +
          'Did you mean "flowlog-aging-ranges"?',
      );
      // The program never ran: no resource was previewed, no policy result was printed.
      expect(r.output).not.toMatch(/FlowLog\s+edge|✅|❌/);
    });

    it("runs what `pulumi policy publish` uploads (npm pack of the pack directory) on its own", async () => {
      const packed = await ok("npm", ["pack", "--json", "--pack-destination", tmp], pack);
      const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")));
      expect(info.files.map((f: { path: string }) => f.path).sort()).toEqual(
        expect.arrayContaining(["PulumiPolicy.yaml", "package.json", "dist/index.js", "dist/policies/index.js"]),
      );
      // Unpacked where Pulumi Cloud would, next to the dependencies its package.json names.
      const unpacked = path.join(program, "published-pack");
      fs.mkdirSync(unpacked);
      await ok("tar", ["-xzf", path.join(tmp, info.filename), "-C", unpacked, "--strip-components=1"], tmp);
      const deps = Object.keys(JSON.parse(fs.readFileSync(path.join(unpacked, "package.json"), "utf8")).dependencies);
      expect(deps.sort()).toEqual(["@pulumi/policy", "@pulumi/pulumi", PACKAGE]);
      const r = await pulumi(program, ["preview", "--policy-pack", "published-pack", "-c", `collectorIp=${PUBLIC_COLLECTOR}`]);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toContain(COLLECTOR_VIOLATION);
    });
  });

  describe("through the examples/github-actions workflow's steps, run locally", () => {
    const WORKFLOW = fs.readFileSync(path.join(REPO, "examples", "github-actions", "preview.yml"), "utf8");
    let workspace: string;
    let infra: string;
    let stack: Stack;
    let policyPack: string;

    beforeAll(async () => {
      workspace = path.join(tmp, "repo");
      infra = newProgram(path.join("repo", "infra"), {
        "Pulumi.yaml": "name: actions-consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
        "package.json": JSON.stringify({ name: "actions-consumer", private: true, main: "index.ts" }),
        "tsconfig.json": JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            module: "commonjs",
            moduleResolution: "node",
            strict: true,
            esModuleInterop: true,
            skipLibCheck: true,
          },
          files: ["index.ts"],
        }),
        "index.ts": flowLogProgram(true),
      });
      // Setup step 2 of examples/github-actions/README.md, then the workflow's `npm ci`.
      for (const line of installLines("examples/github-actions/README.md", /^## Setup$/m))
        await ok("npm", installArgs(line, tarball), infra);
      await ok("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], infra);

      // The workflow's POLICY_PACK, with github.workspace set.
      const line = /^\s*POLICY_PACK:\s*(.+)$/m.exec(WORKFLOW);
      if (!line) throw new Error("preview.yml sets no POLICY_PACK");
      policyPack = line[1].trim().replace("${{ github.workspace }}", workspace);
      expect(policyPack).toBe(path.join(infra, PACK_IN_PROGRAM));

      // pulumi/actions runs the CLI through the Automation API; it wants <root>/bin/pulumi.
      const cliRoot = path.join(tmp, "cli");
      fs.mkdirSync(path.join(cliRoot, "bin"), { recursive: true });
      for (const f of fs.readdirSync(bin)) fs.symlinkSync(path.join(bin, f), path.join(cliRoot, "bin", f));
      const pulumiCommand = await PulumiCommand.get({ root: cliRoot, skipVersionCheck: true });
      const envVars = Object.fromEntries(Object.entries(env(infra)).filter((e): e is [string, string] => e[1] !== undefined));
      stack = await LocalWorkspace.createOrSelectStack(
        { stackName: "dev", workDir: infra },
        { pulumiCommand, envVars, pulumiHome: envVars.PULUMI_HOME },
      );
    });

    it("installs no ts-node (the workflow's setup does not), so the pack runs without one", () => {
      expect(fs.existsSync(path.join(infra, "node_modules", "ts-node"))).toBe(false);
      expect(WORKFLOW).toMatch(/policyPacks: \|\n\s+\$\{\{ env\.POLICY_PACK \}\}/);
    });

    it("passes a compliant stack", async () => {
      emulator.clearJournal();
      const r = await stack.preview({ policyPacks: [policyPack], diff: true });
      // The --diff display lists the packs that ran in a table instead of the ✅ header.
      expect(r.stdout).toMatch(
        new RegExp(
          `Policy Packs run:\\s+Name\\s+Version\\s+` +
            `alicloud-traffic-policies\\|local\\|\\S*/pulumi-alicloud-traffic/policy-pack\\s+${root.version.replace(/\./g, "\\.")}`,
        ),
      );
      expect(r.stdout).not.toMatch(/\[mandatory\]|\[advisory\]/);
      expect(r.stdout).toMatch(/\+ pulumi-nodejs:dynamic\/sag:FlowLog: \(create\)\s+\[urn=\S+::edge\]/);
      expect(actions(emulator)).toEqual([]);
    });

    it("fails a violating stack with the policy's message (what the PR comment shows)", async () => {
      await stack.setConfig("collectorIp", { value: PUBLIC_COLLECTOR });
      const error: Error = await stack.preview({ policyPacks: [policyPack], diff: true }).then(
        () => {
          throw new Error("the violating preview succeeded");
        },
        (e: Error) => e,
      );
      expect(error.message).toContain("error: preview failed");
      expect(error.message).toMatch(
        new RegExp(
          `${PACK_HEADER.replace(/\./g, "\\.")} \\[mandatory\\].*` +
            `flowlog-private-netflow-collector\\s+\\(pulumi-nodejs:dynamic/sag:FlowLog: edge\\)`,
        ),
      );
      expect(error.message).toContain(COLLECTOR_VIOLATION);
    });
  });
});
