/**
 * Control plane under `/_emulator/` (no Alibaba API uses that path). JSON in, JSON out; not journaled.
 * `ControlGuard` keeps web pages out (foreign `Origin`, `Sec-Fetch-Site`, a `Host` that is not the bound
 * address, non-JSON bodies) and checks the control token when one is set (always for non-loopback binds).
 * Every endpoint is documented in docs/emulator.md.
 *
 *   GET    /_emulator/health
 *   GET    /_emulator/journal[?since=<seq>]      DELETE /_emulator/journal
 *   POST   /_emulator/reset
 *   GET    /_emulator/state
 *   POST   /_emulator/faults                     GET /_emulator/faults
 *   DELETE /_emulator/faults                     DELETE /_emulator/faults/<id>
 *   POST   /_emulator/outage {"ms": n}
 *   <verb> /_emulator/<product>/<path>          a product's own routes (`ServiceInstance.controlRoutes`), e.g.
 *          POST /_emulator/vpc/traffic-mirror/<region>/disable
 */
import type { IncomingMessage, ServerResponse } from "http";
import { isIP } from "net";
import { hostname } from "os";
import type { Fault, FaultRegistry } from "./faults";
import { FaultSpecError } from "./faults";
import type { Journal } from "./journal";
import { constantTimeEqual } from "./protocol/auth";
import { readBody } from "./protocol/request";
import { sendJson } from "./protocol/response";
import { ControlRouteError, type ControlRoute } from "./services/types";

/** What the control plane needs from the server. */
export interface ControlTarget {
  readonly journal: Journal;
  readonly faults: FaultRegistry;
  health(): unknown;
  state(): unknown;
  reset(): Promise<void>;
  outage(ms: number): Promise<void>;
  /** The products' own routes. */
  readonly controlRoutes: readonly MountedRoute[];
  /** Runs `fn` and resolves with its result once its effects are durable. */
  durably<T>(fn: () => T | Promise<T>): Promise<T>;
}

/** A product's control route with its full path compiled (`POST /_emulator/vpc/traffic-mirror/([^/]+)/disable`). */
export interface MountedRoute {
  readonly pattern: RegExp;
  readonly paramNames: readonly string[];
  readonly route: ControlRoute;
}

/** First path segments the control plane itself uses: no product may be named like them. */
const RESERVED_SEGMENTS: ReadonlySet<string> = new Set(["health", "journal", "reset", "state", "faults", "outage"]);

/** Compiles every product's routes below `/_emulator/<product>/`; refuses clashes. */
export function mountControlRoutes(products: ReadonlyArray<{ product: string; routes: readonly ControlRoute[] }>): MountedRoute[] {
  const out: MountedRoute[] = [];
  const seen = new Set<string>();
  const escape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const { product, routes } of products) {
    if (RESERVED_SEGMENTS.has(product)) throw new Error(`product "${product}" clashes with the control plane's /_emulator/${product}`);
    for (const route of routes) {
      const paramNames: string[] = [];
      const segments = route.path.split("/").map((seg) => {
        if (!seg.startsWith(":")) return escape(seg);
        paramNames.push(seg.slice(1));
        return "([^/]+)";
      });
      const key = `${route.method} ${product}/${route.path.replace(/:[^/]+/g, ":")}`;
      if (seen.has(key)) throw new Error(`control route ${route.method} /_emulator/${product}/${route.path} is defined twice`);
      seen.add(key);
      out.push({ pattern: new RegExp(`^${route.method} /_emulator/${escape(product)}/${segments.join("/")}$`), paramNames, route });
    }
  }
  return out;
}

/** Header carrying the control token (`Authorization: Bearer <token>` is accepted too). */
export const CONTROL_TOKEN_HEADER = "x-emulator-token";

/** `[::1]` → `::1`, lowercased. */
const bare = (host: string) => host.replace(/^\[(.*)\]$/, "$1").toLowerCase();

