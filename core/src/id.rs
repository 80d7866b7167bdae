//! Channel public IDs (`_ZeUTxl`) and the parser that finds them in what users paste.
//!
//! Rules (api.md §1, kakao-protocol.md §1): a public ID is `_` followed by 1 to 31 ASCII letters
//! or digits, case preserved. The parser accepts the bare ID, or an `http`/`https` URL (scheme and
//! host case-insensitive, scheme optional) on host `pf.kakao.com` whose first path segment is the
//! ID, with any further path, query or fragment. A search ID (`@name`) is recognised and refused
//! with its own code. Everything else is `INVALID_CHANNEL_ID`.
//!
//! Because an accepted ID is only `_[A-Za-z0-9]+`, nothing it accepts can inject a path, query or
//! scheme into a URL built from it.

use core::fmt;
use std::borrow::Cow;

use super::error::{quote_input, Error, ErrorCode, Result};
use super::text::{cat, find_any, split_at};

/// Longest public ID accepted, `_` included.
pub const MAX_ID_LEN: usize = 32;
/// Inputs longer than this are refused before any parsing (a real channel URL is far shorter).
pub const MAX_INPUT_LEN: usize = 2048;

/// A validated channel public ID: `_` followed by 1 to 31 ASCII letters or digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChannelId(String);

impl ChannelId {
    /// The ID as a string, e.g. `_ZeUTxl`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ChannelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::str::FromStr for ChannelId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        parse_channel_id(s)
    }
}

/// Is `s` exactly a public ID (`_` + 1..=31 ASCII alphanumerics)?
pub fn is_public_id(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.len() >= 2
        && bytes.len() <= MAX_ID_LEN
        && bytes.first() == Some(&b'_')
        && bytes.iter().skip(1).all(u8::is_ascii_alphanumeric)
}

const HOST: &str = "pf.kakao.com";

fn invalid(input: &str, why: &str) -> Error {
    Error::new(
        ErrorCode::InvalidChannelId,
        cat(&[
            &quote_input(input, QUOTED_CHARS),
            " is not a Kakao Talk Channel public ID (",
            why,
            "). Pass the ID (`_ZeUTxl`) or the channel URL (`https://pf.kakao.com/_ZeUTxl`).",
        ]),
    )
}

fn search_id(input: &str) -> Error {
    Error::new(
        ErrorCode::SearchIdNotSupported,
        cat(&[
            &quote_input(input, QUOTED_CHARS),
            " is a search ID, which Kakao's APIs do not accept. Use the public ID: the part \
             after `pf.kakao.com/` in the channel URL in Kakao Business Partner Center \
             (`https://pf.kakao.com/_ZeUTxl` → `_ZeUTxl`).",
        ]),
    )
}

/// Whitespace that surrounds a pasted value: Unicode white space plus the BOM.
fn is_trim_char(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// The first control character, white space (the BOM included) or backslash in `s`.
///
/// Byte by byte, decoding only non-ASCII characters: every input is read whole, and the
/// `chars()` form cost about 5 ns a character in the size-optimised wasm (a 2,000-character
/// paste took 11 µs; this takes about half).
fn first_unusable_char(s: &str) -> Option<char> {
    let bytes = s.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii() {
            // ASCII white space is all at or below the space; the controls are below it, and DEL.
            if b <= b' ' || b == 0x7f || b == b'\\' {
                return Some(char::from(b));
            }
            at += 1;
        } else {
            let c = s.get(at..).and_then(|rest| rest.chars().next())?;
            if c.is_control() || is_trim_char(c) {
                return Some(c);
            }
            at += c.len_utf8();
        }
    }
    None
}

/// Parses what a user pasted into a [`ChannelId`].
///
/// Errors: `INVALID_CHANNEL_ID`, or `SEARCH_ID_NOT_SUPPORTED` for `@name` search IDs.
pub fn parse_channel_id(input: &str) -> Result<ChannelId> {
    locate_channel_id(input).map(|found| ChannelId(found.id(input).to_owned()))
}

/// Where [`locate_channel_id`] found the public ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    /// The ID is `input[range]` verbatim (bytes; the ID is ASCII, so the range also counts
    /// characters from its start).
    Within(core::ops::Range<usize>),
    /// The ID was percent-encoded in the URL (`%5FZeUTxl`): its decoded form.
    Decoded(ChannelId),
}

