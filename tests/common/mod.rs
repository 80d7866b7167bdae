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
export async function fake_call(base, method, path, body) {
  const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : body });
  return res.status;
}
export function set_user_agent(ua) {
  if (ua === undefined) { delete navigator.userAgent; return; }
  Object.defineProperty(navigator, 'userAgent', { get: () => ua, configurable: true });
}
export function spy_window(closed) {
  const calls = [];
  if (!window.__realOpen) window.__realOpen = window.open;
  const popup = { closed, close() { this.closed = true; }, location: { href: '' } };
  window.open = function (url, name, features) {
    calls.push({ url: String(url), name: String(name), features: String(features) });
    return popup;
  };
  window.__openCalls = calls;
  window.__popup = popup;
  return popup;
}
export function relay_frame(transId) { return document.getElementById(transId); }
export function post_from(source, origin, data) {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
}
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
    fn fake_call(base: &str, method: &str, path: &str, body: Option<String>) -> js_sys::Promise;
    /// Overrides `navigator.userAgent` (`None` restores it).
    pub fn set_user_agent(ua: Option<String>);
    /// Replaces `window.open` with a recorder returning a stand-in window `{ closed, close(),
    /// location }`.
    pub fn spy_window(closed: bool) -> JsValue;
    /// The relay iframe of a follow call.
    pub fn relay_frame(trans_id: &str) -> JsValue;
    /// Dispatches a `message` event on `window` as if `source` posted `data` from `origin`.
    pub fn post_from(source: &JsValue, origin: &str, data: &str);
}

/// Calls the fake server's control API (`/__fake/...`); returns the HTTP status.
pub async fn fake(method: &str, path: &str, body: Option<&str>) -> u16 {
    JsFuture::from(fake_call(fake_url(), method, path, body.map(str::to_owned)))
        .await
        .expect("fake control call")
        .as_f64()
        .unwrap() as u16
}

/// Awaits a Promise the SDK returned.
pub async fn settle(promise: js_sys::Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
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
pub fn assert_error<'a>(err: impl Into<ErrorRef<'a>>, code: &str) {
    let err: JsValue = match err.into() {
        ErrorRef::Js(value) => value.clone(),
        ErrorRef::Failure(failure) => failure.into(),
    };
    let err = &err;
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

/// An error from an export: a `Failure` (sync exports) or a rejection value.
pub enum ErrorRef<'a> {
    Js(&'a JsValue),
    Failure(&'a kakao_channel::Failure),
}

impl<'a> From<&'a JsValue> for ErrorRef<'a> {
    fn from(value: &'a JsValue) -> Self {
        ErrorRef::Js(value)
    }
}

impl<'a> From<&'a kakao_channel::Failure> for ErrorRef<'a> {
    fn from(value: &'a kakao_channel::Failure) -> Self {
        ErrorRef::Failure(value)
    }
}