/** Whether binding `host` keeps the emulator on this machine (localhost, 127.0.0.0/8, ::1). */
export function isLoopbackHost(host: string): boolean {
  const h = bare(host);
  return h === "localhost" || h === "::1" || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]", ""]);

/** `name:port` / `[v6]:port` / `name` (port 80) → lowercase name without brackets and the port. */
function splitHost(value: string): { name: string; port: number } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!m) return undefined;
  return { name: bare(m[1]!), port: m[2] === undefined ? 80 : Number(m[2]) };
}

export interface ControlRefusal {
  status: number;
  error: string;
}

/**
 * Who may use the control plane (LocalStack-style allow-list). A browser page must not be able to inject
 * faults, reset state or start an outage, so a request is refused when:
 *   - its `Host` is not the bound address: `localhost`, `127.0.0.1`, `[::1]` or the bound host, with the
 *     bound port (for a wildcard bind, also any IP literal and this machine's hostname) — stops DNS rebinding;
 *   - it carries an `Origin` other than one of those addresses, or `Sec-Fetch-Site` other than
 *     `same-origin` / `none` — stops cross-site requests, including "simple" no-preflight POSTs;
 *   - it sends a body that is not `application/json` — a page cannot send that cross-origin without a CORS
 *     preflight, which the emulator never grants;
 *   - a control token is set (always for non-loopback binds) and `x-emulator-token` (or
 *     `Authorization: Bearer`) does not carry it; `GET /_emulator/health` needs no token.
 * Node's http client, curl and the SDKs send no `Origin` and `Host: 127.0.0.1:<port>`, so they pass.
 */
export class ControlGuard {
  private port = 0;
  private readonly names: Set<string>;
  private readonly wildcard: boolean;

  constructor(
    bindHost: string,
    private readonly token?: string,
  ) {
    this.wildcard = WILDCARD_HOSTS.has(bindHost);
    this.names = new Set(["localhost", "127.0.0.1", "::1"]);
    if (!this.wildcard) this.names.add(bare(bindHost));
    else this.names.add(hostname().toLowerCase());
  }

  /** The bound port (known once listening). */
  setPort(port: number): void {
    this.port = port;
  }

  private hostAllowed(value: string): boolean {
    const h = splitHost(value);
    if (!h || h.port !== this.port) return false;
    return this.names.has(h.name) || (this.wildcard && isIP(h.name) !== 0);
  }

  private originAllowed(origin: string): boolean {
    let u: URL;
    try {
      u = new URL(origin);
    } catch {
      return false; // includes "null" (sandboxed frames, file: pages)
    }
    return u.protocol === "http:" && this.hostAllowed(u.host);
  }

  check(req: IncomingMessage, pathname: string): ControlRefusal | undefined {
    const host = req.headers.host ?? "";
    if (!this.hostAllowed(host)) {
      return {
        status: 403,
        error:
          `control plane refused: Host "${host}" is not this emulator's address ` +
          `(use 127.0.0.1:${this.port} or localhost:${this.port})`,
      };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !this.originAllowed(origin)) {
      return { status: 403, error: `control plane refused: cross-origin request from Origin "${origin}"` };
    }
    const site = req.headers["sec-fetch-site"];
    if (site !== undefined && site !== "same-origin" && site !== "none") {
      return { status: 403, error: `control plane refused: cross-site request (Sec-Fetch-Site: ${site})` };
    }
    if (this.token !== undefined && !(req.method === "GET" && pathname.replace(/\/+$/, "") === "/_emulator/health")) {
      const auth = req.headers.authorization;
      const sent = req.headers[CONTROL_TOKEN_HEADER] ?? (auth?.startsWith("Bearer ") ? auth.slice(7) : undefined);
      if (typeof sent !== "string" || !constantTimeEqual(sent, this.token)) {
        return { status: 401, error: `control plane refused: missing or wrong ${CONTROL_TOKEN_HEADER} header` };
      }
    }
    const length = req.headers["content-length"];
    const hasBody = (length !== undefined && length !== "0") || req.headers["transfer-encoding"] !== undefined;
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (hasBody && type !== "application/json") {
      return { status: 415, error: `control plane bodies must be application/json (got "${type || "none"}")` };
    }
    return undefined;
  }
}

