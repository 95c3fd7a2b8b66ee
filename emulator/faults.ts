/**
 * Fault injection. A fault matches an action (or `*`), optionally of one product only (smartag and vpc
 * share action names such as `CreateFlowLog`), fires with probability `rate` (seeded RNG, so runs are
 * reproducible) at most `count` times, and is applied to accepted API calls only, i.e. after routing and
 * signature verification. At most one fault applies per request (the first registered that fires).
 */
import { randomBytes } from "crypto";

export const FAULT_KINDS = ["throttling", "throttling-user", "unavailable", "internal", "bad-gateway", "latency", "commit-drop"] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** What a caller registers (POST /_emulator/faults or `injectFault`). */
export interface FaultSpec {
  /** Exact action name, or `*` for every action. */
  action: string;
  /** Product code (`smartag`, `vpc`) the fault is limited to; without it, every product's `action`. */
  product?: string;
  kind: FaultKind;
  /** Probability per matching request, 0–1 (default 1). */
  rate?: number;
  /** Maximum number of injections (default unlimited). */
  count?: number;
  /** Delay before the fault (or, for `latency`, before serving normally). Required for `latency`. */
  latencyMs?: number;
}

/** A registered fault. */
export interface Fault {
  id: string;
  action: string;
  /** The product it is limited to, or null for every product. */
  product: string | null;
  kind: FaultKind;
  rate: number;
  count: number | null;
  latencyMs: number;
  /** How many times it fired so far. */
  injected: number;
}

/** Mulberry32: tiny, fast, good enough for fault rolls, and reproducible from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Thrown for an invalid fault spec; the control plane answers 400 with its message. */
export class FaultSpecError extends Error {}

const MAX_LATENCY_MS = 10 * 60 * 1000;

/** @param products the product codes a `product` may name (unchecked when undefined). */
export function validateFaultSpec(input: unknown, products?: readonly string[]): FaultSpec {
  if (input === null || typeof input !== "object" || Array.isArray(input)) throw new FaultSpecError("fault must be a JSON object");
  const o = input as Record<string, unknown>;
  const known = new Set(["action", "product", "kind", "rate", "count", "latencyMs"]);
  for (const k of Object.keys(o)) if (!known.has(k)) throw new FaultSpecError(`unknown fault field "${k}"`);
  if (typeof o.action !== "string" || o.action.length === 0) throw new FaultSpecError('"action" must be an action name or "*"');
  if (o.product !== undefined && (typeof o.product !== "string" || (products !== undefined && !products.includes(o.product)))) {
    throw new FaultSpecError(`"product" must be one of ${(products ?? ["a product code"]).join(", ")}`);
  }
  if (typeof o.kind !== "string" || !(FAULT_KINDS as readonly string[]).includes(o.kind)) {
    throw new FaultSpecError(`"kind" must be one of ${FAULT_KINDS.join(", ")}`);
  }
  if (o.rate !== undefined && (typeof o.rate !== "number" || !(o.rate >= 0 && o.rate <= 1))) {
    throw new FaultSpecError('"rate" must be a number between 0 and 1');
  }
  if (o.count !== undefined && (typeof o.count !== "number" || !Number.isInteger(o.count) || o.count < 1)) {
    throw new FaultSpecError('"count" must be a positive integer');
  }
  if (
    o.latencyMs !== undefined &&
    (typeof o.latencyMs !== "number" || !Number.isInteger(o.latencyMs) || o.latencyMs < 0 || o.latencyMs > MAX_LATENCY_MS)
  ) {
    throw new FaultSpecError(`"latencyMs" must be an integer between 0 and ${MAX_LATENCY_MS}`);
  }
  if (o.kind === "latency" && o.latencyMs === undefined) throw new FaultSpecError('kind "latency" needs "latencyMs"');
  return {
    action: o.action,
    product: o.product as string | undefined,
    kind: o.kind as FaultKind,
    rate: o.rate as number | undefined,
    count: o.count as number | undefined,
    latencyMs: o.latencyMs as number | undefined,
  };
}

export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;
  private rng: () => number;

  /** @param products the product codes a fault's `product` may name (any when undefined). */
  constructor(
    private readonly seed: number = randomBytes(4).readUInt32LE(0),
    private readonly products?: readonly string[],
  ) {
    this.rng = mulberry32(seed);
  }

  add(spec: FaultSpec): Fault {
    const valid = validateFaultSpec(spec, this.products);
    const fault: Fault = {
      id: `fault-${this.nextId++}`,
      action: valid.action,
      product: valid.product ?? null,
      kind: valid.kind,
      rate: valid.rate ?? 1,
      count: valid.count ?? null,
      latencyMs: valid.latencyMs ?? 0,
      injected: 0,
    };
    this.faults.push(fault);
    return { ...fault };
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  /** Removes every fault and restarts the RNG from the seed. */
  clear(): void {
    this.faults = [];
    this.rng = mulberry32(this.seed);
  }

  /** The fault to apply to a request for `action` of `product`, if any (counts it as injected). */
  pick(action: string, product: string): Fault | undefined {
    for (const f of this.faults) {
      if (f.action !== "*" && f.action !== action) continue;
      if (f.product !== null && f.product !== product) continue;
      if (f.count !== null && f.injected >= f.count) continue;
      if (f.rate < 1 && this.rng() >= f.rate) continue;
      f.injected++;
      return { ...f };
    }
    return undefined;
  }
}
