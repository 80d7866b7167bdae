// Tests of the fake Kakao server (tests/fake-kakao/) over real HTTP.
// Run: node --test tests/node/fake-kakao.test.mjs
// Longer than ~600 lines on purpose: one independent case per behaviour of the fake, grouped by
// endpoint in `describe` blocks that share only the helpers above them; read one block at a time.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import vm from 'node:vm';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { startFakeKakao } from '../fake-kakao/server.mjs';

const SERVER_PATH = fileURLToPath(new URL('../fake-kakao/server.mjs', import.meta.url));
const ORIGIN = 'http://127.0.0.1:8000'; // registered at start, like the demo page's origin
const EVIL = 'http://evil.example';
const TRANS_ID = 'Ab3'.repeat(20); // 60 chars of [A-Za-z0-9]
const CHANNELS = '/v2/api/talk/channels';

let fake;
before(async () => {
  fake = await startFakeKakao({ port: 0, origins: [ORIGIN] });
});
after(async () => {
  await fake.close();
});
beforeEach(async () => {
  const r = await fetch(`${fake.url}/__fake/reset`, { method: 'POST' });
  assert.equal(r.status, 200);
});

// ---- helpers ----------------------------------------------------------------------------------

/** node:http request (fetch cannot set Origin / see resets). → {status, headers, body, json()} */
function request(method, path, { headers = {}, body, base = fake.url, timeout } = {}) {
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
    if (timeout) {
      req.setTimeout(timeout, () => {
        const err = new Error('client timeout');
        err.code = 'CLIENT_TIMEOUT';
        req.destroy(err);
      });
    }
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** GET /v2/api/talk/channels with a Bearer token and optional query / Origin. */
function channels(token, query = '', { origin, headers = {} } = {}) {
  const h = { ...headers };
  if (token !== null) h.Authorization = `Bearer ${token}`;
  if (origin) h.Origin = origin;
  return request('GET', `${CHANNELS}${query ? `?${query}` : ''}`, { headers: h });
}

async function control(method, path, value) {
  const r = await fetch(`${fake.url}${path}`, {
    method,
    headers: value === undefined ? {} : { 'Content-Type': 'application/json' },
    body: value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value),
  });
  return { status: r.status, headers: r.headers, body: await r.json() };
}

async function requestLog(query = '') {
  const r = await control('GET', `/__fake/requests${query}`);
  return r.body.requests;
}

function followUrl(params) {
  return `/talk/channel/follow?${new URLSearchParams(params)}`;
}

function followData(html) {
  const m = /<script type="application\/json" id="follow-data">([^<]*)<\/script>/.exec(html);
  assert.ok(m, 'follow page has a follow-data block');
  return JSON.parse(m[1]);
}

