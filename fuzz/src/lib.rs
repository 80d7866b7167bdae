//! Helpers shared by the fuzz targets: the plain-text input format of the seeds, and the
//! invariants several targets check.
//!
//! Inputs are text so the seeds under `corpus/` can be written and read by hand: most targets
//! take a first line of parameters (`STATUS SECRET`, an origin, …) and the rest of the input as
//! the body. Bytes that are not UTF-8 are replaced (U+FFFD), so every input reaches the code.

use kakao_channel_core::Error;
use serde_json::Value;

/// The input as text (invalid UTF-8 replaced).
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Splits off the first line (without its `\n`); the rest may be empty.
pub fn first_line(s: &str) -> (&str, &str) {
    match s.split_once('\n') {
        Some((head, rest)) => (head, rest),
        None => (s, ""),
    }
}

/// An HTTP status from text: its digits, saturated to `u16::MAX`; 200 when it has none.
pub fn status_of(s: &str) -> u16 {
    let digits: String = s.chars().filter(char::is_ascii_digit).take(6).collect();
    digits
        .parse::<u32>()
        .map_or(200, |n| u16::try_from(n).unwrap_or(u16::MAX))
}

/// `STATUS SECRET\nBODY` → (status, secret, body). The secret is everything after the first
/// space of the first line (may be empty or contain spaces).
pub fn status_secret_body(s: &str) -> (u16, &str, &str) {
    let (head, body) = first_line(s);
    let (status, secret) = head.split_once(' ').unwrap_or((head, ""));
    (status_of(status), secret, body)
}

/// Parses like the platform's `JSON.parse`: `None` for text that is not JSON.
pub fn json(body: &str) -> Option<Value> {
    serde_json::from_str(body).ok()
}

/// A secret shaped like a real access token or admin key: 11 to 512 characters of
/// `[A-Za-z0-9_-]`, at least one letter and one digit. No message boilerplate (English words,
/// plain numbers, "redacted") can contain one, so if an error message contains it, the message
/// leaked it.
pub fn is_token_like(secret: &str) -> bool {
    (11..=512).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && secret.bytes().any(|b| b.is_ascii_alphabetic())
        && secret.bytes().any(|b| b.is_ascii_digit())
}

/// The error's message must not contain a token-like `secret`.
pub fn assert_no_leak(error: &Error, secret: &str) {
    if is_token_like(secret) {
        assert!(
            !error.message().contains(secret),
            "the message leaks the secret {secret:?}: {}",
            error.message()
        );
    }
}

/// Every message is bounded and clean: untrusted text is quoted (truncated, control characters
/// escaped), so a message can carry neither a huge string nor a line break or terminal escape.
pub fn assert_clean(error: &Error) {
    let message = error.message();
    assert!(!message.is_empty(), "empty message for {:?}", error.code());
    assert!(
        message.len() <= 2048,
        "message of {} bytes: {message}",
        message.len()
    );
    assert!(
        !message
            .chars()
            .any(|c| c.is_control() || matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')),
        "unescaped control character in {message:?}"
    );
}

/// Is `s` exactly what the channel-ID rules accept: `_` + 1..=31 ASCII letters or digits?
pub fn is_safe_channel_id(s: &str) -> bool {
    s.len() >= 2
        && s.len() <= 32
        && s.starts_with('_')
        && s.bytes().skip(1).all(|b| b.is_ascii_alphanumeric())
        && !s.contains(['/', '?', '#', ':', '@', '%', '\\'])
}
