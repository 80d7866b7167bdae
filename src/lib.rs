//! # kakao-channel
//!
//! A Kakao Talk Channel SDK for the web, written in Rust and compiled to WebAssembly: add, chat
//! and follow a channel, parse channel IDs, check relationships, render Kakao's buttons.
//!
//! This crate is the wasm boundary: it reads JavaScript options, does the I/O and DOM work with
//! web-sys, gloo-net and wasm-bindgen-futures, and hands every decision to the pure core crate
//! [`kakao_channel_core`] (parsing, URLs, request descriptions, decoding, error mapping, policies).
//! Results cross to JavaScript as plain objects through serde-wasm-bindgen; failures as
//! `KakaoChannelError`s.
//!
//! JavaScript users: see the README of the npm package `kakao-channel`.

#[cfg(feature = "server")]
mod admin;
#[cfg(not(feature = "server"))]
mod buttons;
mod error;
#[cfg(not(feature = "server"))]
mod follow;
mod http;
#[cfg(not(feature = "server"))]
mod json;
#[cfg(not(feature = "server"))]
mod launch;
#[cfg(not(feature = "server"))]
mod links;
mod opts;
#[cfg(not(feature = "server"))]
mod page;
mod parse;
#[cfg(not(feature = "server"))]
mod relationship;
#[cfg(feature = "server")]
mod server;
#[cfg(not(feature = "server"))]
mod state;
#[cfg(feature = "server")]
mod stream;
#[cfg(feature = "server")]
mod webhook;

#[cfg(feature = "server")]
pub use admin::KakaoChannelAdmin;
// The browser's DOM exports; the server build (Node) leaves them out.
#[cfg(feature = "server")]
pub use admin::rules::{admin_limits, customer_file_schema, is_user_id, is_user_type};
#[cfg(not(feature = "server"))]
pub use buttons::{
    channel_button_attributes, cleanup, create_add_channel_button, create_chat_button,
    remove_channel_button, render_channel_button,
};
pub use error::Failure;
#[cfg(not(feature = "server"))]
pub use follow::follow_channel;
#[cfg(not(feature = "server"))]
pub use launch::{add_channel, chat};
#[cfg(not(feature = "server"))]
pub use links::{add_channel_url, chat_channel_url, configure};
pub use parse::parse_channel_id_outcome;
#[cfg(not(feature = "server"))]
pub use relationship::check_relationship;
#[cfg(feature = "server")]
pub use server::{server_add_channel_url, server_chat_channel_url};
#[cfg(feature = "server")]
pub use stream::RelationshipChunks;
#[cfg(feature = "server")]
pub use webhook::verify_webhook;

use wasm_bindgen::prelude::*;

/// How every typed result crosses to JavaScript: serde-wasm-bindgen's serializer, with maps as
/// plain objects. The core serialises the browser's results as maps with string keys (see its
/// `serialize_as_str!`): serde structs would bring serde-wasm-bindgen's field-name cache into the
/// browser module.
const RESULTS: serde_wasm_bindgen::Serializer =
    serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);

/// A typed result as a plain JavaScript value.
pub(crate) fn plain_js<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<JsValue, serde_wasm_bindgen::Error> {
    value.serialize(&RESULTS)
}

// SAFETY: wasm32 without the `atomics` target feature runs exactly one thread, so the allocator
// can never be entered concurrently. The browser build only: it saves bytes there; the server
// build keeps std's allocator, which stays fast with 100,000-user batches.
#[cfg(all(
    target_arch = "wasm32",
    not(target_feature = "atomics"),
    not(feature = "server")
))]
#[allow(unsafe_code)]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

/// The declarations of what the calls resolve with, generated from the core's serde types
/// (`node scripts/types.mjs`, ts-rs; tests check they match).
#[wasm_bindgen(typescript_custom_section)]
const TS_GENERATED_TYPES: &str = include_str!("generated/types.d.ts");

/// The hand-written declarations: options objects (read field by field from JavaScript values,
/// with signals, callbacks and elements no Rust type describes) and string unions.
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** A language Kakao's pages support. */
export type Lang = 'ko' | 'en' | 'ja';

/** Overrides for Kakao's hosts (https only; plain http only on loopback, for local testing). */
export type KakaoHosts = {
  /** REST API host. Default `https://kapi.kakao.com`. */
  api?: string;
  /** Auth host. Default `https://kauth.kakao.com`. */
  auth?: string;
  /** Channel pages host. Default `https://pf.kakao.com`. */
  pf?: string;
  /** Apps host (follow channel). Default `https://apps.kakao.com`. */
  apps?: string;
  /** KakaoTalk's universal-link host: iOS and iPadOS hand over to the app through
   * `{talkApps}/scheme/…`, as Kakao's SDK does. Default `https://talk-apps.kakao.com`. */
  talkApps?: string;
};

