/**
 * Bad inputs stopped at `pulumi preview`, through the real engine, with zero API calls: by the
 * providers' `check` (messages naming field, value and rule), and, for inputs `check` accepts, by
 * the CrossGuard pack (`--policy-pack policy-pack`).
 *
 * What one preview reports (found out here, asserted below): the engine stops at the first
 * resource whose `check` fails, and which of several bad resources that is depends on timing; but
 * it reports every failure of that resource. So each preview carries one resource with several bad
 * fields (the groups of test/support/badInputs.ts; test/unit/badInput.test.ts proves each
 * case fails on its own and that grouping hides nothing). Policy violations do not stop a preview:
 * one preview with the pack reports every violation of every resource.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO, RunResult, Workspace } from "../support/pulumi";
import { Emulator, providerEnv, startTestEmulator } from "../support/emulatorEnv";
import {
  ACCEPTED_CASES,
  ALL_CHECK_CASES,
  BadInputGroup,
  CHECK_GROUPS,
  POLICY_CASES,
  POLICY_CONFIG,
  groupInputs,
  groupNoRegion,
} from "../support/badInputs";

jest.setTimeout(600_000);

const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const { sag, vpc } = require("pulumi-alicloud-traffic");
// JSON has no NaN or Infinity: they travel as {"$number": "NaN"}.
const batches = JSON.parse(require("fs").readFileSync(__dirname + "/inputs.json", "utf8"), (_k, v) =>
  v && typeof v === "object" && typeof v.$number === "string" ? Number(v.$number) : v);
const batch = batches[process.env.BAD_INPUT_BATCH];
if (!batch) throw new Error("BAD_INPUT_BATCH names no batch: " + process.env.BAD_INPUT_BATCH);
const parents = {};
for (const r of batch) {
  let opts;
  if (r.parentType) {
    parents[r.parentType] =
      parents[r.parentType] || new pulumi.ComponentResource(r.parentType, r.parentType.split(":").pop().toLowerCase());
    opts = { parent: parents[r.parentType] };
  }
  if (r.type === "flowLog") new sag.FlowLog(r.name, r.args, opts);
  else new vpc.TrafficMirrorService(r.name, r.args, opts);
}
`;

const TYPE = { flowLog: "pulumi-nodejs:dynamic/sag:FlowLog", mirror: "pulumi-nodejs:dynamic/vpc:TrafficMirrorService" };

interface Batch {
  name: string;
  resources: Array<{ name: string; type: "flowLog" | "mirror"; args: Record<string, unknown>; parentType?: string }>;
  noRegion: boolean;
}

const checkBatches: Batch[] = CHECK_GROUPS.map((g) => ({
  name: g.name,
  resources: [{ name: g.name, type: g.type, args: groupInputs(g) }],
  noRegion: groupNoRegion(g),
}));
const policyBatch: Batch = { name: "policy-only", resources: POLICY_CASES.flatMap((p) => p.resources), noRegion: false };
const manyBadResources: Batch = {
  name: "many-bad-resources",
  resources: CHECK_GROUPS.filter((g) => !groupNoRegion(g)).map((g) => ({ name: g.name, type: g.type, args: groupInputs(g) })),
  noRegion: false,
};

const acceptedBatch: Batch = {
  name: "accepted",
  resources: ACCEPTED_CASES.map((a, i) => ({ name: `ok-${i}`, type: a.type, args: a.args })),
  noRegion: false,
};
/** One bad input, a 1 MB description: the whole preview output must stay small. */
const MEGABYTE = 1 << 20;
const hugeBatch: Batch = {
  name: "huge-description",
  resources: [
    {
      name: "huge",
      type: "flowLog",
      args: {
        outputType: "sls",
        slsRegionId: "cn-shanghai",
        projectName: "netlogs",
        logstoreName: "sag",
        description: "x".repeat(MEGABYTE),
      },
    },
  ],
  noRegion: false,
};

const inputsJson = JSON.stringify(
  Object.fromEntries([...checkBatches, policyBatch, manyBadResources, acceptedBatch, hugeBatch].map((b) => [b.name, b.resources])),
  (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? { $number: String(v) } : v),
  1,
);

/**
 * The check failures the engine reports. Our failures carry no property, so the engine prints
 * `<type> resource '<name>' has a problem: <reason>` (pulumi/pulumi `issueCheckFailures`), and the
 * reason starts with the field.
 */
function checkFailures(output: string): Array<{ type: string; resource: string; property: string; reason: string }> {
  const at = output.indexOf("Diagnostics:");
  const diagnostics = at === -1 ? output : output.slice(at);
  const found = new Map<string, { type: string; resource: string; property: string; reason: string }>();
  const re = /(pulumi-nodejs:dynamic\/\S+) resource '([^']+)' has a problem: (.*)$/gm;
  for (const m of diagnostics.matchAll(re)) {
    const property = m[3]!.split(":")[0]!.replace(/\[\d+\]$/, "");
    found.set(m[0], { type: m[1]!, resource: m[2]!, property, reason: m[3]! });
  }
  return [...found.values()];
}

