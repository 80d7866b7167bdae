// checkRelationship in headless Chromium, over real fetch with CORS, against the fake Kakao server.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from './harness.mjs';

const PATH = '/v2/api/talk/channels';
const h = useHarness();
beforeEach(async () => {
  await h.control('DELETE', '/__fake/faults');
  await h.control('DELETE', '/__fake/requests');
});

const check = (options) => h.call((kc, o) => kc.checkRelationship(o), options);
let tokenCount = 0;
async function freshToken(extra = {}) {
  const token = `test-token-${process.pid}-${++tokenCount}`;
  await h.control('POST', '/__fake/tokens', { token, userId: 1001, appKey: 'demo-javascript-key', scopes: ['plusfriends'], ...extra });
  return token;
}

/** The headers Kakao's SDK 2.7.4 puts on every kapi request, GET included (§10.6). */
function assertKakaoHeaders(req) {
  assert.equal(req.headers['cache-control'], 'no-cache, no-store, max-age=0, must-revalidate');
  assert.equal(req.headers.pragma, 'no-cache');
  assert.equal(req.headers['content-type'], 'application/x-www-form-urlencoded');
}

function assertNoTokenLeak(token, requests, error) {
  for (const r of requests) assert.ok(!r.url.includes(token), `token in URL ${r.url}`);
  if (error) assert.ok(!String(error.message).includes(token), 'token in error message');
}

test('ADDED, BLOCKED and NONE, with the documented request', async () => {
  const { value } = await check({ accessToken: 'demo-token-added', channelPublicIds: ['_ZeUTxl', 'https://pf.kakao.com/_Bxkd/chat', '_RQxl', '_ZeUTxl'] });
  assert.deepEqual(value, {
    userId: 1001,
    channels: [
      { channelPublicId: '_ZeUTxl', channelUuid: '@kakaochannel', relation: 'ADDED', updatedAt: '2019-05-10T08:06:53Z' },
      { channelPublicId: '_Bxkd', channelUuid: '@bxkd', relation: 'BLOCKED', updatedAt: '2021-03-01T12:00:00Z' },
      { channelPublicId: '_RQxl', channelUuid: '@rqxl', relation: 'NONE' },
    ],
  });
  const [req, ...rest] = await h.requests(PATH);
  assert.equal(rest.length, 0);
  assert.equal(req.url, `${PATH}?channel_ids=_ZeUTxl,_Bxkd,_RQxl&channel_id_type=channel_public_id`);
  assert.equal(req.headers.authorization, 'Bearer demo-token-added');
  assert.match(req.headers.ka, /^sdk\/\S+ os\/javascript sdk_type\/rust-wasm lang\/\S+ device\/\S+ origin\/http%3A%2F%2F127\.0\.0\.1%3A\d+$/);
  assert.equal(req.origin, new URL(h.demo.url).origin);
  assertKakaoHeaders(req);
  assertNoTokenLeak('demo-token-added', [req]);
});

test('without channelPublicIds: every connected channel; an app without channels: an empty list', async () => {
  const all = await check({ accessToken: 'demo-token-new-user' });
  assert.deepEqual(all.value.channels.map((c) => [c.channelPublicId, c.relation]), [['_ZeUTxl', 'NONE'], ['_Bxkd', 'NONE'], ['_RQxl', 'NONE']]);
  const [req] = await h.requests(PATH);
  assert.equal(req.url, `${PATH}?channel_id_type=channel_public_id`);
  const none = await check({ accessToken: 'demo-token-no-channels' });
  assert.deepEqual(none.value, { userId: 1002, channels: [] });
});

