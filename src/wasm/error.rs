//! Core errors become `KakaoChannelError` objects (a real `Error` subclass from `js/errors.js`).

use wasm_bindgen::prelude::*;

use crate::core::{Error, KakaoCode};

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = createError)]
    fn create_error(
        code: &str,
        message: &str,
        status: Option<u16>,
        kakao_code: JsValue,
        required_scopes: JsValue,
    ) -> JsValue;
}

impl From<Error> for JsValue {
    fn from(err: Error) -> JsValue {
        let kakao_code = match err.kakao_code() {
            Some(KakaoCode::Number(n)) => JsValue::from_f64(*n as f64),
            Some(KakaoCode::Text(s)) => JsValue::from_str(s),
            None => JsValue::UNDEFINED,
        };
        let scopes = if err.required_scopes().is_empty() {
            JsValue::UNDEFINED
        } else {
            err.required_scopes()
                .iter()
                .map(|s| JsValue::from_str(s))
                .collect::<js_sys::Array>()
                .into()
        };
        create_error(
            err.code().as_str(),
            err.message(),
            err.status(),
            kakao_code,
            scopes,
        )
    }
}
