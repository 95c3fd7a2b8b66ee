// The FLOOR program of `npm run bench`: the same number of dynamic resources as
// test/programs/flowlogs, with the same property keys as a sag.FlowLog registers (the same ones
// set and the same ones left undefined), all plain values: no apply, no hidden resource. The
// provider is a module under node_modules required by package name (bench/floor/provider).
"use strict";
const pulumi = require("@pulumi/pulumi");
const provider = require("alicloud-traffic-bench-floor");

class Floor extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(provider, name, { ...args, flowLogId: undefined, resourceGroupId: undefined, totalSagNum: undefined }, opts, "floor", "Resource");
  }
}

const cfg = new pulumi.Config();
const count = cfg.getNumber("count") ?? 1;
// Experiment switch (bench/profile.ts --floor-identity): like ours, a hidden per-stack resource that
// every resource's __token is derived from (so every resource depends on it).
const identity = cfg.getBoolean("identity") ? new Floor("floor-state", {}).id : undefined;
const resources = [];
for (let i = 0; i < count; i++) {
  resources.push(
    new Floor(`fl-${i}`, {
      region: "cn-hangzhou",
      name: `fl-${i}-0000000`,
      description: undefined,
      outputType: "sls",
      activeAging: 300,
      inactiveAging: 15,
      slsRegionId: "cn-shanghai",
      projectName: "netlogs",
      logstoreName: "sag",
      netflowServerIp: undefined,
      netflowServerPort: undefined,
      netflowVersion: undefined,
      status: undefined,
      smartAgIds: undefined,
      adoptId: undefined,
      __token: identity ? identity.apply((id) => id.slice(0, 16)) : "0000000000000000",
      __autoName: `fl-${i}-0000000`,
    }),
  );
}

exports.flowLogIds = resources.map((r) => r.id);
exports.mirrors = [];
