/**
 * The resource reference (docs/resources.md) is what the field tables say: its generated tables are
 * rewritten by `npm run reference:sync` (scripts/reference.ts), and this test fails while they disagree,
 * for every resource of the registry.
 */
import * as fs from "fs";
import { PUBLIC_RESOURCES } from "../../provider/registry";
import { REFERENCE, expectedReference, renderResource } from "../../scripts/reference";

describe("docs/resources.md, generated from the field tables", () => {
  it("agrees with the field tables of every resource (run `npm run reference:sync` after changing one)", () => {
    const current = fs.readFileSync(REFERENCE, "utf8");
    expect(current).toBe(expectedReference(current));
  });

  it("has a section for every resource of the registry, with each of its inputs and outputs", () => {
    const current = fs.readFileSync(REFERENCE, "utf8");
    for (const entry of PUBLIC_RESOURCES) {
      expect(current).toContain(`## \`${entry.className}\``);
      const rendered = renderResource(entry as never);
      for (const name of [...Object.keys(entry.fields), ...Object.keys(entry.outputs)]) expect(rendered).toContain(`| \`${name}\` |`);
    }
  });

  it("fails when a table changes and the reference does not (the check can fail)", () => {
    const current = fs.readFileSync(REFERENCE, "utf8");
    const stale = current.replace("Minutes between flow records: 1, 5 or 10.", "Seconds between flow records.");
    expect(stale).not.toBe(current);
    expect(expectedReference(stale)).not.toBe(stale);
  });
});