test('each Kakao error maps to its code, never retried, never leaking the token', async () => {
  const cases = [
    [{ accessToken: 'unknown-token-xyz', channelPublicIds: ['_ZeUTxl'] }, 'INVALID_TOKEN', 401, -401],
    [{ accessToken: 'demo-token-expired', channelPublicIds: ['_ZeUTxl'] }, 'INVALID_TOKEN', 401, -401],
    [{ accessToken: 'demo-token-no-consent', channelPublicIds: ['_ZeUTxl'] }, 'CONSENT_REQUIRED', 403, -402],
    [{ accessToken: 'demo-token-added', channelPublicIds: ['_vxfxm'] }, 'KAKAO_API', 400, -819],
    [{ accessToken: 'demo-token-rate-limited', channelPublicIds: ['_ZeUTxl'] }, 'RATE_LIMITED', 400, -10],
  ];
  for (const [options, code, status, kakaoCode] of cases) {
    await h.control('DELETE', '/__fake/requests');
    const { error } = await check(options);
    assert.ok(error, `${code}: expected a rejection`);
    assert.equal(error.isError, true);
    assert.equal(error.isKakao, true);
    assert.equal(error.name, 'KakaoChannelError');
    assert.equal(error.code, code, error.message);
    assert.equal(error.status, status);
    assert.equal(error.kakaoCode, kakaoCode);
    if (code === 'CONSENT_REQUIRED') {
      assert.deepEqual(error.requiredScopes, ['plusfriends']);
      assert.match(error.message, /plusfriends/);
    }
    const seen = await h.requests(PATH);
    assert.equal(seen.length, 1, `${code}: a 4xx is never retried`);
    assertNoTokenLeak(options.accessToken, seen, error);
  }
});

test('bad options are INVALID_ARGUMENT / INVALID_CHANNEL_ID, before any request', async () => {
  for (const [options, code] of [
    [{ accessToken: '' }, 'INVALID_ARGUMENT'],
    [{ accessToken: 'a b' }, 'INVALID_ARGUMENT'],
    [{}, 'INVALID_ARGUMENT'],
    [{ accessToken: 't', channelPublicIds: '_ZeUTxl' }, 'INVALID_ARGUMENT'],
    [{ accessToken: 't', channelPublicIds: ['https://evil.example/_x'] }, 'INVALID_CHANNEL_ID'],
    [{ accessToken: 't', channelPublicIds: ['@brand'] }, 'SEARCH_ID_NOT_SUPPORTED'],
    [{ accessToken: 't', timeoutMs: -5 }, 'INVALID_ARGUMENT'],
    [{ accessToken: 't', signal: 'nope' }, 'INVALID_ARGUMENT'],
  ]) {
    const { error } = await check(options);
    assert.equal(error && error.code, code, JSON.stringify(options));
  }
  assert.equal((await h.requests(PATH)).length, 0);
});

test('timeout: a slow answer rejects TIMEOUT after timeoutMs', async () => {
  const started = Date.now();
  const { error } = await check({ accessToken: 'demo-token-slow', channelPublicIds: ['_ZeUTxl'], timeoutMs: 300 });
  assert.equal(error.code, 'TIMEOUT', error.message);
  assert.match(error.message, /300 ms/);
  assert.ok(Date.now() - started < 5000);
});

test('abort: the caller\'s AbortSignal rejects ABORTED, before and during the request', async () => {
  const pre = await h.call((kc) => {
    const c = new AbortController();
    c.abort();
    return kc.checkRelationship({ accessToken: 'demo-token-added', signal: c.signal });
  });
  assert.equal(pre.error.code, 'ABORTED');
  const during = await h.call((kc) => {
    const c = new AbortController();
    setTimeout(() => c.abort(), 100);
    return kc.checkRelationship({ accessToken: 'demo-token-slow', channelPublicIds: ['_ZeUTxl'], signal: c.signal });
  });
  assert.equal(during.error.code, 'ABORTED');
});

test('malformed and wrongly shaped bodies are INVALID_RESPONSE', async () => {
  for (const mode of ['malformed', 'wrong-shape']) {
    await h.control('POST', '/__fake/faults', { path: PATH, mode });
    const { error } = await check({ accessToken: 'demo-token-added', channelPublicIds: ['_ZeUTxl'] });
    assert.equal(error.code, 'INVALID_RESPONSE', mode);
    assert.equal(error.status, 200);
  }
});

test('a 500 then success: one retry, two requests', async () => {
  await h.control('POST', '/__fake/faults', { path: PATH, mode: 'status500', times: 1 });
  const { value, error } = await check({ accessToken: 'demo-token-added', channelPublicIds: ['_ZeUTxl'] });
  assert.equal(error, undefined, error && error.message);
  assert.equal(value.channels[0].relation, 'ADDED');
  assert.equal((await h.requests(PATH)).length, 2);
});

