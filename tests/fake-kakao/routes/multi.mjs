// kapi: GET|POST /v2/api/talk/channels/multi (kakao-protocol.md §5.3) — the relationship of many
// users at once, admin key only.
//   Authorization: KakaoAK {admin key}      (Bearer, REST API key, unknown key → 401 -401)
//   target_id_type=user_id                  (else 400 -2)
//   target_ids=<comma-separated digits>     1..200 ids of 1–19 digits (0, > 200, a non-digit → 400 -2)
//   channel_ids, channel_id_type            as /v2/api/talk/channels (-2, -819)
// Checked in this order: auth (-401) → per-key rate limit (-10) → target_id_type → target_ids →
// channel_ids. 200: a top-level JSON array of {"user_id":<exact digits>,"channels":[…]}, one per
// distinct requested id, deliberately NOT in request order: sorted by descending numeric value, or
// ascending when the request already was in descending order — the SDK must match by user_id.

import {
  apiCors,
  apiPreflight,
  authenticateAdminKey,
  channelsFor,
  checkTargetIdType,
  enforceKeyRateLimit,
  kakaoError,
  kapiParams,
  parseChannelIds,
  sendRawJson,
  targetIdOf,
} from './relationship.mjs';
import { relationshipJson } from '../json-exact.mjs';

export const MULTI_PATH = '/v2/api/talk/channels/multi';
export const MAX_TARGET_IDS = 200;

/** Compares canonical digit strings numerically (no leading zeros: longer = bigger). */
export function compareDigits(a, b) {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Distinct ids in the answer's order: descending, or ascending if that equals the request order. */
export function answerOrder(requested) {
  const distinct = [...new Set(requested)];
  const descending = [...distinct].sort((a, b) => compareDigits(b, a));
  const same = descending.every((id, i) => id === distinct[i]);
  return same && distinct.length > 1 ? descending.reverse() : descending;
}

function handleMulti(ctx) {
  const params = kapiParams(ctx);
  const auth = authenticateAdminKey(ctx);
  if (!auth) return;
  if (enforceKeyRateLimit(ctx, auth.key)) return;
  if (!checkTargetIdType(ctx, params)) return;

  const raw = params.get('target_ids');
  if (raw === null || raw.trim() === '') return kakaoError(ctx, 400, -2, 'target_ids is required');
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.length > MAX_TARGET_IDS) {
    return kakaoError(ctx, 400, -2, `too many target_ids: ${parts.length} (max ${MAX_TARGET_IDS})`);
  }
  const ids = [];
  for (const part of parts) {
    const id = targetIdOf(part);
    if (id === null) return kakaoError(ctx, 400, -2, `invalid target_ids: ${JSON.stringify(part)} is not a user id (1 to 19 digits)`);
    ids.push(id);
  }

  const channelIds = parseChannelIds(ctx, params, auth.app);
  if (!channelIds) return;
  const items = answerOrder(ids).map((id) => relationshipJson(id, channelsFor(ctx.state, id, channelIds)));
  sendRawJson(ctx, 200, `[${items.join(',')}]`);
}

export function register(router) {
  router.on('OPTIONS', MULTI_PATH, apiPreflight, { cors: apiCors });
  router.on(['GET', 'POST'], MULTI_PATH, handleMulti, { cors: apiCors });
}
