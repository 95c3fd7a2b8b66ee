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

/** Stack config handed over by `configure()`; kept per provider process. */
const stackConfig = new Map<string, string>();

/** Called from each dynamic provider's `configure`. */
export function setStackConfig(get: (key: string) => string | undefined): void {
  for (const key of ["alicloud:accessKey", "alicloud:secretKey", "alicloud:securityToken", "alicloud:region"]) {
    const value = get(key);
    if (value !== undefined && value !== "") stackConfig.set(key, value);
  }
}

/** Test hook. */
export function clearStackConfig(): void {
  stackConfig.clear();
}

function setting(configKey: string, envKey: string): string | undefined {
  const fromConfig = stackConfig.get(configKey);
  if (fromConfig) return fromConfig;
  const fromEnv = process.env[envKey];
  return fromEnv ? fromEnv : undefined;
}

export function defaultRegion(): string | undefined {
  return setting("alicloud:region", "ALICLOUD_REGION");
}

export function resolveCredentials(): Credentials {
  const accessKeyId = setting("alicloud:accessKey", "ALICLOUD_ACCESS_KEY");
  const accessKeySecret = setting("alicloud:secretKey", "ALICLOUD_SECRET_KEY");
  const securityToken = setting("alicloud:securityToken", "ALICLOUD_SECURITY_TOKEN");
  if (!accessKeyId || !accessKeySecret) {
    // Only what is missing, each with its own command (both with --secret: README "Config and credentials").
    const missing = [
      !accessKeyId && { what: "access key (alicloud:accessKey or ALICLOUD_ACCESS_KEY)", how: "`pulumi config set --secret alicloud:accessKey <value>`", env: "ALICLOUD_ACCESS_KEY" },
      !accessKeySecret && { what: "secret key (alicloud:secretKey or ALICLOUD_SECRET_KEY)", how: "`pulumi config set --secret alicloud:secretKey <value>`", env: "ALICLOUD_SECRET_KEY" },
    ].filter((m): m is { what: string; how: string; env: string } => Boolean(m));
    throw new Error(
      `Alibaba Cloud credentials are missing: set the ${missing.map((m) => m.what).join(" and ")}. ` +
        `Use ${missing.map((m) => m.how).join(" and ")}, or export ${missing.map((m) => m.env).join(" and ")}.`,
    );
  }
  // Every API call resolves the credentials; the same ones are registered (5 encodings each) once.
  if (lastCredentials?.accessKeyId === accessKeyId && lastCredentials.accessKeySecret === accessKeySecret && lastCredentials.securityToken === securityToken) {
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
  const override = process.env[product === "smartag" ? "ALICLOUD_SMARTAG_ENDPOINT" : "ALICLOUD_VPC_ENDPOINT"];
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

/** Per-request timeout (connect and read), `ALICLOUD_TRAFFIC_TIMEOUT_MS`, default 10 s. */
export function requestTimeoutMs(): number {
  const raw = Number(process.env.ALICLOUD_TRAFFIC_TIMEOUT_MS);
  return Number.isFinite(raw) && raw > 0 ? raw : 10_000;
}
