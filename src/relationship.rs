//! `checkRelationship`: options → validation → request (token only in `Authorization`, `KA`,
//! the caller's `AbortSignal`, `timeoutMs`, one jittered retry, identical concurrent calls
//! sharing one request) → decoding → typed result. Every decision is the core's.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortController, AbortSignal};

use kakao_channel_core::follow::validate_timeout;
use kakao_channel_core::http::{transport_error, RequestSpec, Retry, Transport, BROWSER_RETRY};
use kakao_channel_core::relationship::{
    coalescing_key, decode_relationships, dedupe, relationship_request, validate_access_token,
    DEFAULT_TIMEOUT_MS,
};
use kakao_channel_core::{Error, ErrorCode, Result};

use crate::error::to_js;
use crate::http::{self, Exchange};
use crate::opts::Opts;
use crate::state;

const FUNCTION: &str = "checkRelationship";

/// One request shared by identical concurrent calls.
struct Shared {
    promise: Promise,
    controller: AbortController,
    callers: Rc<Cell<u32>>,
}

thread_local! {
    /// Requests in flight by coalescing key (a handful at most: a list is smaller than a map).
    static INFLIGHT: RefCell<Vec<(String, Shared)>> = const { RefCell::new(Vec::new()) };
}

/// A validated call.
struct Call {
    request: RequestSpec,
    token: String,
    timeout_ms: u32,
    signal: Option<AbortSignal>,
}

fn prepare(options: JsValue) -> Result<Call> {
    let config = state::config(FUNCTION)?;
    let opts = Opts::new(options, FUNCTION)?;
    let token = opts.string("accessToken")?.unwrap_or_default();
    validate_access_token(&token)?;
    let ids = dedupe(opts.channel_ids("channelPublicIds")?.unwrap_or_default());
    let timeout_ms = validate_timeout(FUNCTION, opts.number("timeoutMs")?, DEFAULT_TIMEOUT_MS)?;
    let signal = opts.signal("signal")?;
    let ka = state::ka();
    Ok(Call {
        request: relationship_request(&config.hosts.api, &ids, &token, &ka),
        token,
        timeout_ms,
        signal,
    })
}

fn aborted() -> Error {
    transport_error(Transport::Aborted, 0)
}

/// Asks Kakao whether the logged-in user `ADDED`, `BLOCKED` or has `NONE` relation with the
/// app's channels (`GET /v2/api/talk/channels`). The access token goes only in the
/// `Authorization` header. One retry after 200–500 ms on a network failure or an HTTP 5xx;
/// identical concurrent calls (same token and channels) share one request, each keeping its own
/// `signal`.
///
/// @returns a Promise of `ChannelRelationships`.
/// @throws {KakaoChannelError} (as a rejection) `NOT_INITIALIZED`, `INVALID_ARGUMENT` (empty or
/// malformed token, bad `timeoutMs` or `signal`), `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`,
/// `NETWORK`, `TIMEOUT`, `ABORTED`, `INVALID_TOKEN` (-401), `CONSENT_REQUIRED` (-402, with
/// `requiredScopes`), `RATE_LIMITED`, `KAKAO_API`, `INVALID_RESPONSE`.
///
/// @example
/// ```ts
/// // accessToken: from Kakao Login, with the plusfriends consent
/// const { channels } = await checkRelationship({ accessToken, channelPublicIds: ['_ZeUTxl'] });
/// const following = channels[0]?.relation === 'ADDED';
/// ```
#[wasm_bindgen(js_name = checkRelationship, unchecked_return_type = "Promise<ChannelRelationships>")]
pub fn check_relationship(
    #[wasm_bindgen(unchecked_param_type = "CheckRelationshipOptions")] options: JsValue,
) -> Promise {
    let mut call = match prepare(options) {
        Ok(call) => call,
        Err(err) => return Promise::reject(&to_js(&err)),
    };
    match call.signal.take() {
        // Nothing to race: the shared request's own promise is the answer (one promise layer).
        None => match attach(call) {
            Ok(joined) => joined.promise,
            Err(err) => Promise::reject(&to_js(&err)),
        },
        Some(signal) => future_to_promise(join(call, signal)),
    }
}

