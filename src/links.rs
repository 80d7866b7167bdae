//! `init`'s configuration, channel-ID parsing, the bridge links and the add/chat launchers.

use wasm_bindgen::prelude::*;

use js_sys::JsString;
use kakao_channel_core::config::{Config, HostInput, HostOptions};
use kakao_channel_core::env::LaunchRoute;
use kakao_channel_core::http::is_success;
use kakao_channel_core::id::{self, Located};
use kakao_channel_core::url::{
    app_url, bridge_url, popup_features, sdk_error_url, validate_sdk_request, AppParams,
    BridgeKind, LaunchResult, Via, BRIDGE_POPUP,
};
use kakao_channel_core::{ChannelId, Error, ErrorCode, Result};

use crate::error::{to_js, Failure};
use crate::opts::Opts;
use crate::page::{self, ka_without_page, no_window, Page};
use crate::{http, state};

fn host(opts: &Opts, key: &str) -> Result<Option<HostInput>> {
    Ok(opts.string(key)?.map(|value| HostInput {
        parts: page::url_parts(&value),
        value,
    }))
}

/// Stores the validated `init` options. Called by the package's `init()` once the module is
/// loaded; a later call with other options replaces the configuration.
///
/// @throws {KakaoChannelError} `INVALID_ARGUMENT` for a missing app key, an unknown `lang` or a
/// host that is not https (or http on loopback).
///
/// @internal
#[wasm_bindgen(js_name = configure)]
pub fn configure(
    #[wasm_bindgen(unchecked_param_type = "InitOptions")] options: JsValue,
) -> core::result::Result<(), Failure> {
    let opts = Opts::new(options, "init")?;
    let app_key = opts.string("appKey")?.unwrap_or_default();
    let lang = opts.string("lang")?;
    let hosts = match opts.object("hosts")? {
        Some(h) => HostOptions {
            api: host(&h, "api")?,
            auth: host(&h, "auth")?,
            pf: host(&h, "pf")?,
            apps: host(&h, "apps")?,
            talk_apps: host(&h, "talkApps")?,
        },
        None => HostOptions::default(),
    };
    state::set_config(Config::new(&app_key, lang.as_deref(), &hosts)?);
    Ok(())
}

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    /// `{ ok: true, channelPublicId: input.slice(start, end) }`.
    #[wasm_bindgen(js_name = parsedAt)]
    fn parsed_at(input: &JsValue, start: u32, end: u32) -> JsValue;
    /// `{ ok: true, channelPublicId: id }`.
    #[wasm_bindgen(js_name = parsedId)]
    fn parsed_id(id: &str) -> JsValue;
    /// `{ ok: false, code, message }`: the package's JS turns it into a `KakaoChannelError` once
    /// this call has returned (an `Error` made while wasm frames are on the stack costs V8 a
    /// symbolisation of every frame).
    #[wasm_bindgen(js_name = parseRefused)]
    fn parse_refused(code: &str, message: &str) -> JsValue;
}

fn refused(err: &Error) -> JsValue {
    parse_refused(err.code().as_str(), err.message())
}

