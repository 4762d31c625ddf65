/** Reconnect delays: exponential growth, full jitter. The first retry comes within `baseMs`, none later than `maxMs`. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 20_000 };

/** The ceiling of attempt n (0-based): min(maxMs, baseMs * 2^n). */
export function backoffCeiling(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  return Math.min(options.maxMs, options.baseMs * 2 ** Math.min(30, Math.max(0, attempt)));
}

/**
 * A delay drawn uniformly from [0, ceiling): "full jitter", so that the many clients a server restart drops
 * come back spread out rather than in waves. `random` returns [0, 1) as Math.random does.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random,
                             options: BackoffOptions = DEFAULT_BACKOFF): number {
  return Math.floor(random() * backoffCeiling(attempt, options));
}
