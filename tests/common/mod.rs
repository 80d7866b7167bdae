//! Helpers shared by the browser test files: a spy for `window.open`, the fake Kakao server's
//! request log, and checks on thrown `KakaoChannelError`s.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![allow(dead_code, missing_docs)]

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    /// The SDK's error class.
    pub type KakaoChannelError;
}

#[wasm_bindgen(inline_js = r#"
export function spy_open(blocked) {
  const calls = [];
  if (!window.__realOpen) window.__realOpen = window.open;
  window.open = function (url, name, features) {
    calls.push({ url: String(url), name: String(name), features: String(features) });
    return blocked ? null : { closed: false, close() { this.closed = true; } };
  };
  window.__openCalls = calls;
}
export function open_calls() { return window.__openCalls || []; }
export function restore_open() { if (window.__realOpen) window.open = window.__realOpen; }
export function obj(json) { return JSON.parse(json); }
export async function fake_log(base, path) {
  const res = await fetch(base + '/__fake/requests?path=' + encodeURIComponent(path));
  return (await res.json()).requests;
}
export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }
"#)]
extern "C" {
    /// Replaces `window.open` with a recorder; `blocked` makes it return `null` like a blocker.
    pub fn spy_open(blocked: bool);
    /// What the spy recorded: `[{ url, name, features }]`.
    pub fn open_calls() -> js_sys::Array;
    /// Puts the real `window.open` back.
    pub fn restore_open();
    /// `JSON.parse`, for building option objects tersely.
    pub fn obj(json: &str) -> JsValue;
    fn fake_log(base: &str, path: &str) -> js_sys::Promise;
    fn sleep(ms: u32) -> js_sys::Promise;
}

/// The fake Kakao server started by the test command (compile-time `KAKAO_FAKE_URL`).
pub fn fake_url() -> &'static str {
    option_env!("KAKAO_FAKE_URL").unwrap_or_else(|| {
        panic!("KAKAO_FAKE_URL is not set: run the browser tests through `npm test`, which starts the fake Kakao server")
    })
}

/// Requests the fake server logged for `path`.
pub async fn requests_for(path: &str) -> js_sys::Array {
    JsFuture::from(fake_log(fake_url(), path))
        .await
        .expect("fake server log")
        .unchecked_into()
}

/// Waits `ms` milliseconds.
pub async fn wait(ms: u32) {
    JsFuture::from(sleep(ms)).await.expect("sleep");
}

/// A string property of a JS object.
pub fn prop(value: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

/// Asserts `err` is a real `Error`, a `KakaoChannelError`, and carries `code`.
pub fn assert_error(err: &JsValue, code: &str) {
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "not an Error: {err:?}"
    );
    assert!(
        err.is_instance_of::<KakaoChannelError>(),
        "not a KakaoChannelError: {err:?}"
    );
    assert_eq!(prop(err, "name").as_deref(), Some("KakaoChannelError"));
    assert_eq!(
        prop(err, "code").as_deref(),
        Some(code),
        "{:?}",
        prop(err, "message")
    );
    let message = prop(err, "message").unwrap_or_default();
    assert!(
        message.len() > 20,
        "message should say what to do: {message:?}"
    );
}
