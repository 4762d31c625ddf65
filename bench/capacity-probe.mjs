// The client side of bench/capacity.sh (Node `ws`, the client the harness used).
//
//   node bench/capacity-probe.mjs churn <ws-url> <count> [in-flight=20]
//     opens <count> connections, at most <in-flight> at a time; each waits for Herald's welcome frame
//     (the first frame any server sends), then closes with 1000 and waits for the server's close frame.
//     Prints one JSON line: count, failures, seconds, connections per second, handshake p50/p99 (ms).
//   node bench/capacity-probe.mjs idle <ws-url> <count> [in-flight=50]
//     opens <count> connections, waits for each welcome frame, prints "open <count>" and holds them
//     until stdin closes or SIGTERM (the script reads the server's memory meanwhile). With SUBSCRIBE=<channel>
//     set, each idle connection subscribes to it first and waits for "subscribed", as (c) in bench/run.sh does.
// With PROXIED=1 every upgrade carries the headers nginx adds (deploy/nginx/nginx.conf), as if it came through it.
// Bounded: every connection attempt times out after 10 s; the whole run after 10 minutes.
import WebSocket from 'ws';

const [mode, url, countArg, inFlightArg] = process.argv.slice(2);
const count = Number(countArg);
const inFlight = Number(inFlightArg || (mode === 'idle' ? 50 : 20));
const subscribe = process.env.SUBSCRIBE;
const headers = process.env.PROXIED === '1'
  ? { 'X-Forwarded-For': '203.0.113.7', 'X-Forwarded-Proto': 'http', 'X-Forwarded-Host': 'localhost',
      'X-Forwarded-Port': '8080' }
  : {};
setTimeout(() => { console.error('probe: 10 minute bound reached'); process.exit(2); }, 600_000).unref();

// Resolves with the open socket once the server's first frame arrived; rejects on error or after 10 s.
function open() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const ws = new WebSocket(url, { perMessageDeflate: false, headers });
    const timer = setTimeout(() => { ws.terminate(); reject(new Error('timeout')); }, 10_000);
    ws.once('message', () => {
      clearTimeout(timer);
      resolve({ ws, ms: Number(process.hrtime.bigint() - started) / 1e6 });
    });
    ws.once('error', (e) => { clearTimeout(timer); reject(e); });
    ws.once('close', (code) => { clearTimeout(timer); reject(new Error(`closed ${code}`)); });
  });
}

// Subscribes to SUBSCRIBE and resolves on the "subscribed" answer; rejects after 10 s.
function subscribed(ws) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { ws.terminate(); reject(new Error('no subscribed')); }, 10_000);
    ws.on('message', (data) => {
      if (String(data).includes('"subscribed"')) { clearTimeout(timer); ws.removeAllListeners('message'); resolve(); }
    });
    ws.send(JSON.stringify({ type: 'subscribe', channel: subscribe }));
  });
}

function closeAndWait(ws) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { ws.terminate(); resolve(); }, 10_000);
    ws.removeAllListeners('close');
    ws.once('close', () => { clearTimeout(timer); resolve(); });
    ws.close(1000);
  });
}

// Runs task(i) for i in [0, count) with at most `limit` running at once.
async function pool(limit, task) {
  let next = 0;
  const worker = async () => { while (next < count) await task(next++); };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

const pct = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : null;

if (mode === 'churn') {
  const times = [];
  let failures = 0;
  const started = process.hrtime.bigint();
  await pool(inFlight, async () => {
    try {
      const { ws, ms } = await open();
      times.push(ms);
      await closeAndWait(ws);
    } catch {
      failures++;
    }
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ mode, count, failures, seconds: +seconds.toFixed(3),
    perSecond: Math.round(count / seconds), handshakeP50Ms: +pct(times, 0.5).toFixed(2),
    handshakeP99Ms: +pct(times, 0.99).toFixed(2) }));
  process.exit(0);
} else if (mode === 'idle') {
  const sockets = [];
  let failures = 0;
  await pool(inFlight, async () => {
    try {
      const { ws } = await open();
      if (subscribe) await subscribed(ws);
      sockets.push(ws);
    } catch {
      failures++;
    }
  });
  for (const ws of sockets) ws.on('close', () => {}); // held: a server close is noted, never retried
  console.log(`open ${sockets.length} failures ${failures}`);
  const quit = () => { for (const ws of sockets) ws.terminate(); process.exit(0); };
  process.stdin.on('end', quit).resume();
  process.on('SIGTERM', quit);
} else {
  console.error('usage: capacity-probe.mjs churn|idle <ws-url> <count> [in-flight]');
  process.exit(2);
}
