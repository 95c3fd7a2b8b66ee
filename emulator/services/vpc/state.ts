/**
 * The vpc state slice: per region, traffic mirroring opened (activation), its filters (with their rules) and
 * its sessions; per region, the flow-log service opened and its flow logs; plus the remembered ClientTokens
 * of every vpc action. Persisted under the state-file keys `trafficMirror`, `clientTokens` and
 * `vpcFlowLogs`.
 *
 * `trafficMirror` holds one record per opened region, `{regionId, openedAt, enabledAt, filters?, sessions?}`:
 * filters and sessions exist only where the service is opened, and the API scopes them by region, so they
 * live in their region's record, each list written only when it is not empty (a state without them is the
 * same file as before they existed). Taking a region's activation away (the drift route) takes its filters
 * and sessions with it.
 *
 * `vpcFlowLogs` likewise holds one record per region where OpenFlowLogService was called,
 * `{regionId, openedAt, enabledAt, flowLogs?}` (CreateFlowLog needs the service opened in its region). The
 * key is written only once some region has opened the service, so a state without VPC flow logs is the
 * same file as before they existed, and a file without the key loads as no region opened.
 */
import type { ChangeTracker, StateSlice } from "../types";
import type { FlowLogResourceType, TrafficType } from "./rules";

/** Traffic mirroring opened in a region; enabled from `enabledAt` on (activation delay). */
export interface TrafficMirrorRecord {
  regionId: string;
  openedAt: string;
  enabledAt: string;
}

/** Whether opened traffic mirroring has finished activating at `now` (ms since epoch). */
export function mirrorEnabled(rec: TrafficMirrorRecord | undefined, now: number): boolean {
  return rec !== undefined && now >= Date.parse(rec.enabledAt);
}

/** A remembered ClientToken: the request fingerprint and the result it produced. */
export interface ClientTokenRecord {
  key: string;
  fingerprint: string;
  result: Record<string, unknown>;
  /** Epoch ms when first used. */
  at: number;
  /** Epoch ms until which the task the request started is still running (a replay meanwhile is refused). */
  busyUntil?: number;
}

/** The documented statuses of filters, rules and sessions (`TrafficMirrorFilterStatus`, ...). */
export type MirrorStatus = "Creating" | "Created" | "Modifying" | "Deleting";

/**
 * The asynchronous part of a record: the status of the last task and when it settles (`Creating` and
 * `Modifying` settle to `Created`; `Deleting` settles to the record being gone).
 */
export interface Transitional {
  status: MirrorStatus;
  settlesAt: string;
}

/** The status a record shows at `now`, or `undefined` once a deletion has settled. */
export function statusAt(rec: Transitional, now: number): MirrorStatus | undefined {
  if (rec.status === "Created" || now < Date.parse(rec.settlesAt)) return rec.status;
  return rec.status === "Deleting" ? undefined : "Created";
}

export type Protocol = "ALL" | "ICMP" | "TCP" | "UDP";
export type RuleAction = "accept" | "drop";
export type IpVersion = "IPv4" | "IPv6";
export type TrafficDirection = "ingress" | "egress";
export type TargetType = "NetworkInterface" | "SLB";

export interface Tag {
  Key: string;
  Value: string;
}

export interface TrafficMirrorRuleRecord extends Transitional {
  trafficMirrorFilterRuleId: string;
  trafficDirection: TrafficDirection;
  priority: number;
  protocol: Protocol;
  action: RuleAction;
  sourceCidrBlock: string;
  destinationCidrBlock: string;
  sourcePortRange: string;
  destinationPortRange: string;
  ipVersion: IpVersion;
}

export interface TrafficMirrorFilterRecord extends Transitional {
  trafficMirrorFilterId: string;
  regionId: string;
  /** Creation order (listing order and paging position). */
  seq: number;
  name?: string;
  description?: string;
  resourceGroupId: string;
  tags: Tag[];
  creationTime: string;
  rules: TrafficMirrorRuleRecord[];
}

export interface TrafficMirrorSessionRecord extends Transitional {
  trafficMirrorSessionId: string;
  regionId: string;
  seq: number;
  name?: string;
  description?: string;
  sourceIds: string[];
  targetId: string;
  targetType: TargetType;
  filterId: string;
  priority: number;
  virtualNetworkId: number;
  packetLength: number;
  enabled: boolean;
  resourceGroupId: string;
  tags: Tag[];
  creationTime: string;
}

