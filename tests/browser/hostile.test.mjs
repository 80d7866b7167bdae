// Hostile calls at the JS boundary of the browser entry `kakao-channel`, in headless Chromium
// against the built package and the fake Kakao server. Every export is called, before and after
// init, with wrong types, null/undefined, throwing getters, Proxies whose every trap throws,
// revoked Proxies, 10 MB strings, 100,000-element arrays, lone surrogates, prototype-pollution
// shapes and DOM objects where strings belong. Each call must return normally or throw / reject
// with a KakaoChannelError carrying a documented code: never a plain TypeError, never a wasm
// RuntimeError, never a promise left pending, never a synchronous throw from a promise-returning
// function, and nothing that freezes the page. Afterwards the module still works, and the page saw
// no uncaught error and no unhandled rejection.
// Longer than ~600 lines on purpose: a table of hostile inputs per export, each case independent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bounded, poll, useHarness } from './harness.mjs';

const h = useHarness();

/** Installs `window.__hostile` in a page: hostile values, the judge and the barrage runner. Runs
 * in the page (serialised by Playwright), so it is self-contained. */
function installLib() {
  const CODES = new Set([
    'INVALID_CHANNEL_ID', 'SEARCH_ID_NOT_SUPPORTED', 'INVALID_ARGUMENT', 'NOT_INITIALIZED', 'UNSUPPORTED_ENVIRONMENT',
    'POPUP_BLOCKED', 'NETWORK', 'TIMEOUT', 'ABORTED', 'INVALID_TOKEN', 'CONSENT_REQUIRED', 'RATE_LIMITED', 'KAKAO_API',
    'INVALID_RESPONSE', 'FOLLOW_FAILED', 'ADMIN_KEY_IN_BROWSER', 'WEBHOOK_UNAUTHORIZED', 'INVALID_WEBHOOK',
  ]);
  const TEN_MB = 10 * 1024 * 1024;
  const HUGE = '_'.padEnd(TEN_MB, 'a');
  const HUGE_URL = 'https://pf.kakao.com/_ZeUTxl/' + 'x'.repeat(TEN_MB);
  const TRAPS = ['get', 'set', 'has', 'deleteProperty', 'ownKeys', 'getOwnPropertyDescriptor', 'defineProperty', 'getPrototypeOf', 'setPrototypeOf', 'isExtensible', 'preventExtensions', 'apply', 'construct'];
  const OPTION_KEYS = [
    'channelPublicId', 'lang', 'accessToken', 'channelPublicIds', 'signal', 'timeoutMs', 'container', 'size', 'color', 'shape',
    'title', 'supportMultipleDensities', 'appKey', 'hosts', 'api', 'auth', 'pf', 'apps', 'length', '0', 'then',
  ];
  const DISTINCT_IDS = '100,000 distinct IDs';
  const boom = (what) => {
    throw new Error(`hostile ${what}`);
  };
  const trapAll = (target = {}) => new Proxy(target, Object.fromEntries(TRAPS.map((t) => [t, () => boom(`trap ${t}`)])));
  const revoked = (target = {}) => {
    const { proxy, revoke } = Proxy.revocable(target, {});
    revoke();
    return proxy;
  };
  const throwingGetters = (base = {}) => {
    const object = { ...base };
    for (const key of OPTION_KEYS) Object.defineProperty(object, key, { get: () => boom(`getter ${key}`), enumerable: true });
    return object;
  };

  function values() {
    const array = [];
    Object.defineProperty(array, 0, { get: () => boom('array index getter'), enumerable: true });
    const poisonedIterator = ['_ZeUTxl'];
    poisonedIterator[Symbol.iterator] = () => boom('iterator');
    const detached = document.createElement('div');
    const controller = new AbortController();
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
      ['empty string', ''],
      ['whitespace', ' \t\n'],
      ['NUL string', '_ab\u0000cd'],
      ['lone high surrogate', '\uD800'],
      ['lone low surrogate in an ID', '_ab\uDC00'],
      ['lone surrogate in a URL', 'https://pf.kakao.com/_ZeUTxl\uD800'],
      ['10 MB string', HUGE],
      ['10 MB URL', HUGE_URL],
      ['javascript: URL', 'javascript:alert(1)'],
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
      ['__proto__ pollution shape', JSON.parse('{"__proto__":{"channelPublicId":"_polluted","accessToken":"x","polluted":true},"constructor":{"prototype":{"polluted":true}}}')],
      ['toString/valueOf throw', { toString: () => boom('toString'), valueOf: () => boom('valueOf'), [Symbol.toPrimitive]: () => boom('toPrimitive') }],
      ['thenable that throws', { then: () => boom('then') }],
      ['Date', new Date(0)],
      ['RegExp', /_ZeUTxl/],
      ['Error', new Error('x')],
      ['promise', Promise.resolve('_ZeUTxl')],
      ['window', window],
      ['document', document],
      ['detached element', detached],
      ['text node', document.createTextNode('_ZeUTxl')],
      ['AbortSignal', controller.signal],
      ['aborted AbortSignal', AbortSignal.abort()],
      // Objects that pass `instanceof` but whose built-in getters throw (Illegal invocation).
      ['fake AbortSignal', Object.create(AbortSignal.prototype)],
      ['fake HTMLElement', Object.create(HTMLElement.prototype)],
      ['fake HTMLDivElement', Object.create(HTMLDivElement.prototype)],
      ['Element Proxy whose every trap throws', trapAll(detached)],
    ];
  }

  function describe(e) {
    try {
      return `${Object.prototype.toString.call(e)} ${e && e.name}: ${e && e.code ? `[${e.code}] ` : ''}${String(e && e.message).slice(0, 160)}`;
    } catch {
      return 'an unprintable value';
    }
  }

  /** Calls `fn()` and waits for it to settle, at most `pendingMs`. */
  async function settle(fn, pendingMs) {
    const started = performance.now();
    let result;
    try {
      result = fn();
    } catch (error) {
      return { kind: 'error', error, ms: performance.now() - started, async: false };
    }
    if (!(result instanceof Promise)) return { kind: 'value', value: result, ms: performance.now() - started, async: false };
    let timer;
    const pending = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'pending' }), pendingMs);
    });
    const outcome = await Promise.race([
      result.then(
        (value) => ({ kind: 'value', value }),
        (error) => ({ kind: 'error', error }),
      ),
      pending,
    ]);
    clearTimeout(timer);
    return { ...outcome, ms: performance.now() - started, async: true };
  }

  function judge(outcome, { promise, pendingMs, expectCode }) {
    if (outcome.kind === 'pending') return `still pending after ${pendingMs} ms`;
    if (promise && !outcome.async) return `returned synchronously (${outcome.kind === 'error' ? describe(outcome.error) : typeof outcome.value}) instead of a promise`;
    if (outcome.kind === 'value') return expectCode ? `returned instead of throwing ${expectCode}` : null;
    const e = outcome.error;
    if (!globalThis.__kc.isKakaoChannelError(e)) return `threw a non-KakaoChannelError: ${describe(e)}`;
    if (!(e instanceof Error)) return 'a KakaoChannelError that is not an Error';
    if (!(e instanceof globalThis.__kc.KakaoChannelError)) return 'instanceof KakaoChannelError is false';
    if (e.name !== 'KakaoChannelError') return `name is ${e.name}`;
    if (!CODES.has(e.code)) return `undocumented code ${String(e.code)}`;
    if (typeof e.message !== 'string' || !e.message) return 'no message';
    if (expectCode && e.code !== expectCode) return `code ${e.code}, expected ${expectCode}`;
    return null;
  }

  /** `[label, fn]` cases: hostile options, each key of `base` (and `extraKeys`) hostile, arrays
   * of `arrayKeys` holding a hostile entry, `nested` shapes, all getters throwing. */
  function cases(name, call, base, { extraKeys = [], arrayKeys = [], nested = {} } = {}) {
    const list = [[`${name}()`, () => call()]];
    for (const [label, value] of values()) list.push([`${name}(${label})`, () => call(value)]);
    if (base) {
      for (const key of [...Object.keys(base), ...extraKeys]) {
        for (const [label, value] of values()) {
          // 100,000 distinct channel IDs freeze the page for minutes (core's dedupe is O(n²)):
          // a test of its own below covers that case.
          if (key === 'channelPublicIds' && label === DISTINCT_IDS) continue;
          list.push([`${name}({ ${key}: ${label} })`, () => call({ ...base, [key]: value })]);
        }
      }
      for (const key of arrayKeys) {
        for (const [label, value] of values()) list.push([`${name}({ ${key}: [valid, ${label}] })`, () => call({ ...base, [key]: [base[key][0], value] })]);
      }
      for (const [key, make] of Object.entries(nested)) {
        for (const [label, value] of values()) list.push([`${name}({ ${key}: ${label} })`, () => call({ ...base, [key]: make(value) })]);
      }
      list.push([`${name}(<every getter throws>)`, () => call(throwingGetters(base))]);
      list.push([`${name}(valid, extra hostile args)`, () => call(base, trapAll(), revoked())]);
    }
    return list;
  }

  /** Runs the cases; `["label: what went wrong"]` plus a count of outcomes by kind. */
  async function barrage(list, { promise = false, pendingMs = 5000, slowMs = 3000, expectCode } = {}) {
    const problems = [];
    const counts = { value: 0, error: 0, pending: 0, cases: list.length };
    for (const [label, fn] of list) {
      const outcome = await settle(fn, pendingMs);
      counts[outcome.kind] += 1;
      const wrong = judge(outcome, { promise, pendingMs, expectCode });
      if (wrong) problems.push(`${label}: ${wrong}`);
      else if (outcome.ms > slowMs) problems.push(`${label}: took ${Math.round(outcome.ms)} ms`);
    }
    return { problems, counts };
  }

  /** window.open, opening for real (the SDK needs a Window) and closing the window shortly after,
   * as a user would; returns a restore function. */
  function autoClosePopups(afterMs = 100) {
    const open = window.open;
    let opened = 0;
    window.open = function (...args) {
      const w = open.apply(this, args);
      if (w) {
        opened += 1;
        setTimeout(() => w.close(), afterMs);
      }
      return w;
    };
    return () => {
      window.open = open;
      return opened;
    };
  }

  const unhandled = [];
  window.addEventListener('unhandledrejection', (e) => unhandled.push(describe(e.reason)));
  window.addEventListener('error', (e) => unhandled.push(describe(e.error ?? e.message)));
  if (!document.getElementById('hostile-box')) {
    const box = document.createElement('div');
    box.id = 'hostile-box';
    document.body.append(box);
  }
  window.__hostile = { values, cases, barrage, settle, judge, autoClosePopups, unhandled, trapAll, revoked, throwingGetters, DISTINCT_IDS, HUGE, HUGE_URL };
}

