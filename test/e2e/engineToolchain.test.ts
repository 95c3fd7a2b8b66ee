/**
 * The engine toolchain as a user meets it: `scripts/pulumi` runs the pinned engine with offline
 * defaults, and scripts/ensure-engine.js reuses its cache.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO, engineBinDir } from "../support/pulumi";

jest.setTimeout(600_000);

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(cmd, args, { cwd: REPO, encoding: "utf8", env: { ...process.env, ...env } });
}

describe("engine toolchain", () => {
  beforeAll(async () => {
    await engineBinDir(); // builds the engine if this is the first test to need it
  });

  it("scripts/pulumi version prints v3.248.0", () => {
    const r = run(path.join(REPO, "scripts", "pulumi"), ["version"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe("v3.248.0");
  });

  it("reuses the cached engine in well under a second, with the three binaries beside each other", () => {
    const started = Date.now();
    const r = run(process.execPath, [path.join(REPO, "scripts", "ensure-engine.js"), "--quiet"]);
    const ms = Date.now() - started;
    expect(r.status).toBe(0);
    const dir = r.stdout.trim();
    for (const bin of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
      expect(fs.statSync(path.join(dir, bin)).mode & 0o111).not.toBe(0);
    }
    expect(ms).toBeLessThan(5_000);
  });

  it("scripts/pulumi uses the backend the caller set instead of its default", () => {
    fs.mkdirSync(path.join(REPO, ".tmp"), { recursive: true });
    const backend = fs.mkdtempSync(path.join(REPO, ".tmp", "wrapper-backend-"));
    try {
      const r = run(path.join(REPO, "scripts", "pulumi"), ["stack", "ls", "--json"], { PULUMI_BACKEND_URL: `file://${backend}` });
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual([]);
      expect(fs.existsSync(path.join(backend, ".pulumi"))).toBe(true);
    } finally {
      fs.rmSync(backend, { recursive: true, force: true });
    }
  });
});
