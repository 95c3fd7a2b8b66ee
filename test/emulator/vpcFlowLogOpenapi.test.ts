/**
 * Conformance with the official client: @alicloud/vpc20160428 (V3 signature, every parameter in the query,
 * repeat lists flattened by the SDK) drives the VPC flow-log family through open / status / create /
 * describe / modify / deactive / active / tag / untag / delete, waiting on the documented statuses the way a
 * provider polls, and reads every answer through the SDK's own response models (their names and types:
 * `TotalCount` a string, `AggregationInterval` a number, `Enabled` a boolean).
 */
import Vpc, {
  ActiveFlowLogRequest,
  CreateFlowLogRequest,
  CreateFlowLogRequestTag,
  DeactiveFlowLogRequest,
  DeleteFlowLogRequest,
  DescribeFlowLogsRequest,
  DescribeFlowLogsRequestTags,
  GetFlowLogServiceStatusRequest,
  ListTagResourcesRequest,
  ModifyFlowLogAttributeRequest,
  OpenFlowLogServiceRequest,
  TagResourcesRequest,
  TagResourcesRequestTag,
  UnTagResourcesRequest,
} from "@alicloud/vpc20160428";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import type { RunningEmulator } from "../../emulator";
import { AK, SECRET, expectOpenApiError, start } from "./helpers";

const regionId = "cn-hongkong"; // seeded too
const ENI = "eni-demohongkong0001";

let emu: RunningEmulator;
let vpc: Vpc;
beforeAll(async () => {
  emu = await start();
  vpc = new Vpc(new $OpenApiUtil.Config({ accessKeyId: AK, accessKeySecret: SECRET, endpoint: new URL(emu.url).host, protocol: "http" }));
});
afterAll(() => emu.close());

const flowLog = async (id: string) =>
  (await vpc.describeFlowLogs(new DescribeFlowLogsRequest({ regionId, flowLogId: id }))).body!.flowLogs!.flowLog![0];
const status = async (id: string) => (await flowLog(id))?.status;