/// The channel public ID in what a user pasted (`_ZeUTxl`, or a pf.kakao.com URL such as
/// `https://pf.kakao.com/_ZeUTxl/chat`; surrounding white space ignored), as an outcome that
/// never throws: `{ ok: true, channelPublicId }` or `{ ok: false, code, message }` with
/// `INVALID_CHANNEL_ID` or `SEARCH_ID_NOT_SUPPORTED` and the message `parseChannelId` throws.
/// The package's `parseChannelId` and `safeParseChannelId` are built on it. Any value is
/// accepted: only a string is ever read (a 10 MB one only up to its length).
///
/// @internal
#[wasm_bindgen(js_name = parseChannelIdOutcome, unchecked_return_type = "ParseOutcome")]
pub fn parse_channel_id_outcome(
    #[wasm_bindgen(unchecked_param_type = "unknown")] input: &JsValue,
) -> JsValue {
    let text = match input.dyn_ref::<JsString>() {
        Some(text) if id::too_long_utf16(text.length() as usize) => {
            // Only the characters the message quotes cross into wasm (2 UTF-16 units each at
            // most, plus one so the quote is cut and ends in `…`).
            let head = text
                .slice(0, 2 * id::QUOTED_CHARS as u32 + 2)
                .as_string()
                .unwrap_or_default();
            return refused(&id::too_long(&head));
        }
        Some(_) => input.as_string(),
        None => None,
    };
    let Some(text) = text else {
        return refused(&Error::new(
            ErrorCode::InvalidChannelId,
            "parseChannelId() takes a string such as '_ZeUTxl' or 'https://pf.kakao.com/_ZeUTxl'.",
        ));
    };
    match id::locate_channel_id(&text) {
        Ok(Located::Within(range)) => {
            // JavaScript slices by UTF-16 units: count them up to the ID (the ID is ASCII).
            let start = text
                .get(..range.start)
                .map_or(0, |head| head.encode_utf16().count());
            let start = u32::try_from(start).unwrap_or(0);
            let len = u32::try_from(range.len()).unwrap_or(0);
            parsed_at(input, start, start + len)
        }
        Ok(Located::Decoded(id)) => parsed_id(id.as_str()),
        Err(err) => refused(&err),
    }
}

/// A bridge link: the channel, its URL, and the page it was built on.
pub(crate) struct Link {
    pub(crate) id: ChannelId,
    pub(crate) url: String,
    pub(crate) page: Option<Page>,
}

