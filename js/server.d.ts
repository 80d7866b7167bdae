// Types of the Node entry `kakao-channel/server`.
import type {
  ServerChannelLinkOptions,
  VerifyWebhookOptions,
  WebhookEvent,
  WebhookRequest,
} from './server-wasm/kakao_channel.js';

export { KakaoChannelAdmin } from './server-wasm/kakao_channel.js';
export type {
  AddCustomerUsersOptions,
  AdminChannelRelationships,
  AdminCheckRelationshipOptions,
  AdminCheckRelationshipsOptions,
  BatchError,
  BatchProgress,
  BatchReport,
  ChannelRelationship,
  CreateCustomerFileOptions,
  CreatedCustomerFile,
  CustomerFile,
  CustomerUserInput,
  DeleteCustomerUsersOptions,
  KakaoChannelAdminOptions,
  Lang,
  ListCustomerFilesOptions,
  ServerChannelLinkOptions,
  VerifyWebhookOptions,
  WebhookEvent,
  WebhookRequest,
} from './server-wasm/kakao_channel.js';
export { ErrorCode, KakaoChannelError, isKakaoChannelError } from './errors.js';

/**
 * Extracts the channel public ID (`_ZeUTxl`) from an ID or a pf.kakao.com URL, synchronously.
 * @throws {KakaoChannelError} `INVALID_CHANNEL_ID` or `SEARCH_ID_NOT_SUPPORTED`.
 */
export function parseChannelId(input: string): string;

/** What `safeParseChannelId` returns: the public ID, or the error `parseChannelId` would throw. */
export type SafeParseChannelIdResult =
  | { ok: true; channelPublicId: string }
  | { ok: false; error: import('./errors.js').KakaoChannelError };

/**
 * `parseChannelId` that never throws (any value in), for form validation on every keystroke:
 * accepts exactly what `parseChannelId` accepts, and on refusal carries the very
 * `KakaoChannelError` it would throw.
 */
export function safeParseChannelId(input: unknown): SafeParseChannelIdResult;

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

/**
 * Verifies a Kakao Talk Channel webhook delivery: `Authorization: KakaoAK {adminKey}` compared in
 * constant time, then the raw JSON body read into an event (deprecated alias fields included).
 * De-duplicate on `resourceId` (`X-Kakao-Resource-ID`) and answer Kakao within 3 seconds.
 * @throws {KakaoChannelError} `WEBHOOK_UNAUTHORIZED` (answer 401), `INVALID_WEBHOOK` (answer 400),
 * `INVALID_ARGUMENT` (no `adminKey`). Nothing else is ever thrown.
 */
export function verifyWebhook(request: WebhookRequest, options: VerifyWebhookOptions): WebhookEvent;
