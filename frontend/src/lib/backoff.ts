/**
 * Reconnect delays: exponential growth up to a ceiling, with part of each delay random so that many
 * dashboards dropped by the same server restart do not all come back in the same instant.
 *
 * Attempt n (0-based) has the ceiling min(maxMs, baseMs * factor^n); its delay is drawn uniformly from
 * [ceiling * (1 - jitter), ceiling]. With the defaults the first retry waits 250..500 ms and later ones
 * never more than 15 s.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  factor: number;
  /** the random share of each delay, 0 (none) to 1 (the whole delay is random) */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 15_000, factor: 2, jitter: 0.5 };

export function backoffCeiling(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const grown = options.baseMs * Math.pow(options.factor, Math.max(0, attempt));
  return Math.min(options.maxMs, grown);
}

export function backoffBounds(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): { min: number; max: number } {
  const ceiling = backoffCeiling(attempt, options);
  return { min: ceiling * (1 - options.jitter), max: ceiling };
}

/** `random` returns a number in [0, 1), as Math.random does. */
export function backoffDelay(attempt: number, random: () => number = Math.random,
                             options: BackoffOptions = DEFAULT_BACKOFF): number {
  const { min, max } = backoffBounds(attempt, options);
  return Math.round(min + (max - min) * random());
}

/** Counts failed attempts; reset once a connection has proved itself. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF,
              private readonly random: () => number = Math.random) {
  }

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    return backoffDelay(this.attempt++, this.random, this.options);
  }

  get attempts(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}
