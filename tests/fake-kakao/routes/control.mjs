// The fake's own control API under /__fake/ (not Kakao): request log, faults, run-time tokens
// and origins, per-key rate limits, the per-path request counter, customer-file contents, the
// webhook sender, reset, fixture view. CORS fully open so the demo page and browser tests can call
// it from any origin. These calls are not written to the request log (nor counted in stats).

import { parseJsonBody, send, sendJson, sendText } from '../http-util.mjs';
import { normalizeFault } from '../faults.mjs';
import { isValidOrigin } from '../state.mjs';
import { userIdKey } from '../json-exact.mjs';
import { describeCustomerFiles } from './customer-files.mjs';
import { DEFAULT_EVENTS, MAX_PAD_BYTES, WEBHOOK_TIMEOUT_MS, sendWebhooks } from '../webhook.mjs';

export const controlCors = () => ({ 'Access-Control-Allow-Origin': '*' });

const ok = (ctx, status, value) => sendJson(ctx.res, status, value, controlCors(), 'application/json; charset=utf-8');
const bad = (ctx, message) => ok(ctx, 400, { error: message });

/** Runs fn(parsedBody); bad JSON or a thrown validation Error → 400 {"error": "..."}. */
function withJson(fn) {
  return (ctx) => {
    let input;
    try {
      input = parseJsonBody(ctx.body);
    } catch (err) {
      return bad(ctx, `invalid JSON body: ${err.message}`);
    }
    try {
      return fn(ctx, input);
    } catch (err) {
      return bad(ctx, err.message);
    }
  };
}

function preflight(ctx) {
  const h = ctx.req.headers;
  send(ctx.res, 204, {
    ...controlCors(),
    'Access-Control-Allow-Methods': h['access-control-request-method'] || 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': h['access-control-request-headers'] || '*',
    'Access-Control-Max-Age': '600',
  });
}

function listRequests(ctx) {
  const path = ctx.query.get('path');
  const since = Number(ctx.query.get('since') ?? 0) || 0;
  const requests = ctx.state.log.filter((e) => e.seq > since && (path === null || e.path === path));
  ok(ctx, 200, { requests });
}

function clearRequests(ctx) {
  ctx.state.log.length = 0;
  ok(ctx, 200, { ok: true });
}

const addFault = withJson((ctx, input) => {
  const fault = normalizeFault(input);
  ctx.state.faults.push(fault);
  ok(ctx, 201, { ok: true, fault });
});

function clearFaults(ctx) {
  ctx.state.faults.length = 0;
  ok(ctx, 200, { ok: true });
}

const addToken = withJson((ctx, input) => {
  const { token, userId, appKey, scopes = [], rateLimit, expired, label, fault } = input;
  if (typeof token !== 'string' || token === '') throw new Error('token must be a non-empty string');
  if (userIdKey(userId) === null) throw new Error('userId must be an integer (a safe integer, or a string of 1-19 digits)');
  if (!ctx.state.apps.has(appKey)) throw new Error(`appKey must be one of the fixture apps`);
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) throw new Error('scopes must be an array of strings');
  if (rateLimit !== undefined && (!Number.isInteger(rateLimit) || rateLimit < 0)) throw new Error('rateLimit must be an integer >= 0');
  if (fault !== undefined) normalizeFault(fault);
  const record = { token, userId, appKey, scopes, label: label ?? 'added at run time' };
  if (rateLimit !== undefined) record.rateLimit = rateLimit;
  if (expired) record.expired = true;
  if (fault !== undefined) record.fault = fault;
  ctx.state.addToken(record);
  ok(ctx, 201, { ok: true, token: record });
});

const addOrigin = withJson((ctx, input) => {
  if (!isValidOrigin(input.origin)) throw new Error('origin must look like http://127.0.0.1:8000 (scheme://host[:port])');
  ctx.state.addOrigin(input.origin);
  ok(ctx, 201, { ok: true, origins: ctx.state.runtimeOrigins });
});

export const RATE_LIMIT_MODES = ['http429', 'kakao'];

const addRateLimit = withJson((ctx, input) => {
  const { key, requests, windowMs = 1000, mode = 'http429' } = input;
  if (typeof key !== 'string' || key === '') throw new Error('key must be a non-empty string (a KakaoAK admin or REST API key)');
  if (!Number.isInteger(requests) || requests < 0) throw new Error('requests must be an integer >= 0');
  if (!Number.isInteger(windowMs) || windowMs < 1 || windowMs > 24 * 3600 * 1000) throw new Error('windowMs must be an integer in 1..86400000');
  if (!RATE_LIMIT_MODES.includes(mode)) throw new Error(`mode must be one of ${RATE_LIMIT_MODES.join(', ')}`);
  const limit = { key, requests, windowMs, mode, windowStart: null, count: 0 };
  ctx.state.rateLimits.set(key, limit);
  ok(ctx, 201, { ok: true, rateLimit: { key, requests, windowMs, mode } });
});