test('two 500s: INVALID_RESPONSE with status 500 after exactly one retry', async () => {
  await h.control('POST', '/__fake/faults', { path: PATH, mode: 'status500', times: 5 });
  const { error } = await check({ accessToken: 'demo-token-added', channelPublicIds: ['_ZeUTxl'] });
  assert.equal(error.code, 'INVALID_RESPONSE');
  assert.equal(error.status, 500);
  assert.equal((await h.requests(PATH)).length, 2);
});

test('a reset connection is retried; resets that persist are NETWORK', async () => {
  await h.control('POST', '/__fake/faults', { path: PATH, mode: 'reset', times: 1 });
  const ok = await check({ accessToken: 'demo-token-added', channelPublicIds: ['_ZeUTxl'] });
  assert.equal(ok.error, undefined, ok.error && ok.error.message);
  await h.control('DELETE', '/__fake/requests');
  // Chromium itself silently re-sends a GET whose reused connection was reset, so the SDK's one
  // retry can show up as up to four requests at the server; every one of them is reset here.
  await h.control('POST', '/__fake/faults', { path: PATH, mode: 'reset', times: 20 });
  const { error } = await check({ accessToken: 'demo-token-added', channelPublicIds: ['_ZeUTxl'] });
  assert.equal(error && error.code, 'NETWORK');
  const seen = (await h.requests(PATH)).length;
  assert.ok(seen >= 2 && seen <= 4, `${seen} requests`);
});

test('identical concurrent calls share one request; different ones do not', async () => {
  const token = await freshToken();
  await h.control('POST', '/__fake/faults', { path: PATH, mode: 'delay', delayMs: 300, times: 3 });
  const result = await h.call(
    (kc, token) =>
      Promise.all([
        kc.checkRelationship({ accessToken: token, channelPublicIds: ['_ZeUTxl', '_Bxkd'] }),
        kc.checkRelationship({ accessToken: token, channelPublicIds: ['https://pf.kakao.com/_ZeUTxl', '_Bxkd', '_ZeUTxl'] }),
        kc.checkRelationship({ accessToken: token, channelPublicIds: ['_ZeUTxl', '_Bxkd'] }),
        kc.checkRelationship({ accessToken: token, channelPublicIds: ['_RQxl'] }),
      ]),
    token,
  );
  assert.equal(result.error, undefined);
  const [a, b, c, d] = result.value;
  assert.deepEqual(a, b);
  assert.deepEqual(a, c);
  assert.equal(d.channels[0].channelPublicId, '_RQxl');
  const seen = (await h.requests(PATH)).filter((r) => r.headers.authorization === `Bearer ${token}`);
  assert.equal(seen.length, 2, 'three identical calls coalesced into one request, plus the different one');
  assertNoTokenLeak(token, seen);
});

test('one caller aborting does not cancel the others sharing the request', async () => {
  const token = await freshToken();
  await h.control('POST', '/__fake/faults', { path: PATH, mode: 'delay', delayMs: 300, times: 1 });
  const result = await h.call(
    async (kc, token) => {
      const c = new AbortController();
      const first = kc.checkRelationship({ accessToken: token, channelPublicIds: ['_ZeUTxl'], signal: c.signal }).then(() => 'resolved', (e) => e.code);
      const second = kc.checkRelationship({ accessToken: token, channelPublicIds: ['_ZeUTxl'] }).then((v) => v.channels[0].relation, (e) => e.code);
      setTimeout(() => c.abort(), 50);
      return Promise.all([first, second]);
    },
    token,
  );
  assert.deepEqual(result.value, ['ABORTED', 'ADDED']);
});

