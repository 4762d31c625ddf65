import { ApiError } from './api';
import { Backoff } from './lib/backoff';
import { Emitter } from './lib/events';
import { SendPacer } from './lib/pacer';
import { RecoveryBook, type MessageOrder, type Position, type SubscribeOutcome } from './lib/recovery';
import type { TokenSource } from './tokens';

export type SocketState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface StateChange {
  state: SocketState;
  /** for `reconnecting`: when the next attempt starts (epoch ms) and how many have failed */
  retryAt?: number;
  attempt?: number;
  /** why the socket closed, when it did */
  reason?: string;
}

export interface MessageFrame {
  type: 'message';
  channel: string;
  offset: number;
  id: string;
  ts: number;
  data: unknown;
}

export interface SubscribedEvent {
  channel: string;
  outcome: SubscribeOutcome;
  since: Position | undefined;
  offset: number;
  epoch: string;
}

export interface Notice {
  level: 'info' | 'warn' | 'error';
  text: string;
}

type Outgoing = { kind: 'subscribe' | 'unsubscribe'; channel: string };

/** A connection stays open this long before the backoff starts again from its first step. */
const STABLE_AFTER_MS = 3000;

/**
 * The dashboard's WebSocket to Herald: connects with a connection token, reconnects with backoff and
 * jitter, renews the token before it expires, and resubscribes every channel it was asked for with
 * `since`, so a short drop loses nothing on stream channels. Frames it sends are paced under Herald's
 * client rate limit.
 */
export class HeraldSocket {
  readonly states = new Emitter<StateChange>();
  readonly messages = new Emitter<{ frame: MessageFrame; order: MessageOrder }>();
  readonly subscriptions = new Emitter<SubscribedEvent>();
  readonly notices = new Emitter<Notice>();
  /** Herald refused the API key while fetching a token: signing in again is the only way on. */
  readonly authFailures = new Emitter<ApiError>();

  connectionId: string | undefined;
  state: SocketState = 'closed';
  messagesReceived = 0;

  private readonly book = new RecoveryBook();
  private readonly wanted = new Set<string>();
  private readonly sentOnThisSocket = new Set<string>();
  private readonly sentSince = new Map<string, Position | undefined>();
  private outbox: Outgoing[] = [];
  private pacer = new SendPacer();
  private readonly backoff = new Backoff();
  private ws: WebSocket | undefined;
  private generation = 0;
  private stopped = true;
  private everOpened = false;
  private renewing = false;
  private timers: { retry?: number; renew?: number; stable?: number; flush?: number } = {};

  constructor(private readonly tokens: TokenSource, private readonly url: (token: string) => string) {
  }

  start(): void {
    if (!this.stopped) {
      return;
    }
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.clearTimers();
    const ws = this.ws;
    this.ws = undefined;
    ws?.close(1000, 'dashboard signed out');
    this.setState({ state: 'closed', reason: 'signed out' });
  }

  subscribe(channel: string): void {
    if (this.wanted.has(channel)) {
      return;
    }
    this.wanted.add(channel);
    if (this.state === 'open') {
      this.enqueue({ kind: 'subscribe', channel });
    }
  }

  unsubscribe(channel: string): void {
    if (!this.wanted.delete(channel)) {
      return;
    }
    this.book.forget(channel);
    if (this.state === 'open') {
      this.outbox = this.outbox.filter((item) => item.channel !== channel);
      if (this.sentOnThisSocket.has(channel)) {
        this.enqueue({ kind: 'unsubscribe', channel });
      }
    }
  }