/// A caller attached to a shared request.
struct Joined {
    promise: Promise,
    controller: AbortController,
    callers: Rc<Cell<u32>>,
    key: String,
}

/// Joins (or starts) the shared request for `call` and counts the caller in. A caller without a
/// signal is never counted out, so the request is never aborted under it.
fn attach(call: Call) -> Result<Joined> {
    // Calls share a request only with the same timeoutMs too: each then settles within its own
    // (a short call joining a long one's request would otherwise wait for the long deadline).
    let mut key = coalescing_key(&call.request);
    kakao_channel_core::text::push_int(&mut key, i64::from(call.timeout_ms));
    let joined = INFLIGHT.with(|inflight| {
        let mut inflight = inflight.borrow_mut();
        let at = match inflight.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                inflight.push((key.clone(), start(call, key.clone())?));
                inflight.len() - 1
            }
        };
        let (_, shared) = inflight.get(at)?;
        shared.callers.set(shared.callers.get() + 1);
        Some(Joined {
            promise: shared.promise.clone(),
            controller: shared.controller.clone(),
            callers: shared.callers.clone(),
            key: key.clone(),
        })
    });
    joined.ok_or_else(|| {
        Error::new(
            ErrorCode::UnsupportedEnvironment,
            "checkRelationship() needs AbortController, which this JavaScript engine lacks.",
        )
    })
}

/// Joins (or starts) the shared request and waits for it or the caller's abort. Rejections are
/// `KakaoChannelError`s.
async fn join(call: Call, signal: AbortSignal) -> core::result::Result<JsValue, JsValue> {
    if signal.aborted() {
        return Err(to_js(&aborted()));
    }
    let Joined {
        promise,
        controller,
        callers,
        key,
    } = attach(call).map_err(|err| to_js(&err))?;
    // The caller's signal may live long (one AbortController for many calls): its listener goes
    // when this call settles, whichever way.
    let mut on_abort = None;
    let abort = Promise::new(&mut |_, reject| on_abort = Some(reject));
    if let Some(reject) = &on_abort {
        let _ = signal.add_event_listener_with_callback("abort", reject);
    }
    let waited = JsFuture::from(Promise::race(&js_sys::Array::of2(&promise, &abort))).await;
    if let Some(reject) = &on_abort {
        let _ = signal.remove_event_listener_with_callback("abort", reject);
    }
    callers.set(callers.get().saturating_sub(1));
    if waited.is_err() && signal.aborted() {
        // This caller gave up; the request stops when nobody else waits for it.
        if callers.get() == 0 {
            forget(&key);
            controller.abort();
        }
        return Err(to_js(&aborted()));
    }
    waited
}

/// Drops the shared request of `key` (done, or nobody waits for it any more).
fn forget(key: &str) {
    INFLIGHT.with(|inflight| inflight.borrow_mut().retain(|(k, _)| k != key));
}

/// Starts the shared request for `call`; `None` without `AbortController`.
fn start(call: Call, key: String) -> Option<Shared> {
    let controller = AbortController::new().ok()?;
    let signal = controller.signal();
    let promise = future_to_promise(async move {
        let answer = http::exchange(
            &Exchange {
                spec: &call.request,
                signal: Some(&signal),
                timeout_ms: call.timeout_ms,
                policy: BROWSER_RETRY,
            },
            |answer| (Retry::of_status(answer.status), None),
        )
        .await;
        forget(&key);
        answer
            .map_err(|kind| transport_error(kind, call.timeout_ms))
            .and_then(|answer| {
                decode_relationships(answer.status, answer.json().as_ref(), &call.token)
            })
            .and_then(|relationships| {
                crate::plain_js(&relationships).map_err(|_| {
                    Error::new(
                        ErrorCode::InvalidResponse,
                        "The answer could not be converted.",
                    )
                })
            })
            .map_err(|err| to_js(&err))
    });
    Some(Shared {
        promise,
        controller,
        callers: Rc::new(Cell::new(0)),
    })
}
