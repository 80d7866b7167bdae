// Hostile input at the JS boundary of `kakao-channel/server`: every export and every
// KakaoChannelAdmin method called with wrong types, null/undefined, throwing getters, Proxies whose
// every trap throws, revoked Proxies, 10 MB strings, 100,000-element arrays, lone surrogates and
// prototype-pollution-shaped keys. Whatever goes in, a call returns normally or throws / rejects
// with a KakaoChannelError carrying a documented code: never a plain TypeError, never a wasm
// RuntimeError, never a promise that stays pending, never an uncaught exception. Afterwards the
// wasm instance still answers normal calls. Anything that sends goes to the fake Kakao server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KakaoChannelAdmin,
  KakaoChannelError,
  addChannelUrl,
  chatChannelUrl,
  isKakaoChannelError,
  parseChannelId,
  verifyWebhook,
} from 'kakao-channel/server';
import { ADMIN_KEY, useFake } from './fake.mjs';

const KEY = ADMIN_KEY;
/** The codes of api.md §3. */
const CODES = new Set([
  'INVALID_CHANNEL_ID',
  'SEARCH_ID_NOT_SUPPORTED',
  'INVALID_ARGUMENT',
  'NOT_INITIALIZED',
  'UNSUPPORTED_ENVIRONMENT',
  'POPUP_BLOCKED',
  'NETWORK',
  'TIMEOUT',
  'ABORTED',
  'INVALID_TOKEN',
  'CONSENT_REQUIRED',
  'RATE_LIMITED',
  'KAKAO_API',
  'INVALID_RESPONSE',
  'FOLLOW_FAILED',
  'ADMIN_KEY_IN_BROWSER',
  'WEBHOOK_UNAUTHORIZED',
  'INVALID_WEBHOOK',
]);
/** A promise that has not settled after this long is "pending" (the fake answers in ms; the
 * admin's timeoutMs below is 1 s with no retries). */
const PENDING_MS = 5000;

const fake = useFake();
const control = fake.control;
const uncaught = [];
const onUncaught = (e) => uncaught.push(e);
before(() => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
});
after(() => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
});

const admin = (options = {}) =>
  new KakaoChannelAdmin({ adminKey: KEY, hosts: { api: fake.url }, timeoutMs: 1000, retries: 0, ...options });

// ---------------------------------------------------------------------------------------------
// Hostile values. A fresh set per use: Proxies and getters are stateful enough to keep apart.

const TEN_MB = 10 * 1024 * 1024;
const HUGE = '_'.padEnd(TEN_MB, 'a');
const HUGE_URL = 'https://pf.kakao.com/_ZeUTxl/' + 'x'.repeat(TEN_MB);
const TRAPS = ['get', 'set', 'has', 'deleteProperty', 'ownKeys', 'getOwnPropertyDescriptor', 'defineProperty', 'getPrototypeOf', 'setPrototypeOf', 'isExtensible', 'preventExtensions', 'apply', 'construct'];
/** Every option key any export reads. */
const OPTION_KEYS = [
  'adminKey', 'hosts', 'api', 'timeoutMs', 'concurrency', 'retries', 'userId', 'userIds', 'channelPublicIds', 'channelPublicId',
  'signal', 'chunkSize', 'onProgress', 'fileName', 'schema', 'fileId', 'userType', 'users', 'batchSize', 'id', 'fields',
  'appKey', 'lang', 'origin', 'pfHost', 'headers', 'body', 'get', 'authorization', 'x-kakao-resource-id', 'length', '0',
];

function boom(what) {
  throw new Error(`hostile ${what}`);
}

/** A Proxy (of `target`) whose every trap throws. */
function trapAll(target = {}) {
  return new Proxy(target, Object.fromEntries(TRAPS.map((t) => [t, () => boom(`trap ${t}`)])));
}

function revoked(target = {}) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