/** Runs `fn(kc, lib, arg)` in `page` (kc: the package, lib: window.__hostile); bounded. */
function run(page, fn, arg, ms = 120_000) {
  return bounded(
    page.evaluate(
      async ([source, arg]) => {
        const kc = await import('/dist/index.js');
        globalThis.__kc = kc;
        return (0, eval)(`(${source})`)(kc, window.__hostile, arg);
      },
      [fn.toString(), arg],
    ),
    ms,
    'the barrage in the page',
  );
}

/** The options each export is called with, hostile key by hostile key. Built in the page. */
function bases(fake) {
  return {
    link: { channelPublicId: '_ZeUTxl', lang: 'en' },
    follow: { channelPublicId: '_ZeUTxl', timeoutMs: 1000 },
    check: { accessToken: 'demo-token-added', channelPublicIds: ['_ZeUTxl'], timeoutMs: 3000 },
    addButton: { container: 'hostile-box', channelPublicId: '_ZeUTxl', size: 'small', supportMultipleDensities: false, lang: 'en' },
    chatButton: { container: '#hostile-box', channelPublicId: '_ZeUTxl', size: 'large', supportMultipleDensities: true, lang: 'ja', color: 'mono', shape: 'mobile', title: 'question' },
    init: { appKey: 'demo-javascript-key', lang: 'ko', hosts: { api: fake, auth: fake, pf: `${fake}/__fake/no-content`, apps: fake } },
  };
}

