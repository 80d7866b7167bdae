// Real apps against the packed package (`npm pack` of dist/, extracted into each app's
// node_modules; the apps' own dependencies installed once from their lock files and cached):
//   next/        Next.js App Router: `next build` with Turbopack and with --webpack, `next start`,
//                and `output: 'standalone'` moved to another folder and started there
//   vite-react/  Vite + React 19 under StrictMode (tsc --strict on the package's types)
//   vite-vue/    Vite + Vue 3 (vue-tsc), rendered on the server, hydrated in the browser
//   cjs-ts/      TypeScript on CommonJS (node10 and node16 resolution) requiring kakao-channel/server
// Every page runs in headless Chromium against the fake Kakao (tests/fake-kakao/).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startFakeKakao } from '../fake-kakao/server.mjs';
import { DEFAULT_EVENTS, sendWebhook } from '../fake-kakao/webhook.mjs';
import {
  APP_KEY,
  CHANNEL,
  ROOT,
  checkButtonsApp,
  freePort,
  htmlLinks,
  installApp,
  launchBrowser,
  packTarball,
  run,
  serveStatic,
  startProcess,
} from './lib.mjs';

const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
let tarball;
let fake;
let browser;
const ports = {};

before(async () => {
  tarball = packTarball();
  for (const app of ['next', 'vite-react', 'vite-vue']) ports[app] = await freePort();
  const origins = Object.values(ports).map((p) => `http://127.0.0.1:${p}`);
  fake = await startFakeKakao({ port: 0, origins });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await fake?.close();
});

/** Every file under `dir`. */
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Nothing of the server entry in public assets: no admin endpoint, no server wasm. */
function assertNoServerCodeIn(dir) {
  const serverWasm = readFileSync(join(ROOT, 'dist', 'server-wasm', 'kakao_channel_bg.wasm'));
  const files = walk(dir);
  assert.ok(files.length > 0, `${dir} is empty`);
  for (const file of files) {
    const bytes = readFileSync(file);
    assert.ok(!bytes.equals(serverWasm), `${file} is the server wasm`);
    const text = bytes.toString('latin1');
    for (const needle of ['target_user_file', 'target_id_type', 'talk/channels/multi', 'AGFzbQ']) {
      assert.ok(!text.includes(needle), `${file} holds "${needle}" (server code in public assets)`);
    }
  }
}

/** The Next.js app's checks at `url`: SSR links, the browser flow, the webhook route. */
async function checkNext(url) {
  const html = await (await fetch(url)).text();
  assert.deepEqual(
    htmlLinks(html).map((l) => [l.kind, l.href]),
    [
      ['add', `${fake.url}/${CHANNEL}/friend`],
      ['chat', `${fake.url}/${CHANNEL}/chat`],
      ['follow', `${fake.url}/${CHANNEL}/friend`],
    ],
    'server-rendered links',
  );
  assert.match(html, /id="server-link" href="https:\/\/pf\.kakao\.com\/_ZeUTxl\/chat[^"]*"/, 'the Server Component link from kakao-channel/server');
  await checkButtonsApp(browser, url, fake.url);
  const hook = `${url}api/kakao/webhook`;
  const ok = await sendWebhook({ url: hook, adminKey: 'demo-admin-key', event: DEFAULT_EVENTS[0] });
  assert.equal(ok.status, 200, `a verified delivery: ${JSON.stringify(ok)}`);
  const wrong = await sendWebhook({ url: hook, adminKey: 'wrong-admin-key', event: DEFAULT_EVENTS[0] });
  assert.equal(wrong.status, 401);
  const bad = await fetch(hook, { method: 'POST', headers: { authorization: 'KakaoAK demo-admin-key' }, body: '{"event":' });
  assert.equal(bad.status, 400);
}

const NEXT_ENV = () => ({
  KAKAO_HOSTS_URL: fake.url,
  KAKAO_JAVASCRIPT_KEY: APP_KEY,
  KAKAO_ADMIN_KEY: 'demo-admin-key',
  DEMO_ACCESS_TOKEN: 'demo-token-added',
});

