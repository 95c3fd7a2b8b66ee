export { TrafficMirrorService } from "./trafficMirrorService";
export type { TrafficMirrorServiceArgs } from "./trafficMirrorService";
export { TrafficMirrorFilter } from "./trafficMirrorFilter";
export type { TrafficMirrorFilterArgs, TrafficMirrorFilterRuleArgs, TrafficMirrorFilterRuleOutput } from "./trafficMirrorFilter";
export { TrafficMirrorSession } from "./trafficMirrorSession";
export type { TrafficMirrorSessionArgs } from "./trafficMirrorSession";
