// kakao-channel/server against the fake Kakao over real HTTP: KakaoChannelAdmin (relationships
// of many users, customer files) and verifyWebhook.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { KakaoChannelAdmin, KakaoChannelError, verifyWebhook } from 'kakao-channel/server';
import { ADMIN_KEY, useFake } from './fake.mjs';

const KEY = ADMIN_KEY;
const BIG = '9223372036854775001';

const fake = useFake();
const control = fake.control;
const reset = () => control('POST', '/__fake/reset');
const stats = async () => (await control('GET', '/__fake/stats')).requests;
const log = async (path) => (await control('GET', `/__fake/requests?path=${encodeURIComponent(path)}`)).requests;
const admin = (options = {}) => new KakaoChannelAdmin({ adminKey: KEY, hosts: { api: fake.url }, ...options });

async function rejects(promise, code) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof KakaoChannelError, `a KakaoChannelError, got ${e}`);
    assert.ok(e instanceof Error);
    assert.equal(e.code, code, e.message);
    return true;
  });
}

function throwsCode(fn, code) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof KakaoChannelError, `a KakaoChannelError, got ${e}`);
    assert.equal(e.code, code, e.message);
    return true;
  });
}

/** A proxy in front of the fake that counts requests in flight and delays each by `delayMs`. */
async function countingProxy(delayMs) {
  let inFlight = 0;
  const seen = { max: 0, total: 0 };
  const server = http.createServer(async (req, res) => {
    inFlight += 1;
    seen.total += 1;
    seen.max = Math.max(seen.max, inFlight);
    await new Promise((r) => setTimeout(r, delayMs));
    const upstream = await fetch(`${fake.url}${req.url}`, { headers: { authorization: req.headers.authorization } });
    const text = await upstream.text();
    inFlight -= 1;
    res.writeHead(upstream.status, { 'Content-Type': 'application/json' });
    res.end(text);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

describe('KakaoChannelAdmin: construction', () => {
  test('validates its options, never echoing the key', () => {
    throwsCode(() => new KakaoChannelAdmin({}), 'INVALID_ARGUMENT');
    throwsCode(() => new KakaoChannelAdmin({ adminKey: '' }), 'INVALID_ARGUMENT');
    throwsCode(() => new KakaoChannelAdmin(), 'INVALID_ARGUMENT');
    throwsCode(() => new KakaoChannelAdmin({ adminKey: 'has a space in it' }), 'INVALID_ARGUMENT');
    throwsCode(() => new KakaoChannelAdmin({ adminKey: KEY, hosts: { api: 'http://kapi.example.com' } }), 'INVALID_ARGUMENT');
    throwsCode(() => new KakaoChannelAdmin({ adminKey: KEY, concurrency: 0 }), 'INVALID_ARGUMENT');
    throwsCode(() => new KakaoChannelAdmin({ adminKey: KEY, concurrency: 65 }), 'INVALID_ARGUMENT');
    throwsCode(() => new KakaoChannelAdmin({ adminKey: KEY, retries: 11 }), 'INVALID_ARGUMENT');
    throwsCode(() => new KakaoChannelAdmin({ adminKey: KEY, timeoutMs: -1 }), 'INVALID_ARGUMENT');
    try {
      new KakaoChannelAdmin({ adminKey: 'secret key with spaces' });
    } catch (e) {
      assert.ok(!e.message.includes('secret'), e.message);
    }
    assert.ok(admin());
  });

  test('ADMIN_KEY_IN_BROWSER in a page-like global, decided from globalThis itself: not in bare Node, nor with a shim window', () => {
    const pageLike = () => {
      globalThis.window = globalThis;
      globalThis.document = { createElement() {} };
    };
    const clear = () => {
      delete globalThis.window;
      delete globalThis.document;
    };
    try {
      // A library's shim object on window first (js_sys::global() would keep it): not a page.
      globalThis.window = {};
      assert.ok(new KakaoChannelAdmin({ adminKey: KEY }), 'a shim {} on window is not a page');
      globalThis.document = {};
      assert.ok(new KakaoChannelAdmin({ adminKey: KEY }), 'nor with a document that cannot createElement');
      clear();
      // Then a page-like global: refused, even though a shim was seen first.
      pageLike();
      throwsCode(() => new KakaoChannelAdmin({ adminKey: KEY }), 'ADMIN_KEY_IN_BROWSER');
      // window being any object (a shim) with a real-looking document is a page too.
      globalThis.window = {};
      throwsCode(() => new KakaoChannelAdmin({ adminKey: KEY }), 'ADMIN_KEY_IN_BROWSER');
    } finally {
      clear();
    }
    assert.ok(new KakaoChannelAdmin({ adminKey: KEY }), 'a bare Node process: fine again');
  });

  test('ADMIN_KEY_IN_BROWSER: a shim on window set before the entry loads does not hide a page set up later (fresh process)', () => {
    // js_sys::global() keeps what `window` held at its first call; the check must not.
    const script = `
      globalThis.window = {};
      const { KakaoChannelAdmin } = await import('kakao-channel/server');
      const outcome = () => { try { new KakaoChannelAdmin({ adminKey: 'k-123456' }); return 'constructed'; } catch (e) { return e.code; } };
      const shim = outcome();
      globalThis.window = globalThis;
      globalThis.document = { createElement() {} };
      const page = outcome();
      delete globalThis.window; delete globalThis.document;
      console.log(JSON.stringify([shim, page, outcome()]));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), ['constructed', 'ADMIN_KEY_IN_BROWSER', 'constructed']);
  });
});

describe('KakaoChannelAdmin: relationships', () => {
  before(reset);

  test('checkRelationship: one user by admin key; a big ID round-trips exactly as given', async () => {
    const r = await admin().checkRelationship({ userId: BIG, channelPublicIds: ['https://pf.kakao.com/_ZeUTxl'] });
    assert.equal(r.userId, BIG);
    assert.equal(r.channels.length, 1);
    assert.equal(r.channels[0].channelPublicId, '_ZeUTxl');
    assert.equal(r.channels[0].relation, 'ADDED');
    const n = await admin().checkRelationship({ userId: 1001 });
    assert.equal(n.userId, 1001);
    assert.deepEqual(n.channels.map((c) => c.relation), ['ADDED', 'BLOCKED', 'NONE']);
    const [entry] = (await log('/v2/api/talk/channels')).slice(-1);
    assert.equal(entry.headers.authorization, `KakaoAK ${KEY}`);
    assert.ok(!entry.url.includes(KEY), 'the key is never in the URL');
    assert.equal(entry.query.target_id_type, 'user_id');
    assert.equal(entry.query.target_id, '1001');
  });

  test('bad user IDs are INVALID_ARGUMENT before any request', async () => {
    const a = admin();
    await rejects(a.checkRelationship({ userId: 2 ** 53 + 2 }), 'INVALID_ARGUMENT');
    await rejects(a.checkRelationship({ userId: '12x' }), 'INVALID_ARGUMENT');
    await rejects(a.checkRelationship({}), 'INVALID_ARGUMENT');
    await rejects(a.checkRelationships({ userIds: [1, 2, -3] }), 'INVALID_ARGUMENT');
    await rejects(a.checkRelationships({ userIds: 'all' }), 'INVALID_ARGUMENT');
    await rejects(a.checkRelationships({ userIds: [1], chunkSize: 201 }), 'INVALID_ARGUMENT');
    await rejects(a.checkRelationships({ userIds: [1], channelPublicIds: ['@search'] }), 'SEARCH_ID_NOT_SUPPORTED');
    await assert.rejects(a.checkRelationships({ userIds: [1, 2, {}] }), (e) => e.message.startsWith('userIds[2] '));
  });

  test('a refused key is INVALID_TOKEN with the key redacted from Kakao\'s echo', async () => {
    const wrong = new KakaoChannelAdmin({ adminKey: 'wrong-admin-key-123', hosts: { api: fake.url } });
    await assert.rejects(wrong.checkRelationship({ userId: 1 }), (e) => {
      assert.equal(e.code, 'INVALID_TOKEN');
      assert.equal(e.kakaoCode, -401);
      assert.equal(e.status, 401);
      assert.ok(!e.message.includes('wrong-admin-key-123'), e.message);
      assert.match(e.message, /Admin key/);
      return true;
    });
  });

  test('checkRelationships: chunks of 200, distinct IDs once, results in input order', async () => {
    await reset();
    const ids = [BIG, 1001, 1001];
    for (let i = 0; i < 997; i++) ids.push(String(5_000_000_000 + i));
    const progress = [];
    const results = await admin().checkRelationships({ userIds: ids, channelPublicIds: ['_ZeUTxl'], onProgress: (p) => progress.push(p) });
    assert.equal(results.length, ids.length);
    results.forEach((r, i) => assert.strictEqual(r.userId, ids[i], `position ${i}`));
    assert.equal(results[0].channels[0].relation, 'ADDED');
    assert.equal(results[1].channels[0].relation, 'ADDED');
    assert.deepEqual(results[2], results[1]);
    assert.ok(results.every((r) => r.error === undefined));
    assert.equal((await stats())['/v2/api/talk/channels/multi'], 5, '999 distinct IDs → 5 requests');
    assert.deepEqual(progress.at(-1), { done: 999, total: 999, failed: 0 });
    const requests = await log('/v2/api/talk/channels/multi');
    assert.ok(requests.every((r) => r.query.target_ids.split(',').length <= 200));
    assert.ok(requests.some((r) => r.query.target_ids.includes(BIG)), 'big IDs sent with every digit');
    assert.deepEqual(await admin().checkRelationships({ userIds: [] }), []);
  });

  test('at most `concurrency` requests in flight (default 4)', async () => {
    const proxy = await countingProxy(60);
    try {
      const ids = Array.from({ length: 2000 }, (_, i) => 1 + i);
      const a = new KakaoChannelAdmin({ adminKey: KEY, hosts: { api: proxy.url } });
      await a.checkRelationships({ userIds: ids, chunkSize: 100 });
      assert.equal(proxy.seen.total, 20);
      assert.equal(proxy.seen.max, 4);
      proxy.seen.max = 0;
      await a.checkRelationships({ userIds: ids, chunkSize: 100, concurrency: 2 });
      assert.equal(proxy.seen.max, 2);
    } finally {
      await proxy.close();
    }
  });

  test('HTTP 429 with Retry-After is waited out and retried; every user still answered', async () => {
    await reset();
    await control('POST', '/__fake/rate-limits', { key: KEY, requests: 2, windowMs: 1000 });
    const started = Date.now();
    const ids = Array.from({ length: 1000 }, (_, i) => 1 + i);
    const results = await admin({ concurrency: 4 }).checkRelationships({ userIds: ids });
    assert.ok(results.every((r) => r.error === undefined && r.channels.length === 3));
    const answers = await log('/v2/api/talk/channels/multi');
    assert.ok(answers.length > 5, `retries happened (${answers.length} requests for 5 chunks)`);
    assert.ok(Date.now() - started >= 900, 'Retry-After honoured');
    await control('DELETE', '/__fake/rate-limits');
  });

  test('Kakao\'s -10 (HTTP 400, no Retry-After) is retried with back-off', async () => {
    await reset();
    await control('POST', '/__fake/rate-limits', { key: KEY, requests: 1, windowMs: 700, mode: 'kakao' });
    const results = await admin({ concurrency: 1 }).checkRelationships({ userIds: [1, 2, 3], chunkSize: 1 });
    assert.ok(results.every((r) => r.error === undefined), JSON.stringify(results.map((r) => r.error?.message)));
    await control('DELETE', '/__fake/rate-limits');
  });

  test('a chunk that keeps failing is reported on its users; the other chunks are kept', async () => {
    await reset();
    await control('POST', '/__fake/faults', { path: '/v2/api/talk/channels/multi', mode: 'status500', times: 2 });
    const ids = Array.from({ length: 450 }, (_, i) => 1 + i);
    const progress = [];
    const results = await admin({ concurrency: 1, retries: 1 }).checkRelationships({ userIds: ids, onProgress: (p) => progress.push(p) });
    const failed = results.filter((r) => r.error);
    assert.equal(failed.length, 200);
    assert.deepEqual(failed.map((r) => r.userId), ids.slice(0, 200));
    assert.ok(failed.every((r) => r.error instanceof KakaoChannelError && r.error.code === 'INVALID_RESPONSE' && r.error.status === 500));
    assert.equal(failed[0].error.batch, 0);
    assert.ok(failed.every((r) => r.channels.length === 0));
    assert.ok(results.slice(200).every((r) => !r.error && r.channels.length === 3));
    assert.deepEqual(progress.at(-1), { done: 450, total: 450, failed: 200 });
  });

  test('timeouts and aborts', async () => {
    await reset();
    await control('POST', '/__fake/faults', { path: '/v2/api/talk/channels/multi', mode: 'hang', times: 1 });
    const [r] = await admin({ timeoutMs: 300, retries: 0 }).checkRelationships({ userIds: [1] });
    assert.equal(r.error.code, 'TIMEOUT');
    await control('POST', '/__fake/faults', { path: '/v2/api/talk/channels', mode: 'delay', delayMs: 5000, times: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const t = Date.now();
    await rejects(admin().checkRelationship({ userId: 1, signal: controller.signal }), 'ABORTED');
    assert.ok(Date.now() - t < 2000);
    await rejects(admin().checkRelationships({ userIds: [1], signal: AbortSignal.abort() }), 'ABORTED');
  });
});

describe('KakaoChannelAdmin: customer files', () => {
  let fileId;
  const schema = { tier: 'string', points: 'number' };
  before(async () => {
    await reset();
    ({ fileId } = await admin().createCustomerFile({ channelPublicId: '_ZeUTxl', fileName: 'VIP', schema }));
  });
  const files = async (channel = '_ZeUTxl') => control('GET', `/__fake/customer-files?channel_public_id=${channel}`);

  test('create sends JSON with the schema; list reads files leniently, keeping Kakao\'s fields', async () => {
    assert.equal(typeof fileId, 'number');
    const [create] = await log('/v1/talkchannel/create/target_user_file');
    assert.match(create.headers['content-type'], /^application\/json/);
    assert.deepEqual(JSON.parse(create.body), { channel_public_id: '_ZeUTxl', file_name: 'VIP', schema: { points: 'number', tier: 'string' } });
    const list = await admin().listCustomerFiles({ channelPublicId: '_ZeUTxl' });
    assert.equal(list.length, 1);
    assert.equal(list[0].fileId, fileId);
    assert.equal(list[0].fileName, 'VIP');
    assert.deepEqual(list[0].schema, { points: 'number', tier: 'string' });
    assert.equal(list[0].user_count, 0, 'raw fields kept');
  });

  test('Kakao\'s -817 (name taken) and -818 (30 files) are KAKAO_API with kakaoCode', async () => {
    await assert.rejects(admin().createCustomerFile({ channelPublicId: '_ZeUTxl', fileName: 'VIP', schema }), (e) => {
      assert.equal(e.code, 'KAKAO_API');
      assert.equal(e.kakaoCode, -817);
      assert.match(e.message, /another fileName/);
      return true;
    });
    await admin().createCustomerFile({ channelPublicId: '_RQxl', fileName: 'last', schema });
    await assert.rejects(admin().createCustomerFile({ channelPublicId: '_RQxl', fileName: 'one too many', schema }), (e) => e.kakaoCode === -818 && /30 customer files/.test(e.message));
    await rejects(admin().createCustomerFile({ channelPublicId: '_ZeUTxl', fileName: 'x', schema: { a: 'date' } }), 'INVALID_ARGUMENT');
    await rejects(admin().createCustomerFile({ channelPublicId: '_ZeUTxl', fileName: '', schema }), 'INVALID_ARGUMENT');
    await rejects(admin().createCustomerFile({ channelPublicId: '@search', fileName: 'x', schema }), 'SEARCH_ID_NOT_SUPPORTED');
  });

  test('addCustomerUsers: 4,500 users in batches of ≤ 2,000, exact big IDs, a BatchReport', async () => {
    const users = Array.from({ length: 4500 }, (_, i) => ({ id: 10_000 + i, fields: { points: i, tier: i % 2 ? 'gold' : 'silver' } }));
    users[0] = { id: BIG, fields: { points: 1 } };
    const progress = [];
    const report = await admin().addCustomerUsers({ channelPublicId: '_ZeUTxl', fileId, userType: 'app', users, onProgress: (p) => progress.push(p) });
    assert.equal(report.requested, 4500);
    assert.equal(report.succeeded, 4500);
    assert.equal(report.failed, 0);
    assert.equal(report.batches, 3);
    assert.deepEqual(report.errors, []);
    assert.equal(report.responses.length, 3);
    assert.deepEqual(progress.at(-1), { done: 4500, total: 4500, failed: 0 });
    const [file] = await files();
    assert.equal(file.users.length, 4500);
    assert.ok(file.users.some((u) => u.id === BIG), 'the big ID arrived with every digit');
    const bodies = await log('/v1/talkchannel/update/target_users');
    assert.ok(bodies.every((b) => b.headers.authorization === `KakaoAK ${KEY}`));
  });

  test('a field the schema lacks, or a wrong type, is INVALID_ARGUMENT naming it; nothing is sent', async () => {
    const before = (await stats())['/v1/talkchannel/update/target_users'] ?? 0;
    const users = [{ id: 1, fields: { points: 1 } }, { id: 2, fields: { pointz: 5 } }];
    await assert.rejects(admin().addCustomerUsers({ channelPublicId: '_ZeUTxl', fileId, userType: 'app', users }), (e) => {
      assert.equal(e.code, 'INVALID_ARGUMENT');
      assert.match(e.message, /^users\[1\]\.fields has "pointz"/);
      assert.match(e.message, /points: number, tier: string/);
      return true;
    });
    await assert.rejects(
      admin().addCustomerUsers({ channelPublicId: '_ZeUTxl', fileId, userType: 'app', users: [{ id: 3, fields: { points: '7' } }] }),
      (e) => e.code === 'INVALID_ARGUMENT' && /^users\[0\]\.fields\.points must be a number/.test(e.message),
    );
    await assert.rejects(
      admin().addCustomerUsers({ channelPublicId: '_ZeUTxl', fileId, userType: 'app', users: [{ id: 3, fields: { x: 1 } }], schema: { x: 'string' } }),
      (e) => e.code === 'INVALID_ARGUMENT' && /must be a string/.test(e.message),
      'a caller-given schema is used as it is',
    );
    await rejects(admin().addCustomerUsers({ channelPublicId: '_ZeUTxl', fileId: 999_999, userType: 'app', users: [{ id: 1 }] }), 'INVALID_ARGUMENT');
    await rejects(admin().addCustomerUsers({ channelPublicId: '_ZeUTxl', fileId, userType: 'email', users: [{ id: 1 }] }), 'INVALID_ARGUMENT');
    await rejects(admin().addCustomerUsers({ channelPublicId: '_ZeUTxl', fileId, userType: 'phone', users: [{ id: 1012345678 }] }), 'INVALID_ARGUMENT');
    await rejects(admin().addCustomerUsers({ channelPublicId: '_ZeUTxl', fileId, userType: 'app', users: [null] }), 'INVALID_ARGUMENT');
    await rejects(admin().addCustomerUsers({ channelPublicId: '_ZeUTxl', fileId, userType: 'app', users: [{ id: 1 }], batchSize: 2001 }), 'INVALID_ARGUMENT');
    assert.equal((await stats())['/v1/talkchannel/update/target_users'] ?? 0, before, 'no add request was made');
  });

  test('a failed batch is in errors with its position; the other batches land', async () => {
    await control('POST', '/__fake/faults', { path: '/v1/talkchannel/update/target_users', mode: 'status500', times: 2 });
    const users = Array.from({ length: 2500 }, (_, i) => ({ id: 50_000 + i }));
    const report = await admin({ concurrency: 1, retries: 1 }).addCustomerUsers({ channelPublicId: '_ZeUTxl', fileId, userType: 'app', users, batchSize: 1000, schema });
    assert.deepEqual([report.requested, report.succeeded, report.failed, report.batches], [2500, 1500, 1000, 3]);
    assert.equal(report.errors.length, 1);
    const [err] = report.errors;
    assert.ok(err instanceof KakaoChannelError);
    assert.deepEqual([err.batch, err.offset, err.count, err.status], [0, 0, 1000, 500]);
  });

  test('Kakao\'s -816 (unknown file) per batch; phone users; deleteCustomerUsers', async () => {
    const report = await admin().addCustomerUsers({ channelPublicId: '_ZeUTxl', fileId: 424242, userType: 'app', users: [{ id: 1 }], schema });
    assert.equal(report.failed, 1);
    assert.equal(report.errors[0].kakaoCode, -816);
    assert.match(report.errors[0].message, /listCustomerFiles/);
    const { fileId: phones } = await admin().createCustomerFile({ channelPublicId: '_ZeUTxl', fileName: 'phones', schema: { tier: 'string' } });
    const added = await admin().addCustomerUsers({ channelPublicId: '_ZeUTxl', fileId: phones, userType: 'phone', users: [{ id: '010-1234-5678', fields: { tier: 'a' } }, { id: '+82 10-9999-0000' }] });
    assert.equal(added.succeeded, 2);
    const removed = await admin().deleteCustomerUsers({ channelPublicId: '_ZeUTxl', fileId, userType: 'app', userIds: [BIG, 10_001, '10002'] });
    assert.deepEqual([removed.requested, removed.succeeded, removed.failed, removed.batches], [3, 3, 0, 1]);
    const vip = (await files()).find((f) => f.file_id === fileId || f.file_id === String(fileId));
    assert.ok(!vip.users.some((u) => u.id === BIG || u.id === '10001' || u.id === '10002'));
    await rejects(admin().deleteCustomerUsers({ channelPublicId: '_ZeUTxl', fileId, userType: 'app', userIds: ['x'] }), 'INVALID_ARGUMENT');
    const empty = await admin().deleteCustomerUsers({ channelPublicId: '_ZeUTxl', fileId, userType: 'app', userIds: [] });
    assert.deepEqual([empty.requested, empty.batches], [0, 0]);
  });
});

describe('verifyWebhook', () => {
  const event = {
    event: 'added',
    id: '1111',
    id_type: 'app_user_id',
    channel_public_id: '_ZeUTxl',
    channel_uuid: '@kakaochannel',
    updated_at: '2020-02-19T07:02:21Z',
  };
  const body = JSON.stringify(event);
  const good = { authorization: `KakaoAK ${KEY}`, 'x-kakao-resource-id': 'Rvy1c2dkzBAZ5hGD3rqYbxvr' };

  test('a valid delivery: Node headers, fetch Headers, odd header case, Buffer bodies', () => {
    const expected = {
      event: 'added',
      id: '1111',
      idType: 'app_user_id',
      channelPublicId: '_ZeUTxl',
      channelUuid: '@kakaochannel',
      updatedAt: '2020-02-19T07:02:21Z',
      resourceId: 'Rvy1c2dkzBAZ5hGD3rqYbxvr',
    };
    assert.deepEqual(verifyWebhook({ headers: good, body }, { adminKey: KEY }), expected);
    assert.deepEqual(verifyWebhook({ headers: new Headers(good), body }, { adminKey: KEY }), expected);
    assert.deepEqual(verifyWebhook({ headers: { Authorization: [`KakaoAK ${KEY}`], 'X-Kakao-Resource-ID': 'Rvy1c2dkzBAZ5hGD3rqYbxvr' }, body: Buffer.from(body) }, { adminKey: KEY }), expected);
  });

  test('deprecated aliases and numeric IDs', () => {
    const old = '{"event":"blocked","id":9223372036854775001,"id_type":"open_id","plus_friend_public_id":"_ZeUTxl","plus_friend_uuid":"@k","timestamp":"2020-02-19T07:02:21Z"}';
    const e = verifyWebhook({ headers: { authorization: `KakaoAK ${KEY}` }, body: old }, { adminKey: KEY });
    assert.equal(e.id, BIG);
    assert.equal(e.event, 'blocked');
    assert.equal(e.channelPublicId, '_ZeUTxl');
    assert.equal(e.updatedAt, '2020-02-19T07:02:21Z');
    assert.equal(e.resourceId, undefined);
  });

  test('WEBHOOK_UNAUTHORIZED for a missing, wrong or repeated key; checked before the body', () => {
    for (const headers of [{}, { authorization: 'KakaoAK wrong' }, { authorization: `Bearer ${KEY}` }, { authorization: [`KakaoAK ${KEY}`, `KakaoAK ${KEY}`] }, new Headers()]) {
      throwsCode(() => verifyWebhook({ headers, body }, { adminKey: KEY }), 'WEBHOOK_UNAUTHORIZED');
      throwsCode(() => verifyWebhook({ headers, body: 'not json' }, { adminKey: KEY }), 'WEBHOOK_UNAUTHORIZED');
    }
    try {
      verifyWebhook({ headers: { authorization: 'KakaoAK wrong' }, body }, { adminKey: KEY });
    } catch (e) {
      assert.ok(!e.message.includes(KEY));
    }
  });

  test('INVALID_WEBHOOK for bodies that are not events; INVALID_ARGUMENT without a key', () => {
    for (const bad of ['', 'null', '[]', '{', JSON.stringify({ ...event, event: 'removed' }), JSON.stringify({ ...event, id_type: 'x' }), JSON.stringify({ ...event, channel_public_id: 'x' }), { ...event }, 42, undefined, new Uint8Array([0xff, 0xfe])]) {
      throwsCode(() => verifyWebhook({ headers: good, body: bad }, { adminKey: KEY }), 'INVALID_WEBHOOK');
    }
    for (const request of [null, 'body', 7]) throwsCode(() => verifyWebhook(request, { adminKey: KEY }), 'INVALID_WEBHOOK');
    throwsCode(() => verifyWebhook({ headers: good, body }, {}), 'INVALID_ARGUMENT');
    throwsCode(() => verifyWebhook({ headers: good, body }), 'INVALID_ARGUMENT');
  });

  test('hostile inputs throw only KakaoChannelError', () => {
    const hostile = new Proxy({}, { get() { throw new Error('boom'); }, ownKeys() { throw new Error('boom'); } });
    const throwingHeaders = { get() { throw new Error('boom'); } };
    for (const [request, options] of [
      [hostile, { adminKey: KEY }],
      [{ headers: hostile, body }, { adminKey: KEY }],
      [{ headers: throwingHeaders, body }, { adminKey: KEY }],
      [{ headers: good, body }, hostile],
      [{ headers: good, get body() { throw new Error('boom'); } }, { adminKey: KEY }],
    ]) {
      assert.throws(() => verifyWebhook(request, options), (e) => e instanceof KakaoChannelError);
    }
  });

  test('multi-megabyte bodies are handled quickly', () => {
    const big = JSON.stringify({ ...event, padding: 'x'.repeat(8 * 1024 * 1024) });
    const deep = '['.repeat(500_000) + ']'.repeat(500_000);
    const started = performance.now();
    assert.equal(verifyWebhook({ headers: good, body: big }, { adminKey: KEY }).id, '1111');
    throwsCode(() => verifyWebhook({ headers: good, body: deep }, { adminKey: KEY }), 'INVALID_WEBHOOK');
    // A generous bound (the real figure is tens of ms): this guards against quadratic behaviour.
    assert.ok(performance.now() - started < 2500, `${performance.now() - started} ms`);
  });
});

test('the browser bundle carries no admin code', () => {
  const dist = new URL('../../dist/', import.meta.url);
  const browserFiles = ['wasm/kakao_channel_bg.wasm', 'wasm/kakao_channel.js', 'index.js', 'ready.js', 'element.js', 'errors.js'];
  const adminMarks = ['/v2/api/talk/channels/multi', '/v1/talkchannel/', 'target_user_file', 'target_id_type', 'KakaoChannelAdmin', 'verifyWebhook'];
  for (const file of browserFiles) {
    const text = readFileSync(new URL(file, dist)).toString('latin1');
    for (const mark of adminMarks) assert.ok(!text.includes(mark), `${file} contains ${mark}`);
  }
  const server = readFileSync(new URL('server-wasm/kakao_channel_bg.wasm', dist)).toString('latin1');
  for (const mark of ['/v2/api/talk/channels/multi', '/v1/talkchannel/', 'target_id_type']) assert.ok(server.includes(mark), `the server build has ${mark}`);
});
