/**
 * Traffic mirror sessions (vpc 2016-04-28): CreateTrafficMirrorSession, DeleteTrafficMirrorSession,
 * ListTrafficMirrorSessions, UpdateTrafficMirrorSessionAttribute, AddSourcesToTrafficMirrorSession,
 * RemoveSourcesFromTrafficMirrorSession. One public method per action; never sees HTTP; validation completes
 * before the first mutation.
 *
 * Asynchronous as documented: `Creating` then `Created`; an update or a change of sources is `Modifying`; a
 * deletion is `Deleting`, then the session is gone. While a session is not `Created` every operation on it is
 * `IncorrectStatus.TrafficMirrorSession` (the docs: none of them supports concurrent calls on one session).
 */
import { randomInt } from "crypto";
import { present, type ListingInput, type RequestMeta, type TagInput, type VpcCore } from "./core";
import {
  duplicatedParamPriority,
  incorrectStatusTrafficMirrorFilter,
  incorrectStatusTrafficMirrorSession,
  invalidParam,
  missingParam,
  quotaExceededTrafficMirrorSession,
  quotaExceededTrafficMirrorSource,
  resourceNotFoundTrafficMirrorSession,
  resourceNotFoundTrafficMirrorSource,
  resourceNotFoundTrafficMirrorTarget,
} from "./errors";
import type { SeededNetwork } from "./endpoints";
import type { TrafficMirrorFilterBackend } from "./filters";
import {
  DESCRIPTION_MAX_LENGTH,
  IDS_PER_QUERY,
  NAME_MAX_LENGTH,
  PACKET_LENGTH,
  REMOVE_SOURCES_MAX,
  SESSION_PRIORITY,
  TARGET_TYPES,
  VIRTUAL_NETWORK_ID,
} from "./rules";
import type { TargetType, TrafficMirrorSessionRecord } from "./state";

/** The configurable fields of a session as received (raw strings; undefined = not sent). */
export interface SessionConfigInput {
  name?: string;
  description?: string;
  targetId?: string;
  targetType?: string;
  filterId?: string;
  priority?: string;
  virtualNetworkId?: string;
  packetLength?: string;
  enabled?: string;
}

export interface CreateSessionInput extends SessionConfigInput {
  sourceIds: readonly string[];
  resourceGroupId?: string;
  tags: readonly TagInput[];
}

export interface ListSessionsInput extends ListingInput {
  ids: readonly string[];
  name?: string;
  enabled?: string;
  priority?: string;
  filterId?: string;
  sourceId?: string;
  targetId?: string;
  virtualNetworkId?: string;
}

export interface SessionLimits {
  /** Sources one session may have (documented default 1). */
  sourcesPerSession: number;
  /** Sessions one ENI may be the source of (choice: 3). */
  sessionsPerSource: number;
}

type Config = Pick<
  TrafficMirrorSessionRecord,
  "name" | "description" | "targetId" | "targetType" | "filterId" | "priority" | "virtualNetworkId" | "packetLength" | "enabled"
>;
type Changed = () => { result: Record<string, never>; busyUntil: number };

export class TrafficMirrorSessionBackend {
  constructor(
    private readonly core: VpcCore,
    private readonly filters: TrafficMirrorFilterBackend,
    private readonly endpoints: SeededNetwork,
    private readonly limits: SessionLimits,
  ) {}

  createTrafficMirrorSession(regionId: string | undefined, input: CreateSessionInput, meta: RequestMeta) {
    const region = this.core.enter(regionId);
    return this.core.idempotent("CreateTrafficMirrorSession", region, meta, () => {
      this.core.requireOpen(region);
      const config = this.resolveConfig(region, undefined, input);
      if (input.sourceIds.length === 0) throw missingParam("TrafficMirrorSourceIds");
      this.checkNewSources(region, [], input.sourceIds, config.targetId);
      const owner = this.core.owner(input);
      return () => {
        const id = this.core.newId("tms-", (x) => this.core.state.getSession(x) !== undefined);
        const session: TrafficMirrorSessionRecord = {
          trafficMirrorSessionId: id,
          ...this.core.fresh(region, owner),
          ...config,
          sourceIds: [...input.sourceIds],
        };
        this.core.state.addSession(session);
        return { result: { TrafficMirrorSessionId: id, ResourceGroupId: owner.resourceGroupId }, busyUntil: Date.parse(session.settlesAt) };
      };
    });
  }

  deleteTrafficMirrorSession(regionId: string | undefined, sessionId: string | undefined, meta: RequestMeta) {
    const region = this.core.enter(regionId);
    return this.core.idempotent("DeleteTrafficMirrorSession", region, meta, (): Changed => {
      const session = this.requireSettled(region, sessionId);
      return () => this.change(session, "Deleting", () => undefined);
    });
  }

