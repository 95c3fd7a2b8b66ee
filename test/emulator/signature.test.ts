/**
 * Unit tests of the signature building blocks against the documented vectors (reference §3.3, §7.3, §7.4).
 */
import { NonceCache, parseTimestamp } from "../../emulator/protocol/auth";
import { formDecode, parseForm, percentEncode } from "../../emulator/protocol/encoding";
import { canonicalizedQueryStringV1, signV1, stringToSignV1 } from "../../emulator/protocol/signatureV1";
import {
  EMPTY_PAYLOAD_SHA256,
  canonicalRequestV3,
  parseAuthorizationV3,
  sha256Hex,
  signV3,
  stringToSignV3,
} from "../../emulator/protocol/signatureV3";

describe("percent-encoding (RFC 3986 over UTF-8)", () => {
  it("keeps unreserved characters and encodes everything else with uppercase hex", () => {
    expect(percentEncode("AZaz09-_.~")).toBe("AZaz09-_.~");
    expect(percentEncode("a b*c!d'e(f)g")).toBe("a%20b%2Ac%21d%27e%28f%29g");
    expect(percentEncode("é/:")).toBe("%C3%A9%2F%3A");
  });

  it("decodes + as space and rejects malformed escapes instead of throwing a URIError", () => {
    expect(formDecode("a+b%20c")).toBe("a b c");
    expect(() => formDecode("%ZZ")).toThrow(expect.objectContaining({ code: "InvalidParameter" }));
    expect(() => formDecode("%C3%28")).toThrow(expect.objectContaining({ code: "InvalidParameter" }));
    expect(() => parseForm("a=1&a=2")).toThrow(expect.objectContaining({ code: "InvalidParameter" }));
  });
});

describe("V1 HMAC-SHA1 (RPC API签名 test vector)", () => {
  const params = {
    Timestamp: "2016-02-23T12:46:24Z",
    Format: "XML",
    AccessKeyId: "testid",
    Action: "DescribeRegions",
    SignatureMethod: "HMAC-SHA1",
    SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    Version: "2014-05-26",
    SignatureVersion: "1.0",
  };

  it("reproduces the documented StringToSign", () => {
    expect(stringToSignV1("GET", params)).toBe(
      "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1" +
        "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0" +
        "%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
    );
  });

  it("reproduces the documented Signature with key secret + '&'", () => {
    expect(signV1(stringToSignV1("GET", params), "testsecret")).toBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  });

  it("leaves Signature itself out of the canonical string and signs the request method", () => {
    expect(canonicalizedQueryStringV1({ ...params, Signature: "x" })).toBe(canonicalizedQueryStringV1(params));
    expect(stringToSignV1("POST", params).startsWith("POST&%2F&")).toBe(true);
  });
});

