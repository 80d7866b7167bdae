#!/usr/bin/env node
// Browser benchmark of kakao-channel (a benchmark, not a test: the test command never runs it).
// (Over ~600 lines, and the functions that run inside the page over ~80: each is one measurement
// shipped whole to page.evaluate, which cannot take imports; the report's ratios are in
// bench-ratios.mjs.)
//
//   npm run bench [-- --loads 30] [-- --calls 300] [-- --inputs 100000] [-- --rounds 5]
//                 [-- --keep-scratch] [-- --out bench/results.json]
//                 [-- --only parse]   (parseChannelId + safeParseChannelId only; prints, writes nothing)
//                 [-- --only relationship]   (checkRelationship beside bare fetch only; prints, writes nothing)
//                 [-- --only cold]   (cold start and its phases only; prints, writes nothing)
//                 [-- --check]   (full runs: exit 1 when a ratio is past its gate, bench-ratios.mjs)
//   (about 2–3 minutes on 2 cores, plus a build when dist/ is missing or stale)
//
// One run, one table (markdown, for the README) and bench/results.json:
//   1. Bytes: what a browser downloads for `kakao-channel` in a Vite-built page (the packed
//      tarball installed into a scratch app, `vite build`, JS chunks + .wasm, raw and gzip -9),
//      beside Kakao's kakao.min.js 2.7.4 (documented figure, kakao-protocol.md §10.5: the 2.x
//      script is on no registry and Kakao's CDN is out of reach) and the v1 script of the npm
//      package `kakaojs`, downloaded into the scratch folder at bench time and measured.
//   2. Cold start: fresh page loads (new browser context each, HTTP cache disabled), rotating
//      between three pages; in the page, performance.now() (ms since navigation start) when
//      (a) `await init({ appKey })` of the Vite page resolved, (b) the same with the wasm
//      preloaded by a <link> (the README's recipe), (c) `Kakao.init(appKey)` of the kakaojs v1
//      page returned. Also shown from the start of the script's own fetch, and in phases from
//      each load's Resource Timing. The harness runs nothing in a page until the page says it is
//      done (a console line): see coldLoad.
//   3. checkRelationship against the fake Kakao server vs a bare fetch + JSON.parse of the same
//      request (URL, Authorization and KA as the fake logged the SDK's request), once with the
//      SDK's fetch options (credentials 'omit', default cache mode) and once with fetch's
//      defaults; sequential, interleaved, in one page. The table counts CORS preflights per GET
//      (Chromium bypasses its preflight cache for cache 'no-store', which the SDK used to set).
//   4. parseChannelId over seeded mixed inputs vs a plain JS implementation (new URL + RegExp),
//      ns per call, plus how often the two disagree.
// Pages are served from 127.0.0.1 with COOP/COEP (cross-origin isolated: performance.now() at
// 5 µs resolution instead of 100 µs) and `Cache-Control: no-store`, uncompressed.
import { execFileSync } from 'node:child_process';
import { DIST_FILES, ensureDist } from './ensure-dist.mjs';
import { copyFileSync, createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { arch, cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

import { pastGates, ratios } from './bench-ratios.mjs';
const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const APP_KEY = 'demo-javascript-key';
const TOKEN = 'demo-token-added';
/** Kakao's kakao.min.js 2.7.4 as served: kakao-protocol.md §10.5 (not measurable here). */
const KAKAO_274 = { raw: 85_499, gzip: 28_249, source: 'as served, kakao-protocol.md §10.5' };
const SEED = 0x6b616b61; // "kaka"

const { values: opts } = parseArgs({
  options: {
    loads: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '3' },
    calls: { type: 'string', default: '300' },
    'warmup-calls': { type: 'string', default: '50' },
    inputs: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '5' },
    out: { type: 'string', default: join(root, 'bench', 'results.json') },
    'keep-scratch': { type: 'boolean', default: false },
    build: { type: 'boolean', default: false },
    only: { type: 'string' },
    check: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 13).join('\n').replace(/^\/\/ ?/gm, ''));
  process.exit(0);
}
const LOADS = positive('loads');
const WARMUP = Number(opts.warmup);
const CALLS = positive('calls');
const WARMUP_CALLS = Number(opts['warmup-calls']);
const INPUTS = positive('inputs');
const ROUNDS = positive('rounds');
if (opts.only !== undefined && !['parse', 'relationship', 'cold'].includes(opts.only)) {
  throw new Error(`--only takes parse, relationship or cold, got ${opts.only}`);
}
// The gates are over every ratio of a full run.
if (opts.check && opts.only !== undefined) throw new Error('--check needs a full run: leave out --only');

