/**
 * What users install: `npm pack` the repo, install the tarball into a fresh TypeScript program
 * outside the repo tree (so nothing resolves from <repo>/node_modules), then preview and deploy it
 * through the real engine against the emulator. Checks the tarball's file list, that preview makes
 * no API call, that the policy pack shipped in the package runs from node_modules (the layout the
 * GitHub Actions example uses), and that the state stores the provider as a `require` of the
 * installed package.
 *
 * Needs dist/ (npm test builds it) and the npm registry or a warm npm cache.
 */
import { exec } from "../support/exec";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO, RunResult, engineBinDir, resourcesOfType } from "../support/pulumi";
import { Emulator, actions, providerEnv, startTestEmulator } from "../support/emulatorEnv";

jest.setTimeout(600_000);

const FLOW_LOG = "pulumi-nodejs:dynamic/sag:FlowLog";
const MIRROR = "pulumi-nodejs:dynamic/vpc:TrafficMirrorService";
const STACK = "packed";

/** Versions of the repo's own toolchain, so the program type-checks the way the examples do. */
const devDeps: Record<string, string> = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).devDependencies;
const INSTALL = [
  `@pulumi/pulumi@${devDeps["@pulumi/pulumi"]}`,
  `@pulumi/policy@${devDeps["@pulumi/policy"]}`,
  `typescript@${devDeps.typescript}`,
  `ts-node@${devDeps["ts-node"]}`,
  `@types/node@${devDeps["@types/node"]}`,
];

const PROGRAM: Record<string, string> = {
  "Pulumi.yaml": ["name: packed-consumer", "runtime:", "  name: nodejs", "  options:", "    typescript: true", ""].join("\n"),
  "tsconfig.json": JSON.stringify(
    {
      compilerOptions: {
        target: "ES2022",
        module: "commonjs",
        moduleResolution: "node",
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        types: ["node"],
      },
      files: ["index.ts"],
    },
    null,
    2,
  ),
  "index.ts": `import { sag, vpc } from "pulumi-alicloud-traffic";

const mirror = new vpc.TrafficMirrorService("mirror", { region: "cn-hangzhou" });
const flowLog = new sag.FlowLog("packed", {
  outputType: "sls",
  slsRegionId: "cn-shanghai",
  projectName: "netlogs",
  logstoreName: "packed",
  smartAgIds: ["sag-demohangzhou000001"],
});

export const flowLogId = flowLog.flowLogId;
export const flowLogStatus = flowLog.status;
export const mirroringEnabled = mirror.enabled;
`,
};

