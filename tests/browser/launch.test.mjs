// addChannel / chat routing end to end (kakao-protocol.md §10.2, as Kakao's JavaScript SDK 2.7.4):
// desktop and Android tablets get the bridge page in a 350×510 popup (this tab when blocked);
// inside KakaoTalk this tab goes to the bridge page; phones and iPads get the KakaoTalk app URL at
// once, after which the SDK asks `POST {api}/v1/app/validate/sdk` and sends the tab to the app (iOS
// and iPadOS through Kakao's universal link `https://talk-apps.kakao.com/scheme/…`, Android by an
// `intent://` URL), or to `{pf}/{id}/sdk_error` when Kakao refuses. Each user agent runs in its own browser context on
// the demo page (the package as built in dist/). Where the tab must stay on the page while the SDK
// navigates it, the pf host is `{fake}/__fake/no-content` (a 204: the navigation is logged by the
// fake server and the page stays).
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { poll, useHarness } from './harness.mjs';

const UA = {
  iphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  androidPhone: 'Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  androidTablet: 'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  kakaoTalkIos: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.8.0',
  // iPadOS in desktop mode: a Mac user agent, told from a Mac by its touch points.
  ipadDesktop: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  kakaoTalkAndroid: 'Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36 kakaotalk/10.8.0',
};
const VALIDATE = '/v1/app/validate/sdk';
const KA = /^sdk\/\S+ os\/javascript sdk_type\/rust-wasm lang\/\S+ device\/\S+ origin\/http%3A%2F%2F127\.0\.0\.1%3A\d+$/;
const NO_CONTENT = '{fake}/__fake/no-content';

/** Kakao's universal link for a `kakaoplus://` URL, as Kakao's SDK 2.7.4 opens it on iOS. */
const universal = (scheme) => `https://talk-apps.kakao.com/scheme/${encodeURIComponent(scheme)}`;

/** Answers navigations to Kakao's universal-link host in `context` with a 204 (the page stays;
 * there is no network here) and records their URLs. */
async function recordUniversalLinks(context) {
  const urls = [];
  await context.route('https://talk-apps.kakao.com/**', (route) => {
    urls.push(route.request().url());
    return route.fulfill({ status: 204 });
  });
  return urls;
}

const h = useHarness();
beforeEach(async () => {
  await h.control('DELETE', '/__fake/faults');
  await h.control('POST', '/__fake/reset');
});

/** Calls addChannel or chat in `page`; `{ value }` or `{ error }`, with how long the call took
 * (it is synchronous). */
function launch(demo, kind, options) {
  return demo.call(
    (kc, [kind, options]) => {
      const started = performance.now();
      const value = kind === 'add' ? kc.addChannel(options) : kc.chat(options);
      return { ...value, ms: performance.now() - started };
    },
    [kind, options],
  );
}

/** Counts the windows `context` opens from now on. */
function countPopups(context) {
  const opened = [];
  context.on('page', (p) => opened.push(p));
  return opened;
}

/** Records window.open's arguments in the page (calling through, or returning `fake`). */
async function spyOnWindowOpen(page, { blocked = false } = {}) {
  await page.evaluate((blocked) => {
    window.__realOpen ??= window.open;
    window.__opens = [];
    window.open = function (...args) {
      window.__opens.push(args);
      return blocked ? null : window.__realOpen.apply(this, args);
    };
  }, blocked);
  return () =>
    page.evaluate(() => {
      window.open = window.__realOpen;
      return window.__opens;
    });
}

/** The validate/sdk POSTs the fake server logged (preflights excluded), in order. */
async function validateRequests() {
  return h.requests(VALIDATE);
}

/** Waits for the fake server to log a request to `path`; returns it. */
function waitForRequest(path, timeout = 5000) {
  return poll(async () => (await h.requests(path))[0], { timeout, message: `a request to ${path}` });
}

function quotaProperties(request) {
  return JSON.parse(new URLSearchParams(request.body).get('quota_properties'));
}