/** An object whose every known option key is a throwing getter. */
function throwingGetters(base = {}) {
  const object = { ...base };
  for (const key of OPTION_KEYS) Object.defineProperty(object, key, { get: () => boom(`getter ${key}`), enumerable: true });
  return object;
}

const DISTINCT_IDS = '100,000 distinct IDs';

class EvilBytes extends Uint8Array {
  get length() {
    return boom('length getter');
  }
}

function hostileValues() {
  const array = [];
  Object.defineProperty(array, 0, { get: () => boom('array index getter'), enumerable: true });
  const poisonedIterator = ['_ZeUTxl'];
  poisonedIterator[Symbol.iterator] = () => boom('iterator');
  return [
    ['undefined', undefined],
    ['null', null],
    ['0', 0],
    ['-0', -0],
    ['NaN', NaN],
    ['-Infinity', -Infinity],
    ['1e308', 1e308],
    ['2^53+1', 2 ** 53 + 1],
    ['-1', -1],
    ['1.5', 1.5],
    ['true', true],
    ['false', false],
    ['symbol', Symbol('hostile')],
    ['function', () => {}],
    ['throwing function', () => boom('callback')],
    ['class', class Hostile {}],
    ['bigint', 10n],
    ['huge bigint', 2n ** 80n],
    ['empty string', ''],
    ['whitespace', ' \t\n'],
    ['NUL string', '_ab\u0000cd'],
    ['lone high surrogate', '\uD800'],
    ['lone low surrogate in an ID', '_ab\uDC00'],
    ['10 MB string', HUGE],
    ['10 MB URL', HUGE_URL],
    ['empty array', []],
    ['array of junk', [null, undefined, {}, 1n, Symbol('s')]],
    ['array with a throwing index getter', array],
    ['array with a throwing iterator', poisonedIterator],
    ['100,000-element array', new Array(100_000).fill('_ZeUTxl')],
    [DISTINCT_IDS, Array.from({ length: 100_000 }, (_, i) => `_c${i}`)],
    ['sparse array', new Array(100_000)],
    ['sparse array of length 2^32-1', new Array(2 ** 32 - 1)],
    ['empty object', {}],
    ['null-prototype object', Object.create(null)],
    ['object with throwing getters', throwingGetters()],
    ['Proxy whose every trap throws', trapAll()],
    ['array Proxy whose every trap throws', trapAll([])],
    ['function Proxy whose every trap throws', trapAll(() => {})],
    ['revoked Proxy', revoked()],
    ['revoked array Proxy', revoked([])],
    ['__proto__ pollution shape', JSON.parse('{"__proto__":{"channelPublicId":"_polluted","adminKey":"x","polluted":true},"constructor":{"prototype":{"polluted":true}}}')],
    ['toString/valueOf throw', { toString: () => boom('toString'), valueOf: () => boom('valueOf'), [Symbol.toPrimitive]: () => boom('toPrimitive') }],
    ['Date', new Date(0)],
    ['RegExp', /_ZeUTxl/],
    ['Error', new Error('x')],
    ['KakaoChannelError', new KakaoChannelError('INVALID_ARGUMENT', 'x')],
    ['promise', Promise.resolve('_ZeUTxl')],
    ['Uint8Array', new Uint8Array([0xff, 0xfe, 0x00])],
    ['Uint8Array Proxy whose every trap throws', trapAll(new Uint8Array(4))],
    ['aborted AbortSignal', AbortSignal.abort()],
    // Objects that pass `instanceof` but whose built-in getters throw (Illegal invocation).
    ['fake AbortSignal', Object.create(AbortSignal.prototype)],
    ['fake Uint8Array', Object.create(Uint8Array.prototype)],
    ['Uint8Array subclass with a throwing length', new EvilBytes(4)],
    ['Headers', new Headers({ authorization: `KakaoAK ${KEY}` })],
    ['WeakMap', new WeakMap()],
  ];
}

// ---------------------------------------------------------------------------------------------
// Running a call and judging it.

