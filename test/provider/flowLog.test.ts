/**
 * sag.FlowLog's provider hooks driven directly (no engine) against an in-process emulator: each
 * test asserts the API calls from the emulator's journal and what the cloud holds from its state.
 * A new emulator per test (`useEmulator`, see harness.ts) keeps the provider's per-process caches
 * from carrying over between tests.
 */
import * as flowLogProvider from "../../provider/sag/flowLogProvider";
import { parseMarker, withMarker } from "../../provider/sag/marker";
import {
  ALL,
  FlowLogResource,
  NETFLOW,
  PROVIDER,
  REGION,
  SAGS,
  SLS,
  UNSUPPORTED_SAG,
  businessParams,
  captureWarnings,
  cloudFlowLog,
  engineHooks,
  flowLogResource,
  foreignToken,
  inNewProcess,
  makeFlowLog,
  useEmulator,
} from "./harness";

type Args = Record<string, unknown>;

const { check, create, delete: deleteFlowLog, diff, read, update } = engineHooks(flowLogProvider);

// SLS, NETFLOW and ALL (harness.ts) as CreateFlowLog / ModifyFlowLogAttribute parameters, the
// defaults filled: what the API must be sent for them.
const SLS_WIRE = {
  OutputType: "sls",
  ActiveAging: "300",
  InactiveAging: "15",
  SlsRegionId: "cn-shanghai",
  ProjectName: "netlogs",
  LogstoreName: "sag",
};
const NETFLOW_WIRE = {
  OutputType: "netflow",
  ActiveAging: "300",
  InactiveAging: "15",
  NetflowServerIp: "10.0.0.5",
  NetflowServerPort: "9995",
  NetflowVersion: "V9",
};
const ALL_WIRE = { ...SLS_WIRE, ...NETFLOW_WIRE, OutputType: "all" };

/** `check` as the engine calls it for a new resource (no old inputs); fails the test on failures. */
async function checked(r: FlowLogResource, args: Args, olds: Args = {}): Promise<Record<string, any>> {
  const result = await check(olds, r.inputs(args));
  expect(result.failures).toEqual([]);
  return result.inputs!;
}

/** check, then create: a new resource in `pulumi up`. */
async function up(r: FlowLogResource, args: Args) {
  const inputs = await checked(r, args);
  const { id, outs } = await create(inputs);
  return { id, outs: outs!, inputs };
}

/** What a rejected promise rejected with. */
async function failure(p: Promise<unknown>): Promise<any> {
  return p.then(
    () => {
      throw new Error("expected a failure, but it succeeded");
    },
    (e) => e,
  );
}

