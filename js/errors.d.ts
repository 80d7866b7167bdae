/**
 * Stable error codes (`err.code`): branch on these, not on the message. New codes may be added;
 * none is ever renamed.
 *
 * Each code's entry in the list below says when it happens and what to do; each example shows
 * how one comes about and how a caller handles it.
 *
 * @example INVALID_CHANNEL_ID: validate a pasted ID without throwing
 * ```ts
 * import { safeParseChannelId } from 'kakao-channel';
 *
 * const parsed = safeParseChannelId('https://example.com/_ZeUTxl');
 * if (!parsed.ok && parsed.error.code === 'INVALID_CHANNEL_ID') {
 *   console.warn(parsed.error.message); // say: paste _xxxx or https://pf.kakao.com/_xxxx
 * }
 * ```
 *
 * @example SEARCH_ID_NOT_SUPPORTED: a search ID instead of the public ID
 * ```ts
 * import { parseChannelId, isKakaoChannelError } from 'kakao-channel';
 *
 * try {
 *   parseChannelId('@mychannel');
 * } catch (err) {
 *   if (isKakaoChannelError(err) && err.code === 'SEARCH_ID_NOT_SUPPORTED') {
 *     console.warn(err.message); // where to find the _xxxx public ID
 *   }
 * }
 * ```
 *
 * @example INVALID_ARGUMENT: a bad option
 * ```ts
 * import { init, isKakaoChannelError } from 'kakao-channel';
 *
 * try {
 *   await init({ appKey: '' });
 * } catch (err) {
 *   if (isKakaoChannelError(err) && err.code === 'INVALID_ARGUMENT') console.error(err.message);
 * }
 * ```
 *
 * @example NOT_INITIALIZED: init first
 * ```ts
 * import { init, isInitialized, addChannelUrl } from 'kakao-channel';
 *
 * if (!isInitialized()) await init({ appKey: 'YOUR_JAVASCRIPT_KEY' });
 * const href = addChannelUrl({ channelPublicId: '_ZeUTxl' }); // no NOT_INITIALIZED now
 * ```
 *
 * @example UNSUPPORTED_ENVIRONMENT: an in-app browser Kakao refuses
 * ```ts
 * import { followChannel, isKakaoChannelError } from 'kakao-channel';
 *
 * button.onclick = () => {
 *   followChannel({ channelPublicId: '_ZeUTxl' }).catch((err) => {
 *     if (isKakaoChannelError(err) && err.code === 'UNSUPPORTED_ENVIRONMENT') {
 *       alert('Please open this page in your browser (Safari, Chrome).');
 *     }
 *   });
 * };
 * ```
 *
 * @example POPUP_BLOCKED: open the window inside the click
 * ```ts
 * import { followChannel, isKakaoChannelError } from 'kakao-channel';
 *
 * button.onclick = () => {
 *   // No await before followChannel: the browser only allows the window inside the click.
 *   followChannel({ channelPublicId: '_ZeUTxl' }).catch((err) => {
 *     if (isKakaoChannelError(err) && err.code === 'POPUP_BLOCKED') alert('Allow pop-ups and try again.');
 *   });
 * };
 * ```
 *
 * @example NETWORK: retry later
 * ```ts
 * import { checkRelationship, isKakaoChannelError } from 'kakao-channel';
 *
 * try {
 *   await checkRelationship({ accessToken });
 * } catch (err) {
 *   if (isKakaoChannelError(err) && err.code === 'NETWORK') setTimeout(refresh, 5_000);
 * }
 * ```
 *
 * @example TIMEOUT: give up after a time you choose
 * ```ts
 * import { checkRelationship, isKakaoChannelError } from 'kakao-channel';
 *
 * try {
 *   await checkRelationship({ accessToken, timeoutMs: 3_000 });
 * } catch (err) {
 *   if (isKakaoChannelError(err) && err.code === 'TIMEOUT') showRetryButton();
 * }
 * ```
 *
 * @example ABORTED: a request you cancelled
 * ```ts
 * import { checkRelationship, isKakaoChannelError } from 'kakao-channel';
 *
 * const controller = new AbortController();
 * const request = checkRelationship({ accessToken, signal: controller.signal });
 * controller.abort();
 * await request.catch((err) => {
 *   if (!(isKakaoChannelError(err) && err.code === 'ABORTED')) throw err;
 * });
 * ```
 *
 * @example INVALID_TOKEN: log the user in again
 * ```ts
 * import { checkRelationship, isKakaoChannelError } from 'kakao-channel';
 *
 * try {
 *   await checkRelationship({ accessToken });
 * } catch (err) {
 *   if (isKakaoChannelError(err) && err.code === 'INVALID_TOKEN') location.assign('/login');
 * }
 * ```
 *
 * @example CONSENT_REQUIRED: ask for the plusfriends consent
 * ```ts
 * import { checkRelationship, isKakaoChannelError } from 'kakao-channel';
 *
 * try {
 *   await checkRelationship({ accessToken });
 * } catch (err) {
 *   if (isKakaoChannelError(err) && err.code === 'CONSENT_REQUIRED') {
 *     const scope = (err.requiredScopes ?? ['plusfriends']).join(',');
 *     location.assign(`/login?scope=${encodeURIComponent(scope)}`); // your Kakao Login route
 *   }
 * }
 * ```
 *
 * @example RATE_LIMITED: back off
 * ```ts
 * import { checkRelationship, isKakaoChannelError } from 'kakao-channel';
 *
 * try {
 *   await checkRelationship({ accessToken });
 * } catch (err) {
 *   if (isKakaoChannelError(err) && err.code === 'RATE_LIMITED') setTimeout(refresh, 60_000);
 * }
 * ```
 *
 * @example KAKAO_API: Kakao's own code
 * ```ts
 * import { checkRelationship, isKakaoChannelError } from 'kakao-channel';
 *
 * try {
 *   await checkRelationship({ accessToken });
 * } catch (err) {
 *   if (isKakaoChannelError(err) && err.code === 'KAKAO_API') {
 *     console.error(`Kakao said ${err.kakaoCode} (HTTP ${err.status}): ${err.message}`);
 *   }
 * }
 * ```
 *
 * @example INVALID_RESPONSE: something other than Kakao answered
 * ```ts
 * import { checkRelationship, isKakaoChannelError } from 'kakao-channel';
 *
 * try {
 *   await checkRelationship({ accessToken });
 * } catch (err) {
 *   if (isKakaoChannelError(err) && err.code === 'INVALID_RESPONSE') reportBug(err);
 * }
 * ```
 *
 * @example FOLLOW_FAILED: Kakao's KAE code
 * ```ts
 * import { followChannel, isKakaoChannelError } from 'kakao-channel';
 *
 * button.onclick = () => {
 *   followChannel({ channelPublicId: '_ZeUTxl' }).catch((err) => {
 *     if (isKakaoChannelError(err) && err.code === 'FOLLOW_FAILED') console.error(err.kakaoCode, err.message);
 *   });
 * };
 * ```
 *
 * @example ADMIN_KEY_IN_BROWSER: admin calls belong on the server
 * ```ts
 * import { KakaoChannelAdmin } from 'kakao-channel/server';
 *
 * // In Node (an API route, a job), never in a page: in a page this throws ADMIN_KEY_IN_BROWSER.
 * const admin = new KakaoChannelAdmin({ adminKey: process.env.KAKAO_ADMIN_KEY! });
 * ```
 *
 * @example WEBHOOK_UNAUTHORIZED: answer 401
 * ```ts
 * import { verifyWebhook, isKakaoChannelError } from 'kakao-channel/server';
 *
 * export async function POST(request: Request) {
 *   try {
 *     const event = verifyWebhook({ headers: request.headers, body: await request.text() }, { adminKey: process.env.KAKAO_ADMIN_KEY! });
 *     console.log(event.event, event.id);
 *     return new Response(null, { status: 200 });
 *   } catch (err) {
 *     if (isKakaoChannelError(err) && err.code === 'WEBHOOK_UNAUTHORIZED') return new Response(null, { status: 401 });
 *     return new Response(null, { status: 400 }); // INVALID_WEBHOOK
 *   }
 * }
 * ```
 *
 * @example INVALID_WEBHOOK: pass the raw body
 * ```ts
 * import { verifyWebhook, isKakaoChannelError } from 'kakao-channel/server';
 *
 * const headers = { authorization: `KakaoAK ${process.env.KAKAO_ADMIN_KEY}` };
 * try {
 *   verifyWebhook({ headers, body: '{"not":"an event"}' }, { adminKey: process.env.KAKAO_ADMIN_KEY! });
 * } catch (err) {
 *   if (isKakaoChannelError(err)) console.log(err.code); // 'INVALID_WEBHOOK': answer 400
 * }
 * ```
 */
