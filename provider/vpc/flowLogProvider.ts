/**
 * The implementation behind `vpc.FlowLog`: its descriptor, and nothing of its own. The field table
 * (schema/vpcFlowLog.ts) and the marker protocol's provider (internal/markedProvider.ts) do the rest.
 *
 * CreateFlowLog takes no ClientToken, so the flow log carries the idempotency marker and a create is
 * sent at most once per outcome known (a lookup by name after an ambiguous failure). Every change is
 * asynchronous (Activating, Modifying, Deactivating, Deleting), awaited, bounded. The marker's token is
 * one per generation (the values of the fields whose change replaces it); replacements delete first
 * (internal/markedProvider.ts says why).
 */
import { validateVpcFlowLogInputs, vpcFlowLogFields, vpcFlowLogOutputs, withVpcFlowLogDefaults } from "../schema";
import type { ApiItem, MarkedDescriptor } from "../internal/descriptor";
import { markedProvider } from "../internal/markedProvider";

/** The descriptor: what the marker protocol needs to know of VPC flow logs (vpc 2016-04-28). */
export const vpcFlowLogApi: MarkedDescriptor = {
  resource: "vpc.FlowLog",
  what: "VPC flow log",
  product: "vpc",
  list: {
    paging: "pages",
    action: "DescribeFlowLogs",
    pageSize: 50,
    items: (body) => ((body.FlowLogs as { FlowLog?: ApiItem[] } | undefined)?.FlowLog ?? []) as ApiItem[],
    byId: (id) => ({ FlowLogId: id, PageSize: 50 }),
    byName: (name) => ({ FlowLogName: name }),
  },
  keys: { id: "FlowLogId", name: "FlowLogName", description: "Description", status: "Status" },
  idPattern: /^fl-[a-z0-9]{6,32}$/,
  // A missing flow log: InvalidInstanceId.NotFound (Active, Deactive, Modify), InvalidInstanceId (Delete), HTTP 400.
  notFound: /^InvalidInstanceId(\.NotFound)?$/,
  actions: { create: "CreateFlowLog", delete: "DeleteFlowLog", modify: "ModifyFlowLogAttribute" },
  // The answers Terraform retries for these actions: a transition running, a concurrent change, a busy service.
  busy: /^(IncorrectStatus\.flowlog|IncorrectStatus|InvalidStatus|OperationConflict|TaskConflict|LastTokenProcessing|OperationFailed\.LastTokenProcessing|SystemBusy)$/,
  settled: (item) => item.Status === "Active" || item.Status === "Inactive",
  deleting: "Deleting",
  waitForDelete: true,
  notOpened: {
    code: /FlowLogServiceNotOpened|FlowLogService.*(NotOpen|NotActivated)/i,
    advice: (region) =>
      `VPC flow logs are not opened in ${region}: add a vpc.FlowLogService for ${region} to the program ` +
      `(and let this resource depend on it, e.g. \`dependsOn: [flowLogService]\`), then run \`pulumi up\` again`,
  },
  statusActions: { Active: "ActiveFlowLog", Inactive: "DeactiveFlowLog" },
  tagResourceType: "FLOWLOG",
};

/** The provider; the module's exports below are what the shim forwards to. */
export const vpcFlowLogProvider = markedProvider({
  api: vpcFlowLogApi,
  fields: vpcFlowLogFields,
  outputs: vpcFlowLogOutputs,
  validate: validateVpcFlowLogInputs,
  normalize: withVpcFlowLogDefaults,
  generations: true,
});
export const { configure, check, diff, create, read, update } = vpcFlowLogProvider;
// `delete` is a reserved word, so the export is aliased.
const deleteFlowLog = vpcFlowLogProvider.delete;
export { deleteFlowLog as delete };
/** The descriptor, under the name every implementation exports it by (tests and tools read it). */
export const api = vpcFlowLogApi;