function positive(name) {
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${opts[name]}`);
  return n;
}

const scratch = join(root, 'bench', '.scratch');
const log = (line) => process.stderr.write(`[bench] ${line}\n`);

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

const sorted = (xs) => [...xs].sort((a, b) => a - b);
function median(xs) {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
/** Nearest-rank percentile. */
function percentile(xs, p) {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const q = (value, unit) => ({ value: Number.isInteger(value) ? value : Number(value.toFixed(3)), unit });
const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmt1 = (n) => n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const signed = (s, n) => (n > 0 ? `+${s}` : s);

// ---------------------------------------------------------------------------------------------
// 0. Build and scratch project

/** Builds dist/ when it is missing, incomplete or older than its sources (or with --build). */
function ensureBuilt() {
  return ensureDist({ force: opts.build, log });
}

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

/** `npm pack --json` output (npm may print warnings first). */
function packInfo(out) {
  return JSON.parse(out.slice(out.indexOf('[')))[0];
}

/** The packed package in a fresh Vite app, built. Returns the app's dist/ and the asset list. */
async function buildViteApp() {
  // Another process may be rebuilding dist/ (scripts/build.mjs empties it first): wait for it.
  for (let waited = 0; !DIST_FILES.every((f) => existsSync(join(root, 'dist', f))); waited++) {
    if (waited === 0) log('dist/ is incomplete (a build in progress?): waiting up to 5 minutes');
    if (waited >= 300) throw new Error('dist/ stayed incomplete: run `node scripts/build.mjs`');
    await new Promise((r) => setTimeout(r, 1000));
  }
  const packDir = join(scratch, 'pack');
  mkdirSync(packDir, { recursive: true });
  const info = packInfo(run(npm, ['pack', '--json', '--pack-destination', packDir], root));
  const tarball = join(packDir, info.filename);
  log(`packed ${info.filename}`);

  const app = join(scratch, 'vite-app');
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'bench-app', private: true, type: 'module' }));
  run(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', tarball], app);
  copyFileSync(join(root, 'bench', 'page', 'index.html'), join(app, 'index.html'));
  copyFileSync(join(root, 'bench', 'page', 'preload.html'), join(app, 'preload.html'));
  copyFileSync(join(root, 'bench', 'page', 'main.js'), join(app, 'main.js'));

  const vite = await import('vite');
  const outDir = join(app, 'dist');
  await vite.build({
    root: app,
    configFile: false,
    logLevel: 'error',
    // The module-preload polyfill is Vite's, not the SDK's: left out so the bytes are the SDK's
    // (plus the page's 17-line main.js).
    // Two pages, one script: the minimal page and the same page with the wasm preloaded.
    build: { outDir, emptyOutDir: true, modulePreload: { polyfill: false }, rollupOptions: { input: { index: join(app, 'index.html'), preload: join(app, 'preload.html') } } },
  });
  const assets = join(outDir, 'assets');
  const files = readdirSync(assets)
    .filter((f) => f.endsWith('.js') || f.endsWith('.wasm'))
    .sort()
    .map((f) => {
      const bytes = readFileSync(join(assets, f));
      return { file: `assets/${f}`, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
  if (!files.some((f) => f.file.endsWith('.wasm'))) throw new Error('Vite emitted no .wasm asset');
  const others = readdirSync(assets).filter((f) => !f.endsWith('.js') && !f.endsWith('.wasm'));
  if (others.length) log(`note: other assets not counted: ${others.join(', ')}`);
  return { dir: outDir, files, version: info.version, viteVersion: vite.version };
}

/** kakaojs (Kakao's v1 SDK, mirrored on npm) into the scratch folder; its kakao.min.js. */
function fetchKakaojs() {
  const dir = join(scratch, 'kakaojs');
  mkdirSync(dir, { recursive: true });
  const info = packInfo(run(npm, ['pack', 'kakaojs', '--json', '--pack-destination', dir], dir));
  run('tar', ['xzf', info.filename], dir);
  const file = join(dir, 'package', 'kakao.min.js');
  const bytes = readFileSync(file);
  const banner = /Kakao Javascript SDK[^\n]*- v([\d.]+)/.exec(bytes.toString('utf8', 0, 400));
  log(`kakaojs ${info.version}: kakao.min.js ${bytes.length} B`);
  return { file, version: info.version, sdkVersion: banner ? banner[1] : null, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

// ---------------------------------------------------------------------------------------------
// Static server on 127.0.0.1: the Vite build at /, the kakaojs page at /kakaojs/

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };

async function startStatic({ viteDir, kakaojsFile }) {
  const routes = new Map([
    ['/kakaojs/', join(root, 'bench', 'page', 'kakaojs.html')],
    ['/kakaojs/kakao.min.js', kakaojsFile],
  ]);
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    let file = routes.get(path);
    if (!file && /^\/(assets\/[\w.-]+|preload\.html)?$/.test(path)) file = join(viteDir, path === '/' ? 'index.html' : path.slice(1));
    if (!file || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
      'cache-control': 'no-store',
      // Cross-origin isolation: performance.now() at 5 µs instead of 100 µs resolution.
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      server.closeAllConnections?.();
      return new Promise((r) => server.close(r));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 2. Cold start

/** The console line each bench page writes when it is done (bench/page). */
const SETTLED = 'kakao-channel-bench: settled';

/** One fresh load of `url`: new context, HTTP cache disabled; times from the page. */
async function coldLoad(browser, url, scriptSuffix) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    // Nothing of the harness runs in the page until it says it is done (a console line).
    // Playwright evaluates its own helper script (about 330 KB) in a page the first time it waits
    // on or evaluates in it: done at the load event (`goto` then `waitForFunction`, as this bench
    // did until 2026-12-05), that took the main thread for ~20 ms in the middle of `init()`, which
    // ends after the load event, while `Kakao.init` ends before it (seen in a Chromium trace), so
    // it delayed kakao-channel's pages only.
    const settled = page.waitForEvent('console', { predicate: (m) => m.text() === SETTLED, timeout: 30_000 });
    settled.catch(() => {});
    await page.goto(url, { waitUntil: 'commit' });
    await settled.catch((e) => {
      throw new Error(`${url}: the page never said it was done${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}: ${e.message}`);
    });
    const r = await page.evaluate((suffix) => {
      const entries = performance.getEntriesByType('resource');
      const script = entries.find((e) => e.initiatorType === 'script' && e.name.endsWith(suffix) && !e.name.endsWith('.wasm'));
      const wasm = entries.find((e) => e.name.endsWith('.wasm'));
      const span = (e) => (e ? { start: e.startTime, end: e.responseEnd } : null);
      const wasmDownloads = entries.filter((e) => e.name.endsWith('.wasm')).length;
      return { ...window.__bench, script: span(script), wasm: span(wasm), wasmDownloads };
    }, scriptSuffix);
    if (r.error) throw new Error(`${url}: ${r.error}`);
    if (errors.length) throw new Error(`${url}: page errors: ${errors.join('; ')}`);
    if (r.script === null) throw new Error(`${url}: no resource timing for the script`);
    // A preload the page's fetch() did not match would download the wasm twice.
    if (r.wasmDownloads > 1) throw new Error(`${url}: the wasm was downloaded ${r.wasmDownloads} times`);
    return { fromNavigation: r.ready, fromScriptFetch: r.ready - r.script.start, phases: phases(r) };
  } finally {
    await context.close();
  }
}

/**
 * Where one cold load's time went (ms, from Resource Timing; nothing in the page is wrapped):
 * until the script was requested, its download, from its arrival to the wasm request (`init()`
 * fetches it; a preloaded page requests it with the script), the wasm's download, and from the
 * last file's arrival to ready (kakao-channel: evaluate, compile, instantiate, `configure`;
 * Kakao: parse, run, `Kakao.init`).
 */
function phases({ ready, script, wasm }) {
  const out = { beforeScript: script.start, script: script.end - script.start };
  if (wasm) {
    if (wasm.start > script.end) out.scriptToWasm = wasm.start - script.end;
    out.wasm = wasm.end - wasm.start;
  }
  out.toReady = ready - Math.max(script.end, wasm ? wasm.end : 0);
  return out;
}

/** Plain words for the phases above, in load order. */
const PHASES = {
  beforeScript: 'navigation → script requested',
  script: 'script download',
  scriptToWasm: 'script arrived → wasm requested (module evaluated, `init()`)',
  wasm: 'wasm download',
  toReady: 'last file arrived → ready (wasm compiled, instantiated, `configure`; or script parsed and run, `Kakao.init`)',
};

/** The pages cold start compares: the minimal Vite page, the same with the wasm preloaded (the
 * README's recipe), and Kakao's script. */
const COLD_PAGES = {
  sdk: { path: '/', suffix: '.js', column: 'kakao-channel', title: 'kakao-channel (Vite page): import → `await init({ appKey })` resolved' },
  sdkPreload: { path: '/preload.html', suffix: '.js', column: '… wasm preloaded', title: 'kakao-channel, the same page with `<link rel="preload">` for the wasm (README recipe)' },
  kakaojs: { path: '/kakaojs/', suffix: '/kakao.min.js', column: 'kakaojs v1', title: 'kakaojs v1: `<script>` → `Kakao.init(appKey)` returned' },
};

async function coldStart(browser, origin) {
  const names = Object.keys(COLD_PAGES);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < WARMUP + LOADS; i++) {
    // Rotate which page goes first, so drift (CPU clock, other load) hits every page alike.
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length];
      const s = await coldLoad(browser, origin + COLD_PAGES[name].path, COLD_PAGES[name].suffix);
      if (i >= WARMUP) samples[name].push(s);
    }
    if ((i + 1) % 10 === 0) log(`cold start: ${Math.max(0, i + 1 - WARMUP)}/${LOADS} loads of each page`);
  }
  const summary = (xs) => ({
    medianMs: q(median(xs), 'ms'),
    p95Ms: q(percentile(xs, 95), 'ms'),
    samples: { unit: 'ms', values: xs.map((x) => Number(x.toFixed(3))) },
  });
  const out = {};
  for (const name of Object.keys(samples)) {
    out[name] = {
      loads: samples[name].length,
      fromNavigationStart: summary(samples[name].map((s) => s.fromNavigation)),
      fromScriptFetchStart: summary(samples[name].map((s) => s.fromScriptFetch)),
      // The median of each phase (the medians need not add up to the median total).
      phasesMedianMs: Object.fromEntries(Object.keys(samples[name][0].phases).map((k) => [k, Number(median(samples[name].map((s) => s.phases[k])).toFixed(1))])),
    };
  }
  return out;
}

/** The cold-start phases of every page, one markdown row per phase. */
function phaseRows(coldStart) {
  const names = Object.keys(COLD_PAGES);
  const L = [`| phase (median, ms) | ${names.map((n) => COLD_PAGES[n].column).join(' | ')} |`, `|---|${names.map(() => '---:').join('|')}|`];
  for (const [key, words] of Object.entries(PHASES)) {
    const cells = names.map((n) => coldStart[n].phasesMedianMs[key]);
    if (cells.every((v) => v === undefined)) continue;
    L.push(`| ${words} | ${cells.map((v) => (v === undefined ? '' : fmt1(v))).join(' | ')} |`);
  }
  return L;
}

// ---------------------------------------------------------------------------------------------
// 3. checkRelationship vs bare fetch

/** The timed variants: the SDK; a bare fetch with the SDK's own request options (credentials
 * 'omit', default cache mode); a bare fetch with fetch's defaults. */
const REL_VARIANTS = ['sdk', 'bare', 'bareDefault'];

async function relationship(browser, origin) {
  const { startFakeKakao } = await import('../tests/fake-kakao/server.mjs');
  const fake = await startFakeKakao({ port: 0, origins: [origin], quiet: true });
  const control = async (method, path) => (await fetch(fake.url + path, { method })).json();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.__bench && window.__bench.ready, null, { timeout: 30_000 });
    const hosts = { api: fake.url, auth: fake.url, pf: fake.url, apps: fake.url };
    const first = await page.evaluate(
      async ({ appKey, hosts, token }) => {
        await window.kc.init({ appKey, hosts });
        return window.kc.checkRelationship({ accessToken: token });
      },
      { appKey: APP_KEY, hosts, token: TOKEN },
    );
    // The request exactly as the SDK sent it (the fake's log), for the bare fetch to copy.
    const logged = await control('GET', '/__fake/requests?path=/v2/api/talk/channels');
    const sent = logged.requests.filter((r) => !r.preflight).at(-1);
    const headers = {};
    for (const name of ['authorization', 'ka', 'cache-control', 'pragma', 'content-type']) if (sent.headers[name] !== undefined) headers[name] = sent.headers[name];
    const request = { method: sent.method, url: fake.url + sent.url, headers };

    const inPage = async ({ token, request, n, warm, only }) => {
      const kc = window.kc;
      const call = (init) => async () => {
        const res = await fetch(request.url, { method: request.method, headers: request.headers, ...init });
        const body = JSON.parse(await res.text());
        if (!res.ok) throw new Error(`bare fetch: HTTP ${res.status}`);
        return body;
      };
      const fns = {
        sdk: () => kc.checkRelationship({ accessToken: token }),
        // What the SDK's fetch does: same URL and headers, no cookies, no HTTP cache.
        bare: call({ credentials: 'omit' }),
        // What a plain `fetch(url, { headers })` does.
        bareDefault: call({}),
      };
      const names = only ? [only] : Object.keys(fns);
      if (!only) {
        const a = await fns.sdk();
        const b = await fns.bare();
        if (a.channels.length !== b.channels.length || String(a.userId) !== String(b.user_id)) throw new Error('the SDK and the bare fetch disagree');
      }
      for (let i = 0; i < warm; i++) for (const name of names) await fns[name]();
      const times = Object.fromEntries(names.map((name) => [name, []]));
      // Each call in three parts, from the request's Resource Timing entry (its start and
      // responseEnd are exposed cross-origin): call → request started, request started → answer
      // received, answer received → call resolved.
      const parts = Object.fromEntries(names.map((name) => [name, []]));
      performance.setResourceTimingBufferSize(1000);
      for (let i = 0; i < n; i++) {
        // Rotate the order, so drift hits every variant alike.
        for (let j = 0; j < names.length; j++) {
          const name = names[(i + j) % names.length];
          performance.clearResourceTimings();
          const t0 = performance.now();
          await fns[name]();
          const t1 = performance.now();
          times[name].push(t1 - t0);
          const entry = performance.getEntriesByType('resource').find((e) => e.name === request.url);
          if (entry && entry.responseEnd > 0) parts[name].push([entry.startTime - t0, entry.responseEnd - entry.startTime, t1 - entry.responseEnd]);
        }
      }
      // The clock's step: the smallest non-zero difference between two reads.
      let step = Infinity;
      for (let i = 0, last = performance.now(); i < 200_000 && step > 0.0011; i++) {
        const t = performance.now();
        if (t > last) step = Math.min(step, t - last);
        last = t;
      }
      return { times, parts, isolated: self.crossOriginIsolated, clockStepMs: step };
    };

    await control('DELETE', '/__fake/stats');
    const r = await page.evaluate(inPage, { token: TOKEN, request, n: CALLS, warm: WARMUP_CALLS });
    const stats = await control('GET', '/__fake/stats');

    // Requests on the wire per call of each variant (20 calls each, after a warm-up of 2).
    const wire = {};
    for (const only of REL_VARIANTS) {
      await control('DELETE', '/__fake/requests');
      await page.evaluate(inPage, { token: TOKEN, request, n: 20, warm: 2, only });
      const { requests } = await control('GET', '/__fake/requests?path=/v2/api/talk/channels');
      wire[only] = { calls: 22, gets: requests.filter((x) => !x.preflight).length, preflights: requests.filter((x) => x.preflight).length };
    }
    const perCall = (w) => Number((w.preflights / (w.gets || 1)).toFixed(2));

    const us = (xs) => xs.map((x) => x * 1000);
    const t = Object.fromEntries(REL_VARIANTS.map((name) => [name, us(r.times[name])]));
    const summary = (xs) => ({ medianUs: q(median(xs), 'µs'), p95Us: q(percentile(xs, 95), 'µs'), samples: { unit: 'µs', values: xs.map((x) => Number(x.toFixed(1))) } });
    const overhead = (base) => ({
      medianDifferenceUs: q(median(t.sdk) - median(t[base]), 'µs'),
      p95DifferenceUs: q(percentile(t.sdk, 95) - percentile(t[base], 95), 'µs'),
      medianOfPairedDifferencesUs: q(median(t.sdk.map((x, i) => x - t[base][i])), 'µs'),
    });
    // The median of each part (the medians need not add up to the median total).
    const partsOf = (name) => {
      const xs = r.parts[name];
      if (xs.length < CALLS / 2) throw new Error(`checkRelationship: Resource Timing missing for ${CALLS - xs.length} of ${CALLS} ${name} calls`);
      const part = (k) => q(median(xs.map((x) => x[k] * 1000)), 'µs');
      return { beforeRequestUs: part(0), requestUs: part(1), afterAnswerUs: part(2) };
    };
    return {
      calls: CALLS,
      warmupCalls: WARMUP_CALLS,
      parts: Object.fromEntries(REL_VARIANTS.map((name) => [name, partsOf(name)])),
      request: { method: request.method, path: sent.url, headers: Object.keys(headers) },
      answerChannels: first.channels.length,
      crossOriginIsolated: r.isolated,
      clockStep: q(r.clockStepMs * 1000, 'µs'),
      requestsSeenByFake: stats.total,
      sdk: { ...summary(t.sdk), fetchOptions: "the SDK's: credentials 'omit', cache default", preflightsPerGet: perCall(wire.sdk) },
      bare: { ...summary(t.bare), fetchOptions: "credentials 'omit', cache default (as the SDK)", preflightsPerGet: perCall(wire.bare) },
      bareDefault: { ...summary(t.bareDefault), fetchOptions: 'fetch defaults (credentials same-origin, cache default)', preflightsPerGet: perCall(wire.bareDefault) },
      wire,
      overhead: overhead('bare'),
      overheadVsDefaultFetch: overhead('bareDefault'),
    };
  } finally {
    await context.close();
    await fake.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 4. parseChannelId vs plain JS. Both functions below run in the page (passed as source).

/** Deterministic mixed inputs: [kind, input][] from a seeded PRNG (mulberry32). */
function makeInputs(seed, n) {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const str = (chars, len) => {
    let s = '';
    for (let i = 0; i < len; i++) s += chars[Math.floor(rnd() * chars.length)];
    return s;
  };
  const id = () => `_${str(ALNUM, int(1, 31))}`;
  const ws = () => pick(['', '', '', ' ', '  ', '\t', '\n', '\u00a0', '\u3000', '\ufeff']);
  const scheme = () => pick(['https://', 'https://', 'http://', 'HTTPS://', 'Http://', '//', '', '']);
  const host = () => pick(['pf.kakao.com', 'pf.kakao.com', 'pf.kakao.com', 'PF.KAKAO.COM', 'Pf.Kakao.Com', 'pf.kakao.com.']);
  const tail = () =>
    pick(['', '', '/', '/chat', '/friend', '/posts/' + int(1, 1e6), '/home']) +
    pick(['', '', '?utm_source=' + str(ALNUM, int(1, 12)), '?a=1&b=%EC%B9%B4%EC%B9%B4%EC%98%A4', '?x=/_y#z']) +
    pick(['', '', '#' + str(ALNUM, int(0, 8))]);
  const GARBAGE = ALNUM + ' _-@/:?#%.\\\t\n\u0000\u0085\u200b카카오톡ＡＢ_🙂';
  const kinds = [
    [20, 'id', () => ws() + id() + ws()],
    [5, 'id-bad', () => pick([`_${str(ALNUM, int(32, 40))}`, '_', `_${str(ALNUM, 3)}-${str(ALNUM, 3)}`, `_${str(ALNUM, 3)} ${str(ALNUM, 2)}`, '_카카오', `_ＡＢ${str(ALNUM, 2)}`, `__${str(ALNUM, 4)}`])],
    [25, 'url', () => ws() + scheme() + host() + '/' + id() + tail() + ws()],
    [15, 'url-bad', () =>
      pick([
        `https://pf.kakao.com.evil.com/${id()}`,
        `https://evil.com/${id()}`,
        `https://pf.kakao.com@evil.com/${id()}`,
        `https://user:pw@pf.kakao.com/${id()}`,
        `https://pf.kakao.com:443/${id()}`,
        `http://pf.kakao.com:80/${id()}`,
        `ftp://pf.kakao.com/${id()}`,
        `javascript:alert(1)//pf.kakao.com/${id()}`,
        `https://pf.kakao.com/%2F${id().slice(1)}`,
        `https://pf.kakao.com/${id()}%2Fchat`,
        `https://pf.kakao.com/%5F${id().slice(1)}`,
        `https://pf.kakao.com/`,
        `https://pf.kakao.com/home/${id()}`,
        `https:/pf.kakao.com/${id()}`,
        `https:///pf.kakao.com/${id()}`,
        `https://ｐｆ.kakao.com/${id()}`,
        `https://pf.kakao.com\\${id()}`,
        `https://pf.kakao.com/${id()}%`,
        `https://pf.kakao.com/%E0%A4%A/${id()}`,
        `pf.kakao.com`,
        `kakao.com/${id()}`,
      ])],
    [10, 'search', () => pick(['@', '@', 'https://pf.kakao.com/', 'pf.kakao.com/']) + pick(['kakao', 'kakaochannel', '카카오', `${str(ALNUM, int(1, 20))}`]) + pick(['', '', '/chat'])],
    [15, 'garbage', () => str(GARBAGE, int(0, 40))],
    [10, 'long', () =>
      pick([
        `https://pf.kakao.com/${id()}?q=${str(ALNUM, int(100, 2000))}`,
        `https://pf.kakao.com/${id()}?q=${str(ALNUM, int(2048, 4000))}`,
        str(ALNUM + '/._', int(100, 4000)),
        `_${'a'.repeat(int(100, 3000))}`,
        `@${'b'.repeat(int(100, 3000))}`,
      ])],
  ];
  const total = kinds.reduce((t, [w]) => t + w, 0);
  const out = [];
  for (let i = 0; i < n; i++) {
    let r = rnd() * total;
    let k = kinds[0];
    for (const kind of kinds) {
      k = kind;
      if ((r -= kind[0]) < 0) break;
    }
    out.push([k[1], k[2]()]);
  }
  return out;
}

