/**
 * Conformance with the official client: @alicloud/vpc20160428 (V3 signature, every parameter in the query,
 * repeat lists flattened by the SDK) drives filters, rules and sessions through create / list / update /
 * add-sources / remove-sources / delete, waiting on the documented statuses the way a provider polls, and
 * reads every answer through the SDK's own response models.
 */
import Vpc, {
  AddSourcesToTrafficMirrorSessionRequest,
  CreateTrafficMirrorFilterRequest,
  CreateTrafficMirrorFilterRequestEgressRules,
  CreateTrafficMirrorFilterRequestIngressRules,
  CreateTrafficMirrorFilterRequestTag,
  CreateTrafficMirrorFilterRulesRequest,
  CreateTrafficMirrorFilterRulesRequestEgressRules,
  CreateTrafficMirrorSessionRequest,
  DeleteTrafficMirrorFilterRequest,
  DeleteTrafficMirrorFilterRulesRequest,
  DeleteTrafficMirrorSessionRequest,
  ListTrafficMirrorFiltersRequest,
  ListTrafficMirrorSessionsRequest,
  OpenTrafficMirrorServiceRequest,
  RemoveSourcesFromTrafficMirrorSessionRequest,
  UpdateTrafficMirrorFilterAttributeRequest,
  UpdateTrafficMirrorFilterRuleAttributeRequest,
  UpdateTrafficMirrorSessionAttributeRequest,
} from "@alicloud/vpc20160428";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import type { RunningEmulator } from "../../emulator";
import { AK, SECRET, expectOpenApiError, start } from "./helpers";

const regionId = "cn-hongkong"; // the region of the docs' samples, seeded too
const ENI = (i: number) => `eni-demohongkong000${i}`;

let emu: RunningEmulator;
let vpc: Vpc;
beforeAll(async () => {
  emu = await start();
  vpc = new Vpc(new $OpenApiUtil.Config({ accessKeyId: AK, accessKeySecret: SECRET, endpoint: new URL(emu.url).host, protocol: "http" }));
  await vpc.openTrafficMirrorService(new OpenTrafficMirrorServiceRequest({ regionId }));
});
afterAll(() => emu.close());

const filter = async (id: string) =>
  (await vpc.listTrafficMirrorFilters(new ListTrafficMirrorFiltersRequest({ regionId, trafficMirrorFilterIds: [id] }))).body!
    .trafficMirrorFilters?.[0];
const session = async (id: string) =>
  (await vpc.listTrafficMirrorSessions(new ListTrafficMirrorSessionsRequest({ regionId, trafficMirrorSessionIds: [id] }))).body!
    .trafficMirrorSessions?.[0];

