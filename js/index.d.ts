// Types of the browser entry `kakao-channel`. Function signatures and option/result shapes come
// from the wasm module's generated declarations; this file adds init, the custom element and the
// error class.

/**
 * The browser entry: everything a web page needs (never an admin key). Importing it during SSR or
 * in Node throws nothing and touches no `window`; call {@link init} once on page load, then the
 * rest.
 *
 * @example
 * ```ts
 * import { init, addChannel } from 'kakao-channel';
 *
 * await init({ appKey: 'YOUR_JAVASCRIPT_KEY' });
 * document.querySelector('#add')!.addEventListener('click', () => {
 *   addChannel({ channelPublicId: '_ZeUTxl' });
 * });
 * ```
 *
 * @module kakao-channel
 */

import type {
  addChannel,
  addChannelUrl,
  chat,
  chatChannelUrl,
  checkRelationship,
  followChannel,
  InitOptions,
} from './wasm/kakao_channel.js';

export type {
  AddChannelButtonOptions,
  ChannelButtonOptions,
  ChannelLinkOptions,
  ChannelRelationship,
  ChannelRelationships,
  ChatButtonOptions,
  CheckRelationshipOptions,
  FollowChannelOptions,
  FollowChannelResult,
  InitOptions,
  KakaoHosts,
  Lang,
  LaunchResult,
} from './wasm/kakao_channel.js';
export {
  addChannel,
  addChannelUrl,
  chat,
  chatChannelUrl,
  checkRelationship,
  cleanup,
  createAddChannelButton,
  createChatButton,
  followChannel,
} from './wasm/kakao_channel.js';
export { ErrorCode, KakaoChannelError, isKakaoChannelError, SafeParseChannelIdResult } from './errors.js';
import type { KakaoChannelError, SafeParseChannelIdResult } from './errors.js';

/**
 * Extracts the channel public ID from what a user pasted: `_ZeUTxl`, or a pf.kakao.com URL such
 * as `https://pf.kakao.com/_ZeUTxl/chat`. Surrounding white space is ignored.
 *
 * @returns the public ID, e.g. `_ZeUTxl`.
 * @throws {KakaoChannelError} `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED` for an `@name`
 * search ID, `NOT_INITIALIZED` before `init()`.
 * @example
 * ```ts
 * parseChannelId('  https://pf.kakao.com/_ZeUTxl/chat?from=qr '); // '_ZeUTxl'
 * parseChannelId('_ZeUTxl'); // '_ZeUTxl'
 * ```
 */
export function parseChannelId(input: string): string;

/**
 * `parseChannelId` that never throws (any value in, before `init()` too), for form validation on
 * every keystroke: accepts exactly what `parseChannelId` accepts, and on refusal carries the very
 * `KakaoChannelError` it would throw (`NOT_INITIALIZED` before `init()`).
 *
 * @example
 * ```ts
 * input.addEventListener('input', () => {
 *   const parsed = safeParseChannelId(input.value);
 *   input.setCustomValidity(parsed.ok ? '' : parsed.error.message);
 * });
 * ```
 */
export function safeParseChannelId(input: unknown): SafeParseChannelIdResult;

/**
 * Loads the SDK (its WebAssembly module) and stores your app's settings. Call it once on page
 * load, before anything else and not inside a click handler. Idempotent for the same options.
 *
 * @throws {KakaoChannelError} `INVALID_ARGUMENT` for a missing app key, an unknown `lang` or a
 * host that is not https (http only on loopback); `UNSUPPORTED_ENVIRONMENT` if the module cannot
 * be loaded.
 *
 * @example
 * ```ts
 * import { init } from 'kakao-channel';
 *
 * await init({ appKey: 'YOUR_JAVASCRIPT_KEY', lang: 'ko' });
 * ```
 */
export function init(options: InitOptions): Promise<void>;

/**
 * Whether `init()` has completed. Works before it, and during SSR.
 *
 * @example
 * ```ts
 * if (!isInitialized()) await init({ appKey: 'YOUR_JAVASCRIPT_KEY' });
 * ```
 */
export function isInitialized(): boolean;

/**
 * Registers a custom element (default `kakao-channel-button`) that renders a button from its
 * attributes and re-renders when they change:
 *
 * ```html
 * <kakao-channel-button channel-id="_ZeUTxl" action="chat" size="large" color="mono"
 *   shape="mobile" title="question" lang="en" support-multiple-densities></kakao-channel-button>
 * ```
 *
 * `action` is `add` (default), `chat` or `follow` (`followChannel`; looks and links like add).
 * The element dispatches `kakao-channel-result` (a `LaunchResult`, or the `FollowChannelResult`)
 * and `kakao-channel-error` (a `KakaoChannelError`, also for bad attributes) events. Idempotent;
 * does nothing where `customElements` is missing (SSR). Nothing is registered at import time.
 *
 * @param tagName the element's name; default `kakao-channel-button`.
 * @throws {KakaoChannelError} `NOT_INITIALIZED`.
 * @example
 * ```ts
 * await init({ appKey: 'YOUR_JAVASCRIPT_KEY' });
 * defineChannelButton();
 * document.addEventListener('kakao-channel-error', (e) => console.error((e as CustomEvent).detail));
 * ```
 */
export function defineChannelButton(tagName?: string): void;

/**
 * The browser entry's functions as the React and Vue bindings hand them out with their state
 * (`useKakaoChannel()` in `kakao-channel/react` and `kakao-channel/vue`).
 *
 * @example
 * ```ts
 * const { addChannel, safeParseChannelId }: KakaoChannelFunctions = useKakaoChannel();
 * ```
 */
export type KakaoChannelFunctions = {
  /** The browser entry's `addChannel`: call it inside a click handler. */
  addChannel: typeof addChannel;
  /** The browser entry's `chat`: call it inside a click handler. */
  chat: typeof chat;
  /** The browser entry's `followChannel`: call it inside a click handler. */
  followChannel: typeof followChannel;
  /** The browser entry's `checkRelationship`. */
  checkRelationship: typeof checkRelationship;
  /** The browser entry's `parseChannelId`. */
  parseChannelId: typeof parseChannelId;
  /** The browser entry's `safeParseChannelId` (for validating input as it is typed). */
  safeParseChannelId: typeof safeParseChannelId;
  /** The browser entry's `addChannelUrl`. */
  addChannelUrl: typeof addChannelUrl;
  /** The browser entry's `chatChannelUrl`. */
  chatChannelUrl: typeof chatChannelUrl;
};
