/**
 * `npm start` as a newcomer runs it, in a temp copy of the repository (its node_modules entries linked):
 * the first run shows the policy pack stopping a public NetFlow collector at preview with 0 API calls,
 * then creates every resource kind of the quickstart and prints what exists; the second run changes
 * nothing and makes no API call; `npm run demo:destroy` removes what the demo made (the two regional
 * services stay open: Alibaba Cloud cannot close them). The emulator's state file is the ground truth.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { exec } from "../support/exec";
import { REPO } from "../support/pulumi";

jest.setTimeout(600_000);

const PKG = "pulumi-alicloud-traffic";
const COPIED = [
  "provider",
  "emulator",
  "policy-pack",
  "scripts",
  "tools",
  "examples/quickstart",
  "Pulumi.yaml",
  "package.json",
  "package-lock.json",
  "toolchain.json",
];

let dir: string;
let env: NodeJS.ProcessEnv;

/** What the emulator persisted (written before each answer is sent). */
const persisted = (): string => fs.readFileSync(path.join(dir, ".pulumi-state", "emulator.json"), "utf8");

async function demo(...args: string[]) {
  const r = await exec(process.execPath, ["scripts/demo.js", ...args], dir, env, 500_000);
  if (r.code !== 0) throw new Error(`demo.js ${args.join(" ")} exited ${r.code}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** The ids the demo's closing summary lists, by kind. */
function summary(out: string) {
  const tail = out.slice(out.indexOf("=== What exists in the emulator"));
  return {
    sagFlowLogs: tail.match(/^SAG flow logs: (\d+)$/m)?.[1],
    vpcFlowLogs: tail.match(/^VPC flow logs: (\d+) \(service enabled in: cn-hangzhou\)$/m)?.[1],
    filters: [...tail.matchAll(/^ {4}filter {2}(tmf-\S+)/gm)].map((m) => m[1]),
    sessions: [...tail.matchAll(/^ {4}session (tms-\S+)/gm)].map((m) => m[1]),
    calls: tail.match(/^API calls this run: (\d+)/m)?.[1],
  };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-"));
  const tsconfigs = fs.readdirSync(REPO).filter((f) => /^tsconfig.*\.json$/.test(f));
  for (const entry of [...COPIED, ...tsconfigs]) {
    fs.cpSync(path.join(REPO, entry), path.join(dir, entry), {
      recursive: true,
      filter: (src) => !src.startsWith(path.join(REPO, "policy-pack", "dist")),
    });
  }
  fs.mkdirSync(path.join(dir, "node_modules"));
  for (const name of fs.readdirSync(path.join(REPO, "node_modules"))) {
    if (!name.startsWith(PKG)) fs.symlinkSync(path.join(REPO, "node_modules", name), path.join(dir, "node_modules", name));
  }
  env = { ...process.env, PULUMI_HOME: path.join(dir, ".pulumi-home") };
  for (const k of [
    "PULUMI_BACKEND_URL",
    "PULUMI_CONFIG_PASSPHRASE",
    "ALICLOUD_REGION",
    "ALICLOUD_SMARTAG_ENDPOINT",
    "ALICLOUD_VPC_ENDPOINT",
  ])
    delete env[k];
});
afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

it("shows a violation stopped at preview, then every resource; the second run changes nothing; demo:destroy removes it", async () => {
  const first = await demo();
  expect(first).toMatch(/flowlog-private-netflow-collector/);
  expect(first).toMatch(/-> Stopped at preview by flowlog-private-netflow-collector \(mandatory\), with 0 API calls/);
  // The violating value never became the stack's config.
  expect(fs.readFileSync(path.join(dir, "Pulumi.demo.yaml"), "utf8")).not.toMatch(/netflowCollector/);
  expect(first).toMatch(/\+ 8 created/);
  const made = summary(first);
  expect(made).toMatchObject({ sagFlowLogs: "1", vpcFlowLogs: "1" });
  expect(made.filters).toHaveLength(1);
  expect(made.sessions).toHaveLength(1);
  expect(Number(made.calls)).toBeGreaterThan(0);
  // What the summary lists is what the emulator persisted.
  const state = persisted();
  for (const id of [...made.filters, ...made.sessions]) expect(state).toContain(id);

  const second = await demo();
  expect(second).toMatch(/-> Stopped at preview by flowlog-private-netflow-collector \(mandatory\), with 0 API calls/);
  expect(second).not.toMatch(/\bcreated\b|\bupdated\b|\breplaced\b|\bdeleted\b/);
  expect(second).toMatch(/8 unchanged/);
  expect(summary(second)).toEqual({ ...made, calls: "0" });

  const destroyed = await demo("--destroy");
  expect(destroyed).toMatch(/- 8 deleted/);
  expect(destroyed).toMatch(/stays enabled|cannot be closed/i);
  const after = summary(destroyed);
  expect(after).toMatchObject({ sagFlowLogs: "0", vpcFlowLogs: "0", filters: [], sessions: [] });
});
