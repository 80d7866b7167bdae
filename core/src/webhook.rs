//! Kakao Talk Channel webhook verification (kakao-protocol.md §7): the `Authorization` header
//! compared with `KakaoAK {admin key}` in constant time, and the JSON body read into a typed
//! event, deprecated alias fields included. Bodies are parsed by `serde_json` (no recursion
//! beyond its limit of 128, linear time), so a hostile or multi-megabyte body is an error or a
//! result, never a stall or a panic.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::{Error, ErrorCode, Result};
use super::id::is_public_id;
use super::text::{cat, push_int};

/// The `Authorization` header as the request carried it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authorization {
    /// Absent.
    Missing,
    /// Sent more than once (ambiguous: refused).
    Repeated,
    /// One value.
    Value(String),
}

/// Compares two byte strings in time that depends only on their lengths, not on where they
/// differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for (i, x) in a.iter().enumerate() {
        // Compare against b cyclically so the loop runs a.len() times whatever b is.
        let y = if b.is_empty() {
            0
        } else {
            b.get(i % b.len()).copied().unwrap_or(0)
        };
        diff |= usize::from(x ^ y);
    }
    diff == 0
}

fn unauthorized(why: &str) -> Error {
    Error::new(
        ErrorCode::WebhookUnauthorized,
        cat(&[
            "The webhook request ",
            why,
            ": it did not come from Kakao with this app's admin key. Answer 401 and do not \
             process it (Kakao sends `Authorization: KakaoAK {primary admin key}`).",
        ]),
    )
}

/// Checks `Authorization: KakaoAK {admin_key}` (scheme case-insensitive, surrounding spaces
/// ignored); the key itself is compared in constant time and never quoted. An empty `admin_key`
/// authorizes no request.
pub fn authorize(header: &Authorization, admin_key: &str) -> Result<()> {
    let value = match header {
        Authorization::Missing => return Err(unauthorized("has no Authorization header")),
        Authorization::Repeated => {
            return Err(unauthorized("has more than one Authorization header"))
        }
        Authorization::Value(v) => v.trim(),
    };
    let (scheme, key) = match value.find(' ') {
        Some(at) => (
            value.get(..at).unwrap_or_default(),
            value.get(at..).unwrap_or_default().trim_start(),
        ),
        None => (value, ""),
    };
    // Both comparisons always run, so timing does not tell which part was wrong. An empty admin
    // key (say, an unset environment variable) authorizes nothing, not a bare `KakaoAK`.
    let scheme_ok = scheme.eq_ignore_ascii_case(crate::secret::KAKAO_AK_SCHEME);
    let key_ok = constant_time_eq(key.as_bytes(), admin_key.as_bytes()) && !admin_key.is_empty();
    if scheme_ok && key_ok {
        Ok(())
    } else {
        Err(unauthorized("has a wrong Authorization header"))
    }
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    /// The user added the channel.
    Added,
    /// The user blocked the channel.
    Blocked,
}

/// How `id` identifies the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum IdType {
    /// The app's service user ID (the user consented to `plusfriends`).
    AppUserId,
    /// An open ID (no consent).
    OpenId,
}

/// A verified webhook delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WebhookEvent {
    /// The user added or blocked the channel.
    #[cfg_attr(feature = "ts", ts(inline))]
    pub event: EventKind,
    /// The user's ID as a string (exact, also above 2^53).
    pub id: String,
    /// `app_user_id`: the app's user ID (consented to plusfriends); `open_id`: no consent.
    #[cfg_attr(feature = "ts", ts(inline))]
    pub id_type: IdType,
    /// The channel's public ID.
    // Kakao's `channel_public_id`, formerly `plus_friend_public_id`.
    pub channel_public_id: String,
    /// The channel's search ID (`@name`).
    // Kakao's `channel_uuid`, formerly `plus_friend_uuid`.
    pub channel_uuid: String,
    /// When it happened (RFC 3339, UTC).
    // Kakao's `updated_at`, formerly `timestamp`.
    pub updated_at: String,
    /// `X-Kakao-Resource-ID`, unique per delivery: de-duplicate on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub resource_id: Option<String>,
    /// Kakao-affiliate apps only.
    // Kakao's `account_id`, as a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub account_id: Option<String>,
}

