// followChannel end to end: Debian's Chromium (playwright-core) on the demo page, with the fake
// Kakao server's follow page, proxy relay and agt endpoint.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { useHarness } from './harness.mjs';

const h = useHarness();
beforeEach(async () => {
  await h.control('DELETE', '/__fake/faults');
  await h.control('POST', '/__fake/reset');
  await h.page.fill('#channel-input', '_ZeUTxl');
  await h.page.fill('#follow-token', '');
});

/** Clicks Follow in the demo; returns the follow popup once Kakao's (fake) page has loaded. */
async function startFollow() {
  const [popup] = await Promise.all([h.page.waitForEvent('popup'), h.page.click('[data-testid=follow-button]')]);
  await popup.waitForLoadState();
  return popup;
}

async function resultStatus() {
  await h.page.waitForSelector('[data-testid=follow-result] [data-status], [data-testid=follow-result] .err', { timeout: 10_000 });
  return h.page.$eval('[data-testid=follow-result]', (el) => {
    const badge = el.querySelector('[data-status]');
    return badge ? badge.dataset.status : el.querySelector('.err').textContent;
  });
}

test('Follow, then Add in the window: success', async () => {
  const popup = await startFollow();
  const url = new URL(popup.url());
  assert.equal(url.pathname, '/talk/channel/follow');
  assert.equal(url.searchParams.get('app_key'), 'demo-javascript-key');
  assert.equal(url.searchParams.get('channel_public_id'), '_ZeUTxl');
  assert.match(url.searchParams.get('trans_id'), /^[A-Za-z0-9]{60}$/);
  assert.match(url.searchParams.get('ka'), /^sdk\/\S+ os\/javascript sdk_type\/rust-wasm /);
  assert.equal(url.searchParams.get('agt'), null);
  // The relay iframe is named after this call's transaction ID.
  assert.equal(await h.page.$eval(`iframe[name="${url.searchParams.get('trans_id')}"]`, (f) => new URL(f.src).pathname), '/proxy');
  await popup.click('#follow-add');
  assert.equal(await resultStatus(), 'success');
  assert.equal(await h.page.$$eval('iframe', (f) => f.length), 0, 'the relay iframe is gone');
});

test('Cancel in the window: fail', async () => {
  const popup = await startFollow();
  await popup.click('#follow-cancel');
  assert.equal(await resultStatus(), 'fail');
});

test('closing the window before answering: closed, within a second', async () => {
  const popup = await startFollow();
  const started = Date.now();
  await popup.close();
  assert.equal(await resultStatus(), 'closed');
  assert.ok(Date.now() - started < 1500, `${Date.now() - started} ms`);
});

test('with an access token: agt is fetched and the window is navigated to it', async () => {
  await h.page.fill('#follow-token', 'demo-token-added');
  const popup = await startFollow();
  await popup.waitForURL(/agt=/);
  const url = new URL(popup.url());
  assert.match(url.searchParams.get('agt'), /^agt-/);
  const [agtRequest] = (await h.requests('/api/agt'));
  assert.ok(agtRequest, 'POST /api/agt was made');
  assert.ok(!agtRequest.url.includes('demo-token-added'), 'the token is in the body, not the URL');
  await popup.click('#follow-add');
  assert.equal(await resultStatus(), 'success');
  const rel = await h.call((kc) => kc.checkRelationship({ accessToken: 'demo-token-added', channelPublicIds: ['_ZeUTxl'] }));
  assert.equal(rel.value.channels[0].relation, 'ADDED');
});

test('Kakao errors reject FOLLOW_FAILED with the KAE code', async () => {
  await h.page.fill('#channel-input', '_vxfxm');
  await startFollow();
  assert.equal(await resultStatus(), 'FOLLOW_FAILED');
  const kae = await h.page.textContent('[data-testid=follow-result] .msg');
  assert.match(kae, /KAE105/);
  await h.page.fill('#channel-input', '_ZeUTxl');
  await h.control('POST', '/__fake/faults', { path: '/talk/channel/follow', mode: 'follow-error', errorCode: 'KAE005' });
  const result = await h.call(async (kc) => {
    try {
      await kc.followChannel({ channelPublicId: '_ZeUTxl' });
      return null;
    } catch (e) {
      return { code: e.code, kakaoCode: e.kakaoCode, isError: e instanceof Error };
    }
  });
  assert.deepEqual(result.value, { code: 'FOLLOW_FAILED', kakaoCode: 'KAE005', isError: true });
});

test('messages from other origins, other windows or other transactions are ignored', async () => {
  const popup = await startFollow();
  // A forged answer posted by the page itself (wrong origin and wrong source) changes nothing.
  await h.page.evaluate(() => window.postMessage(JSON.stringify({ status: 'success' }), '*'));
  await h.page.waitForTimeout(300);
  assert.equal(await h.page.$$eval('[data-testid=follow-result] [data-status]', (e) => e.length), 0);
  await popup.click('#follow-cancel');
  assert.equal(await resultStatus(), 'fail');
});

