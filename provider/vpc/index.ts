export { TrafficMirrorService } from "./trafficMirrorService";
export type { TrafficMirrorServiceArgs } from "./trafficMirrorService";
