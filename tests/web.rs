//! The wasm boundary in real headless Chromium: errors, option handling, and that add/chat open
//! their window synchronously with the exact bridge URL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg(target_arch = "wasm32")]
// The browser build's exports (the server build leaves them out).
#![cfg(not(feature = "server"))]

mod common;

use common::*;
use kakao_channel::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const APP_KEY: &str = "demo-javascript-key";

fn init_default() {
    configure(obj(&format!(r#"{{"appKey":"{APP_KEY}"}}"#))).expect("configure");
}

fn page_origin() -> String {
    web_sys::window().unwrap().location().origin().unwrap()
}

fn page_referer() -> String {
    let location = web_sys::window().unwrap().location();
    format!(
        "{}{}",
        location.origin().unwrap(),
        location.pathname().unwrap()
    )
}

fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// The bridge URL the SDK must build on this page, spelled out independently.
fn expected_url(pf: &str, id: &str, page: &str, lang: Option<&str>) -> String {
    let nav = web_sys::window().unwrap().navigator();
    let ka = format!(
        "sdk/{} os/javascript sdk_type/rust-wasm lang/{} device/{} origin/{}",
        env!("CARGO_PKG_VERSION"),
        nav.language().unwrap().replace(' ', "_"),
        nav.platform().unwrap().replace(' ', "_"),
        enc(&page_origin())
    );
    let mut url = format!(
        "{pf}/{id}/{page}?api_ver=1.1&kakao_agent={}&app_key={APP_KEY}&referer={}",
        enc(&ka),
        enc(&page_referer())
    );
    if let Some(lang) = lang {
        url.push_str(&format!("&lang={lang}"));
    }
    url
}

fn field(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

#[wasm_bindgen_test]
fn parse_outcomes_are_typed_and_never_throw() {
    for (input, code) in [
        ("https://evil.com/_ZeUTxl", "INVALID_CHANNEL_ID"),
        ("https://pf.kakao.com@evil.com/_x", "INVALID_CHANNEL_ID"),
        ("javascript:alert(1)", "INVALID_CHANNEL_ID"),
        ("@kakaochannel", "SEARCH_ID_NOT_SUPPORTED"),
    ] {
        let outcome = parse_channel_id_outcome(&JsValue::from_str(input));
        assert_eq!(field(&outcome, "ok"), JsValue::FALSE, "{input}");
        assert_eq!(field(&outcome, "code").as_string().unwrap(), code);
        assert!(field(&outcome, "message")
            .as_string()
            .unwrap()
            .contains("_ZeUTxl"));
    }
    for value in [
        JsValue::from_f64(42.0),
        JsValue::NULL,
        js_sys::Object::new().into(),
    ] {
        let outcome = parse_channel_id_outcome(&value);
        assert_eq!(
            field(&outcome, "code").as_string().unwrap(),
            "INVALID_CHANNEL_ID"
        );
    }
    // The ID is sliced from the input by UTF-16 position (non-ASCII white space before it), or
    // decoded from the URL.
    for (input, id) in [
        (" https://pf.kakao.com/_ZeUTxl/chat ", "_ZeUTxl"),
        ("\u{3000}\u{feff}_Bxkd\u{a0}", "_Bxkd"),
        ("https://pf.kakao.com/%5FZeUTxl", "_ZeUTxl"),
    ] {
        let outcome = parse_channel_id_outcome(&JsValue::from_str(input));
        assert_eq!(field(&outcome, "ok"), JsValue::TRUE, "{input}");
        assert_eq!(field(&outcome, "channelPublicId").as_string().unwrap(), id);
    }
    // A huge string is refused with the message parsing it whole gives.
    let huge = "가".repeat(5000);
    let outcome = parse_channel_id_outcome(&JsValue::from_str(&huge));
    assert_eq!(
        field(&outcome, "message").as_string().unwrap(),
        kakao_channel_core::parse_channel_id(&huge)
            .unwrap_err()
            .message()
    );
}

#[wasm_bindgen_test]
fn configure_rejects_bad_options() {
    for json in [
        r#"{}"#,
        r#"{"appKey":""}"#,
        r#"{"appKey":5}"#,
        r#"{"appKey":"k","lang":"fr"}"#,
        r#"{"appKey":"k","hosts":{"pf":"http://evil.example"}}"#,
        r#"{"appKey":"k","hosts":{"api":"ftp://kapi.kakao.com"}}"#,
        r#"{"appKey":"k","hosts":"https://kapi.kakao.com"}"#,
    ] {
        let err = configure(obj(json)).unwrap_err();
        assert_error(&err, "INVALID_ARGUMENT");
    }
    assert_error(&configure(JsValue::NULL).unwrap_err(), "INVALID_ARGUMENT");
    assert_error(
        &configure(JsValue::from_str("key")).unwrap_err(),
        "INVALID_ARGUMENT",
    );
}

#[wasm_bindgen_test]
fn link_builders_use_the_page_and_options() {
    init_default();
    let url = add_channel_url(obj(
        r#"{"channelPublicId":"https://pf.kakao.com/_ZeUTxl/chat"}"#,
    ))
    .unwrap();
    assert_eq!(
        url,
        expected_url("https://pf.kakao.com", "_ZeUTxl", "friend", None)
    );
    let url = chat_channel_url(obj(r#"{"channelPublicId":"_ZeUTxl","lang":"ja"}"#)).unwrap();
    assert_eq!(
        url,
        expected_url("https://pf.kakao.com", "_ZeUTxl", "chat", Some("ja"))
    );
    assert!(
        url.contains(&format!(
            "origin%252F{}",
            enc(&enc(&page_origin())).trim_start_matches("http")
        )) || url.contains("origin%2F")
    );

    assert_error(
        &add_channel_url(obj(r#"{}"#)).unwrap_err(),
        "INVALID_CHANNEL_ID",
    );
    assert_error(
        &add_channel_url(obj(r#"{"channelPublicId":"@brand"}"#)).unwrap_err(),
        "SEARCH_ID_NOT_SUPPORTED",
    );
    assert_error(
        &add_channel_url(obj(r#"{"channelPublicId":"_x","lang":"de"}"#)).unwrap_err(),
        "INVALID_ARGUMENT",
    );
    assert_error(
        &add_channel_url(JsValue::from_str("_ZeUTxl")).unwrap_err(),
        "INVALID_ARGUMENT",
    );
}

#[wasm_bindgen_test]
fn init_lang_is_the_default() {
    configure(obj(&format!(r#"{{"appKey":"{APP_KEY}","lang":"en"}}"#))).unwrap();
    let url = add_channel_url(obj(r#"{"channelPublicId":"_ZeUTxl"}"#)).unwrap();
    assert!(url.ends_with("&lang=en"), "{url}");
    let url = add_channel_url(obj(r#"{"channelPublicId":"_ZeUTxl","lang":"ko"}"#)).unwrap();
    assert!(url.ends_with("&lang=ko"), "{url}");
    init_default();
}

#[wasm_bindgen_test]
fn add_channel_opens_the_popup_synchronously_with_the_exact_url() {
    init_default();
    spy_open(false);
    let result = add_channel(obj(r#"{"channelPublicId":"_ZeUTxl"}"#));
    // Recorded before add_channel returned: no await happened between the call and window.open.
    let calls = open_calls();
    restore_open();
    let result = result.unwrap();
    assert_eq!(calls.length(), 1);
    let call = calls.get(0);
    let want = expected_url("https://pf.kakao.com", "_ZeUTxl", "friend", None);
    assert_eq!(prop(&call, "url").as_deref(), Some(want.as_str()));
    assert_eq!(
        prop(&call, "name").as_deref(),
        Some("channel_add_social_plugin")
    );
    let features = prop(&call, "features").unwrap();
    assert!(
        features.starts_with("width=350,height=510,left="),
        "{features}"
    );
    assert!(
        features.ends_with(",scrollbars=yes,resizable=1"),
        "{features}"
    );
    assert_eq!(prop(&result, "url").as_deref(), Some(want.as_str()));
    assert_eq!(prop(&result, "via").as_deref(), Some("popup"));
}

#[wasm_bindgen_test]
fn chat_opens_the_chat_popup() {
    init_default();
    spy_open(false);
    let result = chat(obj(
        r#"{"channelPublicId":"http://pf.kakao.com/_Bxkd","lang":"en"}"#,
    ));
    let calls = open_calls();
    restore_open();
    let result = result.unwrap();
    let want = expected_url("https://pf.kakao.com", "_Bxkd", "chat", Some("en"));
    assert_eq!(calls.length(), 1);
    assert_eq!(prop(&calls.get(0), "url").as_deref(), Some(want.as_str()));
    assert_eq!(
        prop(&calls.get(0), "name").as_deref(),
        Some("channel_chat_social_plugin")
    );
    assert_eq!(prop(&result, "via").as_deref(), Some("popup"));
}

#[wasm_bindgen_test]
fn invalid_input_opens_nothing() {
    init_default();
    spy_open(false);
    let result = add_channel(obj(r#"{"channelPublicId":"https://evil.example/_x"}"#));
    let calls = open_calls();
    restore_open();
    assert_error(&result.unwrap_err(), "INVALID_CHANNEL_ID");
    assert_eq!(calls.length(), 0);
}

/// A blocked popup navigates this tab instead. The fake server answers the navigation with
/// 204 No Content, so the browser stays on the test page, and its log proves the navigation.
#[wasm_bindgen_test]
async fn blocked_popup_redirects_the_tab() {
    let pf = format!("{}/__fake/no-content/redirect-test", fake_url());
    configure(obj(&format!(
        r#"{{"appKey":"{APP_KEY}","hosts":{{"pf":"{pf}"}}}}"#
    )))
    .unwrap();
    spy_open(true);
    let result = add_channel(obj(r#"{"channelPublicId":"_ZeUTxl"}"#));
    let calls = open_calls();
    restore_open();
    let result = result.unwrap();
    let want = expected_url(&pf, "_ZeUTxl", "friend", None);
    assert_eq!(calls.length(), 1, "window.open is tried first");
    assert_eq!(prop(&result, "via").as_deref(), Some("redirect"));
    assert_eq!(prop(&result, "url").as_deref(), Some(want.as_str()));

    let path = "/__fake/no-content/redirect-test/_ZeUTxl/friend";
    let mut seen = 0;
    for _ in 0..40 {
        seen = requests_for(path).await.length();
        if seen > 0 {
            break;
        }
        wait(50).await;
    }
    assert_eq!(seen, 1, "the tab navigated to the bridge page exactly once");
    init_default();
}
