//! Exports only the Node entry (`kakao-channel/server`) needs. Compiled into the server build of
//! the wasm module (cargo feature `server`), never into the one browsers download.

use wasm_bindgen::prelude::*;

use kakao_channel_core::config::{validate_app_key, validate_base_url, Hosts, Lang};
use kakao_channel_core::url::{bridge_url, ka_string, AppParams, BridgeKind, KaInfo};
use kakao_channel_core::Result;

use crate::error::Failure;
use crate::opts::url_parts;
use crate::opts::Opts;

fn server_link(options: JsValue, kind: BridgeKind, function: &'static str) -> Result<String> {
    let opts = Opts::new(options, function)?;
    let id = opts.channel_id()?;
    let lang = opts.lang()?;
    let pf = match opts.string("pfHost")? {
        Some(host) => validate_base_url("pfHost", &host, url_parts(&host).as_ref())?,
        None => Hosts::default().pf,
    };
    let origin = opts.string("origin")?;
    let app_key = opts
        .string("appKey")?
        .map(|k| validate_app_key(&k))
        .transpose()?;
    let ka = ka_string(&KaInfo {
        lang: lang.map_or("ko", Lang::as_str),
        device: "node",
        origin: origin.as_deref(),
    });
    let app = app_key.as_deref().map(|app_key| AppParams {
        app_key,
        ka: &ka,
        referer: origin.as_deref(),
    });
    Ok(bridge_url(&pf, &id, kind, app.as_ref(), lang))
}

/// Server entry: the add page URL, built without `init` (see `ServerChannelLinkOptions`).
///
/// @internal
#[doc(hidden)]
#[wasm_bindgen(js_name = serverAddChannelUrl)]
pub fn server_add_channel_url(
    #[wasm_bindgen(unchecked_param_type = "ServerChannelLinkOptions")] options: JsValue,
) -> core::result::Result<String, Failure> {
    Ok(server_link(options, BridgeKind::Add, "addChannelUrl")?)
}

/// Server entry: the chat page URL, built without `init` (see `ServerChannelLinkOptions`).
///
/// @internal
#[doc(hidden)]
#[wasm_bindgen(js_name = serverChatChannelUrl)]
pub fn server_chat_channel_url(
    #[wasm_bindgen(unchecked_param_type = "ServerChannelLinkOptions")] options: JsValue,
) -> core::result::Result<String, Failure> {
    Ok(server_link(options, BridgeKind::Chat, "chatChannelUrl")?)
}
