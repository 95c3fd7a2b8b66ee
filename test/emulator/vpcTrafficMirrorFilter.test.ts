/**
 * VPC 2016-04-28 traffic mirror filters and their rules through @alicloud/pop-core: every filter and rule
 * action, validation errors, the documented asynchronous states (default transition delay), ClientToken
 * replay / conflict / LastTokenProcessing, DryRun, and List filters and paging.
 */
import type RPCClient = require("@alicloud/pop-core");
import type { RunningEmulator } from "../../emulator";
import { VPC, call, expectPopError, pop, raw, start } from "./helpers";

const HZ = "cn-hangzhou";
const SH = "cn-shanghai";

let emu: RunningEmulator;
let vpc: RPCClient;
beforeAll(async () => {
  emu = await start();
  vpc = pop(emu.url, VPC);
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.reset();
  await call(vpc, "OpenTrafficMirrorService", { RegionId: HZ });
});

const api = (action: string, params: Record<string, unknown> = {}) => call(vpc, action, { RegionId: HZ, ...params });
const settle = async () => (await raw(emu.url, { method: "POST", path: `/_emulator/vpc/traffic-mirror/${HZ}/settle` })).json;
const list = async (params: Record<string, unknown> = {}) => (await api("ListTrafficMirrorFilters", params)) as Record<string, any>;
const filterOf = async (id: string) => (await list({ TrafficMirrorFilterIds: [id] })).TrafficMirrorFilters[0];

const TCP_IN = { Action: "accept", Protocol: "TCP", Priority: 1, SourceCidrBlock: "10.0.0.0/24", DestinationPortRange: "80/120" };
const ALL_OUT = { Action: "drop", Protocol: "ALL", Priority: 2 };

async function created(params: Record<string, unknown> = {}): Promise<string> {
  const { TrafficMirrorFilterId } = await api("CreateTrafficMirrorFilter", params);
  await settle();
  return TrafficMirrorFilterId as string;
}

