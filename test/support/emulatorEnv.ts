/**
 * An emulator per test file, and the environment that points the provider at it.
 */
import { DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, startEmulator } from "../../emulator";

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export async function startTestEmulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> {
  return startEmulator({ port: 0, log: false, ...options });
}

export function providerEnv(emulator: Emulator, region = "cn-hangzhou"): Record<string, string> {
  return {
    ALICLOUD_SMARTAG_ENDPOINT: emulator.url,
    ALICLOUD_VPC_ENDPOINT: emulator.url,
    ALICLOUD_ACCESS_KEY: DEMO_ACCESS_KEY_ID,
    ALICLOUD_SECRET_KEY: DEMO_ACCESS_KEY_SECRET,
    ALICLOUD_REGION: region,
    // Short waits keep fault tests fast; the defaults are for real clouds.
    ALICLOUD_TRAFFIC_RETRY_BASE_MS: "50",
    ALICLOUD_TRAFFIC_RETRY_MAX_MS: "1000",
  };
}

/** Actions in the journal since the last clear, in order. */
export function actions(emulator: Emulator): string[] {
  return emulator.journal().map((e) => e.action ?? "(unparsed request)");
}
