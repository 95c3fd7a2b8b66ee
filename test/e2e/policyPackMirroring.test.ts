/**
 * The pack's traffic-mirroring stack policy through the real engine: a preview of a filter and a
 * session with no vpc.TrafficMirrorService in the stack fails on `mirror-session-service-in-stack`,
 * on the session, with a message that names the region and the fix; with the service declared the
 * same preview passes. Preview makes no API call (the emulator only gives the provider endpoints).
 */
import * as fs from "fs";
import * as path from "path";
import { REPO, Workspace } from "../support/pulumi";
import { Emulator, actions, providerEnv, startTestEmulator } from "../support/emulatorEnv";

jest.setTimeout(120_000);

const PACK = path.join(REPO, "policy-pack");
const PACK_VERSION = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8")).version as string;
const SESSION = "pulumi-nodejs:dynamic/vpc:TrafficMirrorSession";

const PROGRAM: Record<string, string> = {
  "Pulumi.yaml": "name: policy-pack-mirroring-e2e\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
  "package.json": JSON.stringify({ name: "policy-pack-mirroring-e2e", private: true, main: "index.js" }),
  "index.js": `"use strict";
const pulumi = require("@pulumi/pulumi");
const { vpc } = require("pulumi-alicloud-traffic");
const cfg = new pulumi.Config();
const dependsOn = cfg.getBoolean("withService") ? [new vpc.TrafficMirrorService("mirror", {})] : [];
// Open inbound only (HTTPS from anywhere); outbound only to 10.1.0.0/16.
const filter = new vpc.TrafficMirrorFilter("web", {
  ingressRules: [{ priority: 1, protocol: "TCP", action: "accept", destinationPortRange: "443/443" }],
  egressRules: [{ priority: 1, protocol: "ALL", action: "accept", destinationCidrBlock: "10.1.0.0/16" }],
});
new vpc.TrafficMirrorSession("tap", {
  sourceIds: ["eni-j6c2fp57q8rr47rp"],
  targetId: "lb-bp1o94dp5i6earr9g6d1l",
  filterId: filter.trafficMirrorFilterId,
  priority: 1,
  enabled: true,
}, { dependsOn });
`,
};

describe("policy pack: traffic mirroring through the real engine", () => {
  let emulator: Emulator;
  let ws: Workspace;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    ws = new Workspace("policy-pack-mirroring", { files: PROGRAM, env: providerEnv(emulator, "cn-hangzhou") });
    await ws.init();
  });

  afterAll(async () => {
    await emulator?.close();
    ws?.cleanup();
  });

  it("fails a preview whose session has no vpc.TrafficMirrorService for its region, on the session, with the fix", async () => {
    emulator.clearJournal();
    const r = await ws.pulumi(["preview", "--policy-pack", PACK]);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain(`alicloud-traffic-policies@v${PACK_VERSION}`);
    expect(r.output).toMatch(new RegExp(`\\[mandatory\\].*\\bmirror-session-service-in-stack\\s+\\(${SESSION}: tap\\)`));
    expect(r.output).toContain(
      'vpc.TrafficMirrorSession "tap": no vpc.TrafficMirrorService for cn-hangzhou in the stack, so creating the session fails ' +
        "(traffic mirroring is not opened in cn-hangzhou): " +
        'add new vpc.TrafficMirrorService("...", { region: "cn-hangzhou" }) and let the session depend on it',
    );
    // The only violation: the filter is open in one direction only, the target type and packet length are allowed,
    // and the session's filterId (unknown in preview) leads to no "can't run" note.
    expect(r.output.match(/\[mandatory\]/g)).toHaveLength(1);
    expect(r.output).not.toMatch(/can't run/);
    expect(r.output).toMatch(/error: preview failed/);
    expect(actions(emulator)).toEqual([]);
  });

  it("passes the same preview once the stack declares the service", async () => {
    const r = await ws.pulumi(["preview", "--policy-pack", PACK, "-c", "withService=true"]);
    expect(r.output).not.toMatch(/\[mandatory\]|\[advisory\]/);
    expect(r.output).toMatch(/✅ alicloud-traffic-policies@v/);
    expect(r.code).toBe(0);
    expect(actions(emulator)).toEqual([]);
  });
});
