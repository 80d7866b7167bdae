//! Tests of `follow.rs` (kept beside it, in their own file, so each stays readable).

use super::*;
use crate::id::parse_channel_id;
use crate::value::testing::parse;
use serde_json::Value;

const APPS: &str = "https://apps.kakao.com";
const PAGE: &str = "https://shop.example";

fn tid() -> String {
    "A".repeat(59) + "z"
}

fn expected(t: &str, ios_kakaotalk: bool) -> Expected<'_> {
    Expected {
        apps_origin: APPS,
        page_origin: ios_kakaotalk.then_some(PAGE),
        trans_id: t,
    }
}

#[test]
fn trans_ids_are_60_url_safe_characters_without_bias() {
    let bytes: Vec<u8> = (0..=255).collect();
    let id = trans_id(&bytes).unwrap();
    assert_eq!(id.len(), TRANS_ID_LEN);
    assert!(is_trans_id(&id));
    assert!(id.starts_with("ABCDEFGHIJ"));
    let tail: Vec<u8> = (62..66).collect();
    assert_eq!(trans_id(&tail.repeat(15)).unwrap(), "-._~".repeat(15));
    assert_eq!(trans_id(&[0u8; 59]), None, "too few bytes");
    assert_eq!(trans_id(&[200u8; 200]), None, "biased bytes are skipped");
    assert!(!is_trans_id("abc"));
    assert!(!is_trans_id(&("A".repeat(59) + "/")));
    assert!(is_trans_id(&("A".repeat(59) + "~")));
}

#[test]
fn urls_are_exact() {
    let id = parse_channel_id("_ZeUTxl").unwrap();
    assert_eq!(
        follow_url(APPS, "key", &id, "sdk/1 os/javascript", &tid(), None),
        format!(
            "https://apps.kakao.com/talk/channel/follow?trans_id={}&app_key=key\
             &ka=sdk%2F1%20os%2Fjavascript&channel_public_id=_ZeUTxl",
            tid()
        )
    );
    assert!(follow_url(APPS, "key", &id, "ka", &tid(), Some("agt-1"))
        .starts_with("https://apps.kakao.com/talk/channel/follow?agt=agt-1&trans_id="));
    assert_eq!(
        proxy_url(APPS, &tid()),
        format!("https://apps.kakao.com/proxy?trans_id={}", tid())
    );
    assert_eq!(
        agt_request_body("k", "t o+k"),
        "client_id=k&access_token=t%20o%2Bk"
    );
    assert_eq!(
        agt_url("https://kauth.kakao.com"),
        "https://kauth.kakao.com/api/agt"
    );
    let req = agt_request("https://kauth.kakao.com", "k", "tok");
    assert_eq!(req.method, Method::Post);
    assert_eq!(
        req.headers,
        vec![("Content-Type", AGT_CONTENT_TYPE.to_owned())]
    );
    assert_eq!(req.body.as_deref(), Some("client_id=k&access_token=tok"));
    assert!(!req.url.contains("tok"));
    assert_eq!(
        error_page_url(APPS, ErrorPage::Auth, "t", "k", "a b"),
        "https://apps.kakao.com/error/auth?trans_id=t&app_key=k&ka=a%20b"
    );
    assert_eq!(
        error_page_url(APPS, ErrorPage::Server, "t", "k", "a"),
        "https://apps.kakao.com/error/server-error?trans_id=t&app_key=k&ka=a"
    );
}

fn agt(status: u16, body: &str) -> core::result::Result<String, AgtFailure> {
    decode_agt(status, parse(body).as_ref(), "tok")
}

