/**
 * State-file compatibility: `fixtures/state-v1.json` was written by the emulator before its state was split
 * into per-service slices (one Store owning every product's maps). It must still load, serve the same
 * answers, and be written back in the same format (same top-level keys, same records).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { SMARTAG, VPC, call, expectPopError, pop, start } from "./helpers";

const FIXTURE = path.join(__dirname, "fixtures", "state-v1.json");
const SLS_ID = "fl-qhiarujgtb90v5t2kk";
const NETFLOW_ID = "fl-s451rcybb9m4x2vy8m";
const HZ = "cn-hangzhou";
const SH = "cn-shanghai";

let dir: string;
let statePath: string;
let fixture: Record<string, any>;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "emu-format-"));
  statePath = path.join(dir, "state.json");
  fixture = JSON.parse(readFileSync(FIXTURE, "utf8"));
  // The remembered ClientToken is kept 24 h from its first use: make it recent so the replay can be checked.
  for (const t of fixture.clientTokens) t.at = Date.now() - 1000;
  writeFileSync(statePath, JSON.stringify(fixture));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("a state file written by the previous version", () => {
  it("loads: flow logs, bindings, statuses, SAGs and mirror status are all there", async () => {
    const emu = await start({ statePath });
    try {
      const state = emu.state();
      expect(state.flowLogs).toEqual([
        { ...fixture.flowLogs[0], smartAGIds: ["sag-demohangzhou000001", "sag-demohangzhou000002"] },
        { ...fixture.flowLogs[1], smartAGIds: [] },
      ]);
      expect(state.sags).toEqual(fixture.sags);
      expect(state.trafficMirror).toEqual([{ ...fixture.trafficMirror[0], enabled: true }]);

      const smartag = pop(emu.url, SMARTAG);
      const listed = await call(smartag, "DescribeFlowLogs", { RegionId: HZ });
      expect(listed.FlowLogs.FlowLogSetType).toEqual([
        expect.objectContaining({ FlowLogId: SLS_ID, Name: "old-sls", ActiveAging: 600, TotalSagNum: 2, Status: "Active" }),
      ]);
      const sh = await call(smartag, "DescribeFlowLogs", { RegionId: SH });
      expect(sh.FlowLogs.FlowLogSetType).toEqual([
        expect.objectContaining({ FlowLogId: NETFLOW_ID, Status: "Inactive", NetflowVersion: "V5" }),
      ]);
      // A bound flow log still cannot be deleted: the binding came from the file.
      await expectPopError(call(smartag, "DeleteFlowLog", { RegionId: HZ, FlowLogId: SLS_ID }), "DependencyViolation.FlowLog", 400);

      const vpc = pop(emu.url, VPC);
      expect((await call(vpc, "GetTrafficMirrorServiceStatus", { RegionId: SH })).Enabled).toBe(true);
      // The ClientToken from the file replays (a new token would be ORDER.OPEND).
      expect((await call(vpc, "OpenTrafficMirrorService", { RegionId: SH, ClientToken: "old-format-token" })).Code).toBe("200");
      await expectPopError(call(vpc, "OpenTrafficMirrorService", { RegionId: SH, ClientToken: "another-token" }), "ORDER.OPEND", 400);
    } finally {
      await emu.close();
    }
  });

  it("is written back in the same format, old records unchanged", async () => {
    const emu = await start({ statePath });
    let created: string;
    try {
      created = (await call(pop(emu.url, SMARTAG), "CreateFlowLog", { RegionId: HZ, OutputType: "netflow", NetflowServerIp: "10.0.0.1" }))
        .FlowLogId;
    } finally {
      await emu.close();
    }
    const written = JSON.parse(readFileSync(statePath, "utf8"));
    expect(Object.keys(written)).toEqual(["format", "version", "flowLogs", "sags", "trafficMirror", "clientTokens"]);
    expect(written.format).toBe("pulumi-alicloud-traffic-emulator-state");
    expect(written.version).toBe(1);
    expect(written.flowLogs.slice(0, 2)).toEqual(fixture.flowLogs);
    expect(written.flowLogs[2]).toMatchObject({ flowLogId: created, regionId: HZ, outputType: "netflow" });
    expect(written.sags).toEqual(fixture.sags);
    expect(written.trafficMirror).toEqual(fixture.trafficMirror);
    expect(written.clientTokens).toEqual(fixture.clientTokens);
  });

  it("keys missing from the file are empty lists (an older file without clientTokens loads)", async () => {
    const { clientTokens: _tokens, trafficMirror: _mirror, ...rest } = fixture;
    writeFileSync(statePath, JSON.stringify(rest));
    const emu = await start({ statePath });
    try {
      expect(emu.state().trafficMirror).toEqual([]);
      expect(emu.state().flowLogs).toHaveLength(2);
    } finally {
      await emu.close();
    }
  });
});
