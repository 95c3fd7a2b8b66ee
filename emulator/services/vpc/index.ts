/**
 * VPC traffic mirroring (vpc 2016-04-28): the service descriptor the registry lists.
 *
 *   rules.ts      validation rules and limits, from the Alibaba docs
 *   state.ts      the state slice (per region: activation, filters with rules, sessions; ClientTokens;
 *                 state-file keys `trafficMirror`, `clientTokens`)
 *   core.ts       what every action shares: region, ClientToken, DryRun, transitions, paging
 *   backend.ts    OpenTrafficMirrorService / GetTrafficMirrorServiceStatus, plus the drift hook
 *   filters.ts    the filter and filter-rule actions
 *   sessions.ts   the session actions
 *   endpoints.ts  the seeded ENIs and SLB instances sessions refer to
 *   handlers.ts   the route table (action name → handler)
 *
 * Control routes below `/_emulator/vpc/`: `GET traffic-mirror/<region>` (what a region holds, seeds
 * included), `POST traffic-mirror/<region>/disable` (drift: the region reports `Enabled: false`, its filters
 * and sessions are gone, and it can be opened again), `POST traffic-mirror/<region>/settle` (every Creating /
 * Modifying / Deleting of the region completes now), `POST traffic-mirror-filters/<id>/delete`,
 * `POST traffic-mirror-sessions/<id>/delete` and `POST traffic-mirror-sessions/<id>/disable` (out-of-band
 * changes, no checks).
 */
import type { ServiceDescriptor, ServiceInstance } from "../types";
import { VpcBackend } from "./backend";
import { VpcCore } from "./core";
import {
  DEFAULT_LOAD_BALANCERS,
  DEFAULT_NETWORK_INTERFACES,
  MirrorEndpoints,
  type LoadBalancerSeed,
  type NetworkInterfaceSeed,
} from "./endpoints";
import { TrafficMirrorFilterBackend } from "./filters";
import { VPC_VERSION, vpcActions } from "./handlers";
import { DEFAULT_TRANSITION_MS, SESSIONS_PER_SOURCE, SOURCES_PER_SESSION } from "./rules";
import { TrafficMirrorSessionBackend } from "./sessions";
import {
  VpcState,
  mirrorEnabled,
  statusAt,
  type MirrorStatus,
  type TrafficMirrorFilterRecord,
  type TrafficMirrorRuleRecord,
  type TrafficMirrorSessionRecord,
  type Transitional,
} from "./state";

export interface VpcOptions {
  /** Delay between OpenTrafficMirrorService and `Enabled: true` (default 0). */
  mirrorActivationMs?: number;
  /** Delay before filters, rules and sessions leave Creating / Modifying / Deleting (default 300 ms). */
  mirrorTransitionMs?: number;
  /** ENIs to seed (default `DEFAULT_NETWORK_INTERFACES`); given ENIs replace the default set. */
  networkInterfaces?: readonly NetworkInterfaceSeed[];
  /** SLB instances to seed (default `DEFAULT_LOAD_BALANCERS`); given ones replace the default set. */
  loadBalancers?: readonly LoadBalancerSeed[];
  /** Sources one session may have (default 1, as documented). */
  mirrorSourcesPerSession?: number;
  /** Sessions one ENI may be the source of (default 3). */
  mirrorSessionsPerSource?: number;
}

/** A record as the state view shows it: its status now. */
type Viewed<R> = Omit<R, "status"> & { status: MirrorStatus };

export interface TrafficMirrorFilterView extends Omit<Viewed<TrafficMirrorFilterRecord>, "rules"> {
  rules: Array<Viewed<TrafficMirrorRuleRecord>>;
}

/** An opened region in vpc's part of `GET /_emulator/state`: `filters` / `sessions` only where there are any. */
export interface TrafficMirrorRegionView {
  regionId: string;
  enabled: boolean;
  openedAt: string;
  enabledAt: string;
  filters?: TrafficMirrorFilterView[];
  sessions?: Array<Viewed<TrafficMirrorSessionRecord>>;
}

/** vpc's part of `GET /_emulator/state`. */
export interface VpcStateView {
  trafficMirror: TrafficMirrorRegionView[];
}

