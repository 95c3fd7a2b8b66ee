// The smallest program with a vpc.TrafficMirrorFilter and a vpc.TrafficMirrorSession that uses it
// (plus the vpc.TrafficMirrorService both need), shaped by stack config so that tests change config,
// not code. The resource names are fixed ("web"), so two stacks of it have the same URNs.
//   region (cn-hangzhou)    region of all three
//   sourceIds               JSON: ["eni-..."] (default: the emulator's eni-demo<city>0001)
//   collectorId             target ENI (default: the emulator's eni-demo<city>0006)
//   priority (1)            the session's priority (unique per region: two stacks in one region need two)
//   replaceOnChanges        JSON: the session's `replaceOnChanges` option (default: none)
"use strict";
const pulumi = require("@pulumi/pulumi");
const { vpc } = require("pulumi-alicloud-traffic");

const cfg = new pulumi.Config();
const region = cfg.get("region") ?? "cn-hangzhou";
const city = region.replace(/^cn-/, "");
const sourceIds = cfg.getObject("sourceIds") ?? [`eni-demo${city}0001`];
const collectorId = cfg.get("collectorId") ?? `eni-demo${city}0006`;
const priority = cfg.getNumber("priority") ?? 1;
const replaceOnChanges = cfg.getObject("replaceOnChanges");

const service = new vpc.TrafficMirrorService(`mirror-${region}`, { region });
const filter = new vpc.TrafficMirrorFilter(
  "web",
  {
    region,
    name: "web",
    description: "web traffic",
    ingressRules: [{ priority: 1, protocol: "TCP", action: "accept", destinationPortRange: "443/443" }],
    egressRules: [{ priority: 1, protocol: "ALL", action: "accept" }],
  },
  { dependsOn: [service] },
);
const session = new vpc.TrafficMirrorSession(
  "web",
  {
    region,
    name: "web-to-collector",
    description: "web mirrored",
    sourceIds,
    targetId: collectorId,
    filterId: filter.trafficMirrorFilterId,
    priority,
    enabled: true,
  },
  { dependsOn: [service], ...(replaceOnChanges ? { replaceOnChanges } : {}) },
);

exports.filterId = filter.trafficMirrorFilterId;
exports.filterDescription = filter.description;
exports.sessionId = session.trafficMirrorSessionId;
exports.sessionDescription = session.description;
exports.sessionFilterId = session.filterId;
