//! Talking to Kakao's REST API, minus the I/O: error-body mapping (kakao-protocol.md §5.4), the
//! retry policy, and the errors for requests that got no answer. The JS layer runs `fetch`; every
//! decision about what an answer means is made here.

use super::error::{quote_input, Error, ErrorCode, KakaoCode};
use super::text::{cat, contains, find, push_int};
use super::value::JsonValue;

/// An HTTP method the SDK uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
}

impl Method {
    /// `GET` / `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A request, described: the boundary sends exactly this (through gloo-net), with credentials
/// omitted and fetch's default cache mode (Kakao's own no-cache request headers are in
/// `headers`, see [`kapi_headers`]). Secrets live only in `headers` or `body`, never in `url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSpec {
    /// The method.
    pub method: Method,
    /// The full URL.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(&'static str, String)>,
    /// A form body (`application/x-www-form-urlencoded`), if any.
    pub body: Option<String>,
}

/// The headers every browser request to Kakao's REST API (kapi) carries, in the order Kakao's SDK
/// 2.7.4 sends them (kakao-protocol.md §10.3, §10.6): `Authorization`, `KA`, `Cache-Control`,
/// `Pragma`, and `Content-Type: application/x-www-form-urlencoded` on every request, GET included.
/// These requests carry `Authorization`, so they are preflighted anyway; kapi's CORS policy
/// allows all of these, so they cost no extra round trip.
pub fn kapi_headers(authorization: String, ka: &str) -> Vec<(&'static str, String)> {
    vec![
        ("Authorization", authorization),
        ("KA", ka.to_owned()),
        (
            "Cache-Control",
            "no-cache, no-store, max-age=0, must-revalidate".to_owned(),
        ),
        ("Pragma", "no-cache".to_owned()),
        ("Content-Type", FORM_CONTENT_TYPE.to_owned()),
    ]
}

/// The content type of Kakao's form bodies.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Is `status` a 2xx success?
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// Why a request got no HTTP answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// `fetch` failed: offline, DNS, CORS, an ad blocker.
    Network,
    /// No answer within the caller's `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
}

/// The error for a request that got no answer.
pub fn transport_error(kind: Transport, timeout_ms: u32) -> Error {
    match kind {
        Transport::Network => Error::new(
            ErrorCode::Network,
            "The request to Kakao's API got no HTTP answer (offline, blocked by CORS or an ad \
             blocker). If it fails on every call, check that this page's origin is registered \
             under Kakao Developers → App → Platform → Web (JavaScript SDK domain).",
        ),
        Transport::Timeout => {
            let mut message = String::from("Kakao's API did not answer within ");
            push_int(&mut message, i64::from(timeout_ms));
            message.push_str(" ms. Try again later, or raise timeoutMs.");
            Error::new(ErrorCode::Timeout, message)
        }
        Transport::Aborted => Error::new(
            ErrorCode::Aborted,
            "The request was aborted by the AbortSignal passed in the options.",
        ),
    }
}

/// Should a failed request be tried again?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// No: the answer is final.
    No,
    /// A network failure, a timeout, an HTTP 5xx or Kakao's "internal error, retry" (-1, -7).
    Transient,
    /// HTTP 429 or Kakao's -10.
    RateLimited,
}

impl Retry {
    /// The class of an answer from its status alone (`0` = none came): no answer or a 5xx is
    /// transient, anything else final. The admin calls read Kakao's body too (`admin::classify`).
    pub fn of_status(status: u16) -> Retry {
        if status == 0 || status >= 500 {
            Retry::Transient
        } else {
            Retry::No
        }
    }
}

/// A retry policy, as data: the browser's calls and the server's differ only in these numbers,
/// and [`retry_wait`] is the one decision for both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub retries: u32,
    /// The first wait before jitter, doubled on each retry up to `max_ms`.
    pub base_ms: u32,
    /// The longest wait before jitter.
    pub max_ms: u32,
    /// The jitter: the wait is between `.0` and `.1` times the doubled wait, by `random`.
    pub jitter: (f64, f64),
    /// Whether rate limits are retried (waiting at least `Retry-After`).
    pub retry_rate_limits: bool,
    /// A `Retry-After` longer than this is not waited out.
    pub max_retry_after_ms: u64,
    /// What the call's timeout bounds: the whole call (the browser's `timeoutMs`) or each
    /// attempt (the admin's, whose timed-out attempts are retried).
    pub timeout: TimeoutScope,
}

/// What a request's timeout bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutScope {
    /// The whole call, retries and waits included: when it runs out the call fails with
    /// `TIMEOUT`, without another attempt.
    WholeCall,
    /// Each attempt on its own: a timed-out attempt counts as transient and may be retried.
    EachAttempt,
}

