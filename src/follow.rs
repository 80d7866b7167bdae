//! `followChannel`: Kakao's add-channel screen in a window opened synchronously inside the click,
//! its answer judged by the core. The relay iframe, the `message` listener, the closed-window poll
//! and the deadline are web-sys objects owned by one [`FollowCall`], all removed when it settles.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlIFrameElement, MessageEvent, Window};

use kakao_channel_core::config::origin_of;
use kakao_channel_core::follow::{
    agt_request, agt_unreachable, decode_agt, error_page_url, follow_timeout, follow_url,
    judge_message, popup_blocked, proxy_url, trans_id, unsupported_browser, validate_timeout,
    Expected, FollowChannelResult, FollowStatus, MessageVerdict, Sender, CLOSED_GRACE_MS,
    CLOSED_POLL_MS, DEFAULT_TIMEOUT_MS, TRANS_ID_RANDOM_BYTES,
};
use kakao_channel_core::relationship::validate_access_token;
use kakao_channel_core::url::{popup_features, FOLLOW_POPUP, FOLLOW_WINDOW};
use kakao_channel_core::{ChannelId, Error, ErrorCode, Result};

use crate::error::to_js;
use crate::http::{self, Timer};
use crate::json;
use crate::launch::to_value;
use crate::opts::Opts;
use crate::page::{self, no_window, Page};
use crate::state;

const FUNCTION: &str = "followChannel";

/// Listeners and timers of a call, dropped together when it settles.
#[derive(Default)]
struct Hooks {
    listener: Option<Closure<dyn FnMut(MessageEvent)>>,
    poll: Option<(i32, Closure<dyn FnMut()>)>,
    _deadline: Option<Timer>,
}

/// One follow call in flight.
struct FollowCall {
    window: Window,
    popup: Window,
    iframe: HtmlIFrameElement,
    channel_public_id: String,
    apps_origin: String,
    page_origin: Option<String>,
    trans_id: String,
    timeout_ms: u32,
    resolve: Function,
    reject: Function,
    settled: Cell<bool>,
    closed_at: Cell<Option<f64>>,
    hooks: RefCell<Hooks>,
}

impl FollowCall {
    /// Settles the promise once and removes everything the call added to the page.
    fn finish(&self, outcome: Result<FollowStatus>) {
        if self.settled.replace(true) {
            return;
        }
        let hooks = core::mem::take(&mut *self.hooks.borrow_mut());
        if let Some(listener) = &hooks.listener {
            let _ = self
                .window
                .remove_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
        }
        if let Some((id, _)) = &hooks.poll {
            self.window.clear_interval_with_handle(*id);
        }
        self.iframe.remove();
        let _ = match outcome {
            Ok(status) => to_value(&FollowChannelResult {
                channel_public_id: self.channel_public_id.clone(),
                status,
            })
            .and_then(|value| self.resolve.call1(&JsValue::UNDEFINED, &value)),
            Err(err) => self.reject.call1(&JsValue::UNDEFINED, &to_js(&err)),
        };
        // The closures may be running right now (this is called from them): drop them later.
        wasm_bindgen_futures::spawn_local(async move { drop(hooks) });
    }

    fn on_message(&self, event: &MessageEvent) {
        let source = event.source().map(JsValue::from);
        let is = |window: Option<JsValue>| matches!((&source, window), (Some(a), Some(b)) if js_sys::Object::is(a, &b));
        let sender = if is(self.iframe.content_window().map(JsValue::from)) {
            Sender::OwnFrame
        } else if is(Some(self.popup.clone().into())) {
            Sender::OwnWindow
        } else if is(Some(self.window.clone().into())) {
            Sender::PageWindow
        } else {
            Sender::Other
        };
        let expected = Expected {
            apps_origin: &self.apps_origin,
            page_origin: self.page_origin.as_deref(),
            trans_id: &self.trans_id,
        };
        let data = json::message_data(event.data());
        match judge_message(&event.origin(), sender, data.as_ref(), &expected) {
            MessageVerdict::Ignore => {}
            MessageVerdict::Answer(status) => self.finish(Ok(status)),
            MessageVerdict::Failed(err) => self.finish(Err(err)),
        }
    }

    /// `closed` once the window has been closed for a moment (the answer may still be on its way
    /// through the relay).
    fn on_poll(&self) {
        if !self.popup.closed().unwrap_or(false) {
            return;
        }
        let now = js_sys::Date::now();
        match self.closed_at.get() {
            None => self.closed_at.set(Some(now)),
            Some(at) if now - at >= CLOSED_GRACE_MS => self.finish(Ok(FollowStatus::Closed)),
            Some(_) => {}
        }
    }

