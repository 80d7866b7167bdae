//! The follow-answer judge: `follow::judge_message(origin, sender, data, expected)`.
//!
//! Input, line by line: the event's origin (`=apps` and `=page` stand for the two expected
//! origins); the sender (`0` own relay frame, `1` own follow window, anything else another
//! window) followed by `i` when the page origin counts too (iOS KakaoTalk); this call's
//! `trans_id` (empty: a fixed 60-character one); then the message data, parsed like `JSON.parse`
//! (`!` for no data).
//!
//! Invariants: no panic; only the expected origins and our own windows can ever finish the call;
//! data that is not an object, or names another `trans_id`, is ignored; `success` only for
//! `status: "success"` with no error code; a failure has Kakao's code, `INVALID_TOKEN` exactly
//! for -401, and a clean bounded message; `Closed` never comes from a message.
#![no_main]

use kakao_channel_core::follow::{judge_message, Expected, FollowStatus, MessageVerdict, Sender};
use kakao_channel_core::{ErrorCode, KakaoCode};
use kakao_channel_fuzz::{assert_clean, first_line, json, text};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const APPS: &str = "https://apps.kakao.com";
const PAGE: &str = "https://shop.example";

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let (origin, rest) = first_line(&input);
    let (flags, rest) = first_line(rest);
    let (tid, body) = first_line(rest);
    let origin = match origin {
        "=apps" => APPS,
        "=page" => PAGE,
        other => other,
    };
    let sender = match flags.as_bytes().first() {
        Some(b'0') => Sender::OwnFrame,
        Some(b'1') => Sender::OwnWindow,
        _ => Sender::Other,
    };
    let ios = flags.contains('i');
    let default_tid = "Ab0-._~".repeat(9)[..60].to_owned();
    let tid = if tid.is_empty() {
        default_tid.as_str()
    } else {
        tid
    };
    let expected = Expected {
        apps_origin: APPS,
        page_origin: ios.then_some(PAGE),
        trans_id: tid,
    };
    let parsed: Option<Value> = if body == "!" { None } else { json(body) };
    let verdict = judge_message(origin, sender, parsed.as_ref(), &expected);

    let origin_ok = origin == APPS || (ios && origin == PAGE);
    let object = parsed.as_ref().and_then(Value::as_object);
    let foreign = object
        .and_then(|o| o.get("trans_id"))
        .is_some_and(|t| t.as_str() != Some(tid));
    if !origin_ok || sender == Sender::Other || object.is_none() || foreign {
        assert_eq!(verdict, MessageVerdict::Ignore);
        return;
    }
    let Some(object) = object else { return };
    let has_code =
        object.get("error_code").is_some_and(Value::is_string) || object.contains_key("code");
    match verdict {
        MessageVerdict::Ignore => {
            assert!(!has_code && !object.contains_key("status"));
        }
        MessageVerdict::Answer(status) => {
            assert!(!has_code);
            let success = object.get("status").and_then(Value::as_str) == Some("success");
            match status {
                FollowStatus::Success => assert!(success),
                FollowStatus::Fail => assert!(!success && object.contains_key("status")),
                FollowStatus::Closed => panic!("a message never means the window closed"),
            }
        }
        MessageVerdict::Failed(err) => {
            assert!(has_code);
            assert_clean(&err);
            let code = err.kakao_code().expect("Kakao's code is kept");
            let minus_401 = *code == KakaoCode::Number(-401);
            assert_eq!(err.code() == ErrorCode::InvalidToken, minus_401);
            if !minus_401 {
                assert_eq!(err.code(), ErrorCode::FollowFailed);
            }
        }
    }
});
