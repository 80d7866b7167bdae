//! The TypeScript declarations of the server entry's admin API (`KakaoChannelAdmin` options and
//! results), shipped in the generated `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_ADMIN_TYPES: &str = r#"
import type { KakaoChannelError } from '../errors.js';

/** Options of `new KakaoChannelAdmin(…)`. */
export type KakaoChannelAdminOptions = {
  /** The app's Admin key (Kakao Developers → App → App Keys). Server only: read it from the
   *  environment, never ship it to a page. Sent only in `Authorization: KakaoAK …`. */
  adminKey: string;
  /** Kakao's REST API host, e.g. a local fake in tests. Default `https://kapi.kakao.com`. */
  hosts?: {
    /** REST API host. Default `https://kapi.kakao.com`. */
    api?: string;
  };
  /** Per request, in milliseconds (default 30000). */
  timeoutMs?: number;
  /** Requests in flight at once for batched calls (1–64, default 4). */
  concurrency?: number;
  /** Retries after a rate limit (HTTP 429 or -10), a network failure or a 5xx (0–10, default 5),
   *  with exponential back-off that honours `Retry-After`. */
  retries?: number;
};

/** Progress of a batched call. */
export type BatchProgress = {
  /** Users finished (succeeded or failed). */
  done: number;
  /** Users in the call (distinct IDs for `checkRelationships`). */
  total: number;
  /** Users in failed chunks or batches so far. */
  failed: number;
};

/** Options of `KakaoChannelAdmin.checkRelationship`. */
export type AdminCheckRelationshipOptions = {
  /** The service user ID (회원번호): a number, or a string of digits above 2^53. */
  userId: number | string;
  /** Channels to ask about (IDs or URLs); omitted: every channel connected to the app. */
  channelPublicIds?: string[];
  /** Abort the call: it rejects with `ABORTED`. */
  signal?: AbortSignal;
};

/** Options of `KakaoChannelAdmin.checkRelationships`. */
export type AdminCheckRelationshipsOptions = {
  /** Any number of service user IDs; numbers, or strings of digits above 2^53. */
  userIds: Array<number | string>;
  /** Channels to ask about (IDs or URLs); omitted: every channel connected to the app. */
  channelPublicIds?: string[];
  /** Users per request (1–200, default 200). */
  chunkSize?: number;
  /** Requests in flight (1–64; default: the constructor's `concurrency`). */
  concurrency?: number;
  /** Abort the call: it rejects with `ABORTED`. */
  signal?: AbortSignal;
  /** Called after each chunk. */
  onProgress?: (progress: BatchProgress) => void;
};

/** One user's relationships (admin-key mode). */
export type AdminChannelRelationships = {
  /** The ID exactly as passed: a number stays a number, a string the same string. */
  userId: number | string;
  /** Channels connected to the app; empty when the lookup failed (see `error`). */
  channels: ChannelRelationship[];
  /** Only when this user's chunk failed after retries (or Kakao left the user out). */
  error?: KakaoChannelError;
};

/** A customer file as `listCustomerFiles` lists it: Kakao's fields as sent, plus these. */
export type CustomerFile = {
  /** The file's ID. */
  fileId: number;
  /** The name given at creation. */
  fileName: string;
  /** Field names and types (`string` | `number`), when Kakao lists them. */
  schema?: Record<string, string>;
  [extra: string]: unknown;
};

/** What `createCustomerFile` resolves: Kakao's answer, plus `fileId`. */
export type CreatedCustomerFile = {
  /** The new file's ID: pass it to `addCustomerUsers` and `deleteCustomerUsers`. */
  fileId: number;
  [extra: string]: unknown;
};

/** Options of `createCustomerFile`. */
export type CreateCustomerFileOptions = {
  /** The channel's public ID or URL. */
  channelPublicId: string;
  /** Unique among the channel's files, 1–100 characters. */
  fileName: string;
  /** Field names and their types; Kakao never lets it change. */
  schema: Record<string, 'string' | 'number'>;
  /** Abort the call: it rejects with `ABORTED`. */
  signal?: AbortSignal;
};

/** Options of `listCustomerFiles`. */
export type ListCustomerFilesOptions = {
  /** The channel's public ID or URL. */
  channelPublicId: string;
  /** Abort the call: it rejects with `ABORTED`. */
  signal?: AbortSignal;
};

/** A user to add to a customer file. */
export type CustomerUserInput = {
  /** App user ID (number, or digits as a string above 2^53) or, for `userType: 'phone'`, the
   *  phone number as a string. */
  id: string | number;
  /** Values for the file's schema: numbers for `number` fields, strings for `string` fields. */
  fields?: Record<string, string | number>;
};

/** Options of `addCustomerUsers`. */
export type AddCustomerUsersOptions = {
  /** The channel's public ID or URL. */
  channelPublicId: string;
  /** The customer file (`createCustomerFile`'s or `listCustomerFiles`' `fileId`). */
  fileId: number;
  /** `app`: app user IDs; `phone`: phone numbers (as strings). */
  userType: 'app' | 'phone';
  /** Any number of users: sent in batches of `batchSize`. */
  users: CustomerUserInput[];
  /** Users per request (1–2000, default 2000). */
  batchSize?: number;
  /** The file's schema, to check fields against without looking it up. */
  schema?: Record<string, 'string' | 'number'>;
  /** Requests in flight (1–64; default: the constructor's `concurrency`). */
  concurrency?: number;
  /** Abort the call: it rejects with `ABORTED`. */
  signal?: AbortSignal;
  /** Called after each batch. */
  onProgress?: (progress: BatchProgress) => void;
};

/** Options of `deleteCustomerUsers`. */
export type DeleteCustomerUsersOptions = {
  /** The channel's public ID or URL. */
  channelPublicId: string;
  /** The customer file (`createCustomerFile`'s or `listCustomerFiles`' `fileId`). */
  fileId: number;
  /** `app`: app user IDs; `phone`: phone numbers (as strings). */
  userType: 'app' | 'phone';
  /** Any number of users to remove: sent in batches of `batchSize`. */
  userIds: Array<string | number>;
  /** Users per request (1–2000, default 2000). */
  batchSize?: number;
  /** Requests in flight (1–64; default: the constructor's `concurrency`). */
  concurrency?: number;
  /** Abort the call: it rejects with `ABORTED`. */
  signal?: AbortSignal;
  /** Called after each batch. */
  onProgress?: (progress: BatchProgress) => void;
};

/** A failed batch's error: which users it held. */
export type BatchError = KakaoChannelError & {
  /** The batch's index (0-based). */
  batch: number;
  /** Index of its first user in the input. */
  offset: number;
  /** Users in it. */
  count: number;
};

/** The outcome of a batched customer-file call. */
export type BatchReport = {
  /** Users in the call. */
  requested: number;
  /** Users in batches Kakao accepted. */
  succeeded: number;
  /** Users in failed batches. */
  failed: number;
  /** Requests sent. */
  batches: number;
  /** One per failed batch, in batch order. */
  errors: BatchError[];
  /** Kakao's answers of the batches that succeeded, as sent (the shape is undocumented). */
  responses: unknown[];
};
"#;
