import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Device } from '../devices';
import { h, setText } from '../lib/dom';
import { formatDb, SCALE_MAX_DB, SCALE_MIN_DB } from '../lib/meter-scale';

const WINDOW_S = 30;

/** One device's last 30 s of RMS and peak, as a uPlot chart that scrolls with the server's clock. */
export class DeviceDetail {
  readonly element: HTMLElement;
  private readonly chartHost: HTMLElement;
  private readonly title: HTMLElement;
  private readonly summary: HTMLElement;
  private chart: uPlot | undefined;
  private device: Device | undefined;
  private windowEnd = 0;
  private drawnRevision = -1;
  private lastDraw = 0;
  private readonly resize = new ResizeObserver(() => this.fit());

  constructor(onClose: () => void) {
    this.title = h('h2', { 'data-testid': 'device-detail-title' });
    this.summary = h('span', { class: 'muted', 'data-testid': 'device-detail-summary' });
    this.chartHost = h('div', { class: 'chart', 'data-testid': 'device-chart' });
    this.element = h('section', { class: 'panel detail', 'data-testid': 'device-detail', hidden: true },
      h('div', { class: 'panel-head' }, this.title, this.summary,
        h('button', { class: 'ghost', type: 'button', 'data-testid': 'device-detail-close', onclick: onClose }, 'Close')),
      this.chartHost);
    this.resize.observe(this.chartHost);
  }

  show(device: Device | undefined): void {
    this.device = device;
    this.element.hidden = !device;
    this.drawnRevision = -1;
    if (!device) {
      this.chart?.destroy();
      this.chart = undefined;
      return;
    }
    setText(this.title, device.id);
    if (!this.chart) {
      this.chart = new uPlot(this.options(), [[], [], []], this.chartHost);
      this.fit();
    }
  }

  get selected(): string | undefined {
    return this.device?.id;
  }

  /** Redraws 20 times a second (the rate levels come at); uPlot redraws the whole canvas each time. */
  draw(now: number, serverNow: number): void {
    const device = this.device;
    if (!device || !this.chart || now - this.lastDraw < 50) {
      return;
    }
    this.lastDraw = now;
    this.windowEnd = serverNow / 1000;
    const [xs, rms, peaks] = device.history.series(serverNow, SCALE_MIN_DB);
    this.chart.setData([xs, rms, peaks]);
    if (device.revision !== this.drawnRevision) {
      setText(this.summary, `${device.state} · RMS ${formatDb(device.rmsDb)} · peak ${formatDb(device.peakDb)} dBFS · ${xs.length} levels in ${WINDOW_S} s`);
      this.drawnRevision = device.revision;
    }
  }

  private fit(): void {
    if (this.chart) {
      const width = Math.max(300, this.chartHost.clientWidth);
      this.chart.setSize({ width, height: 240 });
    }
  }

  private options(): uPlot.Options {
    const axis = {
      stroke: '#8b95a3',
      grid: { stroke: 'rgba(139,149,163,0.12)', width: 1 },
      ticks: { stroke: 'rgba(139,149,163,0.25)', width: 1 },
      font: '11px system-ui, sans-serif',
    };
    return {
      width: 800,
      height: 240,
      pxAlign: false,
      cursor: { drag: { x: false, y: false } },
      legend: { show: true, live: true },
      scales: {
        x: { time: true, range: () => [this.windowEnd - WINDOW_S, this.windowEnd] },
        y: { auto: false, range: [SCALE_MIN_DB, SCALE_MAX_DB] },
      },
      series: [
        {},
        { label: 'RMS', stroke: '#3fb950', width: 1.5, fill: 'rgba(63,185,80,0.14)', fillTo: SCALE_MIN_DB,
          value: (_u, v) => (v == null ? '—' : `${v.toFixed(1)} dBFS`) },
        { label: 'Peak', stroke: '#e3b341', width: 1,
          value: (_u, v) => (v == null ? '—' : `${v.toFixed(1)} dBFS`) },
      ],
      axes: [
        { ...axis },
        { ...axis, size: 56, values: (_u, values) => values.map((v) => `${v} dB`) },
      ],
    };
  }
}