/** The straightforward JS version: `new URL` + a RegExp, README "Channel IDs" rules. */
function makeJsParse() {
  class ChannelIdError extends Error {
    constructor(code, message) {
      super(message);
      this.name = 'ChannelIdError';
      this.code = code;
    }
  }
  const ID = /^_[A-Za-z0-9]{1,31}$/;
  const invalid = (input) => new ChannelIdError('INVALID_CHANNEL_ID', `${JSON.stringify(String(input).slice(0, 60))} is not a Kakao Talk Channel public ID`);
  const search = (input) => new ChannelIdError('SEARCH_ID_NOT_SUPPORTED', `${JSON.stringify(String(input).slice(0, 60))} is a search ID`);
  return function jsParseChannelId(input) {
    if (typeof input !== 'string' || input.length > 2048) throw invalid(input);
    const s = input.trim();
    if (!s || /[\s\p{Cc}\\]/u.test(s)) throw invalid(input);
    if (s[0] === '_') {
      if (ID.test(s)) return s;
      throw invalid(input);
    }
    if (s[0] === '@') throw s.length > 1 && !/[/?#:%]/.test(s) ? search(input) : invalid(input);
    let url;
    try {
      url = new URL(/^[a-z][a-z\d+.-]*:/i.test(s) ? s : s.startsWith('//') ? `https:${s}` : `https://${s}`);
    } catch {
      throw invalid(input);
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.port) throw invalid(input);
    if (url.hostname !== 'pf.kakao.com' && url.hostname !== 'pf.kakao.com.') throw invalid(input);
    let segment;
    try {
      segment = decodeURIComponent(url.pathname.split('/')[1]);
    } catch {
      throw invalid(input);
    }
    if (ID.test(segment)) return segment;
    if (/^@[^\s\p{Cc}/]+$/u.test(segment)) throw search(input);
    throw invalid(input);
  };
}

async function parseBench(browser, origin) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.__bench && window.__bench.ready, null, { timeout: 30_000 });
    // Three evaluations, each a small function of its own: the inputs and the agreement check,
    // the timed rounds over the mix, and the rounds per kind. Timed inside the one big function
    // that also ran the agreement check, the SDK's rejections read about 2x slower (garbage
    // 13.5 vs 7.0 µs) than timed afterwards in the same page by a function of their own; the
    // plain JS implementation's did not change. The loop doing the timing should be the only
    // thing that differs between the two implementations.
    const setup = await page.evaluate(
      ({ makeInputsSource, makeJsParseSource, seed, n }) => {
        const makeInputs = (0, eval)(`(${makeInputsSource})`);
        const jsParse = (0, eval)(`(${makeJsParseSource})`)();
        const kc = window.kc;
        const pairs = makeInputs(seed, n);
        const impls = { sdk: (s) => kc.parseChannelId(s), js: jsParse };
        window.__parse = { pairs, inputs: pairs.map((p) => p[1]), impls, sink: 0 };

        // Agreement: the same answer (the ID, or the error code) for each input?
        const outcome = (f, x) => {
          try {
            return { ok: true, value: f(x) };
          } catch (e) {
            return { ok: false, value: e && e.code };
          }
        };
        const counts = { sdk: { accepted: 0, rejected: 0 }, js: { accepted: 0, rejected: 0 } };
        const kinds = {};
        let disagreements = 0;
        const examples = [];
        for (const [kind, x] of pairs) {
          const a = outcome(impls.sdk, x);
          const b = outcome(impls.js, x);
          counts.sdk[a.ok ? 'accepted' : 'rejected']++;
          counts.js[b.ok ? 'accepted' : 'rejected']++;
          const k = (kinds[kind] ??= { inputs: 0, disagreements: 0 });
          k.inputs++;
          if (a.ok !== b.ok || a.value !== b.value) {
            disagreements++;
            k.disagreements++;
            // One example per shape (the input with IDs and digits blanked out).
            const shape = `${kind} ${x.replace(/_[A-Za-z0-9]+/g, '_ID').replace(/\d+/g, '9').slice(0, 40)}`;
            if (examples.length < 20 && !examples.some((e) => e.shape === shape)) {
              // Invisible characters (controls, format, spaces other than ' ', lone surrogates) as \\uXXXX.
              const visible = (t) => t.replace(/[\p{Cc}\p{Cf}\p{Z}\ud800-\udfff]/gu, (c) => (c === ' ' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
              const shown = visible(x.length > 80 ? `${x.slice(0, 77)}…` : x);
              examples.push({ shape, kind, input: shown, sdk: a.ok ? a.value : `throws ${a.value}`, js: b.ok ? b.value : `throws ${b.value}` });
            }
          }
        }
        if (counts.sdk.accepted === 0) throw new Error('the SDK accepted nothing: is it initialised?');
        return { counts, kinds, disagreements, examples: examples.map(({ shape, ...e }) => e) };
      },
      { makeInputsSource: makeInputs.toString(), makeJsParseSource: makeJsParse.toString(), seed: SEED, n: INPUTS },
    );
    const { counts, kinds } = setup;

    // Timing: one warm-up round each, then `rounds` rounds, alternating which goes first.
    const ns = await page.evaluate(
      ({ rounds, counts }) => {
        const { inputs, impls } = window.__parse;
        let sink = 0;
        const round = (f) => {
          let rejected = 0;
          const t0 = performance.now();
          for (let i = 0; i < inputs.length; i++) {
            try {
              sink += f(inputs[i]).length;
            } catch (e) {
              if (e.code) rejected++;
            }
          }
          const ms = performance.now() - t0;
          return { nsPerCall: (ms * 1e6) / inputs.length, rejected };
        };
        // safeParseChannelId never throws: its round counts refusals from the result.
        const safe = window.kc.safeParseChannelId;
        const safeRound = () => {
          let rejected = 0;
          const t0 = performance.now();
          for (let i = 0; i < inputs.length; i++) {
            const r = safe(inputs[i]);
            if (r.ok) sink += r.channelPublicId.length;
            else if (r.error.code) rejected++;
          }
          const ms = performance.now() - t0;
          return { nsPerCall: (ms * 1e6) / inputs.length, rejected };
        };
        round(impls.sdk);
        round(impls.js);
        safeRound();
        const ns = { sdk: [], js: [], safe: [] };
        for (let r = 0; r < rounds; r++) {
          for (const name of r % 2 ? ['js', 'safe', 'sdk'] : ['sdk', 'safe', 'js']) {
            const res = name === 'safe' ? safeRound() : round(impls[name]);
            const expected = counts[name === 'safe' ? 'sdk' : name].rejected;
            if (res.rejected !== expected) throw new Error(`${name}: ${res.rejected} rejections, expected ${expected}`);
            ns[name].push(res.nsPerCall);
          }
        }
        window.__parse.sink += sink;
        return ns;
      },
      { rounds: ROUNDS, counts },
    );

    // Breakdown per kind of input (for results.json): median of 3 rounds over that kind only.
    const perKind = await page.evaluate((names) => {
      const { pairs, impls } = window.__parse;
      let sink = 0;
      const out = {};
      for (const kind of names) {
        const subset = pairs.filter((p) => p[0] === kind).map((p) => p[1]);
        out[kind] = {};
        for (const name of ['sdk', 'js']) {
          const f = impls[name];
          const per = [];
          for (let r = 0; r < 3; r++) {
            const t0 = performance.now();
            for (let i = 0; i < subset.length; i++) {
              try {
                sink += f(subset[i]).length;
              } catch (e) {
                if (e.code) sink--;
              }
            }
            per.push(((performance.now() - t0) * 1e6) / subset.length);
          }
          per.sort((x, y) => x - y);
          out[kind][`${name}NsPerCall`] = Number(per[1].toFixed(1));
        }
      }
      window.__parse.sink += sink;
      return out;
    }, Object.keys(kinds));
    for (const kind of Object.keys(kinds)) Object.assign(kinds[kind], perKind[kind]);
    return { ns, counts, kinds, disagreements: setup.disagreements, examples: setup.examples };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Machine, table, results

function osName() {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) return `${pretty[1]} (${osType()} ${release()}, ${arch()})`;
  } catch {}
  return `${osType()} ${release()} (${arch()})`;
}

