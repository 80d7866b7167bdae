// kakao-channel: the browser entry.
//
// Importing this module touches no window or document and loads nothing, so it is safe in Node
// and during server-side rendering. `init()` loads the wasm module; every other function throws
// NOT_INITIALIZED until it has.
import loadWasm, * as wasm from './wasm/kakao_channel.js';
import { KakaoChannelError, isKakaoChannelError } from './errors.js';

export { KakaoChannelError, isKakaoChannelError };

let ready = false;
let loading = null;

function wasmUrl() {
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
  ready = true;
}

/** @returns {boolean} whether `init()` has completed. */
export function isInitialized() {
  return ready;
}

function assertReady(name) {
  if (!ready) {
    throw new KakaoChannelError(
      'NOT_INITIALIZED',
      `${name}() was called before init(). Call \`await init({ appKey })\` once on page load, before any other kakao-channel function.`,
    );
  }
}

function guarded(name) {
  return function (...args) {
    assertReady(name);
    return wasm[name](...args);
  };
}

export const parseChannelId = guarded('parseChannelId');
export const addChannelUrl = guarded('addChannelUrl');
export const chatChannelUrl = guarded('chatChannelUrl');
export const addChannel = guarded('addChannel');
export const chat = guarded('chat');
