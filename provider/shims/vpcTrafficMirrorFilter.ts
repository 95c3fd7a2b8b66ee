/**
 * STABLE PUBLIC PATH: serialized into the state of every `vpc.TrafficMirrorFilter` as
 * `require("pulumi-alicloud-traffic/dist/provider/shims/vpcTrafficMirrorFilter.js")`. Never
 * move, rename or remove this file (see `sagFlowLog.ts`).
 */
import { RESOURCES } from "../registry";
import { forwardTo } from "./forward";

export = forwardTo(RESOURCES.trafficMirrorFilter.implementation);
