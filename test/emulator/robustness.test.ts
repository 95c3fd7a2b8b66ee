/**
 * Malformed requests against the emulator CLI (a child process, so a crash cannot hide): each gets
 * the right answer (an Alibaba error envelope with the documented Code and status, or, for bytes
 * that are not HTTP, a JSON 400 and a closed socket; for a body that never arrives, no answer), and
 * after each one the same process still answers a valid signed request.
 */
import * as net from "net";
import { randomBytes } from "crypto";
import {
  SMARTAG,
  VPC,
  RawResponse,
  SpawnedCli,
  expectRawError,
  isoNow,
  raw,
  spawnCli,
  toQuery,
  v1Params,
  v1Request,
  v1Sign,
  v3Request,
} from "./helpers";

jest.setTimeout(120_000);

let cli: SpawnedCli;
let port: number;

beforeAll(async () => {
  cli = await spawnCli(["--port", "0", "--quiet", "--seed", "7"]);
  port = Number(new URL(cli.url).port);
});
afterAll(async () => {
  cli.child.kill("SIGTERM");
  await cli.exited;
});

const describe_ = (extra: Record<string, string> = {}) => v1Params("DescribeFlowLogs", SMARTAG, { RegionId: "cn-hangzhou", ...extra });
const FORM = { "content-type": "application/x-www-form-urlencoded" };

/** The process is alive and serves a valid, signed request normally. */
async function stillServes(): Promise<void> {
  expect({ exitCode: cli.child.exitCode, signal: cli.child.signalCode }).toEqual({ exitCode: null, signal: null });
  const ok = await v1Request(cli.url, describe_(), { method: "POST" });
  expect(ok.status).toBe(200);
  expect(ok.json).toMatchObject({ TotalCount: expect.any(Number), FlowLogs: { FlowLogSetType: expect.any(Array) } });
}

/** Writes raw bytes on a fresh socket; resolves with whatever came back when the server closed (or after `waitMs`). */
function rawSocket(
  bytes: Array<string | Buffer>,
  o: { endAfterWrite?: boolean; destroyAfterMs?: number; waitMs?: number } = {},
): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    let acc = "";
    let done = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = () => {
      if (done) return;
      done = true;
      timers.forEach(clearTimeout);
      s.destroy();
      resolve(acc);
    };
    s.on("connect", () => {
      for (const b of bytes) s.write(b);
      if (o.endAfterWrite) s.end();
      if (o.destroyAfterMs !== undefined) timers.push(setTimeout(finish, o.destroyAfterMs));
    });
    s.on("data", (d) => (acc += d.toString("latin1")));
    s.on("end", finish);
    s.on("close", finish);
    s.on("error", finish);
    timers.push(setTimeout(finish, o.waitMs ?? 10_000));
  });
}

const signedBody = (params: Record<string, string>, method = "POST") => toQuery({ ...params, Signature: v1Sign(method, params) });

interface Case {
  name: string;
  send: () => Promise<RawResponse>;
  code: string;
  status: number;
}

