//! The relationship answer (`relationship::decode_relationships`) and Kakao's error mapping
//! (`http::api_error`, `http::api_error_as`), over `serde_json::Value` as `JsonValue`.
//!
//! Input: `STATUS SECRET\nBODY`. The body is parsed like `JSON.parse`; every function is called
//! both with the parsed value and with `None` (a body that was not JSON).
//!
//! Invariants: no panic; a decoded relation is `ADDED`, `BLOCKED` or `NONE`; decoding succeeds
//! only for a 2xx; a decoded `user_id` is within ±2^53; every error carries the status, a clean
//! bounded message, and never a token-like secret; `CONSENT_REQUIRED` always names scopes.
#![no_main]

use kakao_channel_core::http::{api_error, api_error_as, is_success, Credential};
use kakao_channel_core::relationship::decode_relationships;
use kakao_channel_core::{Error, ErrorCode, KakaoCode};
use kakao_channel_fuzz::{assert_clean, assert_no_leak, json, status_secret_body, text};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn check_error(err: &Error, status: u16, secret: &str) {
    assert_eq!(err.status(), Some(status), "{}", err.message());
    assert_clean(err);
    assert_no_leak(err, secret);
    if err.code() == ErrorCode::ConsentRequired {
        assert!(!err.required_scopes().is_empty());
    } else {
        assert!(err.required_scopes().is_empty());
    }
    if status == 429 {
        assert_eq!(err.code(), ErrorCode::RateLimited);
    }
    match err.kakao_code() {
        Some(KakaoCode::Number(n)) => assert!(n.unsigned_abs() <= 1 << 53),
        Some(KakaoCode::Text(_)) => panic!("REST errors carry numeric codes"),
        None => assert!(matches!(
            err.code(),
            ErrorCode::InvalidResponse | ErrorCode::RateLimited
        )),
    }
}

fn api_errors(status: u16, body: Option<&Value>, secret: &str) {
    for err in [
        api_error(status, body, secret),
        api_error_as(status, body, secret, Credential::AccessToken),
        api_error_as(status, body, secret, Credential::AdminKey),
    ] {
        check_error(&err, status, secret);
    }
}

fn relationships(status: u16, body: Option<&Value>, secret: &str) {
    match decode_relationships(status, body, secret) {
        Ok(got) => {
            assert!(is_success(status));
            assert!(got.user_id.unsigned_abs() <= 1 << 53);
            for channel in &got.channels {
                assert!(matches!(
                    channel.relation.as_str(),
                    "ADDED" | "BLOCKED" | "NONE"
                ));
            }
            // What crosses to JavaScript serialises.
            let json = serde_json::to_value(&got).expect("serialises");
            assert_eq!(
                json["channels"].as_array().map(Vec::len),
                Some(got.channels.len())
            );
        }
        Err(err) => {
            check_error(&err, status, secret);
            if is_success(status) {
                assert_eq!(err.code(), ErrorCode::InvalidResponse);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let (status, secret, body) = status_secret_body(&input);
    let parsed = json(body);
    relationships(status, parsed.as_ref(), secret);
    relationships(status, None, secret);
    api_errors(status, parsed.as_ref(), secret);
    api_errors(status, None::<&Value>, secret);
});
