/**
 * A service opened per region (VPC traffic mirroring, VPC flow logs): its resource's provider, once,
 * driven by a `ServiceDescriptor`.
 *
 * - create: the status first; if not enabled, the open action with a ClientToken drawn for this create
 *   and reused by every retry of it (Alibaba's contract: same token + same parameters = same result, no
 *   second effect). A later create (after `destroy`, a replacement, another stack) draws a new one, so
 *   it is never answered with the replay of an old success. The "already opened" answer counts as
 *   success; then a bounded wait until the status says enabled.
 * - read: reports `enabled`, so a service disabled out of band shows up as drift.
 * - update: opens a region that drifted to disabled again, with a new token.
 * - delete: Alibaba Cloud has no API to close these services; the service stays enabled, and the
 *   warning says so.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { isApiError } from "../client/errors";
import { settings, type Product } from "../client/config";
import { backoffDelay, pollUntil } from "../client/retry";
import { RpcClient, clientFor } from "../client/rpcClient";
import { FieldIssue, isUnknown } from "../schema/common";
import { warn } from "./engineLog";
import { newClientToken } from "./markedResource";
import { checkWithTable, configure } from "./providerKit";

export interface ServiceDescriptor {
  /** As users name the class: `vpc.TrafficMirrorService`. */
  resource: string;
  /** What it opens, as messages say it: `traffic mirroring`. */
  what: string;
  product: Product;
  /** The action reporting `Enabled`, and the one that opens the service. */
  statusAction: string;
  openAction: string;
  /** The answers of an open that mean "already opened". */
  alreadyOpen: RegExp;
  /** Starts the ClientTokens of opens (`pulumi-<prefix>-...`). */
  tokenPrefix: string;
  inputs: readonly string[];
  outputs: readonly string[];
  validate: (raw: Readonly<Record<string, unknown>>) => FieldIssue[];
}

/** What check hands to create and update: the region, the desired `enabled`, the URN for delete's warning. */
export type ServiceInputs = { region: string; enabled?: boolean; __urn?: string };

export interface ServiceOutputs {
  region: string;
  enabled: boolean;
  clientToken: string;
  /** Counts the opens this resource sent after its create. */
  generation: number;
  __urn?: string;
}

/**
 * The resource's URN, which the resource class hands over as the hidden input `__urn` and create and
 * update keep in the outputs, so that delete (which the engine gives no URN) can attach its warning to
 * the resource. State written before it carries none: the warning then goes to the stack.
 */
function urnOf(props: { __urn?: unknown } | undefined): { __urn?: string } {
  const urn = props?.__urn;
  return typeof urn === "string" && urn.startsWith("urn:pulumi:") ? { __urn: urn } : {};
}

/** The provider hooks of a regional service. */
export function serviceProvider(desc: ServiceDescriptor) {
  type RawInputs = Readonly<Record<string, unknown>>;

  async function isEnabled(client: RpcClient): Promise<boolean> {
    const body = await client.call(desc.statusAction, {});
    return body.Enabled === true || body.Enabled === "true";
  }

  async function open(client: RpcClient, token: string): Promise<void> {
    try {
      // Retrying with the same ClientToken is safe: the service returns the first result again.
      await client.call(desc.openAction, { ClientToken: token });
    } catch (e) {
      if (!isApiError(e, desc.alreadyOpen)) throw e;
    }
    const { waitMs: limit, retry } = settings();
    const policy = { ...retry, maxDelayMs: 10_000 };
    await pollUntil(async () => ((await isEnabled(client)) ? true : undefined), {
      limitMs: limit,
      delay: (attempt) => backoffDelay(attempt, policy),
      onTimeout: () =>
        new Error(
          `${desc.what} in ${client.region} was opened (ClientToken ${token}) but is still not enabled ` +
            `after ${Math.round(limit / 1000)} s. Check ${desc.statusAction} in the console, ` +
            `then run pulumi up again (it reads the status first and opens only a region ` +
            `that is not enabled); ALICLOUD_TRAFFIC_WAIT_MS raises the limit.`,
        ),
    });
  }

  async function check(olds: RawInputs, news: RawInputs): Promise<dynamic.CheckResult<ServiceInputs>> {
    // Stacks written by 0.1 carry a hidden per-resource token; it no longer means anything.
    const { __token: _legacyToken, ...given } = news ?? {};
    return checkWithTable<ServiceInputs>(
      {
        resource: desc.resource,
        inputs: desc.inputs,
        outputs: desc.outputs,
        validate: desc.validate,
        // The desired state, so that a preview of a re-open after drift shows `enabled: false => true`
        // (the engine displays old inputs against new ones; refresh records what it saw in the inputs).
        normalize: (inputs) => ({ ...inputs, enabled: true }),
      },
      olds,
      given,
    );
  }

  async function diff(_id: string, olds: ServiceOutputs, news: ServiceInputs): Promise<dynamic.DiffResult> {
    if (isUnknown(news.region) || news.region !== olds.region) return { changes: true, replaces: ["region"], deleteBeforeReplace: false };
    // A service seen disabled (after refresh) is opened again by an update.
    return { changes: olds.enabled === false, replaces: [] };
  }

  async function create(inputs: ServiceInputs): Promise<dynamic.CreateResult<ServiceOutputs>> {
    const region = inputs.region;
    const client = clientFor(desc.product, region);
    const token = newClientToken(desc.tokenPrefix);
    if (!(await isEnabled(client))) await open(client, token);
    return { id: region, outs: { region, enabled: true, clientToken: token, generation: 0, ...urnOf(inputs) } };
  }

  async function read(id: string, props?: ServiceOutputs): Promise<dynamic.ReadResult<ServiceOutputs>> {
    if (!props) return { id: "", props: undefined };
    const enabled = await isEnabled(clientFor(desc.product, props.region));
    // The SDK types a read's inputs as its outputs; they are the inputs a refresh writes back.
    const inputs = { region: props.region, enabled, ...urnOf(props) } as ServiceOutputs;
    return { id, props: { ...props, enabled }, inputs };
  }

  async function update(_id: string, olds: ServiceOutputs, news: ServiceInputs): Promise<dynamic.UpdateResult<ServiceOutputs>> {
    const client = clientFor(desc.product, olds.region);
    // A new open needs a new token: reusing the old one would replay the first result.
    const token = newClientToken(desc.tokenPrefix);
    if (!(await isEnabled(client))) await open(client, token);
    return { outs: { ...olds, enabled: true, clientToken: token, generation: (olds.generation ?? 0) + 1, ...urnOf(news) } };
  }

  async function deleteService(_id: string, props: ServiceOutputs): Promise<void> {
    await warn(
      `${desc.what} stays enabled in ${props.region}: Alibaba Cloud has no API to close the service, so removing ` +
        `${desc.resource} only drops it from the stack.`,
      urnOf(props).__urn,
    );
  }

  return { configure, check, diff, create, read, update, delete: deleteService } satisfies dynamic.ResourceProvider<
    ServiceInputs,
    ServiceOutputs
  >;
}
