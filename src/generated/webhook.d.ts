// Generated from kakao-channel-core's Rust types by `node scripts/types.mjs` (ts-rs):
// do not edit; change the Rust type and regenerate.

/**
 * A verified webhook delivery.
 */
export type WebhookEvent = {
  /**
   * The user added or blocked the channel.
   */
  event: "added" | "blocked";
  /**
   * The user's ID as a string (exact, also above 2^53).
   */
  id: string;
  /**
   * `app_user_id`: the app's user ID (consented to plusfriends); `open_id`: no consent.
   */
  idType: "app_user_id" | "open_id";
  /**
   * The channel's public ID.
   */
  channelPublicId: string;
  /**
   * The channel's search ID (`@name`).
   */
  channelUuid: string;
  /**
   * When it happened (RFC 3339, UTC).
   */
  updatedAt: string;
  /**
   * `X-Kakao-Resource-ID`, unique per delivery: de-duplicate on it.
   */
  resourceId?: string;
  /**
   * Kakao-affiliate apps only.
   */
  accountId?: string;
};