test('desktop: addChannel / chat open the bridge page in a 350×510 popup named as Kakao names it, centred on the screen', async () => {
  const demo = await h.openDemo();
  try {
    const opened = countPopups(demo.context);
    const restore = await spyOnWindowOpen(demo.page);
    const add = await launch(demo, 'add', { channelPublicId: '_ZeUTxl' });
    const chat = await launch(demo, 'chat', { channelPublicId: 'https://pf.kakao.com/_Bxkd', lang: 'en' });
    const opens = await restore();
    const urls = await demo.call((kc) => [kc.addChannelUrl({ channelPublicId: '_ZeUTxl' }), kc.chatChannelUrl({ channelPublicId: '_Bxkd', lang: 'en' })]);
    assert.equal(add.error, undefined, add.error && add.error.message);
    assert.deepEqual([add.value.url, add.value.via], [urls.value[0], 'popup']);
    assert.deepEqual([chat.value.url, chat.value.via], [urls.value[1], 'popup']);
    const features = await demo.page.evaluate(
      () => `width=350,height=510,left=${Math.round(screen.width / 2 - 175 + screenX)},top=${Math.round(screen.height / 2 - 255 + screenY)},scrollbars=yes,resizable=1`,
    );
    assert.deepEqual(opens, [
      [urls.value[0], 'channel_add_social_plugin', features],
      [urls.value[1], 'channel_chat_social_plugin', features],
    ]);
    const [sx, sy] = await demo.page.evaluate(() => [screenX, screenY]);
    assert.equal(features, `width=350,height=510,left=${465 + sx},top=${105 + sy},scrollbars=yes,resizable=1`, '1280×720 screen');
    await poll(() => opened.length === 2, { timeout: 3000, message: 'two popups' });
    for (const p of opened) await p.waitForLoadState();
    assert.deepEqual(opened.map((p) => new URL(p.url()).pathname), ['/_ZeUTxl/friend', '/_Bxkd/chat']);
    assert.equal(demo.page.url(), h.demo.url, 'this tab stays');
    assert.equal((await validateRequests()).length, 0, 'no validate/sdk on desktop');
    assert.deepEqual(demo.errors.map(String), []);
  } finally {
    await demo.close();
  }
});

test('desktop: a blocked popup sends this tab to the bridge page (via redirect)', async () => {
  const demo = await h.openDemo({}, { hosts: { pf: NO_CONTENT } });
  try {
    const restore = await spyOnWindowOpen(demo.page, { blocked: true });
    const { value, error } = await launch(demo, 'add', { channelPublicId: '_ZeUTxl' });
    const opens = await restore();
    assert.equal(error, undefined, error && error.message);
    assert.equal(opens.length, 1, 'the popup was tried first');
    assert.equal(value.via, 'redirect');
    assert.equal(value.url, (await demo.call((kc) => kc.addChannelUrl({ channelPublicId: '_ZeUTxl' }))).value);
    assert.ok(value.url.startsWith(`${h.demo.fakeUrl}/__fake/no-content/_ZeUTxl/friend?`), value.url);
    const landed = await waitForRequest('/__fake/no-content/_ZeUTxl/friend');
    assert.equal(h.demo.fakeUrl + landed.url, value.url, 'this tab went to that URL');
    assert.equal(demo.page.url(), h.demo.url, '204: the page stayed');
    assert.deepEqual(demo.errors.map(String), []);
  } finally {
    await demo.close();
  }
});

