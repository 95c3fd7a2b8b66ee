/**
 * A checker for the relative links of Markdown files: `[x](path)`, `[x](path#anchor)`, `[x](#anchor)`,
 * images and reference definitions (`[x]: path`). A link is broken when its file does not exist
 * (relative to the Markdown file; a leading `/` is the repository root, as on GitHub), or when its
 * anchor names no heading of the target Markdown file under GitHub's slug rules (lowercase; markup
 * and punctuation but `-` and `_` removed; spaces to `-`; a repeated heading gets `-1`, `-2`, ...) and
 * no explicit `<a id="...">` / `<a name="...">`. Links with a scheme (`https:`, `mailto:`, ...) and
 * anything in fenced code blocks or inline code are not links here. Anchors of files that are not
 * Markdown (a directory, `file.ts#L10`) are not checked.
 *
 * test/unit/markdownLinks.test.ts runs it on every Markdown file of the repository.
 */
import * as fs from "fs";
import * as path from "path";

export interface BrokenLink {
  /** The Markdown file, as given. */
  file: string;
  /** 1-based line of the link's `[`. */
  line: number;
  /** The destination as written. */
  link: string;
  reason: string;
}

export interface CheckOptions {
  /** Root for links starting with `/` (default: the directory of each file). */
  root?: string;
  /** Whether a resolved absolute path exists (default: on disk). */
  exists?: (absolutePath: string) => boolean;
}

/** The text with fenced code blocks and inline code spans blanked (same length, newlines kept). */
export function blankCode(text: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  const lines = text.split("\n");
  let fence: string | undefined;
  const out = lines.map((line) => {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === undefined) {
      if (m) {
        fence = m[1];
        return blank(line);
      }
      return line;
    }
    if (m && m[1][0] === fence[0] && m[1].length >= fence.length && /^ {0,3}(`+|~+)\s*$/.test(line)) fence = undefined;
    return blank(line);
  });
  // Inline code: a run of N backticks up to the next run of exactly N (may span lines in a paragraph).
  // A span does not cross a blank line (the end of a paragraph).
  return out.join("\n").replace(/(?<!`)(`+)((?:(?!\n[ \t]*\n)[\s\S])*?[^`])\1(?!`)/g, (span) => blank(span));
}

/** GitHub's slug of a heading's text (the rendered text: markup removed first). */
export function slugOf(heading: string): string {
  let text = heading
    .replace(/`+([^`]*)`+/g, "$1") // code spans keep their content
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1") // images: the alt text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // links: the text
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, "$1")
    .replace(/<[^>]+>/g, "") // HTML tags
    .replace(/\\([!-/:-@[-`{-~])/g, "$1") // backslash escapes
    .replace(/(\*\*|__)(.+?)\1/g, "$2") // strong
    .replace(/\*(.+?)\*/g, "$1") // emphasis
    .replace(/(^|[^\p{L}\p{N}])_(.+?)_(?=[^\p{L}\p{N}]|$)/gu, "$1$2")
    .replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e] ?? "");
  text = text.trim().toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "").replace(/ /g, "-");
}

/** Every anchor a Markdown text defines: heading slugs (with GitHub's -1, -2 for repeats) and `<a id|name>`. */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  // github-slugger: a slug seen before gets -1, -2, ... (the first free one).
  const occurrences = new Map<string, number>();
  const add = (base: string) => {
    let slug = base;
    while (occurrences.has(slug)) {
      const n = (occurrences.get(base) ?? 0) + 1;
      occurrences.set(base, n);
      slug = `${base}-${n}`;
    }
    occurrences.set(slug, 0);
    anchors.add(slug);
  };
  const lines = blankCode(text).split("\n");
  const raw = text.split("\n");
  lines.forEach((line, i) => {
    // Headings are read from the raw line (a heading's code span is part of its slug).
    if (/^ {0,3}#{1,6}(\s|$)/.test(line)) {
      const m = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(raw[i]);
      add(slugOf(m?.[1] ?? ""));
    } else if (i > 0 && /^ {0,3}(=+|-+)[ \t]*$/.test(line) && /\S/.test(lines[i - 1]) && !/^\s*([|>#*+-]|\d+[.)])/.test(lines[i - 1])) {
      add(slugOf(raw[i - 1]));
    }
    for (const a of line.matchAll(/<a\s[^>]*?\b(?:id|name)\s*=\s*("([^"]*)"|'([^']*)')/gi)) anchors.add(a[2] ?? a[3]);
  });
  return anchors;
}

const LINK = /!?\[((?:[^[\]]|\[[^[\]]*\])*)\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]*(<[^>\n]*>|\S+)/gm;

/** The relative links of a Markdown text: destination and 1-based line. */
export function linksOf(text: string): { link: string; line: number }[] {
  const code = blankCode(text);
  const lineAt = (offset: number) => code.slice(0, offset).split("\n").length;
  const out: { link: string; line: number; at: number }[] = [];
  for (const m of code.matchAll(LINK)) out.push({ link: m[2].replace(/^<|>$/g, ""), line: lineAt(m.index), at: m.index });
  for (const m of code.matchAll(DEFINITION)) out.push({ link: m[1].replace(/^<|>$/g, ""), line: lineAt(m.index), at: m.index });
  return out
    .filter((l) => l.link !== "" && !/^[a-z][a-z0-9+.-]*:/i.test(l.link))
    .sort((a, b) => a.at - b.at)
    .map(({ link, line }) => ({ link, line }));
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Every broken relative link of the given Markdown files. */
export function checkMarkdownLinks(files: string[], options: CheckOptions = {}): BrokenLink[] {
  const exists = options.exists ?? ((p: string) => fs.existsSync(p));
  const anchorCache = new Map<string, Set<string>>();
  const anchors = (file: string) => {
    let a = anchorCache.get(file);
    if (!a) anchorCache.set(file, (a = anchorsOf(fs.readFileSync(file, "utf8"))));
    return a;
  };
  const broken: BrokenLink[] = [];
  for (const file of files) {
    const abs = path.resolve(file);
    for (const { link, line } of linksOf(fs.readFileSync(abs, "utf8"))) {
      const hash = link.indexOf("#");
      const target = decode(hash < 0 ? link : link.slice(0, hash)).replace(/\?.*$/, "");
      const anchor = hash < 0 ? undefined : decode(link.slice(hash + 1));
      const resolved =
        target === ""
          ? abs
          : target.startsWith("/")
            ? path.join(options.root ?? path.dirname(abs), target)
            : path.resolve(path.dirname(abs), target);
      if (target !== "" && !exists(resolved)) {
        broken.push({ file, line, link, reason: `no such file: ${path.relative(path.dirname(abs), resolved) || "."}` });
        continue;
      }
      if (!anchor || !/\.md$/i.test(resolved)) continue;
      if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile()) continue;
      if (!anchors(resolved).has(anchor))
        broken.push({
          file,
          line,
          link,
          reason: `no heading or anchor #${anchor} in ${path.relative(path.dirname(abs), resolved) || path.basename(abs)}`,
        });
    }
  }
  return broken;
}

/** One line per broken link: `file:line: link (reason)`. */
export function formatBrokenLinks(broken: BrokenLink[]): string {
  return broken.map((b) => `${b.file}:${b.line}: ${b.link} (${b.reason})`).join("\n");
}