impl Located {
    /// The ID itself, given the input it was located in.
    pub fn id<'a>(&'a self, input: &'a str) -> &'a str {
        match self {
            Located::Within(range) => input.get(range.clone()).unwrap_or_default(),
            Located::Decoded(id) => id.as_str(),
        }
    }
}

/// Would an input of `utf16_units` UTF-16 code units certainly be refused as too long? (Its
/// UTF-8 form has at least as many bytes.) Lets a caller holding a JavaScript string refuse it
/// without copying it.
pub fn too_long_utf16(utf16_units: usize) -> bool {
    utf16_units > MAX_INPUT_LEN
}

/// How many characters of an input [`too_long`] quotes: a caller may pass any prefix holding
/// more than this many characters instead of the whole input.
pub const QUOTED_CHARS: usize = 60;

/// The `INVALID_CHANNEL_ID` error for an input longer than [`MAX_INPUT_LEN`]; `head` is the input
/// or a prefix of it holding more than [`QUOTED_CHARS`] characters.
pub fn too_long(head: &str) -> Error {
    invalid(head, "it is far too long")
}

/// [`parse_channel_id`] without the copy: where the ID is in `input`. Same rules, same errors.
pub fn locate_channel_id(input: &str) -> Result<Located> {
    if input.len() > MAX_INPUT_LEN {
        return Err(too_long(input));
    }
    let trimmed = input.trim_matches(is_trim_char);
    if trimmed.is_empty() {
        return Err(invalid(input, "it is empty"));
    }
    if let Some(bad) = first_unusable_char(trimmed) {
        let why = if bad == '\\' {
            "it contains a backslash"
        } else {
            "it contains white space or control characters"
        };
        return Err(invalid(input, why));
    }
    if trimmed.starts_with('_') {
        return bare_public_id(input, trimmed);
    }
    if let Some(rest) = trimmed.strip_prefix('@') {
        if !rest.is_empty() && find_any(rest, b"/?#:%").is_none() {
            return Err(search_id(input));
        }
        return Err(invalid(input, "it is neither an ID nor a pf.kakao.com URL"));
    }
    parse_url(input, trimmed)
}

/// The byte range `inner` (a sub-slice of `outer`) takes within `outer`.
fn range_in(outer: &str, inner: &str) -> core::ops::Range<usize> {
    let start = (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize);
    start..start + inner.len()
}

fn bare_public_id(input: &str, candidate: &str) -> Result<Located> {
    if is_public_id(candidate) {
        Ok(Located::Within(range_in(input, candidate)))
    } else if candidate.len() > MAX_ID_LEN {
        Err(invalid(
            input,
            "a public ID has at most 31 characters after `_`",
        ))
    } else if candidate.len() == 1 {
        Err(invalid(input, "nothing follows `_`"))
    } else {
        Err(invalid(
            input,
            "a public ID holds only ASCII letters and digits after `_`",
        ))
    }
}

/// Strips a case-insensitive ASCII prefix.
fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// Does `s` start with a URL scheme (`letter *(letter / digit / + - .) ":"`)?
fn has_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    match bytes.next() {
        Some(b) if b.is_ascii_alphabetic() => {}
        _ => return false,
    }
    for b in bytes {
        match b {
            b':' => return true,
            b if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.') => {}
            _ => return false,
        }
    }
    false
}

