/**
 * Org policy over everything a stack deploys: a program that declares its flow logs, VPCs and
 * traffic mirroring with the bridged `@pulumi/alicloud` types (by their real type tokens, served
 * offline by the test-only stand-in plugin, test/support/alicloudStandIn) runs through the real
 * engine with the pack installed from the packed tarball, as an org installs it:
 *
 * - a preview fails on each bridged violation with the bridged prop names, names the uncovered VPC
 *   (`vpc-flowlog-coverage`), and makes no create;
 * - an up with the org config passes, with the uncovered VPC exempted and the exemption's reason in
 *   the output;
 * - audit mode: `pulumi policy analyze` on the stack (both legs) and on the exported state file
 *   (`--file`, engine >= 3.249, detected from the engine; on 3.248 the test asserts that the flag is
 *   missing and that the stack form covers the same cases): a secret the file form cannot decrypt
 *   is never a violation and is named in one advisory note; drift in the outputs is reported by
 *   `deployed-state`.
 *
 * One program, stack and install for the file; needs `npm run build` (the tarball ships
 * policy-pack/dist as built) and the npm registry or a warm npm cache.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Exec, exec } from "../support/exec";
import { REPO, RunResult, engineInfo } from "../support/pulumi";
import { AlicloudStandIn, installAlicloudStandIn } from "../support/alicloudStandIn";

jest.setTimeout(600_000);

const root = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const devDeps: Record<string, string> = root.devDependencies;
const PACK = path.join("node_modules", "pulumi-alicloud-traffic", "policy-pack");
const PACK_HEADER = `alicloud-traffic-policies@v${root.version}`;
const PASSPHRASE = "bridged-e2e-passphrase";

const T = {
  network: "alicloud:vpc/network:Network",
  flowLog: "alicloud:vpc/flowLog:FlowLog",
  sagFlowLog: "alicloud:sag/smartagFlowLog:SmartagFlowLog",
  filter: "alicloud:vpc/trafficMirrorFilter:TrafficMirrorFilter",
  ingressRule: "alicloud:vpc/trafficMirrorFilterIngressRule:TrafficMirrorFilterIngressRule",
  egressRule: "alicloud:vpc/trafficMirrorFilterEgressRule:TrafficMirrorFilterEgressRule",
  session: "alicloud:vpc/trafficMirrorSession:TrafficMirrorSession",
};

/**
 * The program, as `@pulumi/alicloud` would register it (each output-only prop seeded as undefined),
 * shaped by stack config: two VPCs, one with a flow log of all its traffic; a SAG flow log whose
 * NetFlow collector is a secret; a mirror filter whose rules are resources of their own; a session.
 */
const ORG_POLICY = {
  "vpc-flowlog-aggregation-interval": { maxAggregationInterval: 5 },
  "mirror-session-allowed-targets": { allowedTargetTypes: ["SLB"] },
  "vpc-flowlog-sls-destination": { allowedProjectNames: ["flowlogs"] },
  "allowed-regions": { allowedRegions: ["cn-shanghai"] },
  "policy-exemptions": {
    exemptions: [{ resource: "vpc-uncovered", policy: "vpc-flowlog-coverage", reason: "covered by the network team's stack (NET-42)" }],
  },
};

