// Mirrors the traffic of two ENIs to a collector ENI: traffic mirroring opened in the region
// (`vpc.TrafficMirrorService`), a filter with inbound and outbound rules (`vpc.TrafficMirrorFilter`)
// and one session using it (`vpc.TrafficMirrorSession`). Every setting comes from stack config; the
// defaults are the emulator's seeded ENIs in cn-hangzhou.
//
// Two sources in one session need a raised quota: Alibaba Cloud allows one source per session by
// default (the emulator: start it with `--mirror-sources-per-session 2`).
import * as pulumi from "@pulumi/pulumi";
import { vpc } from "pulumi-alicloud-traffic";

const config = new pulumi.Config();
const region = config.get("region") ?? "cn-hangzhou";
const sourceIds = config.getObject<string[]>("sourceIds") ?? ["eni-demohangzhou0001", "eni-demohangzhou0002"];
const collectorId = config.get("collectorId") ?? "eni-demohangzhou0006";
const sessionName = config.get("sessionName") ?? "web-to-collector";
const enabled = config.getBoolean("enabled") ?? true;
// Inbound: HTTPS and HTTP to the sources, nothing else. Outbound: everything.
const ingressRules = config.getObject<vpc.TrafficMirrorFilterRuleArgs[]>("ingressRules") ?? [
  { priority: 1, protocol: "TCP", action: "accept", destinationPortRange: "443/443" },
  { priority: 2, protocol: "TCP", action: "accept", destinationPortRange: "80/80" },
  { priority: 3, protocol: "ALL", action: "drop" },
];
const egressRules = config.getObject<vpc.TrafficMirrorFilterRuleArgs[]>("egressRules") ?? [
  { priority: 1, protocol: "ALL", action: "accept" },
];

// Filters and sessions need traffic mirroring opened in their region.
const service = new vpc.TrafficMirrorService(`mirror-${region}`, { region });

const filter = new vpc.TrafficMirrorFilter(
  "web",
  { region, name: "web", description: "web traffic of the mirrored ENIs", ingressRules, egressRules },
  { dependsOn: [service] },
);

const session = new vpc.TrafficMirrorSession(
  "web",
  {
    region,
    name: sessionName,
    sourceIds,
    targetId: collectorId, // an ENI: the target type (NetworkInterface) is implied
    filterId: filter.trafficMirrorFilterId,
    priority: 1,
    packetLength: 1500,
    enabled,
  },
  { dependsOn: [service] },
);

export const mirroringRegion = service.region;
export const mirroringEnabled = service.enabled;
export const filterId = filter.trafficMirrorFilterId;
export const ingressRuleIds = filter.ingressRuleIds;
export const egressRuleIds = filter.egressRuleIds;
export const sessionId = session.trafficMirrorSessionId;
export const sessionStatus = session.status;
export const sessionEnabled = session.enabled;
export const mirroredSources = session.sourceIds;
export const collector = session.targetId;
// The VXLAN network identifier the API allocated (the collector decapsulates with it).
export const virtualNetworkId = session.virtualNetworkId;
