//! `parse_channel_id` on anything a user could paste.
//!
//! Invariants: it returns (never panics); an accepted ID is `_` + 1..=31 ASCII letters or digits
//! (so nothing it accepts can inject a path, query, scheme, port or user into a URL); accepting is
//! idempotent (the ID parses to itself, bare and inside the canonical URL); refusals carry one of
//! the two documented codes and a clean, bounded message.
#![no_main]

use kakao_channel_core::{parse_channel_id, ErrorCode};
use kakao_channel_fuzz::{assert_clean, is_safe_channel_id, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    match parse_channel_id(&input) {
        Ok(id) => {
            let s = id.as_str();
            assert!(is_safe_channel_id(s), "accepted {s:?} from {input:?}");
            // The ID is in the input (percent-decoding aside, which only `%5F` etc. produce).
            assert!(
                input.contains(&s[1..]) || input.contains('%'),
                "{s:?} is not in {input:?}"
            );
            assert_eq!(parse_channel_id(s).as_ref(), Ok(&id));
            let url = format!("https://pf.kakao.com/{s}/chat");
            assert_eq!(parse_channel_id(&url).as_ref(), Ok(&id));
            assert_eq!(id.to_string(), s);
        }
        Err(err) => {
            assert!(
                matches!(
                    err.code(),
                    ErrorCode::InvalidChannelId | ErrorCode::SearchIdNotSupported
                ),
                "{:?}",
                err.code()
            );
            // At most 60 characters of the input are quoted, each at most 10 bytes escaped
            // (`\u{10ffff}`), in at most ~250 bytes of text.
            assert!(err.message().len() < 900, "{}", err.message());
            assert_clean(&err);
            assert_eq!(err.status(), None);
        }
    }
});
