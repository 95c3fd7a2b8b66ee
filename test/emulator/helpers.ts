/**
 * Shared helpers for the emulator's black-box tests: SDK clients pointed at an emulator, a raw HTTP
 * client, and small test-local signers (written here from the docs, not imported from the emulator, so a
 * signing bug on either side shows up as a failure).
 */
import { createHash, createHmac, randomUUID } from "crypto";
import * as http from "http";
import RPCClient = require("@alicloud/pop-core");
import OpenApi, { $OpenApiUtil } from "@alicloud/openapi-core";
import { DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET } from "../../emulator";

export const SMARTAG = "2018-03-13";
export const VPC = "2016-04-28";
export const AK = DEMO_ACCESS_KEY_ID;
export const SECRET = DEMO_ACCESS_KEY_SECRET;

/** An in-process emulator on a free port, without request log (test/support/emulatorEnv.ts). */
export { startTestEmulator as start } from "../support/emulatorEnv";

export interface PopOptions {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
}

export function pop(url: string, apiVersion: string, o: PopOptions = {}): RPCClient {
  return new RPCClient({
    endpoint: url,
    apiVersion,
    accessKeyId: o.accessKeyId ?? AK,
    accessKeySecret: o.accessKeySecret ?? SECRET,
    ...(o.securityToken !== undefined ? { securityToken: o.securityToken } : {}),
  });
}

/** pop-core's request with a typed result. */
export async function call<T = Record<string, any>>(
  client: RPCClient,
  action: string,
  params: Record<string, unknown>,
  method: "GET" | "POST" = "POST",
): Promise<T> {
  return (await client.request(action, params, { method, timeout: 10_000 })) as T;
}

/** The shape of a pop-core rejection for an error body. */
export interface PopError {
  code: string;
  data: Record<string, unknown>;
  entry: { response: { statusCode: number } };
  message: string;
}

/** Asserts an Alibaba error envelope and returns the rejection. */
export async function expectPopError(p: Promise<unknown>, code: string, status: number): Promise<PopError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  if (caught === undefined) throw new Error(`expected ${code}, but the call succeeded`);
  const e = caught as PopError;
  expect({ code: e.code, status: e.entry?.response?.statusCode }).toEqual({ code, status });
  expectErrorEnvelope(e.data, code);
  return e;
}

