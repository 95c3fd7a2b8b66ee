// One flow log that sends flow records to Log Service and to a NetFlow collector (`outputType: "all"`),
// fed by a list of Smart Access Gateway (SAG) instances, with its status managed from stack config.
//
//   pulumi config set sagIds '["sag-demohangzhou000005","sag-demohangzhou000006","sag-demohangzhou000007"]'
//   pulumi config set status Inactive     # stop sending, keep the flow log
//
// Associations follow `smartAgIds` exactly: SAGs added to the list are associated, SAGs removed from it
// are disassociated (`[]` removes them all). Each SAG can feed only one flow log.
import * as pulumi from "@pulumi/pulumi";
import { sag, schema } from "pulumi-alicloud-traffic";

const config = new pulumi.Config();
const sagIds = config.getObject<string[]>("sagIds") ?? ["sag-demohangzhou000005", "sag-demohangzhou000006"];
// `Active` sends records, `Inactive` pauses the flow log without deleting it.
const status = config.get<schema.FlowLogStatus>("status", { allowedValues: ["Active", "Inactive"] }) ?? "Active";

const branches = new sag.FlowLog("branches", {
  description: "branch offices: SLS for retention, NetFlow for live dashboards",
  outputType: "all",
  activeAging: 120,
  inactiveAging: 30,
  slsRegionId: config.get("slsRegionId") ?? "cn-shanghai",
  projectName: config.get("slsProject") ?? "netlogs",
  logstoreName: config.get("slsLogstore") ?? "branches",
  netflowServerIp: config.get("collectorIp") ?? "192.168.10.20",
  netflowServerPort: 9995,
  netflowVersion: "V10",
  smartAgIds: sagIds,
  status,
});

export const flowLogId = branches.flowLogId;
export const flowLogStatus = branches.status;
export const associatedSags = branches.smartAgIds;
export const totalSagNum = branches.totalSagNum;
export const resourceGroupId = branches.resourceGroupId;