fn parse_url(input: &str, trimmed: &str) -> Result<Located> {
    let after_scheme = if let Some(rest) = strip_prefix_ignore_case(trimmed, "https://") {
        rest
    } else if let Some(rest) = strip_prefix_ignore_case(trimmed, "http://") {
        rest
    } else if let Some(rest) = trimmed.strip_prefix("//") {
        rest
    } else if has_scheme(trimmed) {
        return Err(invalid(
            input,
            "only http and https pf.kakao.com URLs are accepted",
        ));
    } else {
        trimmed
    };

    let authority_end = find_any(after_scheme, b"/?#").unwrap_or(after_scheme.len());
    let (authority, rest) = split_at(after_scheme, authority_end);
    let host = authority.strip_suffix('.').unwrap_or(authority);
    if !host.eq_ignore_ascii_case(HOST) {
        let why = if find_any(authority, b"@").is_some() {
            "user names and passwords in URLs are not accepted"
        } else if find_any(authority, b":").is_some() {
            "the host must be pf.kakao.com, without a port"
        } else {
            "the host must be pf.kakao.com"
        };
        return Err(invalid(input, why));
    }

    let Some(path) = rest.strip_prefix('/') else {
        return Err(invalid(input, "the URL has no channel ID in its path"));
    };
    let segment_end = find_any(path, b"/?#").unwrap_or(path.len());
    let raw_segment = path.get(..segment_end).unwrap_or_default();
    let Some(segment) = percent_decode(raw_segment) else {
        return Err(invalid(input, "the path holds a broken percent-encoding"));
    };
    if segment.starts_with('_') {
        if is_public_id(&segment) {
            return Ok(match segment {
                Cow::Borrowed(id) => Located::Within(range_in(input, id)),
                Cow::Owned(id) => Located::Decoded(ChannelId(id)),
            });
        }
        return Err(invalid(
            input,
            "the path's first segment is not a valid public ID",
        ));
    }
    if segment.len() > 1
        && segment.starts_with('@')
        && !segment
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '/')
    {
        return Err(search_id(input));
    }
    Err(invalid(
        input,
        "the path's first segment must be the channel ID",
    ))
}

