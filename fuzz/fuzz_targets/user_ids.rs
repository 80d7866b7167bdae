//! User-ID validation: `admin::parse_user_id` and `customers::parse_customer_id` (app user IDs
//! and phone numbers), plus `customers::UserType::parse`.
//!
//! Input, line by line: the `userType` option (`app`, `phone`, anything else is refused and then
//! picked by length); the raw ID (`n` + a number as text, `nan`/`inf` included; `t` + a string;
//! anything else: neither); the label that names the entry in messages.
//!
//! Invariants: no panic; an accepted app user ID's digits are canonical decimal (no sign, no
//! leading zeros) within 0..=2^63-1, equal to the number given (≤ 2^53-1) or to the trimmed
//! string given; it serialises as given; an accepted phone number is the trimmed text, 7 to 20
//! digits with only `+ - ( ) . space` besides; refusals are `INVALID_ARGUMENT` naming the entry,
//! with a clean bounded message.
#![no_main]

use kakao_channel_core::admin::{parse_user_id, RawId, MAX_SAFE_INTEGER};
use kakao_channel_core::customers::{parse_customer_id, CustomerId, UserType};
use kakao_channel_core::ErrorCode;
use kakao_channel_fuzz::{assert_clean, first_line, text};
use libfuzzer_sys::fuzz_target;

fn raw_of(line: &str) -> RawId {
    match line.as_bytes().first() {
        Some(b'n') => RawId::Number(line[1..].trim().parse().unwrap_or(f64::NAN)),
        Some(b't') => RawId::Text(line[1..].to_owned()),
        _ => RawId::Other,
    }
}

fn check_digits(digits: &str, raw: &RawId) {
    let value: u64 = digits.parse().expect("digits");
    assert_eq!(value.to_string(), digits, "canonical");
    assert!(value <= i64::MAX as u64);
    match raw {
        RawId::Number(n) => {
            assert!(n.is_finite() && n.fract() == 0.0 && *n >= 0.0 && *n <= MAX_SAFE_INTEGER);
            assert_eq!(value as f64, *n);
        }
        RawId::Text(t) => {
            let trimmed = t.trim();
            assert!(trimmed.bytes().all(|b| b.is_ascii_digit()));
            let stripped = trimmed.trim_start_matches('0');
            assert_eq!(if stripped.is_empty() { "0" } else { stripped }, digits);
        }
        RawId::Other => panic!("accepted neither a number nor a string"),
    }
}

fn check_error(err: &kakao_channel_core::Error, what: &str) {
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    assert!(err.message().starts_with(what), "{}", err.message());
    assert_clean(err);
}

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let (kind, rest) = first_line(&input);
    let (raw_line, what) = first_line(rest);
    // Labels are the SDK's own (`userIds[3]`), never control characters.
    let what: String = what
        .chars()
        .filter(char::is_ascii_graphic)
        .take(40)
        .collect();
    let user_type = UserType::parse(Some(kind)).unwrap_or_else(|err| {
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        [UserType::App, UserType::Phone][kind.len() % 2]
    });

    let raw = raw_of(raw_line);
    match parse_user_id(raw.clone(), &what) {
        Ok(id) => {
            check_digits(id.digits(), &raw);
            let json = serde_json::to_value(&id).expect("serialises");
            match &raw {
                RawId::Number(n) => assert_eq!(json.as_f64(), Some(*n)),
                RawId::Text(t) => assert_eq!(json.as_str(), Some(t.as_str())),
                RawId::Other => unreachable!(),
            }
        }
        Err(err) => check_error(&err, &what),
    }

    match parse_customer_id(user_type, raw.clone(), &what) {
        Ok(CustomerId::App(id)) => {
            assert_eq!(user_type, UserType::App);
            check_digits(id.digits(), &raw);
        }
        Ok(CustomerId::Phone(phone)) => {
            assert_eq!(user_type, UserType::Phone);
            let RawId::Text(t) = &raw else {
                panic!("a phone number from a non-string")
            };
            assert_eq!(phone, t.trim());
            let digits = phone.bytes().filter(u8::is_ascii_digit).count();
            assert!((7..=20).contains(&digits));
            assert!(phone
                .bytes()
                .all(|b| b.is_ascii_digit() || b"+-() .".contains(&b)));
        }
        Err(err) => check_error(&err, &what),
    }
});
