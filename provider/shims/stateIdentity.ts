/**
 * STABLE PUBLIC PATH: serialized into the state of every stack's `alicloud-traffic-state`
 * resource as `require("pulumi-alicloud-traffic/dist/provider/shims/stateIdentity.js")`. Never
 * move, rename or remove this file (see `sagFlowLog.ts`).
 */
import { RESOURCES } from "../registry";
import { forwardTo } from "./forward";

export = forwardTo(RESOURCES.stateIdentity.implementation);
