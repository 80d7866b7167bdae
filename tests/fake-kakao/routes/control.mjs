// The fake's own control API under /__fake/ (not Kakao): request log, faults, run-time tokens
// and origins, reset, fixture view. CORS fully open so the demo page and browser tests can call
// it from any origin. These calls are not written to the request log.

import { parseJsonBody, send, sendJson, sendText } from '../http-util.mjs';
import { normalizeFault } from '../faults.mjs';
import { isValidOrigin } from '../state.mjs';

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
  if (!Number.isSafeInteger(userId)) throw new Error('userId must be an integer');
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
  router.on('*', CONTROL_PREFIX, (ctx) => sendText(ctx.res, 404, 'not found', controlCors()), opts);
}
