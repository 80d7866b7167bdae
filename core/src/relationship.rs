//! The relationship check (kakao-protocol.md §5.1): `GET {api}/v2/api/talk/channels`, described
//! and decoded here; the wasm boundary only sends it (gloo-net) and hands back the answer.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::error::{Error, Result};
use super::http::{api_error, invalid_response, kapi_headers, Method, RequestSpec};
use super::id::ChannelId;
use super::secret::{self, Flaw};
use super::text::cat;
use super::value::JsonValue;

/// Where the user stands with a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename_all = "UPPERCASE"))]
pub enum Relation {
    /// The user added the channel.
    Added,
    /// The user blocked the channel.
    Blocked,
    /// Neither added nor blocked.
    None,
}

impl Relation {
    /// `ADDED`, `BLOCKED` or `NONE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Added => "ADDED",
            Relation::Blocked => "BLOCKED",
            Relation::None => "NONE",
        }
    }

    fn parse(s: &str) -> Option<Relation> {
        match s {
            "ADDED" => Some(Relation::Added),
            "BLOCKED" => Some(Relation::Blocked),
            "NONE" => Some(Relation::None),
            _ => None,
        }
    }
}

/// One channel's relation to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct ChannelRelationship {
    /// `_ZeUTxl`.
    pub channel_public_id: String,
    /// The channel's search ID (`@name`); Kakao calls it `channel_uuid`.
    pub channel_uuid: String,
    /// `ADDED`, `BLOCKED`, or `NONE` (never added nor blocked).
    #[cfg_attr(feature = "ts", ts(inline))]
    pub relation: Relation,
    /// When the relation last changed (RFC 3339), if Kakao says.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub updated_at: Option<String>,
}

/// The answer of `checkRelationship`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct ChannelRelationships {
    /// The user's service user ID.
    // A JavaScript `number` (decoded IDs are within ±2^53); ts-rs would say `bigint` for i64.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub user_id: i64,
    /// Channels connected to the app; empty when the app has none connected.
    pub channels: Vec<ChannelRelationship>,
}

// Maps and strings, not serde structs and unit variants: see `serialize_as_str!` (lib.rs).
serialize_as_str!(Relation);

impl Serialize for ChannelRelationship {
    fn serialize<S: Serializer>(&self, serializer: S) -> core::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("channelPublicId", &self.channel_public_id)?;
        map.serialize_entry("channelUuid", &self.channel_uuid)?;
        map.serialize_entry("relation", &self.relation)?;
        if let Some(at) = &self.updated_at {
            map.serialize_entry("updatedAt", at)?;
        }
        map.end()
    }
}

impl Serialize for ChannelRelationships {
    fn serialize<S: Serializer>(&self, serializer: S) -> core::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        // User IDs cross to JavaScript as `number` (api.md); decoded IDs are within ±2^53, so
        // exact.
        map.serialize_entry("userId", &(self.user_id as f64))?;
        map.serialize_entry("channels", &self.channels)?;
        map.end()
    }
}

/// The most channel IDs one call takes (an app connects a handful; the bound keeps [`dedupe`],
/// which is quadratic, and the URL small).
pub const MAX_CHANNEL_IDS: u32 = 1000;

/// Keeps the first occurrence of each ID, in order. Quadratic: callers bound the list by
/// [`MAX_CHANNEL_IDS`] (a hash set would cost the browser build more bytes than it saves time).
pub fn dedupe(ids: Vec<ChannelId>) -> Vec<ChannelId> {
    let mut out: Vec<ChannelId> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// `{api}/v2/api/talk/channels?channel_ids=_a,_b&channel_id_type=channel_public_id`. Without IDs,
/// `channel_ids` is left out and Kakao answers for every channel connected to the app. IDs are
/// `_` + ASCII letters and digits, so they need no encoding; the comma is Kakao's separator.
pub fn relationship_url(api: &str, ids: &[ChannelId]) -> String {
    let mut url = cat(&[api, "/v2/api/talk/channels?"]);
    push_channel_query(&mut url, ids);
    url
}

/// Appends `channel_ids=_a,_b&channel_id_type=channel_public_id` (without IDs, only
/// `channel_id_type`: every connected channel).
pub(crate) fn push_channel_query(url: &mut String, ids: &[ChannelId]) {
    if !ids.is_empty() {
        url.push_str("channel_ids=");
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                url.push(',');
            }
            url.push_str(id.as_str());
        }
        url.push('&');
    }
    url.push_str("channel_id_type=channel_public_id");
}

/// Default `timeoutMs` of `checkRelationship`.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;

/// The relationship request: `GET` [`relationship_url`] with the token only in
/// `Authorization: Bearer …` and the `KA` header.
pub fn relationship_request(api: &str, ids: &[ChannelId], token: &str, ka: &str) -> RequestSpec {
    RequestSpec {
        method: Method::Get,
        url: relationship_url(api, ids),
        headers: kapi_headers(secret::bearer(token), ka),
        body: None,
    }
}

