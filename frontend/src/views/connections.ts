import { ApiError, type ConnectionDetail, type ConnectionInfo, type HeraldApi } from '../api';
import { formatAgo, formatBytes, formatTime, h, setText } from '../lib/dom';
import type { ServerClock } from '../lib/server-clock';
import { Poller } from './poller';

/**
 * Who is connected (GET /v1/api/connections, refreshed every 1.5 s while shown), one connection's recent
 * frames, and closing a connection with a code and reason.
 */
export class ConnectionsView {
  readonly element: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly total: HTMLElement;
  private readonly error: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly poller: Poller;
  private selected: string | undefined;
  private closing: string | undefined;

  constructor(private readonly api: HeraldApi, private readonly clock: ServerClock,
              private readonly ownConnection: () => string | undefined) {
    this.body = h('tbody', { 'data-testid': 'connections-body' });
    this.total = h('span', { class: 'muted', 'data-testid': 'connections-total' });
    this.error = h('p', { class: 'error', 'data-testid': 'connections-error', hidden: true });
    this.detail = h('section', { class: 'panel', 'data-testid': 'connection-detail', hidden: true });
    const head = ['Connection', 'User', 'Remote address', 'RTT', 'Last pong', 'Msgs in / out', 'Bytes in / out',
      'Subscriptions', ''].map((title) => h('th', {}, title));
    this.element = h('section', { class: 'view' },
      h('div', { class: 'view-head' }, h('h1', {}, 'Connections'), this.total,
        h('span', { class: 'muted' }, 'refreshed every 1.5 s')),
      this.error,
      h('div', { class: 'table-wrap' },
        h('table', { class: 'data', 'data-testid': 'connections-table' }, h('thead', {}, h('tr', {}, ...head)), this.body)),
      this.detail);
    this.poller = new Poller(() => this.load(), 1500);
  }

  show(): void {
    this.poller.start();
  }

  hide(): void {
    this.poller.stop();
  }

