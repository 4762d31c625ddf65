// End-to-end test of the dashboard in real Chromium against a running Herald. Run by
// src/test/java/dev/herald/dashboard/DashboardEndToEndTest.java (part of ./mvnw verify); by hand:
//   HERALD_URL=http://127.0.0.1:8080 HERALD_API_KEY=... npm run e2e
// Environment: HERALD_URL, HERALD_API_KEY (required); CHROMIUM (default /usr/bin/chromium);
// E2E_OUT_DIR (screenshots and figures, default ../target/e2e); SIMULATED_DEVICES (default 8);
// VICTIM_CONNECTION_ID, CLOSE_CODE, CLOSE_REASON (a connection to close from the connections page).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const url = required('HERALD_URL').replace(/\/$/, '');
const apiKey = required('HERALD_API_KEY');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const outDir = resolve(process.env.E2E_OUT_DIR ?? '../target/e2e');
const simulated = Number(process.env.SIMULATED_DEVICES ?? 8);
const victim = process.env.VICTIM_CONNECTION_ID;
const closeCode = Number(process.env.CLOSE_CODE ?? 4100);
const closeReason = process.env.CLOSE_REASON ?? 'closed by the e2e test';
/** the frame rate below which the meter wall is not smooth (film's 24; a free machine gives about 60) */
const MIN_FPS = Number(process.env.MIN_FPS ?? 24);

