/**
 * The server's clock as seen from the browser. Charts place levels at the server's accept time (`ts` of
 * each message frame) and scroll with this clock, so a dashboard on a machine whose clock is off by a few
 * seconds still shows the last 30 s and not an empty window.
 */
export class ServerClock {
  private offsetMs: number | undefined;

  /** `serverTs` of a frame just received at `localNow`; smoothed, so one late frame moves little. */
  observe(serverTs: number, localNow: number): void {
    if (!Number.isFinite(serverTs)) {
      return;
    }
    const sample = serverTs - localNow;
    this.offsetMs = this.offsetMs === undefined ? sample : this.offsetMs + (sample - this.offsetMs) * 0.05;
  }

  now(localNow: number): number {
    return localNow + (this.offsetMs ?? 0);
  }
}
