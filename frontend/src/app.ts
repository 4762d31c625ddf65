import type { HeraldApi } from './api';
import { DeviceStore } from './devices';
import { h } from './lib/dom';
import { FrameLoop } from './lib/frame-loop';
import { ServerClock } from './lib/server-clock';
import { HeraldSocket, socketUrl } from './socket';
import type { DashboardTokens } from './tokens';
import { ChannelsView } from './views/channels';
import { ConnectionsView } from './views/connections';
import { MessageLog } from './views/message-log';
import { MessagesView } from './views/messages';
import { MeterWall } from './views/meter-wall';
import { StatusIndicator } from './views/status';

const STATUS_CHANNEL = 'devices/status';
const VOLUME_PREFIX = 'volume/';

type Tab = 'meters' | 'connections' | 'channels' | 'messages';
interface View {
  element: HTMLElement;
  show?(): void;
  hide?(): void;
}

/** Numbers the end-to-end test reads from the page. */
export interface DashboardProbe {
  readonly frames: number;
  readonly fps: number;
  readonly messages: number;
  readonly state: string;
  readonly connectionId: string | undefined;
  readonly devices: number;
}

declare global {
  interface Window {
    __herald?: DashboardProbe;
  }
}

/**
 * The signed-in dashboard: one WebSocket feeding the device store and the log, four views, and the one
 * animation-frame loop that draws them.
 */
export class Dashboard {
  private readonly socket: HeraldSocket;
  private readonly store = new DeviceStore();
  private readonly clock = new ServerClock();
  private readonly loop = new FrameLoop();
  private readonly log = new MessageLog(200);
  private readonly watched = new Set<string>();
  private readonly views: Record<Tab, View>;
  private readonly tabs = new Map<Tab, HTMLElement>();
  private current: Tab | undefined;
  private readonly onHash = () => this.route();

  constructor(private readonly root: HTMLElement, private readonly api: HeraldApi, tokens: DashboardTokens,
              private readonly signOut: (message?: string) => void) {
    this.socket = new HeraldSocket(tokens.next, socketUrl(window.location));
    const wall = new MeterWall(this.store, this.clock);
    const messages = new MessagesView(api, this.log, (c) => this.watch(c), (c) => this.unwatch(c), () => [...this.watched]);
    this.views = {
      meters: wall,
      connections: new ConnectionsView(api, this.clock, () => this.socket.connectionId),
      channels: new ChannelsView(api, (c) => { this.watch(c); messages.renderWatched(); location.hash = '#messages'; }),
      messages,
    };
    const status = new StatusIndicator(this.socket, this.loop);
    this.loop.add((now) => {
      status.draw(now);
      if (this.current === 'meters') {
        wall.draw(now);
      }
      if (this.current === 'messages') {
        this.log.draw();
      }
    });
    this.wire();
    this.render(status);
    this.expose();
  }

  start(): void {
    window.addEventListener('hashchange', this.onHash);
    this.route();
    this.loop.start();
    this.socket.subscribe(STATUS_CHANNEL);
    this.socket.start();
    void this.loadDevices();
  }

  stop(): void {
    window.removeEventListener('hashchange', this.onHash);
    this.views[this.current ?? 'meters'].hide?.();
    this.loop.stop();
    this.socket.stop();
  }

