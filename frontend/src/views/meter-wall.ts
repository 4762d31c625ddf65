import type { DeviceStore } from '../devices';
import { h, setText } from '../lib/dom';
import type { ServerClock } from '../lib/server-clock';
import { DeviceDetail } from './device-detail';
import { MeterCard } from './meter-card';

/** Every device's meter, in natural order; new devices appear as they are announced. */
export class MeterWall {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly counts: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly detail: DeviceDetail;
  private readonly cards = new Map<string, MeterCard>();
  private listRevision = -1;
  /** sizes each meter's canvas from layout the browser already did, instead of asking every frame */
  private readonly sizes = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const card = this.cardsByCanvas.get(entry.target);
      const box = entry.contentBoxSize?.[0];
      if (card && box) {
        card.bar.resize(box.inlineSize, box.blockSize, window.devicePixelRatio || 1);
      }
    }
  });
  private readonly cardsByCanvas = new WeakMap<Element, MeterCard>();

  constructor(private readonly store: DeviceStore, private readonly clock: ServerClock) {
    this.detail = new DeviceDetail(() => this.select(undefined));
    this.grid = h('div', { class: 'meter-grid', 'data-testid': 'meter-wall' });
    this.counts = h('span', { class: 'muted', 'data-testid': 'device-counts' });
    this.empty = h('p', { class: 'empty', 'data-testid': 'meter-empty' },
      'No devices yet. Devices appear here when they send their first level (ingest, REST or the simulator).');
    this.element = h('section', { class: 'view meters' },
      h('div', { class: 'view-head' },
        h('h1', {}, 'Meters'), this.counts,
        h('span', { class: 'legend' },
          h('i', { class: 'swatch rms' }), 'RMS', h('i', { class: 'swatch peak' }), 'peak',
          h('i', { class: 'swatch hold' }), 'peak hold 1.5 s', ' · scale −60…0 dBFS')),
      this.detail.element, this.empty, this.grid);
  }

  select(id: string | undefined): void {
    this.detail.show(id ? this.store.get(id) : undefined);
  }

  draw(now: number): void {
    const serverNow = this.clock.now(Date.now());
    if (this.store.listRevision !== this.listRevision) {
      this.relist();
    }
    const selected = this.detail.selected;
    for (const card of this.cards.values()) {
      card.draw(now, serverNow, card.device.id === selected);
    }
    this.detail.draw(now, serverNow);
  }

  private relist(): void {
    this.listRevision = this.store.listRevision;
    const devices = this.store.list();
    let previous: Element | null = null;
    let stale = 0;
    for (const device of devices) {
      let card = this.cards.get(device.id);
      if (!card) {
        card = new MeterCard(device, (id) => this.select(id === this.detail.selected ? undefined : id));
        this.cards.set(device.id, card);
        this.cardsByCanvas.set(card.bar.canvas, card);
        this.sizes.observe(card.bar.canvas);
      }
      const expected: Element | null = previous ? previous.nextElementSibling : this.grid.firstElementChild;
      if (expected !== card.element) {
        previous ? previous.after(card.element) : this.grid.prepend(card.element);
      }
      previous = card.element;
      if (device.state === 'stale') {
        stale++;
      }
    }
    this.empty.hidden = devices.length > 0;
    setText(this.counts, `${devices.length} devices · ${devices.length - stale} live · ${stale} stale`);
  }
}
