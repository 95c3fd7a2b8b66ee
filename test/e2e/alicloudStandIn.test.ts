/**
 * The test-only stand-in for the `alicloud` provider plugin (test/support/alicloudStandIn) through
 * the real engine: a program declares a bridged VPC and a VPC flow log by their real type tokens
 * (`new pulumi.CustomResource("alicloud:vpc/...")`, no `@pulumi/alicloud`), and preview, up, a
 * no-change preview, an update preview, versioned lookups and destroy all work offline, with the
 * stand-in's ids and outputs in the state. `pulumi policy analyze` (stack form) never starts it.
 *
 * One workspace and stack for the file (each engine command costs seconds); the program is shaped
 * by environment variables passed to single commands.
 */
import * as path from "path";
import { REPO, Workspace, resourcesOfType } from "../support/pulumi";
import { AlicloudStandIn, installAlicloudStandIn } from "../support/alicloudStandIn";

jest.setTimeout(300_000);

const NETWORK = "alicloud:vpc/network:Network";
const FLOW_LOG = "alicloud:vpc/flowLog:FlowLog";
const PACK = path.join(REPO, "policy-pack");
/** How the engine's display shortens the tokens (`alicloud:vpc/network:Network` -> `alicloud:vpc:Network`). */
const SHOWN_NETWORK = "alicloud:vpc:Network";
const SHOWN_FLOW_LOG = "alicloud:vpc:FlowLog";

const PROGRAM: Record<string, string> = {
  "Pulumi.yaml": "name: alicloud-stand-in-e2e\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
  "package.json": JSON.stringify({ name: "alicloud-stand-in-e2e", private: true, main: "index.js" }),
  // As the generated SDK does: inputs, plus each output-only prop seeded as undefined so that the
  // resource object gets an Output for it; `version` only when the test asks for one.
  "index.js": `"use strict";
const pulumi = require("@pulumi/pulumi");
const version = process.env.STAND_IN_E2E_VERSION;
const opts = version ? { version } : {};
const vpc = new pulumi.CustomResource(
  "${NETWORK}",
  "vpc",
  { vpcName: "flow-logs", cidrBlock: "10.4.0.0/16", status: undefined, regionId: undefined },
  opts,
);
const flowLog = new pulumi.CustomResource(
  "${FLOW_LOG}",
  "flow-log",
  {
    flowLogName: "vpc-all",
    description: process.env.STAND_IN_E2E_DESCRIPTION || "all traffic of the VPC",
    resourceType: "VPC",
    resourceId: vpc.id,
    trafficType: "All",
    projectName: "netlogs",
    logStoreName: "vpc",
    aggregationInterval: "1",
    trafficPaths: ["all"],
    status: undefined,
    flowLogId: undefined,
    businessStatus: undefined,
    regionId: undefined,
  },
  opts,
);
exports.vpcId = vpc.id;
exports.flowLogId = flowLog.id;
exports.flowLogStatus = flowLog.status;
exports.flowLogRegion = flowLog.regionId;
`,
};

