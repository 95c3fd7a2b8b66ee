/**
 * VPC (vpc 2016-04-28): traffic mirroring and flow logs; the service descriptor the registry lists.
 *
 *   rules.ts      validation rules and limits, from the Alibaba docs
 *   state.ts      the state slice (per region: traffic-mirroring activation, filters with rules, sessions;
 *                 flow-log service activation and flow logs; ClientTokens; state-file keys `trafficMirror`,
 *                 `clientTokens`, `vpcFlowLogs`)
 *   core.ts       what every action shares: region, ClientToken, DryRun, transitions, paging
 *   backend.ts    OpenTrafficMirrorService / GetTrafficMirrorServiceStatus, plus the drift hook
 *   filters.ts    the filter and filter-rule actions
 *   sessions.ts   the session actions
 *   flowLogs.ts   the flow-log actions (OpenFlowLogService ... DeleteFlowLog)
 *   tags.ts       TagResources / UnTagResources / ListTagResources (ResourceType FLOWLOG)
 *   endpoints.ts  the seeded network (VPCs, vSwitches, ENIs) and SLB instances
 *   handlers.ts   the route table (action name → handler)
 *
 * Control routes below `/_emulator/vpc/`: `GET traffic-mirror/<region>` (what a region holds, seeds
 * included), `POST traffic-mirror/<region>/disable` (drift: the region reports `Enabled: false`, its filters
 * and sessions are gone, and it can be opened again), `POST traffic-mirror/<region>/settle` (every Creating /
 * Modifying / Deleting of the region completes now), `POST traffic-mirror-filters/<id>/delete`,
 * `POST traffic-mirror-sessions/<id>/delete` and `POST traffic-mirror-sessions/<id>/disable` (out-of-band
 * changes, no checks); for flow logs `GET flow-log/<region>` (the service, the flow logs and the seeded
 * network of a region), `POST flow-log/<region>/settle`, and `POST flow-logs/<id>/delete`,
 * `POST flow-logs/<id>/deactivate`, `POST flow-logs/<id>/description` (out of band, no checks).
 */
import { ControlRouteError, type ServiceDescriptor, type ServiceInstance } from "../types";
import { VpcBackend } from "./backend";
import { VpcCore } from "./core";
import {
  DEFAULT_LOAD_BALANCERS,
  SeededNetwork,
  networkFrom,
  type LoadBalancerSeed,
  type NetworkInterfaceSeed,
  type VSwitchSeed,
  type VpcSeed,
} from "./endpoints";
import { TrafficMirrorFilterBackend } from "./filters";
import { VpcFlowLogBackend } from "./flowLogs";
import { VPC_VERSION, vpcActions } from "./handlers";
import { DEFAULT_TRANSITION_MS, DEFAULT_VPC_FLOW_LOG_QUOTA, SESSIONS_PER_SOURCE, SOURCES_PER_SESSION } from "./rules";
import { TrafficMirrorSessionBackend } from "./sessions";
import {
  VpcState,
  flowLogStatusAt,
  mirrorEnabled,
  statusAt,
  type FlowLogStatus,
  type MirrorStatus,
  type TrafficMirrorFilterRecord,
  type TrafficMirrorRuleRecord,
  type TrafficMirrorSessionRecord,
  type Transitional,
  type VpcFlowLogRecord,
} from "./state";
import { VpcTagBackend } from "./tags";