export type ErrorCode =
  /**
   * Not a channel public ID or pf.kakao.com channel URL. Pass `_xxxx` or
   * `https://pf.kakao.com/_xxxx`.
   */
  | 'INVALID_CHANNEL_ID'
  /**
   * An `@search` ID, which Kakao's APIs do not accept. Use the public ID (`_xxxx`) from Kakao
   * Business Partner Center.
   */
  | 'SEARCH_ID_NOT_SUPPORTED'
  /**
   * Any other bad option (missing app key, unknown `lang`, bad host, empty token, bad `timeoutMs`,
   * missing button container, …). Fix the option the message names.
   */
  | 'INVALID_ARGUMENT'
  /**
   * A function that needs `init` was called before it finished. Call `init({ appKey })` on page
   * load and await it.
   */
  | 'NOT_INITIALIZED'
  /**
   * No window where one is needed (SSR, Node); `followChannel` in an Instagram, Facebook or
   * Threads in-app browser (`kakaoCode` `KAE007`); or the wasm module could not load. Call it from
   * the page, suggest the system browser, serve the `.wasm` file.
   */
  | 'UNSUPPORTED_ENVIRONMENT'
  /**
   * `followChannel` could not open its window. Call it directly in a click handler, with no
   * `await` before it.
   */
  | 'POPUP_BLOCKED'
  /**
   * The request never got an HTTP answer (for `redisDedupe`: the Redis command failed; the
   * delivery got 503). Retry; check connectivity, `connect-src`, ad blockers, the Redis server.
   */
  | 'NETWORK'
  /**
   * No answer within `timeoutMs` (for `redisDedupe`: Redis did not answer in time; the delivery
   * got 503). Retry later.
   */
  | 'TIMEOUT'
  /** Your `AbortSignal` fired. Nothing to do: you asked for it. */
  | 'ABORTED'
  /**
   * Kakao answered -401 (or refused the token given to `followChannel`). Log the user in again;
   * for `domain mismatched`, register the page's origin.
   */
  | 'INVALID_TOKEN'
  /**
   * Kakao answered -402: the user has not consented to `plusfriends`. `requiredScopes` lists what
   * to ask for again with Kakao Login.
   */
  | 'CONSENT_REQUIRED'
  /** Kakao answered -10 or HTTP 429. Back off and cache relationship results. */
  | 'RATE_LIMITED'
  /**
   * Any other Kakao error; `status` and `kakaoCode` carry Kakao's values. See the message, then
   * Kakao's error code list.
   */
  | 'KAKAO_API'
  /** The answer was not the JSON Kakao documents (usually a proxy is in the way). Report it. */
  | 'INVALID_RESPONSE'
  /**
   * The follow-channel page reported a `KAE…` error (`kakaoCode`, e.g. `KAE105`: the channel is
   * not connected to the app). The message names the console setting to fix.
   */
  | 'FOLLOW_FAILED'
  /**
   * `KakaoChannelAdmin` was constructed where `window` and `document` exist. Keep admin keys on
   * the server; call your backend from the page.
   */
  | 'ADMIN_KEY_IN_BROWSER'
  /**
   * The webhook's `Authorization` header is missing, repeated or not `KakaoAK {adminKey}`. Answer
   * 401 and drop the request.
   */
  | 'WEBHOOK_UNAUTHORIZED'
  /**
   * The webhook body is not a well-formed event (or was passed parsed, not as the raw text).
   * Answer 400; pass the raw body string.
   */
  | 'INVALID_WEBHOOK';