  /** Partial update: what is not sent keeps its value. */
  updateTrafficMirrorSessionAttribute(
    regionId: string | undefined,
    sessionId: string | undefined,
    input: SessionConfigInput,
    meta: RequestMeta,
  ) {
    const region = this.core.enter(regionId);
    return this.core.idempotent("UpdateTrafficMirrorSessionAttribute", region, meta, (): Changed => {
      const session = this.requireSettled(region, sessionId);
      this.core.requireOpen(region);
      const config = this.resolveConfig(region, session, input);
      if (session.sourceIds.includes(config.targetId)) throw invalidParam("TrafficMirrorTargetId");
      return () => this.change(session, "Modifying", () => Object.assign(session, config));
    });
  }

  addSourcesToTrafficMirrorSession(
    regionId: string | undefined,
    sessionId: string | undefined,
    sourceIds: readonly string[],
    meta: RequestMeta,
  ) {
    return this.editSources("AddSourcesToTrafficMirrorSession", regionId, sessionId, sourceIds, meta, (session, region) => {
      this.core.requireOpen(region);
      this.checkNewSources(region, session.sourceIds, sourceIds, session.targetId);
      return [...session.sourceIds, ...sourceIds];
    });
  }

  removeSourcesFromTrafficMirrorSession(
    regionId: string | undefined,
    sessionId: string | undefined,
    sourceIds: readonly string[],
    meta: RequestMeta,
  ) {
    return this.editSources("RemoveSourcesFromTrafficMirrorSession", regionId, sessionId, sourceIds, meta, (session) => {
      if (sourceIds.length > REMOVE_SOURCES_MAX) throw invalidParam("TrafficMirrorSourceIds");
      // Choice: an id that is not a source of this session is not found from the session's point of view.
      if (sourceIds.some((id) => !session.sourceIds.includes(id))) throw resourceNotFoundTrafficMirrorSource();
      return session.sourceIds.filter((id) => !sourceIds.includes(id));
    });
  }

  listTrafficMirrorSessions(regionId: string | undefined, input: ListSessionsInput) {
    const region = this.core.enter(regionId);
    if (input.ids.length > IDS_PER_QUERY) throw invalidParam("TrafficMirrorSessionIds");
    this.core.tags("Tags", input.tags);
    const enabled = present(input.enabled) ? this.core.flag("Enabled", input.enabled, false) : undefined;
    const priority = this.core.integer("Priority", input.priority, SESSION_PRIORITY);
    const vni = this.core.integer("VirtualNetworkId", input.virtualNetworkId, VIRTUAL_NETWORK_ID);
    const ids = new Set(input.ids);
    const matches: TrafficMirrorSessionRecord[] = [];
    for (const s of this.core.state.allSessions()) {
      if (s.regionId !== region || this.core.status(s) === undefined) continue;
      const wanted =
        (ids.size === 0 || ids.has(s.trafficMirrorSessionId)) &&
        (!present(input.name) || s.name === input.name) &&
        (enabled === undefined || s.enabled === enabled) &&
        (priority === undefined || s.priority === priority) &&
        (vni === undefined || s.virtualNetworkId === vni) &&
        (!present(input.resourceGroupId) || s.resourceGroupId === input.resourceGroupId) &&
        (!present(input.filterId) || s.filterId === input.filterId) &&
        (!present(input.sourceId) || s.sourceIds.includes(input.sourceId)) &&
        (!present(input.targetId) || s.targetId === input.targetId) &&
        this.core.hasTags(s.tags, input.tags);
      if (wanted) matches.push(s);
    }
    const { page, nextToken } = this.core.page("tms", matches, input.maxResults, input.nextToken);
    return { TrafficMirrorSessions: page.map((s) => this.toItem(s)), TotalCount: String(matches.length), NextToken: nextToken };
  }

  // ------------------------------------------------------------------------------------------------------
  // Helpers
  // ------------------------------------------------------------------------------------------------------

  /** A `Created` session of the region (`ResourceNotFound` / `IncorrectStatus.TrafficMirrorSession` otherwise). */
  private requireSettled(region: string, sessionId: string | undefined): TrafficMirrorSessionRecord {
    const id = this.core.required("TrafficMirrorSessionId", sessionId);
    const session = this.core.state.getSession(id);
    const status = session && session.regionId === region ? this.core.status(session) : undefined;
    if (!session || status === undefined) throw resourceNotFoundTrafficMirrorSession();
    if (status !== "Created") throw incorrectStatusTrafficMirrorSession();
    return session;
  }

  /** Add / Remove sources: `next` validates the ids given and returns the session's sources after the change. */
  private editSources(
    action: string,
    regionId: string | undefined,
    sessionId: string | undefined,
    sourceIds: readonly string[],
    meta: RequestMeta,
    next: (session: TrafficMirrorSessionRecord, region: string) => string[],
  ) {
    const region = this.core.enter(regionId);
    return this.core.idempotent(action, region, meta, (): Changed => {
      const session = this.requireSettled(region, sessionId);
      if (sourceIds.length === 0) throw missingParam("TrafficMirrorSourceIds");
      const after = next(session, region);
      return () => this.change(session, "Modifying", () => (session.sourceIds = after));
    });
  }

