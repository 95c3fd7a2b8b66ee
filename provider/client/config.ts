/**
 * Credentials, region and endpoints, resolved the way users of the alicloud provider expect:
 * stack config first (`alicloud:accessKey`, `alicloud:secretKey`, `alicloud:securityToken`,
 * `alicloud:region`, handed to the dynamic provider's `configure`), then the environment
 * (`ALICLOUD_ACCESS_KEY`, `ALICLOUD_SECRET_KEY`, `ALICLOUD_SECURITY_TOKEN`, `ALICLOUD_REGION`).
 * Endpoint overrides: `ALICLOUD_SMARTAG_ENDPOINT`, `ALICLOUD_VPC_ENDPOINT` (full URLs).
 *
 * Nothing here is captured when a resource is constructed: values are read at run time inside
 * the provider process, so no secret reaches the serialized provider or the state.
 */
import { registerSecret } from "./errors";

export type Product = "smartag" | "vpc";

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface RetryPolicy {
  /** Attempts per call in all (the first one included): one budget, shared by every layer that retries it. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Everything the provider reads from its environment, resolved once per provider process in
 * `configure` (stack config first, then environment variables). Nothing else reads `process.env`.
 */
export interface Settings {
  /** `alicloud:region`, else `ALICLOUD_REGION`. */
  region?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  /** `ALICLOUD_SMARTAG_ENDPOINT`, `ALICLOUD_VPC_ENDPOINT`: full URLs that replace the regional endpoints. */
  endpoints: Partial<Record<Product, string>>;
  /** Per-request timeout (connect and read), `ALICLOUD_TRAFFIC_TIMEOUT_MS`, default 10 s. */
  timeoutMs: number;
  /** `ALICLOUD_TRAFFIC_MAX_ATTEMPTS` (8), `ALICLOUD_TRAFFIC_RETRY_BASE_MS` (200), `ALICLOUD_TRAFFIC_RETRY_MAX_MS` (5000). */
  retry: RetryPolicy;
  /**
   * How long a transition (Creating, Activating, Deleting, a service being opened) is awaited:
   * `ALICLOUD_TRAFFIC_WAIT_MS`, else its older name `ALICLOUD_TRAFFIC_MIRROR_WAIT_MS`, default 5 min.
   */
  waitMs: number;
}

const CONFIG_KEYS = ["alicloud:accessKey", "alicloud:secretKey", "alicloud:securityToken", "alicloud:region"] as const;
type ConfigKey = (typeof CONFIG_KEYS)[number];

/** Stack config handed over by `configure()`; kept per provider process. */
const stackConfig = new Map<ConfigKey, string>();
let resolved: Settings | undefined;

/** Called from each dynamic provider's `configure`: takes the stack config and resolves the settings. */
export function setStackConfig(get: (key: string) => string | undefined): void {
  for (const key of CONFIG_KEYS) {
    const value = get(key);
    if (value !== undefined && value !== "") stackConfig.set(key, value);
  }
  resolved = resolveSettings();
}

/** Test hook. */
export function clearStackConfig(): void {
  stackConfig.clear();
  resolved = undefined;
}

/**
 * The settings `configure` resolved. Before any `configure` (unit tests, tools that call the hooks
 * directly) they are resolved afresh on each use, so such callers see environment changes.
 */
export function settings(): Settings {
  return resolved ?? resolveSettings();
}

function resolveSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const setting = (configKey: ConfigKey, envKey: string) => stackConfig.get(configKey) || env[envKey] || undefined;
  const num = (key: string, fallback: number, min = 0) => {
    const v = env[key] === undefined || env[key] === "" ? NaN : Number(env[key]);
    return Number.isFinite(v) && v >= min ? v : fallback;
  };
  return {
    region: setting("alicloud:region", "ALICLOUD_REGION"),
    accessKeyId: setting("alicloud:accessKey", "ALICLOUD_ACCESS_KEY"),
    accessKeySecret: setting("alicloud:secretKey", "ALICLOUD_SECRET_KEY"),
    securityToken: setting("alicloud:securityToken", "ALICLOUD_SECURITY_TOKEN"),
    endpoints: { smartag: env.ALICLOUD_SMARTAG_ENDPOINT || undefined, vpc: env.ALICLOUD_VPC_ENDPOINT || undefined },
    timeoutMs: num("ALICLOUD_TRAFFIC_TIMEOUT_MS", 10_000, Number.MIN_VALUE),
    retry: {
      maxAttempts: Math.max(1, num("ALICLOUD_TRAFFIC_MAX_ATTEMPTS", 8)),
      baseDelayMs: num("ALICLOUD_TRAFFIC_RETRY_BASE_MS", 200),
      maxDelayMs: num("ALICLOUD_TRAFFIC_RETRY_MAX_MS", 5000),
    },
    waitMs: num("ALICLOUD_TRAFFIC_WAIT_MS", num("ALICLOUD_TRAFFIC_MIRROR_WAIT_MS", 300_000, Number.MIN_VALUE), Number.MIN_VALUE),
  };
}

export function defaultRegion(): string | undefined {
  return settings().region;
}

export function resolveCredentials(): Credentials {
  const { accessKeyId, accessKeySecret, securityToken } = settings();
  if (!accessKeyId || !accessKeySecret) {
    // Only what is missing, each with its own command (both with --secret: README "Config and credentials").
    const missing = [
      !accessKeyId && {
        what: "access key (alicloud:accessKey or ALICLOUD_ACCESS_KEY)",
        how: "`pulumi config set --secret alicloud:accessKey <value>`",
        env: "ALICLOUD_ACCESS_KEY",
      },
      !accessKeySecret && {
        what: "secret key (alicloud:secretKey or ALICLOUD_SECRET_KEY)",
        how: "`pulumi config set --secret alicloud:secretKey <value>`",
        env: "ALICLOUD_SECRET_KEY",
      },
    ].filter((m): m is { what: string; how: string; env: string } => Boolean(m));
    throw new Error(
      `Alibaba Cloud credentials are missing: set the ${missing.map((m) => m.what).join(" and ")}. ` +
        `Use ${missing.map((m) => m.how).join(" and ")}, or export ${missing.map((m) => m.env).join(" and ")}.`,
    );
  }
  // Every API call resolves the credentials; the same ones are registered (5 encodings each) once.
  if (
    lastCredentials?.accessKeyId === accessKeyId &&
    lastCredentials.accessKeySecret === accessKeySecret &&
    lastCredentials.securityToken === securityToken
  ) {
    return lastCredentials;
  }
  registerSecret(accessKeyId);
  registerSecret(accessKeySecret);
  registerSecret(securityToken);
  return (lastCredentials = { accessKeyId, accessKeySecret, securityToken });
}

/** The credentials `resolveCredentials` last returned (already registered as secrets). */
let lastCredentials: Readonly<Credentials> | undefined;

/** The endpoint for a product in a region: the override if set, else Alibaba's regional endpoint. */
export function resolveEndpoint(product: Product, region: string): string {
  const override = settings().endpoints[product];
  if (override) {
    if (!/^https?:\/\//.test(override)) {
      throw new Error(
        `ALICLOUD_${product.toUpperCase()}_ENDPOINT must be a full URL starting with http:// or https://, got ${JSON.stringify(override)}`,
      );
    }
    return override.replace(/\/+$/, "");
  }
  return `https://${product}.${region}.aliyuncs.com`;
}
