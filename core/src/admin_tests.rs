//! Tests of `admin.rs` (kept beside it, in their own file, so each stays readable).

use super::*;
use crate::parse_channel_id;
use crate::relationship::Relation;
use proptest::prelude::*;

fn text(s: &str) -> RawId {
    RawId::Text(s.into())
}

#[test]
fn user_ids_numbers_and_strings() {
    let id = parse_user_id(RawId::Number(1001.0), "userId").unwrap();
    assert_eq!(id.digits(), "1001");
    assert_eq!(serde_json::to_string(&id).unwrap(), "1001.0");
    let big = parse_user_id(text("9223372036854775807"), "userId").unwrap();
    assert_eq!(big.digits(), "9223372036854775807");
    assert_eq!(
        serde_json::to_string(&big).unwrap(),
        "\"9223372036854775807\""
    );
    let padded = parse_user_id(text(" 0042 "), "userId").unwrap();
    assert_eq!(padded.digits(), "42");
    assert_eq!(
        serde_json::to_string(&padded).unwrap(),
        "\" 0042 \"",
        "as given"
    );
    assert_eq!(parse_user_id(text("0"), "x").unwrap().digits(), "0");
}

#[test]
fn bad_user_ids_are_invalid_arguments_naming_the_entry() {
    for raw in [
        RawId::Number(1.5),
        RawId::Number(-1.0),
        RawId::Number(f64::NAN),
        RawId::Number(9_007_199_254_740_992.0),
        text(""),
        text("12a"),
        text("-5"),
        text("9223372036854775808"),
        text("1e5"),
        RawId::Other,
    ] {
        let err = parse_user_id(raw.clone(), "userIds[3]").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument, "{raw:?}");
        assert!(
            err.message().starts_with("userIds[3] "),
            "{}",
            err.message()
        );
    }
    let err = parse_user_id(RawId::Number(1e16), "userId").unwrap_err();
    assert!(err.message().contains("as strings"), "{}", err.message());
}

#[test]
fn admin_key_rules_never_echo_the_key() {
    assert_eq!(validate_admin_key(" abc123 ").unwrap(), "abc123");
    for bad in ["", "   ", "has space", "tab\there", &"k".repeat(257)] {
        let err = validate_admin_key(bad).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        if bad.len() > 3 {
            assert!(!err.message().contains(bad.trim()), "{}", err.message());
        }
    }
}

#[test]
fn counts() {
    assert_eq!(validate_count("concurrency", None, 1, 64, 4).unwrap(), 4);
    assert_eq!(
        validate_count("concurrency", Some(8.0), 1, 64, 4).unwrap(),
        8
    );
    for bad in [0.0, 65.0, 2.5, -1.0] {
        let err = validate_count("concurrency", Some(bad), 1, 64, 4).unwrap_err();
        assert!(err
            .message()
            .contains("concurrency must be a whole number from 1 to 64"));
    }
}

#[test]
fn requests_carry_the_key_only_in_the_header() {
    let user = parse_user_id(text("9223372036854775001"), "userId").unwrap();
    let ids = vec![parse_channel_id("_ZeUTxl").unwrap()];
    let spec = relationship_request("https://kapi.kakao.com", &user, &ids, "secret-admin");
    assert_eq!(
        spec.url,
        "https://kapi.kakao.com/v2/api/talk/channels?target_id_type=user_id&target_id=\
         9223372036854775001&channel_ids=_ZeUTxl&channel_id_type=channel_public_id"
    );
    assert_eq!(
        spec.headers,
        vec![("Authorization", "KakaoAK secret-admin".to_owned())]
    );
    let other = parse_user_id(RawId::Number(7.0), "x").unwrap();
    let multi = multi_request("http://127.0.0.1:9", &[&user, &other], &[], "secret-admin");
    assert_eq!(
        multi.url,
        "http://127.0.0.1:9/v2/api/talk/channels/multi?target_id_type=user_id&target_ids=\
         9223372036854775001,7&channel_id_type=channel_public_id"
    );
    assert!(!multi.url.contains("secret"));
}