export interface VpcOptions {
  /** Delay between OpenTrafficMirrorService and `Enabled: true` (default 0). */
  mirrorActivationMs?: number;
  /** Delay before filters, rules and sessions leave Creating / Modifying / Deleting (default 300 ms). */
  mirrorTransitionMs?: number;
  /** ENIs to seed (default `DEFAULT_NETWORK_INTERFACES`); with `vpcs` / `vSwitches`, replaces the demo network. */
  networkInterfaces?: readonly NetworkInterfaceSeed[];
  /** VPCs to seed (default `DEFAULT_VPCS`); with `vSwitches` / `networkInterfaces`, replaces the demo network. */
  vpcs?: readonly VpcSeed[];
  /** vSwitches to seed (default `DEFAULT_VSWITCHES`); with `vpcs` / `networkInterfaces`, replaces the demo network. */
  vSwitches?: readonly VSwitchSeed[];
  /** SLB instances to seed (default `DEFAULT_LOAD_BALANCERS`); given ones replace the default set. */
  loadBalancers?: readonly LoadBalancerSeed[];
  /** Sources one session may have (default 1, as documented). */
  mirrorSourcesPerSession?: number;
  /** Sessions one ENI may be the source of (default 3). */
  mirrorSessionsPerSource?: number;
  /** Delay between OpenFlowLogService and `Enabled: true` (default 0). */
  vpcFlowLogActivationMs?: number;
  /** How long VPC flow logs stay Activating / Deactivating / Modifying / Deleting (default 300 ms). */
  vpcFlowLogTransitionMs?: number;
  /** VPC flow logs per region before `QuotaExceeded.FlowLog` (default 1000). */
  vpcFlowLogQuota?: number;
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

/** A VPC flow log as the state view shows it: its status now (no pending-transition fields). */
export type VpcFlowLogView = Omit<VpcFlowLogRecord, "status" | "settlesAt" | "priorStatus"> & { status: FlowLogStatus };

/** A region where OpenFlowLogService was called; `flowLogs` only where there are any. */
export interface VpcFlowLogRegionView {
  regionId: string;
  enabled: boolean;
  openedAt: string;
  enabledAt: string;
  flowLogs?: VpcFlowLogView[];
}

/** vpc's part of `GET /_emulator/state`. */
export interface VpcStateView {
  trafficMirror: TrafficMirrorRegionView[];
  vpcFlowLogs: VpcFlowLogRegionView[];
}

export interface VpcInstance extends ServiceInstance {
  /** Marks traffic mirroring of a region as not opened; returns whether it was open. */
  disableTrafficMirror(regionId: string): boolean;
}

export type { LoadBalancerSeed, NetworkInterfaceSeed, VSwitchSeed, VpcSeed } from "./endpoints";
export { DEFAULT_LOAD_BALANCERS, DEFAULT_NETWORK_INTERFACES, DEFAULT_VPCS, DEFAULT_VSWITCHES, networkProblem } from "./endpoints";

export const vpcService: ServiceDescriptor<VpcOptions, VpcInstance> = {
  product: "vpc",
  productName: "Vpc",
  version: VPC_VERSION,
  create(store, options): VpcInstance {
    const state = new VpcState(store);
    const core = new VpcCore(state, { transitionMs: options.mirrorTransitionMs ?? DEFAULT_TRANSITION_MS });
    const endpoints = new SeededNetwork(networkFrom(options), options.loadBalancers ?? DEFAULT_LOAD_BALANCERS);
    const service = new VpcBackend(core, { activationMs: options.mirrorActivationMs });
    const filters = new TrafficMirrorFilterBackend(core);
    const sessions = new TrafficMirrorSessionBackend(core, filters, endpoints, {
      sourcesPerSession: options.mirrorSourcesPerSession ?? SOURCES_PER_SESSION,
      sessionsPerSource: options.mirrorSessionsPerSource ?? SESSIONS_PER_SOURCE,
    });
    const flowLogs = new VpcFlowLogBackend(core, endpoints, {
      activationMs: options.vpcFlowLogActivationMs ?? 0,
      transitionMs: options.vpcFlowLogTransitionMs ?? DEFAULT_TRANSITION_MS,
      quota: options.vpcFlowLogQuota ?? DEFAULT_VPC_FLOW_LOG_QUOTA,
    });
    const tags = new VpcTagBackend(
      core,
      new Map([
        [
          "FLOWLOG",
          {
            find: (regionId: string, id: string) => flowLogs.taggable(regionId, id),
            list: (regionId: string) => flowLogs.inRegion(regionId).map((f) => ({ id: f.flowLogId, tags: f.tags })),
          },
        ],
      ]),
    );
    const disableTrafficMirror = (regionId: string) => service.disableTrafficMirrorService(regionId);
    const flowLogView = (rec: VpcFlowLogRecord, now: number): VpcFlowLogView[] => {
      const status = flowLogStatusAt(rec, now);
      if (status === undefined) return [];
      const { status: _stored, settlesAt: _settlesAt, priorStatus: _prior, ...fields } = rec;
      return [{ ...fields, status }];
    };
    /** A flow log that still exists, for the out-of-band routes. */
    const existing = (id: string) => {
      const rec = core.state.getFlowLog(id);
      return rec && flowLogStatusAt(rec, Date.now()) !== undefined ? rec : undefined;
    };

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
      const flowLogRegions = new Map<string, VpcFlowLogRegionView>();
      for (const r of state.allFlowLogServices()) {
        flowLogRegions.set(r.regionId, {
          regionId: r.regionId,
          enabled: now >= Date.parse(r.enabledAt),
          openedAt: r.openedAt,
          enabledAt: r.enabledAt,
        });
      }
      for (const f of state.allFlowLogs()) for (const v of flowLogView(f, now)) (flowLogRegions.get(f.regionId)!.flowLogs ??= []).push(v);
      return { trafficMirror: [...regions.values()], vpcFlowLogs: [...flowLogRegions.values()] };
    };

    return {
      actions: vpcActions({ service, filters, sessions, flowLogs, tags }),
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
        {
          method: "GET",
          path: "flow-log/:regionId",
          handle: ({ params }) => {
            const regionId = params["regionId"]!;
            const shown = view().vpcFlowLogs.find((r) => r.regionId === regionId);
            return { enabled: false, flowLogs: [], ...shown, regionId, ...endpoints.networkIn(regionId) };
          },
        },
        {
          method: "POST",
          path: "flow-log/:regionId/settle",
          handle: ({ params }) => ({ regionId: params["regionId"]!, settled: state.settleFlowLogs(params["regionId"]!, Date.now()) }),
        },
        {
          method: "POST",
          path: "flow-logs/:id/delete",
          handle: ({ params }) => ({ flowLogId: params["id"]!, removed: state.removeFlowLog(params["id"]!) }),
        },
        {
          method: "POST",
          path: "flow-logs/:id/deactivate",
          handle: ({ params }) => {
            const rec = existing(params["id"]!);
            if (rec) {
              rec.status = "Inactive";
              rec.settlesAt = new Date().toISOString();
              delete rec.priorStatus;
              state.changed();
            }
            return { flowLogId: params["id"]!, found: rec !== undefined, status: "Inactive" };
          },
        },
        {
          method: "POST",
          path: "flow-logs/:id/description",
          handle: async ({ params, body }) => {
            const { description } = ((await body()) ?? {}) as { description?: unknown };
            if (typeof description !== "string") throw new ControlRouteError(400, '"description" must be a string');
            const rec = existing(params["id"]!);
            if (rec) {
              if (description === "") delete rec.description;
              else rec.description = description;
              state.changed();
            }
            return { flowLogId: params["id"]!, found: rec !== undefined, description };
          },
        },
      ],
      view,
    };
  },
};
