/**
 * The CLI: output contract, flags, credentials and clean shutdown on SIGTERM/SIGINT.
 */
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET } from "../../emulator";
import { SLS_LOG, SMARTAG, call, expectPopError, pop, raw, runCli, spawnCli } from "./helpers";

it("exports the documented demo key pair", () => {
  expect(DEMO_ACCESS_KEY_ID).toBe("LTAI5tEmulatorDemoKey01");
  expect(DEMO_ACCESS_KEY_SECRET).toBe("emulator-demo-secret-not-for-production");
});

it("prints exactly `listening on http://127.0.0.1:<port>` for port 0, logs per request, exits 0 on SIGTERM", async () => {
  const cli = await spawnCli(["--port", "0"]);
  expect(cli.stdout()).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
  expect(Number(new URL(cli.url).port)).toBeGreaterThan(0);
  await call(pop(cli.url, SMARTAG), "DescribeFlowLogs", { RegionId: "cn-hangzhou" });
  cli.child.kill("SIGTERM");
  expect(await cli.exited).toEqual({ code: 0, signal: null });
  expect(cli.stderr()).toMatch(/^DescribeFlowLogs OK \d+ms$/m);
  expect(cli.stderr()).not.toContain(DEMO_ACCESS_KEY_SECRET);
  expect(cli.stderr()).not.toContain(DEMO_ACCESS_KEY_ID);
});

it("--quiet silences the request log; SIGINT flushes state and exits 0", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "emu-cli-"));
  try {
    const statePath = path.join(dir, "s.json");
    const cli = await spawnCli(["--port", "0", "--quiet", "--state", statePath]);
    const { FlowLogId } = await call(pop(cli.url, SMARTAG), "CreateFlowLog", { RegionId: "cn-hangzhou", ...SLS_LOG });
    cli.child.kill("SIGINT");
    expect((await cli.exited).code).toBe(0);
    expect(cli.stderr()).toBe("");
    expect(readFileSync(statePath, "utf8")).toContain(FlowLogId);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it("--access-key-id/--access-key-secret/--security-token replace the demo pair; --sag replaces the demo SAGs", async () => {
  const cli = await spawnCli([
    "--port=0",
    "--quiet",
    "--access-key-id",
    "STS.cli",
    "--access-key-secret",
    "cli-secret",
    "--security-token",
    "cli-token",
    "--sag",
    "cn-shanghai:sag-mine0001",
    "--sag",
    "cn-shanghai:sag-old0001:unsupported",
    "--flow-log-quota",
    "1",
  ]);
  try {
    const client = pop(cli.url, SMARTAG, { accessKeyId: "STS.cli", accessKeySecret: "cli-secret", securityToken: "cli-token" });
    const unbound = await call(client, "DescribeUnbindFlowLogSags", { RegionId: "cn-shanghai" });
    expect(unbound.Sags.Sag.map((s: { SmartAGId: string }) => s.SmartAGId)).toEqual(["sag-mine0001", "sag-old0001"]);
    const { FlowLogId } = await call(client, "CreateFlowLog", { RegionId: "cn-shanghai", ...SLS_LOG });
    await expectPopError(call(client, "CreateFlowLog", { RegionId: "cn-shanghai", ...SLS_LOG }), "QuotaExceeded.Flowlog", 400);
    await expectPopError(
      call(client, "AssociateFlowLog", { RegionId: "cn-shanghai", FlowLogId, SmartAGId: "sag-old0001" }),
      "OperationUnsupported.AssociateFlowLog",
      400,
    );
    await expectPopError(call(pop(cli.url, SMARTAG), "DescribeFlowLogs", { RegionId: "cn-hangzhou" }), "InvalidAccessKeyId.NotFound", 404);
    expect((await raw(cli.url, { path: "/_emulator/state" })).json.sags).toHaveLength(2);
  } finally {
    cli.child.kill("SIGTERM");
    await cli.exited;
  }
});

it("--mirror-activation-ms delays Enabled", async () => {
  const cli = await spawnCli(["--port", "0", "--quiet", "--mirror-activation-ms", "60000"]);
  try {
    await call(pop(cli.url, "2016-04-28"), "OpenTrafficMirrorService", { RegionId: "cn-hangzhou" });
    expect((await call(pop(cli.url, "2016-04-28"), "GetTrafficMirrorServiceStatus", { RegionId: "cn-hangzhou" })).Enabled).toBe(false);
  } finally {
    cli.child.kill("SIGTERM");
    await cli.exited;
  }
});

it.each([
  [["--bogus"], /unknown argument/],
  [["--port", "x"], /--port expects/],
  [["--sag", "nonsense"], /--sag/],
  [["--access-key-id", "only-id"], /go together/],
])("rejects bad arguments %j with exit code 2 and usage", async (args, message) => {
  const r = await runCli(args);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toContain("usage:");
  expect(r.stdout).toBe("");
});

it("fails clearly when the port is taken", async () => {
  const first = await spawnCli(["--port", "0", "--quiet"]);
  try {
    const r = await runCli(["--port", new URL(first.url).port, "--quiet"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/EADDRINUSE/);
  } finally {
    first.child.kill("SIGTERM");
    await first.exited;
  }
});