/** The flow-log service opened in a region; enabled from `enabledAt` on (activation delay). */
export interface FlowLogServiceRecord {
  regionId: string;
  openedAt: string;
  enabledAt: string;
}

/** The statuses a VPC flow log shows (DescribeFlowLogs, and the action remarks for the transitional ones). */
export type FlowLogStatus = "Activating" | "Active" | "Modifying" | "Deactivating" | "Inactive" | "Deleting";
export type SettledFlowLogStatus = "Active" | "Inactive";

/** A VPC flow log (vpc 2016-04-28), with the meaning of the wire fields. */
export interface VpcFlowLogRecord {
  flowLogId: string;
  regionId: string;
  /** Creation order (listing order). */
  seq: number;
  name?: string;
  description?: string;
  resourceType: FlowLogResourceType;
  resourceId: string;
  /** The VPC the resource was in at creation (for a VPC: itself; null: an ENI in no seeded vSwitch). */
  vpcId: string | null;
  trafficType: TrafficType;
  projectName?: string;
  logStoreName?: string;
  /** Minutes. */
  aggregationInterval: number;
  trafficPath: string[];
  ipVersion: IpVersion;
  resourceGroupId: string;
  tags: Tag[];
  creationTime: string;
  /** The status of the last task, shown until `settlesAt`; transitional ones then settle (`flowLogStatusAt`). */
  status: FlowLogStatus;
  settlesAt: string;
  /** For `Modifying`: the status it returns to. */
  priorStatus?: SettledFlowLogStatus;
}

/**
 * The status a flow log shows at `now`: a transitional status until `settlesAt`, then `Activating` →
 * `Active`, `Deactivating` → `Inactive`, `Modifying` → the prior status, `Deleting` → gone (undefined).
 */
export function flowLogStatusAt(rec: VpcFlowLogRecord, now: number): FlowLogStatus | undefined {
  if (rec.status === "Active" || rec.status === "Inactive" || now < Date.parse(rec.settlesAt)) return rec.status;
  switch (rec.status) {
    case "Activating":
      return "Active";
    case "Deactivating":
      return "Inactive";
    case "Modifying":
      return rec.priorStatus ?? "Active";
    case "Deleting":
      return undefined;
  }
}

/** One `vpcFlowLogs` entry of the state file. */
interface PersistedFlowLogRegion extends FlowLogServiceRecord {
  flowLogs?: VpcFlowLogRecord[];
}

/** One `trafficMirror` entry of the state file. */
interface PersistedRegion extends TrafficMirrorRecord {
  filters?: TrafficMirrorFilterRecord[];
  sessions?: TrafficMirrorSessionRecord[];
}

export class VpcState implements StateSlice {
  readonly keys = ["trafficMirror", "clientTokens", "vpcFlowLogs"] as const;
  private readonly mirrorMap = new Map<string, TrafficMirrorRecord>();
  private readonly tokenMap = new Map<string, ClientTokenRecord>();
  private readonly filterMap = new Map<string, TrafficMirrorFilterRecord>();
  private readonly ruleIndex = new Map<string, TrafficMirrorFilterRecord>();
  private readonly sessionMap = new Map<string, TrafficMirrorSessionRecord>();
  private readonly flowLogServiceMap = new Map<string, FlowLogServiceRecord>();
  private readonly flowLogMap = new Map<string, VpcFlowLogRecord>();
  private lastSeq = 0;

  constructor(private readonly tracker: ChangeTracker) {}

  // Reads

  getTrafficMirror(regionId: string): TrafficMirrorRecord | undefined {
    return this.mirrorMap.get(regionId);
  }

  allTrafficMirror(): IterableIterator<TrafficMirrorRecord> {
    return this.mirrorMap.values();
  }

  getClientToken(key: string): ClientTokenRecord | undefined {
    return this.tokenMap.get(key);
  }

  getFilter(id: string): TrafficMirrorFilterRecord | undefined {
    return this.filterMap.get(id);
  }

  /** The filter a rule belongs to. */
  filterOfRule(ruleId: string): TrafficMirrorFilterRecord | undefined {
    return this.ruleIndex.get(ruleId);
  }

  getSession(id: string): TrafficMirrorSessionRecord | undefined {
    return this.sessionMap.get(id);
  }

  /** Filters in creation order. */
  allFilters(): IterableIterator<TrafficMirrorFilterRecord> {
    return this.filterMap.values();
  }

