/**
 * smartag through the generic Alibaba client `@alicloud/openapi-core` `callApi`: signature V3
 * (ACS3-HMAC-SHA256, its default) and the V1 Tea split (`signatureAlgorithm: "v2"`: common params in the
 * query, business params in the form body).
 */
import type { RunningEmulator } from "../../emulator";
import { SLS_LOG, SMARTAG, expectOpenApiError, openApiCall, openApiClient, start } from "./helpers";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const HZ = "cn-hangzhou";

describe.each([
  ["V3 (ACS3-HMAC-SHA256)", false, "v3"],
  ["V1 Tea split", true, "v1"],
] as const)("all ten flow-log actions via openapi-core %s", (_label, v1, signatureVersion) => {
  it("runs the whole lifecycle with business params in the form body", async () => {
    const client = openApiClient(emu.url, { v1 });
    const api = async (action: string, body: Record<string, string>) => {
      const out = await openApiCall(client, action, SMARTAG, { RegionId: HZ }, body);
      expect(out.statusCode).toBe(200);
      expect(out.body.RequestId).toEqual(expect.any(String));
      return out.body;
    };
    const { FlowLogId } = await api("CreateFlowLog", { ...SLS_LOG, Name: "my log (1)*!'~", Description: "a b&c=d/é" });
    const listed = await api("DescribeFlowLogs", { FlowLogId });
    expect(listed.FlowLogs.FlowLogSetType[0]).toMatchObject({ Name: "my log (1)*!'~", Description: "a b&c=d/é" });
    await api("ModifyFlowLogAttribute", { FlowLogId, InactiveAging: "20" });
    await api("DeactiveFlowLog", { FlowLogId });
    await api("ActiveFlowLog", { FlowLogId });
    await api("AssociateFlowLog", { FlowLogId, SmartAGId: "sag-demohangzhou000003" });
    expect((await api("DescribeFlowLogSags", { FlowLogId })).TotalCount).toBe(1);
    expect((await api("DescribeUnbindFlowLogSags", {})).Count).toBe(8);
    await api("DisassociateFlowLog", { FlowLogId, SmartAGId: "sag-demohangzhou000003" });
    await api("DeleteFlowLog", { FlowLogId });
    expect((await api("DescribeFlowLogs", {})).TotalCount).toBe(0);

    const versions = new Set(emu.journal().map((e) => e.signatureVersion));
    expect([...versions]).toEqual([signatureVersion]);
  });

  it("surfaces service errors as openapi-core ClientErrors with the envelope", async () => {
    const client = openApiClient(emu.url, { v1 });
    await expectOpenApiError(
      openApiCall(client, "DeleteFlowLog", SMARTAG, { RegionId: HZ }, { FlowLogId: "fl-000000000000000000" }),
      "InvalidFlowLogId.NotFound",
      400,
    );
    await expectOpenApiError(
      openApiCall(client, "CreateFlowLog", SMARTAG, { RegionId: HZ }, { OutputType: "sls" }),
      "MissingParam.SlsRegionId",
      400,
    );
  });
});
