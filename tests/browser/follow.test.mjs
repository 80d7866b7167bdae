// followChannel end to end: Debian's Chromium (playwright-core) on the demo page (the package as
// built in dist/), with the fake Kakao server's follow page, proxy relay and agt endpoint.
// Behaviour as Kakao's JavaScript SDK 2.7.4 (kakao-protocol.md §10.1).
// Longer than ~600 lines on purpose: one independent case per follow outcome and platform.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { bounded, poll, useHarness } from './harness.mjs';

const TRANS_ID = /^[A-Za-z0-9._~-]{60}$/;
const KA = /^sdk\/\S+ os\/javascript sdk_type\/rust-wasm /;

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

/** followChannel({channelPublicId: '_ZeUTxl', ...options}) from the page: `{ value }` (the
 * result) or `{ error: {code, kakaoCode, status, isError, isKakao} }`, with the window it opened
 * (`null` when none opened within the call). */
async function follow(options = {}, page = h.page) {
  let popup = null;
  const onPopup = (p) => (popup = p);
  page.on('popup', onPopup);
  try {
    const evaluated = page.evaluate(async (options) => {
      const kc = await import('/dist/index.js');
      try {
        return { value: await kc.followChannel({ channelPublicId: '_ZeUTxl', ...options }) };
      } catch (e) {
        return { error: { code: e.code, kakaoCode: e.kakaoCode, status: e.status, isError: e instanceof Error, isKakao: kc.isKakaoChannelError(e) } };
      }
    }, options);
    return { ...(await bounded(evaluated, 20_000, 'followChannel')), popup };
  } finally {
    page.off('popup', onPopup);
  }
}

/** Records window.open's arguments in the page (calling through); returns a function that
 * restores it and returns the calls. */
async function spyOnWindowOpen(page = h.page) {
  await page.evaluate(() => {
    window.__realOpen ??= window.open;
    window.__opens = [];
    window.open = function (...args) {
      window.__opens.push(args);
      return window.__realOpen.apply(this, args);
    };
  });
  return () =>
    page.evaluate(() => {
      window.open = window.__realOpen;
      return window.__opens;
    });
}

/** The features Kakao's SDK gives a `width`×`height` window, computed in the page: centred on the
 * screen (screen.width / 2 − width / 2 + screenX, likewise for top), rounded as Math.round. */
function expectedFeatures(width, height, page = h.page) {
  return page.evaluate(
    ([w, h]) =>
      `width=${w},height=${h},left=${Math.round(screen.width / 2 - w / 2 + window.screenX)},top=${Math.round(screen.height / 2 - h / 2 + window.screenY)},scrollbars=yes,resizable=1`,
    [width, height],
  );
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
  const transId = url.searchParams.get('trans_id');
  assert.match(transId, TRANS_ID);
  assert.match(url.searchParams.get('ka'), KA);
  assert.equal(url.searchParams.get('agt'), null);
  // Kakao's order: trans_id, app_key, ka, channel_public_id (agt first when logged in).
  assert.deepEqual([...url.searchParams.keys()], ['trans_id', 'app_key', 'ka', 'channel_public_id']);
  // The relay iframe: id = name = this call's transaction ID, hidden, at {apps}/proxy?trans_id=….
  const iframe = await h.page.$eval(`iframe[name="${transId}"]`, (f) => ({ id: f.id, src: f.getAttribute('src'), style: f.getAttribute('style') }));
  assert.deepEqual(iframe, {
    id: transId,
    src: `${h.demo.fakeUrl}/proxy?trans_id=${encodeURIComponent(transId)}`,
    style: 'border:none;width:0;height:0;display:none;overflow:hidden',
  });
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
  assert.deepEqual([...url.searchParams.keys()], ['agt', 'trans_id', 'app_key', 'ka', 'channel_public_id']);
  assert.match(url.searchParams.get('trans_id'), TRANS_ID);
  // A CORS simple request: one POST, no preflight (kauth refuses OPTIONS on /api/agt), no KA,
  // only Content-Type: application/x-www-form-urlencoded; the token in the body only.
  const seen = await h.allRequests('/api/agt');
  assert.deepEqual(seen.map((r) => [r.method, r.preflight]), [['POST', false]], 'exactly one POST and no preflight');
  const [agtRequest] = seen;
  assert.equal(agtRequest.ka, null, 'no KA header');
  assert.equal(agtRequest.headers.ka, undefined);
  assert.equal(agtRequest.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(agtRequest.headers.authorization, undefined);
  assert.deepEqual(Object.fromEntries(new URLSearchParams(agtRequest.body)), { client_id: 'demo-javascript-key', access_token: 'demo-token-added' });
  assert.ok(!agtRequest.url.includes('demo-token-added'), 'the token is in the body, not the URL');
  await popup.click('#follow-add');
  assert.equal(await resultStatus(), 'success');
  const rel = await h.call((kc) => kc.checkRelationship({ accessToken: 'demo-token-added', channelPublicIds: ['_ZeUTxl'] }));
  assert.equal(rel.value.channels[0].relation, 'ADDED');
});

