// pf.kakao.com: the Add / Chat bridge pages, GET /{publicId}/friend and /{publicId}/chat
// (kakao-protocol.md §2.1). The real pages ask the user to continue in KakaoTalk and never report
// a result back; this fake only shows what it received, in a form tests can read:
//   data-testid="bridge-action"   "friend" | "chat"
//   data-testid="bridge-channel"  the public id from the path
//   <tr data-param="NAME"> … <td>decoded value</td>   one row per query parameter
//   data-testid="kakao-agent-part"  the kakao_agent value split on spaces (§2.2 KA format)
// GET /{publicId}/sdk_error: where Kakao's JS SDK sends the tab when POST /v1/app/validate/sdk
// refused the app hand-over (kakao-protocol.md §10.2): data-testid="sdk-error", "bridge-channel".
// Also: /__fake/no-content and /__fake/no-content/<anything> → 204, so a browser test can "navigate
// the current tab" there (e.g. pf host = {fake}/__fake/no-content) and stay on its page.

import { escapeHtml, send, sendHtml } from '../http-util.mjs';
import { renderPage, renderParamTable } from '../html.mjs';

const CHANNEL_ID = /^_[A-Za-z0-9]{1,31}$/;
const BRIDGE_PATH = /^\/([^/]+)\/(friend|chat)$/;
const SDK_ERROR_PATH = /^\/([^/]+)\/sdk_error$/;
const NO_CONTENT_PATH = /^\/__fake\/no-content(?:\/|$)/;

function notFound(ctx) {
  const body = `<h1>404</h1><p>No such channel page: <code>${escapeHtml(ctx.path)}</code></p>`;
  sendHtml(ctx.res, 404, renderPage({ title: 'Fake Kakao — not found', bodyHtml: body }));
}

function handleBridge(ctx) {
  const [id, action] = ctx.params;
  const verb = action === 'friend' ? 'add channel' : 'chat';
  if (!CHANNEL_ID.test(id)) return notFound(ctx);
  const channel = ctx.state.channels.get(id);
  const agent = ctx.query.get('kakao_agent');
  const agentParts = agent
    ? `<h2>kakao_agent, split on spaces</h2>\n<ul data-testid="kakao-agent">${agent
        .split(' ')
        .filter(Boolean)
        .map((part) => `<li data-testid="kakao-agent-part">${escapeHtml(part)}</li>`)
        .join('')}</ul>`
    : '';
  const body = `
<h1>${action === 'friend' ? '채널 추가' : '1:1 채팅'} — <span data-testid="bridge-action">${action}</span></h1>
<p>Channel <code data-testid="bridge-channel">${escapeHtml(id)}</code>:
  <strong data-testid="bridge-channel-name">${channel ? escapeHtml(channel.name) : '(unknown channel — not in the fixture)'}</strong>
  ${channel ? `<span class="muted">${escapeHtml(channel.uuid ?? '')}</span>` : ''}</p>
<p class="muted">Path: <code data-testid="bridge-path">${escapeHtml(ctx.path)}</code>.
  The real page would now offer to open KakaoTalk; no result is ever sent back.</p>
<h2>Query parameters</h2>
${renderParamTable(ctx.query)}
${agentParts}`;
  sendHtml(ctx.res, 200, renderPage({ title: `Fake Kakao — ${verb} ${id}`, bodyHtml: body }));
}

function handleSdkError(ctx) {
  const [id] = ctx.params;
  if (!CHANNEL_ID.test(id)) return notFound(ctx);
  const channel = ctx.state.channels.get(id);
  const body = `
<h1>채널 — <span data-testid="sdk-error">sdk_error</span></h1>
<p class="error">Kakao refused to hand this request over to KakaoTalk (the app-key / channel check
  <code>POST /v1/app/validate/sdk</code> failed).</p>
<p>Channel <code data-testid="bridge-channel">${escapeHtml(id)}</code>:
  <strong data-testid="bridge-channel-name">${channel ? escapeHtml(channel.name) : '(unknown channel — not in the fixture)'}</strong></p>
<p class="muted">Path: <code data-testid="bridge-path">${escapeHtml(ctx.path)}</code>.</p>
<h2>Query parameters</h2>
${renderParamTable(ctx.query)}`;
  sendHtml(ctx.res, 200, renderPage({ title: `Fake Kakao — sdk_error ${id}`, bodyHtml: body }));
}

function handleNoContent(ctx) {
  send(ctx.res, 204, { 'Cache-Control': 'no-store' });
}

export function register(router) {
  router.on('*', NO_CONTENT_PATH, handleNoContent);
  router.on('GET', BRIDGE_PATH, handleBridge);
  router.on('GET', SDK_ERROR_PATH, handleSdkError);
}
