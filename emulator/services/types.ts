/**
 * The contract between the protocol layer and the service modules. A service module is data: product,
 * version and a table from exact action name to a thin handler. Handlers read named parameters, call one
 * backend method and return the response fields (without `RequestId`, which the protocol layer adds).
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

export interface ServiceModule {
  /** Lowercase product code (`smartag`, `vpc`). */
  readonly product: string;
  /** Product name as the error center spells it (`Smartag`, `Vpc`), used in `Recommend` links. */
  readonly productName: string;
  /** API version routed to this module. */
  readonly version: string;
  /** Exact action name → handler. Unknown names are `InvalidApi.NotFound`. */
  readonly actions: ReadonlyMap<string, ActionHandler>;
}
