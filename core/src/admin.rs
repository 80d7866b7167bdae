//! The server entry's relationship checks with the admin key (kakao-protocol.md §5.1 admin-key
//! mode, §5.3 `/channels/multi`), user IDs that stay exact above 2^53, the admin key's rules and
//! the retry policy for Kakao's rate limits (§8). Described and decoded here; the wasm boundary
//! only sends the requests.
//!
//! Kakao's answers are parsed with `serde_json`, whose integers are exact to 64 bits, so a
//! `user_id` such as `9223372036854775001` survives (JavaScript's `JSON.parse` would round it).

use std::collections::HashMap;

use serde::{Serialize, Serializer};
use serde_json::Value;

use super::error::{quote_input, Error, ErrorCode, Result};
use super::http::{
    api_error_as, invalid_response, is_success, retry_wait, transport_error, Credential, Method,
    RequestSpec, RetryPolicy, TimeoutScope, Transport,
};
use super::id::ChannelId;
use super::relationship::{decode_channel, push_channel_query, ChannelRelationship};
use super::secret::{self, Flaw};
use super::text::{cat, push_int};

/// `GET {api}` + this: one user's relationships (admin-key mode of §5.1).
pub const RELATIONSHIP_PATH: &str = "/v2/api/talk/channels";
/// `GET {api}` + this: several users' relationships (§5.3).
pub const MULTI_PATH: &str = "/v2/api/talk/channels/multi";
/// Users per `/channels/multi` request: Kakao's limit as third-party code states it (unverified).
pub const MAX_CHUNK: usize = 200;
/// Requests in flight at once, by default.
pub const DEFAULT_CONCURRENCY: u32 = 4;
/// The most requests in flight the SDK allows (more only trips Kakao's limits).
pub const MAX_CONCURRENCY: u32 = 64;
/// Default `timeoutMs` of each admin request.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// Default retries after a rate limit, a network failure or an HTTP 5xx.
pub const DEFAULT_RETRIES: u32 = 5;
/// The most retries the SDK allows.
pub const MAX_RETRIES: u32 = 10;
/// First back-off wait; doubled on each retry.
pub const BACKOFF_BASE_MS: u32 = 500;
/// The longest back-off wait.
pub const BACKOFF_MAX_MS: u32 = 30_000;
/// A `Retry-After` longer than this is not waited out: the batch fails with `RATE_LIMITED`.
pub const MAX_RETRY_AFTER_MS: u64 = 120_000;
pub use super::value::MAX_SAFE_INTEGER;

/// A JavaScript value given where an ID belongs.
#[derive(Debug, Clone, PartialEq)]
pub enum RawId {
    /// A `number`.
    Number(f64),
    /// A `string`.
    Text(String),
    /// Anything else.
    Other,
}

/// How the caller wrote an ID, so results hand it back the same way.
#[derive(Debug, Clone, PartialEq)]
enum Given {
    Number(f64),
    Text(String),
}

/// A service user ID (회원번호): Kakao's exact decimal digits, and the caller's own form.
#[derive(Debug, Clone, PartialEq)]
pub struct UserId {
    digits: String,
    given: Given,
}

impl UserId {
    /// The decimal digits Kakao gets (no sign, no leading zeros).
    pub fn digits(&self) -> &str {
        &self.digits
    }
}

/// As given: a `number` stays a number, a string stays the same string.
impl Serialize for UserId {
    fn serialize<S: Serializer>(&self, serializer: S) -> core::result::Result<S::Ok, S::Error> {
        match &self.given {
            Given::Number(n) => serializer.serialize_f64(*n),
            Given::Text(s) => serializer.serialize_str(s),
        }
    }
}

fn id_error(what: &str, why: &str) -> Error {
    Error::invalid_argument(cat(&[what, " ", why]))
}