async function until(read: () => Promise<unknown>, expected: unknown): Promise<number> {
  const started = Date.now();
  while ((await read()) !== expected) {
    if (Date.now() - started > 5000) throw new Error(`never became ${String(expected)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

describe("CreateTrafficMirrorFilter and ListTrafficMirrorFilters", () => {
  it("creates a filter with inline rules, Creating until the transition delay passed, then Created", async () => {
    const r = await api("CreateTrafficMirrorFilter", {
      TrafficMirrorFilterName: "web",
      TrafficMirrorFilterDescription: "mirror web traffic",
      IngressRules: [TCP_IN],
      EgressRules: [ALL_OUT],
      Tag: [{ Key: "team", Value: "net" }],
    });
    expect(r).toEqual({
      RequestId: expect.any(String),
      TrafficMirrorFilterId: expect.stringMatching(/^tmf-[a-z0-9]{17}$/),
      ResourceGroupId: "rg-acfmxemulator01",
    });
    const id = r.TrafficMirrorFilterId as string;
    const first = await list();
    expect(first).toMatchObject({ TotalCount: "1", Count: 1, MaxResults: 10, NextToken: "" });
    expect(first.TrafficMirrorFilters[0]).toMatchObject({
      TrafficMirrorFilterStatus: "Creating",
      IngressRules: [{ TrafficMirrorFilterRuleStatus: "Creating" }],
    });

    const waited = await until(async () => (await filterOf(id)).TrafficMirrorFilterStatus, "Created");
    expect(waited).toBeGreaterThan(100); // the default delay is 300 ms
    const f = await filterOf(id);
    expect(f).toEqual({
      CreationTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/),
      ResourceGroupId: "rg-acfmxemulator01",
      Tags: [{ Key: "team", Value: "net" }],
      TrafficMirrorFilterDescription: "mirror web traffic",
      TrafficMirrorFilterId: id,
      TrafficMirrorFilterName: "web",
      TrafficMirrorFilterStatus: "Created",
      IngressRules: [
        {
          Action: "accept",
          Protocol: "TCP",
          Priority: 1,
          IpVersion: "IPv4",
          SourceCidrBlock: "10.0.0.0/24",
          DestinationCidrBlock: "0.0.0.0/0",
          SourcePortRange: "-1/-1",
          DestinationPortRange: "80/120",
          TrafficDirection: "ingress",
          TrafficMirrorFilterId: id,
          TrafficMirrorFilterRuleId: expect.stringMatching(/^tmr-[a-z0-9]{17}$/),
          TrafficMirrorFilterRuleStatus: "Created",
        },
      ],
      EgressRules: [expect.objectContaining({ Action: "drop", Protocol: "ALL", SourcePortRange: "-1/-1", DestinationPortRange: "-1/-1" })],
    });
  });

  it("ALL and ICMP rules carry -1/-1 whatever ports are sent; IPv6 rules default to ::/0", async () => {
    const id = await created({
      IngressRules: [
        { Action: "accept", Protocol: "ICMP", Priority: 1, SourcePortRange: "1/200" },
        { Action: "accept", Protocol: "UDP", Priority: 2, IpVersion: "IPv6", SourceCidrBlock: "2001:db8::/32" },
      ],
    });
    const [icmp, udp] = (await filterOf(id)).IngressRules;
    expect(icmp).toMatchObject({ SourcePortRange: "-1/-1", DestinationPortRange: "-1/-1" });
    expect(udp).toMatchObject({ IpVersion: "IPv6", SourceCidrBlock: "2001:db8::/32", DestinationCidrBlock: "::/0" });
  });

  it("needs traffic mirroring opened in the region: IncorrectStatus.TrafficMirrorService", async () => {
    await expectPopError(api("CreateTrafficMirrorFilter", { RegionId: SH }), "IncorrectStatus.TrafficMirrorService", 400);
    expect((await list({ RegionId: SH })).TrafficMirrorFilters).toEqual([]);
  });

  it.each([
    ["a 129-character name", "InvalidParam.TrafficMirrorFilterName", { TrafficMirrorFilterName: "n".repeat(129) }],
    ["a name starting with http://", "InvalidParam.TrafficMirrorFilterName", { TrafficMirrorFilterName: "http://x" }],
    ["a 257-character description", "InvalidParam.TrafficMirrorFilterDescription", { TrafficMirrorFilterDescription: "d".repeat(257) }],
    ["a rule without Action", "MissingParameter", { IngressRules: [{ Protocol: "TCP", Priority: 1 }] }],
    ["a rule without Priority", "MissingParameter", { IngressRules: [{ Action: "accept", Protocol: "TCP" }] }],
    ["a lowercase protocol", "InvalidParam.Protocol", { IngressRules: [{ ...TCP_IN, Protocol: "tcp" }] }],
    ["Action reject", "InvalidParam.Action", { EgressRules: [{ ...ALL_OUT, Action: "reject" }] }],
    ["priority 11", "InvalidParam.Priority", { IngressRules: [{ ...TCP_IN, Priority: 11 }] }],
    ["priority 0", "InvalidParam.Priority", { IngressRules: [{ ...TCP_IN, Priority: 0 }] }],
    ["port 0", "InvalidParam.DestinationPortRange", { IngressRules: [{ ...TCP_IN, DestinationPortRange: "0/80" }] }],
    ["a reversed range", "InvalidParam.DestinationPortRange", { IngressRules: [{ ...TCP_IN, DestinationPortRange: "80/70" }] }],
    ["port 65536", "InvalidParam.SourcePortRange", { IngressRules: [{ ...TCP_IN, SourcePortRange: "1/65536" }] }],
    ["-1 with a port", "InvalidParam.SourcePortRange", { IngressRules: [{ ...TCP_IN, SourcePortRange: "-1/80" }] }],
    ["a /33 block", "InvalidParam.SourceCidrBlock", { IngressRules: [{ ...TCP_IN, SourceCidrBlock: "10.0.0.0/33" }] }],
    ["an IPv6 block in an IPv4 rule", "InvalidParam.DestinationCidrBlock", { EgressRules: [{ ...ALL_OUT, DestinationCidrBlock: "::/0" }] }],
    ["IpVersion IPv5", "InvalidParam.IpVersion", { EgressRules: [{ ...ALL_OUT, IpVersion: "IPv5" }] }],
    ["a tag key starting with aliyun", "InvalidParam.Tag", { Tag: [{ Key: "aliyun-x", Value: "v" }] }],
    ["a malformed ResourceGroupId", "InvalidParam.ResourceGroupId", { ResourceGroupId: "group-1" }],
    ["DryRun yes", "InvalidParam.DryRun", { DryRun: "yes" }],
  ])("rejects %s: %s, and creates nothing", async (_label, code, params) => {
    await expectPopError(api("CreateTrafficMirrorFilter", params), code, 400);
    expect((await list()).TotalCount).toBe("0");
  });

  it("rejects rule index N above 10, missing or malformed regions", async () => {
    await expectPopError(api("CreateTrafficMirrorFilter", { "IngressRules.11.Action": "accept" }), "InvalidParam.IngressRules", 400);
    await expectPopError(call(vpc, "CreateTrafficMirrorFilter", {}), "MissingRegionId", 400);
    await expectPopError(api("ListTrafficMirrorFilters", { RegionId: "Hangzhou!" }), "InvalidRegionId.NotFound", 404);
  });

  it("DryRun answers DryRunOperation after every check, and creates nothing", async () => {
    await expectPopError(api("CreateTrafficMirrorFilter", { DryRun: true, IngressRules: [TCP_IN] }), "DryRunOperation", 400);
    await expectPopError(
      api("CreateTrafficMirrorFilter", { DryRun: true, IngressRules: [{ ...TCP_IN, Priority: 99 }] }),
      "InvalidParam.Priority",
      400,
    );
    expect((await list()).TotalCount).toBe("0");
  });
});

describe("ClientToken", () => {
  it("a replay while the filter is Creating is LastTokenProcessing; after it, the first result and no second filter", async () => {
    const params = { ClientToken: "tok-filter-1", TrafficMirrorFilterName: "once", IngressRules: [TCP_IN] };
    const first = await api("CreateTrafficMirrorFilter", params);
    await expectPopError(api("CreateTrafficMirrorFilter", params), "LastTokenProcessing", 400);
    await settle();
    const again = await api("CreateTrafficMirrorFilter", params);
    expect(again.TrafficMirrorFilterId).toBe(first.TrafficMirrorFilterId);
    expect(again.RequestId).not.toBe(first.RequestId);
    expect((await list()).TotalCount).toBe("1");
  });

  it("the same token with other parameters is IdempotentParameterMismatch; a token is scoped to its action", async () => {
    await api("CreateTrafficMirrorFilter", { ClientToken: "tok-filter-2", TrafficMirrorFilterName: "a" });
    await settle();
    await expectPopError(
      api("CreateTrafficMirrorFilter", { ClientToken: "tok-filter-2", TrafficMirrorFilterName: "b" }),
      "IdempotentParameterMismatch",
      400,
    );
    await expectPopError(
      api("CreateTrafficMirrorFilter", { ClientToken: "tok-filter-2", TrafficMirrorFilterName: "a", RegionId: SH }),
      "IdempotentParameterMismatch",
      400,
    );
    const id = (await list()).TrafficMirrorFilters[0].TrafficMirrorFilterId;
    await api("UpdateTrafficMirrorFilterAttribute", {
      ClientToken: "tok-filter-2",
      TrafficMirrorFilterId: id,
      TrafficMirrorFilterName: "c",
    });
    expect((await filterOf(id)).TrafficMirrorFilterName).toBe("c");
  });

  it("a failed request is not remembered, and tokens must be ASCII of at most 64 characters", async () => {
    await expectPopError(
      api("CreateTrafficMirrorFilter", { ClientToken: "tok-filter-3", TrafficMirrorFilterName: "x".repeat(200) }),
      "InvalidParam.TrafficMirrorFilterName",
      400,
    );
    await api("CreateTrafficMirrorFilter", { ClientToken: "tok-filter-3", TrafficMirrorFilterName: "fixed" });
    await expectPopError(api("CreateTrafficMirrorFilter", { ClientToken: "t".repeat(65) }), "InvalidParameter", 400);
  });
});

describe("ListTrafficMirrorFilters", () => {
  it("filters by ids, name, resource group and tags, within the region", async () => {
    const a = await created({ TrafficMirrorFilterName: "a", Tag: [{ Key: "env", Value: "prod" }] });
    const b = await created({ TrafficMirrorFilterName: "b", ResourceGroupId: "rg-other01", Tag: [{ Key: "env", Value: "dev" }] });
    await call(vpc, "OpenTrafficMirrorService", { RegionId: SH });
    await api("CreateTrafficMirrorFilter", { RegionId: SH, TrafficMirrorFilterName: "a" });
    const ids = async (params: Record<string, unknown>) =>
      (await list(params)).TrafficMirrorFilters.map((f: { TrafficMirrorFilterId: string }) => f.TrafficMirrorFilterId);
    expect(await ids({})).toEqual([a, b]);
    expect(await ids({ TrafficMirrorFilterIds: [b, "tmf-doesnotexist00000"] })).toEqual([b]);
    expect(await ids({ TrafficMirrorFilterName: "a" })).toEqual([a]);
    expect(await ids({ ResourceGroupId: "rg-other01" })).toEqual([b]);
    expect(await ids({ Tags: [{ Key: "env", Value: "dev" }] })).toEqual([b]);
    expect(await ids({ Tags: [{ Key: "env" }] })).toEqual([a, b]);
  });

  it("pages with MaxResults and NextToken in creation order; a deletion between pages skips nothing", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        ((await api("CreateTrafficMirrorFilter", { TrafficMirrorFilterName: `f${i}` })) as { TrafficMirrorFilterId: string })
          .TrafficMirrorFilterId,
      );
    await settle();
    const p1 = await list({ MaxResults: 2 });
    expect(p1).toMatchObject({ TotalCount: "5", Count: 2, MaxResults: 2, NextToken: expect.any(String) });
    expect(p1.TrafficMirrorFilters.map((f: { TrafficMirrorFilterId: string }) => f.TrafficMirrorFilterId)).toEqual(ids.slice(0, 2));
    await api("DeleteTrafficMirrorFilter", { TrafficMirrorFilterId: ids[1] });
    await settle();
    const p2 = await list({ MaxResults: 2, NextToken: p1.NextToken });
    expect(p2.TrafficMirrorFilters.map((f: { TrafficMirrorFilterId: string }) => f.TrafficMirrorFilterId)).toEqual(ids.slice(2, 4));
    const p3 = await list({ MaxResults: 2, NextToken: p2.NextToken });
    expect(p3).toMatchObject({ Count: 1, NextToken: "", TotalCount: "4" });
    expect(p3.TrafficMirrorFilters[0].TrafficMirrorFilterId).toBe(ids[4]);
  });

  it.each([
    ["MaxResults 0", { MaxResults: 0 }, "InvalidParam.MaxResults"],
    ["MaxResults 101", { MaxResults: 101 }, "InvalidParam.MaxResults"],
    ["a NextToken it did not issue", { NextToken: "not-a-token" }, "InvalidParam.NextToken"],
    ["101 ids", { TrafficMirrorFilterIds: Array.from({ length: 101 }, (_, i) => `tmf-${i}`) }, "InvalidParam.TrafficMirrorFilterIds"],
  ])("rejects %s with %s", async (_label, params, code) => {
    await expectPopError(list(params), code, 400);
  });
});

describe("UpdateTrafficMirrorFilterAttribute and DeleteTrafficMirrorFilter", () => {
  it("updates only what is sent; Modifying, then Created", async () => {
    const id = await created({ TrafficMirrorFilterName: "old", TrafficMirrorFilterDescription: "kept" });
    expect(await api("UpdateTrafficMirrorFilterAttribute", { TrafficMirrorFilterId: id, TrafficMirrorFilterName: "new" })).toEqual({
      RequestId: expect.any(String),
    });
    expect(await filterOf(id)).toMatchObject({
      TrafficMirrorFilterName: "new",
      TrafficMirrorFilterDescription: "kept",
      TrafficMirrorFilterStatus: "Modifying",
    });
    await expectPopError(
      api("UpdateTrafficMirrorFilterAttribute", { TrafficMirrorFilterId: id, TrafficMirrorFilterName: "again" }),
      "IncorrectStatus.TrafficMirrorFilter",
      400,
    );
    await until(async () => (await filterOf(id)).TrafficMirrorFilterStatus, "Created");
  });

  it("a filter still Creating cannot be updated or deleted: IncorrectStatus.TrafficMirrorFilter", async () => {
    const { TrafficMirrorFilterId: id } = await api("CreateTrafficMirrorFilter", {});
    await expectPopError(
      api("UpdateTrafficMirrorFilterAttribute", { TrafficMirrorFilterId: id, TrafficMirrorFilterName: "x" }),
      "IncorrectStatus.TrafficMirrorFilter",
      400,
    );
    await expectPopError(api("DeleteTrafficMirrorFilter", { TrafficMirrorFilterId: id }), "IncorrectStatus.TrafficMirrorFilter", 400);
  });

  it("deletes: Deleting (rules too), then gone; a second delete meanwhile is IncorrectStatus, afterwards ResourceNotFound", async () => {
    const id = await created({ IngressRules: [TCP_IN] });
    expect(await api("DeleteTrafficMirrorFilter", { TrafficMirrorFilterId: id })).toEqual({ RequestId: expect.any(String) });
    expect(await filterOf(id)).toMatchObject({
      TrafficMirrorFilterStatus: "Deleting",
      IngressRules: [{ TrafficMirrorFilterRuleStatus: "Deleting" }],
    });
    await expectPopError(api("DeleteTrafficMirrorFilter", { TrafficMirrorFilterId: id }), "IncorrectStatus.TrafficMirrorFilter", 400);
    await until(async () => (await list()).TotalCount, "0");
    await expectPopError(api("DeleteTrafficMirrorFilter", { TrafficMirrorFilterId: id }), "ResourceNotFound.TrafficMirrorFilter", 404);
  });

  it("a filter of another region is not found; TrafficMirrorFilterId is required", async () => {
    const id = await created();
    await call(vpc, "OpenTrafficMirrorService", { RegionId: SH });
    await expectPopError(
      api("DeleteTrafficMirrorFilter", { RegionId: SH, TrafficMirrorFilterId: id }),
      "ResourceNotFound.TrafficMirrorFilter",
      404,
    );
    await expectPopError(api("DeleteTrafficMirrorFilter", {}), "MissingTrafficMirrorFilterId", 400);
  });
});

describe("filter rules", () => {
  it("CreateTrafficMirrorFilterRules returns the rule ids in order; the rules are Creating, then Created", async () => {
    const id = await created();
    const r = await api("CreateTrafficMirrorFilterRules", {
      TrafficMirrorFilterId: id,
      IngressRules: [TCP_IN, { ...TCP_IN, Priority: 2 }],
      EgressRules: [ALL_OUT],
    });
    expect(r.IngressRules).toHaveLength(2);
    expect(r.EgressRules).toEqual([{ InstanceId: expect.stringMatching(/^tmr-/) }]);
    const f = await filterOf(id);
    expect(f.TrafficMirrorFilterStatus).toBe("Created");
    expect(
      f.IngressRules.map((x: { TrafficMirrorFilterRuleId: string; Priority: number }) => [x.TrafficMirrorFilterRuleId, x.Priority]),
    ).toEqual([
      [r.IngressRules[0].InstanceId, 1],
      [r.IngressRules[1].InstanceId, 2],
    ]);
    expect(f.EgressRules[0].TrafficMirrorFilterRuleStatus).toBe("Creating");
    // "does not support concurrent creation of rules for the same filter"
    await expectPopError(
      api("CreateTrafficMirrorFilterRules", { TrafficMirrorFilterId: id, EgressRules: [ALL_OUT] }),
      "OperationConflict",
      400,
    );
    await until(async () => (await filterOf(id)).EgressRules[0].TrafficMirrorFilterRuleStatus, "Created");
  });

  it("at most 10 rules per direction: QuotaExceeded.TrafficMirrorRule; a batch needs at least one rule", async () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ ...TCP_IN, Priority: i + 1 }));
    const id = await created({ IngressRules: ten });
    await expectPopError(
      api("CreateTrafficMirrorFilterRules", { TrafficMirrorFilterId: id, IngressRules: [TCP_IN] }),
      "QuotaExceeded.TrafficMirrorRule",
      400,
    );
    await expectPopError(api("CreateTrafficMirrorFilterRules", { TrafficMirrorFilterId: id }), "MissingParameter", 400);
    await api("CreateTrafficMirrorFilterRules", { TrafficMirrorFilterId: id, EgressRules: [ALL_OUT] });
  });

  it("UpdateTrafficMirrorFilterRuleAttribute takes RuleAction, updates only what is sent, normalizes ports for ALL", async () => {
    const id = await created({ IngressRules: [TCP_IN] });
    const ruleId = (await filterOf(id)).IngressRules[0].TrafficMirrorFilterRuleId;
    await api("UpdateTrafficMirrorFilterRuleAttribute", { TrafficMirrorFilterRuleId: ruleId, RuleAction: "drop", Priority: 5 });
    expect((await filterOf(id)).IngressRules[0]).toMatchObject({
      Action: "drop",
      Priority: 5,
      Protocol: "TCP",
      DestinationPortRange: "80/120",
      TrafficMirrorFilterRuleStatus: "Modifying",
    });
    await expectPopError(
      api("UpdateTrafficMirrorFilterRuleAttribute", { TrafficMirrorFilterRuleId: ruleId, Priority: 6 }),
      "IncorrectStatus.TrafficMirrorRule",
      400,
    );
    await settle();
    await api("UpdateTrafficMirrorFilterRuleAttribute", { TrafficMirrorFilterRuleId: ruleId, Protocol: "ALL" });
    expect((await filterOf(id)).IngressRules[0]).toMatchObject({ Protocol: "ALL", DestinationPortRange: "-1/-1" });
  });

  it.each([
    [{ Protocol: "ICMP", SourcePortRange: "22/22" }, "InvalidParam.SourcePortRange"],
    [{ RuleAction: "allow" }, "InvalidParam.RuleAction"],
    [{ Priority: 11 }, "InvalidParam.Priority"],
    [{ DestinationCidrBlock: "10.0.0.1" }, "InvalidParam.DestinationCidrBlock"],
    [{ SourcePortRange: "a/b" }, "InvalidParam.SourcePortRange"],
  ])("rejects a rule update %j with %s and changes nothing", async (change, code) => {
    const id = await created({ IngressRules: [TCP_IN] });
    const before = (await filterOf(id)).IngressRules[0];
    await expectPopError(
      api("UpdateTrafficMirrorFilterRuleAttribute", { TrafficMirrorFilterRuleId: before.TrafficMirrorFilterRuleId, ...change }),
      code,
      400,
    );
    expect((await filterOf(id)).IngressRules[0]).toEqual(before);
  });

  it("DeleteTrafficMirrorFilterRules: Deleting, then gone; unknown rules are ResourceNotFound.TrafficMirrorRule", async () => {
    const id = await created({ IngressRules: [TCP_IN], EgressRules: [ALL_OUT] });
    const [inRule, outRule] = [(await filterOf(id)).IngressRules[0], (await filterOf(id)).EgressRules[0]];
    await expectPopError(
      api("DeleteTrafficMirrorFilterRules", { TrafficMirrorFilterId: id, TrafficMirrorFilterRuleIds: ["tmr-doesnotexist00000"] }),
      "ResourceNotFound.TrafficMirrorRule",
      404,
    );
    await api("DeleteTrafficMirrorFilterRules", {
      TrafficMirrorFilterId: id,
      TrafficMirrorFilterRuleIds: [inRule.TrafficMirrorFilterRuleId],
    });
    expect((await filterOf(id)).IngressRules[0].TrafficMirrorFilterRuleStatus).toBe("Deleting");
    await expectPopError(
      api("DeleteTrafficMirrorFilterRules", { TrafficMirrorFilterId: id, TrafficMirrorFilterRuleIds: [inRule.TrafficMirrorFilterRuleId] }),
      "IncorrectStatus.TrafficMirrorRule",
      400,
    );
    await expectPopError(
      api("DeleteTrafficMirrorFilterRules", { TrafficMirrorFilterId: id, TrafficMirrorFilterRuleIds: [outRule.TrafficMirrorFilterRuleId] }),
      "OperationConflict",
      400,
    );
    await until(async () => (await filterOf(id)).IngressRules.length, 0);
    await expectPopError(
      api("UpdateTrafficMirrorFilterRuleAttribute", { TrafficMirrorFilterRuleId: inRule.TrafficMirrorFilterRuleId, Priority: 3 }),
      "ResourceNotFound.TrafficMirrorRule",
      404,
    );
    expect((await filterOf(id)).EgressRules).toHaveLength(1);
  });

  it("deleting a filter whose rules are still changing is IncorrectStatus.TrafficMirrorRule", async () => {
    const id = await created();
    await api("CreateTrafficMirrorFilterRules", { TrafficMirrorFilterId: id, IngressRules: [TCP_IN] });
    await expectPopError(api("DeleteTrafficMirrorFilter", { TrafficMirrorFilterId: id }), "IncorrectStatus.TrafficMirrorRule", 400);
  });
});
