import type { WebSocketLike } from '../src/types';

/** A WebSocket stand-in: the test plays the server, opening, answering and closing it by hand. */
export class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: any[] = [];
  closedWith: { code?: number; reason?: string } | undefined;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  static last(): FakeSocket {
    return FakeSocket.all[FakeSocket.all.length - 1];
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  // --- the server's side ---

  open(): this {
    this.readyState = 1;
    this.onopen?.({});
    return this;
  }

  receive(frame: object): this {
    this.onmessage?.({ data: JSON.stringify(frame) });
    return this;
  }

  /** Opens and answers the connect frame with a welcome. */
  accept(pingIntervalMs = 20_000, pongTimeoutMs = 10_000): this {
    this.open();
    const connect = this.sent.find((frame) => frame.type === 'connect');
    return this.receive({ type: 'welcome', id: connect?.id, connectionId: `c${FakeSocket.all.length}`, user: 'u',
      node: 'n', pingIntervalMs, pongTimeoutMs });
  }

  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  ofType(type: string): any[] {
    return this.sent.filter((frame) => frame.type === type);
  }

  subscribeFor(channel: string): any {
    const frame = this.ofType('subscribe').find((f) => f.channel === channel);
    if (!frame) {
      throw new Error(`no subscribe for ${channel} in ${JSON.stringify(this.sent)}`);
    }
    return frame;
  }

  /** Answers the subscribe for `channel`. */
  subscribed(channel: string, offset: number, epoch = 'e1', recovered = false): this {
    return this.receive({ type: 'subscribed', id: this.subscribeFor(channel).id, channel, offset, epoch, recovered });
  }

  message(channel: string, offset: number, data: unknown = { n: offset }): this {
    return this.receive({ type: 'message', channel, offset, id: `m${offset}`, ts: 1, data });
  }
}

/** A JWT-shaped token (unsigned: the client only reads its times) issued at `iat` for `ttl` seconds. */
export function fakeToken(iat: number, ttl: number, user = 'u'): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part({ sub: user, iat, exp: iat + ttl })}.c2ln`;
}
