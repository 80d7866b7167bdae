//! `init`'s configuration and the bridge links (browser build; parsing is in `parse.rs`, the
//! add/chat launchers in `launch.rs`).

use wasm_bindgen::prelude::*;

use kakao_channel_core::config::{Config, HostInput, HostOptions, Lang};
use kakao_channel_core::url::{bridge_url, AppParams, BridgeKind};
use kakao_channel_core::{ChannelId, Result};

use crate::error::Failure;
use crate::opts::Opts;
use crate::page::Page;
use crate::state;

fn host(opts: &Opts, key: &str) -> Result<Option<HostInput>> {
    Ok(opts.string(key)?.map(|value| HostInput {
        parts: crate::opts::url_parts(&value),
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

/// A bridge link: the channel, its URL, and the page it was built on.
pub(crate) struct BridgeLink {
    pub(crate) id: ChannelId,
    pub(crate) url: String,
    pub(crate) page: Option<Page>,
}

/// Builds the bridge link for `options` (`channelPublicId`, `lang`) with `init`'s configuration
/// and the current page.
pub(crate) fn bridge_link(
    options: JsValue,
    kind: BridgeKind,
    function: &'static str,
) -> Result<BridgeLink> {
    let opts = Opts::new(options, function)?;
    let id = opts.channel_id()?;
    link_for(id, opts.lang()?, kind, function)
}

/// The bridge link of a channel already parsed (`lang` falls back to `init`'s): the typed entry
/// the buttons use.
pub(crate) fn link_for(
    id: ChannelId,
    lang: Option<Lang>,
    kind: BridgeKind,
    function: &'static str,
) -> Result<BridgeLink> {
    let config = state::config(function)?;
    let lang = lang.or(config.lang);
    let page = Page::current();
    // The page's KA string, worked out once.
    let ka = state::ka();
    let referer = page.as_ref().and_then(Page::referer);
    let app = AppParams {
        app_key: &config.app_key,
        ka: &ka,
        referer: referer.as_deref(),
    };
    let url = bridge_url(&config.hosts.pf, &id, kind, Some(&app), lang);
    Ok(BridgeLink { id, url, page })
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
