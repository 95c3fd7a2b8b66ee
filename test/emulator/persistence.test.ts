/**
 * Persistence: state survives a clean restart, and a kill -9 in the middle of a burst of concurrent creates
 * loses no flow log whose creation was acknowledged.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { startEmulator } from "../../emulator";
import { NETFLOW_LOG, SLS_LOG, SMARTAG, VPC, call, pop, raw, spawnCli, start, v1Params, v1Request } from "./helpers";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "emu-state-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const HZ = "cn-hangzhou";

describe("restart with the same state file", () => {
  it("keeps flow logs, bindings, statuses, mirror status and ClientTokens", async () => {
    const statePath = path.join(dir, "state.json");
    const first = await start({ statePath });
    const client = pop(first.url, SMARTAG);
    const a = (await call(client, "CreateFlowLog", { RegionId: HZ, Name: "kept", ...SLS_LOG })).FlowLogId;
    const b = (await call(client, "CreateFlowLog", { RegionId: "cn-shanghai", ...NETFLOW_LOG })).FlowLogId;
    await call(client, "AssociateFlowLog", { RegionId: HZ, FlowLogId: a, SmartAGId: "sag-demohangzhou000001" });
    await call(client, "DeactiveFlowLog", { RegionId: "cn-shanghai", FlowLogId: b });
    await call(pop(first.url, VPC), "OpenTrafficMirrorService", { RegionId: HZ, ClientToken: "persisted-token" });
    const before = first.state();
    await first.close();
    expect(JSON.parse(readFileSync(statePath, "utf8")).flowLogs).toHaveLength(2);

    const second = await start({ statePath });
    try {
      expect(second.state()).toEqual(before);
      const listed = await call(pop(second.url, SMARTAG), "DescribeFlowLogs", { RegionId: HZ });
      expect(listed.FlowLogs.FlowLogSetType).toEqual([expect.objectContaining({ FlowLogId: a, Name: "kept", TotalSagNum: 1 })]);
      // The remembered token still replays instead of answering ORDER.OPEND.
      const replay = await call(pop(second.url, VPC), "OpenTrafficMirrorService", { RegionId: HZ, ClientToken: "persisted-token" });
      expect(replay.Code).toBe("200");
      expect((await call(pop(second.url, VPC), "GetTrafficMirrorServiceStatus", { RegionId: HZ })).Enabled).toBe(true);
      expect((await raw(second.url, { path: "/_emulator/health" })).json.persistent).toBe(true);
    } finally {
      await second.close();
    }
  });

  it("reset is persisted too", async () => {
    const statePath = path.join(dir, "state.json");
    const first = await start({ statePath });
    await call(pop(first.url, SMARTAG), "CreateFlowLog", { RegionId: HZ, ...SLS_LOG });
    await first.reset();
    await first.close();
    const second = await start({ statePath });
    expect(second.state().flowLogs).toEqual([]);
    expect(second.state().sags).toHaveLength(17);
    await second.close();
  });

  it("refuses to start on a file that is not an emulator state file (and leaves it alone)", async () => {
    const statePath = path.join(dir, "state.json");
    writeFileSync(statePath, "{ torn");
    await expect(startEmulator({ statePath, log: false })).rejects.toThrow(/not valid JSON/);
    writeFileSync(statePath, JSON.stringify({ hello: "world" }));
    await expect(startEmulator({ statePath, log: false })).rejects.toThrow(/not an emulator state file/);
    expect(readFileSync(statePath, "utf8")).toBe(JSON.stringify({ hello: "world" }));
  });
});

describe("kill -9 during a burst of concurrent creates", () => {
  it.each([1, 2, 3])("loses no acknowledged flow log (round %i)", async (round) => {
    const statePath = path.join(dir, "state.json");
    const cli = await spawnCli(["--port", "0", "--state", statePath, "--quiet", "--flow-log-quota", "100000"]);
    const acked: string[] = [];
    let killed = false;
    const killAfter = 40 + round * 25;

    const createOne = async (): Promise<void> => {
      const p = v1Params("CreateFlowLog", SMARTAG, { RegionId: HZ, Name: `burst-${round}`, ...SLS_LOG });
      const r = await v1Request(cli.url, p, { method: "POST" });
      if (r.status === 200 && typeof r.json?.FlowLogId === "string") {
        acked.push(r.json.FlowLogId);
        if (!killed && acked.length >= killAfter) {
          killed = true;
          cli.child.kill("SIGKILL");
        }
      }
    };
    // 32 concurrent clients, each firing creates until the process dies.
    const worker = async () => {
      for (let i = 0; i < 50 && !killed; i++) await createOne().catch(() => undefined);
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    const exit = await cli.exited;
    expect(exit.signal).toBe("SIGKILL");
    expect(acked.length).toBeGreaterThanOrEqual(killAfter);

    // The file on disk is always a complete snapshot, never torn.
    JSON.parse(readFileSync(statePath, "utf8"));
    const restarted = await spawnCli(["--port", "0", "--state", statePath, "--quiet"]);
    try {
      const state = (await raw(restarted.url, { path: "/_emulator/state" })).json;
      const ids = new Set(state.flowLogs.map((f: { flowLogId: string }) => f.flowLogId));
      const lost = acked.filter((id) => !ids.has(id));
      expect(lost).toEqual([]);
    } finally {
      restarted.child.kill("SIGTERM");
      await restarted.exited;
    }
  });
});
