// KakaoChannelError: the one error type every kakao-channel failure arrives as.
// This file is imported by the wasm module (Rust builds its errors with createError) and
// re-exported by both package entries, so `instanceof` sees one class.

const BRAND = Symbol.for('kakao-channel.KakaoChannelError');

/**
 * A kakao-channel failure. `code` is stable (see the README's error table); `message` says what
 * happened and what to do. Kakao's own details ride along when Kakao answered.
 */
export class KakaoChannelError extends Error {
  /**
   * @param {string} code stable error code, e.g. 'INVALID_CHANNEL_ID'
   * @param {string} message what happened and what to do
   * @param {{ status?: number, kakaoCode?: number | string, requiredScopes?: string[], cause?: unknown }} [details]
   */
  constructor(code, message, details) {
    super(message, details && details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = 'KakaoChannelError';
    this.code = code;
    if (details) {
      if (details.status !== undefined) this.status = details.status;
      if (details.kakaoCode !== undefined) this.kakaoCode = details.kakaoCode;
      if (details.requiredScopes !== undefined) this.requiredScopes = details.requiredScopes;
    }
  }

  /** `instanceof` also recognises errors made by another copy of this class (the package ships
   * one per wasm build, and apps sometimes bundle two versions). */
  static [Symbol.hasInstance](value) {
    return isKakaoChannelError(value);
  }
}

// The brand lives on the prototype, where every instance reads it: defining it on each error
// cost about 0.2 µs per error in Chromium (parseChannelId makes one per refused input). A
// null-prototype descriptor: a polluted Object.prototype.get / .set must not break the class.
Object.defineProperty(KakaoChannelError.prototype, BRAND, { __proto__: null, value: true });

/**
 * True for any KakaoChannelError, including one made by another copy of this package.
 * @param {unknown} value
 * @returns {value is KakaoChannelError}
 */
export function isKakaoChannelError(value) {
  try {
    return typeof value === 'object' && value !== null && value[BRAND] === true;
  } catch {
    // A Proxy whose get trap throws, or a revoked one: not ours. A type guard never throws.
    return false;
  }
}

/** Used by the wasm module. @internal */
export function createError(code, message, status, kakaoCode, requiredScopes) {
  return new KakaoChannelError(code, message, { status, kakaoCode, requiredScopes });
}

/** Used by the wasm module: parseChannelId found the ID at `input.slice(start, end)`. @internal */
export function parsedAt(input, start, end) {
  return { ok: true, channelPublicId: input.slice(start, end) };
}

/** Used by the wasm module: parseChannelId decoded the ID from the URL. @internal */
export function parsedId(id) {
  return { ok: true, channelPublicId: id };
}

/** Used by the wasm module: parseChannelId refused the input (the package's JS makes the
 * KakaoChannelError once the wasm call has returned). @internal */
export function parseRefused(code, message) {
  return { ok: false, code, message };
}
