//! A small, panic-free JSON parser (RFC 8259) for Kakao's API answers and `postMessage` data.
//!
//! Hand-written instead of serde_json, which would cost more than the whole module's size budget
//! (see README "Performance"). It works on bytes with `.get()` only, so no panic path (and no
//! panic-message formatting) is linked into the wasm module. Nesting is capped at [`MAX_DEPTH`]
//! and input length at [`MAX_INPUT`], so untrusted input can neither overflow the stack nor make
//! parsing slow. Numbers are kept only as `i64` integers: the SDK reads user IDs and error codes.

use crate::prelude::*;

/// Deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 64;
/// Longest input accepted, in bytes (1 MiB).
pub const MAX_INPUT: usize = 1 << 20;

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer that fits i64; `None` for numbers with a fraction or exponent, or out of range
    /// (the SDK only reads integers: user IDs and error codes).
    Number(Option<i64>),
    /// A string, escapes decoded.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// Members in document order; duplicate keys kept (get returns the first).
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Member `key` of an object (first match); `None` for non-objects.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, if this is an integer number.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Number(n) => *n,
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }
}

/// Parses a complete JSON text (RFC 8259): surrounding whitespace allowed, nothing else after the
/// value. `None` for anything malformed, for nesting deeper than `MAX_DEPTH`, or input longer than
/// `MAX_INPUT`.
pub fn parse(text: &str) -> Option<Json> {
    if text.len() > MAX_INPUT {
        return None;
    }
    let mut p = Parser { text, pos: 0 };
    let value = p.value(MAX_DEPTH)?;
    p.skip_ws();
    if p.pos == text.len() {
        Some(value)
    } else {
        None
    }
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    /// The next byte, or 0 at the end. (No 0 byte is valid where the parser looks, so the two
    /// need no telling apart; a plain `u8` keeps every call site small.)
    fn peek(&self) -> u8 {
        self.text.as_bytes().get(self.pos).copied().unwrap_or(0)
    }

    /// Consumes `b` if it is next.
    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == b;
        if found {
            self.pos += 1;
        }
        found
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }

    /// Skips one or more ASCII digits; `None` if there are none.
    fn digits(&mut self) -> Option<()> {
        let start = self.pos;
        while self.peek().is_ascii_digit() {
            self.pos += 1;
        }
        (self.pos > start).then_some(())
    }

    /// A value after optional whitespace; `depth` is how many more levels of nesting are allowed.
    fn value(&mut self, depth: usize) -> Option<Json> {
        self.skip_ws();
        match self.peek() {
            b'"' => {
                self.pos += 1;
                self.string().map(Json::String)
            }
            open @ (b'[' | b'{') if depth > 0 => {
                self.pos += 1;
                self.container(open == b'{', depth - 1)
            }
            b't' => self.literal(b"true", Json::Bool(true)),
            b'f' => self.literal(b"false", Json::Bool(false)),
            b'n' => self.literal(b"null", Json::Null),
            _ => self.number(),
        }
    }

    fn literal(&mut self, word: &[u8], value: Json) -> Option<Json> {
        // On a mismatch the position no longer matters: the whole parse fails.
        word.iter().all(|&b| self.eat(b)).then_some(value)
    }

    /// An array or object, after its opening bracket. One loop serves both, to keep the code
    /// small.
    fn container(&mut self, object: bool, depth: usize) -> Option<Json> {
        let close = if object { b'}' } else { b']' };
        let mut items = Vec::new();
        let mut members = Vec::new();
        self.skip_ws();
        if !self.eat(close) {
            loop {
                let key = if object {
                    self.skip_ws();
                    if !self.eat(b'"') {
                        return None;
                    }
                    let key = self.string()?;
                    self.skip_ws();
                    if !self.eat(b':') {
                        return None;
                    }
                    Some(key)
                } else {
                    None
                };
                let value = self.value(depth)?;
                match key {
                    Some(key) => members.push((key, value)),
                    None => items.push(value),
                }
                self.skip_ws();
                if self.eat(close) {
                    break;
                }
                if !self.eat(b',') {
                    return None;
                }
            }
        }
        Some(if object {
            Json::Object(members)
        } else {
            Json::Array(items)
        })
    }

    /// A string's contents, after its opening quote.
    fn string(&mut self) -> Option<String> {
        let mut out = String::new();
        loop {
            // Copy the run of plain characters. It ends at an ASCII byte, so on a char boundary.
            let start = self.pos;
            while !matches!(self.peek(), 0..=0x1f | b'"' | b'\\') {
                self.pos += 1;
            }
            out.push_str(self.text.get(start..self.pos)?);
            match self.peek() {
                b'"' => {
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.pos += 1;
                    let escape = self.peek();
                    self.pos += 1;
                    let c = if escape == b'u' {
                        self.unicode_escape()?
                    } else {
                        // A table is smaller than a `match` here.
                        let at = b"\"\\/bfnrt".iter().position(|&e| e == escape)?;
                        char::from(*b"\"\\/\x08\x0c\n\r\t".get(at)?)
                    };
                    out.push(c);
                }
                // A raw control character.
                _ => return None,
            }
        }
    }

    /// The character of a `\uXXXX` escape (after the `u`), joining a surrogate pair. `None` for a
    /// lone surrogate.
    fn unicode_escape(&mut self) -> Option<char> {
        let mut code = self.hex4()?;
        if (0xd800..0xdc00).contains(&code) {
            if !(self.eat(b'\\') && self.eat(b'u')) {
                return None;
            }
            let low = self.hex4()?;
            if !(0xdc00..0xe000).contains(&low) {
                return None;
            }
            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        }
        // Rejects a lone low surrogate.
        char::from_u32(code)
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut code = 0;
        for _ in 0..4 {
            code = (code << 4) | char::from(self.peek()).to_digit(16)?;
            self.pos += 1;
        }
        Some(code)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Option<Json> {
        let negative = self.eat(b'-');
        // The magnitude, saturating above i64's range (a compare, not a 128-bit overflow check).
        let mut magnitude = 0u64;
        let mut count = 0;
        while let d @ b'0'..=b'9' = self.peek() {
            if count == 1 && magnitude == 0 {
                // A leading zero.
                return None;
            }
            magnitude = if magnitude > u64::MAX / 10 - 1 {
                u64::MAX
            } else {
                magnitude * 10 + u64::from(d - b'0')
            };
            count += 1;
            self.pos += 1;
        }
        if count == 0 {
            return None;
        }
        let mut value = if negative {
            // -(2^63) is i64::MIN.
            0i64.checked_sub_unsigned(magnitude)
        } else {
            i64::try_from(magnitude).ok()
        };
        if self.eat(b'.') {
            value = None;
            self.digits()?;
        }
        if self.eat(b'e') || self.eat(b'E') {
            value = None;
            let _ = self.eat(b'+') || self.eat(b'-');
            self.digits()?;
        }
        Some(Json::Number(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use Json::{Array, Bool, Null, Number, Object};

    fn s(x: &str) -> Json {
        Json::String(x.to_owned())
    }

    fn int(n: i64) -> Json {
        Number(Some(n))
    }

    fn obj(members: &[(&str, Json)]) -> Json {
        Object(
            members
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    }

    fn nested(depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    /// (input, expected).
    fn table() -> Vec<(String, Option<Json>)> {
        let t = |x: &str, v: Option<Json>| (x.to_owned(), v);
        let mut deep = Array(vec![]);
        for _ in 1..MAX_DEPTH {
            deep = Array(vec![deep]);
        }
        vec![
            // Every kind of value.
            t("null", Some(Null)),
            t("true", Some(Bool(true))),
            t("false", Some(Bool(false))),
            t("0", Some(int(0))),
            t("-0", Some(int(0))),
            t("42", Some(int(42))),
            t("-7", Some(int(-7))),
            t("1001", Some(int(1001))),
            t("9223372036854775807", Some(int(i64::MAX))),
            t("-9223372036854775808", Some(int(i64::MIN))),
            t("9223372036854775808", Some(Number(None))),
            t("-9223372036854775809", Some(Number(None))),
            t("123456789012345678901234567890", Some(Number(None))),
            t("18446744073709551615", Some(Number(None))),
            t("-18446744073709551616", Some(Number(None))),
            t("10000000000000000000", Some(Number(None))),
            t("1.5", Some(Number(None))),
            t("-0.0", Some(Number(None))),
            t("1e3", Some(Number(None))),
            t("1E+3", Some(Number(None))),
            t("2.5e-10", Some(Number(None))),
            t("0e0", Some(Number(None))),
            t(r#""""#, Some(s(""))),
            t(r#""abc""#, Some(s("abc"))),
            t(r#""한글 é 😀""#, Some(s("한글 é 😀"))),
            t(
                r#""\" \\ \/ \b \f \n \r \t""#,
                Some(s("\" \\ / \u{8} \u{c} \n \r \t")),
            ),
            t(r#""\u0041\u00e9\uAC00""#, Some(s("Aé가"))),
            t(r#""\u0000""#, Some(s("\0"))),
            t(r#""\ud83d\ude00""#, Some(s("😀"))),
            t(r#""\uD83D\uDE00x""#, Some(s("😀x"))),
            t("[]", Some(Array(vec![]))),
            t("{}", Some(Object(vec![]))),
            t("[1,\"a\",null]", Some(Array(vec![int(1), s("a"), Null]))),
            t(
                r#"{"a":1,"b":[true,{}],"a":2}"#,
                Some(obj(&[
                    ("a", int(1)),
                    ("b", Array(vec![Bool(true), Object(vec![])])),
                    ("a", int(2)),
                ])),
            ),
            t(
                " \t\r\n{ \"k\" : [ 1 , 2 ] } \n",
                Some(obj(&[("k", Array(vec![int(1), int(2)]))])),
            ),
            t(r#"{"":null}"#, Some(obj(&[("", Null)]))),
            (nested(MAX_DEPTH), Some(deep)),
            // Malformed.
            t("", None),
            t("   ", None),
            t("[1,]", None),
            t("[1,,2]", None),
            t("[,]", None),
            t(r#"{"a":1,}"#, None),
            t("{a:1}", None),
            t("{'a':1}", None),
            t("'a'", None),
            t(r#"{"a" 1}"#, None),
            t(r#"{"a":}"#, None),
            t(r#"{1:2}"#, None),
            t("[1 2]", None),
            t("[1] // c", None),
            t("/* c */ 1", None),
            t("01", None),
            t("-01", None),
            t("00", None),
            t("+1", None),
            t(".5", None),
            t("1.", None),
            t("1.e3", None),
            t("1e", None),
            t("1e+", None),
            t("-", None),
            t("--1", None),
            t("0x1f", None),
            t("NaN", None),
            t("Infinity", None),
            t("-Infinity", None),
            t("tru", None),
            t("True", None),
            t("nul", None),
            t("nulll", None),
            t("falsey", None),
            t("t-1", None),
            t("n1", None),
            t("[nul]", None),
            t(r#""\ud83d""#, None),
            t(r#""\ude00""#, None),
            t(r#""\ud83d\u0041""#, None),
            t(r#""\ud83dx""#, None),
            t(r#""\u12""#, None),
            t(r#""\u12g4""#, None),
            t(r#""\x41""#, None),
            t(r#""\a""#, None),
            t("\"a\nb\"", None),
            t("\"a\tb\"", None),
            t("\"\u{1f}\"", None),
            t(r#""abc"#, None),
            t(r#""abc\"#, None),
            t(r#"{"a": [1,"#, None),
            t("[", None),
            t("{", None),
            t("]", None),
            t("{} x", None),
            t("1 2", None),
            t("\u{feff}{}", None),
            t("\u{a0}1", None),
            (nested(MAX_DEPTH + 1), None),
            (format!("\"{}\"", "a".repeat(MAX_INPUT)), None),
        ]
    }

    #[test]
    fn parser_table() {
        let cases = table();
        assert!(cases.len() >= 40, "only {} cases", cases.len());
        for (input, expected) in cases {
            let shown: String = input.chars().take(80).collect();
            assert_eq!(parse(&input), expected, "input {shown:?}");
        }
    }

    #[test]
    fn limits() {
        let big = format!("\"{}\"", "a".repeat(MAX_INPUT - 2));
        assert_eq!(parse(&big).unwrap().as_str().unwrap().len(), MAX_INPUT - 2);
        let objects = format!("{}1{}", "{\"a\":".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
        assert!(parse(&objects).is_some());
        let objects = format!(
            "{}1{}",
            "{\"a\":".repeat(MAX_DEPTH + 1),
            "}".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(parse(&objects), None);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        for open in ["[", "{\"a\":", "[{\"a\":"] {
            assert_eq!(parse(&open.repeat(10_000)), None);
        }
        assert_eq!(parse(&nested(10_000)), None);
    }

    #[test]
    fn kakao_channels_answer() {
        let doc = parse(
            r#"{"user_id":1001,"channels":[{"channel_uuid":"@kakaochannel","channel_public_id":"_ZeUTxl","relation":"ADDED","updated_at":"2019-05-10T08:06:53Z"}]}"#,
        )
        .unwrap();
        assert_eq!(doc.get("user_id").and_then(Json::as_i64), Some(1001));
        let channels = doc.get("channels").and_then(Json::as_array).unwrap();
        assert_eq!(channels.len(), 1);
        let channel = &channels[0];
        assert_eq!(
            channel.get("channel_public_id").and_then(Json::as_str),
            Some("_ZeUTxl")
        );
        assert_eq!(
            channel.get("channel_uuid").and_then(Json::as_str),
            Some("@kakaochannel")
        );
        assert_eq!(
            channel.get("relation").and_then(Json::as_str),
            Some("ADDED")
        );
        assert_eq!(
            channel.get("updated_at").and_then(Json::as_str),
            Some("2019-05-10T08:06:53Z")
        );
        assert_eq!(channel.get("missing"), None);
        assert_eq!(doc.get("user_id").and_then(Json::as_str), None);
        assert_eq!(channels[0].as_array(), None);
    }

    #[test]
    fn kakao_error_answer() {
        let doc = parse(
            r#"{"msg":"insufficient scopes.","code":-402,"api_type":"TALK_CHANNEL","required_scopes":["plusfriends"],"allowed_scopes":["profile_nickname"]}"#,
        )
        .unwrap();
        assert_eq!(doc.get("code").and_then(Json::as_i64), Some(-402));
        assert_eq!(
            doc.get("msg").and_then(Json::as_str),
            Some("insufficient scopes.")
        );
        assert_eq!(
            doc.get("api_type").and_then(Json::as_str),
            Some("TALK_CHANNEL")
        );
        let scopes: Vec<&str> = doc
            .get("required_scopes")
            .and_then(Json::as_array)
            .unwrap()
            .iter()
            .filter_map(Json::as_str)
            .collect();
        assert_eq!(scopes, ["plusfriends"]);
        let allowed = doc.get("allowed_scopes").and_then(Json::as_array).unwrap();
        assert_eq!(allowed[0].as_str(), Some("profile_nickname"));
    }

    #[test]
    fn accessors() {
        let doc = parse(r#"{"n":null,"f":1.5,"a":[],"s":"x","a":1}"#).unwrap();
        assert!(doc.get("n").unwrap().is_null());
        assert!(!doc.is_null());
        assert_eq!(doc.get("f").unwrap().as_i64(), None);
        assert_eq!(doc.get("a").unwrap().as_array(), Some(&[][..]));
        assert_eq!(doc.get("s").unwrap().as_i64(), None);
        assert_eq!(Null.get("a"), None);
        assert_eq!(Array(vec![]).get("a"), None);
        assert_eq!(Null.as_str(), None);
        assert_eq!(Bool(true).as_i64(), None);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::super::*;
        use proptest::prelude::*;
        use std::fmt::Write;

        /// How the test writer spells things, so the round trip covers several spellings.
        #[derive(Debug, Clone, Copy)]
        struct Style {
            /// Whitespace around every token.
            spaced: bool,
            /// Non-ASCII as `\uXXXX` (surrogate pairs above U+FFFF), controls as `\u00XX`, `/`
            /// as `\/`.
            escape_all: bool,
            /// Upper-case hex digits in escapes.
            upper: bool,
        }

        fn write_str(out: &mut String, text: &str, style: Style) {
            let hex = |out: &mut String, unit: u16| {
                if style.upper {
                    write!(out, "\\u{unit:04X}").unwrap();
                } else {
                    write!(out, "\\u{unit:04x}").unwrap();
                }
            };
            out.push('"');
            for c in text.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '/' if style.escape_all => out.push_str("\\/"),
                    c if style.escape_all && (c < ' ' || !c.is_ascii()) => {
                        let mut units = [0u16; 2];
                        for &mut unit in c.encode_utf16(&mut units) {
                            hex(out, unit);
                        }
                    }
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    '\u{8}' => out.push_str("\\b"),
                    '\u{c}' => out.push_str("\\f"),
                    c if c < ' ' => hex(out, c as u16),
                    c => out.push(c),
                }
            }
            out.push('"');
        }

        fn write(out: &mut String, value: &Json, style: Style) {
            let gap = if style.spaced { " \n\t\r" } else { "" };
            out.push_str(gap);
            match value {
                Json::Null => out.push_str("null"),
                Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Json::Number(Some(n)) => write!(out, "{n}").unwrap(),
                Json::Number(None) if style.upper => out.push_str("-0.25E+3"),
                Json::Number(None) => out.push_str("99999999999999999999"),
                Json::String(text) => write_str(out, text, style),
                Json::Array(items) => {
                    out.push('[');
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        write(out, item, style);
                    }
                    out.push_str(gap);
                    out.push(']');
                }
                Json::Object(members) => {
                    out.push('{');
                    for (i, (key, item)) in members.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        out.push_str(gap);
                        write_str(out, key, style);
                        out.push_str(gap);
                        out.push(':');
                        write(out, item, style);
                    }
                    out.push_str(gap);
                    out.push('}');
                }
            }
            out.push_str(gap);
        }

        fn text() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<String>(),
                "[\"\\\\/\\x00-\\x1f\\x7f a-z0-9é가😀\u{ffff}\u{10000}\u{10ffff}]{0,12}",
            ]
        }

        fn json() -> impl Strategy<Value = Json> {
            let leaf = prop_oneof![
                Just(Json::Null),
                any::<bool>().prop_map(Json::Bool),
                any::<Option<i64>>().prop_map(Json::Number),
                prop_oneof![Just(0i64), Just(-1), Just(i64::MIN), Just(i64::MAX)]
                    .prop_map(|n| Json::Number(Some(n))),
                text().prop_map(Json::String),
            ];
            leaf.prop_recursive(4, 64, 8, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..8).prop_map(Json::Array),
                    prop::collection::vec((text(), inner), 0..8).prop_map(Json::Object),
                ]
            })
        }

        fn style() -> impl Strategy<Value = Style> {
            (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(spaced, escape_all, upper)| {
                Style {
                    spaced,
                    escape_all,
                    upper,
                }
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(4000))]

            /// No input panics.
            #[test]
            fn any_string_is_safe(input in any::<String>()) {
                let _ = parse(&input);
            }

            /// Inputs built from JSON-ish characters get much deeper into the parser.
            #[test]
            fn json_like_strings_are_safe(input in r#"[\[\]{}",:0-9a-z\\ .eE+-]{0,200}"#) {
                let _ = parse(&input);
            }

            /// Whatever the writer produces parses back to the same value.
            #[test]
            fn round_trip(value in json(), style in style()) {
                let mut text = String::new();
                write(&mut text, &value, style);
                prop_assert_eq!(parse(&text), Some(value), "text {:?}", text);
            }

            /// Cutting a valid document anywhere never panics, and a prefix of an array or object
            /// document never parses.
            #[test]
            fn truncations_are_safe(value in json(), style in style(), cut in any::<prop::sample::Index>()) {
                let mut text = String::new();
                write(&mut text, &value, style);
                let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
                let at = boundaries[cut.index(boundaries.len())];
                let prefix = &text[..at];
                let got = parse(prefix);
                if matches!(value, Json::Array(_) | Json::Object(_) | Json::String(_))
                    && at < text.trim_end().len()
                {
                    prop_assert_eq!(got, None, "prefix {:?}", prefix);
                }
            }
        }
    }
}
