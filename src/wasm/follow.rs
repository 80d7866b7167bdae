//! Boundary of `followChannel`. The JS layer (`js/follow.js`) opens the window inside the click,
//! appends the proxy iframe, listens and times out; these exports plan the call and judge every
//! message and answer, through the core.

use wasm_bindgen::prelude::*;

use super::opts::{object, Opts};
use super::page::{no_window, Page};
use super::with_config;
use crate::core::config::origin_of;
use crate::core::follow::{
    agt_request_body, decode_agt, follow_url, judge_message, popup_blocked, proxy_url, trans_id,
    unsupported_browser, FollowOutcome, MessageVerdict,
};
use crate::core::http::{transport_error, Transport};
use crate::core::relationship::validate_access_token;
use crate::core::text::cat;
use crate::core::url::{encode_uri_component, popup_features, FOLLOW_POPUP};
use crate::core::{Error, ErrorCode, Result};
use crate::prelude::*;

/// Default `timeoutMs`: five minutes for the user to decide.
const DEFAULT_TIMEOUT_MS: f64 = 300_000.0;

fn plan(options: JsValue, random: &[u8]) -> Result<JsValue> {
    const FUNCTION: &str = "followChannel";
    with_config(FUNCTION, |config| {
        let opts = Opts::new(options, FUNCTION)?;
        let id = opts.channel_id()?;
        let token = opts.string("accessToken")?;
        if let Some(token) = &token {
            validate_access_token(token)?;
        }
        let timeout = opts.number("timeoutMs")?.unwrap_or(DEFAULT_TIMEOUT_MS);
        if !(1.0..=2_147_483_647.0).contains(&timeout) {
            return Err(Error::invalid_argument(
                "followChannel(): timeoutMs must be between 1 and 2147483647.",
            ));
        }
        let page = Page::current().ok_or_else(|| no_window(FUNCTION))?;
        if !page.environment().supports_follow_channel() {
            return Err(unsupported_browser());
        }
        let trans_id = trans_id(random).ok_or_else(|| {
            Error::new(
                ErrorCode::UnsupportedEnvironment,
                "followChannel(): the browser gave no random bytes (crypto.getRandomValues).",
            )
        })?;
        let ka = page.ka();
        let apps = &config.hosts.apps;
        let mut fields = alloc::vec![
            ("channelPublicId", JsValue::from_str(id.as_str())),
            (
                "url",
                JsValue::from_str(&follow_url(
                    apps,
                    &config.app_key,
                    &id,
                    &ka,
                    &trans_id,
                    None
                )),
            ),
            ("proxyUrl", JsValue::from_str(&proxy_url(apps, &trans_id))),
            ("appsOrigin", JsValue::from_str(origin_of(apps))),
            ("transId", JsValue::from_str(&trans_id)),
            (
                "features",
                JsValue::from_str(&popup_features(
                    &page.geometry,
                    FOLLOW_POPUP,
                    "location=no,resizable=no,status=no,scrollbars=no",
                )),
            ),
            ("timeoutMs", JsValue::from_f64(f64::from(timeout as u32))),
            ("ka", JsValue::from_str(&ka)),
        ];
        if let Some(token) = &token {
            fields.push((
                "agtUrl",
                JsValue::from_str(&cat(&[&config.hosts.auth, "/api/agt"])),
            ));
            fields.push((
                "agtBody",
                JsValue::from_str(&agt_request_body(&config.app_key, token)),
            ));
            fields.push(("token", JsValue::from_str(token)));
        }
        Ok(object(&fields))
    })
}

/// Validates `followChannel` options (channel, optional token, timeoutMs), refuses Facebook and
/// Instagram in-app browsers, draws the transaction ID from `random` (CSPRNG bytes) and plans the
/// call: `{ channelPublicId, url, proxyUrl, appsOrigin, transId, features, timeoutMs, ka,
/// agtUrl?, agtBody?, token? }`. Internal to the package's JS layer.
#[doc(hidden)]
#[wasm_bindgen(js_name = followPlan)]
pub fn follow_plan(options: JsValue, random: &[u8]) -> core::result::Result<JsValue, JsValue> {
    Ok(plan(options, random)?)
}

/// The follow URL with the `agt` from Kakao's answer appended, or the mapped error. Internal.
#[doc(hidden)]
#[wasm_bindgen(js_name = followUrlWithAgt)]
pub fn follow_url_with_agt(
    url: &str,
    status: u16,
    body: &str,
    token: &str,
) -> core::result::Result<String, JsValue> {
    let agt = decode_agt(status, body, token)?;
    Ok(cat(&[url, "&agt=", &encode_uri_component(&agt)]))
}

/// Judges one `message` event: `'ignore'`, `'success'` or `'fail'`, or throws `FOLLOW_FAILED`
/// for a `KAE…` error. Internal.
#[doc(hidden)]
#[wasm_bindgen(js_name = judgeFollowMessage)]
pub fn judge_follow_message(
    origin: &str,
    apps_origin: &str,
    from_own_frame: bool,
    data: Option<String>,
    trans_id: &str,
) -> core::result::Result<String, JsValue> {
    match judge_message(
        origin,
        apps_origin,
        from_own_frame,
        data.as_deref(),
        trans_id,
    ) {
        MessageVerdict::Ignore => Ok("ignore".into()),
        MessageVerdict::Done(FollowOutcome::Success) => Ok("success".into()),
        MessageVerdict::Done(FollowOutcome::Fail) => Ok("fail".into()),
        MessageVerdict::Done(FollowOutcome::Failed(err)) => Err(err.into()),
    }
}

/// The error for `'blocked'` (POPUP_BLOCKED), `'timeout'` (TIMEOUT after `timeout_ms`) or
/// `'network'` (the agt request got no answer). Internal.
#[doc(hidden)]
#[wasm_bindgen(js_name = followError)]
pub fn follow_error(kind: &str, timeout_ms: u32) -> JsValue {
    match kind {
        "blocked" => popup_blocked(),
        "timeout" => {
            let mut message = String::from("The user did not finish adding the channel within ");
            crate::core::text::push_int(&mut message, i64::from(timeout_ms));
            message.push_str(" ms; the follow window was closed. Call followChannel() again.");
            Error::new(ErrorCode::Timeout, message)
        }
        _ => transport_error(Transport::Network, 0),
    }
    .into()
}
