import { ApiError, type HeraldApi } from '../api';
import { h, setText } from '../lib/dom';
import type { MessageLog } from './message-log';

/**
 * Publishing (POST /v1/api/publish) and the channels the log watches. The log shows every message of a
 * watched channel and of devices/status, and the dashboard's own connection events; meter levels are
 * left out (they come 20 times a second per device).
 */
export class MessagesView {
  readonly element: HTMLElement;
  private readonly watched: HTMLElement;

  constructor(private readonly api: HeraldApi, private readonly log: MessageLog,
              private readonly watch: (channel: string) => void,
              private readonly unwatch: (channel: string) => void,
              private readonly watching: () => string[]) {
    this.watched = h('div', { class: 'chips', 'data-testid': 'watched-channels' });
    this.element = h('section', { class: 'view messages' },
      h('div', { class: 'view-head' }, h('h1', {}, 'Messages')),
      h('div', { class: 'columns' },
        h('div', { class: 'stack' }, this.publishForm(), this.watchForm()),
        this.log.element));
    this.renderWatched();
  }

  renderWatched(): void {
    this.watched.replaceChildren(...this.watching().map((channel) => h('span', { class: 'chip', 'data-testid': `watched-${channel}` },
      channel, h('button', { type: 'button', title: `stop watching ${channel}`, 'aria-label': `stop watching ${channel}`,
        onclick: () => { this.unwatch(channel); this.renderWatched(); } }, '×'))));
  }

  private publishForm(): HTMLElement {
    const channel = h('input', { type: 'text', required: true, placeholder: 'alerts', 'data-testid': 'publish-channel',
      pattern: '[A-Za-z0-9_\\-.:\\/@]{1,200}', title: '1 to 200 characters of A-Z a-z 0-9 _ - . : / @' });
    const data = h('textarea', { rows: 6, 'data-testid': 'publish-data', spellcheck: false },
      '{"text": "hello from the dashboard"}');
    const idempotency = h('input', { type: 'text', placeholder: 'optional', 'data-testid': 'publish-idempotency' });
    const result = h('p', { class: 'result', 'data-testid': 'publish-result', 'aria-live': 'polite' });
    const form = h('form', { class: 'panel form', 'data-testid': 'publish-form' },
      h('h2', {}, 'Publish'),
      h('label', {}, 'Channel', channel),
      h('label', {}, 'Data (JSON)', data),
      h('label', {}, 'Idempotency-Key', idempotency),
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary', 'data-testid': 'publish-submit' }, 'Publish'), result));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      result.className = 'result';
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.value);
      } catch (error) {
        result.classList.add('error');
        setText(result, `Data is not JSON: ${(error as Error).message}`);
        return;
      }
      try {
        const answer = await this.api.publish(channel.value.trim(), parsed, idempotency.value.trim() || undefined);
        result.classList.add('ok');
        setText(result, `Published to ${answer.channel} at offset ${answer.offset} (epoch ${answer.epoch}).`);
        if (!this.watching().includes(answer.channel)) {
          this.watch(answer.channel);
          this.renderWatched();
        }
      } catch (error) {
        result.classList.add('error');
        setText(result, error instanceof ApiError ? `${error.status} ${error.code}: ${error.message}` : String(error));
      }
    });
    return form;
  }

  private watchForm(): HTMLElement {
    const channel = h('input', { type: 'text', required: true, placeholder: 'channel name', 'data-testid': 'watch-channel',
      pattern: '[A-Za-z0-9_\\-.:\\/@]{1,200}' });
    const form = h('form', { class: 'panel form', 'data-testid': 'watch-form' },
      h('h2', {}, 'Watch channels'),
      h('p', { class: 'muted' }, 'Messages of watched channels appear in the log; after a reconnect the dashboard resubscribes with since and recovers what it missed.'),
      h('div', { class: 'row' }, channel, h('button', { type: 'submit', class: 'primary', 'data-testid': 'watch-submit' }, 'Watch')),
      this.watched);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = channel.value.trim();
      if (name) {
        this.watch(name);
        channel.value = '';
        this.renderWatched();
      }
    });
    return form;
  }
}