/**
 * Every kakao-channel failure: a real `Error` with a stable {@link ErrorCode | `code`} (see
 * {@link ErrorCode} for every code and what to do), a `message` that says what happened and what
 * to do, and Kakao's details when Kakao answered. Both entries export the same class.
 *
 * @example
 * ```ts
 * import { checkRelationship, KakaoChannelError } from 'kakao-channel';
 *
 * try {
 *   await checkRelationship({ accessToken });
 * } catch (err) {
 *   if (err instanceof KakaoChannelError && err.code === 'CONSENT_REQUIRED') {
 *     console.log(err.requiredScopes); // ['plusfriends']
 *   }
 * }
 * ```
 */
export declare class KakaoChannelError extends Error {
  /**
   * Made by the SDK; create one yourself only to hand the same shape on (a test double, a
   * wrapper).
   * @param code the stable code.
   * @param message what happened and what to do.
   * @param details Kakao's details and the underlying cause, when there are any.
   * @example
   * ```ts
   * const err = new KakaoChannelError('TIMEOUT', 'No answer from Kakao in 3 s: retry later.', { status: 504 });
   * ```
   */
  constructor(
    code: ErrorCode,
    message: string,
    details?: {
      /** HTTP status of the answer that caused the error. */
      status?: number;
      /** Kakao's own code (`-402`, `'KAE005'`). */
      kakaoCode?: number | string;
      /** For `CONSENT_REQUIRED`: the consent items to request. */
      requiredScopes?: string[];
      /** The underlying error, as `Error.cause`. */
      cause?: unknown;
    },
  );
  /** Always `'KakaoChannelError'`. */
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

/**
 * True for any `KakaoChannelError`, including one from another copy of this package (where
 * `instanceof` with one copy's class would not be enough). A type guard: never throws.
 *
 * @example
 * ```ts
 * import { addChannel, isKakaoChannelError } from 'kakao-channel';
 *
 * try {
 *   addChannel({ channelPublicId: input.value });
 * } catch (err) {
 *   if (isKakaoChannelError(err)) alert(err.message);
 *   else throw err;
 * }
 * ```
 */
export declare function isKakaoChannelError(value: unknown): value is KakaoChannelError;

/**
 * What `safeParseChannelId` returns (both entries): the public ID, or the very error
 * `parseChannelId` would throw.
 *
 * @example
 * ```ts
 * const r = safeParseChannelId(input.value);
 * if (r.ok) save(r.channelPublicId);
 * else hint.textContent = r.error.message;
 * ```
 */
export type SafeParseChannelIdResult =
  | {
      /** Accepted. */
      ok: true;
      /** The public ID, e.g. `_ZeUTxl`. */
      channelPublicId: string;
    }
  | {
      /** Refused. */
      ok: false;
      /** `INVALID_CHANNEL_ID` or `SEARCH_ID_NOT_SUPPORTED` (and, from the browser entry before
       * `init`, `NOT_INITIALIZED`), with the message to show. */
      error: KakaoChannelError;
    };
