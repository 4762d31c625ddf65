import { h } from '../lib/dom';
import { dbToPosition, SCALE_TICKS } from '../lib/meter-scale';

const TICKS = SCALE_TICKS.filter((db) => db > -60 && db < 0).map((db) => dbToPosition(db));
/** -60..0 dBFS: green up to -18 (70 %), amber up to -6 (90 %), red above */
const STOPS: [number, string][] = [[0, '#238636'], [0.62, '#3fb950'], [0.7, '#d6b13a'], [0.86, '#e3b341'],
  [0.9, '#f0883e'], [1, '#f85149']];

/**
 * A meter's bar on its own small canvas: the RMS bar, a dimmer bar up to the instantaneous peak, scale
 * ticks and the peak-hold line. Drawing a few rectangles costs next to nothing, and a canvas repaint
 * touches neither style nor layout, which moving 150 elements per frame would.
 */
export class MeterBar {
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private gradient: CanvasGradient | undefined;
  private width = 0;
  private height = 0;
  private pixelRatio = 1;
  private drawn = '';

  constructor(testId: string) {
    this.canvas = h('canvas', { class: 'bar-canvas', 'data-testid': testId });
    this.context = this.canvas.getContext('2d', { alpha: true })!;
  }

  /** The canvas's CSS size, from a ResizeObserver: the bitmap follows it at the device's pixel ratio. */
  resize(cssWidth: number, cssHeight: number, pixelRatio: number): void {
    this.pixelRatio = pixelRatio;
    this.width = Math.max(1, Math.round(cssWidth * pixelRatio));
    this.height = Math.max(1, Math.round(cssHeight * pixelRatio));
    this.canvas.width = this.width;
    this.canvas.height = this.height;
    this.gradient = this.context.createLinearGradient(0, 0, this.width, 0);
    for (const [at, colour] of STOPS) {
      this.gradient.addColorStop(at, colour);
    }
    this.drawn = '';
  }

  /** Positions in [0, 1]; draws only when a pixel would change. */
  draw(rms: number, peak: number, hold: number): void {
    const w = this.width;
    const rmsX = Math.round(rms * w);
    const peakX = Math.round(Math.max(peak, rms) * w);
    const holdX = Math.round(hold * w);
    const key = `${w}:${rmsX}:${peakX}:${holdX}`;
    if (key === this.drawn || !this.gradient) {
      return;
    }
    this.drawn = key;
    const c = this.context;
    const height = this.height;
    c.clearRect(0, 0, w, height);
    c.fillStyle = this.gradient;
    if (peakX > rmsX) {
      c.globalAlpha = 0.33;
      c.fillRect(rmsX, 0, peakX - rmsX, height);
      c.globalAlpha = 1;
    }
    if (rmsX > 0) {
      c.fillRect(0, 0, rmsX, height);
    }
    c.fillStyle = 'rgba(13, 17, 23, 0.7)';
    const line = Math.max(1, Math.round(this.pixelRatio));
    for (const tick of TICKS) {
      c.fillRect(Math.round(tick * w), 0, line, height);
    }
    if (holdX > 0) {
      c.fillStyle = '#f5f7fa';
      c.fillRect(Math.min(w - 2 * line, holdX - line), 0, 2 * line, height);
    }
  }
}
