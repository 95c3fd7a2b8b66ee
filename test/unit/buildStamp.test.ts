/**
 * When `npm start` may skip compiling (scripts/buildStamp.js), on a small stand-in repository (no
 * tsc): a completed build is not redone; any change to what the build reads or writes is caught
 * and answered with the least work that is still correct (staging only, incremental, full).
 * And the build lock: a run waits for a live owner, takes over a dead one's lock.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as stamp from "../../scripts/buildStamp";

const { stage } = stamp;

const PKG = { name: "fake-traffic", version: "0.0.0", files: ["dist/provider", "dist/emulator", "policy-pack/dist", "CHANGELOG.md"] };
const SOURCES: Record<string, string> = {
  "package.json": JSON.stringify(PKG),
  "package-lock.json": "{}",
  "README.md": "# fake\n",
  "CHANGELOG.md": "# changes\n",
  "tsconfig.json": "{}",
  "tsconfig.test.json": "{}",
  "provider/index.ts": "export const a = 1;\n",
  "provider/sag/flowLog.ts": "export const b = 2;\n",
  "provider/sag/flowLog.test.ts": "test\n",
  "emulator/index.ts": "export const c = 3;\n",
  "emulator/README.md": "# emulator\n",
  "policy-pack/index.ts": "export const d = 4;\n",
  "policy-pack/policies/allowedRegions.ts": "export const e = 5;\n",
  "policy-pack/tsconfig.json": "{}",
  "policy-pack/test/pack.test.ts": "test\n",
};
/** What a build writes, stood in for tsc and the policy-pack build. */
const OUTPUTS: Record<string, string> = {
  "dist/provider/index.js": "exports.a = 1;\n",
  "dist/provider/sag/flowLog.js": "exports.b = 2;\n",
  "dist/emulator/index.js": "exports.c = 3;\n",
  "dist/.tsbuildinfo": "{}",
  "policy-pack/dist/index.js": "exports.d = 4;\n",
};

let repo: string;
const file = (rel: string) => path.join(repo, rel);
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
  fs.writeFileSync(file(rel), text);
};
const append = (rel: string, text = "// edited\n") => fs.appendFileSync(file(rel), text);
const staged = (rel: string) => `node_modules/${PKG.name}/${rel}`;

/** A completed build, as scripts/demo.js does it: inputs read first, outputs, staging, stamp last. */
function build() {
  const { inputs } = stamp.check(repo);
  for (const [rel, text] of Object.entries(OUTPUTS)) write(rel, text);
  stage(repo);
  stamp.record(repo, inputs);
}

beforeEach(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), "build-stamp-"));
  for (const [rel, text] of Object.entries(SOURCES)) write(rel, text);
});
afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

