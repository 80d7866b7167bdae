// admin.relationships(…) (api.md §5.4) against the fake Kakao: input order, lazy reading, bounded
// window and requests in flight, break and abort stop sending, failed chunks and bad IDs yield
// errors, big string IDs stay exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KakaoChannelAdmin, isKakaoChannelError } from '../../dist/server.js';
import { ADMIN_KEY, useFake } from './fake.mjs';

const MULTI = '/v2/api/talk/channels/multi';
const fake = useFake();
const admin = (options = {}) => new KakaoChannelAdmin({ adminKey: ADMIN_KEY, hosts: { api: fake.url }, ...options });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Queues a fault on /channels/multi. */
const fault = (mode, extra = {}) => fake.control('POST', '/__fake/faults', { path: MULTI, mode, ...extra });
const stats = () => fake.control('GET', '/__fake/stats');
async function fresh() {
  await fake.control('DELETE', '/__fake/faults');
  await fake.control('DELETE', '/__fake/stats');
}

/** A sync iterable of `ids` that counts how far it was read and whether it was closed. */
function counted(ids) {
  const source = {
    read: 0,
    closed: false,
    *[Symbol.iterator]() {
      try {
        for (const id of ids) {
          source.read += 1;
          yield id;
        }
      } finally {
        source.closed = true;
      }
    },
  };
  return source;
}

const many = (n, from = 7_000_000_000) => Array.from({ length: n }, (_, i) => String(from + i));

test('one result per input ID, in input order, repeats included, IDs as given (big strings exact)', async () => {
  await fresh();
  const input = ['9223372036854775001', 1001, '1001', 7, '9223372036854775807', 1001, '0007', 42, '9223372036854775001', 5, 6, 8, 9];
  await fault('delay', { delayMs: 300 }); // the first chunk answers last
  const streamed = [];
  for await (const r of admin().relationships({ userIds: input, chunkSize: 3, concurrency: 3 })) streamed.push(r);
  assert.deepEqual(streamed.map((r) => r.userId), input, 'input order, each userId exactly as passed');
  assert.ok(streamed.every((r) => !r.error), JSON.stringify(streamed.find((r) => r.error)?.error?.message));
  const { requests } = await stats();
  assert.equal(requests[MULTI], 5, '13 IDs in chunks of 3: 5 requests (repeats in a chunk asked once)');
  const batched = await admin().checkRelationships({ userIds: input });
  assert.deepEqual(streamed, batched, 'the same answers as checkRelationships');
  const big = streamed[0].channels.find((c) => c.channelPublicId === '_ZeUTxl');
  assert.equal(big.relation, 'ADDED', 'the fixture user above 2^53 was asked with its exact digits');
});

test('reads userIds lazily: never more than concurrency × chunkSize ahead of the loop', async () => {
  await fresh();
  const source = counted(many(1000));
  const stream = admin().relationships({ userIds: source, chunkSize: 10, concurrency: 3 });
  await sleep(50);
  assert.equal(source.read, 0, 'nothing is read before the first next()');
  let yielded = 0;
  let maxAhead = 0;
  for await (const r of stream) {
    yielded += 1;
    assert.equal(r.userId, String(7_000_000_000 + yielded - 1));
    maxAhead = Math.max(maxAhead, source.read - yielded);
    if (yielded % 97 === 0) await sleep(5); // a slow consumer: the reader must wait for it
  }
  assert.equal(yielded, 1000);
  assert.ok(maxAhead <= 30, `read at most 30 IDs ahead of the loop, was ${maxAhead}`);
  assert.ok(maxAhead >= 20, `but kept the window full (${maxAhead} ahead)`);
});

test('an async iterable source, and requests in flight bounded by concurrency', async () => {
  await fresh();
  await fault('delay', { delayMs: 60, times: 1000 });
  let read = 0;
  async function* lines() {
    for (const id of many(200)) {
      await sleep(0);
      read += 1;
      yield id;
    }
  }
  const out = [];
  for await (const r of admin().relationships({ userIds: lines(), chunkSize: 10, concurrency: 4 })) {
    out.push(r.userId);
    assert.ok(read - out.length <= 40, `${read - out.length} ahead`);
  }
  assert.deepEqual(out, many(200));
  const s = await stats();
  assert.equal(s.requests[MULTI], 20);
  assert.ok(s.peakInFlight <= 4, `at most 4 requests at once, saw ${s.peakInFlight}`);
  assert.ok(s.peakInFlight >= 2, `requests overlapped (${s.peakInFlight})`);
});

test('breaking out of the loop stops sending and closes the source', async () => {
  await fresh();
  await fault('delay', { delayMs: 100, times: 1000 });
  const source = counted(many(100_000));
  let n = 0;
  for await (const r of admin().relationships({ userIds: source, chunkSize: 10, concurrency: 2 })) {
    assert.ok(r.channels);
    if (++n === 5) break;
  }
  assert.ok(source.closed, 'the source iterator was closed');
  const at = (await stats()).total;
  await sleep(400);
  const later = await stats();
  assert.equal(later.total, at, 'nothing sent after the break');
  assert.ok(at <= 2, `only the 2 chunks in the window were ever sent, not ${at}`);
  assert.ok(source.read <= 20, `read ${source.read} of 100,000`);
  assert.equal(later.inFlight, 0, 'requests in flight were aborted');
});

