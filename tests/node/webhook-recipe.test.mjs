// examples/webhook-server.mjs (the README's webhook recipe: webhookMiddleware on Node's http) against
// the fake Kakao's webhook sender: verified, answered within 3 s, processed once per
// X-Kakao-Resource-ID.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { createWebhookServer } from '../../examples/webhook-server.mjs';
import { startFakeKakao } from '../fake-kakao/server.mjs';
import { newResourceId, sendWebhook, webhookBody } from '../fake-kakao/webhook.mjs';

const ADMIN_KEY = 'demo-admin-key';
const PROCESSING_MS = 300; // each event's work: answers must not wait for it
let workMs = PROCESSING_MS;
let fake;
let server;
let url;
const processed = [];

before(async () => {
  fake = await startFakeKakao({ port: 0 });
  server = createWebhookServer({
    adminKey: ADMIN_KEY,
    onEvent: async (event) => {
      await new Promise((resolve) => setTimeout(resolve, workMs));
      processed.push(event);
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}/kakao/webhook`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await fake.close();
});

/** Waits until `n` events were processed (or fails after 5 s). */
async function processedCount(n) {
  const until = Date.now() + 5000;
  while (processed.length < n && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, PROCESSING_MS + 100)); // and nothing more comes
  return processed.length;
}

/** A raw request → { status, body, ms }; a body with `Transfer-Encoding: chunked` is sent in 64 KB writes. */
function post(body, headers = {}, method = 'POST') {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, body: text, ms: performance.now() - started }));
    });
    req.on('error', reject);
    if (headers['Transfer-Encoding'] === 'chunked') {
      for (let k = 0; k < body.length; k += 65536) req.write(body.subarray(k, k + 65536));
      req.end();
    } else {
      req.end(body);
    }
  });
}

test('the fake sender: valid deliveries 200 and processed once, the duplicate 200 but not again, the wrong key 401', async () => {
  processed.length = 0;
  const res = await fetch(`${fake.url}/__fake/webhooks`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ url, adminKey: ADMIN_KEY, duplicate: true, wrongKey: true }),
  });
  assert.equal(res.status, 200);
  const { deliveries } = await res.json();
  assert.equal(deliveries.length, 4);
  const [first, second, duplicate, wrong] = deliveries;
  assert.deepEqual(deliveries.map((d) => d.status), [200, 200, 200, 401]);
  assert.equal(duplicate.duplicateOf, first.resourceId);
  assert.equal(wrong.authorization, 'wrong');
  for (const d of deliveries) assert.ok(d.ms < 1000 && !d.timedOut, `answered in ${d.ms} ms (Kakao allows 3,000)`);
  assert.equal(processed.length, 2, 'work that settles within ackWithinMs is done by the answer');
  assert.equal(await processedCount(2), 2);
  assert.deepEqual(processed.map((e) => [e.event, e.id, e.channelPublicId, e.resourceId]), [
    [first.event.event, first.event.id, first.event.channel_public_id, first.resourceId],
    [second.event.event, second.event.id, second.event.channel_public_id, second.resourceId],
  ]);
  assert.equal(processed[0].id, '9223372036854775001', 'a big ID stays exact');
});

test('the deprecated alias fields are accepted', async () => {
  processed.length = 0;
  const d = await sendWebhook({ url, adminKey: ADMIN_KEY, aliases: true, event: { event: 'added', id: '1001', channel_public_id: '_ZeUTxl', channel_uuid: '@kakaochannel', updated_at: '2024-01-02T03:04:05Z' } });
  assert.equal(d.status, 200);
  assert.ok('plus_friend_public_id' in d.event && !('channel_public_id' in d.event));
  assert.equal(await processedCount(1), 1);
  assert.deepEqual([processed[0].channelPublicId, processed[0].channelUuid, processed[0].updatedAt], ['_ZeUTxl', '@kakaochannel', '2024-01-02T03:04:05Z']);
});

test('bad requests: no or wrong key 401, malformed 400, GET 405, oversized 413; none processed', async () => {
  processed.length = 0;
  const body = JSON.stringify(webhookBody({ event: 'blocked', id: '1002', channel_public_id: '_ZeUTxl', channel_uuid: '@kakaochannel' }));
  const auth = { Authorization: `KakaoAK ${ADMIN_KEY}`, 'X-Kakao-Resource-ID': newResourceId() };
  assert.equal((await post(body, { 'X-Kakao-Resource-ID': newResourceId() })).status, 401);
  assert.equal((await post(body, { Authorization: 'KakaoAK demo-admin-kez', 'X-Kakao-Resource-ID': newResourceId() })).status, 401);
  assert.equal((await post(body, { Authorization: `Bearer ${ADMIN_KEY}`, 'X-Kakao-Resource-ID': newResourceId() })).status, 401);
  assert.equal((await post('{"event":"added"', auth)).status, 400);
  assert.equal((await post(JSON.stringify({ event: 'muted', id: '1' }), { ...auth, 'X-Kakao-Resource-ID': newResourceId() })).status, 400);
  const get = await post(undefined, {}, 'GET');
  assert.equal(get.status, 405);
  const huge = await post(Buffer.alloc(11 * 1024 * 1024, 0x20), { ...auth, 'X-Kakao-Resource-ID': newResourceId() });
  assert.equal(huge.status, 413);
  assert.ok(huge.ms < 3000, `413 in ${huge.ms} ms`);
  const chunked = await post(Buffer.alloc(11 * 1024 * 1024, 0x20), { ...auth, 'X-Kakao-Resource-ID': newResourceId(), 'Transfer-Encoding': 'chunked' });
  assert.equal(chunked.status, 413, 'no Content-Length: counted while reading');
  assert.ok(chunked.ms < 3000, `413 in ${chunked.ms} ms`);
  assert.equal(await processedCount(0), 0);
});

test('a 5 MB delivery is refused with 413 well within 3 s; a padded one under the limit passes', async () => {
  processed.length = 0;
  const event = webhookBody({ event: 'added', id: '1001', channel_public_id: '_ZeUTxl', channel_uuid: '@kakaochannel' });
  const big = await sendWebhook({ url, adminKey: ADMIN_KEY, event, prebuilt: true, padBytes: 5 * 1024 * 1024 });
  assert.equal(big.status, 413, 'above maxBodyBytes (1 MB by default)');
  assert.ok(big.ms < 1500, `answered in ${big.ms} ms`);
  const body = JSON.stringify({ ...event, padding: 'x'.repeat(900 * 1024) });
  const r = await post(body, { Authorization: `KakaoAK ${ADMIN_KEY}`, 'X-Kakao-Resource-ID': newResourceId() });
  assert.equal(r.status, 200, 'unknown fields pass');
  assert.ok(r.ms < 1500, `answered in ${Math.round(r.ms)} ms`);
  assert.equal(await processedCount(1), 1);
});

test('many deliveries at once: all 200 fast, each processed exactly once', async (t) => {
  processed.length = 0;
  workMs = 20;
  t.after(() => (workMs = PROCESSING_MS));
  const events = Array.from({ length: 20 }, (_, i) => ({ event: i % 2 ? 'blocked' : 'added', id: String(5000 + i), channel_public_id: '_ZeUTxl', channel_uuid: '@kakaochannel' }));
  const ids = events.map(() => newResourceId());
  const sends = events.flatMap((event, i) => [sendWebhook({ url, adminKey: ADMIN_KEY, event, resourceId: ids[i] }), sendWebhook({ url, adminKey: ADMIN_KEY, event, resourceId: ids[i] })]);
  const results = await Promise.all(sends);
  assert.ok(results.every((d) => d.status === 200 && d.ms < 1000), JSON.stringify(results.map((d) => [d.status, d.ms])));
  assert.equal(await processedCount(20), 20);
  assert.deepEqual(new Set(processed.map((e) => e.resourceId)), new Set(ids));
});

test('the README shows this recipe verbatim', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const recipe = readFileSync(new URL('../../examples/webhook-server.mjs', import.meta.url), 'utf8').trimEnd();
  assert.ok(readme.includes(`\`\`\`js\n${recipe}\n\`\`\``), 'README.md must embed examples/webhook-server.mjs unchanged');
});
