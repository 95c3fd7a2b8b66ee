/** The generic field-table machinery (provider/schema/fieldTable.ts) on a small table of its own. */
import { z } from "zod";
import { UNKNOWN, isUnknown } from "../../provider/schema";
import { canonical, changedFields, field, fillDefaults, fromWire, toWire } from "../../provider/schema/fieldTable";

const table = {
  region: field(z.string(), { group: "core", presence: "defaulted", change: "replace" }),
  size: field(z.number().int(), { wire: "Size", group: "core", default: 3, presence: "defaulted", change: "update" }),
  port: field(z.number().int(), { wire: "Port", group: "extra", default: 80, presence: "optional", change: "update" }),
  tags: field(z.array(z.string()), { group: "core", presence: "optional", change: "update", compare: "set", absent: "leave" }),
  rules: field(z.array(z.object({ a: z.number(), b: z.string() })), {
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

  it("canonical JSON sorts keys at every depth", () => {
    expect(canonical({ b: 1, a: { d: [{ f: 1, e: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[{"e":2,"f":1}]},"b":1}');
  });
});
