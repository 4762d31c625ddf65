/**
 * A device's recent levels for its detail chart: a ring of (time, rms, peak) that keeps the last
 * `windowMs`. Fixed typed arrays, so 20 levels a second for many devices allocate nothing per message.
 */
export class LevelHistory {
  private readonly times: Float64Array;
  private readonly rms: Float32Array;
  private readonly peaks: Float32Array;
  private start = 0;
  private count = 0;

  constructor(readonly windowMs = 30_000, readonly capacity = 2048) {
    this.times = new Float64Array(capacity);
    this.rms = new Float32Array(capacity);
    this.peaks = new Float32Array(capacity);
  }

  push(tsMs: number, rmsDb: number, peakDb: number): void {
    if (this.count > 0 && tsMs < this.times[(this.start + this.count - 1) % this.capacity]) {
      return; // out of order (a replay overlapping what we have): the chart's x values must grow
    }
    const index = (this.start + this.count) % this.capacity;
    this.times[index] = tsMs;
    this.rms[index] = rmsDb;
    this.peaks[index] = peakDb;
    if (this.count < this.capacity) {
      this.count++;
    } else {
      this.start = (this.start + 1) % this.capacity;
    }
  }

  get size(): number {
    return this.count;
  }

  /**
   * The points not older than `windowMs` before `nowMs`, as uPlot data: x in seconds since the epoch,
   * then RMS and peak, each clamped to `floorDb` so silence draws at the chart's bottom.
   */
  series(nowMs: number, floorDb: number): [number[], number[], number[]] {
    const from = nowMs - this.windowMs;
    const xs: number[] = [];
    const rms: number[] = [];
    const peaks: number[] = [];
    for (let i = 0; i < this.count; i++) {
      const index = (this.start + i) % this.capacity;
      const t = this.times[index];
      if (t < from) {
        continue;
      }
      xs.push(t / 1000);
      rms.push(Math.max(floorDb, this.rms[index]));
      peaks.push(Math.max(floorDb, this.peaks[index]));
    }
    return [xs, rms, peaks];
  }
}