describe("the packed tarball, installed into a program outside the repo", () => {
  let root: string;
  let programDir: string;
  let tarball: string;
  let packedFiles: string[];
  let emulator: Emulator;

  /** `pulumi <args>` in the program dir, with the same offline conventions as test/support/pulumi.ts. */
  async function pulumi(args: string[]): Promise<RunResult> {
    const bin = await engineBinDir();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      PULUMI_HOME: path.join(root, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      ALICLOUD_TRAFFIC_STATE_DIR: path.join(root, "provider-state"),
      ...providerEnv(emulator),
    };
    delete env.NODE_OPTIONS;
    delete env.JEST_WORKER_ID;
    const started = Date.now();
    const r = await exec(path.join(bin, "pulumi"), [...args, "--non-interactive", "--color", "never"], programDir, env, 300_000);
    const result = { ...r, output: r.stdout + r.stderr, ms: Date.now() - started };
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${result.output}`);
    return result;
  }

  beforeAll(async () => {
    const built = path.join(REPO, "dist", "provider", "index.js");
    if (!fs.existsSync(built)) {
      throw new Error(
        `${path.dirname(built)} is missing: run \`npm run build\` before this test ` +
          `(\`npm test\` builds first); npm pack ships dist/ as it is.`,
      );
    }
    root = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-traffic-packed-"));
    programDir = path.join(root, "program");
    for (const dir of ["pack", "program", "home", "state", "provider-state"]) fs.mkdirSync(path.join(root, dir));

    const packed = await exec("npm", ["pack", "--json", "--pack-destination", path.join(root, "pack")], REPO);
    if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stdout}${packed.stderr}`);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")));
    tarball = path.join(root, "pack", info.filename);
    packedFiles = info.files.map((f: { path: string }) => f.path);

    for (const [rel, content] of Object.entries(PROGRAM)) fs.writeFileSync(path.join(programDir, rel), content);
    fs.writeFileSync(
      path.join(programDir, "package.json"),
      JSON.stringify({ name: "packed-consumer", private: true, main: "index.ts" }, null, 2),
    );
    const install = await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, ...INSTALL], programDir);
    if (install.code !== 0) throw new Error(`npm install of the tarball failed:\n${install.stdout}${install.stderr}`);

    emulator = await startTestEmulator();
    await pulumi(["stack", "init", STACK]);
  });

  afterAll(async () => {
    await emulator?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it("ships the provider shims and the emulator, and no tests or scratch files", () => {
    expect(fs.existsSync(tarball)).toBe(true);
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        "package.json",
        "dist/provider/index.js",
        "dist/provider/index.d.ts",
        "dist/provider/shims/sagFlowLog.js",
        "dist/provider/shims/vpcTrafficMirrorService.js",
        "dist/emulator/cli.js",
        "policy-pack/PulumiPolicy.yaml",
        "policy-pack/package.json",
        "policy-pack/dist/index.js",
        // The pages the README links to, for readers of the installed package.
        "docs/resources.md",
        "docs/idempotency.md",
      ]),
    );
    // The pack ships compiled (test/e2e/policyPackInstalled.test.ts runs it): no TypeScript, no tsconfig.
    expect(packedFiles.filter((f) => f.startsWith("policy-pack/") && /\.ts$|tsconfig/.test(f))).toEqual([]);
    const unwanted = packedFiles.filter(
      (f) =>
        /(^|\/)(test|tests|__tests__|\.tmp|\.pulumi-state|node_modules)\//.test(f) || /\.(test|spec)\.[jt]s$/.test(f) || /\.tgz$/.test(f),
    );
    expect(unwanted).toEqual([]);
  });

  it("installs as a real package outside the repo tree", () => {
    expect(path.relative(REPO, programDir).startsWith("..")).toBe(true);
    const installed = path.join(programDir, "node_modules", "pulumi-alicloud-traffic");
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(require.resolve("pulumi-alicloud-traffic", { paths: [programDir] })).toBe(path.join(installed, "dist", "provider", "index.js"));
  });

  it("type-checks under Pulumi's TypeScript template (strict, no skipLibCheck, no esModuleInterop), reaching no zod typing", async () => {
    // The tsconfig `pulumi new typescript` writes: every declaration the package exposes is type-checked.
    const template = {
      compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: false,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
      },
      files: ["index.ts"],
    };
    fs.writeFileSync(path.join(programDir, "tsconfig.template.json"), JSON.stringify(template, null, 2));
    const tsc = path.join(programDir, "node_modules", ".bin", "tsc");
    const r = await exec(tsc, ["-p", "tsconfig.template.json", "--noEmit", "--listFiles"], programDir);
    expect(r.stdout.split("\n").filter((l) => /error TS/.test(l))).toEqual([]);
    expect(r.code).toBe(0);
    // The public declarations never reach zod's (whose locale typings need esModuleInterop in some setups).
    expect(r.stdout.split("\n").filter((l) => /[\\/]zod[\\/]/.test(l))).toEqual([]);
    expect(r.stdout).toMatch(/pulumi-alicloud-traffic[\\/]dist[\\/]provider[\\/]index\.d\.ts/);
  });

  it("previews a FlowLog and a TrafficMirrorService without a single API call", async () => {
    emulator.clearJournal();
    const r = await pulumi(["preview"]);
    expect(r.stdout).toMatch(/\+\s+pulumi-nodejs:dynamic\/sag:FlowLog\s+packed\s+create/);
    expect(r.stdout).toMatch(/\+\s+pulumi-nodejs:dynamic\/vpc:TrafficMirrorService\s+mirror\s+create/);
    // The stack, these two and whatever the provider adds of its own (its count is for the provider tests).
    expect(r.stdout).toMatch(/\+ \d+ to create/);
    expect(actions(emulator)).toEqual([]);
  });

  it("previews with the policy pack shipped in the package, as examples/github-actions does", async () => {
    const pack = path.join(programDir, "node_modules", "pulumi-alicloud-traffic", "policy-pack");
    emulator.clearJournal();
    const r = await pulumi(["preview", "--policy-pack", pack, "--policy-pack-config", path.join(pack, "policy-config.example.json")]);
    expect(r.stdout).toMatch(/alicloud-traffic-policies@v0\.1\.0/);
    expect(r.output).not.toMatch(/mandatory|advisory/);
    // The stack, these two and whatever the provider adds of its own (its count is for the provider tests).
    expect(r.stdout).toMatch(/\+ \d+ to create/);
    expect(actions(emulator)).toEqual([]);
  });

  it("deploys, and the state requires the provider from the installed package by name", async () => {
    await pulumi(["up", "--yes", "--skip-preview"]);
    expect(emulator.state().flowLogs).toHaveLength(1);
    const state = JSON.parse((await pulumi(["stack", "export"])).stdout);
    for (const [type, shim] of [
      [FLOW_LOG, "sagFlowLog"],
      [MIRROR, "vpcTrafficMirrorService"],
    ]) {
      const [res] = resourcesOfType(state, type);
      for (const provider of [res.inputs.__provider, res.outputs.__provider] as string[]) {
        expect(provider).toMatch(new RegExp(`require\\("pulumi-alicloud-traffic/dist/provider/shims/${shim}(\\.js)?"\\)`));
        // Nothing from the machine that deployed it: no absolute paths into the program or the repo.
        expect(provider).not.toContain(root);
        expect(provider).not.toContain(REPO);
        expect(Buffer.byteLength(provider)).toBeLessThanOrEqual(1024);
      }
    }
    const outputs = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout);
    expect(outputs).toMatchObject({ flowLogStatus: "Active", mirroringEnabled: true });
    expect(outputs.flowLogId).toMatch(/^fl-/);
  });

  it("destroys what it deployed", async () => {
    await pulumi(["destroy", "--yes"]);
    expect(emulator.state().flowLogs).toHaveLength(0);
  });
});
