import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { ChannelFeed } from './channel-feed.js';
import { HeraldError } from './errors.js';
import { SendPacer } from './pacer.js';
import { renewalDelay, tokenTimes } from './token.js';
import type {
  ClientState, Gap, HistoryPage, Message, Position, Published, StateDetail, WebSocketConstructor, WebSocketLike,
} from './types.js';

export interface HeraldClientOptions {
  /**
   * Returns a connection token (from your backend, which got it from `POST /v1/api/createtoken`). Called to
   * connect, before the token expires (it is renewed in-band), and after the server refused or expired it.
   * Leave it out to read the anonymous channels only.
   */
  getToken?: () => string | Promise<string>;
  /** A WebSocket implementation, for Node 20 (e.g. the `ws` package); browsers and Node 22+ have one. */
  WebSocket?: WebSocketConstructor;
  /** Reconnect delays: the first retry within `baseMs` (1000), none more than `maxMs` (20000) apart. */
  backoff?: Partial<BackoffOptions>;
  /** How long a connection may take to be welcomed before it is dropped and retried (default 10000 ms). */
  connectTimeoutMs?: number;
  /** Connect at once (the default), or on `connect()`. */
  autoConnect?: boolean;
}

export interface SubscribeOptions<T> {
  /** Each message once, in offset order, across reconnects. */
  onMessage: (message: Message<T>) => void;
  /** Messages lost for good (not retained by the server when the client came back). */
  onGap?: (gap: Gap) => void;
  /**
   * Each `subscribed` reply: the first when the subscription goes live, then one per resubscribe, telling
   * whether the server recovered everything since `since` (when it did not, history and onGap follow).
   */
  onSubscribed?: (info: SubscribedInfo) => void;
  /** An error after the subscription was live, such as a resubscribe refused after the token changed. */
  onError?: (error: HeraldError) => void;
  /** Start after this position instead of at the live end (e.g. one stored from an earlier session). */
  since?: Position;
}

export interface SubscribedInfo {
  channel: string;
  /** the channel's offset and epoch when the subscription went live */
  offset: number;
  epoch: string;
  recovered: boolean;
  /** what the subscribe asked for: the last message delivered, undefined for a first subscribe */
  since?: Position;
}

export interface Subscription {
  readonly channel: string;
  /** Resolves when the subscription is live (its first `subscribed` reply); rejects if the server refuses it. */
  readonly ready: Promise<void>;
  /** The last message delivered: store it to resume later with `since`. */
  position(): Position | undefined;
  unsubscribe(): void;
}

type Listener = (state: ClientState, detail: StateDetail) => void;
type ErrorListener = (error: unknown) => void;

interface Pending {
  resolve: (frame: any) => void;
  reject: (error: HeraldError) => void;
}

interface ChannelEntry {
  feed: ChannelFeed<any>;
  options: SubscribeOptions<any>;
  ready: { resolve: () => void; reject: (error: HeraldError) => void; settled: boolean };
  /** the request id of the subscribe sent on the current connection */
  requestId?: number;
}

const CHANNEL = /^[A-Za-z0-9_\-.:/@]{1,200}$/;
const HISTORY_PAGE = 1000;
/** A connection open this long counts as good: the next drop starts the backoff from its first step. */
const STABLE_MS = 5000;
/**
 * Close codes a retry cannot fix: policy violation and the 44xx refusals such as 4403. Not 4401 (checked
 * separately: a fresh token may fix it) nor 4429 (too many connections of the user: a place may free up).
 */
const isFinal = (code: number) => code === 1008 || (code >= 4400 && code < 4500 && code !== 4401 && code !== 4429);

/**
 * A Herald connection that keeps itself alive: it connects with a token sent in the first frame, renews the
 * token in-band, reconnects with backoff and full jitter, resubscribes every channel from the last message it
 * delivered, fills what the server could not replay from the history, and reports what is lost for good.
 */
