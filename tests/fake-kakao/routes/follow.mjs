// apps.kakao.com: Follow Channel (kakao-protocol.md §3).
//   GET  /talk/channel/follow?app_key&channel_public_id&ka&trans_id[&agt]   the popup page (§3.1)
//   GET  /proxy?trans_id=…                                                  the relay iframe (§3.3)
//   POST /talk/channel/follow/confirm {ticket, action}   fake-only: what the page's buttons call
//
// Result transport (§3.3, as Kakao's web code does it): the follow page posts a JSON *string* to
// window.opener.frames[trans_id] (the proxy iframe the SDK added to its page) with targetOrigin =
// its own origin; the proxy accepts messages from its own origin only and relays them to its
// parent with parent.postMessage(data, '*'). Payloads (§3.4, §3.5):
//   {"status":"success"|"fail","channel_public_id":"_x","trans_id":"…"}
//   {"error_code":"KAE005","error_msg":"invalid channel.","trans_id":"…"}
//
// Variants selected by a fault (faults.mjs, kakao-protocol.md §10.1: the official SDK accepts
// answers from the apps origin whatever their source, and rejects on `code` as on `error_code`):
//   follow-from-window  the page posts with window.opener.postMessage(json, '*') itself
//   follow-code-error   posts {"code": kakaoCode, "msg", "trans_id"} at once, through the proxy
//   follow-status       Add / Cancel post {"status": followStatus, …} through the proxy (Add still
//                       sets the relation: only the answer is replaced)
// The page data (#follow-data) carries the choice: "transport" ("proxy" | "window") and
// "answer_status" (null, or the status text that replaces success / fail).

import { randomBytes } from 'node:crypto';
import { escapeHtml, isoNow, jsonForScript, parseJsonBody, sendHtml, sendJson } from '../http-util.mjs';
import { renderPage, renderParamTable } from '../html.mjs';
import { FOLLOW_PATH } from '../faults.mjs';
import { GUEST_USER_ID } from '../state.mjs';

const CONFIRM_PATH = '/talk/channel/follow/confirm';
// §3.1 / §10.1: 60 random chars; the official SDK draws them from the 66 URL-safe characters.
const TRANS_ID = /^[A-Za-z0-9._~-]{60}$/;

/** error_msg per KAE code (§3.5; the wording is the fake's, the meanings are Kakao's). */
export const KAE_MESSAGES = {
  KAE001: 'internal server error.',
  KAE002: 'invalid request.',
  KAE003: 'invalid parameter.',
  KAE004: 'validity period expired.',
  KAE005: 'invalid channel.',
  KAE006: 'channel cannot be added.',
  KAE007: 'unsupported environment.',
  KAE101: 'invalid app type.',
  KAE102: 'consent items are not configured.',
  KAE103: 'no permission.',
  KAE104: 'invalid app key.',
  KAE105: 'channel not connected to the app.',
  KAE108: 'app or developer is sanctioned.',
  KAE201: 'authentication failed.',
  KAE202: 'user not linked to the app.',
  KAE203: 'scope not agreed.',
  KAE204: 'terms not agreed.',
  KAE205: 'login required.',
  KAE206: 'invalid shipping address id.',
};

const kaeError = (code, transId) => ({
  error_code: code,
  error_msg: KAE_MESSAGES[code] ?? 'error.',
  trans_id: transId ?? '',
});

/** msg per numeric Kakao code (follow-code-error; wording is the fake's). */
const CODE_MESSAGES = {
  '-1': 'internal error.',
  '-2': 'invalid parameter.',
  '-401': 'invalid app key.',
  '-403': 'permission denied.',
  '-9798': 'service under maintenance.',
};

const codeError = (code, transId) => ({
  code,
  msg: CODE_MESSAGES[code] ?? `kakao error ${code}.`,
  trans_id: transId ?? '',
});

