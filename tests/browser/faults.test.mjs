// Faults between the browser entry and Kakao, in headless Chromium against the fake Kakao
// server's fault modes: delay past timeoutMs, TCP reset, 5xx with an HTML body, malformed and
// wrong-shape JSON, a request that hangs, 429 / 4xx with an HTML body. Whatever happens, a call
// with timeoutMs T settles within T plus a margin (the retry included), rejects only with a
// KakaoChannelError of the documented code, and checkRelationship retries once, only after a
// network failure or a 5xx.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { bounded, useHarness } from './harness.mjs';

const PATH = '/v2/api/talk/channels';
const AGT = '/api/agt';
/** How late a settled call may be, past its timeoutMs (timers, CORS, a loaded CI machine). */
const MARGIN_MS = 1500;
/** checkRelationship's documented rejections under transport faults. */
const TRANSPORT_CODES = ['NETWORK', 'TIMEOUT', 'INVALID_RESPONSE', 'RATE_LIMITED'];

const h = useHarness();
beforeEach(async () => {
  await h.control('DELETE', '/__fake/faults');
  await h.control('DELETE', '/__fake/requests');
});

let tokens = 0;
/** A token of its own per call: identical concurrent calls would otherwise share one request. */
async function freshToken() {
  const token = `fault-token-${process.pid}-${++tokens}`;
  await h.control('POST', '/__fake/tokens', { token, userId: 1001, appKey: 'demo-javascript-key', scopes: ['plusfriends'] });
  return token;
}

const faults = (...list) => Promise.all(list.map((f) => h.control('POST', '/__fake/faults', { path: PATH, ...f })));
const seen = async (path = PATH) => (await h.requests(path)).length;

/** checkRelationship(options) in the page: `{ value?, error?, ms }`, the time measured in the
 * page from the call to its settling. */
function timedCheck(options, ms = 30_000) {
  return bounded(
    h.page.evaluate(async (options) => {
      const kc = await import('/dist/index.js');
      const started = performance.now();
      try {
        const value = await kc.checkRelationship(options);
        return { value, ms: performance.now() - started };
      } catch (e) {
        return {
          ms: performance.now() - started,
          error: { code: e.code, status: e.status, message: e.message, isKakao: kc.isKakaoChannelError(e), isError: e instanceof Error },
        };
      }
    }, options),
    ms,
    'checkRelationship',
  );
}

function assertKakaoError(result, codes, what) {
  assert.ok(result.error, `${what}: expected a rejection, got ${JSON.stringify(result.value)}`);
  assert.equal(result.error.isKakao, true, `${what}: ${result.error.message}`);
  assert.equal(result.error.isError, true);
  assert.ok([].concat(codes).includes(result.error.code), `${what}: ${result.error.code} ${result.error.message}`);
}

test('delay past timeoutMs, and a hang: TIMEOUT within timeoutMs + margin, for several timeouts', async () => {
  for (const mode of ['delay', 'hang']) {
    for (const timeoutMs of [200, 700, 1500]) {
      await faults({ mode, delayMs: 10_000, times: 3 });
      const r = await timedCheck({ accessToken: await freshToken(), channelPublicIds: ['_ZeUTxl'], timeoutMs });
      assertKakaoError(r, 'TIMEOUT', `${mode} ${timeoutMs}`);
      assert.match(r.error.message, new RegExp(`${timeoutMs} ms`));
      assert.ok(r.ms >= timeoutMs - 20 && r.ms <= timeoutMs + MARGIN_MS, `${mode} ${timeoutMs}: settled after ${Math.round(r.ms)} ms`);
      assert.equal(await seen(), 1, `${mode}: the first attempt never ended, so nothing was retried`);
      await h.control('DELETE', '/__fake/faults');
      await h.control('DELETE', '/__fake/requests');
    }
  }
});

test('the retry counts against the same timeoutMs: 500 then a hang, reset then a delay', async () => {
  for (const [first, label] of [
    [{ mode: 'status500' }, '500 then hang'],
    [{ mode: 'reset' }, 'reset then hang'],
  ]) {
    await faults({ ...first, times: 1 });
    await faults({ mode: 'hang', times: 5 });
    const r = await timedCheck({ accessToken: await freshToken(), channelPublicIds: ['_ZeUTxl'], timeoutMs: 1200 });
    assertKakaoError(r, 'TIMEOUT', label);
    assert.ok(r.ms <= 1200 + MARGIN_MS, `${label}: ${Math.round(r.ms)} ms`);
    assert.ok((await seen()) >= 2, `${label}: retried once`);
    await h.control('DELETE', '/__fake/faults');
    await h.control('DELETE', '/__fake/requests');
  }
  // A first attempt that uses up the whole budget leaves no time for the retry.
  await faults({ mode: 'delay', delayMs: 900, times: 1 });
  const r = await timedCheck({ accessToken: await freshToken(), channelPublicIds: ['_ZeUTxl'], timeoutMs: 600 });
  assertKakaoError(r, 'TIMEOUT', 'delay beyond the budget');
  assert.ok(r.ms <= 600 + MARGIN_MS, `${Math.round(r.ms)} ms`);
});

