//! The Rust flows end to end in headless Chromium against the fake Kakao server: the
//! relationship check (every error, timeout, abort, retry, coalescing), follow-channel answers,
//! and add/chat routing under phone and KakaoTalk user agents.
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
const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const IPHONE_KAKAOTALK: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.8.0";
const THREADS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Barcelona 330.0.0.0";

/// `init` with every host on the fake (pf on its 204 path so navigations keep the test page).
fn init_fake(pf_tag: &str) -> String {
    let base = fake_url();
    let pf = format!("{base}/__fake/no-content/{pf_tag}");
    configure(obj(&format!(
        r#"{{"appKey":"{APP_KEY}","hosts":{{"api":"{base}","auth":"{base}","apps":"{base}","pf":"{pf}","talkApps":"{pf}/talk-apps"}}}}"#
    )))
    .unwrap();
    pf
}

async fn check(options: &str) -> Result<JsValue, JsValue> {
    settle(check_relationship(obj(options))).await
}

/// Requests the fake logged for `path`, CORS preflights left out.
async fn log_count(path: &str) -> usize {
    let log = requests_for(path).await;
    log.iter()
        .filter(|entry| prop(entry, "method").as_deref() != Some("OPTIONS"))
        .count()
}

#[wasm_bindgen_test]
async fn relationship_success_is_typed_and_camel_case() {
    init_fake("rel");
    fake("POST", "/__fake/reset", None).await;
    let value = check(r#"{"accessToken":"demo-token-added","channelPublicIds":["_ZeUTxl","https://pf.kakao.com/_Bxkd","_RQxl"]}"#)
        .await
        .unwrap();
    assert_eq!(
        js_sys::Reflect::get(&value, &"userId".into())
            .unwrap()
            .as_f64(),
        Some(1001.0)
    );
    let channels = js_sys::Array::from(&js_sys::Reflect::get(&value, &"channels".into()).unwrap());
    let relations: Vec<String> = channels
        .iter()
        .map(|c| prop(&c, "relation").unwrap())
        .collect();
    assert_eq!(relations, ["ADDED", "BLOCKED", "NONE"]);
    assert_eq!(
        prop(&channels.get(0), "channelPublicId").as_deref(),
        Some("_ZeUTxl")
    );
    assert_eq!(
        prop(&channels.get(0), "channelUuid").as_deref(),
        Some("@kakaochannel")
    );
    assert!(prop(&channels.get(0), "updatedAt").is_some());
    // The token went only in the Authorization header.
    let log = requests_for("/v2/api/talk/channels").await;
    let last = log.get(log.length() - 1);
    let url = prop(&last, "url").unwrap();
    assert!(!url.contains("demo-token-added"), "{url}");
}

#[wasm_bindgen_test]
async fn relationship_errors_map_to_codes() {
    init_fake("rel");
    fake("POST", "/__fake/reset", None).await;
    for (token, code) in [
        ("demo-token-no-consent", "CONSENT_REQUIRED"),
        ("demo-token-expired", "INVALID_TOKEN"),
        ("demo-token-unknown", "INVALID_TOKEN"),
    ] {
        let err = check(&format!(r#"{{"accessToken":"{token}"}}"#))
            .await
            .unwrap_err();
        assert_error(&err, code);
        assert!(
            !prop(&err, "message").unwrap().contains(token),
            "token in message"
        );
    }
    let err = check(r#"{"accessToken":"demo-token-no-consent"}"#)
        .await
        .unwrap_err();
    let scopes = js_sys::Reflect::get(&err, &"requiredScopes".into()).unwrap();
    assert_eq!(
        js_sys::Array::from(&scopes).get(0).as_string().as_deref(),
        Some("plusfriends")
    );
    for (options, code) in [
        (r#"{"accessToken":""}"#, "INVALID_ARGUMENT"),
        (r#"{"accessToken":"a b"}"#, "INVALID_ARGUMENT"),
        (r#"{"accessToken":"t","timeoutMs":0}"#, "INVALID_ARGUMENT"),
        (r#"{"accessToken":"t","signal":5}"#, "INVALID_ARGUMENT"),
        (
            r#"{"accessToken":"t","channelPublicIds":"_a"}"#,
            "INVALID_ARGUMENT",
        ),
        (
            r#"{"accessToken":"t","channelPublicIds":["@brand"]}"#,
            "SEARCH_ID_NOT_SUPPORTED",
        ),
    ] {
        assert_error(&check(options).await.unwrap_err(), code);
    }
    // Kakao's malformed and wrong-shaped answers.
    for mode in ["malformed", "wrong-shape"] {
        fake(
            "POST",
            "/__fake/faults",
            Some(&format!(
                r#"{{"path":"/v2/api/talk/channels","mode":"{mode}"}}"#
            )),
        )
        .await;
        assert_error(
            &check(r#"{"accessToken":"demo-token-added"}"#)
                .await
                .unwrap_err(),
            "INVALID_RESPONSE",
        );
    }
}

#[wasm_bindgen_test]
async fn relationship_retries_once_after_a_5xx() {
    init_fake("rel");
    fake("POST", "/__fake/reset", None).await;
    fake(
        "POST",
        "/__fake/faults",
        Some(r#"{"path":"/v2/api/talk/channels","mode":"status500"}"#),
    )
    .await;
    let value = check(r#"{"accessToken":"demo-token-added","channelPublicIds":["_ZeUTxl"]}"#).await;
    assert!(value.is_ok(), "{value:?}");
    assert_eq!(log_count("/v2/api/talk/channels").await, 2, "one retry");
    // Twice 5xx: the second answer is the result.
    fake("DELETE", "/__fake/requests", None).await;
    fake(
        "POST",
        "/__fake/faults",
        Some(r#"{"path":"/v2/api/talk/channels","mode":"status500","times":2}"#),
    )
    .await;
    let err = check(r#"{"accessToken":"demo-token-added","channelPublicIds":["_ZeUTxl"]}"#)
        .await
        .unwrap_err();
    assert_error(&err, "INVALID_RESPONSE");
    assert_eq!(log_count("/v2/api/talk/channels").await, 2, "never twice");
}

#[wasm_bindgen_test]
async fn relationship_times_out_and_aborts() {
    init_fake("rel");
    fake("POST", "/__fake/reset", None).await;
    let err = check(r#"{"accessToken":"demo-token-slow","timeoutMs":300}"#)
        .await
        .unwrap_err();
    assert_error(&err, "TIMEOUT");
    assert!(prop(&err, "message").unwrap().contains("300 ms"));

    let controller = web_sys::AbortController::new().unwrap();
    let options = obj(r#"{"accessToken":"demo-token-slow"}"#);
    js_sys::Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let pending = check_relationship(options);
    wait(100).await;
    controller.abort();
    assert_error(&settle(pending).await.unwrap_err(), "ABORTED");

    let options = obj(r#"{"accessToken":"demo-token-added"}"#);
    js_sys::Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    assert_error(
        &settle(check_relationship(options)).await.unwrap_err(),
        "ABORTED",
    );
}

#[wasm_bindgen_test]
async fn identical_concurrent_calls_share_one_request() {
    init_fake("rel");
    fake("POST", "/__fake/reset", None).await;
    let options = r#"{"accessToken":"demo-token-added","channelPublicIds":["_ZeUTxl"]}"#;
    let (a, b) = (
        check_relationship(obj(options)),
        check_relationship(obj(options)),
    );
    let other = check_relationship(obj(
        r#"{"accessToken":"demo-token-new-user","channelPublicIds":["_ZeUTxl"]}"#,
    ));
    assert!(settle(a).await.is_ok());
    assert!(settle(b).await.is_ok());
    assert!(settle(other).await.is_ok());
    assert_eq!(
        log_count("/v2/api/talk/channels").await,
        2,
        "two distinct calls, three callers"
    );
}

/// The follow URL `window.open` got, and the relay iframe of that call.
fn opened_follow() -> (String, String, JsValue) {
    let calls = open_calls();
    assert_eq!(calls.length(), 1);
    let call = calls.get(0);
    assert_eq!(prop(&call, "name").as_deref(), Some("follow_channel"));
    let features = prop(&call, "features").unwrap();
    assert!(
        features.starts_with("width=480,height=700,left="),
        "{features}"
    );
    assert!(
        features.ends_with(",scrollbars=yes,resizable=1"),
        "{features}"
    );
    let url = prop(&call, "url").unwrap();
    let trans_id = url
        .split("trans_id=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    let frame = relay_frame(&trans_id);
    assert!(!frame.is_null(), "the relay iframe is in the page");
    (url, trans_id, frame)
}

fn frame_window(frame: &JsValue) -> JsValue {
    js_sys::Reflect::get(frame, &"contentWindow".into()).unwrap()
}

#[wasm_bindgen_test]
async fn follow_answers_from_the_relay_frame() {
    init_fake("follow");
    let apps = fake_url().to_owned();
    for (data, want) in [
        (
            r#"{"status":"success","channel_public_id":"_ZeUTxl"}"#,
            Ok("success"),
        ),
        (r#"{"status":"fail"}"#, Ok("fail")),
        (r#"{"status":"error"}"#, Ok("fail")),
        (
            r#"{"error_code":"KAE005","error_msg":"invalid channel."}"#,
            Err("FOLLOW_FAILED"),
        ),
        (
            r#"{"code":-401,"msg":"invalid token"}"#,
            Err("INVALID_TOKEN"),
        ),
        (r#"{"code":-500}"#, Err("FOLLOW_FAILED")),
    ] {
        spy_window(false);
        let pending = follow_channel(obj(r#"{"channelPublicId":"_ZeUTxl"}"#));
        let (url, trans_id, frame) = opened_follow();
        restore_open();
        assert!(
            url.starts_with(&format!("{apps}/talk/channel/follow?trans_id=")),
            "{url}"
        );
        assert!(url.ends_with("&channel_public_id=_ZeUTxl"), "{url}");
        // Not ours: another origin, another window, another transaction.
        post_from(&frame_window(&frame), "https://evil.example", data);
        post_from(&JsValue::NULL, &apps, data);
        post_from(
            &frame_window(&frame),
            &apps,
            r#"{"status":"success","trans_id":"other"}"#,
        );
        let with_id = data.replacen('{', &format!(r#"{{"trans_id":"{trans_id}","#), 1);
        post_from(&frame_window(&frame), &apps, &with_id);
        match (settle(pending).await, want) {
            (Ok(result), Ok(status)) => {
                assert_eq!(prop(&result, "status").as_deref(), Some(status), "{data}");
                assert_eq!(prop(&result, "channelPublicId").as_deref(), Some("_ZeUTxl"));
            }
            (Err(err), Err(code)) => assert_error(&err, code),
            (got, want) => panic!("{data}: got {got:?}, want {want:?}"),
        }
        assert!(relay_frame(&trans_id).is_null(), "the iframe is removed");
    }
}

#[wasm_bindgen_test]
async fn follow_answers_from_its_own_window_and_notices_closing() {
    init_fake("follow");
    let apps = fake_url().to_owned();
    // The stand-in window is not a real window, so it cannot be a message source; the page's own
    // window stands in as "the follow window" by being what window.open returned.
    let (popup, pending) = {
        let popup = spy_window(false);
        (
            popup,
            follow_channel(obj(r#"{"channelPublicId":"_ZeUTxl"}"#)),
        )
    };
    let _ = opened_follow();
    restore_open();
    js_sys::Reflect::set(&popup, &"closed".into(), &JsValue::TRUE).unwrap();
    let result = settle(pending).await.unwrap();
    assert_eq!(prop(&result, "status").as_deref(), Some("closed"));
    let _ = apps;

    spy_window(false);
    let err = settle(follow_channel(obj(
        r#"{"channelPublicId":"_ZeUTxl","timeoutMs":200}"#,
    )))
    .await
    .unwrap_err();
    restore_open();
    assert_error(&err, "TIMEOUT");

    spy_open(true);
    let err = settle(follow_channel(obj(r#"{"channelPublicId":"_ZeUTxl"}"#)))
        .await
        .unwrap_err();
    restore_open();
    assert_error(&err, "POPUP_BLOCKED");
}

#[wasm_bindgen_test]
async fn follow_with_a_token_fetches_agt_as_a_simple_request() {
    init_fake("follow");
    fake("POST", "/__fake/reset", None).await;
    let popup = spy_window(false);
    let pending = follow_channel(obj(
        r#"{"channelPublicId":"_ZeUTxl","accessToken":"demo-token-added","timeoutMs":3000}"#,
    ));
    let calls = open_calls();
    restore_open();
    assert_eq!(prop(&calls.get(0), "url").as_deref(), Some("about:blank"));
    let location = js_sys::Reflect::get(&popup, &"location".into()).unwrap();
    let mut href = String::new();
    for _ in 0..60 {
        href = prop(&location, "href").unwrap_or_default();
        if !href.is_empty() {
            break;
        }
        wait(50).await;
    }
    assert!(href.contains("/talk/channel/follow?agt=agt-"), "{href}");
    let agt_log = requests_for("/api/agt").await;
    assert_eq!(agt_log.length(), 1, "one POST, no preflight");
    let entry = agt_log.get(0);
    assert_eq!(prop(&entry, "method").as_deref(), Some("POST"));
    assert!(
        js_sys::Reflect::get(&entry, &"ka".into())
            .unwrap()
            .is_null(),
        "no KA header"
    );
    js_sys::Reflect::set(&popup, &"closed".into(), &JsValue::TRUE).unwrap();
    assert_eq!(
        prop(&settle(pending).await.unwrap(), "status").as_deref(),
        Some("closed")
    );

    // A refused token: Kakao's error page in the window, INVALID_TOKEN for the caller.
    let popup = spy_window(false);
    let pending = follow_channel(obj(
        r#"{"channelPublicId":"_ZeUTxl","accessToken":"demo-token-expired"}"#,
    ));
    restore_open();
    assert_error(&settle(pending).await.unwrap_err(), "INVALID_TOKEN");
    let location = js_sys::Reflect::get(&popup, &"location".into()).unwrap();
    let href = prop(&location, "href").unwrap();
    assert!(href.contains("/error/"), "{href}");
}

#[wasm_bindgen_test]
async fn follow_is_refused_in_threads() {
    init_fake("follow");
    set_user_agent(Some(THREADS.into()));
    spy_window(false);
    let pending = follow_channel(obj(r#"{"channelPublicId":"_ZeUTxl"}"#));
    let calls = open_calls();
    restore_open();
    set_user_agent(None);
    let err = settle(pending).await.unwrap_err();
    assert_error(&err, "UNSUPPORTED_ENVIRONMENT");
    assert_eq!(prop(&err, "kakaoCode").as_deref(), Some("KAE007"));
    assert_eq!(calls.length(), 0, "nothing opens");
}

#[wasm_bindgen_test]
async fn add_channel_inside_kakaotalk_redirects() {
    let pf = init_fake("kakaotalk");
    set_user_agent(Some(IPHONE_KAKAOTALK.into()));
    spy_open(false);
    let result = add_channel(obj(r#"{"channelPublicId":"_ZeUTxl"}"#));
    let calls = open_calls();
    restore_open();
    set_user_agent(None);
    let result = result.unwrap();
    assert_eq!(calls.length(), 0, "no popup inside KakaoTalk");
    assert_eq!(prop(&result, "via").as_deref(), Some("redirect"));
    assert!(prop(&result, "url")
        .unwrap()
        .starts_with(&format!("{pf}/_ZeUTxl/friend?")));
    let mut seen = 0;
    for _ in 0..40 {
        seen = log_count("/__fake/no-content/kakaotalk/_ZeUTxl/friend").await;
        if seen > 0 {
            break;
        }
        wait(50).await;
    }
    assert_eq!(seen, 1);
}

#[wasm_bindgen_test]
async fn chat_on_a_phone_validates_then_hands_over() {
    init_fake("phone");
    fake("POST", "/__fake/reset", None).await;
    set_user_agent(Some(IPHONE.into()));
    spy_open(false);
    let result = chat(obj(r#"{"channelPublicId":"_ZeUTxl"}"#));
    let calls = open_calls();
    restore_open();
    set_user_agent(None);
    let result = result.unwrap();
    assert_eq!(calls.length(), 0);
    assert_eq!(prop(&result, "via").as_deref(), Some("app"));
    // iOS: Kakao's universal link wrapping the kakaoplus:// URL (here on the fake's 204 page).
    let url = prop(&result, "url").unwrap();
    let universal = format!(
        "{}/__fake/no-content/phone/talk-apps/scheme/{}",
        fake_url(),
        String::from(js_sys::encode_uri_component(
            "kakaoplus://plusfriend/chat/_ZeUTxl?extra="
        ))
    );
    assert!(url.starts_with(&universal), "{url}");
    let mut entry = None;
    for _ in 0..60 {
        let log = requests_for("/v1/app/validate/sdk").await;
        entry = log
            .iter()
            .find(|e| prop(e, "method").as_deref() == Some("POST"));
        if entry.is_some() {
            break;
        }
        wait(50).await;
    }
    let entry = entry.expect("a validate/sdk POST");
    let headers = js_sys::Reflect::get(&entry, &"headers".into()).unwrap();
    assert_eq!(
        prop(&headers, "authorization").as_deref(),
        Some(format!("KakaoAK {APP_KEY}").as_str())
    );
    assert!(prop(&entry, "body").unwrap().contains("quota_properties="));
}

#[wasm_bindgen_test]
async fn a_refused_hand_over_shows_sdk_error() {
    init_fake("refused");
    set_user_agent(Some(IPHONE.into()));
    // _Bxkd exists but is not connected to the demo app: Kakao refuses.
    let result = add_channel(obj(r#"{"channelPublicId":"_Nope"}"#));
    set_user_agent(None);
    assert_eq!(prop(&result.unwrap(), "via").as_deref(), Some("app"));
    let mut seen = 0;
    for _ in 0..60 {
        seen = log_count("/__fake/no-content/refused/_Nope/sdk_error").await;
        if seen > 0 {
            break;
        }
        wait(50).await;
    }
    assert_eq!(seen, 1, "the tab went to Kakao's sdk_error page");
}
