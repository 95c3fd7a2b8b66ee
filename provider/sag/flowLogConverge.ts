/**
 * Convergence of what CreateFlowLog and ModifyFlowLogAttribute do not set: a flow log's status
 * (Active/DeactiveFlowLog) and its SAG associations (Associate/DisassociateFlowLog), step by step,
 * each step recorded as it succeeds so that a failure part-way leaves an exact state.
 */
import { isApiError } from "../client/errors";
import { Budget, retry } from "../client/retry";
import { RpcClient } from "../client/rpcClient";
import { settings } from "../client/config";
import type { FlowLogStatus } from "../schema";
import { viewOf } from "../internal/cloudView";
import { sagFlowLogApi } from "./flowLogApi";
import { otherClaimants } from "../internal/providerKit";
import type { FlowLogOutputs, ProviderInputs } from "./flowLogTypes";

/** How often AssociateFlowLog is tried while another flow log still holds the SAG. */
const ASSOCIATE_ATTEMPTS = 6;

/** What a create or an update has done so far (see `partialFailure` in flowLogCreate.ts). */
export interface Progress {
  outs: Partial<FlowLogOutputs>;
}

/**
 * Brings status and SAG associations of an existing flow log to the desired state, recording each
 * step in `progress` as it succeeds.
 */
export async function converge(
  client: RpcClient,
  id: string,
  desired: ProviderInputs,
  current: { status?: string; smartAgIds?: string[] },
  progress?: Progress,
): Promise<{ status: FlowLogStatus; smartAgIds?: string[] }> {
  const note = (patch: Partial<FlowLogOutputs>) => progress && Object.assign(progress.outs, patch);
  let status = (current.status ?? "Active") as FlowLogStatus;
  try {
    if (desired.status !== undefined && desired.status !== status) {
      await setStatus(client, id, desired.status);
      status = desired.status;
      note({ status });
    }
    let smartAgIds = current.smartAgIds;
    if (desired.smartAgIds !== undefined) {
      const want = desired.smartAgIds;
      const have = new Set(current.smartAgIds ?? []);
      const record = () => note({ smartAgIds: [...have].sort(), totalSagNum: have.size });
      for (const sag of [...have].filter((s) => !want.includes(s))) {
        await disassociate(client, id, sag);
        have.delete(sag);
        record();
      }
      for (const sag of want.filter((s) => !have.has(s))) {
        await associate(client, id, sag, desired.__token);
        have.add(sag);
        record();
      }
      smartAgIds = [...have].sort();
    }
    return { status, smartAgIds };
  } finally {
    viewOf(client, sagFlowLogApi).invalidate();
  }
}

async function setStatus(client: RpcClient, id: string, status: FlowLogStatus): Promise<void> {
  try {
    await client.call(status === "Active" ? "ActiveFlowLog" : "DeactiveFlowLog", { FlowLogId: id });
  } catch (e) {
    // Already in the requested state (a retried call that had committed, or an undocumented start state).
    if (!isApiError(e, "IncorrectStatus.FlowLog")) throw e;
  }
}

async function associate(client: RpcClient, id: string, sag: string, token?: string): Promise<void> {
  await retry(() => client.call("AssociateFlowLog", { FlowLogId: id, SmartAGId: sag }).then(() => undefined), {
    policy: settings().retry,
    // The client retries transient failures itself; these attempts wait for a SAG another flow log holds.
    budget: new Budget(ASSOCIATE_ATTEMPTS),
    delayStep: (attempt) => attempt + 1,
    retryIf: async (e) => {
      if (!isApiError(e, "OperationFailed.AssociateFlowLog")) {
        if (isApiError(e, "InvalidSmartAGId.NotFound")) {
          throw e.rephrase(
            `smartAgIds: SAG ${sag} does not exist in region ${client.region} (InvalidSmartAGId.NotFound). ` +
              `Check the id and the flow log's region.`,
          );
        }
        if (isApiError(e, "OperationUnsupported.AssociateFlowLog")) {
          throw e.rephrase(
            `smartAgIds: SAG ${sag} cannot send flow logs: its device model or version does not support it ` +
              `(OperationUnsupported.AssociateFlowLog). Remove it from smartAgIds.`,
          );
        }
        return false;
      }
      // Either a retry of our own committed call, or another flow log still holds the SAG (e.g.
      // a move between two flow logs whose disassociate runs in parallel). Look, then wait.
      if ((await sagIds(client, id)).includes(sag)) return { done: undefined };
      // Another flow log of this deployment wants the same SAG: waiting cannot help, say which.
      const others = otherClaimants("sag.FlowLog", "smartAgIds", client.region, sag, token);
      if (others.length > 0) {
        throw e.rephrase(
          `smartAgIds: SAG ${sag} is also listed in smartAgIds of flow log ${others.map((n) => JSON.stringify(n)).join(", ")} ` +
            `in this stack, and a SAG can feed only one flow log (OperationFailed.AssociateFlowLog). Remove it from one of them, ` +
            `then run pulumi up again. ` +
            `The policy pack's flowlog-unique-sag-association policy reports this at preview ` +
            `(pulumi preview --policy-pack node_modules/pulumi-alicloud-traffic/policy-pack).`,
        );
      }
      return true;
    },
    onGiveUp: (e) =>
      isApiError(e, "OperationFailed.AssociateFlowLog")
        ? e.rephrase(
            `smartAgIds: SAG ${sag} is already associated with another flow log, and a SAG can feed only one flow log ` +
              `(OperationFailed.AssociateFlowLog). Remove it from the other flow log first (DisassociateFlowLog, or the SAG console), ` +
              `then run pulumi up again.`,
          )
        : e,
  });
}

export async function disassociate(client: RpcClient, id: string, sag: string): Promise<void> {
  try {
    await client.call("DisassociateFlowLog", { FlowLogId: id, SmartAGId: sag });
  } catch (e) {
    // Gone, or not bound to this flow log any more: the goal is reached either way.
    if (isApiError(e, /^(InvalidSmartAGId\.NotFound|IncorrectStatus\.FlowLog|InvalidFlowLogId\.NotFound)$/)) return;
    if ((await sagIds(client, id)).includes(sag)) throw e;
  }
}

/** SAG ids bound to a flow log (DescribeFlowLogSags, 50 per page). */
export async function sagIds(client: RpcClient, flowLogId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 1; ; n++) {
    const body = await client.call("DescribeFlowLogSags", { FlowLogId: flowLogId, PageNumber: n, PageSize: 50 });
    const sags = body?.Sags?.Sag;
    const list: Array<{ SmartAGId: unknown }> = Array.isArray(sags) ? sags : [];
    ids.push(...list.map((s) => String(s.SmartAGId)));
    if (list.length < 50 || ids.length >= Number(body.TotalCount ?? 0)) return ids;
  }
}