/// Identical concurrent calls share one request: this key tells them apart (token and URL).
/// It stays in the module's memory; it is never logged or sent.
pub fn coalescing_key(request: &RequestSpec) -> String {
    let mut key = String::new();
    for (name, value) in &request.headers {
        key.push_str(name);
        key.push(':');
        key.push_str(value);
        key.push('\n');
    }
    key.push_str(&request.url);
    key
}

/// An access token fit for an `Authorization` header: non-empty, visible ASCII only (anything
/// else could split the header). The message never repeats the token.
pub fn validate_access_token(token: &str) -> Result<()> {
    match secret::check(token, 4096) {
        Ok(()) => Ok(()),
        Err(Flaw::Missing) => Err(Error::invalid_argument(
            "accessToken is empty: pass the user's Kakao Login access token.",
        )),
        Err(Flaw::Malformed) => Err(Error::invalid_argument(
            "accessToken is not a Kakao access token (it must be visible ASCII characters \
             without spaces). Pass the token Kakao Login returned, not an authorization code.",
        )),
    }
}

/// One element of `channels`; `None` when it lacks a documented field.
pub(crate) fn decode_channel<J: JsonValue>(item: &J) -> Option<ChannelRelationship> {
    let updated_at = match item.member("updated_at") {
        None => None,
        Some(v) if v.is_null() => None,
        Some(v) => Some(v.string()?),
    };
    Some(ChannelRelationship {
        channel_public_id: item.string_at("channel_public_id")?,
        channel_uuid: item.string_at("channel_uuid")?,
        relation: Relation::parse(&item.string_at("relation")?)?,
        updated_at,
    })
}