const cases: Case[] = [
  {
    name: "signature made with another secret",
    send: () => v1Request(cli.url, describe_(), { method: "POST", secret: "not-the-secret" }),
    code: "SignatureDoesNotMatch",
    status: 400,
  },
  {
    name: "a parameter changed after signing",
    send: () => {
      const p = describe_({ PageSize: "10" });
      const body = signedBody(p).replace("PageSize=10", "PageSize=50");
      return raw(cli.url, { method: "POST", headers: FORM, body });
    },
    code: "SignatureDoesNotMatch",
    status: 400,
  },
  {
    name: "a signature that is not base64 at all",
    send: () => raw(cli.url, { method: "POST", headers: FORM, body: toQuery({ ...describe_(), Signature: "%%%not-base64%%%" }) }),
    code: "SignatureDoesNotMatch",
    status: 400,
  },
  {
    name: "no Signature",
    send: () => raw(cli.url, { method: "POST", headers: FORM, body: toQuery(describe_()) }),
    code: "MissingParameter",
    status: 400,
  },
  {
    name: "bad percent-encoding in the query (%ZZ)",
    send: () => raw(cli.url, { path: "/?Action=Describe%ZZFlowLogs&Version=2018-03-13" }),
    code: "InvalidParameter",
    status: 400,
  },
  {
    name: "truncated percent-encoding at the end of the query (%4)",
    send: () => raw(cli.url, { path: "/?Action=DescribeFlowLogs&Version=2018-03-13&Name=a%4" }),
    code: "InvalidParameter",
    status: 400,
  },
  {
    name: "percent-encoded bytes that are not UTF-8 (%FF%FE)",
    send: () => raw(cli.url, { path: "/?Action=DescribeFlowLogs&Version=2018-03-13&Name=%FF%FE" }),
    code: "InvalidParameter",
    status: 400,
  },
  {
    name: "bad percent-encoding in a form body",
    send: () => raw(cli.url, { method: "POST", headers: FORM, body: "Action=DescribeFlowLogs&Version=2018-03-13&Name=%G1" }),
    code: "InvalidParameter",
    status: 400,
  },
  {
    name: "a form body of random bytes",
    send: () => raw(cli.url, { method: "POST", headers: FORM, body: Buffer.concat([Buffer.from("Action="), randomBytes(4096)]) }),
    code: "InvalidParameter",
    status: 400,
  },
  {
    name: "a body over the 256 KiB cap",
    send: () => raw(cli.url, { method: "POST", headers: FORM, body: "Name=" + "x".repeat(300 * 1024) }),
    code: "RequestEntityTooLarge",
    status: 413,
  },
  {
    name: "Content-Length announcing 1 GB",
    send: () => raw(cli.url, { method: "POST", headers: { ...FORM, "content-length": 1024 * 1024 * 1024 }, body: "Action=x" }),
    code: "RequestEntityTooLarge",
    status: 413,
  },
  {
    name: "missing Version",
    send: () => {
      const p = describe_();
      delete (p as Record<string, string>).Version;
      return raw(cli.url, { method: "POST", headers: FORM, body: signedBody(p) });
    },
    code: "MissingParameter",
    status: 400,
  },
  {
    name: "missing Action",
    send: () => {
      const p = describe_();
      delete (p as Record<string, string>).Action;
      return raw(cli.url, { method: "POST", headers: FORM, body: signedBody(p) });
    },
    code: "MissingParameter",
    status: 400,
  },
  {
    name: "unknown Version",
    send: () => v1Request(cli.url, v1Params("DescribeFlowLogs", "2099-01-01", { RegionId: "cn-hangzhou" }), { method: "POST" }),
    code: "InvalidVersion",
    status: 400,
  },
  {
    name: "unknown Action",
    send: () => v1Request(cli.url, v1Params("DescribeEverything", SMARTAG, { RegionId: "cn-hangzhou" }), { method: "POST" }),
    code: "InvalidApi.NotFound",
    status: 404,
  },
  {
    name: "an Action of the other product",
    // DescribeFlowLogSags is smartag's only (vpc has a DescribeFlowLogs of its own).
    send: () => v1Request(cli.url, v1Params("DescribeFlowLogSags", VPC, { RegionId: "cn-hangzhou" }), { method: "POST" }),
    code: "InvalidApi.NotFound",
    status: 404,
  },
  {
    name: "an expired timestamp",
    send: () => v1Request(cli.url, { ...describe_(), Timestamp: isoNow(-60 * 60 * 1000) }, { method: "POST" }),
    code: "InvalidTimeStamp.Expired",
    status: 400,
  },
  {
    name: "a timestamp that is not a timestamp",
    send: () => v1Request(cli.url, { ...describe_(), Timestamp: "yesterday" }, { method: "POST" }),
    code: "InvalidTimeStamp.Format",
    status: 400,
  },
  {
    name: "an unknown AccessKeyId",
    send: () => v1Request(cli.url, { ...describe_(), AccessKeyId: "LTAI-nobody" }, { method: "POST" }),
    code: "InvalidAccessKeyId.NotFound",
    status: 404,
  },
  {
    name: "a JSON body (application/json): not parsed, so no Action",
    send: () => raw(cli.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(describe_()) }),
    code: "MissingParameter",
    status: 400,
  },
  {
    name: "a multipart/form-data body: not parsed",
    send: () =>
      raw(cli.url, {
        method: "POST",
        headers: { "content-type": "multipart/form-data; boundary=xyz" },
        body: '--xyz\r\nContent-Disposition: form-data; name="Action"\r\n\r\nDescribeFlowLogs\r\n--xyz--\r\n',
      }),
    code: "MissingParameter",
    status: 400,
  },
  {
    name: "a form body sent as text/plain: not parsed",
    send: () => raw(cli.url, { method: "POST", headers: { "content-type": "text/plain" }, body: signedBody(describe_()) }),
    code: "MissingParameter",
    status: 400,
  },
  {
    name: "a form body without any content type: not parsed",
    send: () => raw(cli.url, { method: "POST", body: signedBody(describe_()) }),
    code: "MissingParameter",
    status: 400,
  },
  {
    name: "the same parameter twice",
    send: () => raw(cli.url, { method: "POST", headers: FORM, body: signedBody(describe_()) + "&RegionId=cn-shanghai" }),
    code: "InvalidParameter",
    status: 400,
  },
  {
    name: "query and body disagreeing on a parameter",
    send: () => raw(cli.url, { method: "POST", path: "/?RegionId=cn-shanghai", headers: FORM, body: signedBody(describe_()) }),
    code: "InvalidParameter",
    status: 400,
  },
  {
    name: "PUT",
    send: () => raw(cli.url, { method: "PUT", headers: FORM, body: signedBody(describe_()) }),
    code: "UnsupportedHTTPMethod",
    status: 400,
  },
  {
    name: "a path other than /",
    send: () => raw(cli.url, { method: "POST", path: "/v2/api", headers: FORM, body: signedBody(describe_()) }),
    code: "InvalidApi.NotFound",
    status: 404,
  },
  {
    name: "V3: an Authorization header that does not parse",
    send: () =>
      v3Request(cli.url, {
        action: "DescribeFlowLogs",
        version: SMARTAG,
        query: { RegionId: "cn-hangzhou" },
        authorization: "ACS3-HMAC-SHA256 nonsense",
      }),
    code: "IncompleteSignature",
    status: 400,
  },
  {
    name: "V3: a body that does not match x-acs-content-sha256",
    send: () =>
      v3Request(cli.url, { action: "DescribeFlowLogs", version: SMARTAG, body: "RegionId=cn-hangzhou", contentSha256: "0".repeat(64) }),
    code: "SignatureDoesNotMatch",
    status: 400,
  },
  {
    name: "V3: an algorithm the emulator does not know",
    send: () =>
      v3Request(cli.url, {
        action: "DescribeFlowLogs",
        version: SMARTAG,
        query: { RegionId: "cn-hangzhou" },
        authorization: "ACS3-RSA-SHA256 Credential=x,SignedHeaders=host,Signature=00",
      }),
    code: "InvalidSignatureMethod",
    status: 400,
  },
];

