/** Stable error codes (`err.code`); new codes may be added, none is ever renamed. */
export type ErrorCode =
  | 'INVALID_CHANNEL_ID'
  | 'SEARCH_ID_NOT_SUPPORTED'
  | 'INVALID_ARGUMENT'
  | 'NOT_INITIALIZED'
  | 'UNSUPPORTED_ENVIRONMENT'
  | 'POPUP_BLOCKED'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'INVALID_TOKEN'
  | 'CONSENT_REQUIRED'
  | 'RATE_LIMITED'
  | 'KAKAO_API'
  | 'INVALID_RESPONSE'
  | 'FOLLOW_FAILED'
  | 'ADMIN_KEY_IN_BROWSER'
  | 'WEBHOOK_UNAUTHORIZED'
  | 'INVALID_WEBHOOK';

/** Every kakao-channel failure: a real `Error` with a stable `code`. */
export declare class KakaoChannelError extends Error {
  constructor(
    code: ErrorCode,
    message: string,
    details?: { status?: number; kakaoCode?: number | string; requiredScopes?: string[]; cause?: unknown },
  );
  readonly name: 'KakaoChannelError';
  /** Stable code: branch on this, not on the message. */
  readonly code: ErrorCode;
  /** HTTP status, when an HTTP answer caused the error. */
  readonly status?: number;
  /** Kakao's own code: a REST API number such as `-402`, or a follow-page string such as `KAE005`. */
  readonly kakaoCode?: number | string;
  /** For `CONSENT_REQUIRED`: the consent items to request again (e.g. `['plusfriends']`). */
  readonly requiredScopes?: string[];
}

/** True for any `KakaoChannelError`, including one from another copy of this package. */
export declare function isKakaoChannelError(value: unknown): value is KakaoChannelError;