test('an aborted signal stops sending; the pending next() rejects with ABORTED', async () => {
  await fresh();
  await fault('hang', { times: 1000 });
  const controller = new AbortController();
  const source = counted(many(10_000));
  const stream = admin().relationships({ userIds: source, chunkSize: 5, concurrency: 2, signal: controller.signal });
  const pending = stream.next();
  await sleep(100);
  assert.equal((await stats()).total, 2, 'two chunks sent, both hanging');
  const started = performance.now();
  controller.abort();
  await assert.rejects(pending, (err) => isKakaoChannelError(err) && err.code === 'ABORTED' && /aborted/.test(err.message));
  assert.ok(performance.now() - started < 500, 'rejected at once, not after the hanging requests');
  assert.deepEqual(await stream.next(), { done: true, value: undefined }, 'then the iterator is done');
  await sleep(100);
  assert.equal((await stats()).total, 2, 'nothing more sent');
  assert.ok(source.closed);

  await fresh();
  const stopped = admin().relationships({ userIds: many(10), signal: AbortSignal.abort() });
  await assert.rejects(stopped.next(), (err) => err.code === 'ABORTED');
  assert.equal((await stats()).total, 0, 'an already aborted signal sends nothing');
});

test('a chunk that fails after its retries yields each of its users with error and channels: []', async () => {
  await fresh();
  await fault('malformed'); // the first request's answer is not Kakao's JSON
  const input = [1001, '9223372036854775001', 1001, 5, 6, 7, 8];
  const out = [];
  for await (const r of admin({ retries: 0 }).relationships({ userIds: input, chunkSize: 3, concurrency: 1 })) out.push(r);
  assert.deepEqual(out.map((r) => r.userId), input);
  const failed = out.slice(0, 3);
  for (const r of failed) {
    assert.deepEqual(r.channels, []);
    assert.ok(isKakaoChannelError(r.error));
    assert.equal(r.error.code, 'INVALID_RESPONSE');
    assert.deepEqual([r.error.batch, r.error.offset, r.error.count], [0, 0, 3]);
  }
  assert.ok(out.slice(3).every((r) => !r.error && r.channels.length > 0), 'the other chunks are fine');

  await fresh();
  await fault('status500', { times: 2 }); // the first try and its one retry: a gateway's HTML 500
  const retried = [];
  for await (const r of admin({ retries: 1 }).relationships({ userIds: [1, 2], concurrency: 1 })) retried.push(r);
  assert.deepEqual(retried.map((r) => [r.userId, r.error?.code, r.error?.status]), [[1, 'INVALID_RESPONSE', 500], [2, 'INVALID_RESPONSE', 500]]);
  assert.equal((await stats()).total, 2, 'retried once, then given up');
});

test('a bad ID yields itself with INVALID_ARGUMENT, is not sent, and does not stop the others', async () => {
  await fresh();
  const input = [1, 'x', -1, 2.5, '12345678901234567890', null, 3];
  const out = [];
  for await (const r of admin().relationships({ userIds: input, chunkSize: 200 })) out.push(r);
  assert.deepEqual(out.map((r) => r.userId), input);
  assert.deepEqual(out.map((r) => r.error?.code ?? 'ok'), ['ok', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'ok']);
  assert.match(out[1].error.message, /userIds\[1\]/);
  assert.match(out[5].error.message, /userIds\[5\]/);
  assert.equal((await stats()).total, 1);
  await fresh();
  for await (const r of admin().relationships({ userIds: ['a', 'b'] })) assert.equal(r.error.code, 'INVALID_ARGUMENT');
  assert.equal((await stats()).total, 0, 'a chunk of bad IDs only is never sent');
});

test('bad options, a bad source and a failing source reject next() with KakaoChannelError', async () => {
  const a = admin();
  for (const options of [{ userIds: [1], chunkSize: 0 }, { userIds: [1], chunkSize: 201 }, { userIds: [1], concurrency: 0 }, { userIds: '1001' }, { userIds: 1001 }, {}, { userIds: [1], channelPublicIds: ['@search'] }, { userIds: [1], signal: 'no' }]) {
    const stream = a.relationships(options);
    await assert.rejects(stream.next(), (err) => isKakaoChannelError(err) && ['INVALID_ARGUMENT', 'SEARCH_ID_NOT_SUPPORTED'].includes(err.code), JSON.stringify(options));
    assert.deepEqual(await stream.next(), { done: true, value: undefined });
  }
  const { relationships } = a;
  await assert.rejects(relationships({ userIds: [1] }).next(), (err) => err.code === 'INVALID_ARGUMENT' && /detached/.test(err.message));

  function* broken() {
    yield 1;
    yield 2;
    throw new Error('disk on fire');
  }
  const seen = [];
  await assert.rejects(
    (async () => {
      for await (const r of a.relationships({ userIds: broken() })) seen.push(r.userId);
    })(),
    (err) => err.code === 'INVALID_ARGUMENT' && /disk on fire/.test(err.message) && err.cause?.message === 'disk on fire',
  );
  assert.deepEqual(seen, [1, 2], 'what was read before the failure is yielded first');
});
