/**
 * The engine toolchain as a user meets it: `scripts/pulumi` runs the engine of the toolchain.json leg
 * (or PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION) with offline defaults and says which one it uses,
 * accepts a tested `pulumi` on PATH, and scripts/ensure-engine.js reuses its cache. Also: every copy
 * of the pins (examples, workflow, package.json, README) agrees with toolchain.json, and this run is
 * on the Node.js its leg names.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO, engineInfo } from "../support/pulumi";

// A CommonJS script without types: `import` would need a declaration file for it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const toolchain = require(path.join(REPO, "scripts", "toolchain.js"));

jest.setTimeout(900_000);

function run(cmd: string, args: string[], env: Record<string, string | undefined> = {}) {
  const e = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete e[k];
  return spawnSync(cmd, args, { cwd: REPO, encoding: "utf8", env: e });
}

const PULUMI = path.join(REPO, "scripts", "pulumi");
const legs: Record<string, { node: string; pulumi: string; engine: string }> = toolchain.pins().legs;
const installed: string = toolchain.installedPulumi(REPO);
const [legName, thisLeg] = Object.entries(legs).find(([, l]) => l.pulumi === installed) ?? [];

/** A folder with `pulumi` and `pulumi-language-nodejs` scripts that run the given engine's binaries. */
function fakePathEngine(engineDir: string, version?: string): string {
  fs.mkdirSync(path.join(REPO, ".tmp"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(REPO, ".tmp", "path-engine-"));
  for (const bin of ["pulumi", "pulumi-language-nodejs"]) {
    const body = version && bin === "pulumi" ? `[ "$1" = version ] && { echo v${version}; exit 0; }\n` : "";
    fs.writeFileSync(path.join(dir, bin), `#!/bin/sh\n${body}exec "${path.join(engineDir, bin)}" "$@"\n`, { mode: 0o755 });
  }
  return dir;
}

describe("engine toolchain", () => {
  let engine: { dir: string; version: string };

  beforeAll(async () => {
    engine = await engineInfo(); // builds the engine if this is the first test to need it
  });

  it("runs on a leg of toolchain.json: its @pulumi/pulumi and its Node.js major", () => {
    expect(legName).toBeDefined(); // node_modules has an @pulumi/pulumi that no leg names
    const nodeMajor = Number(process.versions.node.split(".")[0]);
    if (nodeMajor !== Number(thisLeg!.node.split(".")[0])) {
      throw new Error(
        `leg "${legName}" is tested on Node.js ${thisLeg!.node}, this is ${process.version}: ` +
          `run \`node scripts/toolchain.js run-leg ${legName}\` or put \`node scripts/toolchain.js node-bin ${legName}\` first on PATH`,
      );
    }
    expect(engine.version).toBe(process.env.PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION?.replace(/^v/, "") ?? thisLeg!.engine);
  });

  it("scripts/pulumi version prints the leg's engine version and says which engine it uses", () => {
    const r = run(PULUMI, ["version"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`v${engine.version}`);
    expect(r.stderr).toContain(`using Pulumi engine v${engine.version} from `);
  });

  it.each(toolchain.engineVersions() as string[])(
    "PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION=%s: scripts/pulumi builds or reuses that engine",
    (version) => {
      const r = run(PULUMI, ["version"], { PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION: version, PULUMI_ALICLOUD_TRAFFIC_USE_PATH: "0" });
      expect(r.stderr).toContain(`using Pulumi engine v${version} from `);
      expect(r.stderr).toContain("chosen by PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION");
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe(`v${version}`);
    },
  );

  it("reuses the cached engine in well under a second, with the three binaries beside each other", () => {
    const started = Date.now();
    const r = run(process.execPath, [path.join(REPO, "scripts", "ensure-engine.js"), "--quiet"], { PULUMI_ALICLOUD_TRAFFIC_USE_PATH: "0" });
    const ms = Date.now() - started;
    expect(r.status).toBe(0);
    const dir = r.stdout.trim();
    expect(dir.startsWith(toolchain.cacheRoot())).toBe(true);
    for (const bin of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
      expect(fs.statSync(path.join(dir, bin)).mode & 0o111).not.toBe(0);
    }
    expect(ms).toBeLessThan(5_000);
  });

  it("accepts a tested pulumi already on PATH and says so", () => {
    const fake = fakePathEngine(engine.dir);
    try {
      const r = run(PULUMI, ["version"], {
        PATH: `${fake}${path.delimiter}${process.env.PATH}`,
        PULUMI_ALICLOUD_TRAFFIC_USE_PATH: undefined,
      });
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe(`v${engine.version}`);
      expect(r.stderr).toContain(`using Pulumi engine v${engine.version} from PATH (${path.join(fake, "pulumi")})`);
    } finally {
      fs.rmSync(fake, { recursive: true, force: true });
    }
  });

  it("names and skips an untested pulumi on PATH", () => {
    const fake = fakePathEngine(engine.dir, "3.100.0");
    try {
      const r = run(PULUMI, ["version"], {
        PATH: `${fake}${path.delimiter}${process.env.PATH}`,
        PULUMI_ALICLOUD_TRAFFIC_USE_PATH: undefined,
        PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION: undefined,
      });
      expect(r.status).toBe(0);
      expect(r.stderr).toContain(`not using ${path.join(fake, "pulumi")} (v3.100.0): wanted a tested engine`);
      expect(r.stderr).toContain("from the cache");
      expect(r.stdout.trim()).toBe(`v${thisLeg!.engine}`);
    } finally {
      fs.rmSync(fake, { recursive: true, force: true });
    }
  });

  it("scripts/pulumi uses the backend the caller set instead of its default", () => {
    fs.mkdirSync(path.join(REPO, ".tmp"), { recursive: true });
    const backend = fs.mkdtempSync(path.join(REPO, ".tmp", "wrapper-backend-"));
    try {
      const r = run(PULUMI, ["stack", "ls", "--json"], { PULUMI_BACKEND_URL: `file://${backend}` });
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual([]);
      expect(fs.existsSync(path.join(backend, ".pulumi"))).toBe(true);
    } finally {
      fs.rmSync(backend, { recursive: true, force: true });
    }
  });
});

describe("toolchain pins (toolchain.json)", () => {
  it(
    "every copy agrees: examples, workflow, package.json peer range and engines, " + "policy pack, README, go.mod per engine, lock file",
    () => {
      expect(toolchain.drift()).toEqual([]);
    },
  );

  it("the peer range spans exactly the tested @pulumi/pulumi versions and @pulumi/policy's floor (^3.204)", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    const versions = Object.values(legs)
      .map((l) => l.pulumi)
      .sort(toolchain.cmp);
    expect(pkg.peerDependencies["@pulumi/pulumi"]).toBe(`>=${versions[0]} <=${versions[versions.length - 1]}`);
    expect(toolchain.cmp(versions[0], "3.204.0")).toBeGreaterThanOrEqual(0);
  });

  it("the README's Install section lists every tested pair", () => {
    const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
    const at = readme.indexOf("\n## Install\n");
    expect(at).toBeGreaterThanOrEqual(0);
    const next = readme.indexOf("\n## ", at + 1);
    const install = readme.slice(at, next < 0 ? undefined : next);
    for (const [name, l] of Object.entries(legs)) expect(install).toContain(`| ${name} | ${l.node} | ${l.pulumi} | ${l.engine} |`);
  });

  it("the workflow pins the newest leg's Node.js and CLI", () => {
    const wf = fs.readFileSync(path.join(REPO, "examples", "github-actions", "preview.yml"), "utf8");
    const newest = toolchain.newestLeg();
    const nodes = [...wf.matchAll(/node-version:\s*"?([\d.]+)"?/g)].map((m) => m[1]);
    const clis = [...wf.matchAll(/pulumi-version:\s*"?([\d.]+)"?/g)].map((m) => m[1]);
    expect(nodes.length).toBeGreaterThan(0);
    expect(new Set(nodes)).toEqual(new Set([newest.node]));
    expect(clis.length).toBe(nodes.length);
    expect(new Set(clis)).toEqual(new Set([newest.engine]));
  });
});

describe("examples/github-actions/preview.yml", () => {
  // js-yaml is a dependency of @pulumi/pulumi, so it resolves wherever the SDK does.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require(require.resolve("js-yaml", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] }));
  const wf = yaml.load(fs.readFileSync(path.join(REPO, "examples", "github-actions", "preview.yml"), "utf8"));

  it("grants pull-requests: write to the preview job only", () => {
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(wf.jobs.preview.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    for (const [name, job] of Object.entries<any>(wf.jobs))
      if (name !== "preview") expect(job.permissions?.["pull-requests"]).toBeUndefined();
  });

  it("sets PULUMI_CONFIG_PASSPHRASE only when the secret is not empty", () => {
    expect(wf.env.PULUMI_CONFIG_PASSPHRASE).toBeUndefined();
    for (const [name, job] of Object.entries<any>(wf.jobs)) {
      expect(job.env?.PULUMI_CONFIG_PASSPHRASE).toBeUndefined();
      const step = job.steps.find((s: any) => s.env?.PASSPHRASE === "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
      expect(step).toBeDefined(); // job `name` has no passphrase step
      const pulumiStep = job.steps.findIndex((s: any) => String(s.uses).startsWith("pulumi/actions@"));
      expect(job.steps.indexOf(step)).toBeLessThan(pulumiStep);
      for (const [secret, expected] of [
        ["", ""],
        ["s3cret with spaces", "s3cret with spaces"],
      ]) {
        const envFile = path.join(REPO, ".tmp", `github-env-${name}-${expected.length}`);
        fs.mkdirSync(path.dirname(envFile), { recursive: true });
        fs.writeFileSync(envFile, "");
        const r = spawnSync("bash", ["-e", "-c", step.run], {
          encoding: "utf8",
          env: { PATH: process.env.PATH, PASSPHRASE: secret, GITHUB_ENV: envFile },
        });
        expect(r.status).toBe(0);
        const text = fs.readFileSync(envFile, "utf8");
        fs.rmSync(envFile);
        if (!expected) expect(text).toBe("");
        else expect(text).toMatch(new RegExp(`^PULUMI_CONFIG_PASSPHRASE<<(EOF_[0-9a-f]+)\\n${expected}\\n\\1\\n$`));
      }
    }
  });

  it("pins pulumi-version and node-version on every job", () => {
    for (const job of Object.values<any>(wf.jobs)) {
      expect(job.steps.find((s: any) => String(s.uses).startsWith("pulumi/actions@")).with["pulumi-version"]).toBe(
        toolchain.newestLeg().engine,
      );
      expect(job.steps.find((s: any) => String(s.uses).startsWith("actions/setup-node@")).with["node-version"]).toBe(
        toolchain.newestLeg().node,
      );
    }
  });
});
