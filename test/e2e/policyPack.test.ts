/**
 * The CrossGuard pack (policy-pack/) through the real engine and the emulator: a violating
 * preview fails and names policy and resource, a config that relaxes the bound lets it pass, a
 * mandatory violation stops `up` before any API call, remediation changes what is created, and
 * `pulumi policy analyze` flags a deployed stack once a stricter org config applies.
 *
 * One workspace and stack for the whole file (each engine command costs seconds); the program is
 * shaped by stack config (`-c key=value`, saved to the stack by the command that sets it).
 */
import * as fs from "fs";
import * as path from "path";
import { REPO, Workspace } from "../support/pulumi";
import { Emulator, actions, providerEnv, startTestEmulator } from "../support/emulatorEnv";

jest.setTimeout(600_000);

const PACK = path.join(REPO, "policy-pack");
const PACK_VERSION = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8")).version as string;
const FLOW_LOG = "pulumi-nodejs:dynamic/sag:FlowLog";
const SAG = "sag-demohangzhou000001";

const PROGRAM: Record<string, string> = {
  "Pulumi.yaml": "name: policy-pack-e2e\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
  "package.json": JSON.stringify({ name: "policy-pack-e2e", private: true, main: "index.js" }),
  "index.js": `"use strict";
const pulumi = require("@pulumi/pulumi");
const { sag, vpc } = require("pulumi-alicloud-traffic");
const cfg = new pulumi.Config();
const sags = cfg.getObject("sags") || {};
if (cfg.getBoolean("withUnknowns")) {
  // Inputs that come from another resource's outputs are unknown during preview (clientToken
  // is only known once the create has run; enabled and region are known from the inputs).
  const mirror = new vpc.TrafficMirrorService("mirror", {});
  new sag.FlowLog("fl-late", {
    outputType: mirror.clientToken.apply(() => "netflow"),
    netflowServerIp: mirror.clientToken.apply(() => "8.8.8.8"),
    activeAging: mirror.clientToken.apply(() => 30),
  });
}
for (let i = 0; i < 2; i++) {
  new sag.FlowLog("fl-" + i, {
    outputType: "all",
    activeAging: cfg.getNumber("activeAging") || 300,
    inactiveAging: 15,
    slsRegionId: "cn-shanghai",
    projectName: "netlogs",
    logstoreName: "sag",
    netflowServerIp: cfg.get("collectorIp") || "10.0.0.5",
    status: cfg.get("status"),
    smartAgIds: sags[i],
  });
}
`,
  // Org config files (relative to the program dir).
  "relax-collectors.json": JSON.stringify({ "flowlog-private-netflow-collector": { allowedCidrs: ["10.0.0.0/8", "203.0.113.0/24"] } }),
  "strict-aging.json": JSON.stringify({ "flowlog-aging-ranges": { maxActiveAging: 1800 } }),
  "remediate-status.json": JSON.stringify({ "flowlog-status-active": "remediate" }),
};

/** The engine's header line for one violation: `- [mandatory] ... <policy>  (<type>: <name>)`. */
const violationLine = (policy: string, name: string) => new RegExp(`\\[mandatory\\].*\\b${policy}\\s+\\(${FLOW_LOG}: ${name}\\)`);

