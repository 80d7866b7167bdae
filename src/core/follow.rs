//! Follow Channel (kakao-protocol.md §3), minus the DOM: the follow and proxy URLs, the
//! transaction ID, the `agt` exchange, and what each `message` event means. The window, iframe,
//! listener and timers are the boundary's; every decision is here.

use crate::prelude::*;

use super::error::{quote_input, Error, ErrorCode, KakaoCode, Result};
use super::http::{api_error, invalid_response};
use super::id::ChannelId;
use super::json::{self, Json};
use super::text::cat;
use super::url::query_string;

/// Length of `trans_id` (Kakao's web code uses 60 characters of `[A-Za-z0-9]`).
pub const TRANS_ID_LEN: usize = 60;
/// Random bytes to pass to [`trans_id`]: enough that running out is practically impossible.
pub const TRANS_ID_RANDOM_BYTES: usize = 128;

const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A 60-character `[A-Za-z0-9]` transaction ID from CSPRNG bytes (`crypto.getRandomValues`),
/// without modulo bias (bytes ≥ 248 are skipped). `None` if the bytes ran out (then draw again).
pub fn trans_id(random: &[u8]) -> Option<String> {
    let mut id = String::with_capacity(TRANS_ID_LEN);
    for &b in random {
        if id.len() == TRANS_ID_LEN {
            break;
        }
        if b < 248 {
            id.push(char::from(*ALPHABET.get(usize::from(b % 62))?));
        }
    }
    (id.len() == TRANS_ID_LEN).then_some(id)
}

/// Is `s` a transaction ID of ours (60 × `[A-Za-z0-9]`)?
pub fn is_trans_id(s: &str) -> bool {
    s.len() == TRANS_ID_LEN && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `{apps}/talk/channel/follow?app_key&channel_public_id&ka&trans_id[&agt]`.
pub fn follow_url(
    apps: &str,
    app_key: &str,
    id: &ChannelId,
    ka: &str,
    trans_id: &str,
    agt: Option<&str>,
) -> String {
    let mut pairs = alloc::vec![
        ("app_key", app_key),
        ("channel_public_id", id.as_str()),
        ("ka", ka),
        ("trans_id", trans_id),
    ];
    if let Some(agt) = agt {
        pairs.push(("agt", agt));
    }
    cat(&[apps, "/talk/channel/follow?", &query_string(&pairs)])
}

/// The relay iframe: `{apps}/proxy?trans_id=…`.
pub fn proxy_url(apps: &str, trans_id: &str) -> String {
    cat(&[apps, "/proxy?", &query_string(&[("trans_id", trans_id)])])
}

/// `POST {auth}/api/agt` with this form body (`client_id`, `access_token`).
pub fn agt_request_body(app_key: &str, access_token: &str) -> String {
    query_string(&[("client_id", app_key), ("access_token", access_token)])
}

/// Decodes the `agt` answer: `{"agt": "…"}`; an auth error is `INVALID_TOKEN` when the token was
/// refused (HTTP 401), Kakao's REST mapping otherwise. `secret` is redacted from quoted text.
pub fn decode_agt(status: u16, body: &str, secret: &str) -> Result<String> {
    if status == 401 {
        return Err(Error::new(
            ErrorCode::InvalidToken,
            "Kakao refused the access token passed to followChannel (HTTP 401): log the user in \
             again, or call followChannel without accessToken to let Kakao's page log them in.",
        )
        .with_status(status));
    }
    if !(200..300).contains(&status) {
        return Err(api_error(status, body, secret));
    }
    json::parse(body)
        .as_ref()
        .and_then(|d| d.get("agt"))
        .and_then(Json::as_str)
        .filter(|agt| !agt.is_empty())
        .map(ToOwned::to_owned)
        .ok_or_else(|| invalid_response(status, "the agt answer has no agt"))
}

/// What the user did on the follow page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowOutcome {
    /// The user added the channel (`status: success`).
    Success,
    /// The user cancelled (`status: fail`).
    Fail,
    /// Kakao's page reported an error: `FOLLOW_FAILED` with the `KAE…` code.
    Failed(Error),
}