/// Reads a user ID: a non-negative integer `number` up to `Number.MAX_SAFE_INTEGER`, or a string
/// of 1 to 19 decimal digits up to 2^63 − 1 (Kakao's IDs are 64-bit). `what` names it in errors
/// (`userIds[3]`).
pub fn parse_user_id(raw: RawId, what: &str) -> Result<UserId> {
    match raw {
        RawId::Number(n) => {
            if !n.is_finite() || n.fract() != 0.0 || n < 0.0 {
                return Err(id_error(
                    what,
                    "must be a user ID: a non-negative whole number or a string of digits.",
                ));
            }
            if n > MAX_SAFE_INTEGER {
                return Err(id_error(
                    what,
                    "is above Number.MAX_SAFE_INTEGER, so it may already have lost digits: pass \
                     user IDs above 2^53 as strings ('9223372036854775001').",
                ));
            }
            let mut digits = String::new();
            push_int(&mut digits, n as i64);
            Ok(UserId {
                digits,
                given: Given::Number(n),
            })
        }
        RawId::Text(text) => {
            let trimmed = text.trim();
            let canonical = trimmed.trim_start_matches('0');
            let canonical = if canonical.is_empty() && !trimmed.is_empty() {
                "0"
            } else {
                canonical
            };
            let valid = !trimmed.is_empty()
                && trimmed.len() <= 40
                && trimmed.bytes().all(|b| b.is_ascii_digit())
                && canonical.len() <= 19
                && canonical.parse::<u64>().is_ok_and(|v| v <= i64::MAX as u64);
            if !valid {
                return Err(id_error(
                    what,
                    &cat(&[
                        &quote_input(&text, 40),
                        " is not a user ID: Kakao's service user IDs are up to 19 decimal digits.",
                    ]),
                ));
            }
            Ok(UserId {
                digits: canonical.to_owned(),
                given: Given::Text(text),
            })
        }
        RawId::Other => Err(id_error(
            what,
            "must be a user ID: a number, or a string of digits for IDs above 2^53.",
        )),
    }
}

/// Validates an admin key: 1 to 256 visible ASCII characters. Errors never repeat it.
pub fn validate_admin_key(value: &str) -> Result<String> {
    let key = value.trim();
    match secret::check(key, 256) {
        Ok(()) => Ok(key.to_owned()),
        Err(Flaw::Missing) => Err(Error::invalid_argument(
            "adminKey is missing: pass the app's Admin key from Kakao Developers → App → App \
             Keys (on a server only, e.g. from process.env.KAKAO_ADMIN_KEY).",
        )),
        Err(Flaw::Malformed) => Err(Error::invalid_argument(
            "adminKey is not an admin key (it must be visible ASCII characters without spaces): \
             pass the Admin key from Kakao Developers → App → App Keys.",
        )),
    }
}

/// A count option (`concurrency`, `chunkSize`, `batchSize`, `retries`): a whole number within
/// `min..=max`, or `default` when absent.
pub fn validate_count(
    name: &str,
    value: Option<f64>,
    min: u32,
    max: u32,
    default: u32,
) -> Result<u32> {
    let Some(v) = value else {
        return Ok(default);
    };
    if v.fract() != 0.0 || v < f64::from(min) || v > f64::from(max) {
        let mut range = String::new();
        push_int(&mut range, i64::from(min));
        range.push_str(" to ");
        push_int(&mut range, i64::from(max));
        return Err(Error::invalid_argument(cat(&[
            name,
            " must be a whole number from ",
            &range,
            ".",
        ])));
    }
    Ok(v as u32)
}

/// `Authorization: KakaoAK {key}`: the only place the admin key goes.
pub fn admin_headers(key: &str) -> Vec<(&'static str, String)> {
    vec![("Authorization", secret::kakao_ak(key))]
}

/// `&channel_ids=_a,_b&channel_id_type=channel_public_id` (IDs omitted: every connected channel).
fn push_channels(url: &mut String, ids: &[ChannelId]) {
    url.push('&');
    push_channel_query(url, ids);
}

/// One user (admin-key mode of §5.1):
/// `GET {api}/v2/api/talk/channels?target_id_type=user_id&target_id={id}[&channel_ids=…]`.
pub fn relationship_request(api: &str, user: &UserId, ids: &[ChannelId], key: &str) -> RequestSpec {
    let mut url = cat(&[
        api,
        RELATIONSHIP_PATH,
        "?target_id_type=user_id&target_id=",
        &user.digits,
    ]);
    push_channels(&mut url, ids);
    RequestSpec {
        method: Method::Get,
        url,
        headers: admin_headers(key),
        body: None,
    }
}

/// Several users (§5.3):
/// `GET {api}/v2/api/talk/channels/multi?target_id_type=user_id&target_ids=1,2,3[&channel_ids=…]`.
pub fn multi_request(api: &str, users: &[&UserId], ids: &[ChannelId], key: &str) -> RequestSpec {
    let mut url = cat(&[api, MULTI_PATH, "?target_id_type=user_id&target_ids="]);
    for (i, user) in users.iter().enumerate() {
        if i > 0 {
            url.push(',');
        }
        url.push_str(&user.digits);
    }
    push_channels(&mut url, ids);
    RequestSpec {
        method: Method::Get,
        url,
        headers: admin_headers(key),
        body: None,
    }
}

