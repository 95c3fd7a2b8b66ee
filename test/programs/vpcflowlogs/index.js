// A program shaped by stack config so that runs change config, not code:
//   count (default 1)     number of vpc.FlowLog resources fl-0 .. fl-<count-1>, every one depending on
//                         one vpc.FlowLogService "svc"; they take the emulator's seeded cn-hangzhou VPCs,
//                         vSwitches and ENIs in turn (several flow logs may record one resource)
//   region (cn-hangzhou)  region of the service and the flow logs
"use strict";
const pulumi = require("@pulumi/pulumi");
const { vpc } = require("pulumi-alicloud-traffic");

const cfg = new pulumi.Config();
const count = cfg.getNumber("count") ?? 1;
const region = cfg.get("region") ?? "cn-hangzhou";
const city = region.replace(/^cn-/, "");
const targets = [
  ["VPC", `vpc-demo${city}0001`],
  ["VPC", `vpc-demo${city}0002`],
  ["VSwitch", `vsw-demo${city}0001`],
  ["VSwitch", `vsw-demo${city}0002`],
  ["VSwitch", `vsw-demo${city}0003`],
  ...[1, 2, 3, 4, 5, 6].map((i) => ["NetworkInterface", `eni-demo${city}000${i}`]),
];
const service = new vpc.FlowLogService("svc", { region });
const flowLogs = [];
for (let i = 0; i < count; i++) {
  const [resourceType, resourceId] = targets[i % targets.length];
  flowLogs.push(
    new vpc.FlowLog(
      `fl-${i}`,
      { region, resourceType, resourceId, projectName: "flowlogs", logStoreName: "vpc" },
      { dependsOn: [service] },
    ),
  );
}

exports.flowLogIds = flowLogs.map((f) => f.flowLogId);