/// Decodes Kakao's answer (as the platform's JSON parser read it; `None` when the body was not
/// JSON): 2xx → the relationships; anything else → the mapped error (see [`api_error`]).
/// `secret` (the access token) is redacted from any text that is quoted.
pub fn decode_relationships<J: JsonValue>(
    status: u16,
    body: Option<&J>,
    secret: &str,
) -> Result<ChannelRelationships> {
    if !(200..300).contains(&status) {
        return Err(api_error(status, body, secret));
    }
    let doc = body.ok_or_else(|| invalid_response(status, "the body is not JSON"))?;
    let user_id = doc
        .int_at("user_id")
        .ok_or_else(|| invalid_response(status, "user_id is missing or not an integer"))?;
    let items = match doc.member("channels") {
        None => Vec::new(),
        Some(v) if v.is_null() => Vec::new(),
        Some(v) => v
            .elements()
            .ok_or_else(|| invalid_response(status, "channels is not an array"))?,
    };
    let mut channels = Vec::with_capacity(items.len());
    for item in &items {
        channels.push(decode_channel(item).ok_or_else(|| {
            invalid_response(
                status,
                "a channel lacks channel_public_id, channel_uuid or a relation of ADDED, \
                 BLOCKED or NONE",
            )
        })?);
    }
    Ok(ChannelRelationships { user_id, channels })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorCode, KakaoCode};
    use crate::id::parse_channel_id;
    use crate::value::testing::parse;

    /// Decodes a body the way the boundary does: the platform's parser first.
    fn decode_text(status: u16, body: &str, secret: &str) -> Result<ChannelRelationships> {
        decode_relationships(status, parse(body).as_ref(), secret)
    }

    fn ids(list: &[&str]) -> Vec<ChannelId> {
        list.iter().map(|s| parse_channel_id(s).unwrap()).collect()
    }

    #[test]
    fn url_is_exact() {
        assert_eq!(
            relationship_url("https://kapi.kakao.com", &ids(&["_Bxkd", "_RQxl", "_vxfxm"])),
            "https://kapi.kakao.com/v2/api/talk/channels?channel_ids=_Bxkd,_RQxl,_vxfxm&channel_id_type=channel_public_id"
        );
        assert_eq!(
            relationship_url("http://127.0.0.1:9", &[]),
            "http://127.0.0.1:9/v2/api/talk/channels?channel_id_type=channel_public_id"
        );
    }

    #[test]
    fn request_keeps_the_token_out_of_the_url() {
        let req = relationship_request("https://kapi.kakao.com", &ids(&["_a"]), "tok-123", "sdk/x");
        assert_eq!(req.method, Method::Get);
        assert!(!req.url.contains("tok-123"));
        assert_eq!(
            req.headers,
            vec![
                ("Authorization", "Bearer tok-123".to_owned()),
                ("KA", "sdk/x".to_owned()),
                (
                    "Cache-Control",
                    "no-cache, no-store, max-age=0, must-revalidate".to_owned()
                ),
                ("Pragma", "no-cache".to_owned()),
                (
                    "Content-Type",
                    "application/x-www-form-urlencoded".to_owned()
                ),
            ],
            "Kakao's SDK 2.7.4 headers, GET included"
        );
        assert_eq!(req.body, None);
        let other =
            relationship_request("https://kapi.kakao.com", &ids(&["_a"]), "tok-456", "sdk/x");
        assert_ne!(coalescing_key(&req), coalescing_key(&other));
        assert_eq!(coalescing_key(&req), coalescing_key(&req.clone()));
    }

    #[test]
    fn dedupe_keeps_order() {
        let got = dedupe(ids(&[
            "_b",
            "https://pf.kakao.com/_a",
            "_b",
            "pf.kakao.com/_a/chat",
            "_c",
        ]));
        let got: Vec<&str> = got.iter().map(ChannelId::as_str).collect();
        assert_eq!(got, ["_b", "_a", "_c"]);
    }

    #[test]
    fn tokens() {
        assert!(validate_access_token("abc.DEF-123_x").is_ok());
        for bad in ["", "a b", "a\r\nX-Evil: 1", "토큰", &"a".repeat(5000)] {
            let err = validate_access_token(bad).unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidArgument);
            if !bad.is_empty() {
                assert!(!err.message().contains(bad));
            }
        }
    }

    #[test]
    fn decodes_the_documented_answer() {
        let body = include_str!("../../tests/fixtures/channels-200.json");
        let got = decode_text(200, body, "").unwrap();
        assert_eq!(got.user_id, 1001);
        assert_eq!(
            got.channels,
            vec![
                ChannelRelationship {
                    channel_public_id: "_ZeUTxl".into(),
                    channel_uuid: "@kakaochannel".into(),
                    relation: Relation::Added,
                    updated_at: Some("2019-05-10T08:06:53Z".into()),
                },
                ChannelRelationship {
                    channel_public_id: "_Bxkd".into(),
                    channel_uuid: "@bxkd".into(),
                    relation: Relation::Blocked,
                    updated_at: Some("2021-03-01T12:00:00Z".into()),
                },
                ChannelRelationship {
                    channel_public_id: "_RQxl".into(),
                    channel_uuid: "@rqxl".into(),
                    relation: Relation::None,
                    updated_at: None,
                },
            ]
        );
        assert_eq!(Relation::Blocked.as_str(), "BLOCKED");
        assert_eq!(
            serde_json::to_string(&got).unwrap(),
            r#"{"userId":1001.0,"channels":[{"channelPublicId":"_ZeUTxl","channelUuid":"@kakaochannel","relation":"ADDED","updatedAt":"2019-05-10T08:06:53Z"},{"channelPublicId":"_Bxkd","channelUuid":"@bxkd","relation":"BLOCKED","updatedAt":"2021-03-01T12:00:00Z"},{"channelPublicId":"_RQxl","channelUuid":"@rqxl","relation":"NONE"}]}"#
        );
    }

    #[test]
    fn empty_and_lenient_answers() {
        let empty = include_str!("../../tests/fixtures/channels-200-empty.json");
        assert_eq!(decode_text(200, empty, "").unwrap().channels, vec![]);
        let null_channels = r#"{"user_id":5,"channels":null}"#;
        assert!(decode_text(200, null_channels, "")
            .unwrap()
            .channels
            .is_empty());
        let extra = r#"{"user_id":5,"channels":[{"channel_uuid":"@a","channel_public_id":"_a","relation":"NONE","created_at":"x","updated_at":null,"new":1}],"more":true}"#;
        let got = decode_text(200, extra, "").unwrap();
        assert_eq!(got.channels[0].updated_at, None);
    }

    #[test]
    fn wrong_shapes_are_invalid_response() {
        for body in [
            "",
            "not json",
            "<html></html>",
            r#"{"user_id": 1001, "channels": ["#,
            r#"{"hello":"world"}"#,
            r#"{"user_id":"1001","channels":[]}"#,
            r#"{"user_id":1.5,"channels":[]}"#,
            r#"{"user_id":1,"channels":{}}"#,
            r#"{"user_id":1,"channels":[{"channel_public_id":"_a","channel_uuid":"@a","relation":"FRIEND"}]}"#,
            r#"{"user_id":1,"channels":[{"channel_uuid":"@a","relation":"ADDED"}]}"#,
            r#"{"user_id":1,"channels":[{"channel_public_id":"_a","channel_uuid":"@a","relation":"ADDED","updated_at":5}]}"#,
            r#"[]"#,
        ] {
            let err = decode_text(200, body, "").unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidResponse, "{body:?}");
            assert_eq!(err.status(), Some(200));
        }
    }

    #[test]
    fn errors_go_through_the_mapping() {
        let body = include_str!("../../tests/fixtures/error-402-insufficient-scopes.json");
        let err = decode_text(403, body, "tok").unwrap_err();
        assert_eq!(err.code(), ErrorCode::ConsentRequired);
        assert_eq!(err.kakao_code(), Some(&KakaoCode::Number(-402)));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::decode_text;
        use proptest::prelude::*;

        proptest! {
            /// No body or status makes decoding panic.
            #[test]
            fn never_panics(status in 0u16..1000, body in any::<String>()) {
                let _ = decode_text(status, &body, "token-123");
            }

            #[test]
            fn never_panics_on_json_like(status in prop::sample::select(vec![200u16, 400, 401, 403, 500]),
                                         body in r#"[\[\]{}",:0-9a-z_\- ]{0,120}"#) {
                let _ = decode_text(status, &body, "token-123");
            }
        }
    }
}