  isSubscribed(channel: string): boolean {
    return this.wanted.has(channel);
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.setState({ state: this.everOpened ? 'reconnecting' : 'connecting', attempt: this.backoff.attempts });
    let token: string;
    try {
      token = await this.tokens.token();
    } catch (error) {
      if (generation !== this.generation) {
        return;
      }
      if (error instanceof ApiError && error.unauthorized) {
        this.stopped = true;
        this.setState({ state: 'closed', reason: 'API key refused' });
        this.authFailures.emit(error);
        return;
      }
      this.retry(`no connection token: ${(error as Error).message}`);
      return;
    }
    if (generation !== this.generation) {
      return;
    }
    const ws = new WebSocket(this.url(token));
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      if (ws !== this.ws) {
        return;
      }
      opened = true;
      this.everOpened = true;
      this.sentOnThisSocket.clear();
      this.outbox = [];
      this.pacer = new SendPacer(undefined, undefined, performance.now());
      this.setState({ state: 'open' });
      for (const channel of this.wanted) {
        this.enqueue({ kind: 'subscribe', channel });
      }
      this.timers.stable = window.setTimeout(() => this.backoff.reset(), STABLE_AFTER_MS);
      this.scheduleRenewal();
    };
    ws.onmessage = (event) => {
      if (ws === this.ws && typeof event.data === 'string') {
        this.onFrame(event.data);
      }
    };
    ws.onclose = (event) => {
      if (ws !== this.ws) {
        return;
      }
      this.ws = undefined;
      this.connectionId = undefined;
      this.clearTimers();
      const reason = opened ? `closed ${event.code}${event.reason ? ` (${event.reason})` : ''}`
        : 'the WebSocket upgrade failed';
      if (!opened || event.code === 4001) {
        // the browser hides the handshake's status: the token may have been refused, so get a new one
        this.tokens.invalidate();
      }
      if (this.stopped) {
        return;
      }
      if (this.renewing) {
        this.renewing = false;
        this.notices.emit({ level: 'info', text: 'reconnecting with a renewed token' });
        void this.connect();
        return;
      }
      this.notices.emit({ level: opened ? 'warn' : 'error', text: `WebSocket ${reason}` });
      this.retry(reason);
    };
  }

  private retry(reason: string): void {
    const delay = this.backoff.next();
    this.setState({ state: this.everOpened ? 'reconnecting' : 'connecting', retryAt: Date.now() + delay,
      attempt: this.backoff.attempts, reason });
    this.timers.retry = window.setTimeout(() => void this.connect(), delay);
  }

  private scheduleRenewal(): void {
    const at = this.tokens.renewAt();
    if (at === undefined) {
      return;
    }
    this.timers.renew = window.setTimeout(() => void this.renew(), Math.max(1000, at - Date.now()));
  }

  /** Fetches a fresh token first, then swaps connections; recovery fills the moment in between. */
  private async renew(): Promise<void> {
    this.tokens.invalidate();
    try {
      await this.tokens.token();
    } catch {
      return; // the old token still works until it expires; 4001 then triggers the usual path
    }
    if (this.ws && this.state === 'open') {
      this.renewing = true;
      this.ws.close(1000, 'token renewal');
    }
  }

  private onFrame(text: string): void {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(text);
    } catch {
      this.notices.emit({ level: 'error', text: 'Herald sent a frame that is not JSON' });
      return;
    }
    switch (frame.type) {
      case 'message': {
        this.messagesReceived++;
        const message = frame as unknown as MessageFrame;
        const order = this.book.onMessage(message.channel, message.offset);
        if (order !== 'duplicate') {
          this.messages.emit({ frame: message, order });
        }
        break;
      }
      case 'welcome':
        this.connectionId = String(frame.connectionId);
        this.setState({ state: 'open' });
        break;
      case 'subscribed': {
        const channel = String(frame.channel);
        const since = this.sentSince.get(channel);
        const subscribed = { channel, offset: Number(frame.offset), epoch: String(frame.epoch),
          recovered: frame.recovered === true };
        const outcome = this.book.onSubscribed(subscribed, since);
        this.subscriptions.emit({ channel, outcome, since, offset: subscribed.offset, epoch: subscribed.epoch });
        break;
      }
      case 'error': {
        const about = typeof frame.id === 'string' ? ` (${frame.id})` : '';
        this.notices.emit({ level: 'error', text: `Herald: ${frame.code}: ${frame.message}${about}` });
        break;
      }
      default:
        break;
    }
  }

  private enqueue(item: Outgoing): void {
    this.outbox.push(item);
    this.flush();
  }

  private flush(): void {
    window.clearTimeout(this.timers.flush);
    this.timers.flush = undefined;
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return;
    }
    while (this.outbox.length > 0) {
      const now = performance.now();
      if (!this.pacer.tryTake(now)) {
        this.timers.flush = window.setTimeout(() => this.flush(), this.pacer.waitMs(now));
        return;
      }
      const item = this.outbox.shift()!;
      if (item.kind === 'subscribe') {
        if (!this.wanted.has(item.channel) || this.sentOnThisSocket.has(item.channel)) {
          continue;
        }
        // since is read when the frame leaves, so it is the newest position we have
        const since = this.book.since(item.channel);
        this.sentSince.set(item.channel, since);
        this.sentOnThisSocket.add(item.channel);
        ws.send(JSON.stringify({ type: 'subscribe', channel: item.channel, id: `sub:${item.channel}`,
          ...(since && { since }) }));
      } else {
        this.sentOnThisSocket.delete(item.channel);
        ws.send(JSON.stringify({ type: 'unsubscribe', channel: item.channel, id: `unsub:${item.channel}` }));
      }
    }
  }

  private setState(change: StateChange): void {
    this.state = change.state;
    this.states.emit(change);
  }

  private clearTimers(): void {
    for (const timer of Object.values(this.timers)) {
      window.clearTimeout(timer);
    }
    this.timers = {};
  }
}

/** The WebSocket address on the page's own origin: wss: when the page came over https. */
export function socketUrl(location: Location, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/v1/ws?token=${encodeURIComponent(token)}`;
}