function table(results) {
  const { machine, bytes, coldStart, checkRelationship: rel, parseChannelId: parse } = results;
  const L = [];
  L.push(
    `kakao-channel ${results.package.version} browser benchmark, ${results.date.slice(0, 10)}: ${machine.cpu} (${machine.cores} cores), ${machine.os}, Node ${machine.node}, Chromium ${machine.chromium}, Vite ${machine.vite}; 1-min load average ${machine.loadAverage1m.before} at start`,
  );
  L.push('');
  L.push('**Bytes** a browser downloads (for kakao-channel: every JS chunk and the .wasm of a Vite build of a page importing the packed tarball)');
  L.push('');
  L.push('| script | files | raw | gzip -9 |');
  L.push('|---|---:|---:|---:|');
  const sdk = bytes.kakaoChannel;
  L.push(`| kakao-channel ${results.package.version}, Vite build (JS chunks + .wasm) | ${sdk.files.length} | ${fmtInt(sdk.total.raw.value)} B | **${fmtInt(sdk.total.gzip.value)} B** |`);
  for (const f of sdk.files) L.push(`| ↳ \`${f.file.replace(/-[\w]{8}\./, '-….')}\` | | ${fmtInt(f.raw.value)} B | ${fmtInt(f.gzip.value)} B |`);
  const k2 = bytes.kakaoSdk274;
  L.push(`| Kakao \`kakao.min.js\` 2.7.4 (${k2.source}; not measured) | 1 | ${fmtInt(k2.raw.value)} B | ${fmtInt(k2.gzip.value)} B |`);
  const k1 = bytes.kakaojsV1;
  L.push(`| Kakao \`kakao.min.js\` v${k1.sdkVersion} (npm \`kakaojs@${k1.packageVersion}\`, measured) | 1 | ${fmtInt(k1.raw.value)} B | ${fmtInt(k1.gzip.value)} B |`);
  L.push('');
  L.push(`**Cold start**: ${coldStart.loads} fresh loads each (new browser context, cache disabled, pages in rotation), ms from navigation start to the call's end (in parentheses: from the start of the script's own fetch)`);
  L.push('');
  L.push('| page | median | p95 |');
  L.push('|---|---:|---:|');
  const cs = (c) => `| ${fmt1(c.fromNavigationStart.medianMs.value)} ms (${fmt1(c.fromScriptFetchStart.medianMs.value)}) | ${fmt1(c.fromNavigationStart.p95Ms.value)} ms (${fmt1(c.fromScriptFetchStart.p95Ms.value)}) |`;
  for (const [name, page] of Object.entries(COLD_PAGES)) L.push(`| ${page.title} ${cs(coldStart[name])}`);
  L.push('');
  L.push('Where the time goes (Resource Timing of each load):');
  L.push('');
  L.push(...phaseRows(coldStart));
  L.push('');
  L.push(`**checkRelationship** against the fake Kakao server on 127.0.0.1: ${rel.calls} sequential calls of each after ${rel.warmupCalls} warm-up, interleaved, one page (µs)`);
  L.push('');
  L.push('| call | median | p95 | preflights per GET |');
  L.push('|---|---:|---:|---:|');
  const relRow = (label, v) => `| ${label} | ${fmtInt(v.medianUs.value)} µs | ${fmtInt(v.p95Us.value)} µs | ${v.preflightsPerGet} |`;
  L.push(relRow('`checkRelationship({ accessToken })`', rel.sdk));
  L.push(relRow("bare `fetch` + `JSON.parse`, the SDK's request (`credentials: 'omit'`)", rel.bare));
  L.push(relRow('bare `fetch` + `JSON.parse`, same URL and headers, fetch defaults', rel.bareDefault));
  const diff = (label, d) => `| ${label} | ${signed(fmtInt(d.medianDifferenceUs.value), d.medianDifferenceUs.value)} µs | ${signed(fmtInt(d.p95DifferenceUs.value), d.p95DifferenceUs.value)} µs | |`;
  L.push(diff("SDK overhead: SDK − bare fetch of the SDK's request", rel.overhead));
  L.push(diff('SDK − bare fetch with defaults', rel.overheadVsDefaultFetch));
  L.push('');
  L.push(...relPartRows(rel));
  L.push('');
  L.push(`**parseChannelId**: ${fmtInt(parse.inputs)} seeded mixed inputs (${parse.mix}), ns per call, median of ${parse.rounds} rounds`);
  L.push('');
  L.push('| implementation | ns per call | accepted | rejected |');
  L.push('|---|---:|---:|---:|');
  L.push(`| kakao-channel \`parseChannelId\` (wasm) | ${fmtInt(parse.sdk.medianNsPerCall.value)} ns | ${fmtInt(parse.sdk.accepted)} | ${fmtInt(parse.sdk.rejected)} |`);
  L.push(`| kakao-channel \`safeParseChannelId\` (never throws) | ${fmtInt(parse.safe.medianNsPerCall.value)} ns | ${fmtInt(parse.sdk.accepted)} | ${fmtInt(parse.sdk.rejected)} |`);
  L.push(`| plain JS (\`new URL\` + RegExp, in the bench) | ${fmtInt(parse.js.medianNsPerCall.value)} ns | ${fmtInt(parse.js.accepted)} | ${fmtInt(parse.js.rejected)} |`);
  L.push('');
  L.push(`Ratios to the JS implementation on the mix: parseChannelId ${(parse.sdk.medianNsPerCall.value / parse.js.medianNsPerCall.value).toFixed(2)}×, safeParseChannelId ${(parse.safe.medianNsPerCall.value / parse.js.medianNsPerCall.value).toFixed(2)}×.`);
  L.push('');
  L.push(
    `By kind of input, ns per call, SDK / JS: ${Object.entries(parse.kinds)
      .map(([k, v]) => `${k} ${fmtInt(v.sdkNsPerCall)} / ${fmtInt(v.jsNsPerCall)}`)
      .join('; ')}.`,
  );
  L.push('');
  L.push(`The two disagree on ${fmtInt(parse.disagreements)} of ${fmtInt(parse.inputs)} inputs (${parse.disagreementsByKind}); examples in bench/results.json.`);
  return L.join('\n');
}