const MAX_CONTROL_BODY = 64 * 1024;
const MAX_OUTAGE_MS = 10 * 60 * 1000;

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let body: Buffer;
  try {
    body = await readBody(req, MAX_CONTROL_BODY);
  } catch {
    throw new ControlError(413, `body larger than ${MAX_CONTROL_BODY} bytes`);
  }
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new ControlError(400, "body is not valid JSON");
  }
}

const reply = (res: ServerResponse, status: number, value: unknown) => sendJson(res, status, JSON.stringify(value));

export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  rawQuery: string,
  target: ControlTarget,
): Promise<void> {
  const method = req.method ?? "GET";
  const route = `${method} ${pathname.replace(/\/+$/, "")}`;
  try {
    if (route === "GET /_emulator/health") return reply(res, 200, target.health());

    if (route === "GET /_emulator/journal") {
      const since = Number(new URLSearchParams(rawQuery).get("since") ?? "0");
      if (!Number.isInteger(since) || since < 0) throw new ControlError(400, '"since" must be a non-negative integer');
      return reply(res, 200, { entries: target.journal.entries(since) });
    }
    if (route === "DELETE /_emulator/journal") {
      target.journal.clear();
      return reply(res, 200, { cleared: true });
    }

    if (route === "POST /_emulator/reset") {
      req.resume();
      await target.reset();
      return reply(res, 200, { reset: true });
    }

    if (route === "GET /_emulator/state") return reply(res, 200, target.state());

    if (route === "GET /_emulator/faults") return reply(res, 200, { faults: target.faults.list() });
    if (route === "POST /_emulator/faults") {
      let fault: Fault;
      try {
        fault = target.faults.add((await readJson(req)) as never);
      } catch (e) {
        if (e instanceof FaultSpecError) throw new ControlError(400, e.message);
        throw e;
      }
      return reply(res, 201, { fault });
    }
    if (route === "DELETE /_emulator/faults") {
      target.faults.clear();
      return reply(res, 200, { cleared: true });
    }
    const faultMatch = /^DELETE \/_emulator\/faults\/([^/]+)$/.exec(route);
    if (faultMatch) {
      if (!target.faults.remove(decodeURIComponent(faultMatch[1]!))) throw new ControlError(404, "no such fault");
      return reply(res, 200, { removed: faultMatch[1] });
    }

    if (route === "POST /_emulator/outage") {
      const body = (await readJson(req)) as { ms?: unknown };
      const ms = body?.ms;
      if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 1 || ms > MAX_OUTAGE_MS) {
        throw new ControlError(400, `"ms" must be an integer between 1 and ${MAX_OUTAGE_MS}`);
      }
      // Answer first (on a connection that closes), then take the listener down.
      res.setHeader("Connection", "close");
      res.on("finish", () => setImmediate(() => void target.outage(ms).catch(() => undefined)));
      return reply(res, 202, { outageMs: ms });
    }

    for (const mounted of target.controlRoutes) {
      const match = mounted.pattern.exec(route);
      if (!match) continue;
      const params: Record<string, string> = {};
      mounted.paramNames.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1]!)));
      let bodyRead = false;
      const body = () => {
        bodyRead = true;
        return readJson(req);
      };
      const answer = await target.durably(() => mounted.route.handle({ params, body }));
      if (!bodyRead) req.resume();
      return reply(res, 200, answer);
    }

    req.resume();
    throw new ControlError(404, `unknown control endpoint: ${method} ${pathname}`);
  } catch (e) {
    if (e instanceof ControlError || e instanceof ControlRouteError) return reply(res, e.status, { error: e.message });
    if (e instanceof URIError) return reply(res, 400, { error: "malformed percent-encoding in path" });
    throw e;
  }
}