const PROGRAM: Record<string, string> = {
  "Pulumi.yaml": "name: bridged-policy-e2e\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
  "package.json": JSON.stringify({ name: "bridged-policy-e2e", private: true, main: "index.js" }),
  "index.js": `"use strict";
const pulumi = require("@pulumi/pulumi");
const cfg = new pulumi.Config();
const res = (token, name, props, opts) => new pulumi.CustomResource(token, name, props, opts);
const vpc = (name) => res("${T.network}", name, { vpcName: name, cidrBlock: "10.4.0.0/16", status: undefined, regionId: undefined });
const covered = vpc("vpc-covered");
const uncovered = vpc("vpc-uncovered");
const flowLog = (name, vpc, props) =>
  res("${T.flowLog}", name, {
    flowLogName: name,
    resourceType: "VPC",
    resourceId: vpc.id,
    trafficType: "All",
    projectName: "flowlogs",
    logStoreName: "vpc",
    aggregationInterval: "1",
    status: undefined,
    flowLogId: undefined,
    businessStatus: undefined,
    regionId: undefined,
    ...props,
  });
flowLog("covered-all", covered, { aggregationInterval: cfg.get("interval") || "1" });
if (cfg.get("uncoveredTrafficType")) flowLog("uncovered-part", uncovered, { trafficType: cfg.get("uncoveredTrafficType") });
if (cfg.getBoolean("oursCovers")) {
  // This package's vpc.FlowLog covers a bridged VPC just as well (preview only: no API call).
  const { vpc } = require("pulumi-alicloud-traffic");
  new vpc.FlowLog("ours-uncovered", { region: "cn-shanghai", resourceType: "VPC", resourceId: uncovered.id, projectName: "flowlogs", logStoreName: "vpc" });
}
res("${T.sagFlowLog}", "edge", {
  flowLogName: "edge",
  outputType: "netflow",
  netflowServerIp: pulumi.secret(cfg.get("collectorIp") || "10.0.0.5"),
  netflowServerPort: 9995,
  netflowVersion: "V9",
  status: undefined,
});
const filter = res("${T.filter}", "tap-filter", { trafficMirrorFilterName: "tap", status: undefined });
res("${T.ingressRule}", "in-https", {
  trafficMirrorFilterId: filter.id,
  priority: 1,
  protocol: "TCP",
  action: "accept",
  sourceCidrBlock: "0.0.0.0/0",
  destinationCidrBlock: "0.0.0.0/0",
  destinationPortRange: "443/443",
  status: undefined,
});
res("${T.egressRule}", "out-peer", {
  trafficMirrorFilterId: filter.id,
  priority: 1,
  protocol: "ALL",
  action: "accept",
  sourceCidrBlock: "0.0.0.0/0",
  destinationCidrBlock: cfg.get("egressPeer") || "10.1.0.0/16",
  status: undefined,
});
res("${T.session}", "tap", {
  trafficMirrorSessionName: "tap",
  trafficMirrorSourceIds: ["eni-j6c2fp57q8rr47rp"],
  trafficMirrorTargetId: cfg.get("target") || "lb-bp1o94dp5i6earr9g6d1l",
  trafficMirrorTargetType: cfg.get("targetType") || "SLB",
  trafficMirrorFilterId: filter.id,
  priority: 1,
  packetLength: 1500,
  status: undefined,
});
`,
  // The org's config: aggregation at most every 5 minutes, mirror only to SLB, flow logs only into
  // the audit project, every flow log in cn-shanghai; the VPC covered by another stack exempted.
  "org-policy.json": JSON.stringify(ORG_POLICY),
  // The same, and NetFlow only to the collector subnet 10.9.0.0/16.
  "strict.json": JSON.stringify({ ...ORG_POLICY, "flowlog-private-netflow-collector": { allowedCidrs: ["10.9.0.0/16"] } }),
  // An audit: the same, and findings in the outputs fail the run too.
  "audit.json": JSON.stringify({ ...ORG_POLICY, "deployed-state": "mandatory" }),
};

/**
 * `[mandatory] ... <policy>  (<type>: <name>)`, how the engine heads each finding. Engines after
 * 3.248 show the type token shortened, as in the resource list (`alicloud:vpc:FlowLog`).
 */
const finding = (level: string, policy: string, type: string, name: string) => {
  const [pkg, mod, typeName] = type.split(":");
  const [module, file] = mod.split("/");
  const shown = `${pkg}:${module}(?:/${file})?:${typeName}`;
  return new RegExp(`\\[${level}\\].*\\b${policy}\\s+\\(${shown}: ${name}\\)`);
};