export class HeraldClient {
  /** The server's id for the current connection (its admin API's `id`), while open. */
  connectionId: string | undefined;
  user: string | undefined;
  private stateNow: ClientState = 'closed';
  private readonly url: string;
  private readonly WebSocketImpl: WebSocketConstructor;
  private readonly backoff: BackoffOptions;
  private readonly connectTimeoutMs: number;
  private readonly channels = new Map<string, ChannelEntry>();
  private readonly listeners = { state: new Set<Listener>(), error: new Set<ErrorListener>() };
  private readonly pending = new Map<number, Pending>();
  private outbox: string[] = [];
  private pacer = new SendPacer(0);
  private ws: WebSocketLike | undefined;
  private welcomed = false;
  private everOpened = false;
  private closedByUser = true;
  private attempt = 0;
  private nextId = 1;
  private connectRequestId = 0;
  private token: { value: string; fresh: boolean } | undefined;
  private silenceMs = 30_000;
  private pongTimeoutMs = 10_000;
  private lastHeard = 0;
  private timers: Partial<Record<'retry' | 'renew' | 'stable' | 'flush' | 'watch' | 'welcome', ReturnType<typeof setTimeout>>> = {};

  constructor(url: string, private readonly options: HeraldClientOptions = {}) {
    this.url = resolveUrl(url);
    const impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!impl) {
      throw new HeraldError('no_websocket', 'no WebSocket implementation here: on Node 20 pass one, '
        + "e.g. `import WebSocket from 'ws'; new HeraldClient(url, { getToken, WebSocket })`");
    }
    if (options.getToken !== undefined && typeof options.getToken !== 'function') {
      throw new TypeError('getToken must be a function returning a token or a promise of one');
    }
    this.WebSocketImpl = impl;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    if (options.autoConnect !== false) {
      this.connect();
    }
  }

  get state(): ClientState {
    return this.stateNow;
  }

  on(event: 'state', listener: Listener): () => void;
  on(event: 'error', listener: ErrorListener): () => void;
  on(event: 'state' | 'error', listener: Listener | ErrorListener): () => void {
    const set = this.listeners[event] as Set<Listener | ErrorListener> | undefined;
    if (!set || typeof listener !== 'function') {
      throw new TypeError(`on(event, listener): event is 'state' or 'error', listener a function`);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Connects (again, after close()); new HeraldClient() does this unless `autoConnect: false`. */
  connect(): void {
    if (!this.closedByUser) {
      return;
    }
    this.closedByUser = false;
    this.attempt = 0;
    void this.open();
  }

  /**
   * Receives a channel's messages. `ready` resolves when the subscription is live. Throws on a bad channel
   * name or a second subscription to the same channel from this client.
   */
  subscribe<T = unknown>(channel: string, options: SubscribeOptions<T>): Subscription {
    checkChannel(channel);
    if (!options || typeof options.onMessage !== 'function') {
      throw new TypeError('subscribe(channel, { onMessage }): onMessage must be a function');
    }
    if (this.channels.has(channel)) {
      throw new HeraldError('bad_request', `already subscribed to ${channel}: unsubscribe first`);
    }
    let ready!: ChannelEntry['ready'];
    const promise = new Promise<void>((resolve, reject) => {
      ready = { resolve, reject, settled: false };
    });
    promise.catch(() => undefined); // a refusal also goes to onError; an unobserved one must not crash Node
    const entry: ChannelEntry = {
      feed: new ChannelFeed<T>(channel, options, (error) => this.emitError(error)),
      options,
      ready,
    };
    if (options.since) {
      entry.feed.resumeFrom(options.since);
    }
    this.channels.set(channel, entry);
    if (this.welcomed) {
      this.sendSubscribe(entry);
    }
    return {
      channel,
      ready: promise,
      position: () => entry.feed.current(),
      unsubscribe: () => {
        if (this.channels.get(channel) !== entry) {
          return;
        }
        this.channels.delete(channel);
        this.settle(entry, new HeraldError('closed', `unsubscribed from ${channel}`));
        if (this.welcomed && entry.requestId !== undefined) {
          this.send({ type: 'unsubscribe', channel });
        }
      },
    };
  }

  /** Publishes `data` (any JSON value) if the token allows it; resolves with the new message's offset and id. */
  publish<T = unknown>(channel: string, data: T): Promise<Published> {
    checkChannel(channel);
    if (data === undefined) {
      return Promise.reject(new TypeError('publish(channel, data): data must be a JSON value'));
    }
    return this.request({ type: 'publish', channel, data }).then((frame) => ({
      channel: frame.channel, offset: frame.offset, id: frame.messageId ?? frame.id, epoch: frame.epoch, ts: frame.ts,
    }));
  }

  /** Retained messages of a channel the token may subscribe, after offset `since` (default 0), oldest first. */
  history<T = unknown>(channel: string, options: { since?: number; limit?: number } = {}): Promise<HistoryPage<T>> {
    checkChannel(channel);
    return this.request({ type: 'history', channel, since: options.since ?? 0, limit: options.limit ?? 100 })
      .then(toPage<T>);
  }

  /** Closes the connection and stops reconnecting; pending requests are rejected. connect() starts again. */
  close(): void {
    if (this.closedByUser) {
      return;
    }
    this.closedByUser = true;
    this.drop(1000, 'client closed');
    for (const entry of this.channels.values()) {
      this.settle(entry, new HeraldError('closed', 'the client is closed'));
    }
    this.channels.clear();
    this.setState('closed', { reason: 'client closed' });
  }

  // --- connection lifecycle ---

  private async open(): Promise<void> {
    if (this.closedByUser) {
      return;
    }
    const trying = this.everOpened ? 'reconnecting' : 'connecting';
    if (this.stateNow !== trying) {
      this.setState(trying, { attempt: this.attempt });
    }
    let token: string | undefined;
    try {
      token = await this.currentToken();
    } catch (error) {
      if (!this.closedByUser) {
        this.retry({ reason: 'getToken failed', error });
      }
      return;
    }
    if (this.closedByUser || this.ws) {
      return;
    }
    let ws: WebSocketLike;
    try {
      ws = new this.WebSocketImpl(this.url);
    } catch (error) {
      this.retry({ reason: 'cannot open a WebSocket', error });
      return;
    }
    this.ws = ws;
    this.welcomed = false;
    this.timers.welcome = setTimeout(() => this.lost(ws, 4000, 'no welcome in time'), this.connectTimeoutMs);
    ws.onopen = () => {
      if (ws !== this.ws) {
        return;
      }
      this.pacer = new SendPacer(Date.now());
      if (token !== undefined) {
        this.connectRequestId = this.nextId++;
        ws.send(JSON.stringify({ type: 'connect', token, id: this.connectRequestId }));
      }
    };
    ws.onmessage = (event) => {
      if (ws === this.ws) {
        this.onFrame(typeof event.data === 'string' ? event.data : String(event.data));
      }
    };
    ws.onclose = (event) => {
      if (ws === this.ws) {
        this.lost(ws, event.code, event.reason);
      }
    };
    ws.onerror = () => undefined; // a close event follows
  }

  private async currentToken(): Promise<string | undefined> {
    if (!this.options.getToken) {
      return undefined;
    }
    const held = this.token;
    const times = held && tokenTimes(held.value);
    if (held && (!times || times.expiresAt - Date.now() > 10_000)) {
      held.fresh = false;
      return held.value;
    }
    const value = await this.options.getToken();
    if (typeof value !== 'string' || value === '') {
      throw new TypeError('getToken must return a token (a non-empty string)');
    }
    this.token = { value, fresh: true };
    return value;
  }

  private onWelcome(frame: any): void {
    clearTimeout(this.timers.welcome);
    this.welcomed = true;
    this.everOpened = true;
    this.connectionId = frame.connectionId;
    this.user = frame.user;
    if (typeof frame.pingIntervalMs === 'number' && typeof frame.pongTimeoutMs === 'number') {
      this.silenceMs = frame.pingIntervalMs + frame.pongTimeoutMs;
      this.pongTimeoutMs = frame.pongTimeoutMs;
    }
    this.heard();
    this.timers.stable = setTimeout(() => {
      this.attempt = 0;
    }, STABLE_MS);
    this.setState('open', {});
    this.scheduleRenewal();
    for (const entry of this.channels.values()) {
      this.sendSubscribe(entry);
    }
    this.flush();
  }

  /** The connection ended (closed by the server, dropped, or found silent): decide whether and when to retry. */
  private lost(ws: WebSocketLike, code: number, reason: string): void {
    if (ws !== this.ws) {
      return;
    }
    const wasWelcomed = this.welcomed;
    this.drop(code >= 3000 && code < 5000 ? code : 1000, reason);
    if (this.closedByUser) {
      return;
    }
    const detail: StateDetail = { code, reason };
    if (code === 4401 && this.token?.fresh !== false) {
      this.stop({ ...detail, reason: `token refused: ${reason || 'unauthorized'}` });
      return;
    }
    if (code === 4401 || code === 4001) {
      this.token = undefined; // refused or expired: the next attempt gets a new one
    }
    if (isFinal(code)) {
      this.stop(detail);
      return;
    }
    if (code === 4401 || (code === 4001 && wasWelcomed)) {
      this.retry(detail, 0); // a fresh token is all it needs
    } else {
      this.retry(detail);
    }
  }

  /** Forgets the socket and everything that belonged to it; requests in flight fail. */
  private drop(code: number, reason: string): void {
    const ws = this.ws;
    this.ws = undefined;
    this.welcomed = false;
    this.connectionId = undefined;
    this.clearTimers();
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
      try {
        ws.close(code, reason.slice(0, 120));
      } catch {
        // already closed
      }
    }
    for (const entry of this.channels.values()) {
      entry.feed.disconnected();
      entry.requestId = undefined;
    }
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.outbox = [];
    for (const request of pending) {
      request.reject(new HeraldError(this.closedByUser ? 'closed' : 'disconnected',
        'the connection ended before the answer came (a publish may or may not have happened)'));
    }
  }

  private retry(detail: StateDetail, delayMs?: number): void {
    const delay = delayMs ?? backoffDelay(this.attempt, Math.random, this.backoff);
    this.attempt++;
    // the timer first: a state listener may close the client, which clears it
    this.timers.retry = setTimeout(() => void this.open(), delay);
    this.setState(this.everOpened ? 'reconnecting' : 'connecting', { ...detail, attempt: this.attempt, retryInMs: delay });
  }

  private stop(detail: StateDetail): void {
    this.closedByUser = true;
    for (const entry of this.channels.values()) {
      this.settle(entry, new HeraldError('closed', `the connection was refused: ${detail.reason ?? detail.code}`));
    }
    this.setState('closed', detail);
  }

  // --- token renewal ---

  private scheduleRenewal(): void {
    clearTimeout(this.timers.renew);
    const delay = this.token && renewalDelay(tokenTimes(this.token.value), Date.now());
    if (delay !== undefined) {
      this.timers.renew = setTimeout(() => void this.renew(), delay);
    }
  }

  private async renew(): Promise<void> {
    const ws = this.ws;
    let value: string;
    try {
      value = await this.options.getToken!();
      if (typeof value !== 'string' || value === '') {
        throw new TypeError('getToken must return a token (a non-empty string)');
      }
      if (ws !== this.ws) {
        return;
      }
      await this.request({ type: 'refresh', token: value });
    } catch (error) {
      if (ws === this.ws && !this.closedByUser) {
        this.emitError(error);
        // try again shortly; if it never works, the server's 4001 leads to a reconnect with a new token
        this.timers.renew = setTimeout(() => void this.renew(), 5000);
      }
      return;
    }
    this.token = { value, fresh: true };
    this.scheduleRenewal();
  }

  // --- frames ---

  private onFrame(text: string): void {
    this.heard();
    let frame: any;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    const request = typeof frame.id === 'number' ? this.pending.get(frame.id) : undefined;
    switch (frame.type) {
      case 'message': {
        const entry = this.channels.get(frame.channel);
        entry?.feed.onMessage({ channel: frame.channel, offset: frame.offset, id: frame.id, ts: frame.ts, data: frame.data });
        return;
      }
      case 'welcome':
        if (!this.options.getToken || frame.id === this.connectRequestId) {
          this.onWelcome(frame);
        }
        return;
      case 'subscribed':
        this.onSubscribed(frame);
        return;
      case 'error':
        if (request) {
          this.pending.delete(frame.id);
          request.reject(new HeraldError(frame.code, frame.message));
        } else if (!this.onSubscribeError(frame)) {
          this.emitError(new HeraldError(frame.code, frame.message));
        }
        return;
      default:
        if (request) {
          this.pending.delete(frame.id);
          request.resolve(frame);
        }
    }
  }

  private sendSubscribe(entry: ChannelEntry): void {
    const id = this.nextId++;
    entry.requestId = id;
    const since = entry.feed.since();
    this.send({ type: 'subscribe', channel: entry.feed.channel, id, ...(since && { since }) });
  }

  private onSubscribed(frame: any): void {
    const entry = this.channels.get(frame.channel);
    if (!entry || entry.requestId !== frame.id) {
      return;
    }
    const since = entry.feed.sentPosition();
    const fillFrom = entry.feed.onSubscribed(frame);
    this.settle(entry);
    try {
      entry.options.onSubscribed?.({ channel: frame.channel, offset: frame.offset, epoch: frame.epoch,
        recovered: frame.recovered === true, since });
    } catch (error) {
      this.emitError(error);
    }
    if (fillFrom !== undefined) {
      void this.fill(entry, fillFrom);
    }
  }

  /** Reads the history after `since` page by page into the feed, which delivers it and reports what is lost. */
  private async fill(entry: ChannelEntry, since: number): Promise<void> {
    const ws = this.ws;
    let from: number | undefined = since;
    try {
      while (from !== undefined) {
        const page: HistoryPage = toPage(await this.request({ type: 'history', channel: entry.feed.channel, since: from,
          limit: HISTORY_PAGE }));
        if (ws !== this.ws || this.channels.get(entry.feed.channel) !== entry) {
          return;
        }
        from = entry.feed.onHistory(page, HISTORY_PAGE);
      }
    } catch (error) {
      if (ws === this.ws && this.channels.get(entry.feed.channel) === entry) {
        entry.feed.historyFailed();
        this.emitError(error);
      }
    }
  }

  private onSubscribeError(frame: any): boolean {
    for (const entry of this.channels.values()) {
      if (entry.requestId !== undefined && entry.requestId === frame.id) {
        const error = new HeraldError(frame.code, `${frame.message} (${entry.feed.channel})`);
        this.channels.delete(entry.feed.channel);
        entry.requestId = undefined;
        if (entry.ready.settled) {
          entry.options.onError?.(error);
        }
        this.settle(entry, error);
        return true;
      }
    }
    return false;
  }

  private request(frame: Record<string, unknown>): Promise<any> {
    if (this.closedByUser) {
      return Promise.reject(new HeraldError('closed', 'the client is closed'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ ...frame, id });
    });
  }

  /** Queues a frame: it leaves once the connection is welcomed, paced under the server's rate limit. */
  private send(frame: Record<string, unknown>): void {
    this.outbox.push(JSON.stringify(frame));
    this.flush();
  }

  private flush(): void {
    clearTimeout(this.timers.flush);
    const ws = this.ws;
    if (!ws || !this.welcomed) {
      return;
    }
    while (this.outbox.length > 0) {
      const now = Date.now();
      if (!this.pacer.tryTake(now)) {
        this.timers.flush = setTimeout(() => this.flush(), this.pacer.waitMs(now));
        return;
      }
      ws.send(this.outbox.shift()!);
    }
  }

  // --- silence detection ---

  private heard(): void {
    this.lastHeard = Date.now();
    if (this.welcomed && this.timers.watch === undefined) {
      this.watch(this.silenceMs);
    }
  }

  /** Sends a ping when nothing has come for pingIntervalMs + pongTimeoutMs; no answer then means the link is dead. */
  private watch(delay: number): void {
    this.timers.watch = setTimeout(() => {
      const ws = this.ws;
      const quiet = Date.now() - this.lastHeard;
      if (!ws) {
        return;
      }
      if (quiet < this.silenceMs) {
        this.watch(this.silenceMs - quiet);
        return;
      }
      this.send({ type: 'ping' });
      this.timers.watch = setTimeout(() => {
        if (Date.now() - this.lastHeard >= this.silenceMs + this.pongTimeoutMs) {
          this.lost(ws, 4000, 'the server did not answer a ping');
        } else {
          this.watch(this.silenceMs);
        }
      }, this.pongTimeoutMs);
    }, delay);
  }

  // --- helpers ---

  private settle(entry: ChannelEntry, error?: HeraldError): void {
    if (entry.ready.settled) {
      return;
    }
    entry.ready.settled = true;
    if (error) {
      entry.ready.reject(error);
    } else {
      entry.ready.resolve();
    }
  }

  private setState(state: ClientState, detail: StateDetail): void {
    this.stateNow = state;
    for (const listener of this.listeners.state) {
      try {
        listener(state, detail);
      } catch (error) {
        this.emitError(error);
      }
    }
  }

  private emitError(error: unknown): void {
    for (const listener of this.listeners.error) {
      try {
        listener(error);
      } catch {
        // a failing error listener has nowhere left to report to
      }
    }
  }

  private clearTimers(): void {
    for (const timer of Object.values(this.timers)) {
      clearTimeout(timer);
    }
    this.timers = {};
  }
}