#[test]
fn agt_answers() {
    assert_eq!(agt(200, r#"{"agt":"agt-123"}"#).unwrap(), "agt-123");
    let err = agt(401, r#"{"error":"invalid_token"}"#).unwrap_err();
    assert_eq!(err.error.code(), ErrorCode::InvalidToken);
    assert_eq!(err.page, ErrorPage::Server);
    let err = agt(400, r#"{"error":"invalid_request","error_code":"KOE002"}"#).unwrap_err();
    assert_eq!(err.page, ErrorPage::Auth);
    assert_eq!(err.error.status(), Some(400));
    let err = agt(401, r#"{"error":"invalid_client"}"#).unwrap_err();
    assert_eq!(
        (err.error.code(), err.page),
        (ErrorCode::InvalidToken, ErrorPage::Auth)
    );
    for (status, body) in [
        (200, "{}"),
        (200, r#"{"agt":""}"#),
        (200, "x"),
        (500, "<html>"),
    ] {
        let err = agt(status, body).unwrap_err();
        assert_eq!(err.error.code(), ErrorCode::InvalidResponse, "{body}");
        assert_eq!(err.page, ErrorPage::Server);
    }
    assert_eq!(agt_unreachable().error.code(), ErrorCode::Network);
}

fn judge(origin: &str, sender: Sender, data: &str, ios_kakaotalk: bool) -> MessageVerdict {
    let t = tid();
    judge_message(
        origin,
        sender,
        parse(data).as_ref(),
        &expected(&t, ios_kakaotalk),
    )
}

#[test]
fn answers_from_the_relay_frame_or_the_follow_window() {
    let t = tid();
    let ok = format!(r#"{{"status":"success","channel_public_id":"_ZeUTxl","trans_id":"{t}"}}"#);
    for sender in [Sender::OwnFrame, Sender::OwnWindow] {
        assert_eq!(
            judge(APPS, sender, &ok, false),
            MessageVerdict::Answer(FollowStatus::Success)
        );
    }
    assert_eq!(
        judge(APPS, Sender::Other, &ok, false),
        MessageVerdict::Ignore
    );
    assert_eq!(
        judge(APPS, Sender::OwnFrame, r#"{"status":"success"}"#, false),
        MessageVerdict::Answer(FollowStatus::Success)
    );
    // Any other status is the user not adding the channel.
    for status in [r#""fail""#, r#""error""#, r#""maybe""#, "5", "null"] {
        let data = format!(r#"{{"status":{status},"channel_public_id":"_x"}}"#);
        assert_eq!(
            judge(APPS, Sender::OwnFrame, &data, false),
            MessageVerdict::Answer(FollowStatus::Fail),
            "{status}"
        );
    }
}

#[test]
fn the_page_origin_counts_only_on_ios_inside_kakaotalk() {
    let ok = r#"{"status":"success"}"#;
    assert_eq!(
        judge(PAGE, Sender::OwnWindow, ok, false),
        MessageVerdict::Ignore
    );
    assert_eq!(
        judge(PAGE, Sender::OwnWindow, ok, true),
        MessageVerdict::Answer(FollowStatus::Success)
    );
    assert_eq!(judge(PAGE, Sender::Other, ok, true), MessageVerdict::Ignore);
    // The page's own window, as Kakao's SDK 2.7.4 accepts it: only there, only from the
    // page's origin, with this call's trans_id or none.
    assert_eq!(
        judge(PAGE, Sender::PageWindow, ok, true),
        MessageVerdict::Answer(FollowStatus::Success)
    );
    assert_eq!(
        judge(PAGE, Sender::PageWindow, ok, false),
        MessageVerdict::Ignore
    );
    assert_eq!(
        judge(APPS, Sender::PageWindow, ok, true),
        MessageVerdict::Ignore
    );
    let mine = format!(r#"{{"status":"fail","trans_id":"{}"}}"#, tid());
    assert_eq!(
        judge(PAGE, Sender::PageWindow, &mine, true),
        MessageVerdict::Answer(FollowStatus::Fail)
    );
    let theirs = r#"{"status":"success","trans_id":"someone-else"}"#;
    assert_eq!(
        judge(PAGE, Sender::PageWindow, theirs, true),
        MessageVerdict::Ignore
    );
}

#[test]
fn foreign_or_empty_messages_are_ignored() {
    let t = tid();
    let ok = format!(r#"{{"status":"success","trans_id":"{t}"}}"#);
    for origin in [
        "https://evil.example",
        "https://apps.kakao.com.evil",
        "null",
        "",
    ] {
        assert_eq!(
            judge(origin, Sender::OwnFrame, &ok, false),
            MessageVerdict::Ignore
        );
    }
    let expected = expected(&t, false);
    assert_eq!(
        judge_message::<Value>(APPS, Sender::OwnFrame, None, &expected),
        MessageVerdict::Ignore
    );
    for data in [
        "{}",
        "[1,2]",
        "\"success\"",
        r#"{"status":"success","trans_id":"other"}"#,
        r#"{"status":"success","trans_id":5}"#,
        r#"{"error_code":"KAE005","trans_id":"other"}"#,
        r#"{"channel_public_id":"_x"}"#,
    ] {
        assert_eq!(
            judge(APPS, Sender::OwnFrame, data, false),
            MessageVerdict::Ignore,
            "{data}"
        );
    }
}

#[test]
fn kakao_errors_reject() {
    let t = tid();
    for code in ["KAE001", "KAE005", "KAE007", "KAE105", "KAE201", "KAE999"] {
        let data = format!(r#"{{"error_code":"{code}","error_msg":"x","trans_id":"{t}"}}"#);
        let MessageVerdict::Failed(err) = judge(APPS, Sender::OwnFrame, &data, false) else {
            panic!("{code}: not a failure");
        };
        assert_eq!(err.code(), ErrorCode::FollowFailed);
        assert_eq!(err.kakao_code(), Some(&KakaoCode::Text(code.to_owned())));
        assert!(err.message().contains(code));
    }
    let MessageVerdict::Failed(err) = judge(
        APPS,
        Sender::OwnWindow,
        r#"{"code":-401,"msg":"invalid token"}"#,
        false,
    ) else {
        panic!("-401 is an error");
    };
    assert_eq!(err.code(), ErrorCode::InvalidToken);
    assert_eq!(err.kakao_code(), Some(&KakaoCode::Number(-401)));
    let MessageVerdict::Failed(err) = judge(APPS, Sender::OwnFrame, r#"{"code":-500}"#, false)
    else {
        panic!("code is an error");
    };
    assert_eq!(err.code(), ErrorCode::FollowFailed);
    assert_eq!(err.kakao_code(), Some(&KakaoCode::Number(-500)));
    let MessageVerdict::Failed(err) = judge(
        APPS,
        Sender::OwnFrame,
        r#"{"code":"KAE004","status":"success"}"#,
        false,
    ) else {
        panic!("a code wins over a status");
    };
    assert_eq!(err.kakao_code(), Some(&KakaoCode::Text("KAE004".into())));
}

#[test]
fn results_serialise_as_the_api_says() {
    let result = FollowChannelResult {
        channel_public_id: "_ZeUTxl".into(),
        status: FollowStatus::Closed,
    };
    assert_eq!(
        serde_json::to_string(&result).unwrap(),
        r#"{"channelPublicId":"_ZeUTxl","status":"closed"}"#
    );
}

#[test]
fn errors_and_timeouts() {
    let err = unsupported_browser();
    assert_eq!(err.code(), ErrorCode::UnsupportedEnvironment);
    assert_eq!(err.kakao_code(), Some(&KakaoCode::Text("KAE007".into())));
    assert_eq!(popup_blocked().code(), ErrorCode::PopupBlocked);
    assert!(follow_timeout(1500).message().contains("1500 ms"));
    assert_eq!(validate_timeout("f", None, 7).unwrap(), 7);
    assert_eq!(validate_timeout("f", Some(10.0), 7).unwrap(), 10);
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 3e9] {
        assert_eq!(
            validate_timeout("f", Some(bad), 7).unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::super::*;
    use crate::value::testing::parse;
    use proptest::prelude::*;

    fn sender() -> impl Strategy<Value = Sender> {
        prop::sample::select(vec![
            Sender::OwnFrame,
            Sender::OwnWindow,
            Sender::PageWindow,
            Sender::Other,
        ])
    }

    proptest! {
        /// Any message, from anywhere, is judged without panicking; only the apps origin and
        /// our own windows can ever finish the call.
        #[test]
        fn any_message_is_safe(origin in ".{0,40}", from in sender(), data in ".{0,200}") {
            let t = "B".repeat(60);
            let expected = Expected { apps_origin: "https://apps.kakao.com", page_origin: None, trans_id: &t };
            let verdict = judge_message(&origin, from, parse(&data).as_ref(), &expected);
            if origin != "https://apps.kakao.com" || matches!(from, Sender::Other | Sender::PageWindow) {
                prop_assert_eq!(verdict, MessageVerdict::Ignore);
            }
        }

        #[test]
        fn json_like_answers_are_safe(data in r#"[\[\]{}",:0-9a-z_\- ]{0,120}"#) {
            let t = "B".repeat(60);
            let expected = Expected { apps_origin: "a", page_origin: None, trans_id: &t };
            let _ = judge_message("a", Sender::OwnFrame, parse(&data).as_ref(), &expected);
            let _ = decode_agt(200, parse(&data).as_ref(), "tok");
            let _ = decode_agt(400, parse(&data).as_ref(), "tok");
        }

        #[test]
        fn trans_ids_from_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Some(id) = trans_id(&bytes) {
                prop_assert!(is_trans_id(&id));
            }
        }
    }
}
