import { h, setText } from '../lib/dom';
import type { FrameLoop } from '../lib/frame-loop';
import type { HeraldSocket, StateChange } from '../socket';

/** The header's connection indicator (connecting, open, reconnecting, closed) and live figures. */
export class StatusIndicator {
  readonly element: HTMLElement;
  private readonly label: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly rates: HTMLElement;
  private change: StateChange = { state: 'closed' };
  private lastCount = 0;
  private lastAt = 0;
  private rate = 0;

  constructor(private readonly socket: HeraldSocket, private readonly loop: FrameLoop) {
    this.label = h('span', { class: 'state-label', 'data-testid': 'conn-state-label' });
    this.detail = h('span', { class: 'muted', 'data-testid': 'conn-state-detail' });
    this.rates = h('span', { class: 'muted rates', 'data-testid': 'live-rates' });
    this.element = h('div', { class: 'status' },
      h('div', { class: 'conn-state', 'data-testid': 'conn-state', 'data-state': 'closed', role: 'status' },
        h('i', { class: 'dot' }), this.label, this.detail),
      this.rates);
    socket.states.on((change) => {
      this.change = change;
      const indicator = this.element.firstElementChild as HTMLElement;
      indicator.dataset.state = change.state;
      indicator.title = change.reason ?? '';
      if (socket.connectionId) {
        indicator.dataset.connectionId = socket.connectionId;
      } else {
        delete indicator.dataset.connectionId;
      }
    });
  }

  draw(now: number): void {
    const change = this.change;
    setText(this.label, change.state);
    let detail = '';
    if (change.state === 'open') {
      detail = this.socket.connectionId ?? '';
    } else if (change.retryAt) {
      const seconds = Math.max(0, (change.retryAt - Date.now()) / 1000);
      detail = `retry in ${seconds.toFixed(1)} s · attempt ${change.attempt ?? 1}`;
    } else if (change.reason) {
      detail = change.reason;
    }
    setText(this.detail, detail);
    if (now - this.lastAt >= 1000) {
      const count = this.socket.messagesReceived;
      this.rate = this.lastAt ? ((count - this.lastCount) * 1000) / (now - this.lastAt) : 0;
      this.lastCount = count;
      this.lastAt = now;
      setText(this.rates, `${Math.round(this.rate)} msg/s · ${Math.round(this.loop.fps)} fps`);
    }
  }
}
