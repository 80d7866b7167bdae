// Whether init() has completed, and the NOT_INITIALIZED guard every entry point shares. This is
// the one home of NOT_INITIALIZED's check and text: it answers before the wasm module is loaded,
// and every call reaches the wasm through it (src/state.rs explains the wasm's own None check).
import { KakaoChannelError } from './errors.js';

let ready = false;

/** @internal */
export function setReady() {
  ready = true;
}

/** @returns {boolean} whether `init()` has completed. */
export function isInitialized() {
  return ready;
}

/** The NOT_INITIALIZED error for `name`, or null once init() has completed. @internal */
export function notReady(name) {
  if (ready) return null;
  return new KakaoChannelError(
    'NOT_INITIALIZED',
    `${name}() was called before init(). Call \`await init({ appKey })\` once on page load, before any other kakao-channel function.`,
  );
}

/** Throws NOT_INITIALIZED unless init() has completed. @internal */
export function assertReady(name) {
  const error = notReady(name);
  if (error) throw error;
}