    fn on_deadline(&self) {
        if !self.popup.closed().unwrap_or(true) {
            let _ = self.popup.close();
        }
        self.finish(Err(follow_timeout(self.timeout_ms)));
    }
}

/// Shows Kakao's add-channel screen in a window opened synchronously inside the click (call it
/// directly in a click handler, with no `await` before it) and resolves with what the user did:
/// `success` (added), `fail` (did not) or `closed` (closed the window before Kakao answered).
/// With `accessToken`, a blank window opens at once and goes to Kakao's page once the token has
/// been exchanged for a one-time `agt` (a form POST to Kakao's auth host).
///
/// Only messages from Kakao's apps origin (on iOS inside KakaoTalk also the page's own origin),
/// sent by this call's relay iframe or its window (on iOS inside KakaoTalk also by the page's own
/// window, as Kakao's SDK accepts), with this call's transaction ID or none, count. The
/// iframe, listener and timers are removed whatever happens.
///
/// @returns a Promise of `FollowChannelResult`.
/// @throws {KakaoChannelError} (as a rejection) `NOT_INITIALIZED`, `INVALID_ARGUMENT`,
/// `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`, `UNSUPPORTED_ENVIRONMENT` (no window, or an
/// Instagram, Facebook or Threads in-app browser: nothing opens), `POPUP_BLOCKED`,
/// `FOLLOW_FAILED` (Kakao's `KAE…` code in `kakaoCode`), `INVALID_TOKEN`, `NETWORK` (the agt
/// exchange), `TIMEOUT`.
///
/// @example
/// ```ts
/// button.addEventListener('click', async () => {
///   const { status } = await followChannel({ channelPublicId: '_ZeUTxl' }); // no await before it
///   if (status === 'success') showThanks();
/// });
/// ```
#[wasm_bindgen(js_name = followChannel, unchecked_return_type = "Promise<FollowChannelResult>")]
pub fn follow_channel(
    #[wasm_bindgen(unchecked_param_type = "FollowChannelOptions")] options: JsValue,
) -> Promise {
    match open(options) {
        Ok(promise) => promise,
        Err(err) => Promise::reject(&to_js(&err)),
    }
}

/// A validated `followChannel` call.
pub(crate) struct FollowRequest {
    /// The channel.
    pub(crate) id: ChannelId,
    /// A Kakao Login access token (validated), exchanged for an `agt` first.
    pub(crate) token: Option<String>,
    /// The deadline for the user's answer.
    pub(crate) timeout_ms: u32,
}