test('a refused token (expired or unknown): the window goes to the apps error page, the promise rejects INVALID_TOKEN', async () => {
  for (const token of ['demo-token-expired', 'unknown-token-xyz']) {
    await h.control('DELETE', '/__fake/requests');
    await h.page.fill('#follow-token', token);
    const popup = await startFollow();
    // 401 invalid_token is not invalid_request / invalid_client: Kakao's server-error page.
    await popup.waitForURL(/\/error\/server-error\?/, { timeout: 5000 });
    const url = new URL(popup.url());
    assert.equal(url.origin, h.demo.fakeUrl, 'the apps host');
    assert.deepEqual([...url.searchParams.keys()], ['trans_id', 'app_key', 'ka'], token);
    assert.match(url.searchParams.get('trans_id'), TRANS_ID);
    assert.equal(url.searchParams.get('app_key'), 'demo-javascript-key');
    assert.match(url.searchParams.get('ka'), KA);
    assert.ok(!popup.url().includes(token), 'the token is not in the error page URL');
    assert.equal(await resultStatus(), 'INVALID_TOKEN', token);
    assert.ok(!(await h.page.textContent('[data-testid=follow-result] .msg')).includes(token), 'the token is not in the message');
    assert.equal(await h.page.$$eval('iframe', (f) => f.length), 0, 'the relay iframe is gone');
    assert.equal((await h.requests('/talk/channel/follow')).length, 0, 'the follow page was never asked');
    assert.deepEqual((await h.allRequests('/api/agt')).map((r) => [r.method, r.preflight, r.ka]), [['POST', false, null]]);
    await popup.close();
  }
  // The error as data: INVALID_TOKEN with Kakao's HTTP status.
  const { error, popup } = await follow({ accessToken: 'demo-token-expired' });
  assert.deepEqual({ code: error.code, status: error.status, isError: error.isError, isKakao: error.isKakao }, { code: 'INVALID_TOKEN', status: 401, isError: true, isKakao: true });
  assert.ok(popup, 'the window had opened');
  await popup.close();
});

test('agt failures other than a refused token: invalid_client → {apps}/error/auth, no answer → server-error (NETWORK)', async () => {
  // An OAuth invalid_client / invalid_request answer (the fake never sends one: intercepted here).
  const agtUrl = `${h.demo.fakeUrl}/api/agt`;
  await h.page.route(agtUrl, (route) =>
    route.fulfill({
      status: 400,
      headers: { 'access-control-allow-origin': '*', 'content-type': 'application/json;charset=UTF-8' },
      body: JSON.stringify({ error: 'invalid_client', error_description: 'Bad client credentials', error_code: 'KOE101' }),
    }),
  );
  try {
    const { error, popup } = await follow({ accessToken: 'demo-token-added' });
    assert.ok(error, 'rejected');
    assert.equal(error.isKakao, true);
    assert.equal(error.status, 400);
    assert.ok(popup);
    await popup.waitForURL(/\/error\/auth\?/, { timeout: 5000 });
    const url = new URL(popup.url());
    assert.deepEqual([...url.searchParams.keys()], ['trans_id', 'app_key', 'ka']);
    assert.equal(url.searchParams.get('app_key'), 'demo-javascript-key');
    await popup.close();
  } finally {
    await h.page.unroute(agtUrl);
  }
  // No HTTP answer at all (connection reset): NETWORK, and the server-error page.
  await h.control('POST', '/__fake/faults', { path: '/api/agt', mode: 'reset', times: 5 });
  const { error, popup } = await follow({ accessToken: 'demo-token-added' });
  assert.equal(error && error.code, 'NETWORK');
  assert.ok(popup);
  await popup.waitForURL(/\/error\/server-error\?/, { timeout: 5000 });
  await popup.close();
  assert.equal(await h.page.$$eval('iframe', (f) => f.length), 0);
});

