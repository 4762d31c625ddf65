/**
 * Keeps the dashboard's own frames under Herald's per-connection limit (by default 50 frames/s with a
 * burst of 100; faster clients are closed with 4029): a token bucket with some headroom below it. A
 * dashboard that resubscribes to hundreds of device channels after a reconnect sends them in paced batches.
 */
export class SendPacer {
  private tokens: number;
  private last: number;

  constructor(readonly burst = 80, readonly perSecond = 40, now = 0) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one send slot if there is one. */
  tryTake(nowMs: number): boolean {
    this.refill(nowMs);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** How long until the next slot frees up (0 when one is free). */
  waitMs(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }

  private refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - this.last);
    this.last = nowMs;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perSecond) / 1000);
  }
}
