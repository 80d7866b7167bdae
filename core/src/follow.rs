//! Follow Channel (kakao-protocol.md §3, as Kakao's JavaScript SDK 2.7.4 does it, §10.1), minus
//! the DOM: the follow, proxy and error-page URLs, the transaction ID, the `agt` exchange, and
//! what each `message` event means. The window, iframe, listener and timers are the boundary's;
//! every decision is here.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::error::{quote_input, Error, ErrorCode, KakaoCode, Result};
use super::http::{api_error, invalid_response, transport_error, Method, RequestSpec, Transport};
use super::id::ChannelId;
use super::text::{cat, push_int};
use super::url::query_string;
use super::value::{as_int, JsonValue};

/// Length of `trans_id` (Kakao's SDK: 60 characters).
pub const TRANS_ID_LEN: usize = 60;
/// Random bytes to pass to [`trans_id`]: enough that running out is practically impossible.
pub const TRANS_ID_RANDOM_BYTES: usize = 128;
/// Default `timeoutMs` of `followChannel`: five minutes for the user to decide.
pub const DEFAULT_TIMEOUT_MS: u32 = 300_000;
/// How often the boundary checks whether the follow window was closed, in ms.
pub const CLOSED_POLL_MS: u32 = 250;
/// How long after the window closed a late answer may still arrive through the relay, in ms.
pub const CLOSED_GRACE_MS: f64 = 400.0;

/// The 66 URL-safe characters Kakao's SDK draws `trans_id` from.
const ALPHABET: &[u8; 66] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/// A 60-character transaction ID over [`ALPHABET`] from CSPRNG bytes (`crypto.getRandomValues`),
/// without modulo bias (bytes ≥ 198 = 3 × 66 are skipped). `None` if the bytes ran out.
pub fn trans_id(random: &[u8]) -> Option<String> {
    let mut id = String::with_capacity(TRANS_ID_LEN);
    for &b in random {
        if id.len() == TRANS_ID_LEN {
            break;
        }
        if b < 198 {
            id.push(char::from(*ALPHABET.get(usize::from(b % 66))?));
        }
    }
    (id.len() == TRANS_ID_LEN).then_some(id)
}

/// Is `s` a transaction ID of ours (60 characters of [`ALPHABET`])?
pub fn is_trans_id(s: &str) -> bool {
    s.len() == TRANS_ID_LEN && s.bytes().all(|b| crate::text::in_set(ALPHABET, b))
}

/// `{apps}/talk/channel/follow?[agt&]trans_id&app_key&ka&channel_public_id`, in the order of
/// Kakao's SDK, every key and value `encodeURIComponent`-encoded.
pub fn follow_url(
    apps: &str,
    app_key: &str,
    id: &ChannelId,
    ka: &str,
    trans_id: &str,
    agt: Option<&str>,
) -> String {
    let mut pairs = Vec::with_capacity(5);
    if let Some(agt) = agt {
        pairs.push(("agt", agt));
    }
    pairs.extend([
        ("trans_id", trans_id),
        ("app_key", app_key),
        ("ka", ka),
        ("channel_public_id", id.as_str()),
    ]);
    cat(&[apps, "/talk/channel/follow?", &query_string(&pairs)])
}

/// The relay iframe: `{apps}/proxy?trans_id=…`.
pub fn proxy_url(apps: &str, trans_id: &str) -> String {
    cat(&[apps, "/proxy?", &query_string(&[("trans_id", trans_id)])])
}

/// `POST {auth}/api/agt`: the URL.
pub fn agt_url(auth: &str) -> String {
    cat(&[auth, "/api/agt"])
}

/// `POST {auth}/api/agt` with this form body (`client_id`, `access_token`). Sent as a CORS simple
/// request (only `Content-Type: application/x-www-form-urlencoded`, no `KA`), as Kakao's SDK does.
pub fn agt_request_body(app_key: &str, access_token: &str) -> String {
    query_string(&[("client_id", app_key), ("access_token", access_token)])
}

/// The content type of the `agt` request: one of the three a CORS simple request may carry.
pub const AGT_CONTENT_TYPE: &str = crate::http::FORM_CONTENT_TYPE;