/** Where a checkRelationship call's time goes beside the bare fetch's: markdown rows. */
function relPartRows(rel) {
  const L = ['| part of a call (median, µs) | checkRelationship | bare fetch | difference |', '|---|---:|---:|---:|'];
  const words = { beforeRequestUs: 'call → request started', requestUs: 'request started → answer received', afterAnswerUs: 'answer received → call resolved' };
  for (const [k, label] of Object.entries(words)) {
    const a = rel.parts.sdk[k].value;
    const b = rel.parts.bare[k].value;
    L.push(`| ${label} | ${fmtInt(a)} | ${fmtInt(b)} | ${signed(fmtInt(a - b), a - b)} |`);
  }
  return L;
}

async function main() {
  const started = Date.now();
  const loadBefore = loadavg();
  const build = ensureBuilt();
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const { chromium } = await import('playwright-core');
  let browser;
  let server;
  try {
    const viteApp = await buildViteApp();
    const kakaojs = fetchKakaojs();
    server = await startStatic({ viteDir: viteApp.dir, kakaojsFile: kakaojs.file });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    log(`serving ${server.origin}; Chromium ${browser.version()}`);

    if (opts.only === 'parse') {
      log(`parseChannelId only: ${INPUTS} inputs, ${ROUNDS} rounds`);
      const parse = await parseBench(browser, server.origin);
      const m = (xs) => median(xs);
      const [sdk, js, safe] = [m(parse.ns.sdk), m(parse.ns.js), m(parse.ns.safe)];
      console.log(`parseChannelId ${fmtInt(sdk)} ns, safeParseChannelId ${fmtInt(safe)} ns, JS ${fmtInt(js)} ns per call on the mix: ratios ${(sdk / js).toFixed(2)}x, ${(safe / js).toFixed(2)}x`);
      for (const [k, v] of Object.entries(parse.kinds)) console.log(`  ${k.padEnd(8)} SDK ${fmtInt(v.sdkNsPerCall).padStart(7)} ns   JS ${fmtInt(v.jsNsPerCall).padStart(7)} ns   (${v.inputs} inputs, ${v.disagreements} disagreements)`);
      return;
    }
    if (opts.only === 'cold') {
      log(`cold start only: ${WARMUP} warm-up + ${LOADS} loads of each page`);
      const cold = await coldStart(browser, server.origin);
      const ms = (c) => `${fmt1(c.fromNavigationStart.medianMs.value)} ms`;
      const ratio = (c) => (c.fromNavigationStart.medianMs.value / cold.kakaojs.fromNavigationStart.medianMs.value).toFixed(2);
      console.log(`cold start median: kakao-channel ${ms(cold.sdk)} (${ratio(cold.sdk)}x), with the wasm preloaded ${ms(cold.sdkPreload)} (${ratio(cold.sdkPreload)}x), kakaojs v1 ${ms(cold.kakaojs)}`);
      console.log(phaseRows(cold).join('\n'));
      return;
    }
    if (opts.only === 'relationship') {
      log(`checkRelationship only: ${WARMUP_CALLS} warm-up + ${CALLS} calls each`);
      const rel = await relationship(browser, server.origin);
      const us = (v) => `${fmtInt(v.value)} µs`;
      console.log(`checkRelationship median ${us(rel.sdk.medianUs)}, bare fetch ${us(rel.bare.medianUs)}: overhead ${us(rel.overhead.medianDifferenceUs)} (paired ${us(rel.overhead.medianOfPairedDifferencesUs)}); preflights per GET ${rel.sdk.preflightsPerGet}`);
      console.log(relPartRows(rel).join('\n'));
      return;
    }
    log(`cold start: ${WARMUP} warm-up + ${LOADS} loads of each page`);
    const cold = await coldStart(browser, server.origin);
    log(`checkRelationship: ${WARMUP_CALLS} warm-up + ${CALLS} calls each`);
    const rel = await relationship(browser, server.origin);
    log(`parseChannelId: ${INPUTS} inputs, ${ROUNDS} rounds`);
    const parse = await parseBench(browser, server.origin);

    const sum = (files, key) => files.reduce((t, f) => t + f[key], 0);
    const kindsText = Object.entries(parse.kinds)
      .map(([k, v]) => `${k} ${Math.round((100 * v.inputs) / INPUTS)}%`)
      .join(', ');
    const disagreeText = Object.entries(parse.kinds)
      .filter(([, v]) => v.disagreements)
      .map(([k, v]) => `${k}: ${fmtInt(v.disagreements)}`)
      .join(', ');
    const results = {
      date: new Date().toISOString(),
      package: { name: 'kakao-channel', version: viteApp.version, dist: build },
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        memory: q(totalmem(), 'B'),
        // Other work on the machine skews every figure: the 1-minute load average before and after.
        loadAverage1m: { before: Number(loadBefore[0].toFixed(2)), after: Number(loadavg()[0].toFixed(2)) },
        os: osName(),
        node: process.version,
        chromium: browser.version(),
        vite: viteApp.viteVersion,
        playwrightCore: JSON.parse(readFileSync(join(root, 'node_modules', 'playwright-core', 'package.json'), 'utf8')).version,
      },
      method: {
        server: 'node:http on 127.0.0.1, uncompressed, Cache-Control: no-store, COOP same-origin + COEP require-corp (cross-origin isolated)',
        chromiumFlags: '--no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic (headless)',
        coldStart:
          'each load: new browser context, CDP Network.setCacheDisabled, page.goto; in the page performance.now() (ms since navigation start) when the call ended; fromScriptFetchStart subtracts the script resource entry startTime (Vite: the entry chunk; kakaojs: kakao.min.js). Pages alternate; the first warm-up loads of each are dropped.',
        checkRelationship:
          "one page, SDK re-initialised with the fake as every host; the bare fetches copy the URL, Authorization and KA headers the fake logged for the SDK's request, one with the SDK's fetch options (credentials omit, default cache), one with fetch's defaults; the three variants run in rotating order, each call timed with performance.now() around the awaited call. Preflights per GET: from the fake's log over 22 further calls of each variant alone.",
        parseChannelId: `seeded generator (mulberry32, seed ${SEED}); both implementations catch every rejection; one warm-up round each, then rounds alternating which goes first; ns per call = round time / inputs.`,
      },
      bytes: {
        kakaoChannel: {
          what: 'Vite build of a page importing the packed tarball (import * as kc; init on load): every JS chunk + the .wasm under dist/assets (index.html and the module-preload polyfill not counted)',
          files: viteApp.files.map((f) => ({ file: f.file, raw: q(f.raw, 'B'), gzip: q(f.gzip, 'B') })),
          total: { raw: q(sum(viteApp.files, 'raw'), 'B'), gzip: q(sum(viteApp.files, 'gzip'), 'B') },
        },
        kakaoSdk274: { file: 'kakao.min.js 2.7.4', source: KAKAO_274.source, measured: false, raw: q(KAKAO_274.raw, 'B'), gzip: q(KAKAO_274.gzip, 'B') },
        kakaojsV1: { file: 'kakao.min.js', packageVersion: kakaojs.version, sdkVersion: kakaojs.sdkVersion, source: `npm kakaojs@${kakaojs.version}, downloaded at bench time`, measured: true, raw: q(kakaojs.raw, 'B'), gzip: q(kakaojs.gzip, 'B') },
      },
      coldStart: { loads: LOADS, warmupLoads: WARMUP, startPoint: 'navigation start (performance.timeOrigin)', ...cold },
      checkRelationship: rel,
      parseChannelId: {
        inputs: INPUTS,
        rounds: ROUNDS,
        seed: SEED,
        mix: kindsText,
        sdk: { medianNsPerCall: q(median(parse.ns.sdk), 'ns'), rounds: { unit: 'ns', values: parse.ns.sdk.map((x) => Number(x.toFixed(1))) }, ...parse.counts.sdk },
        js: { medianNsPerCall: q(median(parse.ns.js), 'ns'), rounds: { unit: 'ns', values: parse.ns.js.map((x) => Number(x.toFixed(1))) }, ...parse.counts.js },
        safe: { medianNsPerCall: q(median(parse.ns.safe), 'ns'), rounds: { unit: 'ns', values: parse.ns.safe.map((x) => Number(x.toFixed(1))) } },
        disagreements: parse.disagreements,
        disagreementsByKind: disagreeText || 'none',
        kinds: parse.kinds,
        disagreementExamples: parse.examples,
      },
      elapsed: q((Date.now() - started) / 1000, 's'),
    };
    results.table = table(results) + '\n' + ratios(results);
    mkdirSync(join(root, 'bench'), { recursive: true });
    writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(results.table);
    log(`wrote ${relative(root, opts.out)} (${results.elapsed.value.toFixed(0)} s)`);
    const past = pastGates(results);
    for (const r of past) log(`past its gate: ${r.what}: ${r.shown} (gate ${r.gateShown})`);
    if (opts.check) {
      if (past.length) process.exitCode = 1;
      else log('every gate holds');
    }
  } finally {
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
    if (!opts['keep-scratch']) rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