export function expectErrorEnvelope(body: Record<string, unknown>, code: string): void {
  expect(Object.keys(body).sort()).toEqual(["Code", "HostId", "Message", "Recommend", "RequestId"]);
  expect(body.Code).toBe(code);
  expect(body.RequestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  expect(typeof body.HostId).toBe("string");
  expect(typeof body.Message).toBe("string");
  expect(String(body.Recommend)).toContain(`q=${encodeURIComponent(code)}`);
}

// ---------------------------------------------------------------------------------------------------------
// Raw HTTP
// ---------------------------------------------------------------------------------------------------------

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

export function raw(
  url: string,
  o: { method?: string; path?: string; headers?: Record<string, string | number>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method: o.method ?? "GET", path: o.path ?? "/", headers: o.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

/** Asserts status + envelope of a raw error response. */
export function expectRawError(r: RawResponse, code: string, status: number): void {
  expect({ status: r.status, code: r.json?.Code }).toEqual({ status, code });
  expectErrorEnvelope(r.json, code);
  expect(r.headers["x-acs-request-id"]).toBe(r.json.RequestId);
}

// ---------------------------------------------------------------------------------------------------------
// Test-local V1 signer (RPC API签名, reference §3.3)
// ---------------------------------------------------------------------------------------------------------

export const enc = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());

export function isoNow(offsetMs = 0): string {
  return new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Common params of a V1 request (without Signature). */
export function v1Params(action: string, version: string, business: Record<string, string> = {}): Record<string, string> {
  return {
    Action: action,
    Version: version,
    Format: "JSON",
    AccessKeyId: AK,
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    SignatureNonce: randomUUID(),
    Timestamp: isoNow(),
    ...business,
  };
}

export function v1Sign(method: string, params: Record<string, string>, secret = SECRET): string {
  const canon = Object.keys(params)
    .filter((k) => k !== "Signature")
    .sort()
    .map((k) => `${enc(k)}=${enc(params[k]!)}`)
    .join("&");
  const sts = `${method}&${enc("/")}&${enc(canon)}`;
  return createHmac("sha1", secret + "&")
    .update(sts)
    .digest("base64");
}

export function toQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .map((k) => `${enc(k)}=${enc(params[k]!)}`)
    .join("&");
}

/** Sends a V1 request (signed unless `sign: false`). */
export function v1Request(
  url: string,
  params: Record<string, string>,
  o: { method?: "GET" | "POST"; sign?: boolean; secret?: string; signMethod?: string } = {},
): Promise<RawResponse> {
  const method = o.method ?? "GET";
  const p = { ...params };
  if (o.sign !== false) p.Signature = v1Sign(o.signMethod ?? method, p, o.secret);
  if (method === "GET") return raw(url, { method, path: `/?${toQuery(p)}` });
  return raw(url, {
    method,
    path: "/",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: toQuery(p),
  });
}

// ---------------------------------------------------------------------------------------------------------
// Test-local V3 signer (ACS3-HMAC-SHA256, reference §7.3)
// ---------------------------------------------------------------------------------------------------------

export interface V3Options {
  action: string;
  version: string;
  query?: Record<string, string>;
  body?: string;
  accessKeyId?: string;
  secret?: string;
  securityToken?: string;
  date?: string;
  nonce?: string;
  /** Override the hash sent in x-acs-content-sha256 (to tamper). */
  contentSha256?: string;
  /** Headers to leave out of SignedHeaders. */
  unsigned?: string[];
  /** Headers to drop entirely. */
  omit?: string[];
  authorization?: string;
}

export function v3Request(url: string, o: V3Options): Promise<RawResponse> {
  const u = new URL(url);
  const host = u.host;
  const body = o.body ?? "";
  const headers: Record<string, string> = {
    host,
    "x-acs-action": o.action,
    "x-acs-version": o.version,
    "x-acs-date": o.date ?? isoNow(),
    "x-acs-signature-nonce": o.nonce ?? randomUUID().replace(/-/g, ""),
    "x-acs-content-sha256": o.contentSha256 ?? createHash("sha256").update(body).digest("hex"),
  };
  if (body) headers["content-type"] = "application/x-www-form-urlencoded";
  if (o.securityToken !== undefined) headers["x-acs-security-token"] = o.securityToken;
  for (const h of o.omit ?? []) delete headers[h];
  const query = o.query ?? {};
  const canonQuery = Object.keys(query)
    .sort()
    .map((k) => `${enc(k)}=${enc(query[k]!)}`)
    .join("&");
  const signed = Object.keys(headers)
    .filter((h) => !(o.unsigned ?? []).includes(h))
    .sort();
  const cr = [
    "POST",
    "/",
    canonQuery,
    signed.map((h) => `${h}:${headers[h]!.trim()}\n`).join(""),
    signed.join(";"),
    headers["x-acs-content-sha256"] ?? "",
  ].join("\n");
  const sts = `ACS3-HMAC-SHA256\n${createHash("sha256").update(cr).digest("hex")}`;
  const sig = createHmac("sha256", o.secret ?? SECRET)
    .update(sts)
    .digest("hex");
  const authorization =
    o.authorization ?? `ACS3-HMAC-SHA256 Credential=${o.accessKeyId ?? AK},SignedHeaders=${signed.join(";")},Signature=${sig}`;
  const { host: _host, ...sendHeaders } = headers;
  return raw(url, {
    method: "POST",
    path: `/?${toQuery(query)}`,
    headers: { ...sendHeaders, authorization, ...(body ? {} : { "content-length": 0 }) },
    body: body || undefined,
  });
}

// ---------------------------------------------------------------------------------------------------------
// openapi-core (generic Alibaba client): V3 by default, V1 Tea split with signatureAlgorithm "v2"
// ---------------------------------------------------------------------------------------------------------

export function openApiClient(
  url: string,
  o: { v1?: boolean; accessKeyId?: string; accessKeySecret?: string; securityToken?: string } = {},
): OpenApi {
  return new OpenApi(
    new $OpenApiUtil.Config({
      accessKeyId: o.accessKeyId ?? AK,
      accessKeySecret: o.accessKeySecret ?? SECRET,
      ...(o.securityToken !== undefined ? { securityToken: o.securityToken } : {}),
      endpoint: new URL(url).host,
      protocol: "http",
      ...(o.v1 ? { signatureAlgorithm: "v2" } : {}),
    }),
  );
}

/**
 * Calls an RPC action the way generated SDKs do (POST, formData, JSON body). `query` goes to the URL,
 * `body` to the form body; with V1 the common params also go to the query (the Tea split).
 */
export async function openApiCall(
  client: OpenApi,
  action: string,
  version: string,
  query: Record<string, string>,
  body?: Record<string, string>,
): Promise<{ statusCode: number; body: any }> {
  const params = new $OpenApiUtil.Params({
    action,
    version,
    protocol: "HTTP",
    pathname: "/",
    method: "POST",
    authType: "AK",
    style: "RPC",
    reqBodyType: "formData",
    bodyType: "json",
  });
  const request = new $OpenApiUtil.OpenApiRequest({ query, ...(body ? { body } : {}) });
  // A plain object is enough for RuntimeOptions (every field is optional); avoids importing the transitive
  // @darabonba/typescript package.
  const runtime = {} as Parameters<OpenApi["callApi"]>[2];
  return (await client.callApi(params, request, runtime)) as { statusCode: number; body: any };
}

/** Asserts an openapi-core error (ClientError/ServerError) by code and status. */
export async function expectOpenApiError(p: Promise<unknown>, code: string, status: number): Promise<any> {
  let caught: any;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  if (caught === undefined) throw new Error(`expected ${code}, but the call succeeded`);
  expect({ code: caught.code, status: caught.statusCode }).toEqual({ code, status });
  expectErrorEnvelope(caught.data, code);
  return caught;
}

/** Valid CreateFlowLog params per output type. */
export const SLS_LOG = { OutputType: "sls", SlsRegionId: "cn-hangzhou", ProjectName: "proj", LogstoreName: "store" };
export const NETFLOW_LOG = { OutputType: "netflow", NetflowServerIp: "192.168.0.2" };
export const ALL_LOG = { ...SLS_LOG, ...NETFLOW_LOG, OutputType: "all" };

// ---------------------------------------------------------------------------------------------------------
// The CLI (compiled; the root `npm test` runs tsc first)
// ---------------------------------------------------------------------------------------------------------

import { spawn, type ChildProcess } from "child_process";
import { existsSync } from "fs";
import * as path from "path";

export const CLI_PATH = path.resolve(__dirname, "../../dist/emulator/cli.js");

export interface SpawnedCli {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI and resolves once it printed its URL (rejects if it exits first, or after `timeoutMs`). */
export function spawnCli(args: string[], timeoutMs = 30_000): Promise<SpawnedCli> {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npx tsc -p tsconfig.json\` first`);
  const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cli did not start in ${timeoutMs} ms: ${out}${err}`)), timeoutMs);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^listening on (http:\/\/\S+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, stdout: () => out, stderr: () => err, exited });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`cli exited (${code ?? signal}) before listening: ${out}${err}`));
    });
  });
}

/**
 * Runs the CLI to completion (for argument and start errors). A CLI still running after `timeoutMs` (it
 * started when it should not have) is killed and reported with `code: null`.
 */
export function runCli(args: string[], timeoutMs = 30_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}
