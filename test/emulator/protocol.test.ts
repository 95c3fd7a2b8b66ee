/**
 * RPC protocol behaviour over HTTP: transports (GET, POST form, Tea split, chunked), every gateway
 * rejection of V1 and V3 requests, STS, garbage handling and the response envelopes.
 */
import * as net from "net";
import type { RunningEmulator } from "../../emulator";
import {
  AK,
  SECRET,
  SMARTAG,
  SLS_LOG,
  VPC,
  call,
  expectOpenApiError,
  expectPopError,
  expectRawError,
  isoNow,
  openApiCall,
  openApiClient,
  pop,
  raw,
  start,
  toQuery,
  v1Params,
  v1Request,
  v1Sign,
  v3Request,
} from "./helpers";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const describeParams = (extra: Record<string, string> = {}) => v1Params("DescribeFlowLogs", SMARTAG, { RegionId: "cn-hangzhou", ...extra });

describe("transports", () => {
  it("accepts GET (query) and POST (form body) from pop-core", async () => {
    const client = pop(emu.url, SMARTAG);
    const viaGet = await call(client, "DescribeUnbindFlowLogSags", { RegionId: "cn-hangzhou" }, "GET");
    const viaPost = await call(client, "DescribeUnbindFlowLogSags", { RegionId: "cn-hangzhou" }, "POST");
    expect(viaGet.Count).toBe(9);
    expect(viaPost.Count).toBe(9);
    expect(emu.journal().map((e) => [e.signatureVersion, e.httpStatus])).toEqual([
      ["v1", 200],
      ["v1", 200],
    ]);
  });

  it("merges common params in the query with business params in the body (Tea split) before verifying", async () => {
    const p = describeParams();
    const { RegionId, ...common } = p;
    const signature = v1Sign("POST", p);
    const r = await raw(emu.url, {
      method: "POST",
      path: `/?${toQuery({ ...common, Signature: signature })}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: toQuery({ RegionId: RegionId! }),
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ TotalCount: 0, PageNumber: 1, PageSize: 10 });
  });

  it("reads chunked request bodies", async () => {
    const p = describeParams();
    p.Signature = v1Sign("POST", p);
    const r = await raw(emu.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
      body: toQuery(p),
    });
    expect(r.status).toBe(200);
  });

  it("answers JSON with RequestId and x-acs-request-id, and never a Code on a plain success", async () => {
    const r = await v1Request(emu.url, describeParams());
    expect(r.headers["content-type"]).toBe("application/json;charset=utf-8");
    expect(r.headers["x-acs-request-id"]).toBe(r.json.RequestId);
    expect(r.json.Code).toBeUndefined();
  });

  it("treats Format case-insensitively (pop-core sends JSON, Tea sends json)", async () => {
    expect((await v1Request(emu.url, describeParams({ Format: "json" }))).status).toBe(200);
    expect((await v1Request(emu.url, describeParams({ Format: "JSON" }))).status).toBe(200);
  });
});

describe("V1 rejections", () => {
  it("MissingParameter for each absent common parameter", async () => {
    for (const name of ["Action", "Version", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "Signature"]) {
      const p = describeParams();
      delete p[name];
      const r = await v1Request(emu.url, p, { sign: name !== "Signature" });
      expectRawError(r, "MissingParameter", 400);
      expect(r.json.Message).toBe(`The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
    }
  });

  it("MissingAccessKeyId without AccessKeyId", async () => {
    const p = describeParams();
    delete p.AccessKeyId;
    const r = await v1Request(emu.url, p);
    expectRawError(r, "MissingAccessKeyId", 400);
    expect(r.json.Message).toBe("AccessKeyId is mandatory for this action.");
  });

  it("InvalidVersion for a Version no product serves", async () => {
    expectRawError(await v1Request(emu.url, describeParams({ Version: "2099-01-01" })), "InvalidVersion", 400);
  });

  it("InvalidApi.NotFound (404) for an unknown action, matched case-sensitively", async () => {
    expectRawError(await v1Request(emu.url, describeParams({ Action: "DescribeNothing" })), "InvalidApi.NotFound", 404);
    expectRawError(await v1Request(emu.url, describeParams({ Action: "describeFlowLogs" })), "InvalidApi.NotFound", 404);
    // A smartag-only action under the VPC version does not exist either (vpc has its own DescribeFlowLogs).
    expectRawError(await v1Request(emu.url, describeParams({ Version: VPC, Action: "DescribeFlowLogSags" })), "InvalidApi.NotFound", 404);
    // pop-core upper-cases the first letter unless told not to.
    await expectPopError(
      pop(emu.url, SMARTAG).request("describeFlowLogs", { RegionId: "cn-hangzhou" }, { formatAction: false }),
      "InvalidApi.NotFound",
      404,
    );
  });

  it("InvalidSignatureMethod, InvalidSignatureVersion and InvalidParameter.Format", async () => {
    expectRawError(await v1Request(emu.url, describeParams({ SignatureMethod: "HMAC-SHA256" })), "InvalidSignatureMethod", 400);
    expectRawError(await v1Request(emu.url, describeParams({ SignatureVersion: "2.0" })), "InvalidSignatureVersion", 400);
    expectRawError(await v1Request(emu.url, describeParams({ Format: "YAML" })), "InvalidParameter.Format", 400);
  });

  it("InvalidTimeStamp.Format for malformed timestamps", async () => {
    for (const ts of ["2016-02-23 12:46:24", "yesterday", "2025-13-01T00:00:00Z"]) {
      expectRawError(await v1Request(emu.url, describeParams({ Timestamp: ts })), "InvalidTimeStamp.Format", 400);
    }
  });

  it("InvalidTimeStamp.Expired beyond 15 minutes of skew either way, accepted within it", async () => {
    expectRawError(await v1Request(emu.url, describeParams({ Timestamp: isoNow(-16 * 60_000) })), "InvalidTimeStamp.Expired", 400);
    expectRawError(await v1Request(emu.url, describeParams({ Timestamp: isoNow(16 * 60_000) })), "InvalidTimeStamp.Expired", 400);
    expect((await v1Request(emu.url, describeParams({ Timestamp: isoNow(-14 * 60_000) }))).status).toBe(200);
  });

  it("SignatureNonceUsed when a nonce is replayed, also through pop-core", async () => {
    const p = describeParams();
    expect((await v1Request(emu.url, p)).status).toBe(200);
    expectRawError(await v1Request(emu.url, { ...p, Timestamp: p.Timestamp! }), "SignatureNonceUsed", 400);
    const client = pop(emu.url, SMARTAG);
    await call(client, "DescribeFlowLogs", { RegionId: "cn-hangzhou", SignatureNonce: "fixed-nonce-1" });
    await expectPopError(
      call(client, "DescribeFlowLogs", { RegionId: "cn-hangzhou", SignatureNonce: "fixed-nonce-1" }),
      "SignatureNonceUsed",
      400,
    );
  });

  it("a forged request does not burn the nonce of a later genuine one", async () => {
    const p = describeParams();
    expectRawError(await v1Request(emu.url, p, { secret: "wrong" }), "SignatureDoesNotMatch", 400);
    expect((await v1Request(emu.url, p)).status).toBe(200);
  });

  it("InvalidAccessKeyId.NotFound (404) for an unknown AccessKeyId", async () => {
    await expectPopError(
      call(pop(emu.url, SMARTAG, { accessKeyId: "LTAI-nobody" }), "DescribeFlowLogs", { RegionId: "cn-hangzhou" }),
      "InvalidAccessKeyId.NotFound",
      404,
    );
  });

  it("SignatureDoesNotMatch with the server string-to-sign but never the secret", async () => {
    const e = await expectPopError(
      call(pop(emu.url, SMARTAG, { accessKeySecret: "not-the-secret" }), "DescribeFlowLogs", { RegionId: "cn-hangzhou" }),
      "SignatureDoesNotMatch",
      400,
    );
    expect(e.data.Message).toMatch(
      /^Specified signature is not matched with our calculation\. server string to sign is:POST&%2F&AccessKeyId%3D/,
    );
    expect(JSON.stringify(e.data)).not.toContain(SECRET);
  });

  it("signs with the request's method: a GET signature sent as POST does not match", async () => {
    expectRawError(await v1Request(emu.url, describeParams(), { method: "POST", signMethod: "GET" }), "SignatureDoesNotMatch", 400);
  });
});

describe("V3 rejections", () => {
  const v3 = { action: "DescribeFlowLogs", version: SMARTAG, query: { RegionId: "cn-hangzhou" } };

  it("accepts a correct request from the test signer", async () => {
    expect((await v3Request(emu.url, v3)).status).toBe(200);
  });

  it("IncompleteSignature for a malformed Authorization header", async () => {
    expectRawError(await v3Request(emu.url, { ...v3, authorization: "ACS3-HMAC-SHA256 Credential=x" }), "IncompleteSignature", 400);
  });

  it("InvalidSignatureMethod for another ACS3 algorithm", async () => {
    const sig = "0".repeat(64);
    const authorization = `ACS3-HMAC-SM3 Credential=${AK},SignedHeaders=host,Signature=${sig}`;
    expectRawError(await v3Request(emu.url, { ...v3, authorization }), "InvalidSignatureMethod", 400);
  });

  it("MissingParameter for each absent common header", async () => {
    for (const h of ["x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"]) {
      const r = await v3Request(emu.url, { ...v3, omit: [h] });
      expectRawError(r, "MissingParameter", 400);
      expect(r.json.Message).toContain(`"${h}"`);
    }
  });

  it("routes by x-acs-version / x-acs-action", async () => {
    expectRawError(await v3Request(emu.url, { ...v3, version: "2099-01-01" }), "InvalidVersion", 400);
    expectRawError(await v3Request(emu.url, { ...v3, action: "DescribeNothing" }), "InvalidApi.NotFound", 404);
  });

  it("timestamp, nonce and AccessKey checks", async () => {
    expectRawError(await v3Request(emu.url, { ...v3, date: "2025-01-02 03:04:05" }), "InvalidTimeStamp.Format", 400);
    expectRawError(await v3Request(emu.url, { ...v3, date: isoNow(-20 * 60_000) }), "InvalidTimeStamp.Expired", 400);
    expectRawError(await v3Request(emu.url, { ...v3, accessKeyId: "LTAI-nobody" }), "InvalidAccessKeyId.NotFound", 404);
    const nonce = "feedfacefeedfacefeedfacefeedface";
    expect((await v3Request(emu.url, { ...v3, nonce })).status).toBe(200);
    expectRawError(await v3Request(emu.url, { ...v3, nonce }), "SignatureNonceUsed", 400);
  });

  it("SignatureDoesNotMatch for a wrong secret, showing the server StringToSign", async () => {
    const r = await v3Request(emu.url, { ...v3, secret: "wrong" });
    expectRawError(r, "SignatureDoesNotMatch", 400);
    expect(r.json.Message).toMatch(/server StringToSign is \[ACS3-HMAC-SHA256\n[0-9a-f]{64}\]/);
    expect(r.text).not.toContain(SECRET);
  });

  it("SignatureDoesNotMatch when the body does not hash to x-acs-content-sha256", async () => {
    const r = await v3Request(emu.url, { ...v3, query: {}, body: "RegionId=cn-hangzhou", contentSha256: "0".repeat(64) });
    expectRawError(r, "SignatureDoesNotMatch", 400);
    expect(r.json.Message).toContain("x-acs-content-sha256");
  });

  it("SignatureDoesNotMatch when a common header is left out of SignedHeaders", async () => {
    const r = await v3Request(emu.url, { ...v3, unsigned: ["x-acs-action"] });
    expectRawError(r, "SignatureDoesNotMatch", 400);
    expect(r.json.Message).toContain("x-acs-action");
  });

  it("body params are covered by the payload hash, query params by the canonical query", async () => {
    const r = await v3Request(emu.url, { ...v3, query: {}, body: "RegionId=cn-hangzhou" });
    expect(r.status).toBe(200);
  });
});

describe("STS credentials", () => {
  let sts: RunningEmulator;
  const cred = { accessKeyId: "STS.emulatortest", accessKeySecret: "sts-secret", securityToken: "tok/en+1=" };
  beforeAll(async () => {
    sts = await start({ credentials: [cred, { accessKeyId: AK, accessKeySecret: SECRET }] });
  });
  afterAll(() => sts.close());

  it("accepts the matching SecurityToken (V1) and x-acs-security-token (V3)", async () => {
    await call(pop(sts.url, SMARTAG, cred), "DescribeFlowLogs", { RegionId: "cn-hangzhou" });
    const r = await v3Request(sts.url, {
      action: "GetTrafficMirrorServiceStatus",
      version: VPC,
      query: { RegionId: "cn-hangzhou" },
      accessKeyId: cred.accessKeyId,
      secret: cred.accessKeySecret,
      securityToken: cred.securityToken,
    });
    expect(r.json).toMatchObject({ Enabled: false });
    // The generic client with STS credentials (signs x-acs-security-token), in V3 and in V1.
    for (const v1 of [false, true]) {
      const client = openApiClient(sts.url, { ...cred, v1 });
      const out = await openApiCall(client, "DescribeFlowLogs", SMARTAG, { RegionId: "cn-hangzhou" });
      expect(out.statusCode).toBe(200);
    }
  });

  it("MissingSecurityToken when the STS key comes without its token", async () => {
    const { securityToken: _t, ...noToken } = cred;
    await expectPopError(
      call(pop(sts.url, SMARTAG, noToken), "DescribeFlowLogs", { RegionId: "cn-hangzhou" }),
      "MissingSecurityToken",
      400,
    );
    const r = await v3Request(sts.url, {
      action: "DescribeFlowLogs",
      version: SMARTAG,
      query: { RegionId: "cn-hangzhou" },
      accessKeyId: cred.accessKeyId,
      secret: cred.accessKeySecret,
    });
    expectRawError(r, "MissingSecurityToken", 400);
  });

  it("InvalidSecurityToken.MismatchWithAccessKey for a wrong token, or a token on a long-term key", async () => {
    await expectPopError(
      call(pop(sts.url, SMARTAG, { ...cred, securityToken: "other" }), "DescribeFlowLogs", { RegionId: "cn-hangzhou" }),
      "InvalidSecurityToken.MismatchWithAccessKey",
      400,
    );
    await expectPopError(
      call(pop(sts.url, SMARTAG, { securityToken: "stray" }), "DescribeFlowLogs", { RegionId: "cn-hangzhou" }),
      "InvalidSecurityToken.MismatchWithAccessKey",
      400,
    );
    const r = await v3Request(sts.url, {
      action: "DescribeFlowLogs",
      version: SMARTAG,
      query: { RegionId: "cn-hangzhou" },
      accessKeyId: cred.accessKeyId,
      secret: cred.accessKeySecret,
      securityToken: "other",
    });
    expectRawError(r, "InvalidSecurityToken.MismatchWithAccessKey", 400);
  });

  it("never journals the token, the AccessKeyId or the signature", async () => {
    sts.clearJournal();
    await call(pop(sts.url, SMARTAG, cred), "DescribeFlowLogs", { RegionId: "cn-hangzhou" }, "GET");
    const [entry] = sts.journal();
    for (const k of ["Signature", "AccessKeyId", "SecurityToken"]) expect(entry!.params).not.toHaveProperty(k);
    expect(JSON.stringify(entry)).not.toContain(cred.securityToken);
  });
});

describe("garbage never crashes the process", () => {
  afterEach(async () => {
    expect((await raw(emu.url, { path: "/_emulator/health" })).json.status).toBe("ok");
  });

  it("malformed percent-encoding and invalid UTF-8 are InvalidParameter", async () => {
    expectRawError(await raw(emu.url, { path: "/?Action=%ZZ" }), "InvalidParameter", 400);
    expectRawError(await raw(emu.url, { path: "/?Name=%C3%28" }), "InvalidParameter", 400);
    expectRawError(
      await raw(emu.url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: Buffer.from([0x41, 0x3d, 0xff, 0xfe]),
      }),
      "InvalidParameter",
      400,
    );
  });

  it("a parameter given twice is InvalidParameter", async () => {
    expectRawError(await raw(emu.url, { path: "/?Action=A&Action=B" }), "InvalidParameter", 400);
  });

  it("bodies over the cap are RequestEntityTooLarge (413), declared or chunked", async () => {
    const big = "Name=" + "x".repeat(300 * 1024);
    expectRawError(
      await raw(emu.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: big }),
      "RequestEntityTooLarge",
      413,
    );
    expectRawError(
      await raw(emu.url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
        body: big,
      }),
      "RequestEntityTooLarge",
      413,
    );
  });

  it("an oversized URL is answered 431 in the same envelope", async () => {
    const r = await raw(emu.url, { path: "/?Name=" + "y".repeat(40 * 1024) });
    expect(r.status).toBe(431);
    expect(r.json.Code).toBe("RequestHeaderFieldsTooLarge");
  });

  it("bytes that are not HTTP get a JSON 400", async () => {
    const u = new URL(emu.url);
    const text = await new Promise<string>((resolve, reject) => {
      const s = net.connect(Number(u.port), u.hostname, () => s.write("\x00\x01GARBAGE\r\n\r\n"));
      let acc = "";
      s.on("data", (d) => (acc += d.toString()));
      s.on("end", () => resolve(acc));
      s.on("error", reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).toContain('"Code":"BadRequest"');
  });

  it("methods other than GET/POST are UnsupportedHTTPMethod; other paths are InvalidApi.NotFound", async () => {
    expectRawError(await raw(emu.url, { method: "PUT", path: "/" }), "UnsupportedHTTPMethod", 400);
    expectRawError(await raw(emu.url, { method: "DELETE", path: "/?Action=DeleteFlowLog" }), "UnsupportedHTTPMethod", 400);
    expectRawError(await raw(emu.url, { path: "/some/path?Action=DescribeFlowLogs" }), "InvalidApi.NotFound", 404);
  });

  it("a request with nothing at all is MissingParameter Action", async () => {
    const r = await raw(emu.url, { path: "/" });
    expectRawError(r, "MissingParameter", 400);
    expect(r.json.Message).toContain('"Action"');
  });

  it("prototype-ish names are plain parameters", async () => {
    const p = describeParams({ constructor: "y", hasOwnProperty: "z" });
    Object.defineProperty(p, "__proto__", { value: "x", enumerable: true });
    const r = await v1Request(emu.url, p);
    expect(r.status).toBe(200);
    expect(emu.journal().at(-1)!.params).toMatchObject({ constructor: "y", hasOwnProperty: "z" });
    expect(Object.getOwnPropertyDescriptor(emu.journal().at(-1)!.params, "__proto__")?.value).toBe("x");
    expectRawError(await v1Request(emu.url, describeParams({ Action: "constructor" })), "InvalidApi.NotFound", 404);
  });
});

describe("logging", () => {
  it("writes one `<Action> <Code|OK> <ms>ms` line per request and no secrets", async () => {
    const lines: string[] = [];
    const logged = await start({ log: (l) => lines.push(l) });
    try {
      const client = pop(logged.url, SMARTAG);
      await call(client, "CreateFlowLog", { RegionId: "cn-hangzhou", ...SLS_LOG });
      await expectPopError(call(client, "DeleteFlowLog", { RegionId: "cn-hangzhou" }), "MissingParam.FlowLogId", 400);
      expect(lines).toEqual([
        expect.stringMatching(/^CreateFlowLog OK \d+ms$/),
        expect.stringMatching(/^DeleteFlowLog MissingParam\.FlowLogId \d+ms$/),
      ]);
      expect(lines.join("\n")).not.toContain(AK);
    } finally {
      await logged.close();
    }
  });
});

describe("generic client errors", () => {
  it("openapi-core sees the envelope as ClientError with code and status", async () => {
    await expectOpenApiError(
      openApiCall(openApiClient(emu.url, { accessKeySecret: "wrong" }), "DescribeFlowLogs", SMARTAG, { RegionId: "cn-hangzhou" }),
      "SignatureDoesNotMatch",
      400,
    );
  });
});
