/**
 * `npm start`'s compile step (`node scripts/demo.js --build-only`, no engine) in a temp copy of the
 * repository (its node_modules entries linked, the staged copy its own): the first run builds in
 * full; a second run compiles and stages nothing (no output rewritten); a source edit is compiled
 * and staged; a deleted staged copy is staged again without compiling; after a deleted output, of two
 * runs started together one builds in full (restoring it) and the other waits and finds it built.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { exec } from "../support/exec";
import { REPO } from "../support/pulumi";

jest.setTimeout(120_000);

const PKG = "pulumi-alicloud-traffic";
const COPIED = ["provider", "emulator", "policy-pack", "scripts", "package.json", "package-lock.json", "toolchain.json"];
const COPIED_TOO = ["README.md", "LICENSE", "CHANGELOG.md"];
const COMPILED = /=== Compiling the package \(TypeScript, /;
const UP_TO_DATE = /=== Compiling the package: up to date \(/;

let dir: string;
const file = (rel: string) => path.join(dir, rel);
const read = (rel: string) => fs.readFileSync(file(rel), "utf8");
const run = async () => {
  const r = await exec(process.execPath, ["scripts/demo.js", "--build-only"], dir);
  if (r.code !== 0) throw new Error(`demo.js --build-only exited ${r.code}\n${r.stdout}${r.stderr}`);
  return r;
};
const build = async () => (await run()).stdout;
/** Modification times of what a build writes: tsc's and the policy pack's outputs, and the staged copy. */
const COMPILED_FILES = ["dist/provider/index.js", "dist/.tsbuildinfo", "policy-pack/dist/index.js"];
const WRITTEN = [...COMPILED_FILES, `node_modules/${PKG}/dist/provider/index.js`];
const mtimes = (files = WRITTEN) => files.map((rel) => fs.statSync(file(rel)).mtimeMs);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-build-"));
  const tsconfigs = fs.readdirSync(REPO).filter((f) => /^tsconfig.*\.json$/.test(f));
  for (const entry of [...COPIED, ...COPIED_TOO, ...tsconfigs]) {
    if (!fs.existsSync(path.join(REPO, entry)) && COPIED_TOO.includes(entry)) continue;
    fs.cpSync(path.join(REPO, entry), file(entry), {
      recursive: true,
      filter: (src) => !src.startsWith(path.join(REPO, "policy-pack", "dist")),
    });
  }
  fs.mkdirSync(file("node_modules"));
  for (const name of fs.readdirSync(path.join(REPO, "node_modules"))) {
    if (!name.startsWith(PKG)) fs.symlinkSync(path.join(REPO, "node_modules", name), file(`node_modules/${name}`));
  }
});
afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

it("a second run compiles nothing; every change is built, staged, and only as far as needed", async () => {
  expect(await build()).toMatch(/=== Compiling the package \(TypeScript, full build: no record of a completed build/);
  expect(read(`node_modules/${PKG}/dist/provider/index.js`)).toBe(read("dist/provider/index.js"));

  const before = mtimes();
  const second = await build();
  expect(second).toMatch(UP_TO_DATE);
  expect(second).not.toMatch(COMPILED);
  expect(mtimes()).toEqual(before);

  fs.appendFileSync(file("provider/index.ts"), 'export const demoBuildProbe = "probe-1";\n');
  expect(await build()).toMatch(/=== Compiling the package \(TypeScript, incremental: changed: provider\/index.ts\)/);
  expect(read("dist/provider/index.js")).toContain("probe-1");
  expect(read(`node_modules/${PKG}/dist/provider/index.js`)).toContain("probe-1");

  fs.rmSync(file(`node_modules/${PKG}`), { recursive: true });
  const compiled = mtimes(COMPILED_FILES);
  expect(await build()).toMatch(
    /=== Compiling the package: up to date; staging it again \(node_modules\/pulumi-alicloud-traffic is missing\)/,
  );
  expect(read(`node_modules/${PKG}/dist/provider/index.js`)).toContain("probe-1");
  expect(mtimes(COMPILED_FILES)).toEqual(compiled);
});

it("after a deleted output, of two runs at once one builds in full; the other waits for it and compiles nothing", async () => {
  fs.rmSync(file("dist/emulator/index.js")); // incremental tsc would not write it again
  fs.appendFileSync(file("provider/index.ts"), 'export const demoBuildProbe2 = "probe-2";\n');
  const runs = await Promise.all([run(), run()]);
  const [builder, waiter] = COMPILED.test(runs[0].stdout) ? runs : [runs[1], runs[0]];
  expect(builder.stdout).toMatch(
    /=== Compiling the package \(TypeScript, full build: dist\/ or policy-pack\/dist\/ is not what the last build wrote\)/,
  );
  expect(waiter.stdout).toMatch(UP_TO_DATE);
  expect(waiter.stdout).not.toMatch(COMPILED);
  expect(waiter.stderr).toMatch(/waiting for another build of the package \(pid \d+; lock dist\/.build-lock\)/);
  expect(read(`node_modules/${PKG}/dist/provider/index.js`)).toContain("probe-2");
  expect(read(`node_modules/${PKG}/dist/emulator/index.js`)).toBe(read("dist/emulator/index.js"));
  expect(await build()).toMatch(UP_TO_DATE);
});
