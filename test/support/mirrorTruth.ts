/**
 * Ground truth for traffic mirror filters and sessions: what the emulator holds, and the check that the
 * cloud, the state and the outputs of a stack of examples/traffic-mirroring-sessions (one filter, one
 * session; outputs `filterId`, `sessionId`) agree.
 */
import { TRAFFIC_MIRROR_FILTER_TYPE, TRAFFIC_MIRROR_SESSION_TYPE } from "../../provider/schema";
import type { EmulatorStateView } from "../../emulator";
import { Workspace, resourcesOfType } from "./pulumi";

/** Filters and sessions of every region in an emulator's state view. */
export function mirrorCloud(view: EmulatorStateView) {
  const regions = view.trafficMirror;
  return {
    filters: regions.flatMap((r) => r.filters ?? []),
    sessions: regions.flatMap((r) => r.sessions ?? []),
  };
}

export interface MirrorIds {
  filterId: string;
  sessionId: string;
}

/**
 * Exactly one filter and one session in the cloud (0 duplicates, 0 orphans), with the ids the state and
 * the outputs hold, and no pending operation in the state. Returns the ids and the exported state.
 */
export async function expectMirrorAgrees(view: EmulatorStateView, ws: Workspace): Promise<MirrorIds & { state: any }> {
  const state = await ws.exportState();
  const outputs = await ws.outputs();
  const { filters, sessions } = mirrorCloud(view);
  const inState = {
    filters: resourcesOfType(state, TRAFFIC_MIRROR_FILTER_TYPE).map((r: any) => r.id),
    sessions: resourcesOfType(state, TRAFFIC_MIRROR_SESSION_TYPE).map((r: any) => r.id),
  };
  expect({ cloud: filters.map((f) => f.trafficMirrorFilterId), state: inState.filters }).toEqual({
    cloud: [outputs.filterId],
    state: [outputs.filterId],
  });
  expect({ cloud: sessions.map((s) => s.trafficMirrorSessionId), state: inState.sessions }).toEqual({
    cloud: [outputs.sessionId],
    state: [outputs.sessionId],
  });
  expect(state.deployment.pending_operations ?? []).toEqual([]);
  return { filterId: outputs.filterId, sessionId: outputs.sessionId, state };
}

/** After destroy: no filter or session in the cloud, none in the state. */
export async function expectMirrorGone(view: EmulatorStateView, ws: Workspace): Promise<void> {
  expect(mirrorCloud(view)).toEqual({ filters: [], sessions: [] });
  const state = await ws.exportState();
  expect(state.deployment.pending_operations ?? []).toEqual([]);
  for (const type of [TRAFFIC_MIRROR_FILTER_TYPE, TRAFFIC_MIRROR_SESSION_TYPE]) expect(resourcesOfType(state, type)).toEqual([]);
}
