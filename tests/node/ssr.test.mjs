// Importing the browser entry where there is no window (Node, SSR) must not throw and must not
// touch window or document; init then works for the pure functions, and window-needing
// functions say why they cannot run.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const touched = [];
for (const name of ['window', 'document', 'navigator', 'location', 'self']) {
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      touched.push(name);
      return undefined;
    },
  });
}

const kc = await import('kakao-channel');

test('import touches no window, document, navigator or location', () => {
  assert.deepEqual(touched, []);
  for (const name of ['window', 'document', 'navigator', 'location', 'self']) delete globalThis[name];
});

test('the entry exports the documented API', () => {
  for (const name of ['init', 'isInitialized', 'parseChannelId', 'safeParseChannelId', 'addChannelUrl', 'chatChannelUrl', 'addChannel', 'chat', 'isKakaoChannelError']) {
    assert.equal(typeof kc[name], 'function', name);
  }
  assert.equal(typeof kc.KakaoChannelError, 'function');
});

test('before init every function throws NOT_INITIALIZED as a real Error', () => {
  assert.equal(kc.isInitialized(), false);
  const calls = [
    () => kc.parseChannelId('_ZeUTxl'),
    () => kc.addChannelUrl({ channelPublicId: '_ZeUTxl' }),
    () => kc.chatChannelUrl({ channelPublicId: '_ZeUTxl' }),
    () => kc.addChannel({ channelPublicId: '_ZeUTxl' }),
    () => kc.chat({ channelPublicId: '_ZeUTxl' }),
  ];
  for (const call of calls) {
    assert.throws(call, (err) => {
      assert.ok(err instanceof Error);
      assert.ok(err instanceof kc.KakaoChannelError);
      assert.ok(kc.isKakaoChannelError(err));
      assert.equal(err.name, 'KakaoChannelError');
      assert.equal(err.code, 'NOT_INITIALIZED');
      assert.match(err.message, /init\(\)/);
      return true;
    });
  }
});

test('init validates its options and is idempotent', async () => {
  await assert.rejects(kc.init({}), (e) => e.code === 'INVALID_ARGUMENT' && /appKey/.test(e.message));
  await assert.rejects(kc.init({ appKey: 'k', lang: 'fr' }), (e) => e.code === 'INVALID_ARGUMENT');
  await assert.rejects(kc.init({ appKey: 'k', hosts: { api: 'http://kapi.kakao.com' } }), (e) => e.code === 'INVALID_ARGUMENT' && /hosts\.api/.test(e.message));
  assert.equal(kc.isInitialized(), false, 'a failed init leaves the SDK uninitialised');
  await kc.init({ appKey: 'demo-javascript-key' });
  await kc.init({ appKey: 'demo-javascript-key' });
  assert.equal(kc.isInitialized(), true);
});

test('after init in Node: pure functions work, window functions explain', async () => {
  await kc.init({ appKey: 'demo-javascript-key', lang: 'en' });
  assert.equal(kc.parseChannelId('https://pf.kakao.com/_ZeUTxl/chat'), '_ZeUTxl');
  const url = kc.addChannelUrl({ channelPublicId: '_ZeUTxl' });
  assert.match(url, /^https:\/\/pf\.kakao\.com\/_ZeUTxl\/friend\?api_ver=1\.1&kakao_agent=sdk%2F[^&]+&app_key=demo-javascript-key&lang=en$/);
  assert.throws(() => kc.addChannel({ channelPublicId: '_ZeUTxl' }), (e) => e.code === 'UNSUPPORTED_ENVIRONMENT');
  assert.throws(() => kc.chat({ channelPublicId: '_ZeUTxl' }), (e) => e.code === 'UNSUPPORTED_ENVIRONMENT');
  assert.throws(() => kc.parseChannelId('@brand'), (e) => e.code === 'SEARCH_ID_NOT_SUPPORTED');
});
