//! Sends a core `RequestSpec` through gloo-net (the global `fetch`, in browsers and Node) and
//! hands back the status with the body as the platform's JSON parser read it. Timers for
//! timeouts and retry back-off live here too.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, RequestCredentials, RequestInit};

use kakao_channel_core::http::RequestSpec;

#[cfg(not(feature = "server"))]
use crate::json::{self, Js};

/// Builds the `web_sys::Request` for `spec`; `None` if the platform refuses it.
fn build(spec: &RequestSpec, signal: Option<&AbortSignal>) -> Option<web_sys::Request> {
    let init = RequestInit::new();
    init.set_method(spec.method.as_str());
    let headers = Headers::new().ok()?;
    for (name, value) in &spec.headers {
        headers.append(name, value).ok()?;
    }
    init.set_headers(&headers);
    if let Some(body) = &spec.body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_credentials(RequestCredentials::Omit);
    // The default cache mode, as Kakao's own SDK (XMLHttpRequest) uses: an answer without
    // freshness headers is never reused, and Chromium keeps its CORS preflight cache, which
    // `no-store`, `no-cache` and `reload` all bypass (one extra OPTIONS round trip per call).
    init.set_signal(signal);
    web_sys::Request::new_with_str_and_init(&spec.url, &init).ok()
}

/// An HTTP answer: the status and the body (and, for the server entry's retry policy, the
/// `Retry-After` header).
///
/// The browser build keeps the body as the JavaScript string `fetch` produced and parses it with
/// the platform's `JSON.parse`: it never crosses into wasm memory. The server build reads it into
/// Rust, where serde_json keeps 64-bit user IDs exact.
pub(crate) struct TextAnswer {
    pub(crate) status: u16,
    /// `Retry-After`, if sent (server build only).
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    pub(crate) retry_after: Option<String>,
    /// The body text (server build).
    #[cfg(feature = "server")]
    pub(crate) text: String,
    /// The body text as a JavaScript string (browser build).
    #[cfg(not(feature = "server"))]
    body: JsValue,
}

impl TextAnswer {
    /// The body as the platform's JSON parser reads it; `None` when it is not JSON.
    #[cfg(not(feature = "server"))]
    pub(crate) fn json(&self) -> Option<Js> {
        json::parse(&self.body)
    }
}

/// Sends `spec`; `None` when no HTTP answer came (network failure, CORS refusal, abort).
pub(crate) async fn send(spec: &RequestSpec, signal: Option<&AbortSignal>) -> Option<TextAnswer> {
    let request = gloo_net::http::Request::from(build(spec, signal)?);
    let response = request.send().await.ok()?;
    let status = response.status();
    #[cfg(feature = "server")]
    {
        let retry_after = response.headers().get("retry-after");
        let text = response.text().await.ok()?;
        Some(TextAnswer {
            status,
            retry_after,
            text,
        })
    }
    #[cfg(not(feature = "server"))]
    {
        // The raw Response's text(): a JavaScript string, left in JavaScript.
        let raw = web_sys::Response::from(response);
        let body = JsFuture::from(raw.text().ok()?).await.ok()?;
        Some(TextAnswer {
            status,
            retry_after: None,
            body,
        })
    }
}

#[wasm_bindgen]
extern "C" {
    /// The global `setTimeout` (window, worker or Node).
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: u32) -> JsValue;
    /// The global `clearTimeout`.
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// A timer that runs a callback once, cancelled when dropped.
pub(crate) struct Timer {
    id: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    /// Runs `callback` after `ms` milliseconds unless the timer is dropped first.
    pub(crate) fn once(ms: u32, callback: impl FnMut() + 'static) -> Timer {
        let callback = Closure::<dyn FnMut()>::new(callback);
        let id = set_timeout(callback.as_ref().unchecked_ref(), ms);
        Timer {
            id,
            _callback: callback,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// Waits `ms` milliseconds, or less if `signal` aborts first. Leaves no timer or listener behind
/// (a long-lived caller's signal would otherwise collect one listener per retry).
pub(crate) async fn sleep(ms: u32, signal: Option<&AbortSignal>) {
    let mut resolve = None;
    let wait = Promise::new(&mut |done, _| resolve = Some(done));
    let Some(resolve) = resolve else {
        return;
    };
    let timer = set_timeout(&resolve, ms);
    if let Some(signal) = signal {
        let _ = signal.add_event_listener_with_callback("abort", &resolve);
    }
    let _ = JsFuture::from(wait).await;
    if let Some(signal) = signal {
        let _ = signal.remove_event_listener_with_callback("abort", &resolve);
    }
    clear_timeout(&timer);
}