describe("V3 ACS3-HMAC-SHA256", () => {
  const headers = (h: Record<string, string>) => new Map(Object.entries(h).map(([k, v]) => [k, [v]]));

  it("reproduces the official HELP-V3 vector", () => {
    const cr = canonicalRequestV3({
      method: "POST",
      pathname: "/",
      query: [
        ["ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"],
        ["RegionId", "cn-shanghai"],
      ],
      headers: headers({
        host: "ecs.cn-shanghai.aliyuncs.com",
        "x-acs-action": "RunInstances",
        "x-acs-version": "2014-05-26",
        "x-acs-date": "2023-10-26T10:22:32Z",
        "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
        "x-acs-content-sha256": EMPTY_PAYLOAD_SHA256,
      }),
      signedHeaders: ["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"],
      hashedPayload: EMPTY_PAYLOAD_SHA256,
    });
    expect(sha256Hex(cr)).toBe("7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
    expect(signV3(stringToSignV3(cr), "YourAccessKeySecret")).toBe("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
  });

  const common = {
    host: "127.0.0.1:18080",
    "x-acs-credentials-provider": "static_ak",
    "x-acs-date": "2025-01-02T03:04:05Z",
    "x-acs-signature-nonce": "0123456789abcdef0123456789abcdef",
  };

  it("reproduces worked example E1 (vpc20160428 openTrafficMirrorService)", () => {
    const h = {
      ...common,
      "x-acs-action": "OpenTrafficMirrorService",
      "x-acs-version": "2016-04-28",
      "x-acs-content-sha256": EMPTY_PAYLOAD_SHA256,
    };
    const cr = canonicalRequestV3({
      method: "POST",
      pathname: "/",
      // Wire order differs from canonical order on purpose.
      query: [
        ["RegionId", "cn-hangzhou"],
        ["ClientToken", "tok-0001"],
      ],
      headers: headers(h),
      signedHeaders: Object.keys(h),
      hashedPayload: EMPTY_PAYLOAD_SHA256,
    });
    expect(cr).toBe(
      [
        "POST",
        "/",
        "ClientToken=tok-0001&RegionId=cn-hangzhou",
        "host:127.0.0.1:18080",
        "x-acs-action:OpenTrafficMirrorService",
        `x-acs-content-sha256:${EMPTY_PAYLOAD_SHA256}`,
        "x-acs-credentials-provider:static_ak",
        "x-acs-date:2025-01-02T03:04:05Z",
        "x-acs-signature-nonce:0123456789abcdef0123456789abcdef",
        "x-acs-version:2016-04-28",
        "",
        "host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version",
        EMPTY_PAYLOAD_SHA256,
      ].join("\n"),
    );
    expect(stringToSignV3(cr)).toBe("ACS3-HMAC-SHA256\n468e8869a1535c7f2140a4a7370acb501c30ca329a2a5a78a1f38022e953bd80");
    expect(signV3(stringToSignV3(cr), "testsecret")).toBe("36d16522229ce4270f1ddad5b63fb4221f803046dfaff7421ebcf25b2a787309");
  });

  it("reproduces worked example E2 (callApi CreateFlowLog with query, body and special characters)", () => {
    const body = "Description=a%20b%26c%3Dd%2F%C3%A9&Tag.1.Key=k&Tag.1.Value=v";
    const bodySha = "81f9dc9d391f3e1d002e282d0045a51a14b98e4cda04bbf6ab5216ff36b1279b";
    expect(sha256Hex(Buffer.from(body))).toBe(bodySha);
    // The server decodes the wire query `Name=my%20log%20(1)*!%27~` and re-encodes it canonically.
    const query = parseForm("RegionId=cn-hangzhou&Name=my%20log%20(1)*!%27~");
    const h = {
      ...common,
      "content-type": "application/x-www-form-urlencoded",
      "x-acs-action": "CreateFlowLog",
      "x-acs-version": "2018-03-13",
      "x-acs-content-sha256": bodySha,
    };
    const cr = canonicalRequestV3({
      method: "POST",
      pathname: "/",
      query,
      headers: headers(h),
      signedHeaders: Object.keys(h),
      hashedPayload: bodySha,
    });
    expect(cr.split("\n")[2]).toBe("Name=my%20log%20%281%29%2A%21%27~&RegionId=cn-hangzhou");
    expect(sha256Hex(cr)).toBe("d2823904bfaeb14990f02047d10b002192db29c3aadb95630e48942c9d45c8ff");
    expect(signV3(stringToSignV3(cr), "testsecret")).toBe("f09ea04864d400df0d9a0593c47d5c870c72eabf84ef67581837da2d88c76d37");
  });

  it("reproduces worked example E3 (STS getTrafficMirrorServiceStatus)", () => {
    const h = {
      ...common,
      "x-acs-credentials-provider": "static_sts",
      "x-acs-accesskey-id": "STS.testid",
      "x-acs-security-token": "tok/en+1=",
      "x-acs-action": "GetTrafficMirrorServiceStatus",
      "x-acs-version": "2016-04-28",
      "x-acs-content-sha256": EMPTY_PAYLOAD_SHA256,
    };
    const cr = canonicalRequestV3({
      method: "POST",
      pathname: "/",
      query: [["RegionId", "cn-hangzhou"]],
      headers: headers(h),
      signedHeaders: Object.keys(h),
      hashedPayload: EMPTY_PAYLOAD_SHA256,
    });
    expect(cr).toContain(
      "\nhost;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;" +
        "x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version\n",
    );
    expect(sha256Hex(cr)).toBe("2a6aada195af8a5689f98e8c9160363df8832870e29430a7f040571c4ae929b5");
    expect(signV3(stringToSignV3(cr), "testsecret")).toBe("02ae99c1474430ae14f2349e6ed63eb49ae05a878cc8b23ae36e1663eaf67a70");
  });

  it("parses the Authorization header and refuses other shapes", () => {
    expect(parseAuthorizationV3(`ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-date,Signature=${"a".repeat(64)}`)).toEqual({
      algorithm: "ACS3-HMAC-SHA256",
      accessKeyId: "testid",
      signedHeaders: ["host", "x-acs-date"],
      signature: "a".repeat(64),
    });
    expect(parseAuthorizationV3("ACS3-HMAC-SHA256 Credential=testid")).toBeUndefined();
    expect(parseAuthorizationV3("Bearer abc")).toBeUndefined();
  });
});

describe("timestamps and nonces", () => {
  it("accepts only the documented YYYY-MM-DDThh:mm:ssZ form with a real date", () => {
    expect(parseTimestamp("2016-02-23T12:46:24Z")).toBe(Date.UTC(2016, 1, 23, 12, 46, 24));
    for (const bad of ["2016-02-23T12:46:24.000Z", "2016-02-23 12:46:24", "2016-02-30T00:00:00Z", "2016-02-23T24:00:00Z", "now"]) {
      expect(parseTimestamp(bad)).toBeUndefined();
    }
  });

  it("remembers a nonce until it expires and bounds its memory by time, not by count", () => {
    const cache = new NonceCache();
    expect(cache.use("a", 100, 0)).toBe(true);
    expect(cache.use("a", 100, 50)).toBe(false);
    expect(cache.use("a", 300, 150)).toBe(true); // expired at 100, may be reused
    // No count cap: 600,000 live nonces are all kept (the old cache evicted the oldest past 500,000,
    // which let a replay of an evicted nonce through).
    const MIN = 60_000;
    for (let i = 0; i < 600_000; i++) cache.use(`n${i}`, 20 * MIN, 1000);
    expect(cache.size).toBe(600_001);
    expect(cache.use("n0", 20 * MIN, 2000)).toBe(false);
    // Once their time is up they are all dropped, whatever their number.
    expect(cache.use("late", 40 * MIN, 20 * MIN + 11_000)).toBe(true);
    expect(cache.size).toBe(1);
    expect(cache.use("n0", 40 * MIN, 20 * MIN + 12_000)).toBe(true);
  });

  it("writes every recorded nonce to its sink and can be preloaded from it", () => {
    const written: Array<[string, number]> = [];
    const cache = new NonceCache({ record: (key, exp) => void written.push([key, exp]) });
    cache.use("k1", 1000, 0);
    expect(cache.use("k1", 1000, 10)).toBe(false); // a refused replay is not written again
    cache.use("k2", 50, 0);
    expect(written).toEqual([
      ["k1", 1000],
      ["k2", 50],
    ]);
    const restarted = new NonceCache();
    restarted.preload(written, 100); // k2 expired at 50
    expect(restarted.size).toBe(1);
    expect(restarted.use("k1", 1000, 200)).toBe(false);
    expect(restarted.use("k2", 1000, 200)).toBe(true);
  });
});
