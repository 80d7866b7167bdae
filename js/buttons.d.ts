// Types of js/buttons.js (in the full build; see js/features.js).
import type { Lang } from './wasm/kakao_channel.js';

/** Options shared by both buttons. The container's `data-` attributes (`data-channel-public-id`,
 *  `data-size`, `data-support-multiple-densities`, `data-lang`, and for chat `data-color`,
 *  `data-shape`, `data-title`) override them; `"true"` / `"false"` are booleans there. */
export type ChannelButtonOptions = {
  /** The element to append the button to, or its id (`'kakao-btn'` or `'#kakao-btn'`). */
  container: HTMLElement | string;
  /** The channel's public ID (`_ZeUTxl`) or its URL (`https://pf.kakao.com/_ZeUTxl`). May come
   *  from `data-channel-public-id` instead. */
  channelPublicId: string;
  /** Image size. Default `small`. */
  size?: 'small' | 'large';
  /** Adds a `srcset` with Kakao's 2x and 3x images. Default `false`. */
  supportMultipleDensities?: boolean;
  /** Language of Kakao's page (not of the image); defaults to `init`'s `lang`. */
  lang?: Lang;
};

/** Options of `createAddChannelButton` (the image is always yellow). */
export type AddChannelButtonOptions = ChannelButtonOptions;

/** Options of `createChatButton`. */
export type ChatButtonOptions = ChannelButtonOptions & {
  /** Default `yellow`. */
  color?: 'yellow' | 'mono';
  /** `pc`: wide, with text; `mobile`: compact. Default `pc`. */
  shape?: 'pc' | 'mobile';
  /** Button text: 상담하기 (`consult`, default) or 문의하기 (`question`). */
  title?: 'consult' | 'question';
};

/**
 * Appends Kakao's add-channel button (`<a class="kakao-channel-button"><img></a>`) to the
 * container. The link is the channel's add page (`addChannelUrl`), so it works without
 * JavaScript and with a middle-click; a click opens it with `addChannel`, inside the click.
 * Errors in the click arrive as a `kakao-channel-error` event on the link (it bubbles), results
 * as `kakao-channel-result` (the `LaunchResult`).
 *
 * Images come from Kakao (`https://developers.kakao.com/assets/img/about/logos/channel/`), or,
 * when `init`'s `hosts.pf` is not Kakao's, from `{pf}/assets/img/about/logos/channel/`.
 *
 * @throws {KakaoChannelError} `NOT_INITIALIZED`, `INVALID_ARGUMENT` (no container, an id no
 * element has, a bad `size`, `lang` or `supportMultipleDensities`), `INVALID_CHANNEL_ID`,
 * `SEARCH_ID_NOT_SUPPORTED`.
 */
export function createAddChannelButton(options: AddChannelButtonOptions): void;

/**
 * Appends Kakao's 1:1 chat button to the container; a click opens the chat page with `chat`.
 * See `createAddChannelButton` for the link, the events and the images.
 *
 * @throws {KakaoChannelError} `NOT_INITIALIZED`, `INVALID_ARGUMENT` (also a bad `color`, `shape`
 * or `title`), `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`.
 */
export function createChatButton(options: ChatButtonOptions): void;

/** Removes every button this SDK created (custom elements' included) and its click listener.
 *  @throws {KakaoChannelError} `NOT_INITIALIZED`. */
export function cleanup(): void;

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
 * @throws {KakaoChannelError} `NOT_INITIALIZED`.
 */
export function defineChannelButton(tagName?: string): void;
