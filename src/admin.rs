//! `KakaoChannelAdmin`: the server entry's admin-key APIs (relationships of many users, customer
//! files). Options are read here, every request is described and decoded by the core
//! (`admin`, `customers`), and sent through gloo-net on Node's `fetch` with a per-request
//! timeout, the caller's `AbortSignal`, retries with back-off that honour `Retry-After`, and a
//! bounded number of requests in flight. Compiled only into the server build (feature `server`).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortController, AbortSignal};

use kakao_channel_core::admin::{
    admin_transport_error, backoff_delay, classify, decode_multi, decode_relationship,
    in_request_order, missing_user_error, multi_request, parse_body, parse_retry_after,
    parse_user_id, relationship_request, validate_admin_key, validate_count, AdminRelationships,
    RawId, Retry, UserId, DEFAULT_CONCURRENCY, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, MAX_CHUNK,
    MAX_CONCURRENCY, MAX_RETRIES,
};
use kakao_channel_core::config::{validate_base_url, Hosts};
use kakao_channel_core::customers::{
    add_request, check_fields, create_request, decode_batch, decode_created, decode_files,
    delete_request, file_schema, list_request, parse_customer_id, parse_schema, unknown_file_error,
    validate_file_id, validate_file_name, BatchCounts, CustomerId, CustomerUser, RawValue, Schema,
    UserType, MAX_BATCH,
};
use kakao_channel_core::follow::validate_timeout;
use kakao_channel_core::http::{is_success, RequestSpec, Transport};
use kakao_channel_core::relationship::{dedupe, ChannelRelationship};
use kakao_channel_core::text::cat;
use kakao_channel_core::{ChannelId, Error, ErrorCode, Result};

use crate::error::{to_js, Failure};
use crate::http::{self, TextAnswer, Timer};
use crate::opts::url_parts;
use crate::opts::{is_array, object_entries, ArrayView, Opts};

/// The validated constructor options, shared by every call of one `KakaoChannelAdmin`.
pub(crate) struct Admin {
    key: String,
    api: String,
    timeout_ms: u32,
    concurrency: u32,
    retries: u32,
}

/// A server-side client for Kakao's admin-key APIs: relationships of many users at once, and
/// customer files. **Node only**: the admin key must never reach a browser, and constructing
/// this in a page (`globalThis.window`, and a `globalThis.document` that can `createElement`)
/// throws `ADMIN_KEY_IN_BROWSER`.
///
/// Every request carries the key only in `Authorization: KakaoAK …`; errors never contain it.
///
/// @example
/// ```ts
/// import { KakaoChannelAdmin } from 'kakao-channel/server';
///
/// const admin = new KakaoChannelAdmin({ adminKey: process.env.KAKAO_ADMIN_KEY! });
/// const { channels } = await admin.checkRelationship({ userId: 1001, channelPublicIds: ['_ZeUTxl'] });
/// ```
#[wasm_bindgen]
pub struct KakaoChannelAdmin {
    pub(crate) inner: Rc<Admin>,
}

#[wasm_bindgen]
extern "C" {
    /// `globalThis` itself: not `js_sys::global()`, which keeps whatever `self` or `window`
    /// held at its first call (a library's shim object on `window`, say).
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL_THIS: JsValue;
}

/// Is this a page? Decided from `globalThis` itself, at each call: `window` is an object and
/// `document` is an object whose `createElement` is a function. A bare Node process, or one where
/// a library put a shim (`{}`) on `window`, is not a page; a browser, or a page-like global
/// (`window = globalThis` with such a `document`, as jsdom sets up), is.
fn in_browser() -> bool {
    let get = |target: &JsValue, name: &str| {
        Reflect::get(target, &JsValue::from_str(name))
            .ok()
            .filter(JsValue::is_object)
    };
    GLOBAL_THIS.with(|global| {
        get(global, "window").is_some()
            && get(global, "document")
                .and_then(|document| {
                    Reflect::get(&document, &JsValue::from_str("createElement")).ok()
                })
                .is_some_and(|create| create.is_function())
    })
}

