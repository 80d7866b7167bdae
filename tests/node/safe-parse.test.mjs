// safeParseChannelId (api.md §5.1) on both entries: never throws, accepts exactly what
// parseChannelId accepts, and refuses with the very error (code and message) parseChannelId throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as server from 'kakao-channel/server';
import * as kc from 'kakao-channel';

const TEN_MB = 10 * 1024 * 1024;
const boom = (what) => {
  throw new Error(`hostile ${what}`);
};
const TRAPS = ['get', 'set', 'has', 'deleteProperty', 'ownKeys', 'getOwnPropertyDescriptor', 'defineProperty', 'getPrototypeOf', 'setPrototypeOf', 'isExtensible', 'preventExtensions', 'apply', 'construct'];

/** Values no caller should pass, and a few that look like strings but are not. */
function hostile() {
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  return [
    undefined,
    null,
    0,
    NaN,
    42,
    true,
    10n,
    Symbol('s'),
    () => '_ZeUTxl',
    {},
    [],
    ['_ZeUTxl'],
    new String('_ZeUTxl'),
    { toString: () => '_ZeUTxl' },
    { toString: () => boom('toString'), valueOf: () => boom('valueOf'), [Symbol.toPrimitive]: () => boom('toPrimitive') },
    new Proxy({}, Object.fromEntries(TRAPS.map((t) => [t, () => boom(`trap ${t}`)]))),
    new Proxy(function () {}, Object.fromEntries(TRAPS.map((t) => [t, () => boom(`trap ${t}`)]))),
    revocable.proxy,
    '_'.padEnd(TEN_MB, 'a'),
    '가'.repeat(TEN_MB / 2),
    `https://pf.kakao.com/_ZeUTxl?${'q'.repeat(TEN_MB)}`,
    '\uD800',
    '_ab\uDC00',
  ];
}

/** A seeded mix of what users paste: IDs, URLs, look-alikes, search IDs, garbage, long input. */
function corpus(n) {
  let a = 0x5eed;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const str = (chars, len) => Array.from({ length: len }, () => pick(chars)).join('');
  const ALNUM = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
  const ODD = [...ALNUM, ...' _-@/:?#%.\\\t\n\u0000\u0085\u200b카카오ＡＢ🙂', '%5F', '%40', '%2F', '%E0%A4'];
  const id = () => `_${str(ALNUM, 1 + Math.floor(rnd() * 33))}`;
  const ws = () => pick(['', '', ' ', '\t', '\n', '\u00a0', '\u3000', '\ufeff', '\u2028']);
  const out = [
    '_ZeUTxl', '  _ZeUTxl\n', '\u3000_ZeUTxl\ufeff', 'https://pf.kakao.com/%5FZeUTxl', '🙂 _x', '_',
    '@brand', 'https://pf.kakao.com/@brand/chat', '@', '', ' ', 'https://pf.kakao.com:443/_x',
  ];
  for (let i = 0; i < n; i++) {
    out.push(
      pick([
        () => ws() + id() + ws(),
        () => ws() + pick(['https://', 'HTTP://', '//', '', 'ftp://', 'https:/']) + pick(['pf.kakao.com', 'PF.Kakao.COM.', 'pf.kakao.com.evil.com', 'a@pf.kakao.com', 'pf.kakao.com:80', 'ｐｆ.kakao.com']) + pick(['/', '//', '/%5F', '/@']) + id().slice(pick([0, 1])) + pick(['', '/chat', '?a=1#b', '%2Fx', '%', '#']) + ws(),
        () => pick(['@', 'pf.kakao.com/@', '@x/']) + str(ALNUM, Math.floor(rnd() * 20)),
        () => str(ODD, Math.floor(rnd() * 50)),
        () => pick(['_', '@', 'https://pf.kakao.com/_x?', '가']).padEnd(2000 + Math.floor(rnd() * 100), pick(['a', '가', '🙂'])),
      ])(),
    );
  }
  return out;
}

function thrown(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
}

/** safeParse(input) is parse(input) as a value: same ID, or an error of the same code and message. */
function assertEquivalent(parse, safeParse, input, label) {
  const safe = thrown(() => safeParse(input));
  assert.equal(safe.error, undefined, `${label}: safeParseChannelId threw ${safe.error}`);
  const result = safe.value;
  const strict = thrown(() => parse(input));
  if (strict.error === undefined) {
    assert.deepEqual(result, { ok: true, channelPublicId: strict.value }, label);
  } else {
    assert.equal(result.ok, false, label);
    assert.deepEqual(Object.keys(result), ['ok', 'error'], label);
    assert.ok(kc.isKakaoChannelError(result.error) && result.error instanceof Error, label);
    assert.equal(result.error.code, strict.error.code, label);
    assert.equal(result.error.message, strict.error.message, label);
    assert.equal(result.error.name, 'KakaoChannelError');
  }
  return result;
}