test('an answer posted by the follow window itself (not through the relay) counts: success, and errors', async () => {
  await h.control('POST', '/__fake/faults', { mode: 'follow-from-window' });
  const popup = await startFollow();
  assert.equal(JSON.parse(await popup.textContent('#follow-data')).transport, 'window');
  await popup.click('#follow-add');
  assert.equal(await resultStatus(), 'success');
  assert.equal(await h.page.$$eval('iframe', (f) => f.length), 0, 'the relay iframe is gone');
  // An error posted at once by the window itself (unknown channel: KAE005).
  await h.control('POST', '/__fake/faults', { mode: 'follow-from-window' });
  const { error } = await follow({ channelPublicId: '_unknownX1' });
  assert.deepEqual(error && { code: error.code, kakaoCode: error.kakaoCode }, { code: 'FOLLOW_FAILED', kakaoCode: 'KAE005' });
});

test('a numeric `code` answer rejects: FOLLOW_FAILED with the numeric kakaoCode; -401 is INVALID_TOKEN', async () => {
  for (const [kakaoCode, code] of [
    [-9798, 'FOLLOW_FAILED'],
    [-2, 'FOLLOW_FAILED'],
    [-401, 'INVALID_TOKEN'],
  ]) {
    await h.control('POST', '/__fake/faults', { mode: 'follow-code-error', kakaoCode });
    const { error, value, popup } = await follow();
    assert.ok(error, `${kakaoCode}: expected a rejection, got ${JSON.stringify(value)}`);
    assert.deepEqual(
      { code: error.code, kakaoCode: error.kakaoCode, isError: error.isError, isKakao: error.isKakao },
      { code, kakaoCode, isError: true, isKakao: true },
      String(kakaoCode),
    );
    assert.ok(popup, 'the window had opened');
  }
  // Through the demo: the code is shown.
  await h.control('POST', '/__fake/faults', { mode: 'follow-code-error', kakaoCode: -9798 });
  await startFollow();
  assert.equal(await resultStatus(), 'FOLLOW_FAILED');
  assert.match(await h.page.textContent('[data-testid=follow-result] .msg'), /-9798/);
});

test('a status other than success resolves fail', async () => {
  for (const [followStatus, button] of [
    ['pending', '#follow-add'],
    ['error', '#follow-cancel'],
    ['SUCCESS', '#follow-add'],
  ]) {
    await h.control('POST', '/__fake/faults', { mode: 'follow-status', followStatus });
    const popup = await startFollow();
    assert.equal(JSON.parse(await popup.textContent('#follow-data')).answer_status, followStatus);
    await popup.click(button);
    assert.equal(await resultStatus(), 'fail', followStatus);
  }
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
  const transId = new URL(popup.url()).searchParams.get('trans_id');
  // A relay iframe of the apps origin that is not this call's (as another script's would be).
  await h.page.evaluate(
    (src) =>
      new Promise((resolve) => {
        const f = document.createElement('iframe');
        f.name = 'foreign-relay';
        f.id = 'foreign-relay';
        f.style.display = 'none';
        f.onload = resolve;
        f.src = src;
        document.body.append(f);
      }),
    `${h.demo.fakeUrl}/proxy?trans_id=foreign-relay`,
  );
  const answer = { status: 'success', channel_public_id: '_ZeUTxl', trans_id: transId };
  // Counts what reaches the page, so the forged answers are known to have arrived.
  await h.page.evaluate(() => {
    window.__forged = [];
    window.__countForged = (e) => window.__forged.push(e.origin);
    window.addEventListener('message', window.__countForged);
  });
  // A forged answer posted by the page itself (wrong origin and wrong source).
  await h.page.evaluate((a) => window.postMessage(JSON.stringify(a), '*'), answer);
  await popup.evaluate((a) => {
    // The apps origin, but relayed by another window (the foreign relay iframe).
    window.opener.frames['foreign-relay'].postMessage(JSON.stringify(a), location.origin);
    // This call's window, but another transaction.
    window.opener.postMessage(JSON.stringify({ ...a, trans_id: 'x'.repeat(60) }), '*');
    // This call's relay, another transaction.
    window.opener.frames[a.trans_id].postMessage(JSON.stringify({ ...a, trans_id: 'y'.repeat(60) }), location.origin);
  }, answer);
  const origins = await poll(() => h.page.evaluate(() => (window.__forged.length >= 4 ? window.__forged : null)), { timeout: 3000, message: 'the forged messages' });
  assert.deepEqual(origins.sort(), [new URL(h.demo.url).origin, h.demo.fakeUrl, h.demo.fakeUrl, h.demo.fakeUrl].sort());
  await h.page.waitForTimeout(150);
  assert.equal(await h.page.$$eval('[data-testid=follow-result] [data-status], [data-testid=follow-result] .err', (e) => e.length), 0);
  await h.page.evaluate(() => {
    window.removeEventListener('message', window.__countForged);
    document.getElementById('foreign-relay').remove();
  });
  await popup.click('#follow-cancel');
  assert.equal(await resultStatus(), 'fail');
});

