/**
 * STABLE PUBLIC PATH: serialized into the state of every `vpc.FlowLogService` as
 * `require("pulumi-alicloud-traffic/dist/provider/shims/vpcFlowLogService.js")`. Never move, rename or
 * remove this file (see `sagFlowLog.ts`).
 */
import { RESOURCES } from "../registry";
import { forwardTo } from "./forward";

export = forwardTo(RESOURCES.vpcFlowLogService.implementation);
