//! The Rust half of `admin.relationships(…)` (the streaming relationship check of the server
//! entry): the call's options are validated here once, and each chunk of user IDs the JavaScript
//! shell (`js/stream.js`) reads from the caller's iterable is validated, sent, retried and decoded
//! here, through the same `/v2/api/talk/channels/multi` path as `checkRelationships`
//! ([`Admin::ask_multi`]). The shell only reads the iterable and keeps the ordered, bounded window
//! of chunks. Compiled only into the server build (feature `server`); hidden from the types.

use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use kakao_channel_core::admin::{
    admin_transport_error, distinct_users, missing_user_error, parse_user_id, validate_count,
    AdminRelationships, UserId, MAX_CHUNK,
};
use kakao_channel_core::http::Transport;
use kakao_channel_core::relationship::{dedupe, ChannelRelationship};
use kakao_channel_core::{ChannelId, Error, ErrorCode, Result};

use crate::admin::{
    batch_error, conversion_error, index_name, promise_of, raw_id, to_value, Admin,
    KakaoChannelAdmin,
};
use crate::error::{to_js, Failure};
use crate::http::aborted;
use crate::opts::Opts;

/// The validated options of one `relationships(…)` call, and its chunk sender. Internal: made by
/// `KakaoChannelAdmin.__relationshipChunks` for `js/stream.js` only.
#[doc(hidden)]
#[wasm_bindgen(skip_typescript)]
pub struct RelationshipChunks {
    admin: Rc<Admin>,
    ids: Rc<Vec<ChannelId>>,
    chunk_size: u32,
    concurrency: u32,
}

#[wasm_bindgen]
impl KakaoChannelAdmin {
    /// Internal (used by `relationships`): validates the call's options except `userIds`, which
    /// the shell reads lazily: `channelPublicIds`, `chunkSize` (1–200, default 200),
    /// `concurrency` (1–64, default the constructor's) and `signal` (an `AbortSignal`).
    ///
    /// @throws {KakaoChannelError} `INVALID_ARGUMENT`, `INVALID_CHANNEL_ID`,
    /// `SEARCH_ID_NOT_SUPPORTED`.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __relationshipChunks, skip_typescript)]
    pub fn relationship_chunks(
        &self,
        options: JsValue,
    ) -> core::result::Result<RelationshipChunks, Failure> {
        let opts = Opts::new(options, "relationships")?;
        match opts.get("userIds")? {
            Some(v) if !v.is_null() => {}
            _ => {
                return Err(Error::invalid_argument(
                    "userIds is required: an array, any iterable or an async iterable of user \
                     IDs, e.g. [1001, '9223372036854775001'].",
                )
                .into())
            }
        }
        let ids = dedupe(opts.channel_ids("channelPublicIds")?.unwrap_or_default());
        let chunk_size = validate_count(
            "chunkSize",
            opts.number("chunkSize")?,
            1,
            MAX_CHUNK as u32,
            MAX_CHUNK as u32,
        )?;
        let concurrency = self.inner.concurrency(&opts)?;
        // Read only to validate it: the shell listens to it and passes its own signal per chunk.
        opts.signal("signal")?;
        Ok(RelationshipChunks {
            admin: self.inner.clone(),
            ids: Rc::new(ids),
            chunk_size,
            concurrency,
        })
    }
}

#[wasm_bindgen]
impl RelationshipChunks {
    /// Users per request.
    #[wasm_bindgen(getter, js_name = chunkSize)]
    pub fn chunk_size(&self) -> u32 {
        self.chunk_size
    }

    /// Chunks in flight at once.
    #[wasm_bindgen(getter)]
    pub fn concurrency(&self) -> u32 {
        self.concurrency
    }

    /// Sends one chunk: `userIds` as the caller gave them (at most `chunkSize`), `offset` the
    /// input index of the first (it names a bad ID, `userIds[12]`), `batch` the chunk's index.
    /// Resolves one `{ userId, channels, error? }` per input, in input order; a repeated ID is
    /// asked once and answered again. A bad ID gets its own `INVALID_ARGUMENT` and is not sent;
    /// a chunk that fails after its retries gives each of its users the chunk's error (with
    /// `batch`, `offset`, `count`) and `channels: []`. Rejects only with `ABORTED`, when `signal`
    /// fired.
    pub fn send(
        &self,
        user_ids: Array,
        offset: f64,
        batch: u32,
        signal: Option<AbortSignal>,
    ) -> Promise {
        let (admin, ids) = (self.admin.clone(), self.ids.clone());
        let offset = if offset.is_finite() && offset >= 0.0 {
            offset as usize
        } else {
            0
        };
        promise_of(async move {
            let given: Vec<JsValue> = user_ids.iter().collect();
            let users: Vec<Result<UserId>> = given
                .iter()
                .enumerate()
                .map(|(i, value)| {
                    parse_user_id(
                        raw_id(Some(value.clone())),
                        &index_name("userIds", offset + i),
                    )
                })
                .collect();
            // Each distinct valid ID once in the request; `slots` follows the valid ones in order.
            let (members, slots) = distinct_users(users.iter().flatten());
            let mut slots = slots.into_iter();
            let answers = if members.is_empty() {
                Ok(Vec::new())
            } else {
                admin.ask_multi(&members, &ids, signal.as_ref()).await
            };
            if aborted(signal.as_ref()) {
                return Err(admin_transport_error(Transport::Aborted, 0));
            }
            let count = given.len();
            let answers = match answers {
                Err(err) if err.code() == ErrorCode::Aborted => return Err(err),
                Err(err) => Err(batch_error(&err, batch as usize, offset, count)),
                Ok(answers) => Ok(answers),
            };
            let mut missing: Option<JsValue> = None;
            let out = Array::new();
            for (value, user) in given.iter().zip(&users) {
                let slot = if user.is_ok() { slots.next() } else { None };
                let item = match (user, &answers) {
                    (Err(err), _) => failed_item(value, &to_js(err))?,
                    (Ok(_), Err(chunk_error)) => failed_item(value, chunk_error)?,
                    (Ok(user), Ok(answers)) => {
                        let found = slot.and_then(|at| answers.get(at)).and_then(Option::as_ref);
                        match found {
                            Some(channels) => found_item(user, channels)?,
                            None => {
                                let error = missing.get_or_insert_with(|| {
                                    batch_error(
                                        &missing_user_error(),
                                        batch as usize,
                                        offset,
                                        count,
                                    )
                                });
                                failed_item(value, error)?
                            }
                        }
                    }
                };
                out.push(&item);
            }
            Ok(out.into())
        })
    }
}

/// `{ userId, channels }` for a user Kakao answered.
fn found_item(user: &UserId, channels: &[ChannelRelationship]) -> Result<JsValue> {
    to_value(&AdminRelationships {
        user_id: user.clone(),
        channels: channels.to_vec(),
    })
}

/// `{ userId, channels: [], error }`, `userId` exactly as given.
fn failed_item(given: &JsValue, error: &JsValue) -> Result<JsValue> {
    let item = Object::new();
    for (key, value) in [
        ("userId", given.clone()),
        ("channels", Array::new().into()),
        ("error", error.clone()),
    ] {
        Reflect::set(&item, &JsValue::from_str(key), &value).map_err(|_| conversion_error())?;
    }
    Ok(item.into())
}
