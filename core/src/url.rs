//! URL and KA-string building for Kakao's bridge pages, app schemes and popups
//! (kakao-protocol.md §2).

use super::config::Lang;
use super::id::ChannelId;
use super::text::{cat, push_hex, push_int};

/// This SDK's version, as sent in the KA string.
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Percent-encodes like JavaScript's `encodeURIComponent`: keeps `A-Z a-z 0-9 - _ . ! ~ * ' ( )`
/// and encodes every other UTF-8 byte as `%XX` (upper-case hex).
pub fn encode_uri_component(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || crate::text::in_set(b"-_.!~*'()", b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            for nibble in [b >> 4, b & 0xf] {
                out.push(char::from(
                    HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
                ));
            }
        }
    }
    out
}

/// Builds `k1=v1&k2=v2` with both sides encoded by [`encode_uri_component`].
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&encode_uri_component(k));
        out.push('=');
        out.push_str(&encode_uri_component(v));
    }
    out
}

/// Escapes `s` as a JSON string literal, quotes included.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str("\\u");
                push_hex(&mut out, c as u32, 4);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What goes into the KA string (kakao-protocol.md §2.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KaInfo<'a> {
    /// The browser's language (`navigator.language`), e.g. `ko-KR`.
    pub lang: &'a str,
    /// The platform (`navigator.platform`), e.g. `Win32` or `Linux x86_64`.
    pub device: &'a str,
    /// The page origin, e.g. `https://shop.example`; `None` where there is no page (Node).
    pub origin: Option<&'a str>,
}

/// A KA token value: no spaces (the separator), no control characters, never empty.
fn ka_token(value: &str) -> String {
    let cleaned: String = value
        .trim()
        .chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if cleaned.is_empty() {
        "unknown".to_owned()
    } else {
        cleaned
    }
}

/// This SDK's KA string:
/// `sdk/<version> os/javascript sdk_type/rust-wasm lang/<lang> device/<platform> origin/<encoded origin>`.
///
/// The shape follows Kakao's JavaScript SDK (`sdk_type` names this SDK); the origin is encoded
/// with [`encode_uri_component`] as the JavaScript SDK does, and left out where there is none.
pub fn ka_string(info: &KaInfo<'_>) -> String {
    let mut ka = cat(&[
        "sdk/",
        SDK_VERSION,
        " os/javascript sdk_type/rust-wasm lang/",
        &ka_token(info.lang),
        " device/",
        &ka_token(info.device),
    ]);
    if let Some(origin) = info.origin {
        ka.push_str(" origin/");
        ka.push_str(&encode_uri_component(origin));
    }
    ka
}

/// The two bridge pages on pf.kakao.com.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BridgeKind {
    /// Add the channel: `{pf}/{id}/friend`.
    Add,
    /// 1:1 chat: `{pf}/{id}/chat`.
    Chat,
}

impl BridgeKind {
    /// The last path segment of the bridge page.
    pub fn path(self) -> &'static str {
        match self {
            BridgeKind::Add => "friend",
            BridgeKind::Chat => "chat",
        }
    }

    /// The popup window name Kakao's JavaScript SDK uses.
    pub fn window_name(self) -> &'static str {
        match self {
            BridgeKind::Add => "channel_add_social_plugin",
            BridgeKind::Chat => "channel_chat_social_plugin",
        }
    }
}

/// The app-identifying part of a bridge URL, present when the SDK knows the app key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppParams<'a> {
    /// The app's JavaScript key.
    pub app_key: &'a str,
    /// The KA string ([`ka_string`]).
    pub ka: &'a str,
    /// The calling page, origin + path (the query is left out on purpose: it may hold OAuth
    /// codes or other secrets).
    pub referer: Option<&'a str>,
}

