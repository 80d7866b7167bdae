// Helpers for the framework app tests (run.test.mjs): the packed package, cached app installs,
// processes started and stopped by the test, a static server, Chromium, and the checks every
// React app shares (links before init, one element per button, clicks through the SDK).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../browser/harness.mjs';
export { freePort } from '../../scripts/free-port.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const APPS = fileURLToPath(new URL('.', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
export const CHANNEL = '_ZeUTxl';
export const APP_KEY = 'demo-javascript-key';

/** `npm pack` of the built package (dist/ must be built) into tests/apps/.pack/; its path. */
export function packTarball() {
  const dir = join(APPS, '.pack');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return join(dir, JSON.parse(out.slice(out.indexOf('[')))[0].filename);
}

/**
 * The app's dependencies from its lock file (`npm ci`, skipped while the lock is unchanged:
 * node_modules/.kakao-channel-lock holds its hash), then the tarball extracted into
 * node_modules/kakao-channel (every run: it changes with every build).
 */
export function installApp(name, tarball) {
  const dir = join(APPS, name);
  const lock = join(dir, 'package-lock.json');
  const stamp = join(dir, 'node_modules', '.kakao-channel-lock');
  const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== hash) {
    execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, stdio: 'pipe' });
    // An app without dependencies of its own (cjs-ts) gets no node_modules from npm ci.
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    writeFileSync(stamp, hash);
  }
  const target = join(dir, 'node_modules', 'kakao-channel');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', target, '--strip-components=1']);
  return dir;
}

/** Runs `command` in `cwd` (output kept, shown when it fails). */
export function run(cwd, command, args, env = {}) {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env } });
  } catch (e) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout}\n${e.stderr}`);
  }
}

/** Starts a long-running process; resolves once `url` answers. `stop()` ends it (and its group). */
export async function startProcess(cwd, command, args, { env = {}, url, timeout = 30_000 }) {
  const child = spawn(command, args, { cwd, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((r) => child.once('exit', r));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
  };
  const deadline = Date.now() + timeout;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} exited early (${child.exitCode}):\n${output}`);
    try {
      await fetch(url);
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${command} did not answer at ${url} within ${timeout} ms:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  return { child, stop, output: () => output };
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json' };

/** A static server for a built app on 127.0.0.1:`port`; `html(pathname)` may render the page. */
export function serveStatic(dir, port, html) {
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (html && !extname(pathname)) {
      res.writeHead(200, { 'content-type': TYPES['.html'] });
      res.end(await html(pathname));
      return;
    }
    let file = normalize(join(dir, pathname));
    if (!file.startsWith(resolve(dir))) file = join(dir, 'index.html');
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve_) =>
    server.listen(port, '127.0.0.1', () =>
      resolve_({
        url: `http://127.0.0.1:${port}/`,
        close: () => {
          server.closeAllConnections();
          return new Promise((r) => server.close(r));
        },
      }),
    ),
  );
}

/** Debian's Chromium, headless. */
export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * A fresh page that records console errors and warnings, page errors and failed requests.
 * `problems()` lists them (hydration warnings included: React and Vue report them there).
 */
export async function openPage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning' || /hydrat/i.test(m.text())) seen.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.push(`pageerror: ${e.message}`));
  return { context, page, problems: () => seen };
}

/** The anchors of the kakao-channel buttons: kind, href, image src or text. */
export function buttonLinks(page) {
  return page.$$eval('a[data-kakao-channel-button]', (as) =>
    as.map((a) => ({ kind: a.dataset.kakaoChannelButton, href: a.getAttribute('href'), img: a.querySelector('img')?.getAttribute('src') ?? null, text: a.textContent })),
  );
}

