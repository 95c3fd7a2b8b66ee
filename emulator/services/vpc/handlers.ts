/**
 * VPC 2016-04-28 route table (only the traffic-mirroring enablement actions are emulated; every other VPC
 * action is `InvalidApi.NotFound`).
 */
import type { ActionHandler, ActionTable } from "../types";
import { regionFromHost } from "../regions";
import type { VpcBackend } from "./backend";

export const VPC_VERSION = "2016-04-28";

/**
 * Choice: when OpenTrafficMirrorService omits its optional RegionId, the region is the one named by a
 * regional endpoint host (`vpc.<region>.aliyuncs.com`), else cn-hangzhou, the region of the central
 * endpoint `vpc.aliyuncs.com`.
 */
export const DEFAULT_VPC_REGION = "cn-hangzhou";

export function vpcActions(backend: VpcBackend): ActionTable {
  const actions: Record<string, ActionHandler> = {
    OpenTrafficMirrorService: ({ params: p, host }) => {
      const given = p.get("RegionId");
      const region = given !== undefined && given !== "" ? given : regionFromHost(host, "vpc") ?? DEFAULT_VPC_REGION;
      return backend.openTrafficMirrorService(region, p.get("ClientToken"), p.business());
    },
    GetTrafficMirrorServiceStatus: ({ params: p }) =>
      backend.getTrafficMirrorServiceStatus(p.get("RegionId"), p.get("ClientToken")),
  };
  return new Map(Object.entries(actions));
}
