// Generated from kakao-channel-core's Rust types by `node scripts/types.mjs` (ts-rs):
// do not edit; change the Rust type and regenerate.

/**
 * One channel's relation to the user.
 */
export type ChannelRelationship = {
  /**
   * `_ZeUTxl`.
   */
  channelPublicId: string;
  /**
   * The channel's search ID (`@name`); Kakao calls it `channel_uuid`.
   */
  channelUuid: string;
  /**
   * `ADDED`, `BLOCKED`, or `NONE` (never added nor blocked).
   */
  relation: "ADDED" | "BLOCKED" | "NONE";
  /**
   * When the relation last changed (RFC 3339), if Kakao says.
   */
  updatedAt?: string;
};

/**
 * The answer of `checkRelationship`.
 */
export type ChannelRelationships = {
  /**
   * The user's service user ID.
   */
  userId: number;
  /**
   * Channels connected to the app; empty when the app has none connected.
   */
  channels: Array<ChannelRelationship>;
};

/**
 * How a bridge page was opened.
 */
export type LaunchResult = {
  /**
   * The URL that was opened.
   */
  url: string;
  /**
   * `popup`: a new window; `redirect`: the popup was blocked, so this tab navigated;
   * `app`: on a phone, handed over to the KakaoTalk app.
   */
  via: "popup" | "redirect" | "app";
};

/**
 * What the user did on Kakao's add-channel screen.
 */
export type FollowChannelResult = {
  /**
   * The channel, normalised (`_ZeUTxl`).
   */
  channelPublicId: string;
  /**
   * `success`: added; `fail`: did not (any other answer Kakao gives); `closed`: closed the
   * window before Kakao answered.
   */
  status: "success" | "fail" | "closed";
};