const semver = (v: string) => v.split(".").map(Number);
const atLeast = (v: string, min: string) => {
  const [a, b] = [semver(v), semver(min)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
};

/** Keeps a command's output for a reader (POLICY_E2E_CAPTURE=<dir>), e.g. to quote it in docs. */
function capture(name: string, output: string): void {
  const dir = process.env.POLICY_E2E_CAPTURE;
  if (dir) fs.writeFileSync(path.join(dir, `${name}.txt`), output);
}

async function ok(cmd: string, args: string[], cwd: string): Promise<Exec> {
  const r = await exec(cmd, args, cwd);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${r.stdout}${r.stderr}`);
  return r;
}

describe("the policy pack over a stack of @pulumi/alicloud resources", () => {
  let tmp: string;
  let program: string;
  let bin: string;
  let engine: string;
  let standIn: AlicloudStandIn;
  const env: Record<string, string | undefined> = {};

  async function pulumi(args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<RunResult> {
    const started = Date.now();
    const e: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, ...env, ...extraEnv };
    for (const [k, v] of Object.entries(e)) if (v === undefined) delete e[k];
    delete e.NODE_OPTIONS;
    delete e.JEST_WORKER_ID;
    const r = await exec(path.join(bin, "pulumi"), [...args, "--non-interactive", "--color", "never"], program, e, 300_000);
    return { ...r, output: r.stdout + r.stderr, ms: Date.now() - started };
  }
  /** Sets the program's stack config to exactly these keys (others of the program's removed). */
  async function configure(values: Record<string, string>): Promise<void> {
    for (const key of ["interval", "uncoveredTrafficType", "oursCovers", "collectorIp", "egressPeer", "targetType", "target"]) {
      const r = key in values ? await pulumi(["config", "set", key, values[key]]) : await pulumi(["config", "rm", key]);
      if (r.code !== 0 && !/not found|does not exist/i.test(r.output)) throw new Error(r.output);
    }
  }
  const creates = () =>
    standIn
      .calls()
      .filter((c) => c.call === "create")
      .map((c) => c.urn!.split("::").pop());

  beforeAll(async () => {
    if (!fs.existsSync(path.join(REPO, "policy-pack", "dist", "index.js"))) {
      throw new Error("policy-pack/dist is missing: run `npm run build` before this test; the tarball ships it as it is.");
    }
    const info = await engineInfo();
    bin = info.dir;
    engine = info.version;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-traffic-pack-bridged-"));
    // The tarball as npm publishes it; `npm run build` has built what it ships (no prepack here).
    const packed = await ok("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], REPO);
    const [tarball] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")));
    program = path.join(tmp, "program");
    fs.mkdirSync(program);
    for (const [rel, content] of Object.entries(PROGRAM)) fs.writeFileSync(path.join(program, rel), content);
    for (const d of [".home", ".state"]) fs.mkdirSync(path.join(program, d));
    await ok(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        path.join(tmp, tarball.filename),
        `@pulumi/pulumi@${devDeps["@pulumi/pulumi"]}`,
        `@pulumi/policy@${devDeps["@pulumi/policy"]}`,
      ],
      program,
    );
    Object.assign(env, {
      PULUMI_HOME: path.join(program, ".home"),
      PULUMI_BACKEND_URL: `file://${path.join(program, ".state")}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    });
    standIn = installAlicloudStandIn({ pulumiHome: env.PULUMI_HOME!, logDir: tmp, env }, { log: true });
    for (const args of [
      ["stack", "init", "dev"],
      ["config", "set", "alicloud:region", "cn-shanghai"],
    ]) {
      const r = await pulumi(args);
      if (r.code !== 0) throw new Error(r.output);
    }
  });

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("fails a preview on the bridged resources' violations, by their own prop names, and creates nothing", async () => {
    await configure({
      interval: "10",
      uncoveredTrafficType: "Drop",
      collectorIp: "203.0.113.10",
      egressPeer: "0.0.0.0/0",
      targetType: "NetworkInterface",
      target: "eni-bp1d6ts0tfmaymzlvy7u",
    });
    standIn.clearCalls();
    const r = await pulumi(["preview", "--policy-pack", PACK, "--policy-pack-config", "org-policy.json"]);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain(`❌ ${PACK_HEADER}`);
    expect(r.output).toMatch(finding("mandatory", "vpc-flowlog-aggregation-interval", T.flowLog, "covered-all"));
    expect(r.output).toContain(
      'alicloud.vpc.FlowLog "covered-all": aggregationInterval 10 is outside the allowed range 1 to 5 minutes ' +
        "(policy config; the API allows 1 to 10)",
    );
    expect(r.output).toMatch(finding("mandatory", "vpc-flowlog-traffic-type", T.flowLog, "uncovered-part"));
    expect(r.output).toContain('alicloud.vpc.FlowLog "uncovered-part": trafficType "Drop" is not allowed: record "All"');
    // The secret collector is visible to the pack in a preview, and judged.
    expect(r.output).toMatch(finding("mandatory", "flowlog-private-netflow-collector", T.sagFlowLog, "edge"));
    expect(r.output).toContain('alicloud.sag.SmartagFlowLog "edge": netflowServerIp "203.0.113.10" is not in an allowed range');
    expect(r.output).toMatch(finding("mandatory", "mirror-session-allowed-targets", T.session, "tap"));
    expect(r.output).toContain(
      'alicloud.vpc.TrafficMirrorSession "tap": target type "NetworkInterface" (trafficMirrorTargetId "eni-bp1d6ts0tfmaymzlvy7u") ' +
        'is not allowed: mirror to one of "SLB" (policy config allowedTargetTypes)',
    );
    // The filter's rules are resources of their own: the stack part of the filter policy, on the first rule resource.
    expect(r.output).toMatch(finding("mandatory", "mirror-filter-no-open-both-directions", T.ingressRule, "in-https"));
    expect(r.output).toContain(
      'alicloud.vpc.TrafficMirrorFilter "tap-filter": both directions accept every address: ' +
        'ingress rule priority 1 (alicloud.vpc.TrafficMirrorFilterIngressRule "in-https") accepts sourceCidrBlock 0.0.0.0/0 and ' +
        'egress rule priority 1 (alicloud.vpc.TrafficMirrorFilterEgressRule "out-peer") accepts destinationCidrBlock 0.0.0.0/0.',
    );
    // Coverage: the exemption is for vpc-uncovered, so without it (no org config) only ... see the next test; here it is exempted.
    expect(r.output).not.toMatch(finding("mandatory", "vpc-flowlog-coverage", T.network, "vpc-uncovered"));
    expect(r.output).toMatch(/error: preview failed/);
    expect(creates()).toEqual([]);
  });

  it("names each uncovered VPC (vpc-flowlog-coverage) in a stack with one covered and one uncovered VPC", async () => {
    await configure({ uncoveredTrafficType: "Drop" });
    const r = await pulumi(["preview", "--policy-pack", PACK]);
    expect(r.code).not.toBe(0);
    const coverage = r.output.split("\n").filter((l) => /vpc-flowlog-coverage/.test(l));
    expect(coverage).toHaveLength(1);
    expect(r.output).toMatch(finding("mandatory", "vpc-flowlog-coverage", T.network, "vpc-uncovered"));
    expect(r.output).toContain(
      'alicloud.vpc.Network "vpc-uncovered": no Active flow log with traffic type "All" records this VPC ' +
        '(alicloud.vpc.FlowLog "uncovered-part" records it, but its trafficType is "Drop"): ' +
        'add a vpc.FlowLog (or alicloud.vpc.FlowLog) with resourceType "VPC" and resourceId set to the VPC\'s id, ' +
        "or exempt the VPC (policy-exemptions) if a flow log outside this stack covers it",
    );
    expect(r.output).not.toMatch(/"vpc-covered"/);
    capture("coverage-preview", r.output);
  });

  it("counts this package's vpc.FlowLog as covering a bridged VPC (matched through the property dependency of resourceId)", async () => {
    await configure({ oursCovers: "true" });
    const r = await pulumi(["preview", "--policy-pack", PACK]);
    expect(r.output).toMatch(/\+\s+pulumi-nodejs:dynamic\/vpc:FlowLog\s+ours-uncovered\s+create/);
    expect(r.output).not.toMatch(/vpc-flowlog-coverage|\[mandatory\]/);
    expect(r.code).toBe(0);
  });

  it("deploys the compliant stack with the org config: the exempted VPC's reason is in the output", async () => {
    await configure({});
    standIn.clearCalls();
    const r = await pulumi(["up", "--yes", "--skip-preview", "--policy-pack", PACK, "--policy-pack-config", "org-policy.json"]);
    expect(r.output).not.toMatch(/\[mandatory\]/);
    expect(r.code).toBe(0);
    expect(r.output).toMatch(finding("advisory", "policy-exemptions", T.network, "vpc-uncovered"));
    expect(r.output).toContain(
      'alicloud.vpc.Network "vpc-uncovered": exempted from vpc-flowlog-coverage: ' + "covered by the network team's stack (NET-42)",
    );
    expect(creates()).toHaveLength(8);
  });

  it("audits the stack (`pulumi policy analyze`, both legs): secrets decrypted and judged, no note", async () => {
    const r = await pulumi(["policy", "analyze", "--policy-pack", PACK, "--policy-pack-config", "org-policy.json"]);
    expect(r.output).not.toMatch(/\[mandatory\]|unchecked-values/);
    expect(r.code).toBe(0);
    expect(r.output).toContain("exempted from vpc-flowlog-coverage: covered by the network team's stack (NET-42)");
    // The secret collector is judged: outside a stricter org range it is a violation.
    const strict = await pulumi(["policy", "analyze", "--policy-pack", PACK, "--policy-pack-config", "strict.json"]);
    expect(strict.code).not.toBe(0);
    expect(strict.output).toMatch(finding("mandatory", "flowlog-private-netflow-collector", T.sagFlowLog, "edge"));
    expect(strict.output).toContain(
      'alicloud.sag.SmartagFlowLog "edge": netflowServerIp "10.0.0.5" is not in an allowed range (10.9.0.0/16;',
    );
  });

  describe("audit of an exported state file", () => {
    let stateFile: string;
    const NOTE =
      'alicloud.sag.SmartagFlowLog "edge": not checked: netflowServerIp (flowlog-private-netflow-collector, flowlog-required-output-settings) ' +
      'is a secret this run cannot decrypt ("[secret]"); pulumi policy analyze on the stack itself (with its secrets provider) checks it';

    beforeAll(async () => {
      const exported = await pulumi(["stack", "export"]);
      stateFile = path.join(tmp, "state.json");
      fs.writeFileSync(stateFile, exported.stdout);
    });

    it("`--file` (engine >= 3.249): a secret it cannot decrypt is no violation, and one advisory note names it; on 3.248 the stack form covers it", async () => {
      if (atLeast(engine, "3.249.0")) {
        // No passphrase: the file's secrets cannot be decrypted and reach the pack as "[secret]".
        const r = await pulumi(["policy", "analyze", "--file", stateFile, "--policy-pack", PACK, "--policy-pack-config", "strict.json"], {
          PULUMI_CONFIG_PASSPHRASE: undefined,
          PULUMI_CONFIG_PASSPHRASE_FILE: undefined,
        });
        expect(r.output).toContain(`warning: could not decrypt secrets in ${stateFile}; analyzing with secret values redacted`);
        expect(r.output).not.toMatch(/\[mandatory\]/);
        expect(r.code).toBe(0);
        expect(r.output).toMatch(finding("advisory", "unchecked-values", T.sagFlowLog, "edge"));
        expect(r.output).toContain(NOTE);
        expect(r.output.match(/\] +unchecked-values +\(/g)).toHaveLength(1);
        capture("file-audit", r.output);
      } else {
        // 3.248 has no --file: the same audit is the stack form, which decrypts the secret and judges it (see above).
        const r = await pulumi(["policy", "analyze", "--file", stateFile, "--policy-pack", PACK]);
        expect(r.code).not.toBe(0);
        expect(r.output).toMatch(/unknown flag: --file/);
        const stack = await pulumi(["policy", "analyze", "--policy-pack", PACK, "--policy-pack-config", "strict.json"]);
        expect(stack.output).not.toMatch(/unchecked-values|\[secret\]/);
        expect(stack.output).toContain('netflowServerIp "10.0.0.5" is not in an allowed range (10.9.0.0/16;');
      }
    });

    it("reports drift in the outputs (deployed-state): a flow log paused outside Pulumi, on the file and on the stack", async () => {
      const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
      const flowLog = state.deployment.resources.find(
        (r: { type: string; urn: string }) => r.type === T.flowLog && r.urn.endsWith("::covered-all"),
      );
      flowLog.outputs.status = "Inactive";
      const drifted = path.join(tmp, "drifted.json");
      fs.writeFileSync(drifted, JSON.stringify(state));
      const message =
        'alicloud.vpc.FlowLog "covered-all": status is "Inactive", so it records no traffic: set status to "Active" or remove the flow log ' +
        "(in the deployed state, the resource's outputs: flowlog-status-active)";
      if (atLeast(engine, "3.249.0")) {
        const r = await pulumi(["policy", "analyze", "--file", drifted, "--policy-pack", PACK, "--policy-pack-config", "audit.json"]);
        expect(r.code).not.toBe(0);
        expect(r.output).toMatch(finding("mandatory", "deployed-state", T.flowLog, "covered-all"));
        expect(r.output).toContain(message);
      }
      await pulumi(["stack", "import", "--file", drifted]).then((r) => expect(r.code).toBe(0));
      const r = await pulumi(["policy", "analyze", "--policy-pack", PACK, "--policy-pack-config", "audit.json"]);
      expect(r.code).not.toBe(0);
      expect(r.output).toMatch(finding("mandatory", "deployed-state", T.flowLog, "covered-all"));
      expect(r.output).toContain(message);
      // The inputs still say Active: the resource policy itself reports nothing.
      expect(r.output).not.toMatch(finding("advisory", "flowlog-status-active", T.flowLog, "covered-all"));
    });
  });
});
