/**
 * Composition: the HTTP listener, the request pipeline, the service modules, the store, the journal, the
 * fault registry and the control plane.
 *
 * API pipeline (every step answers with the gateway's error envelope on failure):
 *   read body (capped) → parse GET query / POST form / Tea split → resolve Version → product and Action →
 *   handler → authenticate (V1 or V3) → pick fault → run handler → wait until durable → respond → journal.
 *
 * Products come from `services/registry.ts`: each brings its action table, state slice, seed data, control
 * routes and state view; this file names none of them.
 *
 * Swap points: `Store` (persistence), the service registry (products), `Authenticator` (credentials).
 */
import * as http from "http";
import type { AddressInfo, Socket } from "net";
import { performance } from "perf_hooks";
import { ControlGuard, handleControl, mountControlRoutes, type MountedRoute } from "./control";
import {
  EmulatorError,
  badRequest,
  internalError,
  invalidApiNotFound,
  invalidVersion,
  missingParameter,
  requestHeaderFieldsTooLarge,
  requestTimeout,
  serviceUnavailable,
  throttling,
  throttlingUser,
} from "./errors";
import { FaultRegistry, type Fault } from "./faults";
import { newRequestId } from "./ids";
import { Journal, type JournalEntry } from "./journal";
import { Authenticator, NonceCache, type Credential } from "./protocol/auth";
import { DEFAULT_MAX_BODY_BYTES, addressedApi, headerValues, parseApiRequest, readBody } from "./protocol/request";
import { JSON_CONTENT_TYPE, errorBody, sendBadGateway, sendJson, successBody } from "./protocol/response";
import { SERVICES, type EmulatorStateView, type ServiceOptions } from "./services/registry";
import { CREDENTIAL_PARAMS, Params, setOwn, type ServiceDescriptor, type ServiceInstance } from "./services/types";
import type { Store } from "./store";

export type { EmulatorStateView } from "./services/registry";

export interface EmulatorServerConfig {
  host: string;
  port: number;
  credentials: readonly Credential[];
  store: Store;
  /** Per-product start options (SAG seeds, quotas, activation delay, ...), passed to every service. */
  serviceOptions?: ServiceOptions;
  /** The products to serve (default: `SERVICES`, the registry). */
  services?: ReadonlyArray<ServiceDescriptor<ServiceOptions>>;
  log?: (line: string) => void;
  seed?: number;
  maxBodyBytes?: number;
  /** Required on every control-plane request except health (`x-emulator-token`); none = not required. */
  controlToken?: string;
  timeouts?: ServerTimeouts;
}

/** Limits on slow clients (all in ms). */
export interface ServerTimeouts {
  /** Time to receive the request line and headers, from the connection's first byte (or its opening). */
  headersMs?: number;
  /** Time to receive the whole request, body included. */
  requestMs?: number;
  /** Idle keep-alive connection between two requests. */
  idleMs?: number;
}

export const DEFAULT_TIMEOUTS: Required<ServerTimeouts> = { headersMs: 10_000, requestMs: 30_000, idleMs: 60_000 };

/** A product mounted on this server: its descriptor and the instance built for this server's store. */
interface Mounted {
  readonly descriptor: ServiceDescriptor<ServiceOptions>;
  readonly instance: ServiceInstance;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function redactParams(params: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(params)) if (!CREDENTIAL_PARAMS.has(k)) setOwn(out, k, params[k]!);
  return out;
}

