// A program shaped by stack config so that tests change config, not code:
//   count (default 1)       number of sag.FlowLog resources fl-0 .. fl-<count-1>
//   flowLogRegion           region of the flow logs (default: alicloud:region / ALICLOUD_REGION)
//   outputType (sls)        sls | netflow | all
//   activeAging (300)       inactiveAging (15)
//   status                  Active | Inactive (unset: not managed)
//   sags                    JSON: { "<index>": ["sag-...", ...] }
//   namePrefix              explicit names <prefix>-<index> (default: auto-named)
//   mirrorRegions           JSON: ["cn-hangzhou", ...] -> one vpc.TrafficMirrorService each
//   adoptIds                JSON: { "<index>": "fl-..." } -> adoptId of that flow log
//   replaceOnChanges        JSON: ["activeAging", ...] -> the resource option, on every flow log
"use strict";
const pulumi = require("@pulumi/pulumi");
const { sag, vpc } = require("pulumi-alicloud-traffic");

const cfg = new pulumi.Config();
const count = cfg.getNumber("count") ?? 1;
const outputType = cfg.get("outputType") ?? "sls";
const sags = cfg.getObject("sags") ?? {};
const adoptIds = cfg.getObject("adoptIds") ?? {};
const replaceOnChanges = cfg.getObject("replaceOnChanges");
const flowLogs = [];
for (let i = 0; i < count; i++) {
  flowLogs.push(
    new sag.FlowLog(
      `fl-${i}`,
      {
        region: cfg.get("flowLogRegion"),
        name: cfg.get("namePrefix") ? `${cfg.get("namePrefix")}-${i}` : undefined,
        outputType,
        activeAging: cfg.getNumber("activeAging") ?? 300,
        inactiveAging: cfg.getNumber("inactiveAging") ?? 15,
        slsRegionId: outputType === "netflow" ? undefined : "cn-shanghai",
        projectName: outputType === "netflow" ? undefined : "netlogs",
        logstoreName: outputType === "netflow" ? undefined : "sag",
        netflowServerIp: outputType === "sls" ? undefined : "10.0.0.5",
        status: cfg.get("status"),
        smartAgIds: sags[i],
        adoptId: adoptIds[i],
      },
      replaceOnChanges ? { replaceOnChanges } : undefined,
    ),
  );
}
const mirrors = (cfg.getObject("mirrorRegions") ?? []).map((region) => new vpc.TrafficMirrorService(`mirror-${region}`, { region }));

exports.flowLogIds = flowLogs.map((f) => f.flowLogId);
exports.mirrors = mirrors.map((m) => pulumi.all([m.region, m.enabled]).apply(([region, enabled]) => ({ region, enabled })));