function describeError(e) {
  if (e === undefined) return 'undefined';
  try {
    return `${Object.prototype.toString.call(e)} ${e && e.name}: ${e && e.code ? `[${e.code}] ` : ''}${String(e && e.message).slice(0, 160)}`;
  } catch {
    return 'an unprintable value';
  }
}

/** Calls `fn()` and settles: `{ kind: 'value' | 'error' | 'pending', value, error, ms, async }`. */
async function settle(fn) {
  const started = performance.now();
  let result;
  try {
    result = fn();
  } catch (error) {
    return { kind: 'error', error, ms: performance.now() - started, async: false };
  }
  if (!result || typeof result.then !== 'function') return { kind: 'value', value: result, ms: performance.now() - started, async: false };
  let timer;
  const pending = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'pending', ms: PENDING_MS, async: true }), PENDING_MS);
  });
  const settled = result.then(
    (value) => ({ kind: 'value', value, async: true }),
    (error) => ({ kind: 'error', error, async: true }),
  );
  const outcome = await Promise.race([settled, pending]);
  clearTimeout(timer);
  return { ...outcome, ms: performance.now() - started };
}

/** What is wrong with an outcome (or null): only KakaoChannelErrors with documented codes. */
function violation(outcome, { promise = false } = {}) {
  if (outcome.kind === 'pending') return `still pending after ${PENDING_MS} ms`;
  if (promise && !outcome.async) return `returned synchronously (${outcome.kind === 'error' ? describeError(outcome.error) : typeof outcome.value}) instead of a promise`;
  if (outcome.kind === 'value') return null;
  const e = outcome.error;
  if (!isKakaoChannelError(e)) return `threw a non-KakaoChannelError: ${describeError(e)}`;
  if (!(e instanceof Error)) return 'threw a KakaoChannelError that is not an Error';
  if (!(e instanceof KakaoChannelError)) return 'instanceof KakaoChannelError is false';
  if (e.name !== 'KakaoChannelError') return `name is ${e.name}`;
  if (!CODES.has(e.code)) return `undocumented code ${String(e.code)}`;
  if (typeof e.message !== 'string' || e.message.length === 0) return 'no message';
  return null;
}

/** Runs every case; returns `["label: what went wrong", …]` and the outcomes. */
async function barrage(cases, { promise = false, slowMs = 3000 } = {}) {
  const problems = [];
  const outcomes = [];
  for (const [label, fn] of cases) {
    const outcome = await settle(fn);
    outcomes.push([label, outcome]);
    const wrong = violation(outcome, { promise });
    if (wrong) problems.push(`${label}: ${wrong}`);
    else if (outcome.ms > slowMs) problems.push(`${label}: took ${Math.round(outcome.ms)} ms`);
  }
  return { problems, outcomes };
}

/** Cases for an options-taking `call(options)`: hostile options, then each key of `base` (and of
 * `extraKeys`) set to each hostile value, then arrays of `arrayKeys` holding each hostile value. */
function optionCases(name, call, base, { extraKeys = [], arrayKeys = [], nested = {} } = {}) {
  const cases = [[`${name}()`, () => call()]];
  for (const [label, value] of hostileValues()) cases.push([`${name}(${label})`, () => call(value)]);
  for (const key of [...Object.keys(base), ...extraKeys]) {
    for (const [label, value] of hostileValues()) {
      // 100,000 distinct channel IDs block the thread for minutes (core's dedupe is O(n²)): that
      // case has its own test below, bounded in a child process.
      if (key === 'channelPublicIds' && label === DISTINCT_IDS) continue;
      cases.push([`${name}({ ${key}: ${label} })`, () => call({ ...base, [key]: value })]);
    }
  }
  for (const key of arrayKeys) {
    for (const [label, value] of hostileValues()) {
      cases.push([`${name}({ ${key}: [valid, ${label}] })`, () => call({ ...base, [key]: [base[key][0], value] })]);
    }
  }
  for (const [key, make] of Object.entries(nested)) {
    for (const [label, value] of hostileValues()) {
      cases.push([`${name}({ ${key}: ${label} nested })`, () => call({ ...base, [key]: make(value) })]);
    }
  }
  return cases;
}