/// The class of an attempt that got no HTTP answer of kind `kind`, or `None` when the call ends
/// there: the caller aborted, or the whole call's time ran out.
pub fn no_answer(policy: &RetryPolicy, kind: Transport) -> Option<Retry> {
    match (kind, policy.timeout) {
        (Transport::Aborted, _) | (Transport::Timeout, TimeoutScope::WholeCall) => None,
        (Transport::Network | Transport::Timeout, _) => Some(Retry::Transient),
    }
}

/// The browser's calls: one retry, after 200–500 ms, when the first attempt got no answer or an
/// HTTP 5xx. Never after a 4xx or a rate limit, never twice.
pub const BROWSER_RETRY: RetryPolicy = RetryPolicy {
    retries: 1,
    base_ms: 200,
    max_ms: 200,
    jitter: (1.0, 2.5),
    retry_rate_limits: false,
    max_retry_after_ms: 0,
    timeout: TimeoutScope::WholeCall,
};

/// The wait before retry number `attempt + 1` (`attempt` retries done so far) of an answer of
/// `class` under `policy`, or `None`: final answer, retries used up, a rate limit the policy does
/// not retry, or a `Retry-After` longer than the policy waits. Exponential back-off from
/// `base_ms`, capped at `max_ms`, jittered by `random` ∈ [0, 1) (NaN counts as 0.5); never shorter
/// than `Retry-After`.
pub fn retry_wait(
    policy: &RetryPolicy,
    attempt: u32,
    class: Retry,
    retry_after_ms: Option<u64>,
    random: f64,
) -> Option<u32> {
    match class {
        Retry::No => return None,
        Retry::RateLimited if !policy.retry_rate_limits => return None,
        Retry::Transient | Retry::RateLimited => {}
    }
    if attempt >= policy.retries {
        return None;
    }
    let full = u64::from(policy.base_ms)
        .saturating_mul(1u64 << attempt.min(20))
        .min(u64::from(policy.max_ms)) as f64;
    let r = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let (low, high) = policy.jitter;
    let mut wait = (full * low + full * (high - low) * r) as u64;
    if let Some(after) = retry_after_ms {
        if after > policy.max_retry_after_ms {
            return None;
        }
        wait = wait.max(after);
    }
    Some(u32::try_from(wait).unwrap_or(u32::MAX))
}

/// What [`redact`] puts in place of a secret.
const REDACTED: &str = "[redacted]";

/// Replaces `secret` (a token or key) in text Kakao sent back, should it ever echo it.
pub fn redact(text: &str, secret: &str) -> String {
    if secret.len() < 4 {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = find(rest, secret) {
        out.push_str(rest.get(..at).unwrap_or_default());
        out.push_str(REDACTED);
        rest = rest.get(at + secret.len()..).unwrap_or_default();
    }
    out.push_str(rest);
    if contains(&out, secret) {
        // A secret such as `d]ab` re-forms across a marker and the text beside it: hide it all.
        return if contains(REDACTED, secret) {
            String::new()
        } else {
            REDACTED.to_owned()
        };
    }
    out
}

/// `INVALID_RESPONSE` for an answer that is not the JSON Kakao documents.
pub fn invalid_response(status: u16, what: &str) -> Error {
    let mut message = String::from("Kakao's answer (HTTP ");
    push_int(&mut message, i64::from(status));
    message.push_str(") was not the JSON Kakao documents: ");
    message.push_str(what);
    message.push_str(
        ". A proxy, a captive portal or a wrong hosts.api is the usual cause; if not, report it.",
    );
    Error::new(ErrorCode::InvalidResponse, message).with_status(status)
}

/// Maps a non-2xx answer (`{"code": …, "msg": …}`, as the platform's JSON parser read it; `None`
/// when the body was not JSON) to an error with Kakao's details and a message that says what to
/// do. Text Kakao sent is quoted (truncated) with `secret` redacted.
pub fn api_error<J: JsonValue>(status: u16, body: Option<&J>, secret: &str) -> Error {
    api_error_as(status, body, secret, Credential::AccessToken)
}

/// What authenticated the request: decides the advice for -401 and -10.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// A user's access token (`Authorization: Bearer …`), from a page.
    AccessToken,
    /// The app's admin key (`Authorization: KakaoAK …`), from a server.
    AdminKey,
}

