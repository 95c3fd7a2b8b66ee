export { TrafficMirrorService, TrafficMirrorServiceArgs } from "./trafficMirrorService";
