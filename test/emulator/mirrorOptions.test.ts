/**
 * The traffic-mirroring start options reach the vpc module through `startEmulator` and the CLI:
 * `mirrorTransitionMs`, `mirrorSourcesPerSession`, `mirrorSessionsPerSource`, `networkInterfaces` and
 * `loadBalancers` (`--mirror-transition-ms`, `--mirror-sources-per-session`, `--mirror-sessions-per-source`,
 * `--eni`, `--slb`). Each test would fail with the defaults (transition 300 ms, 1 source per session, 3
 * sessions per source, the demo ENIs and SLBs).
 */
import type RPCClient = require("@alicloud/pop-core");
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { VPC, call, expectPopError, pop, raw, runCli, spawnCli, start } from "./helpers";

const HZ = "cn-hangzhou";
const ENI = (i: number) => `eni-demohangzhou${String(i).padStart(4, "0")}`;

/** Opens mirroring in cn-hangzhou and creates a filter, waiting until it is Created. */
async function openWithFilter(url: string): Promise<{ vpc: RPCClient; filterId: string }> {
  const vpc = pop(url, VPC);
  await call(vpc, "OpenTrafficMirrorService", { RegionId: HZ });
  const { TrafficMirrorFilterId } = await call(vpc, "CreateTrafficMirrorFilter", { RegionId: HZ });
  await raw(url, { method: "POST", path: `/_emulator/vpc/traffic-mirror/${HZ}/settle` });
  return { vpc, filterId: TrafficMirrorFilterId as string };
}

const session = (filterId: string, over: Record<string, unknown> = {}) => ({
  RegionId: HZ,
  TrafficMirrorSourceIds: [ENI(1)],
  TrafficMirrorTargetId: ENI(6),
  TrafficMirrorTargetType: "NetworkInterface",
  TrafficMirrorFilterId: filterId,
  Priority: 1,
  ...over,
});

const filterStatus = async (vpc: RPCClient, id: string) =>
  (await call(vpc, "ListTrafficMirrorFilters", { RegionId: HZ, TrafficMirrorFilterIds: [id] })).TrafficMirrorFilters[0]
    .TrafficMirrorFilterStatus;

async function withEmulator(options: EmulatorOptions, body: (emu: RunningEmulator) => Promise<void>): Promise<void> {
  const emu = await start(options);
  try {
    await body(emu);
  } finally {
    await emu.close();
  }
}

describe("startEmulator passes the traffic-mirroring options to the vpc module", () => {
  it("mirrorTransitionMs: 0 settles at once; 60000 keeps a new filter Creating", async () => {
    await withEmulator({ mirrorTransitionMs: 0 }, async (emu) => {
      const vpc = pop(emu.url, VPC);
      await call(vpc, "OpenTrafficMirrorService", { RegionId: HZ });
      const { TrafficMirrorFilterId } = await call(vpc, "CreateTrafficMirrorFilter", { RegionId: HZ });
      expect(await filterStatus(vpc, TrafficMirrorFilterId)).toBe("Created");
    });
    await withEmulator({ mirrorTransitionMs: 60_000 }, async (emu) => {
      const vpc = pop(emu.url, VPC);
      await call(vpc, "OpenTrafficMirrorService", { RegionId: HZ });
      const { TrafficMirrorFilterId } = await call(vpc, "CreateTrafficMirrorFilter", { RegionId: HZ });
      await new Promise((r) => setTimeout(r, 400)); // past the default 300 ms
      expect(await filterStatus(vpc, TrafficMirrorFilterId)).toBe("Creating");
    });
  });

  it("mirrorSourcesPerSession: 2 allows a session with two sources (the default quota refuses it)", async () => {
    await withEmulator({ mirrorSourcesPerSession: 2, mirrorTransitionMs: 0 }, async (emu) => {
      const { vpc, filterId } = await openWithFilter(emu.url);
      const { TrafficMirrorSessionId } = await call(
        vpc,
        "CreateTrafficMirrorSession",
        session(filterId, { TrafficMirrorSourceIds: [ENI(1), ENI(2)] }),
      );
      const listed = await call(vpc, "ListTrafficMirrorSessions", { RegionId: HZ, TrafficMirrorSessionIds: [TrafficMirrorSessionId] });
      expect(listed.TrafficMirrorSessions[0].TrafficMirrorSourceIds).toEqual([ENI(1), ENI(2)]);
      await expectPopError(
        call(vpc, "CreateTrafficMirrorSession", session(filterId, { Priority: 2, TrafficMirrorSourceIds: [ENI(3), ENI(4), ENI(5)] })),
        "QuotaExceeded.TrafficMirrorSource",
        400,
      );
    });
  });

  it("mirrorSessionsPerSource: 1 refuses a second session of the same ENI", async () => {
    await withEmulator({ mirrorSessionsPerSource: 1, mirrorTransitionMs: 0 }, async (emu) => {
      const { vpc, filterId } = await openWithFilter(emu.url);
      await call(vpc, "CreateTrafficMirrorSession", session(filterId));
      await expectPopError(
        call(vpc, "CreateTrafficMirrorSession", session(filterId, { Priority: 2 })),
        "QuotaExceeded.TrafficMirrorSession",
        400,
      );
    });
  });

  it("networkInterfaces / loadBalancers replace the seeded ENIs and SLB instances", async () => {
    const networkInterfaces = [
      { regionId: HZ, networkInterfaceId: "eni-minesource0001" },
      { regionId: HZ, networkInterfaceId: "eni-minecollector01" },
    ];
    const loadBalancers = [{ regionId: HZ, loadBalancerId: "lb-minecollector01" }];
    await withEmulator({ networkInterfaces, loadBalancers, mirrorTransitionMs: 0 }, async (emu) => {
      const seeded = (await raw(emu.url, { path: `/_emulator/vpc/traffic-mirror/${HZ}` })).json;
      expect({ enis: seeded.networkInterfaceIds, slbs: seeded.loadBalancerIds }).toEqual({
        enis: ["eni-minesource0001", "eni-minecollector01"],
        slbs: ["lb-minecollector01"],
      });
      const { vpc, filterId } = await openWithFilter(emu.url);
      // The demo ENIs are gone: eni-demohangzhou0001 as a source is unknown now.
      const demoSource = session(filterId, { TrafficMirrorTargetId: "eni-minecollector01" });
      await expectPopError(call(vpc, "CreateTrafficMirrorSession", demoSource), "ResourceNotFound.TrafficMirrorSource", 404);
      const mine = session(filterId, { TrafficMirrorSourceIds: ["eni-minesource0001"], TrafficMirrorTargetId: "lb-minecollector01" });
      const { TrafficMirrorSessionId } = await call(vpc, "CreateTrafficMirrorSession", { ...mine, TrafficMirrorTargetType: "SLB" });
      expect(TrafficMirrorSessionId).toMatch(/^tms-/);
    });
  });

  it.each<[string, EmulatorOptions, RegExp]>([
    ["a negative mirrorTransitionMs", { mirrorTransitionMs: -1 }, /mirrorTransitionMs must be a non-negative integer/],
    ["mirrorSourcesPerSession 0", { mirrorSourcesPerSession: 0 }, /mirrorSourcesPerSession must be a positive integer/],
    ["mirrorSessionsPerSource 1.5", { mirrorSessionsPerSource: 1.5 }, /mirrorSessionsPerSource must be a positive integer/],
    ["an ENI without an id", { networkInterfaces: [{ regionId: HZ, networkInterfaceId: "" }] }, /networkInterfaces need/],
    ["an SLB without a region", { loadBalancers: [{ regionId: "", loadBalancerId: "lb-x1" }] }, /loadBalancers need/],
  ])("rejects %s", async (_label, options, message) => {
    await expect(startEmulator({ port: 0, log: false, ...options })).rejects.toThrow(message);
  });
});