test('repeat calls reuse the CORS preflight (Access-Control-Max-Age), yet never a stored answer', async () => {
  const token = await freshToken();
  // IDs in an order no other test asks for: a URL Chromium's preflight cache has not seen.
  for (let i = 0; i < 5; i++) {
    const { value } = await check({ accessToken: token, channelPublicIds: ['_RQxl', '_ZeUTxl', '_Bxkd'] });
    assert.equal(value.channels.find((c) => c.channelPublicId === '_ZeUTxl').relation, 'ADDED');
  }
  const all = (await h.control('GET', `/__fake/requests?path=${encodeURIComponent(PATH)}`)).requests;
  const mine = all.filter((r) => r.preflight || r.headers.authorization === `Bearer ${token}`);
  assert.equal(mine.filter((r) => !r.preflight).length, 5, 'every call reached Kakao (no cached answer)');
  const preflights = all.filter((r) => r.preflight);
  assert.equal(preflights.length, 1, `one preflight for five calls, as before the headers were added; saw ${preflights.length}`);
  // Kakao's no-cache headers ride on the preflight the Authorization header needs anyway (the
  // form Content-Type is CORS-safelisted: no preflight asks for it).
  for (const p of preflights) {
    assert.deepEqual(
      p.headers['access-control-request-headers'].split(',').map((x) => x.trim()).sort(),
      ['authorization', 'cache-control', 'ka', 'pragma'],
    );
  }
  for (const r of mine.filter((r) => !r.preflight)) assertKakaoHeaders(r);
});

test('one AbortController reused for 1,000 calls: no abort listener is left behind, and it still aborts', async () => {
  const token = await freshToken();
  const result = await h.call(
    async (kc, token) => {
      const controller = new AbortController();
      const { signal } = controller;
      let listeners = 0;
      let added = 0;
      const add = signal.addEventListener;
      const remove = signal.removeEventListener;
      const live = new Set();
      signal.addEventListener = function (type, fn, opts) {
        if (type === 'abort' && !live.has(fn)) {
          live.add(fn);
          listeners++;
          added++;
        }
        return add.call(this, type, fn, opts);
      };
      signal.removeEventListener = function (type, fn, opts) {
        if (type === 'abort' && live.delete(fn)) listeners--;
        return remove.call(this, type, fn, opts);
      };
      const counts = [];
      for (let i = 1; i <= 1000; i++) {
        const r = await kc.checkRelationship({ accessToken: token, channelPublicIds: ['_ZeUTxl'], signal });
        if (r.channels[0].relation !== 'ADDED') throw new Error(`call ${i}: ${r.channels[0].relation}`);
        if (i === 1 || i % 250 === 0) counts.push(listeners);
      }
      // Still the caller's signal: an abort now stops the next call.
      const pending = kc.checkRelationship({ accessToken: token, channelPublicIds: ['_Bxkd'], signal }).then(() => 'resolved', (e) => e.code);
      controller.abort();
      return { counts, added, afterAbort: await pending };
    },
    token,
    120_000,
  );
  assert.equal(result.error, undefined, result.error && result.error.message);
  assert.deepEqual(result.value.counts, [0, 0, 0, 0, 0], 'live abort listeners after 1, 250, 500, 750 and 1,000 calls');
  assert.ok(result.value.added >= 1000, `each call listened while in flight (${result.value.added})`);
  assert.equal(result.value.afterAbort, 'ABORTED');
});

test('no page errors along the way', () => {
  assert.deepEqual(h.errors.map(String), []);
});

test('the demo form shows ADDED / BLOCKED / NONE, and CONSENT_REQUIRED without consent', async () => {
  const { page } = h;
  await page.fill('#token-input', 'demo-token-added');
  await page.fill('#ids-input', '_ZeUTxl, _Bxkd, _RQxl');
  await page.click('[data-testid=check-button]');
  await page.waitForSelector('[data-testid=relations]');
  const badges = await page.$$eval('[data-testid=relations] .badge', (els) => els.map((e) => e.textContent));
  assert.deepEqual(badges, ['ADDED', 'BLOCKED', 'NONE']);
  await page.selectOption('#token-list', 'demo-token-no-consent');
  assert.equal(await page.inputValue('#token-input'), 'demo-token-no-consent');
  await page.click('[data-testid=check-button]');
  await page.waitForSelector('[data-testid=relationship-result] .err');
  assert.equal(await page.textContent('[data-testid=relationship-result] .err'), 'CONSENT_REQUIRED');
  assert.match(await page.textContent('[data-testid=relationship-result] .msg'), /plusfriends/);
});
