/**
 * Every relative link of every Markdown file of the repository (tracked, or untracked and not ignored)
 * leads somewhere: its file exists and its anchor is a heading (GitHub's slug) or an explicit anchor of
 * the target (test/support/markdownLinks.ts).
 * The second test runs the checker on a file with a broken path and a broken anchor, so the first
 * cannot pass because the checker finds nothing.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { anchorsOf, checkMarkdownLinks, formatBrokenLinks, linksOf, slugOf } from "../support/markdownLinks";

const REPO = path.resolve(__dirname, "..", "..");

/**
 * The repository's files as git sees them (tracked, and untracked but not ignored), relative paths.
 * A copy without .git (`npm run test:current` runs the suites in one) is walked instead, leaving out
 * what .gitignore leaves out.
 */
function repoFiles(): string[] {
  const top = spawnSync("git", ["rev-parse", "--show-toplevel"], { cwd: REPO, encoding: "utf8" });
  if (top.status === 0 && fs.realpathSync(top.stdout.trim()) === fs.realpathSync(REPO)) {
    const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO, encoding: "utf8" });
    return out.split("\0").filter((f) => f && fs.existsSync(path.join(REPO, f)));
  }
  const skipDirs = new Set(["node_modules", ".git", ".tmp", "dist", ".pulumi-state", "coverage"]);
  const skipFiles = new Set(["test/faults/RESULTS.md"]);
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(REPO, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && !skipDirs.has(e.name)) walk(r);
      else if (e.isFile() && !skipFiles.has(r)) files.push(r);
    }
  };
  walk("");
  return files;
}

describe("Markdown links", () => {
  it("every relative link of every Markdown file names an existing file and anchor", () => {
    const all = repoFiles();
    const files = all.filter((f) => f.endsWith(".md") && !f.split("/").includes("node_modules"));
    expect(files).toContain("README.md");
    // Files and the directories that hold them (a link may name a directory).
    const known = new Set<string>([REPO]);
    for (const rel of all) for (let p = path.join(REPO, rel); p !== REPO && !known.has(p); p = path.dirname(p)) known.add(p);
    const broken = checkMarkdownLinks(
      files.map((f) => path.join(REPO, f)),
      { root: REPO, exists: (p) => known.has(p) && fs.existsSync(p) },
    ).map((b) => ({ ...b, file: path.relative(REPO, b.file) }));
    if (broken.length > 0) throw new Error(`${broken.length} broken Markdown link(s):\n${formatBrokenLinks(broken)}`);
    // The check looked at something: the README links to the docs pages, with anchors.
    const readmeLinks = linksOf(fs.readFileSync(path.join(REPO, "README.md"), "utf8")).map((l) => l.link);
    expect(readmeLinks.some((l) => l.startsWith("docs/") && l.includes("#"))).toBe(true);
  });

  it("reports a missing file and a missing anchor, with file, line, link and reason (it can fail)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "md-links-"));
    try {
      fs.writeFileSync(path.join(dir, "other.md"), "# Other page\n\n## Setup steps\n\n## Setup steps\n");
      fs.writeFileSync(
        path.join(dir, "page.md"),
        [
          "# Page",
          "",
          "Fine: [other](other.md), [second](other.md#setup-steps-1), [here](#page), [web](https://example.com/x.md#y).",
          "Broken path: [gone](missing/file.md).",
          "Broken anchor: [setup](other.md#set-up-steps) and [local](#no-such-heading).",
          "",
          "```md",
          "[in a fence](nowhere.md)",
          "```",
          "",
          "Inline code is no link: `[x](nowhere.md)`.",
          "",
        ].join("\n"),
      );
      const broken = checkMarkdownLinks([path.join(dir, "page.md")]);
      const message = formatBrokenLinks(broken.map((b) => ({ ...b, file: path.relative(dir, b.file) })));
      console.log(`the checker's report on a file with broken links:\n${message}`);
      expect(message).toBe(
        [
          "page.md:4: missing/file.md (no such file: missing/file.md)",
          "page.md:5: other.md#set-up-steps (no heading or anchor #set-up-steps in other.md)",
          "page.md:5: #no-such-heading (no heading or anchor #no-such-heading in page.md)",
        ].join("\n"),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("slugs headings as GitHub does", () => {
    expect(slugOf("`sag.FlowLog` (type `pulumi-nodejs:dynamic/sag:FlowLog`)")).toBe("sagflowlog-type-pulumi-nodejsdynamicsagflowlog");
    expect(slugOf("VPC 2016-04-28 (traffic mirroring)")).toBe("vpc-2016-04-28-traffic-mirroring");
    expect(slugOf("Why this package (and not `@pulumi/alicloud`)")).toBe("why-this-package-and-not-pulumialicloud");
    expect(slugOf("Adding a **field** or a [resource](x.md)")).toBe("adding-a-field-or-a-resource");
    expect(slugOf("snake_case and _emphasis_")).toBe("snake_case-and-emphasis");
    const anchors = anchorsOf('# A\n\n## Cost\n\n```\n# not a heading\n```\n\n## Cost\n\n<a id="custom"></a>\n\nSetext\n------\n');
    expect([...anchors].sort()).toEqual(["a", "cost", "cost-1", "custom", "setext"]);
  });
});