const throwingGetterOptions = (base) => throwingGetters(base);

// ---------------------------------------------------------------------------------------------

describe('hostile calls at the server entry', () => {
  test('isKakaoChannelError never throws and is only true for KakaoChannelErrors', async () => {
    const { problems, outcomes } = await barrage(hostileValues().map(([label, v]) => [`isKakaoChannelError(${label})`, () => isKakaoChannelError(v)]));
    assert.deepEqual(problems, []);
    for (const [label, outcome] of outcomes) {
      assert.equal(outcome.kind, 'value', `${label} threw ${describeError(outcome.error)}`);
      assert.equal(outcome.value, label === 'isKakaoChannelError(KakaoChannelError)', label);
    }
    assert.equal(isKakaoChannelError({ [Symbol.for('kakao-channel.KakaoChannelError')]: 'yes' }), false, 'the brand must be exactly true');
  });

  test('parseChannelId: anything in, a public ID or a KakaoChannelError out', async () => {
    const cases = hostileValues().map(([label, v]) => [`parseChannelId(${label})`, () => parseChannelId(v)]);
    cases.push(['parseChannelId(valid, extra hostile args)', () => parseChannelId('_ZeUTxl', trapAll(), revoked())]);
    cases.push(['parseChannelId(String object)', () => parseChannelId(new String('_ZeUTxl'))]);
    const { problems, outcomes } = await barrage(cases);
    assert.deepEqual(problems, []);
    const byLabel = new Map(outcomes);
    assert.equal(byLabel.get('parseChannelId(10 MB string)').error?.code, 'INVALID_CHANNEL_ID');
    assert.equal(byLabel.get('parseChannelId(lone high surrogate)').error?.code, 'INVALID_CHANNEL_ID');
    assert.equal(byLabel.get('parseChannelId(lone low surrogate in an ID)').error?.code, 'INVALID_CHANNEL_ID');
    assert.equal(byLabel.get('parseChannelId(NUL string)').error?.code, 'INVALID_CHANNEL_ID');
    assert.equal(byLabel.get('parseChannelId(valid, extra hostile args)').value, '_ZeUTxl');
    // Long inputs are refused fast (no quadratic scan), URLs included.
    for (const input of [HUGE, HUGE_URL, ` ${HUGE} `, `@${HUGE}`, `https://pf.kakao.com/${HUGE}`]) {
      const started = performance.now();
      assert.throws(() => parseChannelId(input), (e) => isKakaoChannelError(e));
      assert.ok(performance.now() - started < 3000, `${Math.round(performance.now() - started)} ms for ${input.length} chars`);
    }
  });

  for (const [name, fn] of [
    ['addChannelUrl', addChannelUrl],
    ['chatChannelUrl', chatChannelUrl],
  ]) {
    test(`${name}: every option hostile`, async () => {
      const base = { channelPublicId: '_ZeUTxl', appKey: 'demo-javascript-key', lang: 'en', origin: 'https://shop.example', pfHost: 'https://pf.kakao.com' };
      const cases = optionCases(name, fn, base, { nested: { '<all getters throw>': () => throwingGetterOptions(base) } });
      const { problems, outcomes } = await barrage(cases);
      assert.deepEqual(problems, []);
      for (const [label, outcome] of outcomes) {
        if (outcome.kind !== 'value') continue;
        assert.equal(typeof outcome.value, 'string', label);
        // Whatever was accepted, the link still goes to the channel's page on an https host (a
        // pfHost may carry a path prefix, as the fake's `/__fake/no-content` does).
        const page = label.includes('pfHost') ? /^https:\/\/[^/?#]+(\/[^?#]*)?\/_ZeUTxl\/(friend|chat)(\?|$)/ : /^https:\/\/pf\.kakao\.com\/_ZeUTxl\/(friend|chat)(\?|$)/;
        assert.ok(page.test(outcome.value), `${label}: ${outcome.value.slice(0, 200)}`);
      }
    });
  }

  test('verifyWebhook: hostile requests, headers, bodies and options', async () => {
    const body = JSON.stringify({ event: 'added', id: '1', id_type: 'app_user_id', channel_public_id: '_ZeUTxl', channel_uuid: '@k', updated_at: '2020-02-19T07:02:21Z' });
    const headers = { authorization: `KakaoAK ${KEY}` };
    const cases = [['verifyWebhook()', () => verifyWebhook()]];
    for (const [label, v] of hostileValues()) {
      cases.push([`verifyWebhook(${label}, options)`, () => verifyWebhook(v, { adminKey: KEY })]);
      cases.push([`verifyWebhook(request, ${label})`, () => verifyWebhook({ headers, body }, v)]);
      cases.push([`verifyWebhook({ headers: ${label} })`, () => verifyWebhook({ headers: v, body }, { adminKey: KEY })]);
      cases.push([`verifyWebhook({ body: ${label} })`, () => verifyWebhook({ headers, body: v }, { adminKey: KEY })]);
      cases.push([`verifyWebhook({ authorization: ${label} })`, () => verifyWebhook({ headers: { authorization: v }, body }, { adminKey: KEY })]);
      cases.push([`verifyWebhook({ authorization: [${label}] })`, () => verifyWebhook({ headers: { authorization: [v] }, body }, { adminKey: KEY })]);
      cases.push([`verifyWebhook({ x-kakao-resource-id: ${label} })`, () => verifyWebhook({ headers: { ...headers, 'x-kakao-resource-id': v }, body }, { adminKey: KEY })]);
      cases.push([`verifyWebhook({ headers.get: ${label} })`, () => verifyWebhook({ headers: { get: v }, body }, { adminKey: KEY })]);
      cases.push([`verifyWebhook({ adminKey: ${label} })`, () => verifyWebhook({ headers, body }, { adminKey: v })]);
    }
    cases.push(['verifyWebhook(request with throwing getters)', () => verifyWebhook(throwingGetters(), { adminKey: KEY })]);
    cases.push(['verifyWebhook(headers with throwing getters)', () => verifyWebhook({ headers: throwingGetters(), body }, { adminKey: KEY })]);
    cases.push(['verifyWebhook(headers.get returns hostile)', () => verifyWebhook({ headers: { get: () => trapAll() }, body }, { adminKey: KEY })]);
    cases.push(['verifyWebhook(100,000 header names)', () => verifyWebhook({ headers: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`x-h${i}`, 'v'])), body }, { adminKey: KEY })]);
    cases.push(['verifyWebhook(10 MB body of nesting)', () => verifyWebhook({ headers, body: '{"a":'.repeat(TEN_MB / 5) }, { adminKey: KEY })]);
    cases.push(['verifyWebhook(body with lone surrogates)', () => verifyWebhook({ headers, body: body.replace('"1"', '"\uD800"') }, { adminKey: KEY })]);
    cases.push(['verifyWebhook(__proto__ keys in the body)', () => verifyWebhook({ headers, body: body.replace('{', '{"__proto__":{"event":"blocked"},"constructor":{"prototype":{"x":1}},') }, { adminKey: KEY })]);
    const { problems, outcomes } = await barrage(cases);
    assert.deepEqual(problems, []);
    const byLabel = new Map(outcomes);
    assert.equal(byLabel.get('verifyWebhook(__proto__ keys in the body)').value?.event, 'added');
    assert.equal({}.x, undefined, 'Object.prototype untouched');
  });

  test('new KakaoChannelAdmin: hostile options', async () => {
    const base = { adminKey: KEY, hosts: { api: fake.url }, timeoutMs: 1000, concurrency: 4, retries: 0 };
    const cases = optionCases('new KakaoChannelAdmin', (o) => new KakaoChannelAdmin(o), base, {
      nested: { hosts: (v) => ({ api: v }), '<all getters throw>': () => throwingGetterOptions(base) },
    });
    cases.push(['KakaoChannelAdmin() without new', () => KakaoChannelAdmin(base)]);
    const { problems, outcomes } = await barrage(cases);
    assert.deepEqual(problems.filter((p) => !p.startsWith('KakaoChannelAdmin() without new')), []);
    for (const [label, outcome] of outcomes) {
      if (outcome.kind === 'value') {
        assert.ok(outcome.value instanceof KakaoChannelAdmin, label);
        outcome.value.free();
      }
    }
    // Without `new`, a class constructor throws the engine's TypeError before any SDK code runs:
    // the one plain error the entry cannot turn into a KakaoChannelError.
    assert.throws(() => KakaoChannelAdmin(base), TypeError);
  });
});