describe("the CLI flags", () => {
  it("--eni/--slb/--mirror-sources-per-session/--mirror-sessions-per-source/--mirror-transition-ms reach the vpc module", async () => {
    const cli = await spawnCli([
      "--port=0",
      "--quiet",
      "--mirror-transition-ms",
      "60000",
      "--mirror-sources-per-session=2",
      "--mirror-sessions-per-source",
      "1",
      "--eni",
      `${HZ}:eni-clisource0001`,
      "--eni",
      `${HZ}:eni-clisource0002`,
      "--eni",
      `${HZ}:eni-clicollector01`,
      "--slb",
      `${HZ}:lb-clicollector01`,
    ]);
    try {
      const seeded = (await raw(cli.url, { path: `/_emulator/vpc/traffic-mirror/${HZ}` })).json;
      expect({ enis: seeded.networkInterfaceIds, slbs: seeded.loadBalancerIds }).toEqual({
        enis: ["eni-clisource0001", "eni-clisource0002", "eni-clicollector01"],
        slbs: ["lb-clicollector01"],
      });
      const { vpc, filterId } = await openWithFilter(cli.url);
      const { TrafficMirrorFilterId: creating } = await call(vpc, "CreateTrafficMirrorFilter", { RegionId: HZ });
      await new Promise((r) => setTimeout(r, 400));
      expect(await filterStatus(vpc, creating)).toBe("Creating"); // the 60 s transition
      const two = session(filterId, {
        TrafficMirrorSourceIds: ["eni-clisource0001", "eni-clisource0002"],
        TrafficMirrorTargetId: "eni-clicollector01",
      });
      expect((await call(vpc, "CreateTrafficMirrorSession", two)).TrafficMirrorSessionId).toMatch(/^tms-/);
      await expectPopError(
        call(vpc, "CreateTrafficMirrorSession", { ...two, Priority: 2, TrafficMirrorSourceIds: ["eni-clisource0001"] }),
        "QuotaExceeded.TrafficMirrorSession",
        400,
      );
    } finally {
      cli.child.kill("SIGTERM");
      await cli.exited;
    }
  });

  it.each([
    [["--eni", "cn-hangzhou"], /invalid --eni "cn-hangzhou"/],
    [["--eni", "cn-hangzhou:lb-wrongkind01"], /invalid --eni/],
    [["--slb", "cn-hangzhou:eni-wrongkind01"], /invalid --slb/],
    [["--mirror-sources-per-session", "0"], /--mirror-sources-per-session expects a positive integer/],
    [["--mirror-sessions-per-source", "x"], /--mirror-sessions-per-source expects/],
    [["--mirror-transition-ms", "-5"], /--mirror-transition-ms expects a non-negative integer/],
  ])("rejects %j with exit code 2 and usage", async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("--mirror-sources-per-session N");
    expect(r.stdout).toBe("");
  });
});