for (const bundler of ['turbopack', 'webpack']) {
  test(`Next.js App Router (${bundler}): next build, next start, and standalone moved elsewhere`, async () => {
    const dir = installApp('next', tarball);
    const next = join(dir, 'node_modules', 'next', 'dist', 'bin', 'next');
    rmSync(join(dir, '.next'), { recursive: true, force: true });
    run(dir, process.execPath, [next, 'build', ...(bundler === 'webpack' ? ['--webpack'] : [])]);
    assertNoServerCodeIn(join(dir, '.next', 'static'));

    const url = `http://127.0.0.1:${ports.next}/`;
    const started = await startProcess(dir, process.execPath, [next, 'start', '-H', '127.0.0.1', '-p', String(ports.next)], { env: NEXT_ENV(), url });
    try {
      await checkNext(url);
    } finally {
      await started.stop();
    }

    // output: 'standalone', copied to another folder (with its static files, as deployed), the
    // original build and the installed package out of the way: it must carry what it needs.
    const moved = join(dir, 'moved');
    rmSync(moved, { recursive: true, force: true });
    cpSync(join(dir, '.next', 'standalone'), moved, { recursive: true });
    cpSync(join(dir, '.next', 'static'), join(moved, '.next', 'static'), { recursive: true });
    const pkg = join(dir, 'node_modules', 'kakao-channel');
    const away = join(dir, 'node_modules', '.kakao-channel-away');
    renameSync(pkg, away);
    renameSync(join(dir, '.next'), join(dir, '.next-away'));
    try {
      const standalone = await startProcess(moved, process.execPath, ['server.js'], {
        env: { ...NEXT_ENV(), PORT: String(ports.next), HOSTNAME: '127.0.0.1' },
        url,
      });
      try {
        await checkNext(url);
        assert.doesNotMatch(standalone.output(), /ENOENT|Error:/, 'the moved server logged no error');
      } finally {
        await standalone.stop();
      }
    } finally {
      renameSync(away, pkg);
      renameSync(join(dir, '.next-away'), join(dir, '.next'));
      rmSync(moved, { recursive: true, force: true });
    }
  });
}

