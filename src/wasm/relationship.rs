//! Boundary of `checkRelationship`. The JS layer (`js/index.js`) runs `fetch` with the timeout,
//! the retry and the coalescing; these exports describe the request and decide what every answer
//! means, through the core.

use wasm_bindgen::prelude::*;

use super::opts::{object, Opts};
use super::page::Page;
use super::with_config;
use crate::core::http::{self, Transport};
use crate::core::relationship::{
    decode_relationships, dedupe, relationship_url, validate_access_token,
};
use crate::core::text::cat;
use crate::core::url::{ka_string, KaInfo};
use crate::core::{Error, Result};

/// Default `timeoutMs`.
const DEFAULT_TIMEOUT_MS: f64 = 10_000.0;

fn describe(options: JsValue) -> Result<JsValue> {
    const FUNCTION: &str = "checkRelationship";
    with_config(FUNCTION, |config| {
        let opts = Opts::new(options, FUNCTION)?;
        let token = opts.string("accessToken")?.unwrap_or_default();
        validate_access_token(&token)?;
        let ids = dedupe(opts.channel_ids("channelPublicIds")?.unwrap_or_default());
        let timeout = opts.number("timeoutMs")?.unwrap_or(DEFAULT_TIMEOUT_MS);
        if !(1.0..=2_147_483_647.0).contains(&timeout) {
            return Err(Error::invalid_argument(
                "checkRelationship(): timeoutMs must be between 1 and 2147483647.",
            ));
        }
        let url = relationship_url(&config.hosts.api, &ids);
        let ka = match Page::current() {
            Some(page) => page.ka(),
            None => ka_string(&KaInfo {
                lang: "",
                device: "",
                origin: None,
            }),
        };
        Ok(object(&[
            ("url", JsValue::from_str(&url)),
            (
                "authorization",
                JsValue::from_str(&cat(&["Bearer ", &token])),
            ),
            ("ka", JsValue::from_str(&ka)),
            ("key", JsValue::from_str(&cat(&[&token, "\n", &url]))),
            ("timeoutMs", JsValue::from_f64(f64::from(timeout as u32))),
        ]))
    })
}

/// Validates `checkRelationship` options and describes the request: `{ url, authorization, ka,
/// key, timeoutMs }`. Internal to the package's JS layer.
#[doc(hidden)]
#[wasm_bindgen(js_name = relationshipRequest)]
pub fn relationship_request(options: JsValue) -> core::result::Result<JsValue, JsValue> {
    Ok(describe(options)?)
}

/// Decodes Kakao's answer into `ChannelRelationships`, or throws the mapped `KakaoChannelError`.
/// Internal to the package's JS layer.
#[doc(hidden)]
#[wasm_bindgen(js_name = relationshipResponse, unchecked_return_type = "ChannelRelationships")]
pub fn relationship_response(
    status: u16,
    body: &str,
    token: &str,
) -> core::result::Result<JsValue, JsValue> {
    let decoded = decode_relationships(status, body, token)?;
    let channels: js_sys::Array = decoded
        .channels
        .iter()
        .map(|c| {
            let item = object(&[
                ("channelPublicId", JsValue::from_str(&c.channel_public_id)),
                ("channelUuid", JsValue::from_str(&c.channel_uuid)),
                ("relation", JsValue::from_str(c.relation.as_str())),
            ]);
            if let Some(at) = &c.updated_at {
                let _ = js_sys::Reflect::set(&item, &"updatedAt".into(), &JsValue::from_str(at));
            }
            item
        })
        .collect();
    Ok(object(&[
        ("userId", JsValue::from_f64(decoded.user_id as f64)),
        ("channels", channels.into()),
    ]))
}

/// The `KakaoChannelError` for a request that got no answer (`'network' | 'timeout' |
/// 'aborted'`). Internal to the package's JS layer.
#[doc(hidden)]
#[wasm_bindgen(js_name = requestFailure)]
pub fn request_failure(kind: &str, timeout_ms: u32) -> JsValue {
    http::transport_error(
        Transport::parse(kind).unwrap_or(Transport::Network),
        timeout_ms,
    )
    .into()
}

/// Milliseconds to wait before retrying, or -1 for no retry (status 0: no answer). Internal.
#[doc(hidden)]
#[wasm_bindgen(js_name = retryDelay)]
pub fn retry_delay(attempt: u32, status: u16, random: f64) -> i32 {
    http::retry_delay(attempt, status, random).map_or(-1, |ms| ms as i32)
}
