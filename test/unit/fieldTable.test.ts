/** The generic field-table machinery (provider/schema/fieldTable.ts) on a small table of its own. */
import { execFileSync } from "child_process";
import * as path from "path";
import { UNKNOWN, isUnknown } from "../../provider/schema";
import {
  canonical,
  changedFields,
  field,
  fieldIssues,
  fillDefaults,
  fromWire,
  integerField,
  toWire,
} from "../../provider/schema/fieldTable";
import { flowLogFields } from "../../provider/schema/flowLog";
import { trafficMirrorFilterFields } from "../../provider/schema/trafficMirrorFilter";
import { trafficMirrorServiceFields } from "../../provider/schema/trafficMirrorService";
import { trafficMirrorSessionFields } from "../../provider/schema/trafficMirrorSession";

const table = {
  region: field((z) => z.string(), { group: "core", presence: "defaulted", change: "replace" }),
  size: integerField({ min: 1, max: 9 }, "", { wire: "Size", group: "core", default: 3, presence: "defaulted", change: "update" }),
  port: integerField({ min: 1, max: 65535 }, "", { wire: "Port", group: "extra", default: 80, presence: "optional", change: "update" }),
  tags: field((z) => z.array(z.string()), { group: "core", presence: "optional", change: "update", compare: "set", absent: "leave" }),
  rules: field((z) => z.array(z.object({ a: z.number(), b: z.string() })), {
    group: "core",
    presence: "optional",
    change: "update",
    compare: "deep",
  }),
};
const all = () => true;
const coreOnly = (g: string) => g === "core";

