/**
 * `alicloud:accessKey` set with a plain `pulumi config set` is stored in plaintext twice: in the
 * stack config file and, because the engine hands the whole stack config to the dynamic provider,
 * in the state (the default provider's inputs). The secret key and the STS token are worse.
 * Warn once per program, naming the key and the fix; never print the value.
 */
import * as pulumi from "@pulumi/pulumi";

const KEYS = ["alicloud:accessKey", "alicloud:secretKey", "alicloud:securityToken"];
const WARNED = Symbol.for("pulumi-alicloud-traffic/plaintext-config-warned");

export function warnIfPlaintextAccessKey(): void {
  const g = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (g[WARNED]) return;
  g[WARNED] = true;
  type RuntimeConfig = { getConfig(k: string): string | undefined; isConfigSecret?(k: string): boolean };
  // Loaded when first needed: the program has already loaded @pulumi/pulumi, whose config this reads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const runtimeConfig: RuntimeConfig = require("@pulumi/pulumi/runtime/config");
  const plain = KEYS.filter((k) => runtimeConfig.getConfig(k) !== undefined && runtimeConfig.isConfigSecret?.(k) === false);
  if (plain.length === 0) return;
  void pulumi.log.warn(
    `${plain.join(", ")} ${plain.length === 1 ? "is" : "are"} stored in plaintext in the stack config and in the state. ` +
      `Set ${plain.length === 1 ? "it" : "them"} again as a secret: ` +
      `${plain.map((k) => `pulumi config set --secret ${k} <value>`).join("; ")} ` +
      `(or use ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY / ALICLOUD_SECURITY_TOKEN instead).`,
  );
}
