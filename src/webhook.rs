//! `verifyWebhook`: reads the request's headers (a Node headers object or a fetch `Headers`) and
//! body, and hands both to the core (`webhook`), which checks the key in constant time and
//! parses the event. Compiled only into the server build (feature `server`).

use js_sys::{Function, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use kakao_channel_core::admin::validate_admin_key;
use kakao_channel_core::webhook::{authorize, parse_event, Authorization};
use kakao_channel_core::{Error, ErrorCode, Result};

use crate::error::Failure;
use crate::opts::{object_keys, ArrayView, Opts};

/// One header's value: `Headers.get(name)` when the object has a `get` method, else the
/// object's own property whose name matches case-insensitively (Node lower-cases them; hand-made
/// objects may not). A `string[]` of one is that string; of several, ambiguous.
fn header(headers: &JsValue, name: &str) -> Authorization {
    let get = Reflect::get(headers, &JsValue::from_str("get")).ok();
    if let Some(get) = get.and_then(|g| g.dyn_into::<Function>().ok()) {
        return match get
            .call1(headers, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
        {
            Some(v) => Authorization::Value(v),
            None => Authorization::Missing,
        };
    }
    let mut found = Authorization::Missing;
    // Headers that cannot be listed (a throwing Proxy trap) have no usable value.
    let Some(keys) = object_keys(headers) else {
        return Authorization::Missing;
    };
    for key in keys.iter() {
        let Some(key) = key.as_string() else { continue };
        if !key.eq_ignore_ascii_case(name) {
            continue;
        }
        let value = Reflect::get(headers, &JsValue::from_str(&key)).unwrap_or(JsValue::UNDEFINED);
        let this = if let Some(v) = value.as_string() {
            Authorization::Value(v)
        } else if let Some(values) = ArrayView::new(&value) {
            match (
                values.len(),
                values.iter().next().and_then(|v| v.as_string()),
            ) {
                (1, Some(v)) => Authorization::Value(v),
                (0, _) => Authorization::Missing,
                _ => Authorization::Repeated,
            }
        } else {
            continue;
        };
        found = match found {
            Authorization::Missing => this,
            _ => Authorization::Repeated,
        };
    }
    found
}

#[wasm_bindgen]
extern "C" {
    /// A plain `Uint8Array`.
    #[wasm_bindgen(js_name = Uint8Array)]
    type PlainBytes;
    /// `new Uint8Array(bytes)`: copied through the typed array's internal slots (no getter of a
    /// subclass runs); throws for something that only looks like one.
    #[wasm_bindgen(catch, constructor, js_class = "Uint8Array")]
    fn new(bytes: &Uint8Array) -> core::result::Result<PlainBytes, JsValue>;
}

/// A plain copy of `bytes` (see [`PlainBytes::new`]).
fn copy_bytes(bytes: &Uint8Array) -> core::result::Result<Uint8Array, JsValue> {
    PlainBytes::new(bytes).map(JsCast::unchecked_into)
}

fn invalid_body() -> Error {
    Error::new(
        ErrorCode::InvalidWebhook,
        "The webhook body is missing or not text: pass the raw request body as a string (or a \
         Buffer/Uint8Array of UTF-8), not a parsed object. Answer 400.",
    )
}

/// The body as text: a string, or UTF-8 bytes (`Buffer`, `Uint8Array`).
fn body_text(body: Option<JsValue>) -> Result<String> {
    let body = body.ok_or_else(invalid_body)?;
    if let Some(text) = body.as_string() {
        return Ok(text);
    }
    let bytes = body.dyn_into::<Uint8Array>().map_err(|_| invalid_body())?;
    // A plain copy first: `instanceof` also takes a subclass (or `Object.create(…prototype)`)
    // whose `length` getter throws, and that must not run inside wasm.
    let bytes = copy_bytes(&bytes).map_err(|_| invalid_body())?;
    String::from_utf8(bytes.to_vec()).map_err(|_| invalid_body())
}

/// Verifies a Kakao Talk Channel webhook delivery and returns its event. The `Authorization`
/// header must be `KakaoAK {adminKey}` (compared in constant time, checked before the body is
/// read); the body is the raw JSON text Kakao posted (deprecated `plus_friend_public_id`,
/// `plus_friend_uuid` and `timestamp` are read too). `resourceId` is `X-Kakao-Resource-ID`:
/// de-duplicate on it. Answer Kakao within 3 seconds.
///
/// @throws {KakaoChannelError} `WEBHOOK_UNAUTHORIZED` (answer 401), `INVALID_WEBHOOK` (answer
/// 400), `INVALID_ARGUMENT` (missing `adminKey`).
#[wasm_bindgen(js_name = verifyWebhook, unchecked_return_type = "WebhookEvent")]
pub fn verify_webhook(
    #[wasm_bindgen(unchecked_param_type = "WebhookRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "VerifyWebhookOptions")] options: JsValue,
) -> core::result::Result<JsValue, Failure> {
    let key = validate_admin_key(
        &Opts::new(options, "verifyWebhook")?
            .string("adminKey")?
            .unwrap_or_default(),
    )?;
    if !request.is_object() {
        return Err(Error::new(
            ErrorCode::InvalidWebhook,
            "verifyWebhook() takes the request as { headers, body }. Answer 400.",
        )
        .into());
    }
    let headers =
        Reflect::get(&request, &JsValue::from_str("headers")).unwrap_or(JsValue::UNDEFINED);
    let headers = if headers.is_object() {
        headers
    } else {
        Object::new().into()
    };
    let authorization = header(&headers, "authorization");
    let resource_id = match header(&headers, "x-kakao-resource-id") {
        Authorization::Value(v) => Some(v),
        _ => None,
    };
    // The header is checked before the body is converted or parsed.
    authorize(&authorization, &key)?;
    let body = Reflect::get(&request, &JsValue::from_str("body"))
        .ok()
        .filter(|b| !b.is_undefined() && !b.is_null());
    let text = body_text(body)?;
    let event = parse_event(&text, resource_id)?;
    crate::plain_js(&event).map_err(|_| {
        Error::new(
            ErrorCode::InvalidWebhook,
            "The event could not be converted.",
        )
        .into()
    })
}

/// `WebhookEvent`, generated from the core's serde type (`node scripts/types.mjs`).
#[wasm_bindgen(typescript_custom_section)]
const TS_WEBHOOK_EVENT: &str = include_str!("generated/webhook.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const TS_WEBHOOK_TYPES: &str = r#"
/** The delivery as your HTTP framework gives it. */
export type WebhookRequest = {
  /** Node's `req.headers`, a fetch `Headers`, or any object of header names to values. */
  headers: Record<string, string | string[] | undefined> | Headers;
  /** The raw body: the string (or UTF-8 bytes) Kakao posted, not a parsed object. */
  body: string | Uint8Array;
};

/** Options of `verifyWebhook`. */
export type VerifyWebhookOptions = {
  /** The app's primary Admin key, which Kakao sends as `Authorization: KakaoAK …`. */
  adminKey: string;
};
"#;
