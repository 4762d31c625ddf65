import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  HeraldClient, HeraldError, type ClientState, type Gap, type Message, type StateDetail, type SubscribedInfo,
} from '../src';
import { FakeSocket, fakeToken } from './fake-socket';

const URL = 'ws://herald.test/v1/ws';

function setup(getToken?: () => string | Promise<string>) {
  const states: [ClientState, StateDetail][] = [];
  const client = new HeraldClient(URL, {
    WebSocket: FakeSocket,
    ...(getToken ? { getToken } : { getToken: () => fakeToken(Math.floor(Date.now() / 1000), 3600) }),
  });
  client.on('state', (state, detail) => states.push([state, detail]));
  return { client, states };
}

/** Lets the promise callbacks (getToken, ready) run, then advances fake time. */
async function tick(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
}

function collect(client: HeraldClient, channel: string) {
  const messages: Message<{ n: number }>[] = [];
  const gaps: Gap[] = [];
  const subscribed: SubscribedInfo[] = [];
  const sub = client.subscribe<{ n: number }>(channel, { onMessage: (m) => messages.push(m), onGap: (g) => gaps.push(g),
    onSubscribed: (info) => subscribed.push(info) });
  return { sub, messages, gaps, subscribed, offsets: () => messages.map((m) => m.offset) };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
  FakeSocket.all = [];
});

afterEach(() => {
  vi.useRealTimers();
});

describe('HeraldClient connecting', () => {
  it('sends the token in the first frame, never in the URL, and is open once welcomed', async () => {
    const { client, states } = setup(() => 'the.token.value');
    await tick();
    const socket = FakeSocket.last();
    expect(socket.url).toBe(URL);
    socket.open();
    expect(socket.sent).toEqual([{ type: 'connect', token: 'the.token.value', id: expect.any(Number) }]);
    expect(client.state).toBe('connecting');

    socket.receive({ type: 'welcome', connectionId: 'anon', user: 'anonymous' }); // an anonymous welcome comes first
    expect(client.state).toBe('connecting');
    socket.receive({ type: 'welcome', id: socket.sent[0].id, connectionId: 'c1', user: 'u' });
    expect(client.state).toBe('open');
    expect(client.connectionId).toBe('c1');
    expect(states.map(([state]) => state)).toEqual(['open']);
  });

  it('resolves a subscription when it is live and delivers its messages with typed data', async () => {
    const { client } = setup();
    const { sub, messages } = collect(client, 'alerts');
    let live = false;
    void sub.ready.then(() => { live = true; });
    await tick();
    const socket = FakeSocket.last().accept();
    expect(socket.subscribeFor('alerts').since).toBeUndefined();
    await tick();
    expect(live).toBe(false);
    socket.subscribed('alerts', 7);
    await tick();
    expect(live).toBe(true);
    socket.message('alerts', 8, { n: 42 });
    expect(messages[0].data.n).toBe(42);
  });

  it('rejects a refused subscription with the server code and forgets it', async () => {
    const { client } = setup();
    const sub = client.subscribe('secret', { onMessage: () => undefined });
    await tick();
    const socket = FakeSocket.last().accept();
    socket.receive({ type: 'error', id: socket.subscribeFor('secret').id, code: 'forbidden', message: 'no' });
    await expect(sub.ready).rejects.toMatchObject({ code: 'forbidden' });
    expect(() => client.subscribe('secret', { onMessage: () => undefined })).not.toThrow();
  });

  it('answers misuse with clear errors', async () => {
    expect(() => new HeraldClient(URL)).toThrow(/no WebSocket implementation/);
    expect(() => new HeraldClient('ws://h/v1/ws?token=abc', { WebSocket: FakeSocket })).toThrow(/token out of the URL/);
    expect(() => new HeraldClient('ftp://h/x', { WebSocket: FakeSocket })).toThrow(/not a WebSocket address/);
    const { client } = setup();
    expect(() => client.subscribe('bad channel!', { onMessage: () => undefined })).toThrow(TypeError);
    expect(() => client.subscribe('ok', {} as never)).toThrow(/onMessage must be a function/);
    client.subscribe('ok', { onMessage: () => undefined });
    expect(() => client.subscribe('ok', { onMessage: () => undefined })).toThrow(/already subscribed/);
    await expect(client.publish('ok', undefined)).rejects.toThrow(/JSON value/);
    client.close();
    await expect(client.publish('ok', 1)).rejects.toMatchObject({ code: 'closed' });
  });

  it('publishes and resolves with the new offset and message id, or rejects with the server code', async () => {
    const { client } = setup();
    const published = client.publish('chat', { text: 'hi' });
    const refused = client.publish('chat', { text: 'again' });
    await tick();
    const socket = FakeSocket.last().accept();
    const [first, second] = socket.ofType('publish');
    expect(first).toMatchObject({ channel: 'chat', data: { text: 'hi' } });
    socket.receive({ type: 'published', id: first.id, channel: 'chat', offset: 3, messageId: 'm-3', epoch: 'e', ts: 5 });
    socket.receive({ type: 'error', id: second.id, code: 'forbidden', message: 'not allowed' });
    await expect(published).resolves.toEqual({ channel: 'chat', offset: 3, id: 'm-3', epoch: 'e', ts: 5 });
    await expect(refused).rejects.toBeInstanceOf(HeraldError);
  });
});

