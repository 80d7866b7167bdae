// Fault injection: the failures a real network / a real Kakao outage produces, on demand.
// Sources, first match wins:
//   1. request header  X-Fake-Fault: <mode>  (+ X-Fake-Delay-Ms, X-Fake-Status, X-Fake-Error-Code,
//                      X-Fake-Kakao-Code, X-Fake-Follow-Status)
//   2. queued faults   POST /__fake/faults {path, mode, times, delayMs, status, errorCode, kakaoCode,
//                      followStatus}
//   3. the token's own fixture "fault" (e.g. demo-token-slow), for every request bearing it
// Faults never apply to OPTIONS (preflights) nor to /__fake/* control calls.

import { STATUS_CODES } from 'node:http';
import { send, sleep } from './http-util.mjs';

/**
 * Modes read by the follow page (routes/follow.mjs) from ctx.fault instead of answering here:
 *   follow-error        posts {"error_code": errorCode, …} at once (after the KAE003 check)
 *   follow-code-error   posts {"code": kakaoCode, "msg", "trans_id"} at once (after the KAE003 check)
 *   follow-status       Add / Cancel post {"status": followStatus, …} (a status the SDK does not know)
 *   follow-from-window  every answer goes to window.opener.postMessage(json, '*'), not the proxy frame
 * They apply to GET /talk/channel/follow only (their default path).
 */
export const FOLLOW_FAULT_MODES = ['follow-error', 'follow-code-error', 'follow-status', 'follow-from-window'];
export const FAULT_MODES = ['delay', 'status500', 'malformed', 'wrong-shape', 'reset', 'hang', ...FOLLOW_FAULT_MODES];
export const FOLLOW_PATH = '/talk/channel/follow';
const MAX_DELAY_MS = 10 * 60 * 1000;
const MAX_FOLLOW_STATUS_LENGTH = 200;

/** Validates a fault from a control call or header; returns a normalised copy or throws. */
export function normalizeFault(input) {
  const fault = { mode: input.mode };
  if (!FAULT_MODES.includes(fault.mode)) {
    throw new Error(`mode must be one of ${FAULT_MODES.join(', ')}`);
  }
  const path = input.path ?? (FOLLOW_FAULT_MODES.includes(fault.mode) ? FOLLOW_PATH : null);
  if (path !== null && (typeof path !== 'string' || !path.startsWith('/'))) throw new Error('path must start with "/"');
  fault.path = path;
  fault.times = intField(input.times, 1, 1, 1e6, 'times');
  fault.delayMs = intField(input.delayMs, 1000, 0, MAX_DELAY_MS, 'delayMs');
  fault.status = intField(input.status, 500, 400, 599, 'status');
  fault.errorCode = input.errorCode == null ? 'KAE001' : String(input.errorCode);
  if (!/^KAE\d{3}$/.test(fault.errorCode)) throw new Error('errorCode must look like KAE001');
  // Kakao's numeric error code (follow-code-error); "status" stays the HTTP status of status500.
  fault.kakaoCode = intField(input.kakaoCode, -401, -999999, 999999, 'kakaoCode');
  // The status text follow-status posts instead of "success" / "fail".
  fault.followStatus = input.followStatus == null || input.followStatus === '' ? 'error' : input.followStatus;
  if (typeof fault.followStatus !== 'string' || fault.followStatus.length > MAX_FOLLOW_STATUS_LENGTH) {
    throw new Error(`followStatus must be a string of at most ${MAX_FOLLOW_STATUS_LENGTH} characters`);
  }
  return fault;
}

function intField(value, fallback, min, max, name) {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer in ${min}..${max}`);
  return n;
}

/** Queued faults match an exact path, a "prefix*" path, or any path when path is null. */
function pathMatches(fault, path) {
  if (FOLLOW_FAULT_MODES.includes(fault.mode) && path !== FOLLOW_PATH) return false;
  if (fault.path === null) return true;
  if (fault.path.endsWith('*')) return path.startsWith(fault.path.slice(0, -1));
  return fault.path === path;
}

/** Picks (and, for queued faults, consumes) the fault for this request, or null. */
export function pickFault(ctx) {
  const { req, state, path } = ctx;
  const headerMode = req.headers['x-fake-fault'];
  if (headerMode) {
    try {
      return normalizeFault({
        mode: String(headerMode).trim(),
        path,
        delayMs: req.headers['x-fake-delay-ms'],
        status: req.headers['x-fake-status'],
        errorCode: req.headers['x-fake-error-code'],
        kakaoCode: req.headers['x-fake-kakao-code'],
        followStatus: req.headers['x-fake-follow-status'],
      });
    } catch {
      // an unknown mode in a header is ignored (the request is still logged with the header)
    }
  }
  const index = state.faults.findIndex((f) => pathMatches(f, path));
  if (index >= 0) {
    const fault = state.faults[index];
    fault.times -= 1;
    if (fault.times <= 0) state.faults.splice(index, 1);
    return fault;
  }
  const token = ctx.tokenValue ? state.tokens.get(ctx.tokenValue) : null;
  if (token?.fault) {
    try {
      return normalizeFault(token.fault);
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Applies a fault. Returns true when the request is finished (answered, reset or left hanging),
 * false when the normal handler must still run (after a delay; the follow-* modes are read by
 * the follow route from ctx.fault).
 */
export async function applyFault(ctx, fault, corsHeaders = {}) {
  const { req, res } = ctx;
  switch (fault.mode) {
    case 'delay': {
      const completed = await sleep(fault.delayMs, ctx.signal);
      return !completed || res.destroyed;
    }
    case 'status500':
      // An upstream/gateway error page: HTML, not JSON, but with CORS so the browser can read it.
      send(res, fault.status, { 'Content-Type': 'text/html; charset=utf-8', ...corsHeaders },
        `<html><body><h1>${fault.status} ${STATUS_CODES[fault.status] ?? 'Error'}</h1></body></html>`);
      return true;
    case 'malformed':
      send(res, 200, { 'Content-Type': 'application/json', ...corsHeaders }, '{"user_id": 1001, "channels": [');
      return true;
    case 'wrong-shape':
      send(res, 200, { 'Content-Type': 'application/json', ...corsHeaders }, '{"hello":"world"}');
      return true;
    case 'reset':
      // RST without any answer: the client sees ECONNRESET / "fetch failed".
      if (typeof req.socket.resetAndDestroy === 'function') req.socket.resetAndDestroy();
      else req.socket.destroy();
      return true;
    case 'hang':
      // Never answer; close() of the server destroys the socket.
      return true;
    case 'follow-error':
    case 'follow-code-error':
    case 'follow-status':
    case 'follow-from-window':
      ctx.fault = fault;
      return false;
    default:
      return false;
  }
}