/** Polls like a provider: until `read` gives `want` (the default transition delay is 300 ms). */
async function waitFor(read: () => Promise<string | undefined>, want: string | undefined): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await read()) !== want) {
    if (Date.now() > deadline) throw new Error(`never ${String(want)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it("runs filters, rules and sessions through their whole lifecycle with the official SDK", async () => {
  // Filter with inline rules and a tag.
  const created = await vpc.createTrafficMirrorFilter(
    new CreateTrafficMirrorFilterRequest({
      regionId,
      clientToken: "sdk-filter-1",
      trafficMirrorFilterName: "sdk filter",
      ingressRules: [
        new CreateTrafficMirrorFilterRequestIngressRules({
          action: "accept",
          protocol: "TCP",
          priority: 1,
          destinationPortRange: "80/120",
          sourceCidrBlock: "10.0.0.0/24",
        }),
      ],
      egressRules: [
        new CreateTrafficMirrorFilterRequestEgressRules({
          action: "drop",
          protocol: "ALL",
          priority: 1,
          destinationCidrBlock: "10.1.0.0/16",
        }),
      ],
      tag: [new CreateTrafficMirrorFilterRequestTag({ key: "owner", value: "sdk" })],
    }),
  );
  expect(created.statusCode).toBe(200);
  const filterId = created.body!.trafficMirrorFilterId!;
  expect(created.body).toMatchObject({
    trafficMirrorFilterId: expect.stringMatching(/^tmf-/),
    resourceGroupId: "rg-acfmxemulator01",
    requestId: expect.any(String),
  });
  expect((await filter(filterId))!.trafficMirrorFilterStatus).toBe("Creating");
  await waitFor(async () => (await filter(filterId))?.trafficMirrorFilterStatus, "Created");

  const listed = (await vpc.listTrafficMirrorFilters(new ListTrafficMirrorFiltersRequest({ regionId, maxResults: 10 }))).body!;
  expect(listed).toMatchObject({ totalCount: "1", count: 1, maxResults: 10, nextToken: "" });
  const f = listed.trafficMirrorFilters![0]!;
  expect(f).toMatchObject({ trafficMirrorFilterName: "sdk filter", tags: [{ key: "owner", value: "sdk" }] });
  expect(f.ingressRules![0]).toMatchObject({
    action: "accept",
    protocol: "TCP",
    priority: 1,
    sourceCidrBlock: "10.0.0.0/24",
    destinationPortRange: "80/120",
    trafficDirection: "ingress",
    trafficMirrorFilterId: filterId,
    trafficMirrorFilterRuleStatus: "Created",
  });
  expect(f.egressRules![0]).toMatchObject({
    action: "drop",
    protocol: "ALL",
    destinationCidrBlock: "10.1.0.0/16",
    sourcePortRange: "-1/-1",
  });

  // Rules: add, update (RuleAction), delete.
  const rules = await vpc.createTrafficMirrorFilterRules(
    new CreateTrafficMirrorFilterRulesRequest({
      regionId,
      trafficMirrorFilterId: filterId,
      egressRules: [
        new CreateTrafficMirrorFilterRulesRequestEgressRules({ action: "accept", protocol: "UDP", priority: 2, sourcePortRange: "53/53" }),
      ],
    }),
  );
  const ruleId = rules.body!.egressRules![0]!.instanceId!;
  expect(rules.body!.ingressRules).toEqual([]);
  const ruleStatus = async () =>
    (await filter(filterId))?.egressRules?.find((r) => r.trafficMirrorFilterRuleId === ruleId)?.trafficMirrorFilterRuleStatus;
  await waitFor(ruleStatus, "Created");
  await vpc.updateTrafficMirrorFilterRuleAttribute(
    new UpdateTrafficMirrorFilterRuleAttributeRequest({
      regionId,
      trafficMirrorFilterRuleId: ruleId,
      ruleAction: "drop",
      destinationCidrBlock: "10.2.0.0/16",
    }),
  );
  expect(await ruleStatus()).toBe("Modifying");
  await waitFor(ruleStatus, "Created");
  expect((await filter(filterId))!.egressRules![1]).toMatchObject({
    action: "drop",
    destinationCidrBlock: "10.2.0.0/16",
    sourcePortRange: "53/53",
  });
  await vpc.updateTrafficMirrorFilterAttribute(
    new UpdateTrafficMirrorFilterAttributeRequest({
      regionId,
      trafficMirrorFilterId: filterId,
      trafficMirrorFilterDescription: "described",
    }),
  );
  await waitFor(async () => (await filter(filterId))?.trafficMirrorFilterStatus, "Created");
  expect((await filter(filterId))!.trafficMirrorFilterDescription).toBe("described");

  // Session: create, update, remove and add a source.
  const sent = {
    trafficMirrorSessionName: "sdk session",
    trafficMirrorSourceIds: [ENI(1)],
    trafficMirrorTargetId: "lb-demohongkong0001",
    trafficMirrorTargetType: "SLB",
    trafficMirrorFilterId: filterId,
    priority: 10,
    virtualNetworkId: 42,
    enabled: true,
  };
  const s = await vpc.createTrafficMirrorSession(
    new CreateTrafficMirrorSessionRequest({ regionId, clientToken: "sdk-session-1", ...sent }),
  );
  const sessionId = s.body!.trafficMirrorSessionId!;
  await waitFor(async () => (await session(sessionId))?.trafficMirrorSessionStatus, "Created");
  expect(await session(sessionId)).toMatchObject({ ...sent, packetLength: 1500, trafficMirrorSessionBusinessStatus: "Normal" });
  const sessionStatus = async () => (await session(sessionId))?.trafficMirrorSessionStatus;
  await vpc.updateTrafficMirrorSessionAttribute(
    new UpdateTrafficMirrorSessionAttributeRequest({
      regionId,
      trafficMirrorSessionId: sessionId,
      enabled: false,
      packetLength: 9000 - 500,
    }),
  );
  await waitFor(sessionStatus, "Created");
  expect(await session(sessionId)).toMatchObject({ enabled: false, packetLength: 8500 });
  await vpc.removeSourcesFromTrafficMirrorSession(
    new RemoveSourcesFromTrafficMirrorSessionRequest({ regionId, trafficMirrorSessionId: sessionId, trafficMirrorSourceIds: [ENI(1)] }),
  );
  expect(await session(sessionId)).toMatchObject({ trafficMirrorSourceIds: [], trafficMirrorSessionStatus: "Modifying" });
  await waitFor(sessionStatus, "Created");
  await vpc.addSourcesToTrafficMirrorSession(
    new AddSourcesToTrafficMirrorSessionRequest({ regionId, trafficMirrorSessionId: sessionId, trafficMirrorSourceIds: [ENI(2)] }),
  );
  await waitFor(sessionStatus, "Created");
  const sessions = (await vpc.listTrafficMirrorSessions(new ListTrafficMirrorSessionsRequest({ regionId, trafficMirrorSourceId: ENI(2) })))
    .body!;
  expect(sessions).toMatchObject({ totalCount: "1", nextToken: "", trafficMirrorSessions: [{ trafficMirrorSessionId: sessionId }] });

  // Errors surface as openapi-core ClientErrors with the envelope.
  await expectOpenApiError(
    vpc.deleteTrafficMirrorFilter(new DeleteTrafficMirrorFilterRequest({ regionId, trafficMirrorFilterId: filterId })),
    "DependencyViolation.TrafficMirrorFilter",
    400,
  );
  await expectOpenApiError(
    vpc.deleteTrafficMirrorSession(new DeleteTrafficMirrorSessionRequest({ regionId, trafficMirrorSessionId: "tms-doesnotexist00000" })),
    "ResourceNotFound.TrafficMirrorSession",
    404,
  );
  await expectOpenApiError(
    vpc.createTrafficMirrorFilter(new CreateTrafficMirrorFilterRequest({ regionId, dryRun: true, trafficMirrorFilterName: "dry" })),
    "DryRunOperation",
    400,
  );

  // Delete: session, then rules, then the filter; each Deleting until gone.
  await vpc.deleteTrafficMirrorSession(new DeleteTrafficMirrorSessionRequest({ regionId, trafficMirrorSessionId: sessionId }));
  expect(await sessionStatus()).toBe("Deleting");
  await waitFor(sessionStatus, undefined);
  await vpc.deleteTrafficMirrorFilterRules(
    new DeleteTrafficMirrorFilterRulesRequest({ regionId, trafficMirrorFilterId: filterId, trafficMirrorFilterRuleIds: [ruleId] }),
  );
  await waitFor(ruleStatus, undefined);
  await vpc.deleteTrafficMirrorFilter(new DeleteTrafficMirrorFilterRequest({ regionId, trafficMirrorFilterId: filterId }));
  expect((await filter(filterId))!.trafficMirrorFilterStatus).toBe("Deleting");
  await waitFor(async () => (await filter(filterId))?.trafficMirrorFilterStatus, undefined);

  // Every call went out V3-signed, each action the SDK named.
  const journal = emu.journal().filter((e) => e.action !== "OpenTrafficMirrorService");
  expect(new Set(journal.map((e) => e.signatureVersion))).toEqual(new Set(["v3"]));
  expect(journal.find((e) => e.action === "CreateTrafficMirrorFilter")!.params).toMatchObject({
    "IngressRules.1.Action": "accept",
    "EgressRules.1.DestinationCidrBlock": "10.1.0.0/16",
    "Tag.1.Key": "owner",
  });
});