describe('hostile calls to KakaoChannelAdmin methods (against the fake)', () => {
  let fileId;
  before(async () => {
    await control('POST', '/__fake/reset');
    ({ fileId } = await admin().createCustomerFile({ channelPublicId: '_ZeUTxl', fileName: 'hostile', schema: { tier: 'string', points: 'number' } }));
  });

  const methods = () => [
    ['checkRelationship', { userId: 1001, channelPublicIds: ['_ZeUTxl'] }, { extraKeys: ['signal'], arrayKeys: ['channelPublicIds'] }],
    [
      'checkRelationships',
      { userIds: [1001, '9223372036854775001'], channelPublicIds: ['_ZeUTxl'], chunkSize: 200, concurrency: 2, onProgress: () => {} },
      { extraKeys: ['signal'], arrayKeys: ['userIds', 'channelPublicIds'] },
    ],
    ['listCustomerFiles', { channelPublicId: '_ZeUTxl' }, { extraKeys: ['signal'] }],
    [
      'createCustomerFile',
      { channelPublicId: '_RQxl', fileName: 'f', schema: { tier: 'string' } },
      { extraKeys: ['signal'], nested: { schema: (v) => ({ tier: v }) } },
    ],
    [
      'addCustomerUsers',
      { channelPublicId: '_ZeUTxl', fileId, userType: 'app', users: [{ id: 1, fields: { tier: 'a', points: 1 } }], schema: { tier: 'string', points: 'number' }, batchSize: 2000, concurrency: 1, onProgress: () => {} },
      {
        extraKeys: ['signal'],
        arrayKeys: ['users'],
        nested: {
          'users[0].id': (v) => [{ id: v }],
          'users[0].fields': (v) => [{ id: 1, fields: v }],
          'users[0].fields.tier': (v) => [{ id: 1, fields: { tier: v } }],
          schema: (v) => ({ tier: v }),
        },
      },
    ],
    [
      'deleteCustomerUsers',
      { channelPublicId: '_ZeUTxl', fileId, userType: 'app', userIds: [1], batchSize: 2000, concurrency: 1, onProgress: () => {} },
      { extraKeys: ['signal'], arrayKeys: ['userIds'] },
    ],
  ];

  for (const [name, , extra] of methods()) {
    test(`${name}: every option hostile; only KakaoChannelError rejections, always a promise`, async () => {
      // fileId is known only once `before` ran: read the base here.
      const [, base] = methods().find(([n]) => n === name);
      const a = admin({ concurrency: 8 });
      const cases = optionCases(name, (o) => a[name](o), base, {
        ...extra,
        nested: { ...extra.nested, '<all getters throw>': () => throwingGetterOptions(base) },
      });
      cases.push([`${name}(valid, extra hostile args)`, () => a[name](base, trapAll(), revoked())]);
      const { problems } = await barrage(cases, { promise: true });
      assert.deepEqual(problems, []);
      a.free();
    });
  }

  test('methods on a detached `this` or a freed instance reject with a KakaoChannelError', async () => {
    const a = admin();
    const { checkRelationship } = a;
    const freed = admin();
    freed.free();
    const cases = [
      ['detached checkRelationship', () => checkRelationship({ userId: 1 })],
      ['checkRelationships.call({})', () => KakaoChannelAdmin.prototype.checkRelationships.call({}, { userIds: [1] })],
      ['listCustomerFiles.call(Proxy)', () => KakaoChannelAdmin.prototype.listCustomerFiles.call(trapAll(), { channelPublicId: '_ZeUTxl' })],
      ['freed.checkRelationship', () => freed.checkRelationship({ userId: 1 })],
      ['freed.addCustomerUsers', () => freed.addCustomerUsers({ channelPublicId: '_ZeUTxl', fileId: 1, userType: 'app', users: [] })],
    ];
    const { problems } = await barrage(cases, { promise: true });
    assert.deepEqual(problems, []);
    a.free();
  });

  test('100,000-element inputs are handled in bounded time', async () => {
    const a = admin({ concurrency: 16 });
    await control('POST', '/__fake/reset');
    const ids = Array.from({ length: 100_000 }, (_, i) => 10_000 + (i % 1000));
    const started = performance.now();
    const results = await a.checkRelationships({ userIds: ids, channelPublicIds: ['_ZeUTxl'] });
    assert.equal(results.length, 100_000);
    assert.ok(results.every((r, i) => r.userId === ids[i] && !r.error));
    const { fileId: f } = await a.createCustomerFile({ channelPublicId: '_ZeUTxl', fileName: 'big', schema: { n: 'number' } });
    const users = Array.from({ length: 100_000 }, (_, i) => ({ id: 1 + i, fields: { n: i } }));
    const report = await a.addCustomerUsers({ channelPublicId: '_ZeUTxl', fileId: f, userType: 'app', users });
    assert.deepEqual([report.requested, report.succeeded, report.failed, report.batches], [100_000, 100_000, 0, 50]);
    // An invalid entry at the very end is found, named, and nothing is sent.
    users[99_999] = { id: 'x' };
    await assert.rejects(a.addCustomerUsers({ channelPublicId: '_ZeUTxl', fileId: f, userType: 'app', users }), (e) => isKakaoChannelError(e) && /users\[99999\]/.test(e.message));
    assert.ok(performance.now() - started < 30_000, `${Math.round(performance.now() - started)} ms`);
    a.free();
  });
});

