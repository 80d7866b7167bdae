// Types of js/features.js (in the full build; see that file).
import type { ChannelRelationships, CheckRelationshipOptions } from './wasm/kakao_channel.js';

/**
 * Asks Kakao (`GET /v2/api/talk/channels`) whether the logged-in user has `ADDED`, `BLOCKED` or
 * no relation (`NONE`) with channels connected to your app. The token goes only in the
 * `Authorization` header. Identical concurrent calls share one request; one retry (200–500 ms)
 * follows a network failure or HTTP 5xx, never a 4xx.
 *
 * @throws {KakaoChannelError} `NOT_INITIALIZED`, `INVALID_ARGUMENT`, `INVALID_CHANNEL_ID`,
 * `SEARCH_ID_NOT_SUPPORTED`, `INVALID_TOKEN` (-401), `CONSENT_REQUIRED` (-402, with
 * `requiredScopes`), `RATE_LIMITED` (-10 / HTTP 429), `KAKAO_API` (other codes, e.g. -819 channel
 * not connected), `INVALID_RESPONSE`, `NETWORK`, `TIMEOUT`, `ABORTED`.
 */
export function checkRelationship(options: CheckRelationshipOptions): Promise<ChannelRelationships>;
export * from './follow.js';
export * from './buttons.js';
