// kapi: the relationship API, GET /v2/api/talk/channels (kakao-protocol.md §5.1, errors §5.4,
// quota §8) in both modes — `Authorization: Bearer {user token}` and `Authorization: KakaoAK
// {admin key}` with target_id_type=user_id & target_id — plus the kapi CORS filter and the JS-SDK
// domain check (user-needs.md §2.6–2.7).
// Exported for the other kapi routes (multi.mjs, customer-files.mjs): apiCors, apiPreflight,
// kakaoError, authenticate (Bearer), authenticateAdminKey (KakaoAK admin / REST API keys),
// enforceKeyRateLimit, channelsFor, parseChannelIds, sendRawJson.

import { allowedRequestHeaders, send, sendJson, sendText } from '../http-util.mjs';
import { relationshipJson, userIdKey } from '../json-exact.mjs';

export const RELATIONSHIP_PATH = '/v2/api/talk/channels';
// As kapi's CORS policy: at least the headers Kakao's SDK sends (kakao-protocol.md §10.3).
const API_ALLOWED_HEADERS = ['Authorization', 'KA', 'Content-Type', 'Cache-Control', 'Pragma'];
const API_ALLOWED_METHODS = 'GET, POST, OPTIONS';
const SCOPE = 'plusfriends';

/**
 * kapi answers cross-origin requests only for origins registered as "JavaScript SDK domain" of
 * some app: ACAO echoes that origin; anything else gets no ACAO and the browser's fetch fails.
 */
export function apiCors(ctx) {
  const { origin, state } = ctx;
  if (origin == null || !state.originRegistered(origin)) return {};
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

/** OPTIONS on a kapi path: 204 for registered origins, 403 without any CORS header otherwise. */
export function apiPreflight(ctx) {
  const { origin, state, req, res } = ctx;
  if (origin == null) return send(res, 204, { Allow: API_ALLOWED_METHODS });
  if (!state.originRegistered(origin)) return sendText(res, 403, 'Invalid CORS request');
  const headers = {
    'Access-Control-Allow-Origin': origin,
    Vary: 'Origin',
    'Access-Control-Allow-Methods': API_ALLOWED_METHODS,
    'Access-Control-Max-Age': '600',
  };
  const echoed = allowedRequestHeaders(req.headers['access-control-request-headers'], API_ALLOWED_HEADERS);
  if (echoed.length) headers['Access-Control-Allow-Headers'] = echoed.join(', ');
  return send(res, 204, headers);
}

/** Kakao's error shape (§5.4): HTTP status + {"msg", "code", ...extra}. */
export function kakaoError(ctx, status, code, msg, extra = {}, headers = {}) {
  sendJson(ctx.res, status, { msg, code, ...extra }, { ...apiCors(ctx), ...headers });
}

const INVALID_TOKEN = { 'WWW-Authenticate': 'Bearer error=invalid_token' };

/** Answers with a JSON text built by hand (exact user-id digits), like sendJson otherwise. */
export function sendRawJson(ctx, status, text, headers = {}) {
  send(ctx.res, status, { 'Content-Type': 'application/json;charset=UTF-8', ...apiCors(ctx), ...headers }, text);
}

const KAKAO_AK_RE = /^KakaoAK\s+(\S+)\s*$/i;

/** True when the request carries `Authorization: KakaoAK <key>` (the admin / REST API key modes). */
export function usesAppKey(ctx) {
  return KAKAO_AK_RE.test(String(ctx.req.headers.authorization ?? ''));
}

/**
 * Resolves `Authorization: Bearer <token>` to a fixture token, answering the -401 errors itself.
 * Returns the token, or null when an error was sent. (`KakaoAK` requests are routed to
 * authenticateAdminKey by the handlers before this is called.)
 */
export function authenticate(ctx) {
  const header = String(ctx.req.headers.authorization ?? '');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    kakaoError(ctx, 401, -401, 'this access token does not exist', {}, INVALID_TOKEN);
    return null;
  }
  const token = ctx.state.tokens.get(match[1]);
  if (!token) {
    kakaoError(ctx, 401, -401, 'this access token does not exist', {}, INVALID_TOKEN);
    return null;
  }
  if (token.expired) {
    kakaoError(ctx, 401, -401, 'this access token is already expired', {}, INVALID_TOKEN);
    return null;
  }
  return token;
}