function checkChannel(channel: unknown): asserts channel is string {
  if (typeof channel !== 'string' || !CHANNEL.test(channel)) {
    throw new TypeError(`not a channel name: ${JSON.stringify(channel)} (1 to 200 of A-Z a-z 0-9 _ - . : / @)`);
  }
}

function toPage<T>(frame: any): HistoryPage<T> {
  return { channel: frame.channel, epoch: frame.epoch, offset: frame.offset, messages: frame.messages };
}

/** A page may give a path (`/v1/ws`) or an http(s) URL: made into a ws(s) URL on the page's origin. */
function resolveUrl(url: string): string {
  if (typeof url !== 'string' || url === '') {
    throw new TypeError('new HeraldClient(url): url is the WebSocket address, e.g. wss://host/v1/ws');
  }
  const base = (globalThis as { location?: { href: string } }).location?.href;
  let resolved: URL;
  try {
    resolved = new URL(url, base);
  } catch {
    throw new TypeError(`not a WebSocket address: ${url}`);
  }
  resolved.protocol = resolved.protocol.replace(/^http/, 'ws');
  if (resolved.protocol !== 'ws:' && resolved.protocol !== 'wss:') {
    throw new TypeError(`not a WebSocket address: ${url}`);
  }
  if (resolved.searchParams.has('token')) {
    throw new TypeError('keep the token out of the URL: give getToken instead, it is sent in the first frame');
  }
  return resolved.toString();
}