test('Vite + React 19 under StrictMode: tsc --strict, vite build, links before init, clicks through the SDK', async () => {
  const dir = installApp('vite-react', tarball);
  const env = { VITE_KAKAO_JAVASCRIPT_KEY: APP_KEY, VITE_KAKAO_HOSTS_URL: fake.url, VITE_DEMO_ACCESS_TOKEN: 'demo-token-added' };
  run(dir, process.execPath, [tsc, '--noEmit', '-p', '.']);
  run(dir, process.execPath, [join(dir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], env);
  const server = await serveStatic(join(dir, 'dist'), ports['vite-react']);
  try {
    await checkButtonsApp(browser, server.url, fake.url);
  } finally {
    await server.close();
  }
});

test('Vite + Vue 3: vue-tsc, vite build, server render without a window, hydration without mismatch', async () => {
  const dir = installApp('vite-vue', tarball);
  const env = { VITE_KAKAO_JAVASCRIPT_KEY: APP_KEY, VITE_KAKAO_HOSTS_URL: fake.url, VITE_DEMO_ACCESS_TOKEN: 'demo-token-added' };
  const vite = join(dir, 'node_modules', 'vite', 'bin', 'vite.js');
  run(dir, process.execPath, [join(dir, 'node_modules', 'vue-tsc', 'bin', 'vue-tsc.js'), '--noEmit', '-p', '.']);
  run(dir, process.execPath, [vite, 'build'], env);
  run(dir, process.execPath, [vite, 'build', '--ssr', 'src/entry-server.ts', '--outDir', 'dist-server'], env);
  // The server render runs here, in Node: no window, no document.
  assert.equal(typeof globalThis.window, 'undefined');
  const { render } = await import(`${join(dir, 'dist-server', 'entry-server.js')}?${Date.now()}`);
  const appHtml = await render();
  assert.deepEqual(
    htmlLinks(appHtml).map((l) => [l.kind, l.href]),
    [
      ['add', `${fake.url}/${CHANNEL}/friend`],
      ['chat', `${fake.url}/${CHANNEL}/chat`],
      ['follow', `${fake.url}/${CHANNEL}/friend`],
    ],
    'server-rendered links',
  );
  const template = readFileSync(join(dir, 'dist', 'index.html'), 'utf8');
  const server = await serveStatic(join(dir, 'dist'), ports['vite-vue'], () => template.replace('<!--app-html-->', appHtml));
  try {
    await checkButtonsApp(browser, server.url, fake.url);
  } finally {
    await server.close();
  }
});

const HOSTILE = [
  'javascript:alert(1)',
  '//evil.example/_abc',
  'https://evil.example/_abc',
  'https://pf.kakao.com.evil.example/_abc',
  'https://pf.kakao.com@evil.example/_abc',
  'https://evil.example/?pf.kakao.com/_abc',
  '_abc/../../evil',
  '_abc?next=https://evil.example',
  '_abc#x',
  ' _abc\n<script>',
  'data:text/html,<script>alert(1)</script>',
  '\u0000_abc',
  '_'.padEnd(40, 'a'),
  'x'.repeat(1_000_000),
  null,
  undefined,
  42,
  {},
  { toString() { throw new Error('hostile'); } },
];
const BRIDGE = /^https:\/\/pf\.kakao\.com\/_[A-Za-z0-9]{1,31}\/(friend|chat)$/;

test('server renders (React, Vue) of hostile channel IDs: no link or the bridge host only, no throw, no window', async () => {
  const react = installApp('vite-react', tarball);
  const vue = installApp('vite-vue', tarball);
  assert.equal(typeof globalThis.window, 'undefined');
  const requireReact = createRequire(join(react, 'package.json'));
  const { createElement } = requireReact('react');
  const { renderToString } = requireReact('react-dom/server');
  const R = await import(join(react, 'node_modules', 'kakao-channel', 'dist', 'react.js'));
  const V = await import(join(vue, 'node_modules', 'kakao-channel', 'dist', 'vue.js'));
  const vueRuntime = await import(join(vue, 'node_modules', 'vue', 'index.mjs'));
  const vueServer = await import(join(vue, 'node_modules', 'vue', 'server-renderer', 'index.mjs'));
  const inputs = [...HOSTILE, '_ZeUTxl', 'pf.kakao.com/_ZeUTxl', 'HTTPS://PF.KAKAO.COM/_ZeUTxl/friend?x=1#y'];
  const hosts = [undefined, { pf: 'javascript:alert(1)' }, { pf: 'http://evil.example' }, { pf: 'https://u:p@evil.example' }];
  let links = 0;
  for (const channelPublicId of inputs) {
    for (const h of hosts) {
      for (const Button of [R.AddChannelButton, R.ChatButton, R.FollowChannelButton]) {
        const html = renderToString(createElement(R.KakaoChannelProvider, { appKey: 'k', hosts: h }, createElement(Button, { channelPublicId, size: '"><script>', lang: 'xx' })));
        const found = htmlLinks(html);
        assert.equal(found.length, 1, html);
        if (found[0].href !== null) {
          links += 1;
          assert.match(found[0].href, BRIDGE, `${String(channelPublicId).slice(0, 60)} with ${JSON.stringify(h)}`);
        }
        assert.doesNotMatch(html, /<script|evil\.example/);
      }
      for (const Button of [V.AddChannelButton, V.ChatButton, V.FollowChannelButton]) {
        const app = vueRuntime.createSSRApp({ render: () => vueRuntime.h(Button, { channelPublicId, size: '"><script>' }) });
        if (h) app.use(V.KakaoChannelPlugin, { appKey: 'k', hosts: h });
        const html = await vueServer.renderToString(app);
        const found = htmlLinks(html);
        assert.equal(found.length, 1, html);
        if (found[0].href !== null) assert.match(found[0].href, BRIDGE);
        assert.doesNotMatch(html, /<script|evil\.example/);
      }
    }
  }
  assert.ok(links >= 9, 'the valid inputs did render links');
  assert.equal(typeof globalThis.window, 'undefined', 'nothing created a window');
});

test('TypeScript on CommonJS (node10 and node16 resolution): require("kakao-channel/server") compiles and runs', () => {
  const dir = installApp('cjs-ts', tarball);
  const require = createRequire(join(dir, 'index.js'));
  assert.match(require.resolve('kakao-channel/server'), /dist[\\/]server\.cjs$/, 'the require condition');
  for (const [config, out] of [
    ['tsconfig.json', 'out'],
    ['tsconfig.node16.json', 'out-node16'],
  ]) {
    rmSync(join(dir, out), { recursive: true, force: true });
    run(dir, process.execPath, [tsc, '-p', config]);
    const compiled = readFileSync(join(dir, out, 'index.js'), 'utf8');
    assert.match(compiled, /require\("kakao-channel\/server"\)/);
    const printed = JSON.parse(run(dir, process.execPath, [join(out, 'index.js')]));
    assert.deepEqual(printed, {
      channelPublicId: '_ZeUTxl',
      link: 'https://pf.kakao.com/_ZeUTxl/chat',
      event: 'added',
      userId: '1001',
      refused: 'WEBHOOK_UNAUTHORIZED',
      admin: 'object',
      relationships: 'function',
    });
  }
  assert.ok(existsSync(join(dir, 'node_modules', 'kakao-channel', 'dist', 'server.d.cts')));
});