describe("the alicloud stand-in plugin through the real engine", () => {
  let ws: Workspace;
  let standIn: AlicloudStandIn;
  const starts = () => standIn.calls().filter((c) => c.call === "start");
  const creates = () => standIn.calls().filter((c) => c.call === "create");

  beforeAll(async () => {
    ws = new Workspace("alicloud-stand-in", { files: PROGRAM });
    // Two versions: an unversioned program gets the highest, a versioned one exactly its own.
    standIn = installAlicloudStandIn(ws, { versions: ["3.105.0", "3.106.0"], log: true });
    await ws.init({ "alicloud:region": "cn-shanghai" });
  });

  afterAll(() => ws?.cleanup());

  it("previews the bridged resources without creating anything", async () => {
    const r = await ws.ok(["preview"]);
    expect(r.output).toMatch(new RegExp(String.raw`\+\s+${SHOWN_NETWORK}\s+vpc\s+create`));
    expect(r.output).toMatch(new RegExp(String.raw`\+\s+${SHOWN_FLOW_LOG}\s+flow-log\s+create`));
    expect(r.output).not.toMatch(/warning/i);
    expect(starts().map((s) => s.version)).toEqual(["3.106.0"]);
    expect(creates()).toEqual([]);
  });

  it("creates them with the stand-in's ids and outputs; the state holds both", async () => {
    standIn.clearCalls();
    await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(creates().map((c) => c.urn!.split("::").pop())).toEqual(["vpc", "flow-log"]);

    const state = await ws.exportState();
    const [vpc] = resourcesOfType(state, NETWORK);
    const [flowLog] = resourcesOfType(state, FLOW_LOG);
    expect(vpc.id).toMatch(/^vpc-[a-z0-9]{22}$/);
    expect(vpc.outputs).toMatchObject({ vpcName: "flow-logs", cidrBlock: "10.4.0.0/16", status: "Available", regionId: "cn-shanghai" });
    expect(flowLog.id).toMatch(/^fl-[a-z0-9]{20}$/);
    expect(flowLog.inputs.resourceId).toBe(vpc.id);
    expect(flowLog.outputs).toMatchObject({
      resourceId: vpc.id,
      flowLogName: "vpc-all",
      aggregationInterval: "1",
      status: "Active",
      businessStatus: "Normal",
      flowLogId: flowLog.id,
      regionId: "cn-shanghai",
    });
    expect(flowLog.dependencies).toContain(vpc.urn);
    // The default provider holds the region (what a policy reads as args.provider.props.region).
    const [provider] = resourcesOfType(state, "pulumi:providers:alicloud");
    expect(provider.inputs.region).toBe("cn-shanghai");
    expect(flowLog.provider).toBe(`${provider.urn}::${provider.id}`);

    expect(await ws.outputs()).toEqual({
      vpcId: vpc.id,
      flowLogId: flowLog.id,
      flowLogStatus: "Active",
      flowLogRegion: "cn-shanghai",
    });
  });

  it("previews no changes on a second run, and an update (not a replacement) when an input changes", async () => {
    standIn.clearCalls();
    const same = await ws.ok(["preview", "--expect-no-changes"]);
    expect(same.output).toMatch(/3 unchanged/);

    standIn.clearCalls();
    const changed = await ws.ok(["preview"], { STAND_IN_E2E_DESCRIPTION: "only the VPC's rejected traffic" });
    expect(changed.output).toMatch(new RegExp(String.raw`~\s+${SHOWN_FLOW_LOG}\s+flow-log\s+update\s+\[diff: ~description\]`));
    expect(changed.output).not.toMatch(/replace/);
    expect(standIn.calls().filter((c) => c.call === "diff" && c.changed!.length > 0)).toEqual([
      expect.objectContaining({ urn: expect.stringContaining("flow-log"), changed: ["description"] }),
    ]);
  });

  it("is found when the program asks for a provider version it has, and fails without download when not", async () => {
    standIn.clearCalls();
    // The default provider becomes `default_3_105_0`; the resources stay as they are.
    const versioned = await ws.ok(["preview"], { STAND_IN_E2E_VERSION: "3.105.0" });
    expect(versioned.output).toMatch(/3 unchanged/);
    expect(starts().map((s) => s.version)).toEqual(["3.105.0"]);

    standIn.clearCalls();
    const missing = await ws.pulumi(["preview"], { STAND_IN_E2E_VERSION: "3.999.0" });
    expect(missing.code).not.toBe(0);
    expect(missing.output).toMatch(/no resource plugin 'pulumi-resource-alicloud' found in the workspace at version v3\.999\.0/);
    expect(starts()).toEqual([]);
  });

  it("`pulumi policy analyze` checks the stack's state without starting the stand-in", async () => {
    standIn.clearCalls();
    const r = await ws.pulumi(["policy", "analyze", "--policy-pack", PACK]);
    expect(r.code).toBe(0);
    expect(r.output).toMatch(/✅ alicloud-traffic-policies@v/);
    expect(r.output).not.toMatch(/\[mandatory\]/);
    expect(standIn.calls()).toEqual([]);
  });

  it("destroys both", async () => {
    standIn.clearCalls();
    await ws.ok(["destroy", "--yes", "--skip-preview"]);
    expect(
      standIn
        .calls()
        .filter((c) => c.call === "delete")
        .map((c) => c.urn!.split("::").pop()),
    ).toEqual(["flow-log", "vpc"]);
    const state = await ws.exportState();
    expect([...resourcesOfType(state, NETWORK), ...resourcesOfType(state, FLOW_LOG)]).toEqual([]);
  });
});