if (!existsSync(executablePath)) {
  console.error(`Chromium is missing at ${executablePath}. Install it: apt-get install -y chromium (Debian/Ubuntu).`);
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath,
  headless: true,
  // Playwright gives each launch a fresh profile directory of its own (the --user-data-dir of the field notes)
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  timeout: 60_000,
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
page.setDefaultTimeout(15_000);
const pageErrors = [];
const policyViolations = [];
page.on('pageerror', (error) => pageErrors.push(error.message));
page.on('console', (message) => {
  if (/Content Security Policy/.test(message.text())) {
    policyViolations.push(message.text());
  }
  if (message.type() === 'error' && !/status of 401/.test(message.text())) {
    console.log(`[browser] ${message.text()}`);
  }
});

let passed = 0;
let failed = 0;
const figures = {};

async function step(name, body) {
  const started = Date.now();
  try {
    await body();
    passed++;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${error.stack ?? error}`);
    const file = resolve(outDir, `failure-${name.replace(/\W+/g, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    console.log(`     screenshot: ${file}`);
    throw error;
  }
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function api(method, path, body) {
  const response = await fetch(url + path, {
    method,
    headers: { 'X-Api-Key': apiKey, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  }
  return text ? JSON.parse(text) : undefined;
}

const byTestId = (id) => page.locator(`[data-testid="${id}"]`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

try {
  await step('the page at / offers sign-in', async () => {
    const response = await page.goto(url + '/');
    check(response.ok(), `GET / answered ${response.status()}`);
    const policy = (await response.allHeaders())['content-security-policy'] ?? '';
    check(/default-src 'self'/.test(policy), `GET / carries a Content-Security-Policy (got "${policy}")`);
    await byTestId('signin-form').waitFor();
  });

  await step('a wrong API key is refused with a clear message', async () => {
    await byTestId('signin-key').fill('not-the-key');
    await byTestId('signin-submit').click();
    await byTestId('signin-error').waitFor();
    const text = await byTestId('signin-error').textContent();
    check(/refused this API key/.test(text), `unexpected sign-in error: ${text}`);
  });

  await step('the right API key signs in and the WebSocket opens', async () => {
    await byTestId('signin-key').fill(apiKey);
    await byTestId('signin-submit').click();
    await page.locator('[data-testid="conn-state"][data-state="open"][data-connection-id]').waitFor();
    const stored = await page.evaluate(() => sessionStorage.getItem('herald.apiKey'));
    check(stored === apiKey, 'the API key is kept in sessionStorage');
    await page.evaluate(() => { window.__e2eSamePage = true; });
  });

  await step(`the ${simulated} simulated devices get a meter each, and the meters move`, async () => {
    await page.waitForFunction((n) => {
      const ids = [...document.querySelectorAll('[data-testid="meter-wall"] [data-device]')].map((e) => e.dataset.device);
      return Array.from({ length: n }, (_, i) => `sim-${i + 1}`).every((id) => ids.includes(id));
    }, simulated, { timeout: 20_000 });
    // 20 readings of four meters, 100 ms apart, taken in the page: the text and the bar's length
    const samples = new Map(await page.evaluate(() => new Promise((done) => {
      const ids = ['sim-1', 'sim-2', 'sim-3', 'sim-4'];
      const readings = new Map(ids.map((id) => [id, []]));
      let taken = 0;
      const timer = setInterval(() => {
        for (const id of ids) {
          const rms = document.querySelector(`[data-testid="meter-rms-${id}"]`).textContent;
          const bar = document.querySelector(`[data-testid="meter-canvas-${id}"]`).dataset.rms;
          readings.get(id).push(`${rms}|${bar}`);
        }
        if (++taken === 20) {
          clearInterval(timer);
          done([...readings]);
        }
      }, 100);
    })));
    // a speech-like device may pause for a while: most meters, not every one, must move
    const moving = [...samples].filter(([, values]) => new Set(values).size >= 3).map(([id]) => id);
    console.log(`     meters that moved in 2 s: ${moving.join(', ')}`);
    check(moving.length >= 2, `only ${moving.length} of 4 meters moved in 2 s: ${JSON.stringify([...samples])}`);
  });

  await step('a click on a meter opens its last 30 s as a uPlot chart', async () => {
    await byTestId('meter-sim-1').click();
    await byTestId('device-detail').waitFor();
    await byTestId('device-chart').locator('canvas').waitFor();
    const title = await byTestId('device-detail-title').textContent();
    check(title === 'sim-1', `detail shows ${title}`);
    await page.waitForFunction(() => /\d+ levels in 30 s/.test(document.querySelector('[data-testid="device-detail-summary"]')?.textContent ?? ''));
  });

  await step(`the wall stays smooth with ${simulated} devices at 20 levels/s (rAF counted over 5 s)`, async () => {
    const measure = () => page.evaluate(() => new Promise((done) => {
      const messagesBefore = window.__herald.messages;
      let frames = 0;
      let worstGap = 0;
      let start;
      let last;
      const tick = (t) => {
        if (start === undefined) {
          start = t;
          last = t;
        }
        frames++;
        worstGap = Math.max(worstGap, t - last);
        last = t;
        if (t - start < 5000) {
          requestAnimationFrame(tick);
        } else {
          const seconds = (t - start) / 1000;
          done({ seconds, frames, fps: frames / seconds, worstFrameGapMs: worstGap,
            messagesPerSecond: (window.__herald.messages - messagesBefore) / seconds });
        }
      };
      requestAnimationFrame(tick);
    }));
    const runs = [await measure()];
    if (runs[0].fps < MIN_FPS) {
      // the machine is shared: one more window tells a slow page from a moment of load elsewhere
      console.log(`     ${runs[0].fps.toFixed(1)} fps in the first window; measuring once more`);
      runs.push(await measure());
    }
    const best = runs.reduce((a, b) => (b.fps > a.fps ? b : a));
    Object.assign(figures, { simulatedDevices: simulated, levelsPerSecondPerDevice: 20, detailChartOpen: true,
      ...best, runs, chromium: browser.version() });
    writeFileSync(resolve(outDir, 'frame-rate.json'), JSON.stringify(figures, null, 2) + '\n');
    console.log(`FRAME RATE with ${simulated} simulated devices: ${best.fps.toFixed(1)} fps over ${best.seconds.toFixed(1)} s `
      + `(worst frame gap ${best.worstFrameGapMs.toFixed(0)} ms), ${best.messagesPerSecond.toFixed(0)} level messages/s received`);
    check(best.fps >= MIN_FPS, `only ${best.fps.toFixed(1)} fps (at least ${MIN_FPS} expected)`);
    const expected = simulated * 20;
    check(best.messagesPerSecond >= expected * 0.5,
      `only ${best.messagesPerSecond.toFixed(0)} messages/s reached the page (about ${expected} sent)`);
  });

  await step('a REST device appears without a reload and shows stale once it goes quiet', async () => {
    const device = 'e2e-quiet';
    for (let i = 0; i < 15; i++) {
      const rms = -30 + 10 * Math.sin(i / 2);
      await api('POST', `/v1/api/devices/${device}/levels`, { rmsDb: rms, peakDb: rms + 9 });
      await sleep(100);
    }
    await page.locator(`[data-testid="meter-${device}"][data-state="live"]`).waitFor({ timeout: 5000 });
    await page.locator(`[data-testid="meter-${device}"][data-state="stale"]`).waitFor({ timeout: 10_000 });
    const state = await byTestId(`meter-state-${device}`).textContent();
    check(state === 'stale', `the state badge reads ${state}`);
    check(await byTestId(`meter-${device}`).evaluate((e) => e.classList.contains('stale')), 'the stale meter is styled as stale');
    check(await page.evaluate(() => window.__e2eSamePage === true), 'the page was not reloaded');
  });

  await step('the meter wall screenshot is saved', async () => {
    await sleep(500);
    const file = resolve(outDir, 'meter-wall.png');
    await page.screenshot({ path: file, fullPage: true });
    console.log(`SCREENSHOT ${file}`);
  });

  await step('a dropped connection reconnects and recovers every message of a stream channel with since', async () => {
    const channel = `e2e/recovery-${Date.now()}`; // a new channel, so its offsets start at 1
    await byTestId('tab-messages').click();
    await byTestId('watch-channel').fill(channel);
    await byTestId('watch-submit').click();
    await byTestId(`watched-${channel}`).waitFor();
    await page.waitForFunction((c) => [...document.querySelectorAll('[data-testid="message-log"] li.info')]
      .some((e) => e.dataset.channel === c && /subscribed at/.test(e.textContent)), channel);
    for (let i = 1; i <= 3; i++) {
      await api('POST', '/v1/api/publish', { channel, data: { n: i } });
    }
    const offsetsOf = () => page.evaluate((c) => [...document.querySelectorAll('[data-testid="message-log"] li.message')]
      .filter((e) => e.dataset.channel === c).map((e) => Number(e.dataset.offset)).sort((a, b) => a - b), channel);
    await page.waitForFunction((c) => [...document.querySelectorAll('[data-testid="message-log"] li.message')]
      .filter((e) => e.dataset.channel === c).length === 3, channel);
    const before = await page.locator('[data-testid="conn-state"]').getAttribute('data-connection-id');
    await api('DELETE', `/v1/api/connections/${encodeURIComponent(before)}?code=4200&reason=e2e+drop`);
    for (let i = 4; i <= 6; i++) {
      await api('POST', '/v1/api/publish', { channel, data: { n: i } });
    }
    await page.waitForFunction((old) => {
      const state = document.querySelector('[data-testid="conn-state"]');
      return state.dataset.state === 'open' && state.dataset.connectionId && state.dataset.connectionId !== old;
    }, before, { timeout: 15_000 });
    await page.waitForFunction((c) => [...document.querySelectorAll('[data-testid="message-log"] li.message')]
      .filter((e) => e.dataset.channel === c).length >= 6, channel);
    await sleep(300);
    const offsets = await offsetsOf();
    check(JSON.stringify(offsets) === JSON.stringify([1, 2, 3, 4, 5, 6]), `log offsets after the drop: ${offsets}`);
    const logText = await byTestId('message-log').textContent();
    check(/closed 4200 \(e2e drop\)/.test(logText), 'the log tells the close code and reason');
    check(/resubscribed since #3: recovered, nothing lost/.test(logText), 'the log tells the recovery with since');
    await page.screenshot({ path: resolve(outDir, 'messages.png'), fullPage: true });
  });

  await step('a connection closed for an expired token (4001) comes back with a new token', async () => {
    let tokenRequests = 0;
    const count = (request) => {
      if (request.url().endsWith('/v1/api/createtoken')) {
        tokenRequests++;
      }
    };
    page.on('request', count);
    const before = await page.locator('[data-testid="conn-state"]').getAttribute('data-connection-id');
    await api('DELETE', `/v1/api/connections/${encodeURIComponent(before)}?code=4001&reason=token+expired`);
    await page.waitForFunction((old) => {
      const state = document.querySelector('[data-testid="conn-state"]');
      return state.dataset.state === 'open' && state.dataset.connectionId && state.dataset.connectionId !== old;
    }, before, { timeout: 15_000 });
    page.off('request', count);
    check(tokenRequests === 1, `${tokenRequests} token requests after a 4001 close (one expected)`);
  });

  if (victim) {
    await step('a connection closed from the connections page leaves the table', async () => {
      await byTestId('tab-connections').click();
      await byTestId(`conn-row-${victim}`).waitFor();
      const kind = await byTestId(`conn-row-${victim}`).getAttribute('data-kind');
      check(kind === 'client', `the victim's row shows kind ${kind}`);
      await byTestId(`conn-open-${victim}`).click();
      await byTestId('connection-frames').locator('tbody tr').first().waitFor();
      await byTestId(`conn-close-${victim}`).click();
      await byTestId('close-code').fill(String(closeCode));
      await byTestId('close-reason').fill(closeReason);
      await page.screenshot({ path: resolve(outDir, 'connections.png'), fullPage: true });
      await byTestId('close-confirm').click();
      await byTestId(`conn-row-${victim}`).waitFor({ state: 'detached', timeout: 10_000 });
      const own = await page.locator('[data-testid="conn-state"]').getAttribute('data-connection-id');
      await byTestId(`conn-row-${own}`).waitFor();
    });
  }

  await step('a plain page imports the client library Herald serves at /herald-client.js', async () => {
    const exported = await page.evaluate(async () => {
      const library = await import('/herald-client.js');
      return [typeof library.HeraldClient, typeof library.HeraldError];
    });
    check(JSON.stringify(exported) === '["function","function"]', `exports ${exported}`);
  });

  await step('the page raised no script errors', async () => {
    check(pageErrors.length === 0, `script errors: ${pageErrors.join('; ')}`);
  });

  await step('the Content-Security-Policy blocked nothing the dashboard does', async () => {
    const distinct = [...new Set(policyViolations)];
    check(distinct.length === 0, `${distinct.length} kinds of violation, first: ${distinct.slice(0, 2).join('; ')}`);
  });
} catch {
  // reported by step()
} finally {
  await browser.close();
  console.log(`e2e: ${passed} passed, ${failed} failed`);
}
process.exit(failed === 0 ? 0 : 1);