export class EmulatorServer {
  readonly journal = new Journal();
  readonly faults: FaultRegistry;
  /** Products in registry order, and the same keyed by API version (the routing key). */
  private readonly mounted: readonly Mounted[];
  private readonly byVersion = new Map<string, Mounted>();
  readonly controlRoutes: readonly MountedRoute[];
  private readonly auth: Authenticator;
  private readonly server: http.Server;
  private readonly guard: ControlGuard;
  private readonly startedAt = Date.now();
  private boundPort = 0;
  private outageTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly config: EmulatorServerConfig) {
    const store = config.store;
    const nonces = new NonceCache(store.statePath === undefined ? undefined : { record: (...a) => store.recordNonce(...a) });
    nonces.preload(store.loadedNonces(), Date.now());
    this.auth = new Authenticator(config.credentials, Date.now, nonces);
    this.guard = new ControlGuard(config.host, config.controlToken);
    const options = config.serviceOptions ?? {};
    this.mounted = (config.services ?? SERVICES).map((descriptor) => ({ descriptor, instance: descriptor.create(store, options) }));
    this.faults = new FaultRegistry(
      config.seed,
      this.mounted.map((m) => m.descriptor.product),
    );
    const products = new Set<string>();
    for (const m of this.mounted) {
      const { product, version } = m.descriptor;
      if (products.has(product) || this.byVersion.has(version)) throw new Error(`service ${product} ${version} is registered twice`);
      products.add(product);
      this.byVersion.set(version, m);
    }
    store.attach(this.mounted.map((m) => m.instance.state));
    this.controlRoutes = mountControlRoutes(
      this.mounted.map((m) => ({ product: m.descriptor.product, routes: m.instance.controlRoutes ?? [] })),
    );

    const t = { ...DEFAULT_TIMEOUTS, ...config.timeouts };
    // Slow clients are cut off: headers must arrive within headersMs and the whole request within
    // requestMs (Node checks every connectionsCheckingInterval and answers 408 through clientError), an
    // idle keep-alive socket is closed after idleMs. There is no socket inactivity timeout while a request
    // is being handled: a latency fault may legitimately keep a response pending for minutes.
    this.server = http.createServer(
      {
        headersTimeout: t.headersMs,
        requestTimeout: t.requestMs,
        connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(Math.min(t.headersMs, t.requestMs) / 4))),
      },
      (req, res) => void this.route(req, res),
    );
    // Generous keep-alive so pooled SDK sockets are not closed under a client mid-request.
    this.server.keepAliveTimeout = t.idleMs;
    this.server.on("clientError", (err: NodeJS.ErrnoException, socket: Socket) => this.onClientError(err, socket));
  }

  get store(): Store {
    return this.config.store;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    const host = this.config.host.includes(":") ? `[${this.config.host}]` : this.config.host;
    return `http://${host}:${this.boundPort}`;
  }

  /** The instance of a mounted product (for product-specific conveniences of the public API). */
  instance<I extends ServiceInstance>(descriptor: ServiceDescriptor<never, I>): I {
    const m = this.mounted.find((x) => x.descriptor === (descriptor as unknown));
    if (!m) throw new Error(`service ${descriptor.product} is not mounted`);
    return m.instance as I;
  }

  /** Runs `fn` (a mutation outside the API) and resolves with its result once its effects are durable. */
  async durably<T>(fn: () => T | Promise<T>): Promise<T> {
    const result = await fn();
    await this.config.store.whenDurable();
    return result;
  }

  private seed(): void {
    for (const m of this.mounted) m.instance.seed?.();
  }

  async start(): Promise<void> {
    this.seed();
    await this.config.store.whenDurable();
    await this.listen(this.config.port);
    this.boundPort = (this.server.address() as AddressInfo).port;
    this.guard.setPort(this.boundPort);
    this.config.store.announce(this.url);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.outageTimer) clearTimeout(this.outageTimer);
    if (this.server.listening) {
      const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeAllConnections();
      await done;
    }
    await this.config.store.close();
  }

  /** Clears every product's state (then reseeds it), the journal and the faults. */
  async reset(): Promise<void> {
    this.config.store.clear();
    this.seed();
    this.journal.clear();
    this.faults.clear();
    await this.config.store.whenDurable();
  }

  /**
   * Stops listening for `ms` (new connections are refused, open ones are dropped), then listens again on
   * the same port. Resolves once the listener is down.
   */
  async outage(ms: number): Promise<void> {
    if (this.closed) throw new Error("emulator is closed");
    if (this.outageTimer || !this.server.listening) throw new Error("an outage is already in progress");
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await done;
    this.outageTimer = setTimeout(() => void this.relisten(), ms);
  }

  private async relisten(): Promise<void> {
    while (!this.closed) {
      try {
        await this.listen(this.boundPort);
        break;
      } catch {
        await sleep(50); // port briefly taken by someone else: keep trying
      }
    }
    this.outageTimer = undefined;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.server.once("error", onError);
      this.server.listen(port, this.config.host, () => {
        this.server.off("error", onError);
        resolve();
      });
    });
  }

  state(): EmulatorStateView {
    return Object.assign({}, ...this.mounted.map((m) => m.instance.view())) as EmulatorStateView;
  }

  health() {
    return {
      status: "ok",
      uptimeMs: Date.now() - this.startedAt,
      persistent: this.config.store.statePath !== undefined,
      products: this.mounted.map(({ descriptor, instance }) => ({
        product: descriptor.product,
        version: descriptor.version,
        actions: [...instance.actions.keys()],
      })),
    };
  }

  // --------------------------------------------------------------------------------------------------------
  // Request pipeline
  // --------------------------------------------------------------------------------------------------------

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q === -1 ? url : url.slice(0, q);
    const rawQuery = q === -1 ? "" : url.slice(q + 1);
    try {
      if (pathname === "/_emulator" || pathname.startsWith("/_emulator/")) {
        const refusal = this.guard.check(req, pathname);
        if (refusal) {
          req.resume();
          res.setHeader("Connection", "close");
          sendJson(res, refusal.status, JSON.stringify({ error: refusal.error }));
          return;
        }
        await handleControl(req, res, pathname, rawQuery, this);
      } else {
        await this.handleApi(req, res, pathname, rawQuery);
      }
    } catch (e) {
      // Last resort: nothing above should throw, but a bug must not take the process down.
      this.warn(`internal error: ${(e as Error)?.stack ?? String(e)}`);
      sendJson(res, 500, errorBody(internalError(), newRequestId(), req.headers.host ?? ""));
    }
  }

  private async handleApi(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, rawQuery: string) {
    const started = performance.now();
    const time = new Date().toISOString();
    const requestId = newRequestId();
    const hostId = req.headers.host ?? "";
    const entry: Omit<JournalEntry, "seq" | "httpStatus" | "code" | "ms"> = {
      time,
      requestId,
      product: null,
      version: null,
      action: null,
      regionId: null,
      params: {},
      signatureVersion: null,
      fault: null,
    };
    let service: Mounted | undefined;
    let fault: Fault | undefined;
    let ranHandler = false;

    const finish = (httpStatus: number | null, code: string | null) => {
      const ms = Math.round((performance.now() - started) * 1000) / 1000;
      this.journal.record({ ...entry, httpStatus, code, ms });
      this.config.log?.(
        `${entry.action ?? "-"} ${code ?? (httpStatus === null ? "DROPPED" : httpStatus >= 400 ? httpStatus : "OK")} ${Math.round(ms)}ms`,
      );
    };

    try {
      if (pathname !== "/") {
        req.resume();
        throw invalidApiNotFound();
      }
      const body = await readBody(req, this.config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      const api = parseApiRequest(req, rawQuery, body);
      entry.signatureVersion = api.signatureVersion;
      entry.params = redactParams(api.params);
      entry.regionId = api.params["RegionId"] ?? null;
      const headers = api.signatureVersion === "v3" ? headerValues(api.rawHeaders) : undefined;
      const { action, version } = addressedApi(api, headers);
      entry.action = action ?? null;
      entry.version = version ?? null;

      if (!action) throw missingParameter(api.signatureVersion === "v3" ? "x-acs-action" : "Action");
      if (!version) throw missingParameter(api.signatureVersion === "v3" ? "x-acs-version" : "Version");
      service = this.byVersion.get(version);
      if (!service) throw invalidVersion();
      entry.product = service.descriptor.product;
      const handler = service.instance.actions.get(action);
      if (!handler) throw invalidApiNotFound();

      this.auth.authenticate(api, headers);

      fault = this.faults.pick(action, service.descriptor.product);
      if (fault) {
        entry.fault = { id: fault.id, kind: fault.kind };
        if (fault.latencyMs > 0) await sleep(fault.latencyMs);
        switch (fault.kind) {
          case "throttling":
            throw throttling();
          case "throttling-user":
            throw throttlingUser();
          case "unavailable":
            throw serviceUnavailable();
          case "internal":
            throw internalError();
          case "bad-gateway":
            sendBadGateway(res);
            finish(502, null);
            return;
          case "latency":
          case "commit-drop":
            break;
        }
      }

      ranHandler = true;
      const fields = handler({ params: new Params(api.params), host: hostId });
      await this.config.store.whenDurable();

      if (fault?.kind === "commit-drop") {
        // The write is durable; now vanish without a response so the client sees a reset/timeout.
        req.socket.destroy();
        finish(null, null);
        return;
      }
      const out = successBody(requestId, fields);
      sendJson(res, 200, out, requestId);
      finish(200, null);
    } catch (e) {
      if (!(e instanceof EmulatorError) && (req.destroyed || res.destroyed)) {
        finish(null, null); // the client went away mid-request; nobody to answer
        return;
      }
      let error: EmulatorError;
      if (e instanceof EmulatorError) {
        error = e;
      } else {
        this.warn(`internal error: ${(e as Error)?.stack ?? String(e)}`);
        error = internalError();
      }
      if (ranHandler) {
        // An error answer may reflect state another request has not made durable yet (e.g. ORDER.OPEND).
        try {
          await this.config.store.whenDurable();
        } catch {
          error = internalError();
        }
      }
      if (!req.complete) {
        // Body not consumed (e.g. too large): close after answering instead of reading the rest.
        res.setHeader("Connection", "close");
      }
      sendJson(res, error.httpStatus, errorBody(error, requestId, hostId, service?.descriptor.productName), requestId);
      finish(error.httpStatus, error.code);
    }
  }

  /** Bugs are reported even when request logging is off (to the log sink if one was given, else stderr). */
  private warn(line: string): void {
    if (this.config.log) this.config.log(line);
    else process.stderr.write(line + "\n");
  }

  /** Malformed HTTP never reaches the pipeline; answer it in the same envelope and close the socket. */
  private onClientError(err: NodeJS.ErrnoException, socket: Socket): void {
    if (err.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    if (err.code === "ERR_HTTP_REQUEST_TIMEOUT" && socket.bytesRead === 0) {
      socket.destroy(); // connected and never said anything: nothing to answer
      return;
    }
    const error =
      err.code === "HPE_HEADER_OVERFLOW"
        ? requestHeaderFieldsTooLarge()
        : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? requestTimeout()
          : badRequest();
    const status = error.httpStatus;
    const requestId = newRequestId();
    const body = errorBody(error, requestId, "");
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: ${JSON_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nx-acs-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
}
