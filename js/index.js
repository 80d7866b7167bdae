// kakao-channel: the browser entry.
//
// Importing this module touches no window or document and loads nothing, so it is safe in Node
// and during server-side rendering. `init()` loads the wasm module; every other function throws
// NOT_INITIALIZED until it has. Everything else happens in the wasm module.
import loadWasm, * as wasm from './wasm/kakao_channel.js';
import { KakaoChannelError, isKakaoChannelError } from './errors.js';
import { channelIdParsers } from './parse.js';
import { assertReady, isInitialized, notReady, setReady } from './ready.js';

export { KakaoChannelError, isKakaoChannelError, isInitialized };
export { defineChannelButton } from './element.js';

let loading = null;

/** Where the wasm module is: next to this file. A bundle without ES module semantics (esbuild's
 * default IIFE format) has no usable import.meta.url: say so instead of "Invalid URL". */
function wasmUrl() {
  if (typeof import.meta.url !== 'string' || !import.meta.url) {
    throw new KakaoChannelError(
      'UNSUPPORTED_ENVIRONMENT',
      "kakao-channel needs an ES module build: import.meta.url is empty here (e.g. esbuild's default IIFE format), so kakao_channel_bg.wasm cannot be found. " +
        'Bundle with esbuild --format=esm (or Vite, webpack) and serve the wasm next to the bundle.',
    );
  }
  // This exact pattern: bundlers (Vite, webpack, Turbopack) recognise it and emit the wasm.
  return new URL('./wasm/kakao_channel_bg.wasm', import.meta.url);
}

/** Node (SSR, tests) has no fetch for file: URLs: read the module from disk there. */
function nodeWasmBytes() {
  const proc = globalThis.process;
  if (typeof window !== 'undefined' || !proc || !proc.versions || !proc.versions.node) return null;
  const url = wasmUrl();
  if (url.protocol !== 'file:' || typeof proc.getBuiltinModule !== 'function') return null;
  const { readFileSync } = proc.getBuiltinModule('node:fs');
  const { fileURLToPath } = proc.getBuiltinModule('node:url');
  return readFileSync(fileURLToPath(url));
}

function load() {
  if (!loading) {
    loading = Promise.resolve()
      .then(() => loadWasm({ module_or_path: nodeWasmBytes() ?? wasmUrl() }))
      .catch((cause) => {
        loading = null;
        if (isKakaoChannelError(cause)) throw cause;
        throw new KakaoChannelError(
          'UNSUPPORTED_ENVIRONMENT',
          `kakao-channel could not load its WebAssembly module (${cause && cause.message ? cause.message : cause}). ` +
            'Serve kakao_channel_bg.wasm next to the package files (bundlers do this for you) and allow WebAssembly in your Content-Security-Policy.',
          { cause },
        );
      });
  }
  return loading;
}

/**
 * Loads the SDK and stores your app's settings. Call it once on page load (not inside a click
 * handler: the first call downloads the wasm module). Calling it again with the same options does
 * nothing; with other options it replaces them.
 *
 * @param {import('./index.js').InitOptions} options
 * @returns {Promise<void>}
 * @throws {KakaoChannelError} INVALID_ARGUMENT for a missing app key, an unknown lang or a bad host.
 */
export async function init(options) {
  await load();
  wasm.configure(options);
  setReady();
}

function guarded(name) {
  return function (...args) {
    assertReady(name);
    return wasm[name](...args);
  };
}

/** Like guarded(), for the functions that return a Promise: the guard rejects instead of throwing. */
function guardedAsync(name) {
  return function (...args) {
    try {
      assertReady(name);
    } catch (error) {
      return Promise.reject(error);
    }
    return wasm[name](...args);
  };
}

const parsers = channelIdParsers(wasm.parseChannelIdOutcome, notReady);

/**
 * Extracts the channel public ID from what a user pasted: `_ZeUTxl`, or a pf.kakao.com URL such
 * as `https://pf.kakao.com/_ZeUTxl/chat`. Surrounding white space is ignored.
 * @type {(input: string) => string}
 * @throws {KakaoChannelError} INVALID_CHANNEL_ID, SEARCH_ID_NOT_SUPPORTED (an `@name` search ID),
 * NOT_INITIALIZED.
 */
export const parseChannelId = parsers.parseChannelId;

/**
 * parseChannelId that never throws, for form validation on every keystroke: the same rules, and
 * on refusal (before init too) the very error parseChannelId would throw.
 * @type {(input: unknown) => ({ ok: true, channelPublicId: string } | { ok: false, error: KakaoChannelError })}
 */
export const safeParseChannelId = parsers.safeParseChannelId;
export const addChannelUrl = guarded('addChannelUrl');
export const chatChannelUrl = guarded('chatChannelUrl');
export const addChannel = guarded('addChannel');
export const chat = guarded('chat');
export const followChannel = guardedAsync('followChannel');
export const checkRelationship = guardedAsync('checkRelationship');
export const createAddChannelButton = guarded('createAddChannelButton');
export const createChatButton = guarded('createChatButton');
export const cleanup = guarded('cleanup');