  /** Sessions in creation order. */
  allSessions(): IterableIterator<TrafficMirrorSessionRecord> {
    return this.sessionMap.values();
  }

  getFlowLogService(regionId: string): FlowLogServiceRecord | undefined {
    return this.flowLogServiceMap.get(regionId);
  }

  allFlowLogServices(): IterableIterator<FlowLogServiceRecord> {
    return this.flowLogServiceMap.values();
  }

  getFlowLog(id: string): VpcFlowLogRecord | undefined {
    return this.flowLogMap.get(id);
  }

  /** VPC flow logs in creation order. */
  allFlowLogs(): IterableIterator<VpcFlowLogRecord> {
    return this.flowLogMap.values();
  }

  nextSeq(): number {
    return ++this.lastSeq;
  }

  // Mutations (each marks the state dirty)

  setTrafficMirror(rec: TrafficMirrorRecord): void {
    this.mirrorMap.set(rec.regionId, rec);
    this.tracker.changed();
  }

  /** Forgets that the region was opened, with its filters and sessions. */
  deleteTrafficMirror(regionId: string): boolean {
    const had = this.mirrorMap.delete(regionId);
    for (const f of [...this.filterMap.values()]) if (f.regionId === regionId) this.removeFilter(f.trafficMirrorFilterId);
    for (const s of [...this.sessionMap.values()]) if (s.regionId === regionId) this.removeSession(s.trafficMirrorSessionId);
    if (had) this.tracker.changed();
    return had;
  }

  /** Remembers a ClientToken; keeps at most `capacity` (oldest dropped) and none older than `ttlMs`. */
  putClientToken(rec: ClientTokenRecord, capacity: number, ttlMs: number): void {
    for (const [key, old] of this.tokenMap) {
      if (this.tokenMap.size < capacity && old.at >= rec.at - ttlMs) break;
      this.tokenMap.delete(key);
    }
    this.tokenMap.set(rec.key, rec);
    this.tracker.changed();
  }

  addFilter(rec: TrafficMirrorFilterRecord): void {
    this.indexFilter(rec);
    this.tracker.changed();
  }

  addRules(filter: TrafficMirrorFilterRecord, rules: readonly TrafficMirrorRuleRecord[]): void {
    for (const rule of rules) {
      filter.rules.push(rule);
      this.ruleIndex.set(rule.trafficMirrorFilterRuleId, filter);
    }
    this.tracker.changed();
  }

  removeFilter(id: string): boolean {
    const rec = this.filterMap.get(id);
    if (!rec) return false;
    this.filterMap.delete(id);
    for (const rule of rec.rules) this.ruleIndex.delete(rule.trafficMirrorFilterRuleId);
    this.tracker.changed();
    return true;
  }

  addSession(rec: TrafficMirrorSessionRecord): void {
    this.sessionMap.set(rec.trafficMirrorSessionId, rec);
    this.tracker.changed();
  }

  removeSession(id: string): boolean {
    const had = this.sessionMap.delete(id);
    if (had) this.tracker.changed();
    return had;
  }

  setFlowLogService(rec: FlowLogServiceRecord): void {
    this.flowLogServiceMap.set(rec.regionId, rec);
    this.tracker.changed();
  }

  addFlowLog(rec: VpcFlowLogRecord): void {
    this.flowLogMap.set(rec.flowLogId, rec);
    this.tracker.changed();
  }

  removeFlowLog(id: string): boolean {
    const had = this.flowLogMap.delete(id);
    if (had) this.tracker.changed();
    return had;
  }

  /**
   * Control plane: every flow log of the region still Activating / Deactivating / Modifying / Deleting
   * completes at `now`. Returns how many it settled.
   */
  settleFlowLogs(regionId: string, now: number): number {
    const at = new Date(now).toISOString();
    let n = 0;
    for (const f of this.flowLogMap.values()) {
      if (f.regionId === regionId && f.status !== "Active" && f.status !== "Inactive" && Date.parse(f.settlesAt) > now) {
        f.settlesAt = at;
        n++;
      }
    }
    this.tracker.changed();
    this.sweep(now);
    return n;
  }

  /** Call after editing a record in place. */
  changed(): void {
    this.tracker.changed();
  }

