// The built library (dist/herald-client.js) against a real Herald, run by HeraldClientLibraryTest in
// ./mvnw verify. Env: HERALD_URL (http://127.0.0.1:port), HERALD_API_KEY, HISTORY_SIZE (the server's
// herald.history.size). To restart the server it prints "control: restart" and waits for "restarted" on stdin.
// Exit 0 when every check passed; every wait is bounded.
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { HeraldClient } from '../dist/herald-client.js';

const base = process.env.HERALD_URL;
const apiKey = process.env.HERALD_API_KEY;
const historySize = Number(process.env.HISTORY_SIZE);
const wsUrl = `${base.replace(/^http/, 'ws')}/v1/ws`;
const run = Math.random().toString(36).slice(2, 8);
const stdin = createInterface({ input: process.stdin });
const controlAnswers = [];
stdin.on('line', (line) => controlAnswers.push(line.trim()));

function check(condition, what) {
  if (!condition) {
    throw new Error(`check failed: ${what}`);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition, what, seconds = 30) {
  const deadline = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    }
    await sleep(20);
  }
}

async function api(method, path, body, headers = {}) {
  const response = await fetch(base + path, {
    method,
    headers: { 'X-Api-Key': apiKey, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${text}`);
  }
  return text ? JSON.parse(text) : undefined;
}

const issued = [];
async function getToken(ttlSeconds = 3600) {
  const { token } = await api('POST', '/v1/api/createtoken',
    { UserName: `lib-${run}`, Subscribe: ['ride/**', 'renew/**', 'short/**'], TtlSeconds: ttlSeconds });
  issued.push(token);
  return token;
}

/** Publishes, retrying while the server is away; the idempotency key makes a retry publish nothing twice. */
async function publish(channel, seq) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await api('POST', '/v1/api/publish', { channel, data: { seq } }, { 'Idempotency-Key': `${channel}#${seq}` });
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await sleep(100);
    }
  }
}

async function restartServer() {
  console.log('control: restart');
  await until(() => controlAnswers.includes('restarted'), 'the server restart', 90);
  controlAnswers.length = 0;
}

function watch(client) {
  const states = [];
  client.on('state', (state, detail) => {
    states.push(state);
    console.log(`  state ${state}${detail.code ? ` code=${detail.code}` : ''}${detail.reason ? ` (${detail.reason})` : ''}`
      + `${detail.retryInMs !== undefined ? ` retry in ${detail.retryInMs} ms` : ''}`);
  });
  return states;
}

/** Closed by an operator (admin DELETE), then by a server restart on the same port: nothing lost, nothing twice. */
async function ridesThroughADeleteAndARestart() {
  console.log('ride-through: DELETE of the connection and a server restart, publishing during each gap');
  const channel = `ride/${run}`;
  const client = new HeraldClient(wsUrl, { getToken: () => getToken(), WebSocket });
  const states = watch(client);
  const received = [];
  const gaps = [];
  const sub = client.subscribe(channel, { onMessage: (m) => received.push(m), onGap: (g) => gaps.push(g) });
  await sub.ready;
  let seq = 0;
  const publishUpTo = async (last) => {
    while (seq < last) {
      await publish(channel, ++seq);
    }
  };

  await publishUpTo(10);
  await until(() => received.length === 10, 'the first 10 messages');
  const firstConnection = client.connectionId;
  const admin = await api('GET', `/v1/api/connections/${firstConnection}`);
  check(admin.uri === '/v1/ws', `the admin uri is the path only, got ${admin.uri}`);
  const adminText = JSON.stringify(await api('GET', '/v1/api/connections')) + JSON.stringify(admin);
  check(issued.every((token) => !adminText.includes(token) && !adminText.includes(token.slice(-20))),
    'no token (or part of one) in the admin API');

  const response = await fetch(`${base}/v1/api/connections/${firstConnection}`, { method: 'DELETE', headers: { 'X-Api-Key': apiKey } });
  check(response.status === 204, `admin DELETE answers 204, got ${response.status}`);
  await publishUpTo(20); // during the gap
  await until(() => received.length === 20 && client.state === 'open', 'recovery after the DELETE');
  check(client.connectionId !== firstConnection, 'a new connection after the DELETE');

  await restartServer();
  await publishUpTo(30); // during the gap: the client is still backing off
  await until(() => received.length === 30 && client.state === 'open', 'recovery after the restart');
  await publishUpTo(40); // live again
  await until(() => received.length >= 40, 'the live messages after the restart');
  await sleep(300);

  const seqs = received.map((m) => m.data.seq);
  check(JSON.stringify(seqs) === JSON.stringify(Array.from({ length: 40 }, (_, i) => i + 1)),
    `every message once and in order, got ${JSON.stringify(seqs)}`);
  check(received.every((m, i) => i === 0 || m.offset === received[i - 1].offset + 1), 'offsets without gaps');
  check(gaps.length === 0, `no gap reported, got ${JSON.stringify(gaps)}`);
  const reconnects = states.filter((s) => s === 'open').length - 1;
  check(reconnects === 2, `reconnected once after each close, ${reconnects} times`);
  console.log(`ride-through: ${seq} published, ${received.length} delivered, each once and in order `
    + `(offsets ${received[0].offset}..${received.at(-1).offset}), gaps reported: ${gaps.length}, reconnects: ${reconnects}`);
  client.close();
}

/** A token that expires while connected is renewed with the refresh frame: same connection throughout. */
async function renewsAnExpiringTokenInBand() {
  console.log('renewal: 4 s tokens on one connection for 10 s');
  const channel = `renew/${run}`;
  let calls = 0;
  const client = new HeraldClient(wsUrl, { getToken: () => { calls++; return getToken(4); }, WebSocket });
  const states = watch(client);
  const received = [];
  await client.subscribe(channel, { onMessage: (m) => received.push(m) }).ready;
  const connection = client.connectionId;
  await sleep(10_000);
  await publish(channel, 1);
  await until(() => received.length === 1, 'a message after two expiries');
  check(client.connectionId === connection, 'the same connection after the first tokens expired');
  check(states.length === 1 && states[0] === 'open', `no reconnect, states ${states.join(',')}`);
  check(calls >= 3, `the token was fetched again before each expiry (${calls} calls)`);
  console.log(`renewal: ${calls} tokens of 4 s on connection ${connection}, no reconnect`);
  client.close();
}

/** Kept away longer than the history lasts: what is retained is delivered, the rest reported through onGap. */
async function reportsWhatHistoryNoLongerHas() {
  console.log(`recovered false: ${historySize + 30} messages published while the client is kept away, history keeps ${historySize}`);
  const channel = `short/${run}`;
  const gate = { open: true };
  class GatedWebSocket extends WebSocket {
    constructor(url) {
      super(gate.open ? url : 'ws://127.0.0.1:1/v1/ws');
    }
  }
  const client = new HeraldClient(wsUrl, { getToken: () => getToken(), WebSocket: GatedWebSocket, backoff: { maxMs: 1000 } });
  watch(client);
  const received = [];
  const gaps = [];
  await client.subscribe(channel, { onMessage: (m) => received.push(m), onGap: (g) => gaps.push(g) }).ready;
  for (let seq = 1; seq <= 3; seq++) {
    await publish(channel, seq);
  }
  await until(() => received.length === 3, 'the first 3 messages');
  gate.open = false;
  await fetch(`${base}/v1/api/connections/${client.connectionId}`, { method: 'DELETE', headers: { 'X-Api-Key': apiKey } });
  await until(() => client.state === 'reconnecting', 'the drop');
  const total = 3 + historySize + 30;
  for (let seq = 4; seq <= total; seq++) {
    await publish(channel, seq);
  }
  gate.open = true;
  await until(() => received.at(-1)?.data.seq === total, 'the retained messages');
  const firstRetained = total - historySize + 1;
  const seqs = received.map((m) => m.data.seq);
  const expected = [1, 2, 3, ...Array.from({ length: historySize }, (_, i) => firstRetained + i)];
  check(JSON.stringify(seqs) === JSON.stringify(expected), `retained messages once, in order: ${JSON.stringify(seqs)}`);
  check(JSON.stringify(gaps) === JSON.stringify([{ channel, fromOffset: 4, toOffset: firstRetained - 1, reason: 'not-retained' }]),
    `the lost messages reported as one gap, got ${JSON.stringify(gaps)}`);
  console.log(`recovered false: delivered 1-3 and ${firstRetained}-${total}, gap reported ${JSON.stringify(gaps[0])}`);
  client.close();
}

try {
  await ridesThroughADeleteAndARestart();
  await renewsAnExpiringTokenInBand();
  await reportsWhatHistoryNoLongerHas();
  console.log('all checks passed');
  process.exit(0);
} catch (error) {
  console.log(`FAILED: ${error.stack ?? error}`);
  process.exit(1);
}