function listRateLimits(ctx) {
  const rateLimits = [...ctx.state.rateLimits.values()].map(({ key, requests, windowMs, mode, count }) => ({ key, requests, windowMs, mode, count }));
  ok(ctx, 200, { rateLimits });
}

function clearRateLimits(ctx) {
  ctx.state.rateLimits.clear();
  ok(ctx, 200, { ok: true });
}

function clearStats(ctx) {
  ctx.state.clearStats();
  ok(ctx, 200, { ok: true });
}

function customerFiles(ctx) {
  const channel = ctx.query.get('channel_public_id');
  if (channel !== null && !ctx.state.channels.has(channel)) return bad(ctx, `unknown channel: ${channel}`);
  ok(ctx, 200, describeCustomerFiles(ctx.state, channel));
}

/** POST /__fake/webhooks: runs sendWebhooks (webhook.mjs) and answers {"deliveries":[…]}. */
async function webhooks(ctx) {
  let input;
  try {
    input = parseJsonBody(ctx.body);
  } catch (err) {
    return bad(ctx, `invalid JSON body: ${err.message}`);
  }
  const { url, adminKey, events, duplicate = true, wrongKey = true, aliases = false, timeoutMs = WEBHOOK_TIMEOUT_MS, bigBodyBytes = 0 } = input;
  try {
    const target = new URL(String(url));
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error();
  } catch {
    return bad(ctx, 'url must be an http(s) URL');
  }
  if (adminKey !== undefined && (typeof adminKey !== 'string' || adminKey === '')) return bad(ctx, 'adminKey must be a non-empty string');
  if (events !== undefined && (!Array.isArray(events) || events.length === 0 || events.length > 100
    || !events.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e)))) {
    return bad(ctx, 'events must be an array of 1 to 100 objects');
  }
  for (const [name, value] of Object.entries({ duplicate, wrongKey, aliases })) {
    if (typeof value !== 'boolean') return bad(ctx, `${name} must be a boolean`);
  }
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 60000) return bad(ctx, 'timeoutMs must be an integer in 1..60000');
  if (!Number.isInteger(bigBodyBytes) || bigBodyBytes < 0 || bigBodyBytes > MAX_PAD_BYTES) return bad(ctx, `bigBodyBytes must be an integer in 0..${MAX_PAD_BYTES}`);
  const demo = ctx.state.apps.get('demo-javascript-key')?.adminKey
    ?? [...ctx.state.apps.values()].find((a) => a.adminKey !== undefined)?.adminKey;
  const deliveries = await sendWebhooks({
    url: String(url),
    adminKey: adminKey ?? demo ?? 'demo-admin-key',
    events: events ?? DEFAULT_EVENTS,
    duplicate,
    wrongKey,
    aliases,
    timeoutMs,
    bigBodyBytes,
  });
  ok(ctx, 200, { deliveries });
}

function reset(ctx) {
  ctx.state.reset();
  ok(ctx, 200, { ok: true });
}

// Every /__fake/ path except /__fake/no-content[/…] (a logged page route, see routes/bridge.mjs).
export const CONTROL_PREFIX = /^\/__fake(?:\/(?!no-content(?:\/|$))|$)/;

export function register(router) {
  const opts = { cors: controlCors };
  router.on('OPTIONS', CONTROL_PREFIX, preflight, opts);
  router.on('GET', '/__fake/requests', listRequests, opts);
  router.on('DELETE', '/__fake/requests', clearRequests, opts);
  router.on('GET', '/__fake/faults', (ctx) => ok(ctx, 200, { faults: ctx.state.faults }), opts);
  router.on('POST', '/__fake/faults', addFault, opts);
  router.on('DELETE', '/__fake/faults', clearFaults, opts);
  router.on('POST', '/__fake/tokens', addToken, opts);
  router.on('GET', '/__fake/origins', (ctx) => ok(ctx, 200, { origins: ctx.state.runtimeOrigins }), opts);
  router.on('POST', '/__fake/origins', addOrigin, opts);
  router.on('POST', '/__fake/reset', reset, opts);
  router.on('GET', '/__fake/fixture', (ctx) => ok(ctx, 200, ctx.state.describe()), opts);
  router.on('GET', '/__fake/rate-limits', listRateLimits, opts);
  router.on('POST', '/__fake/rate-limits', addRateLimit, opts);
  router.on('DELETE', '/__fake/rate-limits', clearRateLimits, opts);
  router.on('GET', '/__fake/stats', (ctx) => ok(ctx, 200, ctx.state.describeStats()), opts);
  router.on('DELETE', '/__fake/stats', clearStats, opts);
  router.on('GET', '/__fake/customer-files', customerFiles, opts);
  router.on('POST', '/__fake/webhooks', webhooks, opts);
  router.on('*', CONTROL_PREFIX, (ctx) => sendText(ctx.res, 404, 'not found', controlCors()), opts);
}
