/**
 * The flow log's inputs on the wire and back, generated from the field table: CreateFlowLog /
 * ModifyFlowLogAttribute parameters for the desired settings, and a DescribeFlowLogs item in input
 * shape. Only the marker in the description is written by hand.
 */
import type { Params } from "../client/rpcClient";
import { FlowLogField, flowLogFields, flowLogGroupsInUse, wireFields } from "../schema";
import { fromWire, toWire } from "../schema/fieldTable";
import { compact, pick } from "../internal/providerKit";
import { parseMarker, withMarker } from "./marker";
import type { FlowLogItem, FlowLogOutputs, ProviderInputs } from "./flowLogTypes";

/** The fields ModifyFlowLogAttribute sets (every wire field: all inputs but region, status and SAGs). */
export const SETTINGS: readonly FlowLogField[] = wireFields(flowLogFields);

/** CreateFlowLog / ModifyFlowLogAttribute parameters for the desired settings, the marker in the description. */
export function settingsParams(n: Partial<ProviderInputs>, token: string): Params {
  const params = toWire(flowLogFields, n, flowLogGroupsInUse(n.outputType)) as Params;
  params.Description = withMarker(n.description, token);
  return params;
}

/** The user-facing view of what the API reports, in input shape (used by read and adoption). */
export function fromItem(item: FlowLogItem, region: string, previous: Partial<FlowLogOutputs>): Partial<FlowLogOutputs> {
  const wire = item as unknown as Record<string, unknown>;
  const settings = fromWire(flowLogFields, wire, previous, flowLogGroupsInUse(item.OutputType));
  const out: Partial<FlowLogOutputs> = {
    ...settings,
    region,
    description: parseMarker(item.Description).description,
    status: (item.Status as FlowLogOutputs["status"] | undefined) ?? previous.status,
    flowLogId: item.FlowLogId,
    resourceGroupId: item.ResourceGroupId ?? previous.resourceGroupId,
    totalSagNum: Number(item.TotalSagNum ?? 0),
  };
  return compact(out);
}

/** The settings ModifyFlowLogAttribute sets, as desired. */
export function settingsOf(n: ProviderInputs): Partial<ProviderInputs> {
  return pick(n, SETTINGS);
}

/** True if ModifyFlowLogAttribute must run to turn `current` into `n`. */
export function settingsDiffer(n: Partial<ProviderInputs>, current: Partial<ProviderInputs>): boolean {
  const inUse = flowLogGroupsInUse(n.outputType);
  return SETTINGS.some((f) => inUse(flowLogFields[f].group) && (n[f] ?? undefined) !== (current[f] ?? undefined));
}
