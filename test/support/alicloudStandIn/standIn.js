#!/usr/bin/env node
/**
 * TEST ONLY: a stand-in for the `alicloud` resource provider plugin (the bridged
 * `pulumi-resource-alicloud`, which cannot be downloaded here), so that the real engine can run a
 * program that declares bridged resources by their type tokens, e.g.
 * `new pulumi.CustomResource("alicloud:vpc/flowLog:FlowLog", name, props)`, without
 * `@pulumi/alicloud`. It talks to no cloud and keeps no state of its own (the engine's state is the
 * state):
 * - Check returns the inputs as they are.
 * - Diff reports an update when an input changed (never a replacement), comparing the new inputs
 *   with the stored outputs, leaving out what the stand-in computed (status, ids...).
 * - Create returns a random id shaped like the type's (`vpc-…`, `fl-…`, `tms-…`, `tmf-…`, a rule's
 *   `tmf-…:tmr-…`), outputs = inputs plus the type's computed outputs (`status`, `regionId`...).
 * - Read returns the stored state; Update the new inputs plus the computed outputs; Delete succeeds.
 * - Invoke answers `vpc.getTrafficMirrorService` / `vpc.getFlowLogService` like the real data sources.
 * - GetPluginInfo: the version in $PULUMI_ALICLOUD_STAND_IN_VERSION, else the one in the plugin
 *   cache directory it was started from (`…/plugins/resource-alicloud-v<version>/`), else 3.105.0.
 * Started by the sh script `pulumi-resource-alicloud` next to this file; installed into a test
 * workspace by test/support/alicloudStandIn.ts. If $PULUMI_ALICLOUD_STAND_IN_LOG names a file,
 * each start and each call is appended to it as a JSON line (for tests).
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const { main } = require("@pulumi/pulumi/provider");

const DEFAULT_VERSION = "3.105.0";

function version() {
  if (process.env.PULUMI_ALICLOUD_STAND_IN_VERSION) return process.env.PULUMI_ALICLOUD_STAND_IN_VERSION;
  const m = /resource-alicloud-v([^/\\]+)[/\\][^/\\]*$/.exec(process.env.PULUMI_ALICLOUD_STAND_IN_SCRIPT || "");
  return m ? m[1] : DEFAULT_VERSION;
}

function log(entry) {
  const file = process.env.PULUMI_ALICLOUD_STAND_IN_LOG;
  if (file) fs.appendFileSync(file, JSON.stringify({ pid: process.pid, ...entry }) + "\n");
}

/** The package config the engine hands the plugin (`alicloud:region` -> `region`), as JSON in PULUMI_CONFIG. */
function config() {
  try {
    return JSON.parse(process.env.PULUMI_CONFIG || "{}");
  } catch (_e) {
    return {};
  }
}
const region = () => config().region || process.env.ALICLOUD_REGION || "cn-hangzhou";

/** The engine's placeholder for a value not known yet (preview). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const alnum = (n) => {
  const chars = "abcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(crypto.randomBytes(n), (b) => chars[b % chars.length]).join("");
};

/**
 * Per type token: the id prefix, and the outputs the real resource computes (from the bridged SDK's
 * `/*out*\/` props and Optional+Computed inputs; see policy-pack/policies/bridged.ts), as a function
 * of the inputs and the id. Types not listed get a generic id and outputs = inputs.
 */
const TYPES = {
  "alicloud:vpc/network:Network": {
    id: () => `vpc-${alnum(22)}`,
    computed: (_inputs, id) => ({
      status: "Available",
      regionId: region(),
      createTime: new Date().toISOString(),
      routerId: `vrt-${alnum(22)}`,
      routeTableId: `vtb-${alnum(22)}`,
      routerTableId: `vtb-${id.slice(4)}`,
    }),
  },
  "alicloud:vpc/flowLog:FlowLog": {
    id: () => `fl-${alnum(20)}`,
    computed: (inputs, id) => ({
      status: inputs.status || "Active",
      businessStatus: "Normal",
      createTime: new Date().toISOString(),
      flowLogId: id,
      regionId: region(),
    }),
  },
  "alicloud:sag/smartagFlowLog:SmartagFlowLog": {
    id: () => `fl-${alnum(18)}`,
    computed: (inputs) => ({ status: inputs.status || "Active" }),
  },
  "alicloud:vpc/trafficMirrorSession:TrafficMirrorSession": {
    id: () => `tms-${alnum(20)}`,
    computed: () => ({ status: "Created" }),
  },
  "alicloud:vpc/trafficMirrorFilter:TrafficMirrorFilter": {
    id: () => `tmf-${alnum(20)}`,
    computed: () => ({ status: "Created" }),
    // The inline rules' output-only member.
    ruleStatus: "trafficMirrorFilterRuleStatus",
  },
  "alicloud:vpc/trafficMirrorFilterIngressRule:TrafficMirrorFilterIngressRule": ruleType("Ingress"),
  "alicloud:vpc/trafficMirrorFilterEgressRule:TrafficMirrorFilterEgressRule": ruleType("Egress"),
};

