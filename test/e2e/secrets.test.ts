/**
 * Secrets never land anywhere: a stack runs with STS credentials (AccessKey secret + security
 * token) through up, failing operations, refresh and destroy, with the engine's most verbose
 * logging (`-v=9 --logtostderr --logflow --debug`; this CLI has no `--event-log`, so the engine
 * events are captured with `--json`, written to a file per command). Then every state file
 * (checkpoint, backup, history), every engine output and event file, the provider's state dir, PULUMI_HOME, the
 * commands' TMPDIR, the emulator's per-request log lines and its journal are scanned for the
 * secret, the token and every request signature (captured by a recording proxy in front of the
 * emulator). Two variants: credentials in the environment, and the secret key and token in stack
 * config set with `--secret`.
 */
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { randomBytes } from "crypto";
import { RunResult, Workspace } from "../support/pulumi";
import { startEmulator } from "../../emulator";

jest.setTimeout(900_000);

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const VERBOSE = ["-v=9", "--logtostderr", "--logflow", "--debug"];
const REGION = "cn-hangzhou";

/** A recording proxy: forwards everything to the emulator and keeps every signature it sees. */
async function signatureRecorder(
  target: Emulator,
): Promise<{ url: string; signatures: Set<string>; requests: () => number; close: () => Promise<void> }> {
  const signatures = new Set<string>();
  let requests = 0;
  const upstream = new URL(target.url);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests++;
      const body = Buffer.concat(chunks);
      const query = new URL(req.url ?? "/", "http://proxy").searchParams.get("Signature");
      const form = new URLSearchParams(body.toString("utf8")).get("Signature");
      const v3 = /Signature=([0-9a-f]+)/.exec(String(req.headers.authorization ?? ""))?.[1];
      for (const s of [query, form, v3]) if (s) signatures.add(s);
      const up = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on("error", () => res.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    signatures,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Needle {
  label: string;
  value: string;
  /** Comes from stack config: upstream engine traces of provider config may show it at -v=9. */
  fromConfig?: boolean;
}

interface Finding {
  where: string;
  needle: string;
  context: string;
  /** The start of the engine/plugin log record it is in, if it is one. */
  record?: string;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * Upstream Pulumi engine trace records (not this project's code) that print provider config at
 * -v=9, secrets included: the engine hands the whole stack config to the dynamic providers'
 * `pulumi-nodejs` provider and traces every RPC property it marshals, and the planner traces the
 * provider's inputs. Only these records, and only for secrets that come from stack config, are
 * tolerated; they are counted and reported by the test.
 */
const UPSTREAM_ENGINE_TRACES = [
  new RegExp(
    String.raw`^(Un)?[Mm]arshaling property for RPC\[Provider\[0x[0-9a-f]+\]\.` +
      String.raw`((CheckConfig|DiffConfig)\(urn:[^)]*::pulumi:providers:pulumi-nodejs::default\)\.\w+|Configure\(\)\.inputs)\]: `,
  ),
  /^Planner decided to \w+ 'urn:[^']*::pulumi:providers:pulumi-nodejs::default' \((inputs|oldprops)=/,
];

function engineRecordMessage(line: string): string | undefined {
  const at = line.indexOf('{"time"');
  if (at === -1) return undefined;
  try {
    return JSON.parse(line.slice(at)).msg;
  } catch {
    return undefined;
  }
}

/** Every form a credential can take in a message: raw, percent-encoded once and twice, JSON, base64. */
function encodings(value: string): Set<string> {
  const rfc3986 = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return new Set([
    value,
    encodeURIComponent(value),
    rfc3986(value),
    rfc3986(rfc3986(value)),
    JSON.stringify(value).slice(1, -1),
    Buffer.from(value).toString("base64"),
  ]);
}

function scanText(where: string, text: string, needles: Needle[], findings: Finding[]): void {
  for (const n of needles) {
    for (const form of encodings(n.value)) {
      const at = text.indexOf(form);
      if (at !== -1) {
        const context = text
          .slice(Math.max(0, at - 120), at + form.length + 40)
          .split(form)
          .join(`<${n.label}>`);
        findings.push({ where, needle: n.label, context });
      }
    }
  }
}

interface Variant {
  name: string;
  /** Credentials in stack config (`--secret`) instead of the environment. */
  inConfig: boolean;
}

describe.each<Variant>([
  { name: "credentials in the environment", inConfig: false },
  { name: "secret key and token in stack config (--secret)", inConfig: true },
])("secrets: $name", ({ inConfig }) => {
  const accessKeyId = `STS.NSecretsTest${randomBytes(6).toString("hex")}`;
  const accessKeySecret = `sk${randomBytes(21).toString("base64url")}`;
  const securityToken = `CAIS${randomBytes(90).toString("base64")}`;
  const wrongSecret = `wrong${randomBytes(18).toString("base64url")}`;
  // The passphrase that encrypts the stack's secrets is a secret too.
  const passphrase = `pp-${randomBytes(18).toString("base64url")}`;

  let emulator: Emulator;
  let proxy: Awaited<ReturnType<typeof signatureRecorder>>;
  let ws: Workspace;
  const logLines: string[] = [];
  const runs: Array<{ args: string[]; result: RunResult }> = [];
  const eventLogs: string[] = [];
  let tmpDir: string;

  async function run(args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<RunResult> {
    const eventLog = path.join(ws.root, "event-logs", `${runs.length}-${args[0]}.json`);
    eventLogs.push(eventLog);
    const result = await ws.pulumi([...args, ...VERBOSE, "--json"], { TMPDIR: tmpDir, ...extraEnv });
    fs.writeFileSync(eventLog, result.stdout);
    runs.push({ args, result });
    return result;
  }
  async function ok(args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<RunResult> {
    const r = await run(args, extraEnv);
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.output.slice(-4000)}`);
    return r;
  }

  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      credentials: [{ accessKeyId, accessKeySecret, securityToken }],
      log: (line) => logLines.push(line),
      seed: 11,
    });
    proxy = await signatureRecorder(emulator);
    const env: Record<string, string | undefined> = {
      ALICLOUD_SMARTAG_ENDPOINT: proxy.url,
      ALICLOUD_VPC_ENDPOINT: proxy.url,
      ALICLOUD_ACCESS_KEY: accessKeyId,
      ALICLOUD_SECRET_KEY: inConfig ? undefined : accessKeySecret,
      ALICLOUD_SECURITY_TOKEN: inConfig ? undefined : securityToken,
      ALICLOUD_REGION: REGION,
      ALICLOUD_TRAFFIC_RETRY_BASE_MS: "50",
      ALICLOUD_TRAFFIC_RETRY_MAX_MS: "500",
      PULUMI_CONFIG_PASSPHRASE: passphrase,
    };
    ws = new Workspace(`secrets-${inConfig ? "config" : "env"}`, { from: "test/programs/flowlogs", env });
    tmpDir = path.join(ws.root, "tmp");
    fs.mkdirSync(tmpDir, { recursive: true });
    fs.mkdirSync(path.join(ws.root, "event-logs"), { recursive: true });
    await ws.init({ count: "2" });
    await ws.ok(["config", "set", "--path", "mirrorRegions", JSON.stringify([REGION])]);
    await ws.ok(["config", "set", "--path", "sags", JSON.stringify({ "0": ["sag-demohangzhou000001"] })]);
    if (inConfig) {
      await ws.ok(["config", "set", "--secret", "alicloud:secretKey", accessKeySecret]);
      await ws.ok(["config", "set", "--secret", "alicloud:securityToken", securityToken]);
    }
  });

  afterAll(async () => {
    await proxy?.close();
    await emulator?.close();
    ws?.cleanup();
  });

  it("the secret key really comes from where the variant says", async () => {
    const yaml = fs.readFileSync(path.join(ws.programDir, `Pulumi.${ws.stack}.yaml`), "utf8");
    if (inConfig) {
      expect(yaml).toMatch(/alicloud:secretKey:\s+secure:/);
      expect(yaml).toMatch(/alicloud:securityToken:\s+secure:/);
      expect(ws.env.ALICLOUD_SECRET_KEY).toBeUndefined();
    } else {
      expect(yaml).not.toMatch(/alicloud:secretKey/);
      expect(ws.env.ALICLOUD_SECRET_KEY).toBe(accessKeySecret);
    }
  });

  it("up with STS credentials", async () => {
    await ok(["up", "--yes", "--skip-preview"]);
    expect(emulator.state().flowLogs).toHaveLength(2);
    // The emulator requires the token with this key: every call carried it.
    expect(emulator.journal().every((e) => e.code === null)).toBe(true);
  });

  it("a failing up (a definite API error) shows the error", async () => {
    await ws.ok(["config", "set", "--path", "sags", JSON.stringify({ "0": ["sag-demohangzhou000001"], "1": ["sag-legacyhangzhou0001"] })]);
    const r = await run(["up", "--yes", "--skip-preview"]);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("OperationUnsupported.AssociateFlowLog");
  });

  it("a failing refresh (throttled, retries exhausted) shows the error", async () => {
    emulator.injectFault({ action: "*", kind: "throttling-user", rate: 1 });
    const r = await run(["refresh", "--yes", "--skip-preview"], { ALICLOUD_TRAFFIC_MAX_ATTEMPTS: "2" });
    emulator.clearFaults();
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("Throttling.User");
  });

  if (!inConfig) {
    it("a failing refresh with a wrong secret key (SignatureDoesNotMatch, which echoes the string to sign)", async () => {
      const r = await run(["refresh", "--yes", "--skip-preview"], { ALICLOUD_SECRET_KEY: wrongSecret });
      expect(r.code).not.toBe(0);
      expect(r.output).toContain("SignatureDoesNotMatch");
      // The error echoes the string to sign (`...%26AccessKeyId%3D<id>%26...`): not the key id,
      // nor the token, in any encoding.
      const lines = r.output.split("\n").filter((l) => /SignatureDoesNotMatch/.test(l) && engineRecordMessage(l) === undefined);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        for (const secret of [accessKeyId, securityToken, wrongSecret]) {
          for (const form of encodings(secret)) expect(line).not.toContain(form);
        }
      }
    });
  }

  it("refresh and destroy", async () => {
    await ws.ok(["config", "set", "--path", "sags", JSON.stringify({ "0": ["sag-demohangzhou000001"] })]);
    await ok(["refresh", "--yes", "--skip-preview"]);
    await ok(["destroy", "--yes", "--skip-preview"]);
    expect(emulator.state().flowLogs).toEqual([]);
  });

  it("no secret, token or signature anywhere", async () => {
    const needles: Needle[] = [
      { label: "AccessKeySecret", value: accessKeySecret, fromConfig: inConfig },
      { label: "SecurityToken", value: securityToken, fromConfig: inConfig },
      { label: "PULUMI_CONFIG_PASSPHRASE", value: passphrase },
      ...(inConfig ? [] : [{ label: "wrong AccessKeySecret", value: wrongSecret }]),
      ...[...proxy.signatures].map((s, i) => ({ label: `Signature#${i}`, value: s })),
    ];
    const findings: Finding[] = [];
    const scanned: string[] = [];

    // Files: the file backend (checkpoint, .bak, history, locks), PULUMI_HOME, the program dir,
    // the commands' TMPDIR, the event logs.
    const files = ["state", "home", "program", "tmp", "event-logs"].flatMap((d) => filesUnder(path.join(ws.root, d)));
    for (const f of files) {
      if (f.includes(`${path.sep}node_modules${path.sep}`)) continue;
      scanText(path.relative(ws.root, f), fs.readFileSync(f).toString("latin1"), needles, findings);
      scanned.push(path.relative(ws.root, f));
    }
    // What the commands printed (verbose engine logs included), record by record.
    const upstream: Finding[] = [];
    runs.forEach(({ args, result }, i) => {
      for (const line of result.output.split("\n")) {
        const lineFindings: Finding[] = [];
        scanText(`output of #${i} pulumi ${args.join(" ")}`, line, needles, lineFindings);
        if (lineFindings.length === 0) continue;
        const msg = engineRecordMessage(line);
        if (msg !== undefined) for (const f of lineFindings) f.record = msg.slice(0, 60);
        const tolerated =
          msg !== undefined &&
          UPSTREAM_ENGINE_TRACES.some((re) => re.test(msg)) &&
          lineFindings.every((f) => needles.find((n) => n.label === f.needle)?.fromConfig);
        (tolerated ? upstream : findings).push(...lineFindings);
      }
    });
    if (upstream.length > 0) {
      process.stderr.write(
        `[secrets] ${upstream.length} upstream Pulumi engine -v=9 trace record(s) print stack-config secrets ` +
          `(tolerated, not this project's code), e.g.:\n  ${upstream[0]!.context}\n`,
      );
    }
    // Env-sourced credentials never reach the engine's config traces.
    if (!inConfig) expect(upstream).toEqual([]);
    // The emulator: per-request log lines and the journal.
    scanText("emulator log lines", logLines.join("\n"), needles, findings);
    scanText("emulator journal", JSON.stringify(emulator.journal()), needles, findings);

    // The scan cannot pass vacuously: it saw what it had to see.
    const rel = (p: string) => scanned.filter((s) => s.startsWith(p));
    expect(rel(path.join("state", ".pulumi", "stacks")).filter((f) => f.endsWith(`${ws.stack}.json`))).toHaveLength(1);
    expect(rel(path.join("state", ".pulumi", "stacks")).some((f) => f.endsWith(`${ws.stack}.json.bak`))).toBe(true);
    expect(rel(path.join("state", ".pulumi", "history")).filter((f) => f.endsWith(".history.json")).length).toBeGreaterThanOrEqual(4);
    expect(rel(path.join("state", ".pulumi", "history")).filter((f) => f.endsWith(".checkpoint.json")).length).toBeGreaterThanOrEqual(4);
    expect(rel("event-logs").length).toBe(eventLogs.length);
    for (const e of eventLogs) expect(fs.statSync(e).size).toBeGreaterThan(1000);
    expect(rel("program").some((f) => f.endsWith(`Pulumi.${ws.stack}.yaml`))).toBe(true);
    // Engine log records at level 9: the verbose logging took effect for every command.
    for (const { result } of runs) expect(result.stderr).toMatch(/"v":9\}/);
    expect(runs.length).toBeGreaterThanOrEqual(inConfig ? 4 : 5);
    expect(logLines.length).toBeGreaterThan(10);
    expect(emulator.journal().length).toBeGreaterThan(10);
    // Every request through the proxy was signed and recorded.
    expect(proxy.signatures.size).toBe(proxy.requests());
    expect(proxy.signatures.size).toBeGreaterThan(10);
    // The journal keeps params without credentials or signatures.
    for (const e of emulator.journal()) {
      for (const k of ["Signature", "AccessKeyId", "SecurityToken", "AccessKeySecret"]) expect(Object.keys(e.params)).not.toContain(k);
    }

    expect(findings).toEqual([]);
  });
});

describe("secrets: access keys set in plaintext stack config", () => {
  let emulator: Emulator;
  const workspaces: Workspace[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, log: false });
  });
  afterAll(async () => {
    await emulator?.close();
    workspaces.forEach((w) => w.cleanup());
  });

  const program = async (name: string, secret: boolean) => {
    const env = { ALICLOUD_SMARTAG_ENDPOINT: emulator.url, ALICLOUD_VPC_ENDPOINT: emulator.url, ALICLOUD_REGION: REGION };
    const ws = new Workspace(name, { from: "test/programs/flowlogs", env });
    workspaces.push(ws);
    await ws.init({ count: "1" });
    const { DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET } = await import("../../emulator");
    await ws.ok(["config", "set", ...(secret ? ["--secret"] : []), "alicloud:accessKey", DEMO_ACCESS_KEY_ID]);
    await ws.ok(["config", "set", "--secret", "alicloud:secretKey", DEMO_ACCESS_KEY_SECRET]);
    return { ws, keyId: DEMO_ACCESS_KEY_ID };
  };

  it("warns once, naming the key and the --secret fix, when alicloud:accessKey is plaintext", async () => {
    const { ws, keyId } = await program("plaintext-key", false);
    const r = await ws.ok(["preview"]);
    const warnings = r.output.split("\n").filter((l) => /alicloud:accessKey is stored in plaintext/.test(l));
    expect(warnings.length).toBeGreaterThan(0);
    expect(r.output).toContain("pulumi config set --secret alicloud:accessKey <value>");
    expect(r.output).not.toContain(keyId);
  });

  it("says nothing, and keeps the key id out of the state, when both keys are secrets", async () => {
    const { ws, keyId } = await program("secret-key", true);
    const r = await ws.ok(["up", "--yes"]);
    expect(r.output).not.toMatch(/stored in plaintext/);
    expect(fs.readFileSync(ws.stateFile(), "utf8")).not.toContain(keyId);
  });
});
