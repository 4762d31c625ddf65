import {
  HeraldClient, type ClientState, type Gap, type Message, type Position, type StateDetail, type SubscribedInfo,
  type Subscription,
} from 'herald-client';
import { ApiError } from './api';
import { Emitter } from './lib/events';

export type SocketState = ClientState;

export interface StateChange {
  state: SocketState;
  /** for `connecting` and `reconnecting`: when the next attempt starts (epoch ms) and how many have failed */
  retryAt?: number;
  attempt?: number;
  /** why the socket closed, when it did */
  reason?: string;
}

/**
 * - `fresh`: subscribed without `since`; live messages follow the channel's current offset.
 * - `recovered`: every message after our position is replayed next; nothing was lost.
 * - `partial`: same epoch, but part of what we missed is no longer retained (the library reports it as a gap).
 * - `epoch-changed`: the channel's history restarted.
 */
export type SubscribeOutcome = 'fresh' | 'recovered' | 'partial' | 'epoch-changed';

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

export function outcomeOf(info: SubscribedInfo): SubscribeOutcome {
  if (!info.since) {
    return 'fresh';
  }
  if (info.since.epoch !== info.epoch) {
    return 'epoch-changed';
  }
  return info.recovered ? 'recovered' : 'partial';
}

/**
 * The dashboard's side of its Herald connection, on the herald-client library (reconnection, recovery with
 * `since`, in-band token renewal and pacing are the library's): which channels the dashboard wants, and the
 * library's events turned into what the views show.
 */
export class HeraldSocket {
  readonly states = new Emitter<StateChange>();
  readonly messages = new Emitter<Message>();
  readonly gaps = new Emitter<Gap>();
  readonly subscriptions = new Emitter<SubscribedEvent>();
  readonly notices = new Emitter<Notice>();
  /** Herald refused the API key while fetching a token: signing in again is the only way on. */
  readonly authFailures = new Emitter<ApiError>();

  state: SocketState = 'closed';
  messagesReceived = 0;

  private client: HeraldClient | undefined;
  private readonly wanted = new Map<string, Subscription | undefined>();

  constructor(private readonly getToken: () => Promise<string>, private readonly url: string) {
  }

  get connectionId(): string | undefined {
    return this.client?.connectionId;
  }

  start(): void {
    if (this.client) {
      return;
    }
    const client = new HeraldClient(this.url, { getToken: this.getToken, autoConnect: false });
    this.client = client;
    client.on('state', (state, detail) => this.onState(state, detail));
    client.on('error', (error) => this.notices.emit({ level: 'error', text: `Herald: ${describe(error)}` }));
    for (const channel of this.wanted.keys()) {
      this.wanted.set(channel, this.open(channel));
    }
    client.connect();
  }

  stop(): void {
    const client = this.client;
    this.client = undefined;
    client?.close();
    this.setState({ state: 'closed', reason: 'signed out' });
  }

  subscribe(channel: string): void {
    if (!this.wanted.has(channel)) {
      this.wanted.set(channel, this.client && this.open(channel));
    }
  }

  unsubscribe(channel: string): void {
    this.wanted.get(channel)?.unsubscribe();
    this.wanted.delete(channel);
  }

  isSubscribed(channel: string): boolean {
    return this.wanted.has(channel);
  }

  private open(channel: string): Subscription {
    const subscription = this.client!.subscribe(channel, {
      onMessage: (message) => {
        this.messagesReceived++;
        this.messages.emit(message);
      },
      onGap: (gap) => this.gaps.emit(gap),
      onSubscribed: (info) => this.subscriptions.emit({ channel, outcome: outcomeOf(info), since: info.since,
        offset: info.offset, epoch: info.epoch }),
      onError: (error) => {
        this.wanted.delete(channel);
        this.notices.emit({ level: 'error', text: `Herald: ${error.code}: ${error.message}` });
      },
    });
    subscription.ready.catch((error) => {
      if (this.wanted.get(channel) === subscription && error.code !== 'closed') {
        this.wanted.delete(channel);
        this.notices.emit({ level: 'error', text: `Herald: ${error.code}: ${error.message}` });
      }
    });
    return subscription;
  }

  private onState(state: ClientState, detail: StateDetail): void {
    if (detail.error instanceof ApiError && detail.error.unauthorized) {
      this.stop();
      this.authFailures.emit(detail.error);
      return;
    }
    let reason = detail.reason;
    if (detail.code !== undefined) {
      reason = `closed ${detail.code}${detail.reason ? ` (${detail.reason})` : ''}`;
      this.notices.emit({ level: state === 'closed' ? 'error' : 'warn', text: `WebSocket ${reason}` });
    } else if (detail.error !== undefined) {
      reason = `${detail.reason}: ${describe(detail.error)}`;
      this.notices.emit({ level: 'error', text: reason });
    }
    this.setState({ state, reason, attempt: detail.attempt,
      retryAt: detail.retryInMs === undefined ? undefined : Date.now() + detail.retryInMs });
  }

  private setState(change: StateChange): void {
    this.state = change.state;
    this.states.emit(change);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The WebSocket address on the page's own origin: wss: when the page came over https. No token: it goes in the first frame. */
export function socketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/v1/ws`;
}
