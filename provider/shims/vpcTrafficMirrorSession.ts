/**
 * STABLE PUBLIC PATH: serialized into the state of every `vpc.TrafficMirrorSession` as
 * `require("pulumi-alicloud-traffic/dist/provider/shims/vpcTrafficMirrorSession.js")`. Never
 * move, rename or remove this file (see `sagFlowLog.ts`).
 */
import { RESOURCES } from "../registry";
import { forwardTo } from "./forward";

export = forwardTo(RESOURCES.trafficMirrorSession.implementation);
