// Types of js/follow.js (in the full build; see js/features.js).

/** Options of `followChannel`. */
export type FollowChannelOptions = {
  /** The channel's public ID (`_ZeUTxl`) or its URL. */
  channelPublicId: string;
  /** The user's Kakao Login access token, if logged in: the page then skips Kakao's login.
   *  Sent only in a POST body to Kakao's auth host, exchanged for a one-time `agt`. */
  accessToken?: string;
  /** Give up after this many milliseconds (default 300000): rejects `TIMEOUT`. */
  timeoutMs?: number;
};

/** What the user did on Kakao's add-channel screen. */
export type FollowChannelResult = {
  /** The channel, normalised (`_ZeUTxl`). */
  channelPublicId: string;
  /** `success`: added; `fail`: cancelled; `closed`: closed the window before answering. */
  status: 'success' | 'fail' | 'closed';
};

/**
 * Shows Kakao's add-channel screen in a window opened synchronously inside the click (call it
 * directly in a click handler, no `await` before it) and resolves with what the user did. Only
 * messages from the apps origin, from this call's own relay iframe and with its transaction ID
 * count. The iframe, listener and timers are removed in every case.
 *
 * @throws {KakaoChannelError} (as a rejection) `NOT_INITIALIZED`, `INVALID_ARGUMENT`,
 * `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`, `UNSUPPORTED_ENVIRONMENT` (no window, or a
 * Facebook/Instagram in-app browser: nothing opens), `POPUP_BLOCKED`, `FOLLOW_FAILED` (Kakao's
 * `KAE…` code in `kakaoCode`), `TIMEOUT`, `INVALID_TOKEN` / `NETWORK` (the agt exchange).
 */
export function followChannel(options: FollowChannelOptions): Promise<FollowChannelResult>;
