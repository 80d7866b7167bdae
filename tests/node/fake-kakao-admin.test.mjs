// Tests of the fake Kakao server's server-side (admin key) part: admin-key relationship API,
// /v2/api/talk/channels/multi, per-key rate limits, the request counter, customer files and the
// webhook sender (tests/fake-kakao/README.md).
// Run: node --test tests/node/fake-kakao-admin.test.mjs
// Longer than ~600 lines on purpose: one independent case per behaviour, grouped by endpoint in
// `describe` blocks; read one block at a time.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import { startFakeKakao } from '../fake-kakao/server.mjs';
import { parseJsonExact, JsonNumber } from '../fake-kakao/json-exact.mjs';
import { DEFAULT_EVENTS, sendWebhook, sendWebhooks } from '../fake-kakao/webhook.mjs';

const CHANNELS = '/v2/api/talk/channels';
const MULTI = '/v2/api/talk/channels/multi';
const CREATE = '/v1/talkchannel/create/target_user_file';
const LIST = '/v1/talkchannel/target_user_file';
const ADD = '/v1/talkchannel/update/target_users';
const DELETE = '/v1/talkchannel/delete/target_users';
const ADMIN = 'demo-admin-key';
const REST = 'demo-rest-api-key';
const ADMIN_NO_CHANNELS = 'demo-admin-key-no-channels';
const BIG = '9223372036854775001'; // fixture user, ADDED on _ZeUTxl
const ABOVE_2_53 = '9007199254740993'; // 2^53 + 1: a JS number would read 9007199254740992

let fake;
before(async () => {
  fake = await startFakeKakao({ port: 0 });
});
after(async () => {
  await fake.close();
});
beforeEach(async () => {
  const r = await fetch(`${fake.url}/__fake/reset`, { method: 'POST' });
  assert.equal(r.status, 200);
});

// ---- helpers ----------------------------------------------------------------------------------