  private change(session: TrafficMirrorSessionRecord, status: "Modifying" | "Deleting", edit: () => unknown) {
    edit();
    const busyUntil = this.core.begin(session, status);
    this.core.state.changed();
    return { result: {}, busyUntil };
  }

  /** Sessions (of any status until their deletion settles) that have `eniId` as a source. */
  private sessionsOf(eniId: string): number {
    let n = 0;
    for (const s of this.core.state.allSessions()) if (s.sourceIds.includes(eniId)) n++;
    return n;
  }

  /** Sources to add to a session that has `current`: ENIs of the region, within both documented limits. */
  private checkNewSources(region: string, current: readonly string[], added: readonly string[], targetId: string): void {
    if (new Set(added).size !== added.length || added.some((id) => current.includes(id))) throw invalidParam("TrafficMirrorSourceIds");
    for (const id of added) {
      if (!this.endpoints.hasNetworkInterface(region, id)) throw resourceNotFoundTrafficMirrorSource();
      // Choice: an ENI cannot mirror to itself.
      if (id === targetId) throw invalidParam("TrafficMirrorSourceIds");
    }
    if (current.length + added.length > this.limits.sourcesPerSession) throw quotaExceededTrafficMirrorSource();
    if (added.some((id) => this.sessionsOf(id) >= this.limits.sessionsPerSource)) throw quotaExceededTrafficMirrorSession();
  }

  /**
   * Validates `input` field by field and merges it over `base` (undefined = create: required fields must be
   * sent, the documented defaults apply).
   */
  private resolveConfig(region: string, base: TrafficMirrorSessionRecord | undefined, input: SessionConfigInput): Config {
    const name = this.core.text("TrafficMirrorSessionName", input.name, NAME_MAX_LENGTH) ?? base?.name;
    const description = this.core.text("TrafficMirrorSessionDescription", input.description, DESCRIPTION_MAX_LENGTH) ?? base?.description;

    const targetId = base && !present(input.targetId) ? base.targetId : this.core.required("TrafficMirrorTargetId", input.targetId);
    const typeText = base && !present(input.targetType) ? base.targetType : this.core.required("TrafficMirrorTargetType", input.targetType);
    if (!(TARGET_TYPES as readonly string[]).includes(typeText)) throw invalidParam("TrafficMirrorTargetType");
    const targetType = typeText as TargetType;
    const exists =
      targetType === "SLB" ? this.endpoints.hasLoadBalancer(region, targetId) : this.endpoints.hasNetworkInterface(region, targetId);
    if (!exists) throw resourceNotFoundTrafficMirrorTarget();

    let filterId = base?.filterId;
    if (!base || present(input.filterId)) {
      const filter = this.filters.requireFilter(region, input.filterId);
      if (this.core.status(filter) !== "Created") throw incorrectStatusTrafficMirrorFilter();
      filterId = filter.trafficMirrorFilterId;
    }

    if (!base && !present(input.priority)) throw missingParam("Priority");
    const priority = this.core.integer("Priority", input.priority, SESSION_PRIORITY) ?? base!.priority;
    for (const s of this.core.state.allSessions()) {
      if (s !== base && s.regionId === region && s.priority === priority) throw duplicatedParamPriority();
    }
    return {
      ...(name !== undefined ? { name } : {}),
      ...(description !== undefined ? { description } : {}),
      targetId,
      targetType,
      filterId: filterId!,
      priority,
      // "To use a system-assigned value, do not specify this parameter. The system randomly allocates the value."
      virtualNetworkId:
        this.core.integer("VirtualNetworkId", input.virtualNetworkId, VIRTUAL_NETWORK_ID) ??
        base?.virtualNetworkId ??
        randomInt(VIRTUAL_NETWORK_ID.max + 1),
      packetLength: this.core.integer("PacketLength", input.packetLength, PACKET_LENGTH) ?? base?.packetLength ?? PACKET_LENGTH.default,
      enabled: this.core.flag("Enabled", input.enabled, base?.enabled ?? false),
    };
  }

  private toItem(s: TrafficMirrorSessionRecord) {
    return {
      CreationTime: s.creationTime,
      Enabled: s.enabled,
      PacketLength: s.packetLength,
      Priority: s.priority,
      ResourceGroupId: s.resourceGroupId,
      Tags: s.tags,
      TrafficMirrorFilterId: s.filterId,
      TrafficMirrorSessionBusinessStatus: "Normal",
      TrafficMirrorSessionDescription: s.description,
      TrafficMirrorSessionId: s.trafficMirrorSessionId,
      TrafficMirrorSessionName: s.name,
      TrafficMirrorSessionStatus: this.core.status(s),
      TrafficMirrorSourceIds: s.sourceIds,
      TrafficMirrorTargetId: s.targetId,
      TrafficMirrorTargetType: s.targetType,
      VirtualNetworkId: s.virtualNetworkId,
    };
  }
}