/// Builds the bridge link for `options` with `init`'s configuration and the current page.
pub(crate) fn bridge_link(
    options: JsValue,
    kind: BridgeKind,
    function: &'static str,
) -> Result<Link> {
    let config = state::config(function)?;
    let opts = Opts::new(options, function)?;
    let id = opts.channel_id()?;
    let lang = opts.lang()?.or(config.lang);
    let page = Page::current();
    let ka = page.as_ref().map_or_else(ka_without_page, Page::ka);
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
///
/// @example
/// ```ts
/// const link = document.querySelector<HTMLAnchorElement>('a#add-channel')!;
/// link.href = addChannelUrl({ channelPublicId: '_ZeUTxl' }); // https://pf.kakao.com/_ZeUTxl/friend?…
/// ```
#[wasm_bindgen(js_name = addChannelUrl)]
pub fn add_channel_url(
    #[wasm_bindgen(unchecked_param_type = "ChannelLinkOptions")] options: JsValue,
) -> core::result::Result<String, Failure> {
    Ok(bridge_link(options, BridgeKind::Add, "addChannelUrl")?.url)
}

/// The URL of the channel's 1:1 chat page (`{pf}/{id}/chat` with Kakao's bridge parameters).
/// Pure: opens nothing.
///
/// @throws {KakaoChannelError} `NOT_INITIALIZED`, `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`,
/// `INVALID_ARGUMENT`.
///
/// @example
/// ```ts
/// const href = chatChannelUrl({ channelPublicId: '_ZeUTxl', lang: 'en' }); // https://pf.kakao.com/_ZeUTxl/chat?…
/// ```
#[wasm_bindgen(js_name = chatChannelUrl)]
pub fn chat_channel_url(
    #[wasm_bindgen(unchecked_param_type = "ChannelLinkOptions")] options: JsValue,
) -> core::result::Result<String, Failure> {
    Ok(bridge_link(options, BridgeKind::Chat, "chatChannelUrl")?.url)
}

/// Opens the add or chat page the way Kakao's SDK 2.7.4 routes it (kakao-protocol.md §10.2).
pub(crate) fn launch(
    options: JsValue,
    kind: BridgeKind,
    function: &'static str,
) -> Result<LaunchResult> {
    let link = bridge_link(options, kind, function)?;
    let page = link.page.ok_or_else(|| no_window(function))?;
    let result = |url: String, via: Via| Ok(LaunchResult { url, via });
    match page.environment().launch_route() {
        LaunchRoute::Redirect => {
            page.navigate(&link.url)?;
            result(link.url, Via::Redirect)
        }
        LaunchRoute::App(os) => {
            let referer = page.referer().unwrap_or_default();
            let config = state::config(function)?;
            let app = app_url(
                &config.hosts.talk_apps,
                os,
                kind,
                &link.id,
                &referer,
                &link.url,
            );
            let request = validate_sdk_request(
                &config.hosts.api,
                kind,
                &link.id,
                &config.app_key,
                &page.ka(),
            );
            let refused = sdk_error_url(&config.hosts.pf, &link.id);
            let target = app.clone();
            // Kakao checks the channel and counts the call first; then the app takes over, or
            // the tab shows Kakao's error page.
            wasm_bindgen_futures::spawn_local(async move {
                let answer = http::send(&request, None).await;
                let url = match answer {
                    Some(answer) if is_success(answer.status) => &target,
                    _ => &refused,
                };
                let _ = page.navigate(url);
            });
            result(app, Via::App)
        }
        LaunchRoute::Popup => {
            let features = popup_features(&page.screen, BRIDGE_POPUP);
            if page
                .open(&link.url, kind.window_name(), &features)
                .is_some()
            {
                return result(link.url, Via::Popup);
            }
            page.navigate(&link.url)?;
            result(link.url, Via::Redirect)
        }
    }
}

fn launch_js(
    options: JsValue,
    kind: BridgeKind,
    function: &'static str,
) -> core::result::Result<JsValue, Failure> {
    let launched = launch(options, kind, function)?;
    serde_wasm_bindgen::to_value(&launched).map_err(|_| {
        Failure(Error::new(
            ErrorCode::UnsupportedEnvironment,
            "The result could not be converted.",
        ))
    })
}

/// Opens the channel's add page, synchronously: call it directly inside a click handler, with no
/// `await` before it. As Kakao's SDK: on desktop (and Android tablets) a popup, or this tab when
/// the popup is blocked (`via: 'redirect'`); inside KakaoTalk this tab goes to the page
/// (`redirect`); on a phone or iPad the KakaoTalk app takes over after Kakao's `validate/sdk`
/// check (`app`; when Kakao refuses, the tab shows Kakao's `sdk_error` page). Kakao does not
/// report whether the user added the channel: ask `checkRelationship` afterwards.
///
/// @throws {KakaoChannelError} `NOT_INITIALIZED`, `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`,
/// `INVALID_ARGUMENT`, `UNSUPPORTED_ENVIRONMENT` (no window).
///
/// @example
/// ```ts
/// button.addEventListener('click', () => {
///   const { via } = addChannel({ channelPublicId: '_ZeUTxl' }); // no await before it
///   console.log(via); // 'popup', 'redirect' or 'app'
/// });
/// ```
#[wasm_bindgen(js_name = addChannel, unchecked_return_type = "LaunchResult")]
pub fn add_channel(
    #[wasm_bindgen(unchecked_param_type = "ChannelLinkOptions")] options: JsValue,
) -> core::result::Result<JsValue, Failure> {
    launch_js(options, BridgeKind::Add, "addChannel")
}

/// Opens a 1:1 chat with the channel, synchronously (see `addChannel` for the routes: popup,
/// `redirect` when blocked or inside KakaoTalk, `app` on phones and iPads).
///
/// @throws {KakaoChannelError} `NOT_INITIALIZED`, `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`,
/// `INVALID_ARGUMENT`, `UNSUPPORTED_ENVIRONMENT` (no window).
///
/// @example
/// ```ts
/// button.addEventListener('click', () => {
///   chat({ channelPublicId: '_ZeUTxl', lang: 'ko' });
/// });
/// ```
#[wasm_bindgen(js_name = chat, unchecked_return_type = "LaunchResult")]
pub fn chat(
    #[wasm_bindgen(unchecked_param_type = "ChannelLinkOptions")] options: JsValue,
) -> core::result::Result<JsValue, Failure> {
    launch_js(options, BridgeKind::Chat, "chat")
}

/// Converts a value for JavaScript, or the error.
pub(crate) fn to_value<T: serde::Serialize>(value: &T) -> core::result::Result<JsValue, JsValue> {
    serde_wasm_bindgen::to_value(value).map_err(|_| {
        to_js(&Error::new(
            ErrorCode::UnsupportedEnvironment,
            "The result could not be converted to a JavaScript value.",
        ))
    })
}
