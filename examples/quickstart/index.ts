// Quickstart: enable traffic mirroring in a region and send one SAG's flow records to SLS and a
// NetFlow collector. Region, credentials and endpoints come from stack config or the environment
// (`npm start` points them at the local emulator).
import * as pulumi from "@pulumi/pulumi";
import { sag, vpc } from "pulumi-alicloud-traffic";

const config = new pulumi.Config();
const sagId = config.get("sagId") ?? "sag-demohangzhou000001";

const mirror = new vpc.TrafficMirrorService("mirror", {});

const edge = new sag.FlowLog("edge", {
  description: "edge traffic of the Hangzhou branch",
  outputType: "all",
  activeAging: 300,
  inactiveAging: 15,
  slsRegionId: "cn-shanghai",
  projectName: "netlogs",
  logstoreName: "sag",
  netflowServerIp: "10.0.0.5",
  netflowServerPort: 9995,
  netflowVersion: "V9",
  smartAgIds: [sagId],
  status: "Active",
});

export const flowLogId = edge.flowLogId;
export const flowLogName = edge.name;
export const flowLogStatus = edge.status;
export const associatedSags = edge.smartAgIds;
export const mirroringRegion = mirror.region;
export const mirroringEnabled = mirror.enabled;
