/**
 * Smart Access Gateway flow logs (smartag 2018-03-13): the service descriptor the registry lists.
 *
 *   rules.ts     validation rules and limits, from the Alibaba docs
 *   state.ts     the state slice (flow logs, SAGs; state-file keys `flowLogs`, `sags`)
 *   backend.ts   one method per action
 *   handlers.ts  the route table (action name → handler)
 *   sags.ts      the seeded SAG instances
 */
import type { ServiceDescriptor, ServiceInstance } from "../types";
import { SmartagBackend } from "./backend";
import { SMARTAG_VERSION, smartagActions } from "./handlers";
import { DEFAULT_SAGS, toSagRecord, type SagSeed } from "./sags";
import { SmartagState, type FlowLogRecord, type SagRecord } from "./state";

export interface SmartagOptions {
  /** SAG instances to seed (default `DEFAULT_SAGS`); given SAGs replace the default set. */
  sags?: readonly SagSeed[];
  /** Flow logs allowed per region before `QuotaExceeded.Flowlog` (default 1000). */
  flowLogQuota?: number;
}

/** smartag's part of `GET /_emulator/state`. */
export interface SmartagStateView {
  flowLogs: Array<FlowLogRecord & { smartAGIds: string[] }>;
  sags: SagRecord[];
}

export const smartagService: ServiceDescriptor<SmartagOptions> = {
  product: "smartag",
  productName: "Smartag",
  version: SMARTAG_VERSION,
  create(store, options): ServiceInstance {
    const state = new SmartagState(store);
    const backend = new SmartagBackend(state, { flowLogQuota: options.flowLogQuota });
    const seeds = options.sags ?? DEFAULT_SAGS;
    return {
      actions: smartagActions(backend),
      state,
      seed: () => state.seedSags(seeds.map(toSagRecord)),
      view: (): SmartagStateView => {
        const sags = [...state.allSags()].map((s) => ({ ...s }));
        return {
          flowLogs: [...state.allFlowLogs()].map((f) => ({
            ...f,
            smartAGIds: sags.filter((s) => s.flowLogId === f.flowLogId).map((s) => s.smartAGId),
          })),
          sags,
        };
      },
    };
  },
};
