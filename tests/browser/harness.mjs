// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core, the demo page
// (which initialises the SDK against the fake Kakao server) and helpers to call the package in
// the page and read the fake server's request log.
import { after, before } from 'node:test';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemo } from '../../scripts/demo-server.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Gives the current test file a harness: started before its tests, closed after them. The
 * returned object forwards to it. */
export function useHarness() {
  let harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    if (harness) await harness.close();
  });
  return new Proxy({}, { get: (_, key) => harness[key] });
}

/** `promise`, or a rejection after `ms` (page.evaluate has no timeout of its own: a promise the
 * SDK never settles would hang the run). */
export function bounded(promise, ms = 20_000, what = 'the call in the page') {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Runs `fn(kc, arg)` in `page`, with the package's module; errors come back as data. Fails
 * after `ms` if it never settles. */
export function callIn(page, fn, arg, ms = 20_000) {
  const evaluated = page.evaluate(
    async ([source, arg]) => {
      const kc = await import('/dist/index.js');
      try {
        return { value: await (0, eval)(`(${source})`)(kc, arg) };
      } catch (e) {
        return {
          error: {
            isError: e instanceof Error,
            isKakao: kc.isKakaoChannelError(e),
            name: e && e.name,
            code: e && e.code,
            message: e && e.message,
            status: e && e.status,
            kakaoCode: e && e.kakaoCode,
            requiredScopes: e && e.requiredScopes,
          },
        };
      }
    },
    [fn.toString(), arg],
  );
  return bounded(evaluated, ms);
}

/** Polls `fn` (async) every `interval` ms until it returns a truthy value, which it returns;
 * throws after `timeout` ms. */
export async function poll(fn, { timeout = 5000, interval = 50, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${message}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** What the demo page loads from dist/: a build in progress (scripts/build.mjs empties dist/
 * first) is waited for, up to `timeout` ms. */
const DIST_FILES = ['index.js', 'ready.js', 'element.js', 'errors.js', 'wasm/kakao_channel.js', 'wasm/kakao_channel_bg.wasm'];
async function waitForDist(timeout = 300_000) {
  const root = fileURLToPath(new URL('../../dist/', import.meta.url));
  await poll(() => DIST_FILES.every((f) => existsSync(root + f)), {
    timeout,
    interval: 1000,
    message: `a complete dist/ (${DIST_FILES.join(', ')}): run \`node scripts/build.mjs\``,
  });
}

/** Starts the demo + fake Kakao servers and a headless Chromium; on failure closes what it
 * started. */
export async function startHarness() {
  await waitForDist();
  const demo = await startDemo({ port: 0 });
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    return await setUp(demo, browser);
  } catch (e) {
    await browser?.close().catch(() => {});
    await demo.close().catch(() => {});
    throw e;
  }
}

async function setUp(demo, browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(demo.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });

  /** Runs `fn(kc, arg)` in the demo page, with the package's module; errors come back as data. */
  const call = (fn, arg, ms) => callIn(page, fn, arg, ms);

  async function control(method, path, body) {
    const res = await fetch(demo.fakeUrl + path, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  }

  /** Every request the fake server saw (preflights included), optionally for one path. */
  async function allRequests(path) {
    const { requests } = await control('GET', `/__fake/requests${path ? `?path=${encodeURIComponent(path)}` : ''}`);
    return requests;
  }

  /** Requests the fake server saw (preflights excluded), optionally for one path. */
  async function requests(path) {
    return (await allRequests(path)).filter((r) => !r.preflight);
  }

  /**
   * The demo page in a fresh browser context (`contextOptions`: e.g. `userAgent`, `screen`),
   * ready. With `hosts`, the SDK is initialised again with these hosts replacing the demo's
   * (`{fake}` in a value is the fake server's URL); with `appKey`, with that key; `initScript`
   * runs in its pages before their own scripts.
   * Returns `{ context, page, errors, call(fn, arg), close() }`.
   */
  async function openDemo(contextOptions = {}, { hosts, appKey, initScript } = {}) {
    const ctx = await browser.newContext(contextOptions);
    // Runs in every page of the context before its own scripts (e.g. to emulate a device fact).
    if (initScript) await ctx.addInitScript(initScript);
    const p = await ctx.newPage();
    const errs = [];
    p.on('pageerror', (e) => errs.push(e));
    await p.goto(demo.url);
    await p.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    if (hosts || appKey) {
      const fake = demo.fakeUrl;
      const all = { api: fake, auth: fake, pf: fake, apps: fake };
      for (const [k, v] of Object.entries(hosts ?? {})) all[k] = v.replace('{fake}', fake);
      const { error } = await callIn(p, (kc, [hosts, appKey]) => kc.init({ appKey, hosts }), [all, appKey ?? 'demo-javascript-key']);
      if (error) throw new Error(`re-init failed: ${error.code} ${error.message}`);
    }
    return { context: ctx, page: p, errors: errs, call: (fn, arg, ms) => callIn(p, fn, arg, ms), close: () => ctx.close() };
  }

  return {
    demo,
    browser,
    context,
    page,
    errors,
    call,
    control,
    requests,
    allRequests,
    openDemo,
    async close() {
      await browser.close();
      await demo.close();
    },
  };
}
