// webhookHandler / webhookMiddleware / memoryDedupe / redisDedupe (api.md §5.4) against real parts:
// a real redis-server (started and stopped here, on a free loopback port) shared by two receivers
// (an Express app with node-redis, and the Fetch handler behind Node's http with ioredis), fed by
// the fake Kakao's webhook sender: duplicates, a wrong key, a 5 MB body, a slow onEvent, a failing
// onEvent and its redelivery, and a Redis that goes away mid-run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import express from 'express';
import { createClient } from 'redis';
import Redis from 'ioredis';
import { memoryDedupe, redisDedupe, webhookHandler, webhookMiddleware, isKakaoChannelError } from '../../dist/server.js';
import { startFakeKakao } from '../fake-kakao/server.mjs';
import { newResourceId, sendWebhook, sendWebhookWithRedelivery, webhookBody } from '../fake-kakao/webhook.mjs';
import { startRedis } from './redis-server.mjs';

const ADMIN_KEY = 'demo-admin-key';
const PREFIX = 'test:webhook:';
const ACK_MS = 400;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const event = (id = '1001', kind = 'added') => ({ event: kind, id, channel_public_id: '_ZeUTxl', channel_uuid: '@kakaochannel' });

let redis;
let fake;
let nodeRedis;
let ioredis;
let expressServer;
let fetchServer;
/** Every onEvent call: [receiver, resourceId, userId]. */
const calls = [];
/** Every onError call: [receiver, error, resourceId]. */
const errors = [];
/** How onEvent behaves per user ID: 'slow', 'slow-fail', 'fail-once'. */
const behaviour = new Map();
const failedOnce = new Set();
const urls = {};

function options(name, dedupe) {
  return {
    adminKey: ADMIN_KEY,
    dedupe,
    ackWithinMs: ACK_MS,
    onEvent: async (e) => {
      calls.push([name, e.resourceId, e.id]);
      const how = behaviour.get(e.id);
      if (how === 'slow') await sleep(ACK_MS * 3);
      if (how === 'slow-fail') {
        await sleep(ACK_MS * 2);
        throw new Error(`late failure for ${e.id}`);
      }
      if (how === 'fail-once' && !failedOnce.has(e.resourceId)) {
        failedOnce.add(e.resourceId);
        throw new Error(`first attempt of ${e.resourceId} fails`);
      }
    },
    onError: (error, e) => errors.push([name, error, e?.resourceId]),
  };
}

