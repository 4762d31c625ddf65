/**
 * Keeps the client's frames under Herald's per-connection rate (by default 50 frames/s, burst 100; a faster
 * client is closed with 4029): a token bucket with headroom below it, so resubscribing hundreds of channels
 * after a reconnect goes out in paced batches.
 */
export class SendPacer {
  private tokens: number;

  constructor(private last: number, readonly burst = 80, readonly perSecond = 40) {
    this.tokens = burst;
  }

  tryTake(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) {
      return false;
    }
    this.tokens -= 1;
    return true;
  }

  /** How long until a slot frees up. */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.last) * this.perSecond) / 1000);
    this.last = now;
  }
}
