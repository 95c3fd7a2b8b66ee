/**
 * The implementation behind `vpc.TrafficMirrorService`: enables VPC traffic mirroring in a region.
 *
 * - create: GetTrafficMirrorServiceStatus; if not enabled, OpenTrafficMirrorService with a
 *   ClientToken drawn for this create and reused by every retry of it (Alibaba's idempotency
 *   contract: same token + same params = same result, no second effect). A later create (after
 *   `destroy`, a replacement, another stack) draws a new one, so it is never answered with the
 *   replay of an old success. `ORDER.OPEND` (already opened) counts as success; then wait, bounded,
 *   until the status says enabled.
 * - read: reports `enabled`, so a service disabled out of band shows up as drift.
 * - update: re-opens a region that drifted to disabled, with a new token of its own.
 * - delete: Alibaba Cloud has no API to close the service; it stays enabled and we say so.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { randomBytes } from "crypto";
import { isApiError } from "../client/errors";
import { settings } from "../client/config";
import { backoffDelay, pollUntil } from "../client/retry";
import { RpcClient, clientFor } from "../client/rpcClient";
import {
  TRAFFIC_MIRROR_SERVICE_INPUTS,
  TRAFFIC_MIRROR_SERVICE_OUTPUTS,
  TrafficMirrorServiceInputs,
  isUnknown,
  validateTrafficMirrorServiceInputs,
} from "../schema";
import { warn } from "../internal/engineLog";
import { checkWithTable, configure } from "../internal/providerKit";

type RawInputs = Readonly<Record<string, unknown>>;

/** What check hands to create and update: the region, the desired `enabled`, the URN for delete's warning. */
type ProviderInputs = TrafficMirrorServiceInputs & { enabled?: boolean; __urn?: string };

export interface TrafficMirrorServiceOutputs {
  region: string;
  enabled: boolean;
  clientToken: string;
  /** Counts the opens this resource sent (0 for the create); kept for state of older versions. */
  generation: number;
  __urn?: string;
}

/** ClientToken (ASCII, at most 64 characters): one per logical open, drawn when it starts. */
export function newClientToken(): string {
  return `pulumi-tms-${randomBytes(16).toString("hex")}`;
}

async function check(olds: RawInputs, news: RawInputs): Promise<dynamic.CheckResult<ProviderInputs>> {
  // Stacks written by 0.1 carry a hidden per-resource token; it no longer means anything.
  const { __token: _legacyToken, ...given } = news ?? {};
  return checkWithTable<ProviderInputs>(
    {
      resource: "vpc.TrafficMirrorService",
      inputs: TRAFFIC_MIRROR_SERVICE_INPUTS,
      outputs: TRAFFIC_MIRROR_SERVICE_OUTPUTS,
      validate: validateTrafficMirrorServiceInputs,
      // The desired state, so that a preview of a re-open after drift shows `enabled: false => true`
      // (the engine displays old inputs against new ones; refresh records what it saw in the inputs).
      normalize: (inputs) => ({ ...inputs, enabled: true }),
    },
    olds,
    given,
  );
}

async function diff(_id: string, olds: TrafficMirrorServiceOutputs, news: ProviderInputs): Promise<dynamic.DiffResult> {
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
  const { waitMs: limit, retry } = settings();
  const policy = { ...retry, maxDelayMs: 10_000 };
  await pollUntil(async () => ((await isEnabled(client)) ? true : undefined), {
    limitMs: limit,
    delay: (attempt) => backoffDelay(attempt, policy),
    onTimeout: () =>
      new Error(
        `traffic mirroring in ${client.region} was opened (ClientToken ${token}) but is still not enabled ` +
          `after ${Math.round(limit / 1000)} s. Check GetTrafficMirrorServiceStatus in the console, ` +
          `then run pulumi up again (it reads the status first and opens only a region ` +
          `that is not enabled); ALICLOUD_TRAFFIC_WAIT_MS raises the limit.`,
      ),
  });
}

async function create(inputs: ProviderInputs): Promise<dynamic.CreateResult<TrafficMirrorServiceOutputs>> {
  const region = inputs.region;
  const client = clientFor("vpc", region);
  const token = newClientToken();
  if (!(await isEnabled(client))) await open(client, token);
  return { id: region, outs: { region, enabled: true, clientToken: token, generation: 0, ...urnOf(inputs) } };
}

async function read(id: string, props?: TrafficMirrorServiceOutputs): Promise<dynamic.ReadResult<TrafficMirrorServiceOutputs>> {
  if (!props) return { id: "", props: undefined };
  const client = clientFor("vpc", props.region);
  const enabled = await isEnabled(client);
  // The SDK types a read's inputs as its outputs; they are the inputs a refresh writes back.
  const inputs = { region: props.region, enabled, ...urnOf(props) } as TrafficMirrorServiceOutputs;
  return { id, props: { ...props, enabled }, inputs };
}

async function update(
  _id: string,
  olds: TrafficMirrorServiceOutputs,
  news: ProviderInputs,
): Promise<dynamic.UpdateResult<TrafficMirrorServiceOutputs>> {
  const client = clientFor("vpc", olds.region);
  // A new open needs a new token: reusing the old one would replay the first result.
  const generation = (olds.generation ?? 0) + 1;
  const token = newClientToken();
  if (!(await isEnabled(client))) await open(client, token);
  return { outs: { ...olds, enabled: true, clientToken: token, generation, ...urnOf(news) } };
}

/**
 * The resource's URN, which the resource class hands over as the hidden input `__urn` and create
 * and update keep in the outputs, so that delete (which the engine gives no URN) can attach its
 * warning to the resource. State written before it carries none: the warning then goes to the stack.
 */
function urnOf(props: { __urn?: unknown } | undefined): { __urn?: string } {
  const urn = props?.__urn;
  return typeof urn === "string" && urn.startsWith("urn:pulumi:") ? { __urn: urn } : {};
}

async function deleteService(_id: string, props: TrafficMirrorServiceOutputs): Promise<void> {
  await warn(
    `traffic mirroring stays enabled in ${props.region}: Alibaba Cloud has no API to close the service, so removing ` +
      `vpc.TrafficMirrorService only drops it from the stack.`,
    urnOf(props).__urn,
  );
}

/** The provider, typed; the module's exports below are what the shim forwards to. */
export const trafficMirrorServiceProvider = {
  configure,
  check,
  diff,
  create,
  read,
  update,
  delete: deleteService,
} satisfies dynamic.ResourceProvider<ProviderInputs, TrafficMirrorServiceOutputs>;

export { configure, check, diff, create, read, update };
// `delete` is a reserved word, so the export is aliased.
export { deleteService as delete };
