// Types of the Node entry `kakao-channel/server`.

/**
 * The Node entry (Node ≥ 20): admin-key APIs ({@link KakaoChannelAdmin}), webhook verification and
 * receivers, and the link builders without `init`. Keep it out of browser bundles: the admin key
 * must never reach a page.
 *
 * @example
 * ```ts
 * import { KakaoChannelAdmin, webhookHandler } from 'kakao-channel/server';
 *
 * const admin = new KakaoChannelAdmin({ adminKey: process.env.KAKAO_ADMIN_KEY! });
 * const { channels } = await admin.checkRelationship({ userId: 1001 });
 * export const POST = webhookHandler({ adminKey: process.env.KAKAO_ADMIN_KEY!, onEvent: (e) => console.log(e) });
 * ```
 *
 * @module kakao-channel/server
 */
import type {
  AdminChannelRelationships,
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
export { ErrorCode, KakaoChannelError, isKakaoChannelError, SafeParseChannelIdResult } from './errors.js';
import type { SafeParseChannelIdResult } from './errors.js';

/**
 * Extracts the channel public ID (`_ZeUTxl`) from an ID or a pf.kakao.com URL, synchronously.
 * @throws {KakaoChannelError} `INVALID_CHANNEL_ID` or `SEARCH_ID_NOT_SUPPORTED`.
 * @example
 * ```ts
 * import { parseChannelId } from 'kakao-channel/server';
 *
 * parseChannelId('http://pf.kakao.com/_ZeUTxl/chat'); // '_ZeUTxl'
 * ```
 */
export function parseChannelId(input: string): string;

/**
 * `parseChannelId` that never throws (any value in), for form validation on every keystroke:
 * accepts exactly what `parseChannelId` accepts, and on refusal carries the very
 * `KakaoChannelError` it would throw.
 *
 * @example
 * ```ts
 * import { safeParseChannelId } from 'kakao-channel/server';
 *
 * const parsed = safeParseChannelId(form.get('channel'));
 * if (!parsed.ok) return Response.json({ error: parsed.error.message }, { status: 422 });
 * ```
 */
export function safeParseChannelId(input: unknown): SafeParseChannelIdResult;

/**
 * The channel's add page URL (`https://pf.kakao.com/{id}/friend`), with Kakao's bridge parameters
 * when `appKey` is given.
 * @throws {KakaoChannelError} `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`, `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * import { addChannelUrl } from 'kakao-channel/server';
 *
 * addChannelUrl({ channelPublicId: '_ZeUTxl' }); // 'https://pf.kakao.com/_ZeUTxl/friend'
 * addChannelUrl({ channelPublicId: '_ZeUTxl', appKey: 'YOUR_JAVASCRIPT_KEY', origin: 'https://shop.example' });
 * ```
 */
export function addChannelUrl(options: ServerChannelLinkOptions): string;

/**
 * The channel's 1:1 chat page URL (`https://pf.kakao.com/{id}/chat`), with Kakao's bridge
 * parameters when `appKey` is given.
 * @throws {KakaoChannelError} `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`, `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * import { chatChannelUrl } from 'kakao-channel/server';
 *
 * const href = chatChannelUrl({ channelPublicId: 'https://pf.kakao.com/_ZeUTxl' }); // 'https://pf.kakao.com/_ZeUTxl/chat'
 * ```
 */
export function chatChannelUrl(options: ServerChannelLinkOptions): string;

/**
 * Verifies a Kakao Talk Channel webhook delivery: `Authorization: KakaoAK {adminKey}` compared in
 * constant time, then the raw JSON body read into an event (deprecated alias fields included).
 * De-duplicate on `resourceId` (`X-Kakao-Resource-ID`) and answer Kakao within 3 seconds.
 * @throws {KakaoChannelError} `WEBHOOK_UNAUTHORIZED` (answer 401), `INVALID_WEBHOOK` (answer 400),
 * `INVALID_ARGUMENT` (no `adminKey`). Nothing else is ever thrown.
 * @example
 * ```ts
 * import { verifyWebhook, isKakaoChannelError } from 'kakao-channel/server';
 *
 * // Express: express.text() keeps the raw body (a string), which verifyWebhook needs.
 * app.post('/kakao/webhook', express.text({ type: 'application/json' }), (req, res) => {
 *   try {
 *     const event = verifyWebhook({ headers: req.headers, body: req.body }, { adminKey: process.env.KAKAO_ADMIN_KEY! });
 *     res.sendStatus(200);
 *     void crm.update(event.id, event.event);
 *   } catch (err) {
 *     res.sendStatus(isKakaoChannelError(err) && err.code === 'WEBHOOK_UNAUTHORIZED' ? 401 : 400);
 *   }
 * });
 * ```
 */
export function verifyWebhook(request: WebhookRequest, options: VerifyWebhookOptions): WebhookEvent;

/** Options of `admin.relationships(…)`. */
export type RelationshipsOptions = {
  /** Any number of service user IDs (numbers, or strings of digits above 2^53), from any iterable
   *  or async iterable: an array, a generator, a readline interface, a database cursor. Read
   *  lazily, `chunkSize` at a time, never more than `concurrency × chunkSize` ahead of the loop. */
  userIds: Iterable<number | string> | AsyncIterable<number | string>;
  /** Channels to ask about (IDs or URLs); omitted: every channel connected to the app. */
  channelPublicIds?: string[];
  /** Users per request (1–200, default 200). */
  chunkSize?: number;
  /** Requests in flight (1–64; default: the constructor's `concurrency`, 4). */
  concurrency?: number;
  /** Stops sending; the pending `next()` rejects with `ABORTED`. */
  signal?: AbortSignal;
};

declare module './server-wasm/kakao_channel.js' {
  interface KakaoChannelAdmin {
    /**
     * Relationships of any number of users as an async iterator, for `for await`: one
     * `{ userId, channels, error? }` per input ID (repeats included), in input order, each
     * `userId` exactly as given. `userIds` is read lazily, so memory stays bounded by
     * `concurrency × chunkSize` whatever the number of users. Leaving the loop (`break`,
     * `return`, a throw) stops sending; an aborted `signal` too, and the pending `next()` rejects
     * with `ABORTED`. A chunk that fails after its retries yields each of its users with `error`
     * and `channels: []`; a bad ID yields itself with `INVALID_ARGUMENT` and is not sent.
     * @throws {KakaoChannelError} (as a rejection of the first `next()`) `INVALID_ARGUMENT`,
     * `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED` for bad options; `ABORTED`.
     * @example
     * ```ts
     * import { createReadStream } from 'node:fs';
     * import { createInterface } from 'node:readline';
     *
     * const lines = createInterface({ input: createReadStream('users.txt') }); // one ID a line
     * for await (const { userId, channels, error } of admin.relationships({ userIds: lines })) {
     *   if (error) console.error(userId, error.code);
     *   else await save(userId, channels);
     * }
     * ```
     */
    relationships(options: RelationshipsOptions): AsyncIterableIterator<AdminChannelRelationships>;
  }
}

/** Where receivers remember which deliveries (`X-Kakao-Resource-ID`) they already took. */
export type WebhookDedupe = {
  /** True: a first delivery, now claimed for `ttlMs`; false: already claimed. Rejects when the
   *  store fails (the receiver answers 503 and does not call `onEvent`). */
  claim(resourceId: string, ttlMs: number): Promise<boolean>;
  /** Forgets a claim (its `onEvent` failed before the answer, so the redelivery is processed). */
  release(resourceId: string): Promise<void>;
};

/** Options of `webhookHandler` and `webhookMiddleware`. */
export type WebhookOptions = {
  /** The app's primary Admin key, which Kakao sends as `Authorization: KakaoAK …`. */
  adminKey: string;
  /** Your work for one verified, first delivery. Answered 200 when it settles or after
   *  `ackWithinMs`; a throw or rejection before the answer makes it a 500 (and Kakao may send the
   *  delivery again), after the answer it goes to `onError`. */
  onEvent(event: WebhookEvent): void | Promise<void>;
  /** Failures nobody else hears of: `onEvent` failing after the answer, the dedupe store failing
   *  (answered 503). Default: `console.error`. */
  onError?(error: unknown, event?: WebhookEvent): void;
  /** Default: `memoryDedupe()` for this receiver. Several instances: `redisDedupe(client)`. */
  dedupe?: WebhookDedupe;
  /** How long a claim lasts, passed to `claim()` (default 86,400,000: 24 h). */
  dedupeTtlMs?: number;
  /** Answer 200 after this long even if `onEvent` has not settled (default 2,000; Kakao waits 3 s). */
  ackWithinMs?: number;
  /** Larger bodies get 413 without being read (default 1,048,576). */
  maxBodyBytes?: number;
};

/**
 * A webhook receiver for the Fetch API (Next.js route handlers, Hono, Deno, Bun): verifies each
 * delivery (405 not POST, 413 too large, 401 wrong key, 400 malformed), drops repeats by
 * `X-Kakao-Resource-ID`, calls `onEvent` and answers within `ackWithinMs`.
 * @throws {KakaoChannelError} `INVALID_ARGUMENT` for bad options.
 * @example
 * ```ts
 * // app/api/kakao/webhook/route.ts (Next.js)
 * import { webhookHandler } from 'kakao-channel/server';
 *
 * export const POST = webhookHandler({
 *   adminKey: process.env.KAKAO_ADMIN_KEY!,
 *   onEvent: async (event) => {
 *     await db.followers.upsert({ userId: event.id, following: event.event === 'added' });
 *   },
 * });
 * ```
 */
export function webhookHandler(options: WebhookOptions): (request: Request) => Promise<Response>;

/**
 * The same receiver for Node's `http` server, Express and connect. It reads the raw body itself
 * (mount it before any body parser), always ends the response and never calls `next`.
 * @throws {KakaoChannelError} `INVALID_ARGUMENT` for bad options.
 * @example
 * ```ts
 * import express from 'express';
 * import { webhookMiddleware } from 'kakao-channel/server';
 *
 * const app = express();
 * app.post('/kakao/webhook', webhookMiddleware({
 *   adminKey: process.env.KAKAO_ADMIN_KEY!,
 *   onEvent: (event) => console.log(event.event, event.id),
 * }));
 * app.use(express.json()); // body parsers after the receiver
 * ```
 */
export function webhookMiddleware(
  options: WebhookOptions,
): (req: WebhookNodeRequest, res: WebhookNodeResponse, next?: (err?: unknown) => void) => void;

/** The part of Node's `IncomingMessage` (Express's and connect's `req`) these types name; the
 *  middleware is given the real one. Declared here so projects without `@types/node` type-check. */
export type WebhookNodeRequest = {
  /** `POST` for a delivery; anything else is answered 405. */
  method?: string;
  /** The request's headers (`authorization`, `x-kakao-resource-id`, `content-length`). */
  headers: Record<string, string | string[] | undefined>;
};

/** The part of Node's `ServerResponse` (Express's and connect's `res`) these types name. */
export type WebhookNodeResponse = {
  /** Whether the answer has started (then the middleware leaves it alone). */
  headersSent: boolean;
  /** Ends the answer. */
  end(): unknown;
};

/**
 * A dedupe store in this process's memory: each claim for its `ttlMs`, at most `max` of them
 * (default 100,000), the oldest forgotten first.
 * @throws {KakaoChannelError} `INVALID_ARGUMENT` for a bad `max`.
 * @example
 * ```ts
 * import { webhookHandler, memoryDedupe } from 'kakao-channel/server';
 *
 * export const POST = webhookHandler({
 *   adminKey: process.env.KAKAO_ADMIN_KEY!,
 *   onEvent: (event) => console.log(event),
 *   dedupe: memoryDedupe({ max: 10_000 }), // one process
 * });
 * ```
 */
export function memoryDedupe(options?: {
  /** Claims kept at most (default 100,000); the oldest is forgotten first. */
  max?: number;
}): WebhookDedupe;

/**
 * A dedupe store in Redis that several server instances share: `SET {prefix}{id} 1 NX PX ttlMs`
 * to claim, `DEL` to release (default prefix `kakao-channel:webhook:`). Takes a connected
 * node-redis (v4+) or ioredis client. A command failing or not answered within `timeoutMs`
 * (default 1,000) rejects with `NETWORK` or `TIMEOUT`: the receiver answers 503.
 * @param client a connected node-redis (v4+) or ioredis client.
 * @throws {KakaoChannelError} `INVALID_ARGUMENT` for something that is not such a client.
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { webhookHandler, redisDedupe } from 'kakao-channel/server';
 *
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * export const POST = webhookHandler({
 *   adminKey: process.env.KAKAO_ADMIN_KEY!,
 *   onEvent: (event) => console.log(event),
 *   dedupe: redisDedupe(redis, { prefix: 'shop:kakao-webhook:' }), // shared by every instance
 * });
 * ```
 */
export function redisDedupe(
  client: unknown,
  options?: {
    /** Key prefix (default `kakao-channel:webhook:`). */
    prefix?: string;
    /** Milliseconds to wait for each command (default 1,000); then `TIMEOUT`, answered 503. */
    timeoutMs?: number;
  },
): WebhookDedupe;
