//! Reading JavaScript option objects without trusting them: every wrong type is an
//! `INVALID_ARGUMENT` (or `INVALID_CHANNEL_ID`) error, never a panic. A throwing getter or a
//! `Proxy` trap is an error too.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

use kakao_channel_core::config::Lang;
use kakao_channel_core::text::cat;
use kakao_channel_core::{parse_channel_id, ChannelId, Error, ErrorCode, Result};

/// A JavaScript options object.
pub(crate) struct Opts {
    object: JsValue,
    function: &'static str,
}

impl Opts {
    /// `value` must be an object (not null, not an array, not a function).
    pub(crate) fn new(value: JsValue, function: &'static str) -> Result<Opts> {
        if !value.is_object() || value.is_function() || js_sys::Array::is_array(&value) {
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
            Some(v) if v.is_object() && !js_sys::Array::is_array(&v) => Ok(Some(Opts {
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
            Some(v) => v
                .dyn_into::<web_sys::AbortSignal>()
                .map(Some)
                .map_err(|_| self.wrong_type(key, "an AbortSignal")),
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
        if !js_sys::Array::is_array(&value) {
            return Err(self.wrong_type(key, "an array of channel IDs, e.g. ['_ZeUTxl']"));
        }
        let array = js_sys::Array::from(&value);
        let mut ids = Vec::with_capacity(array.length().min(1024) as usize);
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
