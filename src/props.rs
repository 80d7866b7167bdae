//! Reading and writing JavaScript properties through the imports every build already has
//! (`Reflect.get`, `Reflect.set`), instead of one web-sys getter per property: each web-sys
//! getter is its own wasm import and glue function (README "Size"). Nothing here throws into
//! the wasm frames: a throwing getter reads as missing.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// `target[key]`; `None` when reading throws.
pub(crate) fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key)).ok()
}

/// `target[key]` when it is a string.
pub(crate) fn string(target: &JsValue, key: &str) -> Option<String> {
    get(target, key)?.as_string()
}

/// `target[key]` when it is a number.
#[cfg(not(feature = "server"))]
pub(crate) fn number(target: &JsValue, key: &str) -> Option<f64> {
    get(target, key)?.as_f64()
}

/// `target[key]` when it is an object (not `null`).
#[cfg(not(feature = "server"))]
pub(crate) fn object(target: &JsValue, key: &str) -> Option<JsValue> {
    get(target, key).filter(JsValue::is_object)
}