test('iPhone: addChannel returns the universal link at once (via app), asks validate/sdk with KakaoAK, then hands the tab over', async () => {
  const demo = await h.openDemo({ userAgent: UA.iphone }, { hosts: { pf: NO_CONTENT } });
  try {
    const opened = countPopups(demo.context);
    const handedOver = await recordUniversalLinks(demo.context);
    // A slow validate/sdk: the call must not wait for it.
    await h.control('POST', '/__fake/faults', { path: VALIDATE, mode: 'delay', delayMs: 400 });
    const { value, error } = await launch(demo, 'add', { channelPublicId: 'https://pf.kakao.com/_ZeUTxl' });
    assert.equal(error, undefined, error && error.message);
    assert.deepEqual({ url: value.url, via: value.via }, { url: universal('kakaoplus://plusfriend/home/_ZeUTxl/add'), via: 'app' });
    assert.equal(value.url, 'https://talk-apps.kakao.com/scheme/kakaoplus%3A%2F%2Fplusfriend%2Fhome%2F_ZeUTxl%2Fadd');
    assert.ok(value.ms < 100, `returned in ${value.ms} ms`);
    const request = await waitForRequest(VALIDATE);
    assert.equal(request.method, 'POST');
    assert.equal(request.headers.authorization, 'KakaoAK demo-javascript-key');
    assert.match(request.ka, KA);
    assert.equal(request.origin, new URL(h.demo.url).origin);
    assert.match(request.headers['content-type'], /^application\/x-www-form-urlencoded/);
    // Kakao's no-cache headers, as its SDK 2.7.4 sends them (§10.6).
    assert.equal(request.headers['cache-control'], 'no-cache, no-store, max-age=0, must-revalidate');
    assert.equal(request.headers.pragma, 'no-cache');
    assert.deepEqual(quotaProperties(request), { uri: '/sdk/channel/add', channel_public_id: '_ZeUTxl' });
    assert.equal(request.url, VALIDATE, 'nothing in the query');
    // Accepted: the tab goes to the universal link (answered 204 here: the page stays), never to
    // sdk_error, and nothing else opens.
    await poll(() => handedOver.length === 1, { timeout: 3000, message: 'the tab to the universal link' });
    assert.deepEqual(handedOver, [value.url]);
    await demo.page.waitForTimeout(300);
    assert.deepEqual((await h.requests()).filter((r) => r.path.endsWith('/sdk_error')), []);
    assert.equal(opened.length, 0, 'no popup');
    assert.equal((await validateRequests()).length, 1);

    // chat: plusfriend/chat/{id} with extra={"referer": the page}.
    await h.control('DELETE', '/__fake/requests');
    const chat = await launch(demo, 'chat', { channelPublicId: '_ZeUTxl' });
    const referer = new URL(h.demo.url).origin + new URL(h.demo.url).pathname;
    assert.deepEqual(
      { url: chat.value.url, via: chat.value.via },
      { url: universal(`kakaoplus://plusfriend/chat/_ZeUTxl?extra=${encodeURIComponent(JSON.stringify({ referer }))}`), via: 'app' },
    );
    const chatRequest = await waitForRequest(VALIDATE);
    assert.equal(chatRequest.headers.authorization, 'KakaoAK demo-javascript-key');
    assert.deepEqual(quotaProperties(chatRequest), { uri: '/sdk/channel/chat', channel_public_id: '_ZeUTxl' });
    assert.deepEqual(demo.errors.map(String), []);
  } finally {
    await demo.close();
  }
});

test('phone / iPad refused by validate/sdk (unknown channel, unknown app key): the tab goes to {pf}/{id}/sdk_error', async () => {
  // An unknown channel: Kakao answers -541.
  const demo = await h.openDemo({ userAgent: UA.iphone }, { hosts: { pf: NO_CONTENT } });
  try {
    const { value } = await launch(demo, 'add', { channelPublicId: '_unknownX1' });
    assert.deepEqual({ url: value.url, via: value.via }, { url: universal('kakaoplus://plusfriend/home/_unknownX1/add'), via: 'app' });
    const landed = await waitForRequest('/__fake/no-content/_unknownX1/sdk_error');
    assert.equal(landed.method, 'GET');
    const [request] = await validateRequests();
    assert.deepEqual(quotaProperties(request), { uri: '/sdk/channel/add', channel_public_id: '_unknownX1' });
    assert.equal(demo.page.url(), h.demo.url, '204: the page stayed');
    assert.deepEqual(demo.errors.map(String), []);
  } finally {
    await demo.close();
  }
  // An app key Kakao does not know: 401 -401 (chat, on an iPad).
  await h.control('DELETE', '/__fake/requests');
  const badKey = await h.openDemo({ userAgent: UA.ipad }, { hosts: { pf: NO_CONTENT }, appKey: 'not-a-fixture-key' });
  try {
    const { value } = await launch(badKey, 'chat', { channelPublicId: '_ZeUTxl' });
    assert.equal(value.via, 'app');
    assert.ok(value.url.startsWith(universal('kakaoplus://plusfriend/chat/_ZeUTxl?extra=')), value.url);
    await waitForRequest('/__fake/no-content/_ZeUTxl/sdk_error');
    const [request] = await validateRequests();
    assert.equal(request.headers.authorization, 'KakaoAK not-a-fixture-key');
    assert.deepEqual(badKey.errors.map(String), []);
  } finally {
    await badKey.close();
  }
  // With the real pf host: the tab lands on Kakao's (the fake's) sdk_error page.
  const real = await h.openDemo({ userAgent: UA.iphone });
  try {
    await real.page.fill('#channel-input', '_unknownX1');
    await Promise.all([real.page.waitForURL(`${h.demo.fakeUrl}/_unknownX1/sdk_error`, { timeout: 5000 }), real.page.click('[data-testid=add-button]')]);
    assert.equal(await real.page.textContent('[data-testid=sdk-error]'), 'sdk_error');
    assert.equal(await real.page.textContent('[data-testid=bridge-channel]'), '_unknownX1');
  } finally {
    await real.close();
  }
});