/// `{pf}/{id}/friend` or `{pf}/{id}/chat` with the bridge-page query in the order Kakao's SDK
/// 2.7.4 writes it (kakao-protocol.md §10.6): `api_ver=1.1`, `kakao_agent`, `app_key`, `referer`,
/// then `lang`.
pub fn bridge_url(
    pf_base: &str,
    id: &ChannelId,
    kind: BridgeKind,
    app: Option<&AppParams<'_>>,
    lang: Option<Lang>,
) -> String {
    let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(5);
    if let Some(app) = app {
        pairs.push(("api_ver", "1.1"));
        pairs.push(("kakao_agent", app.ka));
        pairs.push(("app_key", app.app_key));
        if let Some(referer) = app.referer {
            pairs.push(("referer", referer));
        }
    }
    if let Some(lang) = lang {
        pairs.push(("lang", lang.as_str()));
    }
    let mut url = cat(&[pf_base, "/", id.as_str(), "/", kind.path()]);
    if !pairs.is_empty() {
        url.push('?');
        url.push_str(&query_string(&pairs));
    }
    url
}

/// How a bridge page was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LaunchResult {
    /// The URL that was opened.
    pub url: String,
    /// `popup`: a new window; `redirect`: the popup was blocked, so this tab navigated;
    /// `app`: on a phone, handed over to the KakaoTalk app.
    #[cfg_attr(feature = "ts", ts(inline))]
    pub via: Via,
}

/// The way a bridge page or the app was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename_all = "lowercase"))]
pub enum Via {
    /// A new window.
    Popup,
    /// This tab navigated (inside KakaoTalk, or the popup was blocked).
    Redirect,
    /// Handed over to the KakaoTalk app.
    App,
}

impl Via {
    /// `popup`, `redirect` or `app`.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Popup => "popup",
            Via::Redirect => "redirect",
            Via::App => "app",
        }
    }
}

// A map and a string, not a serde struct and a unit variant: see `serialize_as_str!` (lib.rs).
serialize_as_str!(Via);

impl serde::Serialize for LaunchResult {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("url", &self.url)?;
        map.serialize_entry("via", &self.via)?;
        map.end()
    }
}

/// The mobile operating systems that get the KakaoTalk app hand-over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MobileOs {
    /// Android: an `intent://` URL.
    Android,
    /// iOS / iPadOS: the `kakaoplus://` scheme, through Kakao's universal link.
    Ios,
}

/// The KakaoTalk app URL for a bridge action on a phone or iPad (kakao-protocol.md §10.2).
///
/// iOS and iPadOS get the `kakaoplus://` URL wrapped in Kakao's universal link
/// (`{talk_apps}/scheme/{encodeURIComponent(scheme URL)}`, `talk_apps` being
/// `https://talk-apps.kakao.com` unless overridden), as Kakao's SDK 2.7.4 does (§10.6); Android
/// an `intent://` URL for package `com.kakao.talk` with `S.browser_fallback_url` set to `fallback`
/// (the bridge page), so a phone without KakaoTalk lands on the bridge page instead of an error
/// page (a deliberate addition to Kakao's SDK). Chat uses
/// `plusfriend/chat/{id}` and carries `extra={"referer": …}` as Kakao's JavaScript SDK does.
pub fn app_url(
    talk_apps: &str,
    os: MobileOs,
    kind: BridgeKind,
    id: &ChannelId,
    referer: &str,
    fallback: &str,
) -> String {
    let path = match kind {
        BridgeKind::Add => cat(&["plusfriend/home/", id.as_str(), "/add"]),
        BridgeKind::Chat => cat(&[
            "plusfriend/chat/",
            id.as_str(),
            "?extra=",
            &encode_uri_component(&cat(&["{\"referer\":", &json_string(referer), "}"])),
        ]),
    };
    match os {
        MobileOs::Ios => cat(&[
            talk_apps,
            "/scheme/",
            &encode_uri_component(&cat(&["kakaoplus://", &path])),
        ]),
        MobileOs::Android => cat(&[
            "intent://",
            &path,
            "#Intent;scheme=kakaoplus;package=com.kakao.talk;S.browser_fallback_url=",
            &encode_uri_component(fallback),
            ";end;",
        ]),
    }
}