/// [`api_error`] for requests made with `credential`.
pub fn api_error_as<J: JsonValue>(
    status: u16,
    body: Option<&J>,
    secret: &str,
    credential: Credential,
) -> Error {
    let admin = credential == Credential::AdminKey;
    let code = body.and_then(|d| d.int_at("code"));
    let Some(code) = code else {
        if status == 429 {
            return Error::new(
                ErrorCode::RateLimited,
                "Kakao answered HTTP 429 (too many requests). Back off and retry later.",
            )
            .with_status(status);
        }
        if status >= 500 {
            let mut message = String::from("Kakao's API answered HTTP ");
            push_int(&mut message, i64::from(status));
            message.push_str(
                " without its error JSON: a failure at Kakao or at a proxy in between. Try \
                 again later.",
            );
            return Error::new(ErrorCode::InvalidResponse, message).with_status(status);
        }
        return invalid_response(status, "an error without Kakao's {code, msg} body");
    };
    let msg = body.and_then(|d| d.string_at("msg")).unwrap_or_default();
    let quoted = quote_input(&redact(&msg, secret), 120);
    let mut number = String::new();
    push_int(&mut number, code);
    let said = cat(&["Kakao answered ", &number, " ", &quoted, ". "]);
    let (error_code, advice): (ErrorCode, &str) = match admin_advice(admin, code) {
        Some(found) => found,
        None => general_advice(code, &msg),
    };
    let error_code = if status == 429 {
        ErrorCode::RateLimited
    } else {
        error_code
    };
    let mut error = Error::new(error_code, cat(&[&said, advice]))
        .with_status(status)
        .with_kakao_code(KakaoCode::Number(code));
    if error_code == ErrorCode::ConsentRequired {
        let mut scopes: Vec<String> = body
            .and_then(|d| d.member("required_scopes"))
            .and_then(|s| s.elements())
            .unwrap_or_default()
            .iter()
            .filter_map(JsonValue::string)
            .collect();
        if scopes.is_empty() {
            scopes.push("plusfriends".to_owned());
        }
        error = error.with_required_scopes(scopes);
    }
    error
}

/// What to do about Kakao's `code`, for any caller.
fn general_advice(code: i64, msg: &str) -> (ErrorCode, &'static str) {
    match code {
        -401 if contains(msg, "domain mismatched") => (
            ErrorCode::InvalidToken,
            "Kakao checks the calling page: register this page's exact origin under Kakao \
             Developers → App → Platform → Web (JavaScript SDK domain); localhost and 127.0.0.1 \
             are different origins.",
        ),
        -401 => (
            ErrorCode::InvalidToken,
            "The access token is invalid or expired: log the user in again (or refresh the \
             token) and retry.",
        ),
        -402 => (
            ErrorCode::ConsentRequired,
            "The user has not agreed to the consent items in requiredScopes (plusfriends: \
             'Kakao Talk Channel addition status and details'). Ask for them with Kakao Login \
             (authorize with scope=plusfriends), then retry with the new token.",
        ),
        -10 => (
            ErrorCode::RateLimited,
            "Kakao's API quota is exhausted. Back off, and cache relationship results instead \
             of asking on every page view.",
        ),
        -3 => (
            ErrorCode::KakaoApi,
            "A required console setting is off: enable the consent item and the Kakao Talk \
             Channel settings of the app in Kakao Developers.",
        ),
        -819 => (
            ErrorCode::KakaoApi,
            "The channel is not connected to this app: connect it in Kakao Developers → App → \
             Kakao Talk Channel (the app and the channel need the same business registration).",
        ),
        -541 | -544 => (
            ErrorCode::KakaoApi,
            "The channel does not exist or is banned: check the channel public ID.",
        ),
        _ => (
            ErrorCode::KakaoApi,
            "See Kakao's REST API error codes for this code.",
        ),
    }
}

/// What to do about Kakao's `code` on an admin-key request (server build only: the browser
/// module carries none of these texts).
#[cfg(feature = "admin")]
fn admin_advice(admin: bool, code: i64) -> Option<(ErrorCode, &'static str)> {
    if !admin {
        return None;
    }
    Some(match code {
        -401 => (
            ErrorCode::InvalidToken,
            "The admin key was refused: pass the app's Admin key (Kakao Developers → App → App \
             Keys → Admin key), not its REST API or JavaScript key, and check it was not \
             reissued.",
        ),
        -10 => (
            ErrorCode::RateLimited,
            "Kakao's rate limit or quota was hit and the SDK's retries with back-off did not \
             get through: lower `concurrency`, retry later, or check the app's quota in Kakao \
             Developers.",
        ),
        -816 => (
            ErrorCode::KakaoApi,
            "Kakao does not know this customer file ID for this channel: list the channel's \
             files with listCustomerFiles() and use one of their fileId values.",
        ),
        -817 => (
            ErrorCode::KakaoApi,
            "The channel already has a customer file with this name (or the name is not \
             allowed): choose another fileName.",
        ),
        -818 => (
            ErrorCode::KakaoApi,
            "The channel already has 30 customer files (Partner Center uploads count too): \
             delete one in Kakao Talk Channel Partner Center, then retry.",
        ),
        -101 => (
            ErrorCode::KakaoApi,
            "The user is not linked to this app: only users who logged in with Kakao Login \
             to this app can be looked up by user ID.",
        ),
        _ => return None,
    })
}

#[cfg(not(feature = "admin"))]
fn admin_advice(_admin: bool, _code: i64) -> Option<(ErrorCode, &'static str)> {
    None
}

#[cfg(test)]
#[path = "http_tests.rs"]
mod tests;
