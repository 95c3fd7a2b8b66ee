/**
 * The contract between the emulator's generic parts (protocol layer, store, control plane) and the service
 * modules. A product is one folder `services/<product>/` whose `index.ts` exports a `ServiceDescriptor`:
 * product code, API version and a `create()` that builds the product's state slice, backend and action
 * table. `services/registry.ts` lists the descriptors; nothing else names a product.
 *
 * Handlers read named parameters, call one backend method and return the response fields (without
 * `RequestId`, which the protocol layer adds).
 */

/** Read-only access to the merged request parameters, by exact (case-sensitive) name. */
export class Params {
  constructor(private readonly raw: Readonly<Record<string, string>>) {}

  get(name: string): string | undefined {
    return this.raw[name];
  }

  /** Every parameter that is not a common/signature parameter (used for ClientToken fingerprints). */
  business(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of Object.keys(this.raw).sort()) {
      if (!COMMON_PARAMS.has(name)) setOwn(out, name, this.raw[name]!);
    }
    return out;
  }
}

/** `obj[key] = value` that also works for the key `__proto__` (which would otherwise set the prototype). */
export function setOwn(obj: Record<string, string>, key: string, value: string): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** RPC common parameters (reference §3.2) plus the hidden owner params every request model carries. */
export const COMMON_PARAMS: ReadonlySet<string> = new Set([
  "Action",
  "Version",
  "Format",
  "AccessKeyId",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureNonce",
  "SignatureType",
  "Timestamp",
  "Signature",
  "SecurityToken",
  "BearerToken",
  "OwnerAccount",
  "OwnerId",
  "ResourceOwnerAccount",
  "ResourceOwnerId",
]);

/** Parameters that are credentials and must never be journaled or logged. */
export const CREDENTIAL_PARAMS: ReadonlySet<string> = new Set([
  "Signature",
  "AccessKeyId",
  "SecurityToken",
  "BearerToken",
  "AccessKeySecret",
]);

export interface ActionContext {
  readonly params: Params;
  /** The `Host` header, for actions whose region may come from the endpoint. */
  readonly host: string;
}

export type ActionHandler = (ctx: ActionContext) => Record<string, unknown>;

/** Exact action name → handler. Unknown names are `InvalidApi.NotFound`. */
export type ActionTable = ReadonlyMap<string, ActionHandler>;

/** What a state slice is given by the store: the call that marks the state dirty (and schedules a write). */
export interface ChangeTracker {
  /** Call after every mutation, including edits of a record in place. */
  changed(): void;
}

/**
 * A product's share of the emulator state: its maps, and how they go to and from the state file. The store
 * owns the file (atomic writes, group commit, lock, nonce log) and composes one document from the slices:
 * `{format, version, ...slice1.snapshot(), ...slice2.snapshot()}`.
 */
export interface StateSlice {
  /** Top-level keys of the state file this slice owns (`flowLogs`, `sags`, ...); no two slices share one. */
  readonly keys: readonly string[];
  /**
   * Plain JSON data, one entry per key of `keys` (a key with nothing to hold may be left out, so a file
   * stays as it was before the key existed); taken synchronously, so it covers every mutation so far.
   */
  snapshot(): Record<string, unknown>;
  /** Fills the (empty) slice from a loaded state file; a key missing from the file is an empty list. */
  restore(data: Readonly<Record<string, unknown>>): void;
  /** Drops everything (reset); the store marks the change. */
  clear(): void;
}

/** A control-plane request routed to a service (`/_emulator/<product>/<path>`). */
export interface ControlRequest {
  /** The `:name` segments of the route's path, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The JSON body (`{}` when empty); not reading it discards it. */
  body(): Promise<unknown>;
}

/** Thrown by a control route for a request it refuses (answered `{error: message}` with `status`, e.g. 400). */
export class ControlRouteError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A product's own control endpoint. The answer is sent (200, JSON) once its effects are durable. */
export interface ControlRoute {
  readonly method: "GET" | "POST" | "DELETE";
  /** Below `/_emulator/<product>/`; `:name` matches one path segment (`traffic-mirror/:regionId/disable`). */
  readonly path: string;
  handle(req: ControlRequest): unknown;
}

/** A product as one running emulator holds it (built by `ServiceDescriptor.create`). */
export interface ServiceInstance {
  readonly actions: ActionTable;
  readonly state: StateSlice;
  /** Seed data, added at start and after every reset (must keep what already exists). */
  seed?(): void;
  readonly controlRoutes?: readonly ControlRoute[];
  /** This product's part of `GET /_emulator/state` (top-level keys, merged with the other products'). */
  view(): object;
}

/** What `services/<product>/index.ts` exports. `O`: the start options it reads (all optional). */
export interface ServiceDescriptor<O = unknown, I extends ServiceInstance = ServiceInstance> {
  /** Lowercase product code (`smartag`, `vpc`); its control routes live under `/_emulator/<product>/`. */
  readonly product: string;
  /** Product name as the error center spells it (`Smartag`, `Vpc`), used in `Recommend` links. */
  readonly productName: string;
  /** API version routed to this product (`Version` / `x-acs-version`). */
  readonly version: string;
  create(store: ChangeTracker, options: O): I;
}
