/**
 * The only importer of `@alicloud/pop-core`. It wraps the quirks the reference notes list:
 * pop-core never retries, ignores HTTP status, defaults to GET (which puts the signature and
 * access key into URLs and error messages), turns `undefined` into the string "undefined",
 * returns null-prototype objects and may reject with non-Error values.
 */
import { AlibabaApiError, toApiError } from "./errors";
import { Credentials, Product, RetryPolicy, resolveCredentials, resolveEndpoint, settings } from "./config";
import { Budget, retry } from "./retry";

export const API_VERSIONS: Record<Product, string> = { smartag: "2018-03-13", vpc: "2016-04-28" };

export type Params = Record<string, string | number | boolean | string[] | undefined | null>;

/**
 * `all`: retry every retryable failure (reads, and writes that are safe to repeat).
 * `rejected-only`: retry only failures that cannot have taken effect; ambiguous ones are thrown
 * so the caller can reconcile (used for CreateFlowLog, which has no ClientToken).
 */
export type RetryMode = "all" | "rejected-only";

export type { RetryPolicy } from "./config";
export { backoffDelay, sleep } from "./retry";

/** What pop-core's client looks like to us (its typings are incomplete). */
interface PopCoreClient {
  request(action: string, params: Record<string, unknown>, opts: Record<string, unknown>): Promise<unknown>;
}

/** Flattens arrays the way Alibaba RPC expects (`SmartAGIds.1`), drops undefined and null. */
export function toWireParams(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) value.forEach((v, i) => (out[`${key}.${i + 1}`] = String(v)));
    else out[key] = String(value);
  }
  return out;
}

export class RpcClient {
  private readonly pop: PopCoreClient;

  constructor(
    readonly product: Product,
    readonly region: string,
    credentials: Credentials = resolveCredentials(),
    readonly endpoint: string = resolveEndpoint(product, region),
    private readonly policy: RetryPolicy = settings().retry,
  ) {
    // Required here, not at module top, so that importing the schema/resource classes in a
    // Pulumi program never loads the SDK; its RPC client alone (the package's index also loads the
    // ROA client and xml2js, about 10 ms of every provider start that makes a call).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const RPCClient = require("@alicloud/pop-core/lib/rpc");
    this.pop = new RPCClient({
      endpoint: this.endpoint,
      apiVersion: API_VERSIONS[product],
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      securityToken: credentials.securityToken,
    });
  }

  /**
   * Calls an action with `RegionId` set, POST (so nothing secret lands in a URL), an explicit
   * timeout, and retries per `mode` within `budget` (the policy's attempts unless the caller shares
   * its own). Resolves with a plain copy of the JSON body.
   */
  async call<T = Record<string, any>>(action: string, params: Params, mode: RetryMode = "all", budget?: Budget): Promise<T> {
    const wire = toWireParams({ RegionId: this.region, ...params });
    const timeout = settings().timeoutMs;
    return retry(
      async () => {
        const body = await this.pop.request(action, wire, { method: "POST", timeout, formatParams: false });
        // Copy out of json-bigint's null-prototype objects (and BigNumbers into strings).
        return JSON.parse(JSON.stringify(body)) as T;
      },
      {
        policy: this.policy,
        budget,
        retryIf: (raw) => {
          const err = toApiError(raw, action);
          return err.kind === "rejected" || (err.kind === "ambiguous" && mode === "all");
        },
        onGiveUp: (raw, attempts) => withAttempts(toApiError(raw, action), attempts, this.endpoint),
      },
    );
  }
}

/** Adds what to do next to a failure that retries could not fix. */
function withAttempts(err: AlibabaApiError, attempts: number, endpoint: string): AlibabaApiError {
  let hint = "";
  if (err.isThrottling) {
    hint = " Alibaba Cloud kept throttling the requests: wait a minute and run the command again, or lower the engine's `--parallel`.";
  } else if (err.kind === "rejected" || err.kind === "ambiguous") {
    hint =
      ` Check that ${endpoint} is reachable (ALICLOUD_SMARTAG_ENDPOINT / ALICLOUD_VPC_ENDPOINT override it), then run the command again:` +
      " re-running is safe, creates are reconciled and never duplicated.";
  }
  if (attempts <= 1 && !hint) return err;
  const suffix = attempts > 1 ? ` (after ${attempts} attempts)` : "";
  return err.rephrase(`${err.message}${suffix}.${hint}`);
}

/** One client per product/region/endpoint/credentials in a provider process (keep-alive reuse). */
const clients = new Map<string, RpcClient>();
export function clientFor(product: Product, region: string): RpcClient {
  const creds = resolveCredentials();
  const endpoint = resolveEndpoint(product, region);
  const key = [product, region, endpoint, creds.accessKeyId, creds.securityToken ?? ""].join("|");
  let client = clients.get(key);
  if (!client) {
    client = new RpcClient(product, region, creds, endpoint);
    clients.set(key, client);
  }
  return client;
}
