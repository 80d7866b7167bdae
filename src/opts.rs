//! Reading JavaScript option objects without trusting them: every wrong type is an
//! `INVALID_ARGUMENT` (or `INVALID_CHANNEL_ID`) error, never a panic. A throwing getter or a
//! `Proxy` trap is an error too.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use kakao_channel_core::config::{Lang, UrlParts};
use kakao_channel_core::relationship::MAX_CHANNEL_IDS;
use kakao_channel_core::text::cat;
use kakao_channel_core::{parse_channel_id, ChannelId, Error, ErrorCode, Result};

// Caller values are read only through imports that catch (`Reflect.get`, the ones below): a
// getter, a Proxy trap or a revoked Proxy that throws must never unwind through the wasm frames,
// which would leave the module's shadow stack and borrows as they were (every later call then
// fails with `unreachable` or an out-of-bounds access) and, inside a future, escape as an
// uncaught exception while the call's promise never settles.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn try_is_array(value: &JsValue) -> core::result::Result<bool, JsValue>;
    #[cfg(feature = "server")]
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn try_object_entries(value: &JsValue) -> core::result::Result<js_sys::Array, JsValue>;
    #[cfg(feature = "server")]
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn try_object_keys(value: &JsValue) -> core::result::Result<js_sys::Array, JsValue>;
}

/// `Array.isArray(value)`; `false` for a revoked Proxy (where it throws).
pub(crate) fn is_array(value: &JsValue) -> bool {
    try_is_array(value).unwrap_or(false)
}

/// An array read lazily, entry by entry through `Reflect.get`: nothing is copied up front, so a
/// sparse `new Array(2 ** 32 - 1)` costs nothing until its first (bad) entry is looked at.
pub(crate) struct ArrayView {
    value: JsValue,
    len: u32,
}

impl ArrayView {
    /// `value` as an array; `None` for anything else, or when its `length` cannot be read.
    pub(crate) fn new(value: &JsValue) -> Option<ArrayView> {
        if !is_array(value) {
            return None;
        }
        let len = Reflect::get(value, &JsValue::from_str("length"))
            .ok()?
            .as_f64()?;
        Some(ArrayView {
            value: value.clone(),
            len: len as u32,
        })
    }

    /// The number of entries (`length`).
    pub(crate) fn len(&self) -> u32 {
        self.len
    }

    /// A capacity to reserve for the entries: never the whole of a huge (sparse) length.
    #[cfg(feature = "server")]
    pub(crate) fn capacity(&self) -> usize {
        self.len.min(4096) as usize
    }

    /// The entries in order; `undefined` for one whose getter or trap throws.
    pub(crate) fn iter(&self) -> impl Iterator<Item = JsValue> + '_ {
        (0..self.len)
            .map(|i| Reflect::get(&self.value, &JsValue::from(i)).unwrap_or(JsValue::UNDEFINED))
    }
}

/// `Object.entries(value)`; `None` when a getter or a trap throws.
#[cfg(feature = "server")]
pub(crate) fn object_entries(value: &JsValue) -> Option<js_sys::Array> {
    try_object_entries(value).ok()
}

/// `Object.keys(value)`; `None` when a trap throws.
#[cfg(feature = "server")]
pub(crate) fn object_keys(value: &JsValue) -> Option<js_sys::Array> {
    try_object_keys(value).ok()
}

/// A JavaScript options object.
pub(crate) struct Opts {
    object: JsValue,
    function: &'static str,
}

impl Opts {
    /// `value` must be an object (not null, not an array, not a function).
    pub(crate) fn new(value: JsValue, function: &'static str) -> Result<Opts> {
        if !value.is_object() || value.is_function() || is_array(&value) {
            return Err(Error::invalid_argument(cat(&[
                function,
                "() takes an options object, e.g. { channelPublicId: '_ZeUTxl' }.",
            ])));
        }
        Ok(Opts {
            object: value,
            function,
        })
    }

    /// The raw value of `key`; `None` for `undefined` and `null`.
    #[inline(never)]
    pub(crate) fn get(&self, key: &str) -> Result<Option<JsValue>> {
        let value = Reflect::get(&self.object, &JsValue::from_str(key)).map_err(|_| {
            Error::invalid_argument(cat(&[self.function, "(): reading option ", key, " threw."]))
        })?;
        Ok((!value.is_undefined() && !value.is_null()).then_some(value))
    }

