//! The thin wasm-bindgen boundary: reads JavaScript options, calls the core, does the I/O and DOM
//! work, and turns core errors into `KakaoChannelError`s. No business logic lives here.
//!
//! The package's JavaScript entry (`js/index.js`) loads this module in `init()` and guards every
//! export with `NOT_INITIALIZED` until then.

use crate::prelude::*;

#[cfg(feature = "buttons")]
mod buttons;
mod error;
#[cfg(feature = "follow")]
mod follow;
mod opts;
mod page;
#[cfg(feature = "relationship")]
mod relationship;
mod state;

#[cfg(feature = "buttons")]
pub use buttons::*;
#[cfg(feature = "follow")]
pub use follow::*;
#[cfg(feature = "relationship")]
pub use relationship::*;

use wasm_bindgen::prelude::*;

use crate::core::config::{Config, HostOptions, Lang};
use crate::core::url::{app_url, bridge_url, popup_features, AppParams, BridgeKind, BRIDGE_POPUP};
use crate::core::{parse_channel_id, ChannelId, Error, Result};
use opts::{object, Opts};
use page::Page;

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

/** One channel's relation to the user. */
export type ChannelRelationship = {
  /** `_ZeUTxl`. */
  channelPublicId: string;
  /** The channel's search ID (`@name`); Kakao calls it `channel_uuid`. */
  channelUuid: string;
  /** `ADDED`, `BLOCKED`, or `NONE` (never added nor blocked). */
  relation: 'ADDED' | 'BLOCKED' | 'NONE';
  /** When the relation last changed (RFC 3339), if Kakao says. */
  updatedAt?: string;
};

/** The answer of `checkRelationship`. */
export type ChannelRelationships = {
  /** The user's service user ID. */
  userId: number;
  /** Channels connected to the app; empty when the app has none connected. */
  channels: ChannelRelationship[];
};

/** How a bridge page was opened. */
export type LaunchResult = {
  /** The URL that was opened. */
  url: string;
  /** `popup`: a new window; `redirect`: the popup was blocked, so this tab navigated;
   *  `app`: on a phone, handed over to the KakaoTalk app. */
  via: 'popup' | 'redirect' | 'app';
};
"#;

static CONFIG: state::Global<Option<Config>> = state::Global::new(None);

/// Runs `f` with the configuration stored by `init`, or fails with `NOT_INITIALIZED`.
pub(crate) fn with_config<T>(function: &str, f: impl FnOnce(&Config) -> Result<T>) -> Result<T> {
    CONFIG
        .with(|c| c.as_ref().map(f))
        .flatten()
        .unwrap_or_else(|| Err(Error::not_initialized(function)))
}

fn lang_option(opts: &Opts) -> Result<Option<Lang>> {
    opts.string("lang")?.as_deref().map(Lang::parse).transpose()
}

/// Stores the validated `init` options. Called by the package's `init()` once the module is
/// loaded; a later call with other options replaces the configuration.
///
/// @throws {KakaoChannelError} `INVALID_ARGUMENT` for a missing app key, an unknown `lang` or a
/// host that is not https (or http on loopback).
#[wasm_bindgen(js_name = configure)]
pub fn configure(
    #[wasm_bindgen(unchecked_param_type = "InitOptions")] options: JsValue,
) -> core::result::Result<(), JsValue> {
    let opts = Opts::new(options, "init")?;
    let app_key = opts.string("appKey")?.unwrap_or_default();
    let lang = opts.string("lang")?;
    let mut hosts = HostOptions::default();
    if let Some(h) = opts.object("hosts")? {
        hosts = HostOptions {
            api: page::host_input(h.string("api")?),
            auth: page::host_input(h.string("auth")?),
            pf: page::host_input(h.string("pf")?),
            apps: page::host_input(h.string("apps")?),
        };
    }
    let config = Config::new(&app_key, lang.as_deref(), &hosts)?;
    CONFIG.with(|c| *c = Some(config));
    Ok(())
}

/// Extracts the channel public ID from what a user pasted: `_ZeUTxl`, or a pf.kakao.com URL such
/// as `https://pf.kakao.com/_ZeUTxl/chat`. Surrounding white space is ignored.
///
/// @returns the public ID, e.g. `_ZeUTxl`.
/// @throws {KakaoChannelError} `INVALID_CHANNEL_ID`, or `SEARCH_ID_NOT_SUPPORTED` for an `@name`
/// search ID.
#[wasm_bindgen(js_name = parseChannelId)]
pub fn parse_channel_id_js(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
) -> core::result::Result<String, JsValue> {
    let Some(input) = input.as_string() else {
        return Err(Error::new(
            crate::core::ErrorCode::InvalidChannelId,
            "parseChannelId() takes a string such as '_ZeUTxl' or 'https://pf.kakao.com/_ZeUTxl'.",
        )
        .into());
    };
    Ok(parse_channel_id(&input)?.as_str().to_owned())
}

/// Everything a bridge link needs, read from the options, the configuration and the page.
struct Link {
    id: ChannelId,
    url: String,
    page: Option<Page>,
}

