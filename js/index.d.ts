// Types of the browser entry `kakao-channel`. Function signatures and option/result shapes come
// from the wasm module's generated declarations; this file adds init and the error class.
import type { InitOptions } from './wasm/kakao_channel.js';

export type {
  ChannelLinkOptions,
  ChannelRelationship,
  ChannelRelationships,
  CheckRelationshipOptions,
  InitOptions,
  KakaoHosts,
  Lang,
  LaunchResult,
} from './wasm/kakao_channel.js';
export { addChannel, addChannelUrl, chat, chatChannelUrl, parseChannelId } from './wasm/kakao_channel.js';
export { ErrorCode, KakaoChannelError, isKakaoChannelError } from './errors.js';

/**
 * Loads the SDK (its WebAssembly module) and stores your app's settings. Call it once on page
 * load, before anything else and not inside a click handler. Idempotent for the same options.
 *
 * @throws {KakaoChannelError} `INVALID_ARGUMENT` for a missing app key, an unknown `lang` or a
 * host that is not https (http only on loopback); `UNSUPPORTED_ENVIRONMENT` if the module cannot
 * be loaded.
 */
export function init(options: InitOptions): Promise<void>;

/** Whether `init()` has completed. */
export function isInitialized(): boolean;