test('iPadOS in desktop mode (Mac user agent, touch points): the universal link after validate/sdk; a Mac without touch: the popup', async () => {
  const touch = () => Object.defineProperty(Navigator.prototype, 'maxTouchPoints', { get: () => 5 });
  const ipad = await h.openDemo({ userAgent: UA.ipadDesktop }, { hosts: { pf: NO_CONTENT }, initScript: touch });
  try {
    const handedOver = await recordUniversalLinks(ipad.context);
    const opened = countPopups(ipad.context);
    assert.equal(await ipad.page.evaluate(() => navigator.maxTouchPoints), 5);
    const { value, error } = await launch(ipad, 'add', { channelPublicId: '_ZeUTxl' });
    assert.equal(error, undefined, error && error.message);
    assert.deepEqual({ url: value.url, via: value.via }, { url: universal('kakaoplus://plusfriend/home/_ZeUTxl/add'), via: 'app' });
    await waitForRequest(VALIDATE);
    await poll(() => handedOver.length === 1, { timeout: 3000, message: 'the tab to the universal link' });
    assert.deepEqual(handedOver, [value.url]);
    assert.equal(opened.length, 0, 'no popup');
    assert.deepEqual(ipad.errors.map(String), []);
  } finally {
    await ipad.close();
  }
  await h.control('DELETE', '/__fake/requests');
  const mac = await h.openDemo({ userAgent: UA.ipadDesktop });
  try {
    const restore = await spyOnWindowOpen(mac.page);
    const { value } = await launch(mac, 'add', { channelPublicId: '_ZeUTxl' });
    const opens = await restore();
    assert.equal(value.via, 'popup');
    assert.equal(opens.length, 1);
    assert.equal((await validateRequests()).length, 0);
  } finally {
    await mac.close();
  }
});

