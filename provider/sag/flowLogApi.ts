/**
 * The descriptor of SAG flow logs (smartag 2018-03-13): what the idempotency-marker protocol
 * (internal/markedResource.ts) needs to know of them. No ClientToken on any flow-log action, so a create
 * is sent at most once per outcome it knows of; no transitions to wait for (the status is Active or
 * Inactive at once).
 */
import type { ApiItem, MarkedDescriptor } from "../internal/descriptor";

export const sagFlowLogApi: MarkedDescriptor = {
  resource: "sag.FlowLog",
  what: "flow log",
  product: "smartag",
  list: {
    paging: "pages",
    action: "DescribeFlowLogs",
    pageSize: 50,
    items: (body) => ((body.FlowLogs as { FlowLogSetType?: ApiItem[] } | undefined)?.FlowLogSetType ?? []) as ApiItem[],
    byId: (id) => ({ FlowLogId: id, PageSize: 50 }),
    byName: (name) => ({ FlowLogName: name }),
  },
  keys: { id: "FlowLogId", name: "Name", description: "Description", status: "Status" },
  idPattern: /^fl-[a-z0-9]{6,32}$/,
  notFound: /^InvalidFlowLogId\.NotFound$/,
  actions: { create: "CreateFlowLog", delete: "DeleteFlowLog", modify: "ModifyFlowLogAttribute" },
};