impl FollowRequest {
    /// A call for `id` without a token and with the default deadline (the follow button's).
    pub(crate) fn for_channel(id: ChannelId) -> FollowRequest {
        FollowRequest {
            id,
            token: None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }
}

fn open(options: JsValue) -> Result<Promise> {
    state::config(FUNCTION)?;
    let opts = Opts::new(options, FUNCTION)?;
    let id = opts.channel_id()?;
    let token = opts.string("accessToken")?;
    if let Some(token) = &token {
        validate_access_token(token)?;
    }
    let timeout_ms = validate_timeout(FUNCTION, opts.number("timeoutMs")?, DEFAULT_TIMEOUT_MS)?;
    start(FollowRequest {
        id,
        token,
        timeout_ms,
    })
}

/// Opens the follow window for a validated call, synchronously, and returns the Promise of its
/// answer: the typed entry the follow button uses.
pub(crate) fn start(request: FollowRequest) -> Result<Promise> {
    let FollowRequest {
        id,
        token,
        timeout_ms,
    } = request;
    let config = state::config(FUNCTION)?;
    let page = Page::current().ok_or_else(|| no_window(FUNCTION))?;
    let environment = page.environment();
    if !environment.supports_follow_channel() {
        return Err(unsupported_browser());
    }
    let no_random = || {
        Error::new(
            ErrorCode::UnsupportedEnvironment,
            "followChannel() needs crypto.getRandomValues, which this browser lacks.",
        )
    };
    let random = page
        .random_bytes(TRANS_ID_RANDOM_BYTES)
        .ok_or_else(no_random)?;
    let trans_id = trans_id(&random).ok_or_else(no_random)?;
    let ka = page.ka();
    let apps = &config.hosts.apps;
    let url = follow_url(apps, &config.app_key, &id, &ka, &trans_id, None);

    // The relay iframe first (Kakao's page answers through opener.frames[trans_id]), then the
    // window, synchronously: a blank one when the agt must be fetched before the URL is known.
    let iframe = relay_iframe(&page, &proxy_url(apps, &trans_id), &trans_id)
        .ok_or_else(|| no_window(FUNCTION))?;
    let features = popup_features(&page.screen, FOLLOW_POPUP);
    let first = if token.is_some() {
        "about:blank"
    } else {
        url.as_str()
    };
    let Some(popup) = page.open(first, FOLLOW_WINDOW, &features) else {
        iframe.remove();
        return Err(popup_blocked());
    };

    let mut handlers: Option<(Function, Function)> = None;
    let promise = Promise::new(&mut |resolve, reject| handlers = Some((resolve, reject)));
    let Some((resolve, reject)) = handlers else {
        iframe.remove();
        return Err(no_window(FUNCTION));
    };
    let call = Rc::new(FollowCall {
        window: page.window.clone(),
        popup: popup.clone(),
        iframe,
        channel_public_id: id.as_str().to_owned(),
        apps_origin: origin_of(apps).to_owned(),
        page_origin: environment
            .is_ios_kakaotalk()
            .then(|| page.origin.clone())
            .flatten(),
        trans_id: trans_id.clone(),
        timeout_ms,
        resolve,
        reject,
        settled: Cell::new(false),
        closed_at: Cell::new(None),
        hooks: RefCell::new(Hooks::default()),
    });
    install_hooks(&call);

    if let Some(token) = token {
        let target = FollowTarget {
            apps: apps.clone(),
            app_key: config.app_key.clone(),
            id,
            ka,
            trans_id,
        };
        exchange_agt(&config.hosts.auth, token, target, call);
    }
    Ok(promise)
}

/// Where the follow window goes once the `agt` is known.
struct FollowTarget {
    apps: String,
    app_key: String,
    id: ChannelId,
    ka: String,
    trans_id: String,
}

/// Exchanges the token for a one-time `agt` (a CORS simple request, as Kakao's SDK), then sends
/// the blank window to the follow page; on failure to Kakao's error page, and the call rejects.
fn exchange_agt(auth: &str, token: String, target: FollowTarget, call: Rc<FollowCall>) {
    let request = agt_request(auth, &target.app_key, &token);
    wasm_bindgen_futures::spawn_local(async move {
        let outcome = match http::send(&request, None).await {
            Some(answer) => decode_agt(answer.status, answer.json().as_ref(), &token),
            None => Err(agt_unreachable()),
        };
        if call.settled.get() {
            return;
        }
        let FollowTarget {
            apps,
            app_key,
            id,
            ka,
            trans_id,
        } = target;
        match outcome {
            Ok(agt) => {
                let url = follow_url(&apps, &app_key, &id, &ka, &trans_id, Some(&agt));
                let _ = page::navigate(&call.popup, &url);
            }
            Err(failure) => {
                // As Kakao's SDK: the window shows Kakao's error page; the promise rejects.
                let url = error_page_url(&apps, failure.page, &trans_id, &app_key, &ka);
                let _ = page::navigate(&call.popup, &url);
                call.finish(Err(failure.error));
            }
        }
    });
}

fn relay_iframe(page: &Page, src: &str, trans_id: &str) -> Option<HtmlIFrameElement> {
    let document = page.window.document()?;
    // `createElement("iframe")` makes an HTMLIFrameElement: no `instanceof` check (import) needed.
    let iframe: HtmlIFrameElement = document.create_element("iframe").ok()?.unchecked_into();
    // Attributes, not web-sys's property setters (one import instead of four): the same
    // reflected values.
    for (name, value) in [
        ("id", trans_id),
        ("name", trans_id),
        ("src", src),
        ("title", "kakao-channel follow relay"),
        ("aria-hidden", "true"),
    ] {
        let _ = iframe.set_attribute(name, value);
    }
    let _ = iframe.set_attribute(
        "style",
        "border:none;width:0;height:0;display:none;overflow:hidden",
    );
    document.body()?.append_child(&iframe).ok()?;
    Some(iframe)
}

fn install_hooks(call: &Rc<FollowCall>) {
    let on_message = {
        let call = call.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| call.on_message(&event))
    };
    let _ = call
        .window
        .add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    let on_poll = {
        let call = call.clone();
        Closure::<dyn FnMut()>::new(move || call.on_poll())
    };
    let poll_id = call
        .window
        .set_interval_with_callback_and_timeout_and_arguments_0(
            on_poll.as_ref().unchecked_ref(),
            CLOSED_POLL_MS as i32,
        )
        .unwrap_or(0);
    let deadline = {
        let call = call.clone();
        Timer::once(call.timeout_ms, move || call.on_deadline())
    };
    *call.hooks.borrow_mut() = Hooks {
        listener: Some(on_message),
        poll: Some((poll_id, on_poll)),
        _deadline: Some(deadline),
    };
}
