// Browser features built and tested, but not yet part of the package's browser entry: with them
// the download passes the 20,000 B gzip budget (see README "Performance"). The full build
// (`node scripts/build.mjs --full`, build/full/) re-exports them from its index.js; the demo and
// the browser tests use that build. It re-exports the public names only (see scripts/build.mjs),
// so assertReady stays internal.
import * as wasm from './wasm/kakao_channel.js';
import { KakaoChannelError } from './errors.js';
import { isInitialized } from './index.js';

/** NOT_INITIALIZED unless init() has completed; shared by the feature modules. @internal */
export function assertReady(name) {
  if (!isInitialized()) {
    throw new KakaoChannelError(
      'NOT_INITIALIZED',
      `${name}() was called before init(). Call \`await init({ appKey })\` once on page load, before any other kakao-channel function.`,
    );
  }
}

// checkRelationship: the wasm module validates the options, describes the request and decodes the
// answer; this loop only runs fetch (JS, because wasm-bindgen-futures alone would cost the
// download ~5 KB gzip). Identical concurrent calls (same token and channels) share one request;
// each caller keeps its own AbortSignal.
const inflight = new Map();

/**
 * Asks Kakao whether the logged-in user ADDED, BLOCKED or has NONE relation with channels.
 * @param {import('./index.js').CheckRelationshipOptions} options
 * @returns {Promise<import('./index.js').ChannelRelationships>}
 */
export async function checkRelationship(options) {
  assertReady('checkRelationship');
  if (options === null || typeof options !== 'object') {
    throw new KakaoChannelError('INVALID_ARGUMENT', 'checkRelationship() takes an options object, e.g. { accessToken }.');
  }
  const request = wasm.relationshipRequest(options);
  const signal = options.signal;
  if (signal !== undefined && signal !== null && !(signal instanceof AbortSignal)) {
    throw new KakaoChannelError('INVALID_ARGUMENT', 'checkRelationship(): signal must be an AbortSignal.');
  }
  if (signal && signal.aborted) throw wasm.requestFailure('aborted', 0);
  let shared = inflight.get(request.key);
  if (!shared) {
    shared = startRequest(request);
    inflight.set(request.key, shared);
    shared.promise.then(
      () => inflight.delete(request.key),
      () => inflight.delete(request.key),
    );
  }
  shared.callers++;
  return new Promise((resolve, reject) => {
    let done = false;
    const onAbort = () => {
      if (done) return;
      done = true;
      reject(wasm.requestFailure('aborted', 0));
      if (--shared.callers === 0) shared.controller.abort();
    };
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    shared.promise.then(
      (value) => {
        if (signal) signal.removeEventListener('abort', onAbort);
        if (!done) {
          done = true;
          resolve(value);
        }
      },
      (error) => {
        if (signal) signal.removeEventListener('abort', onAbort);
        if (!done) {
          done = true;
          reject(error);
        }
      },
    );
  });
}

function startRequest(request) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const shared = { controller, callers: 0, promise: null };
  shared.promise = runRequest(request, controller.signal, () => timedOut).finally(() => clearTimeout(timer));
  return shared;
}

async function runRequest(request, signal, timedOut) {
  const token = request.authorization.slice(7);
  for (let attempt = 0; ; attempt++) {
    let status = 0;
    let body = '';
    try {
      const response = await fetch(request.url, {
        headers: { Authorization: request.authorization, KA: request.ka },
        signal,
        credentials: 'omit',
        cache: 'no-store',
      });
      status = response.status;
      body = await response.text();
    } catch {
      if (timedOut()) throw wasm.requestFailure('timeout', request.timeoutMs);
      if (signal.aborted) throw wasm.requestFailure('aborted', 0);
      status = 0;
    }
    const delay = wasm.retryDelay(attempt, status, Math.random());
    if (delay >= 0) {
      await new Promise((resolve) => {
        const t = setTimeout(resolve, delay);
        signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      });
      if (timedOut()) throw wasm.requestFailure('timeout', request.timeoutMs);
      if (signal.aborted) throw wasm.requestFailure('aborted', 0);
      continue;
    }
    if (status === 0) throw wasm.requestFailure('network', 0);
    return wasm.relationshipResponse(status, body, token);
  }
}

export { followChannel } from './follow.js';
export * from './buttons.js';