/**
 * `Authorization: KakaoAK {key}` for server APIs (§5.1 admin-key mode, §5.3, §6). Resolves the key
 * to a fixture app's `adminKey` (or, with allowRestKey, its `restApiKey`) and answers -401 itself:
 *   no Authorization header                 401 {"msg":"no authentication key!","code":-401}
 *   another scheme (Bearer …)               401 {"msg":"this API needs an app key (Authorization: KakaoAK …)","code":-401}
 *   unknown key                             401 {"msg":"wrong appKey(<key as sent>) format","code":-401}
 *                                           (echoes the key, as Kakao does; SDKs must redact it)
 *   REST API key where only the admin key   401 {"msg":"this API needs the admin key, not the REST API key","code":-401}
 * Returns { app, key, kind: "admin"|"rest" } or null when an error was sent. No Origin check:
 * servers send none.
 */
export function authenticateAdminKey(ctx, { allowRestKey = false } = {}) {
  const header = String(ctx.req.headers.authorization ?? '');
  if (header.trim() === '') {
    kakaoError(ctx, 401, -401, 'no authentication key!');
    return null;
  }
  const scheme = /^KakaoAK(?:\s+(.*))?$/is.exec(header.trim());
  if (!scheme) {
    kakaoError(ctx, 401, -401, 'this API needs an app key (Authorization: KakaoAK …)');
    return null;
  }
  const key = (scheme[1] ?? '').trim();
  const found = ctx.state.appOfKey(key);
  if (!found) {
    kakaoError(ctx, 401, -401, `wrong appKey(${key}) format`);
    return null;
  }
  if (found.kind === 'rest' && !allowRestKey) {
    kakaoError(ctx, 401, -401, 'this API needs the admin key, not the REST API key');
    return null;
  }
  return { app: found.app, key, kind: found.kind };
}

/**
 * Per-key rate limit (POST /__fake/rate-limits), checked right after authentication on every
 * KakaoAK server API. Answers itself and returns true when the key is over its limit:
 *   mode "http429"  HTTP 429, Retry-After: <seconds until the window ends, ≥ 1>
 *   mode "kakao"    HTTP 400, no Retry-After (Kakao's documented quota answer, §8)
 * both with {"msg":"API limit has been exceeded.","code":-10}.
 */
export function enforceKeyRateLimit(ctx, key) {
  const limited = ctx.state.checkRateLimit(key);
  if (!limited) return false;
  if (limited.mode === 'kakao') kakaoError(ctx, 400, -10, 'API limit has been exceeded.');
  else kakaoError(ctx, 429, -10, 'API limit has been exceeded.', {}, { 'Retry-After': String(limited.retryAfter) });
  return true;
}

/**
 * channel_ids / channel_id_type (§5.1) against the channels connected to `app`. Returns the list
 * of public ids, or null after answering -2 / -819.
 */
export function parseChannelIds(ctx, params, app) {
  const idType = params.get('channel_id_type');
  if (idType !== null && idType !== 'channel_public_id') {
    kakaoError(ctx, 400, -2, `invalid channel_id_type: ${idType} (only channel_public_id is supported)`);
    return null;
  }
  // channel_ids omitted → every channel connected to the app (KO doc; SDKs omit it for "all").
  const connected = app?.channels ?? [];
  const raw = params.get('channel_ids');
  if (raw === null) return connected;
  const ids = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) {
    kakaoError(ctx, 400, -2, 'channel_ids must not be empty');
    return null;
  }
  const notConnected = ids.find((id) => !connected.includes(id));
  if (notConnected !== undefined) {
    kakaoError(ctx, 400, -819, `channel not connected to the app: ${notConnected}`);
    return null;
  }
  return ids;
}