/// `{pf}/{id}/sdk_error`: where the tab goes when Kakao refuses the app hand-over.
pub fn sdk_error_url(pf_base: &str, id: &ChannelId) -> String {
    cat(&[pf_base, "/", id.as_str(), "/sdk_error"])
}

/// `POST {api}/v1/app/validate/sdk`: Kakao's check before an app hand-over.
pub fn validate_sdk_url(api: &str) -> String {
    cat(&[api, "/v1/app/validate/sdk"])
}

/// The form body of `validate/sdk`:
/// `quota_properties={"uri":"/sdk/channel/add"|"/sdk/channel/chat","channel_public_id":"_x"}`.
pub fn validate_sdk_body(kind: BridgeKind, id: &ChannelId) -> String {
    let uri = match kind {
        BridgeKind::Add => "/sdk/channel/add",
        BridgeKind::Chat => "/sdk/channel/chat",
    };
    let json = cat(&[
        "{\"uri\":",
        &json_string(uri),
        ",\"channel_public_id\":",
        &json_string(id.as_str()),
        "}",
    ]);
    query_string(&[("quota_properties", &json)])
}

/// The app key as `validate/sdk` wants it: `KakaoAK {key}` in `Authorization`, never in a URL.
pub use crate::secret::kakao_ak;

/// `POST {api}/v1/app/validate/sdk`, described: the app key in `Authorization: KakaoAK …`, `KA`,
/// and the form body of [`validate_sdk_body`].
pub fn validate_sdk_request(
    api: &str,
    kind: BridgeKind,
    id: &ChannelId,
    app_key: &str,
    ka: &str,
) -> crate::http::RequestSpec {
    crate::http::RequestSpec {
        method: crate::http::Method::Post,
        url: validate_sdk_url(api),
        headers: crate::http::kapi_headers(kakao_ak(app_key), ka),
        body: Some(validate_sdk_body(kind, id)),
    }
}

/// The screen the calling window is on, to centre a popup on it as Kakao's SDK does.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ScreenGeometry {
    /// `screen.width`.
    pub width: f64,
    /// `screen.height`.
    pub height: f64,
    /// `window.screenLeft`.
    pub left: f64,
    /// `window.screenTop`.
    pub top: f64,
}

/// Popup size of the add/chat bridge pages (Kakao's JavaScript SDK).
pub const BRIDGE_POPUP: (u32, u32) = (350, 510);
/// Popup size of the follow-channel window (Kakao's JavaScript SDK 2.7.4).
pub const FOLLOW_POPUP: (u32, u32) = (480, 700);
/// The follow window's name.
pub const FOLLOW_WINDOW: &str = "follow_channel";

/// Rounds like JavaScript's `Math.round` (halves towards +∞).
fn round(value: f64) -> i64 {
    (value + 0.5).floor() as i64
}

