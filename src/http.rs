//! The one request path of both builds: [`exchange`] sends a core `RequestSpec` through gloo-net
//! (the global `fetch`, in browsers and Node) under the caller's `AbortSignal` and timeout,
//! retrying as the core's `RetryPolicy` decides, and hands back the last answer. Timers for
//! timeouts and retry back-off live here too.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, RequestCredentials, RequestInit};

use kakao_channel_core::http::{no_answer, retry_wait, RequestSpec, Retry, RetryPolicy};
use kakao_channel_core::http::{TimeoutScope, Transport};

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
    _callback: Option<Closure<dyn FnMut()>>,
}

impl Timer {
    /// Calls the JavaScript function `callback` after `ms` milliseconds unless the timer is
    /// dropped first.
    fn call(ms: u32, callback: &js_sys::Function) -> Timer {
        Timer {
            id: set_timeout(callback, ms),
            _callback: None,
        }
    }

    /// Runs `callback` after `ms` milliseconds unless the timer is dropped first.
    #[cfg(not(feature = "server"))]
    pub(crate) fn once(ms: u32, callback: impl FnMut() + 'static) -> Timer {
        let callback = Closure::<dyn FnMut()>::new(callback);
        let id = set_timeout(callback.as_ref().unchecked_ref(), ms);
        Timer {
            id,
            _callback: Some(callback),
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

/// `signal` has fired (no signal never does).
pub(crate) fn aborted(signal: Option<&AbortSignal>) -> bool {
    signal.is_some_and(AbortSignal::aborted)
}

#[wasm_bindgen]
extern "C" {
    /// An `AbortController` seen for its `abort` property.
    type Abortable;
    /// `controller.abort`, the method itself (to bind, not to call).
    #[wasm_bindgen(method, getter)]
    fn abort(this: &Abortable) -> js_sys::Function;
}

/// A listener on a parent `AbortSignal`; removed when dropped (a long-lived caller's signal would
/// otherwise collect one listener per call).
struct Listener {
    signal: AbortSignal,
    listener: js_sys::Function,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", &self.listener);
    }
}

/// An `AbortController` fired by a parent signal or a timeout, whichever comes first; its timer
/// and listener go when it is dropped.
struct Guard {
    controller: AbortController,
    _timer: Option<Timer>,
    /// The parent's listener, which also says what the parent is.
    listener: Option<Listener>,
}

impl Guard {
    /// `None` when the platform has no `AbortController`.
    fn new(timeout_ms: Option<u32>, parent: Option<&AbortSignal>) -> Option<Guard> {
        let controller = AbortController::new().ok()?;
        // `controller.abort` bound to it: a plain JavaScript function, so the timer and the
        // parent's listener fire it without a Rust closure. Its reason is bound to `undefined`
        // (the default `AbortError`): the listener's Event would otherwise become the reason,
        // and the aborted `fetch` would reject with an Event instead of an Error.
        let abort = controller.unchecked_ref::<Abortable>().abort();
        let abort: js_sys::Function = abort
            .bind1(&controller, &JsValue::UNDEFINED)
            .unchecked_into();
        let listener = parent.map(|signal| {
            let _ = signal.add_event_listener_with_callback("abort", &abort);
            Listener {
                signal: signal.clone(),
                listener: abort.clone(),
            }
        });
        Some(Guard {
            _timer: timeout_ms.map(|ms| Timer::call(ms, &abort)),
            listener,
            controller,
        })
    }

    fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// Why this guard stopped its requests, if it did: the parent aborted, or else (nothing but
    /// the parent and the timer abort it) time ran out.
    fn stopped(&self) -> Option<Transport> {
        if aborted(self.listener.as_ref().map(|l| &l.signal)) {
            Some(Transport::Aborted)
        } else if self.signal().aborted() {
            Some(Transport::Timeout)
        } else {
            None
        }
    }

    /// An attempt's outcome under this guard: the answer, or why none came.
    fn outcome(&self, answer: Option<TextAnswer>) -> Result<TextAnswer, Transport> {
        answer.ok_or_else(|| self.stopped().unwrap_or(Transport::Network))
    }
}

/// One call to Kakao: what to send, under which signal, timeout and retry policy.
pub(crate) struct Exchange<'a> {
    /// The request.
    pub(crate) spec: &'a RequestSpec,
    /// The caller's signal: aborting it ends the call with `Transport::Aborted`.
    pub(crate) signal: Option<&'a AbortSignal>,
    /// The timeout, bounding what `policy.timeout` says.
    pub(crate) timeout_ms: u32,
    /// When to try again.
    pub(crate) policy: RetryPolicy,
}

/// The request path of every call to Kakao: send, stop on abort or timeout, retry as the core's
/// policy decides (`classify` says what an answer is worth retrying, and any `Retry-After` in
/// milliseconds), and resolve the last answer, whatever its status. The caller decodes it.
pub(crate) async fn exchange(
    call: &Exchange<'_>,
    classify: impl Fn(&TextAnswer) -> (Retry, Option<u64>),
) -> Result<TextAnswer, Transport> {
    let (whole_ms, each_ms) = match call.policy.timeout {
        TimeoutScope::WholeCall => (Some(call.timeout_ms), None),
        TimeoutScope::EachAttempt => (None, Some(call.timeout_ms)),
    };
    if aborted(call.signal) {
        return Err(Transport::Aborted);
    }
    let whole = Guard::new(whole_ms, call.signal).ok_or(Transport::Network)?;
    let mut attempt = 0;
    loop {
        // Each attempt under its own guard (and timeout) when the policy times attempts.
        let attempt_guard = match each_ms {
            None => None,
            Some(ms) => {
                Some(Guard::new(Some(ms), Some(&whole.signal())).ok_or(Transport::Network)?)
            }
        };
        let guard = attempt_guard.as_ref().unwrap_or(&whole);
        let result = guard.outcome(send(call.spec, Some(&guard.signal())).await);
        drop(attempt_guard);
        let (class, retry_after) = match &result {
            Ok(answer) => classify(answer),
            Err(kind) => match no_answer(&call.policy, *kind) {
                Some(class) => (class, None),
                None => return result,
            },
        };
        let random = js_sys::Math::random();
        let Some(wait) = retry_wait(&call.policy, attempt, class, retry_after, random) else {
            return result;
        };
        sleep(wait, Some(&whole.signal())).await;
        if let Some(kind) = whole.stopped() {
            return Err(kind);
        }
        attempt += 1;
    }
}
