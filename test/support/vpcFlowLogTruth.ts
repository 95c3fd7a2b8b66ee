/**
 * Ground truth for vpc.FlowLog stacks: what the emulator holds (its state and its journal), the marker
 * each flow log of a stack must carry (computed from the state's own identity, the way the provider
 * derives it), and the check that the cloud, the state and the outputs of a stack agree. Used by
 * test/e2e/vpcFlowLog.test.ts, the fault cells (test/faults/vpcFlowLog.test.ts) and the bench.
 */
import { createHash } from "crypto";
import type { EmulatorStateView, JournalEntry } from "../../emulator";
import { lineageToken } from "../../provider/internal/lineage";
import { parseMarker } from "../../provider/internal/marker";
import { VPC_FLOW_LOG_SERVICE_TYPE, VPC_FLOW_LOG_TYPE, canonical } from "../../provider/schema";
import { stateIdOf } from "./groundTruth";
import { Workspace, resourcesOfType } from "./pulumi";

/** A VPC flow log as the emulator's state view shows it (status now). */
export type CloudFlowLog = NonNullable<EmulatorStateView["vpcFlowLogs"][number]["flowLogs"]>[number];

/** Every VPC flow log the emulator holds (one being deleted is gone from the view), in creation order. */
export function vpcFlowLogs(view: EmulatorStateView): CloudFlowLog[] {
  return view.vpcFlowLogs.flatMap((r) => r.flowLogs ?? []);
}

/**
 * The inputs whose change replaces a vpc.FlowLog, in its field table's order. The marker's token is one
 * per generation: the lineage token and these values (provider/internal/markedProvider.ts, `markerToken`),
 * so a replacement that changes one of them carries a new token and is created before the old one goes.
 */
export const GENERATION_FIELDS = ["region", "resourceType", "resourceId", "trafficType", "projectName", "logStoreName", "trafficPaths"];

/** The token a vpc.FlowLog named `name` of the state with identity `stateId` carries for these values. */
export function expectedToken(stateId: string, name: string, values: Record<string, unknown>): string {
  const lineage = lineageToken(stateId, VPC_FLOW_LOG_TYPE, name);
  return createHash("sha256")
    .update(canonical(["generation", lineage, ...GENERATION_FIELDS.map((f) => values[f])]))
    .digest("hex")
    .slice(0, 16);
}

/** The resource's name: the last segment of its URN. */
export const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

export interface Agreement {
  state: any;
  /** Resource name -> flow log id. */
  ids: Record<string, string>;
  /** Resource name -> the marker token its flow log carries. */
  tokens: Record<string, string>;
  /** Resource name -> its flow log in the cloud. */
  cloud: Record<string, CloudFlowLog>;
}

export interface AgreeOptions {
  /** Flow logs of other stacks (or made in the console) that share the emulator: each must be exactly as given. */
  others?: CloudFlowLog[];
  /** Also compare with the stack outputs `<name>.flowLogId` (test/programs/declared): not after a refresh, which keeps them. */
  outputs?: boolean;
  /** Resources whose marker was edited away out of band (a refresh flagged it; the next up writes it back). */
  markerLost?: string[];
  /** Whether the stack declares one vpc.FlowLogService (in `region`). */
  service?: string | false;
}

/**
 * The stack's flow logs are exactly `names`, and the cloud agrees: the ids in the cloud (besides
 * `others`, which are untouched) = the ids in the state = the stack outputs; each flow log carries the
 * marker of its resource in this state (computed from the state identity, its name and what it records),
 * the state's description is the user's (without the marker), and its status is the cloud's; one flow
 * log per marker in the whole cloud; no pending operation.
 */
