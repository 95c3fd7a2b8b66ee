/**
 * Traffic mirror filters and sessions as state: persisted in their region's `trafficMirror` record (the
 * state-file keys stay those of the vpc slice), restored with their asynchronous status and ClientTokens,
 * shown in `GET /_emulator/state`, cleared by reset; and the vpc control routes that list, settle and change
 * them out of band.
 */
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type RPCClient = require("@alicloud/pop-core");
import { EmulatorServer } from "../../emulator/server";
import type { VpcOptions } from "../../emulator/services/vpc";
import { Store } from "../../emulator/store";
import { AK, SECRET, VPC, call, expectPopError, pop, raw } from "./helpers";

const HZ = "cn-hangzhou";
const RULE = { Action: "accept", Protocol: "TCP", Priority: 1, DestinationPortRange: "443/443" };
const SESSION = {
  TrafficMirrorSourceIds: ["eni-demohangzhou0001"],
  TrafficMirrorTargetId: "lb-demohangzhou0001",
  TrafficMirrorTargetType: "SLB",
  Priority: 1,
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "emu-mirror-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An emulator on `statePath` (memory only without), with vpc start options startEmulator does not take. */
async function serve(options: VpcOptions, statePath?: string): Promise<{ server: EmulatorServer; vpc: RPCClient }> {
  const credentials = [{ accessKeyId: AK, accessKeySecret: SECRET }];
  const server = new EmulatorServer({
    host: "127.0.0.1",
    port: 0,
    credentials,
    store: await Store.open(statePath),
    serviceOptions: options,
  });
  await server.start();
  return { server, vpc: pop(server.url, VPC) };
}

const control = async (server: EmulatorServer, method: string, route: string) =>
  (await raw(server.url, { method, path: `/_emulator/vpc/${route}` })).json;

describe("persistence", () => {
  it("a restart keeps filters, rules, sessions, their pending transitions and their ClientTokens", async () => {
    const statePath = path.join(dir, "state.json");
    const first = await serve({ mirrorTransitionMs: 60_000 }, statePath);
    const api = (action: string, params: Record<string, unknown>) => call(first.vpc, action, { RegionId: HZ, ...params });
    await api("OpenTrafficMirrorService", {});
    const filterArgs = {
      ClientToken: "tok-persist-filter",
      TrafficMirrorFilterName: "kept",
      IngressRules: [RULE],
      Tag: [{ Key: "a", Value: "b" }],
    };
    const { TrafficMirrorFilterId } = await api("CreateTrafficMirrorFilter", filterArgs);
    await control(first.server, "POST", `traffic-mirror/${HZ}/settle`);
    const sessionArgs = { ...SESSION, TrafficMirrorFilterId, ClientToken: "tok-persist-session" };
    const { TrafficMirrorSessionId } = await api("CreateTrafficMirrorSession", sessionArgs);
    const filters = await api("ListTrafficMirrorFilters", {});
    const sessions = await api("ListTrafficMirrorSessions", {});
    expect(sessions.TrafficMirrorSessions[0].TrafficMirrorSessionStatus).toBe("Creating");
    const view = first.server.state();
    await first.server.close();

    const file = JSON.parse(readFileSync(statePath, "utf8"));
    expect(Object.keys(file)).toEqual(["format", "version", "flowLogs", "sags", "trafficMirror", "clientTokens"]);
    expect(file.trafficMirror).toEqual([
      expect.objectContaining({
        regionId: HZ,
        filters: [
          expect.objectContaining({ trafficMirrorFilterId: TrafficMirrorFilterId, rules: [expect.objectContaining({ protocol: "TCP" })] }),
        ],
        sessions: [expect.objectContaining({ trafficMirrorSessionId: TrafficMirrorSessionId, status: "Creating" })],
      }),
    ]);

    const second = await serve({ mirrorTransitionMs: 60_000 }, statePath);
    try {
      const again = (action: string, params: Record<string, unknown>) => call(second.vpc, action, { RegionId: HZ, ...params });
      expect(second.server.state()).toEqual(view);
      expect({ ...(await again("ListTrafficMirrorFilters", {})), RequestId: "" }).toEqual({ ...filters, RequestId: "" });
      expect({ ...(await again("ListTrafficMirrorSessions", {})), RequestId: "" }).toEqual({ ...sessions, RequestId: "" });
      // The session is still Creating after the restart, so its token is still being processed.
      await expectPopError(again("CreateTrafficMirrorSession", sessionArgs), "LastTokenProcessing", 400);
      expect((await again("CreateTrafficMirrorFilter", filterArgs)).TrafficMirrorFilterId).toBe(TrafficMirrorFilterId);
      expect(await control(second.server, "POST", `traffic-mirror/${HZ}/settle`)).toEqual({ regionId: HZ, settled: 1 });
      expect((await again("CreateTrafficMirrorSession", sessionArgs)).TrafficMirrorSessionId).toBe(TrafficMirrorSessionId);
      // Creation order (and paging position) continues after the restored records.
      const { TrafficMirrorFilterId: later } = await again("CreateTrafficMirrorFilter", {});
      const ids = (await again("ListTrafficMirrorFilters", {})).TrafficMirrorFilters.map(
        (f: { TrafficMirrorFilterId: string }) => f.TrafficMirrorFilterId,
      );
      expect(ids).toEqual([TrafficMirrorFilterId, later]);
    } finally {
      await second.server.close();
    }
  });

  it("without filters or sessions a region is written as before they existed; reset clears them", async () => {
    const statePath = path.join(dir, "state.json");
    const { server, vpc } = await serve({}, statePath);
    try {
      await call(vpc, "OpenTrafficMirrorService", { RegionId: HZ });
      await server.store.whenDurable();
      expect(Object.keys(JSON.parse(readFileSync(statePath, "utf8")).trafficMirror[0])).toEqual(["regionId", "openedAt", "enabledAt"]);
      await call(vpc, "CreateTrafficMirrorFilter", { RegionId: HZ });
      await server.reset();
      expect(server.state().trafficMirror).toEqual([]);
      expect(JSON.parse(readFileSync(statePath, "utf8")).trafficMirror).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("the state view and the vpc control routes", () => {
  let emu: Awaited<ReturnType<typeof serve>>;
  let filterId: string;
  let sessionId: string;
  const api = (action: string, params: Record<string, unknown> = {}) => call(emu.vpc, action, { RegionId: HZ, ...params });
  beforeEach(async () => {
    emu = await serve({ mirrorTransitionMs: 0 });
    await api("OpenTrafficMirrorService");
    filterId = (await api("CreateTrafficMirrorFilter", { IngressRules: [RULE] })).TrafficMirrorFilterId;
    sessionId = (await api("CreateTrafficMirrorSession", { ...SESSION, TrafficMirrorFilterId: filterId })).TrafficMirrorSessionId;
  });
  afterEach(() => emu.server.close());

  it("GET /_emulator/state shows each region's filters and sessions with their status now", async () => {
    await api("OpenTrafficMirrorService", { RegionId: "cn-shanghai" });
    const state = (await raw(emu.server.url, { path: "/_emulator/state" })).json;
    expect(state.trafficMirror).toEqual([
      {
        regionId: HZ,
        enabled: true,
        openedAt: expect.any(String),
        enabledAt: expect.any(String),
        filters: [
          expect.objectContaining({
            trafficMirrorFilterId: filterId,
            status: "Created",
            rules: [expect.objectContaining({ status: "Created" })],
          }),
        ],
        sessions: [
          expect.objectContaining({ trafficMirrorSessionId: sessionId, status: "Created", sourceIds: SESSION.TrafficMirrorSourceIds }),
        ],
      },
      { regionId: "cn-shanghai", enabled: true, openedAt: expect.any(String), enabledAt: expect.any(String) },
    ]);
  });

  it("GET traffic-mirror/<region> lists what a region holds and the seeded ENIs and SLB instances", async () => {
    const hz = await control(emu.server, "GET", `traffic-mirror/${HZ}`);
    expect(hz).toMatchObject({
      regionId: HZ,
      enabled: true,
      filters: [{ trafficMirrorFilterId: filterId }],
      sessions: [{ trafficMirrorSessionId: sessionId }],
    });
    expect(hz.networkInterfaceIds).toEqual([1, 2, 3, 4, 5, 6].map((i) => `eni-demohangzhou000${i}`));
    expect(hz.loadBalancerIds).toEqual(["lb-demohangzhou0001", "lb-demohangzhou0002"]);
    expect(await control(emu.server, "GET", "traffic-mirror/eu-central-1")).toEqual({
      regionId: "eu-central-1",
      enabled: false,
      filters: [],
      sessions: [],
      networkInterfaceIds: [],
      loadBalancerIds: [],
    });
  });

  it("sessions can be disabled or deleted, and filters deleted, out of band", async () => {
    expect(await control(emu.server, "POST", `traffic-mirror-sessions/${sessionId}/disable`)).toEqual({
      trafficMirrorSessionId: sessionId,
      found: true,
      enabled: false,
    });
    expect((await api("ListTrafficMirrorSessions")).TrafficMirrorSessions[0].Enabled).toBe(false);
    expect((await control(emu.server, "POST", "traffic-mirror-sessions/tms-nope/disable")).found).toBe(false);
    // A filter deleted out of band goes even while a session uses it (drift needs no checks).
    expect(await control(emu.server, "POST", `traffic-mirror-filters/${filterId}/delete`)).toEqual({
      trafficMirrorFilterId: filterId,
      removed: true,
    });
    expect((await api("ListTrafficMirrorFilters")).TotalCount).toBe("0");
    expect(await control(emu.server, "POST", `traffic-mirror-sessions/${sessionId}/delete`)).toEqual({
      trafficMirrorSessionId: sessionId,
      removed: true,
    });
    expect((await control(emu.server, "POST", `traffic-mirror-sessions/${sessionId}/delete`)).removed).toBe(false);
    expect((await api("ListTrafficMirrorSessions")).TotalCount).toBe("0");
  });

  it("disabling a region's traffic mirroring takes its filters and sessions with it", async () => {
    expect(await control(emu.server, "POST", `traffic-mirror/${HZ}/disable`)).toEqual({ regionId: HZ, enabled: false, wasOpen: true });
    expect((await api("ListTrafficMirrorFilters")).TotalCount).toBe("0");
    expect((await api("ListTrafficMirrorSessions")).TotalCount).toBe("0");
    await expectPopError(api("CreateTrafficMirrorFilter"), "IncorrectStatus.TrafficMirrorService", 400);
  });
});