describe('100,000 distinct channel IDs', () => {
  // Was a bug: core's quadratic `dedupe` stalled the event loop for minutes on 100,000 IDs (all
  // synchronous, before timeoutMs starts). Lists over 1,000 IDs are now INVALID_ARGUMENT at once.
  // The call runs in a child process so a regression is bounded and killed.
  const BOUND_MS = 8000;
  test(
    'checkRelationship / checkRelationships settle within timeoutMs + a margin',
    async () => {
      const { spawn } = await import('node:child_process');
      const server = new URL('../../dist/server.js', import.meta.url).href;
      const code = `
        const { KakaoChannelAdmin, isKakaoChannelError } = await import(${JSON.stringify(server)});
        const a = new KakaoChannelAdmin({ adminKey: ${JSON.stringify(KEY)}, hosts: { api: ${JSON.stringify(fake.url)} }, timeoutMs: 1000, retries: 0 });
        const ids = Array.from({ length: 100000 }, (_, i) => '_c' + i);
        const started = performance.now();
        const out = [];
        for (const call of [() => a.checkRelationship({ userId: 1, channelPublicIds: ids }), () => a.checkRelationships({ userIds: [1], channelPublicIds: ids })]) {
          try { await call(); out.push('value'); } catch (e) { out.push(isKakaoChannelError(e) ? e.code : 'plain ' + e); }
        }
        console.log(JSON.stringify({ out, ms: performance.now() - started }));
      `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const timer = setTimeout(() => child.kill('SIGKILL'), BOUND_MS);
      await exited;
      clearTimeout(timer);
      assert.ok(stdout, `both calls did not settle within ${BOUND_MS} ms (killed)`);
      const { out, ms } = JSON.parse(stdout);
      assert.ok(out.every((o) => CODES.has(o) || o === 'value'), JSON.stringify(out));
      assert.ok(ms < BOUND_MS, `${Math.round(ms)} ms`);
    },
  );
});