test('5xx with an HTML body: one retry, then INVALID_RESPONSE with that status; a retry that succeeds answers', async () => {
  for (const status of [500, 502, 503, 504, 599]) {
    await faults({ mode: 'status500', status, times: 5 });
    const r = await timedCheck({ accessToken: await freshToken(), channelPublicIds: ['_ZeUTxl'], timeoutMs: 5000 });
    assertKakaoError(r, 'INVALID_RESPONSE', `HTTP ${status}`);
    assert.equal(r.error.status, status);
    assert.equal(await seen(), 2, `HTTP ${status}: exactly one retry`);
    assert.ok(r.ms < 2000, `HTTP ${status}: ${Math.round(r.ms)} ms (one 200–500 ms back-off)`);
    await h.control('DELETE', '/__fake/faults');
    await h.control('DELETE', '/__fake/requests');
  }
  await faults({ mode: 'status500', status: 503, times: 1 });
  const ok = await timedCheck({ accessToken: await freshToken(), channelPublicIds: ['_ZeUTxl'], timeoutMs: 5000 });
  assert.equal(ok.error, undefined, ok.error && ok.error.message);
  assert.equal(ok.value.channels[0].relation, 'ADDED');
});

test('malformed and wrong-shape 200 answers are INVALID_RESPONSE at once, never retried', async () => {
  for (const mode of ['malformed', 'wrong-shape']) {
    await faults({ mode, times: 5 });
    const r = await timedCheck({ accessToken: await freshToken(), channelPublicIds: ['_ZeUTxl'], timeoutMs: 5000 });
    assertKakaoError(r, 'INVALID_RESPONSE', mode);
    assert.equal(r.error.status, 200);
    assert.equal(await seen(), 1, `${mode}: no retry after a 200`);
    assert.ok(r.ms < 1000, `${mode}: ${Math.round(r.ms)} ms`);
    await h.control('DELETE', '/__fake/faults');
    await h.control('DELETE', '/__fake/requests');
  }
});

test('429 and other 4xx with an HTML body: never retried; 429 is RATE_LIMITED', async () => {
  for (const [status, codes] of [
    [429, ['RATE_LIMITED']],
    [400, ['INVALID_RESPONSE', 'KAKAO_API']],
    [401, ['INVALID_RESPONSE', 'INVALID_TOKEN']],
    [403, ['INVALID_RESPONSE', 'KAKAO_API', 'CONSENT_REQUIRED']],
    [404, ['INVALID_RESPONSE', 'KAKAO_API']],
  ]) {
    await faults({ mode: 'status500', status, times: 5 });
    const r = await timedCheck({ accessToken: await freshToken(), channelPublicIds: ['_ZeUTxl'], timeoutMs: 5000 });
    assertKakaoError(r, codes, `HTTP ${status}`);
    assert.equal(r.error.status, status);
    assert.equal(await seen(), 1, `HTTP ${status}: a 4xx is never retried`);
    await h.control('DELETE', '/__fake/faults');
    await h.control('DELETE', '/__fake/requests');
  }
});

test('concurrent calls for the same token and channels each settle within their own timeoutMs', async () => {
  const token = await freshToken();
  await faults({ mode: 'hang', times: 5 });
  const result = await bounded(
    h.page.evaluate(async (token) => {
      const kc = await import('/dist/index.js');
      const started = performance.now();
      const settle = (p) => p.then(() => ({ ms: performance.now() - started, code: 'value' }), (e) => ({ ms: performance.now() - started, code: e.code }));
      // The first call starts a request with a long timeout; the second, identical but for a short
      // timeout, must not wait for the first one's deadline.
      const long = settle(kc.checkRelationship({ accessToken: token, channelPublicIds: ['_ZeUTxl'], timeoutMs: 2500 }));
      const short = settle(kc.checkRelationship({ accessToken: token, channelPublicIds: ['_ZeUTxl'], timeoutMs: 300 }));
      return { long: await long, short: await short };
    }, token),
    30_000,
  );
  assert.equal(result.short.code, 'TIMEOUT');
  assert.ok(result.short.ms <= 300 + MARGIN_MS, `the short call settled after ${Math.round(result.short.ms)} ms`);
  assert.equal(result.long.code, 'TIMEOUT');
  assert.ok(result.long.ms >= 2400 && result.long.ms <= 2500 + MARGIN_MS, `the long call settled after ${Math.round(result.long.ms)} ms`);
  // (How many requests reach the server is Chromium's business here: its HTTP cache holds an
  // identical GET back while the first is in flight.)
});

