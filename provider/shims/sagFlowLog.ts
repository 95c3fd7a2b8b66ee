/**
 * STABLE PUBLIC PATH: serialized into the state of every `sag.FlowLog` as
 * `require("pulumi-alicloud-traffic/dist/provider/shims/sagFlowLog.js")`. Never move, rename or
 * remove this file: stacks created by any version load it to read, update and delete their flow
 * logs, and because it requires the implementation by package name at call time, upgrading the
 * package upgrades every operation on old resources too.
 */
import { RESOURCES } from "../registry";
import { forwardTo } from "./forward";

export = forwardTo(RESOURCES.flowLog.implementation);
