/**
 * Inputs of `vpc.FlowLogService`: VPC flow logs opened in one region (OpenFlowLogService), one resource
 * per region, like `vpc.TrafficMirrorService`.
 */
import { FieldIssue } from "./common";
import { CheckedInputs, FieldTable, Flat, OutputTable, REGION_REQUIRED, absent, fieldIssues, fieldNames } from "./fieldTable";
import { trafficMirrorServiceFields } from "./trafficMirrorService";

/** The field table (see `fieldTable.ts`): one input, whose change replaces the resource. */
export const vpcFlowLogServiceFields = { region: trafficMirrorServiceFields.region } as const satisfies FieldTable;

/** The outputs that are not inputs (see `OutputSpec`); the region is also the resource id. */
export const vpcFlowLogServiceOutputs = {
  enabled: {
    doc: "Whether VPC flow logs are enabled, as last seen (`false` after a refresh: disabled out of band; the next `up` opens them again).",
  },
  clientToken: { doc: "The ClientToken drawn by the last create or re-open (sent only when the region was not enabled yet)." },
  generation: { doc: "How many re-opens this resource sent (0 for the create)." },
} as const satisfies OutputTable;

export const VPC_FLOW_LOG_SERVICE_INPUTS = fieldNames(vpcFlowLogServiceFields);
export const VPC_FLOW_LOG_SERVICE_OUTPUTS = fieldNames(vpcFlowLogServiceOutputs);

export type VpcFlowLogServiceInputs = Flat<CheckedInputs<typeof vpcFlowLogServiceFields>>;

export function validateVpcFlowLogServiceInputs(raw: Readonly<Record<string, unknown>>): FieldIssue[] {
  return absent(raw.region) ? [REGION_REQUIRED] : fieldIssues(vpcFlowLogServiceFields, raw);
}
