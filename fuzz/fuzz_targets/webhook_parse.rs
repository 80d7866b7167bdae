//! The webhook body parser: `webhook::parse_event` (and `webhook::verify` with the right key).
//!
//! Input: the `X-Kakao-Resource-ID` header on the first line (`-` for none), then the raw body.
//!
//! Invariants: no panic and no stall (linear-time parsing, nesting limited); an accepted event
//! has a valid channel public ID, a non-empty bounded `id`, bounded `channel_uuid`, `updated_at`
//! and `account_id`, a resource ID only when the header was non-empty and bounded, and
//! serialises; a leading BOM changes nothing; `verify` with the right key is `parse_event`;
//! refusals are `INVALID_WEBHOOK` with a clean bounded message.
#![no_main]

use kakao_channel_core::webhook::{parse_event, rfc3339_from_unix, verify, Authorization};
use kakao_channel_core::ErrorCode;
use kakao_channel_fuzz::{assert_clean, first_line, is_safe_channel_id, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let (resource, body) = first_line(&input);
    let resource_id = (resource != "-").then(|| resource.to_owned());
    let got = parse_event(body, resource_id.clone());
    match &got {
        Ok(event) => {
            assert!(is_safe_channel_id(&event.channel_public_id), "{event:?}");
            assert!(!event.id.is_empty() && event.id.len() <= 256);
            assert!(event.channel_uuid.len() <= 256);
            assert!(!event.updated_at.is_empty() && event.updated_at.len() <= 64);
            assert!(event.account_id.as_ref().is_none_or(|a| a.len() <= 64));
            match &event.resource_id {
                Some(r) => {
                    assert!(!r.is_empty() && r.len() <= 256);
                    assert_eq!(Some(r), resource_id.as_ref());
                }
                None => assert!(resource_id
                    .as_ref()
                    .is_none_or(|r| r.is_empty() || r.len() > 256)),
            }
            let json = serde_json::to_value(event).expect("serialises");
            assert!(matches!(json["event"].as_str(), Some("added" | "blocked")));
            assert!(matches!(
                json["idType"].as_str(),
                Some("app_user_id" | "open_id")
            ));
        }
        Err(err) => {
            assert_eq!(err.code(), ErrorCode::InvalidWebhook);
            assert_clean(err);
        }
    }
    if !body.starts_with('\u{feff}') {
        let with_bom = format!("\u{feff}{body}");
        assert_eq!(parse_event(&with_bom, resource_id.clone()), got);
    }
    let header = Authorization::Value("KakaoAK fuzz-admin-key-1".to_owned());
    assert_eq!(verify(&header, "fuzz-admin-key-1", body, resource_id), got);

    // The timestamp converter on the body read as a number, when it is one.
    if let Ok(n) = body.trim().parse::<f64>() {
        if let Some(t) = rfc3339_from_unix(n) {
            assert_eq!(t.len(), 20, "{t}");
            assert!(t.ends_with('Z'));
        }
    }
});