/// The `agt` exchange as Kakao's SDK sends it: a CORS simple request (form body, only
/// `Content-Type`; no `KA`, which would force a preflight kauth does not answer).
pub fn agt_request(auth: &str, app_key: &str, access_token: &str) -> RequestSpec {
    RequestSpec {
        method: Method::Post,
        url: agt_url(auth),
        headers: vec![("Content-Type", AGT_CONTENT_TYPE.to_owned())],
        body: Some(agt_request_body(app_key, access_token)),
    }
}

/// Kakao's error pages the follow window is sent to when the `agt` exchange fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPage {
    /// `{apps}/error/auth`: Kakao refused the request or the app (`invalid_request`,
    /// `invalid_client`).
    Auth,
    /// `{apps}/error/server-error`: anything else.
    Server,
}

/// `{apps}/error/auth` or `{apps}/error/server-error` with `trans_id`, `app_key` and `ka`.
pub fn error_page_url(
    apps: &str,
    page: ErrorPage,
    trans_id: &str,
    app_key: &str,
    ka: &str,
) -> String {
    let path = match page {
        ErrorPage::Auth => "/error/auth?",
        ErrorPage::Server => "/error/server-error?",
    };
    cat(&[
        apps,
        path,
        &query_string(&[("trans_id", trans_id), ("app_key", app_key), ("ka", ka)]),
    ])
}

/// A failed `agt` exchange: the error the promise rejects with, and the page the follow window
/// is sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgtFailure {
    /// What `followChannel` rejects with.
    pub error: Error,
    /// Where the follow window goes.
    pub page: ErrorPage,
}

/// The `agt` request got no HTTP answer: `NETWORK`, and Kakao's server-error page.
pub fn agt_unreachable() -> AgtFailure {
    AgtFailure {
        error: transport_error(Transport::Network, 0),
        page: ErrorPage::Server,
    }
}

/// Decodes the `agt` answer (`{"agt": "…"}`, as the platform's JSON parser read it; `None` when
/// the body was not JSON). A refused token (HTTP 401, or OAuth `invalid_token`) is
/// `INVALID_TOKEN`; anything else goes through Kakao's REST mapping. `secret` is redacted from
/// quoted text.
pub fn decode_agt<J: JsonValue>(
    status: u16,
    body: Option<&J>,
    secret: &str,
) -> core::result::Result<String, AgtFailure> {
    if (200..300).contains(&status) {
        return body
            .and_then(|d| d.string_at("agt"))
            .filter(|agt| !agt.is_empty())
            .ok_or_else(|| AgtFailure {
                error: invalid_response(status, "the agt answer has no agt"),
                page: ErrorPage::Server,
            });
    }
    let oauth = body.and_then(|d| d.string_at("error")).unwrap_or_default();
    let page = match oauth.as_str() {
        "invalid_request" | "invalid_client" => ErrorPage::Auth,
        _ => ErrorPage::Server,
    };
    let error = if status == 401 || oauth == "invalid_token" {
        Error::new(
            ErrorCode::InvalidToken,
            "Kakao refused the access token passed to followChannel: log the user in again, or \
             call followChannel without accessToken to let Kakao's page log them in.",
        )
        .with_status(status)
    } else {
        api_error(status, body, secret)
    };
    Err(AgtFailure { error, page })
}

/// What the user did on Kakao's add-channel screen.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct FollowChannelResult {
    /// The channel, normalised (`_ZeUTxl`).
    pub channel_public_id: String,
    /// `success`: added; `fail`: did not (any other answer Kakao gives); `closed`: closed the
    /// window before Kakao answered.
    #[cfg_attr(feature = "ts", ts(inline))]
    pub status: FollowStatus,
}

/// The user's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename_all = "lowercase"))]
pub enum FollowStatus {
    /// Added the channel (Kakao's `status: success`).
    Success,
    /// Did not (any other status Kakao reports).
    Fail,
    /// Closed the follow window before Kakao answered.
    Closed,
}