#[wasm_bindgen]
impl KakaoChannelAdmin {
    /// Validates the options (`adminKey` required; `hosts.api`, `timeoutMs` per request, default
    /// 30000; `concurrency`, requests in flight, default 4; `retries` after a rate limit, network
    /// failure or 5xx, default 5).
    ///
    /// @throws {KakaoChannelError} `ADMIN_KEY_IN_BROWSER` in a page; `INVALID_ARGUMENT`.
    ///
    /// @example
    /// ```ts
    /// const admin = new KakaoChannelAdmin({
    ///   adminKey: process.env.KAKAO_ADMIN_KEY!,
    ///   timeoutMs: 10_000,
    ///   concurrency: 8,
    /// });
    /// ```
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "KakaoChannelAdminOptions")] options: JsValue,
    ) -> core::result::Result<KakaoChannelAdmin, Failure> {
        if in_browser() {
            return Err(Error::new(
                ErrorCode::AdminKeyInBrowser,
                "KakaoChannelAdmin runs on a server only: an admin key in a page can be read by \
                 anyone. Call your own backend from the page, and use kakao-channel/server there.",
            )
            .into());
        }
        let opts = Opts::new(options, "KakaoChannelAdmin")?;
        let key = validate_admin_key(&opts.string("adminKey")?.unwrap_or_default())?;
        let api = match opts
            .object("hosts")?
            .map(|h| h.string("api"))
            .transpose()?
            .flatten()
        {
            Some(host) => validate_base_url("api", &host, url_parts(&host).as_ref())?,
            None => Hosts::default().api,
        };
        let timeout_ms = validate_timeout(
            "KakaoChannelAdmin",
            opts.number("timeoutMs")?,
            DEFAULT_TIMEOUT_MS,
        )?;
        let concurrency = validate_count(
            "concurrency",
            opts.number("concurrency")?,
            1,
            MAX_CONCURRENCY,
            DEFAULT_CONCURRENCY,
        )?;
        let retries = validate_count(
            "retries",
            opts.number("retries")?,
            0,
            MAX_RETRIES,
            DEFAULT_RETRIES,
        )?;
        Ok(KakaoChannelAdmin {
            inner: Rc::new(Admin {
                key,
                api,
                timeout_ms,
                concurrency,
                retries,
            }),
        })
    }

    /// One user's relationship with the app's channels
    /// (`GET /v2/api/talk/channels?target_id_type=user_id&target_id=…`). `userId` may be a
    /// number or, above 2^53, a string of digits; the result's `userId` is exactly what was
    /// passed.
    ///
    /// @throws {KakaoChannelError} (as a rejection) `INVALID_ARGUMENT`, `INVALID_CHANNEL_ID`,
    /// `NETWORK`, `TIMEOUT`, `ABORTED`, `INVALID_TOKEN` (admin key refused), `RATE_LIMITED`,
    /// `KAKAO_API`, `INVALID_RESPONSE`.
    ///
    /// @example
    /// ```ts
    /// const { channels } = await admin.checkRelationship({ userId: 1001, channelPublicIds: ['_ZeUTxl'] });
    /// // [{ channelPublicId: '_ZeUTxl', channelUuid: '@…', relation: 'ADDED', updatedAt: '…' }]
    /// ```
    #[wasm_bindgen(js_name = checkRelationship, unchecked_return_type = "Promise<AdminChannelRelationships>")]
    pub fn check_relationship(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AdminCheckRelationshipOptions")] options: JsValue,
    ) -> Promise {
        let admin = self.inner.clone();
        spawn(async move {
            let opts = Opts::new(options, "checkRelationship")?;
            let user = parse_user_id(raw_id(opts.get("userId")?), "userId")?;
            let ids = dedupe(opts.channel_ids("channelPublicIds")?.unwrap_or_default());
            let signal = opts.signal("signal")?;
            let spec = relationship_request(&admin.api, &user, &ids, &admin.key);
            let answer = admin.request(&spec, signal.as_ref()).await?;
            let decoded = decode_relationship(answer.status, &answer.text, &admin.key)?;
            to_value(&AdminRelationships {
                user_id: user,
                channels: decoded.channels,
            })
        })
    }

    /// Relationships of any number of users, in input order, through
    /// `GET /v2/api/talk/channels/multi`: IDs are de-duplicated and chunked (`chunkSize`, default
    /// 200), `concurrency` requests run at once, and rate limits (HTTP 429 or Kakao's -10) are
    /// retried with exponential back-off that honours `Retry-After`. A chunk that still fails does
    /// not fail the call: its users come back with `channels: []` and `error` (a
    /// `KakaoChannelError`). `onProgress({ done, total, failed })` follows distinct user IDs.
    ///
    /// @throws {KakaoChannelError} (as a rejection) `INVALID_ARGUMENT`, `INVALID_CHANNEL_ID`,
    /// `ABORTED`; anything Kakao answers arrives per user in `error`.
    ///
    /// @example
    /// ```ts
    /// const results = await admin.checkRelationships({
    ///   userIds: [1001, 1002, '9007199254740993'],
    ///   channelPublicIds: ['_ZeUTxl'],
    ///   onProgress: ({ done, total }) => console.log(`${done}/${total}`),
    /// });
    /// for (const { userId, channels, error } of results) {
    ///   if (error) console.error(userId, error.code);
    ///   else console.log(userId, channels.map((c) => c.relation));
    /// }
    /// ```
    #[wasm_bindgen(js_name = checkRelationships, unchecked_return_type = "Promise<AdminChannelRelationships[]>")]
    pub fn check_relationships(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AdminCheckRelationshipsOptions")] options: JsValue,
    ) -> Promise {
        let admin = self.inner.clone();
        spawn(async move { admin.check_relationships(options).await })
    }

    /// Registers a customer file (`POST /v1/talkchannel/create/target_user_file`) with a schema
    /// of field names and types (`'string'` | `'number'`), which Kakao never lets change.
    /// Resolves Kakao's answer with `fileId`.
    ///
    /// @throws {KakaoChannelError} (as a rejection) `INVALID_ARGUMENT`, `INVALID_CHANNEL_ID`,
    /// `KAKAO_API` (-817 name taken, -818 30 files already, -819 channel not connected), and the
    /// transport and key errors of every call.
    ///
    /// @example
    /// ```ts
    /// const { fileId } = await admin.createCustomerFile({
    ///   channelPublicId: '_ZeUTxl',
    ///   fileName: 'VIP 2026',
    ///   schema: { tier: 'string', points: 'number' },
    /// });
    /// ```
    #[wasm_bindgen(js_name = createCustomerFile, unchecked_return_type = "Promise<CreatedCustomerFile>")]
    pub fn create_customer_file(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateCustomerFileOptions")] options: JsValue,
    ) -> Promise {
        let admin = self.inner.clone();
        spawn(async move {
            let opts = Opts::new(options, "createCustomerFile")?;
            let channel = opts.channel_id()?;
            let name = validate_file_name(opts.string("fileName")?)?;
            let schema = read_schema(&opts)?.ok_or_else(|| {
                Error::invalid_argument(
                    "schema is required, e.g. { tier: 'string', points: 'number' }.",
                )
            })?;
            let signal = opts.signal("signal")?;
            let spec = create_request(&admin.api, &channel, &name, &schema, &admin.key);
            let answer = admin.request(&spec, signal.as_ref()).await?;
            json_value(&decode_created(answer.status, &answer.text, &admin.key)?)
        })
    }

    /// The channel's customer files (`GET /v1/talkchannel/target_user_file`): each with
    /// `fileId`, `fileName`, `schema` when Kakao lists it, and Kakao's other fields as it sent
    /// them (the answer's shape is undocumented, so it is read leniently).
    ///
    /// @throws {KakaoChannelError} (as a rejection) `INVALID_CHANNEL_ID`, `INVALID_RESPONSE`,
    /// `KAKAO_API`, and the transport and key errors of every call.
    ///
    /// @example
    /// ```ts
    /// const files = await admin.listCustomerFiles({ channelPublicId: '_ZeUTxl' });
    /// const vip = files.find((f) => f.fileName === 'VIP 2026');
    /// ```
    #[wasm_bindgen(js_name = listCustomerFiles, unchecked_return_type = "Promise<CustomerFile[]>")]
    pub fn list_customer_files(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ListCustomerFilesOptions")] options: JsValue,
    ) -> Promise {
        let admin = self.inner.clone();
        spawn(async move {
            let opts = Opts::new(options, "listCustomerFiles")?;
            let channel = opts.channel_id()?;
            let signal = opts.signal("signal")?;
            let files = admin.list_files(&channel, signal.as_ref()).await?;
            json_value(&files)
        })
    }

    /// Adds (or updates) users in a customer file (`POST /v1/talkchannel/update/target_users`),
    /// any number of them, in batches of at most 2,000 (`batchSize`). Every user's `fields` are
    /// checked against the file's schema first (from `schema`, or looked up with
    /// `listCustomerFiles`): a field the schema lacks, or a value of the wrong type, rejects with
    /// `INVALID_ARGUMENT` naming the user and the field, and nothing is sent (Kakao itself would
    /// answer 200 and silently skip that user). Resolves a `BatchReport`; failed batches are in
    /// `errors` (each with `batch`, `offset`, `count`).
    ///
    /// @throws {KakaoChannelError} (as a rejection) `INVALID_ARGUMENT`, `INVALID_CHANNEL_ID`,
    /// `ABORTED`, and the errors of the schema lookup.
    ///
    /// @example
    /// ```ts
    /// const report = await admin.addCustomerUsers({
    ///   channelPublicId: '_ZeUTxl',
    ///   fileId,
    ///   userType: 'app',
    ///   users: [{ id: 1001, fields: { tier: 'gold', points: 1200 } }],
    /// });
    /// for (const e of report.errors) console.error(`users ${e.offset}..${e.offset + e.count}: ${e.code}`);
    /// ```
    #[wasm_bindgen(js_name = addCustomerUsers, unchecked_return_type = "Promise<BatchReport>")]
    pub fn add_customer_users(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AddCustomerUsersOptions")] options: JsValue,
    ) -> Promise {
        let admin = self.inner.clone();
        spawn(async move { admin.add_users(options).await })
    }

    /// Deletes users from a customer file (`POST /v1/talkchannel/delete/target_users`), any
    /// number of them, in batches of at most 2,000. Resolves a `BatchReport`.
    ///
    /// @throws {KakaoChannelError} (as a rejection) `INVALID_ARGUMENT`, `INVALID_CHANNEL_ID`,
    /// `ABORTED`.
    ///
    /// @example
    /// ```ts
    /// const { succeeded } = await admin.deleteCustomerUsers({
    ///   channelPublicId: '_ZeUTxl',
    ///   fileId,
    ///   userType: 'phone',
    ///   userIds: ['010-1234-5678'],
    /// });
    /// ```
    #[wasm_bindgen(js_name = deleteCustomerUsers, unchecked_return_type = "Promise<BatchReport>")]
    pub fn delete_customer_users(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DeleteCustomerUsersOptions")] options: JsValue,
    ) -> Promise {
        let admin = self.inner.clone();
        spawn(async move { admin.delete_users(options).await })
    }
}