test('Android phone: the intent:// URL (via app) after validate/sdk; Android tablet: the popup', async () => {
  const phone = await h.openDemo({ userAgent: UA.androidPhone }, { hosts: { pf: NO_CONTENT } });
  try {
    const opened = countPopups(phone.context);
    const { value, error } = await launch(phone, 'add', { channelPublicId: '_ZeUTxl' });
    assert.equal(error, undefined, error && error.message);
    assert.equal(value.via, 'app');
    assert.ok(value.url.startsWith('intent://plusfriend/home/_ZeUTxl/add#Intent;'), value.url);
    // Deliberately more than Kakao's `#Intent;scheme=kakaoplus;end;`: the package, and the bridge
    // page as the fallback where KakaoTalk is missing (README, differences from Kakao's SDK).
    assert.match(value.url, /#Intent;scheme=kakaoplus;package=com\.kakao\.talk;S\.browser_fallback_url=[^;]+;end;$/);
    assert.ok(value.url.endsWith(';end;'), value.url);
    const request = await waitForRequest(VALIDATE);
    assert.equal(request.headers.authorization, 'KakaoAK demo-javascript-key');
    assert.deepEqual(quotaProperties(request), { uri: '/sdk/channel/add', channel_public_id: '_ZeUTxl' });
    assert.equal(opened.length, 0, 'no popup');
    assert.deepEqual(phone.errors.map(String), []);
  } finally {
    await phone.close();
  }
  await h.control('DELETE', '/__fake/requests');
  const tablet = await h.openDemo({ userAgent: UA.androidTablet });
  try {
    const restore = await spyOnWindowOpen(tablet.page);
    const { value } = await launch(tablet, 'chat', { channelPublicId: '_ZeUTxl' });
    const opens = await restore();
    assert.equal(value.via, 'popup');
    assert.equal(value.url, (await tablet.call((kc) => kc.chatChannelUrl({ channelPublicId: '_ZeUTxl' }))).value);
    assert.deepEqual(opens.map(([url, name]) => [url, name]), [[value.url, 'channel_chat_social_plugin']]);
    assert.match(opens[0][2], /^width=350,height=510,left=-?\d+,top=-?\d+,scrollbars=yes,resizable=1$/);
    assert.equal((await validateRequests()).length, 0);
  } finally {
    await tablet.close();
  }
});

test('inside KakaoTalk: this tab goes to the bridge page (via redirect), no popup, no validate/sdk', async () => {
  const demo = await h.openDemo({ userAgent: UA.kakaoTalkIos }, { hosts: { pf: NO_CONTENT } });
  try {
    const opened = countPopups(demo.context);
    const restore = await spyOnWindowOpen(demo.page);
    const add = await launch(demo, 'add', { channelPublicId: '_ZeUTxl' });
    const urls = await demo.call((kc) => [kc.addChannelUrl({ channelPublicId: '_ZeUTxl' }), kc.chatChannelUrl({ channelPublicId: '_ZeUTxl' })]);
    assert.equal(add.error, undefined, add.error && add.error.message);
    assert.deepEqual({ url: add.value.url, via: add.value.via }, { url: urls.value[0], via: 'redirect' });
    const landed = await waitForRequest('/__fake/no-content/_ZeUTxl/friend');
    assert.equal(h.demo.fakeUrl + landed.url, urls.value[0]);
    const chat = await launch(demo, 'chat', { channelPublicId: '_ZeUTxl' });
    assert.deepEqual({ url: chat.value.url, via: chat.value.via }, { url: urls.value[1], via: 'redirect' });
    await waitForRequest('/__fake/no-content/_ZeUTxl/chat');
    assert.deepEqual(await restore(), [], 'window.open was not called');
    assert.equal(opened.length, 0);
    assert.equal((await validateRequests()).length, 0, 'no validate/sdk inside KakaoTalk');
    assert.equal(demo.page.url(), h.demo.url);
    assert.deepEqual(demo.errors.map(String), []);
  } finally {
    await demo.close();
  }
  // With the real pf host (Android KakaoTalk, lower case): the demo's button takes the tab there.
  const real = await h.openDemo({ userAgent: UA.kakaoTalkAndroid });
  try {
    await Promise.all([real.page.waitForURL(/\/_ZeUTxl\/friend\?/, { timeout: 5000 }), real.page.click('[data-testid=add-button]')]);
    assert.equal(new URL(real.page.url()).origin, h.demo.fakeUrl);
    assert.equal(await real.page.textContent('[data-testid=bridge-action]'), 'friend');
    assert.equal(await real.page.textContent('[data-testid=bridge-channel]'), '_ZeUTxl');
    assert.equal(await real.page.textContent('tr[data-param=app_key] td'), 'demo-javascript-key');
  } finally {
    await real.close();
  }
});

test('a button clicked on an iPhone hands over to the app: kakao-channel-result via app, no popup', async () => {
  const demo = await h.openDemo({ userAgent: UA.iphone }, { hosts: { pf: NO_CONTENT } });
  try {
    const opened = countPopups(demo.context);
    const handedOver = await recordUniversalLinks(demo.context);
    await demo.call((kc) => {
      const area = document.createElement('div');
      area.id = 'launch-buttons';
      document.body.prepend(area);
      window.launchEvents = [];
      area.addEventListener('kakao-channel-result', (e) => window.launchEvents.push(e.detail));
      area.addEventListener('kakao-channel-error', (e) => window.launchEvents.push({ error: e.detail && e.detail.code }));
      kc.createAddChannelButton({ container: area, channelPublicId: '_ZeUTxl' });
    });
    await demo.page.click('#launch-buttons a');
    const events = await poll(() => demo.page.evaluate(() => (window.launchEvents.length ? window.launchEvents : null)), { timeout: 3000, message: 'the result event' });
    assert.deepEqual(events, [{ url: universal('kakaoplus://plusfriend/home/_ZeUTxl/add'), via: 'app' }]);
    const request = await waitForRequest(VALIDATE);
    assert.equal(request.headers.authorization, 'KakaoAK demo-javascript-key');
    assert.equal(opened.length, 0);
    await poll(() => handedOver.length === 1, { timeout: 3000, message: 'the tab to the universal link' });
    assert.deepEqual(handedOver, [events[0].url]);
    assert.equal(demo.page.url(), h.demo.url, 'the link itself was not followed');
    assert.deepEqual(demo.errors.map(String), []);
  } finally {
    await demo.close();
  }
});

test('no page errors along the way', () => {
  assert.deepEqual(h.errors.map(String), []);
});
