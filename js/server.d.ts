// Types of the Node entry `kakao-channel/server`.
import type { ServerChannelLinkOptions } from './server-wasm/kakao_channel.js';

export type { Lang, ServerChannelLinkOptions } from './server-wasm/kakao_channel.js';
export { ErrorCode, KakaoChannelError, isKakaoChannelError } from './errors.js';

/**
 * Extracts the channel public ID (`_ZeUTxl`) from an ID or a pf.kakao.com URL, synchronously.
 * @throws {KakaoChannelError} `INVALID_CHANNEL_ID` or `SEARCH_ID_NOT_SUPPORTED`.
 */
export function parseChannelId(input: string): string;

/**
 * The channel's add page URL (`https://pf.kakao.com/{id}/friend`), with Kakao's bridge parameters
 * when `appKey` is given.
 * @throws {KakaoChannelError} `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`, `INVALID_ARGUMENT`.
 */
export function addChannelUrl(options: ServerChannelLinkOptions): string;

/**
 * The channel's 1:1 chat page URL (`https://pf.kakao.com/{id}/chat`), with Kakao's bridge
 * parameters when `appKey` is given.
 * @throws {KakaoChannelError} `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`, `INVALID_ARGUMENT`.
 */
export function chatChannelUrl(options: ServerChannelLinkOptions): string;
