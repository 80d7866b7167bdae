// kakao-channel/server: the Node entry (Node >= 20). Synchronous: the wasm module is instantiated
// from disk when this module is imported. Never import it in a browser bundle.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  initSync,
  KakaoChannelAdmin,
  parseChannelIdOutcome,
  serverAddChannelUrl,
  serverChatChannelUrl,
  verifyWebhook as verify,
} from './server-wasm/kakao_channel.js';
import { KakaoChannelError, isKakaoChannelError } from './errors.js';
import { channelIdParsers } from './parse.js';

export { KakaoChannelAdmin, KakaoChannelError, isKakaoChannelError };
export { memoryDedupe, redisDedupe, webhookHandler, webhookMiddleware } from './webhook.js';
import './stream.js'; // adds KakaoChannelAdmin.prototype.relationships

// A path, not `new URL('./…', import.meta.url)`: bundlers (Next.js's server build) turn that
// pattern into an asset URL that readFileSync cannot open.
const here = dirname(fileURLToPath(import.meta.url));
initSync({ module: readFileSync(join(here, 'server-wasm', 'kakao_channel_bg.wasm')) });

// A method called on something that is not a live KakaoChannelAdmin (a detached
// `const { checkRelationships } = admin`, a freed instance) would throw the generated glue's
// plain "null pointer passed to rust" synchronously: reject with a KakaoChannelError instead.
for (const name of ['checkRelationship', 'checkRelationships', 'createCustomerFile', 'listCustomerFiles', 'addCustomerUsers', 'deleteCustomerUsers']) {
  const method = KakaoChannelAdmin.prototype[name];
  const guarded = {
    [name](options) {
      try {
        // Checked here so the glue never enters wasm with a null pointer (`__wbg_ptr` is the
        // pinned wasm-bindgen glue's; if it is ever renamed, the catch below still answers).
        if (!(this instanceof KakaoChannelAdmin) || this.__wbg_ptr === 0) throw new TypeError('not a live KakaoChannelAdmin');
        return method.call(this, options);
      } catch (cause) {
        if (isKakaoChannelError(cause)) return Promise.reject(cause);
        return Promise.reject(
          new KakaoChannelError(
            'INVALID_ARGUMENT',
            `${name}() must be called on a live KakaoChannelAdmin, as admin.${name}(…): not as a detached function, nor after free().`,
            { cause },
          ),
        );
      }
    },
  }[name];
  Object.defineProperty(KakaoChannelAdmin.prototype, name, { value: guarded, writable: true, configurable: true });
}

// No init here: the module is instantiated on import.
const parsers = channelIdParsers(parseChannelIdOutcome, () => null);

/**
 * Extracts the channel public ID (`_ZeUTxl`) from an ID or pf.kakao.com URL. Same rules as the
 * browser entry; no init needed.
 * @param {string} input
 * @returns {string}
 * @throws {KakaoChannelError} INVALID_CHANNEL_ID, or SEARCH_ID_NOT_SUPPORTED for an `@name` search ID.
 */
export const parseChannelId = parsers.parseChannelId;

/**
 * parseChannelId that never throws, for form validation on every keystroke: the same rules, and
 * on refusal the very error parseChannelId would throw.
 * @param {unknown} input
 * @returns {{ ok: true, channelPublicId: string } | { ok: false, error: KakaoChannelError }}
 */
export const safeParseChannelId = parsers.safeParseChannelId;

/**
 * The channel's add page URL, for emails, QR codes and server-rendered links.
 * @param {import('./server.js').ServerChannelLinkOptions} options
 * @returns {string}
 */
export function addChannelUrl(options) {
  return serverAddChannelUrl(options);
}

/**
 * The channel's 1:1 chat page URL, for emails, QR codes and server-rendered links.
 * @param {import('./server.js').ServerChannelLinkOptions} options
 * @returns {string}
 */
export function chatChannelUrl(options) {
  return serverChatChannelUrl(options);
}

/**
 * Verifies a Kakao Talk Channel webhook delivery and returns its event: the `Authorization`
 * header must be `KakaoAK {adminKey}` (compared in constant time), the body the raw JSON text
 * Kakao posted. Throws only `KakaoChannelError`: `WEBHOOK_UNAUTHORIZED` (answer 401),
 * `INVALID_WEBHOOK` (answer 400) or `INVALID_ARGUMENT` (no `adminKey`).
 * @param {import('./server.js').WebhookRequest} request
 * @param {import('./server.js').VerifyWebhookOptions} options
 * @returns {import('./server.js').WebhookEvent}
 */
export function verifyWebhook(request, options) {
  try {
    return verify(request, options);
  } catch (err) {
    if (isKakaoChannelError(err)) throw err;
    // Only reachable if the JavaScript engine itself failed (e.g. out of memory).
    throw new KakaoChannelError('INVALID_WEBHOOK', 'The webhook request could not be read. Answer 400.', { cause: err });
  }
}
