import { formatTime, h } from '../lib/dom';

export interface LogEntry {
  at: number;
  kind: 'message' | 'info' | 'warn' | 'error';
  channel?: string;
  offset?: number;
  text: string;
}

/**
 * The live log: the newest `limit` entries, newest on top. Entries are queued as they come and put on
 * screen once per animation frame, so a burst of messages costs one DOM update.
 */
export class MessageLog {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private pending: LogEntry[] = [];
  private paused = false;

  constructor(readonly limit = 200) {
    this.list = h('ol', { class: 'log', 'data-testid': 'message-log' });
    const pause = h('button', { class: 'ghost small', type: 'button', 'data-testid': 'log-pause' }, 'Pause');
    pause.addEventListener('click', () => {
      this.paused = !this.paused;
      pause.textContent = this.paused ? 'Resume' : 'Pause';
    });
    this.element = h('section', { class: 'panel log-panel' },
      h('div', { class: 'panel-head' }, h('h2', {}, 'Live log'),
        h('span', { class: 'muted' }, `last ${limit}`), pause,
        h('button', { class: 'ghost small', type: 'button', onclick: () => this.list.replaceChildren() }, 'Clear')),
      this.list);
  }

  add(entry: LogEntry): void {
    this.pending.push(entry);
    if (this.pending.length > this.limit) {
      this.pending.splice(0, this.pending.length - this.limit);
    }
  }

  draw(): void {
    if (this.pending.length === 0 || this.paused) {
      return;
    }
    const fragment = document.createDocumentFragment();
    for (let i = this.pending.length - 1; i >= 0; i--) {
      fragment.append(this.row(this.pending[i]));
    }
    this.pending = [];
    this.list.prepend(fragment);
    while (this.list.childElementCount > this.limit) {
      this.list.lastElementChild!.remove();
    }
  }

  private row(entry: LogEntry): HTMLElement {
    return h('li', { class: `entry ${entry.kind}`, 'data-channel': entry.channel, 'data-offset': entry.offset },
      h('time', {}, formatTime(entry.at)),
      entry.channel ? h('span', { class: 'channel' }, entry.channel) : h('span', { class: 'channel system' }, entry.kind),
      entry.offset !== undefined ? h('span', { class: 'offset' }, `#${entry.offset}`) : null,
      h('span', { class: 'text' }, entry.text));
  }
}