/** A later provider process (a later `up` or `destroy`): none of this one's listings. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module registry's copy, loaded inside it
const laterProcess = () => inNewProcess(() => engineHooks(require("../../provider/sag/flowLogProvider")));

jest.setTimeout(20_000);

const warnings = captureWarnings();
const [S0, S1, S2] = SAGS as [string, string, string];

describe("sag.FlowLog provider", () => {
  const t = useEmulator();

  describe("create", () => {
    // Wire parameters CreateFlowLog must carry for each output type: filled defaults included, the
    // destination fields the output type does not use left out.
    const cases: Array<[string, Args, Args, Record<string, string>]> = [
      ["sls", SLS, { activeAging: 300, inactiveAging: 15 }, SLS_WIRE],
      ["netflow", NETFLOW, { activeAging: 300, inactiveAging: 15, netflowServerPort: 9995, netflowVersion: "V9" }, NETFLOW_WIRE],
      [
        "all, with every setting given",
        { ...ALL, name: "edge-all", activeAging: 120, inactiveAging: 30, netflowServerPort: 2055, netflowVersion: "V10" },
        { activeAging: 120, inactiveAging: 30, netflowServerPort: 2055, netflowVersion: "V10" },
        { ...ALL_WIRE, ActiveAging: "120", InactiveAging: "30", NetflowServerPort: "2055", NetflowVersion: "V10" },
      ],
    ];

    it.each(cases)(
      "%s: one listing and one CreateFlowLog; outputs with defaults; the marker only in the cloud",
      async (_, args, filled, wire) => {
        const r = flowLogResource();
        const { id, outs } = await up(r, { ...args, description: "edge collectors" });

        expect(t.calls()).toEqual(["DescribeFlowLogs", "CreateFlowLog"]);
        const name = (args.name as string | undefined) ?? r.autoName;
        const description = withMarker("edge collectors", r.token);
        expect(businessParams(t.entries("CreateFlowLog")[0]!)).toEqual({ RegionId: REGION, Name: name, Description: description, ...wire });

        const cloud = t.emu.state().flowLogs;
        expect(cloud.map((f) => f.flowLogId)).toEqual([id]);
        expect(cloud[0]).toMatchObject({ name, description, outputType: args.outputType, status: "Active", ...filled });
        expect(parseMarker(cloud[0]!.description).token).toBe(r.token);

        expect(outs).toMatchObject({
          ...args,
          ...filled,
          region: REGION,
          name,
          description: "edge collectors",
          flowLogId: id,
          resourceGroupId: cloud[0]!.resourceGroupId,
          status: "Active",
          totalSagNum: 0,
          __token: r.token,
        });
        // The engine would store undefined values as nulls.
        expect(Object.entries(outs).filter(([, v]) => v === undefined)).toEqual([]);
        if (args.outputType === "sls") expect(Object.keys(outs).filter((k) => k.startsWith("netflow"))).toEqual([]);
        if (args.outputType === "netflow") expect(Object.keys(outs).filter((k) => /^(sls|project|logstore)/.test(k))).toEqual([]);
      },
    );

    it("without a description: the cloud's description is the marker alone; the outputs have none", async () => {
      const r = flowLogResource();
      const { id, outs } = await up(r, NETFLOW);
      expect(cloudFlowLog(t.emu, id)!.description).toBe(`[pulumi:${r.token}]`);
      expect(outs).not.toHaveProperty("description");
    });

    it('with status "Inactive": one DeactiveFlowLog after the create (new flow logs start Active)', async () => {
      const r = flowLogResource();
      const { id, outs } = await up(r, { ...SLS, status: "Inactive" });
      expect(t.calls()).toEqual(["DescribeFlowLogs", "CreateFlowLog", "DeactiveFlowLog"]);
      expect(businessParams(t.entries("DeactiveFlowLog")[0]!)).toEqual({ RegionId: REGION, FlowLogId: id });
      expect(cloudFlowLog(t.emu, id)!.status).toBe("Inactive");
      expect(outs.status).toBe("Inactive");
    });

    it("with smartAgIds: one AssociateFlowLog per SAG; the SAGs are bound in the cloud", async () => {
      const r = flowLogResource();
      const { id, outs } = await up(r, { ...SLS, smartAgIds: [S2, S0] });
      expect(t.calls()).toEqual(["DescribeFlowLogs", "CreateFlowLog", "AssociateFlowLog", "AssociateFlowLog"]);
      expect(t.entries("AssociateFlowLog").map((e) => businessParams(e))).toEqual(
        expect.arrayContaining([
          { RegionId: REGION, FlowLogId: id, SmartAGId: S0 },
          { RegionId: REGION, FlowLogId: id, SmartAGId: S2 },
        ]),
      );
      expect([...cloudFlowLog(t.emu, id)!.smartAGIds].sort()).toEqual([S0, S2]);
      expect(outs).toMatchObject({ smartAgIds: [S0, S2], totalSagNum: 2 });
    });

    it("creates in one region share one listing (N creates: N + 1 calls)", async () => {
      const a = await up(flowLogResource(), SLS);
      const b = await up(flowLogResource(), NETFLOW);
      expect(t.calls()).toEqual(["DescribeFlowLogs", "CreateFlowLog", "CreateFlowLog"]);
      expect(
        t.emu
          .state()
          .flowLogs.map((f) => f.flowLogId)
          .sort(),
      ).toEqual([a.id, b.id].sort());
    });

    it("refuses inputs without the idempotency token, with no API call", async () => {
      const { __token: _, ...inputs } = await checked(flowLogResource(), SLS);
      const e = await failure(create(inputs));
      expect(e.message).toContain("lack the idempotency token");
      expect(t.emu.journal()).toEqual([]);
    });
  });

  describe("create that finds its own flow log (an interrupted create)", () => {
    it("adopts the flow log carrying its token, with no CreateFlowLog and no write when it already matches", async () => {
      const r = flowLogResource();
      const existing = await makeFlowLog(t, { Name: r.autoName, ...SLS_WIRE }, r.token);
      t.clear();
      const { id, outs } = await up(r, SLS);
      expect(id).toBe(existing);
      expect(t.calls()).toEqual(["DescribeFlowLogs"]);
      expect(t.emu.state().flowLogs.map((f) => f.flowLogId)).toEqual([existing]);
      expect(outs).toMatchObject({ ...SLS, flowLogId: existing, name: r.autoName, status: "Active", __token: r.token });
      expect(warnings.join("\n")).toContain(`adopted flow log ${existing}`);
    });

    it("brings an adopted flow log to the program: one ModifyFlowLogAttribute with the full set, then status and SAGs", async () => {
      const r = flowLogResource();
      const existing = await makeFlowLog(
        t,
        { Name: r.autoName, OutputType: "netflow", NetflowServerIp: "10.9.9.9", ActiveAging: 900 },
        r.token,
      );
      t.clear();
      const { id, outs } = await up(r, { ...ALL, status: "Inactive", smartAgIds: [S0] });
      expect(id).toBe(existing);
      expect(t.calls()).toEqual(["DescribeFlowLogs", "ModifyFlowLogAttribute", "DeactiveFlowLog", "AssociateFlowLog"]);
      expect(businessParams(t.entries("ModifyFlowLogAttribute")[0]!)).toEqual({
        RegionId: REGION,
        FlowLogId: existing,
        Name: r.autoName,
        Description: withMarker(undefined, r.token),
        ...ALL_WIRE,
      });
      expect(cloudFlowLog(t.emu, existing)).toMatchObject({
        outputType: "all",
        activeAging: 300,
        netflowServerIp: "10.0.0.5",
        status: "Inactive",
        smartAGIds: [S0],
      });
      expect(outs).toMatchObject({ outputType: "all", activeAging: 300, status: "Inactive", smartAgIds: [S0], totalSagNum: 1 });
      expect(t.emu.state().flowLogs).toHaveLength(1);
    });

    it("stops when two flow logs carry its token, naming both, and creates nothing", async () => {
      const r = flowLogResource();
      const first = await makeFlowLog(t, { Name: r.autoName }, r.token);
      const second = await makeFlowLog(t, { Name: r.autoName }, r.token);
      t.clear();
      const e = await failure(up(r, NETFLOW));
      expect(e.message).toContain(first);
      expect(e.message).toContain(second);
      expect(e.message).toContain(`[pulumi:${r.token}]`);
      expect(t.calls()).toEqual(["DescribeFlowLogs"]);
      expect(t.emu.state().flowLogs.map((f) => f.flowLogId)).toEqual([first, second]);
    });

    it("never adopts a same-named flow log of another state: it creates its own", async () => {
      const r = flowLogResource();
      const other = await makeFlowLog(t, { Name: r.autoName }, foreignToken());
      t.clear();
      const { id } = await up(r, NETFLOW);
      expect(id).not.toBe(other);
      expect(t.calls()).toEqual(["DescribeFlowLogs", "CreateFlowLog"]);
      expect(t.emu.state().flowLogs.map((f) => f.flowLogId)).toEqual([other, id]);
    });
  });

  describe("create with adoptId", () => {
    it("takes an unmarked flow log as it is: 1 DescribeFlowLogs + 1 ModifyFlowLogAttribute that adds the marker", async () => {
      const r = flowLogResource();
      const settings = { Name: "console-made", Description: "made in the console", OutputType: "sls", SlsRegionId: "cn-beijing" };
      const existing = await makeFlowLog(t, { ...settings, ProjectName: "console-proj", LogstoreName: "console-store", ActiveAging: 900 });
      const before = cloudFlowLog(t.emu, existing)!;
      t.clear();
      const { id, outs } = await up(r, { ...NETFLOW, adoptId: existing });
      expect(id).toBe(existing);
      expect(t.calls()).toEqual(["DescribeFlowLogs", "ModifyFlowLogAttribute"]);
      const after = cloudFlowLog(t.emu, existing)!;
      expect(after.description).toBe(withMarker("made in the console", r.token));
      // Only the marker changed: the program's settings wait for the next `up`.
      expect({ ...after, description: before.description }).toEqual(before);
      expect(outs).toMatchObject({
        flowLogId: existing,
        adoptId: existing,
        name: "console-made",
        description: "made in the console",
        outputType: "sls",
        slsRegionId: "cn-beijing",
        activeAging: 900,
        __token: r.token,
      });
      expect(t.emu.state().flowLogs).toHaveLength(1);
    });

    it("refuses a flow log another state has marked, naming its marker, and writes nothing", async () => {
      const other = foreignToken();
      const existing = await makeFlowLog(t, { Description: "theirs" }, other);
      t.clear();
      const e = await failure(up(flowLogResource(), { ...NETFLOW, adoptId: existing }));
      expect(e.message).toContain(existing);
      expect(e.message).toContain(`[pulumi:${other}]`);
      expect(t.calls()).toEqual(["DescribeFlowLogs"]);
      expect(cloudFlowLog(t.emu, existing)!.description).toBe(withMarker("theirs", other));
    });

    it("says when the flow log to adopt does not exist", async () => {
      const e = await failure(up(flowLogResource(), { ...NETFLOW, adoptId: "fl-doesnotexist0000" }));
      expect(e.message).toContain(`fl-doesnotexist0000 does not exist in ${REGION}`);
      expect(t.calls().filter((c) => c !== "DescribeFlowLogs")).toEqual([]);
    });
  });

  describe("read", () => {
    it("reads an unchanged flow log in one call; the outputs stay as they were and the program previews no change", async () => {
      const r = flowLogResource();
      const { id, outs, inputs } = await up(r, { ...SLS, description: "d" });
      t.clear();
      const seen = await read(id, outs);
      expect(t.calls()).toEqual(["DescribeFlowLogs"]);
      expect(seen.id).toBe(id);
      expect(seen.props!).toEqual(outs);
      // Refreshed inputs carry no computed output.
      for (const computed of ["flowLogId", "resourceGroupId", "totalSagNum", "status"]) expect(seen.inputs).not.toHaveProperty(computed);
      expect(await diff(id, seen.props!, inputs)).toMatchObject({ changes: false });
      expect(warnings).toEqual([]);
    });

    it("shows drift made out of band (settings and SAGs), which the next update reverts", async () => {
      const r = flowLogResource();
      const { id, outs, inputs } = await up(r, { ...SLS, description: "d", smartAgIds: [S0, S1] });
      await t.outOfBand("ModifyFlowLogAttribute", { FlowLogId: id, ActiveAging: 1200, Description: withMarker("edited", r.token) });
      await t.outOfBand("DisassociateFlowLog", { FlowLogId: id, SmartAGId: S1 });
      t.clear();

      const seen = await read(id, outs);
      expect(t.calls()).toEqual(["DescribeFlowLogs", "DescribeFlowLogSags"]);
      expect(seen.props!).toMatchObject({ activeAging: 1200, description: "edited", smartAgIds: [S0], totalSagNum: 1 });
      expect(seen.props!).not.toHaveProperty("__markerLost");
      expect(warnings).toEqual([]);

      const plan = await diff(id, seen.props!, inputs);
      expect(plan).toMatchObject({ changes: true, replaces: [] });
      t.clear();
      await update(id, seen.props!, inputs);
      expect(t.calls()).toEqual(["ModifyFlowLogAttribute", "AssociateFlowLog"]);
      expect(cloudFlowLog(t.emu, id)).toMatchObject({ activeAging: 300, description: withMarker("d", r.token), smartAGIds: [S0, S1] });
    });

    it("flags a stripped marker (__markerLost), warns, and the next update writes it back", async () => {
      const r = flowLogResource();
      const { id, outs, inputs } = await up(r, { ...SLS, description: "d" });
      await t.outOfBand("ModifyFlowLogAttribute", { FlowLogId: id, Description: "d" });
      t.clear();

      const seen = await read(id, outs);
      expect(seen.props!).toMatchObject({ __markerLost: true, description: "d" });
      expect(seen.inputs).not.toHaveProperty("__markerLost");
      expect(warnings.join("\n")).toContain(`flow log ${id} has lost its idempotency marker [pulumi:${r.token}]`);

      expect(await diff(id, seen.props!, inputs)).toMatchObject({ changes: true });
      t.clear();
      await update(id, seen.props!, inputs);
      expect(t.calls()).toEqual(["ModifyFlowLogAttribute"]);
      expect(cloudFlowLog(t.emu, id)!.description).toBe(withMarker("d", r.token));
    });

    it("flags a marker of another state (__ownedElsewhere); an update then refuses, with no call", async () => {
      const r = flowLogResource();
      const { id, outs, inputs } = await up(r, SLS);
      const other = foreignToken();
      await t.outOfBand("ModifyFlowLogAttribute", { FlowLogId: id, Description: withMarker(undefined, other) });
      t.clear();

      const seen = await read(id, outs);
      expect(seen.props!).toMatchObject({ __ownedElsewhere: other });
      expect(warnings.join("\n")).toContain(`flow log ${id} now carries another resource's marker [pulumi:${other}]`);

      t.clear();
      const e = await failure(update(id, seen.props!, await checked(r, { ...SLS, activeAging: 600 }, inputs)));
      expect(e.message).toContain(`[pulumi:${other}]`);
      expect(t.calls()).toEqual([]);
      expect(cloudFlowLog(t.emu, id)).toMatchObject({ activeAging: 300, description: withMarker(undefined, other) });
    });

    it("reads of many flow logs at once (a refresh) share one listing, taken when the third read arrives", async () => {
      const made = [];
      for (let i = 0; i < 4; i++) made.push(await up(flowLogResource(), SLS));
      const later = laterProcess();
      t.clear();
      // Only timers faked, and never advanced: the reads resolve only if the listing does not wait
      // for the batch window to end.
      jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "clearImmediate", "queueMicrotask", "hrtime", "performance", "Date"] });
      try {
        const seen = await Promise.all(made.map(({ id, outs }) => later.read(id, outs)));
        expect(seen.map((s) => s.id)).toEqual(made.map((m) => m.id));
      } finally {
        jest.useRealTimers();
      }
      expect(t.calls()).toEqual(["DescribeFlowLogs"]);
      expect(businessParams(t.entries("DescribeFlowLogs")[0]!)).toMatchObject({ PageNumber: "1", PageSize: "50" });
    });

    it('returns id "" for a flow log deleted out of band', async () => {
      const { id, outs } = await up(flowLogResource(), SLS);
      await t.outOfBand("DeleteFlowLog", { FlowLogId: id });
      t.clear();
      expect(await read(id, outs)).toEqual({ id: "", props: undefined });
      expect(t.calls()).toEqual(["DescribeFlowLogs"]);
    });
  });

  describe("update", () => {
    it("sends one ModifyFlowLogAttribute with the full desired set for a settings change", async () => {
      const r = flowLogResource();
      const { id, outs, inputs: olds } = await up(r, { ...SLS, description: "d" });
      const news = await checked(r, { ...ALL, description: "d2", activeAging: 900 }, olds);
      expect(await diff(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
      t.clear();

      const { outs: next } = await update(id, outs, news);
      expect(t.calls()).toEqual(["ModifyFlowLogAttribute"]);
      expect(businessParams(t.entries("ModifyFlowLogAttribute")[0]!)).toEqual({
        RegionId: REGION,
        FlowLogId: id,
        Name: r.autoName,
        Description: withMarker("d2", r.token),
        ...ALL_WIRE,
        ActiveAging: "900",
      });
      expect(cloudFlowLog(t.emu, id)).toMatchObject({
        outputType: "all",
        activeAging: 900,
        netflowServerIp: "10.0.0.5",
        description: withMarker("d2", r.token),
      });
      expect(next).toMatchObject({ flowLogId: id, outputType: "all", activeAging: 900, description: "d2", status: "Active" });
    });

    it("changes the status with one ActiveFlowLog / DeactiveFlowLog and nothing else", async () => {
      const r = flowLogResource();
      const { id, outs, inputs } = await up(r, { ...SLS, status: "Active" });
      t.clear();
      const inactive = await update(id, outs, await checked(r, { ...SLS, status: "Inactive" }, inputs));
      expect(t.calls()).toEqual(["DeactiveFlowLog"]);
      expect(cloudFlowLog(t.emu, id)!.status).toBe("Inactive");
      expect(inactive.outs!).toMatchObject({ status: "Inactive" });

      t.clear();
      const active = await update(id, inactive.outs!, await checked(r, { ...SLS, status: "Active" }, inactive.outs!));
      expect(t.calls()).toEqual(["ActiveFlowLog"]);
      expect(cloudFlowLog(t.emu, id)!.status).toBe("Active");
      expect(active.outs!).toMatchObject({ status: "Active" });
    });

    it("associates and disassociates only the difference of smartAgIds", async () => {
      const r = flowLogResource();
      const { id, outs, inputs } = await up(r, { ...NETFLOW, smartAgIds: [S0, S1] });
      t.clear();
      const { outs: next } = await update(id, outs, await checked(r, { ...NETFLOW, smartAgIds: [S2, S1] }, inputs));
      expect(t.entries("DisassociateFlowLog").map((e) => e.params.SmartAGId)).toEqual([S0]);
      expect(t.entries("AssociateFlowLog").map((e) => e.params.SmartAGId)).toEqual([S2]);
      expect(t.calls()).toEqual(["DisassociateFlowLog", "AssociateFlowLog"]);
      expect(cloudFlowLog(t.emu, id)!.smartAGIds.sort()).toEqual([S1, S2]);
      expect(t.emu.state().sags.find((s) => s.smartAGId === S0)!.flowLogId).toBeUndefined();
      expect(next).toMatchObject({ smartAgIds: [S1, S2], totalSagNum: 2 });
    });

    it("makes no call when nothing changed, and keeps the outputs", async () => {
      const r = flowLogResource();
      const { id, outs, inputs } = await up(r, { ...ALL, status: "Active", smartAgIds: [S0] });
      const news = await checked(r, { ...ALL, status: "Active", smartAgIds: [S0] }, inputs);
      expect(await diff(id, outs, news)).toMatchObject({ changes: false });
      t.clear();
      const { outs: next } = await update(id, outs, news);
      expect(t.calls()).toEqual([]);
      expect(next).toEqual(outs);
    });

    it("says how to recover when the flow log is gone", async () => {
      const r = flowLogResource();
      const { id, outs, inputs } = await up(r, SLS);
      await t.outOfBand("DeleteFlowLog", { FlowLogId: id });
      t.clear();
      const e = await failure(update(id, outs, await checked(r, { ...SLS, activeAging: 600 }, inputs)));
      expect(e.message).toContain(`flow log ${id} no longer exists in ${REGION}`);
      expect(e.message).toContain("run `pulumi refresh` to drop it from the stack");
      expect(t.entries("ModifyFlowLogAttribute").map((x) => x.code)).toEqual(["InvalidFlowLogId.NotFound"]);
    });
    it("says how to recover when the flow log is gone and only status or SAGs change", async () => {
      const r = flowLogResource();
      const { id, outs, inputs } = await up(r, SLS);
      await t.outOfBand("DeleteFlowLog", { FlowLogId: id });
      t.clear();
      const e = await failure(update(id, outs, await checked(r, { ...SLS, status: "Inactive" }, inputs)));
      expect(e.message).toContain(`flow log ${id} no longer exists in ${REGION}`);
      expect(e.message).toContain("run `pulumi refresh` to drop it from the stack");
      expect(e).toMatchObject({ code: "InvalidFlowLogId.NotFound" });
      expect(t.entries("DeactiveFlowLog").map((x) => x.code)).toEqual(["InvalidFlowLogId.NotFound"]);
      expect(t.calls()).not.toContain("ModifyFlowLogAttribute");
    });
  });

  describe("delete", () => {
    it("disassociates the SAGs it manages, then deletes (in the process that created it: no listing)", async () => {
      const { id, outs } = await up(flowLogResource(), { ...SLS, smartAgIds: [S0] });
      t.clear();
      await deleteFlowLog(id, outs);
      expect(t.calls()).toEqual(["DescribeFlowLogSags", "DisassociateFlowLog", "DeleteFlowLog"]);
      expect(cloudFlowLog(t.emu, id)).toBeUndefined();
      expect(t.emu.state().sags.find((s) => s.smartAGId === S0)!.flowLogId).toBeUndefined();
    });

    it("in a later process (destroy): one listing checks the marker first", async () => {
      const { id, outs } = await up(flowLogResource(), { ...SLS, smartAgIds: [S0] });
      t.clear();
      await laterProcess().delete(id, outs);
      expect(t.calls()).toEqual(["DescribeFlowLogs", "DescribeFlowLogSags", "DisassociateFlowLog", "DeleteFlowLog"]);
      expect(t.emu.state().flowLogs).toEqual([]);
    });

    it("succeeds when the flow log is already gone", async () => {
      const { id, outs } = await up(flowLogResource(), SLS);
      await t.outOfBand("DeleteFlowLog", { FlowLogId: id });
      t.clear();
      await expect(deleteFlowLog(id, outs)).resolves.toBeUndefined();
      await expect(laterProcess().delete(id, outs)).resolves.toBeUndefined();
      expect(t.entries("DeleteFlowLog").every((e) => e.code === "InvalidFlowLogId.NotFound")).toBe(true);
      expect(t.emu.state().flowLogs).toEqual([]);
    });

    it("leaves a flow log another state has marked since, and warns", async () => {
      const r = flowLogResource();
      const { id, outs } = await up(r, SLS);
      const other = foreignToken();
      await t.outOfBand("ModifyFlowLogAttribute", { FlowLogId: id, Description: withMarker(undefined, other) });
      t.clear();
      await laterProcess().delete(id, outs);
      expect(t.calls()).toEqual(["DescribeFlowLogs"]);
      expect(cloudFlowLog(t.emu, id)!.description).toBe(withMarker(undefined, other));
      expect(warnings.join("\n")).toContain(`flow log ${id} was not deleted: it now carries another resource's marker [pulumi:${other}]`);
    });

    it("in the process that listed the region before another state marked it: the refreshed marker wins, nothing deleted", async () => {
      // A refresh in the same `up` saw the other marker after this process's listing was taken.
      const r = flowLogResource();
      const { id, outs } = await up(r, SLS);
      const other = foreignToken();
      await t.outOfBand("ModifyFlowLogAttribute", { FlowLogId: id, Description: withMarker(undefined, other) });
      const seen = await read(id, outs);
      expect(seen.props!).toMatchObject({ __ownedElsewhere: other });
      t.clear();
      await deleteFlowLog(id, seen.props!);
      expect(t.calls()).not.toContain("DeleteFlowLog");
      expect(cloudFlowLog(t.emu, id)!.description).toBe(withMarker(undefined, other));
      expect(warnings.join("\n")).toContain(`flow log ${id} was not deleted: it now carries another resource's marker [pulumi:${other}]`);
    });

    it("with only the state saying it is owned elsewhere (a stale listing): not deleted", async () => {
      const r = flowLogResource();
      const { id, outs } = await up(r, SLS);
      t.clear();
      await deleteFlowLog(id, { ...outs, __ownedElsewhere: foreignToken() });
      expect(t.calls()).not.toContain("DeleteFlowLog");
      expect(cloudFlowLog(t.emu, id)).toBeDefined();
    });

    it("stops at a SAG the stack does not manage, naming it, and changes nothing", async () => {
      const { id, outs } = await up(flowLogResource(), { ...SLS, smartAgIds: [S0] });
      await t.outOfBand("AssociateFlowLog", { FlowLogId: id, SmartAGId: S1 });
      t.clear();
      const e = await failure(deleteFlowLog(id, outs));
      expect(e.message).toContain(`flow log ${id} is bound to SAG ${S1}, which this stack does not manage`);
      expect(t.calls()).toEqual(["DescribeFlowLogSags"]);
      expect(cloudFlowLog(t.emu, id)!.smartAGIds.sort()).toEqual([S0, S1]);
    });
  });

  describe("check and diff", () => {
    it("make no API call, whatever they are given", async () => {
      const r = flowLogResource();
      const olds = await checked(r, { ...SLS, smartAgIds: [S0] });
      expect((await check({}, r.inputs({ ...SLS, activeAging: 59 }))).failures).toHaveLength(1);
      expect((await check({}, r.inputs({ outputType: "all" }))).failures!.length).toBeGreaterThan(1);
      const outs = { ...olds, flowLogId: "fl-abcdef123456", status: "Active", totalSagNum: 1 };
      const moved = await checked(r, { ...SLS, region: "cn-shanghai" }, olds);
      expect(await diff(outs.flowLogId, outs, moved)).toMatchObject({
        changes: true,
        replaces: ["region"],
        deleteBeforeReplace: true,
      });
      const aged = { ...(await checked(r, { ...SLS, activeAging: 600, smartAgIds: [S1] }, olds)), __replaceOnChanges: ["activeAging"] };
      expect(await diff(outs.flowLogId, outs, aged)).toMatchObject({ changes: true, replaces: ["activeAging"] });
      expect(await diff(outs.flowLogId, outs, olds)).toMatchObject({ changes: false, replaces: [] });
      expect(t.emu.journal()).toEqual([]);
    });

    it("reports a SAG another flow log of the deployment lists in the region, naming it, with no API call", async () => {
      const [a, b] = [flowLogResource(), flowLogResource()];
      await checked(a, { ...SLS, name: "edge-a", smartAgIds: [S0] });
      expect((await check({}, b.inputs({ ...SLS, name: "edge-b", smartAgIds: [S1, S0] }))).failures).toEqual([
        {
          property: "",
          reason:
            `smartAgIds: "${S0}" is invalid: is also listed in smartAgIds of sag.FlowLog "edge-a" in cn-hangzhou: ` +
            "a SAG feeds only one flow log (AssociateFlowLog: OperationFailed.AssociateFlowLog)",
        },
      ]);
      // The first flow log lets the SAG go (a move between two flow logs in one deployment): fine.
      await checked(a, { ...SLS, name: "edge-a", smartAgIds: [] });
      await checked(b, { ...SLS, name: "edge-b", smartAgIds: [S1, S0] });
      expect(t.emu.journal()).toEqual([]);
    });
  });
});

describe("sag.FlowLog provider: a create that fails part-way", () => {
  // Two attempts per call keep the injected failure quick.
  const tf = useEmulator({}, { ALICLOUD_TRAFFIC_MAX_ATTEMPTS: "2" });

  it("CreateFlowLog answered with 5xx every time: sent at most ALICLOUD_TRAFFIC_MAX_ATTEMPTS times in all (one shared budget)", async () => {
    const inputs = await checked(flowLogResource(), SLS);
    const fault = tf.emu.injectFault({ action: "CreateFlowLog", kind: "internal" });
    const e = await failure(create(inputs));
    expect(e.message).toContain("CreateFlowLog failed: InternalError");
    // Two attempts in all (the budget above), each failure answered, so each followed by a look by name.
    expect(tf.entries("CreateFlowLog").map((x) => [x.fault?.id, x.code])).toEqual([
      [fault.id, "InternalError"],
      [fault.id, "InternalError"],
    ]);
    expect(tf.emu.faults()[0]!.injected).toBe(2);
    expect(tf.emu.state().flowLogs).toEqual([]);
  });

  it("throttled, then 5xx, twice over: still at most ALICLOUD_TRAFFIC_MAX_ATTEMPTS CreateFlowLog (the budgets do not multiply)", async () => {
    const inputs = await checked(flowLogResource(), SLS);
    // Faults fire in order, each once: the client's retry of the throttled call meets the 5xx.
    const faults = ["throttling", "internal", "throttling", "internal"].map((kind) =>
      tf.emu.injectFault({ action: "CreateFlowLog", kind: kind as "throttling" | "internal", count: 1 }),
    );
    await failure(create(inputs));
    expect(tf.entries("CreateFlowLog").map((x) => x.code)).toEqual(["Throttling", "InternalError"]);
    expect(tf.emu.faults().map((f) => f.injected)).toEqual([1, 1, 0, 0]);
    expect(faults).toHaveLength(4);
    expect(tf.emu.state().flowLogs).toEqual([]);
  });

  it("AssociateFlowLog failing: the error carries the id and what was done; the next update does the rest", async () => {
    const r = flowLogResource();
    const inputs = await checked(r, { ...SLS, status: "Inactive", smartAgIds: [S0] });
    const fault = tf.emu.injectFault({ action: "AssociateFlowLog", kind: "internal" });
    const e = await failure(create(inputs));

    const associations = tf.entries("AssociateFlowLog");
    expect(associations.map((x) => [x.fault?.id, x.code])).toEqual([
      [fault.id, "InternalError"],
      [fault.id, "InternalError"],
    ]);
    expect(tf.emu.faults()[0]!.injected).toBe(2);

    const [cloud, ...more] = tf.emu.state().flowLogs;
    expect(more).toEqual([]);
    expect(e.id).toBe(cloud!.flowLogId);
    expect(e.message).toContain(`flow log ${cloud!.flowLogId} was created but not fully configured`);
    expect(e.message).toContain("AssociateFlowLog");
    expect(cloud).toMatchObject({ status: "Inactive", smartAGIds: [] });
    expect(e.properties).toMatchObject({
      ...SLS,
      flowLogId: cloud!.flowLogId,
      status: "Inactive",
      smartAgIds: [],
      totalSagNum: 0,
      __token: r.token,
      __provider: PROVIDER,
    });

    // The engine records the partial resource with these properties; the next `up` updates it.
    tf.emu.clearFaults();
    tf.clear();
    expect(await diff(e.id, e.properties, inputs)).toMatchObject({ changes: true, replaces: [] });
    const { outs } = await update(e.id, e.properties, inputs);
    expect(tf.calls()).toEqual(["AssociateFlowLog"]);
    expect(cloudFlowLog(tf.emu, e.id)!.smartAGIds).toEqual([S0]);
    expect(outs).toMatchObject({ smartAgIds: [S0], status: "Inactive", totalSagNum: 1 });
  });

  it("records each SAG associated before the one that failed", async () => {
    const e = await failure(up(flowLogResource(), { ...NETFLOW, smartAgIds: [UNSUPPORTED_SAG, S0] }));
    const [cloud] = tf.emu.state().flowLogs;
    expect(e.id).toBe(cloud!.flowLogId);
    expect(e.message).toContain(UNSUPPORTED_SAG);
    expect(cloud!.smartAGIds).toEqual([S0]);
    expect(e.properties).toMatchObject({ smartAgIds: [S0], totalSagNum: 1 });
  });
});