/// Decodes `%XX` escapes (borrowing `s` when it has none); `None` for a broken escape or bytes
/// that are not UTF-8.
fn percent_decode(s: &str) -> Option<Cow<'_, str>> {
    if find_any(s, b"%").is_none() {
        return Some(Cow::Borrowed(s));
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = hex_value(*bytes.get(i + 1)?)?;
            let lo = hex_value(*bytes.get(i + 2)?)?;
            out.push((hi << 4) | lo);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok().map(Cow::Owned)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, expected): `Ok(id)` or `Err(code)`.
    fn table() -> Vec<(String, core::result::Result<&'static str, ErrorCode>)> {
        use ErrorCode::{InvalidChannelId as Bad, SearchIdNotSupported as Search};
        let s = |x: &str| x.to_owned();
        vec![
            // Bare IDs.
            (s("_ZeUTxl"), Ok("_ZeUTxl")),
            (s("_FLX"), Ok("_FLX")),
            (s("_Bxkd"), Ok("_Bxkd")),
            (s("_x"), Ok("_x")),
            (s("_abc123XYZ"), Ok("_abc123XYZ")),
            (
                format!("_{}", "a".repeat(31)),
                Ok("_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            ),
            (format!("_{}", "a".repeat(32)), Err(Bad)),
            (s("  _ZeUTxl\n"), Ok("_ZeUTxl")),
            (s("\t_ZeUTxl\u{a0}"), Ok("_ZeUTxl")),
            (s("\u{feff}_ZeUTxl"), Ok("_ZeUTxl")),
            (s("_"), Err(Bad)),
            (s(""), Err(Bad)),
            (s("   "), Err(Bad)),
            (s("ZeUTxl"), Err(Bad)),
            (s("__ZeUTxl"), Err(Bad)),
            (s("_Ze-UTxl"), Err(Bad)),
            (s("_Ze_UTxl"), Err(Bad)),
            (s("_ZeUTxl/chat"), Err(Bad)),
            (s("_ZeUTxl?x=1"), Err(Bad)),
            (s("_Ze UTxl"), Err(Bad)),
            (s("_Ze\u{0}UTxl"), Err(Bad)),
            (s("_Ze\tUTxl"), Err(Bad)),
            (s("_ZeUTxl\u{200b}"), Err(Bad)),
            (s("＿ＺｅＵＴｘｌ"), Err(Bad)),
            (s("_ＺｅＵＴｘｌ"), Err(Bad)),
            (s("_é"), Err(Bad)),
            // URLs that are accepted.
            (s("https://pf.kakao.com/_ZeUTxl"), Ok("_ZeUTxl")),
            (s("https://pf.kakao.com/_ZeUTxl/chat"), Ok("_ZeUTxl")),
            (s("https://pf.kakao.com/_ZeUTxl/friend"), Ok("_ZeUTxl")),
            (s("http://pf.kakao.com/_zvsxaG/chat"), Ok("_zvsxaG")),
            (s("HTTPS://PF.KAKAO.COM/_ZeUTxl"), Ok("_ZeUTxl")),
            (s("Https://Pf.Kakao.Com/_ZeUTxl"), Ok("_ZeUTxl")),
            (s("pf.kakao.com/_ZeUTxl"), Ok("_ZeUTxl")),
            (s("//pf.kakao.com/_ZeUTxl"), Ok("_ZeUTxl")),
            (s("https://pf.kakao.com./_ZeUTxl"), Ok("_ZeUTxl")),
            (
                s("https://pf.kakao.com/_ZeUTxl?utm_source=x#top"),
                Ok("_ZeUTxl"),
            ),
            (s("https://pf.kakao.com/_ZeUTxl#/chat"), Ok("_ZeUTxl")),
            (
                s("https://pf.kakao.com/_ZeUTxl/posts/123456"),
                Ok("_ZeUTxl"),
            ),
            (s("https://pf.kakao.com/_ZeUTxl/../../evil"), Ok("_ZeUTxl")),
            (s("https://pf.kakao.com/%5FZeUTxl"), Ok("_ZeUTxl")),
            (s(" https://pf.kakao.com/_ZeUTxl/chat \n"), Ok("_ZeUTxl")),
            // Other hosts and look-alikes.
            (s("https://pf.kakao.com.evil.com/_ZeUTxl"), Err(Bad)),
            (s("https://evilpf.kakao.com/_ZeUTxl"), Err(Bad)),
            (s("https://evil.com/pf.kakao.com/_ZeUTxl"), Err(Bad)),
            (s("https://kakao.com/_ZeUTxl"), Err(Bad)),
            (s("https://m.pf.kakao.com/_ZeUTxl"), Err(Bad)),
            (s("https://center-pf.kakao.com/_ZeUTxl"), Err(Bad)),
            (s("https://pf.kakao.co/_ZeUTxl"), Err(Bad)),
            (s("https://pf-kakao.com/_ZeUTxl"), Err(Bad)),
            (s("https://pf.kakao.com@evil.com/_ZeUTxl"), Err(Bad)),
            (s("https://user:pass@pf.kakao.com/_ZeUTxl"), Err(Bad)),
            (s("https://pf.kakao.com:443/_ZeUTxl"), Err(Bad)),
            (s("https://pf.kakao.com:8080/_ZeUTxl"), Err(Bad)),
            (s("https://ｐｆ.kakao.com/_ZeUTxl"), Err(Bad)),
            (s("https://pf.kakao.com%2Eevil.com/_ZeUTxl"), Err(Bad)),
            (s("https://pf.kakao.com\\@evil.com/_ZeUTxl"), Err(Bad)),
            (s("https:\\\\pf.kakao.com\\_ZeUTxl"), Err(Bad)),
            (s("https:/pf.kakao.com/_ZeUTxl"), Err(Bad)),
            (s("https://pf.kakao.com"), Err(Bad)),
            (s("https://pf.kakao.com/"), Err(Bad)),
            (s("https://pf.kakao.com?_ZeUTxl"), Err(Bad)),
            (s("https://pf.kakao.com#_ZeUTxl"), Err(Bad)),
            // Other schemes.
            (s("javascript:alert(1)//pf.kakao.com/_ZeUTxl"), Err(Bad)),
            (s("JavaScript://pf.kakao.com/_ZeUTxl"), Err(Bad)),
            (s("ftp://pf.kakao.com/_ZeUTxl"), Err(Bad)),
            (s("data:text/html,_ZeUTxl"), Err(Bad)),
            (s("kakaoplus://plusfriend/home/_ZeUTxl/add"), Err(Bad)),
            (s("file:///pf.kakao.com/_ZeUTxl"), Err(Bad)),
            // Paths that are not an ID first.
            (s("https://pf.kakao.com//_ZeUTxl"), Err(Bad)),
            (s("https://pf.kakao.com/../_ZeUTxl"), Err(Bad)),
            (s("https://pf.kakao.com/./_ZeUTxl"), Err(Bad)),
            (s("https://pf.kakao.com/%2e%2e/_ZeUTxl"), Err(Bad)),
            (
                s("https://pf.kakao.com/rocket-web/web/profiles/_ZeUTxl"),
                Err(Bad),
            ),
            (s("https://pf.kakao.com/_ZeUTxl%2Fchat"), Err(Bad)),
            (s("https://pf.kakao.com/_ZeUTxl%2F..%2F..%2Fevil"), Err(Bad)),
            (s("https://pf.kakao.com/_ZeUTxl%3Fx%3D1"), Err(Bad)),
            (s("https://pf.kakao.com/_ZeUTxl%23x"), Err(Bad)),
            (s("https://pf.kakao.com/_Ze%00UTxl"), Err(Bad)),
            (s("https://pf.kakao.com/_Ze%zzUTxl"), Err(Bad)),
            (s("https://pf.kakao.com/_ZeUTxl%"), Err(Bad)),
            (s("https://pf.kakao.com/_Ze%E2%80%8BUTxl"), Err(Bad)),
            (s("https://pf.kakao.com/%ff%fe"), Err(Bad)),
            (s("https://pf.kakao.com/_Ze UTxl"), Err(Bad)),
            (s("https://pf.kakao.com/_Ze\nUTxl"), Err(Bad)),
            (s("https://pf.kakao.com/\r\n_ZeUTxl"), Err(Bad)),
            (s("https://pf.kakao.com/_ＺｅＵＴｘｌ"), Err(Bad)),
            // Search IDs.
            (s("@kakaochannel"), Err(Search)),
            (s("@테스트"), Err(Search)),
            (s("  @ktmarket "), Err(Search)),
            (s("https://pf.kakao.com/@kakaochannel"), Err(Search)),
            (s("https://pf.kakao.com/@세무회계범/chat"), Err(Search)),
            (
                s("https://pf.kakao.com/%40%ED%85%8C%EC%8A%A4%ED%8A%B8"),
                Err(Search),
            ),
            (s("@"), Err(Bad)),
            (s("@evil.com/_ZeUTxl"), Err(Bad)),
            (s("@x:y"), Err(Bad)),
            // Sizes.
            ("_a".repeat(50_000), Err(Bad)),
            (
                format!("https://pf.kakao.com/_ZeUTxl?{}", "a".repeat(100_000)),
                Err(Bad),
            ),
            ("a".repeat(100 * 1024), Err(Bad)),
            (format!("_{}", "a".repeat(100 * 1024)), Err(Bad)),
        ]
    }

    #[test]
    fn parser_table() {
        let cases = table();
        assert!(cases.len() >= 60, "only {} cases", cases.len());
        for (input, expected) in cases {
            let got = parse_channel_id(&input);
            match (&got, expected) {
                (Ok(id), Ok(want)) => assert_eq!(id.as_str(), want, "input {input:?}"),
                (Err(e), Err(code)) => {
                    assert_eq!(e.code(), code, "input {input:?}: {}", e.message());
                    assert!(e.message().len() < 600, "message too long for {input:?}");
                }
                _ => panic!("input {:?}: got {got:?}, expected {expected:?}", input),
            }
        }
    }

    #[test]
    fn locate_agrees_with_parse() {
        for (input, _) in table() {
            match (locate_channel_id(&input), parse_channel_id(&input)) {
                (Ok(found), Ok(id)) => {
                    assert_eq!(found.id(&input), id.as_str(), "input {input:?}");
                    if let Located::Within(range) = &found {
                        assert_eq!(input.get(range.clone()), Some(id.as_str()));
                    }
                }
                (Err(a), Err(b)) => assert_eq!(a, b, "input {input:?}"),
                (a, b) => panic!("input {input:?}: {a:?} vs {b:?}"),
            }
        }
        assert_eq!(
            locate_channel_id(" https://pf.kakao.com/%5FZeUTxl"),
            Ok(Located::Decoded(ChannelId("_ZeUTxl".to_owned())))
        );
        assert_eq!(locate_channel_id("\u{3000}_ab "), Ok(Located::Within(3..6)));
    }

    #[test]
    fn too_long_quotes_only_a_prefix() {
        let huge = "가".repeat(3000);
        assert!(too_long_utf16(huge.encode_utf16().count()));
        assert!(!too_long_utf16(MAX_INPUT_LEN));
        let head: String = huge.chars().take(QUOTED_CHARS + 1).collect();
        assert_eq!(Err(too_long(&head)), parse_channel_id(&huge));
    }

    #[test]
    fn messages_say_what_to_do() {
        let err = parse_channel_id("https://evil.com/_x").unwrap_err();
        assert!(err.message().contains("https://pf.kakao.com/_ZeUTxl"));
        let err = parse_channel_id("@brand").unwrap_err();
        assert!(err.message().contains("search ID"));
        assert!(err.message().contains("Partner Center"));
    }

    #[test]
    fn messages_never_echo_huge_input() {
        let huge = "x".repeat(100 * 1024);
        let err = parse_channel_id(&huge).unwrap_err();
        assert!(err.message().len() < 400);
    }

    #[test]
    fn from_str_and_display_round_trip() {
        let id: ChannelId = "https://pf.kakao.com/_ZeUTxl/chat".parse().unwrap();
        assert_eq!(id.to_string(), "_ZeUTxl");
        assert_eq!(parse_channel_id(&id.to_string()).unwrap(), id);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn assert_safe_id(id: &ChannelId) {
            let s = id.as_str();
            assert!(s.starts_with('_'));
            assert!(s.len() >= 2 && s.len() <= MAX_ID_LEN);
            assert!(s[1..].bytes().all(|b| b.is_ascii_alphanumeric()), "{s:?}");
        }

        fn assert_parser_code(err: &Error) {
            assert!(
                matches!(
                    err.code(),
                    ErrorCode::InvalidChannelId | ErrorCode::SearchIdNotSupported
                ),
                "{err:?}"
            );
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(4000))]

            /// No input panics, every accepted ID is `_` + ASCII letters and digits, and every
            /// refusal carries one of the parser's two codes (src/parse.rs sends only those).
            #[test]
            fn any_string_is_safe(input in any::<String>()) {
                match parse_channel_id(&input) {
                    Ok(id) => assert_safe_id(&id),
                    Err(err) => assert_parser_code(&err),
                }
            }

            /// The byte-wise scan finds what the plain character-wise one finds.
            #[test]
            fn unusable_char_scan_matches_chars(input in any::<String>()) {
                let plain = input.chars().find(|&c| c.is_control() || is_trim_char(c) || c == '\\');
                prop_assert_eq!(first_unusable_char(&input), plain);
            }

            /// Inputs built from URL-ish pieces (much likelier to get deep into the parser).
            #[test]
            fn url_like_strings_are_safe(
                scheme in prop::sample::select(vec!["", "http://", "https://", "HTTPS://", "//", "javascript:", "ftp://"]),
                host in prop::sample::select(vec!["pf.kakao.com", "PF.kakao.com.", "pf.kakao.com.evil.com", "a@pf.kakao.com", "pf.kakao.com:80", ""]),
                path in "[/_@%a-zA-Z0-9.?#\\\\ ]{0,40}",
            ) {
                let input = format!("{scheme}{host}{path}");
                match parse_channel_id(&input) {
                    Ok(id) => {
                        assert_safe_id(&id);
                        let lower = input.to_ascii_lowercase();
                        prop_assert!(lower.contains("pf.kakao.com") || input.trim().starts_with('_'));
                    }
                    Err(err) => assert_parser_code(&err),
                }
            }

            /// Every valid ID is accepted bare and inside every accepted URL form.
            #[test]
            fn valid_ids_round_trip(
                body in "[A-Za-z0-9]{1,31}",
                form in 0usize..5,
                suffix in prop::sample::select(vec!["", "/chat", "/friend", "?a=b", "#x", "/posts/1?x#y"]),
            ) {
                let id = format!("_{body}");
                let input = match form {
                    0 => id.clone(),
                    1 => format!("https://pf.kakao.com/{id}{suffix}"),
                    2 => format!("http://PF.KAKAO.COM/{id}{suffix}"),
                    3 => format!("pf.kakao.com/{id}{suffix}"),
                    _ => format!("  //pf.kakao.com./{id}{suffix}\n"),
                };
                prop_assert_eq!(parse_channel_id(&input).map(|c| c.0), Ok(id));
            }
        }
    }
}
