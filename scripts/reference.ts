/**
 * The resource reference (docs/resources.md), generated from the field tables of every resource in the
 * registry: one input table and one output table per resource, between markers that this script owns
 * (`<!-- reference:<class>:begin -->` ... `end`); the prose around them is written by hand.
 *
 *   npm run reference:sync     # rewrite the generated tables
 *   npm run reference:check    # exit 1 if they disagree with the tables (test/unit/reference.test.ts runs it too)
 */
import * as fs from "fs";
import * as path from "path";
import type { z } from "zod";
import { PUBLIC_RESOURCES, ResourceEntry } from "../provider/registry";
import { FieldSpec, OutputTable, zod } from "../provider/schema/fieldTable";
import { FILTER_RULE_MEMBERS } from "../provider/schema/trafficMirrorFilter";

export const REFERENCE = path.join(__dirname, "..", "docs", "resources.md");

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The type of a field's values, from its zod rule. */
function typeOf(schema: z.ZodType, spec?: Pick<FieldSpec, "numeric">): string {
  const z = zod();
  if (schema instanceof z.ZodOptional) return typeOf(schema.unwrap() as z.ZodType, spec);
  if (schema instanceof z.ZodEnum) return (schema.options as string[]).map((o) => `\`"${o}"\``).join(" \\| ");
  if (schema instanceof z.ZodLiteral) return [...schema.values].map((v) => `\`${JSON.stringify(v)}\``).join(" \\| ");
  if (schema instanceof z.ZodNumber) return spec?.numeric ? "integer" : "number";
  if (schema instanceof z.ZodString) return "string";
  if (schema instanceof z.ZodBoolean) return "boolean";
  if (schema instanceof z.ZodRecord) return "map of string to string";
  if (schema instanceof z.ZodObject) return "object";
  if (schema instanceof z.ZodArray) {
    const element = typeOf(schema.element as z.ZodType);
    return element === "object" ? "list of rules" : /\|/.test(element) ? `list of ${element}` : `${element}[]`;
  }
  return "value";
}

/** What a field defaults to, as the docs say it. */
function defaultOf(name: string, spec: FieldSpec): string {
  if (name === "region") return "`alicloud:region`, else `ALICLOUD_REGION`";
  if (spec.default !== undefined) return `\`${JSON.stringify(spec.default)}\``;
  if (spec.presence === "defaulted" && name === "name") return "`<resource name>-<7 hex>`, stable per project, stack and resource";
  if (spec.presence === "defaulted") return "what the other inputs imply";
  if (spec.absent === "leave") return "not managed (left as it is)";
  return "none";
}

function requiredOf(spec: FieldSpec): string {
  if (spec.presence === "required") return "**yes**";
  if (spec.requiredWhen) return `when ${spec.requiredWhen}`;
  return "no";
}

function changeOf(spec: FieldSpec): string {
  return spec.change === "replace" ? "**replace**" : "update in place";
}

/** The generated part of one resource: its inputs, rule members where it has rules, and outputs. */
export function renderResource(entry: ResourceEntry & { fields: Record<string, FieldSpec>; outputs: OutputTable }): string {
  const lines = [
    "| Input | Type | Default | Allowed | Required | On change |",
    "| --- | --- | --- | --- | --- | --- |",
    ...Object.entries(entry.fields).map(
      ([name, spec]) =>
        `| \`${name}\` | ${typeOf(spec.schema, spec)} | ${cell(defaultOf(name, spec))} | ${cell(spec.doc ?? "")} | ${requiredOf(spec)} | ${changeOf(spec)} |`,
    ),
  ];
  if (entry.className !== "vpc.TrafficMirrorService" && entry.className !== "vpc.FlowLogService") {
    lines.push(
      `| \`adoptId\` | string | none | The id of an existing one to take over instead of creating (see [Adopting](idempotency.md#adopting-an-existing-resource)). | no | — |`,
    );
  }
  if (Object.values(entry.fields).some((s) => typeOf(s.schema) === "list of rules")) {
    lines.push("", "A rule:", "", "| Member | Type | Allowed | Required |", "| --- | --- | --- | --- |");
    for (const [name, member] of FILTER_RULE_MEMBERS) {
      const required = ["priority", "protocol", "action"].includes(name) ? "**yes**" : "no";
      lines.push(`| \`${name}\` | ${typeOf(member.rule(zod()), member)} | ${cell(member.doc)} | ${required} |`);
    }
  }
  lines.push("", "| Output | From the API | What it holds |", "| --- | --- | --- |");
  for (const [name, spec] of Object.entries(entry.outputs))
    lines.push(`| \`${name}\` | ${spec.wire ? `\`${spec.wire}\`` : "—"} | ${cell(spec.doc)} |`);
  lines.push("", "Outputs also carry every input, as the API reports it (defaults filled).");
  return lines.join("\n");
}

const markers = (className: string) => [
  `<!-- reference:${className}:begin (generated: npm run reference:sync) -->`,
  `<!-- reference:${className}:end -->`,
];

/** The reference file as it should be: every resource's generated part in its place. */
export function expectedReference(current: string): string {
  let out = current;
  for (const entry of PUBLIC_RESOURCES) {
    const [begin, end] = markers(entry.className);
    const at = out.indexOf(begin);
    const to = out.indexOf(end);
    if (at < 0 || to < at) throw new Error(`${REFERENCE} has no ${begin} ... ${end} for ${entry.className}`);
    out = `${out.slice(0, at + begin.length)}\n${renderResource(entry as never)}\n${out.slice(to)}`;
  }
  return out;
}

if (require.main === module) {
  const mode = process.argv[2];
  const current = fs.readFileSync(REFERENCE, "utf8");
  const expected = expectedReference(current);
  if (mode === "sync") {
    if (expected !== current) fs.writeFileSync(REFERENCE, expected);
    console.log(expected === current ? "docs/resources.md is up to date" : "docs/resources.md rewritten from the field tables");
  } else if (mode === "check") {
    if (expected !== current) {
      console.error("docs/resources.md disagrees with the field tables: run `npm run reference:sync`");
      process.exit(1);
    }
  } else {
    console.error("usage: reference.ts sync|check");
    process.exit(2);
  }
}