test('server entry: hostile values are answered, never thrown', () => {
  for (const [i, value] of hostile().entries()) {
    const started = performance.now();
    const result = assertEquivalent(server.parseChannelId, server.safeParseChannelId, value, `hostile #${i}`);
    assert.equal(result.ok, false, `hostile #${i}`);
    assert.equal(result.error.code, 'INVALID_CHANNEL_ID');
    assert.ok(performance.now() - started < 1000, `hostile #${i} took ${Math.round(performance.now() - started)} ms`);
  }
});

test('server entry: same answers as parseChannelId over a mixed corpus', () => {
  const seen = { ok: 0, INVALID_CHANNEL_ID: 0, SEARCH_ID_NOT_SUPPORTED: 0 };
  for (const input of corpus(3000)) {
    const r = assertEquivalent(server.parseChannelId, server.safeParseChannelId, input, JSON.stringify(input.slice(0, 80)));
    seen[r.ok ? 'ok' : r.error.code]++;
  }
  for (const [what, count] of Object.entries(seen)) assert.ok(count > 50, `${what}: only ${count}`);
  assert.deepEqual(server.safeParseChannelId(' https://pf.kakao.com/%5FZeUTxl/chat'), { ok: true, channelPublicId: '_ZeUTxl' });
  assert.deepEqual(server.safeParseChannelId('\u3000\ufeff_Bxkd\u00a0'), { ok: true, channelPublicId: '_Bxkd' });
  const search = server.safeParseChannelId('@brand');
  assert.equal(search.error.code, 'SEARCH_ID_NOT_SUPPORTED');
  assert.match(search.error.message, /pf\.kakao\.com/);
});

test('a 10 MB string is refused with the message of its first 60 characters, without copying it whole', () => {
  const huge = '가나'.repeat(TEN_MB / 2);
  const started = performance.now();
  const { error } = server.safeParseChannelId(huge);
  assert.ok(performance.now() - started < 50, `${performance.now() - started} ms`);
  assert.equal(error.message, `"${'가나'.repeat(30)}…" is not a Kakao Talk Channel public ID (it is far too long). Pass the ID (\`_ZeUTxl\`) or the channel URL (\`https://pf.kakao.com/_ZeUTxl\`).`);
  // Just past the limit in UTF-8 bytes but not in UTF-16 units: the same rule decides.
  const border = '가'.repeat(700);
  assert.deepEqual(thrown(() => server.parseChannelId(border)).error.message, server.safeParseChannelId(border).error.message);
  assert.match(server.safeParseChannelId(border).error.message, /far too long/);
});

test('browser entry: before init, NOT_INITIALIZED as a value; after init, the server entry answers', async () => {
  assert.equal(kc.isInitialized(), false);
  for (const value of ['_ZeUTxl', ...hostile()]) {
    const result = thrown(() => kc.safeParseChannelId(value));
    assert.equal(result.error, undefined);
    assert.equal(result.value.ok, false);
    assert.equal(result.value.error.code, 'NOT_INITIALIZED');
    assert.match(result.value.error.message, /^safeParseChannelId\(\) was called before init\(\)/);
  }
  assert.throws(() => kc.parseChannelId('_ZeUTxl'), (e) => e.code === 'NOT_INITIALIZED' && /^parseChannelId\(\)/.test(e.message));
  await kc.init({ appKey: 'demo-javascript-key' });
  for (const [i, value] of hostile().entries()) assertEquivalent(kc.parseChannelId, kc.safeParseChannelId, value, `hostile #${i}`);
  for (const input of corpus(1000)) {
    const browserSide = assertEquivalent(kc.parseChannelId, kc.safeParseChannelId, input, JSON.stringify(input.slice(0, 80)));
    const serverSide = server.safeParseChannelId(input);
    assert.equal(browserSide.ok, serverSide.ok);
    if (browserSide.ok) assert.equal(browserSide.channelPublicId, serverSide.channelPublicId);
    else assert.equal(browserSide.error.message, serverSide.error.message);
  }
});

test('the refusal is a KakaoChannelError made without stack frames (it is returned, never thrown), and Error.stackTraceLimit is left as it was', () => {
  const before = Error.stackTraceLimit;
  const r = server.safeParseChannelId('@brand');
  assert.equal(r.ok, false);
  assert.ok(r.error instanceof server.KakaoChannelError && r.error instanceof Error);
  assert.equal(r.error.name, 'KakaoChannelError');
  assert.equal(r.error.code, 'SEARCH_ID_NOT_SUPPORTED');
  assert.doesNotMatch(String(r.error.stack), /\n\s+at /, 'no frames');
  assert.equal(Error.stackTraceLimit, before);
  // The throwing twin keeps its stack: it points at the caller.
  assert.throws(() => server.parseChannelId('@brand'), (e) => /\n\s+at /.test(e.stack));
});