export interface VpcInstance extends ServiceInstance {
  /** Marks traffic mirroring of a region as not opened; returns whether it was open. */
  disableTrafficMirror(regionId: string): boolean;
}

export type { LoadBalancerSeed, NetworkInterfaceSeed } from "./endpoints";
export { DEFAULT_LOAD_BALANCERS, DEFAULT_NETWORK_INTERFACES } from "./endpoints";

export const vpcService: ServiceDescriptor<VpcOptions, VpcInstance> = {
  product: "vpc",
  productName: "Vpc",
  version: VPC_VERSION,
  create(store, options): VpcInstance {
    const state = new VpcState(store);
    const core = new VpcCore(state, { transitionMs: options.mirrorTransitionMs ?? DEFAULT_TRANSITION_MS });
    const endpoints = new MirrorEndpoints(
      options.networkInterfaces ?? DEFAULT_NETWORK_INTERFACES,
      options.loadBalancers ?? DEFAULT_LOAD_BALANCERS,
    );
    const service = new VpcBackend(core, { activationMs: options.mirrorActivationMs });
    const filters = new TrafficMirrorFilterBackend(core);
    const sessions = new TrafficMirrorSessionBackend(core, filters, endpoints, {
      sourcesPerSession: options.mirrorSourcesPerSession ?? SOURCES_PER_SESSION,
      sessionsPerSource: options.mirrorSessionsPerSource ?? SESSIONS_PER_SOURCE,
    });
    const disableTrafficMirror = (regionId: string) => service.disableTrafficMirrorService(regionId);

    const view = (): VpcStateView => {
      const now = Date.now();
      const shown = <R extends Transitional>(rec: R): Array<Viewed<R>> => {
        const status = statusAt(rec, now);
        return status === undefined ? [] : [{ ...rec, status }];
      };
      const regions = new Map<string, TrafficMirrorRegionView>();
      for (const m of state.allTrafficMirror()) {
        regions.set(m.regionId, { regionId: m.regionId, enabled: mirrorEnabled(m, now), openedAt: m.openedAt, enabledAt: m.enabledAt });
      }
      for (const f of state.allFilters()) {
        for (const v of shown(f)) (regions.get(f.regionId)!.filters ??= []).push({ ...v, rules: f.rules.flatMap(shown) });
      }
      for (const s of state.allSessions()) for (const v of shown(s)) (regions.get(s.regionId)!.sessions ??= []).push(v);
      return { trafficMirror: [...regions.values()] };
    };

    return {
      actions: vpcActions({ service, filters, sessions }),
      state,
      disableTrafficMirror,
      controlRoutes: [
        {
          method: "GET",
          path: "traffic-mirror/:regionId",
          handle: ({ params }) => {
            const regionId = params["regionId"]!;
            const shown = view().trafficMirror.find((r) => r.regionId === regionId);
            return { filters: [], sessions: [], enabled: false, ...shown, regionId, ...endpoints.inRegion(regionId) };
          },
        },
        {
          method: "POST",
          path: "traffic-mirror/:regionId/disable",
          handle: ({ params }) => {
            const regionId = params["regionId"]!;
            return { regionId, enabled: false, wasOpen: disableTrafficMirror(regionId) };
          },
        },
        {
          method: "POST",
          path: "traffic-mirror/:regionId/settle",
          handle: ({ params }) => ({ regionId: params["regionId"]!, settled: state.settleRegion(params["regionId"]!, Date.now()) }),
        },
        {
          method: "POST",
          path: "traffic-mirror-filters/:id/delete",
          handle: ({ params }) => ({ trafficMirrorFilterId: params["id"]!, removed: state.removeFilter(params["id"]!) }),
        },
        {
          method: "POST",
          path: "traffic-mirror-sessions/:id/delete",
          handle: ({ params }) => ({ trafficMirrorSessionId: params["id"]!, removed: state.removeSession(params["id"]!) }),
        },
        {
          method: "POST",
          path: "traffic-mirror-sessions/:id/disable",
          handle: ({ params }) => {
            const session = state.getSession(params["id"]!);
            if (session) {
              session.enabled = false;
              state.changed();
            }
            return { trafficMirrorSessionId: params["id"]!, found: session !== undefined, enabled: false };
          },
        },
      ],
      view,
    };
  },
};
