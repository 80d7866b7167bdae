//! Kakao's answers as the platform's JSON parser made them, read with `Reflect` (core
//! [`JsonValue`]). Nothing here can throw or panic: a throwing getter or a `Proxy` reads as
//! "missing".

use js_sys::Reflect;
use kakao_channel_core::JsonValue;
use wasm_bindgen::prelude::*;

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

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` on a JavaScript string, which never crosses into wasm memory.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
}

/// `JSON.parse(text)` of a JavaScript string; `None` when it is not JSON.
pub(crate) fn parse(text: &JsValue) -> Option<Js> {
    json_parse(text).ok().map(Js)
}

/// A `message` event's data: a JSON string is parsed (Kakao posts strings); an object is read as
/// it is; anything else is no data.
pub(crate) fn message_data(data: JsValue) -> Option<Js> {
    if data.is_string() {
        parse(&data)
    } else if data.is_object() {
        Some(Js(data))
    } else {
        None
    }
}