describe("field table", () => {
  it("fills defaults only for groups in use, and drops nulls", () => {
    expect(fillDefaults(table, { region: "r", port: null }, coreOnly)).toEqual({ region: "r", size: 3 });
    expect(fillDefaults(table, {}, all)).toEqual({ size: 3, port: 80 });
  });

  it("maps to the wire and back, converting numbers and keeping unused groups' previous values", () => {
    expect(toWire(table, { size: 5, port: 81, region: "r" }, all)).toEqual({ Size: 5, Port: 81 });
    expect(toWire(table, { size: 5, port: 81 }, coreOnly)).toEqual({ Size: 5 });
    expect(fromWire(table, { Size: "7", Port: "" }, { port: 99 }, all)).toEqual({ size: 7, port: undefined });
    expect(fromWire(table, { Size: "7", Port: "8" }, { port: 99 }, coreOnly)).toEqual({ size: 7, port: 99 });
    // A defaulted field the API leaves out keeps its previous value.
    expect(fromWire(table, {}, { size: 4 }, coreOnly)).toEqual({ size: 4 });
  });

  it("compares sets without order, deep values without key order, and leaves absent 'leave' fields alone", () => {
    const olds = { region: "r", size: 3, tags: ["a", "b"], rules: [{ a: 1, b: "x" }] };
    expect(changedFields(table, olds, { region: "r", size: 3, tags: ["b", "a"], rules: [{ b: "x", a: 1 }] }, all, isUnknown)).toEqual([]);
    expect(changedFields(table, olds, { region: "r", size: 3, rules: [{ a: 1, b: "x" }] }, all, isUnknown)).toEqual([]);
    expect(changedFields(table, olds, { region: "q", size: 3, tags: ["a"], rules: [{ a: 2, b: "x" }] }, all, isUnknown)).toEqual([
      "region",
      "tags",
      "rules",
    ]);
    expect(changedFields(table, olds, { ...olds, rules: [{ a: UNKNOWN, b: "x" }] }, all, isUnknown)).toEqual(["rules"]);
  });

  it("reports every problem of a field at once: a list too long that also repeats a priority, and each bad member", () => {
    const rule = (priority: number) => ({ priority, protocol: "TCP", action: "accept" });
    const eleven = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 3].map(rule);
    expect(fieldIssues(trafficMirrorFilterFields, { ingressRules: eleven }).map((i) => `${i.field}: ${i.rule}`)).toEqual([
      "ingressRules: must hold at most 10 rules (the API's limit per direction)",
      "ingressRules[10].priority: is already the priority of rule [2]: priorities are unique within a direction",
    ]);
    const twoBad = [{ priority: 11, protocol: "TCP", action: "accept", sourceCidrBlock: "10.0.0.0/33" }];
    expect(fieldIssues(trafficMirrorFilterFields, { egressRules: twoBad }).map((i) => i.field)).toEqual([
      "egressRules[0].priority",
      "egressRules[0].sourceCidrBlock",
    ]);
    // Unknown entries (preview) leave the count and the uniqueness to `up`; known entries are still checked.
    expect(fieldIssues(trafficMirrorSessionFields, { sourceIds: [UNKNOWN, "nope"] }).map((i) => i.field)).toEqual(["sourceIds[1]"]);
  });

  it("canonical JSON sorts keys at every depth", () => {
    expect(canonical({ b: 1, a: { d: [{ f: 1, e: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[{"e":2,"f":1}]},"b":1}');
  });

  it("marks as numeric exactly the fields whose rule is a number, in every table (fromWire converts those)", () => {
    for (const t of [flowLogFields, trafficMirrorServiceFields, trafficMirrorFilterFields, trafficMirrorSessionFields]) {
      for (const [name, spec] of Object.entries(t)) {
        const isNumber = (spec.schema as unknown as { def: { type: string } }).def.type === "number";
        expect([name, "numeric" in spec && spec.numeric === true]).toEqual([name, isNumber]);
      }
    }
  });

  it("builds a rule once, when its schema is first read", () => {
    let built = 0;
    const t = { n: field((z) => (built++, z.string()), { group: "core", presence: "optional", change: "update" }) };
    expect(fillDefaults(t, { n: "x" }, all)).toEqual({ n: "x" });
    expect(built).toBe(0);
    expect(t.n.schema.safeParse("x").success).toBe(true);
    expect(t.n.schema).toBe(t.n.schema);
    expect(built).toBe(1);
  });

  it("zod is not loaded by a program declaring resources, nor by the provider's read, update and delete paths", () => {
    // The built package (npm test builds it first): what a program and the provider host load.
    const dist = path.join(__dirname, "..", "..", "dist", "provider");
    const loaded = (code: string) =>
      execFileSync(
        process.execPath,
        ["-e", `(async () => { ${code}; console.log(Object.keys(require.cache).some((k) => /[\\/]zod[\\/]/.test(k))) })()`],
        {
          cwd: dist,
          encoding: "utf8",
        },
      ).trim();
    expect(loaded(`require("./index.js")`)).toBe("false");
    expect(loaded(`require("./sag/flowLogProvider.js"); require("./vpc/trafficMirrorFilterProvider.js")`)).toBe("false");
    // fromWire (read), toWire (update) and the diff need no rule.
    expect(
      loaded(
        `const w = require("./sag/flowLogWire.js"); const p = require("./sag/flowLogPreview.js");` +
          `const o = { region: "cn-hangzhou", name: "n", outputType: "sls", activeAging: 300, inactiveAging: 15, slsRegionId: "cn-shanghai", projectName: "p1x", logstoreName: "ls" };` +
          `w.fromItem({ FlowLogId: "fl-1", Name: "n", OutputType: "sls", ActiveAging: "300", InactiveAging: 15 }, "cn-hangzhou", o);` +
          `w.settingsParams(o, "0123456789abcdef"); p.diff("fl-1", o, o)`,
      ),
    ).toBe("false");
    // check validates, so it loads zod.
    expect(loaded(`require("./sag/flowLogPreview.js").check({}, { region: "cn-hangzhou", outputType: "sls" })`)).toBe("true");
    // The state identity's diff and create (its last call in a preview or an up) load it soon after,
    // off the path of the first check; a refresh (read, then diff) and a destroy (delete) do not.
    const identity = `const i = require("./internal/stateIdentityProvider.js")`;
    const soon = `await new Promise((r) => setTimeout(r, 20))`;
    for (const hook of ["diff", "create"]) expect(loaded(`${identity}; await i.check({}, {}); await i.${hook}(); ${soon}`)).toBe("true");
    expect(loaded(`${identity}; await i.read("x", { stateId: "x" }); await i.diff(); ${soon}`)).toBe("false");
    expect(loaded(`${identity}; await i.delete(); ${soon}`)).toBe("false");
  });
});