/** The §5.1 channel objects of one user (canonical digits or a number) for the given channels. */
export function channelsFor(state, userId, ids) {
  return ids.map((id) => {
    const rel = state.relationOf(userId, id);
    const item = {
      channel_uuid: state.channels.get(id)?.uuid ?? null,
      channel_public_id: id,
      relation: rel.relation ?? 'NONE',
    };
    if (rel.relation && rel.relation !== 'NONE' && rel.updatedAt) item.updated_at = rel.updatedAt;
    return item;
  });
}

/** Query parameters plus (POST) a form body, as kapi reads them. */
export function kapiParams(ctx) {
  const params = new URLSearchParams(ctx.query);
  if (ctx.method === 'POST' && ctx.body) for (const [k, v] of new URLSearchParams(ctx.body)) params.append(k, v);
  return params;
}

/** target_id_type must be exactly "user_id" (§5.1 admin mode, §5.3); answers -2 and returns false otherwise. */
export function checkTargetIdType(ctx, params) {
  const type = params.get('target_id_type');
  if (type === 'user_id') return true;
  kakaoError(ctx, 400, -2, type === null ? 'target_id_type is required (user_id)' : `invalid target_id_type: ${type} (only user_id is supported)`);
  return false;
}

/** A target user id: 1–19 ASCII digits → canonical digits, else null. */
export function targetIdOf(text) {
  return typeof text === 'string' && /^\d{1,19}$/.test(text) ? userIdKey(text) : null;
}

/** Admin-key mode of GET|POST /v2/api/talk/channels: one user by target_id. */
function handleAdminChannels(ctx, params) {
  const auth = authenticateAdminKey(ctx);
  if (!auth) return;
  if (enforceKeyRateLimit(ctx, auth.key)) return;
  if (!checkTargetIdType(ctx, params)) return;
  const raw = params.get('target_id');
  if (raw === null || raw === '') return kakaoError(ctx, 400, -2, 'target_id is required');
  const userId = targetIdOf(raw.trim());
  if (userId === null) return kakaoError(ctx, 400, -2, `invalid target_id: ${raw} (1 to 19 digits)`);
  const ids = parseChannelIds(ctx, params, auth.app);
  if (!ids) return;
  sendRawJson(ctx, 200, relationshipJson(userId, channelsFor(ctx.state, userId, ids)));
}

/** The JS-SDK domain check (user-needs §2.7): an Origin the token's app does not list → -401. */
function checkDomain(ctx, app) {
  if (ctx.origin == null || ctx.state.appAllowsOrigin(app, ctx.origin)) return true;
  kakaoError(ctx, 401, -401, `domain mismatched! caller=${ctx.origin}`);
  return false;
}

function handleChannels(ctx) {
  const { state } = ctx;
  // kapi takes the parameters from the query string, or (POST) from a form body as well.
  const query = kapiParams(ctx);
  if (usesAppKey(ctx)) return handleAdminChannels(ctx, query);
  const token = authenticate(ctx);
  if (!token) return;
  const app = state.apps.get(token.appKey);
  if (!checkDomain(ctx, app)) return;

  // Quota (§8): HTTP 400, code -10, after the token's first `rateLimit` requests.
  if (state.countRequest(token)) return kakaoError(ctx, 400, -10, 'API limit has been exceeded.');

  // Consent item "plusfriends" missing → -402 with the scopes the SDK needs to ask for (§5.4).
  const scopes = Array.isArray(token.scopes) ? token.scopes : [];
  if (!scopes.includes(SCOPE)) {
    return kakaoError(ctx, 403, -402, `[${RELATIONSHIP_PATH}] insufficient scopes.`, {
      api_type: 'TALK_CHANNEL',
      required_scopes: [SCOPE],
      allowed_scopes: scopes,
    });
  }

  const ids = parseChannelIds(ctx, query, app);
  if (!ids) return;
  const userId = userIdKey(token.userId);
  sendRawJson(ctx, 200, relationshipJson(userId, channelsFor(state, userId, ids)));
}

export function register(router) {
  router.on('OPTIONS', RELATIONSHIP_PATH, apiPreflight, { cors: apiCors });
  router.on(['GET', 'POST'], RELATIONSHIP_PATH, handleChannels, { cors: apiCors });
}
