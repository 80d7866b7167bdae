// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core, the demo page
// (which initialises the SDK against the fake Kakao server) and helpers to call the package in
// the page and read the fake server's request log.
import { after, before } from 'node:test';
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

/** Starts the demo + fake Kakao servers and a headless Chromium. */
export async function startHarness() {
  const demo = await startDemo({ port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(demo.url);
  await page.waitForSelector('body[data-ready="true"]');

  /** Runs `fn(kc, arg)` in the page, with the package's module; errors come back as data. */
  async function call(fn, arg) {
    return page.evaluate(
      async ([source, arg]) => {
        const kc = await import('/build/full/index.js');
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
  }

  async function control(method, path, body) {
    const res = await fetch(demo.fakeUrl + path, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  }

  /** Requests the fake server saw (preflights excluded), optionally for one path. */
  async function requests(path) {
    const { requests } = await control('GET', `/__fake/requests${path ? `?path=${encodeURIComponent(path)}` : ''}`);
    return requests.filter((r) => !r.preflight);
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
    async close() {
      await browser.close();
      await demo.close();
    },
  };
}