  private wire(): void {
    this.store.added.on((device) => this.socket.subscribe(VOLUME_PREFIX + device.id));
    this.socket.messages.on((message) => {
      const now = performance.now();
      this.clock.observe(message.ts, Date.now());
      if (message.channel.startsWith(VOLUME_PREFIX)) {
        this.store.level(message.channel, message.data, message.ts, now);
        if (!this.watched.has(message.channel)) {
          return; // levels go to the meters only, unless watched: 20 a second per device would drown the log
        }
      }
      if (message.channel === STATUS_CHANNEL) {
        this.store.status(message.data);
      }
      this.log.add({ at: Date.now(), kind: 'message', channel: message.channel, offset: message.offset, text: JSON.stringify(message.data) });
    });
    this.socket.gaps.on((gap) => {
      if (gap.channel.startsWith(VOLUME_PREFIX) && !this.watched.has(gap.channel)) {
        return; // meter channels are conflated: skipped levels are expected there
      }
      const range = gap.toOffset === null ? `after #${gap.fromOffset - 1}` : `#${gap.fromOffset}–#${gap.toOffset}`;
      this.log.add({ at: Date.now(), kind: 'warn', channel: gap.channel, text: `messages ${range} lost (${gap.reason})` });
    });
    this.socket.subscriptions.on((event) => {
      if (event.channel.startsWith(VOLUME_PREFIX)) {
        return;
      }
      const since = event.since ? ` since #${event.since.offset}` : '';
      const text = {
        fresh: `subscribed at #${event.offset} (epoch ${event.epoch})`,
        recovered: `resubscribed${since}: recovered, nothing lost`,
        partial: `resubscribed${since}: some messages were no longer retained`,
        'epoch-changed': `resubscribed${since}: the channel restarted (new epoch ${event.epoch})`,
      }[event.outcome];
      this.log.add({ at: Date.now(), kind: event.outcome === 'fresh' || event.outcome === 'recovered' ? 'info' : 'warn',
        channel: event.channel, text });
      if (event.channel === STATUS_CHANNEL && (event.outcome === 'partial' || event.outcome === 'epoch-changed')) {
        void this.loadDevices(); // announcements may have been missed: take the list again
      }
    });
    this.socket.notices.on((notice) => this.log.add({ at: Date.now(), kind: notice.level, text: notice.text }));
    this.socket.states.on((change) => {
      if (change.state === 'open' && this.socket.connectionId) {
        this.log.add({ at: Date.now(), kind: 'info', text: `connected as ${this.socket.connectionId}` });
      }
    });
    this.socket.authFailures.on(() => this.signOut('Herald no longer accepts this API key. Sign in again.'));
  }

  private async loadDevices(): Promise<void> {
    try {
      const answer = await this.api.devices();
      this.store.load(answer.devices ?? [], performance.now());
    } catch (error) {
      this.log.add({ at: Date.now(), kind: 'error', text: `could not load devices: ${(error as Error).message}` });
    }
  }

  private watch(channel: string): void {
    this.watched.add(channel);
    this.socket.subscribe(channel);
  }

  private unwatch(channel: string): void {
    this.watched.delete(channel);
    if (channel !== STATUS_CHANNEL && !channel.startsWith(VOLUME_PREFIX)) {
      this.socket.unsubscribe(channel);
    }
  }

  private render(status: StatusIndicator): void {
    const titles: Record<Tab, string> = { meters: 'Meters', connections: 'Connections', channels: 'Channels', messages: 'Messages' };
    const nav = h('nav', { class: 'tabs' });
    for (const tab of Object.keys(titles) as Tab[]) {
      const link = h('a', { href: `#${tab}`, 'data-testid': `tab-${tab}` }, titles[tab]);
      this.tabs.set(tab, link);
      nav.append(link);
    }
    const main = h('main', { class: 'content' });
    for (const view of Object.values(this.views)) {
      view.element.hidden = true;
      main.append(view.element);
    }
    this.root.replaceChildren(
      h('header', { class: 'top' },
        h('div', { class: 'brand' }, h('span', { class: 'logo' }), 'Herald', h('span', { class: 'muted' }, 'operator')),
        nav, status.element,
        h('button', { class: 'ghost small', type: 'button', 'data-testid': 'signout', onclick: () => this.signOut() }, 'Sign out')),
      main);
  }

  private route(): void {
    const wanted = location.hash.replace('#', '') as Tab;
    const tab: Tab = wanted in this.views ? wanted : 'meters';
    if (tab === this.current) {
      return;
    }
    if (this.current) {
      this.views[this.current].element.hidden = true;
      this.views[this.current].hide?.();
    }
    this.current = tab;
    this.views[tab].element.hidden = false;
    this.views[tab].show?.();
    for (const [name, link] of this.tabs) {
      link.classList.toggle('active', name === tab);
      link.setAttribute('aria-current', name === tab ? 'page' : 'false');
    }
  }

  private expose(): void {
    const { loop, socket, store } = this;
    window.__herald = {
      get frames() { return loop.frames; },
      get fps() { return loop.fps; },
      get messages() { return socket.messagesReceived; },
      get state() { return socket.state; },
      get connectionId() { return socket.connectionId; },
      get devices() { return store.size; },
    };
  }
}