function inlineScripts(html) {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

/** Runs the follow page's script in a VM with a fake DOM, opener and fetch. */
function runFollowPage(html, { opener }) {
  const elements = new Map();
  const el = (id) => {
    if (!elements.has(id)) {
      elements.set(id, {
        id,
        textContent: '',
        className: '',
        disabled: false,
        listeners: {},
        addEventListener(type, fn) {
          this.listeners[type] = fn;
        },
      });
    }
    return elements.get(id);
  };
  el('follow-data').textContent = /id="follow-data">([^<]*)</.exec(html)[1];
  const win = { opener, closed: false, close() { this.closed = true; } };
  const sandbox = {
    window: win,
    document: { getElementById: el },
    location: { origin: fake.url },
    fetch: (u, o) => fetch(new URL(u, fake.url), o),
    setTimeout,
  };
  vm.runInNewContext(inlineScripts(html).at(-1), sandbox);
  return { el, win };
}

/**
 * An opener whose frames[trans_id] (via 'proxy') and itself (via 'window') record postMessage
 * calls; `next` resolves on the first.
 */
function fakeOpener(transId = TRANS_ID) {
  const posted = [];
  let resolveNext;
  const next = new Promise((r) => (resolveNext = r));
  const recorder = (via) => (data, targetOrigin) => {
    posted.push({ via, data, targetOrigin });
    resolveNext({ via, data, targetOrigin });
  };
  const frame = { postMessage: recorder('proxy') };
  return { opener: { frames: { [transId]: frame }, postMessage: recorder('window') }, posted, next };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- relationship API ------------------------------------------------------------------------

describe('GET /v2/api/talk/channels', () => {
  test('success: shape, order as requested, relations and updated_at', async () => {
    const r = await channels('demo-token-added', 'channel_ids=_RQxl,_ZeUTxl,_Bxkd&channel_id_type=channel_public_id');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json;charset=UTF-8');
    assert.deepEqual(r.json(), {
      user_id: 1001,
      channels: [
        { channel_uuid: '@rqxl', channel_public_id: '_RQxl', relation: 'NONE' },
        { channel_uuid: '@kakaochannel', channel_public_id: '_ZeUTxl', relation: 'ADDED', updated_at: '2019-05-10T08:06:53Z' },
        { channel_uuid: '@bxkd', channel_public_id: '_Bxkd', relation: 'BLOCKED', updated_at: '2021-03-01T12:00:00Z' },
      ],
    });
  });

  test('channel_ids omitted → every channel connected to the app, in app order', async () => {
    const r = await channels('demo-token-new-user');
    assert.equal(r.status, 200);
    const body = r.json();
    assert.equal(body.user_id, 1002);
    assert.deepEqual(body.channels.map((c) => [c.channel_public_id, c.relation]), [
      ['_ZeUTxl', 'NONE'],
      ['_Bxkd', 'NONE'],
      ['_RQxl', 'NONE'],
    ]);
    assert.ok(body.channels.every((c) => !('updated_at' in c)));
  });

  test('app without connected channels → empty list', async () => {
    const r = await channels('demo-token-no-channels');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { user_id: 1002, channels: [] });
  });

  test('POST with a form body works like GET', async () => {
    const r = await request('POST', CHANNELS, {
      headers: { Authorization: 'Bearer demo-token-added', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'channel_ids=_Bxkd',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json().channels.map((c) => c.relation), ['BLOCKED']);
  });

  test('-401: missing, malformed, unknown (KakaoAK keys: fake-kakao-admin.test.mjs)', async () => {
    for (const headers of [{}, { Authorization: 'Bearer' }, { Authorization: 'Basic abc' }, { Authorization: 'Bearer nope' }]) {
      const r = await request('GET', CHANNELS, { headers });
      assert.equal(r.status, 401, JSON.stringify(headers));
      assert.equal(r.headers['www-authenticate'], 'Bearer error=invalid_token');
      assert.deepEqual(r.json(), { msg: 'this access token does not exist', code: -401 });
    }
  });

  test('-401: expired token', async () => {
    const r = await channels('demo-token-expired');
    assert.equal(r.status, 401);
    assert.equal(r.headers['www-authenticate'], 'Bearer error=invalid_token');
    assert.deepEqual(r.json(), { msg: 'this access token is already expired', code: -401 });
  });

  test('-401: domain mismatch for an unregistered Origin, without CORS headers', async () => {
    const r = await channels('demo-token-added', '', { origin: EVIL });
    assert.equal(r.status, 401);
    assert.deepEqual(r.json(), { msg: `domain mismatched! caller=${EVIL}`, code: -401 });
    assert.equal(r.headers['access-control-allow-origin'], undefined);
  });

  test('-402: missing plusfriends consent lists required and allowed scopes', async () => {
    const r = await channels('demo-token-no-consent', 'channel_ids=_ZeUTxl');
    assert.equal(r.status, 403);
    assert.deepEqual(r.json(), {
      msg: '[/v2/api/talk/channels] insufficient scopes.',
      code: -402,
      api_type: 'TALK_CHANNEL',
      required_scopes: ['plusfriends'],
      allowed_scopes: ['profile_nickname'],
    });
  });

  test('-819: channel not connected, and unknown ids', async () => {
    let r = await channels('demo-token-added', 'channel_ids=_ZeUTxl,_vxfxm');
    assert.equal(r.status, 400);
    assert.deepEqual(r.json(), { msg: 'channel not connected to the app: _vxfxm', code: -819 });
    r = await channels('demo-token-added', 'channel_ids=_nope');
    assert.equal(r.json().code, -819);
    r = await channels('demo-token-no-channels', 'channel_ids=_ZeUTxl');
    assert.equal(r.json().code, -819);
    r = await channels('demo-token-added', 'channel_ids=%E0%A4%A'); // malformed encoding: no crash
    assert.equal(r.json().code, -819);
  });

  test('-2: bad channel_id_type or empty channel_ids', async () => {
    let r = await channels('demo-token-added', 'channel_id_type=uuid');
    assert.equal(r.status, 400);
    assert.equal(r.json().code, -2);
    r = await channels('demo-token-added', 'channel_ids=,');
    assert.equal(r.json().code, -2);
  });

  test('-10: rateLimit 0 fails at once; rateLimit 2 fails on the third request; reset restores', async () => {
    let r = await channels('demo-token-rate-limited');
    assert.equal(r.status, 400);
    assert.deepEqual(r.json(), { msg: 'API limit has been exceeded.', code: -10 });

    const added = await control('POST', '/__fake/tokens', {
      token: 'limited-2', userId: 1001, appKey: 'demo-javascript-key', scopes: ['plusfriends'], rateLimit: 2,
    });
    assert.equal(added.status, 201);
    assert.equal((await channels('limited-2')).status, 200);
    assert.equal((await channels('limited-2')).status, 200);
    r = await channels('limited-2');
    assert.equal(r.status, 400);
    assert.equal(r.json().code, -10);
    await control('POST', '/__fake/reset');
    assert.equal((await channels('limited-2')).status, 401, 'run-time tokens are gone after reset');
  });

  test('405 for other methods', async () => {
    const r = await request('DELETE', CHANNELS, { headers: { Origin: ORIGIN } });
    assert.equal(r.status, 405);
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
  });
});

describe('kapi CORS', () => {
  test('actual responses echo a registered origin (success and error), never an unregistered one', async () => {
    let r = await channels('demo-token-added', '', { origin: ORIGIN });
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
    assert.equal(r.headers.vary, 'Origin');
    r = await channels('nope', '', { origin: ORIGIN });
    assert.equal(r.status, 401);
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
    r = await channels('nope', '', { origin: EVIL });
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    r = await channels('demo-token-added');
    assert.equal(r.headers['access-control-allow-origin'], undefined);
  });

  test('preflight from a registered origin: 204 with the allowed subset of requested headers', async () => {
    const r = await request('OPTIONS', CHANNELS, {
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization, ka, content-type' },
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
    assert.equal(r.headers.vary, 'Origin');
    assert.equal(r.headers['access-control-allow-methods'], 'GET, POST, OPTIONS');
    assert.equal(r.headers['access-control-allow-headers'], 'authorization, ka, content-type');
    assert.equal(r.headers['access-control-max-age'], '600');
  });

  test('preflight: a requested header outside the allowed set is left out', async () => {
    const r = await request('OPTIONS', CHANNELS, {
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'Authorization,X-Fake-Fault' },
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers['access-control-allow-headers'], 'Authorization');
  });

  test('preflight from an unregistered origin: 403 without any Access-Control-* header', async () => {
    const r = await request('OPTIONS', CHANNELS, {
      headers: { Origin: EVIL, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(r.status, 403);
    assert.deepEqual(Object.keys(r.headers).filter((h) => h.startsWith('access-control-')), []);
  });

  test('POST /__fake/origins registers an origin for every app (survives reset)', async () => {
    const origin = 'http://127.0.0.1:1234';
    const added = await control('POST', '/__fake/origins', { origin });
    assert.equal(added.status, 201);
    assert.ok(added.body.origins.includes(origin));
    await control('POST', '/__fake/reset');
    const pre = await request('OPTIONS', CHANNELS, { headers: { Origin: origin, 'Access-Control-Request-Method': 'GET' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], origin);
    const r = await channels('demo-token-no-channels', '', { origin });
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], origin);
    assert.equal((await control('POST', '/__fake/origins', { origin: 'http://x/path' })).status, 400);
    assert.equal((await control('POST', '/__fake/origins', { origin: 'javascript:1' })).status, 400);
  });

  test('domain mismatch with an origin registered for another app: -401 that the browser can read', async () => {
    const other = await startFakeKakao({
      fixture: {
        apps: [
          { appKey: 'a', channels: ['_A'], origins: ['http://a.test'] },
          { appKey: 'b', channels: [], origins: ['http://b.test'] },
        ],
        channels: [{ publicId: '_A', uuid: '@a', name: 'A' }],
        users: [],
        tokens: [{ token: 't-a', userId: 1, appKey: 'a', scopes: ['plusfriends'] }],
      },
    });
    try {
      let r = await request('GET', CHANNELS, { base: other.url, headers: { Authorization: 'Bearer t-a', Origin: 'http://b.test' } });
      assert.equal(r.status, 401);
      assert.deepEqual(r.json(), { msg: 'domain mismatched! caller=http://b.test', code: -401 });
      assert.equal(r.headers['access-control-allow-origin'], 'http://b.test');
      r = await request('GET', CHANNELS, { base: other.url, headers: { Authorization: 'Bearer t-a', Origin: 'http://a.test' } });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json(), { user_id: 1, channels: [{ channel_uuid: '@a', channel_public_id: '_A', relation: 'NONE' }] });
    } finally {
      await other.close();
    }
  });
});

// ---- faults -----------------------------------------------------------------------------------

describe('faults', () => {
  test('status500: HTML 500 with CORS headers, once', async () => {
    const q = await control('POST', '/__fake/faults', { path: CHANNELS, mode: 'status500' });
    assert.equal(q.status, 201);
    let r = await channels('demo-token-added', '', { origin: ORIGIN });
    assert.equal(r.status, 500);
    assert.match(r.headers['content-type'], /^text\/html/);
    assert.equal(r.body, '<html><body><h1>500 Internal Server Error</h1></body></html>');
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
    r = await channels('demo-token-added');
    assert.equal(r.status, 200, 'times defaults to 1');
  });

  test('malformed: truncated JSON with CORS', async () => {
    await control('POST', '/__fake/faults', { path: CHANNELS, mode: 'malformed' });
    const r = await channels('demo-token-added', '', { origin: ORIGIN });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.body, '{"user_id": 1001, "channels": [');
    assert.throws(() => JSON.parse(r.body), SyntaxError);
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
  });

  test('wrong-shape: {"hello":"world"}, twice with times: 2', async () => {
    await control('POST', '/__fake/faults', { path: CHANNELS, mode: 'wrong-shape', times: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await channels('demo-token-added', '', { origin: ORIGIN });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json(), { hello: 'world' });
      assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
    }
    assert.ok(Array.isArray((await channels('demo-token-added')).json().channels));
  });

  test('reset: the client sees a socket error (node:http and fetch)', async () => {
    await control('POST', '/__fake/faults', { path: CHANNELS, mode: 'reset', times: 2 });
    await assert.rejects(channels('demo-token-added'), (err) => ['ECONNRESET', 'EPIPE'].includes(err.code) || /socket hang up/.test(err.message));
    await assert.rejects(fetch(`${fake.url}${CHANNELS}`, { headers: { Authorization: 'Bearer demo-token-added' } }), TypeError);
    assert.equal((await channels('demo-token-added')).status, 200);
  });

  test('delay: answers normally after delayMs', async () => {
    await control('POST', '/__fake/faults', { path: CHANNELS, mode: 'delay', delayMs: 250 });
    const t0 = Date.now();
    const r = await channels('demo-token-added', 'channel_ids=_ZeUTxl');
    assert.ok(Date.now() - t0 >= 240, `took ${Date.now() - t0} ms`);
    assert.equal(r.json().channels[0].relation, 'ADDED');
  });

  test('hang: no answer at all (client times out)', async () => {
    await control('POST', '/__fake/faults', { path: CHANNELS, mode: 'hang' });
    await assert.rejects(request('GET', CHANNELS, { timeout: 200 }), { code: 'CLIENT_TIMEOUT' });
  });

  test('X-Fake-Fault / X-Fake-Delay-Ms headers fault a single request', async () => {
    let r = await channels('demo-token-added', '', { headers: { 'X-Fake-Fault': 'wrong-shape' } });
    assert.deepEqual(r.json(), { hello: 'world' });
    const t0 = Date.now();
    r = await channels('demo-token-added', '', { headers: { 'X-Fake-Fault': 'delay', 'X-Fake-Delay-Ms': '150' } });
    assert.ok(Date.now() - t0 >= 140);
    assert.equal(r.status, 200);
    r = await channels('demo-token-added', '', { headers: { 'X-Fake-Fault': 'status500' } });
    assert.equal(r.status, 500);
    r = await channels('demo-token-added');
    assert.equal(r.status, 200);
  });

  test("a token's fixture fault applies to its requests (demo-token-slow does not answer quickly)", async () => {
    await assert.rejects(request('GET', CHANNELS, { headers: { Authorization: 'Bearer demo-token-slow' }, timeout: 200 }), { code: 'CLIENT_TIMEOUT' });
  });

  test('faults match their path only; preflights are never faulted; DELETE clears; bad input → 400', async () => {
    await control('POST', '/__fake/faults', { path: '/api/agt', mode: 'status500' });
    const pre = await request('OPTIONS', CHANNELS, { headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' } });
    assert.equal(pre.status, 204);
    assert.equal((await channels('demo-token-added')).status, 200);
    assert.equal((await control('GET', '/__fake/faults')).body.faults.length, 1);
    assert.equal((await control('DELETE', '/__fake/faults')).status, 200);
    assert.deepEqual((await control('GET', '/__fake/faults')).body.faults, []);
    assert.equal((await control('POST', '/__fake/faults', { mode: 'explode' })).status, 400);
    assert.equal((await control('POST', '/__fake/faults', { mode: 'delay', delayMs: -1 })).status, 400);
    const badJson = await control('POST', '/__fake/faults', '{not json');
    assert.equal(badJson.status, 400);
    assert.match(badJson.body.error, /invalid JSON/);
  });

  test('a fault with no path applies to the next request on any path', async () => {
    await control('POST', '/__fake/faults', { mode: 'status500' });
    const r = await request('GET', '/_ZeUTxl/chat');
    assert.equal(r.status, 500);
    assert.equal((await request('GET', '/_ZeUTxl/chat')).status, 200);
  });
});

// ---- request log -------------------------------------------------------------------------------

describe('request log', () => {
  test('records method, path, url, query, headers (KA), origin; filters by path and since', async () => {
    await channels('demo-token-added', 'channel_ids=_ZeUTxl&channel_id_type=channel_public_id', {
      origin: ORIGIN,
      headers: { KA: 'sdk/0.1.0 os/javascript origin/http%3A%2F%2F127.0.0.1%3A8000' },
    });
    await request('OPTIONS', CHANNELS, { headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' } });
    await request('GET', '/_Bxkd/chat?a=1');
    await control('GET', '/__fake/fixture'); // control calls are not logged

    const all = await requestLog();
    assert.deepEqual(all.map((e) => [e.method, e.path]), [
      ['GET', CHANNELS],
      ['OPTIONS', CHANNELS],
      ['GET', '/_Bxkd/chat'],
    ]);
    const [get, pre] = all;
    assert.equal(get.url, `${CHANNELS}?channel_ids=_ZeUTxl&channel_id_type=channel_public_id`);
    assert.deepEqual(get.query, { channel_ids: '_ZeUTxl', channel_id_type: 'channel_public_id' });
    assert.equal(get.headers.ka, 'sdk/0.1.0 os/javascript origin/http%3A%2F%2F127.0.0.1%3A8000');
    assert.equal(get.headers.authorization, 'Bearer demo-token-added');
    assert.equal(get.origin, ORIGIN);
    assert.equal(get.preflight, false);
    assert.equal(get.body, null);
    assert.ok(!Number.isNaN(Date.parse(get.time)));
    assert.equal(pre.preflight, true);
    assert.ok(pre.seq > get.seq);

    assert.deepEqual((await requestLog(`?path=${encodeURIComponent('/_Bxkd/chat')}`)).map((e) => e.query), [{ a: '1' }]);
    assert.deepEqual((await requestLog(`?since=${get.seq}`)).map((e) => e.seq), [pre.seq, all[2].seq]);

    assert.equal((await control('DELETE', '/__fake/requests')).status, 200);
    assert.deepEqual(await requestLog(), []);
  });

  test('POST bodies are logged, capped at 4 KB', async () => {
    await request('POST', '/api/agt', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `client_id=demo-javascript-key&access_token=demo-token-added&pad=${'x'.repeat(10000)}`,
    });
    const [entry] = await requestLog('?path=/api/agt');
    assert.equal(Buffer.byteLength(entry.body), 4096);
    assert.ok(entry.body.startsWith('client_id=demo-javascript-key&access_token=demo-token-added'));
  });

  test('faulted requests are logged too', async () => {
    await control('POST', '/__fake/faults', { path: CHANNELS, mode: 'reset' });
    await assert.rejects(channels('demo-token-added'));
    assert.equal((await requestLog(`?path=${CHANNELS}`)).length, 1);
  });
});

// ---- control API ------------------------------------------------------------------------------

describe('control API', () => {
  test('GET /__fake/fixture lists tokens with labels, apps and channels', async () => {
    const r = await control('GET', '/__fake/fixture');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    const added = r.body.tokens.find((t) => t.token === 'demo-token-added');
    assert.equal(added.label, 'ADDED _ZeUTxl, BLOCKED _Bxkd, NONE _RQxl');
    assert.equal(r.body.tokens.length, 7);
    assert.deepEqual(r.body.apps.map((a) => [a.appKey, a.channels]), [
      ['demo-javascript-key', ['_ZeUTxl', '_Bxkd', '_RQxl']],
      ['app-without-channels', []],
    ]);
    assert.ok(r.body.apps.every((a) => a.origins.includes(ORIGIN)), 'start-up origins apply to every app');
    assert.deepEqual(r.body.channels.map((c) => c.publicId), ['_ZeUTxl', '_Bxkd', '_RQxl', '_vxfxm']);
  });

  test('POST /__fake/tokens validates and replaces', async () => {
    assert.equal((await control('POST', '/__fake/tokens', { token: 't1', userId: 1001, appKey: 'nope' })).status, 400);
    assert.equal((await control('POST', '/__fake/tokens', { token: '', userId: 1001, appKey: 'demo-javascript-key' })).status, 400);
    assert.equal((await control('POST', '/__fake/tokens', { token: 't1', userId: 'x', appKey: 'demo-javascript-key' })).status, 400);
    await control('POST', '/__fake/tokens', { token: 't1', userId: 1001, appKey: 'demo-javascript-key', scopes: [] });
    assert.equal((await channels('t1')).json().code, -402);
    await control('POST', '/__fake/tokens', { token: 't1', userId: 4242, appKey: 'demo-javascript-key', scopes: ['plusfriends'] });
    const body = (await channels('t1', 'channel_ids=_ZeUTxl')).json();
    assert.deepEqual(body, { user_id: 4242, channels: [{ channel_uuid: '@kakaochannel', channel_public_id: '_ZeUTxl', relation: 'NONE' }] });
    await control('POST', '/__fake/tokens', { token: 't2', userId: 1, appKey: 'demo-javascript-key', scopes: ['plusfriends'], expired: true });
    assert.equal((await channels('t2')).json().msg, 'this access token is already expired');
  });

  test('control CORS is open; unknown control paths are 404', async () => {
    const pre = await request('OPTIONS', '/__fake/faults', {
      headers: { Origin: EVIL, 'Access-Control-Request-Method': 'DELETE', 'Access-Control-Request-Headers': 'content-type, x-anything' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], '*');
    assert.equal(pre.headers['access-control-allow-methods'], 'DELETE');
    assert.equal(pre.headers['access-control-allow-headers'], 'content-type, x-anything');
    const r = await request('GET', '/__fake/nothing');
    assert.equal(r.status, 404);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.deepEqual(await requestLog(), [], 'control preflights are not logged either');
  });
});

// ---- bridge pages -----------------------------------------------------------------------------

describe('bridge pages', () => {
  test('friend page shows the channel and every parameter, escaped', async () => {
    const agent = 'sdk/0.1.0 os/javascript lang/ko-KR origin/http%3A%2F%2F127.0.0.1%3A8000';
    const q = new URLSearchParams({ app_key: 'demo-javascript-key', kakao_agent: agent, api_ver: '1.1', referer: '<script>alert("x")</script>' });
    const r = await request('GET', `/_ZeUTxl/friend?${q}`);
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^text\/html/);
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.match(r.body, /<title>Fake Kakao — add channel _ZeUTxl<\/title>/);
    assert.match(r.body, /#FEE500/);
    assert.match(r.body, /<span data-testid="bridge-action">friend<\/span>/);
    assert.match(r.body, /<code data-testid="bridge-channel">_ZeUTxl<\/code>/);
    assert.match(r.body, /Kakao Channel Demo/);
    assert.match(r.body, /<tr data-param="app_key"><th>app_key<\/th><td>demo-javascript-key<\/td><\/tr>/);
    assert.match(r.body, /<tr data-param="api_ver"><th>api_ver<\/th><td>1\.1<\/td><\/tr>/);
    assert.ok(r.body.includes(`<td>${agent}</td>`));
    assert.ok(r.body.includes('<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>'));
    assert.ok(!r.body.includes('<script>alert'), 'no raw script from the query');
    const parts = [...r.body.matchAll(/<li data-testid="kakao-agent-part">([^<]*)<\/li>/g)].map((m) => m[1]);
    assert.deepEqual(parts, agent.split(' '));
  });

  test('chat page; unknown channel; escaped parameter names', async () => {
    const r = await request('GET', '/_Unknown1/chat?%3Cb%3E=%22%3E%3Cimg');
    assert.equal(r.status, 200);
    assert.match(r.body, /<title>Fake Kakao — chat _Unknown1<\/title>/);
    assert.match(r.body, /<span data-testid="bridge-action">chat<\/span>/);
    assert.match(r.body, /unknown channel/);
    assert.ok(r.body.includes('<tr data-param="&lt;b&gt;"><th>&lt;b&gt;</th><td>&quot;&gt;&lt;img</td></tr>'));
  });

  test('invalid channel ids are 404 HTML, with the path escaped', async () => {
    for (const path of ['/%3Cscript%3E/friend', '/abc/friend', '/_/chat', `/_${'a'.repeat(32)}/friend`, '/%E0%A4%A/chat']) {
      const r = await request('GET', path);
      assert.equal(r.status, 404, path);
      assert.match(r.headers['content-type'], /^text\/html/);
      assert.ok(!r.body.includes('<script>'), path);
    }
  });

  test('/__fake/no-content/* → 204 and logged', async () => {
    const r = await request('GET', '/__fake/no-content/friend?x=1');
    assert.equal(r.status, 204);
    assert.equal(r.body, '');
    const [entry] = await requestLog();
    assert.equal(entry.url, '/__fake/no-content/friend?x=1');
  });

  test('/__fake/no-content as a pf host: deeper paths and the bare prefix → 204, logged', async () => {
    for (const path of ['/__fake/no-content/_ZeUTxl/sdk_error', '/__fake/no-content/_ZeUTxl/friend?api_ver=1.1', '/__fake/no-content']) {
      const r = await request('GET', path);
      assert.equal(r.status, 204, path);
      assert.equal(r.body, '');
    }
    assert.equal((await request('POST', '/__fake/no-content/a/b/c', { body: 'x=1' })).status, 204);
    assert.deepEqual((await requestLog()).map((e) => e.path), [
      '/__fake/no-content/_ZeUTxl/sdk_error',
      '/__fake/no-content/_ZeUTxl/friend',
      '/__fake/no-content',
      '/__fake/no-content/a/b/c',
    ]);
    assert.equal((await request('GET', '/__fake/no-contentx')).status, 404, 'only that prefix');
  });

  test('GET /{_id}/sdk_error: the refused hand-over page, logged; bad ids 404', async () => {
    const r = await request('GET', '/_ZeUTxl/sdk_error?x=%3Cb%3E');
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^text\/html/);
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.match(r.body, /<title>Fake Kakao — sdk_error _ZeUTxl<\/title>/);
    assert.match(r.body, /<span data-testid="sdk-error">sdk_error<\/span>/);
    assert.match(r.body, /refused/);
    assert.match(r.body, /<code data-testid="bridge-channel">_ZeUTxl<\/code>/);
    assert.match(r.body, /Kakao Channel Demo/);
    assert.ok(r.body.includes('<tr data-param="x"><th>x</th><td>&lt;b&gt;</td></tr>'));
    const [entry] = await requestLog('?path=/_ZeUTxl/sdk_error');
    assert.equal(entry.method, 'GET');
    assert.match((await request('GET', '/_Nope1/sdk_error')).body, /unknown channel/);
    assert.equal((await request('GET', '/abc/sdk_error')).status, 404);
    assert.equal((await request('POST', '/_ZeUTxl/sdk_error')).status, 405);
  });
});

// ---- kapi validate/sdk -------------------------------------------------------------------------

const VALIDATE = '/v1/app/validate/sdk';

/** POST /v1/app/validate/sdk like Kakao's JS SDK (§10.2); `props` an object, or a raw string. */
function validateSdk(props, { auth = 'KakaoAK demo-javascript-key', origin, headers = {}, body } = {}) {
  const h = { 'Content-Type': 'application/x-www-form-urlencoded', KA: 'sdk/0.1.0 os/javascript', ...headers };
  if (auth !== null) h.Authorization = auth;
  if (origin) h.Origin = origin;
  const form =
    body ?? (props === undefined ? '' : new URLSearchParams({ quota_properties: typeof props === 'string' ? props : JSON.stringify(props) }).toString());
  return request('POST', VALIDATE, { headers: h, body: form });
}

describe('POST /v1/app/validate/sdk', () => {
  const add = { uri: '/sdk/channel/add', channel_public_id: '_ZeUTxl' };

  test('known JS key + connected channel → 200 {} for add and chat, form body logged with KA', async () => {
    let r = await validateSdk(add, { origin: ORIGIN });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), {});
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
    assert.equal(r.headers.vary, 'Origin');
    r = await validateSdk({ uri: '/sdk/channel/chat', channel_public_id: '_RQxl' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), {});
    const [entry] = await requestLog(`?path=${VALIDATE}`);
    assert.equal(entry.ka, 'sdk/0.1.0 os/javascript');
    assert.equal(entry.headers.authorization, 'KakaoAK demo-javascript-key');
    assert.equal(new URLSearchParams(entry.body).get('quota_properties'), JSON.stringify(add));
  });

  test('-401 invalid app key: missing, unknown, Bearer', async () => {
    for (const auth of [null, 'KakaoAK nope', 'KakaoAK', 'Bearer demo-token-added', 'demo-javascript-key']) {
      const r = await validateSdk(add, { auth, origin: ORIGIN });
      assert.equal(r.status, 401, String(auth));
      assert.deepEqual(r.json(), { code: -401, msg: 'invalid app key' });
      assert.equal(r.headers['access-control-allow-origin'], ORIGIN, 'readable by the page');
    }
  });

  test('-2: quota_properties missing, malformed, or with another uri', async () => {
    const bad = [
      undefined,
      '',
      '{not json',
      '[]',
      'null',
      { uri: '/sdk/channel/other', channel_public_id: '_ZeUTxl' },
      { channel_public_id: '_ZeUTxl' },
      { uri: '/sdk/channel/add' },
      { uri: '/sdk/channel/add', channel_public_id: 42 },
    ];
    for (const props of bad) {
      const r = await validateSdk(props);
      assert.equal(r.status, 400, JSON.stringify(props));
      assert.equal(r.json().code, -2, JSON.stringify(props));
      assert.equal(typeof r.json().msg, 'string');
    }
  });

  test('-541 unknown channel, -819 channel not connected (also for an app without channels)', async () => {
    let r = await validateSdk({ ...add, channel_public_id: '_nope' });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json(), { code: -541, msg: 'channel does not exist' });
    r = await validateSdk({ ...add, channel_public_id: '_vxfxm' });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json(), { code: -819, msg: 'channel not connected to the app: _vxfxm' });
    r = await validateSdk(add, { auth: 'KakaoAK app-without-channels' });
    assert.equal(r.json().code, -819);
  });

  test('CORS: preflight like other kapi routes; unregistered origins get no ACAO', async () => {
    let r = await request('OPTIONS', VALIDATE, {
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,ka,content-type,x-other' },
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
    assert.equal(r.headers['access-control-allow-headers'], 'authorization, ka, content-type');
    assert.match(r.headers['access-control-allow-methods'], /POST/);
    r = await request('OPTIONS', VALIDATE, { headers: { Origin: EVIL, 'Access-Control-Request-Method': 'POST' } });
    assert.equal(r.status, 403);
    assert.deepEqual(Object.keys(r.headers).filter((h) => h.startsWith('access-control-')), []);
    r = await validateSdk(add, { origin: EVIL });
    assert.equal(r.headers['access-control-allow-origin'], undefined);
    r = await request('GET', VALIDATE, { headers: { Origin: ORIGIN } });
    assert.equal(r.status, 405);
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
    assert.ok((await requestLog(`?path=${VALIDATE}`)).some((e) => e.preflight));
  });

  test('faults apply (queued and header)', async () => {
    await control('POST', '/__fake/faults', { path: VALIDATE, mode: 'status500' });
    let r = await validateSdk(add, { origin: ORIGIN });
    assert.equal(r.status, 500);
    assert.equal(r.headers['access-control-allow-origin'], ORIGIN);
    r = await validateSdk(add, { headers: { 'X-Fake-Fault': 'wrong-shape' } });
    assert.deepEqual(r.json(), { hello: 'world' });
    assert.equal((await validateSdk(add)).status, 200);
  });
});

// ---- kauth agt ---------------------------------------------------------------------------------

/** POST /api/agt as Kakao's SDK sends it: a simple request (form body, no KA) unless `ka` is given. */
async function getAgt(token = 'demo-token-added', appKey = 'demo-javascript-key', { ka } = {}) {
  const r = await fetch(`${fake.url}/api/agt`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(ka === undefined ? {} : { KA: ka }) },
    body: new URLSearchParams({ client_id: appKey, access_token: token }),
  });
  return { status: r.status, headers: r.headers, body: await r.json() };
}

describe('POST /api/agt', () => {
  test('valid token → agt, ACAO *; the log says whether KA came', async () => {
    const r = await getAgt();
    assert.equal(r.status, 200);
    assert.match(r.body.agt, /^agt-[0-9a-f]{32}$/);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    assert.equal((await getAgt('demo-token-added', 'demo-javascript-key', { ka: 'sdk/0.1.0 os/javascript' })).status, 200);
    const [simple, withKa] = await requestLog('?path=/api/agt');
    assert.equal(simple.ka, null, 'no KA header → ka: null');
    assert.equal(simple.headers.ka, undefined);
    assert.equal(simple.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(withKa.ka, 'sdk/0.1.0 os/javascript');
    assert.equal(withKa.headers.ka, 'sdk/0.1.0 os/javascript');
  });

  test('unknown, expired, other-app tokens → 401 invalid_token; missing fields → 400', async () => {
    for (const [token, app] of [['nope', 'demo-javascript-key'], ['demo-token-expired', 'demo-javascript-key'], ['demo-token-added', 'app-without-channels']]) {
      const r = await getAgt(token, app);
      assert.equal(r.status, 401, token);
      assert.equal(r.body.error, 'invalid_token');
      assert.equal(r.body.error_code, 'KOE401');
      assert.equal(typeof r.body.error_description, 'string');
      assert.equal(r.headers.get('access-control-allow-origin'), '*');
    }
    const r = await request('POST', '/api/agt', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'client_id=x' });
    assert.equal(r.status, 400);
    assert.equal(r.json().error, 'invalid_request');
  });

  test('preflights are refused: 403 without any Access-Control-* header, logged as preflights', async () => {
    for (const [origin, headers] of [[EVIL, 'content-type,ka'], [ORIGIN, 'ka'], [ORIGIN, undefined]]) {
      const h = { Origin: origin, 'Access-Control-Request-Method': 'POST' };
      if (headers) h['Access-Control-Request-Headers'] = headers;
      const r = await request('OPTIONS', '/api/agt', { headers: h });
      assert.equal(r.status, 403, `${origin} ${headers}`);
      assert.deepEqual(Object.keys(r.headers).filter((k) => k.startsWith('access-control-')), []);
    }
    const log = await requestLog('?path=/api/agt');
    assert.equal(log.length, 3);
    assert.ok(log.every((e) => e.method === 'OPTIONS' && e.preflight === true));
    // the simple POST itself still carries ACAO *, also on errors and 405s
    const post = await request('POST', '/api/agt', { headers: { Origin: EVIL, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'client_id=x' });
    assert.equal(post.headers['access-control-allow-origin'], '*');
    const get = await request('GET', '/api/agt', { headers: { Origin: EVIL } });
    assert.equal(get.status, 405);
    assert.equal(get.headers['access-control-allow-origin'], '*');
  });

  test('bodies over 1 MB → 413, server stays up', async () => {
    const r = await fetch(`${fake.url}/api/agt`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 10) });
    assert.equal(r.status, 413);
    assert.equal((await getAgt()).status, 200);
  });
});

// ---- follow channel ----------------------------------------------------------------------------

describe('follow channel', () => {
  const base = { app_key: 'demo-javascript-key', channel_public_id: '_RQxl', ka: 'sdk/0.1.0 os/javascript', trans_id: TRANS_ID };

  const cases = [
    ['missing trans_id', { ...base, trans_id: undefined }, 'KAE003'],
    ['short trans_id', { ...base, trans_id: 'abc' }, 'KAE003'],
    ['trans_id with a symbol outside - . _ ~', { ...base, trans_id: `${TRANS_ID.slice(1)}!` }, 'KAE003'],
    ['61-char trans_id', { ...base, trans_id: `${TRANS_ID}a` }, 'KAE003'],
    ['missing channel', { ...base, channel_public_id: undefined }, 'KAE003'],
    ['missing app_key', { ...base, app_key: undefined }, 'KAE003'],
    ['unknown app_key', { ...base, app_key: 'nope' }, 'KAE104'],
    ['unknown channel', { ...base, channel_public_id: '_nope' }, 'KAE005'],
    ['channel not connected', { ...base, channel_public_id: '_vxfxm' }, 'KAE105'],
    ['unknown agt', { ...base, agt: 'agt-nope' }, 'KAE201'],
  ];
  for (const [name, params, code] of cases) {
    test(`error: ${name} → ${code}`, async () => {
      const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
      const r = await request('GET', followUrl(clean));
      assert.equal(r.status, 200);
      assert.equal(r.headers['cache-control'], 'no-store');
      assert.match(r.body, new RegExp(`<code data-testid="follow-error-code">${code}</code>`));
      const data = followData(r.body);
      assert.equal(data.error.error_code, code);
      assert.equal(typeof data.error.error_msg, 'string');
      assert.equal(data.error.trans_id, clean.trans_id ?? '');
      assert.ok(!r.body.includes('id="follow-add"'));
    });
  }

  test('error payload is posted at once, as a JSON string, to the proxy frame; window closes', async () => {
    const r = await request('GET', followUrl({ ...base, channel_public_id: '_nope' }));
    const { opener, next } = fakeOpener();
    const { el, win } = runFollowPage(r.body, { opener });
    const msg = await next;
    assert.equal(typeof msg.data, 'string');
    assert.deepEqual(JSON.parse(msg.data), { error_code: 'KAE005', error_msg: 'invalid channel.', trans_id: TRANS_ID });
    assert.equal(msg.targetOrigin, fake.url);
    assert.match(el('follow-status').textContent, /^result sent/);
    await sleep(80);
    assert.equal(win.closed, true);
  });

  test('without an opener the page explains instead of throwing', async () => {
    const r = await request('GET', followUrl({ ...base, channel_public_id: '_nope' }));
    const { el, win } = runFollowPage(r.body, { opener: null });
    assert.match(el('follow-status').textContent, /no window\.opener/);
    const r2 = await request('GET', followUrl({ ...base, channel_public_id: '_nope' }));
    const res2 = runFollowPage(r2.body, { opener: { frames: {} } });
    assert.match(res2.el('follow-status').textContent, /no frame named/);
    await sleep(80);
    assert.equal(win.closed, false);
  });

  test('agt is one-time: second use → KAE201; agt of another app → KAE201', async () => {
    const { body } = await getAgt();
    let r = await request('GET', followUrl({ ...base, agt: body.agt }));
    assert.match(r.body, /<span data-testid="follow-user">user 1001 \(via agt\)<\/span>/);
    r = await request('GET', followUrl({ ...base, agt: body.agt }));
    assert.equal(followData(r.body).error.error_code, 'KAE201');
    const other = await getAgt('demo-token-no-channels', 'app-without-channels');
    r = await request('GET', followUrl({ ...base, agt: other.body.agt }));
    assert.equal(followData(r.body).error.error_code, 'KAE201');
  });

  test('follow-error fault posts the configured KAE code once', async () => {
    const f = await control('POST', '/__fake/faults', { mode: 'follow-error', errorCode: 'KAE006' });
    assert.equal(f.body.fault.path, '/talk/channel/follow');
    assert.equal((await channels('demo-token-added')).status, 200, 'does not hit other paths');
    let r = await request('GET', followUrl(base));
    assert.deepEqual(followData(r.body).error, { error_code: 'KAE006', error_msg: 'channel cannot be added.', trans_id: TRANS_ID });
    r = await request('GET', followUrl(base));
    assert.equal(followData(r.body).error, null);
  });

  test("trans_id from the official SDK's 66 URL-safe characters (A-Z a-z 0-9 - . _ ~) is accepted", async () => {
    const transId = `-._~${TRANS_ID.slice(4)}`;
    const r = await request('GET', followUrl({ ...base, trans_id: transId }));
    const data = followData(r.body);
    assert.equal(data.error, null);
    assert.equal(data.trans_id, transId);
  });

  test('success page: channel, guest user, buttons, trans_id', async () => {
    const r = await request('GET', followUrl(base));
    assert.equal(r.status, 200);
    assert.match(r.body, /<button id="follow-add" type="button">채널 추가<\/button>/);
    assert.match(r.body, /<button id="follow-cancel" type="button">취소<\/button>/);
    assert.match(r.body, /RQxl Cafe/);
    assert.match(r.body, /@rqxl/);
    assert.match(r.body, /guest \(user 1002\)/);
    assert.ok(r.body.includes(TRANS_ID));
    const data = followData(r.body);
    assert.equal(data.trans_id, TRANS_ID);
    assert.equal(data.error, null);
    assert.equal(data.transport, 'proxy', 'default transport: the relay iframe');
    assert.equal(data.answer_status, null);
    assert.match(r.body, /data-testid="follow-transport" data-transport="proxy"/);
  });

  test('Add (via agt user 1001): relation becomes ADDED with a fresh updated_at; success posted', async () => {
    const { body } = await getAgt();
    const page = await request('GET', followUrl({ ...base, agt: body.agt }));
    const { opener, next } = fakeOpener();
    const { el, win } = runFollowPage(page.body, { opener });
    el('follow-add').listeners.click();
    const msg = await next;
    assert.deepEqual(JSON.parse(msg.data), { status: 'success', channel_public_id: '_RQxl', trans_id: TRANS_ID });
    assert.equal(msg.targetOrigin, fake.url);
    const rel = (await channels('demo-token-added', 'channel_ids=_RQxl')).json().channels[0];
    assert.equal(rel.relation, 'ADDED');
    assert.match(rel.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(Math.abs(Date.parse(rel.updated_at) - Date.now()) < 5000);
    await sleep(80);
    assert.equal(win.closed, true);
    const [confirm] = await requestLog('?path=/talk/channel/follow/confirm');
    assert.match(confirm.body, /"action":"add"/);
    await control('POST', '/__fake/reset');
    assert.equal((await channels('demo-token-added', 'channel_ids=_RQxl')).json().channels[0].relation, 'NONE');
  });

  test('Cancel posts fail and changes nothing; a ticket answers once', async () => {
    const page = await request('GET', followUrl(base));
    const { opener, next } = fakeOpener();
    const { el } = runFollowPage(page.body, { opener });
    el('follow-cancel').listeners.click();
    const msg = await next;
    assert.deepEqual(JSON.parse(msg.data), { status: 'fail', channel_public_id: '_RQxl', trans_id: TRANS_ID });
    assert.equal((await channels('demo-token-new-user', 'channel_ids=_RQxl')).json().channels[0].relation, 'NONE');
    const again = await request('POST', '/talk/channel/follow/confirm', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ticket: followData(page.body).ticket, action: 'add' }),
    });
    assert.equal(again.status, 400);
    assert.equal(again.json().error_code, 'KAE002');
    assert.equal((await request('POST', '/talk/channel/follow/confirm', { body: '{bad' })).status, 400);
  });

  test('follow-from-window: page data says "window"; Add posts to window.opener with "*"', async () => {
    const f = await control('POST', '/__fake/faults', { mode: 'follow-from-window' });
    assert.equal(f.status, 201);
    assert.equal(f.body.fault.path, '/talk/channel/follow');
    assert.equal((await channels('demo-token-added')).status, 200, 'does not hit other paths');
    const page = await request('GET', followUrl(base));
    const data = followData(page.body);
    assert.equal(data.transport, 'window');
    assert.equal(data.error, null);
    assert.match(page.body, /data-testid="follow-transport" data-transport="window"/);
    const { opener, next, posted } = fakeOpener();
    const { el, win } = runFollowPage(page.body, { opener });
    el('follow-add').listeners.click();
    const msg = await next;
    assert.equal(msg.via, 'window');
    assert.equal(msg.targetOrigin, '*');
    assert.equal(typeof msg.data, 'string');
    assert.deepEqual(JSON.parse(msg.data), { status: 'success', channel_public_id: '_RQxl', trans_id: TRANS_ID });
    assert.match(el('follow-status').textContent, /^result sent to window\.opener/);
    await sleep(80);
    assert.equal(win.closed, true);
    assert.equal(posted.length, 1, 'nothing through the proxy frame');
    assert.equal(followData((await request('GET', followUrl(base))).body).transport, 'proxy', 'once');
  });

  test('follow-from-window also carries error answers; Cancel → fail; no opener explained', async () => {
    await control('POST', '/__fake/faults', { mode: 'follow-from-window', times: 3 });
    const err = await request('GET', followUrl({ ...base, channel_public_id: '_nope' }));
    const e = fakeOpener();
    runFollowPage(err.body, { opener: e.opener });
    const emsg = await e.next;
    assert.equal(emsg.via, 'window');
    assert.equal(JSON.parse(emsg.data).error_code, 'KAE005');

    const page = await request('GET', followUrl(base));
    const c = fakeOpener();
    runFollowPage(page.body, { opener: c.opener }).el('follow-cancel').listeners.click();
    const cmsg = await c.next;
    assert.equal(cmsg.via, 'window');
    assert.equal(JSON.parse(cmsg.data).status, 'fail');

    const lonely = await request('GET', followUrl({ ...base, channel_public_id: '_nope' }));
    assert.match(runFollowPage(lonely.body, { opener: null }).el('follow-status').textContent, /no window\.opener/);
  });

  test('follow-code-error: posts {code, msg, trans_id} at once through the proxy (default -401)', async () => {
    const f = await control('POST', '/__fake/faults', { mode: 'follow-code-error' });
    assert.equal(f.body.fault.path, '/talk/channel/follow');
    assert.equal(f.body.fault.kakaoCode, -401);
    let r = await request('GET', followUrl(base));
    let data = followData(r.body);
    assert.deepEqual(data.error, { code: -401, msg: 'invalid app key.', trans_id: TRANS_ID });
    assert.equal(data.transport, 'proxy');
    assert.match(r.body, /<code data-testid="follow-error-code">-401<\/code>/);
    assert.ok(!r.body.includes('id="follow-add"'));
    const { opener, next } = fakeOpener();
    runFollowPage(r.body, { opener });
    const msg = await next;
    assert.equal(msg.via, 'proxy');
    assert.equal(msg.targetOrigin, fake.url);
    assert.deepEqual(JSON.parse(msg.data), { code: -401, msg: 'invalid app key.', trans_id: TRANS_ID });

    await control('POST', '/__fake/faults', { mode: 'follow-code-error', kakaoCode: -9798 });
    r = await request('GET', followUrl(base));
    assert.equal(followData(r.body).error.code, -9798);
    // after the KAE003 check, like follow-error
    await control('POST', '/__fake/faults', { mode: 'follow-code-error', kakaoCode: 12 });
    r = await request('GET', followUrl({ ...base, trans_id: 'short' }));
    assert.equal(followData(r.body).error.error_code, 'KAE003');
    r = await request('GET', followUrl(base));
    assert.equal(followData(r.body).error, null, 'the fault was used up by the KAE003 page');
  });

  test('follow-status: Add posts the unknown status through the proxy, relation still changes', async () => {
    const f = await control('POST', '/__fake/faults', { mode: 'follow-status' });
    assert.equal(f.body.fault.followStatus, 'error');
    assert.equal(f.body.fault.status, 500, 'the HTTP status field is untouched');
    const page = await request('GET', followUrl(base));
    const data = followData(page.body);
    assert.equal(data.answer_status, 'error');
    assert.equal(data.transport, 'proxy');
    assert.equal(data.error, null);
    const { opener, next } = fakeOpener();
    runFollowPage(page.body, { opener }).el('follow-add').listeners.click();
    const msg = await next;
    assert.equal(msg.via, 'proxy');
    assert.deepEqual(JSON.parse(msg.data), { status: 'error', channel_public_id: '_RQxl', trans_id: TRANS_ID });
    assert.equal((await channels('demo-token-new-user', 'channel_ids=_RQxl')).json().channels[0].relation, 'ADDED');

    await control('POST', '/__fake/faults', { mode: 'follow-status', followStatus: 'pending' });
    const page2 = await request('GET', followUrl(base));
    assert.equal(followData(page2.body).answer_status, 'pending');
    const c = fakeOpener();
    runFollowPage(page2.body, { opener: c.opener }).el('follow-cancel').listeners.click();
    assert.equal(JSON.parse((await c.next).data).status, 'pending');
  });

  test('follow fault headers (X-Fake-Kakao-Code, X-Fake-Follow-Status); bad fields → 400', async () => {
    let r = await request('GET', followUrl(base), { headers: { 'X-Fake-Fault': 'follow-code-error', 'X-Fake-Kakao-Code': '-603' } });
    assert.equal(followData(r.body).error.code, -603);
    r = await request('GET', followUrl(base), { headers: { 'X-Fake-Fault': 'follow-status', 'X-Fake-Follow-Status': 'weird' } });
    assert.equal(followData(r.body).answer_status, 'weird');
    r = await request('GET', followUrl(base), { headers: { 'X-Fake-Fault': 'follow-from-window' } });
    assert.equal(followData(r.body).transport, 'window');
    assert.equal((await control('POST', '/__fake/faults', { mode: 'follow-code-error', kakaoCode: 'x' })).status, 400);
    assert.equal((await control('POST', '/__fake/faults', { mode: 'follow-code-error', kakaoCode: 1.5 })).status, 400);
    assert.equal((await control('POST', '/__fake/faults', { mode: 'follow-status', followStatus: 7 })).status, 400);
    assert.equal((await control('POST', '/__fake/faults', { mode: 'follow-status', followStatus: 'x'.repeat(201) })).status, 400);
    assert.deepEqual((await control('GET', '/__fake/faults')).body.faults, []);
  });

  test('hostile parameters cannot break out of the page', async () => {
    const r = await request('GET', followUrl({ ...base, ka: '</script><script>alert(1)</script>' }));
    assert.equal(inlineScripts(r.body).length, 1, 'only the page script');
    assert.ok(!r.body.includes('<script>alert(1)'));
    assert.ok(r.body.includes('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    const e = await request('GET', followUrl({ ...base, trans_id: '</script><script>alert(1)</script>' }));
    assert.equal(inlineScripts(e.body).length, 1);
    assert.equal(followData(e.body).error.trans_id, '</script><script>alert(1)</script>');
  });

  test('/proxy relays same-origin messages to its parent, and nothing else', async () => {
    const r = await request('GET', `/proxy?trans_id=${TRANS_ID}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.match(r.body, /parent\.postMessage\(event\.data, '\*'\)/);
    assert.match(r.body, /event\.origin !== location\.origin/);
    let listener;
    const relayed = [];
    vm.runInNewContext(inlineScripts(r.body)[0], {
      window: { addEventListener: (type, fn) => type === 'message' && (listener = fn) },
      parent: { postMessage: (data, target) => relayed.push([data, target]) },
      location: { origin: fake.url },
    });
    listener({ origin: EVIL, data: '{"status":"success"}' });
    listener({ origin: fake.url, data: '{"status":"success","channel_public_id":"_RQxl"}' });
    assert.deepEqual(relayed, [['{"status":"success","channel_public_id":"_RQxl"}', '*']]);
  });
});

// ---- robustness, shutdown, CLI -----------------------------------------------------------------

describe('robustness', () => {
  test('unknown paths → 404 text/plain', async () => {
    const r = await request('GET', '/nothing/here');
    assert.equal(r.status, 404);
    assert.match(r.headers['content-type'], /^text\/plain/);
    assert.equal(r.body, 'not found');
  });

  test('garbage on the wire → 400, server keeps serving', async () => {
    const answer = await new Promise((resolve, reject) => {
      const socket = net.connect(fake.port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 400/);
    assert.equal((await channels('demo-token-added')).status, 200);
  });

  test('close() resolves promptly with hanging requests and keep-alive sockets', async () => {
    const other = await startFakeKakao();
    const agent = new http.Agent({ keepAlive: true });
    await new Promise((resolve) => http.get(`${other.url}/_ZeUTxl/chat`, { agent }, (res) => res.resume().on('end', resolve)));
    const hanging = request('GET', CHANNELS, { base: other.url, headers: { 'X-Fake-Fault': 'hang' } }).catch((e) => e);
    const slow = request('GET', CHANNELS, { base: other.url, headers: { Authorization: 'Bearer demo-token-slow' } }).catch((e) => e);
    await sleep(50);
    const t0 = Date.now();
    await other.close();
    const took = Date.now() - t0;
    assert.ok(took < 500, `close took ${took} ms`);
    assert.ok((await hanging) instanceof Error);
    assert.ok((await slow) instanceof Error);
    agent.destroy();
  });
});

describe('CLI', () => {
  function startCli(args) {
    const child = spawn(process.execPath, [SERVER_PATH, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const ready = new Promise((resolve, reject) => {
      child.stdout.on('data', () => {
        if (stdout.includes('\n')) resolve(stdout);
      });
      exited.then(() => reject(new Error(`exited early: ${stderr}`)));
    });
    ready.catch(() => {}); // awaited only by tests that expect the server to start
    return { child, ready, exited, out: () => stdout, err: () => stderr };
  }

  test('prints FAKE_KAKAO_URL, serves, exits 0 on SIGTERM', async () => {
    const cli = startCli(['--port', '0', '--origin', 'http://127.0.0.1:9999']);
    const line = await cli.ready;
    const m = /^FAKE_KAKAO_URL=(http:\/\/127\.0\.0\.1:(\d+))\n$/.exec(line);
    assert.ok(m, `stdout was ${JSON.stringify(line)}`);
    const fixture = await (await fetch(`${m[1]}/__fake/fixture`)).json();
    assert.ok(fixture.apps[0].origins.includes('http://127.0.0.1:9999'));
    const hanging = request('GET', CHANNELS, { base: m[1], headers: { 'X-Fake-Fault': 'hang' } }).catch((e) => e);
    await sleep(30);
    cli.child.kill('SIGTERM');
    assert.deepEqual(await cli.exited, { code: 0, signal: null });
    assert.ok((await hanging) instanceof Error);
    assert.equal(cli.out(), line, 'exactly one stdout line');
    assert.equal(cli.err(), '', 'quiet without --verbose');
  });

  test('--verbose logs requests to stderr; SIGINT exits 0', async () => {
    const cli = startCli(['--verbose']);
    const url = (await cli.ready).trim().split('=')[1];
    await fetch(`${url}/_Bxkd/friend`);
    await sleep(30);
    cli.child.kill('SIGINT');
    assert.deepEqual(await cli.exited, { code: 0, signal: null });
    assert.match(cli.err(), /GET \/_Bxkd\/friend → 200/);
  });

  test('bad arguments → exit 2 with usage', async () => {
    const cli = startCli(['--port', 'abc']);
    const { code } = await cli.exited;
    assert.equal(code, 2);
    assert.match(cli.err(), /usage:/);
  });
});
