/**
 * The pure half of the flow log provider: `check` and `diff`. No API calls, unknown values
 * tolerated (preview), and defaults normalized so that a second `up` shows no changes.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import {
  FLOW_LOG_COMPUTED_OUTPUTS,
  FLOW_LOG_INPUTS,
  changedFields,
  flowLogFields,
  flowLogGroupsInUse,
  isUnknown,
  unknownInputIssues,
  validateFlowLogInputs,
  withFlowLogDefaults,
} from "../schema";
import { checkFailures, noteChecked, replacesOf, uniqueIssues, withRegion } from "../internal/providerKit";
import { FlowLogOutputs, MARKER_LOST, PreviewInputs, ProviderInputs, RawInputs } from "./flowLogTypes";

/** Flow log ids as the API makes them (`fl-` and lowercase letters and digits). */
const FLOW_LOG_ID = /^fl-[a-z0-9]{6,32}$/;

/** Fills defaults, the region and the auto-name; leaves unknowns untouched. */
export function normalize(raw: RawInputs, olds?: RawInputs): ProviderInputs {
  const out = withRegion(withFlowLogDefaults({ ...raw }), olds) as ProviderInputs;
  // The auto-name sticks to the resource, as Pulumi's autonaming does: renaming the stack (which
  // changes the name the program would derive) does not rename existing flow logs.
  if (typeof olds?.__autoName === "string" && !isUnknown(olds.__autoName)) out.__autoName = olds.__autoName;
  if (out.name === undefined && out.__autoName !== undefined) out.name = out.__autoName;
  if (Array.isArray(out.smartAgIds) && !out.smartAgIds.some(isUnknown)) out.smartAgIds = [...out.smartAgIds].sort();
  return out;
}

export async function check(olds: RawInputs, news: RawInputs): Promise<dynamic.CheckResult<ProviderInputs>> {
  const inputs = normalize(news, olds && Object.keys(olds).length ? olds : undefined);
  const issues = [
    ...unknownInputIssues(news ?? {}, "sag.FlowLog", FLOW_LOG_INPUTS, FLOW_LOG_COMPUTED_OUTPUTS),
    ...validateFlowLogInputs(inputs, { requireRegion: true, forCheck: true }),
  ];
  const adoptId: unknown = inputs.adoptId;
  if (adoptId !== undefined && !isUnknown(adoptId) && (typeof adoptId !== "string" || !FLOW_LOG_ID.test(adoptId))) {
    issues.push({ field: "adoptId", value: adoptId, rule: 'must be the id of an existing flow log, such as "fl-7a56mar1kfw9vj2x4s"' });
  }
  // A SAG another flow log of the deployment lists (only once the flow log's own SAG list is valid).
  if (!issues.some((i) => i.field.startsWith("smartAgIds"))) issues.push(...uniqueIssues("sag.FlowLog", flowLogFields, inputs));
  noteChecked(inputs);
  return { inputs, failures: checkFailures(issues) };
}

export async function diff(_id: string, olds: FlowLogOutputs, news: PreviewInputs): Promise<dynamic.DiffResult> {
  const o = normalize(olds);
  // While the output type is unknown, every destination field may change.
  const inUse = isUnknown(news.outputType) ? "unknown" : flowLogGroupsInUse(news.outputType);
  const changed = changedFields(flowLogFields, o, news, inUse, isUnknown);
  // A refresh saw the description without our marker: `up` writes it back (an update).
  if (olds[MARKER_LOST]) changed.push("description");
  // Always delete before replacing: one flow log per marker, and a SAG feeds only one flow log.
  return { changes: changed.length > 0, replaces: replacesOf(flowLogFields, changed, news.__replaceOnChanges), deleteBeforeReplace: true };
}