/// `window.open` features for a `width`×`height` popup centred on the screen
/// (`screen.width / 2 − width / 2 + screenLeft`, likewise for top), with
/// `scrollbars=yes,resizable=1`, as Kakao's SDK opens its windows.
pub fn popup_features(screen: &ScreenGeometry, size: (u32, u32)) -> String {
    let (width, height) = size;
    let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
    let left = finite(screen.width) / 2.0 - f64::from(width) / 2.0 + finite(screen.left);
    let top = finite(screen.height) / 2.0 - f64::from(height) / 2.0 + finite(screen.top);
    let mut features = String::from("width=");
    push_int(&mut features, i64::from(width));
    features.push_str(",height=");
    push_int(&mut features, i64::from(height));
    features.push_str(",left=");
    push_int(&mut features, round(left));
    features.push_str(",top=");
    push_int(&mut features, round(top));
    features.push_str(",scrollbars=yes,resizable=1");
    features
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::parse_channel_id;

    fn id() -> ChannelId {
        parse_channel_id("_ZeUTxl").unwrap()
    }

    #[test]
    fn encodes_like_encode_uri_component() {
        assert_eq!(encode_uri_component("azAZ09-_.!~*'()"), "azAZ09-_.!~*'()");
        assert_eq!(
            encode_uri_component("a b&c=d/e?f#g"),
            "a%20b%26c%3Dd%2Fe%3Ff%23g"
        );
        assert_eq!(
            encode_uri_component("http://localhost:8080"),
            "http%3A%2F%2Flocalhost%3A8080"
        );
        assert_eq!(encode_uri_component("한"), "%ED%95%9C");
        assert_eq!(encode_uri_component("+%"), "%2B%25");
        assert_eq!(encode_uri_component(""), "");
    }

    #[test]
    fn ka_string_exact() {
        let ka = ka_string(&KaInfo {
            lang: "ko-KR",
            device: "Linux x86_64",
            origin: Some("https://shop.example:8443"),
        });
        assert_eq!(
            ka,
            format!(
                "sdk/{SDK_VERSION} os/javascript sdk_type/rust-wasm lang/ko-KR device/Linux_x86_64 \
                 origin/https%3A%2F%2Fshop.example%3A8443"
            )
        );
    }

    #[test]
    fn ka_string_without_origin_and_with_empty_values() {
        let ka = ka_string(&KaInfo {
            lang: "",
            device: " ",
            origin: None,
        });
        assert_eq!(
            ka,
            format!(
                "sdk/{SDK_VERSION} os/javascript sdk_type/rust-wasm lang/unknown device/unknown"
            )
        );
    }

    #[test]
    fn bridge_urls_exact() {
        let ka = "sdk/0.1.0 os/javascript sdk_type/rust-wasm lang/ko device/Win32 origin/https%3A%2F%2Fa.example";
        let app = AppParams {
            app_key: "abc123",
            ka,
            referer: Some("https://a.example/shop/item"),
        };
        assert_eq!(
            bridge_url("https://pf.kakao.com", &id(), BridgeKind::Add, Some(&app), Some(Lang::En)),
            "https://pf.kakao.com/_ZeUTxl/friend?api_ver=1.1\
             &kakao_agent=sdk%2F0.1.0%20os%2Fjavascript%20sdk_type%2Frust-wasm%20lang%2Fko%20device%2FWin32%20origin%2Fhttps%253A%252F%252Fa.example\
             &app_key=abc123&referer=https%3A%2F%2Fa.example%2Fshop%2Fitem&lang=en"
        );
        assert_eq!(
            bridge_url("https://pf.kakao.com", &id(), BridgeKind::Chat, Some(&app), None),
            "https://pf.kakao.com/_ZeUTxl/chat?api_ver=1.1\
             &kakao_agent=sdk%2F0.1.0%20os%2Fjavascript%20sdk_type%2Frust-wasm%20lang%2Fko%20device%2FWin32%20origin%2Fhttps%253A%252F%252Fa.example\
             &app_key=abc123&referer=https%3A%2F%2Fa.example%2Fshop%2Fitem"
        );
    }

    #[test]
    fn bridge_url_without_app_or_lang_is_bare() {
        assert_eq!(
            bridge_url("https://pf.kakao.com", &id(), BridgeKind::Chat, None, None),
            "https://pf.kakao.com/_ZeUTxl/chat"
        );
        assert_eq!(
            bridge_url(
                "http://127.0.0.1:9/base",
                &id(),
                BridgeKind::Add,
                None,
                Some(Lang::Ja)
            ),
            "http://127.0.0.1:9/base/_ZeUTxl/friend?lang=ja"
        );
    }

    const TALK: &str = "https://talk-apps.kakao.com";

    #[test]
    fn app_urls_exact() {
        let fallback = "https://pf.kakao.com/_ZeUTxl/friend?app_key=k";
        assert_eq!(
            app_url(
                TALK,
                MobileOs::Ios,
                BridgeKind::Add,
                &id(),
                "https://a.example/p",
                fallback
            ),
            "https://talk-apps.kakao.com/scheme/kakaoplus%3A%2F%2Fplusfriend%2Fhome%2F_ZeUTxl%2Fadd"
        );
        assert_eq!(
            app_url(TALK, MobileOs::Android, BridgeKind::Add, &id(), "https://a.example/p", fallback),
            "intent://plusfriend/home/_ZeUTxl/add#Intent;scheme=kakaoplus;package=com.kakao.talk;\
             S.browser_fallback_url=https%3A%2F%2Fpf.kakao.com%2F_ZeUTxl%2Ffriend%3Fapp_key%3Dk;end;"
        );
        assert_eq!(
            app_url(TALK, MobileOs::Ios, BridgeKind::Chat, &id(), "https://a.example/p\"q", fallback),
            "https://talk-apps.kakao.com/scheme/kakaoplus%3A%2F%2Fplusfriend%2Fchat%2F_ZeUTxl%3Fextra%3D\
             %257B%2522referer%2522%253A%2522https%253A%252F%252Fa.example%252Fp%255C%2522q%2522%257D"
        );
        assert!(
            app_url(TALK, MobileOs::Android, BridgeKind::Chat, &id(), "https://a.example/", fallback)
                .starts_with("intent://plusfriend/chat/_ZeUTxl?extra=%7B%22referer%22%3A%22https%3A%2F%2Fa.example%2F%22%7D#Intent;scheme=kakaoplus;")
        );
    }

    #[test]
    fn rounds_like_math_round() {
        for (v, want) in [
            (0.0, 0),
            (0.5, 1),
            (-0.5, 0),
            (-175.5, -175),
            (2.4, 2),
            (-2.6, -3),
        ] {
            assert_eq!(round(v), want, "{v}");
        }
    }

    #[test]
    fn json_string_escapes() {
        assert_eq!(json_string("a\"b\\c\n\u{1}"), "\"a\\\"b\\\\c\\n\\u0001\"");
    }

    #[test]
    fn popup_is_centred_on_the_screen() {
        let screen = ScreenGeometry {
            width: 1920.0,
            height: 1080.0,
            left: 100.0,
            top: 50.0,
        };
        assert_eq!(
            popup_features(&screen, BRIDGE_POPUP),
            "width=350,height=510,left=885,top=335,scrollbars=yes,resizable=1"
        );
        assert_eq!(
            popup_features(&screen, FOLLOW_POPUP),
            "width=480,height=700,left=820,top=240,scrollbars=yes,resizable=1"
        );
        let odd = ScreenGeometry {
            width: f64::NAN,
            height: -1000.0,
            left: 0.5,
            top: f64::INFINITY,
        };
        assert_eq!(
            popup_features(&odd, BRIDGE_POPUP),
            "width=350,height=510,left=-174,top=-755,scrollbars=yes,resizable=1"
        );
    }

    #[test]
    fn validate_sdk_request_is_exact() {
        assert_eq!(
            validate_sdk_url("https://kapi.kakao.com"),
            "https://kapi.kakao.com/v1/app/validate/sdk"
        );
        assert_eq!(
            validate_sdk_body(BridgeKind::Chat, &id()),
            "quota_properties=%7B%22uri%22%3A%22%2Fsdk%2Fchannel%2Fchat%22%2C%22channel_public_id%22%3A%22_ZeUTxl%22%7D"
        );
        assert!(validate_sdk_body(BridgeKind::Add, &id()).contains("%2Fsdk%2Fchannel%2Fadd"));
        assert_eq!(kakao_ak("k1"), "KakaoAK k1");
        let req =
            validate_sdk_request("https://kapi.kakao.com", BridgeKind::Add, &id(), "k1", "ka");
        assert_eq!(req.headers[0], ("Authorization", "KakaoAK k1".to_owned()));
        assert!(!req.url.contains("k1"));
        assert_eq!(
            sdk_error_url("https://pf.kakao.com", &id()),
            "https://pf.kakao.com/_ZeUTxl/sdk_error"
        );
    }
}