function ruleType(direction) {
  return {
    // Terraform's id for a rule resource is `<filter id>:<rule id>`.
    id: (inputs) => `${inputs.trafficMirrorFilterId}:tmr-${alnum(20)}`,
    computed: (inputs, id) => ({
      status: "Created",
      [`trafficMirrorFilter${direction}RuleId`]: id.split(":").pop(),
      // `ruleAction` is the deprecated name of `action`; the real resource reports both.
      action: inputs.action || inputs.ruleAction,
      ruleAction: inputs.ruleAction || inputs.action,
    }),
  };
}

const GENERIC = { id: () => `id-${alnum(20)}`, computed: () => ({}) };

/** The type token of a URN (`urn:pulumi:stack::project::[parent$]type::name`). */
function typeOf(urn) {
  const parts = urn.split("::");
  return parts[2].split("$").pop();
}
const specOf = (urn) => TYPES[typeOf(urn)] || GENERIC;

function outputs(spec, inputs, id) {
  const outs = { ...inputs, ...spec.computed(inputs, id) };
  if (spec.ruleStatus) {
    for (const key of ["ingressRules", "egressRules"]) {
      if (Array.isArray(outs[key])) outs[key] = outs[key].map((r) => ({ ...r, [spec.ruleStatus]: "Created" }));
    }
  }
  return outs;
}

/** The stored outputs without what the stand-in computed, to compare with new inputs. */
function asInputs(spec, olds, news) {
  const sample = spec.computed(news, "x:x");
  const out = {};
  for (const [k, v] of Object.entries(olds)) {
    if (k in sample && !(k in news)) continue;
    out[k] = v;
  }
  if (spec.ruleStatus) {
    for (const key of ["ingressRules", "egressRules"]) {
      if (Array.isArray(out[key])) {
        out[key] = out[key].map((r) => {
          if (r === null || typeof r !== "object") return r;
          const { [spec.ruleStatus]: _status, ...rest } = r;
          return rest;
        });
      }
    }
  }
  return out;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const hasUnknown = (v) =>
  v === UNKNOWN || (Array.isArray(v) ? v.some(hasUnknown) : v && typeof v === "object" ? Object.values(v).some(hasUnknown) : false);

const provider = {
  version: version(),

  async check(urn, _olds, news) {
    log({ call: "check", urn });
    return { inputs: news };
  },

  async diff(id, urn, olds, news) {
    const spec = specOf(urn);
    const before = asInputs(spec, olds, news);
    const keys = [...new Set([...Object.keys(before), ...Object.keys(news)])].filter((k) => !k.startsWith("__"));
    const changed = keys.filter((k) => hasUnknown(news[k]) || !same(before[k], news[k])).sort();
    log({ call: "diff", urn, id, changed });
    return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false };
  },

  async create(urn, inputs) {
    const spec = specOf(urn);
    const id = spec.id(inputs);
    log({ call: "create", urn, id });
    return { id, outs: outputs(spec, inputs, id) };
  },

  async read(id, urn, props) {
    log({ call: "read", urn, id });
    return { id, props };
  },

  async update(id, urn, olds, news) {
    const spec = specOf(urn);
    log({ call: "update", urn, id });
    const outs = outputs(spec, news, id);
    // Keep what was computed once (times, router ids), as the cloud would.
    for (const k of Object.keys(spec.computed(news, id))) {
      if (!(k in news) && k in olds && k !== "status") outs[k] = olds[k];
    }
    return { outs };
  },

  async delete(id, urn) {
    log({ call: "delete", urn, id });
  },

  async invoke(token, args) {
    log({ call: "invoke", token });
    if (
      token === "alicloud:vpc/getTrafficMirrorService:getTrafficMirrorService" ||
      token === "alicloud:vpc/getFlowLogService:getFlowLogService"
    ) {
      const name = token.includes("TrafficMirror") ? "VpcTrafficMirrorService" : "VpcFlowLogService";
      const on = args.enable === "On";
      return { outputs: { enable: args.enable, id: `${name}${on ? "HasBeenOpened" : "HasNotBeenOpened"}`, status: on ? "Opened" : "" } };
    }
    return { outputs: {}, failures: [{ property: "", reason: `the alicloud stand-in has no function ${token}` }] };
  },
};

log({ call: "start", version: provider.version, argv: process.argv.slice(2) });
main(provider, process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