impl FollowStatus {
    /// `success`, `fail` or `closed`.
    pub fn as_str(self) -> &'static str {
        match self {
            FollowStatus::Success => "success",
            FollowStatus::Fail => "fail",
            FollowStatus::Closed => "closed",
        }
    }
}

// A map and a string, not a serde struct and a unit variant: see `serialize_as_str!` (lib.rs).
serialize_as_str!(FollowStatus);

impl Serialize for FollowChannelResult {
    fn serialize<S: Serializer>(&self, serializer: S) -> core::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("channelPublicId", &self.channel_public_id)?;
        map.serialize_entry("status", &self.status)?;
        map.end()
    }
}

/// What one `message` event means for this follow call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageVerdict {
    /// Not ours, or not an answer: keep waiting.
    Ignore,
    /// The user's answer.
    Answer(FollowStatus),
    /// Kakao reported an error: reject with it.
    Failed(Error),
}

/// Which window sent a `message` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// This call's relay iframe.
    OwnFrame,
    /// This call's follow window.
    OwnWindow,
    /// The page's own window (`event.source === window`): where Kakao's answer comes from on
    /// iOS inside KakaoTalk, as Kakao's SDK 2.7.4 accepts it (kakao-protocol.md §10.6).
    PageWindow,
    /// Any other window (or none).
    Other,
}

/// What this call accepts messages from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected<'a> {
    /// The apps host's origin, e.g. `https://apps.kakao.com`.
    pub apps_origin: &'a str,
    /// The page's own origin, accepted too on iOS inside KakaoTalk's in-app browser (where
    /// Kakao's answer arrives from it); `None` elsewhere.
    pub page_origin: Option<&'a str>,
    /// This call's transaction ID.
    pub trans_id: &'a str,
}

/// What to do about a `KAE…` code, for the error message.
fn kae_advice(code: &str) -> &'static str {
    match code {
        "KAE001" => "Kakao had an internal error; try again.",
        "KAE003" | "KAE002" => "The request was malformed; check the channel ID and app key.",
        "KAE004" => "The request expired; start followChannel again from a click.",
        "KAE005" => "The channel does not exist: check the channel public ID.",
        "KAE006" => "The channel cannot be added (it is private or locked).",
        "KAE007" => "This browser is not supported for adding channels (e.g. an in-app browser).",
        "KAE104" => "The app key is wrong: pass the JavaScript key to init().",
        "KAE105" => {
            "The channel is not connected to this app: connect it in Kakao Developers → App → \
             Kakao Talk Channel."
        }
        "KAE108" => "The app or its developer is restricted: check Kakao Developers notices.",
        "KAE201" | "KAE202" | "KAE203" | "KAE204" | "KAE205" => {
            "Kakao could not authenticate the user: pass a fresh accessToken, or none."
        }
        _ => "See Kakao's follow-channel error codes.",
    }
}

/// The error for Kakao's `error_code` / `code` answer. Kakao's -401 is `INVALID_TOKEN`; every
/// other code is `FOLLOW_FAILED` with `kakaoCode`.
fn follow_error<J: JsonValue>(doc: &J, code: KakaoCode) -> Error {
    let said = doc
        .string_at("error_msg")
        .or_else(|| doc.string_at("msg"))
        .unwrap_or_default();
    let mut shown = String::new();
    let advice = match &code {
        KakaoCode::Text(text) => {
            shown.push_str(&quote_input(text, 12));
            kae_advice(text)
        }
        KakaoCode::Number(n) => {
            push_int(&mut shown, *n);
            "See Kakao's REST API error codes for this code."
        }
    };
    if code == KakaoCode::Number(-401) {
        return Error::new(
            ErrorCode::InvalidToken,
            cat(&[
                "Kakao's follow-channel page refused the access token (-401 ",
                &quote_input(&said, 80),
                "). Log the user in again, or call followChannel without accessToken.",
            ]),
        )
        .with_kakao_code(code);
    }
    let message = cat(&[
        "Kakao's follow-channel page reported ",
        &shown,
        " ",
        &quote_input(&said, 80),
        ". ",
        advice,
    ]);
    Error::new(ErrorCode::FollowFailed, message).with_kakao_code(code)
}

