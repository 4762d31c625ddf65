// Builds bench/REPORT.md from the JSON lines bench/run.sh appends to bench/target/results.jsonl.
// node bench/report.mjs bench/target/results.jsonl > bench/REPORT.md
import { readFileSync, existsSync } from 'node:fs';

const file = process.argv[2] || 'bench/target/results.jsonl';
const rows = existsSync(file)
  ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
  : [];
const notesFile = new URL('./NOTES.md', import.meta.url);
const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : '';

// a rerun of a (scenario, server) replaces what the earlier run measured
const byKey = new Map();
const epochOf = new Map(); // scenario -> how many times run.sh started it (each start writes a quiet record)
const listEpoch = new Map();
for (const r of rows) {
  if (r.kind === 'quiet') epochOf.set(r.scenario, (epochOf.get(r.scenario) || 0) + 1);
  const key = `${r.scenario}|${r.server}`;
  const epoch = epochOf.get(r.scenario) || 0;
  if (!byKey.has(key) || listEpoch.get(key) !== epoch) {
    byKey.set(key, []);
    listEpoch.set(key, epoch);
  }
  byKey.get(key).push(r);
}
const get = (scenario, server) => byKey.get(`${scenario}|${server}`) || [];
const serversOf = (scenario) => {
  const names = [];
  for (const r of rows) if (r.scenario === scenario && r.server !== 'machine' && !names.includes(r.server)) names.push(r.server);
  return names;
};
const quietOf = (scenario) => rows.filter((r) => r.scenario === scenario && r.kind === 'quiet').at(-1);
const machine = rows.filter((r) => r.kind === 'machine').at(-1);