test('a random mix of faults over 40 calls: each settles in time with a documented code', async () => {
  // A deterministic pseudo-random sequence of answers, one per request, queued in order: a
  // `delay` of 0 ms is a normal answer.
  let seed = 0x5eed;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const modes = [
    { mode: 'delay', delayMs: 0 },
    { mode: 'delay', delayMs: 0 },
    { mode: 'delay', delayMs: 0 },
    { mode: 'status500' },
    { mode: 'status500', status: 503 },
    { mode: 'reset' },
    { mode: 'malformed' },
    { mode: 'wrong-shape' },
    { mode: 'hang' },
    { mode: 'delay', delayMs: 2000 },
    { mode: 'status500', status: 429 },
  ];
  // Chromium re-sends a GET whose reused connection was reset, so a call can use up to four
  // entries; queue plenty.
  for (let i = 0; i < 200; i++) await faults({ ...modes[Math.floor(random() * modes.length)], times: 1 });
  const timeoutMs = 800;
  const outcomes = {};
  for (let i = 0; i < 40; i++) {
    const r = await timedCheck({ accessToken: await freshToken(), channelPublicIds: ['_ZeUTxl'], timeoutMs });
    assert.ok(r.ms <= timeoutMs + MARGIN_MS, `call ${i}: ${Math.round(r.ms)} ms`);
    if (r.error) {
      assertKakaoError(r, TRANSPORT_CODES, `call ${i}`);
      outcomes[r.error.code] = (outcomes[r.error.code] ?? 0) + 1;
    } else {
      assert.equal(r.value.channels[0].relation, 'ADDED', `call ${i}`);
      outcomes.value = (outcomes.value ?? 0) + 1;
    }
  }
  assert.ok(outcomes.value > 0 && Object.keys(outcomes).length >= 3, JSON.stringify(outcomes));
});

/** followChannel with an access token (so the agt exchange runs first) in the page. */
function timedFollow(timeoutMs) {
  return bounded(
    h.page.evaluate(async (timeoutMs) => {
      const kc = await import('/dist/index.js');
      const started = performance.now();
      let opened = null;
      const open = window.open;
      window.open = function (...args) {
        opened = open.apply(this, args);
        return opened;
      };
      try {
        const value = await kc.followChannel({ channelPublicId: '_ZeUTxl', accessToken: 'demo-token-added', timeoutMs });
        return { value, ms: performance.now() - started, closed: opened ? opened.closed : null };
      } catch (e) {
        return {
          ms: performance.now() - started,
          closed: opened ? opened.closed : null,
          error: { code: e.code, status: e.status, message: e.message, isKakao: kc.isKakaoChannelError(e), isError: e instanceof Error },
        };
      } finally {
        window.open = open;
        if (opened && !opened.closed) opened.close();
      }
    }, timeoutMs),
    30_000,
    'followChannel',
  );
}

test('followChannel: faults on the agt exchange reject with a documented code within timeoutMs', async () => {
  const timeoutMs = 1000;
  for (const [fault, codes] of [
    [{ mode: 'hang' }, ['TIMEOUT']],
    [{ mode: 'delay', delayMs: 5000 }, ['TIMEOUT']],
    [{ mode: 'reset' }, ['NETWORK']],
    [{ mode: 'status500' }, ['INVALID_RESPONSE', 'NETWORK']],
    [{ mode: 'status500', status: 429 }, ['RATE_LIMITED', 'NETWORK']],
    [{ mode: 'malformed' }, ['INVALID_RESPONSE']],
    [{ mode: 'wrong-shape' }, ['INVALID_RESPONSE']],
  ]) {
    await h.control('POST', '/__fake/faults', { path: AGT, ...fault, times: 3 });
    const r = await timedFollow(timeoutMs);
    assertKakaoError(r, codes, `agt ${fault.mode} ${fault.status ?? ''}`);
    assert.ok(r.ms <= timeoutMs + MARGIN_MS, `agt ${fault.mode}: ${Math.round(r.ms)} ms`);
    await h.control('DELETE', '/__fake/faults');
  }
  // A slow agt that still answers within the budget: the window goes on to the follow page,
  // where nobody clicks, so the call ends with TIMEOUT at its deadline.
  await h.control('POST', '/__fake/faults', { path: AGT, mode: 'delay', delayMs: 300, times: 1 });
  const r = await timedFollow(timeoutMs);
  assertKakaoError(r, 'TIMEOUT', 'slow agt, then no click');
  assert.ok(r.ms >= timeoutMs - 20 && r.ms <= timeoutMs + MARGIN_MS, `${Math.round(r.ms)} ms`);
  assert.equal(r.closed, true, 'the window is closed at the deadline');
});

test('after all the faults: a normal call works, and the page saw no error', async () => {
  const r = await timedCheck({ accessToken: await freshToken(), channelPublicIds: ['_ZeUTxl'] });
  assert.equal(r.error, undefined, r.error && r.error.message);
  assert.equal(r.value.channels[0].relation, 'ADDED');
  assert.deepEqual(h.errors.map(String), []);
});