#[test]
fn decodes_exact_big_ids_and_reorders() {
    let body = r#"[{"user_id":9223372036854775001,"channels":[{"channel_uuid":"@k","channel_public_id":"_ZeUTxl","relation":"ADDED","updated_at":"2019-05-10T08:06:53Z"}]},
                   {"user_id":7,"channels":[]}]"#;
    let answers = decode_multi(200, body, "k").unwrap();
    assert_eq!(answers[0].user_id, "9223372036854775001");
    let a = parse_user_id(RawId::Number(7.0), "a").unwrap();
    let b = parse_user_id(text("9223372036854775001"), "b").unwrap();
    let c = parse_user_id(text("5"), "c").unwrap();
    let ordered = in_request_order(&[&a, &b, &a, &c], answers);
    assert_eq!(ordered[0], Some(vec![]));
    assert_eq!(ordered[1].as_ref().unwrap()[0].relation, Relation::Added);
    assert_eq!(ordered[2], Some(vec![]), "duplicates get the answer too");
    assert_eq!(ordered[3], None, "left out by Kakao");
    let wrapped = decode_multi(200, r#"{"users":[{"user_id":"7","channels":null}]}"#, "k").unwrap();
    assert_eq!(wrapped[0].user_id, "7");
}

#[test]
fn bad_answers() {
    for (status, body, code) in [
        (200, "{", ErrorCode::InvalidResponse),
        (200, "{}", ErrorCode::InvalidResponse),
        (200, "[{\"user_id\":1.5}]", ErrorCode::InvalidResponse),
        (
            200,
            "[{\"user_id\":1,\"channels\":{}}]",
            ErrorCode::InvalidResponse,
        ),
        (429, "", ErrorCode::RateLimited),
        (
            400,
            r#"{"code":-10,"msg":"API limit has been exceeded."}"#,
            ErrorCode::RateLimited,
        ),
        (
            401,
            r#"{"code":-401,"msg":"wrong appKey(secret-admin) format"}"#,
            ErrorCode::InvalidToken,
        ),
        (400, r#"{"code":-819,"msg":"x"}"#, ErrorCode::KakaoApi),
    ] {
        let err = decode_multi(status, body, "secret-admin").unwrap_err();
        assert_eq!(err.code(), code, "{status} {body}");
        assert!(!err.message().contains("secret-admin"), "{}", err.message());
    }
    let err = decode_relationship(
        401,
        r#"{"code":-401,"msg":"wrong appKey(secret-admin) format"}"#,
        "secret-admin",
    )
    .unwrap_err();
    assert!(err.message().contains("Admin key"), "{}", err.message());
    let one = decode_relationship(200, r#"{"user_id":12,"channels":[]}"#, "k").unwrap();
    assert_eq!(one.user_id, "12");
    assert!(decode_relationship(200, "[]", "k").is_err());
}

#[test]
fn retry_classes() {
    let body = |s: &str| parse_body(s);
    assert_eq!(classify(0, None), Retry::Transient);
    assert_eq!(classify(503, None), Retry::Transient);
    assert_eq!(classify(429, None), Retry::RateLimited);
    assert_eq!(
        classify(400, body(r#"{"code":-10}"#).as_ref()),
        Retry::RateLimited
    );
    assert_eq!(
        classify(400, body(r#"{"code":-1}"#).as_ref()),
        Retry::Transient
    );
    assert_eq!(classify(400, body(r#"{"code":-2}"#).as_ref()), Retry::No);
    assert_eq!(classify(401, body(r#"{"code":-401}"#).as_ref()), Retry::No);
    assert_eq!(classify(200, body(r#"{"code":-10}"#).as_ref()), Retry::No);
}

#[test]
fn retry_after_and_backoff() {
    assert_eq!(parse_retry_after("3", 0.0), Some(3000));
    assert_eq!(parse_retry_after(" 0 ", 0.0), Some(0));
    // 1994-11-06T08:49:37Z = 784111777 s.
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_770_000.0),
        Some(7000)
    );
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_790_000.0),
        Some(0)
    );
    assert_eq!(parse_retry_after("soon", 0.0), None);
    // Fields an IMF-fixdate cannot have are not a date (they used to overflow).
    for bad in [
        "Sun, 06 Nov 84111179034 08:49:37 GMT",
        "Sun, 06 Nov 1994 -9223372036854775808:49:37 GMT",
        "Sun, 06 Nov 1994 08:-1:37 GMT",
        "Sun, 06 Nov 0 08:49:37 GMT",
        "Sun, 06 Nov -5 08:49:37 GMT",
    ] {
        assert_eq!(parse_retry_after(bad, 0.0), None, "{bad}");
    }
    assert_eq!(
        parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", 253_402_300_798_000.0),
        Some(1000)
    );
    assert_eq!(backoff_delay(0, 5, None, 0.0), Some(250));
    assert_eq!(backoff_delay(0, 5, None, 1.0), Some(500));
    assert_eq!(backoff_delay(3, 5, None, 1.0), Some(4000));
    assert_eq!(backoff_delay(9, 10, None, 1.0), Some(30_000), "capped");
    assert_eq!(backoff_delay(5, 5, None, 0.5), None, "retries used up");
    assert_eq!(
        backoff_delay(0, 5, Some(2000), 0.0),
        Some(2000),
        "Retry-After honoured"
    );
    assert_eq!(
        backoff_delay(0, 5, Some(200_000), 0.0),
        None,
        "too long to wait"
    );
    assert_eq!(backoff_delay(0, 0, None, 0.0), None);
}

proptest! {
    #[test]
    fn user_id_never_panics(s in "\\PC{0,30}", n in proptest::num::f64::ANY) {
        let _ = parse_user_id(RawId::Text(s), "x");
        let _ = parse_user_id(RawId::Number(n), "x");
    }

    #[test]
    fn digit_strings_round_trip(v in 0u64..=(i64::MAX as u64)) {
        let id = parse_user_id(RawId::Text(v.to_string()), "x").unwrap();
        prop_assert_eq!(id.digits(), v.to_string());
    }

    #[test]
    fn decoders_never_panic(status in 0u16..600, body in "\\PC{0,200}") {
        let _ = decode_multi(status, &body, "key");
        let _ = decode_relationship(status, &body, "key");
        let _ = parse_retry_after(&body, 0.0);
    }

    /// Date-shaped values with any numbers in them never panic (no overflow), and a date
    /// never asks for a wait longer than it is from now.
    #[test]
    fn http_dates_never_overflow(
        day in any::<i64>(), year in any::<i64>(), h in any::<i64>(), m in any::<i64>(),
        s in any::<i64>(), small in any::<bool>(), now in proptest::num::f64::ANY,
    ) {
        let (day, year, h, m, s) = if small {
            (day % 40, year % 12_000, h % 30, m % 70, s % 70)
        } else {
            (day, year, h, m, s)
        };
        let value = format!("Sun, {:02} Nov {} {:02}:{:02}:{:02} GMT", day, year, h, m, s);
        if let (Some(wait), true) = (parse_retry_after(&value, now), now.is_finite()) {
            prop_assert!(wait as f64 <= (253_402_300_800_000.0 - now).max(0.0), "{}", value);
        }
    }

    #[test]
    fn backoff_is_bounded(attempt in 0u32..40, retries in 0u32..12, after in proptest::option::of(0u64..500_000), r in proptest::num::f64::ANY) {
        if let Some(wait) = backoff_delay(attempt, retries, after, r) {
            prop_assert!(u64::from(wait) <= MAX_RETRY_AFTER_MS);
            if let Some(a) = after { prop_assert!(u64::from(wait) >= a); }
        }
    }
}

#[test]
fn distinct_users_are_asked_once_and_every_occurrence_finds_its_answer() {
    let id = |v: &str| parse_user_id(RawId::Text(v.to_owned()), "userIds[0]").unwrap();
    let users = [id("1001"), id("42"), id("1001"), id("7"), id("42")];
    let (distinct, slots) = distinct_users(&users);
    assert_eq!(
        distinct.iter().map(|u| u.digits()).collect::<Vec<_>>(),
        ["1001", "42", "7"]
    );
    assert_eq!(slots, [0, 1, 0, 2, 1]);
    let (none, no_slots) = distinct_users(&[]);
    assert!(none.is_empty() && no_slots.is_empty());
}
