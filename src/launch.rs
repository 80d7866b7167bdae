//! `addChannel` and `chat`: the bridge page opened the way Kakao's SDK 2.7.4 routes it
//! (kakao-protocol.md §10.2): a popup, this tab, or the KakaoTalk app after `validate/sdk`. Browser
//! build only.

use wasm_bindgen::prelude::*;

use kakao_channel_core::env::LaunchRoute;
use kakao_channel_core::http::is_success;
use kakao_channel_core::url::{
    app_url, popup_features, sdk_error_url, validate_sdk_request, BridgeKind, LaunchResult, Via,
    BRIDGE_POPUP,
};
use kakao_channel_core::{Error, ErrorCode, Result};

use crate::error::Failure;
use crate::links::{bridge_link, BridgeLink};
use crate::page::no_window;
use crate::{http, state};

/// Opens the add or chat page the way Kakao's SDK 2.7.4 routes it (kakao-protocol.md §10.2).
fn launch(options: JsValue, kind: BridgeKind, function: &'static str) -> Result<LaunchResult> {
    launch_link(bridge_link(options, kind, function)?, kind, function)
}

/// Opens a bridge link already built (`links::link_for`): the typed entry the buttons use.
pub(crate) fn launch_link(
    link: BridgeLink,
    kind: BridgeKind,
    function: &'static str,
) -> Result<LaunchResult> {
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
    crate::plain_js(&launched).map_err(|_| Failure(conversion_error()))
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

/// The (unexpected) failure to convert a result for JavaScript.
fn conversion_error() -> Error {
    Error::new(
        ErrorCode::UnsupportedEnvironment,
        "The result could not be converted to a JavaScript value.",
    )
}

/// Converts a value for JavaScript, or the error as a `KakaoChannelError`.
pub(crate) fn to_value<T: serde::Serialize>(value: &T) -> core::result::Result<JsValue, JsValue> {
    crate::plain_js(value).map_err(|_| crate::error::to_js(&conversion_error()))
}