describe("check", () => {
  it("asks for a full build when no build completed", () => {
    expect(stamp.check(repo)).toMatchObject({ action: "clean", reason: expect.stringContaining(stamp.STAMP) });
  });

  it("skips everything after a completed build, and again after the check", () => {
    build();
    expect(stamp.check(repo)).toMatchObject({ action: "none" });
    expect(stamp.check(repo)).toMatchObject({ action: "none" });
  });

  it("ignores files the build does not read: tests, Markdown outside the package", () => {
    build();
    append("provider/sag/flowLog.test.ts");
    append("policy-pack/test/pack.test.ts");
    append("emulator/README.md");
    write("test/unit/new.test.ts", "test\n");
    expect(stamp.check(repo)).toMatchObject({ action: "none" });
  });

  it.each([
    ["an edited provider source", "provider/sag/flowLog.ts"],
    ["an edited emulator source", "emulator/index.ts"],
    ["an edited policy-pack source", "policy-pack/policies/allowedRegions.ts"],
    ["an edited policy-pack tsconfig", "policy-pack/tsconfig.json"],
    ["an edited tsconfig.json", "tsconfig.json"],
    ["an edited tsconfig.test.json", "tsconfig.test.json"],
    ["an edited package.json", "package.json"],
    ["an edited package-lock.json", "package-lock.json"],
    ["a new provider source", "provider/vpc/trafficMirror.ts"],
    ["a new tsconfig.*.json", "tsconfig.lint.json"],
    ["TypeScript installed", "node_modules/typescript/package.json"],
    ["npm installing something", "node_modules/.package-lock.json"],
  ])("builds incrementally after %s (%s)", (_, rel) => {
    build();
    if (fs.existsSync(file(rel))) append(rel, rel.endsWith(".json") ? " " : "// edited\n");
    else write(rel, "{}");
    expect(stamp.check(repo)).toMatchObject({ action: "incremental", reason: `changed: ${rel}` });
  });

  it("builds in full after a source is removed (its output would stay behind)", () => {
    build();
    fs.rmSync(file("provider/sag/flowLog.ts"));
    expect(stamp.check(repo)).toMatchObject({ action: "clean", reason: "removed: provider/sag/flowLog.ts" });
  });

  it.each<[string, () => void]>([
    ["dist/ is deleted", () => fs.rmSync(file("dist"), { recursive: true })],
    ["dist/provider/ is deleted", () => fs.rmSync(file("dist/provider"), { recursive: true })],
    ["an output is deleted", () => fs.rmSync(file("dist/provider/sag/flowLog.js"))],
    ["an output is edited", () => append("dist/emulator/index.js")],
    ["an output is added", () => write("dist/provider/stale.js", "")],
    ["policy-pack/dist/ is deleted", () => fs.rmSync(file("policy-pack/dist"), { recursive: true })],
    ["the build info is replaced", () => write("dist/.tsbuildinfo", '{"other":1}')],
    ["the build info is deleted", () => fs.rmSync(file("dist/.tsbuildinfo"))],
    ["the stamp is deleted (a build interrupted)", () => stamp.invalidate(repo)],
    ["the stamp is of another format", () => write(stamp.STAMP, '{"format":0}')],
  ])("builds in full when %s", (_, change) => {
    build();
    change();
    expect(stamp.check(repo)).toMatchObject({ action: "clean" });
  });

  it("does not take an input edited during a build for built", () => {
    const { inputs } = stamp.check(repo);
    for (const [rel, text] of Object.entries(OUTPUTS)) write(rel, text);
    append("provider/index.ts"); // while tsc runs
    stage(repo);
    stamp.record(repo, inputs);
    expect(stamp.check(repo)).toMatchObject({ action: "incremental", reason: "changed: provider/index.ts" });
  });

  it("builds incrementally after a failed build, from the outputs it left", () => {
    build();
    append("emulator/index.ts");
    const { inputs } = stamp.check(repo);
    stamp.invalidate(repo);
    append("dist/emulator/index.js"); // tsc emitted, with type errors
    stamp.record(repo, null);
    expect(stamp.check(repo)).toMatchObject({ action: "incremental", reason: "the last build failed" });
    stamp.record(repo, inputs);
    stage(repo);
    expect(stamp.check(repo)).toMatchObject({ action: "none" });
  });

  it.each<[string, () => void, RegExp]>([
    ["the staged copy is deleted", () => fs.rmSync(file(`node_modules/${PKG.name}`), { recursive: true }), /is missing/],
    ["a staged file is deleted", () => fs.rmSync(file(staged("dist/emulator/index.js"))), /dist\/emulator\/index.js is missing/],
    ["a staged file is edited", () => append(staged("dist/provider/index.js")), /dist\/provider\/index.js differs/],
    ["a file is added to the staged copy", () => write(staged("dist/provider/extra.js"), ""), /extra.js is not in the package/],
    ["README.md is edited", () => append("README.md"), /README.md differs/],
    ["CHANGELOG.md is edited", () => append("CHANGELOG.md"), /CHANGELOG.md differs/],
    ["LICENSE is added", () => write("LICENSE", "Apache-2.0\n"), /LICENSE is missing/],
  ])("stages again (only) when %s", (_, change, reason) => {
    build();
    change();
    expect(stamp.check(repo)).toMatchObject({ action: "stage", reason: expect.stringMatching(reason) });
    stage(repo);
    expect(stamp.check(repo)).toMatchObject({ action: "none" });
  });
});

describe("clean", () => {
  it("empties dist/ but for the lock", () => {
    build();
    fs.mkdirSync(file(stamp.LOCK));
    stamp.clean(repo);
    expect(fs.readdirSync(file("dist"))).toEqual([path.basename(stamp.LOCK)]);
  });
});

describe("withBuildLock", () => {
  it("takes over the lock of a process that is gone", () => {
    fs.mkdirSync(file(stamp.LOCK), { recursive: true });
    write(`${stamp.LOCK}/owner.json`, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname() }));
    const said: string[] = [];
    expect(
      stamp.withBuildLock(
        repo,
        () => "ran",
        (l) => said.push(l),
      ),
    ).toBe("ran");
    expect(said).toEqual([expect.stringMatching(/taking over the build lock .*is no longer running/)]);
    expect(fs.existsSync(file(stamp.LOCK))).toBe(false);
  });

  it("waits for a live owner, then runs", async () => {
    const marker = file("owner-done");
    const holder = `require(${JSON.stringify(require.resolve("../../scripts/buildStamp.js"))}).withBuildLock(${JSON.stringify(repo)}, () => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      require("fs").writeFileSync(${JSON.stringify(marker)}, "");
    });`;
    const child = spawn(process.execPath, ["-e", holder], { stdio: "inherit" });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    const owned = () => {
      try {
        return JSON.parse(fs.readFileSync(file(`${stamp.LOCK}/owner.json`), "utf8")).pid === child.pid;
      } catch {
        return false;
      }
    };
    while (!owned()) await new Promise((r) => setTimeout(r, 20));
    const said: string[] = [];
    const sawMarker = stamp.withBuildLock(
      repo,
      () => fs.existsSync(marker),
      (l) => said.push(l),
    );
    expect(sawMarker).toBe(true);
    expect(said).toEqual([expect.stringMatching(new RegExp(`waiting for another build of the package \\(pid ${child.pid}`))]);
    expect(await exited).toBe(0);
  });
});
