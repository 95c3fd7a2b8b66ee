/**
 * VPC 2016-04-28 traffic-mirroring enablement through @alicloud/vpc20160428 (V3, its default signature)
 * and @alicloud/pop-core (V1): status, open, ClientToken idempotency, ORDER.OPEND, activation delay,
 * concurrency and control-plane drift.
 */
import Vpc, { GetTrafficMirrorServiceStatusRequest, OpenTrafficMirrorServiceRequest } from "@alicloud/vpc20160428";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type { RunningEmulator } from "../../emulator";
import { AK, SECRET, VPC, call, expectOpenApiError, expectPopError, pop, raw, start } from "./helpers";

function vpcClient(url: string): Vpc {
  return new Vpc(new $OpenApiUtil.Config({ accessKeyId: AK, accessKeySecret: SECRET, endpoint: new URL(url).host, protocol: "http" }));
}

const open = (c: Vpc, regionId?: string, clientToken?: string) =>
  c.openTrafficMirrorService(new OpenTrafficMirrorServiceRequest({ regionId, clientToken }));
const status = async (c: Vpc, regionId: string) =>
  (await c.getTrafficMirrorServiceStatus(new GetTrafficMirrorServiceStatusRequest({ regionId }))).body!.enabled;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe("with @alicloud/vpc20160428 (V3)", () => {
  it("reports Enabled false, opens with Code 200 / successful, then reports Enabled true", async () => {
    const c = vpcClient(emu.url);
    expect(await status(c, "cn-shanghai")).toBe(false);
    const r = await open(c, "cn-shanghai");
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatchObject({ code: "200", message: "successful", requestId: expect.any(String) });
    expect(await status(c, "cn-shanghai")).toBe(true);
    expect(await status(c, "cn-beijing")).toBe(false); // per region
  });

  it("answers ORDER.OPEND (400) to an open of an already-open region", async () => {
    const c = vpcClient(emu.url);
    await open(c, "cn-hangzhou");
    await expectOpenApiError(open(c, "cn-hangzhou"), "ORDER.OPEND", 400);
  });

  it("ClientToken: same token + same params → same result, no second effect", async () => {
    const c = vpcClient(emu.url);
    const first = await open(c, "cn-hangzhou", "tok-0001");
    const openedAt = emu.state().trafficMirror[0]!.openedAt;
    const again = await open(c, "cn-hangzhou", "tok-0001");
    expect(again.body).toMatchObject({ code: first.body!.code, message: first.body!.message });
    expect(again.body!.requestId).not.toBe(first.body!.requestId);
    expect(emu.state().trafficMirror).toEqual([expect.objectContaining({ regionId: "cn-hangzhou", openedAt })]);
  });

  it("ClientToken: same token + different params → IdempotentParameterMismatch", async () => {
    const c = vpcClient(emu.url);
    await open(c, "cn-hangzhou", "tok-0002");
    await expectOpenApiError(open(c, "cn-shanghai", "tok-0002"), "IdempotentParameterMismatch", 400);
    expect(await status(c, "cn-shanghai")).toBe(false);
  });

  it("a new token on an open region is ORDER.OPEND", async () => {
    const c = vpcClient(emu.url);
    await open(c, "cn-hangzhou", "tok-a");
    await expectOpenApiError(open(c, "cn-hangzhou", "tok-b"), "ORDER.OPEND", 400);
  });

  it("rejects malformed regions and client tokens", async () => {
    const c = vpcClient(emu.url);
    await expectOpenApiError(open(c, "Not A Region"), "InvalidRegionId.NotFound", 404);
    await expectOpenApiError(open(c, "cn-hangzhou", "t".repeat(65)), "InvalidParameter", 400);
    await expectOpenApiError(open(c, "cn-hangzhou", "tök"), "InvalidParameter", 400);
  });
});

