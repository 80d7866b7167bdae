// kapi: the relationship API, GET /v2/api/talk/channels (kakao-protocol.md §5.1, errors §5.4,
// quota §8), plus the kapi CORS filter and the JS-SDK domain check (user-needs.md §2.6–2.7).
// apiCors / apiPreflight / kakaoError / authenticate are exported for later kapi routes
// (/v2/api/talk/channels/multi, /v1/talkchannel/...).

import { allowedRequestHeaders, send, sendJson, sendText } from '../http-util.mjs';

export const RELATIONSHIP_PATH = '/v2/api/talk/channels';
const API_ALLOWED_HEADERS = ['Authorization', 'KA', 'Content-Type'];
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

/**
 * Resolves `Authorization: Bearer <token>` to a fixture token, answering the -401 errors itself.
 * Returns the token, or null when an error was sent.
 */
export function authenticate(ctx) {
  const header = String(ctx.req.headers.authorization ?? '');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    if (/^KakaoAK\s+\S+/i.test(header)) return authenticateAdminKey(ctx, header);
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
 * `Authorization: KakaoAK {admin key}` (§5.1 admin-key mode, target_id_type/target_id).
 * Not served yet: answered as an invalid key. Admin keys will be resolved here.
 */
function authenticateAdminKey(ctx) {
  kakaoError(ctx, 401, -401, 'this access token does not exist', {}, INVALID_TOKEN);
  return null;
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
  const query = new URLSearchParams(ctx.query);
  if (ctx.method === 'POST' && ctx.body) for (const [k, v] of new URLSearchParams(ctx.body)) query.append(k, v);
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

  const idType = query.get('channel_id_type');
  if (idType !== null && idType !== 'channel_public_id') {
    return kakaoError(ctx, 400, -2, `invalid channel_id_type: ${idType} (only channel_public_id is supported)`);
  }

  // channel_ids omitted → every channel connected to the app (KO doc; SDKs omit it for "all").
  const connected = app?.channels ?? [];
  let ids = connected;
  const raw = query.get('channel_ids');
  if (raw !== null) {
    ids = raw.split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.length === 0) return kakaoError(ctx, 400, -2, 'channel_ids must not be empty');
    const notConnected = ids.find((id) => !connected.includes(id));
    if (notConnected !== undefined) {
      return kakaoError(ctx, 400, -819, `channel not connected to the app: ${notConnected}`);
    }
  }

  const channels = ids.map((id) => {
    const rel = state.relationOf(token.userId, id);
    const item = {
      channel_uuid: state.channels.get(id)?.uuid ?? null,
      channel_public_id: id,
      relation: rel.relation ?? 'NONE',
    };
    if (rel.relation && rel.relation !== 'NONE' && rel.updatedAt) item.updated_at = rel.updatedAt;
    return item;
  });
  sendJson(ctx.res, 200, { user_id: token.userId, channels }, apiCors(ctx));
}

export function register(router) {
  router.on('OPTIONS', RELATIONSHIP_PATH, apiPreflight, { cors: apiCors });
  router.on(['GET', 'POST'], RELATIONSHIP_PATH, handleChannels, { cors: apiCors });
}
