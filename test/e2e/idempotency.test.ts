/**
 * The idempotency guarantees of sag.FlowLog under the failures that make creates ambiguous, and
 * the cost of reads at scale, through the real engine. (The full fault matrix, with >= 20 flow
 * logs per run, lives in test/faults and `npm run test:faults`.)
 */
import { Workspace, resourcesOfType } from "../support/pulumi";
import * as fs from "fs";
import * as path from "path";
import { Emulator, actions, outOfBand, providerEnv, startTestEmulator } from "../support/emulatorEnv";
import { idempotencyToken, withMarker } from "../../provider/sag/marker";
import { FLOW_LOG_TYPE } from "../../provider/schema";

/** The create-intent entry the provider writes before CreateFlowLog (provider/sag/createIntents.ts). */
function recordIntent(ws: Workspace, token: string) {
  const dir = path.join(ws.root, "provider-state", "create-intents");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${token}.json`), JSON.stringify({ token }));
}

/** A flow log exactly as the provider would have created it for `token`, sent directly. */
async function outOfBandCreate(emulator: Emulator, token: string) {
  await outOfBand(emulator)(
    "CreateFlowLog",
    { RegionId: "cn-hangzhou", Name: `fl-0-${token.slice(0, 7)}`, Description: withMarker(undefined, token), OutputType: "sls", SlsRegionId: "cn-shanghai", ProjectName: "netlogs", LogstoreName: "sag", ActiveAging: 300, InactiveAging: 15 },
  );
}

jest.setTimeout(900_000);

async function upAndCount(emulator: Emulator, ws: Workspace, count: number) {
  await ws.ok(["up", "--yes", "--skip-preview"]);
  const ids: string[] = (await ws.outputs()).flowLogIds;
  expect(ids).toHaveLength(count);
  const held = emulator.state().flowLogs.map((f) => f.flowLogId).sort();
  // Exactly one flow log per resource: no duplicate, no orphan.
  expect(held).toEqual([...ids].sort());
}

describe("idempotent creates", () => {
  let emulator: Emulator;
  const workspaces: Workspace[] = [];
  beforeEach(async () => {
    emulator = await startTestEmulator({ seed: 7 });
  });
  afterEach(async () => {
    await emulator?.close();
    workspaces.splice(0).forEach((w) => w.cleanup());
  });

  it("adopts its own flow log when the response to a committed CreateFlowLog is lost", async () => {
    const ws = new Workspace("commit-drop", { from: "test/programs/flowlogs", env: { ...providerEnv(emulator), ALICLOUD_TRAFFIC_TIMEOUT_MS: "2000" } });
    workspaces.push(ws);
    await ws.init({ count: "3" });
    emulator.injectFault({ action: "CreateFlowLog", kind: "commit-drop", count: 2 });
    await upAndCount(emulator, ws, 3);
    expect(emulator.faults()[0].injected).toBe(2);
    // Each dropped create was reconciled with a listing, never re-sent blindly.
    expect(actions(emulator).filter((a) => a === "CreateFlowLog")).toHaveLength(3);
  });

  it("succeeds under 30% throttling of every call, with one flow log per resource", async () => {
    const ws = new Workspace("throttle", { from: "test/programs/flowlogs", env: providerEnv(emulator) });
    workspaces.push(ws);
    await ws.init({ count: "10" });
    emulator.injectFault({ action: "*", kind: "throttling", rate: 0.3 });
    await upAndCount(emulator, ws, 10);
    expect(emulator.faults()[0].injected).toBeGreaterThan(0);
  });

  it("never adopts a flow log it did not create, even one with the same name", async () => {
    // Two stacks of the same project create flow logs with identical explicit names.
    const a = new Workspace("same-names-a", { from: "test/programs/flowlogs", env: providerEnv(emulator), stack: "a" });
    const b = new Workspace("same-names-b", { from: "test/programs/flowlogs", env: providerEnv(emulator), stack: "b" });
    workspaces.push(a, b);
    await a.init({ count: "1", namePrefix: "shared" });
    await b.init({ count: "1", namePrefix: "shared" });
    await upAndCount(emulator, a, 1);
    // Make b's create suspect an earlier attempt, so it reconciles before creating.
    const tokenB = idempotencyToken("flowlogs-under-test", "b", FLOW_LOG_TYPE, "fl-0");
    recordIntent(b, tokenB);
    emulator.clearJournal();
    await b.ok(["up", "--yes", "--skip-preview"]);
    expect(actions(emulator)).toEqual(["DescribeFlowLogs", "CreateFlowLog"]);
    const [idA] = (await a.outputs()).flowLogIds;
    const [idB] = (await b.outputs()).flowLogIds;
    expect(idB).not.toBe(idA);
    expect(emulator.state().flowLogs.map((f) => f.name)).toEqual(["shared-0", "shared-0"]);
  });

  it("gives same-named flow logs under different parents different tokens", async () => {
    const program = `
      const pulumi = require("@pulumi/pulumi");
      const { sag } = require("pulumi-alicloud-traffic");
      for (const kind of ["site:Branch", "site:Datacenter"]) {
        const parent = new pulumi.ComponentResource(kind, "hq", {}, {});
        new sag.FlowLog("fl", { outputType: "netflow", netflowServerIp: "10.0.0.5" }, { parent });
      }`;
    const ws = new Workspace("parents", {
      env: providerEnv(emulator),
      files: {
        "Pulumi.yaml": "name: parents\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
        "package.json": '{ "name": "parents", "main": "index.js" }',
        "index.js": program,
      },
    });
    workspaces.push(ws);
    await ws.init();
    await ws.ok(["up", "--yes", "--skip-preview"]);
    const markers = emulator.state().flowLogs.map((f) => /\[pulumi:([0-9a-f]{16})\]/.exec(f.description ?? "")?.[1]);
    expect(markers).toHaveLength(2);
    expect(new Set(markers).size).toBe(2);
    await ws.ok(["destroy", "--yes"]);
  });

  it("adopts the flow log an interrupted up created, instead of making a second one", async () => {
    const ws = new Workspace("interrupted", { from: "test/programs/flowlogs", env: providerEnv(emulator) });
    workspaces.push(ws);
    await ws.init({ count: "1" });
    // What an up killed right after CreateFlowLog leaves: a flow log with our marker, an intent
    // entry, and no resource in the stack.
    const token = idempotencyToken("flowlogs-under-test", "test", FLOW_LOG_TYPE, "fl-0");
    recordIntent(ws, token);
    await outOfBandCreate(emulator, token);
    emulator.clearJournal();
    await upAndCount(emulator, ws, 1);
    expect(actions(emulator)).toEqual(["DescribeFlowLogs"]);
  });
});

describe("reads at scale", () => {
  let emulator: Emulator;
  let ws: Workspace;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    ws = new Workspace("scale", { from: "test/programs/flowlogs", env: providerEnv(emulator) });
    await ws.init({ count: "200" });
  });
  afterAll(async () => {
    await emulator?.close();
    ws?.cleanup();
  });

  it("creates 200 flow logs with 200 calls, then refreshes them with at most 5", async () => {
    emulator.clearJournal();
    await ws.ok(["up", "--yes", "--skip-preview"]);
    expect(actions(emulator)).toHaveLength(200);
    expect(resourcesOfType(await ws.exportState(), "pulumi-nodejs:dynamic/sag:FlowLog")).toHaveLength(200);
    // One refresh pass reads all 200 from one paged listing (4 pages of 50).
    emulator.clearJournal();
    await ws.ok(["refresh", "--yes", "--skip-preview"]);
    const calls = actions(emulator);
    expect(calls.every((a) => a === "DescribeFlowLogs")).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(5);
    // Without --skip-preview, refresh runs a preview pass first (a separate provider process),
    // which lists once more.
    emulator.clearJournal();
    await ws.ok(["refresh", "--yes"]);
    expect(actions(emulator).length).toBeLessThanOrEqual(10);
    emulator.clearJournal();
    await ws.ok(["preview", "--expect-no-changes"]);
    expect(actions(emulator)).toEqual([]);
  });

  it("destroys all 200 with one call each", async () => {
    emulator.clearJournal();
    await ws.ok(["destroy", "--yes"]);
    expect(actions(emulator)).toHaveLength(200);
    expect(emulator.state().flowLogs).toEqual([]);
  });
});