/** Polls like a provider: until `read` gives `want` (the default transition delay is 300 ms). */
async function waitFor(read: () => Promise<string | undefined>, want: string | undefined): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await read()) !== want) {
    if (Date.now() > deadline) throw new Error(`never ${String(want)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it("runs a flow log through its whole lifecycle with the official SDK", async () => {
  // The service.
  const closed = await vpc.getFlowLogServiceStatus(new GetFlowLogServiceStatusRequest({ regionId, clientToken: "sdk-status-1" }));
  expect(closed.body).toMatchObject({ enabled: false, requestId: expect.any(String) });
  await expectOpenApiError(
    vpc.createFlowLog(new CreateFlowLogRequest({ regionId, resourceType: "NetworkInterface", resourceId: ENI, trafficType: "All" })),
    "OperationFailed.FlowLogServiceNotOpened",
    400,
  );
  const opened = await vpc.openFlowLogService(new OpenFlowLogServiceRequest({ regionId, clientToken: "sdk-open-1" }));
  expect(opened.statusCode).toBe(200);
  expect(opened.body).toMatchObject({ code: "200", message: "successful", requestId: expect.any(String) });
  expect((await vpc.openFlowLogService(new OpenFlowLogServiceRequest({ regionId, clientToken: "sdk-open-1" }))).body!.code).toBe("200");
  const again = await expectOpenApiError(
    vpc.openFlowLogService(new OpenFlowLogServiceRequest({ regionId })),
    "OperationFailed.ExceedPurchaseLimit",
    400,
  );
  expect(again.data.Message).toBe("You have reached the limit of purchase quantity.");
  expect((await vpc.getFlowLogServiceStatus(new GetFlowLogServiceStatusRequest({ regionId }))).body!.enabled).toBe(true);

  // Create with every documented parameter the SDK sends.
  const created = await vpc.createFlowLog(
    new CreateFlowLogRequest({
      regionId,
      resourceType: "VSwitch",
      resourceId: "vsw-demohongkong0001",
      trafficType: "Allow",
      projectName: "sdk-project",
      logStoreName: "sdk_store",
      aggregationInterval: 5,
      trafficPath: ["all", "natGateway"],
      flowLogName: "sdk flow log",
      description: "made by the SDK",
      ipVersion: "IPv4",
      tag: [new CreateFlowLogRequestTag({ key: "owner", value: "sdk" })],
    }),
  );
  expect(created.body).toMatchObject({
    flowLogId: expect.stringMatching(/^fl-[a-z0-9]{20}$/),
    resourceGroupId: "rg-acfmxemulator01",
    success: "true",
    requestId: expect.any(String),
  });
  const id = created.body!.flowLogId!;
  expect(await status(id)).toBe("Activating");
  await waitFor(() => status(id), "Active");

  const listed = (await vpc.describeFlowLogs(new DescribeFlowLogsRequest({ regionId, pageNumber: 1, pageSize: 50 }))).body!;
  expect(listed).toMatchObject({ success: "true", totalCount: "1", pageNumber: "1", pageSize: "50" });
  expect(listed.flowLogs!.flowLog![0]).toMatchObject({
    flowLogId: id,
    flowLogName: "sdk flow log",
    description: "made by the SDK",
    regionId,
    resourceGroupId: "rg-acfmxemulator01",
    resourceType: "VSwitch",
    resourceId: "vsw-demohongkong0001",
    trafficType: "Allow",
    projectName: "sdk-project",
    logStoreName: "sdk_store",
    aggregationInterval: 5,
    status: "Active",
    businessStatus: "Normal",
    creationTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    ipVersion: "IPv4",
    serviceType: "",
    flowLogDeliverStatus: "SUCCESS",
    tags: { tag: [{ key: "owner", value: "sdk" }] },
    trafficPath: { trafficPathList: ["all", "natGateway"] },
  });
  // Filters the SDK names: VpcId (the vSwitch's VPC) and Tags.N.
  const filtered = await vpc.describeFlowLogs(
    new DescribeFlowLogsRequest({
      regionId,
      vpcId: "vpc-demohongkong0001",
      tags: [new DescribeFlowLogsRequestTags({ key: "owner", value: "sdk" })],
    }),
  );
  expect(filtered.body!.totalCount).toBe("1");

  // Modify, deactive, active: each asynchronous.
  await vpc.modifyFlowLogAttribute(
    new ModifyFlowLogAttributeRequest({ regionId, flowLogId: id, aggregationInterval: 1, flowLogName: "renamed" }),
  );
  expect(await status(id)).toBe("Modifying");
  await expectOpenApiError(vpc.deactiveFlowLog(new DeactiveFlowLogRequest({ regionId, flowLogId: id })), "IncorrectStatus.flowlog", 400);
  await waitFor(() => status(id), "Active");
  expect(await flowLog(id)).toMatchObject({ flowLogName: "renamed", aggregationInterval: 1, description: "made by the SDK" });
  expect((await vpc.deactiveFlowLog(new DeactiveFlowLogRequest({ regionId, flowLogId: id }))).body).toMatchObject({ success: "true" });
  expect(await status(id)).toBe("Deactivating");
  await waitFor(() => status(id), "Inactive");
  await vpc.activeFlowLog(new ActiveFlowLogRequest({ regionId, flowLogId: id }));
  expect(await status(id)).toBe("Activating");
  await waitFor(() => status(id), "Active");

  // Tags through the SDK's tag actions.
  await vpc.tagResources(
    new TagResourcesRequest({
      regionId,
      resourceType: "FLOWLOG",
      resourceId: [id],
      tag: [new TagResourcesRequestTag({ key: "team", value: "net" })],
    }),
  );
  const tags = (await vpc.listTagResources(new ListTagResourcesRequest({ regionId, resourceType: "FLOWLOG", resourceId: [id] }))).body!;
  expect(tags).toMatchObject({
    nextToken: "",
    tagResources: {
      tagResource: [
        { resourceId: id, resourceType: "FLOWLOG", tagKey: "owner", tagValue: "sdk" },
        { resourceId: id, resourceType: "FLOWLOG", tagKey: "team", tagValue: "net" },
      ],
    },
  });
  await vpc.unTagResources(new UnTagResourcesRequest({ regionId, resourceType: "FLOWLOG", resourceId: [id], tagKey: ["owner"] }));
  expect((await flowLog(id))!.tags!.tag).toEqual([expect.objectContaining({ key: "team", value: "net" })]);

  // Not found is a 400, with each action's documented code.
  await expectOpenApiError(
    vpc.modifyFlowLogAttribute(new ModifyFlowLogAttributeRequest({ regionId, flowLogId: "fl-doesnotexist000000", description: "x" })),
    "InvalidInstanceId.NotFound",
    400,
  );
  await expectOpenApiError(
    vpc.deleteFlowLog(new DeleteFlowLogRequest({ regionId, flowLogId: "fl-doesnotexist000000" })),
    "InvalidInstanceId",
    400,
  );

  // Delete an Active flow log directly: Deleting, then gone (an empty list, not an error).
  expect((await vpc.deleteFlowLog(new DeleteFlowLogRequest({ regionId, flowLogId: id }))).body).toMatchObject({ success: "true" });
  expect(await status(id)).toBe("Deleting");
  await waitFor(() => status(id), undefined);
  expect((await vpc.describeFlowLogs(new DescribeFlowLogsRequest({ regionId, flowLogId: id }))).body).toMatchObject({
    totalCount: "0",
    flowLogs: { flowLog: [] },
  });

  // Every call went out V3-signed, lists flattened by the SDK.
  const journal = emu.journal();
  expect(new Set(journal.map((e) => e.signatureVersion))).toEqual(new Set(["v3"]));
  expect(journal.find((e) => e.action === "CreateFlowLog" && e.code === null)!.params).toMatchObject({
    "TrafficPath.1": "all",
    "TrafficPath.2": "natGateway",
    "Tag.1.Key": "owner",
    AggregationInterval: "5",
  });
  expect(journal.find((e) => e.action === "TagResources")!.params).toMatchObject({ "ResourceId.1": id, "Tag.1.Key": "team" });
});
