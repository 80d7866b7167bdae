// kauth: POST /api/agt (kakao-protocol.md §3.2) — trades an access token for a one-time
// "app guest token" that the follow page (routes/follow.mjs) consumes.
// kauth answers CORS with `Access-Control-Allow-Origin: *` (user-needs.md §2.7) but, as modelled
// here, refuses every preflight on /api/agt: 403 without any Access-Control-* header. Kakao's own
// SDK sends the agt POST as a CORS *simple* request (form body, only Content-Type
// application/x-www-form-urlencoded, no KA header; kakao-protocol.md §10.1), so it never
// preflights; an SDK that adds KA (or any non-simple header) fails in the browser. The request log
// says whether KA came (`ka`: its value, or null).
//
// Error codes (the real KOE codes for agt are undocumented; these are the fake's choice):
//   400 {"error":"invalid_request","error_code":"KOE002"}   client_id or access_token missing
//   401 {"error":"invalid_token","error_code":"KOE401"}     unknown / expired token, or a token
//                                                           of another app than client_id

import { randomBytes } from 'node:crypto';
import { sendJson, sendText } from '../http-util.mjs';

export const AGT_PATH = '/api/agt';

export const authCors = () => ({ 'Access-Control-Allow-Origin': '*' });

/** OPTIONS /api/agt: refused, whatever the origin or the requested headers. */
function preflight(ctx) {
  sendText(ctx.res, 403, 'Invalid CORS request');
}

function oauthError(ctx, status, error, description, code) {
  sendJson(ctx.res, status, { error, error_description: description, error_code: code }, authCors());
}

function handleAgt(ctx) {
  const form = new URLSearchParams(ctx.body ?? '');
  const clientId = form.get('client_id');
  const accessToken = form.get('access_token');
  if (!clientId || !accessToken) {
    return oauthError(ctx, 400, 'invalid_request', 'client_id and access_token are required.', 'KOE002');
  }
  const token = ctx.state.tokens.get(accessToken);
  if (!token) return oauthError(ctx, 401, 'invalid_token', 'access token not found.', 'KOE401');
  if (token.expired) return oauthError(ctx, 401, 'invalid_token', 'access token expired.', 'KOE401');
  if (token.appKey !== clientId) {
    return oauthError(ctx, 401, 'invalid_token', `access token was not issued to client_id ${clientId}.`, 'KOE401');
  }
  const agt = `agt-${randomBytes(16).toString('hex')}`;
  ctx.state.agts.set(agt, { userId: token.userId, appKey: token.appKey, used: false });
  sendJson(ctx.res, 200, { agt }, authCors());
}

export function register(router) {
  // POST first: its cors() is also what 405 answers on this path carry.
  router.on('POST', AGT_PATH, handleAgt, { cors: authCors });
  router.on('OPTIONS', AGT_PATH, preflight);
}
