// kakao-channel/server: synchronous, no init, usable from Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addChannelUrl, chatChannelUrl, isKakaoChannelError, KakaoChannelError, parseChannelId } from 'kakao-channel/server';
import * as browser from 'kakao-channel';

const VERSION = JSON.parse(await (await import('node:fs/promises')).readFile(new URL('../../package.json', import.meta.url), 'utf8')).version;

test('parseChannelId is synchronous and follows the browser rules', () => {
  assert.equal(parseChannelId('_ZeUTxl'), '_ZeUTxl');
  assert.equal(parseChannelId('  https://pf.kakao.com/_ZeUTxl/chat?x=1 '), '_ZeUTxl');
  assert.equal(parseChannelId('HTTP://PF.KAKAO.COM/_Bxkd'), '_Bxkd');
  for (const [input, code] of [
    ['https://pf.kakao.com.evil.com/_ZeUTxl', 'INVALID_CHANNEL_ID'],
    ['https://pf.kakao.com@evil.com/_x', 'INVALID_CHANNEL_ID'],
    ['javascript:alert(1)', 'INVALID_CHANNEL_ID'],
    ['@kakaochannel', 'SEARCH_ID_NOT_SUPPORTED'],
    [42, 'INVALID_CHANNEL_ID'],
    [undefined, 'INVALID_CHANNEL_ID'],
  ]) {
    assert.throws(() => parseChannelId(input), (e) => {
      assert.ok(e instanceof Error);
      assert.ok(e instanceof KakaoChannelError);
      assert.ok(e instanceof browser.KakaoChannelError, 'one class identity across entries');
      assert.ok(isKakaoChannelError(e));
      assert.equal(e.code, code);
      return true;
    });
  }
});

test('link builders: bare without an app key, with Kakao parameters with one', () => {
  assert.equal(chatChannelUrl({ channelPublicId: 'pf.kakao.com/_ZeUTxl' }), 'https://pf.kakao.com/_ZeUTxl/chat');
  assert.equal(addChannelUrl({ channelPublicId: '_ZeUTxl', lang: 'ja' }), 'https://pf.kakao.com/_ZeUTxl/friend?lang=ja');
  const ka = `sdk/${VERSION} os/javascript sdk_type/rust-wasm lang/en device/node origin/${encodeURIComponent('https://shop.example')}`;
  assert.equal(
    addChannelUrl({ channelPublicId: '_ZeUTxl', appKey: 'abc', lang: 'en', origin: 'https://shop.example' }),
    `https://pf.kakao.com/_ZeUTxl/friend?api_ver=1.1&kakao_agent=${encodeURIComponent(ka)}&app_key=abc&referer=${encodeURIComponent('https://shop.example')}&lang=en`,
  );
  assert.equal(chatChannelUrl({ channelPublicId: '_ZeUTxl', pfHost: 'http://127.0.0.1:9' }), 'http://127.0.0.1:9/_ZeUTxl/chat');
  assert.throws(() => addChannelUrl({ channelPublicId: '_x', pfHost: 'http://evil.example' }), (e) => e.code === 'INVALID_ARGUMENT');
  assert.throws(() => addChannelUrl({ channelPublicId: '_x', lang: 'fr' }), (e) => e.code === 'INVALID_ARGUMENT');
  assert.throws(() => addChannelUrl({ channelPublicId: '_x', appKey: '' }), (e) => e.code === 'INVALID_ARGUMENT');
  assert.throws(() => addChannelUrl(null), (e) => e.code === 'INVALID_ARGUMENT');
});

test('require("kakao-channel/server") (the CommonJS build) has every export and method of the ES module', async () => {
  const { createRequire } = await import('node:module');
  const esm = await import('kakao-channel/server');
  const cjs = createRequire(import.meta.url)('kakao-channel/server');
  assert.deepEqual(Object.keys(cjs).sort(), Object.keys(esm).sort());
  // Installed by js/server.js, not by a side-effect import that a bundler may drop
  // ("sideEffects": false): the CommonJS build once lost it that way.
  for (const entry of [esm, cjs]) {
    assert.equal(typeof entry.KakaoChannelAdmin.prototype.relationships, 'function');
  }
});
