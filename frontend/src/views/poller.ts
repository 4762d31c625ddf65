/**
 * Calls `load` every `intervalMs` while started, one call at a time: a slow answer delays the next
 * request instead of piling requests up.
 */
export class Poller {
  private timer = 0;
  private running = false;

  constructor(private readonly load: () => Promise<void>, private readonly intervalMs: number) {
  }

  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    void this.run();
  }

  stop(): void {
    this.running = false;
    window.clearTimeout(this.timer);
  }

  /** Loads now (after a change the operator made) and goes on from there. */
  refresh(): void {
    if (this.running) {
      window.clearTimeout(this.timer);
      void this.run();
    }
  }

  private async run(): Promise<void> {
    try {
      await this.load();
    } finally {
      if (this.running) {
        window.clearTimeout(this.timer);
        this.timer = window.setTimeout(() => void this.run(), this.intervalMs);
      }
    }
  }
}
