/**
 * Hardening (issue 14): one owner per state file, a control plane no web page can reach, replay-safe nonces
 * across restarts, slow clients cut off, leftovers of a kill -9 cleaned on start.
 */
import { spawn } from "child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, watch, writeFileSync } from "fs";
import type { IncomingMessage } from "http";
import * as net from "net";
import { tmpdir } from "os";
import * as path from "path";
import { DEMO_ACCESS_KEY_ID, StateLockedError, exposureWarning, isLoopbackHost, type RunningEmulator } from "../../emulator";
import { ControlGuard } from "../../emulator/control";
import {
  SLS_LOG,
  SMARTAG,
  call,
  expectRawError,
  pop,
  raw,
  runCli,
  spawnCli,
  start,
  toQuery,
  v1Params,
  v1Sign,
  v3Request,
  type SpawnedCli,
} from "./helpers";

const HZ = "cn-hangzhou";
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "emu-hard-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function stop(cli: SpawnedCli, signal: NodeJS.Signals = "SIGTERM") {
  if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill(signal);
  return cli.exited;
}

/** A pid that certainly belongs to no running process: a child that has exited (and was reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((r) => child.once("exit", r));
  return child.pid!;
}

// ---------------------------------------------------------------------------------------------------------
// One owner per state file
// ---------------------------------------------------------------------------------------------------------

describe("one owner per --state file", () => {
  it("a second process on the same state file refuses to start (exit 1, clear message); the first keeps working", async () => {
    const statePath = path.join(dir, "state.json");
    const first = await spawnCli(["--port", "0", "--quiet", "--state", statePath]);
    try {
      const second = await runCli(["--port", "0", "--quiet", "--state", statePath], 10_000);
      expect(second.code).toBe(1);
      expect(second.stdout).toBe(""); // never said "listening"
      expect(second.stderr).toContain(`state file ${statePath} is in use by another emulator (pid ${first.child.pid}, ${first.url}`);
      // The owner is unaffected and its acknowledged creates are all on disk.
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await call(pop(first.url, SMARTAG), "CreateFlowLog", { RegionId: HZ, ...SLS_LOG })).FlowLogId);
      const onDisk = JSON.parse(readFileSync(statePath, "utf8")).flowLogs.map((f: { flowLogId: string }) => f.flowLogId);
      expect(onDisk).toEqual(ids);
    } finally {
      await stop(first);
    }
    // A clean exit releases the lock: the next process starts.
    expect(existsSync(`${statePath}.lock`)).toBe(false);
    const third = await spawnCli(["--port", "0", "--quiet", "--state", statePath]);
    await stop(third);
  });

  it("the stale lock of a process killed -9 does not block the next start", async () => {
    const statePath = path.join(dir, "state.json");
    const first = await spawnCli(["--port", "0", "--quiet", "--state", statePath]);
    const { FlowLogId } = await call(pop(first.url, SMARTAG), "CreateFlowLog", { RegionId: HZ, ...SLS_LOG });
    expect((await stop(first, "SIGKILL")).signal).toBe("SIGKILL");
    expect(JSON.parse(readFileSync(`${statePath}.lock`, "utf8")).pid).toBe(first.child.pid); // left behind

    const second = await spawnCli(["--port", "0", "--quiet", "--state", statePath]);
    try {
      expect((await raw(second.url, { path: "/_emulator/state" })).json.flowLogs.map((f: { flowLogId: string }) => f.flowLogId)).toEqual([
        FlowLogId,
      ]);
      expect(JSON.parse(readFileSync(`${statePath}.lock`, "utf8")).pid).toBe(second.child.pid);
    } finally {
      await stop(second);
    }
  });

  it("a lock naming a dead pid, or a live pid with another start time (pid reused), is stale", async () => {
    const statePath = path.join(dir, "state.json");
    writeFileSync(`${statePath}.lock`, JSON.stringify({ pid: await deadPid(), nonce: "x", since: "then" }));
    const a = await start({ statePath });
    await a.close();
    // pid 1 is alive, but its start time is not the one recorded: another process got the number.
    const initStart = readFileSync("/proc/1/stat", "utf8").split(") ")[1]!.split(" ")[19];
    writeFileSync(`${statePath}.lock`, JSON.stringify({ pid: 1, startTime: `${initStart}9`, nonce: "x", since: "then" }));
    const b = await start({ statePath });
    await b.close();
    // Same pid and the same start time: that owner is alive, so the start is refused.
    writeFileSync(`${statePath}.lock`, JSON.stringify({ pid: 1, startTime: initStart, nonce: "x", since: "then" }));
    await expect(start({ statePath })).rejects.toThrow(/is in use by another emulator \(pid 1, since then\)/);
    expect(JSON.parse(readFileSync(`${statePath}.lock`, "utf8")).pid).toBe(1); // a live owner's lock is left alone
  });

  it("two emulators in one process cannot share a state file either; close() releases it", async () => {
    const statePath = path.join(dir, "state.json");
    const a = await start({ statePath });
    let refused: unknown;
    try {
      await start({ statePath });
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(StateLockedError);
    expect(String(refused)).toContain(`pid ${process.pid}, ${a.url}`);
    await a.close();
    const b = await start({ statePath });
    await b.close();
    expect(existsSync(`${statePath}.lock`)).toBe(false);
  });

  it("a start that fails after taking the lock (port taken) releases it", async () => {
    const statePath = path.join(dir, "state.json");
    const holder = await start();
    await expect(start({ statePath, port: holder.port })).rejects.toThrow(/EADDRINUSE/);
    await holder.close();
    expect(existsSync(`${statePath}.lock`)).toBe(false);
    const b = await start({ statePath });
    await b.close();
  });

  it("temp files a kill -9 left beside the state file are removed on start (and nothing else)", async () => {
    const statePath = path.join(dir, "state.json");
    const leftovers = ["state.json.tmp-4242", "state.json.nonces.tmp-4242", "state.json.lock.tmp-4242", "state.json.lock.stale-4242-abcd"];
    const unrelated = ["state.json.bak", "other.json.tmp-4242", "notes.txt"];
    for (const f of [...leftovers, ...unrelated]) writeFileSync(path.join(dir, f), "{ torn");
    writeFileSync(`${statePath}.lock`, JSON.stringify({ pid: await deadPid(), nonce: "x", since: "then" }));
    const cli = await spawnCli(["--port", "0", "--quiet", "--state", statePath]);
    try {
      const present = readdirSync(dir).sort();
      for (const f of leftovers) expect(present).not.toContain(f);
      for (const f of unrelated) expect(present).toContain(f);
    } finally {
      await stop(cli);
    }
  });

  it("a kill -9 in the middle of a write burst leaves no temp file behind after the restart", async () => {
    const statePath = path.join(dir, "state.json");
    const tmpFiles = () => readdirSync(dir).filter((f) => f.startsWith("state.json.tmp-"));
    const acknowledged: string[] = [];
    let caughtMidWrite = 0;
    // A kill can land between two snapshots; try again until one lands while a snapshot is being written.
    for (let attempt = 0; attempt < 25 && caughtMidWrite === 0; attempt++) {
      const cli = await spawnCli(["--port", "0", "--quiet", "--state", statePath, "--flow-log-quota", "100000"]);
      const client = pop(cli.url, SMARTAG);
      const failures: Array<{ code?: string; message?: string }> = [];
      let killed = false;
      const inFullSwing = acknowledged.length + 20;
      // Once the burst is in full swing, kill the moment the emulator creates a snapshot's temp file: a
      // write is in flight right then.
      const watcher = watch(dir, (_event, name) => {
        if (killed || acknowledged.length < inFullSwing || !String(name).startsWith("state.json.tmp-")) return;
        kill();
      });
      const worker = async () => {
        while (!killed) {
          try {
            acknowledged.push((await call(client, "CreateFlowLog", { RegionId: HZ, ...SLS_LOG })).FlowLogId);
          } catch (e) {
            failures.push(e as { code?: string; message?: string });
            return;
          }
        }
      };
      const kill = () => {
        killed = true;
        cli.child.kill("SIGKILL");
      };
      // Should every worker stop on an error first, the kill comes anyway (and the codes below say why).
      const burst = Promise.all(Array.from({ length: 16 }, worker)).then(() => killed || kill());
      try {
        expect((await cli.exited).signal).toBe("SIGKILL");
      } finally {
        watcher.close();
      }
      await burst;
      if (tmpFiles().length > 0) caughtMidWrite++;
      // The calls the kill cut off (there are always some: 16 are in flight) fail at the connection, never
      // with an API error.
      expect(failures.length).toBeGreaterThan(0);
      for (const f of failures) expect(f.code).toMatch(/^(ECONNRESET|ECONNREFUSED|EPIPE)$/);
    }
    // Not vacuous: a snapshot's temp file was on disk when the process died.
    expect(caughtMidWrite).toBe(1);
    expect(acknowledged.length).toBeGreaterThan(0);

    const restarted = await spawnCli(["--port", "0", "--quiet", "--state", statePath]);
    try {
      expect(readdirSync(dir).filter((f) => f.includes(".tmp-") || f.includes(".stale-"))).toEqual([]);
      // Every create that was answered before a kill is still there.
      const stored = new Set(
        (await raw(restarted.url, { path: "/_emulator/state" })).json.flowLogs.map((f: { flowLogId: string }) => f.flowLogId),
      );
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      await stop(restarted);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// Control plane vs. web pages
// ---------------------------------------------------------------------------------------------------------

describe("the control plane refuses what a web page can send", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start();
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    await emu.reset();
    await call(pop(emu.url, SMARTAG), "CreateFlowLog", { RegionId: HZ, ...SLS_LOG });
  });

  const port = () => emu.port;
  const faultBody = JSON.stringify({ action: "*", kind: "internal" });

  /** Nothing changed: the flow log is still there, no fault is armed, the listener is up. */
  async function expectUntouched() {
    expect(emu.state().flowLogs).toHaveLength(1);
    expect(emu.faults()).toEqual([]);
    expect((await raw(emu.url, { path: "/_emulator/health" })).status).toBe(200);
  }

  it("text/plain POSTs from a foreign Origin (the no-preflight CSRF form) are 403 and change nothing", async () => {
    for (const [route, body] of [
      ["/_emulator/reset", ""],
      ["/_emulator/faults", faultBody],
      ["/_emulator/outage", '{"ms":600000}'],
      ["/_emulator/vpc/traffic-mirror/cn-hangzhou/disable", ""],
    ] as const) {
      const r = await raw(emu.url, {
        method: "POST",
        path: route,
        headers: { origin: "https://evil.example", "content-type": "text/plain;charset=UTF-8" },
        body,
      });
      expect({ route, status: r.status }).toEqual({ route, status: 403 });
      expect(r.json.error).toContain('cross-origin request from Origin "https://evil.example"');
    }
    await expectUntouched();
  });

  it("a foreign Host (DNS rebinding) is 403, even with a matching Origin and a JSON body", async () => {
    for (const host of [`evil.example:${port()}`, `127.0.0.1.evil.example:${port()}`, `127.0.0.1:${port() === 1 ? 2 : 1}`, ""]) {
      const r = await raw(emu.url, {
        method: "POST",
        path: "/_emulator/faults",
        headers: { host, origin: `http://${host}`, "content-type": "application/json" },
        body: faultBody,
      });
      expect({ host, status: r.status }).toEqual({ host, status: 403 });
    }
    expect((await raw(emu.url, { path: "/_emulator/state", headers: { host: `evil.example:${port()}` } })).status).toBe(403);
    await expectUntouched();
  });

  it("Origin: null, a cross-site Sec-Fetch-Site and a non-JSON body without Origin are refused", async () => {
    const send = (headers: Record<string, string>, body = faultBody) =>
      raw(emu.url, { method: "POST", path: "/_emulator/faults", headers: { "content-type": "application/json", ...headers }, body });
    expect((await send({ origin: "null" })).status).toBe(403);
    expect((await send({ origin: `http://127.0.0.1:${port()}.evil.example` })).status).toBe(403);
    expect((await send({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await send({ "sec-fetch-site": "same-site" })).status).toBe(403);
    // An old browser that sends no Origin on a form/text POST: the body type gives it away.
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const r = await send({ "content-type": type });
      expect({ type, status: r.status }).toEqual({ type, status: 415 });
    }
    const noType = await raw(emu.url, { method: "POST", path: "/_emulator/reset", body: "x" });
    expect(noType.status).toBe(415);
    await expectUntouched();
  });

  it("Node's http client (no Origin, Host 127.0.0.1:<port>), localhost and the emulator's own origin still work", async () => {
    const ok = await raw(emu.url, {
      method: "POST",
      path: "/_emulator/faults",
      headers: { "content-type": "application/json" },
      body: faultBody,
    });
    expect(ok.status).toBe(201);
    expect(ok.json.fault.kind).toBe("internal");
    expect((await raw(emu.url, { method: "DELETE", path: "/_emulator/faults" })).status).toBe(200);
    expect((await raw(emu.url, { path: "/_emulator/state", headers: { host: `localhost:${port()}` } })).status).toBe(200);
    expect((await raw(emu.url, { path: "/_emulator/state", headers: { host: `LOCALHOST:${port()}` } })).status).toBe(200);
    expect((await raw(emu.url, { path: "/_emulator/state", headers: { host: `[::1]:${port()}` } })).status).toBe(200);
    const own = await raw(emu.url, {
      method: "POST",
      path: "/_emulator/reset",
      headers: { origin: `http://localhost:${port()}`, "sec-fetch-site": "same-origin" },
    });
    expect(own.status).toBe(200);
    expect(emu.state().flowLogs).toEqual([]);
  });

  it("the API itself is unaffected (its Host may be a regional endpoint name)", async () => {
    const r = await raw(emu.url, {
      path: `/?${toQuery(signed("GET", v1Params("DescribeFlowLogs", SMARTAG, { RegionId: HZ })))}`,
      headers: { host: "smartag.cn-hangzhou.aliyuncs.com" },
    });
    expect(r.status).toBe(200);
  });
});

