import type { ChannelInfo, HeraldApi } from '../api';
import { h, setText } from '../lib/dom';
import { Poller } from './poller';

/** Channels with their subscriber counts, offsets and epochs (GET /v1/api/channels, every 2 s while shown). */
export class ChannelsView {
  readonly element: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly total: HTMLElement;
  private readonly error: HTMLElement;
  private readonly filter: HTMLInputElement;
  private readonly poller: Poller;
  private channels: ChannelInfo[] = [];

  constructor(private readonly api: HeraldApi, private readonly onWatch: (channel: string) => void) {
    this.body = h('tbody', { 'data-testid': 'channels-body' });
    this.total = h('span', { class: 'muted', 'data-testid': 'channels-total' });
    this.error = h('p', { class: 'error', hidden: true });
    this.filter = h('input', { type: 'search', placeholder: 'filter channels', 'data-testid': 'channels-filter',
      oninput: () => this.render() });
    this.element = h('section', { class: 'view' },
      h('div', { class: 'view-head' }, h('h1', {}, 'Channels'), this.total, this.filter),
      this.error,
      h('div', { class: 'table-wrap' },
        h('table', { class: 'data', 'data-testid': 'channels-table' },
          h('thead', {}, h('tr', {}, ...['Channel', 'Subscribers', 'Offset', 'Epoch', ''].map((t) => h('th', {}, t)))),
          this.body)));
    this.poller = new Poller(() => this.load(), 2000);
  }

  show(): void {
    this.poller.start();
  }

  hide(): void {
    this.poller.stop();
  }

  private async load(): Promise<void> {
    try {
      this.channels = (await this.api.channels()).channels;
      this.error.hidden = true;
      this.render();
    } catch (error) {
      this.error.hidden = false;
      setText(this.error, `Could not load channels: ${(error as Error).message}`);
    }
  }

  private render(): void {
    const needle = this.filter.value.trim().toLowerCase();
    const shown = this.channels
      .filter((c) => !needle || c.channel.toLowerCase().includes(needle))
      .sort((a, b) => a.channel.localeCompare(b.channel, 'en', { numeric: true }));
    setText(this.total, `${this.channels.length} channels`);
    const rows = shown.map((c) => h('tr', { 'data-testid': `channel-row-${c.channel}` },
      h('td', { class: 'mono' }, c.channel),
      h('td', { class: 'num' }, String(c.subscribers)),
      h('td', { class: 'num' }, String(c.offset)),
      h('td', { class: 'mono muted' }, c.epoch),
      h('td', { class: 'actions' }, h('button', { class: 'ghost small', type: 'button',
        onclick: () => this.onWatch(c.channel) }, 'Watch in log'))));
    if (rows.length === 0) {
      rows.push(h('tr', {}, h('td', { colspan: 5, class: 'empty' }, needle ? 'No channel matches.' : 'No channels yet.')));
    }
    this.body.replaceChildren(...rows);
  }
}
