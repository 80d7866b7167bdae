//! Core errors become `KakaoChannelError` objects (the real `Error` subclass of `js/errors.js`).

use wasm_bindgen::prelude::*;

use kakao_channel_core::{Error, KakaoCode};

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = createError)]
    fn create_error(
        code: &str,
        message: &str,
        status: Option<u16>,
        kakao_code: JsValue,
        required_scopes: Option<Vec<String>>,
    ) -> JsValue;
}

/// A core [`Error`] on its way to JavaScript. Exports return `Result<T, Failure>`, so `?` works
/// on core results and every rejection is a `KakaoChannelError`.
#[derive(Debug)]
pub struct Failure(pub(crate) Error);

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Failure(err)
    }
}

impl From<Failure> for JsValue {
    fn from(Failure(err): Failure) -> JsValue {
        to_js(&err)
    }
}

impl From<&Failure> for JsValue {
    fn from(Failure(err): &Failure) -> JsValue {
        to_js(err)
    }
}

/// The `KakaoChannelError` for `err`.
pub(crate) fn to_js(err: &Error) -> JsValue {
    let kakao_code = match err.kakao_code() {
        Some(KakaoCode::Number(n)) => JsValue::from_f64(*n as f64),
        Some(KakaoCode::Text(s)) => JsValue::from_str(s),
        None => JsValue::UNDEFINED,
    };
    let scopes = (!err.required_scopes().is_empty()).then(|| err.required_scopes().to_vec());
    create_error(
        err.code().as_str(),
        err.message(),
        err.status(),
        kakao_code,
        scopes,
    )
}