/// The body's fields, current names and deprecated aliases; anything else is skipped unread.
#[derive(Deserialize)]
struct Wire {
    event: Option<Value>,
    id: Option<Value>,
    id_type: Option<Value>,
    channel_public_id: Option<Value>,
    plus_friend_public_id: Option<Value>,
    channel_uuid: Option<Value>,
    plus_friend_uuid: Option<Value>,
    updated_at: Option<Value>,
    timestamp: Option<Value>,
    account_id: Option<Value>,
}

fn invalid(why: &str) -> Error {
    Error::new(
        ErrorCode::InvalidWebhook,
        cat(&[
            "The webhook body is not a Kakao Talk Channel event: ",
            why,
            ". Answer 400. Pass the raw request body as a string (not a parsed object).",
        ]),
    )
}

/// A string field, or (for `id`, `account_id`) an integer given as a JSON number.
fn text_of(value: Option<Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s),
        Value::Number(n) if n.is_u64() || n.is_i64() => Some(n.to_string()),
        _ => None,
    }
}

/// The first present of a field and its deprecated alias.
fn either(current: Option<Value>, alias: Option<Value>) -> Option<Value> {
    match current {
        None | Some(Value::Null) => alias,
        some => some,
    }
}

/// Unix time (seconds, or milliseconds when above 10^11) → RFC 3339 UTC.
pub fn rfc3339_from_unix(value: f64) -> Option<String> {
    /// 9999-12-31T23:59:59.999Z.
    const LAST_MS: f64 = 253_402_300_799_999.0;
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    let ms = if value > 1e11 { value } else { value * 1000.0 };
    if ms > LAST_MS {
        return None;
    }
    let ms = ms as i64;
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // civil_from_days (Howard Hinnant), the inverse of days_from_civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let mut out = String::new();
    let two = |out: &mut String, n: i64| {
        if n < 10 {
            out.push('0');
        }
        push_int(out, n);
    };
    push_int(&mut out, year);
    out.push('-');
    two(&mut out, month);
    out.push('-');
    two(&mut out, day);
    out.push('T');
    two(&mut out, rem / 3600);
    out.push(':');
    two(&mut out, rem / 60 % 60);
    out.push(':');
    two(&mut out, rem % 60);
    out.push('Z');
    Some(out)
}

/// Reads a webhook body. `resource_id` is the `X-Kakao-Resource-ID` header, if any.
pub fn parse_event(body: &str, resource_id: Option<String>) -> Result<WebhookEvent> {
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    let wire: Wire = serde_json::from_str(body).map_err(|err| match err.classify() {
        serde_json::error::Category::Data => {
            invalid("it is not a JSON object, or a field appears twice")
        }
        _ => invalid("it is not JSON"),
    })?;
    let event = match wire.event.as_ref().and_then(Value::as_str) {
        Some("added") => EventKind::Added,
        Some("blocked") => EventKind::Blocked,
        _ => return Err(invalid("event must be \"added\" or \"blocked\"")),
    };
    let id = text_of(wire.id)
        .filter(|s| !s.is_empty() && s.len() <= 256)
        .ok_or_else(|| invalid("id is missing"))?;
    let id_type = match wire.id_type.as_ref().and_then(Value::as_str) {
        Some("app_user_id") => IdType::AppUserId,
        Some("open_id") => IdType::OpenId,
        _ => return Err(invalid("id_type must be \"app_user_id\" or \"open_id\"")),
    };
    let channel_public_id = text_of(either(wire.channel_public_id, wire.plus_friend_public_id))
        .filter(|s| is_public_id(s))
        .ok_or_else(|| invalid("channel_public_id (or plus_friend_public_id) is missing or not a channel public ID"))?;
    let channel_uuid = text_of(either(wire.channel_uuid, wire.plus_friend_uuid))
        .filter(|s| s.len() <= 256)
        .ok_or_else(|| invalid("channel_uuid (or plus_friend_uuid) is missing"))?;
    let updated_at = match either(wire.updated_at, wire.timestamp) {
        Some(Value::String(s)) if !s.is_empty() && s.len() <= 64 => s,
        Some(Value::Number(n)) => n
            .as_f64()
            .and_then(rfc3339_from_unix)
            .ok_or_else(|| invalid("timestamp is not a time"))?,
        _ => return Err(invalid("updated_at (or timestamp) is missing")),
    };
    let account_id = text_of(wire.account_id).filter(|s| s.len() <= 64);
    Ok(WebhookEvent {
        event,
        id,
        id_type,
        channel_public_id,
        channel_uuid,
        updated_at,
        resource_id: resource_id.filter(|r| !r.is_empty() && r.len() <= 256),
        account_id,
    })
}

