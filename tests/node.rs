//! The wasm module in Node (`wasm-pack test --node`): what works without a page. Parsing, link
//! building, errors, and the relationship check through gloo-net on Node's global `fetch`
//! against the fake Kakao server.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg(target_arch = "wasm32")]
// The browser build's exports (the server build leaves them out).
#![cfg(not(feature = "server"))]

use js_sys::Reflect;
use kakao_channel::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

#[wasm_bindgen(inline_js = "export function obj(json) { return JSON.parse(json); }")]
extern "C" {
    fn obj(json: &str) -> JsValue;
}

fn code(err: &JsValue) -> String {
    Reflect::get(err, &"code".into())
        .unwrap()
        .as_string()
        .unwrap()
}

fn fake_url() -> &'static str {
    option_env!("KAKAO_FAKE_URL").unwrap_or_else(|| {
        panic!("KAKAO_FAKE_URL is not set: run through scripts/with-fake-kakao.mjs (npm test)")
    })
}

fn init() {
    let base = fake_url();
    configure(obj(&format!(
        r#"{{"appKey":"demo-javascript-key","hosts":{{"api":"{base}","auth":"{base}","apps":"{base}","pf":"{base}"}}}}"#
    )))
    .unwrap();
}

#[wasm_bindgen_test]
fn parsing_and_links_work_without_a_page() {
    init();
    let found = parse_channel_id_outcome(&" https://pf.kakao.com/_ZeUTxl/chat ".into());
    assert_eq!(
        Reflect::get(&found, &"channelPublicId".into()).unwrap(),
        "_ZeUTxl"
    );
    let refused = parse_channel_id_outcome(&"@brand".into());
    assert_eq!(Reflect::get(&refused, &"ok".into()).unwrap(), false);
    assert_eq!(code(&refused), "SEARCH_ID_NOT_SUPPORTED");
    let url = add_channel_url(obj(r#"{"channelPublicId":"_ZeUTxl"}"#)).unwrap();
    assert!(url.starts_with(&format!(
        "{}/_ZeUTxl/friend?api_ver=1.1&kakao_agent=",
        fake_url()
    )));
    assert!(url.contains("&app_key=demo-javascript-key"), "{url}");
    // Opening a window needs one.
    let err: JsValue = add_channel(obj(r#"{"channelPublicId":"_ZeUTxl"}"#))
        .unwrap_err()
        .into();
    assert_eq!(code(&err), "UNSUPPORTED_ENVIRONMENT");
}

#[wasm_bindgen_test]
async fn relationship_check_runs_on_nodes_fetch() {
    init();
    let value = JsFuture::from(check_relationship(obj(
        r#"{"accessToken":"demo-token-added","channelPublicIds":["_ZeUTxl"]}"#,
    )))
    .await
    .unwrap();
    assert_eq!(
        Reflect::get(&value, &"userId".into()).unwrap().as_f64(),
        Some(1001.0)
    );
    let err = JsFuture::from(check_relationship(obj(
        r#"{"accessToken":"demo-token-expired"}"#,
    )))
    .await
    .unwrap_err();
    assert_eq!(code(&err), "INVALID_TOKEN");
    let err = JsFuture::from(check_relationship(obj(
        r#"{"accessToken":"demo-token-slow","timeoutMs":200}"#,
    )))
    .await
    .unwrap_err();
    assert_eq!(code(&err), "TIMEOUT");
}

#[wasm_bindgen_test]
async fn follow_needs_a_window() {
    init();
    let err = JsFuture::from(follow_channel(obj(r#"{"channelPublicId":"_ZeUTxl"}"#)))
        .await
        .unwrap_err();
    assert_eq!(code(&err), "UNSUPPORTED_ENVIRONMENT");
}
