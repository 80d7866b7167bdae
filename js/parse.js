// parseChannelId and safeParseChannelId over the wasm module's non-throwing outcome, shared by
// both entries. Rust decides (accepted, and where the ID is; or the code and message); the
// KakaoChannelError is made here, after the wasm call has returned: made while wasm frames are
// on the stack, V8 would symbolise every one of them for the error's stack trace.
import { KakaoChannelError } from './errors.js';

/**
 * A KakaoChannelError that is returned, never thrown (safeParseChannelId's): made without stack
 * frames, which would only point into the SDK and cost ten times the rest of the call (V8 walks
 * and records the stack when an Error is made). Code, message, name and `instanceof` are those of
 * any KakaoChannelError. Engines without `Error.stackTraceLimit` make it as usual.
 */
function unthrownError(code, message) {
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 0;
  } catch {
    // A locked-down realm (frozen Error): an ordinary error, then.
    return new KakaoChannelError(code, message);
  }
  try {
    return new KakaoChannelError(code, message);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Builds the pair for one entry.
 * @param {(input: unknown) => ({ ok: true, channelPublicId: string } | { ok: false, code: string, message: string })} outcome the wasm export
 * @param {(name: string) => KakaoChannelError | null} notReady the entry's NOT_INITIALIZED check
 * @internal
 */
export function channelIdParsers(outcome, notReady) {
  function parseChannelId(input) {
    const early = notReady('parseChannelId');
    if (early) throw early;
    const o = outcome(input);
    if (o.ok) return o.channelPublicId;
    throw new KakaoChannelError(o.code, o.message);
  }

  function safeParseChannelId(input) {
    try {
      const early = notReady('safeParseChannelId');
      if (early) return { ok: false, error: early };
      const o = outcome(input);
      return o.ok ? o : { ok: false, error: unthrownError(o.code, o.message) };
    } catch (cause) {
      // Only reachable when the JavaScript engine itself failed (out of memory) or the page
      // replaced built-ins the SDK relies on: still an answer, never a throw.
      return {
        ok: false,
        error: new KakaoChannelError(
          'INVALID_CHANNEL_ID',
          'The channel ID could not be checked in this page (the JavaScript engine failed). Try again, or reload the page.',
          { cause },
        ),
      };
    }
  }

  return { parseChannelId, safeParseChannelId };
}