/// Verifies a delivery: the header first (an unauthenticated body is never parsed), then the body.
pub fn verify(
    header: &Authorization,
    admin_key: &str,
    body: &str,
    resource_id: Option<String>,
) -> Result<WebhookEvent> {
    authorize(header, admin_key)?;
    parse_event(body, resource_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::days_from_civil;
    use proptest::prelude::*;

    const BODY: &str = r#"{"event":"added","id":"1111","id_type":"app_user_id","channel_public_id":"_ZeUTxl","channel_uuid":"@kakaochannel","updated_at":"2020-02-19T07:02:21Z"}"#;

    fn auth(s: &str) -> Authorization {
        Authorization::Value(s.into())
    }

    #[test]
    fn constant_time_compare() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
        assert!(!constant_time_eq(b"a", b""));
        assert!(constant_time_eq(b"", b""));
    }

    #[test]
    fn authorization() {
        assert!(authorize(&auth("KakaoAK admin-1"), "admin-1").is_ok());
        assert!(authorize(&auth("  kakaoak   admin-1 "), "admin-1").is_ok());
        for bad in [
            auth("KakaoAK admin-2"),
            auth("Bearer admin-1"),
            auth("admin-1"),
            auth(""),
            Authorization::Missing,
            Authorization::Repeated,
        ] {
            let err = authorize(&bad, "admin-1").unwrap_err();
            assert_eq!(err.code(), ErrorCode::WebhookUnauthorized);
            assert!(!err.message().contains("admin-1"));
        }
        // An empty key (an unset environment variable) authorizes nothing.
        for header in ["KakaoAK", "KakaoAK ", "kakaoak  ", ""] {
            assert!(authorize(&auth(header), "").is_err(), "{header:?}");
        }
        assert!(verify(&auth("KakaoAK"), "", BODY, None).is_err());
    }

    #[test]
    fn events_and_aliases() {
        let e = verify(
            &auth("KakaoAK k"),
            "k",
            BODY,
            Some("Rvy1c2dkzBAZ5hGD3rqYbxvr".into()),
        )
        .unwrap();
        assert_eq!(e.event, EventKind::Added);
        assert_eq!(e.id, "1111");
        assert_eq!(e.channel_uuid, "@kakaochannel");
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"event":"added","id":"1111","idType":"app_user_id","channelPublicId":"_ZeUTxl","channelUuid":"@kakaochannel","updatedAt":"2020-02-19T07:02:21Z","resourceId":"Rvy1c2dkzBAZ5hGD3rqYbxvr"}"#
        );
        let old = r#"{"event":"blocked","id":9223372036854775001,"id_type":"open_id","plus_friend_public_id":"_ZeUTxl","plus_friend_uuid":"@k","timestamp":1582095741000,"account_id":5}"#;
        let e = parse_event(old, None).unwrap();
        assert_eq!(e.event, EventKind::Blocked);
        assert_eq!(e.id, "9223372036854775001", "exact");
        assert_eq!(e.id_type, IdType::OpenId);
        assert_eq!(e.channel_public_id, "_ZeUTxl");
        assert_eq!(e.updated_at, "2020-02-19T07:02:21Z");
        assert_eq!(e.account_id.as_deref(), Some("5"));
        assert_eq!(
            parse_event(&cat(&["\u{feff}", BODY]), None).unwrap().id,
            "1111"
        );
    }

    #[test]
    fn the_header_is_checked_before_the_body() {
        let err = verify(&Authorization::Missing, "k", "not json", None).unwrap_err();
        assert_eq!(err.code(), ErrorCode::WebhookUnauthorized);
    }

    #[test]
    fn malformed_bodies() {
        for body in [
            "",
            "null",
            "[]",
            "\"added\"",
            "{",
            r#"{"event":"removed","id":"1","id_type":"app_user_id","channel_public_id":"_a","channel_uuid":"@a","updated_at":"x"}"#,
            r#"{"event":"added","id_type":"app_user_id","channel_public_id":"_a","channel_uuid":"@a","updated_at":"x"}"#,
            r#"{"event":"added","id":"1","id_type":"email","channel_public_id":"_a","channel_uuid":"@a","updated_at":"x"}"#,
            r#"{"event":"added","id":"1","id_type":"app_user_id","channel_public_id":"a/b","channel_uuid":"@a","updated_at":"x"}"#,
            r#"{"event":"added","id":"1","id_type":"app_user_id","channel_public_id":"_a","updated_at":"x"}"#,
            r#"{"event":"added","id":"1","id_type":"app_user_id","channel_public_id":"_a","channel_uuid":"@a"}"#,
            r#"{"event":"added","event":"blocked","id":"1","id_type":"app_user_id","channel_public_id":"_a","channel_uuid":"@a","updated_at":"x"}"#,
        ] {
            let err = parse_event(body, None).unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidWebhook, "{body}");
        }
        let deep = cat(&[&"[".repeat(100_000), &"]".repeat(100_000)]);
        assert_eq!(
            parse_event(&deep, None).unwrap_err().code(),
            ErrorCode::InvalidWebhook
        );
    }

    #[test]
    fn big_bodies_parse() {
        let pad = "x".repeat(5_000_000);
        let body = cat(&[&BODY[..BODY.len() - 1], r#","padding":""#, &pad, "\"}"]);
        assert_eq!(parse_event(&body, None).unwrap().id, "1111");
    }

    #[test]
    fn unix_times() {
        assert_eq!(
            rfc3339_from_unix(0.0).as_deref(),
            Some("1970-01-01T00:00:00Z")
        );
        assert_eq!(
            rfc3339_from_unix(1_582_095_741.0).as_deref(),
            Some("2020-02-19T07:02:21Z")
        );
        assert_eq!(
            rfc3339_from_unix(951_782_400.0).as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
        assert_eq!(rfc3339_from_unix(-1.0), None);
        assert_eq!(rfc3339_from_unix(f64::NAN), None);
    }

    proptest! {
        #[test]
        fn never_panics(body in "\\PC{0,300}", header in "\\PC{0,40}") {
            let _ = verify(&Authorization::Value(header), "key", &body, None);
            let _ = parse_event(&body, Some(body.clone()));
        }

        /// The exact header, in any lenient spelling, authorizes its key; no other key, no
        /// other scheme and no empty key ever is.
        #[test]
        fn only_the_right_key_authorizes(
            key in "[!-~]{1,64}",
            other in "[!-~]{0,64}",
            pad in "[ \t]{0,3}",
            gap in " {1,3}",
            upper in any::<bool>(),
        ) {
            let scheme = if upper { "KAKAOAK" } else { "kakaoAK" };
            let header = auth(&cat(&[&pad, scheme, &gap, &key, &pad]));
            prop_assert!(authorize(&header, &key).is_ok());
            if other != key {
                let err = authorize(&header, &other).unwrap_err();
                prop_assert_eq!(err.code(), ErrorCode::WebhookUnauthorized);
            }
            prop_assert!(authorize(&auth(&cat(&["Bearer ", &key])), &key).is_err());
            prop_assert!(authorize(&auth(&key), &key).is_err());
            prop_assert!(authorize(&auth(&cat(&[scheme, &gap])), "").is_err());
        }

        #[test]
        fn unix_times_round_trip(t in 0i64..100_000_000_000) {
            let s = rfc3339_from_unix(t as f64).unwrap();
            prop_assert_eq!(s.len(), 20);
            let year: i64 = s[0..4].parse().unwrap();
            let month: i64 = s[5..7].parse().unwrap();
            let day: i64 = s[8..10].parse().unwrap();
            prop_assert_eq!(days_from_civil(year, month, day), t.div_euclid(86_400));
        }
    }
}
