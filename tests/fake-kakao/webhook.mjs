// Kakao Talk Channel webhook sender (kakao-protocol.md §7): real HTTP POSTs to a receiver, as
// Kakao sends them when a user adds or blocks a channel, for testing a server's webhook handler.
//   POST <url>
//   Authorization: KakaoAK <admin key>
//   X-Kakao-Resource-ID: <24 random alphanumerics>
//   User-Agent: KakaoOpenAPI/1.0
//   Content-Type: application/json
//   {"event":"added"|"blocked","id":"<user id as a string>","id_type":"app_user_id"|"open_id",
//    "channel_public_id":"_…","channel_uuid":"@…","updated_at":"<RFC 3339 UTC>"}
//   (aliases: true → the deprecated names plus_friend_public_id, plus_friend_uuid, timestamp)
// Redirects are not followed; no complete answer within timeoutMs (3 s, Kakao's limit) is a timeout.
// Also served by the control call POST /__fake/webhooks (routes/control.mjs).

import http from 'node:http';
import https from 'node:https';
import { randomInt } from 'node:crypto';

export const WEBHOOK_TIMEOUT_MS = 3000;
export const WEBHOOK_USER_AGENT = 'KakaoOpenAPI/1.0';
export const DEFAULT_ADMIN_KEY = 'demo-admin-key';
export const WRONG_ADMIN_KEY = 'wrong-admin-key-0000000000000000';

/** The default events: fixture users and channels of the demo app (README "Webhook sender"). */
export const DEFAULT_EVENTS = Object.freeze([
  Object.freeze({ event: 'added', id: '9223372036854775001', id_type: 'app_user_id', channel_public_id: '_ZeUTxl', channel_uuid: '@kakaochannel' }),
  Object.freeze({ event: 'blocked', id: '1001', id_type: 'app_user_id', channel_public_id: '_Bxkd', channel_uuid: '@bxkd' }),
]);

/** The largest padding sendWebhook adds (`padBytes`). */
export const MAX_PAD_BYTES = 64 * 1024 * 1024;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh X-Kakao-Resource-ID: 24 random alphanumerics, e.g. Rvy1c2dkzBAZ5hGD3rqYbxvr. */
export function newResourceId() {
  let id = '';
  for (let i = 0; i < 24; i += 1) id += ALNUM[randomInt(ALNUM.length)];
  return id;
}

/**
 * The JSON body of one delivery. `event` holds the current field names (event, id, id_type,
 * channel_public_id, channel_uuid, updated_at; other fields such as account_id pass through);
 * id becomes a string, id_type defaults to app_user_id, updated_at to now.
 */
export function webhookBody(event, { aliases = false } = {}) {
  if (event === null || typeof event !== 'object') throw new TypeError('event must be an object');
  const {
    event: kind,
    id,
    id_type: idType = 'app_user_id',
    channel_public_id: publicId,
    channel_uuid: uuid,
    updated_at: updatedAt,
    // deprecated spellings are accepted as input too
    plus_friend_public_id: aliasPublicId,
    plus_friend_uuid: aliasUuid,
    timestamp,
    ...rest
  } = event;
  const body = {
    event: kind,
    id: id === undefined || id === null ? id : String(id),
    id_type: idType,
  };
  const channelPublicId = publicId ?? aliasPublicId;
  const channelUuid = uuid ?? aliasUuid;
  const when = updatedAt ?? timestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (aliases) Object.assign(body, { plus_friend_public_id: channelPublicId, plus_friend_uuid: channelUuid, timestamp: when });
  else Object.assign(body, { channel_public_id: channelPublicId, channel_uuid: channelUuid, updated_at: when });
  return { ...body, ...rest };
}

/**
 * One delivery. `event` is an event (see webhookBody) — or, when it already is a body built by
 * webhookBody, it is sent as is (pass `prebuilt: true`). Never throws for network problems.
 * → { resourceId, event: <the body object>, authorization, duplicateOf, status, ms, timedOut[, error] }
 *   status: the HTTP status, or null when no answer (timeout, refused, reset)
 */