/** Serves a Fetch API handler on Node's http: IncomingMessage → Request, Response → res. */
function serveFetch(handler) {
  return http.createServer(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const body = hasBody
      ? new ReadableStream({
          start(controller) {
            req.on('data', (chunk) => {
              controller.enqueue(new Uint8Array(chunk));
              if (controller.desiredSize <= 0) req.pause();
            });
            req.on('end', () => controller.close());
            req.on('error', (err) => controller.error(err));
          },
          pull() {
            req.resume();
          },
          cancel() {
            req.removeAllListeners('data');
            req.resume(); // what the handler did not read is dropped
          },
        })
      : undefined;
    const response = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body, duplex: 'half' }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/kakao/webhook`)));
const closeServer = (server) => new Promise((resolve) => {
  server.closeAllConnections?.();
  server.close(() => resolve());
});

before(async () => {
  redis = await startRedis();
  fake = await startFakeKakao({ port: 0 });
  nodeRedis = createClient({ url: redis.url, socket: { reconnectStrategy: 100 } });
  nodeRedis.on('error', () => {}); // reconnects are expected when the server goes away
  await nodeRedis.connect();
  ioredis = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  ioredis.on('error', () => {});

  const app = express();
  let nextCalls = 0;
  app.post('/kakao/webhook', webhookMiddleware(options('express', redisDedupe(nodeRedis, { prefix: PREFIX, timeoutMs: 200 }))), (req, res) => {
    nextCalls++;
    res.status(418).end();
  });
  app.get('/next-calls', (req, res) => res.json({ nextCalls }));
  app.all('/kakao/webhook', webhookMiddleware(options('express', redisDedupe(nodeRedis, { prefix: PREFIX, timeoutMs: 200 }))));
  expressServer = http.createServer(app);
  urls.express = await listen(expressServer);
  fetchServer = serveFetch(webhookHandler(options('fetch', redisDedupe(ioredis, { prefix: PREFIX, timeoutMs: 200 }))));
  urls.fetch = await listen(fetchServer);
});

after(async () => {
  await closeServer(expressServer);
  await closeServer(fetchServer);
  await nodeRedis.disconnect().catch(() => {});
  ioredis.disconnect();
  await fake.close();
  await redis.stop();
});

function reset() {
  calls.length = 0;
  errors.length = 0;
  behaviour.clear();
}

/** A raw POST → { status, body, ms }. */
function post(url, body, headers = {}, method = 'POST') {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, body: text, headers: res.headers, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('one delivery sent to both receivers at once: one onEvent, both answer 200; the claim is in Redis', async () => {
  reset();
  const ids = Array.from({ length: 10 }, () => newResourceId());
  const results = await Promise.all(ids.flatMap((resourceId, i) => [
    sendWebhook({ url: urls.express, adminKey: ADMIN_KEY, event: event(String(2000 + i)), resourceId }),
    sendWebhook({ url: urls.fetch, adminKey: ADMIN_KEY, event: event(String(2000 + i)), resourceId }),
  ]));
  assert.deepEqual(results.map((d) => d.status), Array(20).fill(200));
  assert.equal(calls.length, 10, JSON.stringify(calls));
  assert.deepEqual(new Set(calls.map((c) => c[1])), new Set(ids));
  assert.ok(calls.some((c) => c[0] === 'express') || calls.some((c) => c[0] === 'fetch'));
  const ttl = await nodeRedis.pTTL(`${PREFIX}${ids[0]}`);
  assert.ok(ttl > 86_000_000 && ttl <= 86_400_000, `claimed for 24 h (PTTL ${ttl})`);
  assert.equal(await ioredis.get(`${PREFIX}${ids[0]}`), '1');
  assert.equal(errors.length, 0);
});

test("the fake sender's run: valid 200 once, duplicate 200 not again, wrong key 401, 5 MB body 413 fast", async () => {
  for (const name of ['express', 'fetch']) {
    reset();
    const res = await fetch(`${fake.url}/__fake/webhooks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: urls[name], adminKey: ADMIN_KEY, duplicate: true, wrongKey: true, bigBodyBytes: 5 * 1024 * 1024 }),
    });
    const { deliveries } = await res.json();
    const [first, second, duplicate, wrong, big] = deliveries;
    assert.deepEqual(deliveries.map((d) => d.status), [200, 200, 200, 401, 413], name);
    assert.equal(duplicate.duplicateOf, first.resourceId);
    assert.ok(big.bytes > 5 * 1024 * 1024);
    assert.ok(big.ms < 1500, `${name}: 413 in ${big.ms} ms, without reading the rest`);
    assert.deepEqual(calls.map((c) => c[1]), [first.resourceId, second.resourceId], `${name}: each processed once`);
    assert.equal(await nodeRedis.exists(`${PREFIX}${wrong.resourceId}`), 0, 'a refused delivery claims nothing');
    assert.equal(await nodeRedis.exists(`${PREFIX}${big.resourceId}`), 0);
  }
});

test('405, 401, 400: nothing claimed, onEvent not called; the middleware never calls next', async () => {
  reset();
  for (const url of [urls.express, urls.fetch]) {
    const resourceId = newResourceId();
    const body = JSON.stringify(webhookBody(event()));
    const get = await post(url, undefined, { 'X-Kakao-Resource-ID': resourceId }, 'GET');
    assert.equal(get.status, 405);
    assert.equal(get.headers.allow, 'POST');
    assert.equal((await post(url, body, { 'X-Kakao-Resource-ID': resourceId })).status, 401);
    assert.equal((await post(url, body, { Authorization: `KakaoAK ${ADMIN_KEY}x`, 'X-Kakao-Resource-ID': resourceId })).status, 401);
    const malformed = await post(url, '{"event":"added"', { Authorization: `KakaoAK ${ADMIN_KEY}`, 'X-Kakao-Resource-ID': resourceId });
    assert.equal(malformed.status, 400);
    assert.equal(JSON.parse(malformed.body).error, 'INVALID_WEBHOOK');
    assert.equal(await nodeRedis.exists(`${PREFIX}${resourceId}`), 0);
  }
  assert.equal(calls.length, 0);
  const base = new URL(urls.express).origin;
  assert.deepEqual(await (await fetch(`${base}/next-calls`)).json(), { nextCalls: 0 }, 'the route after the middleware never ran');
});

