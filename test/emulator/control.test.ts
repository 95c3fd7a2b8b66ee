/**
 * Control plane (/_emulator/...) and fault injection, over HTTP and through the programmatic handle.
 */
import type { RunningEmulator } from "../../emulator";
import { SLS_LOG, SMARTAG, VPC, call, expectPopError, openApiCall, openApiClient, pop, raw, start, v1Params, v1Request } from "./helpers";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start({ seed: 42 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const HZ = "cn-hangzhou";
const post = (path: string, body?: unknown) =>
  raw(emu.url, {
    method: "POST",
    path,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const create = (client = pop(emu.url, SMARTAG)) => call(client, "CreateFlowLog", { RegionId: HZ, ...SLS_LOG });

describe("health, journal, state, reset", () => {
  it("GET /_emulator/health", async () => {
    const r = await raw(emu.url, { path: "/_emulator/health" });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: "ok", persistent: false });
    expect(r.json.products).toEqual([
      expect.objectContaining({ product: "smartag", version: SMARTAG }),
      expect.objectContaining({ product: "vpc", version: VPC }),
    ]);
    expect(r.json.products[0].actions).toHaveLength(10);
  });

  it("GET /_emulator/journal records every API request with the documented fields; DELETE clears it", async () => {
    await create();
    await v1Request(emu.url, v1Params("DescribeFlowLogs", SMARTAG, { RegionId: HZ }), { secret: "bad" });
    const r = await raw(emu.url, { path: "/_emulator/journal" });
    const [ok, rejected] = r.json.entries;
    expect(ok).toEqual({
      seq: expect.any(Number),
      time: expect.any(String),
      requestId: expect.any(String),
      product: "smartag",
      version: SMARTAG,
      action: "CreateFlowLog",
      regionId: HZ,
      params: expect.objectContaining({ OutputType: "sls", RegionId: HZ, Action: "CreateFlowLog" }),
      signatureVersion: "v1",
      httpStatus: 200,
      code: null,
      ms: expect.any(Number),
      fault: null,
    });
    expect(rejected).toMatchObject({ action: "DescribeFlowLogs", httpStatus: 400, code: "SignatureDoesNotMatch" });
    for (const e of r.json.entries) for (const k of ["Signature", "AccessKeyId", "SecurityToken"]) expect(e.params).not.toHaveProperty(k);

    const since = await raw(emu.url, { path: `/_emulator/journal?since=${ok.seq}` });
    expect(since.json.entries).toHaveLength(1);
    expect((await raw(emu.url, { method: "DELETE", path: "/_emulator/journal" })).status).toBe(200);
    expect((await raw(emu.url, { path: "/_emulator/journal" })).json.entries).toEqual([]);
    expect(emu.journal()).toEqual([]);
  });

  it("GET /_emulator/state shows flow logs with their SAGs, SAGs and mirror status", async () => {
    const { FlowLogId } = await create();
    await call(pop(emu.url, SMARTAG), "AssociateFlowLog", { RegionId: HZ, FlowLogId, SmartAGId: "sag-demohangzhou000004" });
    await call(pop(emu.url, VPC), "OpenTrafficMirrorService", { RegionId: "cn-shanghai" });
    const r = await raw(emu.url, { path: "/_emulator/state" });
    expect(r.json.flowLogs).toEqual([
      expect.objectContaining({ flowLogId: FlowLogId, regionId: HZ, status: "Active", smartAGIds: ["sag-demohangzhou000004"] }),
    ]);
    expect(r.json.sags).toHaveLength(17);
    expect(r.json.sags).toContainEqual(expect.objectContaining({ smartAGId: "sag-legacyhangzhou0001", flowLogSupported: false }));
    expect(r.json.trafficMirror).toEqual([expect.objectContaining({ regionId: "cn-shanghai", enabled: true })]);
    expect(emu.state()).toEqual(r.json);
  });

  it("POST /_emulator/reset clears state, journal and faults and reseeds the SAGs", async () => {
    const { FlowLogId } = await create();
    await call(pop(emu.url, SMARTAG), "AssociateFlowLog", { RegionId: HZ, FlowLogId, SmartAGId: "sag-demohangzhou000001" });
    emu.injectFault({ action: "DescribeFlowLogs", kind: "internal" });
    expect((await post("/_emulator/reset")).json).toEqual({ reset: true });
    const state = emu.state();
    expect(state.flowLogs).toEqual([]);
    expect(state.sags.every((s) => s.flowLogId === undefined)).toBe(true);
    expect(state.sags).toHaveLength(17);
    expect(emu.journal()).toEqual([]);
    expect(emu.faults()).toEqual([]);
    await call(pop(emu.url, SMARTAG), "DescribeFlowLogs", { RegionId: HZ });
  });

  it("unknown control endpoints are 404, bad bodies 400", async () => {
    expect((await raw(emu.url, { path: "/_emulator/nope" })).status).toBe(404);
    expect((await raw(emu.url, { method: "PUT", path: "/_emulator/reset" })).status).toBe(404);
    expect(
      (
        await raw(emu.url, {
          method: "POST",
          path: "/_emulator/faults",
          headers: { "content-type": "application/json" },
          body: "{not json",
        })
      ).status,
    ).toBe(400);
    expect((await post("/_emulator/outage", { ms: -5 })).status).toBe(400);
  });
});

describe("fault injection", () => {
  it.each([
    ["throttling", "Throttling", 400],
    ["throttling-user", "Throttling.User", 400],
    ["unavailable", "ServiceUnavailable", 503],
    ["internal", "InternalError", 500],
  ])("%s answers %s (%i) and is journaled", async (kind, code, status) => {
    const r = await post("/_emulator/faults", { action: "DescribeFlowLogs", kind });
    expect(r.status).toBe(201);
    expect(r.json.fault).toMatchObject({ id: expect.any(String), action: "DescribeFlowLogs", kind, rate: 1, count: null, injected: 0 });
    await expectPopError(call(pop(emu.url, SMARTAG), "DescribeFlowLogs", { RegionId: HZ }), code, status);
    // Other actions are untouched.
    await call(pop(emu.url, SMARTAG), "DescribeUnbindFlowLogSags", { RegionId: HZ });
    expect(emu.journal()[0]).toMatchObject({ action: "DescribeFlowLogs", httpStatus: status, code, fault: { kind } });
  });

  it("throttling is an openapi-core ThrottlingError", async () => {
    emu.injectFault({ action: "*", kind: "throttling" });
    await expect(openApiCall(openApiClient(emu.url), "DescribeFlowLogs", SMARTAG, { RegionId: HZ })).rejects.toMatchObject({
      name: "ThrottlingError",
      code: "Throttling",
      statusCode: 400,
    });
  });

  it("bad-gateway answers a non-JSON HTML 502 (pop-core rejects with a plain SyntaxError object)", async () => {
    emu.injectFault({ action: "DescribeFlowLogs", kind: "bad-gateway" });
    let caught: any;
    await call(pop(emu.url, SMARTAG), "DescribeFlowLogs", { RegionId: HZ }).catch((e) => (caught = e));
    expect(caught).toMatchObject({ name: "SyntaxError" });
    expect(caught instanceof Error).toBe(false);
    const r = await v1Request(emu.url, v1Params("DescribeFlowLogs", SMARTAG, { RegionId: HZ }));
    expect(r.status).toBe(502);
    expect(r.headers["content-type"]).toBe("text/html");
    expect(r.text).toContain("502 Bad Gateway");
    expect(emu.journal().at(-1)).toMatchObject({ httpStatus: 502, code: null, fault: { kind: "bad-gateway" } });
  });

  it("latency delays, then serves normally", async () => {
    emu.injectFault({ action: "DescribeFlowLogs", kind: "latency", latencyMs: 250 });
    const t0 = Date.now();
    const r = await call(pop(emu.url, SMARTAG), "DescribeFlowLogs", { RegionId: HZ });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    expect(r.TotalCount).toBe(0);
    expect(emu.journal()[0]).toMatchObject({ httpStatus: 200, fault: { kind: "latency" } });
    expect(emu.journal()[0]!.ms).toBeGreaterThanOrEqual(240);
  });

  it("commit-drop: the flow log exists although the client saw no response", async () => {
    emu.injectFault({ action: "CreateFlowLog", kind: "commit-drop", count: 1 });
    let caught: any;
    await create().catch((e) => (caught = e));
    expect(caught).toBeDefined();
    expect(String(caught.code ?? caught.message)).toMatch(/ECONNRESET|socket hang up/i);
    expect(emu.state().flowLogs).toHaveLength(1);
    expect(emu.journal()[0]).toMatchObject({ action: "CreateFlowLog", httpStatus: null, code: null, fault: { kind: "commit-drop" } });
    // count: 1 → the retry goes through, leaving the duplicate a client without reconciliation would create.
    await create();
    expect(emu.state().flowLogs).toHaveLength(2);
  });

  it("count limits injections; rate 0 never fires; '*' matches every action", async () => {
    emu.injectFault({ action: "*", kind: "internal", count: 2 });
    emu.injectFault({ action: "DescribeFlowLogs", kind: "unavailable", rate: 0 });
    const client = pop(emu.url, SMARTAG);
    await expectPopError(call(client, "DescribeUnbindFlowLogSags", { RegionId: HZ }), "InternalError", 500);
    await expectPopError(call(client, "DescribeFlowLogs", { RegionId: HZ }), "InternalError", 500);
    await call(client, "DescribeFlowLogs", { RegionId: HZ });
    expect(emu.faults().map((f) => f.injected)).toEqual([2, 0]);
  });

  it("a seeded rate is reproducible", async () => {
    const pattern = async (e: RunningEmulator) => {
      e.injectFault({ action: "DescribeFlowLogs", kind: "internal", rate: 0.5 });
      const out: boolean[] = [];
      for (let i = 0; i < 20; i++) {
        out.push(
          await call(pop(e.url, SMARTAG), "DescribeFlowLogs", { RegionId: HZ }).then(
            () => true,
            () => false,
          ),
        );
      }
      return out;
    };
    const other = await start({ seed: 42 });
    try {
      const a = await pattern(emu);
      const b = await pattern(other);
      expect(a).toEqual(b);
      expect(a.filter(Boolean).length).toBeGreaterThan(2);
      expect(a.filter((x) => !x).length).toBeGreaterThan(2);
    } finally {
      await other.close();
    }
  });

  it("faults apply only after signature verification", async () => {
    emu.injectFault({ action: "*", kind: "internal" });
    const r = await v1Request(emu.url, v1Params("DescribeFlowLogs", SMARTAG, { RegionId: HZ }), { secret: "wrong" });
    expect(r.json.Code).toBe("SignatureDoesNotMatch");
    expect(emu.faults()[0]!.injected).toBe(0);
  });

  it("GET lists faults, DELETE /<id> removes one, DELETE clears all; invalid specs are 400", async () => {
    const a = (await post("/_emulator/faults", { action: "CreateFlowLog", kind: "latency", latencyMs: 5 })).json.fault;
    await post("/_emulator/faults", { action: "*", kind: "throttling", rate: 0.1, count: 3 });
    expect((await raw(emu.url, { path: "/_emulator/faults" })).json.faults).toHaveLength(2);
    expect((await raw(emu.url, { method: "DELETE", path: `/_emulator/faults/${a.id}` })).status).toBe(200);
    expect((await raw(emu.url, { method: "DELETE", path: `/_emulator/faults/${a.id}` })).status).toBe(404);
    expect((await raw(emu.url, { method: "DELETE", path: "/_emulator/faults" })).status).toBe(200);
    expect(emu.faults()).toEqual([]);
    for (const bad of [
      { action: "X", kind: "explode" },
      { kind: "internal" },
      { action: "X", kind: "internal", rate: 2 },
      { action: "X", kind: "internal", count: 0 },
      { action: "X", kind: "latency" },
      { action: "X", kind: "internal", extra: 1 },
    ]) {
      const r = await post("/_emulator/faults", bad);
      expect(r.status).toBe(400);
      expect(r.json.error).toEqual(expect.any(String));
    }
    expect(() => emu.injectFault({ action: "X", kind: "latency" })).toThrow(/latencyMs/);
  });
});

describe("outage", () => {
  const refused = async (url: string) =>
    raw(url, { path: "/_emulator/health" }).then(
      () => false,
      (e: NodeJS.ErrnoException) => e.code === "ECONNREFUSED",
    );

  it("POST /_emulator/outage refuses connections for ms, then listens again on the same port", async () => {
    const e = await start();
    try {
      const client = pop(e.url, SMARTAG);
      await call(client, "DescribeFlowLogs", { RegionId: HZ }); // a pooled keep-alive socket exists now
      const r = await raw(e.url, {
        method: "POST",
        path: "/_emulator/outage",
        headers: { "content-type": "application/json" },
        body: '{"ms":600}',
      });
      expect(r.status).toBe(202);
      expect(r.json).toEqual({ outageMs: 600 });
      await new Promise((res) => setTimeout(res, 100));
      expect(await refused(e.url)).toBe(true);
      await expect(call(client, "DescribeFlowLogs", { RegionId: HZ })).rejects.toMatchObject({
        code: expect.stringMatching(/ECONNREFUSED|ECONNRESET/),
      });
      await new Promise((res) => setTimeout(res, 800));
      expect(await refused(e.url)).toBe(false);
      expect((await call(client, "DescribeFlowLogs", { RegionId: HZ })).TotalCount).toBe(0);
    } finally {
      await e.close();
    }
  });

  it("the programmatic outage resolves once the listener is down", async () => {
    const e = await start();
    try {
      await e.outage(300);
      expect(await refused(e.url)).toBe(true);
      await expect(e.outage(300)).rejects.toThrow(/already/);
      await new Promise((res) => setTimeout(res, 450));
      expect(await refused(e.url)).toBe(false);
    } finally {
      await e.close();
    }
  });

  it("close() during an outage does not listen again", async () => {
    const e = await start();
    const port = e.port;
    await e.outage(100);
    await e.close();
    await new Promise((res) => setTimeout(res, 200));
    expect(await refused(`http://127.0.0.1:${port}`)).toBe(true);
  });
});