/// Parses Kakao's body; `None` when it is not JSON.
pub fn parse_body(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

/// The error for a non-2xx answer to an admin-key request; the key is redacted from Kakao's text.
pub fn admin_error(status: u16, body: Option<&Value>, key: &str) -> Error {
    api_error_as(status, body, key, Credential::AdminKey)
}

/// The error for an admin request that got no answer, retries included.
pub fn admin_transport_error(kind: Transport, timeout_ms: u32) -> Error {
    match kind {
        Transport::Network => Error::new(
            ErrorCode::Network,
            "The request to Kakao's API got no HTTP answer, retries included (DNS, firewall, \
             proxy or TLS failure, or a wrong hosts.api). Check that this server can reach \
             https://kapi.kakao.com.",
        ),
        Transport::Timeout => {
            let mut message = String::from("Kakao's API did not answer within ");
            push_int(&mut message, i64::from(timeout_ms));
            message.push_str(" ms, retries included. Try again later, or raise timeoutMs.");
            Error::new(ErrorCode::Timeout, message)
        }
        Transport::Aborted => transport_error(Transport::Aborted, 0),
    }
}

/// An integer ID as exact decimal digits: a JSON integer, or a string of digits.
pub fn exact_id(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) if n.is_u64() || n.is_i64() => Some(n.to_string()),
        Value::String(s)
            if !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Some(s.trim_start_matches('0').to_owned()).map(|d| {
                if d.is_empty() {
                    "0".into()
                } else {
                    d
                }
            })
        }
        _ => None,
    }
}

/// One user's relationships as Kakao answered them.
#[derive(Debug, Clone, PartialEq)]
pub struct UserChannels {
    /// `user_id`, exact.
    pub user_id: String,
    /// The channels connected to the app.
    pub channels: Vec<ChannelRelationship>,
}

fn decode_user(status: u16, doc: &Value) -> Result<UserChannels> {
    let user_id = doc
        .get("user_id")
        .and_then(exact_id)
        .ok_or_else(|| invalid_response(status, "user_id is missing or not an integer"))?;
    let items: &[Value] = match doc.get("channels") {
        None | Some(Value::Null) => &[],
        Some(Value::Array(items)) => items,
        Some(_) => return Err(invalid_response(status, "channels is not an array")),
    };
    let mut channels = Vec::with_capacity(items.len());
    for item in items {
        channels.push(decode_channel(item).ok_or_else(|| {
            invalid_response(
                status,
                "a channel lacks channel_public_id, channel_uuid or a relation of ADDED, \
                 BLOCKED or NONE",
            )
        })?);
    }
    Ok(UserChannels { user_id, channels })
}

/// Decodes the answer to [`relationship_request`].
pub fn decode_relationship(status: u16, text: &str, key: &str) -> Result<UserChannels> {
    let body = parse_body(text);
    if !is_success(status) {
        return Err(admin_error(status, body.as_ref(), key));
    }
    let doc = body.ok_or_else(|| invalid_response(status, "the body is not JSON"))?;
    if !doc.is_object() {
        return Err(invalid_response(status, "the body is not an object"));
    }
    decode_user(status, &doc)
}

/// Decodes the answer to [`multi_request`]: a JSON array of `{user_id, channels}` (third-party
/// code is the only source, so `{"users": […]}` / `{"elements": […]}` are accepted too).
pub fn decode_multi(status: u16, text: &str, key: &str) -> Result<Vec<UserChannels>> {
    let body = parse_body(text);
    if !is_success(status) {
        return Err(admin_error(status, body.as_ref(), key));
    }
    let doc = body.ok_or_else(|| invalid_response(status, "the body is not JSON"))?;
    let items = match &doc {
        Value::Array(items) => items,
        Value::Object(map) => match ["users", "elements"].iter().find_map(|k| map.get(*k)) {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(invalid_response(
                    status,
                    "the body is not an array of users",
                ))
            }
        },
        _ => {
            return Err(invalid_response(
                status,
                "the body is not an array of users",
            ))
        }
    };
    items.iter().map(|item| decode_user(status, item)).collect()
}

/// Puts Kakao's answers for one chunk in the chunk's order; `None` for a user Kakao's answer
/// left out.
pub fn in_request_order(
    chunk: &[&UserId],
    answers: Vec<UserChannels>,
) -> Vec<Option<Vec<ChannelRelationship>>> {
    let by_id: HashMap<String, Vec<ChannelRelationship>> = answers
        .into_iter()
        .map(|answer| (answer.user_id, answer.channels))
        .collect();
    // A user twice in one chunk gets the same answer twice.
    chunk
        .iter()
        .map(|user| by_id.get(&user.digits).cloned())
        .collect()
}