/// Runs `work` as a Promise whose rejections are `KakaoChannelError`s.
pub(crate) fn spawn(work: impl Future<Output = Result<JsValue>> + 'static) -> Promise {
    future_to_promise(async move { work.await.map_err(|err| to_js(&err)) })
}

pub(crate) fn conversion_error() -> Error {
    Error::new(
        ErrorCode::InvalidResponse,
        "The result could not be converted to a JavaScript value.",
    )
}

/// A typed result as a plain object.
pub(crate) fn to_value<T: Serialize>(value: &T) -> Result<JsValue> {
    serde_wasm_bindgen::to_value(value).map_err(|_| conversion_error())
}

/// Kakao's JSON (kept raw where undocumented) as plain objects and arrays.
fn json_value<T: Serialize>(value: &T) -> Result<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| conversion_error())
}

/// A JavaScript value where an ID belongs.
pub(crate) fn raw_id(value: Option<JsValue>) -> RawId {
    match value {
        Some(v) => match (v.as_f64(), v.as_string()) {
            (Some(n), _) => RawId::Number(n),
            (_, Some(s)) => RawId::Text(s),
            _ => RawId::Other,
        },
        None => RawId::Other,
    }
}

/// A required array option.
fn array(opts: &Opts, key: &str, example: &str) -> Result<ArrayView> {
    match opts.get(key)?.as_ref().and_then(ArrayView::new) {
        Some(list) => Ok(list),
        None => Err(Error::invalid_argument(cat(&[
            key,
            " must be an array, e.g. ",
            example,
            ".",
        ]))),
    }
}

/// The entries of a plain object (`Object.entries`), or `None` for anything else.
fn entries(value: &JsValue) -> Option<Vec<(String, JsValue)>> {
    if !value.is_object() || is_array(value) || value.is_function() {
        return None;
    }
    // A throwing getter or Proxy trap reads as "not a plain object".
    let list = object_entries(value)?;
    Some(
        list.iter()
            .filter_map(|pair| {
                let pair = Array::from(&pair);
                Some((pair.get(0).as_string()?, pair.get(1)))
            })
            .collect(),
    )
}