/// What the SDK should do with one `message` event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageVerdict {
    /// Not ours: keep waiting.
    Ignore,
    /// The answer to this follow call.
    Done(FollowOutcome),
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

/// Judges one `message` event for the follow call with `trans_id`.
///
/// Only messages from `apps_origin` sent by this call's own proxy iframe (`from_own_frame`) count,
/// and only string data that parses as JSON; a payload that names another `trans_id` is not
/// ours. `{"error_code": "KAE…"}` is `FOLLOW_FAILED`; `{"status": "success" | "fail"}` is the
/// user's answer; anything else is ignored.
pub fn judge_message(
    origin: &str,
    apps_origin: &str,
    from_own_frame: bool,
    data: Option<&str>,
    trans_id: &str,
) -> MessageVerdict {
    if origin != apps_origin || !from_own_frame {
        return MessageVerdict::Ignore;
    }
    let Some(doc) = data.and_then(json::parse) else {
        return MessageVerdict::Ignore;
    };
    if let Some(other) = doc.get("trans_id") {
        if other.as_str() != Some(trans_id) {
            return MessageVerdict::Ignore;
        }
    }
    if let Some(code) = doc.get("error_code").and_then(Json::as_str) {
        let said = doc
            .get("error_msg")
            .and_then(Json::as_str)
            .unwrap_or_default();
        let message = cat(&[
            "Kakao's follow-channel page reported ",
            &quote_input(code, 12),
            " ",
            &quote_input(said, 80),
            ". ",
            kae_advice(code),
        ]);
        return MessageVerdict::Done(FollowOutcome::Failed(
            Error::new(ErrorCode::FollowFailed, message)
                .with_kakao_code(KakaoCode::Text(code.to_owned())),
        ));
    }
    match doc.get("status").and_then(Json::as_str) {
        Some("success") => MessageVerdict::Done(FollowOutcome::Success),
        Some("fail") => MessageVerdict::Done(FollowOutcome::Fail),
        _ => MessageVerdict::Ignore,
    }
}

/// `UNSUPPORTED_ENVIRONMENT` for Facebook and Instagram in-app browsers, which Kakao's page
/// refuses (KAE007); raised before anything opens.
pub fn unsupported_browser() -> Error {
    Error::new(
        ErrorCode::UnsupportedEnvironment,
        "followChannel does not work in Facebook or Instagram in-app browsers (Kakao answers \
         KAE007). Ask the user to open the page in their browser, or use addChannel().",
    )
}

