// VPC flow logs at the three scopes Alibaba Cloud offers, into one SLS Logstore: a whole VPC, one vSwitch
// and one elastic network interface (ENI). VPC flow logs are opened in the region first
// (`vpc.FlowLogService`), and every flow log depends on it. Every setting comes from stack config; the
// defaults are the emulator's seeded network in cn-hangzhou.
//
//   pulumi config set aggregationInterval 1         # minutes: 1, 5 or 10; changed in place
//   pulumi config set eniStatus Inactive            # stop recording the ENI, keep its flow log
//   pulumi config set vSwitchId vsw-demohangzhou0002   # replaces that flow log: the old one goes first, then the new one
import * as pulumi from "@pulumi/pulumi";
import { schema, vpc } from "pulumi-alicloud-traffic";

const config = new pulumi.Config();
const region = config.get("region") ?? "cn-hangzhou";
const vpcId = config.get("vpcId") ?? "vpc-demohangzhou0001";
const vSwitchId = config.get("vSwitchId") ?? "vsw-demohangzhou0001";
const eniId = config.get("eniId") ?? "eni-demohangzhou0001";
// The SLS project and Logstore must exist (the package creates neither); flow records land there.
const projectName = config.get("projectName") ?? "vpc-flowlogs";
const logStoreName = config.get("logStoreName") ?? "flows";
const trafficType = config.get<schema.TrafficType>("trafficType", { allowedValues: [...schema.TRAFFIC_TYPES] }) ?? "All";
// 1, 5 or 10 (minutes); preview stops any other value (the provider's check).
const aggregationInterval = (config.getNumber("aggregationInterval") ?? 10) as schema.AggregationInterval;
const tags = config.getObject<Record<string, string>>("tags") ?? { team: "network" };
const status = (key: string) => config.get<schema.FlowLogStatus>(key, { allowedValues: [...schema.FLOW_LOG_STATUSES] }) ?? "Active";

// Flow logs need the service opened in their region. Alibaba Cloud cannot close it again: destroying
// this resource leaves VPC flow logs enabled (destroy says so).
const service = new vpc.FlowLogService(`flow-logs-${region}`, { region });

const common = { region, trafficType, projectName, logStoreName, aggregationInterval, tags };

// Every ENI of the VPC.
const wholeVpc = new vpc.FlowLog(
  "vpc",
  { ...common, resourceType: "VPC", resourceId: vpcId, description: "every ENI of the VPC", status: status("vpcStatus") },
  { dependsOn: [service] },
);

// Every ENI of one vSwitch.
const vSwitch = new vpc.FlowLog(
  "vswitch",
  { ...common, resourceType: "VSwitch", resourceId: vSwitchId, description: "the ENIs of one vSwitch", status: status("vSwitchStatus") },
  { dependsOn: [service] },
);

// One ENI.
const eni = new vpc.FlowLog(
  "eni",
  { ...common, resourceType: "NetworkInterface", resourceId: eniId, description: "one ENI", status: status("eniStatus") },
  { dependsOn: [service] },
);

export const flowLogRegion = service.region;
export const flowLogServiceEnabled = service.enabled;
export const destination = `sls://${region}/${projectName}/${logStoreName}`;
export const flowLogIds = { vpc: wholeVpc.flowLogId, vSwitch: vSwitch.flowLogId, eni: eni.flowLogId };
export const flowLogStatuses = { vpc: wholeVpc.status, vSwitch: vSwitch.status, eni: eni.status };
export const flowLogNames = { vpc: wholeVpc.name, vSwitch: vSwitch.name, eni: eni.name };
