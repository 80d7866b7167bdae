//! `parseChannelIdOutcome`: the channel-ID parser both entries build `parseChannelId` and
//! `safeParseChannelId` on (js/parse.js). The core decides; this reads the JS value and answers
//! with a typed outcome that never throws.

use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use kakao_channel_core::id::{self, Located};
use kakao_channel_core::{Error, ErrorCode};

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    /// `{ ok: true, channelPublicId: input.slice(start, end) }`.
    #[wasm_bindgen(js_name = parsedAt)]
    fn parsed_at(input: &JsValue, start: u32, end: u32) -> JsValue;
    /// `{ ok: true, channelPublicId: id }`.
    #[wasm_bindgen(js_name = parsedId)]
    fn parsed_id(id: &str) -> JsValue;
    /// `{ ok: false, code, message }`: the package's JS turns it into a `KakaoChannelError` once
    /// this call has returned (an `Error` made while wasm frames are on the stack costs V8 a
    /// symbolisation of every frame).
    #[wasm_bindgen(js_name = parseRefused)]
    fn parse_refused(code: RefusalCode, message: &str) -> JsValue;
}

/// The codes a refusal carries, as the glue's own JavaScript strings: a string that crosses out
/// of wasm costs a `TextDecoder` call (about 0.5 µs in Chromium), a string enum only its index.
/// The core's `ErrorCode::as_str` stays the codes' home; these two repeat its strings, and the
/// package's tests of both refusals (`tests/node`, `tests/web.rs`) would catch a difference.
#[wasm_bindgen(skip_typescript)]
#[derive(Clone, Copy)]
enum RefusalCode {
    InvalidChannelId = "INVALID_CHANNEL_ID",
    SearchIdNotSupported = "SEARCH_ID_NOT_SUPPORTED",
}

/// The parser's refusal as an outcome. The parser refuses with these two codes only (the core's
/// property tests check every refusal).
fn refused(err: &Error) -> JsValue {
    let code = match err.code() {
        ErrorCode::SearchIdNotSupported => RefusalCode::SearchIdNotSupported,
        _ => RefusalCode::InvalidChannelId,
    };
    parse_refused(code, err.message())
}

/// The channel public ID in what a user pasted (`_ZeUTxl`, or a pf.kakao.com URL such as
/// `https://pf.kakao.com/_ZeUTxl/chat`; surrounding white space ignored), as an outcome that
/// never throws: `{ ok: true, channelPublicId }` or `{ ok: false, code, message }` with
/// `INVALID_CHANNEL_ID` or `SEARCH_ID_NOT_SUPPORTED` and the message `parseChannelId` throws.
/// The package's `parseChannelId` and `safeParseChannelId` are built on it. Any value is
/// accepted: only a string is ever read (a 10 MB one only up to its length).
///
/// @internal
#[wasm_bindgen(js_name = parseChannelIdOutcome, unchecked_return_type = "ParseOutcome")]
pub fn parse_channel_id_outcome(
    #[wasm_bindgen(unchecked_param_type = "unknown")] input: &JsValue,
) -> JsValue {
    let text = match input.dyn_ref::<JsString>() {
        Some(text) if id::too_long_utf16(text.length() as usize) => {
            // Only the characters the message quotes cross into wasm (2 UTF-16 units each at
            // most, plus one so the quote is cut and ends in `…`).
            let head = text
                .slice(0, 2 * id::QUOTED_CHARS as u32 + 2)
                .as_string()
                .unwrap_or_default();
            return refused(&id::too_long(&head));
        }
        Some(_) => input.as_string(),
        None => None,
    };
    let Some(text) = text else {
        return refused(&Error::new(
            ErrorCode::InvalidChannelId,
            "parseChannelId() takes a string such as '_ZeUTxl' or 'https://pf.kakao.com/_ZeUTxl'.",
        ));
    };
    match id::locate_channel_id(&text) {
        Ok(Located::Within(range)) => {
            // JavaScript slices by UTF-16 units: count them up to the ID (the ID is ASCII).
            let start = text
                .get(..range.start)
                .map_or(0, |head| head.encode_utf16().count());
            let start = u32::try_from(start).unwrap_or(0);
            let len = u32::try_from(range.len()).unwrap_or(0);
            parsed_at(input, start, start + len)
        }
        Ok(Located::Decoded(id)) => parsed_id(id.as_str()),
        Err(err) => refused(&err),
    }
}