/// The optional `schema` option (`{ name: 'string' | 'number' }`).
fn read_schema(opts: &Opts) -> Result<Option<Schema>> {
    let Some(value) = opts.get("schema")? else {
        return Ok(None);
    };
    let fields = entries(&value).ok_or_else(|| {
        Error::invalid_argument(
            "schema must be an object such as { tier: 'string', points: 'number' }.",
        )
    })?;
    parse_schema(
        fields
            .into_iter()
            .map(|(name, kind)| (name, kind.as_string()))
            .collect(),
    )
    .map(Some)
}

/// The optional `onProgress` callback.
fn progress_callback(opts: &Opts) -> Result<Option<Function>> {
    match opts.get("onProgress")? {
        None => Ok(None),
        Some(v) => v.dyn_into::<Function>().map(Some).map_err(|_| {
            Error::invalid_argument(
                "onProgress must be a function ({ done, total, failed }) => void.",
            )
        }),
    }
}

/// What `onProgress` receives.
#[derive(Serialize)]
struct ProgressEvent {
    done: usize,
    total: usize,
    failed: usize,
}

/// Counts finished work and tells `onProgress`; a throwing callback is ignored.
struct Progress {
    callback: Option<Function>,
    total: usize,
    done: Cell<usize>,
    failed: Cell<usize>,
}

impl Progress {
    fn new(callback: Option<Function>, total: usize) -> Progress {
        Progress {
            callback,
            total,
            done: Cell::new(0),
            failed: Cell::new(0),
        }
    }

    /// `done` more users finished, `failed` of them in failed requests.
    fn advance(&self, done: usize, failed: usize) {
        self.done.set(self.done.get() + done);
        self.failed.set(self.failed.get() + failed);
        if let Some(callback) = &self.callback {
            let event = ProgressEvent {
                done: self.done.get(),
                total: self.total,
                failed: self.failed.get(),
            };
            if let Ok(value) = serde_wasm_bindgen::to_value(&event) {
                let _ = callback.call1(&JsValue::UNDEFINED, &value);
            }
        }
    }
}

/// One unit of a batched call: the future for job `index`.
type Job = Rc<dyn Fn(usize) -> Pin<Box<dyn Future<Output = ()>>>>;

/// Runs `job(0..jobs)` with at most `concurrency` running at once.
async fn run_pool(jobs: usize, concurrency: u32, job: Job) {
    let next = Rc::new(Cell::new(0usize));
    let workers = Array::new();
    for _ in 0..jobs.min(concurrency as usize) {
        let next = next.clone();
        let job = job.clone();
        workers.push(&future_to_promise(async move {
            loop {
                let index = next.get();
                if index >= jobs {
                    break;
                }
                next.set(index + 1);
                job(index).await;
            }
            Ok(JsValue::UNDEFINED)
        }));
    }
    let _ = JsFuture::from(Promise::all(&workers)).await;
}

/// The caller's `AbortSignal` aborting one attempt's controller; unlinked when dropped.
struct Link {
    signal: AbortSignal,
    abort: Closure<dyn FnMut()>,
}

impl Link {
    fn new(signal: &AbortSignal, controller: &AbortController) -> Link {
        let controller = controller.clone();
        let abort = Closure::<dyn FnMut()>::new(move || controller.abort());
        let _ = signal.add_event_listener_with_callback("abort", abort.as_ref().unchecked_ref());
        Link {
            signal: signal.clone(),
            abort,
        }
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", self.abort.as_ref().unchecked_ref());
    }
}

pub(crate) fn aborted(signal: Option<&AbortSignal>) -> bool {
    signal.is_some_and(AbortSignal::aborted)
}

/// How a batched call is paced: users per request, requests in flight, the caller's signal and
/// `onProgress`.
struct Pacing {
    size: usize,
    concurrency: u32,
    signal: Option<AbortSignal>,
    callback: Option<Function>,
}

/// A customer-file batch call's validated options (`addCustomerUsers`, `deleteCustomerUsers`).
struct Batched {
    channel: ChannelId,
    file_id: i64,
    user_type: UserType,
    list: ArrayView,
    pacing: Pacing,
}

