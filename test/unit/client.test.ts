/**
 * The API client layer without a server: error normalization of everything pop-core can throw,
 * redaction, wire params, backoff.
 */
import { AlibabaApiError, redact, registerSecret, toApiError } from "../../provider/client/errors";
import { backoffDelay, toWireParams } from "../../provider/client/rpcClient";
import { resolveCredentials, resolveEndpoint, clearStackConfig, setStackConfig } from "../../provider/client/config";

describe("toApiError", () => {
  it("maps a pop-core API error with its code, request id and status", () => {
    const raw = Object.assign(new Error("The specified FlowLogId does not exist., URL: http://127.0.0.1:1/"), {
      name: "InvalidFlowLogId.NotFoundError",
      code: "InvalidFlowLogId.NotFound",
      data: { RequestId: "REQ-1", Code: "InvalidFlowLogId.NotFound", Message: "The specified FlowLogId does not exist." },
      entry: { response: { statusCode: 400 } },
    });
    const e = toApiError(raw, "DeleteFlowLog");
    expect(e).toBeInstanceOf(AlibabaApiError);
    expect(e).toMatchObject({
      code: "InvalidFlowLogId.NotFound",
      requestId: "REQ-1",
      httpStatus: 400,
      kind: "definite",
      action: "DeleteFlowLog",
    });
    expect(e.message).toBe("DeleteFlowLog failed: InvalidFlowLogId.NotFound: The specified FlowLogId does not exist. (RequestId REQ-1)");
  });

  it.each([
    ["Throttling", 400, "rejected"],
    ["Throttling.User", 400, "rejected"],
    ["ServiceUnavailable", 503, "ambiguous"],
    ["InternalError", 500, "ambiguous"],
    ["IllegalParam.ActiveAging", 400, "definite"],
  ])("classifies %s (%i) as %s", (code, status, kind) => {
    const e = toApiError({ code, data: { Code: code, Message: "m" }, entry: { response: { statusCode: status } } }, "X");
    expect(e.kind).toBe(kind);
  });

  it("normalizes json-bigint's plain-object SyntaxError for a non-JSON body", () => {
    const e = toApiError({ name: "SyntaxError", message: "Unexpected '<'", at: 1, text: "<html>" }, "CreateFlowLog");
    expect(e).toBeInstanceOf(AlibabaApiError);
    expect(e).toMatchObject({ code: "NonJsonResponse", kind: "ambiguous" });
  });

  it("classifies transport errors: refused is safe to retry, a read timeout is ambiguous", () => {
    expect(
      toApiError(
        Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1POST http://127.0.0.1:1/ failed."), { code: "ECONNREFUSED" }),
        "X",
      ).kind,
    ).toBe("rejected");
    expect(
      toApiError(Object.assign(new Error("ReadTimeout(1000). POST http://h/ failed."), { name: "RequestTimeoutError" }), "X"),
    ).toMatchObject({
      code: "ReadTimeout",
      kind: "ambiguous",
    });
    expect(toApiError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), "X").kind).toBe("ambiguous");
    expect(toApiError("a string rejection", "X")).toBeInstanceOf(AlibabaApiError);
    expect(toApiError(undefined, "X")).toBeInstanceOf(AlibabaApiError);
  });
});

describe("redact", () => {
  it("removes access key ids, signatures, tokens and registered secrets", () => {
    registerSecret("sekret-value-123");
    const text =
      "GET http://h/?AccessKeyId=LTAIabc&Signature=abc%3D&SecurityToken=tok123&Action=X failed; " +
      "secret sekret-value-123; Credential=LTAIabc,SignedHeaders=host,Signature=ff00";
    const out = redact(text);
    for (const leaked of ["LTAIabc", "abc%3D", "tok123", "sekret-value-123", "ff00"]) expect(out).not.toContain(leaked);
    expect(out).toContain("Action=X");
  });

  it("removes them percent-encoded too, as a SignatureDoesNotMatch's string to sign shows them", () => {
    const text =
      "SignatureDoesNotMatch: Specified signature is not matched with our calculation. server string to sign is:" +
      "POST&%2F&AccessKeyId%3DLTAI5tSomeKeyId%26Action%3DCreateFlowLog%26SecurityToken%3DCAIS%252Fab%252Bc%253D%26Version%3D2018-03-13";
    const out = redact(text);
    for (const leaked of ["LTAI5tSomeKeyId", "CAIS", "%252Fab"]) expect(out).not.toContain(leaked);
    expect(out).toContain("Action%3DCreateFlowLog%26");
    expect(out).toContain("Version%3D2018-03-13");
  });

  it("removes a registered secret in every encoding: once and twice percent-encoded, lowercased, base64", () => {
    const secret = "my/secret+key=";
    registerSecret(secret);
    const rfc = (v: string) => encodeURIComponent(v);
    for (const form of [secret, rfc(secret), rfc(rfc(secret)), rfc(secret).toLowerCase(), Buffer.from(secret).toString("base64")]) {
      expect(redact(`before ${form} after`)).toBe("before *** after");
    }
  });
});

describe("wire params", () => {
  it("drops undefined and null and flattens lists", () => {
    expect(toWireParams({ A: 1, B: undefined, C: null, D: ["x", "y"], E: true })).toEqual({ A: "1", "D.1": "x", "D.2": "y", E: "true" });
  });
});

describe("backoff", () => {
  const policy = { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 5000 };
  it("grows exponentially with jitter and is capped", () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(100);
    expect(backoffDelay(0, policy, () => 1)).toBe(200);
    expect(backoffDelay(3, policy, () => 0)).toBe(800);
    expect(backoffDelay(20, policy, () => 1)).toBe(5000);
  });
});

describe("config", () => {
  afterEach(() => {
    clearStackConfig();
    for (const k of ["ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN", "ALICLOUD_SMARTAG_ENDPOINT"])
      delete process.env[k];
  });

  it("prefers stack config over the environment", () => {
    process.env.ALICLOUD_ACCESS_KEY = "env-id";
    process.env.ALICLOUD_SECRET_KEY = "env-secret";
    expect(resolveCredentials()).toMatchObject({ accessKeyId: "env-id", accessKeySecret: "env-secret" });
    setStackConfig((k) => ({ "alicloud:accessKey": "cfg-id", "alicloud:secretKey": "cfg-secret" })[k]);
    expect(resolveCredentials()).toMatchObject({ accessKeyId: "cfg-id", accessKeySecret: "cfg-secret" });
  });

  it("says which credential is missing and how to set it, without echoing any value", () => {
    process.env.ALICLOUD_ACCESS_KEY = "only-the-id";
    expect(() => resolveCredentials()).toThrow(/secret key \(alicloud:secretKey or ALICLOUD_SECRET_KEY\)/);
    try {
      resolveCredentials();
    } catch (e) {
      expect(String(e)).not.toContain("only-the-id");
    }
  });

  it("uses endpoint overrides and rejects ones that are not URLs", () => {
    expect(resolveEndpoint("smartag", "cn-hangzhou")).toBe("https://smartag.cn-hangzhou.aliyuncs.com");
    process.env.ALICLOUD_SMARTAG_ENDPOINT = "http://127.0.0.1:9000/";
    expect(resolveEndpoint("smartag", "cn-hangzhou")).toBe("http://127.0.0.1:9000");
    process.env.ALICLOUD_SMARTAG_ENDPOINT = "127.0.0.1:9000";
    expect(() => resolveEndpoint("smartag", "cn-hangzhou")).toThrow(/must be a full URL/);
  });
});