    #[inline(never)]
    fn wrong_type(&self, key: &str, what: &str) -> Error {
        Error::invalid_argument(cat(&[self.function, "(): ", key, " must be ", what, "."]))
    }

    /// An optional string option.
    #[inline(never)]
    pub(crate) fn string(&self, key: &str) -> Result<Option<String>> {
        match self.get(key)? {
            None => Ok(None),
            Some(v) => v
                .as_string()
                .map(Some)
                .ok_or_else(|| self.wrong_type(key, "a string")),
        }
    }

    /// An optional nested options object.
    pub(crate) fn object(&self, key: &str) -> Result<Option<Opts>> {
        match self.get(key)? {
            None => Ok(None),
            Some(v) if v.is_object() && !is_array(&v) => Ok(Some(Opts {
                object: v,
                function: self.function,
            })),
            Some(_) => Err(self.wrong_type(key, "an object")),
        }
    }

    /// An optional finite number option.
    pub(crate) fn number(&self, key: &str) -> Result<Option<f64>> {
        match self.get(key)? {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .filter(|n| n.is_finite())
                .map(Some)
                .ok_or_else(|| self.wrong_type(key, "a number")),
        }
    }

    /// An optional `AbortSignal`.
    pub(crate) fn signal(&self, key: &str) -> Result<Option<web_sys::AbortSignal>> {
        match self.get(key)? {
            None => Ok(None),
            // `instanceof` alone would take `Object.create(AbortSignal.prototype)`, whose
            // `aborted` getter throws: read it once through Reflect (which catches).
            Some(v) => v
                .dyn_into::<web_sys::AbortSignal>()
                .ok()
                .filter(|s| Reflect::get(s, &JsValue::from_str("aborted")).is_ok())
                .map(Some)
                .ok_or_else(|| self.wrong_type(key, "an AbortSignal")),
        }
    }

    /// The optional `lang`.
    pub(crate) fn lang(&self) -> Result<Option<Lang>> {
        self.string("lang")?.as_deref().map(Lang::parse).transpose()
    }

    /// An optional array of channel IDs, each parsed and normalised.
    pub(crate) fn channel_ids(&self, key: &str) -> Result<Option<Vec<ChannelId>>> {
        let Some(value) = self.get(key)? else {
            return Ok(None);
        };
        let Some(array) = ArrayView::new(&value) else {
            return Err(self.wrong_type(key, "an array of channel IDs, e.g. ['_ZeUTxl']"));
        };
        if array.len() > MAX_CHANNEL_IDS {
            return Err(Error::invalid_argument(cat(&[
                self.function,
                "(): ",
                key,
                " has more than 1000 entries. An app connects only a few channels: list those, \
                 or leave the option out for every connected channel.",
            ])));
        }
        let mut ids = Vec::new();
        for item in array.iter() {
            let Some(text) = item.as_string() else {
                return Err(Error::new(
                    ErrorCode::InvalidChannelId,
                    cat(&[
                        self.function,
                        "(): every entry of ",
                        key,
                        " must be a string.",
                    ]),
                ));
            };
            ids.push(parse_channel_id(&text)?);
        }
        Ok(Some(ids))
    }

    /// The required `channelPublicId`, parsed and normalised.
    #[inline(never)]
    pub(crate) fn channel_id(&self) -> Result<ChannelId> {
        let why = match self.get("channelPublicId")? {
            Some(v) => match v.as_string() {
                Some(s) => return parse_channel_id(&s),
                None => {
                    "(): channelPublicId must be a string like '_ZeUTxl' or \
                     'https://pf.kakao.com/_ZeUTxl'."
                }
            },
            None => {
                "(): channelPublicId is required: the channel's public ID like '_ZeUTxl' or its \
                 URL 'https://pf.kakao.com/_ZeUTxl'."
            }
        };
        Err(Error::new(
            ErrorCode::InvalidChannelId,
            cat(&[self.function, why]),
        ))
    }
}

/// A URL's parts from the platform's URL parser (what `fetch` and `window.open` use); `None`
/// when it refuses the value.
pub(crate) fn url_parts(value: &str) -> Option<UrlParts> {
    let url = web_sys::Url::new(value).ok()?;
    Some(UrlParts {
        protocol: url.protocol(),
        username: url.username(),
        password: url.password(),
        hostname: url.hostname(),
        port: url.port(),
        pathname: url.pathname(),
        search: url.search(),
        hash: url.hash(),
    })
}