/// `POPUP_BLOCKED` when the follow window could not open.
pub fn popup_blocked() -> Error {
    Error::new(
        ErrorCode::PopupBlocked,
        "The browser blocked the follow-channel window. Call followChannel() directly inside a \
         click handler, with no await before it.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::id::parse_channel_id;

    const APPS: &str = "https://apps.kakao.com";

    fn tid() -> String {
        "A".repeat(59) + "z"
    }

    #[test]
    fn trans_ids_are_60_alphanumerics_without_bias() {
        let bytes: Vec<u8> = (0..=255).collect();
        let id = trans_id(&bytes).unwrap();
        assert_eq!(id.len(), TRANS_ID_LEN);
        assert!(is_trans_id(&id));
        assert!(id.starts_with("ABCDEFGHIJ"));
        assert_eq!(trans_id(&[0u8; 59]), None, "too few bytes");
        assert_eq!(trans_id(&[250u8; 200]), None, "biased bytes are skipped");
        assert!(!is_trans_id("abc"));
        assert!(!is_trans_id(&("A".repeat(59) + "-")));
    }

    #[test]
    fn urls_are_exact() {
        let id = parse_channel_id("_ZeUTxl").unwrap();
        assert_eq!(
            follow_url(APPS, "key", &id, "sdk/1 os/javascript", &tid(), None),
            format!(
                "https://apps.kakao.com/talk/channel/follow?app_key=key&channel_public_id=_ZeUTxl\
                 &ka=sdk%2F1%20os%2Fjavascript&trans_id={}",
                tid()
            )
        );
        assert!(follow_url(APPS, "key", &id, "ka", &tid(), Some("agt-1")).ends_with("&agt=agt-1"));
        assert_eq!(
            proxy_url(APPS, &tid()),
            format!("https://apps.kakao.com/proxy?trans_id={}", tid())
        );
        assert_eq!(
            agt_request_body("k", "t o+k"),
            "client_id=k&access_token=t%20o%2Bk"
        );
    }

    #[test]
    fn agt_answers() {
        assert_eq!(
            decode_agt(200, r#"{"agt":"agt-123"}"#, "tok").unwrap(),
            "agt-123"
        );
        let err = decode_agt(401, r#"{"error":"invalid_token"}"#, "tok").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidToken);
        assert_eq!(
            decode_agt(200, "{}", "").unwrap_err().code(),
            ErrorCode::InvalidResponse
        );
        assert_eq!(
            decode_agt(200, r#"{"agt":""}"#, "").unwrap_err().code(),
            ErrorCode::InvalidResponse
        );
        assert_eq!(
            decode_agt(500, "<html>", "").unwrap_err().code(),
            ErrorCode::InvalidResponse
        );
    }

    #[test]
    fn message_table() {
        let t = tid();
        let ours = |data: &str| judge_message(APPS, APPS, true, Some(data), &t);
        let ok =
            format!(r#"{{"status":"success","channel_public_id":"_ZeUTxl","trans_id":"{t}"}}"#);
        assert_eq!(ours(&ok), MessageVerdict::Done(FollowOutcome::Success));
        assert_eq!(
            ours(r#"{"status":"success"}"#),
            MessageVerdict::Done(FollowOutcome::Success)
        );
        assert_eq!(
            ours(r#"{"status":"fail","channel_public_id":"_x"}"#),
            MessageVerdict::Done(FollowOutcome::Fail)
        );
        // Not ours, or not an answer: ignored.
        assert_eq!(
            judge_message("https://evil.example", APPS, true, Some(&ok), &t),
            MessageVerdict::Ignore
        );
        assert_eq!(
            judge_message("https://apps.kakao.com.evil", APPS, true, Some(&ok), &t),
            MessageVerdict::Ignore
        );
        assert_eq!(
            judge_message(APPS, APPS, false, Some(&ok), &t),
            MessageVerdict::Ignore
        );
        assert_eq!(
            judge_message(APPS, APPS, true, None, &t),
            MessageVerdict::Ignore
        );
        for data in [
            "",
            "not json",
            "{}",
            r#"{"status":"maybe"}"#,
            r#"{"status":"success","trans_id":"other"}"#,
            r#"{"status":"success","trans_id":5}"#,
            r#"{"error_code":"KAE005","trans_id":"other"}"#,
            "[1,2]",
        ] {
            assert_eq!(ours(data), MessageVerdict::Ignore, "{data}");
        }
        // Kakao errors.
        for code in ["KAE001", "KAE005", "KAE007", "KAE105", "KAE201", "KAE999"] {
            let data = format!(r#"{{"error_code":"{code}","error_msg":"x","trans_id":"{t}"}}"#);
            let MessageVerdict::Done(FollowOutcome::Failed(err)) = ours(&data) else {
                panic!("{code}: not a failure");
            };
            assert_eq!(err.code(), ErrorCode::FollowFailed);
            assert_eq!(err.kakao_code(), Some(&KakaoCode::Text(code.to_owned())));
            assert!(err.message().contains(code));
        }
    }

    #[test]
    fn environment_and_blocked_errors() {
        assert_eq!(
            unsupported_browser().code(),
            ErrorCode::UnsupportedEnvironment
        );
        assert_eq!(popup_blocked().code(), ErrorCode::PopupBlocked);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            /// Any message, from anywhere, is judged without panicking; only the apps origin and
            /// our own frame can ever finish the call.
            #[test]
            fn any_message_is_safe(origin in ".{0,40}", own in any::<bool>(), data in proptest::option::of(".{0,200}")) {
                let t = "B".repeat(60);
                let verdict = judge_message(&origin, "https://apps.kakao.com", own, data.as_deref(), &t);
                if origin != "https://apps.kakao.com" || !own {
                    prop_assert_eq!(verdict, MessageVerdict::Ignore);
                }
            }

            #[test]
            fn trans_ids_from_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
                if let Some(id) = trans_id(&bytes) {
                    prop_assert!(is_trans_id(&id));
                }
            }
        }
    }
}