fn browser_link(options: JsValue, kind: BridgeKind, function: &'static str) -> Result<Link> {
    with_config(function, |config| {
        bridge_link(config, options, kind, function)
    })
}

fn bridge_link(
    config: &Config,
    options: JsValue,
    kind: BridgeKind,
    function: &'static str,
) -> Result<Link> {
    let opts = Opts::new(options, function)?;
    let id = opts.channel_id()?;
    let lang = lang_option(&opts)?.or(config.lang);
    let page = Page::current();
    let ka = match &page {
        Some(page) => page.ka(),
        None => crate::core::url::ka_string(&crate::core::url::KaInfo {
            lang: "",
            device: "",
            origin: None,
        }),
    };
    let referer = page.as_ref().and_then(Page::referer);
    let app = AppParams {
        app_key: &config.app_key,
        ka: &ka,
        referer: referer.as_deref(),
    };
    let url = bridge_url(&config.hosts.pf, &id, kind, Some(&app), lang);
    Ok(Link { id, url, page })
}

/// The URL of the channel's add page (`{pf}/{id}/friend` with Kakao's bridge parameters), for an
/// `<a href>` that works without JavaScript. Pure: opens nothing.
///
/// @throws {KakaoChannelError} `NOT_INITIALIZED`, `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`,
/// `INVALID_ARGUMENT`.
#[wasm_bindgen(js_name = addChannelUrl)]
pub fn add_channel_url(
    #[wasm_bindgen(unchecked_param_type = "ChannelLinkOptions")] options: JsValue,
) -> core::result::Result<String, JsValue> {
    Ok(browser_link(options, BridgeKind::Add, "addChannelUrl")?.url)
}

/// The URL of the channel's 1:1 chat page (`{pf}/{id}/chat` with Kakao's bridge parameters).
/// Pure: opens nothing.
///
/// @throws {KakaoChannelError} `NOT_INITIALIZED`, `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`,
/// `INVALID_ARGUMENT`.
#[wasm_bindgen(js_name = chatChannelUrl)]
pub fn chat_channel_url(
    #[wasm_bindgen(unchecked_param_type = "ChannelLinkOptions")] options: JsValue,
) -> core::result::Result<String, JsValue> {
    Ok(browser_link(options, BridgeKind::Chat, "chatChannelUrl")?.url)
}

fn launch(options: JsValue, kind: BridgeKind, function: &'static str) -> Result<JsValue> {
    let link = browser_link(options, kind, function)?;
    let page = link
        .page
        .as_ref()
        .ok_or_else(|| page::no_window(function))?;
    let result = |url: &str, via: &str| {
        object(&[
            ("url", JsValue::from_str(url)),
            ("via", JsValue::from_str(via)),
        ])
    };
    if let Some(os) = page.environment().mobile {
        let referer = page.referer().unwrap_or_default();
        let url = app_url(os, kind, &link.id, &referer, &link.url);
        page::go(&url)?;
        return Ok(result(&url, "app"));
    }
    let features = popup_features(&page.geometry, BRIDGE_POPUP, "scrollbars=yes,resizable=1");
    if page::open_popup(&link.url, kind.window_name(), &features) {
        return Ok(result(&link.url, "popup"));
    }
    page::go(&link.url)?;
    Ok(result(&link.url, "redirect"))
}

/// Opens the channel's add page in a popup, synchronously: call it directly inside a click
/// handler, with no `await` before it, or the browser blocks the popup. When the popup is blocked
/// anyway, this tab navigates to the page instead (`via: 'redirect'`); on Android and iOS it hands
/// over to the KakaoTalk app (`via: 'app'`). Kakao does not report whether the user added the
/// channel: ask `checkRelationship` afterwards.
///
/// @throws {KakaoChannelError} `NOT_INITIALIZED`, `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`,
/// `INVALID_ARGUMENT`, `UNSUPPORTED_ENVIRONMENT` (no window).
#[wasm_bindgen(js_name = addChannel, unchecked_return_type = "LaunchResult")]
pub fn add_channel(
    #[wasm_bindgen(unchecked_param_type = "ChannelLinkOptions")] options: JsValue,
) -> core::result::Result<JsValue, JsValue> {
    Ok(launch(options, BridgeKind::Add, "addChannel")?)
}

/// Opens a 1:1 chat with the channel in a popup, synchronously (see `addChannel` for the rules:
/// call it inside the click, `redirect` when blocked, `app` on phones).
///
/// @throws {KakaoChannelError} `NOT_INITIALIZED`, `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`,
/// `INVALID_ARGUMENT`, `UNSUPPORTED_ENVIRONMENT` (no window).
#[wasm_bindgen(js_name = chat, unchecked_return_type = "LaunchResult")]
pub fn chat(
    #[wasm_bindgen(unchecked_param_type = "ChannelLinkOptions")] options: JsValue,
) -> core::result::Result<JsValue, JsValue> {
    Ok(launch(options, BridgeKind::Chat, "chat")?)
}

#[cfg(feature = "server")]
mod server;
#[cfg(feature = "server")]
pub use server::*;
