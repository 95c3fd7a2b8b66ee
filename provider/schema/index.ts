/**
 * The schema source shared by the provider's `check` and the policy pack
 * (`import { schema } from "pulumi-alicloud-traffic"`). Pure: no Pulumi runtime, no I/O.
 */
import { flowLogFields } from "./flowLog";
import { trafficMirrorFilterFields } from "./trafficMirrorFilter";
import { trafficMirrorServiceFields } from "./trafficMirrorService";
import { trafficMirrorSessionFields } from "./trafficMirrorSession";

export * from "./common";
export * from "./fieldTable";
export * from "./flowLog";
export * from "./trafficMirrorService";
export * from "./trafficMirrorFilter";
export * from "./trafficMirrorSession";
export * from "./tokens";

/** Loads zod and builds every table's rules now (what the first `check` of each kind would do). */
export function buildRules(): void {
  for (const table of [flowLogFields, trafficMirrorServiceFields, trafficMirrorFilterFields, trafficMirrorSessionFields]) {
    for (const spec of Object.values(table)) void spec.schema;
  }
}