test('on iOS inside KakaoTalk an answer from the page\'s own origin (its own window) counts; elsewhere it does not', async () => {
  const uas = [
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.8.0', true],
    ['Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36 KAKAOTALK/10.8.0', false],
    [null, false], // this desktop browser
  ];
  for (const [userAgent, accepted] of uas) {
    const demo = await h.openDemo(userAgent ? { userAgent } : {});
    try {
      const [popup] = await Promise.all([demo.page.waitForEvent('popup'), demo.page.click('[data-testid=follow-button]')]);
      await popup.waitForLoadState();
      const transId = new URL(popup.url()).searchParams.get('trans_id');
      // The SDK's own window, now showing a page of the SDK page's origin, answers from there.
      await popup.goto(new URL('/www/', h.demo.url).href);
      assert.equal(new URL(popup.url()).origin, new URL(h.demo.url).origin);
      await popup.evaluate((t) => window.opener.postMessage(JSON.stringify({ status: 'success', channel_public_id: '_ZeUTxl', trans_id: t }), '*'), transId);
      const box = demo.page.locator('[data-testid=follow-result]');
      if (accepted) {
        await box.locator('[data-status]').waitFor({ timeout: 5000 });
        assert.equal(await box.locator('[data-status]').getAttribute('data-status'), 'success', userAgent);
        await popup.close();
      } else {
        await demo.page.waitForTimeout(300);
        assert.equal(await box.locator('[data-status], .err').count(), 0, `${userAgent ?? 'desktop'}: ignored`);
        await popup.close();
        await box.locator('[data-status]').waitFor({ timeout: 5000 });
        assert.equal(await box.locator('[data-status]').getAttribute('data-status'), 'closed');
      }
      assert.deepEqual(demo.errors.map(String), []);
    } finally {
      await demo.close();
    }
  }
});

test('on iOS inside KakaoTalk an answer posted by the page\'s own window counts with a matching or absent trans_id (as Kakao\'s SDK); never from another window, nor on Android or desktop', async () => {
  const uas = [
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.8.0', true],
    ['Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 kakaotalk 10.8.0', true],
    ['Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36 KAKAOTALK/10.8.0', false],
    [null, false], // this desktop browser
  ];
  for (const [userAgent, accepted] of uas) {
    for (const withTransId of [false, true]) {
      const label = `${userAgent ?? 'desktop'}, trans_id ${withTransId ? 'matching' : 'absent'}`;
      const demo = await h.openDemo(userAgent ? { userAgent } : {});
      try {
        const [popup] = await Promise.all([demo.page.waitForEvent('popup'), demo.page.click('[data-testid=follow-button]')]);
        await popup.waitForLoadState();
        const transId = new URL(popup.url()).searchParams.get('trans_id');
        const answer = { status: withTransId ? 'fail' : 'success', channel_public_id: '_ZeUTxl', ...(withTransId ? { trans_id: transId } : {}) };
        // Never counted: another window of the page's origin (an iframe) posting the same answer,
        // and the page's own window naming another transaction.
        await demo.page.evaluate(
          ([src, a]) =>
            new Promise((resolve) => {
              const f = document.createElement('iframe');
              f.style.display = 'none';
              f.onload = () => {
                f.contentWindow.eval(`parent.postMessage(${JSON.stringify(JSON.stringify(a))}, '*')`);
                resolve();
              };
              f.src = src;
              document.body.append(f);
            }),
          [new URL('/www/', h.demo.url).href, answer],
        );
        await demo.page.evaluate((a) => window.postMessage(JSON.stringify({ ...a, trans_id: 'z'.repeat(60) }), window.location.origin), answer);
        await demo.page.waitForTimeout(200);
        const box = demo.page.locator('[data-testid=follow-result]');
        assert.equal(await box.locator('[data-status], .err').count(), 0, `${label}: foreign answers ignored`);
        // The page's own window, the page's origin.
        await demo.page.evaluate((a) => window.postMessage(JSON.stringify(a), window.location.origin), answer);
        if (accepted) {
          await box.locator('[data-status]').waitFor({ timeout: 5000 });
          assert.equal(await box.locator('[data-status]').getAttribute('data-status'), answer.status, label);
          await popup.close();
        } else {
          await demo.page.waitForTimeout(300);
          assert.equal(await box.locator('[data-status], .err').count(), 0, `${label}: ignored`);
          await popup.close();
          await box.locator('[data-status]').waitFor({ timeout: 5000 });
          assert.equal(await box.locator('[data-status]').getAttribute('data-status'), 'closed', label);
        }
        assert.equal(await demo.page.$$eval('iframe[name]', (f) => f.filter((e) => e.name.length === 60).length), 0, 'the relay iframe is gone');
        assert.deepEqual(demo.errors.map(String), []);
      } finally {
        await demo.close();
      }
    }
  }
});

