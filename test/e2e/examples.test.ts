/**
 * Every program in examples/ previews cleanly through the real engine against the emulator: ts-node
 * type-checks it, the provider's `check` accepts its inputs, the plan creates exactly the resources
 * the example's README describes, the outputs known at preview time have the documented values,
 * nothing prints a warning or an error, and preview makes no API call. The multi-environment
 * example is previewed once per stack config file (Pulumi.dev.yaml, Pulumi.prod.yaml).
 */
import * as fs from "fs";
import * as path from "path";
import { REPO, RunResult, Workspace } from "../support/pulumi";
import { Emulator, actions, providerEnv, startTestEmulator } from "../support/emulatorEnv";

jest.setTimeout(600_000);

const FLOW_LOG = "pulumi-nodejs:dynamic/sag:FlowLog";
const MIRROR = "pulumi-nodejs:dynamic/vpc:TrafficMirrorService";
const FILTER = "pulumi-nodejs:dynamic/vpc:TrafficMirrorFilter";
const SESSION = "pulumi-nodejs:dynamic/vpc:TrafficMirrorSession";
const VPC_FLOW_LOG = "pulumi-nodejs:dynamic/vpc:FlowLog";
const VPC_FLOW_LOG_SERVICE = "pulumi-nodejs:dynamic/vpc:FlowLogService";
const STACK = "pulumi:pulumi:Stack";
/** The state identity every stack with a flow log gets once (docs/idempotency.md). */
const IDENTITY = "pulumi-nodejs:dynamic/alicloud-traffic:StateIdentity alicloud-traffic-state";

interface Case {
  example: string;
  stack?: string;
  /** The resources the preview plans to create (besides the stack), as `<type> <name>`. */
  creates: string[];
  /** Stack outputs the preview already knows, as they appear in its output. */
  outputs?: RegExp[];
}

const cases: Case[] = [
  {
    example: "quickstart",
    creates: [
      `${MIRROR} mirror`,
      `${FLOW_LOG} edge`,
      `${VPC_FLOW_LOG_SERVICE} flow-logs`,
      `${VPC_FLOW_LOG} network`,
      `${FILTER} web`,
      `${SESSION} web`,
    ],
  },
  {
    example: "sls-output",
    creates: [`${FLOW_LOG} to-sls`],
    outputs: [/flowLogName\s*:\s*"to-sls-[0-9a-f]{7}"/, /destination\s*:\s*"sls:\/\/cn-shanghai\/netlogs\/sag-flows"/],
  },
  {
    example: "netflow-output",
    creates: [`${FLOW_LOG} netflow-default`, `${FLOW_LOG} netflow-legacy`],
    // Port and version omitted in the program: the documented defaults, filled in by check.
    outputs: [/collectorEndpoint\s*:\s*"10\.0\.0\.5:9995 \(V9\)"/, /legacyEndpoint\s*:\s*"10\.0\.0\.6:2055 \(V5\)"/],
  },
  {
    example: "all-with-sags",
    creates: [`${FLOW_LOG} branches`],
    outputs: [/flowLogStatus\s*:\s*"Active"/, /"sag-demohangzhou000005"/, /"sag-demohangzhou000006"/],
  },
  {
    example: "traffic-mirroring-two-regions",
    creates: [`${MIRROR} mirror-cn-hangzhou`, `${MIRROR} mirror-cn-shanghai`],
  },
  {
    example: "traffic-mirroring-sessions",
    creates: [`${MIRROR} mirror-cn-hangzhou`, `${FILTER} web`, `${SESSION} web`],
    outputs: [/mirroringRegion\s*:\s*"cn-hangzhou"/, /collector\s*:\s*"eni-demohangzhou0006"/, /sessionEnabled\s*:\s*true/],
  },
  {
    example: "vpc-flow-logs",
    creates: [`${VPC_FLOW_LOG_SERVICE} flow-logs-cn-hangzhou`, `${VPC_FLOW_LOG} vpc`, `${VPC_FLOW_LOG} vswitch`, `${VPC_FLOW_LOG} eni`],
    // Auto-names are known at preview (stable per project, stack and resource); ids and statuses are not.
    outputs: [
      /flowLogRegion\s*:\s*"cn-hangzhou"/,
      /destination\s*:\s*"sls:\/\/cn-hangzhou\/vpc-flowlogs\/flows"/,
      /vSwitch\s*:\s*"vswitch-[0-9a-f]{7}"/,
      /eni\s*:\s*"eni-[0-9a-f]{7}"/,
    ],
  },
  {
    example: "multi-environment",
    stack: "dev",
    creates: [`${FLOW_LOG} lab`],
    outputs: [/environment\s*:\s*"dev"/, /flowLogOutputType\s*:\s*"sls"/, /mirroringEnabled\s*:\s*false/],
  },
  {
    example: "multi-environment",
    stack: "prod",
    creates: [`${FLOW_LOG} hq`, `${FLOW_LOG} branches`, `${MIRROR} mirror`],
    outputs: [/environment\s*:\s*"prod"/, /flowLogOutputType\s*:\s*"all"/],
  },
];

/**
 * The distinct `+ <type> <name> create` rows of a preview (the non-interactive display repeats a
 * row when it gains a message), sorted.
 */
function plannedCreates(output: string): string[] {
  const rows = [...output.matchAll(/^\s*\+\s+(\S+:\S+)\s+(\S+)\s+create\b/gm)].map((m) => `${m[1]} ${m[2]}`);
  return [...new Set(rows)].sort();
}

describe("examples preview cleanly against the emulator", () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startTestEmulator();
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it("covers every example folder", () => {
    const folders = fs
      .readdirSync(path.join(REPO, "examples"), { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(REPO, "examples", e.name, "Pulumi.yaml")))
      .map((e) => e.name)
      .sort();
    expect([...new Set(cases.map((c) => c.example))].sort()).toEqual(folders);
  });

  // Sequential on purpose: each preview type-checks its program with ts-node.
  it.each(cases.map((c) => [c.stack ? `${c.example} (${c.stack})` : c.example, c] as const))("%s", async (_label, c) => {
    const ws = new Workspace(`example-${c.example}`, { from: `examples/${c.example}`, stack: c.stack, env: providerEnv(emulator) });
    try {
      if (c.stack) {
        // Workspace leaves stack config files behind; this example is all about them.
        const file = `Pulumi.${c.stack}.yaml`;
        fs.copyFileSync(path.join(REPO, "examples", c.example, file), path.join(ws.programDir, file));
      }
      await ws.init();
      emulator.clearJournal();
      const r: RunResult = await ws.ok(["preview"]);
      // Resources with an idempotency marker bring the stack's hidden state identity.
      const marked = [FLOW_LOG, FILTER, SESSION, VPC_FLOW_LOG];
      const creates = [...c.creates, ...(c.creates.some((x) => marked.some((t) => x.startsWith(t))) ? [IDENTITY] : [])];
      expect(plannedCreates(r.stdout)).toEqual([`${STACK} ${projectStack(ws)}`, ...creates].sort());
      expect(r.stdout).toMatch(new RegExp(`\\+ ${creates.length + 1} to create`));
      expect(r.output).not.toMatch(/\berror\b|\bwarning\b/i);
      for (const o of c.outputs ?? []) expect(r.stdout).toMatch(o);
      expect(actions(emulator)).toEqual([]);
    } finally {
      ws.cleanup();
    }
  });
});

/** The stack resource's name in the table: `<project>-<stack>`. */
function projectStack(ws: Workspace): string {
  const project = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(ws.programDir, "Pulumi.yaml"), "utf8"))![1];
  return `${project}-${ws.stack}`;
}
