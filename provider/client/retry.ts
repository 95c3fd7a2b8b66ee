/**
 * The one retry loop and the one wait loop of the provider. Every retried call and every bounded
 * wait goes through them, so budgets are explicit and never multiply: a caller that retries what a
 * lower layer already retries shares that layer's `Budget`.
 */
import type { RetryPolicy } from "./config";

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Capped exponential backoff with equal jitter: half the step is fixed, half random. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return step / 2 + random() * (step / 2);
}

/** Attempts left for one logical operation, however many layers retry it. */
export class Budget {
  used = 0;
  constructor(readonly max: number) {}
  get exhausted(): boolean {
    return this.used >= this.max;
  }
}

/** Another attempt (`true`), give up (`false`), or finish with a value a look found (`{ done }`). */
export type Verdict<T> = boolean | { done: T };

export interface RetryOptions<T> {
  policy: RetryPolicy;
  /** Shared with the layers below; a fresh one of `policy.maxAttempts` by default. */
  budget?: Budget;
  /**
   * Whether a failure is worth another attempt. It may first look at the world: when the look
   * shows the goal reached (a call that had committed), it returns `{ done: value }`.
   */
  retryIf: (error: unknown, attempt: number) => Verdict<T> | Promise<Verdict<T>>;
  /** False when `fn` makes calls that count against the shared budget themselves. */
  countAttempts?: boolean;
  /** Backoff step for attempt n (default n - 1, the first retry waits the base step). */
  delayStep?: (attempt: number) => number;
  /** Turns the last failure into the error thrown (e.g. adds the attempt count). */
  onGiveUp?: (error: unknown, attempts: number) => unknown;
}

/** Runs `fn` until it succeeds, `retryIf` says stop, or the budget is spent. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions<T>): Promise<T> {
  const budget = o.budget ?? new Budget(o.policy.maxAttempts);
  for (let attempt = 1; ; attempt++) {
    if (o.countAttempts !== false) budget.used += 1;
    try {
      return await fn(attempt);
    } catch (e) {
      const verdict = await o.retryIf(e, attempt);
      if (typeof verdict === "object") return verdict.done;
      if (!verdict || budget.exhausted) throw o.onGiveUp ? o.onGiveUp(e, budget.used) : e;
      await sleep(backoffDelay(o.delayStep ? o.delayStep(attempt) : attempt - 1, o.policy));
    }
  }
}

/**
 * Polls `probe` until it returns a value, waiting `delays(attempt)` between probes, for at most
 * `limitMs` (or `delays` returning undefined); then throws `onTimeout()`.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  o: { limitMs?: number; delay: (attempt: number) => number | undefined; onTimeout: () => Error },
): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    const elapsed = Date.now() - started;
    const step = o.delay(attempt);
    if (step === undefined || (o.limitMs !== undefined && elapsed > o.limitMs)) throw o.onTimeout();
    await sleep(o.limitMs !== undefined ? Math.min(step, Math.max(0, o.limitMs - elapsed) + 1) : step);
  }
}