function signed(method: "GET" | "POST", params: Record<string, string>): Record<string, string> {
  return { ...params, Signature: v1Sign(method, params) };
}

describe("control token", () => {
  const TOKEN = "test-control-token-0123456789";

  it("when set, every control request but health needs it (x-emulator-token or Bearer); the API does not", async () => {
    const emu = await start({ controlToken: TOKEN });
    try {
      expect(emu.controlToken).toBe(TOKEN);
      expect((await raw(emu.url, { path: "/_emulator/health" })).status).toBe(200);
      const missing = await raw(emu.url, { method: "POST", path: "/_emulator/reset" });
      expect(missing.status).toBe(401);
      expect(missing.json.error).toContain("x-emulator-token");
      expect((await raw(emu.url, { path: "/_emulator/state", headers: { "x-emulator-token": `${TOKEN}x` } })).status).toBe(401);
      expect((await raw(emu.url, { path: "/_emulator/state", headers: { "x-emulator-token": TOKEN } })).status).toBe(200);
      expect((await raw(emu.url, { path: "/_emulator/journal", headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
      // The token does not let a foreign page in.
      const page = await raw(emu.url, {
        method: "POST",
        path: "/_emulator/reset",
        headers: { "x-emulator-token": TOKEN, origin: "https://evil.example" },
      });
      expect(page.status).toBe(403);
      await call(pop(emu.url, SMARTAG), "DescribeFlowLogs", { RegionId: HZ });
    } finally {
      await emu.close();
    }
  });

  it("none is required on loopback by default; a weak token is rejected", async () => {
    const emu = await start();
    expect(emu.controlToken).toBeUndefined();
    await emu.close();
    await expect(start({ controlToken: "short" })).rejects.toThrow(/controlToken/);
    const r = await runCli(["--control-token", "short"]);
    expect(r.code).toBe(2);
  });

  it("a wildcard (non-loopback) bind requires the token and allows IP-literal Hosts with the bound port", () => {
    const guard = new ControlGuard("0.0.0.0", TOKEN);
    guard.setPort(8787);
    const req = (headers: Record<string, string>, method = "GET") => ({ method, headers }) as unknown as IncomingMessage;
    expect(guard.check(req({ host: "192.168.1.20:8787" }), "/_emulator/state")?.status).toBe(401);
    expect(guard.check(req({ host: "192.168.1.20:8787", "x-emulator-token": TOKEN }), "/_emulator/state")).toBeUndefined();
    expect(guard.check(req({ host: "192.168.1.20:8787" }), "/_emulator/health")).toBeUndefined();
    expect(guard.check(req({ host: "attacker.example:8787", "x-emulator-token": TOKEN }), "/_emulator/state")?.status).toBe(403);
    expect(guard.check(req({ host: "192.168.1.20:8788", "x-emulator-token": TOKEN }), "/_emulator/state")?.status).toBe(403);
  });
});

describe("binding beyond loopback", () => {
  it("warns that the demo key pair is accepted and the control plane hangs on a token", () => {
    for (const h of ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
      expect({ h, loopback: isLoopbackHost(h) }).toEqual({ h, loopback: true });
    for (const h of ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.com", "128.0.0.1"])
      expect({ h, loopback: isLoopbackHost(h) }).toEqual({ h, loopback: false });
    expect(exposureWarning("127.0.0.1", true)).toBeUndefined();
    const w = exposureWarning("0.0.0.0", true)!;
    expect(w).toMatch(/^warning: listening on 0\.0\.0\.0, beyond loopback/);
    expect(w).toContain(`public demo key pair (${DEMO_ACCESS_KEY_ID})`);
    expect(w).toContain("control token (header x-emulator-token)");
    expect(exposureWarning("10.0.0.1", false)).not.toContain("demo key pair");
  });

  it("the CLI on loopback prints no warning and needs no token", async () => {
    const cli = await spawnCli(["--port", "0", "--quiet", "--host", "127.0.0.1"]);
    try {
      expect((await raw(cli.url, { path: "/_emulator/state" })).status).toBe(200);
    } finally {
      await stop(cli);
    }
    expect(cli.stderr()).toBe("");
  });
});

// ---------------------------------------------------------------------------------------------------------
// Replay after a restart
// ---------------------------------------------------------------------------------------------------------

describe("nonces survive a restart with --state", () => {
  const createParams = () => signed("POST", v1Params("CreateFlowLog", SMARTAG, { RegionId: HZ, ...SLS_LOG }));
  const post = (url: string, params: Record<string, string>) =>
    raw(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: toQuery(params) });

  it("the same signed CreateFlowLog replayed after a clean restart is SignatureNonceUsed and creates nothing", async () => {
    const statePath = path.join(dir, "state.json");
    const params = createParams();
    const first = await start({ statePath });
    expect((await post(first.url, params)).status).toBe(200);
    await first.close();

    const second = await start({ statePath });
    try {
      expectRawError(await post(second.url, params), "SignatureNonceUsed", 400);
      expect(second.state().flowLogs).toHaveLength(1);
      // A fresh nonce still works.
      expect((await post(second.url, createParams())).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it("also after kill -9 right after the answer (V1 and V3)", async () => {
    const statePath = path.join(dir, "state.json");
    const params = createParams();
    const v3 = {
      action: "CreateFlowLog",
      version: SMARTAG,
      body: toQuery({ RegionId: HZ, ...SLS_LOG }),
      nonce: `n3-${Date.now()}`,
      date: params.Timestamp,
    };
    const first = await spawnCli(["--port", "0", "--quiet", "--state", statePath]);
    expect((await post(first.url, params)).status).toBe(200);
    expect((await v3Request(first.url, v3)).status).toBe(200);
    await stop(first, "SIGKILL");

    const second = await spawnCli(["--port", "0", "--quiet", "--state", statePath]);
    try {
      expectRawError(await post(second.url, params), "SignatureNonceUsed", 400);
      expectRawError(await v3Request(second.url, v3), "SignatureNonceUsed", 400);
      expect((await raw(second.url, { path: "/_emulator/state" })).json.flowLogs).toHaveLength(2);
    } finally {
      await stop(second);
    }
  });

  it("without --state a restart forgets nonces (documented)", async () => {
    const params = createParams();
    const a = await start();
    expect((await post(a.url, params)).status).toBe(200);
    await a.close();
    const b = await start();
    expect((await post(b.url, params)).status).toBe(200);
    await b.close();
  });

  it("expired nonces are dropped from the nonce log when it is opened", async () => {
    const statePath = path.join(dir, "state.json");
    const now = Date.now();
    writeFileSync(
      `${statePath}.nonces`,
      [JSON.stringify([now - 1000, "old\nnonce"]), JSON.stringify([now + 600_000, "live\nnonce"]), '[1, "torn'].join("\n"),
    );
    const emu = await start({ statePath });
    try {
      const lines = readFileSync(`${statePath}.nonces`, "utf8").trim().split("\n");
      expect(lines.map((l) => JSON.parse(l)[1])).toEqual(["live\nnonce"]);
    } finally {
      await emu.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// Slow clients
// ---------------------------------------------------------------------------------------------------------

interface Probe {
  closedAfterMs: Promise<number>;
  received: () => string;
}

/** Probes give up (destroy their socket) after this long, so a server that never cuts them off fails, not hangs. */
const PROBE_CAP_MS = 20_000;

/** Opens a raw connection, runs `feed` on it; resolves when the server closes it (or after PROBE_CAP_MS). */
function probe(port: number, feed: (socket: net.Socket) => void): Probe {
  const t0 = Date.now();
  let got = "";
  const socket = net.connect(port, "127.0.0.1", () => feed(socket));
  const cap = setTimeout(() => socket.destroy(), PROBE_CAP_MS);
  socket.on("data", (d) => (got += d.toString()));
  socket.on("error", () => undefined);
  const closedAfterMs = new Promise<number>((resolve) =>
    socket.on("close", () => {
      clearTimeout(cap);
      resolve(Date.now() - t0);
    }),
  );
  return { closedAfterMs, received: () => got };
}

/** Writes `chunk` every `everyMs`, at most `max` times (stops when the socket closes). */
function trickle(socket: net.Socket, chunk: string, everyMs: number, max: number): void {
  let n = 0;
  const timer = setInterval(() => {
    if (n++ >= max || socket.destroyed) clearInterval(timer);
    else socket.write(chunk);
  }, everyMs);
  socket.on("close", () => clearInterval(timer));
}

describe("slow clients are cut off", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start({ timeouts: { headersMs: 600, requestMs: 1200, idleMs: 800 } });
  });
  afterAll(() => emu.close());

  it("slowloris (headers trickled byte by byte) is answered 408 RequestTimeout and closed", async () => {
    const p = probe(emu.port, (s) => {
      s.write("GET /?Action=DescribeFlowLogs HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      trickle(s, "X", 100, 100); // would take 10 s to finish one header
    });
    const ms = await p.closedAfterMs;
    expect(ms).toBeGreaterThanOrEqual(550);
    expect(ms).toBeLessThan(3000);
    expect(p.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(p.received().split("\r\n\r\n")[1]!).Code).toBe("RequestTimeout");
  });

  it("a body trickled slower than the request timeout is answered 408 and closed", async () => {
    const p = probe(emu.port, (s) => {
      s.write("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n");
      trickle(s, "A", 100, 100);
    });
    const ms = await p.closedAfterMs;
    expect(ms).toBeGreaterThanOrEqual(1100);
    expect(ms).toBeLessThan(4000);
    expect(p.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("a connection that never sends a byte is closed without an answer; an idle keep-alive one after idleMs", async () => {
    const silent = probe(emu.port, () => undefined);
    const idle = probe(emu.port, (s) => s.write("GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1:" + emu.port + "\r\n\r\n"));
    expect(await silent.closedAfterMs).toBeLessThan(3000);
    expect(silent.received()).toBe("");
    const idleMs = await idle.closedAfterMs;
    expect(idle.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(idleMs).toBeGreaterThanOrEqual(750);
    expect(idleMs).toBeLessThan(3000);
  });

  it("normal requests are unaffected while slow clients are being cut off", async () => {
    const slow = Array.from({ length: 20 }, () =>
      probe(emu.port, (s) => {
        s.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        trickle(s, "X", 100, 100);
      }),
    );
    for (let i = 0; i < 10; i++) await call(pop(emu.url, SMARTAG), "DescribeFlowLogs", { RegionId: HZ });
    const closed = await Promise.all(slow.map((p) => p.closedAfterMs));
    expect(Math.max(...closed)).toBeLessThan(3000);
  });

  it("the defaults close 50 slowloris connections within the 10 s header timeout (the CLI, unconfigured)", async () => {
    const cli = await spawnCli(["--port", "0", "--quiet"]);
    try {
      const port = Number(new URL(cli.url).port);
      const slow = Array.from({ length: 50 }, () =>
        probe(port, (s) => {
          s.write("GET / HTTP/1.1\r\n");
          trickle(s, "X-a: b\r\n", 500, 40); // a header every 0.5 s: 20 s of headers
        }),
      );
      const closed = await Promise.all(slow.map((p) => p.closedAfterMs));
      expect(slow.every((p) => /^HTTP\/1\.1 408 /.test(p.received()))).toBe(true);
      expect(Math.min(...closed)).toBeGreaterThanOrEqual(9_500);
      expect(Math.max(...closed)).toBeLessThan(13_000);
    } finally {
      await stop(cli);
    }
  }, 30_000);
});
