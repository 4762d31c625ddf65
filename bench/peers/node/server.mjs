// A broadcast server on Node's `ws` package speaking the subset of Herald's protocol the benchmark uses.
//
// Per published message: JSON.parse of the publish frame, one JSON text made for the message frame,
// turned into one Buffer, and ws.send(buffer) to every subscriber (ws frames it per socket: a 2-byte header
// written with the shared payload, corked into one write). A subscriber whose bufferedAmount passes 1 MiB
// is terminated (Herald cuts such a slow consumer the same way, code 4008). Every 20 s each socket gets a
// Ping; one that has not answered the previous Ping is terminated (the `ws` README's heartbeat).
//
// node bench/peers/node/server.mjs <port>
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] || 0);
const PING_INTERVAL_MS = 20_000;
const SEND_BUFFER_LIMIT = 1 << 20;

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port,
  path: '/v1/ws',
  perMessageDeflate: false,
  maxPayload: 64 * 1024,
  clientTracking: true,
});

const channels = new Map(); // channel -> Set<WebSocket>
const offsets = new Map();  // channel -> last offset

function subscribersOf(channel) {
  let set = channels.get(channel);
  if (!set) {
    set = new Set();
    channels.set(channel, set);
  }
  return set;
}

function id(offset) {
  // as long as Herald's UUIDs, so frames are the same size
  return '00000000-0000-4000-8000-' + String(offset).padStart(12, '0');
}

wss.on('connection', (ws) => {
  ws.isAlive = true;
  ws.subscriptions = new Set();
  ws.on('pong', () => { ws.isAlive = true; });
  ws.on('message', (raw, isBinary) => {
    if (isBinary) {
      ws.close(1003);
      return;
    }
    let frame;
    try {
      frame = JSON.parse(raw);
    } catch {
      ws.send('{"type":"error","code":"bad_request","message":"the frame is not valid JSON"}');
      return;
    }
    const channel = frame.channel;
    if (frame.type === 'subscribe' && typeof channel === 'string') {
      subscribersOf(channel).add(ws);
      ws.subscriptions.add(channel);
      ws.send(JSON.stringify({ type: 'subscribed', channel, offset: offsets.get(channel) || 0, epoch: 'node', recovered: false }));
    } else if (frame.type === 'publish' && typeof channel === 'string' && frame.data !== undefined) {
      const offset = (offsets.get(channel) || 0) + 1;
      offsets.set(channel, offset);
      const text = '{"type":"message","channel":' + JSON.stringify(channel) + ',"offset":' + offset
        + ',"id":"' + id(offset) + '","ts":' + Date.now() + ',"data":' + JSON.stringify(frame.data) + '}';
      const payload = Buffer.from(text);
      const subscribers = channels.get(channel);
      if (subscribers) {
        for (const client of subscribers) {
          if (client.readyState !== 1) continue;
          if (client.bufferedAmount > SEND_BUFFER_LIMIT) {
            console.error(`event=cut cause=send_buffer bufferedAmount=${client.bufferedAmount}`);
            client.terminate();
            continue;
          }
          client.send(payload, { binary: false });
        }
      }
      ws.send('{"type":"published","channel":' + JSON.stringify(channel) + ',"offset":' + offset + ',"id":"' + id(offset) + '"}');
    } else if (frame.type === 'ping') {
      ws.send('{"type":"pong"}');
    } else {
      ws.send('{"type":"error","code":"bad_request","message":"unknown frame"}');
    }
  });
  ws.on('close', () => {
    for (const channel of ws.subscriptions) channels.get(channel)?.delete(ws);
  });
  ws.on('error', () => {});
});

const heartbeat = setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) {
      console.error('event=cut cause=keepalive_timeout');
      ws.terminate();
      continue;
    }
    ws.isAlive = false;
    ws.ping();
  }
}, PING_INTERVAL_MS);

wss.on('listening', () => console.log(`node-ws peer listening on 127.0.0.1:${wss.address().port}`));
wss.on('close', () => clearInterval(heartbeat));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