describe("policy pack through the real engine", () => {
  let emulator: Emulator;
  let ws: Workspace;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    ws = new Workspace("policy-pack", { files: PROGRAM, env: providerEnv(emulator) });
    await ws.init();
  });

  afterAll(async () => {
    await emulator?.close();
    ws?.cleanup();
  });

  it("fails a violating preview, naming the pack, each policy and each resource", async () => {
    emulator.clearJournal();
    const r = await ws.pulumi([
      "preview",
      "--policy-pack",
      PACK,
      "-c",
      "collectorIp=203.0.113.10",
      "-c",
      `sags={"0":["${SAG}"],"1":["${SAG}"]}`,
      "-c",
      "withUnknowns=true",
    ]);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain(`alicloud-traffic-policies@v${PACK_VERSION}`);
    // A resource policy, once per flow log ...
    for (const name of ["fl-0", "fl-1"]) {
      expect(r.output).toMatch(violationLine("flowlog-private-netflow-collector", name));
      expect(r.output).toContain(
        `sag.FlowLog "${name}": netflowServerIp "203.0.113.10" is not in an allowed range ` +
          `(10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16; policy config allowedCidrs)`,
      );
    }
    // ... and the stack policy, on the second flow log that lists the SAG.
    expect(r.output).toMatch(violationLine("flowlog-unique-sag-association", "fl-1"));
    expect(r.output).toContain(`SAG "${SAG}" is listed in sag.FlowLog "fl-0" and sag.FlowLog "fl-1"`);
    expect(r.output).toMatch(/error: preview failed/);
    // fl-late's inputs are unknown in preview: no violation and no "can't run policy" note for it, but one
    // advisory note that says which of its values were not checked (pulumi up checks them).
    expect(r.output).toMatch(/\+\s+pulumi-nodejs:dynamic\/sag:FlowLog\s+fl-late\s+create/);
    expect(r.output).not.toMatch(/\[mandatory\].*fl-late\)|can't run/);
    expect(r.output).toMatch(/\[advisory\].*\bunchecked-values\s+\(pulumi-nodejs:dynamic\/sag:FlowLog: fl-late\)/);
    expect(r.output).toContain(
      'sag.FlowLog "fl-late": not checked: activeAging (flowlog-aging-ranges), outputType (flowlog-private-netflow-collector, ' +
        "flowlog-required-output-settings) are not known yet (they come from other resources' outputs); " +
        "pulumi up checks them before it changes the resource",
    );
    expect(actions(emulator)).toEqual([]);
  });

  it("passes once the org config relaxes the collector bound (and the SAG conflict is fixed)", async () => {
    const r = await ws.pulumi([
      "preview",
      "--policy-pack",
      PACK,
      "--policy-pack-config",
      "relax-collectors.json",
      "-c",
      `sags={"0":["${SAG}"]}`,
      "-c",
      "withUnknowns=false",
    ]);
    expect(r.output).not.toMatch(/\[mandatory\]/);
    expect(r.code).toBe(0);
    expect(r.output).toMatch(/✅ alicloud-traffic-policies@v/);
  });

  it("stops `up` on a mandatory violation before any API call", async () => {
    emulator.clearJournal();
    const r = await ws.pulumi([
      "up",
      "--yes",
      "--skip-preview",
      "--policy-pack",
      PACK,
      "--policy-pack-config",
      "strict-aging.json",
      "-c",
      "collectorIp=10.0.0.5",
      "-c",
      "activeAging=3000",
      "-c",
      "withUnknowns=false",
    ]);
    expect(r.code).not.toBe(0);
    // The engine stops at the first invalid resource, whichever of the two registers first.
    expect(r.output).toMatch(violationLine("flowlog-aging-ranges", "fl-[01]"));
    expect(r.output).toMatch(
      new RegExp(
        String.raw`sag\.FlowLog "fl-[01]": activeAging 3000 is outside the allowed range 60 to 1800 seconds ` +
          String.raw`\(policy config; the API allows 60 to 6000\)`,
      ),
    );
    expect(actions(emulator)).toEqual([]);
    expect(emulator.state().flowLogs).toEqual([]);
  });

  it("deploys with remediation: an Inactive flow log is created Active", async () => {
    emulator.clearJournal();
    await ws.ok([
      "up",
      "--yes",
      "--skip-preview",
      "--policy-pack",
      PACK,
      "--policy-pack-config",
      "remediate-status.json",
      "-c",
      "status=Inactive",
    ]);
    const flowLogs = emulator.state().flowLogs;
    expect(flowLogs.map((f) => [f.activeAging, f.status])).toEqual([
      [3000, "Active"],
      [3000, "Active"],
    ]);
    // Created Active; no DeactiveFlowLog was sent.
    expect(actions(emulator)).not.toContain("DeactiveFlowLog");
  });

  it("`pulumi policy analyze` passes the deployed stack, then flags it under a stricter org config", async () => {
    const lenient = await ws.pulumi(["policy", "analyze", "--policy-pack", PACK]);
    expect(lenient.output).not.toMatch(/\[mandatory\]/);
    expect(lenient.code).toBe(0);

    const strict = await ws.pulumi(["policy", "analyze", "--policy-pack", PACK, "--policy-pack-config", "strict-aging.json"]);
    expect(strict.code).not.toBe(0);
    for (const name of ["fl-0", "fl-1"]) {
      expect(strict.output).toMatch(violationLine("flowlog-aging-ranges", name));
      expect(strict.output).toContain(`sag.FlowLog "${name}": activeAging 3000 is outside the allowed range 60 to 1800 seconds`);
    }
  });
});
