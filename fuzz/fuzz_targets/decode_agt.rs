//! The `agt` exchange's answer (`follow::decode_agt`).
//!
//! Input: `STATUS SECRET\nBODY`; the body is parsed like `JSON.parse` and passed as `Some` and as
//! `None`.
//!
//! Invariants: no panic; an `agt` is returned only for a 2xx, and is non-empty; a failure carries
//! the status, a clean bounded message without the (token-like) secret, and Kakao's auth error
//! page only for `invalid_request` / `invalid_client`.
#![no_main]

use kakao_channel_core::follow::{decode_agt, ErrorPage};
use kakao_channel_core::http::is_success;
use kakao_channel_core::ErrorCode;
use kakao_channel_fuzz::{assert_clean, assert_no_leak, json, status_secret_body, text};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn check(status: u16, body: Option<&Value>, secret: &str) {
    match decode_agt(status, body, secret) {
        Ok(agt) => {
            assert!(is_success(status));
            assert!(!agt.is_empty());
            assert_eq!(
                body.and_then(|b| b.get("agt")).and_then(Value::as_str),
                Some(agt.as_str())
            );
        }
        Err(failure) => {
            let err = &failure.error;
            assert_eq!(err.status(), Some(status));
            assert_clean(err);
            assert_no_leak(err, secret);
            if is_success(status) {
                assert_eq!(err.code(), ErrorCode::InvalidResponse);
                assert_eq!(failure.page, ErrorPage::Server);
            }
            let oauth = body.and_then(|b| b.get("error")).and_then(Value::as_str);
            let auth_page =
                !is_success(status) && matches!(oauth, Some("invalid_request" | "invalid_client"));
            assert_eq!(failure.page == ErrorPage::Auth, auth_page);
            if status == 401 {
                assert_eq!(err.code(), ErrorCode::InvalidToken);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let (status, secret, body) = status_secret_body(&input);
    let parsed = json(body);
    check(status, parsed.as_ref(), secret);
    check(status, None, secret);
});
