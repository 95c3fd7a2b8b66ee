/**
 * The one way tests start an in-process emulator (a free port, no request log), and the environment
 * that points the provider at it. `start` of test/emulator/helpers.ts and `inProcessEmulator` of
 * test/faults/support/emulators.ts are this function.
 */
import { DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";

export type Emulator = RunningEmulator;

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
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

/**
 * Sets `env` in this process (the provider reads its settings at call time), and returns what puts
 * the previous values back.
 */
export function applyEnv(env: Record<string, string>): () => void {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** Actions in the journal since the last clear, in order. */
export function actions(emulator: Emulator): string[] {
  return emulator.journal().map((e) => e.action ?? "(unparsed request)");
}

/**
 * Signed calls (smartag by default, or vpc) made directly, the way another tool or the console would:
 * out-of-band changes in tests, and clean-up of what a test run left behind.
 */
export function outOfBand(
  emulator: { url: string },
  product: "smartag" | "vpc" = "smartag",
): (action: string, params: Record<string, unknown>) => Promise<any> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RPCClient = require("@alicloud/pop-core");
  const client = new RPCClient({
    endpoint: emulator.url,
    apiVersion: product === "vpc" ? "2016-04-28" : "2018-03-13",
    accessKeyId: DEMO_ACCESS_KEY_ID,
    accessKeySecret: DEMO_ACCESS_KEY_SECRET,
  });
  return (action, params) => client.request(action, params, { method: "POST" });
}