export async function sendWebhook({
  url,
  adminKey = DEFAULT_ADMIN_KEY,
  event,
  resourceId = newResourceId(),
  aliases = false,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
  prebuilt = false,
  authorization = 'valid',
  duplicateOf = null,
  padBytes = 0,
}) {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new TypeError(`webhook url must be http(s): ${url}`);
  if (!Number.isInteger(padBytes) || padBytes < 0 || padBytes > MAX_PAD_BYTES) throw new TypeError(`padBytes must be an integer in 0..${MAX_PAD_BYTES}`);
  const body = prebuilt ? event : webhookBody(event, { aliases });
  // padBytes: an extra "padding" field of that many bytes (a body far larger than any event).
  const payload = Buffer.from(JSON.stringify(padBytes ? { ...body, padding: 'x'.repeat(padBytes) } : body), 'utf8');
  const started = performance.now();
  const result = { resourceId, event: body, authorization, duplicateOf, status: null, ms: 0, timedOut: false, bytes: payload.length };

  await new Promise((resolve) => {
    let done = false;
    const finish = (extra = {}) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      Object.assign(result, extra, { ms: Math.round(performance.now() - started) });
      resolve();
    };
    const transport = target.protocol === 'https:' ? https : http;
    const req = transport.request(target, {
      method: 'POST',
      agent: false, // one connection per delivery, closed afterwards
      headers: {
        Authorization: `KakaoAK ${adminKey}`,
        'X-Kakao-Resource-ID': resourceId,
        'User-Agent': WEBHOOK_USER_AGENT,
        'Content-Type': 'application/json',
        'Content-Length': String(payload.length),
      },
    });
    const timer = setTimeout(() => {
      finish({ status: null, timedOut: true });
      req.destroy();
    }, timeoutMs);
    req.on('response', (res) => {
      // Redirects are answers like any other: not followed (Kakao: 3xx unsupported).
      res.resume(); // body ignored
      res.on('end', () => finish({ status: res.statusCode }));
      res.on('error', (err) => finish({ status: res.statusCode, error: err.message }));
    });
    req.on('error', (err) => finish({ error: err.code ?? err.message }));
    req.end(payload);
  });
  return result;
}

/**
 * One delivery and, while it is not answered 2xx (an error status, a timeout, no answer), up to
 * `redeliveries` more of the same body with the same X-Kakao-Resource-ID, `redeliverAfterMs`
 * apart: what a sender that retries does (Kakao documents no retry policy; this plays one).
 * Takes sendWebhook's options. → array of delivery results, the first delivery first; each
 * redelivery has `duplicateOf` = the resource id.
 */
export async function sendWebhookWithRedelivery({ redeliveries = 1, redeliverAfterMs = 100, ...options }) {
  if (!Number.isInteger(redeliveries) || redeliveries < 0 || redeliveries > 10) throw new TypeError('redeliveries must be an integer in 0..10');
  const resourceId = options.resourceId ?? newResourceId();
  const first = await sendWebhook({ ...options, resourceId });
  const attempts = [first];
  while (attempts.length <= redeliveries && !(attempts.at(-1).status >= 200 && attempts.at(-1).status < 300)) {
    await new Promise((resolve) => setTimeout(resolve, redeliverAfterMs));
    attempts.push(await sendWebhook({ ...options, event: first.event, prebuilt: true, resourceId, duplicateOf: resourceId }));
  }
  return attempts;
}

/**
 * Several deliveries, one after the other:
 *   1. each of `events` (default DEFAULT_EVENTS) with a fresh X-Kakao-Resource-ID and the valid key;
 *   2. duplicate: true → the first event again, same body and same X-Kakao-Resource-ID
 *      (duplicateOf = its resource id) — receivers must dedupe;
 *   3. wrongKey: true → the first event with a fresh resource id and a wrong admin key
 *      (authorization "wrong") — receivers must refuse it;
 *   4. bigBodyBytes: n > 0 → the first event with a fresh resource id and `n` bytes of padding
 *      (e.g. 5 MB) — receivers must refuse it (413) or cope with it quickly.
 * → array of delivery results (see sendWebhook).
 */
export async function sendWebhooks({
  url,
  adminKey = DEFAULT_ADMIN_KEY,
  events = DEFAULT_EVENTS,
  duplicate = true,
  wrongKey = true,
  aliases = false,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
  bigBodyBytes = 0,
}) {
  if (!Array.isArray(events) || events.length === 0) throw new TypeError('events must be a non-empty array');
  const bodies = events.map((event) => webhookBody(event, { aliases })); // validates all before sending
  const deliveries = [];
  for (const body of bodies) {
    deliveries.push(await sendWebhook({ url, adminKey, event: body, prebuilt: true, timeoutMs }));
  }
  const first = deliveries[0];
  if (duplicate) {
    deliveries.push(await sendWebhook({
      url, adminKey, event: first.event, prebuilt: true, timeoutMs, resourceId: first.resourceId, duplicateOf: first.resourceId,
    }));
  }
  if (wrongKey) {
    const wrong = adminKey === WRONG_ADMIN_KEY ? `${WRONG_ADMIN_KEY}-x` : WRONG_ADMIN_KEY;
    deliveries.push(await sendWebhook({ url, adminKey: wrong, event: first.event, prebuilt: true, timeoutMs, authorization: 'wrong' }));
  }
  if (bigBodyBytes > 0) {
    deliveries.push(await sendWebhook({ url, adminKey, event: first.event, prebuilt: true, timeoutMs, padBytes: bigBodyBytes }));
  }
  return deliveries;
}
