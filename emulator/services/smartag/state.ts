/**
 * The smartag state slice: flow logs (with a per-region index, in creation order) and the SAG instances
 * they bind to. Persisted under the state-file keys `flowLogs` and `sags`.
 */
import type { ChangeTracker, StateSlice } from "../types";
import type { FlowLogSettings } from "./settings";

export type OutputType = "sls" | "netflow" | "all";
export type NetflowVersion = "V5" | "V9" | "V10";
export type FlowLogStatus = "Active" | "Inactive";

/** A smartag flow log: its identity and status, and its settings (`settings.ts`) (reference §1.4, §1.7). */
export type FlowLogRecord = FlowLogSettings & {
  flowLogId: string;
  regionId: string;
  status: FlowLogStatus;
  resourceGroupId: string;
  /** ISO time of creation (creation order is also the listing order). */
  createdAt: string;
};

/** A Smart Access Gateway instance that flow logs can be associated with. */
export interface SagRecord {
  smartAGId: string;
  regionId: string;
  name: string;
  description: string;
  /** False for device models/versions that cannot be bound to a flow log. */
  flowLogSupported: boolean;
  /** The flow log this SAG is bound to (one at most). */
  flowLogId?: string;
}

export class SmartagState implements StateSlice {
  readonly keys = ["flowLogs", "sags"] as const;
  private readonly flowLogMap = new Map<string, FlowLogRecord>();
  private readonly flowLogsByRegion = new Map<string, Map<string, FlowLogRecord>>();
  private readonly sagMap = new Map<string, SagRecord>();

  constructor(private readonly tracker: ChangeTracker) {}

  // Reads

  getFlowLog(flowLogId: string): FlowLogRecord | undefined {
    return this.flowLogMap.get(flowLogId);
  }

  /** Flow logs of a region in creation order. */
  flowLogsIn(regionId: string): IterableIterator<FlowLogRecord> {
    return (this.flowLogsByRegion.get(regionId) ?? new Map<string, FlowLogRecord>()).values();
  }

  countFlowLogsIn(regionId: string): number {
    return this.flowLogsByRegion.get(regionId)?.size ?? 0;
  }

  allFlowLogs(): IterableIterator<FlowLogRecord> {
    return this.flowLogMap.values();
  }

  getSag(smartAGId: string): SagRecord | undefined {
    return this.sagMap.get(smartAGId);
  }

  allSags(): IterableIterator<SagRecord> {
    return this.sagMap.values();
  }

  // Mutations (each marks the state dirty)

  addFlowLog(rec: FlowLogRecord): void {
    this.index(rec);
    this.changed();
  }

  removeFlowLog(flowLogId: string): void {
    const rec = this.flowLogMap.get(flowLogId);
    if (!rec) return;
    this.flowLogMap.delete(flowLogId);
    this.flowLogsByRegion.get(rec.regionId)?.delete(flowLogId);
    this.changed();
  }

  /** Adds SAGs whose id is not known yet (existing ones, and their bindings, are kept). */
  seedSags(sags: readonly SagRecord[]): void {
    let added = false;
    for (const sag of sags) {
      if (this.sagMap.has(sag.smartAGId)) continue;
      this.sagMap.set(sag.smartAGId, { ...sag });
      added = true;
    }
    if (added) this.changed();
  }

  /** Call after editing a record in place. */
  changed(): void {
    this.tracker.changed();
  }

  // StateSlice

  snapshot(): Record<string, unknown> {
    return { flowLogs: [...this.flowLogMap.values()], sags: [...this.sagMap.values()] };
  }

  restore(data: Readonly<Record<string, unknown>>): void {
    for (const rec of (data["flowLogs"] as FlowLogRecord[] | undefined) ?? []) this.index(rec);
    for (const sag of (data["sags"] as SagRecord[] | undefined) ?? []) this.sagMap.set(sag.smartAGId, sag);
  }

  clear(): void {
    this.flowLogMap.clear();
    this.flowLogsByRegion.clear();
    this.sagMap.clear();
  }

  private index(rec: FlowLogRecord): void {
    this.flowLogMap.set(rec.flowLogId, rec);
    let region = this.flowLogsByRegion.get(rec.regionId);
    if (!region) this.flowLogsByRegion.set(rec.regionId, (region = new Map()));
    region.set(rec.flowLogId, rec);
  }
}
