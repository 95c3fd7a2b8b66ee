/**
 * VPC traffic-mirroring enablement (vpc 2016-04-28): the service descriptor the registry lists.
 *
 *   state.ts     the state slice (mirror status per region, ClientTokens; keys `trafficMirror`, `clientTokens`)
 *   backend.ts   one method per action, plus the drift hook
 *   handlers.ts  the route table (action name → handler)
 *
 * Control route: `POST /_emulator/vpc/traffic-mirror/<region>/disable` (drift: the region reports
 * `Enabled: false` and can be opened again).
 */
import type { ServiceDescriptor, ServiceInstance } from "../types";
import { VpcBackend } from "./backend";
import { VPC_VERSION, vpcActions } from "./handlers";
import { VpcState, mirrorEnabled } from "./state";

export interface VpcOptions {
  /** Delay between OpenTrafficMirrorService and `Enabled: true` (default 0). */
  mirrorActivationMs?: number;
}

/** vpc's part of `GET /_emulator/state`. */
export interface VpcStateView {
  trafficMirror: Array<{ regionId: string; enabled: boolean; openedAt: string; enabledAt: string }>;
}

export interface VpcInstance extends ServiceInstance {
  /** Marks traffic mirroring of a region as not opened; returns whether it was open. */
  disableTrafficMirror(regionId: string): boolean;
}

export const vpcService: ServiceDescriptor<VpcOptions, VpcInstance> = {
  product: "vpc",
  productName: "Vpc",
  version: VPC_VERSION,
  create(store, options): VpcInstance {
    const state = new VpcState(store);
    const backend = new VpcBackend(state, { activationMs: options.mirrorActivationMs });
    const disableTrafficMirror = (regionId: string) => backend.disableTrafficMirrorService(regionId);
    return {
      actions: vpcActions(backend),
      state,
      disableTrafficMirror,
      controlRoutes: [
        {
          method: "POST",
          path: "traffic-mirror/:regionId/disable",
          handle: ({ params }) => {
            const regionId = params["regionId"]!;
            return { regionId, enabled: false, wasOpen: disableTrafficMirror(regionId) };
          },
        },
      ],
      view: (): VpcStateView => {
        const now = Date.now();
        return {
          trafficMirror: [...state.allTrafficMirror()].map((m) => ({
            regionId: m.regionId,
            enabled: mirrorEnabled(m, now),
            openedAt: m.openedAt,
            enabledAt: m.enabledAt,
          })),
        };
      },
    };
  },
};
