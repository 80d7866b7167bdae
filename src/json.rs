//! Kakao's answers as the platform's JSON parser made them, read with `Reflect` (core
//! [`JsonValue`]). Nothing here can throw or panic: a throwing getter or a `Proxy` reads as
//! "missing".

use js_sys::Reflect;
use kakao_channel_core::JsonValue;
use wasm_bindgen::JsValue;

use crate::opts::ArrayView;

/// A parsed JSON value (or any JavaScript value read as one).
#[derive(Debug, Clone)]
pub(crate) struct Js(pub(crate) JsValue);

impl JsonValue for Js {
    fn member(&self, key: &str) -> Option<Self> {
        if !self.0.is_object() {
            return None;
        }
        let value = Reflect::get(&self.0, &JsValue::from_str(key)).ok()?;
        (!value.is_undefined()).then_some(Js(value))
    }

    fn string(&self) -> Option<String> {
        self.0.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }

    fn elements(&self) -> Option<Vec<Self>> {
        Some(ArrayView::new(&self.0)?.iter().map(Js).collect())
    }

    fn is_null(&self) -> bool {
        self.0.is_null()
    }
}

/// `JSON.parse(text)`; `None` when the text is not JSON.
pub(crate) fn parse(text: &str) -> Option<Js> {
    js_sys::JSON::parse(text).ok().map(Js)
}

/// A `message` event's data: a JSON string is parsed (Kakao posts strings); an object is read as
/// it is; anything else is no data.
pub(crate) fn message_data(data: JsValue) -> Option<Js> {
    match data.as_string() {
        Some(text) => parse(&text),
        None if data.is_object() => Some(Js(data)),
        None => None,
    }
}
