/**
 * VPC traffic mirroring (vpc 2016-04-28): the service descriptor the registry lists.
 *
 *   rules.ts      validation rules and limits, from the Alibaba docs
 *   state.ts      the state slice (per region: activation, filters with rules, sessions; ClientTokens;
 *                 state-file keys `trafficMirror`, `clientTokens`)
 *   core.ts       what every action shares: region, ClientToken, DryRun, transitions, paging
 *   backend.ts    OpenTrafficMirrorService / GetTrafficMirrorServiceStatus, plus the drift hook
 *   filters.ts    the filter and filter-rule actions
 *   handlers.ts   the route table (action name → handler)
 *
 * Control routes below `/_emulator/vpc/`: `GET traffic-mirror/<region>` (what a region holds),
 * `POST traffic-mirror/<region>/disable` (drift: the region reports `Enabled: false`, its filters are gone, and
 * it can be opened again), `POST traffic-mirror/<region>/settle` (every Creating / Modifying / Deleting of the
 * region completes now) and `POST traffic-mirror-filters/<id>/delete` (out of band, no checks).
 */
import type { ServiceDescriptor, ServiceInstance } from "../types";
import { VpcBackend } from "./backend";
import { VpcCore } from "./core";
import { TrafficMirrorFilterBackend } from "./filters";
import { VPC_VERSION, vpcActions } from "./handlers";
import { DEFAULT_TRANSITION_MS } from "./rules";
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
  /** Delay before filters and rules leave Creating / Modifying / Deleting (default 300 ms). */
  mirrorTransitionMs?: number;
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

export const vpcService: ServiceDescriptor<VpcOptions, VpcInstance> = {
  product: "vpc",
  productName: "Vpc",
  version: VPC_VERSION,
  create(store, options): VpcInstance {
    const state = new VpcState(store);
    const core = new VpcCore(state, { transitionMs: options.mirrorTransitionMs ?? DEFAULT_TRANSITION_MS });
    const service = new VpcBackend(core, { activationMs: options.mirrorActivationMs });
    const filters = new TrafficMirrorFilterBackend(core);
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
      actions: vpcActions({ service, filters }),
      state,
      disableTrafficMirror,
      controlRoutes: [
        {
          method: "GET",
          path: "traffic-mirror/:regionId",
          handle: ({ params }) => {
            const regionId = params["regionId"]!;
            const shown = view().trafficMirror.find((r) => r.regionId === regionId);
            return { filters: [], sessions: [], enabled: false, ...shown, regionId };
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
      ],
      view,
    };
  },
};