describe("bad inputs stop at preview", () => {
  let emulator: Emulator;
  const workspaces: Workspace[] = [];
  const results = new Map<string, RunResult>();
  let policyRun: RunResult;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    const env = providerEnv(emulator);
    for (const name of ["a", "b"]) {
      const ws = new Workspace(`bad-input-${name}`, {
        env,
        files: {
          "Pulumi.yaml": "name: bad-inputs\nruntime: nodejs\ndescription: bad inputs under preview\n",
          "package.json": '{ "name": "bad-inputs", "private": true, "main": "index.js" }',
          "index.js": PROGRAM,
          "inputs.json": inputsJson,
        },
      });
      await ws.init();
      workspaces.push(ws);
    }
    // Two previews at a time (one per workspace); the policy run with the pack in the first.
    const queue = [...checkBatches, manyBadResources, acceptedBatch, hugeBatch];
    const worker = async (ws: Workspace, first?: () => Promise<void>) => {
      if (first) await first();
      for (let b = queue.shift(); b; b = queue.shift()) {
        results.set(
          b.name,
          await ws.pulumi(["preview"], { BAD_INPUT_BATCH: b.name, ...(b.noRegion ? { ALICLOUD_REGION: undefined } : {}) }),
        );
      }
    };
    const configPath = path.join(workspaces[0]!.root, "policy-config.json");
    fs.writeFileSync(configPath, JSON.stringify(POLICY_CONFIG));
    await Promise.all([
      worker(workspaces[0]!, async () => {
        policyRun = await workspaces[0]!.pulumi(
          ["preview", "--policy-pack", path.join(REPO, "policy-pack"), "--policy-pack-config", configPath],
          { BAD_INPUT_BATCH: policyBatch.name },
        );
      }),
      worker(workspaces[1]!),
    ]);
  });

  afterAll(async () => {
    await emulator?.close();
    workspaces.forEach((w) => w.cleanup());
  });

  it(`covers ${ALL_CHECK_CASES.length} check-level and ${POLICY_CASES.length} policy-level bad inputs`, () => {
    expect(ALL_CHECK_CASES.length + POLICY_CASES.length).toBeGreaterThanOrEqual(40);
  });

  describe.each(CHECK_GROUPS.map((g) => [g.name, g] as const))("check: %s", (_name, group: BadInputGroup) => {
    it("fails the preview", () => {
      const r = results.get(group.name)!;
      expect(r.code).not.toBe(0);
      expect(r.output).toMatch(/^\s+1 errored$/m);
    });

    it("reports every bad field of the resource, and nothing else", () => {
      const got = checkFailures(results.get(group.name)!.output);
      expect(got.every((f) => f.type === TYPE[group.type] && f.resource === group.name)).toBe(true);
      expect(got.map((f) => f.reason).sort()).toEqual(group.cases.flatMap((c) => c.reasons).sort());
    });

    it.each(group.cases.map((c) => [c.id, c] as const))("%s: names field, value and rule", (_id, c) => {
      const got = checkFailures(results.get(group.name)!.output);
      for (const reason of c.reasons) {
        expect(got).toContainEqual({ type: TYPE[group.type], resource: group.name, property: c.property, reason });
      }
    });
  });

  it("a preview of many bad resources stops at the first one the engine checks, with all of that one's failures", () => {
    const r = results.get(manyBadResources.name)!;
    expect(r.code).not.toBe(0);
    const got = checkFailures(r.output);
    const reported = [...new Set(got.map((f) => f.resource))];
    expect(reported).toHaveLength(1);
    const group = CHECK_GROUPS.find((g) => g.name === reported[0])!;
    expect(got.map((f) => f.reason).sort()).toEqual(group.cases.flatMap((c) => c.reasons).sort());
  });

  describe("policies (inputs check accepts)", () => {
    it("pass check and fail the preview on mandatory violations", () => {
      if (process.env.DEBUG_BAD_INPUT) process.stderr.write(policyRun.output);
      expect(checkFailures(policyRun.output)).toEqual([]);
      expect(policyRun.code).not.toBe(0);
      expect(policyRun.output).toMatch(/alicloud-traffic-policies@v[\d.]+/);
    });

    it.each(POLICY_CASES.map((p) => [p.id, p] as const))("%s", (_id, p) => {
      const policies = policyRun.output.slice(policyRun.output.indexOf("Policies:"));
      expect(policies).toMatch(p.message);
      // Reported as a mandatory violation of the named policy.
      expect(policies).toMatch(new RegExp(`\\[mandatory\\][^\\n]*\\b${p.policy}\\b`));
    });
  });

  it("prints one message per problem: never the engine's 'property ... value {...}' with the Go-formatted value", () => {
    for (const [name, r] of results) {
      expect({ name, goFormatted: r.output.match(/property \S+ value \{/g) ?? [] }).toEqual({ name, goFormatted: [] });
    }
  });

  it("a 1 MB description: the full preview output is one short message, naming field, shortened value and rule", () => {
    const r = results.get(hugeBatch.name)!;
    if (process.env.DEBUG_BAD_INPUT) process.stderr.write(r.output);
    expect(r.code).not.toBe(0);
    const message =
      `pulumi-nodejs:dynamic/sag:FlowLog resource 'huge' has a problem: ` +
      `description: "${"x".repeat(60)}"... (${MEGABYTE} characters) is invalid: ` +
      "must be a string of at most 200 characters";
    const errors = r.output.split("\n").filter((l) => /error: /.test(l));
    // The engine shows a diagnostic twice (progress line and "Diagnostics:"); both are this one message.
    expect(new Set(errors.map((l) => l.slice(l.indexOf("error: ") + 7)))).toEqual(new Set([message]));
    expect(r.output.length).toBeLessThan(2_000);
  });

  it("accepts what check ignores (destination fields the output type does not use) and adoptId", () => {
    const r = results.get(acceptedBatch.name)!;
    expect({ code: r.code, output: r.output }).toEqual({
      code: 0,
      output: expect.stringContaining(`+ ${ACCEPTED_CASES.length + 2} to create`),
    });
  });

  it("made no API call at all", () => {
    expect(emulator.journal()).toEqual([]);
  });
});