/** Same, from server-rendered HTML text. */
export function htmlLinks(html) {
  return [...html.matchAll(/<a\b[^>]*data-kakao-channel-button="(\w+)"[^>]*>/g)].map((m) => ({ kind: m[1], href: /href="([^"]*)"/.exec(m[0])?.[1].replaceAll('&amp;', '&') ?? null }));
}

/** Clicks `selector` and returns the popup's URL (the popup is closed). */
export async function popupUrl(page, selector) {
  const [popup] = await Promise.all([page.waitForEvent('popup', { timeout: 10_000 }), page.click(selector)]);
  await popup.waitForLoadState();
  const url = popup.url();
  await popup.close();
  return url;
}

/** Waits until the add button's href is the SDK's (bridge query added): init resolved. */
export async function waitForReady(page) {
  await page.waitForFunction(() => {
    const a = document.querySelector('a[data-kakao-channel-button=add]');
    return a && (a.getAttribute('href') ?? '').includes('?');
  }, undefined, { timeout: 15_000 });
}

/**
 * The checks every React / Vue test app shares, on a page whose SDK points at `fake`: before
 * init (the wasm held back) the three buttons are plain bridge links; then exactly one element
 * per button; add and chat open the bridge page through the SDK (a popup with the bridge query);
 * follow completes through Kakao's (fake) follow window; the relationship hook shows ADDED.
 */
export async function checkButtonsApp(browser, url, fake, { holdWasm = true } = {}) {
  const { context, page, problems } = await openPage(browser);
  try {
    let release = () => {};
    if (holdWasm) {
      const held = new Promise((r) => (release = r));
      await page.route(/kakao_channel_bg.*\.wasm/, async (route) => {
        await held;
        await route.continue();
      });
    }
    let wasmLoads = 0;
    page.on('request', (r) => {
      if (/kakao_channel_bg.*\.wasm/.test(r.url())) wasmLoads += 1;
    });
    const asked = () => fetch(`${fake}/__fake/requests?path=${encodeURIComponent('/v2/api/talk/channels')}`).then((r) => r.json()).then(({ requests }) => requests.filter((q) => !q.preflight).length);
    const askedBefore = await asked();
    await page.goto(url);
    await page.waitForSelector('a[data-kakao-channel-button=follow]');
    if (holdWasm) {
      const before = await buttonLinks(page);
      assert.deepEqual(
        before.map((l) => [l.kind, l.href]),
        [
          ['add', `${fake}/${CHANNEL}/friend`],
          ['chat', `${fake}/${CHANNEL}/chat`],
          ['follow', `${fake}/${CHANNEL}/friend`],
        ],
        'before init: plain bridge links',
      );
      release();
    }
    await waitForReady(page);
    const after = await buttonLinks(page);
    assert.equal(after.length, 3, `one element per button: ${JSON.stringify(after)}`);
    assert.match(after[0].img, new RegExp(`^${fake}/assets/img/about/logos/channel/friendadd_large_yellow_rect\\.png$`));
    assert.match(after[1].img, /question_small_mono_pc\.png$/);
    assert.equal(after[2].text.trim(), 'Follow our channel');
    const add = new URL(await popupUrl(page, 'a[data-kakao-channel-button=add]'));
    assert.equal(`${add.origin}${add.pathname}`, `${fake}/${CHANNEL}/friend`);
    assert.equal(add.searchParams.get('app_key'), APP_KEY, 'the SDK built the link (bridge query)');
    const chat = new URL(await popupUrl(page, 'a[data-kakao-channel-button=chat]'));
    assert.equal(`${chat.origin}${chat.pathname}`, `${fake}/${CHANNEL}/chat`);
    assert.equal(chat.searchParams.get('app_key'), APP_KEY);
    const [follow] = await Promise.all([page.waitForEvent('popup'), page.click('a[data-kakao-channel-button=follow]')]);
    await follow.waitForLoadState();
    assert.equal(new URL(follow.url()).pathname, '/talk/channel/follow');
    await follow.click('#follow-add');
    await page.waitForFunction(() => document.querySelector('#follow-status')?.textContent === 'success', undefined, { timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('#relation')?.textContent === 'ADDED', undefined, { timeout: 10_000 });
    assert.equal((await buttonLinks(page)).length, 3, 'still one element per button');
    assert.equal(wasmLoads, 1, 'init loaded the wasm once');
    assert.equal((await asked()) - askedBefore, 1, 'useChannelRelationship asked once (a new array with the same IDs is no change)');
    assert.deepEqual(problems(), [], 'no console errors, warnings or hydration messages');
  } finally {
    await context.close();
  }
}
