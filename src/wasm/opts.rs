//! Reading JavaScript option objects without trusting them: every wrong type is an
//! `INVALID_ARGUMENT` (or `INVALID_CHANNEL_ID`) error, never a panic.

use crate::prelude::*;

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::core::text::cat;
use crate::core::{parse_channel_id, ChannelId, Error, ErrorCode, Result};

/// A JavaScript options object.
pub(crate) struct Opts {
    object: JsValue,
    function: &'static str,
}

impl Opts {
    /// `value` must be a plain object (not null, not an array).
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

    /// The raw value of `key`; `None` for `undefined` and `null`. A throwing getter is an error.
    #[inline(never)]
    pub(crate) fn get(&self, key: &str) -> Result<Option<JsValue>> {
        let value = Reflect::get(&self.object, &JsValue::from_str(key)).map_err(|_| {
            Error::invalid_argument(cat(&[self.function, "(): reading option ", key, " threw."]))
        })?;
        Ok(if value.is_undefined() || value.is_null() {
            None
        } else {
            Some(value)
        })
    }

    /// An optional string option.
    #[inline(never)]
    pub(crate) fn string(&self, key: &str) -> Result<Option<String>> {
        match self.get(key)? {
            None => Ok(None),
            Some(v) => v.as_string().map(Some).ok_or_else(|| {
                Error::invalid_argument(cat(&[self.function, "(): ", key, " must be a string."]))
            }),
        }
    }

    /// An optional nested options object.
    #[inline(never)]
    pub(crate) fn object(&self, key: &str) -> Result<Option<Opts>> {
        match self.get(key)? {
            None => Ok(None),
            Some(v) if v.is_object() && !js_sys::Array::is_array(&v) => Ok(Some(Opts {
                object: v,
                function: self.function,
            })),
            Some(_) => Err(Error::invalid_argument(cat(&[
                self.function,
                "(): ",
                key,
                " must be an object.",
            ]))),
        }
    }

    /// An optional finite number option.
    #[cfg(any(feature = "relationship", feature = "follow"))]
    #[inline(never)]
    pub(crate) fn number(&self, key: &str) -> Result<Option<f64>> {
        match self.get(key)? {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .filter(|n| n.is_finite())
                .map(Some)
                .ok_or_else(|| {
                    Error::invalid_argument(cat(&[
                        self.function,
                        "(): ",
                        key,
                        " must be a number.",
                    ]))
                }),
        }
    }

    /// An optional array of channel IDs, each parsed and normalised.
    #[cfg(feature = "relationship")]
    pub(crate) fn channel_ids(&self, key: &str) -> Result<Option<Vec<ChannelId>>> {
        let Some(value) = self.get(key)? else {
            return Ok(None);
        };
        if !js_sys::Array::is_array(&value) {
            return Err(Error::invalid_argument(cat(&[
                self.function,
                "(): ",
                key,
                " must be an array of channel IDs, e.g. ['_ZeUTxl'].",
            ])));
        }
        let array = js_sys::Array::from(&value);
        let mut ids = Vec::with_capacity(array.length() as usize);
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
        match self.get("channelPublicId")? {
            Some(v) => match v.as_string() {
                Some(s) => parse_channel_id(&s),
                None => Err(Error::new(
                    ErrorCode::InvalidChannelId,
                    cat(&[
                        self.function,
                        "(): channelPublicId must be a string like '_ZeUTxl' or \
                         'https://pf.kakao.com/_ZeUTxl'.",
                    ]),
                )),
            },
            None => Err(Error::new(
                ErrorCode::InvalidChannelId,
                cat(&[
                    self.function,
                    "(): channelPublicId is required: the channel's public ID like '_ZeUTxl' or \
                     its URL 'https://pf.kakao.com/_ZeUTxl'.",
                ]),
            )),
        }
    }
}

/// Builds a plain JavaScript object from string/number/bool fields.
pub(crate) fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let obj = js_sys::Object::new();
    for (key, value) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&obj, &JsValue::from_str(key), value);
    }
    obj.into()
}