/// The error for a user Kakao's `/channels/multi` answer left out.
pub fn missing_user_error() -> Error {
    Error::new(
        ErrorCode::InvalidResponse,
        "Kakao's /v2/api/talk/channels/multi answer had no entry for this user (not linked to \
         the app, or withdrawn): check the user alone with checkRelationship() for Kakao's own \
         error.",
    )
}

/// One user's result (api.md `ChannelRelationships`, with the ID as the caller gave it).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminRelationships {
    /// The caller's ID, as given.
    pub user_id: UserId,
    /// The channels; empty when the lookup failed (see the result's `error`).
    pub channels: Vec<ChannelRelationship>,
}

pub use super::http::Retry;

/// Each distinct user ID once, first occurrence first (the same digits are the same user,
/// whether given as a number or a string), and for each input the index of its distinct ID: Kakao
/// is asked once per user, and every occurrence gets that answer.
pub fn distinct_users<'a>(
    users: impl IntoIterator<Item = &'a UserId>,
) -> (Vec<&'a UserId>, Vec<usize>) {
    let mut seen: HashMap<&'a str, usize> = HashMap::new();
    let mut distinct = Vec::new();
    let slots = users
        .into_iter()
        .map(|user| {
            *seen.entry(user.digits()).or_insert_with(|| {
                distinct.push(user);
                distinct.len() - 1
            })
        })
        .collect();
    (distinct, slots)
}

/// Classifies an answer (`status` 0 = none came).
pub fn classify(status: u16, body: Option<&Value>) -> Retry {
    let code = body.and_then(|b| b.get("code")).and_then(Value::as_i64);
    match (status, code) {
        (429, _) | (_, Some(-10)) if !is_success(status) => Retry::RateLimited,
        (0, _) => Retry::Transient,
        (s, _) if s >= 500 => Retry::Transient,
        (s, Some(-1 | -7)) if !is_success(s) => Retry::Transient,
        _ => Retry::No,
    }
}

/// `Retry-After` in milliseconds from now: delta-seconds (`"3"`) or an HTTP date
/// (`"Sun, 06 Nov 1994 08:49:37 GMT"`, compared with `now_ms`, the Unix time in ms).
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(
            value
                .parse::<u64>()
                .unwrap_or(u64::MAX)
                .saturating_mul(1000),
        );
    }
    let at = parse_http_date(value)?;
    let wait = at as f64 - now_ms;
    Some(if wait.is_finite() && wait > 0.0 {
        wait as u64
    } else {
        0
    })
}

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) → Unix time in ms.
fn parse_http_date(value: &str) -> Option<i64> {
    let mut parts = value.split_ascii_whitespace();
    let _weekday = parts.next()?;
    let day: i64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':');
    let (h, m, s): (i64, i64, i64) = (
        hms.next()?.parse().ok()?,
        hms.next()?.parse().ok()?,
        hms.next()?.parse().ok()?,
    );
    // An IMF-fixdate has a four-digit year and two-digit fields: anything else (a year of
    // 10^12, a negative hour) is not a date, and would overflow the arithmetic below.
    if parts.next()? != "GMT"
        || !(1..=31).contains(&day)
        || !(1..=9999).contains(&year)
        || !(0..=23).contains(&h)
        || !(0..=59).contains(&m)
        || !(0..=60).contains(&s)
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 24 + h) * 60 + m) * 60_000 + s * 1000)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The admin calls' retry policy with `retries` retries: exponential back-off from
/// [`BACKOFF_BASE_MS`], jittered to between half and all of it, capped at [`BACKOFF_MAX_MS`];
/// rate limits retried, never sooner than `Retry-After`, and not at all past
/// [`MAX_RETRY_AFTER_MS`].
pub fn admin_retry(retries: u32) -> RetryPolicy {
    RetryPolicy {
        retries,
        base_ms: BACKOFF_BASE_MS,
        max_ms: BACKOFF_MAX_MS,
        jitter: (0.5, 1.0),
        retry_rate_limits: true,
        max_retry_after_ms: MAX_RETRY_AFTER_MS,
        timeout: TimeoutScope::EachAttempt,
    }
}

/// [`retry_wait`] under [`admin_retry`] for a retryable answer: the wait before retry number
/// `attempt + 1`, or `None` when `retries` are used up or Kakao asks for a wait longer than
/// [`MAX_RETRY_AFTER_MS`].
pub fn backoff_delay(
    attempt: u32,
    retries: u32,
    retry_after_ms: Option<u64>,
    random: f64,
) -> Option<u32> {
    retry_wait(
        &admin_retry(retries),
        attempt,
        Retry::Transient,
        retry_after_ms,
        random,
    )
}

#[cfg(test)]
#[path = "admin_tests.rs"]
mod tests;