test('timeoutMs: TIMEOUT, and the window is closed', async () => {
  const result = await h.call(async (kc) => {
    try {
      await kc.followChannel({ channelPublicId: '_ZeUTxl', timeoutMs: 300 });
      return null;
    } catch (e) {
      return e.code;
    }
  });
  assert.equal(result.value, 'TIMEOUT');
});

test('bad options reject before anything opens', async () => {
  const result = await h.call(async (kc) => {
    const before = document.querySelectorAll('iframe').length;
    const codes = [];
    for (const o of [{}, { channelPublicId: '@brand' }, { channelPublicId: '_x', accessToken: 'a b' }, { channelPublicId: '_x', timeoutMs: 0 }]) {
      await kc.followChannel(o).then(() => codes.push('resolved'), (e) => codes.push(e.code));
    }
    return { codes, iframes: document.querySelectorAll('iframe').length - before };
  });
  assert.deepEqual(result.value, { codes: ['INVALID_CHANNEL_ID', 'SEARCH_ID_NOT_SUPPORTED', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT'], iframes: 0 });
});

test('after 100 calls no iframe, listener or timer is left behind', async () => {
  const result = await h.call(async (kc) => {
    const live = { message: 0, intervals: new Set(), timeouts: new Set() };
    const { addEventListener: add, removeEventListener: remove } = window;
    const [si, ci, st, ct] = [setInterval, clearInterval, setTimeout, clearTimeout];
    window.addEventListener = function (type, ...rest) { if (type === 'message') live.message++; return add.call(this, type, ...rest); };
    window.removeEventListener = function (type, ...rest) { if (type === 'message') live.message--; return remove.call(this, type, ...rest); };
    window.setInterval = (...a) => { const id = si(...a); live.intervals.add(id); return id; };
    window.clearInterval = (id) => { live.intervals.delete(id); ci(id); };
    window.setTimeout = (fn, ...a) => { const id = st((...x) => { live.timeouts.delete(id); fn(...x); }, ...a); live.timeouts.add(id); return id; };
    window.clearTimeout = (id) => { live.timeouts.delete(id); ct(id); };
    const realOpen = window.open;
    window.open = () => ({ closed: true, close() {}, location: {} });
    try {
      const results = await Promise.all(Array.from({ length: 100 }, () => kc.followChannel({ channelPublicId: '_ZeUTxl' })));
      return {
        closed: results.filter((r) => r.status === 'closed').length,
        iframes: document.querySelectorAll('iframe').length,
        listeners: live.message,
        intervals: live.intervals.size,
        timeouts: live.timeouts.size,
      };
    } finally {
      window.open = realOpen;
      Object.assign(window, { addEventListener: add, removeEventListener: remove, setInterval: si, clearInterval: ci, setTimeout: st, clearTimeout: ct });
    }
  });
  assert.deepEqual(result.value, { closed: 100, iframes: 0, listeners: 0, intervals: 0, timeouts: 0 });
});

test('Facebook / Instagram in-app browsers: UNSUPPORTED_ENVIRONMENT before anything opens', async () => {
  const context = await h.browser.newContext({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 330.0.0.0' });
  const page = await context.newPage();
  await page.goto(h.demo.url);
  await page.waitForSelector('body[data-ready="true"]');
  let popups = 0;
  page.on('popup', () => popups++);
  await page.click('[data-testid=follow-button]');
  await page.waitForSelector('[data-testid=follow-result] .err');
  assert.equal(await page.textContent('[data-testid=follow-result] .err'), 'UNSUPPORTED_ENVIRONMENT');
  assert.equal(popups, 0);
  assert.equal(await page.$$eval('iframe', (f) => f.length), 0);
  await context.close();
});

test('no page errors along the way', () => {
  assert.deepEqual(h.errors.map(String), []);
});

test('a blocked window (a call without a user gesture): POPUP_BLOCKED, nothing left behind', async () => {
  // Headless Chromium runs no popup blocker (and page.evaluate carries a user gesture), so the
  // blocker is simulated the way browsers block: window.open returns null.
  const result = await h.call(async (kc) => {
    const realOpen = window.open;
    window.open = () => null;
    try {
      await kc.followChannel({ channelPublicId: '_ZeUTxl' });
      return 'resolved';
    } catch (e) {
      return { code: e.code, isError: e instanceof Error, iframes: document.querySelectorAll('iframe').length };
    } finally {
      window.open = realOpen;
    }
  });
  assert.deepEqual(result.value, { code: 'POPUP_BLOCKED', isError: true, iframes: 0 });
  // The same call from a real click opens the window.
  const popup = await startFollow();
  assert.match(popup.url(), /\/talk\/channel\/follow\?/);
  await popup.close();
  assert.equal(await resultStatus(), 'closed');
});

test('screenshots of the demo at a desktop and a phone viewport', async () => {
  mkdirSync('test-results', { recursive: true });
  await h.page.setViewportSize({ width: 1280, height: 900 });
  await h.page.screenshot({ path: 'test-results/demo-desktop.png', fullPage: true });
  await h.page.setViewportSize({ width: 390, height: 844 });
  await h.page.screenshot({ path: 'test-results/demo-phone.png', fullPage: true });
});