/** The harness, once its own `before` hook has started it (node:test runs root-level `before`
 * hooks as they are registered, without waiting for one another). */
async function harness() {
  await poll(() => {
    try {
      return Boolean(h.demo);
    } catch {
      return false;
    }
  }, { timeout: 300_000, interval: 100, message: 'the browser harness' });
  return h;
}

let demo; // { page, errors, close } — initialised, pf pointing at the fake's 204 page
let demoStarting;
/** The initialised demo page these tests use (its pf host answers 204, so a tab navigation
 * leaves the page in place). */
function demoPage() {
  demoStarting ??= (async () => {
    await harness();
    demo = await h.openDemo({}, { hosts: { pf: '{fake}/__fake/no-content' } });
    await demo.page.evaluate(installLib);
    return demo;
  })();
  return demoStarting;
}
after(async () => {
  await demo?.close().catch(() => {});
});

const fakeUrl = () => h.demo.fakeUrl;

describe('before init', () => {
  let fresh;
  before(async () => {
    // A page of the demo's origin that loads the package but never calls init.
    await harness();
    fresh = await h.browser.newContext();
    const origin = new URL(h.demo.url).origin;
    await fresh.route(`${origin}/__hostile-blank`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html><body></body></html>' }));
    const page = await fresh.newPage();
    fresh.errors = [];
    page.on('pageerror', (e) => fresh.errors.push(e));
    await page.goto(`${origin}/__hostile-blank`);
    await page.evaluate(installLib);
    fresh.page = page;
  });
  after(() => fresh?.close());

  test('every function throws or rejects NOT_INITIALIZED, whatever it is given', async () => {
    const result = await run(fresh.page, async (kc, lib) => {
      const problems = [];
      const counts = {};
      for (const name of ['parseChannelId', 'addChannelUrl', 'chatChannelUrl', 'addChannel', 'chat', 'followChannel', 'checkRelationship', 'createAddChannelButton', 'createChatButton', 'cleanup', 'defineChannelButton']) {
        const promise = name === 'followChannel' || name === 'checkRelationship';
        const list = lib.cases(name, (...args) => kc[name](...args), { channelPublicId: '_ZeUTxl', accessToken: 'demo-token-added', container: 'hostile-box' });
        const r = await lib.barrage(list, { promise, expectCode: 'NOT_INITIALIZED' });
        problems.push(...r.problems);
        counts[name] = r.counts.cases;
      }
      return { problems, counts, initialized: kc.isInitialized() };
    });
    assert.deepEqual(result.problems, []);
    assert.equal(result.initialized, false);
    assert.ok(Object.values(result.counts).every((n) => n > 100), JSON.stringify(result.counts));
  });

  test('isInitialized and isKakaoChannelError never throw, whatever they are given', async () => {
    const result = await run(fresh.page, async (kc, lib) => {
      const list = [];
      for (const [label, v] of lib.values()) {
        list.push([`isInitialized(${label})`, () => kc.isInitialized(v)]);
        list.push([`isKakaoChannelError(${label})`, () => kc.isKakaoChannelError(v)]);
      }
      const { problems } = await lib.barrage(list);
      const booleans = lib.values().every(([, v]) => kc.isKakaoChannelError(v) === false && kc.isInitialized(v) === false);
      const own = kc.isKakaoChannelError(new kc.KakaoChannelError('INVALID_ARGUMENT', 'x'));
      return { problems, booleans, own };
    });
    assert.deepEqual(result.problems, []);
    assert.equal(result.booleans, true);
    assert.equal(result.own, true);
  });

  // Before the init test below: its second half initialises the SDK.
  test('safeParseChannelId answers NOT_INITIALIZED as a value, whatever it is given', async () => {
    const result = await run(fresh.page, async (kc, lib) => {
      const bad = [];
      let answered = 0;
      for (const [label, value] of [['an ID', '_ZeUTxl'], ...lib.values()]) {
        try {
          const r = kc.safeParseChannelId(value);
          answered += 1;
          if (r.ok !== false || !kc.isKakaoChannelError(r.error) || r.error.code !== 'NOT_INITIALIZED' || !r.error.message.startsWith('safeParseChannelId() was called before init()')) {
            bad.push(`${label}: ${JSON.stringify(r)}`);
          }
        } catch (e) {
          bad.push(`${label}: threw ${e}`);
        }
      }
      return { bad, answered, initialized: kc.isInitialized() };
    });
    assert.deepEqual(result.bad, []);
    assert.ok(result.answered > 40, `${result.answered}`);
    assert.equal(result.initialized, false);
  });

  test('init with hostile options rejects with a KakaoChannelError; a refused init leaves the SDK uninitialised', async () => {
    const result = await run(
      fresh.page,
      async (kc, lib, base) => {
        const refused = [
          ['init()', () => kc.init()],
          ['init(null)', () => kc.init(null)],
          ['init(Proxy)', () => kc.init(lib.trapAll())],
          ['init(revoked Proxy)', () => kc.init(lib.revoked())],
          ['init(every getter throws)', () => kc.init(lib.throwingGetters(base))],
          ["init({ appKey: '' })", () => kc.init({ ...base, appKey: '' })],
          ['init({ appKey: 10 MB })', () => kc.init({ ...base, appKey: lib.HUGE })],
          ['init({ hosts: revoked Proxy })', () => kc.init({ ...base, hosts: lib.revoked() })],
          ['init({ hosts.api: http non-loopback })', () => kc.init({ ...base, hosts: { ...base.hosts, api: 'http://kapi.example.com' } })],
          ['init({ lang: lone surrogate })', () => kc.init({ ...base, lang: '\uD800' })],
        ];
        const first = await lib.barrage(refused, { promise: true, expectCode: 'INVALID_ARGUMENT' });
        const stillUninitialised = !kc.isInitialized();
        // Then everything: harmless values (lang: undefined, …) are accepted and initialise it.
        const all = lib.cases('init', (o) => kc.init(o), base, {
          nested: {
            'hosts.api': (v) => ({ ...base.hosts, api: v }),
            'hosts.pf': (v) => ({ ...base.hosts, pf: v }),
          },
        });
        const second = await lib.barrage(all, { promise: true });
        return { problems: [...first.problems, ...second.problems], stillUninitialised };
      },
      bases(fakeUrl()).init,
    );
    assert.deepEqual(result.problems, []);
    assert.equal(result.stillUninitialised, true);
  });

  test('a valid init afterwards still works, then the functions answer', async () => {
    const result = await run(
      fresh.page,
      async (kc, lib, base) => {
        await kc.init(base);
        await new Promise((r) => setTimeout(r, 100));
        return { initialized: kc.isInitialized(), id: kc.parseChannelId('https://pf.kakao.com/_ZeUTxl'), unhandled: lib.unhandled };
      },
      bases(fakeUrl()).init,
    );
    assert.deepEqual(result, { initialized: true, id: '_ZeUTxl', unhandled: [] });
    assert.deepEqual(fresh.errors.map(String), []);
  });
});

describe('after init', () => {
  before(demoPage);
  test('safeParseChannelId: never throws, and answers exactly what parseChannelId answers', async () => {
    const result = await run(demo.page, async (kc, lib) => {
      const bad = [];
      const seen = {};
      // Hostile values, then a mix of what users paste (IDs, URLs, look-alikes, search IDs,
      // percent-encodings, non-ASCII white space, long and 10 MB input).
      const inputs = lib.values().map(([label, value]) => [label, value]);
      let seed = 7;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
      const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
      const slots = [
        ['', '', ' ', '\u3000', '\ufeff', '\u00a0', '\u0000'],
        ['', '', 'https://', 'HTTP://', '//', 'ftp://', 'https:/'],
        ['', 'pf.kakao.com/', 'pf.kakao.com/', 'PF.KAKAO.COM./', 'pf.kakao.com.evil.com/', 'pf.kakao.com:443/', 'a@pf.kakao.com/', 'pf.kakao.com\\'],
        ['_ZeUTxl', '_Bxkd', '%5FZeUTxl', '@brand', '@카카오', '_', '_Ze-UTxl', '_' + 'a'.repeat(40), '카카오', '🙂', '%', '%2F_x', ''],
        ['', '', '/chat', '?a=1#b', '%2Fchat', '/@x', ' x'],
        ['', '', ' ', '\n', '\u3000'],
      ];
      for (let i = 0; i < 4000; i++) {
        const s = slots.map(pick).join('');
        inputs.push([JSON.stringify(s.slice(0, 60)), s]);
      }
      for (const s of ['_ZeUTxl', ' https://pf.kakao.com/_ZeUTxl/chat ', '\u3000_Bxkd\ufeff', 'https://pf.kakao.com/%5FZeUTxl', '@brand', '가'.repeat(700), lib.HUGE, lib.HUGE_URL]) inputs.push([JSON.stringify(s.slice(0, 60)), s]);
      for (const [label, value] of inputs) {
        let safe;
        try {
          safe = kc.safeParseChannelId(value);
        } catch (e) {
          bad.push(`${label}: safeParseChannelId threw ${e}`);
          continue;
        }
        let strict;
        try {
          strict = { ok: true, channelPublicId: kc.parseChannelId(value) };
        } catch (e) {
          strict = { ok: false, error: e };
        }
        const same = safe.ok
          ? strict.ok && Object.keys(safe).join() === 'ok,channelPublicId' && safe.channelPublicId === strict.channelPublicId
          : !strict.ok && Object.keys(safe).join() === 'ok,error' && kc.isKakaoChannelError(safe.error) && safe.error instanceof Error &&
            safe.error.code === strict.error.code && safe.error.message === strict.error.message;
        if (!same) bad.push(`${label}: ${JSON.stringify(safe)} vs ${JSON.stringify(strict)} ${strict.error?.message}`);
        const key = safe.ok ? 'ok' : safe.error.code;
        seen[key] = (seen[key] ?? 0) + 1;
      }
      return { bad: bad.slice(0, 10), seen, unhandled: lib.unhandled };
    });
    assert.deepEqual(result.bad, []);
    assert.deepEqual(result.unhandled, []);
    for (const key of ['ok', 'INVALID_CHANNEL_ID', 'SEARCH_ID_NOT_SUPPORTED']) assert.ok(result.seen[key] > 20, JSON.stringify(result.seen));
  });

  test('parseChannelId: a public ID or a KakaoChannelError; 10 MB inputs refused within 3 s', async () => {
    const result = await run(demo.page, async (kc, lib) => {
      const list = lib.cases('parseChannelId', (...a) => kc.parseChannelId(...a));
      list.push(['parseChannelId(String object)', () => kc.parseChannelId(new String('_ZeUTxl'))]);
      const { problems, counts } = await lib.barrage(list);
      const timed = [];
      for (const input of [lib.HUGE, lib.HUGE_URL, ` ${lib.HUGE} `, `@${lib.HUGE}`, `https://pf.kakao.com/${lib.HUGE}`, `pf.kakao.com/_ZeUTxl?${lib.HUGE}`]) {
        const started = performance.now();
        let code = null;
        let value = null;
        try {
          value = kc.parseChannelId(input);
        } catch (e) {
          code = e.code;
        }
        timed.push({ ms: performance.now() - started, code, value });
      }
      return { problems, counts, timed, surrogate: (() => { try { return kc.parseChannelId('_ab\uDC00'); } catch (e) { return e.code; } })() };
    });
    assert.deepEqual(result.problems, []);
    assert.equal(result.surrogate, 'INVALID_CHANNEL_ID');
    for (const t of result.timed) assert.ok(t.ms < 3000, `${Math.round(t.ms)} ms`);
    // Inputs this long are refused before any parsing (the core caps input length), search IDs
    // and URLs with a huge query included.
    assert.deepEqual(result.timed.map((t) => t.code ?? t.value), new Array(6).fill('INVALID_CHANNEL_ID'));
  });

  test('addChannelUrl / chatChannelUrl: every option hostile; accepted links stay on the pf host', async () => {
    const result = await run(
      demo.page,
      async (kc, lib, { base, pf }) => {
        const problems = [];
        const bad = [];
        for (const name of ['addChannelUrl', 'chatChannelUrl']) {
          const list = lib.cases(name, (...a) => kc[name](...a), base);
          for (const [label, fn] of list) {
            const outcome = await lib.settle(fn, 5000);
            const wrong = lib.judge(outcome, {});
            if (wrong) problems.push(`${label}: ${wrong}`);
            if (outcome.kind === 'value' && !(typeof outcome.value === 'string' && outcome.value.startsWith(`${pf}/_ZeUTxl/`))) bad.push(`${label}: ${String(outcome.value).slice(0, 120)}`);
          }
        }
        return { problems, bad };
      },
      { base: bases(fakeUrl()).link, pf: `${fakeUrl()}/__fake/no-content` },
    );
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.bad, []);
  });

  test('addChannel / chat: every option hostile (popups opened and closed)', async () => {
    const result = await run(
      demo.page,
      async (kc, lib, base) => {
        const restore = lib.autoClosePopups(50);
        try {
          const problems = [];
          for (const name of ['addChannel', 'chat']) problems.push(...(await lib.barrage(lib.cases(name, (...a) => kc[name](...a), base))).problems);
          return { problems, href: location.href };
        } finally {
          restore();
        }
      },
      bases(fakeUrl()).link,
    );
    assert.deepEqual(result.problems, []);
    assert.match(result.href, /\/www\//, 'the page stayed where it was');
  });

  test('followChannel: every option hostile; always a promise, settled (window closed by the "user")', async () => {
    const result = await run(
      demo.page,
      async (kc, lib, base) => {
        const restore = lib.autoClosePopups(100);
        try {
          const list = lib.cases('followChannel', (o) => kc.followChannel(o), base, { extraKeys: ['accessToken'] });
          const r = await lib.barrage(list, { promise: true, slowMs: 4000 });
          return { ...r, opened: restore() };
        } finally {
          restore();
        }
      },
      bases(fakeUrl()).follow,
    );
    assert.deepEqual(result.problems, []);
    assert.ok(result.opened > 0, 'some calls were valid and opened a window');
    assert.equal(result.counts.pending, 0);
  });

  test('checkRelationship: every option hostile; always a promise, never pending', async () => {
    const result = await run(
      demo.page,
      async (kc, lib, base) => lib.barrage(lib.cases('checkRelationship', (o) => kc.checkRelationship(o), base, { extraKeys: ['signal'], arrayKeys: ['channelPublicIds'] }), { promise: true }),
      bases(fakeUrl()).check,
    );
    assert.deepEqual(result.problems, []);
    assert.ok(result.counts.value > 0, 'valid calls answered');
  });

  test('createAddChannelButton / createChatButton / cleanup / defineChannelButton: hostile options', async () => {
    const result = await run(
      demo.page,
      async (kc, lib, { addButton, chatButton }) => {
        const problems = [];
        problems.push(...(await lib.barrage(lib.cases('createAddChannelButton', (o) => kc.createAddChannelButton(o), addButton))).problems);
        problems.push(...(await lib.barrage(lib.cases('createChatButton', (o) => kc.createChatButton(o), chatButton))).problems);
        const box = document.getElementById('hostile-box');
        for (const [label, value] of lib.values()) {
          // data- attributes override the options: hostile text there too.
          if (typeof value !== 'string') continue;
          box.dataset.channelPublicId = value;
          box.dataset.size = value;
          problems.push(...(await lib.barrage([[`createChatButton(data-* = ${label})`, () => kc.createChatButton(chatButton)]])).problems);
          delete box.dataset.channelPublicId;
          delete box.dataset.size;
        }
        const rendered = box.querySelectorAll('a.kakao-channel-button').length;
        problems.push(...(await lib.barrage(lib.values().map(([label, v]) => [`cleanup(${label})`, () => kc.cleanup(v)]))).problems);
        problems.push(...(await lib.barrage(lib.values().map(([label, v]) => [`defineChannelButton(${label})`, () => kc.defineChannelButton(v)]))).problems);
        for (const name of ['', 'UPPER-case', 'no_hyphen', 'x-\uD800', 'annotation-xml', lib.HUGE]) {
          problems.push(...(await lib.barrage([[`defineChannelButton(${JSON.stringify(name.slice(0, 20))})`, () => kc.defineChannelButton(name)]])).problems);
        }
        return { problems, rendered, left: box.querySelectorAll('a.kakao-channel-button').length };
      },
      bases(fakeUrl()),
    );
    assert.deepEqual(result.problems, []);
    assert.ok(result.rendered > 0, 'valid calls rendered buttons');
    assert.equal(result.left, 0, 'cleanup removed them all');
  });

  test('a polluted Object.prototype (get/set/channelPublicId) yields KakaoChannelErrors, not TypeErrors', async () => {
    const result = await run(demo.page, async (kc, lib) => {
      const keys = ['get', 'set', 'channelPublicId', 'lang', 'accessToken', 'container'];
      const saved = keys.map((k) => Object.getOwnPropertyDescriptor(Object.prototype, k));
      try {
        // Pollution usually assigns plain values: a non-function `get` breaks every literal
        // property descriptor in the page.
        for (const k of keys) Object.prototype[k] = k === 'channelPublicId' ? '@polluted' : 'polluted';
        return await lib.barrage([
          ['parseChannelId(bad)', () => kc.parseChannelId('bad')],
          ['addChannelUrl({})', () => kc.addChannelUrl({})],
          ['chatChannelUrl(valid)', () => kc.chatChannelUrl({ channelPublicId: '_ZeUTxl' })],
          ['checkRelationship({})', () => kc.checkRelationship({})],
          ['followChannel({})', () => kc.followChannel({})],
          ['createChatButton({})', () => kc.createChatButton({})],
        ]);
      } finally {
        keys.forEach((k, i) => (saved[i] ? Object.defineProperty(Object.prototype, k, saved[i]) : delete Object.prototype[k]));
      }
    });
    assert.deepEqual(result.problems, []);
  });

  test('init again with hostile options: KakaoChannelErrors only; the old configuration stays usable', async () => {
    const result = await run(
      demo.page,
      async (kc, lib, base) => {
        const list = lib.cases('init', (o) => kc.init(o), base, {
          nested: {
            'hosts.api': (v) => ({ ...base.hosts, api: v }),
            'hosts.auth': (v) => ({ ...base.hosts, auth: v }),
            'hosts.pf': (v) => ({ ...base.hosts, pf: v }),
            'hosts.apps': (v) => ({ ...base.hosts, apps: v }),
          },
        });
        const r = await lib.barrage(list, { promise: true });
        // Some hostile options are harmless and were accepted (they replace the configuration):
        // set the real one back.
        await kc.init(base);
        return { ...r, initialized: kc.isInitialized() };
      },
      bases(fakeUrl()).init,
    );
    assert.deepEqual(result.problems, []);
    assert.equal(result.initialized, true);
  });

  test('100,000 distinct channel IDs: checkRelationship settles within timeoutMs + a margin', async () => {
    // Was a bug: core's quadratic `dedupe` froze the page for minutes on 100,000 IDs. Lists over
    // 1,000 IDs are now INVALID_ARGUMENT before any work. Run in its own context, bounded.
    const ctx = await h.openDemo({}, {});
    try {
      const started = Date.now();
      const settled = await bounded(
        run(ctx.page, async (kc) => kc.checkRelationship({ accessToken: 'demo-token-added', channelPublicIds: Array.from({ length: 100_000 }, (_, i) => `_c${i}`), timeoutMs: 1000 }).then(() => 'value', (e) => e.code), null, 10_000),
        8000,
        'checkRelationship with 100,000 distinct channel IDs',
      ).catch((e) => e.message);
      assert.ok(Date.now() - started < 8000, settled);
      assert.match(settled, /^(value|NETWORK|INVALID_RESPONSE|KAKAO_API|INVALID_ARGUMENT)$/);
    } finally {
      await ctx.close().catch(() => {});
    }
  });

  test('the module is not poisoned: normal calls work, no page error, no unhandled rejection', async () => {
    const result = await run(demo.page, async (kc, lib) => {
      // Many hostile calls in a row first: a leaked wasm stack or a borrow left held would show.
      for (let i = 0; i < 5000; i++) {
        for (const v of [lib.revoked(), lib.trapAll([]), lib.throwingGetters(), Object.create(HTMLElement.prototype)]) {
          try {
            kc.addChannelUrl(v);
          } catch {}
          try {
            kc.createChatButton(v);
          } catch {}
          try {
            kc.createChatButton({ container: v, channelPublicId: '_ZeUTxl' });
          } catch {}
          await kc.checkRelationship({ accessToken: 't', channelPublicIds: v }).catch(() => {});
          await kc.checkRelationship({ accessToken: 't', signal: Object.create(AbortSignal.prototype) }).catch(() => {});
        }
      }
      const relation = await kc.checkRelationship({ accessToken: 'demo-token-added', channelPublicIds: ['_ZeUTxl'] });
      await new Promise((r) => setTimeout(r, 200));
      return {
        id: kc.parseChannelId('https://pf.kakao.com/_ZeUTxl'),
        link: kc.chatChannelUrl({ channelPublicId: '_ZeUTxl' }).split('?')[0],
        relation: relation.channels[0].relation,
        unhandled: lib.unhandled,
        polluted: {}.polluted,
      };
    });
    assert.equal(result.id, '_ZeUTxl');
    assert.match(result.link, /\/_ZeUTxl\/chat$/);
    assert.equal(result.relation, 'ADDED');
    assert.deepEqual(result.unhandled, []);
    assert.equal(result.polluted, undefined);
    assert.deepEqual(demo.errors.map(String), []);
  });
});
