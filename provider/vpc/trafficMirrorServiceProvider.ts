/**
 * The implementation behind `vpc.TrafficMirrorService`: enables VPC traffic mirroring in a region.
 *
 * - create: GetTrafficMirrorServiceStatus; if not enabled, OpenTrafficMirrorService with a
 *   ClientToken that is the same for every retry of this create (Alibaba's idempotency contract:
 *   same token + same params = same result, no second effect); `ORDER.OPEND` (already opened)
 *   counts as success; then wait, bounded, until the status says enabled.
 * - read: reports `enabled`, so a service disabled out of band shows up as drift.
 * - update: re-opens a region that drifted to disabled (with a new token generation).
 * - delete: Alibaba Cloud has no API to close the service; it stays enabled and we say so.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { createHash } from "crypto";
import { isApiError } from "../client/errors";
import { RpcClient, backoffDelay, clientFor, retryPolicyFromEnv, sleep } from "../client/rpcClient";
import { defaultRegion, setStackConfig } from "../client/config";
import { formatIssue, isUnknown, validateTrafficMirrorServiceInputs } from "../schema";
import { warn } from "../internal/engineLog";

type RawInputs = Record<string, any> & { __token?: string };

export interface TrafficMirrorServiceOutputs {
  region: string;
  enabled: boolean;
  clientToken: string;
  generation: number;
  __token?: string;
}

/** How long create waits for `Enabled: true`: `ALICLOUD_TRAFFIC_MIRROR_WAIT_MS`, default 5 min. */
function waitLimitMs(): number {
  const v = Number(process.env.ALICLOUD_TRAFFIC_MIRROR_WAIT_MS);
  return Number.isFinite(v) && v > 0 ? v : 300_000;
}

/** ClientToken: ASCII, at most 64 characters; one per (resource, region, generation). */
export function clientToken(baseToken: string, region: string, generation: number): string {
  const digest = createHash("sha256").update(`${baseToken}/${region}/${generation}`).digest("hex").slice(0, 32);
  return `pulumi-tms-${digest}`;
}

export async function configure(req: dynamic.ConfigureRequest): Promise<void> {
  setStackConfig((key) => req.config.get(key));
}

export async function check(olds: RawInputs, news: RawInputs): Promise<dynamic.CheckResult> {
  const inputs: RawInputs = { ...news };
  if (inputs.region === undefined) {
    const region = olds?.region ?? defaultRegion();
    if (region !== undefined) inputs.region = region;
  }
  if (olds?.__token) inputs.__token = olds.__token;
  const failures = validateTrafficMirrorServiceInputs(inputs).map((i) => ({ property: i.field, reason: formatIssue(i) }));
  return { inputs, failures };
}

export async function diff(_id: string, olds: TrafficMirrorServiceOutputs, news: RawInputs): Promise<dynamic.DiffResult> {
  if (isUnknown(news.region) || news.region !== olds.region) return { changes: true, replaces: ["region"], deleteBeforeReplace: false };
  // A service seen disabled (after refresh) is opened again by an update.
  return { changes: olds.enabled === false, replaces: [] };
}

async function isEnabled(client: RpcClient): Promise<boolean> {
  const body = await client.call("GetTrafficMirrorServiceStatus", {});
  return body.Enabled === true || body.Enabled === "true";
}

async function open(client: RpcClient, token: string): Promise<void> {
  try {
    // Retrying with the same ClientToken is safe: the service returns the first result again.
    await client.call("OpenTrafficMirrorService", { ClientToken: token });
  } catch (e) {
    if (!isApiError(e, "ORDER.OPEND")) throw e;
  }
  const limit = waitLimitMs();
  const started = Date.now();
  const policy = { ...retryPolicyFromEnv(), maxDelayMs: 10_000 };
  for (let attempt = 0; ; attempt++) {
    if (await isEnabled(client)) return;
    if (Date.now() - started > limit) {
      throw new Error(
        `traffic mirroring in ${client.region} was opened (ClientToken ${token}) but is still not enabled after ${Math.round(limit / 1000)} s. ` +
          `Check GetTrafficMirrorServiceStatus in the console, then run pulumi up again (the same token is reused, so nothing is opened twice); ` +
          `ALICLOUD_TRAFFIC_MIRROR_WAIT_MS raises the limit.`,
      );
    }
    await sleep(Math.min(backoffDelay(attempt, policy), Math.max(0, limit - (Date.now() - started)) + 1));
  }
}

export async function create(inputs: RawInputs): Promise<dynamic.CreateResult> {
  const region: string = inputs.region;
  const base = inputs.__token;
  if (!base) throw new Error("vpc.TrafficMirrorService inputs lack the idempotency token; construct it with the vpc.TrafficMirrorService class");
  const client = clientFor("vpc", region);
  const token = clientToken(base, region, 0);
  if (!(await isEnabled(client))) await open(client, token);
  return { id: region, outs: { region, enabled: true, clientToken: token, generation: 0, __token: base } };
}

export async function read(id: string, props: TrafficMirrorServiceOutputs): Promise<dynamic.ReadResult> {
  const client = clientFor("vpc", props.region);
  const enabled = await isEnabled(client);
  return { id, props: { ...props, enabled }, inputs: { region: props.region, __token: props.__token } };
}

export async function update(_id: string, olds: TrafficMirrorServiceOutputs, news: RawInputs): Promise<dynamic.UpdateResult> {
  const client = clientFor("vpc", olds.region);
  // A new generation means a new token: reusing the old one would replay the first result.
  const generation = (olds.generation ?? 0) + 1;
  const token = clientToken((olds.__token ?? news.__token) as string, olds.region, generation);
  if (!(await isEnabled(client))) await open(client, token);
  return { outs: { ...olds, enabled: true, clientToken: token, generation } };
}

async function deleteService(_id: string, props: TrafficMirrorServiceOutputs): Promise<void> {
  await warn(
    `traffic mirroring stays enabled in ${props.region}: Alibaba Cloud has no API to close the service, so removing ` +
      `vpc.TrafficMirrorService only drops it from the stack.`,
  );
}
export { deleteService as delete };
