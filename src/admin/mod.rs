//! `KakaoChannelAdmin`: the server entry's admin-key APIs (relationships of many users, customer
//! files). Options are read here, every request is described and decoded by the core
//! (`admin`, `customers`), and sent through gloo-net on Node's `fetch` with a per-request
//! timeout, the caller's `AbortSignal`, retries with back-off that honour `Retry-After`, and a
//! bounded number of requests in flight. Compiled only into the server build (feature `server`).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::AbortSignal;

use kakao_channel_core::admin::{
    admin_retry, admin_transport_error, classify, decode_multi, decode_relationship,
    distinct_users, in_request_order, missing_user_error, multi_request, parse_body,
    parse_retry_after, parse_user_id, relationship_request, validate_admin_key, validate_count,
    AdminRelationships, RawId, Retry, UserId, DEFAULT_CONCURRENCY, DEFAULT_RETRIES,
    DEFAULT_TIMEOUT_MS, MAX_CHUNK, MAX_CONCURRENCY, MAX_RETRIES,
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
use crate::http::{self, aborted, Exchange, TextAnswer};
use crate::opts::url_parts;
use crate::opts::{is_array, object_entries, ArrayView, Opts};

mod customers;
use customers::read_schema;
mod relationships;
pub mod rules;
mod types;

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
        promise_of(async move {
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
        promise_of(async move { admin.check_relationships(options).await })
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
        promise_of(async move {
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
        promise_of(async move {
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
        promise_of(async move { admin.add_users(options).await })
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
        promise_of(async move { admin.delete_users(options).await })
    }
}

/// Runs `work` as a Promise whose rejections are `KakaoChannelError`s.
pub(crate) fn promise_of(work: impl Future<Output = Result<JsValue>> + 'static) -> Promise {
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
    crate::plain_js(value).map_err(|_| conversion_error())
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
            if let Ok(value) = crate::plain_js(&event) {
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

impl Admin {
    /// `spec` through the one request path ([`http::exchange`]) with this admin's per-attempt
    /// timeout and retries: rate limits, network failures, timeouts, 5xx and Kakao's retryable
    /// codes are retried with back-off that honours `Retry-After`. Resolves the last answer,
    /// whatever its status.
    async fn request(
        &self,
        spec: &RequestSpec,
        signal: Option<&AbortSignal>,
    ) -> Result<TextAnswer> {
        let call = Exchange {
            spec,
            signal,
            timeout_ms: self.timeout_ms,
            policy: admin_retry(self.retries),
        };
        http::exchange(&call, |answer| {
            if is_success(answer.status) {
                return (Retry::No, None);
            }
            let retry_after = answer
                .retry_after
                .as_deref()
                .and_then(|v| parse_retry_after(v, js_sys::Date::now()));
            (
                classify(answer.status, parse_body(&answer.text).as_ref()),
                retry_after,
            )
        })
        .await
        .map_err(|kind| admin_transport_error(kind, self.timeout_ms))
    }

    /// The call's `concurrency`, defaulting to the constructor's.
    pub(crate) fn concurrency(&self, opts: &Opts) -> Result<u32> {
        let value = opts.number("concurrency")?;
        validate_count("concurrency", value, 1, MAX_CONCURRENCY, self.concurrency)
    }
}

/// `users[3]`.
pub(crate) fn index_name(list: &str, index: usize) -> String {
    let mut out = cat(&[list, "["]);
    kakao_channel_core::text::push_int(&mut out, index as i64);
    out.push(']');
    out
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