const f = (v, d = 1) => (v === undefined || v === null || Number.isNaN(v) ? '–' : Number(v).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const i0 = (v) => f(v, 0);
const ms = (v) => (v === undefined || v < 0 ? '–' : v >= 100 ? f(v, 0) : v >= 10 ? f(v, 1) : f(v, 2));
const ratio = (a, b) => (a === undefined || b === undefined || !b ? '–' : f(a / b, 2));
const pretty = {
  'herald-ws': 'Herald (WS publish)', 'herald-rest': 'Herald (REST publish)', node: 'Node ws', wspp: 'websocketpp',
  lws: 'libwebsockets', centrifugo: 'Centrifugo',
};
const nameOf = (s) => pretty[s] || s;
// Centrifugo first: Herald / Centrifugo is the first ratio column of every table
const peers = ['centrifugo', 'wspp', 'node', 'lws'];
const heralds = ['herald-ws', 'herald-rest'];
let out = [];
const p = (s = '') => out.push(s);
const headOut = out;
const table = (head, body) => {
  p('| ' + head.join(' | ') + ' |');
  p('|' + head.map((_, k) => (k === 0 ? ' --- ' : ' ---: ')).join('|') + '|');
  for (const b of body) p('| ' + b.join(' | ') + ' |');
  p();
};
// One ratio table per scenario: a row per measure (and Herald variant), a column per peer, Centrifugo first.
// metrics: [{ label, of: (summary of one server) => number, better: 'lower' | 'higher' }]
const ratioTable = (summary, servers, metrics, variants = heralds) => {
  const ps = peers.filter((x) => servers.includes(x) && summary[x]);
  const hs = variants.filter((x) => servers.includes(x) && summary[x]);
  if (!ps.length || !hs.length) return;
  const body = [];
  for (const m of metrics) {
    for (const h of hs) {
      const a = m.of(summary[h]);
      if (a === undefined || a === null) continue;
      body.push([`${m.label}${hs.length > 1 ? ` (${nameOf(h)})` : ''} (${m.better} is better)`,
        ...ps.map((peer) => ratio(a, m.of(summary[peer])))]);
    }
  }
  if (body.length) table(['ratio', ...ps.map((peer) => `Herald / ${nameOf(peer)}`)], body);
};
const sysShare = (st) => {
  const parts = [];
  if (st.serverSystemSec !== undefined && st.serverCpuSec > 0) parts.push(`${f(100 * st.serverSystemSec / st.serverCpuSec, 0)} % sys`);
  if (st.tcpSegmentsPerDelivery !== undefined) parts.push(`${f(st.tcpSegmentsPerDelivery, 2)} TCP segments per delivery`);
  const both = bothCores(st);
  if (both !== undefined) parts.push(`both cores ${f(both, 2)}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
};
// the busy time of both cores over the step per million deliveries: the clients' share is the same for every
// server, and it holds the kernel's loopback work wherever the kernel charged it (a server's process may not pay it)
const bothCores = (st) => (st.serverCorePct !== undefined && st.clientCorePct !== undefined && st.wallS && st.delivered
  ? ((st.serverCorePct + st.clientCorePct) / 100) * st.wallS / (st.delivered / 1e6) : undefined);
// where a scenario repeats a step (the slow readers of (h) run three in a row), the step of median CPU stands for it
const stepsAt = (list, rate, kind = 'fixed') => list.filter((r) => r.kind === kind && r.rate === rate);
const stepAt = (list, rate, kind = 'fixed') => {
  const steps = stepsAt(list, rate, kind);
  if (steps.length < 3) return steps[0];
  return [...steps].sort((x, y) => x.cpuSecPerMillion - y.cpuSecPerMillion)[Math.floor(steps.length / 2)];
};
const repeatedCpu = (list, rate) => {
  const steps = stepsAt(list, rate);
  return steps.length < 3 ? '' : ` (median of ${steps.length} steps in a row: ${steps.map((r) => f(r.cpuSecPerMillion, 2)).join(', ')})`;
};
const disturbedMark = (r) => (r && r.foreignPct > 15 ? ' ⚠' : '');
const quietLine = (scenario) => {
  const quiets = rows.filter((r) => r.scenario === scenario && r.kind === 'quiet');
  if (!quiets.length) return '_No quiet check recorded._';
  const shown = serversOf(scenario);
  const parts = quiets.map((q, k) => {
    const servers = shown.filter((s) => listEpoch.get(`${scenario}|${s}`) === k + 1);
    if (!servers.length) return null;
    return `${servers.map(nameOf).join(', ')}: run started ${q.at || ''}, machine ${q.quiet ? '**quiet**' : '**NOT quiet (disturbed)**'} before it `
      + `(idle per core ${q.idlePct} %, load ${q.loadavg}, waited ${q.waitedS} s)`;
  }).filter(Boolean);
  const steps = shown.flatMap((s) => get(scenario, s)).filter((r) => r.foreignPct !== undefined);
  const worst = steps.reduce((m, r) => Math.max(m, r.foreignPct), 0);
  return parts.join('; ') + `. Other processes' CPU during the steps shown: up to ${f(worst, 0)} % of a core`
    + (worst > 15 ? ' — steps marked ⚠ had more than 15 % of a core taken by other processes: their figures are disturbed.' : '.')
    + warmupLine(scenario, shown);
};

// Herald's warm-up before it reported ready (herald.warmup.connections), per server started for the scenario
const warmupLine = (scenario, shown) => {
  const warm = rows.filter((r) => r.kind === 'warmup' && r.forScenario === scenario && shown.includes(r.server));
  if (!warm.length) return '';
  return ' ' + warm.map((w) => `${nameOf(w.server)} warmed up before it reported ready: ${w.connections.toLocaleString('en-US')} loopback `
    + `connections in ${f(w.ms / 1000, 1)} s${w.failed ? ` (${w.failed} failed)` : ''}`).join('; ') + '.';
};

p('# Herald benchmark report');
p();
p('Generated by `bench/run.sh` (then `node bench/report.mjs bench/target/results.jsonl > bench/REPORT.md`) from '
  + `\`${file}\`${rows.length ? ` (${rows.length} records, ${rows[0].at || ''} to ${rows.at(-1).at || ''})` : ''}.`);
p('Every figure below comes from one run on this machine; a ⚠ marks a step during which other processes took more '
  + 'than 15 % of a core (the machine is shared), and each scenario says whether the machine was quiet before it.');
p();
const machineOut = [];
out = machineOut;
if (machine) {
  p('## Machine and software');
  p();
  for (const [k, v] of Object.entries(machine)) {
    if (['scenario', 'server', 'kind', 'at'].includes(k)) continue;
    p(`- ${k}: ${v}`);
  }
  p();
}
const notesOut = [];
out = notesOut;
if (notes) {
  p(notes.trim());
  p();
}
const scenariosOut = [];
out = scenariosOut;

// ------------------------------------------------------------------ (a)
function fanoutSection(scenario, title, fixedRates, servers, search) {
  p(`## ${title}`);
  p();
  p(quietLine(scenario));
  p();
  const head = ['server'];
  for (const r of fixedRates) head.push(`${r}/s: delivered/s`, `${r}/s: p50 / p99 / p99.9 / max ms`, `${r}/s: lost`, `${r}/s: CPU s per M`);
  if (search) head.push('max rate (p99<100 ms, none lost)', 'delivered/s at max', 'p99 at max ms', 'CPU s per M at max', 'server / client core % at max', 'same with +1 client process: delivered/s, p99 ms');
  head.push('setup conn/s');
  const body = [];
  const summary = {};
  for (const s of servers) {
    const list = get(scenario, s);
    const err = list.find((r) => r.kind === 'error');
    const row = [nameOf(s)];
    const sum = (summary[s] = {});
    for (const rate of fixedRates) {
      const st = stepAt(list, rate);
      sum[rate] = st;
      row.push(st ? i0(st.deliveredPerSec) + disturbedMark(st) : '–',
        st ? `${ms(st.p50Ms)} / ${ms(st.p99Ms)} / ${ms(st.p999Ms)} / ${ms(st.maxMs)}` : '–',
        st ? i0(st.lost) + (st.live < st.subs ? ` (${i0(st.subs - st.live)} subscribers cut: ${st.closeCodes})` : '') : '–',
        st ? f(st.cpuSecPerMillion, 2) + sysShare(st) + repeatedCpu(list, rate) : '–');
    }
    if (search) {
      const max = list.find((r) => r.kind === 'max');
      const best = max?.best;
      sum.max = max;
      row.push(max ? i0(max.maxRate) + (max.firstFailRate ? ` (fails at ${i0(max.firstFailRate)})` : '') : '–',
        best ? i0(best.deliveredPerSec) + disturbedMark(best) : '–', best ? ms(best.p99Ms) : '–',
        best ? f(best.cpuSecPerMillion, 2) : '–',
        best ? `${i0(best.serverCorePct)} / ${i0(best.clientCorePct)}` : '–',
        max?.check ? `${i0(max.check.deliveredPerSec)}, ${ms(max.check.p99Ms)}${disturbedMark(max.check)}` : '–');
    }
    const setup = list.find((r) => r.kind === 'setup');
    row.push(setup ? i0(setup.setupPerSec) : '–');
    const serverLog = list.find((r) => r.kind === 'serverLog');
    if (err) row[0] += ` (error: ${err.message.slice(0, 120)}${serverLog?.firstError ? `; server log: ${serverLog.firstError.replace(/\|/g, '/').slice(0, 300)}` : ''})`;
    body.push(row);
  }
  table(head, body);
  const metrics = [];
  for (const rate of fixedRates) {
    metrics.push({ label: `p99 at ${rate}/s`, of: (x) => x[rate]?.p99Ms, better: 'lower' },
      { label: `CPU per M at ${rate}/s`, of: (x) => x[rate]?.cpuSecPerMillion, better: 'lower' });
  }
  if (search) metrics.push({ label: 'max delivered/s', of: (x) => x.max?.best?.deliveredPerSec, better: 'higher' });
  ratioTable(summary, servers, metrics);
  return summary;
}

function limits(scenario, servers) {
  p('What limited each server (the first failing step: its figures, and how busy each core was):');
  p();
  for (const s of servers) {
    const list = get(scenario, s);
    const max = list.find((r) => r.kind === 'max');
    if (!max || !max.firstFailRate) {
      p(`- ${nameOf(s)}: ${max ? 'no failing step within the search cap/budget' : 'not measured'}`);
      continue;
    }
    const fail = list.filter((r) => (r.kind === 'search' || r.kind === 'fixed') && r.rate === max.firstFailRate).at(-1);
    if (!fail) continue;
    const why = [];
    if (fail.p99Ms >= 100) why.push(`p99 ${ms(fail.p99Ms)} ms`);
    if (fail.lost > 0) why.push(`${i0(fail.lost)} lost`);
    if (fail.achievedRate < 0.97 * fail.rate) why.push(`publisher reached only ${f(fail.achievedRate, 0)}/s`);
    if (fail.live < fail.subs) why.push(`${fail.subs - fail.live} subscribers cut (${fail.closeCodes})`);
    let verdict;
    if (fail.foreignPct > 15) verdict = `other processes took ${f(fail.foreignPct, 0)} % of a core during this step: disturbed, no conclusion`;
    else if (fail.serverCorePct >= 90 && fail.clientCorePct < 90) verdict = 'the server\'s core was saturated: CPU-bound';
    else if (fail.clientCorePct >= 90 && fail.serverCorePct < 90) verdict = 'the CLIENT core was saturated: the load generator limited this step';
    else if (fail.clientCorePct >= 90) verdict = 'both cores saturated: see the +1-process check';
    else verdict = 'neither core saturated: latency from queuing/scheduling';
    p(`- ${nameOf(s)}: at ${i0(fail.rate)} msgs/s (${i0(fail.deliveredPerSec)} delivered/s): ${why.join(', ') || 'failed'}; `
      + `server core ${i0(fail.serverCorePct)} %, client core ${i0(fail.clientCorePct)} %, server ${f(fail.cpuSecPerMillion, 2)} CPU s per M → ${verdict}${disturbedMark(fail)}.`);
  }
  p();
}

const aServers = serversOf('a');
let aSummary = {};
if (aServers.length) {
  aSummary = fanoutSection('a', '(a) 1,000 subscribers: 20 msgs/s, 100 msgs/s, and the highest rate with p99 < 100 ms',
    [20, 100], aServers, true);
  p('Load: 1,000 subscribers on one channel over 2 client processes (source addresses 127.0.0.2-5), one publisher, '
    + '64-byte `data`, 10 s per step (after an 8 s warm-up at 100/s). "CPU s per M" = server CPU seconds (utime+stime '
    + 'from /proc/<pid>/stat) per million delivered messages, with the share spent in the kernel (stime). The search steps ×1.5 from 150/s until a step fails '
    + '(p99 ≥ 100 ms, anything lost, publisher below 97 % of its rate, or a subscriber cut), then bisects three times (when 100/s already fails, it bisects between 20 and 100 at once). '
    + 'The +1-process column repeats the best step with 3 client processes instead of 2: if the load generator were '
    + 'the limit, it would differ.');
  p();
  limits('a', aServers);
}

// ------------------------------------------------------------------ (b)
const bServers = serversOf('b');
let bSummary = {};
if (bServers.length) {
  bSummary = fanoutSection('b', '(b) 10,000 subscribers at 2 and 10 msgs/s', [2, 10], bServers, false);
  p('Load: 10,000 subscribers over 2 client processes, 30 s at 2/s, then 30 s at 10/s (after a 5 s warm-up at 10/s).');
  p();
}

// ------------------------------------------------------------------ (c)
const cServers = serversOf('c');
const cSummary = {};
if (cServers.length) {
  p('## (c) 19,000 idle connections with keepalive');
  p();
  p(quietLine('c'));
  p();
  const body = [];
  for (const s of cServers) {
    const list = get('c', s);
    const r = list.find((x) => x.kind === 'idle');
    const err = list.find((x) => x.kind === 'error');
    cSummary[s] = r;
    if (!r) {
      body.push([nameOf(s) + (err ? ` (error: ${err.message.slice(0, 120)})` : ''), '–', '–', '–', '–', '–', '–', '–', '–', '–']);
      continue;
    }
    body.push([nameOf(s), i0(r.connected), i0(r.setupPerSec), f(r.rssBaseKb / 1024, 0), f(r.rssIdleKb / 1024, 0),
      f(r.rssPerConnBytes / 1024, 1), r.heapPerConnBytes !== undefined ? f(r.heapPerConnBytes / 1024, 1) : 'n/a',
      f(r.keepaliveCpuPct, 2), f(r.keepaliveCpuUsPerConnPerMin, 1), f(r.pingsPerConnPerMin, 2) + disturbedMark(r),
      i0(r.closedDuringHold)]);
  }
  table(['server', 'connected', 'setup conn/s', 'RSS before MB', 'RSS idle MB', 'RSS per conn KB', 'live heap per conn KB',
    'keepalive CPU % of a core', 'keepalive CPU µs per conn per min', 'Pings per conn per min', 'closed while idle'], body);
  ratioTable(cSummary, cServers, [
    { label: 'RSS per conn', of: (x) => x.rssPerConnBytes, better: 'lower' },
    { label: 'keepalive CPU', of: (x) => x.keepaliveCpuUsPerConnPerMin, better: 'lower' },
    { label: 'setup rate', of: (x) => x.setupPerSec, better: 'higher' },
  ], ['herald-ws']);
  p('Each connection is upgraded and subscribed to the channel `bench` (no messages), then held: RSS is read 10 s after the '
    + 'last connection, keepalive CPU over the next 60 s (three 20 s Ping rounds; clients answer every Ping). For Herald the '
    + 'live heap is read after a full GC (`jcmd GC.run` at the start, `jcmd GC.class_histogram` at the end; the RSS figures are '
    + 'taken before them). RSS per connection = (RSS idle − RSS before) / connections.');
  p();
}

// ------------------------------------------------------------------ (d)
const dServers = serversOf('d');
const dSummary = {};
if (dServers.length) {
  p('## (d) One slow subscriber among 1,000');
  p();
  p(quietLine('d'));
  p();
  const body = [];
  for (const s of dServers) {
    const list = get('d', s);
    const base = list.find((x) => x.kind === 'baseline');
    const slow = list.find((x) => x.kind === 'slow');
    const sum = list.find((x) => x.kind === 'slowSummary');
    const err = list.find((x) => x.kind === 'error');
    const cuts = list.find((x) => x.kind === 'serverCuts');
    dSummary[s] = { base, slow, sum };
    body.push([nameOf(s) + (err ? ` (error: ${err.message.slice(0, 100)})` : ''),
      base ? `${ms(base.p50Ms)} / ${ms(base.p99Ms)} / ${ms(base.maxMs)}${disturbedMark(base)}` : '–',
      slow ? `${ms(slow.p50Ms)} / ${ms(slow.p99Ms)} / ${ms(slow.maxMs)}${disturbedMark(slow)}` : '–',
      sum ? `${sum.p99Change >= 0 ? '+' : ''}${f(100 * sum.p99Change, 0)} %` : '–',
      slow ? `${i0(slow.lost)}` : '–',
      slow ? `${i0(slow.slowReceived)} messages read in 40 s` : '–',
      cuts ? cuts.summary.replaceAll(';', '; ') : 'not recorded',
      sum ? f(sum.serverRssKbAfter / 1024, 0) : '–']);
  }
  table(['server', 'others without slow: p50 / p99 / max ms', 'others with slow: p50 / p99 / max ms', 'p99 change', 'others lost', 'the slow subscriber', 'closes the server logged (count code/cause)', 'server RSS after MB'], body);
  ratioTable(dSummary, dServers, [
    { label: 'others\' p99 with the slow one', of: (x) => x.slow?.p99Ms, better: 'lower' },
    { label: 'server RSS after', of: (x) => x.sum?.serverRssKbAfter, better: 'lower' },
  ]);
  p('Load: 1,000 subscribers, 20 msgs/s of 8 KB `data` (about 160 KB/s to each subscriber, 20,000 deliveries/s). Baseline 20 s; '
    + 'then one subscriber (its receive buffer set to 4 KB before connecting) reads only 1 KB/s for 40 s while the rest '
    + 'read at full speed; the p99 columns are of the other 999. Each peer cuts a subscriber with more than 1 MiB queued, as Herald does '
    + '(`herald.limits.send-buffer-size`); a reader this slow cannot see its own close (it would have to read through the '
    + 'backlog first), so the servers\' own logs say what they closed. The slow one falls behind about 160 KB/s: first the kernel\'s send buffer fills '
    + '(autotuned up to 4 MB on loopback), then the server\'s own queue, so a 1 MiB bound is reached after about 30 s.');
  p();
}

// ------------------------------------------------------------------ (e)
const eServers = serversOf('e');
if (eServers.length) {
  fanoutSection('e', '(e) Herald on Tomcat and Jetty, JDK 17 and JDK 25 (the load of (a), WebSocket publish)', [20, 100], eServers, true);
  limits('e', eServers);
}

// ------------------------------------------------------------------ (f)
const fServers = serversOf('f');
const fSummary = {};
if (fServers.length) {
  p('## (f) Storm: 19,000 clients connect, are all dropped at once, and reconnect');
  p();
  p(quietLine('f'));
  p();
  const body = [];
  for (const s of fServers) {
    const list = get('f', s);
    const r = list.find((x) => x.kind === 'storm');
    const err = list.find((x) => x.kind === 'error');
    fSummary[s] = r;
    if (!r) {
      body.push([nameOf(s) + (err ? ` (error: ${err.message.slice(0, 120)})` : ''), ...Array(11).fill('–')]);
      continue;
    }
    body.push([nameOf(s), `${i0(r.connected)} / ${i0(r.clients)}`, i0(r.connectPerSec), f(r.connectCpuMsPerConn, 2),
      `${ms(r.connectHandshakeP50Ms)} / ${ms(r.connectHandshakeP99Ms)}`,
      `${i0(r.resubscribed)} (${i0(r.lost)} not back)`, f(r.untilAllResubscribedS, 1) + disturbedMark(r), i0(r.reconnectPerSec),
      f(r.cpuMsPerConnOpenClose, 2), `${ms(r.handshakeP50Ms)} / ${ms(r.handshakeP99Ms)}`,
      `${i0(r.attempts)}; refused ${r.refusals === '{}' ? 'none' : r.refusals}; errors ${i0(r.errors)}; closed after subscribing ${i0(r.closedAfterReady)}`,
      f(r.serverRssKb / 1024, 0)]);
  }
  table(['server', 'first connect: subscribed', 'first connect: conn/s', 'first connect: server CPU ms per conn',
    'first connect: handshake p50 / p99 ms', 'after the drop: back and subscribed', 'seconds until all back', 'reconnects/s',
    'server CPU ms per conn (close + open)', 'reconnect handshake p50 / p99 ms', 'attempts, refusals (HTTP status=count), errors',
    'server RSS after MB'], body);
  ratioTable(fSummary, fServers, [
    { label: 'seconds until all back', of: (x) => x.untilAllResubscribedS, better: 'lower' },
    { label: 'server CPU per conn (close + open)', of: (x) => x.cpuMsPerConnOpenClose, better: 'lower' },
    { label: 'first connect: conn/s', of: (x) => x.connectPerSec, better: 'higher' },
    { label: 'reconnect handshake p99', of: (x) => x.handshakeP99Ms, better: 'lower' },
  ], ['herald-ws']);
  p('Load: 19,000 clients over 2 client processes (source addresses 127.0.0.2-5), each process with up to 500 '
    + 'handshakes in flight, connect and subscribe to `bench` as fast as they can ("first connect"; a handshake = TCP '
    + 'connect to the subscribe answer). After 5 s every client socket is closed at once; each client reconnects after '
    + 'a random delay within 1 s and, when refused or failed, retries with exponential backoff and full jitter (window '
    + 'doubling up to 20 s), as Herald\'s client library does; Retry-After is not read (a browser cannot see it). '
    + '"Server CPU ms per conn" = the server\'s CPU from the drop until every client is back, divided by the clients: '
    + 'each closes one connection and opens one. Bounded at 120 s.');
  p();
  const byThread = fServers.filter((s) => fSummary[s]?.stormCpuByThread && s.startsWith('herald'));
  if (byThread.length) {
    p('Where a JVM server\'s CPU went from the drop until all were back, by thread (seconds; Linux keeps 15 characters '
      + 'of a name: `http-nio-127.0.` is Tomcat\'s request threads and poller, `VM Thread` runs the serial collector, '
      + '`C2 CompilerThre`/`C1 CompilerThre` the JIT):');
    p();
    for (const s of byThread) p(`- ${nameOf(s)}: ${fSummary[s].stormCpuByThread}`);
    p();
  }
}

// ------------------------------------------------------------------ (g)
const gServers = serversOf('g');
const gSummary = {};
const gWarm = {};
const gMedian = {};
const medianOf = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const signedPct = (x) => `${x >= 0 ? '+' : ''}${f(100 * x, 0)} %`;
if (gServers.length) {
  p('## (g) Churn: 500 connects and disconnects a second beside 1,000 steady subscribers');
  p();
  p(quietLine('g'));
  p();
  const body = [];
  // with --rounds the same server is measured again after each round of churn: fresh, then warm
  const roundOf = (x) => x.round ?? 1;
  for (const s of gServers) {
    const list = get('g', s);
    const summaries = list.filter((x) => x.kind === 'churnSummary');
    const err = list.find((x) => x.kind === 'error');
    gSummary[s] = summaries[0];
    if (summaries.length > 1) gWarm[s] = summaries[summaries.length - 1];
    if (summaries.length > 2) gMedian[s] = medianOf(summaries.map((x) => x.p99Change));
    if (!summaries.length) {
      body.push([nameOf(s) + (err ? ` (error: ${err.message.slice(0, 120)})` : ''), ...Array(7).fill('–')]);
      continue;
    }
    for (const r of summaries) {
      const round = roundOf(r);
      const base = list.find((x) => x.kind === 'baseline' && roundOf(x) === round);
      const during = list.find((x) => x.kind === 'churn' && roundOf(x) === round);
      const label = summaries.length > 1 ? `${nameOf(s)}, ${round === 1 ? 'fresh' : `round ${round}`}` : nameOf(s);
      body.push([label,
        base ? `${ms(base.p50Ms)} / ${ms(base.p99Ms)} / ${ms(base.maxMs)}${disturbedMark(base)}` : '–',
        during ? `${ms(during.p50Ms)} / ${ms(during.p99Ms)} / ${ms(during.maxMs)}${disturbedMark(during)}` : '–',
        `${r.p99Change >= 0 ? '+' : ''}${f(100 * r.p99Change, 0)} %`, `${i0(r.baselineLost)} / ${i0(r.churnLost)}`,
        `${i0(r.churnPerSec)} (${i0(r.churnSubscribed)} of ${i0(r.churnOpened)}; failed ${i0(r.churnFailed)}; refused ${r.churnRefusals === '{}' ? 'none' : r.churnRefusals})`,
        `${ms(r.churnHandshakeP50Ms)} / ${ms(r.churnHandshakeP99Ms)}`, f(r.cpuMsPerChurnedConn, 2)]);
    }
    if (gMedian[s] !== undefined) {
      body.push([`${nameOf(s)}, median of ${summaries.length} rounds`, '', '', signedPct(gMedian[s]), '', '', '', '']);
    }
  }
  table(['server', 'steady, alone: p50 / p99 / max ms', 'steady, during churn: p50 / p99 / max ms', 'p99 change',
    'lost alone / during', 'churned conn/s (subscribed of opened)', 'churn handshake p50 / p99 ms',
    'server CPU ms per churned conn'], body);
  ratioTable(gSummary, gServers, [
    { label: 'steady p99 during churn', of: (x) => x.churnP99Ms, better: 'lower' },
    { label: 'CPU per churned conn', of: (x) => x.cpuMsPerChurnedConn, better: 'lower' },
  ]);
  p('Load: 1,000 subscribers over 2 processes at 20 msgs/s of 64-byte `data`: 20 s alone, then 20 s while a third '
    + 'process (source addresses 127.0.0.20-23) opens 500 connections a second, each of which subscribes to `bench` and '
    + 'closes with 1000 as soon as it is subscribed (up to 200 at a time). "CPU ms per churned conn" = the server CPU of the '
    + 'churn step minus that of the step alone, per churned connection. Where the run made rounds (`--rounds`), each '
    + 'server was measured again, alone and under churn, after each round: "fresh" is the first round on a server just '
    + 'started, the later rounds a server that has taken the churn before (for a JIT, warm); the ratios are of the '
    + 'fresh round. One round\'s p99 change moves by about 15 points between runs for every server, more than the '
    + '10 % of the target: the median of the rounds is the figure to judge a server by.');
  p();
}

// ------------------------------------------------------------------ (h)
const hServers = serversOf('h');
let hSummary = {};
if (hServers.length) {
  hSummary = fanoutSection('h', '(h) Slow readers: the load of (a) at 100 msgs/s, every subscriber reading late and little', [100], hServers, false);
  p('Load: as (a) at 100 msgs/s, three steps of 10 s in a row on one server (the table shows the step of median CPU; '
    + 'one step of websocketpp measured 4 to 9.6 s per M from run to run), but each subscriber has a 16 KB receive buffer and reads at most 512 bytes '
    + 'every 25 ms (like a busy browser), so messages wait in the socket and the server cannot count on a fast reader. '
    + '"CPU s per M" is the server CPU per million deliveries. "TCP segments per delivery" counts every segment sent '
    + 'on the machine during the step (OutSegs of /proc/net/snmp): the server\'s and the clients\' acknowledgements, '
    + 'whose TCP input runs on the sending core over loopback. A server that leaves Nagle\'s algorithm on (no '
    + 'TCP_NODELAY; websocketpp\'s default) sends fewer, fuller segments and so spends less in the kernel, at the cost '
    + 'of holding a frame back until the previous one is acknowledged. "Both cores" is the busy time of both cores over '
    + 'the step (/proc/stat) per million deliveries: the clients included, and the kernel\'s loopback work wherever '
    + 'it was charged: with Nagle on, a send behind unacknowledged data only queues it, and the segment leaves later from '
    + 'the acknowledgement\'s processing, often in a softirq that no process is charged for (bench/CAPACITY.md, '
    + 'sixteenth round).');
  p();
}

// ------------------------------------------------------------------ targets
const targetsOut = [];
out = targetsOut;
if (aServers.length || bServers.length || cServers.length || dServers.length || fServers.length || gServers.length || hServers.length) {
  p('## Where Herald stands against the targets');
  p();
  const hw = aSummary['herald-ws'];
  const wspp = aSummary.wspp;
  const node = aSummary.node;
  const lines = [];
  if (hw?.max?.best && wspp?.max?.best) {
    lines.push(['delivered msgs/s at p99 < 100 ms, 1,000 subscribers ≥ websocketpp\'s',
      `Herald (WS) ${i0(hw.max.best.deliveredPerSec)} vs websocketpp ${i0(wspp.max.best.deliveredPerSec)}`,
      hw.max.best.deliveredPerSec >= wspp.max.best.deliveredPerSec ? 'met' : 'not met']);
  }
  if (hw?.[100] && wspp?.[100] && node?.[100]) {
    const h = hw[100].cpuSecPerMillion;
    lines.push(['server CPU per million deliveries ≤ websocketpp\'s and < Node ws\'s (at 100 msgs/s)',
      `Herald ${f(h, 2)} s, websocketpp ${f(wspp[100].cpuSecPerMillion, 2)} s, Node ws ${f(node[100].cpuSecPerMillion, 2)} s`,
      h <= wspp[100].cpuSecPerMillion && h < node[100].cpuSecPerMillion ? 'met' : 'not met']);
  }
  if (cSummary['herald-ws']) {
    const r = cSummary['herald-ws'];
    lines.push(['idle cost ≤ 16 KB RSS per connection at 19,000', `${f(r.rssPerConnBytes / 1024, 1)} KB (${i0(r.connected)} connections)`,
      r.rssPerConnBytes <= 16384 && r.connected >= 19000 ? 'met' : 'not met']);
  }
  const b2 = (s) => bSummary[s]?.[2]?.p99Ms;
  if (b2('herald-ws') !== undefined) {
    const others = peers.filter((x) => b2(x) !== undefined);
    lines.push(['p99 with 10,000 subscribers at 2 msgs/s lower than every peer\'s',
      [ 'herald-ws', 'herald-rest', ...others].filter((x) => b2(x) !== undefined).map((x) => `${nameOf(x)} ${ms(b2(x))} ms`).join(', '),
      others.every((x) => b2('herald-ws') < b2(x)) ? 'met' : 'not met']);
  }
  if (dSummary['herald-ws']?.sum) {
    const c = dSummary['herald-ws'].sum.p99Change;
    // the harm a slow subscriber could do is to raise the others' p99; a fall is the steps' spread, not harm
    lines.push(['a slow subscriber raises nobody else\'s p99 by more than 10 %', `${f(100 * c, 0)} %`, c <= 0.10 ? 'met' : 'not met']);
  }
  const cw = cSummary.centrifugo;
  if (cSummary['herald-ws']) {
    const r = cSummary['herald-ws'];
    lines.push(['RSS per idle connection at 19,000 ≤ Centrifugo\'s and ≤ 11 KB',
      `Herald ${f(r.rssPerConnBytes / 1024, 1)} KB${cw ? `, Centrifugo ${f(cw.rssPerConnBytes / 1024, 1)} KB (ratio ${ratio(r.rssPerConnBytes, cw.rssPerConnBytes)})` : ''}`,
      r.rssPerConnBytes <= 11 * 1024 && (!cw || r.rssPerConnBytes <= cw.rssPerConnBytes) ? 'met' : 'not met']);
  }
  const fh = fSummary['herald-ws'];
  if (fh) {
    const fc = fSummary.centrifugo;
    const fw = fSummary.wspp;
    lines.push(['CPU per connection (close + open) ≤ Centrifugo\'s and ≤ 2× websocketpp\'s',
      `Herald ${f(fh.cpuMsPerConnOpenClose, 2)} ms${fc ? `, Centrifugo ${f(fc.cpuMsPerConnOpenClose, 2)} ms (${ratio(fh.cpuMsPerConnOpenClose, fc.cpuMsPerConnOpenClose)}×)` : ''}`
        + `${fw ? `, websocketpp ${f(fw.cpuMsPerConnOpenClose, 2)} ms (${ratio(fh.cpuMsPerConnOpenClose, fw.cpuMsPerConnOpenClose)}×)` : ''}`,
      (!fc || fh.cpuMsPerConnOpenClose <= fc.cpuMsPerConnOpenClose) && (!fw || fh.cpuMsPerConnOpenClose <= 2 * fw.cpuMsPerConnOpenClose) ? 'met' : 'not met']);
    lines.push(['storm: 19,000 back and subscribed sooner than Centrifugo, none lost',
      `Herald ${f(fh.untilAllResubscribedS, 1)} s (${i0(fh.lost)} not back)${fc ? `, Centrifugo ${f(fc.untilAllResubscribedS, 1)} s (${i0(fc.lost)} not back)` : ''}`,
      fh.lost === 0 && fh.resubscribed >= 19000 && (!fc || fh.untilAllResubscribedS < fc.untilAllResubscribedS) ? 'met' : 'not met']);
  }
  const ac = aSummary.centrifugo;
  if (hw?.max?.best && ac?.max?.best) {
    lines.push(['delivered msgs/s at p99 < 100 ms, 1,000 subscribers ≥ Centrifugo\'s',
      `Herald (WS) ${i0(hw.max.best.deliveredPerSec)} vs Centrifugo ${i0(ac.max.best.deliveredPerSec)} (${ratio(hw.max.best.deliveredPerSec, ac.max.best.deliveredPerSec)}×)`,
      hw.max.best.deliveredPerSec >= ac.max.best.deliveredPerSec ? 'met' : 'not met']);
  }
  if (b2('herald-ws') !== undefined && b2('centrifugo') !== undefined) {
    lines.push(['p99 at 10,000 subscribers and 2 msgs/s ≤ Centrifugo\'s', `Herald ${ms(b2('herald-ws'))} ms, Centrifugo ${ms(b2('centrifugo'))} ms`,
      b2('herald-ws') <= b2('centrifugo') ? 'met' : 'not met']);
  }
  const h100 = (s) => hSummary[s]?.[100]?.cpuSecPerMillion;
  if (h100('herald-ws') !== undefined && h100('wspp') !== undefined) {
    lines.push(['CPU per delivery at 100 msgs/s with slow readers ≤ websocketpp\'s',
      `Herald ${f(h100('herald-ws'), 2)} s per M, websocketpp ${f(h100('wspp'), 2)}${h100('centrifugo') !== undefined ? `, Centrifugo ${f(h100('centrifugo'), 2)}` : ''}`
        + (bothCores(hSummary['herald-ws'][100]) !== undefined && bothCores(hSummary.wspp[100]) !== undefined
          ? ` (both cores: Herald ${f(bothCores(hSummary['herald-ws'][100]), 2)}, websocketpp ${f(bothCores(hSummary.wspp[100]), 2)})` : ''),
      h100('herald-ws') <= h100('wspp') ? 'met' : 'not met']);
  }
  if (gSummary['herald-ws']) {
    const c = gSummary['herald-ws'].p99Change;
    const m = gMedian['herald-ws'];
    const of = (x) => `fresh ${signedPct(gSummary[x].p99Change)}${gMedian[x] !== undefined ? `, median ${signedPct(gMedian[x])}`
      : gWarm[x] ? `, then ${signedPct(gWarm[x].p99Change)}` : ''}`;
    const others = ['centrifugo', 'wspp'].filter((x) => gSummary[x]).map((x) => `${nameOf(x)} ${of(x)}`);
    lines.push(['churn of 500 conn/s moves the steady subscribers\' p99 by at most 10 %',
      `Herald ${of('herald-ws')}${others.length ? `; ${others.join('; ')}` : ''}`,
      Math.abs(c) <= 0.10 && (m === undefined || Math.abs(m) <= 0.10) ? 'met'
        : m !== undefined && Math.abs(m) <= 0.10 ? 'met on the median of the rounds, not on a fresh node'
          : Math.abs(c) <= 0.10 ? 'met on a fresh node, not on the median of the rounds' : 'not met']);
  }
  table(['target', 'measured', 'status'], lines);
}

process.stdout.write([...headOut, ...targetsOut, ...scenariosOut, ...machineOut, ...notesOut].join('\n') + '\n');