test('the window: name follow_channel, 480×700 centred on the screen, scrollbars=yes,resizable=1', async () => {
  const restore = await spyOnWindowOpen();
  let opens;
  try {
    const popup = await startFollow();
    await popup.close();
    assert.equal(await resultStatus(), 'closed');
  } finally {
    opens = await restore();
  }
  assert.equal(opens.length, 1);
  const [url, name, features] = opens[0];
  assert.match(url, /\/talk\/channel\/follow\?trans_id=/);
  assert.equal(name, 'follow_channel');
  assert.equal(features, await expectedFeatures(480, 700));
  const [sw, sh, sx, sy] = await h.page.evaluate(() => [screen.width, screen.height, screenX, screenY]);
  assert.deepEqual([sw, sh], [1280, 720], 'the default headless screen');
  assert.equal(features, `width=480,height=700,left=${400 + sx},top=${10 + sy},scrollbars=yes,resizable=1`);
  // An odd screen size: halves round as Math.round does (1365 / 2 − 240 = 442.5 → 443, 1025 / 2 − 350 = 162.5 → 163,
  // plus the window's integer screenX / screenY).
  const demo = await h.openDemo({ screen: { width: 1365, height: 1025 }, viewport: { width: 1000, height: 700 } });
  try {
    const restoreOdd = await spyOnWindowOpen(demo.page);
    await demo.page.fill('#follow-token', 'demo-token-added');
    const [popup] = await Promise.all([demo.page.waitForEvent('popup'), demo.page.click('[data-testid=follow-button]')]);
    await popup.waitForURL(/agt=/);
    await popup.close();
    const [[first, oddName, oddFeatures], ...rest] = await restoreOdd();
    assert.equal(rest.length, 0);
    assert.equal(first, 'about:blank', 'logged in: a blank window first, then the follow URL with agt');
    assert.equal(oddName, 'follow_channel');
    assert.equal(oddFeatures, await expectedFeatures(480, 700, demo.page));
    const [ow, oh, ox, oy] = await demo.page.evaluate(() => [screen.width, screen.height, screenX, screenY]);
    assert.deepEqual([ow, oh], [1365, 1025]);
    assert.ok(Number.isInteger(ox) && Number.isInteger(oy));
    assert.equal(oddFeatures, `width=480,height=700,left=${443 + ox},top=${163 + oy},scrollbars=yes,resizable=1`);
    assert.deepEqual(demo.errors.map(String), []);
  } finally {
    await demo.close();
  }
});