/** Validates the follow request; returns {error} or {app, channel, userId, viaAgt}. */
function validate(ctx) {
  const q = ctx.query;
  const appKey = q.get('app_key');
  const channelId = q.get('channel_public_id');
  const transId = q.get('trans_id');
  const agt = q.get('agt');
  if (!appKey || !channelId || !transId || !TRANS_ID.test(transId)) return { error: kaeError('KAE003', transId) };
  if (ctx.fault?.mode === 'follow-error') return { error: kaeError(ctx.fault.errorCode, transId) };
  if (ctx.fault?.mode === 'follow-code-error') return { error: codeError(ctx.fault.kakaoCode, transId) };
  const app = ctx.state.apps.get(appKey);
  if (!app) return { error: kaeError('KAE104', transId) };
  const channel = ctx.state.channels.get(channelId);
  if (!channel) return { error: kaeError('KAE005', transId) };
  if (!app.channels.includes(channelId)) return { error: kaeError('KAE105', transId) };
  let userId = GUEST_USER_ID;
  if (agt !== null) {
    // agt is one-time (§3.2): consumed by the first follow page that uses it.
    const record = ctx.state.agts.get(agt);
    if (!record || record.used || record.appKey !== appKey) return { error: kaeError('KAE201', transId) };
    record.used = true;
    userId = record.userId;
  }
  return { app, channel, userId, viaAgt: agt !== null, transId };
}

// Runs in the popup. Plain ES5-ish so it works in any test browser; reads its data from the
// JSON block (never from string-built script) and writes only with textContent.
const FOLLOW_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('follow-data').textContent);
  var statusEl = document.getElementById('follow-status');
  function show(text, isError) {
    statusEl.textContent = text;
    statusEl.className = isError ? 'error' : '';
  }
  var viaWindow = data.transport === 'window';
  function deliver(payload) {
    var json = JSON.stringify(payload);
    var target = null;
    try {
      if (!window.opener) {
        show('Cannot send the result: this page has no window.opener (open it as a popup from the SDK page). Result: ' + json, true);
        return false;
      }
      if (viaWindow) {
        target = window.opener;
      } else {
        if (!data.trans_id) {
          show('Cannot send the result: no trans_id. Result: ' + json, true);
          return false;
        }
        target = window.opener.frames[data.trans_id];
      }
    } catch (e) {
      show('Cannot reach the opener (' + e.message + '). Result: ' + json, true);
      return false;
    }
    if (!target) {
      show('Cannot send the result: the opener has no frame named "' + data.trans_id + '" (the SDK adds the proxy iframe before opening this popup). Result: ' + json, true);
      return false;
    }
    // proxy: the relay iframe is same-origin, so target it exactly; window: the opener is the SDK
    // page on another origin, so '*' (as a page that does not know its opener would).
    target.postMessage(json, viaWindow ? '*' : location.origin);
    show('result sent' + (viaWindow ? ' to window.opener' : '') + ': ' + json);
    setTimeout(function () { window.close(); }, 50);
    return true;
  }
  if (data.error) {
    deliver(data.error);
    return;
  }
  var add = document.getElementById('follow-add');
  var cancel = document.getElementById('follow-cancel');
  function confirm(action) {
    add.disabled = true;
    cancel.disabled = true;
    show('sending…');
    return fetch(data.confirm_path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ticket: data.ticket, action: action })
    })
      .then(function (r) { return r.json(); })
      .then(function (result) {
        if (!result.trans_id) result.trans_id = data.trans_id;
        if (data.answer_status != null && typeof result.status === 'string') result.status = data.answer_status;
        return deliver(result);
      })
      .catch(function () {
        return deliver({ error_code: 'KAE001', error_msg: 'internal server error.', trans_id: data.trans_id });
      });
  }
  add.addEventListener('click', function () { confirm('add'); });
  cancel.addEventListener('click', function () { confirm('cancel'); });
})();
`;

function handleFollow(ctx) {
  const result = validate(ctx);
  const paramTable = `<h2>Query parameters</h2>\n${renderParamTable(ctx.query)}`;
  const transport = ctx.fault?.mode === 'follow-from-window' ? 'window' : 'proxy';
  const answerStatus = ctx.fault?.mode === 'follow-status' ? ctx.fault.followStatus : null;
  let main;
  let data;
  if (result.error) {
    const { error } = result;
    data = { trans_id: error.trans_id, transport, answer_status: null, error };
    main = `<h1>채널 추가 — error</h1>
