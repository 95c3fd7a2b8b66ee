// Quickstart: every resource of the package in one region.
// - a Smart Access Gateway flow log sending one SAG's flow records to SLS and a NetFlow collector;
// - VPC flow logs opened in the region and recording a whole VPC into SLS;
// - traffic mirroring opened in the region, a filter (HTTPS in, private traffic out) and a session
//   mirroring one ENI to a collector ENI.
// Region, credentials and endpoints come from stack config or the environment (`npm start` points them
// at the local emulator, whose seeded SAGs, VPCs and ENIs are the defaults below).
import * as pulumi from "@pulumi/pulumi";
import { sag, vpc } from "pulumi-alicloud-traffic";

const config = new pulumi.Config();
const sagId = config.get("sagId") ?? "sag-demohangzhou000001";
// The NetFlow collector; the policy pack allows only private addresses (flowlog-private-netflow-collector).
const netflowCollector = config.get("netflowCollector") ?? "10.0.0.5";
const vpcId = config.get("vpcId") ?? "vpc-demohangzhou0001";
const sourceEni = config.get("sourceEni") ?? "eni-demohangzhou0001";
const collectorEni = config.get("collectorEni") ?? "eni-demohangzhou0006";

const edge = new sag.FlowLog("edge", {
  description: "edge traffic of the Hangzhou branch",
  outputType: "all",
  activeAging: 300,
  inactiveAging: 15,
  slsRegionId: "cn-shanghai",
  projectName: "netlogs",
  logstoreName: "sag",
  netflowServerIp: netflowCollector,
  netflowServerPort: 9995,
  netflowVersion: "V9",
  smartAgIds: [sagId],
  status: "Active",
});

// VPC flow logs must be opened in the region first (once; it cannot be closed again).
const flowLogs = new vpc.FlowLogService("flow-logs", {});
const network = new vpc.FlowLog(
  "network",
  {
    resourceType: "VPC",
    resourceId: vpcId,
    trafficType: "All",
    projectName: "netlogs",
    logStoreName: "vpc",
    aggregationInterval: 10,
    description: "every ENI of the VPC",
  },
  { dependsOn: [flowLogs] },
);

// Traffic mirroring must be opened in the region first (once; it cannot be closed again).
const mirror = new vpc.TrafficMirrorService("mirror", {});
const web = new vpc.TrafficMirrorFilter(
  "web",
  {
    description: "HTTPS in from anywhere, everything out to the private network",
    ingressRules: [
      { priority: 1, protocol: "TCP", action: "accept", destinationPortRange: "443/443" },
      { priority: 2, protocol: "ALL", action: "drop" },
    ],
    // Open in one direction only: the policy pack stops a filter that accepts every address both ways.
    egressRules: [{ priority: 1, protocol: "ALL", action: "accept", destinationCidrBlock: "10.0.0.0/8" }],
  },
  { dependsOn: [mirror] },
);
const session = new vpc.TrafficMirrorSession(
  "web",
  { sourceIds: [sourceEni], targetId: collectorEni, filterId: web.trafficMirrorFilterId, priority: 1, enabled: true },
  { dependsOn: [mirror] },
);

export const flowLogId = edge.flowLogId;
export const flowLogName = edge.name;
export const flowLogStatus = edge.status;
export const associatedSags = edge.smartAgIds;
export const vpcFlowLogId = network.flowLogId;
export const vpcFlowLogStatus = network.status;
export const mirroringRegion = mirror.region;
export const mirroringEnabled = mirror.enabled;
export const filterId = web.trafficMirrorFilterId;
export const sessionId = session.trafficMirrorSessionId;
export const virtualNetworkId = session.virtualNetworkId;
