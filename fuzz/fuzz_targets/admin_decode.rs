//! The server entry's relationship answers: `admin::decode_relationship` (one user),
//! `admin::decode_multi` (`/channels/multi`), plus `admin::classify` (retry class).
//!
//! Input: `STATUS KEY\nBODY` (the raw body text; these decoders parse it themselves).
//!
//! Invariants: no panic; success only for a 2xx; every decoded `user_id` is a canonical integer
//! (what exact 64-bit parsing gives, no leading zeros); every relation is `ADDED`, `BLOCKED` or
//! `NONE`; errors carry the status, a clean bounded message, never the (token-like) admin key.
#![no_main]

use kakao_channel_core::admin::{classify, decode_multi, decode_relationship, parse_body, Retry};
use kakao_channel_core::http::is_success;
use kakao_channel_core::Error;
use kakao_channel_fuzz::{assert_clean, assert_no_leak, status_secret_body, text};
use libfuzzer_sys::fuzz_target;

fn check_error(err: &Error, status: u16, key: &str) {
    assert_eq!(err.status(), Some(status), "{}", err.message());
    assert_clean(err);
    assert_no_leak(err, key);
}

fn check_user(user_id: &str, channels: &[kakao_channel_core::relationship::ChannelRelationship]) {
    let n: i128 = user_id.parse().expect("user_id is an integer");
    assert_eq!(n.to_string(), user_id, "canonical");
    for channel in channels {
        assert!(matches!(
            channel.relation.as_str(),
            "ADDED" | "BLOCKED" | "NONE"
        ));
    }
}

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let (status, key, body) = status_secret_body(&input);
    match decode_relationship(status, body, key) {
        Ok(user) => {
            assert!(is_success(status));
            check_user(&user.user_id, &user.channels);
        }
        Err(err) => check_error(&err, status, key),
    }
    match decode_multi(status, body, key) {
        Ok(users) => {
            assert!(is_success(status));
            for user in &users {
                check_user(&user.user_id, &user.channels);
            }
        }
        Err(err) => check_error(&err, status, key),
    }
    let parsed = parse_body(body);
    let class = classify(status, parsed.as_ref());
    if is_success(status) {
        assert_eq!(class, Retry::No);
    }
    if status == 429 || status == 0 || status >= 500 {
        assert_ne!(class, Retry::No);
    }
});
