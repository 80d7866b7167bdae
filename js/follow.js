// followChannel: Kakao's in-page add-channel screen, reporting what the user did.
//
// The wasm module plans the call (options, environment, transaction ID, URLs) and judges every
// message; this file does what must be JS: the window (opened synchronously inside the click),
// the proxy iframe, the message listener and the timers, all removed again whatever happens.
import * as wasm from './wasm/kakao_channel.js';
import { assertReady } from './features.js';

/** How often a closed follow window is noticed, and how long a late answer may still arrive. */
const CLOSED_POLL_MS = 250;
const CLOSED_GRACE_MS = 400;

/**
 * Shows Kakao's add-channel screen (in a window opened from the click) and resolves with what the
 * user did: `success` (added), `fail` (cancelled) or `closed` (closed the window first).
 * @param {import('./follow.js').FollowChannelOptions} options
 * @returns {Promise<import('./follow.js').FollowChannelResult>}
 */
export function followChannel(options) {
  let plan;
  try {
    assertReady('followChannel');
    plan = wasm.followPlan(options, crypto.getRandomValues(new Uint8Array(128)));
  } catch (error) {
    return Promise.reject(error);
  }

  // The relay iframe first (Kakao's page posts its answer to opener.frames[transId]), then the
  // window, synchronously: a blank one when agt must be fetched before the final URL is known.
  const iframe = document.createElement('iframe');
  iframe.id = iframe.name = plan.transId;
  iframe.src = plan.proxyUrl;
  iframe.title = 'kakao-channel follow relay';
  iframe.setAttribute('aria-hidden', 'true');
  iframe.style.cssText = 'border:none;width:0;height:0;display:none;overflow:hidden';
  document.body.appendChild(iframe);
  let popup = null;
  try {
    popup = window.open(plan.agtUrl ? 'about:blank' : plan.url, 'follow_channel', plan.features);
  } catch {
    popup = null;
  }
  if (!popup) {
    iframe.remove();
    return Promise.reject(wasm.followError('blocked', 0));
  }

  return new Promise((resolve, reject) => {
    let settled = false;
    let closedAt = 0;
    const finish = (error, status) => {
      if (settled) return;
      settled = true;
      window.removeEventListener('message', onMessage);
      clearInterval(poll);
      clearTimeout(deadline);
      iframe.remove();
      if (error) {
        if (!popup.closed) popup.close();
        reject(error);
      } else {
        resolve({ channelPublicId: plan.channelPublicId, status });
      }
    };
    const onMessage = (event) => {
      let verdict;
      try {
        verdict = wasm.judgeFollowMessage(
          event.origin,
          plan.appsOrigin,
          event.source !== null && event.source === iframe.contentWindow,
          typeof event.data === 'string' ? event.data : undefined,
          plan.transId,
        );
      } catch (error) {
        finish(error);
        return;
      }
      if (verdict !== 'ignore') finish(null, verdict);
    };
    window.addEventListener('message', onMessage);
    const poll = setInterval(() => {
      if (!popup.closed) return;
      // The answer may still be on its way through the relay: give it a moment.
      if (!closedAt) closedAt = Date.now();
      else if (Date.now() - closedAt >= CLOSED_GRACE_MS) finish(null, 'closed');
    }, CLOSED_POLL_MS);
    const deadline = setTimeout(() => finish(wasm.followError('timeout', plan.timeoutMs)), plan.timeoutMs);

    if (plan.agtUrl) {
      fetch(plan.agtUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8', KA: plan.ka },
        body: plan.agtBody,
        credentials: 'omit',
        cache: 'no-store',
      })
        .then(async (response) => {
          const url = wasm.followUrlWithAgt(plan.url, response.status, await response.text(), plan.token);
          if (!settled && !popup.closed) popup.location.href = url;
        }, () => finish(wasm.followError('network', 0)))
        .catch((error) => finish(error));
    }
  });
}