test('a slow onEvent is answered 200 within ackWithinMs; a failure after the answer goes to onError', async () => {
  reset();
  behaviour.set('3001', 'slow');
  behaviour.set('3002', 'slow-fail');
  for (const url of [urls.express, urls.fetch]) {
    const [slow, late] = await Promise.all([
      sendWebhook({ url, adminKey: ADMIN_KEY, event: event('3001') }),
      sendWebhook({ url, adminKey: ADMIN_KEY, event: event('3002') }),
    ]);
    for (const d of [slow, late]) {
      assert.equal(d.status, 200);
      assert.ok(d.ms >= ACK_MS - 20 && d.ms < ACK_MS + 600, `answered after ~${ACK_MS} ms: ${d.ms} ms`);
    }
    await sleep(ACK_MS * 2);
    const failure = errors.find((e) => e[2] === late.resourceId);
    assert.ok(failure, 'onError got the late failure');
    assert.match(failure[1].message, /late failure for 3002/);
    assert.equal(await nodeRedis.exists(`${PREFIX}${late.resourceId}`), 1, 'answered 200: the claim stays');
  }
  assert.equal(calls.length, 4);
});

test('a failing onEvent answers 500 and releases the claim: the redelivery is processed', async () => {
  reset();
  behaviour.set('4001', 'fail-once');
  for (const url of [urls.express, urls.fetch]) {
    const attempts = await sendWebhookWithRedelivery({ url, adminKey: ADMIN_KEY, event: event('4001'), redeliveries: 2, redeliverAfterMs: 50 });
    assert.deepEqual(attempts.map((d) => d.status), [500, 200]);
    assert.equal(attempts[1].duplicateOf, attempts[0].resourceId);
    assert.equal(calls.filter((c) => c[1] === attempts[0].resourceId).length, 2, 'onEvent ran for the redelivery');
    assert.equal(await nodeRedis.exists(`${PREFIX}${attempts[0].resourceId}`), 1, 'claimed again by the redelivery');
    const again = await sendWebhook({ url, adminKey: ADMIN_KEY, event: attempts[0].event, prebuilt: true, resourceId: attempts[0].resourceId });
    assert.equal(again.status, 200);
    assert.equal(calls.filter((c) => c[1] === attempts[0].resourceId).length, 2, 'a third delivery is a duplicate');
  }
  assert.equal(errors.length, 0, 'a failure before the answer is the 500 itself, not onError');
});

test('redisDedupe and memoryDedupe on their own', async () => {
  for (const client of [nodeRedis, ioredis]) {
    const store = redisDedupe(client, { prefix: 'own:' });
    const id = newResourceId();
    assert.equal(await store.claim(id, 60_000), true);
    assert.equal(await store.claim(id, 60_000), false);
    const ttl = await nodeRedis.pTTL(`own:${id}`);
    assert.ok(ttl > 59_000 && ttl <= 60_000, `PX 60000 (PTTL ${ttl})`);
    await store.release(id);
    assert.equal(await nodeRedis.exists(`own:${id}`), 0, 'DEL');
    assert.equal(await store.claim(id, 50), true);
    await sleep(120);
    assert.equal(await store.claim(id, 50), true, 'claimable again after its TTL');
  }
  assert.equal(await redisDedupe(nodeRedis).claim('x1', 1000), true);
  assert.equal(await nodeRedis.exists('kakao-channel:webhook:x1'), 1, 'the default prefix');
  for (const bad of [null, {}, 'redis://', { set() {} }]) assert.throws(() => redisDedupe(bad), (e) => isKakaoChannelError(e) && e.code === 'INVALID_ARGUMENT');
  assert.throws(() => redisDedupe(nodeRedis, { timeoutMs: 0 }), (e) => e.code === 'INVALID_ARGUMENT');

  const memory = memoryDedupe({ max: 3 });
  for (const id of ['a', 'b', 'c']) assert.equal(await memory.claim(id, 60_000), true);
  assert.equal(await memory.claim('a', 60_000), false);
  assert.equal(await memory.claim('d', 60_000), true);
  assert.equal(await memory.claim('a', 60_000), true, 'full: the oldest claim was forgotten');
  assert.equal(await memory.claim('d', 60_000), false);
  await memory.release('d');
  assert.equal(await memory.claim('d', 60_000), true, 'released');
  assert.equal(await memory.claim('t', 30), true);
  await sleep(60);
  assert.equal(await memory.claim('t', 30), true, 'forgotten after its TTL');
  for (const max of [0, -1, 1.5, '10', Infinity]) assert.throws(() => memoryDedupe({ max }), (e) => e.code === 'INVALID_ARGUMENT');
  for (const bad of [undefined, {}, { adminKey: ADMIN_KEY }, { adminKey: '', onEvent() {} }, { adminKey: ADMIN_KEY, onEvent() {}, dedupe: {} }, { adminKey: ADMIN_KEY, onEvent() {}, ackWithinMs: -1 }, { adminKey: ADMIN_KEY, onEvent() {}, maxBodyBytes: 0 }]) {
    assert.throws(() => webhookHandler(bad), (e) => isKakaoChannelError(e) && e.code === 'INVALID_ARGUMENT', JSON.stringify(bad));
    assert.throws(() => webhookMiddleware(bad), (e) => isKakaoChannelError(e) && e.code === 'INVALID_ARGUMENT');
  }
});

