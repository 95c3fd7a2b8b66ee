/**
 * Every bad input of test/support/badInputs.ts through the providers' `check`, one at a
 * time: each is rejected on its own, with exactly the expected message (field, value, rule), and
 * nothing else. Then the batches the e2e suite previews: grouping the cases of a resource neither
 * hides nor adds a failure. And the inputs only a policy catches pass `check`.
 */
import { check as checkFlowLog } from "../../provider/sag/flowLogProvider";
import { check as checkMirror } from "../../provider/vpc/trafficMirrorServiceProvider";
import { clearStackConfig } from "../../provider/client/config";
import {
  ACCEPTED_CASES,
  ALL_CHECK_CASES,
  CHECK_ONLY_CASES,
  BadInputGroup,
  CHECK_GROUPS,
  POLICY_CASES,
  caseInputs,
  groupInputs,
  groupNoRegion,
} from "../support/badInputs";

const HIDDEN = { __token: "0123456789abcdef", __autoName: "bad-0123456" };

async function failures(type: BadInputGroup["type"], inputs: Record<string, unknown>, noRegion: boolean) {
  if (noRegion) delete process.env.ALICLOUD_REGION;
  else process.env.ALICLOUD_REGION = "cn-hangzhou";
  const r =
    type === "flowLog" ? await checkFlowLog({}, { ...inputs, ...HIDDEN }) : await checkMirror({}, { ...inputs, __token: HIDDEN.__token });
  return r.failures ?? [];
}

const saved = process.env.ALICLOUD_REGION;
afterAll(() => {
  if (saved === undefined) delete process.env.ALICLOUD_REGION;
  else process.env.ALICLOUD_REGION = saved;
});
beforeEach(() => clearStackConfig());

describe("the case list", () => {
  it("has at least 40 distinct bad inputs, each with a unique description", () => {
    expect(ALL_CHECK_CASES.length + POLICY_CASES.length).toBeGreaterThanOrEqual(40);
    const ids = [...ALL_CHECK_CASES.map((c) => c.case.id), ...POLICY_CASES.map((c) => c.id)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(CHECK_GROUPS.map((g) => g.name)).size).toBe(CHECK_GROUPS.length);
  });

  it.each(CHECK_GROUPS.map((g) => [g.name, g] as const))("the base of %s is valid", async (_name, group) => {
    expect(await failures(group.type, group.base, false)).toEqual([]);
  });

  it("groups never set the same field twice", () => {
    for (const g of CHECK_GROUPS) {
      const keys = g.cases.flatMap((c) => Object.keys(c.set));
      expect({ group: g.name, duplicated: keys.filter((k, i) => keys.indexOf(k) !== i) }).toEqual({ group: g.name, duplicated: [] });
    }
  });
});

describe("check rejects each bad input on its own", () => {
  it.each(
    ALL_CHECK_CASES.map(
      ({ group, case: c }) => [`${group.type === "flowLog" ? "sag.FlowLog" : "vpc.TrafficMirrorService"}: ${c.id}`, group, c] as const,
    ),
  )("%s", async (_title, group, c) => {
    const got = await failures(group.type, caseInputs(group, c), c.noRegion === true);
    expect(got.map((f) => f.reason).sort()).toEqual([...c.reasons].sort());
    // No property: the engine then prints the reason alone, not `property p value {<Go value>} has a problem:`.
    expect(got.map((f) => f.property)).toEqual(got.map(() => ""));
    // Field, value and rule: the message starts with the field and carries the rule.
    for (const reason of got.map((f) => f.reason)) expect(reason).toMatch(new RegExp(`^${c.property}(\\[\\d+\\])?: .+ is invalid: .+`));
    // Values are shortened: no message is longer than its rule plus ~100 characters.
    for (const reason of got.map((f) => f.reason)) expect(reason.length).toBeLessThan(700);
  });
});

describe("a batch (one resource, many bad fields) reports exactly the union of its cases", () => {
  it.each(CHECK_GROUPS.map((g) => [g.name, g] as const))("%s", async (_name, group) => {
    const got = await failures(group.type, groupInputs(group), groupNoRegion(group));
    expect(got.map((f) => f.reason).sort()).toEqual(group.cases.flatMap((c) => c.reasons).sort());
  });
});

describe("check rejects what the resource class would drop", () => {
  it.each(CHECK_ONLY_CASES.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    expect((await failures("flowLog", c.args, false)).map((f) => f.reason)).toEqual([c.reason]);
  });
});

describe("inputs check accepts as they are (ignored destination fields, adoptId, hidden inputs)", () => {
  it.each(ACCEPTED_CASES.map((a) => [a.id, a] as const))("%s", async (_id, a) => {
    expect(await failures(a.type, a.args, false)).toEqual([]);
  });

  it("accepts every hidden __ input, also those of stored outputs and of state written by 0.1", async () => {
    const hidden = {
      __replaceOnChanges: ["*"],
      __provider: "x",
      __markerLost: true,
      __ownedElsewhere: "t",
      __urn: "urn:pulumi:s::p::t::n",
    };
    expect(
      await failures(
        "flowLog",
        { outputType: "sls", slsRegionId: "cn-shanghai", projectName: "netlogs", logstoreName: "sag", ...hidden },
        false,
      ),
    ).toEqual([]);
    expect(await failures("mirror", { region: "cn-hangzhou", ...hidden }, false)).toEqual([]);
  });
});

describe("inputs only a policy catches pass check", () => {
  it.each(POLICY_CASES.map((p) => [p.id, p] as const))("%s", async (_id, p) => {
    for (const r of p.resources) expect(await failures(r.type, r.args, false)).toEqual([]);
  });
});

describe("message helpers", () => {
  it("shows long values by their first 60 characters and their length, and NaN/Infinity as such", () => {
    const { describeValue } = jest.requireActual("../../provider/schema") as typeof import("../../provider/schema");
    expect(describeValue("x".repeat(1 << 20))).toBe(`"${"x".repeat(60)}"... (1048576 characters)`);
    expect(describeValue(NaN)).toBe("NaN");
    expect(describeValue(-Infinity)).toBe("-Infinity");
    expect(describeValue([NaN])).toBe('["NaN"]');
    expect(describeValue({})).toBe("{}");
  });

  it("recognizes the dynamic-provider host's echo of a thrown Error, and only that", () => {
    const { isHostErrorEcho } = jest.requireActual(
      "../../provider/internal/engineLog",
    ) as typeof import("../../provider/internal/engineLog");
    const e = new Error("DescribeFlowLogs failed: InternalError: x: y");
    expect(isHostErrorEcho([`${e}: ${e.stack}`])).toBe(true);
    const t = new TypeError("cannot read x");
    expect(isHostErrorEcho([`${t}: ${t.stack}`])).toBe(false);
    expect(isHostErrorEcho(["Error: something else happened"])).toBe(false);
    expect(isHostErrorEcho([`${e}: ${e.stack}`, "more"])).toBe(false);
  });
});