/// Judges one `message` event for the follow call described by `expected`.
///
/// Only messages from the apps origin (or, on iOS inside KakaoTalk, the page's own origin) sent
/// by this call's relay iframe or its follow window count; on iOS inside KakaoTalk also one the
/// page's own window posted with the page's origin. Only data that is a JSON object
/// (`data` is what the platform's `JSON.parse` made of the event's string data); a payload that
/// names another `trans_id` is not ours. `error_code` or `code` is Kakao's error; any `status`
/// is the user's answer (`success`, or `fail` for anything else); data with neither is ignored.
pub fn judge_message<J: JsonValue>(
    origin: &str,
    sender: Sender,
    data: Option<&J>,
    expected: &Expected<'_>,
) -> MessageVerdict {
    let from_page_origin = Some(origin) == expected.page_origin;
    let counts = match sender {
        Sender::OwnFrame | Sender::OwnWindow => origin == expected.apps_origin || from_page_origin,
        Sender::PageWindow => from_page_origin,
        Sender::Other => false,
    };
    if !counts {
        return MessageVerdict::Ignore;
    }
    let Some(doc) = data else {
        return MessageVerdict::Ignore;
    };
    if let Some(other) = doc.member("trans_id") {
        if other.string().as_deref() != Some(expected.trans_id) {
            return MessageVerdict::Ignore;
        }
    }
    if let Some(code) = doc.string_at("error_code") {
        return MessageVerdict::Failed(follow_error(doc, KakaoCode::Text(code)));
    }
    if let Some(code) = doc.member("code") {
        let code = match (code.number().and_then(as_int), code.string()) {
            (Some(n), _) => KakaoCode::Number(n),
            (None, Some(text)) => KakaoCode::Text(text),
            (None, None) => KakaoCode::Text(String::new()),
        };
        return MessageVerdict::Failed(follow_error(doc, code));
    }
    match doc.member("status") {
        None => MessageVerdict::Ignore,
        Some(status) if status.string().as_deref() == Some("success") => {
            MessageVerdict::Answer(FollowStatus::Success)
        }
        Some(_) => MessageVerdict::Answer(FollowStatus::Fail),
    }
}

/// `UNSUPPORTED_ENVIRONMENT` (with Kakao's `KAE007`) for the in-app browsers Kakao's page refuses
/// (Instagram, Facebook, Threads); raised before anything opens.
pub fn unsupported_browser() -> Error {
    Error::new(
        ErrorCode::UnsupportedEnvironment,
        "followChannel does not work in Instagram, Facebook or Threads in-app browsers (Kakao \
         answers KAE007). Ask the user to open the page in their browser, or use addChannel().",
    )
    .with_kakao_code(KakaoCode::Text("KAE007".to_owned()))
}

/// `POPUP_BLOCKED` when the follow window could not open.
pub fn popup_blocked() -> Error {
    Error::new(
        ErrorCode::PopupBlocked,
        "The browser blocked the follow-channel window. Call followChannel() directly inside a \
         click handler, with no await before it.",
    )
}

/// `TIMEOUT` when the user did not answer within `timeout_ms`.
pub fn follow_timeout(timeout_ms: u32) -> Error {
    let mut message = String::from("The user did not finish adding the channel within ");
    push_int(&mut message, i64::from(timeout_ms));
    message.push_str(" ms; the follow window was closed. Call followChannel() again.");
    Error::new(ErrorCode::Timeout, message)
}

/// Validates `timeoutMs` (1 ms to 2^31 − 1 ms, what timers accept).
pub fn validate_timeout(function: &str, timeout_ms: Option<f64>, default: u32) -> Result<u32> {
    match timeout_ms {
        None => Ok(default),
        Some(ms) if (1.0..=2_147_483_647.0).contains(&ms) => Ok(ms as u32),
        Some(_) => Err(Error::invalid_argument(cat(&[
            function,
            "(): timeoutMs must be a number of milliseconds between 1 and 2147483647.",
        ]))),
    }
}

#[cfg(test)]
#[path = "follow_tests.rs"]
mod tests;
