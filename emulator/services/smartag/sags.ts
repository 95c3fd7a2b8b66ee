/**
 * The SAG instances flow logs can be bound to. The emulator has no SAG API of its own (the flow-log actions
 * only reference SAGs), so instances are seeded from options / `--sag`.
 */
import type { SagRecord } from "./state";

/** A SAG to seed. `flowLogSupported: false` models a device that cannot be bound to a flow log. */
export interface SagSeed {
  regionId: string;
  smartAGId: string;
  flowLogSupported?: boolean;
  name?: string;
  description?: string;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/**
 * Default SAGs for the demo and examples (other parts of the project depend on these exact ids):
 * `sag-demohangzhou000001`…`000008` and the legacy `sag-legacyhangzhou0001` in cn-hangzhou,
 * `sag-demoshanghai000001`…`000008` in cn-shanghai.
 */
export const DEFAULT_SAGS: readonly SagSeed[] = [
  ...range(8).map((i) => ({ regionId: "cn-hangzhou", smartAGId: `sag-demohangzhou${String(i).padStart(6, "0")}` })),
  { regionId: "cn-hangzhou", smartAGId: "sag-legacyhangzhou0001", flowLogSupported: false },
  ...range(8).map((i) => ({ regionId: "cn-shanghai", smartAGId: `sag-demoshanghai${String(i).padStart(6, "0")}` })),
];

/** Parses a `--sag <region>:<sag-id>[:unsupported]` value; throws on anything else. */
export function parseSagSpec(spec: string): SagSeed {
  const parts = spec.split(":");
  const [regionId, smartAGId, flag] = parts;
  if (parts.length < 2 || parts.length > 3 || !regionId || !smartAGId || (flag !== undefined && flag !== "unsupported")) {
    throw new Error(`invalid --sag "${spec}": expected <region>:<sag-id>[:unsupported]`);
  }
  if (!/^sag-[a-z0-9]+$/.test(smartAGId)) throw new Error(`invalid SAG id "${smartAGId}": expected sag-<lowercase alnum>`);
  return { regionId, smartAGId, flowLogSupported: flag === undefined };
}

export function toSagRecord(seed: SagSeed): SagRecord {
  const supported = seed.flowLogSupported !== false;
  return {
    smartAGId: seed.smartAGId,
    regionId: seed.regionId,
    name: seed.name ?? seed.smartAGId,
    description: seed.description ?? (supported ? "Emulated SAG device" : "Emulated SAG device (model without flow-log support)"),
    flowLogSupported: supported,
  };
}
