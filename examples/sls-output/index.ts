// Flow records of Smart Access Gateway (SAG) instances, sent to Alibaba Cloud Log Service (SLS) only.
// The SLS project and logstore must already exist; this program does not create them.
import * as pulumi from "@pulumi/pulumi";
import { sag } from "pulumi-alicloud-traffic";

const config = new pulumi.Config();
// Every setting has a default that works against the local emulator.
const sagIds = config.getObject<string[]>("sagIds") ?? ["sag-demohangzhou000002"];

const flowLog = new sag.FlowLog("to-sls", {
  description: "SAG flow records for Log Service",
  outputType: "sls",
  slsRegionId: config.get("slsRegionId") ?? "cn-shanghai",
  projectName: config.get("slsProject") ?? "netlogs",
  logstoreName: config.get("slsLogstore") ?? "sag-flows",
  // Optional, shown with their defaults: flush active flows every 300 s, idle flows after 15 s.
  activeAging: config.getNumber("activeAging") ?? 300,
  inactiveAging: config.getNumber("inactiveAging") ?? 15,
  smartAgIds: sagIds,
});

export const flowLogId = flowLog.flowLogId;
export const flowLogName = flowLog.name;
export const status = flowLog.status;
export const destination = pulumi.interpolate`sls://${flowLog.slsRegionId}/${flowLog.projectName}/${flowLog.logstoreName}`;
export const associatedSags = flowLog.smartAgIds;
