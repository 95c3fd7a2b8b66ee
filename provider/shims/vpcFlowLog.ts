/**
 * STABLE PUBLIC PATH: serialized into the state of every `vpc.FlowLog` as
 * `require("pulumi-alicloud-traffic/dist/provider/shims/vpcFlowLog.js")`. Never move, rename or
 * remove this file (see `sagFlowLog.ts`).
 */
import { RESOURCES } from "../registry";
import { forwardTo } from "./forward";

export = forwardTo(RESOURCES.vpcFlowLog.implementation);