/** node:http request → {status, headers, body (raw text), json()} */
function request(method, path, { headers = {}, body, base = fake.url } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, base), { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode, headers: res.headers, body: text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const ak = (key) => ({ Authorization: `KakaoAK ${key}` });

/** GET with KakaoAK (key null → no Authorization). */
function adminGet(path, query = '', key = ADMIN, headers = {}) {
  return request('GET', `${path}${query ? `?${query}` : ''}`, { headers: { ...(key === null ? {} : ak(key)), ...headers } });
}

/** POST a JSON body (object → JSON.stringify, string → as is) with KakaoAK. */
function adminPost(path, body, key = ADMIN, headers = {}) {
  return request('POST', path, {
    headers: { ...ak(key), 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function control(method, path, value) {
  const r = await fetch(`${fake.url}${path}`, {
    method,
    headers: value === undefined ? {} : { 'Content-Type': 'application/json' },
    body: value === undefined ? undefined : JSON.stringify(value),
  });
  return { status: r.status, body: await r.json() };
}

function assertKakaoError(r, status, code, msg) {
  assert.equal(r.status, status, r.body);
  const body = r.json();
  assert.equal(body.code, code, r.body);
  if (msg !== undefined) assert.equal(body.msg, msg);
}

async function createFile(channel = '_ZeUTxl', name = 'customers', schema = { age: 'number', name: 'string' }, key = ADMIN) {
  const r = await adminPost(CREATE, { channel_public_id: channel, file_name: name, schema }, key);
  assert.equal(r.status, 200, r.body);
  return r.json().file_id;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- admin-key authentication -----------------------------------------------------------------

describe('admin-key authentication', () => {
  test('the admin key works, without any Origin check', async () => {
    let r = await adminGet(CHANNELS, 'target_id_type=user_id&target_id=1001&channel_ids=_ZeUTxl');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json;charset=UTF-8');
    r = await adminGet(CHANNELS, 'target_id_type=user_id&target_id=1001', ADMIN, { Origin: 'http://evil.example' });
    assert.equal(r.status, 200);
  });

  test('an unknown key → 401 -401 echoing the key as sent (SDKs must redact it)', async () => {
    const secret = 'not-a-key-0123456789abcdef';
    for (const path of [`${CHANNELS}?target_id_type=user_id&target_id=1`, `${MULTI}?target_id_type=user_id&target_ids=1`, `${LIST}?channel_public_id=_ZeUTxl`]) {
      const r = await request('GET', path, { headers: ak(secret) });
      assert.equal(r.status, 401, path);
      assert.equal(r.body, `{"msg":"wrong appKey(${secret}) format","code":-401}`);
    }
    const r = await adminPost(CREATE, '{not json', secret);
    assertKakaoError(r, 401, -401, `wrong appKey(${secret}) format`);
  });

  test('the REST API key is refused on the relationship APIs, accepted on customer files', async () => {
    let r = await adminGet(CHANNELS, 'target_id_type=user_id&target_id=1001', REST);
    assertKakaoError(r, 401, -401);
    assert.doesNotMatch(r.body, /demo-rest-api-key/);
    r = await adminGet(MULTI, 'target_id_type=user_id&target_ids=1001', REST);
    assertKakaoError(r, 401, -401);
    r = await adminGet(LIST, 'channel_public_id=_ZeUTxl', REST);
    assert.equal(r.status, 200);
    const id = await createFile('_ZeUTxl', 'via rest', { a: 'string' }, REST);
    assert.equal(id, 1001);
  });

  test('multi and customer files refuse Bearer tokens and a missing Authorization', async () => {
    let r = await request('GET', `${MULTI}?target_id_type=user_id&target_ids=1001`, { headers: { Authorization: 'Bearer demo-token-added' } });
    assertKakaoError(r, 401, -401);
    r = await request('GET', `${MULTI}?target_id_type=user_id&target_ids=1001`);
    assertKakaoError(r, 401, -401, 'no authentication key!');
    r = await request('GET', `${LIST}?channel_public_id=_ZeUTxl`, { headers: { Authorization: 'Bearer demo-token-added' } });
    assertKakaoError(r, 401, -401);
  });

  test('Bearer mode of /v2/api/talk/channels is unchanged', async () => {
    const r = await request('GET', `${CHANNELS}?channel_ids=_ZeUTxl`, { headers: { Authorization: 'Bearer demo-token-added' } });
    assert.equal(r.status, 200);
    assert.equal(r.body, '{"user_id":1001,"channels":[{"channel_uuid":"@kakaochannel","channel_public_id":"_ZeUTxl","relation":"ADDED","updated_at":"2019-05-10T08:06:53Z"}]}');
  });

  test('GET /__fake/fixture shows the keys and user ids as digit strings', async () => {
    const r = await control('GET', '/__fake/fixture');
    assert.deepEqual(r.body.apps.map((a) => [a.appKey, a.adminKey, a.restApiKey]), [
      ['demo-javascript-key', ADMIN, REST],
      ['app-without-channels', ADMIN_NO_CHANNELS, 'demo-rest-api-key-no-channels'],
    ]);
    assert.ok(r.body.users.some((u) => u.id === BIG));
    assert.equal(r.body.channels.find((c) => c.publicId === '_RQxl').partnerCenterFiles, 29);
  });
});

// ---- admin-key relationship -------------------------------------------------------------------

describe('GET|POST /v2/api/talk/channels with an admin key', () => {
  test('a big user id round-trips with its exact digits', async () => {
    const r = await adminGet(CHANNELS, `target_id_type=user_id&target_id=${BIG}&channel_ids=_ZeUTxl,_Bxkd`);
    assert.equal(r.status, 200);
    assert.equal(
      r.body,
      `{"user_id":${BIG},"channels":[{"channel_uuid":"@kakaochannel","channel_public_id":"_ZeUTxl","relation":"ADDED","updated_at":"2024-01-02T03:04:05Z"},{"channel_uuid":"@bxkd","channel_public_id":"_Bxkd","relation":"NONE"}]}`,
    );
    const exact = parseJsonExact(r.body);
    assert.ok(exact.user_id instanceof JsonNumber);
    assert.equal(exact.user_id.raw, BIG);
  });

  test('2^53 + 1 (unknown user): exact digits, NONE everywhere, all connected channels by default', async () => {
    const r = await adminGet(CHANNELS, `target_id_type=user_id&target_id=${ABOVE_2_53}`);
    assert.equal(r.status, 200);
    assert.ok(r.body.startsWith(`{"user_id":${ABOVE_2_53},"channels":[`), r.body);
    assert.deepEqual(r.json().channels.map((c) => [c.channel_public_id, c.relation]), [
      ['_ZeUTxl', 'NONE'],
      ['_Bxkd', 'NONE'],
      ['_RQxl', 'NONE'],
    ]);
  });

  test('leading zeros are canonicalised; POST with a form body works', async () => {
    let r = await adminGet(CHANNELS, 'target_id_type=user_id&target_id=0001001&channel_ids=_Bxkd');
    assert.equal(r.body, '{"user_id":1001,"channels":[{"channel_uuid":"@bxkd","channel_public_id":"_Bxkd","relation":"BLOCKED","updated_at":"2021-03-01T12:00:00Z"}]}');
    r = await request('POST', CHANNELS, {
      headers: { ...ak(ADMIN), 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: `target_id_type=user_id&target_id=${BIG}&channel_ids=_ZeUTxl&channel_id_type=channel_public_id`,
    });
    assert.equal(r.status, 200);
    assert.ok(r.body.startsWith(`{"user_id":${BIG},`));
  });

  test('-2: target_id_type missing or not user_id; target_id missing, non-digit or > 19 digits', async () => {
    for (const query of [
      'target_id=1001',
      'target_id_type=app_user_id&target_id=1001',
      'target_id_type=user_id',
      'target_id_type=user_id&target_id=',
      'target_id_type=user_id&target_id=12a',
      'target_id_type=user_id&target_id=-5',
      'target_id_type=user_id&target_id=1.5',
      `target_id_type=user_id&target_id=${'1'.repeat(20)}`,
      'target_id_type=user_id&target_id=1001&channel_id_type=uuid',
      'target_id_type=user_id&target_id=1001&channel_ids=,',
    ]) {
      assertKakaoError(await adminGet(CHANNELS, query), 400, -2);
    }
    assert.equal((await adminGet(CHANNELS, `target_id_type=user_id&target_id=${'9'.repeat(19)}`)).status, 200);
  });

  test('-819: a channel not connected to the key\'s app', async () => {
    let r = await adminGet(CHANNELS, 'target_id_type=user_id&target_id=1001&channel_ids=_ZeUTxl,_vxfxm');
    assertKakaoError(r, 400, -819, 'channel not connected to the app: _vxfxm');
    r = await adminGet(CHANNELS, 'target_id_type=user_id&target_id=1001&channel_ids=_ZeUTxl', ADMIN_NO_CHANNELS);
    assertKakaoError(r, 400, -819);
    r = await adminGet(CHANNELS, 'target_id_type=user_id&target_id=1001', ADMIN_NO_CHANNELS);
    assert.equal(r.body, '{"user_id":1001,"channels":[]}');
  });
});

// ---- multi ------------------------------------------------------------------------------------

describe('GET|POST /v2/api/talk/channels/multi', () => {
  test('a top-level array, one entry per distinct id, not in request order, exact digits', async () => {
    const requested = ['1001', BIG, '5', ABOVE_2_53, '1001', '1002'];
    const r = await adminGet(MULTI, `target_id_type=user_id&target_ids=${requested.join(',')}&channel_ids=_ZeUTxl`);
    assert.equal(r.status, 200);
    const exact = parseJsonExact(r.body);
    assert.ok(Array.isArray(exact));
    const ids = exact.map((e) => e.user_id.raw);
    assert.deepEqual([...ids].sort(), [...new Set(requested)].sort(), 'each id answered once');
    assert.notDeepEqual(ids, [...new Set(requested)], 'not in request order');
    assert.ok(r.body.includes(`{"user_id":${BIG},"channels":[{"channel_uuid":"@kakaochannel","channel_public_id":"_ZeUTxl","relation":"ADDED","updated_at":"2024-01-02T03:04:05Z"}]}`));
    assert.ok(r.body.includes(`{"user_id":${ABOVE_2_53},"channels":[{"channel_uuid":"@kakaochannel","channel_public_id":"_ZeUTxl","relation":"NONE"}]}`));
  });

  test('even a request already in descending order is answered in another order', async () => {
    const r = await adminGet(MULTI, 'target_id_type=user_id&target_ids=1002,1001&channel_ids=_Bxkd');
    assert.deepEqual(r.json().map((e) => [e.user_id, e.channels[0].relation]), [[1001, 'BLOCKED'], [1002, 'NONE']]);
    const one = await adminGet(MULTI, 'target_id_type=user_id&target_ids=1001');
    assert.equal(one.json().length, 1);
    assert.equal(one.json()[0].channels.length, 3);
  });

  test('200 ids are fine; 201, none, or a non-digit id → 400 -2', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => String(10_000 + i));
    let r = await adminGet(MULTI, `target_id_type=user_id&target_ids=${ids.join(',')}&channel_ids=_ZeUTxl`);
    assert.equal(r.status, 200);
    assert.equal(r.json().length, 200);
    r = await request('POST', MULTI, {
      headers: { ...ak(ADMIN), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `target_id_type=user_id&target_ids=${[...ids, '1'].join(',')}`,
    });
    assertKakaoError(r, 400, -2);
    for (const query of [
      'target_id_type=user_id',
      'target_id_type=user_id&target_ids=',
      'target_id_type=user_id&target_ids=1,,2',
      'target_id_type=user_id&target_ids=1,x',
      'target_id_type=user_id&target_ids=1,-2',
      `target_id_type=user_id&target_ids=1,${'1'.repeat(20)}`,
      'target_ids=1,2',
      'target_id_type=uuid&target_ids=1,2',
    ]) {
      r = await adminGet(MULTI, query);
      assertKakaoError(r, 400, -2);
    }
  });

  test('channel_ids as in single mode: -819 for channels of another app', async () => {
    const r = await adminGet(MULTI, 'target_id_type=user_id&target_ids=1,2&channel_ids=_vxfxm');
    assertKakaoError(r, 400, -819);
  });
});

// ---- rate limits ------------------------------------------------------------------------------

describe('per-key rate limits', () => {
  test('http429 mode: 429 with Retry-After after N requests; logged; a new window lets requests through', async () => {
    const set = await control('POST', '/__fake/rate-limits', { key: ADMIN, requests: 2, windowMs: 400 });
    assert.equal(set.status, 201);
    const q = 'target_id_type=user_id&target_id=1001';
    assert.equal((await adminGet(CHANNELS, q)).status, 200);
    assert.equal((await adminGet(MULTI, 'target_id_type=user_id&target_ids=1')).status, 200);
    const r = await adminGet(CHANNELS, q);
    assert.equal(r.status, 429);
    assert.equal(r.headers['retry-after'], '1');
    assert.equal(r.body, '{"msg":"API limit has been exceeded.","code":-10}');
    assert.equal((await adminGet(LIST, 'channel_public_id=_ZeUTxl')).status, 429, 'customer files count too');
    assert.equal((await adminGet(CHANNELS, q, ADMIN_NO_CHANNELS)).status, 200, 'other keys are not limited');
    const log = (await control('GET', `/__fake/requests?path=${encodeURIComponent(CHANNELS)}`)).body.requests;
    assert.equal(log.length, 3, 'limited requests are logged');
    await sleep(450);
    assert.equal((await adminGet(CHANNELS, q)).status, 200);
  });

  test('Retry-After counts whole seconds to the end of the window', async () => {
    await control('POST', '/__fake/rate-limits', { key: ADMIN, requests: 0, windowMs: 5500 });
    const r = await adminGet(CHANNELS, 'target_id_type=user_id&target_id=1');
    assert.equal(r.status, 429);
    assert.equal(r.headers['retry-after'], '6');
  });

  test('kakao mode: HTTP 400 -10 without Retry-After; applies to REST keys on customer files', async () => {
    await control('POST', '/__fake/rate-limits', { key: REST, requests: 1, windowMs: 60000, mode: 'kakao' });
    assert.equal((await adminGet(LIST, 'channel_public_id=_ZeUTxl', REST)).status, 200);
    const r = await adminPost(CREATE, '{broken', REST);
    assert.equal(r.status, 400);
    assert.equal(r.headers['retry-after'], undefined);
    assert.equal(r.body, '{"msg":"API limit has been exceeded.","code":-10}', 'rate limit comes before the JSON check');
  });

  test('an unknown key gets -401 before the rate limit; DELETE and reset clear limits; bad input → 400', async () => {
    await control('POST', '/__fake/rate-limits', { key: 'nope', requests: 0 });
    assertKakaoError(await adminGet(CHANNELS, 'target_id_type=user_id&target_id=1', 'nope'), 401, -401);
    await control('POST', '/__fake/rate-limits', { key: ADMIN, requests: 0, windowMs: 60000 });
    assert.equal((await adminGet(CHANNELS, 'target_id_type=user_id&target_id=1')).status, 429);
    const listed = await control('GET', '/__fake/rate-limits');
    assert.deepEqual(listed.body.rateLimits.find((l) => l.key === ADMIN), { key: ADMIN, requests: 0, windowMs: 60000, mode: 'http429', count: 1 });
    assert.equal((await control('DELETE', '/__fake/rate-limits')).status, 200);
    assert.equal((await adminGet(CHANNELS, 'target_id_type=user_id&target_id=1')).status, 200);
    await control('POST', '/__fake/rate-limits', { key: ADMIN, requests: 0, windowMs: 60000 });
    await control('POST', '/__fake/reset');
    assert.equal((await adminGet(CHANNELS, 'target_id_type=user_id&target_id=1')).status, 200);
    for (const bad of [{ requests: 1 }, { key: ADMIN }, { key: ADMIN, requests: -1 }, { key: ADMIN, requests: 1, mode: 'x' }, { key: ADMIN, requests: 1, windowMs: 0 }]) {
      assert.equal((await control('POST', '/__fake/rate-limits', bad)).status, 400, JSON.stringify(bad));
    }
  });

  test('Bearer requests are not subject to key limits', async () => {
    await control('POST', '/__fake/rate-limits', { key: 'demo-token-added', requests: 0 });
    const r = await request('GET', CHANNELS, { headers: { Authorization: 'Bearer demo-token-added' } });
    assert.equal(r.status, 200);
  });
});

// ---- stats ------------------------------------------------------------------------------------

describe('GET /__fake/stats', () => {
  test('counts requests per path beyond the 2000-entry log; DELETE and reset clear it', async () => {
    const n = 2100;
    const q = `${fake.url}${CHANNELS}?target_id_type=user_id&target_id=1`;
    for (let i = 0; i < n; i += 100) {
      await Promise.all(Array.from({ length: Math.min(100, n - i) }, () => fetch(q, { headers: ak(ADMIN) }).then((r) => r.arrayBuffer())));
    }
    await fetch(`${fake.url}/_ZeUTxl/friend`).then((r) => r.arrayBuffer());
    await control('GET', '/__fake/requests'); // control calls are not counted
    let stats = (await control('GET', '/__fake/stats')).body;
    const { inFlight, peakInFlight, ...counts } = stats;
    assert.deepEqual(counts, { requests: { [CHANNELS]: n, '/_ZeUTxl/friend': 1 }, total: n + 1 });
    assert.equal(inFlight, 0, 'every answer is done');
    assert.ok(peakInFlight >= 1 && peakInFlight <= 100, `at most the 100 sent at once: peak ${peakInFlight}`);
    assert.equal((await control('GET', '/__fake/requests')).body.requests.length, 2000, 'the log stays capped');
    assert.equal((await control('DELETE', '/__fake/stats')).status, 200);
    const cleared = { requests: {}, total: 0, inFlight: 0, peakInFlight: 0 };
    assert.deepEqual((await control('GET', '/__fake/stats')).body, cleared);
    await adminGet(MULTI, 'target_id_type=user_id&target_ids=1');
    stats = (await control('GET', '/__fake/stats')).body;
    assert.deepEqual(stats, { requests: { [MULTI]: 1 }, total: 1, inFlight: 0, peakInFlight: 1 });
    await control('POST', '/__fake/reset');
    assert.deepEqual((await control('GET', '/__fake/stats')).body, cleared);
  });
});

// ---- customer files ---------------------------------------------------------------------------

describe('customer files', () => {
  test('create → file ids from 1001; list shows them with user_count and created_at', async () => {
    const before = Date.now();
    const r = await adminPost(CREATE, { channel_public_id: '_ZeUTxl', file_name: 'vip', schema: { age: 'number', city: 'string' } });
    assert.equal(r.status, 200);
    assert.equal(r.body, '{"file_id":1001}');
    assert.equal(await createFile('_ZeUTxl', 'second', { x: 'string' }), 1002);
    assert.equal(await createFile('_Bxkd', 'other channel', { x: 'string' }), 1003);
    const list = await adminGet(LIST, 'channel_public_id=_ZeUTxl');
    assert.equal(list.status, 200);
    const { files } = list.json();
    assert.deepEqual(files.map(({ created_at, ...rest }) => rest), [
      { file_id: 1001, file_name: 'vip', schema: { age: 'number', city: 'string' }, user_count: 0 },
      { file_id: 1002, file_name: 'second', schema: { x: 'string' }, user_count: 0 },
    ]);
    for (const f of files) {
      assert.match(f.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.ok(Date.parse(f.created_at) >= before - 1000);
    }
    assert.deepEqual((await adminGet(LIST, 'channel_public_id=_RQxl')).json(), { files: [] });
  });

  test('-817 duplicate name (per channel); -818 at 30 files including Partner Center files', async () => {
    await createFile('_ZeUTxl', 'dup');
    let r = await adminPost(CREATE, { channel_public_id: '_ZeUTxl', file_name: 'dup', schema: { a: 'string' } });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json(), { msg: 'file name already exists', code: -817 });
    await createFile('_Bxkd', 'dup'); // another channel: fine
    // _RQxl has 29 Partner Center files: one more fits, the next is refused.
    await createFile('_RQxl', 'the 30th');
    r = await adminPost(CREATE, { channel_public_id: '_RQxl', file_name: 'the 31st', schema: { a: 'string' } });
    assertKakaoError(r, 400, -818);
  });

  test('-541 unknown channel, -819 channel of another app, checked before the body fields', async () => {
    let r = await adminPost(CREATE, { channel_public_id: '_nope', file_name: '', schema: {} });
    assertKakaoError(r, 400, -541, 'channel does not exist');
    r = await adminPost(CREATE, { channel_public_id: '_vxfxm', file_name: '', schema: {} });
    assertKakaoError(r, 400, -819);
    r = await adminPost(CREATE, { channel_public_id: '_ZeUTxl', file_name: 'x', schema: { a: 'string' } }, ADMIN_NO_CHANNELS);
    assertKakaoError(r, 400, -819);
    assertKakaoError(await adminGet(LIST, 'channel_public_id=_nope'), 400, -541);
    assertKakaoError(await adminGet(LIST, 'channel_public_id=_vxfxm'), 400, -819);
    assertKakaoError(await adminGet(LIST, ''), 400, -2);
    for (const path of [ADD, DELETE]) {
      assertKakaoError(await adminPost(path, { file_id: 1, channel_public_id: '_nope', user_type: 'app' }), 400, -541);
      assertKakaoError(await adminPost(path, { file_id: 1, channel_public_id: '_vxfxm', user_type: 'app' }), 400, -819);
    }
  });

  test('-2: Content-Type, unparseable JSON, not an object, bad file_name / schema', async () => {
    let r = await adminPost(CREATE, { channel_public_id: '_ZeUTxl', file_name: 'x', schema: { a: 'string' } }, ADMIN, { 'Content-Type': 'application/x-www-form-urlencoded' });
    assertKakaoError(r, 400, -2);
    r = await request('POST', CREATE, { headers: ak(ADMIN), body: '{}' });
    assertKakaoError(r, 400, -2);
    assertKakaoError(await adminPost(CREATE, '{"channel_public_id":"_ZeUTxl",'), 400, -2);
    assertKakaoError(await adminPost(CREATE, '[1]'), 400, -2);
    assertKakaoError(await adminPost(CREATE, ''), 400, -2);
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, 'number']));
    const bad = [
      { file_name: 'x', schema: { a: 'string' } }, // no channel
      { channel_public_id: '_ZeUTxl', schema: { a: 'string' } },
      { channel_public_id: '_ZeUTxl', file_name: '', schema: { a: 'string' } },
      { channel_public_id: '_ZeUTxl', file_name: 'x'.repeat(101), schema: { a: 'string' } },
      { channel_public_id: '_ZeUTxl', file_name: 7, schema: { a: 'string' } },
      { channel_public_id: '_ZeUTxl', file_name: 'x', schema: {} },
      { channel_public_id: '_ZeUTxl', file_name: 'x', schema: [] },
      { channel_public_id: '_ZeUTxl', file_name: 'x', schema: { a: 'date' } },
      { channel_public_id: '_ZeUTxl', file_name: 'x', schema: { ...fifty, one_more: 'string' } },
    ];
    for (const body of bad) assertKakaoError(await adminPost(CREATE, body), 400, -2);
    assert.equal(await createFile('_ZeUTxl', 'x'.repeat(100), fifty), 1001);
    r = await adminPost(CREATE, { channel_public_id: '_ZeUTxl', file_name: 'charset', schema: { a: 'string' } }, ADMIN, { 'Content-Type': 'application/json;charset=UTF-8' });
    assert.equal(r.status, 200);
  });

  test('add users: exact big ids, silent skip of unknown fields / wrong types, re-add updates', async () => {
    const fileId = await createFile('_ZeUTxl', 'members', { age: 'number', name: 'string' });
    const body = `{"file_id":${fileId},"channel_public_id":"_ZeUTxl","user_type":"app","users":[
      {"id":${ABOVE_2_53},"field":{"age":30,"name":"Kim"}},
      {"id":"${BIG}","field":{"name":"Lee"}},
      {"id":1001},
      {"id":1002,"field":{"nickname":"unknown field"}},
      {"id":1003,"field":{"age":"30"}},
      {"id":1004,"field":{"name":5}},
      {"id":"12x","field":{}},
      {"id":-5},
      {"field":{"age":1}}
    ]}`;
    let r = await adminPost(ADD, body);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { file_id: fileId, requested: 9, added: 3 });
    r = await adminPost(ADD, { file_id: fileId, channel_public_id: '_ZeUTxl', user_type: 'app', users: [{ id: 1001, field: { age: 41 } }] });
    assert.deepEqual(r.json(), { file_id: fileId, requested: 1, added: 1 });
    const view = await control('GET', '/__fake/customer-files?channel_public_id=_ZeUTxl');
    assert.equal(view.status, 200);
    assert.deepEqual(view.body.map(({ created_at, ...f }) => f), [{
      file_id: fileId,
      channel_public_id: '_ZeUTxl',
      file_name: 'members',
      schema: { age: 'number', name: 'string' },
      user_type: 'app',
      users: [
        { id: ABOVE_2_53, fields: { age: 30, name: 'Kim' } },
        { id: BIG, fields: { name: 'Lee' } },
        { id: '1001', fields: { age: 41 } },
      ],
    }]);
    const list = (await adminGet(LIST, 'channel_public_id=_ZeUTxl')).json();
    assert.equal(list.files[0].user_count, 3);
  });

  test('add users: -816 unknown file (or a file of another channel), -2 file_id / user_type / users', async () => {
    const mine = await createFile('_ZeUTxl', 'mine', { a: 'string' });
    const other = await createFile('_Bxkd', 'theirs', { a: 'string' });
    const users = [{ id: 1, field: { a: 'x' } }];
    let r = await adminPost(ADD, { file_id: 999, channel_public_id: '_ZeUTxl', user_type: 'app', users });
    assert.equal(r.status, 400);
    assert.equal(r.json().code, -816);
    r = await adminPost(ADD, { file_id: other, channel_public_id: '_ZeUTxl', user_type: 'app', users });
    assertKakaoError(r, 400, -816);
    for (const body of [
      { file_id: 'abc', channel_public_id: '_ZeUTxl', user_type: 'app', users },
      { channel_public_id: '_ZeUTxl', user_type: 'app', users },
      { file_id: mine, channel_public_id: '_ZeUTxl', user_type: 'email', users },
      { file_id: mine, channel_public_id: '_ZeUTxl', users },
      { file_id: mine, channel_public_id: '_ZeUTxl', user_type: 'app' },
      { file_id: mine, channel_public_id: '_ZeUTxl', user_type: 'app', users: {} },
    ]) {
      assertKakaoError(await adminPost(ADD, body), 400, -2);
    }
    r = await adminPost(ADD, { file_id: mine, channel_public_id: '_ZeUTxl', user_type: 'app', users: [] });
    assertKakaoError(r, 400, -2, 'users must have 1 to 2000 entries');
    r = await adminPost(ADD, { file_id: String(mine), channel_public_id: '_ZeUTxl', user_type: 'app', users });
    assert.equal(r.status, 200, 'file_id as a digit string is accepted');
  });

  test('2,000 users per request (bodies over 1 MB accepted on these paths); 2,001 → -2', async () => {
    const fileId = await createFile('_ZeUTxl', 'big batch', { note: 'string', n: 'number' });
    const pad = 'x'.repeat(600);
    const users = Array.from({ length: 2000 }, (_, i) => ({ id: String(10n ** 18n + BigInt(i)), field: { note: pad, n: i } }));
    const body = JSON.stringify({ file_id: fileId, channel_public_id: '_ZeUTxl', user_type: 'app', users });
    assert.ok(Buffer.byteLength(body) > 1024 * 1024);
    let r = await adminPost(ADD, body);
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(r.json(), { file_id: fileId, requested: 2000, added: 2000 });
    r = await adminPost(ADD, { file_id: fileId, channel_public_id: '_ZeUTxl', user_type: 'app', users: [...users.slice(0, 2000), { id: 1 }].map((u) => ({ id: u.id })) });
    assertKakaoError(r, 400, -2, 'users must have 1 to 2000 entries');
    const view = (await control('GET', '/__fake/customer-files?channel_public_id=_ZeUTxl')).body;
    assert.equal(view[0].users.length, 2000);
    assert.equal(view[0].users[1999].id, '1000000000000001999');
  });

  test('delete users: numbers, digit strings and {"id"} objects; counts only deleted users; limits', async () => {
    const fileId = await createFile('_ZeUTxl', 'del', { a: 'string' });
    const ids = ['1', '2', '3', ABOVE_2_53, BIG];
    await adminPost(ADD, { file_id: fileId, channel_public_id: '_ZeUTxl', user_type: 'app', users: ids.map((id) => ({ id, field: { a: 'v' } })) });
    let r = await adminPost(DELETE, `{"file_id":${fileId},"channel_public_id":"_ZeUTxl","user_type":"app","user_ids":[1,"2",{"id":${ABOVE_2_53}},{"id":"${BIG}"},77,"2"]}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { file_id: fileId, requested: 6, deleted: 4 });
    const view = (await control('GET', '/__fake/customer-files?channel_public_id=_ZeUTxl')).body;
    assert.deepEqual(view[0].users, [{ id: '3', fields: { a: 'v' } }]);
    r = await adminPost(DELETE, { file_id: fileId, channel_public_id: '_ZeUTxl', user_type: 'app', user_ids: [] });
    assertKakaoError(r, 400, -2);
    r = await adminPost(DELETE, { file_id: fileId, channel_public_id: '_ZeUTxl', user_type: 'app', user_ids: Array.from({ length: 2001 }, (_, i) => i) });
    assertKakaoError(r, 400, -2);
    r = await adminPost(DELETE, { file_id: fileId, channel_public_id: '_ZeUTxl', user_type: 'app', user_ids: Array.from({ length: 2000 }, (_, i) => i) });
    assert.deepEqual(r.json(), { file_id: fileId, requested: 2000, deleted: 1 });
    r = await adminPost(DELETE, { file_id: 4242, channel_public_id: '_ZeUTxl', user_type: 'app', user_ids: [1] });
    assertKakaoError(r, 400, -816);
    r = await adminPost(DELETE, { file_id: fileId, channel_public_id: '_ZeUTxl', user_type: 'nope', user_ids: [1] });
    assertKakaoError(r, 400, -2);
  });

  test('phone users: string ids; a file keeps one user_type', async () => {
    const fileId = await createFile('_ZeUTxl', 'phones', { name: 'string' });
    let r = await adminPost(ADD, { file_id: fileId, channel_public_id: '_ZeUTxl', user_type: 'phone', users: [
      { id: '+82 10-1234-5678', field: { name: 'A' } },
      { id: 821012345678, field: { name: 'numbers are not phone ids' } },
    ] });
    assert.deepEqual(r.json(), { file_id: fileId, requested: 2, added: 1 });
    r = await adminPost(ADD, { file_id: fileId, channel_public_id: '_ZeUTxl', user_type: 'app', users: [{ id: 1 }] });
    assertKakaoError(r, 400, -2);
    const view = (await control('GET', '/__fake/customer-files?channel_public_id=_ZeUTxl')).body;
    assert.equal(view[0].user_type, 'phone');
    assert.deepEqual(view[0].users, [{ id: '+82 10-1234-5678', fields: { name: 'A' } }]);
    r = await adminPost(DELETE, { file_id: fileId, channel_public_id: '_ZeUTxl', user_type: 'phone', user_ids: [{ id: '+82 10-1234-5678' }] });
    assert.deepEqual(r.json(), { file_id: fileId, requested: 1, deleted: 1 });
  });

  test('the control view: all channels without a parameter, 400 for an unknown channel; reset empties files', async () => {
    await createFile('_ZeUTxl', 'a');
    await createFile('_Bxkd', 'b');
    let view = await control('GET', '/__fake/customer-files');
    assert.deepEqual(view.body.map((f) => [f.channel_public_id, f.file_name, f.users.length, 'user_type' in f]), [['_ZeUTxl', 'a', 0, false], ['_Bxkd', 'b', 0, false]]);
    assert.equal((await control('GET', '/__fake/customer-files?channel_public_id=_nope')).status, 400);
    await control('POST', '/__fake/reset');
    view = await control('GET', '/__fake/customer-files');
    assert.deepEqual(view.body, []);
    assert.equal(await createFile('_ZeUTxl', 'a'), 1001, 'file ids restart after reset');
  });

  test('CORS like other kapi paths; wrong methods → 405', async () => {
    const pre = await request('OPTIONS', CREATE, { headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
    assert.equal(pre.status, 403);
    assert.equal(pre.headers['access-control-allow-origin'], undefined);
    assert.equal((await request('GET', CREATE, { headers: ak(ADMIN) })).status, 405);
    assert.equal((await request('POST', LIST, { headers: ak(ADMIN) })).status, 405);
  });
});

// ---- webhook sender ---------------------------------------------------------------------------

/** A throwaway receiver: records every request; `answer(req, body, res)` decides the reply. */
async function startReceiver(answer = (req, body, res) => res.end('ok')) {
  const received = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      answer(req, body, res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/kakao/webhook`,
    received,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

describe('webhook sender', () => {
  test('sendWebhooks: the default events, a duplicate and a wrong-key delivery, with Kakao\'s headers', async () => {
    const receiver = await startReceiver();
    try {
      const deliveries = await sendWebhooks({ url: receiver.url });
      assert.equal(deliveries.length, 4);
      assert.equal(receiver.received.length, 4);
      const [added, blocked, dup, wrong] = deliveries;
      for (const [i, d] of deliveries.entries()) {
        const got = receiver.received[i];
        assert.equal(got.method, 'POST');
        assert.equal(got.url, '/kakao/webhook');
        assert.equal(got.headers['user-agent'], 'KakaoOpenAPI/1.0');
        assert.equal(got.headers['content-type'], 'application/json');
        assert.equal(got.headers['x-kakao-resource-id'], d.resourceId);
        assert.match(d.resourceId, /^[A-Za-z0-9]{24}$/);
        assert.deepEqual(JSON.parse(got.body), d.event);
        assert.equal(d.status, 200);
        assert.equal(d.timedOut, false);
        assert.ok(Number.isInteger(d.ms) && d.ms >= 0);
      }
      assert.equal(receiver.received[0].headers.authorization, 'KakaoAK demo-admin-key');
      assert.deepEqual(Object.keys(added.event), ['event', 'id', 'id_type', 'channel_public_id', 'channel_uuid', 'updated_at']);
      assert.deepEqual({ ...added.event, updated_at: 'T' }, {
        event: 'added', id: BIG, id_type: 'app_user_id', channel_public_id: '_ZeUTxl', channel_uuid: '@kakaochannel', updated_at: 'T',
      });
      assert.match(added.event.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(typeof blocked.event.id, 'string');
      assert.deepEqual([blocked.event.event, blocked.event.id, blocked.event.channel_public_id], ['blocked', '1001', '_Bxkd']);
      assert.notEqual(added.resourceId, blocked.resourceId);
      assert.deepEqual([added.authorization, added.duplicateOf, blocked.duplicateOf], ['valid', null, null]);
      // duplicate: same id header and same body bytes as the first delivery
      assert.equal(dup.resourceId, added.resourceId);
      assert.equal(dup.duplicateOf, added.resourceId);
      assert.equal(receiver.received[2].body, receiver.received[0].body);
      assert.equal(dup.authorization, 'valid');
      // wrong key: fresh id, another Authorization
      assert.equal(wrong.authorization, 'wrong');
      assert.equal(wrong.duplicateOf, null);
      assert.notEqual(wrong.resourceId, added.resourceId);
      assert.match(receiver.received[3].headers.authorization, /^KakaoAK /);
      assert.notEqual(receiver.received[3].headers.authorization, 'KakaoAK demo-admin-key');
      assert.deepEqual(wrong.event, added.event);
    } finally {
      await receiver.close();
    }
  });

  test('aliases: the deprecated plus_friend_public_id / plus_friend_uuid / timestamp names', async () => {
    const receiver = await startReceiver();
    try {
      const events = [{ event: 'blocked', id: 42, id_type: 'open_id', channel_public_id: '_Bxkd', channel_uuid: '@bxkd', updated_at: '2024-05-06T07:08:09Z' }];
      const deliveries = await sendWebhooks({ url: receiver.url, adminKey: 'my-admin', events, aliases: true, duplicate: false, wrongKey: false });
      assert.equal(deliveries.length, 1);
      assert.deepEqual(JSON.parse(receiver.received[0].body), {
        event: 'blocked', id: '42', id_type: 'open_id', plus_friend_public_id: '_Bxkd', plus_friend_uuid: '@bxkd', timestamp: '2024-05-06T07:08:09Z',
      });
      assert.equal(receiver.received[0].headers.authorization, 'KakaoAK my-admin');
    } finally {
      await receiver.close();
    }
  });

  test('status codes are reported; redirects are not followed', async () => {
    const receiver = await startReceiver((req, body, res) => {
      if (req.url === '/moved') {
        res.writeHead(302, { Location: '/elsewhere' });
        res.end();
      } else {
        res.writeHead(500);
        res.end('nope');
      }
    });
    try {
      const base = receiver.url.replace('/kakao/webhook', '');
      let d = await sendWebhook({ url: `${base}/moved`, adminKey: ADMIN, event: DEFAULT_EVENTS[0] });
      assert.equal(d.status, 302);
      assert.equal(receiver.received.length, 1, 'the Location was not requested');
      d = await sendWebhook({ url: `${base}/fail`, adminKey: ADMIN, event: DEFAULT_EVENTS[1], resourceId: 'A'.repeat(24) });
      assert.equal(d.status, 500);
      assert.equal(d.resourceId, 'A'.repeat(24));
      assert.equal(receiver.received[1].headers['x-kakao-resource-id'], 'A'.repeat(24));
    } finally {
      await receiver.close();
    }
  });

  test('a receiver that never answers times out (timeoutMs, 3 s by default)', async () => {
    const receiver = await startReceiver(() => {}); // never answers
    try {
      const started = Date.now();
      const d = await sendWebhook({ url: receiver.url, adminKey: ADMIN, event: DEFAULT_EVENTS[0], timeoutMs: 300 });
      const took = Date.now() - started;
      assert.equal(d.timedOut, true);
      assert.equal(d.status, null);
      assert.ok(took >= 290 && took < 2000, `took ${took} ms`);
      assert.ok(d.ms >= 290);
      assert.equal(receiver.received.length, 1, 'the request did arrive');
    } finally {
      await receiver.close();
    }
  });

  test('a refused connection is reported, not thrown', async () => {
    const receiver = await startReceiver();
    const url = receiver.url;
    await receiver.close();
    const d = await sendWebhook({ url, adminKey: ADMIN, event: DEFAULT_EVENTS[0], timeoutMs: 1000 });
    assert.equal(d.status, null);
    assert.equal(d.timedOut, false);
    assert.ok(d.error);
  });

  test('POST /__fake/webhooks runs the sender and answers {"deliveries":[…]}; bad input → 400', async () => {
    const receiver = await startReceiver((req, body, res) => {
      res.writeHead(req.headers.authorization === 'KakaoAK demo-admin-key' ? 200 : 401);
      res.end();
    });
    try {
      let r = await control('POST', '/__fake/webhooks', { url: receiver.url });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.deliveries.map((d) => [d.event.event, d.authorization, d.status, d.duplicateOf !== null]), [
        ['added', 'valid', 200, false],
        ['blocked', 'valid', 200, false],
        ['added', 'valid', 200, true],
        ['added', 'wrong', 401, false],
      ]);
      r = await control('POST', '/__fake/webhooks', {
        url: receiver.url,
        adminKey: 'custom-key',
        events: [{ event: 'added', id: '77', channel_public_id: '_RQxl', channel_uuid: '@rqxl' }],
        duplicate: false,
        wrongKey: false,
        aliases: true,
      });
      assert.equal(r.body.deliveries.length, 1);
      assert.equal(r.body.deliveries[0].status, 401);
      assert.equal(receiver.received.at(-1).headers.authorization, 'KakaoAK custom-key');
      assert.equal(JSON.parse(receiver.received.at(-1).body).plus_friend_public_id, '_RQxl');
      for (const bad of [{}, { url: 'ftp://x' }, { url: receiver.url, events: [] }, { url: receiver.url, duplicate: 'yes' }, { url: receiver.url, adminKey: '' }]) {
        assert.equal((await control('POST', '/__fake/webhooks', bad)).status, 400, JSON.stringify(bad));
      }
      const log = (await control('GET', '/__fake/requests')).body.requests;
      assert.equal(log.length, 0, 'webhook control calls are not logged');
    } finally {
      await receiver.close();
    }
  });
});
