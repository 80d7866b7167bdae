//! URL and KA-string building for Kakao's bridge pages, app schemes and popups
//! (kakao-protocol.md §2).

use crate::prelude::*;

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
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
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

/// `{pf}/{id}/friend` or `{pf}/{id}/chat` with the bridge-page query of kakao-protocol.md §2.1:
/// `app_key`, `kakao_agent`, `api_ver=1.1`, `referer`, then `lang`.
pub fn bridge_url(
    pf_base: &str,
    id: &ChannelId,
    kind: BridgeKind,
    app: Option<&AppParams<'_>>,
    lang: Option<Lang>,
) -> String {
    let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(5);
    if let Some(app) = app {
        pairs.push(("app_key", app.app_key));
        pairs.push(("kakao_agent", app.ka));
        pairs.push(("api_ver", "1.1"));
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

/// The mobile operating systems that get the KakaoTalk app hand-over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MobileOs {
    /// Android: an `intent://` URL.
    Android,
    /// iOS / iPadOS: the `kakaoplus://` scheme.
    Ios,
}

/// The KakaoTalk app URL for a bridge action on mobile web (kakao-protocol.md §2.3).
///
/// Android gets an `intent://` URL for package `com.kakao.talk` with `S.browser_fallback_url` set
/// to `fallback` (the bridge page), so a phone without KakaoTalk lands on the bridge page instead
/// of an error. Chat carries `extra={"referer": …}` as Kakao's own web code does.
pub fn app_url(
    os: MobileOs,
    kind: BridgeKind,
    id: &ChannelId,
    referer: &str,
    fallback: &str,
) -> String {
    let path = match kind {
        BridgeKind::Add => cat(&["plusfriend/home/", id.as_str(), "/add"]),
        BridgeKind::Chat => cat(&[
            "plusfriend/talk/chat/",
            id.as_str(),
            "?extra=",
            &encode_uri_component(&cat(&["{\"referer\":", &json_string(referer), "}"])),
        ]),
    };
    match os {
        MobileOs::Ios => cat(&["kakaoplus://", &path]),
        MobileOs::Android => cat(&[
            "intent://",
            &path,
            "#Intent;scheme=kakaoplus;package=com.kakao.talk;S.browser_fallback_url=",
            &encode_uri_component(fallback),
            ";end",
        ]),
    }
}

/// Where the calling window is, to centre a popup on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowGeometry {
    /// `window.screenX`.
    pub screen_x: f64,
    /// `window.screenY`.
    pub screen_y: f64,
    /// `window.outerWidth`.
    pub outer_width: f64,
    /// `window.outerHeight`.
    pub outer_height: f64,
}

/// Popup size of the add/chat bridge pages (Kakao's JavaScript SDK).
pub const BRIDGE_POPUP: (u32, u32) = (350, 510);
/// Popup size of the follow-channel page (Kakao's web code).
pub const FOLLOW_POPUP: (u32, u32) = (460, 608);

/// Rounds like JavaScript's `Math.round` (halves towards +∞); `f64::round` is not in `core`.
fn round(value: f64) -> i64 {
    let shifted = value + 0.5;
    let truncated = shifted as i64;
    if (truncated as f64) > shifted {
        truncated - 1
    } else {
        truncated
    }
}

/// `window.open` features for a `width`×`height` popup centred on the calling window, followed by
/// `extra` (e.g. `scrollbars=yes,resizable=1`).
pub fn popup_features(geometry: &WindowGeometry, size: (u32, u32), extra: &str) -> String {
    let (width, height) = size;
    let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
    let left = finite(geometry.screen_x) + (finite(geometry.outer_width) - f64::from(width)) / 2.0;
    let top = finite(geometry.screen_y) + (finite(geometry.outer_height) - f64::from(height)) / 2.0;
    let mut features = String::from("width=");
    for (i, value) in [i64::from(width), i64::from(height), round(left), round(top)]
        .into_iter()
        .enumerate()
    {
        features.push_str(
            ["", ",height=", ",left=", ",top="]
                .get(i)
                .copied()
                .unwrap_or_default(),
        );
        push_int(&mut features, value);
    }
    if !extra.is_empty() {
        features.push(',');
        features.push_str(extra);
    }
    features
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::id::parse_channel_id;

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
            "https://pf.kakao.com/_ZeUTxl/friend?app_key=abc123\
             &kakao_agent=sdk%2F0.1.0%20os%2Fjavascript%20sdk_type%2Frust-wasm%20lang%2Fko%20device%2FWin32%20origin%2Fhttps%253A%252F%252Fa.example\
             &api_ver=1.1&referer=https%3A%2F%2Fa.example%2Fshop%2Fitem&lang=en"
        );
        assert_eq!(
            bridge_url("https://pf.kakao.com", &id(), BridgeKind::Chat, Some(&app), None),
            "https://pf.kakao.com/_ZeUTxl/chat?app_key=abc123\
             &kakao_agent=sdk%2F0.1.0%20os%2Fjavascript%20sdk_type%2Frust-wasm%20lang%2Fko%20device%2FWin32%20origin%2Fhttps%253A%252F%252Fa.example\
             &api_ver=1.1&referer=https%3A%2F%2Fa.example%2Fshop%2Fitem"
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

    #[test]
    fn app_urls_exact() {
        let fallback = "https://pf.kakao.com/_ZeUTxl/friend?app_key=k";
        assert_eq!(
            app_url(
                MobileOs::Ios,
                BridgeKind::Add,
                &id(),
                "https://a.example/p",
                fallback
            ),
            "kakaoplus://plusfriend/home/_ZeUTxl/add"
        );
        assert_eq!(
            app_url(MobileOs::Android, BridgeKind::Add, &id(), "https://a.example/p", fallback),
            "intent://plusfriend/home/_ZeUTxl/add#Intent;scheme=kakaoplus;package=com.kakao.talk;\
             S.browser_fallback_url=https%3A%2F%2Fpf.kakao.com%2F_ZeUTxl%2Ffriend%3Fapp_key%3Dk;end"
        );
        assert_eq!(
            app_url(MobileOs::Ios, BridgeKind::Chat, &id(), "https://a.example/p\"q", fallback),
            "kakaoplus://plusfriend/talk/chat/_ZeUTxl?extra=%7B%22referer%22%3A%22https%3A%2F%2Fa.example%2Fp%5C%22q%22%7D"
        );
        assert!(
            app_url(MobileOs::Android, BridgeKind::Chat, &id(), "https://a.example/", fallback)
                .starts_with("intent://plusfriend/talk/chat/_ZeUTxl?extra=%7B%22referer%22%3A%22https%3A%2F%2Fa.example%2F%22%7D#Intent;scheme=kakaoplus;")
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
    fn popup_is_centred_on_the_window() {
        let g = WindowGeometry {
            screen_x: 100.0,
            screen_y: 50.0,
            outer_width: 1200.0,
            outer_height: 800.0,
        };
        assert_eq!(
            popup_features(&g, BRIDGE_POPUP, "scrollbars=yes,resizable=1"),
            "width=350,height=510,left=525,top=195,scrollbars=yes,resizable=1"
        );
        assert_eq!(
            popup_features(&g, FOLLOW_POPUP, ""),
            "width=460,height=608,left=470,top=146"
        );
        let odd = WindowGeometry {
            screen_x: f64::NAN,
            screen_y: -1000.0,
            outer_width: 0.0,
            outer_height: f64::INFINITY,
        };
        assert_eq!(
            popup_features(&odd, BRIDGE_POPUP, ""),
            "width=350,height=510,left=-175,top=-1255"
        );
    }
}