<p class="error" data-testid="follow-error"><code data-testid="follow-error-code">${escapeHtml(error.error_code ?? error.code)}</code>
  ${escapeHtml(error.error_msg ?? error.msg)}</p>`;
  } else {
    const { channel, userId, viaAgt, transId, app } = result;
    const ticket = randomBytes(12).toString('hex');
    ctx.state.tickets.set(ticket, { userId, appKey: app.appKey, channelId: channel.publicId, transId });
    data = {
      trans_id: transId,
      channel_public_id: channel.publicId,
      ticket,
      confirm_path: CONFIRM_PATH,
      transport,
      answer_status: answerStatus,
      error: null,
    };
    const rel = ctx.state.relationOf(userId, channel.publicId).relation ?? 'NONE';
    main = `<h1>채널 추가</h1>
<p><strong data-testid="follow-channel-name">${escapeHtml(channel.name ?? channel.publicId)}</strong>
  <span class="muted" data-testid="follow-channel-uuid">${escapeHtml(channel.uuid ?? '')}</span>
  (<code data-testid="follow-channel">${escapeHtml(channel.publicId)}</code>)</p>
<p>Logged in as: <span data-testid="follow-user">${viaAgt ? `user ${escapeHtml(userId)} (via agt)` : `guest (user ${escapeHtml(userId)})`}</span>;
  current relation: <code data-testid="follow-relation">${escapeHtml(rel)}</code></p>
<p><button id="follow-add" type="button">채널 추가</button><button id="follow-cancel" type="button">취소</button></p>
<p class="muted">trans_id <code data-testid="follow-trans-id">${escapeHtml(transId)}</code></p>`;
  }
  const transportNote =
    transport === 'window'
      ? 'window.opener.postMessage(result, "*") (fault follow-from-window)'
      : `window.opener.frames[trans_id].postMessage(result, origin)${answerStatus === null ? '' : ` with status ${JSON.stringify(answerStatus)} (fault follow-status)`}`;
  const body = `${main}
<p class="muted">Answer: <code data-testid="follow-transport" data-transport="${transport}">${escapeHtml(transportNote)}</code></p>
<p id="follow-status" data-testid="follow-status" role="status"></p>
${paramTable}
<script type="application/json" id="follow-data">${jsonForScript(data)}</script>
<script>${FOLLOW_SCRIPT}</script>`;
  sendHtml(ctx.res, 200, renderPage({ title: 'Fake Kakao — follow channel', bodyHtml: body }));
}

/** What the page's buttons call: Add sets the relation to ADDED; Cancel changes nothing. */
function handleConfirm(ctx) {
  let input;
  try {
    input = parseJsonBody(ctx.body);
  } catch {
    return sendJson(ctx.res, 400, kaeError('KAE002'));
  }
  const ticket = typeof input.ticket === 'string' ? ctx.state.tickets.get(input.ticket) : undefined;
  if (!ticket || !['add', 'cancel'].includes(input.action)) return sendJson(ctx.res, 400, kaeError('KAE002'));
  ctx.state.tickets.delete(input.ticket); // one answer per page
  if (input.action === 'add') ctx.state.setRelation(ticket.userId, ticket.channelId, 'ADDED', isoNow());
  sendJson(ctx.res, 200, {
    status: input.action === 'add' ? 'success' : 'fail',
    channel_public_id: ticket.channelId,
    trans_id: ticket.transId,
  });
}

const PROXY_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>proxy</title></head><body>
<script>
window.addEventListener('message', function (event) {
  if (event.origin !== location.origin) return;
  parent.postMessage(event.data, '*');
});
</script>
</body></html>
`;

function handleProxy(ctx) {
  sendHtml(ctx.res, 200, PROXY_PAGE);
}

export function register(router) {
  router.on('GET', FOLLOW_PATH, handleFollow);
  router.on('POST', CONFIRM_PATH, handleConfirm);
  router.on('GET', '/proxy', handleProxy);
}