describe('afterwards', () => {
  test('a polluted Object.prototype does not break option reading', async () => {
    const keys = ['channelPublicId', 'appKey', 'lang', 'adminKey', 'userIds', 'signal', 'onProgress', 'get'];
    const saved = keys.map((k) => Object.getOwnPropertyDescriptor(Object.prototype, k));
    try {
      for (const k of keys) Object.defineProperty(Object.prototype, k, { get: () => boom(`polluted ${k}`), configurable: true });
      const cases = [
        ['parseChannelId', () => parseChannelId('_ZeUTxl')],
        ['addChannelUrl({})', () => addChannelUrl({})],
        ['chatChannelUrl(valid)', () => chatChannelUrl({ channelPublicId: '_ZeUTxl', appKey: 'k', lang: 'ko' })],
        ['new KakaoChannelAdmin({})', () => new KakaoChannelAdmin({})],
        ['verifyWebhook', () => verifyWebhook({ headers: {}, body: '{}' }, {})],
      ];
      const { problems } = await barrage(cases);
      assert.deepEqual(problems, []);
    } finally {
      keys.forEach((k, i) => (saved[i] ? Object.defineProperty(Object.prototype, k, saved[i]) : delete Object.prototype[k]));
    }
  });

  test('the wasm instance is not poisoned: normal calls still work, nothing leaked out', async () => {
    assert.equal(parseChannelId('https://pf.kakao.com/_ZeUTxl'), '_ZeUTxl');
    assert.equal(chatChannelUrl({ channelPublicId: '_ZeUTxl' }), 'https://pf.kakao.com/_ZeUTxl/chat');
    await control('POST', '/__fake/reset');
    const a = admin();
    const r = await a.checkRelationship({ userId: 1001, channelPublicIds: ['_ZeUTxl'] });
    assert.equal(r.channels[0].relation, 'ADDED');
    const many = await a.checkRelationships({ userIds: [1001, 1002] });
    assert.deepEqual(many.map((x) => x.channels.length), [3, 3]);
    const event = verifyWebhook(
      { headers: { authorization: `KakaoAK ${KEY}` }, body: '{"event":"added","id":"1","id_type":"app_user_id","channel_public_id":"_ZeUTxl","channel_uuid":"@k","updated_at":"2020-02-19T07:02:21Z"}' },
      { adminKey: KEY },
    );
    assert.equal(event.id, '1');
    // Many hostile calls in a row, then a normal one: nothing accumulates (a leaked wasm stack
    // or a borrow left held would show here).
    for (let i = 0; i < 20_000; i++) {
      try {
        verifyWebhook({ headers: trapAll(), body: trapAll() }, { adminKey: KEY });
      } catch {}
      try {
        parseChannelId(revoked());
      } catch {}
      try {
        verifyWebhook({ headers: { authorization: `KakaoAK ${KEY}` }, body: new EvilBytes(4) }, { adminKey: KEY });
      } catch {}
    }
    for (let i = 0; i < 2000; i++) await a.checkRelationship({ userId: 1, signal: Object.create(AbortSignal.prototype) }).catch(() => {});
    for (let i = 0; i < 2000; i++) await a.checkRelationships({ userIds: revoked() }).catch(() => {});
    assert.equal(parseChannelId(' _ZeUTxl '), '_ZeUTxl');
    assert.equal((await a.checkRelationship({ userId: 1001 })).channels.length, 3);
    assert.equal({}.polluted, undefined, 'Object.prototype untouched');
    assert.deepEqual(uncaught.map(describeError), [], 'no uncaught exception or unhandled rejection');
  });
});