describe('HeraldClient reconnecting', () => {
  it('resubscribes from the last delivered message and delivers each message once, in order', async () => {
    const { client, states } = setup();
    const { offsets, gaps, subscribed } = collect(client, 'news');
    await tick();
    let socket = FakeSocket.last().accept();
    socket.subscribed('news', 10);
    socket.message('news', 11).message('news', 12);

    socket.serverClose(1006);
    expect(states.at(-1)?.[0]).toBe('reconnecting');
    expect(states.at(-1)?.[1].retryInMs).toBeLessThan(1000);
    await tick(1000);
    socket = FakeSocket.last().accept();
    expect(socket.subscribeFor('news').since).toEqual({ offset: 12, epoch: 'e1' });
    socket.subscribed('news', 15, 'e1', true);
    expect(subscribed.at(-1)).toEqual({ channel: 'news', offset: 15, epoch: 'e1', recovered: true,
      since: { offset: 12, epoch: 'e1' } });
    socket.message('news', 13);
    socket.serverClose(1001); // drops in the middle of the replay

    await tick(2000); // the second retry in a row: within two seconds
    socket = FakeSocket.last().accept();
    expect(socket.subscribeFor('news').since).toEqual({ offset: 13, epoch: 'e1' });
    socket.subscribed('news', 16, 'e1', true);
    [12, 13, 14, 15, 16, 17].forEach((offset) => socket.message('news', offset));
    expect(offsets()).toEqual([11, 12, 13, 14, 15, 16, 17]);
    expect(gaps).toEqual([]);
  });

  it('backs off with growing, jittered delays up to twenty seconds, and from the start again after a good connection', async () => {
    const { states } = setup();
    await tick();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      FakeSocket.last().serverClose(1006);
      const detail = states.at(-1)![1];
      delays.push(detail.retryInMs!);
      await tick(detail.retryInMs!);
    }
    delays.forEach((delay, attempt) => expect(delay).toBeLessThan(Math.min(20_000, 1000 * 2 ** attempt)));
    expect(new Set(delays).size).toBeGreaterThan(4);
    expect(FakeSocket.all).toHaveLength(9);

    FakeSocket.last().accept();
    await tick(5000);
    FakeSocket.last().serverClose(1001);
    expect(states.at(-1)![1].retryInMs).toBeLessThan(1000);
  });

  it('fills what the server could not replay from the history frame and reports the rest as a gap', async () => {
    const { client } = setup();
    const { offsets, gaps } = collect(client, 'log');
    await tick();
    let socket = FakeSocket.last().accept();
    socket.subscribed('log', 0).message('log', 1).message('log', 2);
    socket.serverClose(1006);
    await tick(1000);
    socket = FakeSocket.last().accept();
    socket.subscribed('log', 12, 'e1', false);
    socket.message('log', 8).message('log', 13);
    const history = socket.ofType('history')[0];
    expect(history).toMatchObject({ channel: 'log', since: 2 });
    await tick();
    socket.receive({ type: 'history', id: history.id, channel: 'log', epoch: 'e1', offset: 12,
      messages: [8, 9, 10, 11, 12].map((offset) => ({ channel: 'log', offset, id: `m${offset}`, ts: 0, data: {} })) });
    await tick();
    expect(offsets()).toEqual([1, 2, 8, 9, 10, 11, 12, 13]);
    expect(gaps).toEqual([{ channel: 'log', fromOffset: 3, toOffset: 7, reason: 'not-retained' }]);
  });

  it('pings a silent server and drops the connection when no answer comes', async () => {
    setup();
    await tick();
    const socket = FakeSocket.last().accept(20_000, 10_000);
    await tick(29_000);
    expect(socket.ofType('ping')).toHaveLength(0);
    socket.receive({ type: 'pong' }); // anything heard restarts the wait
    await tick(29_000);
    expect(socket.ofType('ping')).toHaveLength(0);
    await tick(1_000);
    expect(socket.ofType('ping')).toHaveLength(1);
    await tick(10_000);
    expect(socket.closedWith?.code).toBe(4000);
    await tick(1000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('paces a large resubscribe under the server rate limit', async () => {
    const { client } = setup();
    for (let i = 0; i < 200; i++) {
      client.subscribe(`meter/${i}`, { onMessage: () => undefined });
    }
    await tick();
    const socket = FakeSocket.last().accept();
    expect(socket.ofType('subscribe')).toHaveLength(80);
    await tick(1000);
    expect(socket.ofType('subscribe').length).toBeLessThanOrEqual(80 + 41);
    await tick(3000);
    expect(socket.ofType('subscribe')).toHaveLength(200);
  });
});

describe('HeraldClient tokens', () => {
  it('renews the token in-band before four fifths of its lifetime, with no reconnect', async () => {
    const getToken = vi.fn(() => fakeToken(Math.floor(Date.now() / 1000), 100));
    const { states } = setup(getToken);
    await tick();
    const socket = FakeSocket.last().accept(600_000, 600_000); // no pings in the way
    expect(getToken).toHaveBeenCalledTimes(1);
    await tick(78_000);
    expect(socket.ofType('refresh')).toHaveLength(0);
    await tick(1_000);
    const refresh = socket.ofType('refresh')[0];
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(refresh.token).toBe(getToken.mock.results[1].value);
    socket.receive({ type: 'refreshed', id: refresh.id, expiresAt: Date.now() + 100_000 });
    await tick(79_000);
    expect(socket.ofType('refresh')).toHaveLength(2);
    expect(FakeSocket.all).toHaveLength(1);
    expect(states.map(([state]) => state)).toEqual(['open']);
  });

  it('after 4001 fetches a new token and reconnects at once', async () => {
    const getToken = vi.fn(() => fakeToken(Math.floor(Date.now() / 1000), 3600));
    setup(getToken);
    await tick();
    FakeSocket.last().accept().serverClose(4001, 'token expired');
    await tick(0);
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('stops with the reason when a fresh token is refused with 4401, retries once when a kept one is', async () => {
    const getToken = vi.fn(() => fakeToken(Math.floor(Date.now() / 1000), 3600));
    const { client, states } = setup(getToken);
    await tick();
    FakeSocket.last().accept().serverClose(1006); // kept token reused on the next attempt
    await tick(1000);
    expect(getToken).toHaveBeenCalledTimes(1);
    FakeSocket.last().open().serverClose(4401, 'bad token');
    await tick(0);
    expect(getToken).toHaveBeenCalledTimes(2);
    FakeSocket.last().open().serverClose(4401, 'bad token');
    await tick(30_000);
    expect(client.state).toBe('closed');
    expect(states.at(-1)).toEqual(['closed', { code: 4401, reason: 'token refused: bad token' }]);
    expect(FakeSocket.all).toHaveLength(3);
  });

  it('stops on closes a retry cannot fix, and backs off after 4429 (too many connections of the user)', async () => {
    for (const code of [1008, 4403]) {
      FakeSocket.all = [];
      const { client } = setup();
      await tick();
      FakeSocket.last().accept().serverClose(code, 'refused');
      await tick(30_000);
      expect(client.state).toBe('closed');
      expect(FakeSocket.all).toHaveLength(1);
    }
    FakeSocket.all = [];
    const { client, states } = setup();
    await tick();
    FakeSocket.last().open().serverClose(4429, 'too many connections');
    expect(states.at(-1)?.[0]).toBe('connecting');
    await tick(1000);
    FakeSocket.last().accept();
    expect(client.state).toBe('open');
    expect(FakeSocket.all).toHaveLength(2);
  });
});

describe('HeraldClient listeners', () => {
  it('stays closed when a state listener closes it while a retry is being scheduled', async () => {
    const getToken = vi.fn(async () => { throw new Error('401 from the backend'); });
    const client = new HeraldClient(URL, { WebSocket: FakeSocket, getToken });
    client.on('state', (state, detail) => {
      if (detail.error) {
        client.close();
      }
    });
    await tick(60_000);
    expect(getToken).toHaveBeenCalledTimes(1);
    expect(client.state).toBe('closed');
  });
});

describe('HeraldClient subscriptions', () => {
  it('resumes from a stored position, and after unsubscribe sends the frame and delivers nothing more', async () => {
    const { client } = setup();
    const { sub, offsets } = collect(client, 'feed');
    const resumed = client.subscribe('stored', { onMessage: () => undefined, since: { offset: 41, epoch: 'e9' } });
    await tick();
    const socket = FakeSocket.last().accept();
    expect(socket.subscribeFor('stored').since).toEqual({ offset: 41, epoch: 'e9' });
    socket.subscribed('feed', 1).message('feed', 2);
    expect(sub.position()).toEqual({ offset: 2, epoch: 'e1' });
    sub.unsubscribe();
    expect(socket.ofType('unsubscribe')).toEqual([{ type: 'unsubscribe', channel: 'feed' }]);
    socket.message('feed', 3);
    expect(offsets()).toEqual([2]);
    await expect(sub.ready).resolves.toBeUndefined();
    resumed.unsubscribe();
    await expect(resumed.ready).rejects.toMatchObject({ code: 'closed' });
  });

  it('rejects requests in flight when the connection drops or the client closes', async () => {
    const { client } = setup();
    await tick();
    const socket = FakeSocket.last().accept();
    const publish = client.publish('chat', 1);
    const history = client.history('chat', { since: 3, limit: 10 });
    expect(socket.ofType('history')[0]).toMatchObject({ channel: 'chat', since: 3, limit: 10 });
    socket.serverClose(1006);
    await expect(publish).rejects.toMatchObject({ code: 'disconnected' });
    await expect(history).rejects.toMatchObject({ code: 'disconnected' });
    await tick(1000);
    const later = client.publish('chat', 2);
    client.close();
    await expect(later).rejects.toMatchObject({ code: 'closed' });
    expect(client.state).toBe('closed');
  });
});
