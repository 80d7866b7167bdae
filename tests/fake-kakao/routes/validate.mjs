// kapi: POST /v1/app/validate/sdk (kakao-protocol.md §2.3, §10.2) — the check Kakao's JS SDK makes
// before handing addChannel / chat over to the KakaoTalk app on a phone. On failure the SDK sends
// the tab to {pf}/{id}/sdk_error (routes/bridge.mjs).
//   Authorization: KakaoAK {JavaScript app key}   (+ KA, logged, not required)
//   form body quota_properties=<url-encoded JSON {"uri":"/sdk/channel/add"|"/sdk/channel/chat",
//                                                 "channel_public_id":"_xxx"}>
// Answers, checked in this order:
//   401 {"code":-401,"msg":"invalid app key"}   KakaoAK key missing / unknown, or any other scheme (Bearer)
//   401 {"code":-401,"msg":"domain mismatched! caller=<origin>"}   Origin present, not listed by that app
//   400 {"code":-2,...}     quota_properties missing, not a JSON object, uri not one of the two,
//                           channel_public_id missing
//   400 {"code":-541,...}   unknown channel
//   400 {"code":-819,...}   channel not connected to the app
//   200 {}
// CORS as every kapi route (apiCors / apiPreflight).

import { sendJson } from '../http-util.mjs';
import { apiCors, apiPreflight, kakaoError } from './relationship.mjs';

export const VALIDATE_PATH = '/v1/app/validate/sdk';
export const VALIDATE_URIS = ['/sdk/channel/add', '/sdk/channel/chat'];

/** The app of `Authorization: KakaoAK {key}`, or null after answering -401. */
function appOfKey(ctx) {
  const match = /^KakaoAK\s+(\S+)\s*$/i.exec(String(ctx.req.headers.authorization ?? ''));
  const app = match ? ctx.state.apps.get(match[1]) : undefined;
  if (!app) {
    kakaoError(ctx, 401, -401, 'invalid app key');
    return null;
  }
  return app;
}

/** {uri, channelId} from quota_properties, or null after answering -2. */
function quotaProperties(ctx, params) {
  const raw = params.get('quota_properties');
  const invalid = (why) => {
    kakaoError(ctx, 400, -2, `invalid quota_properties: ${why}`);
    return null;
  };
  if (raw === null || raw.trim() === '') return invalid('missing');
  let value;
  try {
    value = JSON.parse(raw);
  } catch {
    return invalid('not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return invalid('not a JSON object');
  if (!VALIDATE_URIS.includes(value.uri)) return invalid(`uri must be one of ${VALIDATE_URIS.join(', ')}`);
  if (typeof value.channel_public_id !== 'string' || value.channel_public_id === '') {
    return invalid('channel_public_id is required');
  }
  return { uri: value.uri, channelId: value.channel_public_id };
}

function handleValidate(ctx) {
  const { state } = ctx;
  // Like other kapi routes: query parameters, plus a form body.
  const params = new URLSearchParams(ctx.query);
  if (ctx.body) for (const [k, v] of new URLSearchParams(ctx.body)) params.append(k, v);

  const app = appOfKey(ctx);
  if (!app) return;
  if (ctx.origin != null && !state.appAllowsOrigin(app, ctx.origin)) {
    return kakaoError(ctx, 401, -401, `domain mismatched! caller=${ctx.origin}`);
  }
  const props = quotaProperties(ctx, params);
  if (!props) return;
  if (!state.channels.has(props.channelId)) return kakaoError(ctx, 400, -541, 'channel does not exist');
  if (!app.channels.includes(props.channelId)) {
    return kakaoError(ctx, 400, -819, `channel not connected to the app: ${props.channelId}`);
  }
  sendJson(ctx.res, 200, {}, apiCors(ctx));
}

export function register(router) {
  router.on('OPTIONS', VALIDATE_PATH, apiPreflight, { cors: apiCors });
  router.on('POST', VALIDATE_PATH, handleValidate, { cors: apiCors });
}