  private async load(): Promise<void> {
    try {
      const [list, detail] = await Promise.all([
        this.api.connections(),
        this.selected ? this.api.connection(this.selected).catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))) : undefined,
      ]);
      this.error.hidden = true;
      this.renderList(list.connections, list.total);
      if (this.selected) {
        this.renderDetail(detail ?? null);
      }
    } catch (error) {
      this.error.hidden = false;
      setText(this.error, `Could not load connections: ${(error as Error).message}`);
    }
  }

  private renderList(connections: ConnectionInfo[], total: number): void {
    const serverNow = this.clock.now(Date.now());
    const own = this.ownConnection();
    const sorted = [...connections].sort((a, b) => (a.connectedAt ?? 0) - (b.connectedAt ?? 0));
    setText(this.total, `${total} open`);
    const rows = sorted.map((c) => {
      const subscriptions = c.subscriptions ?? [];
      const shown = subscriptions.slice(0, 3).join(', ') + (subscriptions.length > 3 ? ` +${subscriptions.length - 3}` : '');
      const row = h('tr', { 'data-testid': `conn-row-${c.id}`, 'data-connection': c.id, 'data-kind': c.kind,
        class: [c.id === this.selected ? 'selected' : '', c.id === own ? 'own' : ''].join(' ').trim() || undefined },
      h('td', { class: 'mono' },
        h('button', { class: 'link', type: 'button', 'data-testid': `conn-open-${c.id}`, onclick: () => this.select(c.id) }, c.id),
        c.id === own ? h('span', { class: 'tag' }, 'this dashboard') : null),
      h('td', { 'data-testid': `conn-user-${c.id}` }, c.user,
        c.kind === 'ingest' ? h('span', { class: 'tag', title: 'a device streaming audio to /v1/ingest' }, 'audio ingest') : null),
      h('td', { class: 'mono' }, c.remoteAddress ?? '—'),
      h('td', { class: 'num' }, c.rttMs == null ? '—' : `${c.rttMs} ms`),
      h('td', {}, formatAgo(c.lastPongAt, serverNow)),
      h('td', { class: 'num' }, `${c.messagesIn} / ${c.messagesOut}`),
      h('td', { class: 'num' }, `${formatBytes(c.bytesIn)} / ${formatBytes(c.bytesOut)}`),
      h('td', { class: 'subs', title: subscriptions.join('\n') }, subscriptions.length ? `${subscriptions.length}: ${shown}` : '—'),
      h('td', { class: 'actions' }, h('button', { class: 'danger small', type: 'button', 'data-testid': `conn-close-${c.id}`,
        disabled: this.closing === c.id, onclick: () => this.askClose(c.id) }, 'Close…')));
      return this.closing === c.id
        ? [row, h('tr', { class: 'close-row' }, h('td', { colspan: 9 }, this.closeForm(c)))]
        : [row];
    }).flat();
    if (rows.length === 0) {
      rows.push(h('tr', {}, h('td', { colspan: 9, class: 'empty' }, 'No open connections.')));
    }
    // a close form being filled in keeps its inputs: rows are swapped only when no form is open
    if (!this.closing || !this.body.querySelector('[data-testid="close-form"]')) {
      this.body.replaceChildren(...rows);
    }
    if (this.closing && !connections.some((c) => c.id === this.closing)) {
      this.closing = undefined;
    }
  }

  private closeForm(c: ConnectionInfo): HTMLElement {
    const code = h('input', { type: 'number', min: 1000, max: 4999, value: 1000, 'data-testid': 'close-code',
      'aria-label': 'close code', class: 'code' });
    const reason = h('input', { type: 'text', maxlength: 120, placeholder: 'shown to the client', 'data-testid': 'close-reason',
      'aria-label': 'close reason', class: 'reason' });
    const message = h('span', { class: 'error', 'data-testid': 'close-error' });
    const form = h('form', { class: 'close-form', 'data-testid': 'close-form' },
      h('span', {}, `Close ${c.id} (${c.user}) with code`), code,
      h('span', { class: 'muted' }, '1000, or 3000–4999'), h('span', {}, 'reason'), reason,
      h('button', { class: 'danger small', type: 'submit', 'data-testid': 'close-confirm' }, 'Close connection'),
      h('button', { class: 'ghost small', type: 'button', 'data-testid': 'close-cancel',
        onclick: () => { this.closing = undefined; this.poller.refresh(); } }, 'Cancel'),
      message);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await this.api.closeConnection(c.id, Number(code.value), reason.value.trim());
        this.closing = undefined;
        if (this.selected === c.id) {
          this.selected = undefined;
          this.detail.hidden = true;
        }
        this.poller.refresh();
      } catch (error) {
        setText(message, (error as Error).message);
      }
    });
    return form;
  }

  private askClose(id: string): void {
    this.closing = id;
    this.body.replaceChildren(); // redraw with the form in place on the next load
    this.poller.refresh();
  }

  private select(id: string): void {
    this.selected = this.selected === id ? undefined : id;
    this.detail.hidden = !this.selected;
    if (this.selected) {
      this.detail.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    }
    this.poller.refresh();
  }

  private renderDetail(detail: ConnectionDetail | null): void {
    if (!detail) {
      this.detail.replaceChildren(h('p', { class: 'muted' }, `Connection ${this.selected} is gone.`));
      return;
    }
    const frames = [...(detail.recent ?? [])].reverse();
    this.detail.hidden = false;
    this.detail.replaceChildren(
      h('div', { class: 'panel-head' },
        h('h2', {}, `Recent frames of ${detail.id}`),
        h('span', { class: 'muted' }, `${detail.kind ?? 'client'} · ${detail.user} · ${detail.userAgent ?? ''} · connected ${formatAgo(detail.connectedAt, this.clock.now(Date.now()))}`)),
      h('div', { class: 'table-wrap frames' },
        h('table', { class: 'data', 'data-testid': 'connection-frames' },
          h('thead', {}, h('tr', {}, ...['Time', 'Dir', 'Kind', 'Bytes', 'Preview'].map((t) => h('th', {}, t)))),
          h('tbody', {}, ...frames.map((f) => h('tr', {},
            h('td', { class: 'mono' }, formatTime(f.ts)),
            h('td', {}, h('span', { class: `dir ${f.direction}` }, f.direction === 'in' ? '→ in' : '← out')),
            h('td', {}, f.kind),
            h('td', { class: 'num' }, String(f.bytes)),
            h('td', { class: 'mono preview' }, f.preview ?? '')))))));
  }
}
