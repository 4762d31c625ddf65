import type { Device } from '../devices';
import { h, setText } from '../lib/dom';
import { dbToPosition, formatDb } from '../lib/meter-scale';
import { MeterBar } from './meter-bar';

const LABELS = [-60, -48, -36, -24, -12, -6, 0];
const TEXT_INTERVAL_MS = 100;

/**
 * One device's meter: its bar (RMS, instantaneous peak and peak hold, drawn on a canvas every frame), the
 * numbers (redrawn 10 times a second) and the device's state.
 */
export class MeterCard {
  readonly element: HTMLElement;
  readonly bar: MeterBar;
  private readonly rmsText: HTMLElement;
  private readonly peakText: HTMLElement;
  private readonly stateText: HTMLElement;
  private readonly sourceText: HTMLElement;
  private readonly seenText: HTMLElement;
  private drawn = { state: '', revision: -1, textAt: -Infinity };

  constructor(readonly device: Device, onSelect: (id: string) => void) {
    const id = device.id;
    this.bar = new MeterBar(`meter-canvas-${id}`);
    this.rmsText = h('span', { class: 'num', 'data-testid': `meter-rms-${id}` });
    this.peakText = h('span', { class: 'num', 'data-testid': `meter-peak-${id}` });
    this.stateText = h('span', { class: 'badge', 'data-testid': `meter-state-${id}` });
    this.sourceText = h('span', { class: 'source' });
    this.seenText = h('span', { class: 'seen' });
    const labels = LABELS.map((db) => {
      const label = h('span', {}, String(Math.abs(db)));
      label.style.left = `${dbToPosition(db) * 100}%`; // a property, not a style attribute: the page's CSP has no 'unsafe-inline'
      return label;
    });
    this.element = h('button', {
      class: 'meter', type: 'button', 'data-testid': `meter-${id}`, 'data-device': id,
      title: `${id}: show the last 30 s`, onclick: () => onSelect(id),
    },
    h('div', { class: 'meter-head' }, h('span', { class: 'device-id' }, id), this.sourceText, this.stateText),
    h('div', { class: 'track', 'data-testid': `meter-bar-${id}` }, this.bar.canvas),
    h('div', { class: 'scale' }, ...labels),
    h('div', { class: 'meter-foot' },
      h('span', { class: 'label' }, 'RMS'), this.rmsText,
      h('span', { class: 'label' }, 'PEAK'), this.peakText, this.seenText));
  }

  /** `now` is the frame's time (performance clock); `serverNow` the server's clock, for "last level". */
  draw(now: number, serverNow: number, selected: boolean): void {
    const device = this.device;
    const stale = device.state === 'stale';
    const rms = stale ? 0 : dbToPosition(device.rmsDb);
    const peak = stale ? 0 : dbToPosition(device.peakDb);
    const hold = stale ? 0 : dbToPosition(device.peakHold.value(now));
    this.bar.draw(rms, peak, hold);
    // numbers change 20 times a second, faster than anyone reads them: they are redrawn 10 times a second
    if ((device.revision !== this.drawn.revision || stale) && now - this.drawn.textAt >= TEXT_INTERVAL_MS) {
      this.drawn.textAt = now;
      setText(this.rmsText, stale ? '—' : formatDb(device.rmsDb));
      setText(this.peakText, stale ? '—' : formatDb(device.peakDb));
      this.bar.canvas.dataset.rms = rms.toFixed(3); // for tests: the bar's length, at the rate of the numbers
      setText(this.sourceText, device.source ?? '');
      const seconds = Math.max(0, Math.round((serverNow - device.levelTs) / 1000));
      setText(this.seenText, stale ? (device.levelTs ? `last level ${seconds} s ago` : 'no level yet') : '');
      this.drawn.revision = device.revision;
    }
    const state = `${device.state}${selected ? ' selected' : ''}`;
    if (state !== this.drawn.state) {
      this.element.classList.toggle('stale', stale);
      this.element.classList.toggle('selected', selected);
      this.element.dataset.state = device.state;
      this.stateText.className = `badge ${device.state}`;
      setText(this.stateText, device.state);
      this.drawn.state = state;
    }
  }
}