impl Admin {
    /// One attempt: `spec` sent with this admin's timeout and the caller's signal.
    async fn attempt(
        &self,
        spec: &RequestSpec,
        signal: Option<&AbortSignal>,
    ) -> core::result::Result<TextAnswer, Transport> {
        if aborted(signal) {
            return Err(Transport::Aborted);
        }
        let controller = AbortController::new().map_err(|_| Transport::Network)?;
        let timed_out = Rc::new(Cell::new(false));
        let timer = {
            let controller = controller.clone();
            let timed_out = timed_out.clone();
            Timer::once(self.timeout_ms, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let link = signal.map(|s| Link::new(s, &controller));
        let answer = http::send(spec, Some(&controller.signal())).await;
        drop(link);
        drop(timer);
        match answer {
            Some(answer) => Ok(answer),
            None if aborted(signal) => Err(Transport::Aborted),
            None if timed_out.get() => Err(Transport::Timeout),
            None => Err(Transport::Network),
        }
    }

    /// `spec`, retried after rate limits, network failures and 5xx with back-off (honouring
    /// `Retry-After`) up to `retries` times. Resolves the last answer, whatever its status.
    async fn request(
        &self,
        spec: &RequestSpec,
        signal: Option<&AbortSignal>,
    ) -> Result<TextAnswer> {
        let mut attempt = 0;
        loop {
            let result = self.attempt(spec, signal).await;
            let (verdict, retry_after) = match &result {
                Err(Transport::Aborted) => {
                    return Err(admin_transport_error(Transport::Aborted, 0))
                }
                Err(_) => (Retry::Transient, None),
                Ok(answer) if is_success(answer.status) => (Retry::No, None),
                Ok(answer) => (
                    classify(answer.status, parse_body(&answer.text).as_ref()),
                    answer
                        .retry_after
                        .as_deref()
                        .and_then(|v| parse_retry_after(v, js_sys::Date::now())),
                ),
            };
            if verdict != Retry::No {
                if let Some(wait) =
                    backoff_delay(attempt, self.retries, retry_after, js_sys::Math::random())
                {
                    http::sleep(wait, signal).await;
                    if aborted(signal) {
                        return Err(admin_transport_error(Transport::Aborted, 0));
                    }
                    attempt += 1;
                    continue;
                }
            }
            return result.map_err(|kind| admin_transport_error(kind, self.timeout_ms));
        }
    }

    /// The call's `concurrency`, defaulting to the constructor's.
    pub(crate) fn concurrency(&self, opts: &Opts) -> Result<u32> {
        let value = opts.number("concurrency")?;
        validate_count("concurrency", value, 1, MAX_CONCURRENCY, self.concurrency)
    }

    /// The options every customer-file batch call shares; `list_key` names its array.
    fn batched(&self, opts: &Opts, list_key: &str, example: &str) -> Result<Batched> {
        let max = MAX_BATCH as u32;
        Ok(Batched {
            channel: opts.channel_id()?,
            file_id: validate_file_id(opts.number("fileId")?)?,
            user_type: UserType::parse(opts.string("userType")?.as_deref())?,
            list: array(opts, list_key, example)?,
            pacing: Pacing {
                size: validate_count("batchSize", opts.number("batchSize")?, 1, max, max)? as usize,
                concurrency: self.concurrency(opts)?,
                signal: opts.signal("signal")?,
                callback: progress_callback(opts)?,
            },
        })
    }

    async fn list_files(
        &self,
        channel: &ChannelId,
        signal: Option<&AbortSignal>,
    ) -> Result<Vec<Value>> {
        let spec = list_request(&self.api, channel, &self.key);
        let answer = self.request(&spec, signal).await?;
        decode_files(answer.status, &answer.text, &self.key)
    }

    /// One `/v2/api/talk/channels/multi` request for `members` (the chunk path of
    /// `checkRelationships` and `relationships`), retried as [`Admin::request`] does, decoded,
    /// and put in the members' order (`None` for a user Kakao's answer left out).
    pub(crate) async fn ask_multi(
        &self,
        members: &[&UserId],
        ids: &[ChannelId],
        signal: Option<&AbortSignal>,
    ) -> Result<Vec<Option<Vec<ChannelRelationship>>>> {
        let spec = multi_request(&self.api, members, ids, &self.key);
        let answer = self.request(&spec, signal).await?;
        let answers = decode_multi(answer.status, &answer.text, &self.key)?;
        Ok(in_request_order(members, answers))
    }

    async fn check_relationships(self: Rc<Self>, options: JsValue) -> Result<JsValue> {
        let opts = Opts::new(options, "checkRelationships")?;
        let list = array(&opts, "userIds", "[1001, '9223372036854775001']")?;
        let mut users = Vec::with_capacity(list.capacity());
        for (i, value) in list.iter().enumerate() {
            users.push(parse_user_id(
                raw_id(Some(value)),
                &index_name("userIds", i),
            )?);
        }
        let ids = Rc::new(dedupe(
            opts.channel_ids("channelPublicIds")?.unwrap_or_default(),
        ));
        let chunk = validate_count(
            "chunkSize",
            opts.number("chunkSize")?,
            1,
            MAX_CHUNK as u32,
            MAX_CHUNK as u32,
        )? as usize;
        let concurrency = self.concurrency(&opts)?;
        let signal = opts.signal("signal")?;
        let callback = progress_callback(&opts)?;

        // Each distinct ID is asked once; `slot[i]` is input i's distinct index.
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut distinct: Vec<UserId> = Vec::new();
        let mut slot = Vec::with_capacity(users.len());
        for user in &users {
            let index = *seen.entry(user.digits()).or_insert_with(|| {
                distinct.push(user.clone());
                distinct.len() - 1
            });
            slot.push(index);
        }
        let distinct = Rc::new(distinct);
        type Outcome = Option<core::result::Result<Vec<ChannelRelationship>, usize>>;
        let outcomes: Rc<RefCell<Vec<Outcome>>> = Rc::new(RefCell::new(vec![None; distinct.len()]));
        let errors: Rc<RefCell<Vec<JsValue>>> = Rc::new(RefCell::new(Vec::new()));
        let progress = Rc::new(Progress::new(callback, distinct.len()));
        let jobs = distinct.len().div_ceil(chunk);
        let job = {
            let (admin, distinct, outcomes, errors, progress, signal) = (
                self.clone(),
                distinct.clone(),
                outcomes.clone(),
                errors.clone(),
                progress.clone(),
                signal.clone(),
            );
            Rc::new(move |index: usize| -> Pin<Box<dyn Future<Output = ()>>> {
                let (admin, distinct, outcomes, errors, progress, ids, signal) = (
                    admin.clone(),
                    distinct.clone(),
                    outcomes.clone(),
                    errors.clone(),
                    progress.clone(),
                    ids.clone(),
                    signal.clone(),
                );
                Box::pin(async move {
                    let start = index * chunk;
                    let members: Vec<&UserId> = distinct.iter().skip(start).take(chunk).collect();
                    let decoded = admin.ask_multi(&members, &ids, signal.as_ref()).await;
                    let mut outcomes = outcomes.borrow_mut();
                    match decoded {
                        Ok(answers) => {
                            let mut missing = None;
                            let mut left_out = 0;
                            for (offset, found) in answers.into_iter().enumerate() {
                                let outcome = match found {
                                    Some(channels) => Ok(channels),
                                    None => Err({
                                        left_out += 1;
                                        *missing.get_or_insert_with(|| {
                                            let mut errors = errors.borrow_mut();
                                            errors.push(batch_error(
                                                &missing_user_error(),
                                                index,
                                                start,
                                                members.len(),
                                            ));
                                            errors.len() - 1
                                        })
                                    }),
                                };
                                if let Some(slot) = outcomes.get_mut(start + offset) {
                                    *slot = Some(outcome);
                                }
                            }
                            progress.advance(members.len(), left_out);
                        }
                        Err(err) => {
                            let mut errors = errors.borrow_mut();
                            errors.push(batch_error(&err, index, start, members.len()));
                            let at = errors.len() - 1;
                            for slot in outcomes.iter_mut().skip(start).take(members.len()) {
                                *slot = Some(Err(at));
                            }
                            progress.advance(members.len(), members.len());
                        }
                    }
                })
            })
        };
        run_pool(jobs, concurrency, job).await;
        if aborted(signal.as_ref()) {
            return Err(admin_transport_error(Transport::Aborted, 0));
        }

        let outcomes = outcomes.borrow();
        let errors = errors.borrow();
        let mut failed = Vec::new();
        let results: Vec<AdminRelationships> = users
            .into_iter()
            .zip(&slot)
            .enumerate()
            .map(|(position, (user_id, index))| {
                let channels = match outcomes.get(*index) {
                    Some(Some(Ok(channels))) => channels.clone(),
                    Some(Some(Err(error))) => {
                        failed.push((position, *error));
                        Vec::new()
                    }
                    _ => Vec::new(),
                };
                AdminRelationships { user_id, channels }
            })
            .collect();
        let array = to_value(&results)?;
        for (position, error) in failed {
            let entry = Reflect::get(&array, &JsValue::from_f64(position as f64))
                .map_err(|_| conversion_error())?;
            if let Some(error) = errors.get(error) {
                let _ = Reflect::set(&entry, &JsValue::from_str("error"), error);
            }
        }
        Ok(array)
    }

    /// The schema to check `addCustomerUsers` against: the caller's, or the file's from the
    /// channel's list (`None` when Kakao lists no schema for it).
    async fn schema_for(
        &self,
        opts: &Opts,
        channel: &ChannelId,
        file_id: i64,
        signal: Option<&AbortSignal>,
    ) -> Result<Option<Schema>> {
        if let Some(schema) = read_schema(opts)? {
            return Ok(Some(schema));
        }
        let files = self.list_files(channel, signal).await?;
        file_schema(&files, file_id).ok_or_else(|| unknown_file_error(file_id, channel))
    }

    async fn add_users(self: Rc<Self>, options: JsValue) -> Result<JsValue> {
        let opts = Opts::new(options, "addCustomerUsers")?;
        let call = self.batched(&opts, "users", "[{ id: 1001, fields: { points: 10 } }]")?;
        let (channel, file_id, user_type) = (call.channel.clone(), call.file_id, call.user_type);
        let list = &call.list;
        // Shapes and IDs first (no request for a malformed call), then the schema check.
        let mut raw = Vec::with_capacity(list.capacity());
        for (i, item) in list.iter().enumerate() {
            let at = index_name("users", i);
            let Some(user) = entries(&item) else {
                return Err(Error::invalid_argument(cat(&[
                    &at,
                    " must be an object { id, fields }.",
                ])));
            };
            let get = |name: &str| user.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
            let id = parse_customer_id(user_type, raw_id(get("id")), &cat(&[&at, ".id"]))?;
            let fields = match get("fields").filter(|v| !v.is_undefined() && !v.is_null()) {
                None => Vec::new(),
                Some(v) => entries(&v)
                    .ok_or_else(|| {
                        Error::invalid_argument(cat(&[
                            &at,
                            ".fields must be an object { name: value }.",
                        ]))
                    })?
                    .into_iter()
                    .map(|(name, value)| (name, raw_value(&value)))
                    .collect(),
            };
            raw.push((id, fields));
        }
        if raw.is_empty() {
            return report(BatchCounts::default(), Vec::new(), Vec::new());
        }
        let schema = self
            .schema_for(&opts, &channel, file_id, call.pacing.signal.as_ref())
            .await?;
        let mut users = Vec::with_capacity(raw.len());
        for (i, (id, fields)) in raw.into_iter().enumerate() {
            let fields = check_fields(i, fields, schema.as_ref(), file_id)?;
            users.push(CustomerUser { id, fields });
        }
        let users = Rc::new(users);
        let total = users.len();
        self.batches(total, call.pacing, move |admin, start, end| {
            add_request(
                &admin.api,
                &channel,
                file_id,
                user_type,
                users.get(start..end).unwrap_or_default(),
                &admin.key,
            )
        })
        .await
    }

    async fn delete_users(self: Rc<Self>, options: JsValue) -> Result<JsValue> {
        let opts = Opts::new(options, "deleteCustomerUsers")?;
        let call = self.batched(&opts, "userIds", "[1001, 1002]")?;
        let (channel, file_id, user_type) = (call.channel.clone(), call.file_id, call.user_type);
        let list = &call.list;
        let mut ids: Vec<CustomerId> = Vec::with_capacity(list.capacity());
        for (i, value) in list.iter().enumerate() {
            ids.push(parse_customer_id(
                user_type,
                raw_id(Some(value)),
                &index_name("userIds", i),
            )?);
        }
        let ids = Rc::new(ids);
        let total = ids.len();
        self.batches(total, call.pacing, move |admin, start, end| {
            delete_request(
                &admin.api,
                &channel,
                file_id,
                user_type,
                ids.get(start..end).unwrap_or_default(),
                &admin.key,
            )
        })
        .await
    }

    /// Sends `total` users in batches of `size` (`spec(admin, start, end)` describes one), at most
    /// `concurrency` at once, and resolves the `BatchReport`.
    async fn batches(
        self: Rc<Self>,
        total: usize,
        pacing: Pacing,
        spec: impl Fn(&Admin, usize, usize) -> RequestSpec + 'static,
    ) -> Result<JsValue> {
        let Pacing {
            size,
            concurrency,
            signal,
            callback,
        } = pacing;
        let jobs = total.div_ceil(size);
        let progress = Rc::new(Progress::new(callback, total));
        let errors: Rc<RefCell<Vec<(usize, JsValue)>>> = Rc::new(RefCell::new(Vec::new()));
        let responses: Rc<RefCell<Vec<(usize, Value)>>> = Rc::new(RefCell::new(Vec::new()));
        let spec = Rc::new(spec);
        let job = {
            let (admin, progress, errors, responses, signal) = (
                self.clone(),
                progress.clone(),
                errors.clone(),
                responses.clone(),
                signal.clone(),
            );
            Rc::new(move |index: usize| -> Pin<Box<dyn Future<Output = ()>>> {
                let (admin, progress, errors, responses, signal, spec) = (
                    admin.clone(),
                    progress.clone(),
                    errors.clone(),
                    responses.clone(),
                    signal.clone(),
                    spec.clone(),
                );
                Box::pin(async move {
                    let start = index * size;
                    let end = (start + size).min(total);
                    let request = spec(&admin, start, end);
                    let outcome = match admin.request(&request, signal.as_ref()).await {
                        Ok(answer) => decode_batch(answer.status, &answer.text, &admin.key),
                        Err(err) => Err(err),
                    };
                    match outcome {
                        Ok(body) => {
                            responses.borrow_mut().push((index, body));
                            progress.advance(end - start, 0);
                        }
                        Err(err) => {
                            errors
                                .borrow_mut()
                                .push((index, batch_error(&err, index, start, end - start)));
                            progress.advance(end - start, end - start);
                        }
                    }
                })
            })
        };
        run_pool(jobs, concurrency, job).await;
        if aborted(signal.as_ref()) {
            return Err(admin_transport_error(Transport::Aborted, 0));
        }
        let failed = progress.failed.get();
        let counts = BatchCounts {
            requested: total,
            succeeded: total - failed,
            failed,
            batches: jobs,
        };
        let mut errors = errors.take();
        errors.sort_by_key(|(index, _)| *index);
        let mut responses = responses.take();
        responses.sort_by_key(|(index, _)| *index);
        report(
            counts,
            errors.into_iter().map(|(_, e)| e).collect(),
            responses.into_iter().map(|(_, r)| r).collect(),
        )
    }
}

/// `users[3]`.
pub(crate) fn index_name(list: &str, index: usize) -> String {
    let mut out = cat(&[list, "["]);
    kakao_channel_core::text::push_int(&mut out, index as i64);
    out.push(']');
    out
}

/// A field value as JavaScript gave it.
fn raw_value(value: &JsValue) -> RawValue {
    if let Some(s) = value.as_string() {
        RawValue::Text(s)
    } else if let Some(n) = value.as_f64() {
        RawValue::Number(n)
    } else {
        RawValue::Other(value.js_typeof().as_string().unwrap_or_default())
    }
}

/// A `KakaoChannelError` for a failed batch, with `batch` (0-based), `offset` (its first user's
/// index) and `count`.
pub(crate) fn batch_error(err: &Error, batch: usize, offset: usize, count: usize) -> JsValue {
    let error = to_js(err);
    for (key, value) in [("batch", batch), ("offset", offset), ("count", count)] {
        let _ = Reflect::set(
            &error,
            &JsValue::from_str(key),
            &JsValue::from_f64(value as f64),
        );
    }
    error
}

/// The `BatchReport`: counts, errors (in batch order), Kakao's answers (in batch order).
fn report(counts: BatchCounts, errors: Vec<JsValue>, responses: Vec<Value>) -> Result<JsValue> {
    let report = to_value(&counts)?;
    let list: Array = errors.into_iter().collect();
    let _ = Reflect::set(&report, &JsValue::from_str("errors"), &list);
    let _ = Reflect::set(
        &report,
        &JsValue::from_str("responses"),
        &json_value(&responses)?,
    );
    Ok(report)
}

#[wasm_bindgen(typescript_custom_section)]
const TS_ADMIN_TYPES: &str = r#"
import type { KakaoChannelError } from '../errors.js';

/** Options of `new KakaoChannelAdmin(…)`. */
export type KakaoChannelAdminOptions = {
  /** The app's Admin key (Kakao Developers → App → App Keys). Server only: read it from the
   *  environment, never ship it to a page. Sent only in `Authorization: KakaoAK …`. */
  adminKey: string;
  /** Kakao's REST API host, e.g. a local fake in tests. Default `https://kapi.kakao.com`. */
  hosts?: {
    /** REST API host. Default `https://kapi.kakao.com`. */
    api?: string;
  };
  /** Per request, in milliseconds (default 30000). */
  timeoutMs?: number;
  /** Requests in flight at once for batched calls (1–64, default 4). */
  concurrency?: number;
  /** Retries after a rate limit (HTTP 429 or -10), a network failure or a 5xx (0–10, default 5),
   *  with exponential back-off that honours `Retry-After`. */
  retries?: number;
};

/** Progress of a batched call. */
export type BatchProgress = {
  /** Users finished (succeeded or failed). */
  done: number;
  /** Users in the call (distinct IDs for `checkRelationships`). */
  total: number;
  /** Users in failed chunks or batches so far. */
  failed: number;
};

/** Options of `KakaoChannelAdmin.checkRelationship`. */
export type AdminCheckRelationshipOptions = {
  /** The service user ID (회원번호): a number, or a string of digits above 2^53. */
  userId: number | string;
  /** Channels to ask about (IDs or URLs); omitted: every channel connected to the app. */
  channelPublicIds?: string[];
  /** Abort the call: it rejects with `ABORTED`. */
  signal?: AbortSignal;
};

/** Options of `KakaoChannelAdmin.checkRelationships`. */
export type AdminCheckRelationshipsOptions = {
  /** Any number of service user IDs; numbers, or strings of digits above 2^53. */
  userIds: Array<number | string>;
  /** Channels to ask about (IDs or URLs); omitted: every channel connected to the app. */
  channelPublicIds?: string[];
  /** Users per request (1–200, default 200). */
  chunkSize?: number;
  /** Requests in flight (1–64; default: the constructor's `concurrency`). */
  concurrency?: number;
  /** Abort the call: it rejects with `ABORTED`. */
  signal?: AbortSignal;
  /** Called after each chunk. */
  onProgress?: (progress: BatchProgress) => void;
};

/** One user's relationships (admin-key mode). */
export type AdminChannelRelationships = {
  /** The ID exactly as passed: a number stays a number, a string the same string. */
  userId: number | string;
  /** Channels connected to the app; empty when the lookup failed (see `error`). */
  channels: ChannelRelationship[];
  /** Only when this user's chunk failed after retries (or Kakao left the user out). */
  error?: KakaoChannelError;
};

/** A customer file as `listCustomerFiles` lists it: Kakao's fields as sent, plus these. */
export type CustomerFile = {
  /** The file's ID. */
  fileId: number;
  /** The name given at creation. */
  fileName: string;
  /** Field names and types (`string` | `number`), when Kakao lists them. */
  schema?: Record<string, string>;
  [extra: string]: unknown;
};

/** What `createCustomerFile` resolves: Kakao's answer, plus `fileId`. */
export type CreatedCustomerFile = {
  /** The new file's ID: pass it to `addCustomerUsers` and `deleteCustomerUsers`. */
  fileId: number;
  [extra: string]: unknown;
};

/** Options of `createCustomerFile`. */
export type CreateCustomerFileOptions = {
  /** The channel's public ID or URL. */
  channelPublicId: string;
  /** Unique among the channel's files, 1–100 characters. */
  fileName: string;
  /** Field names and their types; Kakao never lets it change. */
  schema: Record<string, 'string' | 'number'>;
  /** Abort the call: it rejects with `ABORTED`. */
  signal?: AbortSignal;
};

/** Options of `listCustomerFiles`. */
export type ListCustomerFilesOptions = {
  /** The channel's public ID or URL. */
  channelPublicId: string;
  /** Abort the call: it rejects with `ABORTED`. */
  signal?: AbortSignal;
};

/** A user to add to a customer file. */
export type CustomerUserInput = {
  /** App user ID (number, or digits as a string above 2^53) or, for `userType: 'phone'`, the
   *  phone number as a string. */
  id: string | number;
  /** Values for the file's schema: numbers for `number` fields, strings for `string` fields. */
  fields?: Record<string, string | number>;
};

/** Options of `addCustomerUsers`. */
export type AddCustomerUsersOptions = {
  /** The channel's public ID or URL. */
  channelPublicId: string;
  /** The customer file (`createCustomerFile`'s or `listCustomerFiles`' `fileId`). */
  fileId: number;
  /** `app`: app user IDs; `phone`: phone numbers (as strings). */
  userType: 'app' | 'phone';
  /** Any number of users: sent in batches of `batchSize`. */
  users: CustomerUserInput[];
  /** Users per request (1–2000, default 2000). */
  batchSize?: number;
  /** The file's schema, to check fields against without looking it up. */
  schema?: Record<string, 'string' | 'number'>;
  /** Requests in flight (1–64; default: the constructor's `concurrency`). */
  concurrency?: number;
  /** Abort the call: it rejects with `ABORTED`. */
  signal?: AbortSignal;
  /** Called after each batch. */
  onProgress?: (progress: BatchProgress) => void;
};

/** Options of `deleteCustomerUsers`. */
export type DeleteCustomerUsersOptions = {
  /** The channel's public ID or URL. */
  channelPublicId: string;
  /** The customer file (`createCustomerFile`'s or `listCustomerFiles`' `fileId`). */
  fileId: number;
  /** `app`: app user IDs; `phone`: phone numbers (as strings). */
  userType: 'app' | 'phone';
  /** Any number of users to remove: sent in batches of `batchSize`. */
  userIds: Array<string | number>;
  /** Users per request (1–2000, default 2000). */
  batchSize?: number;
  /** Requests in flight (1–64; default: the constructor's `concurrency`). */
  concurrency?: number;
  /** Abort the call: it rejects with `ABORTED`. */
  signal?: AbortSignal;
  /** Called after each batch. */
  onProgress?: (progress: BatchProgress) => void;
};

/** A failed batch's error: which users it held. */
export type BatchError = KakaoChannelError & {
  /** The batch's index (0-based). */
  batch: number;
  /** Index of its first user in the input. */
  offset: number;
  /** Users in it. */
  count: number;
};

/** The outcome of a batched customer-file call. */
export type BatchReport = {
  /** Users in the call. */
  requested: number;
  /** Users in batches Kakao accepted. */
  succeeded: number;
  /** Users in failed batches. */
  failed: number;
  /** Requests sent. */
  batches: number;
  /** One per failed batch, in batch order. */
  errors: BatchError[];
  /** Kakao's answers of the batches that succeeded, as sent (the shape is undocumented). */
  responses: unknown[];
};
"#;
