//! Webhook authentication: `webhook::authorize` and `webhook::verify`.
//!
//! Input, line by line: the admin key; the `Authorization` header (`M` missing, `R` sent twice,
//! `V` followed by the value); then the body.
//!
//! Invariants: no panic; the header authorizes exactly when it is `KakaoAK {admin key}` modulo
//! the documented leniency (scheme in any case, surrounding white space, more spaces after the
//! scheme) and the key is not empty; the exact header `KakaoAK {key}` always authorizes and a
//! wrong key never does; refusals are `WEBHOOK_UNAUTHORIZED` and never quote the key; `verify`
//! checks the header before the body.
#![no_main]

use kakao_channel_core::webhook::{authorize, parse_event, verify, Authorization};
use kakao_channel_core::ErrorCode;
use kakao_channel_fuzz::{assert_clean, first_line, text};
use libfuzzer_sys::fuzz_target;

/// The documented rule, written independently of the implementation.
fn should_authorize(header: &Authorization, key: &str) -> bool {
    let Authorization::Value(value) = header else {
        return false;
    };
    let value = value.trim();
    let (Some(scheme), Some(rest)) = (value.get(..7), value.get(7..)) else {
        return false;
    };
    !key.is_empty()
        && scheme.eq_ignore_ascii_case("KakaoAK")
        && rest.starts_with(' ')
        && rest.trim_start() == key
}

fn check(header: &Authorization, key: &str) {
    let got = authorize(header, key);
    assert_eq!(
        got.is_ok(),
        should_authorize(header, key),
        "{header:?} with key {key:?}"
    );
    if let Err(err) = got {
        assert_eq!(err.code(), ErrorCode::WebhookUnauthorized);
        assert_clean(&err);
        if !key.is_empty() && err.message().contains(key) {
            // Only when the key is a piece of the fixed text (e.g. a key of "the").
            let boilerplate = [
                Authorization::Missing,
                Authorization::Repeated,
                Authorization::Value(String::new()),
            ]
            .map(|h| authorize(&h, "\u{0}").unwrap_err().message().to_owned());
            assert!(
                boilerplate.iter().any(|m| m.contains(key)),
                "the message quotes the key {key:?}: {}",
                err.message()
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let (key, rest) = first_line(&input);
    let (header_line, body) = first_line(rest);
    let header = match header_line.as_bytes().first() {
        Some(b'M') => Authorization::Missing,
        Some(b'R') => Authorization::Repeated,
        _ => Authorization::Value(header_line.get(1..).unwrap_or_default().to_owned()),
    };
    check(&header, key);

    // The exact header, and lenient spellings of it, authorize a usable key; wrong keys never.
    if !key.is_empty() && key == key.trim() {
        for value in [
            format!("KakaoAK {key}"),
            format!("  kakaoak   {key}\t "),
            format!("KAKAOAK {key}"),
        ] {
            assert!(authorize(&Authorization::Value(value), key).is_ok());
        }
        let exact = Authorization::Value(format!("KakaoAK {key}"));
        let mut wrong = key.to_owned();
        wrong.push('x');
        check(&exact, &wrong);
        assert!(authorize(&exact, &wrong).is_err());
        let shorter = &key[..key.len() - key.chars().last().map_or(0, char::len_utf8)];
        assert!(authorize(&exact, shorter).is_err());
        assert!(authorize(&Authorization::Value(format!("Bearer {key}")), key).is_err());
        assert!(authorize(&Authorization::Value(key.to_owned()), key).is_err());
    }
    // An empty configured key authorizes nothing.
    for value in ["KakaoAK", "KakaoAK ", "KakaoAK  ", ""] {
        assert!(authorize(&Authorization::Value(value.to_owned()), "").is_err());
    }

    // verify: the header first, then the body.
    match authorize(&header, key) {
        Err(err) => assert_eq!(verify(&header, key, body, None), Err(err)),
        Ok(()) => assert_eq!(verify(&header, key, body, None), parse_event(body, None)),
    }
});
