import type { ChannelInfo, HeraldApi } from '../api';
import { h, setText } from '../lib/dom';
import { ChannelPager } from '../lib/channel-pager';
import { Poller } from './poller';

/**
 * Channels with their subscriber counts, offsets and epochs, a page of 100 at a time in name order
 * (GET /v1/api/channels?limit=&after=, the page shown read again every 2 s while shown).
 */
export class ChannelsView {
  readonly element: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly total: HTMLElement;
  private readonly error: HTMLElement;
  private readonly filter: HTMLInputElement;
  private readonly previous: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private readonly poller: Poller;
  private readonly pager = new ChannelPager(100);
  private channels: ChannelInfo[] = [];
  private totalCount = 0;

  constructor(private readonly api: HeraldApi, private readonly onWatch: (channel: string) => void) {
    this.body = h('tbody', { 'data-testid': 'channels-body' });
    this.total = h('span', { class: 'muted', 'data-testid': 'channels-total' });
    this.error = h('p', { class: 'error', hidden: true });
    this.filter = h('input', { type: 'search', placeholder: 'filter this page', 'data-testid': 'channels-filter',
      oninput: () => this.render() });
    this.previous = h('button', { class: 'ghost small', type: 'button', 'data-testid': 'channels-previous',
      disabled: true, onclick: () => this.pager.back() && this.reload() }, '‹ Previous');
    this.next = h('button', { class: 'ghost small', type: 'button', 'data-testid': 'channels-next',
      disabled: true, onclick: () => this.pager.forward() && this.reload() }, 'Next ›');
    this.element = h('section', { class: 'view' },
      h('div', { class: 'view-head' }, h('h1', {}, 'Channels'), this.total, this.previous, this.next, this.filter),
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

  private reload(): void {
    this.previous.disabled = true;
    this.next.disabled = true;
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const after = this.pager.after;
      const page = await this.api.channels(this.pager.pageSize, after);
      if (after !== this.pager.after) {
        return; // the operator turned the page while this one was read
      }
      if (!this.pager.loaded(page)) {
        return this.load();
      }
      this.channels = page.channels;
      this.totalCount = page.total;
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
    const first = this.pager.firstPosition;
    setText(this.total, this.channels.length === 0 ? `${this.totalCount} channels`
      : `${first}–${first + this.channels.length - 1} of ${this.totalCount} channels`);
    this.previous.disabled = !this.pager.hasPrevious;
    this.next.disabled = !this.pager.hasNext;
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