test('timeoutMs: TIMEOUT, and the window is closed', async () => {
  const started = Date.now();
  const { error, popup } = await follow({ timeoutMs: 300 });
  assert.equal(error && error.code, 'TIMEOUT');
  assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
  assert.ok(popup, 'the window had opened');
  await poll(() => popup.isClosed(), { timeout: 2000, message: 'the follow window to close' });
  assert.equal(await h.page.$$eval('iframe', (f) => f.length), 0);
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

test('Facebook / Instagram / Threads in-app browsers: UNSUPPORTED_ENVIRONMENT (KAE007) before anything opens', async () => {
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
  // Threads (`Barcelona`, matched case-insensitively) and Facebook, through the API.
  for (const userAgent of [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Barcelona 330.0.0.14.110',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 barcelona 330.0.0.14.110',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/470.0.0.0;]',
  ]) {
    const demo = await h.openDemo({ userAgent });
    try {
      await h.control('DELETE', '/__fake/requests');
      assert.equal(await demo.page.evaluate(() => navigator.userAgent), userAgent);
      const { error, popup } = await follow({ accessToken: 'demo-token-added' }, demo.page);
      assert.ok(error, `${userAgent}: expected a rejection`);
      assert.deepEqual(
        { code: error.code, kakaoCode: error.kakaoCode, isError: error.isError, isKakao: error.isKakao },
        { code: 'UNSUPPORTED_ENVIRONMENT', kakaoCode: 'KAE007', isError: true, isKakao: true },
        userAgent,
      );
      assert.equal(popup, null, 'no window opened');
      assert.equal(await demo.page.$$eval('iframe', (f) => f.length), 0, 'no relay iframe');
      const seen = (await h.allRequests()).filter((r) => ['/api/agt', '/proxy', '/talk/channel/follow'].includes(r.path));
      assert.deepEqual(seen, [], 'nothing was requested');
      assert.deepEqual(demo.errors.map(String), []);
    } finally {
      await demo.close();
    }
  }
});

test('exactly Kakao\'s set is refused (/instagram|fb_iab|fbios|barcelona/i): upper-case Instagram and FBIOS are; Messenger (FBAN/MessengerForiOS) is not', async () => {
  for (const [userAgent, refused] of [
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 INSTAGRAM 330.0.0.0', true],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.0;]', true],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/MessengerForiOS;FBAV/470.0.0.0;FBBV/1;FBSN/iOS;FBSV/17.5;FBLC/ko_KR]', false],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 [FBAN/Orca-Android;FBAV/470.0.0.0;]', false],
  ]) {
    const demo = await h.openDemo({ userAgent });
    try {
      const [popup] = await Promise.all([
        refused ? Promise.resolve(null) : demo.page.waitForEvent('popup'),
        demo.page.click('[data-testid=follow-button]'),
      ]);
      const box = demo.page.locator('[data-testid=follow-result]');
      if (refused) {
        await box.locator('.err').waitFor({ timeout: 5000 });
        assert.equal(await box.locator('.err').textContent(), 'UNSUPPORTED_ENVIRONMENT', userAgent);
      } else {
        await popup.waitForLoadState();
        assert.match(popup.url(), /\/talk\/channel\/follow\?/, userAgent);
        await popup.click('#follow-cancel');
        await box.locator('[data-status]').waitFor({ timeout: 5000 });
        assert.equal(await box.locator('[data-status]').getAttribute('data-status'), 'fail', userAgent);
      }
      assert.deepEqual(demo.errors.map(String), []);
    } finally {
      await demo.close();
    }
  }
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

test('the demo at a desktop and a phone viewport: screenshots as wide as the screen, nothing wider (no sideways scrolling)', async () => {
  mkdirSync('test-results', { recursive: true });
  /** Width and height from the PNG's IHDR chunk. */
  const size = (png) => [png.readUInt32BE(16), png.readUInt32BE(20)];
  for (const [width, height, name] of [[1280, 900, 'desktop'], [390, 844, 'phone']]) {
    await h.page.setViewportSize({ width, height });
    const png = await h.page.screenshot({ path: `test-results/demo-${name}.png`, fullPage: true });
    const [w, hgt] = size(png);
    assert.equal(w, width, `${name}: the page is no wider than the screen`);
    assert.ok(hgt >= height, `${name}: the full page`);
    assert.equal(await h.page.evaluate(() => document.documentElement.scrollWidth), width, `${name}: nothing overflows sideways`);
    // Every section is on the picture: its box lies within the page's width.
    const boxes = await h.page.$$eval('section.card', (els) => els.map((e) => e.getBoundingClientRect().right));
    assert.ok(boxes.length >= 5 && boxes.every((right) => right <= width), `${name}: cards fit (${boxes})`);
  }
});