describe("malformed requests get the right error and never crash the emulator", () => {
  afterEach(stillServes);

  it("a valid request is served to begin with", async () => {
    await stillServes();
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    expectRawError(await c.send(), c.code, c.status);
  });

  it("a huge but allowed parameter (200 KB, signed) is processed", async () => {
    const p = describe_({ FlowLogName: "n".repeat(200 * 1024) });
    const r = await raw(cli.url, { method: "POST", headers: FORM, body: signedBody(p) });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ TotalCount: 0 });
  });

  it("10,000 parameters are answered quickly", async () => {
    const p = describe_();
    for (let i = 0; i < 10_000; i++) p[`P${i}`] = String(i);
    const started = Date.now();
    const r = await raw(cli.url, { method: "POST", headers: FORM, body: signedBody(p) });
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("NUL and control characters in values are plain characters", async () => {
    const r = await raw(cli.url, { method: "POST", headers: FORM, body: signedBody(describe_({ FlowLogName: "a\u0000b\u0007c\r\nd" })) });
    expect(r.status).toBe(200);
  });

  it("a chunked body cut off midway (socket closed) is dropped without an answer", async () => {
    const body = signedBody(describe_());
    const text = await rawSocket(
      [
        `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
          `Transfer-Encoding: chunked\r\n\r\n`,
        `${body.length.toString(16)}\r\n${body.slice(0, 40)}`,
      ],
      { destroyAfterMs: 300 },
    );
    expect(text).toBe("");
  });

  it("a chunked body cut off midway (write side ended) gets no answer or a 400", async () => {
    const text = await rawSocket(
      [
        `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
          `Transfer-Encoding: chunked\r\n\r\n`,
        "ff\r\nAction=Descr",
      ],
      { endAfterWrite: true, waitMs: 3000 },
    );
    expect(text === "" || /^HTTP\/1\.1 400 /.test(text)).toBe(true);
  });

  it("a bad chunk size is a JSON 400 and a closed socket", async () => {
    const text = await rawSocket([
      `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n`,
    ]);
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).toContain('"Code":"BadRequest"');
  });

  it("a body shorter than its Content-Length (socket closed) is dropped without an answer", async () => {
    const text = await rawSocket(
      [
        `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
          `Content-Length: 5000\r\n\r\nAction=DescribeFlowLogs`,
      ],
      { destroyAfterMs: 300 },
    );
    expect(text).toBe("");
  });

  it("headers that never finish, then a closed socket", async () => {
    expect(await rawSocket([`POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Partial: abc`], { destroyAfterMs: 300 })).toBe("");
  });

  it("bytes that are not HTTP are a JSON 400", async () => {
    const text = await rawSocket([randomBytes(512), "\r\n\r\n"]);
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).toContain('"Code":"BadRequest"');
  });

  it("headers over 16 KiB are a JSON 431", async () => {
    const text = await rawSocket([`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${"h".repeat(20 * 1024)}\r\n\r\n`]);
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
    expect(text).toContain('"Code":"RequestHeaderFieldsTooLarge"');
  });

  it("HTTP/1.1 without a Host header is answered, not fatal", async () => {
    const text = await rawSocket(["GET /?Action=DescribeFlowLogs HTTP/1.1\r\n\r\n"], { waitMs: 3000 });
    expect(text).toMatch(/^HTTP\/1\.1 (400|200) /);
  });

  it("200 garbage connections at once, then business as usual", async () => {
    const journaled = (await raw(cli.url, { path: "/_emulator/journal" })).json.entries.length;
    const notHttp = Array.from({ length: 100 }, () => rawSocket([randomBytes(64)]));
    // HTTP/1.1 without a Host header and with a body that never ends.
    const noHost = Array.from({ length: 100 }, () =>
      rawSocket(["POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"], { destroyAfterMs: 2000 }),
    );
    // A signed request sent while the garbage is arriving is served as usual.
    const meanwhile = v1Request(cli.url, describe_(), { method: "POST" });
    const [garbage, headless, ok] = await Promise.all([Promise.all(notHttp), Promise.all(noHost), meanwhile]);
    expect(ok.status).toBe(200);
    // Bytes that are not HTTP: each gets the JSON 400 and a closed socket.
    for (const text of garbage) {
      expect(text).toMatch(/^HTTP\/1\.1 400 /);
      expect(text).toContain('"Code":"BadRequest"');
    }
    // Node refuses HTTP/1.1 without Host (400) before the request reaches the emulator.
    for (const text of headless) expect(text).toMatch(/^HTTP\/1\.1 400 /);
    // None of them reached the API: the journal holds only the signed request.
    const entries = (await raw(cli.url, { path: "/_emulator/journal" })).json.entries.slice(journaled);
    expect(entries.map((e: { action: string; httpStatus: number }) => [e.action, e.httpStatus])).toEqual([["DescribeFlowLogs", 200]]);
    await stillServes();
  });

  it("garbage to the control plane is a 400, not a crash", async () => {
    const r = await raw(cli.url, {
      method: "POST",
      path: "/_emulator/faults",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(r.status).toBe(400);
    const r2 = await raw(cli.url, {
      method: "POST",
      path: "/_emulator/faults",
      headers: { "content-type": "application/json" },
      body: '{"action":"*","kind":"meteor"}',
    });
    expect(r2.status).toBe(400);
    const r3 = await raw(cli.url, {
      method: "POST",
      path: "/_emulator/outage",
      headers: { "content-type": "application/json" },
      body: '{"ms":-1}',
    });
    expect(r3.status).toBe(400);
  });

  it("the journal recorded the protocol rejections without a signature or a key", async () => {
    const { entries } = (await raw(cli.url, { path: "/_emulator/journal" })).json;
    expect(entries.length).toBeGreaterThan(cases.length);
    const codes = new Set(entries.map((e: { code: string | null }) => e.code));
    for (const c of cases.filter((k) => k.status !== 413)) expect(codes).toContain(c.code);
    for (const e of entries) {
      expect(Object.keys(e.params)).not.toContain("Signature");
      expect(Object.keys(e.params)).not.toContain("AccessKeyId");
    }
  });
});