/** Options of `init`. */
export type InitOptions = {
  /** The app's JavaScript key (Kakao Developers console → App Keys). */
  appKey: string;
  /** Language of Kakao's pages. */
  lang?: Lang;
  /** Kakao's hosts, e.g. a local fake server in tests. */
  hosts?: KakaoHosts;
};

/** What `parseChannelIdOutcome` returns (internal: the package's `parseChannelId` and
 *  `safeParseChannelId` are built on it).
 *  @internal */
export type ParseOutcome =
  | { ok: true; channelPublicId: string }
  | { ok: false; code: 'INVALID_CHANNEL_ID' | 'SEARCH_ID_NOT_SUPPORTED'; message: string };

/** Options of the add/chat functions. */
export type ChannelLinkOptions = {
  /** The channel's public ID (`_ZeUTxl`) or its URL (`https://pf.kakao.com/_ZeUTxl`). */
  channelPublicId: string;
  /** Language of Kakao's page; defaults to `init`'s `lang`. */
  lang?: Lang;
};

/** Options of the server entry's link builders. */
export type ServerChannelLinkOptions = {
  /** The channel's public ID (`_ZeUTxl`) or its URL (`https://pf.kakao.com/_ZeUTxl`). */
  channelPublicId: string;
  /** The app's JavaScript key; without it the link carries no app parameters. */
  appKey?: string;
  /** Language of Kakao's page. */
  lang?: Lang;
  /** The site the link is for (e.g. `https://shop.example`), sent in the KA string. */
  origin?: string;
  /** Kakao's channel pages host. Default `https://pf.kakao.com`. */
  pfHost?: string;
};

/** Options of `checkRelationship`. */
export type CheckRelationshipOptions = {
  /** The user's Kakao Login access token (consented to `plusfriends`). Sent only in the
   *  `Authorization` header. */
  accessToken: string;
  /** Channels to ask about (IDs or URLs); omitted: every channel connected to the app. */
  channelPublicIds?: string[];
  /** Abort the call; it rejects with `ABORTED`. */
  signal?: AbortSignal;
  /** Give up after this many milliseconds (default 10000), retry included: `TIMEOUT`. */
  timeoutMs?: number;
};

/** Options of `followChannel`. */
export type FollowChannelOptions = {
  /** The channel's public ID (`_ZeUTxl`) or its URL. */
  channelPublicId: string;
  /** The user's Kakao Login access token, if logged in: the page then skips Kakao's login.
   *  Sent only in a form POST body to Kakao's auth host, exchanged for a one-time `agt`. */
  accessToken?: string;
  /** Give up after this many milliseconds (default 300000): rejects `TIMEOUT`. */
  timeoutMs?: number;
};

/** Options shared by both buttons. The container's `data-` attributes (`data-channel-public-id`,
 *  `data-size`, `data-support-multiple-densities`, `data-lang`, and for chat `data-color`,
 *  `data-shape`, `data-title`) override them; `"true"` / `"false"` are booleans there. */
export type ChannelButtonOptions = {
  /** The element to append the button to, or its id (`'kakao-btn'` or `'#kakao-btn'`). */
  container: HTMLElement | string;
  /** The channel's public ID (`_ZeUTxl`) or its URL (`https://pf.kakao.com/_ZeUTxl`). May come
   *  from `data-channel-public-id` instead. */
  channelPublicId: string;
  /** Image size. Default `small`. */
  size?: 'small' | 'large';
  /** Adds a `srcset` with Kakao's 2x and 3x images. Default `false`. */
  supportMultipleDensities?: boolean;
  /** Language of Kakao's page (not of the image); defaults to `init`'s `lang`. */
  lang?: Lang;
};

/** Options of `createAddChannelButton` (the image is always yellow). */
export type AddChannelButtonOptions = ChannelButtonOptions;

/** Options of `createChatButton`. */
export type ChatButtonOptions = ChannelButtonOptions & {
  /** Default `yellow`. */
  color?: 'yellow' | 'mono';
  /** `pc`: wide, with text; `mobile`: compact. Default `pc`. */
  shape?: 'pc' | 'mobile';
  /** Button text: 상담하기 (`consult`, default) or 문의하기 (`question`). */
  title?: 'consult' | 'question';
};
"#;