test('the Fetch handler: 413 from Content-Length without touching the body; maxBodyBytes; no resource ID', async () => {
  const seen = [];
  const handle = webhookHandler({ adminKey: ADMIN_KEY, maxBodyBytes: 1000, onEvent: (e) => seen.push(e) });
  let pulled = false;
  const untouchable = new ReadableStream({
    pull() {
      pulled = true;
      throw new Error('read');
    },
  });
  const declared = await handle(new Request('http://x/', { method: 'POST', headers: { 'Content-Length': '5000000' }, body: untouchable, duplex: 'half' }));
  assert.equal(declared.status, 413);
  assert.equal(pulled, false, 'the body was never read');
  const streamed = await handle(new Request('http://x/', { method: 'POST', body: 'x'.repeat(1001) }));
  assert.equal(streamed.status, 413);
  const body = JSON.stringify(webhookBody(event('5001')));
  const ok = await handle(new Request('http://x/', { method: 'POST', headers: { Authorization: `KakaoAK ${ADMIN_KEY}` }, body }));
  assert.equal(ok.status, 200);
  const again = await handle(new Request('http://x/', { method: 'POST', headers: { Authorization: `KakaoAK ${ADMIN_KEY}` }, body }));
  assert.equal(again.status, 200);
  assert.equal(seen.length, 2, 'without X-Kakao-Resource-ID each delivery is processed, unclaimed');
  const sync = webhookHandler({ adminKey: ADMIN_KEY, onEvent: () => { throw new Error('sync'); } });
  assert.equal((await sync(new Request('http://x/', { method: 'POST', headers: { Authorization: `KakaoAK ${ADMIN_KEY}`, 'X-Kakao-Resource-ID': newResourceId() }, body }))).status, 500);
});

test('Redis goes away mid-run: 503 with the store error in onError, onEvent never called, never a double delivery', async () => {
  reset();
  const before = await sendWebhook({ url: urls.express, adminKey: ADMIN_KEY, event: event('6001') });
  assert.equal(before.status, 200);
  await redis.stop('SIGKILL');
  const down = [];
  for (const url of [urls.express, urls.fetch]) {
    down.push(await sendWebhook({ url, adminKey: ADMIN_KEY, event: event('6002') }));
    down.push(await sendWebhook({ url, adminKey: ADMIN_KEY, event: before.event, prebuilt: true, resourceId: before.resourceId }));
  }
  assert.deepEqual(down.map((d) => d.status), [503, 503, 503, 503]);
  for (const d of down) assert.ok(d.ms < 2500, `answered in ${d.ms} ms (Kakao waits 3 s)`);
  assert.deepEqual(calls.map((c) => c[1]), [before.resourceId], 'onEvent only for the delivery before the outage');
  assert.equal(errors.length, 4);
  for (const [, error] of errors) {
    assert.ok(isKakaoChannelError(error), String(error));
    assert.ok(['NETWORK', 'TIMEOUT'].includes(error.code), error.code);
    assert.match(error.message, /Redis/);
    assert.match(error.message, /503/);
  }
});