export async function expectVpcFlowLogsAgree(
  emulator: { state(): EmulatorStateView },
  ws: Workspace,
  names: string[],
  opts: AgreeOptions = {},
): Promise<Agreement> {
  const { others = [], outputs = true, markerLost = [], service = "cn-hangzhou" } = opts;
  const state = await ws.exportState();
  expect(state.deployment.pending_operations ?? []).toEqual([]);
  const inState = resourcesOfType(state, VPC_FLOW_LOG_TYPE);
  expect(inState.map((r: any) => nameOf(r.urn)).sort()).toEqual([...names].sort());
  const ids = Object.fromEntries(inState.map((r: any) => [nameOf(r.urn), r.id as string]));

  if (outputs) {
    const out = await ws.outputs();
    const exported = Object.fromEntries(
      Object.entries(out)
        .filter(([k]) => k.endsWith(".flowLogId"))
        .map(([k, v]) => [k.slice(0, -".flowLogId".length), v]),
    );
    expect(exported).toEqual(ids);
  }

  const all = vpcFlowLogs(emulator.state());
  const otherIds = new Set(others.map((o) => o.flowLogId));
  // Another stack's (or the console's) flow logs are exactly as they were.
  const byIdOrder = (a: CloudFlowLog, b: CloudFlowLog) => a.flowLogId.localeCompare(b.flowLogId);
  expect(all.filter((f) => otherIds.has(f.flowLogId)).sort(byIdOrder)).toEqual([...others].sort(byIdOrder));
  const mine = all.filter((f) => !otherIds.has(f.flowLogId));
  expect(mine.map((f) => f.flowLogId).sort()).toEqual(Object.values(ids).sort());

  const stateId = stateIdOf(state);
  const byId = new Map(mine.map((f) => [f.flowLogId, f]));
  const tokens: Record<string, string> = {};
  const cloud: Record<string, CloudFlowLog> = {};
  for (const r of inState) {
    const name = nameOf(r.urn);
    const item = byId.get(r.id)!;
    cloud[name] = item;
    expect({ name, lineage: r.outputs.__token }).toEqual({ name, lineage: lineageToken(stateId, VPC_FLOW_LOG_TYPE, name) });
    const token = expectedToken(stateId, name, r.outputs);
    const seen = parseMarker(item.description);
    if (markerLost.includes(name)) {
      expect({ name, token: seen.token, flagged: r.outputs.__markerLost }).toEqual({ name, token: undefined, flagged: true });
    } else {
      expect({ name, token: seen.token }).toEqual({ name, token });
      tokens[name] = token;
    }
    // Outputs show the user's description, never the marker; status and settings as the cloud has them.
    expect({ name, description: r.outputs.description, status: r.outputs.status, resourceId: r.outputs.resourceId }).toEqual({
      name,
      description: seen.description,
      status: item.status,
      resourceId: item.resourceId,
    });
  }
  // One flow log per marker, across every stack sharing the emulator.
  const markers = all.map((f) => parseMarker(f.description).token).filter((t): t is string => t !== undefined);
  expect(markers.filter((t, i) => markers.indexOf(t) !== i)).toEqual([]);

  if (service !== false) {
    const services = resourcesOfType(state, VPC_FLOW_LOG_SERVICE_TYPE).map((r: any) => [r.id, r.outputs.enabled]);
    expect(services).toEqual([[service, true]]);
    expect(emulator.state().vpcFlowLogs.find((r) => r.regionId === service)?.enabled).toBe(true);
  }
  return { state, ids, tokens, cloud };
}

/** After destroy: none of the stack's flow logs (or its service) in the state, only `others` in the cloud. */
export async function expectVpcFlowLogsGone(emulator: { state(): EmulatorStateView }, ws: Workspace, others: CloudFlowLog[] = []) {
  const state = await ws.exportState();
  expect(state.deployment.pending_operations ?? []).toEqual([]);
  expect(resourcesOfType(state, VPC_FLOW_LOG_TYPE)).toEqual([]);
  expect(resourcesOfType(state, VPC_FLOW_LOG_SERVICE_TYPE)).toEqual([]);
  const byIdOrder = (a: CloudFlowLog, b: CloudFlowLog) => a.flowLogId.localeCompare(b.flowLogId);
  expect(vpcFlowLogs(emulator.state()).sort(byIdOrder)).toEqual([...others].sort(byIdOrder));
}

/** DescribeFlowLogs of the whole region (a page of the listing), not a lookup by id or by name. */
export const isListing = (e: JournalEntry) =>
  e.action === "DescribeFlowLogs" && e.params.FlowLogId === undefined && e.params.FlowLogName === undefined;
/** DescribeFlowLogs of one id: a lookup, or a poll while a transition runs. */
export const isLookup = (e: JournalEntry) => e.action === "DescribeFlowLogs" && e.params.FlowLogId !== undefined;
/** A call that changes something (not a Describe/Get/List read). */
export const isMutation = (e: JournalEntry) => typeof e.action === "string" && !/^(Describe|Get|List)/.test(e.action);

/** The parameters a call carried for the API, without the common ones and the region. */
export function businessParams(e: JournalEntry): Record<string, unknown> {
  const common = [
    "Action",
    "Version",
    "Format",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "SignatureType",
    "RegionId",
  ];
  return Object.fromEntries(Object.entries(e.params).filter(([k]) => !common.includes(k)));
}

/** Calls of an operation by kind: what the report and the bench show. */
export interface Tally {
  total: number;
  listing: number;
  lookups: number;
  /** Every other action, by name. */
  actions: Record<string, number>;
}

export function tally(journal: JournalEntry[]): Tally {
  const actions: Record<string, number> = {};
  for (const e of journal) {
    const action =
      e.action === "DescribeFlowLogs" && e.params.FlowLogName !== undefined ? "DescribeFlowLogs by name" : (e.action ?? "(unparsed)");
    if (!isListing(e) && !isLookup(e)) actions[action] = (actions[action] ?? 0) + 1;
  }
  return { total: journal.length, listing: journal.filter(isListing).length, lookups: journal.filter(isLookup).length, actions };
}

export function tallyText(t: Tally): string {
  const rest = Object.entries(t.actions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([a, n]) => `${n} ${a}`);
  return [`${t.total} calls`, `${t.listing} listing`, `${t.lookups} lookups/polls`, ...rest].join(", ");
}