describe("with @alicloud/pop-core (V1)", () => {
  it("resolves the Code '200' success body instead of throwing", async () => {
    const r = await call(pop(emu.url, VPC), "OpenTrafficMirrorService", { RegionId: "ap-southeast-1" });
    expect(r).toEqual({ RequestId: expect.any(String), Code: "200", Message: "successful" });
    const s = await call(pop(emu.url, VPC), "GetTrafficMirrorServiceStatus", { RegionId: "ap-southeast-1" }, "GET");
    expect(s).toEqual({ RequestId: expect.any(String), Enabled: true });
  });

  it("Open without RegionId uses cn-hangzhou (central endpoint); Get without RegionId is MissingRegionId", async () => {
    await call(pop(emu.url, VPC), "OpenTrafficMirrorService", {});
    expect(emu.state().trafficMirror.map((m) => m.regionId)).toEqual(["cn-hangzhou"]);
    await expectPopError(call(pop(emu.url, VPC), "GetTrafficMirrorServiceStatus", {}), "MissingRegionId", 400);
  });

  it("actions the emulator does not implement do not exist under 2016-04-28", async () => {
    await expectPopError(call(pop(emu.url, VPC), "DescribeVpcs", { RegionId: "cn-hangzhou" }), "InvalidApi.NotFound", 404);
    await expectPopError(call(pop(emu.url, VPC), "CloseTrafficMirrorService", { RegionId: "cn-hangzhou" }), "InvalidApi.NotFound", 404);
  });
});

describe("activation delay", () => {
  let slow: RunningEmulator;
  beforeAll(async () => {
    slow = await start({ mirrorActivationMs: 1500 });
  });
  afterAll(() => slow.close());

  it("is not Enabled until the delay passes; a second open meanwhile is OperationConflict", async () => {
    const c = vpcClient(slow.url);
    await open(c, "cn-hangzhou", "tok-slow");
    expect(await status(c, "cn-hangzhou")).toBe(false);
    await expectOpenApiError(open(c, "cn-hangzhou"), "OperationConflict", 400);
    // The same token is still a replay, not a conflict.
    expect((await open(c, "cn-hangzhou", "tok-slow")).body!.code).toBe("200");
    const deadline = Date.now() + 10_000;
    while (!(await status(c, "cn-hangzhou"))) {
      if (Date.now() > deadline) throw new Error("never enabled");
      await new Promise((r) => setTimeout(r, 50));
    }
    await expectOpenApiError(open(c, "cn-hangzhou"), "ORDER.OPEND", 400);
  });
});

describe("concurrent opens in one region", () => {
  it.each([
    ["memory-only", false],
    ["persistent, with latency", true],
  ])("never both take effect (%s)", async (_label, persistent) => {
    const dir = mkdtempSync(path.join(tmpdir(), "emu-vpc-"));
    const e = await start(persistent ? { statePath: path.join(dir, "state.json") } : {});
    try {
      if (persistent) e.injectFault({ action: "OpenTrafficMirrorService", kind: "latency", latencyMs: 30 });
      const c = vpcClient(e.url);
      const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => open(c, "eu-central-1", `tok-${i}`)));
      const ok = results.filter((r) => r.status === "fulfilled");
      const codes = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code: string }).code] : []));
      expect(ok).toHaveLength(1);
      expect(new Set(codes)).toEqual(new Set(["ORDER.OPEND"]));
      expect(e.state().trafficMirror).toHaveLength(1);
    } finally {
      await e.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("drift", () => {
  it("the control plane can disable a region; the API can open it again", async () => {
    const c = vpcClient(emu.url);
    await open(c, "cn-hangzhou");
    const r = await raw(emu.url, { method: "POST", path: "/_emulator/vpc/traffic-mirror/cn-hangzhou/disable" });
    expect(r.json).toEqual({ regionId: "cn-hangzhou", enabled: false, wasOpen: true });
    expect(await status(c, "cn-hangzhou")).toBe(false);
    await open(c, "cn-hangzhou");
    expect(await status(c, "cn-hangzhou")).toBe(true);
    expect(await emu.disableTrafficMirror("cn-hangzhou")).toBe(true);
    expect(await emu.disableTrafficMirror("cn-hangzhou")).toBe(false);
  });
});