  /**
   * Control plane: every task of the region (filters, rules, sessions still Creating / Modifying / Deleting,
   * and the ClientTokens that wait for them) completes at `now`. Returns how many records it settled.
   */
  settleRegion(regionId: string, now: number): number {
    const at = new Date(now).toISOString();
    let n = 0;
    const settle = (rec: Transitional) => {
      if (rec.status !== "Created" && Date.parse(rec.settlesAt) > now) {
        rec.settlesAt = at;
        n++;
      }
    };
    for (const f of this.filterMap.values()) {
      if (f.regionId !== regionId) continue;
      settle(f);
      f.rules.forEach(settle);
    }
    for (const s of this.sessionMap.values()) if (s.regionId === regionId) settle(s);
    for (const t of this.tokenMap.values()) {
      if (t.busyUntil !== undefined && t.busyUntil > now && (JSON.parse(t.fingerprint) as { RegionId?: string }).RegionId === regionId) {
        t.busyUntil = now;
      }
    }
    this.tracker.changed();
    this.sweep(now);
    return n;
  }

  /** Drops filters, rules, sessions and flow logs whose deletion has settled at `now`. */
  sweep(now: number): void {
    for (const f of [...this.filterMap.values()]) {
      if (statusAt(f, now) === undefined) {
        this.removeFilter(f.trafficMirrorFilterId);
        continue;
      }
      const kept = f.rules.filter((r) => statusAt(r, now) !== undefined);
      if (kept.length === f.rules.length) continue;
      for (const r of f.rules) if (!kept.includes(r)) this.ruleIndex.delete(r.trafficMirrorFilterRuleId);
      f.rules = kept;
      this.tracker.changed();
    }
    for (const s of [...this.sessionMap.values()]) if (statusAt(s, now) === undefined) this.removeSession(s.trafficMirrorSessionId);
    for (const f of [...this.flowLogMap.values()]) if (flowLogStatusAt(f, now) === undefined) this.removeFlowLog(f.flowLogId);
  }

  // StateSlice

  snapshot(): Record<string, unknown> {
    const regions = new Map<string, PersistedRegion>();
    for (const m of this.mirrorMap.values()) regions.set(m.regionId, { ...m });
    for (const f of this.filterMap.values()) (regions.get(f.regionId)!.filters ??= []).push(f);
    for (const s of this.sessionMap.values()) (regions.get(s.regionId)!.sessions ??= []).push(s);
    const out: Record<string, unknown> = { trafficMirror: [...regions.values()], clientTokens: [...this.tokenMap.values()] };
    if (this.flowLogServiceMap.size > 0) {
      const flowLogRegions = new Map<string, PersistedFlowLogRegion>();
      for (const r of this.flowLogServiceMap.values()) flowLogRegions.set(r.regionId, { ...r });
      for (const f of this.flowLogMap.values()) (flowLogRegions.get(f.regionId)!.flowLogs ??= []).push(f);
      out["vpcFlowLogs"] = [...flowLogRegions.values()];
    }
    return out;
  }

  restore(data: Readonly<Record<string, unknown>>): void {
    for (const { filters, sessions, ...m } of (data["trafficMirror"] as PersistedRegion[] | undefined) ?? []) {
      this.mirrorMap.set(m.regionId, m);
      for (const f of filters ?? []) this.indexFilter({ ...f, regionId: m.regionId });
      for (const s of sessions ?? []) this.sessionMap.set(s.trafficMirrorSessionId, { ...s, regionId: m.regionId });
    }
    for (const t of (data["clientTokens"] as ClientTokenRecord[] | undefined) ?? []) this.tokenMap.set(t.key, t);
    for (const { flowLogs, ...r } of (data["vpcFlowLogs"] as PersistedFlowLogRegion[] | undefined) ?? []) {
      this.flowLogServiceMap.set(r.regionId, r);
      for (const f of flowLogs ?? []) this.flowLogMap.set(f.flowLogId, { ...f, regionId: r.regionId });
    }
    for (const rec of [...this.filterMap.values(), ...this.sessionMap.values(), ...this.flowLogMap.values()]) {
      this.lastSeq = Math.max(this.lastSeq, rec.seq);
    }
  }

  clear(): void {
    this.mirrorMap.clear();
    this.tokenMap.clear();
    this.filterMap.clear();
    this.ruleIndex.clear();
    this.sessionMap.clear();
    this.flowLogServiceMap.clear();
    this.flowLogMap.clear();
    this.lastSeq = 0;
  }

  private indexFilter(rec: TrafficMirrorFilterRecord): void {
    this.filterMap.set(rec.trafficMirrorFilterId, rec);
    for (const rule of rec.rules) this.ruleIndex.set(rule.trafficMirrorFilterRuleId, rec);
  }
}
