//! The SDK's one error type and its stable, documented error codes.
//!
//! Codes are data, not ordinals: each [`ErrorCode`] maps to a fixed SCREAMING_SNAKE string that
//! reaches JavaScript as `err.code`. Codes are only ever added, never renamed.

use super::text::push_hex;

use core::fmt;

/// A stable error code, exposed to JavaScript as `KakaoChannelError.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The input is not a channel public ID or a pf.kakao.com channel URL.
    InvalidChannelId,
    /// The input is an `@search` ID, which Kakao's APIs do not accept.
    SearchIdNotSupported,
    /// Any other bad option (missing app key, unknown lang, bad host, empty token, ...).
    InvalidArgument,
    /// A function that needs `init` was called before it.
    NotInitialized,
    /// No window where one is needed, or a browser Kakao does not support for this flow.
    UnsupportedEnvironment,
    /// `followChannel` could not open its window.
    PopupBlocked,
    /// The request never got an HTTP answer.
    Network,
    /// No answer within `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// Kakao answered -401.
    InvalidToken,
    /// Kakao answered -402; `requiredScopes` lists what to ask for.
    ConsentRequired,
    /// Kakao answered -10 or HTTP 429.
    RateLimited,
    /// Any other Kakao error; `status` and `kakaoCode` carry Kakao's values.
    KakaoApi,
    /// The answer was not the JSON Kakao documents.
    InvalidResponse,
    /// The follow-channel page reported a `KAE...` error.
    FollowFailed,
    /// The server entry was used in a page.
    AdminKeyInBrowser,
    /// Webhook `Authorization` missing or wrong.
    WebhookUnauthorized,
    /// Webhook body malformed.
    InvalidWebhook,
}

impl ErrorCode {
    /// Every code, in the order of the api.md table.
    pub const ALL: [ErrorCode; 18] = [
        ErrorCode::InvalidChannelId,
        ErrorCode::SearchIdNotSupported,
        ErrorCode::InvalidArgument,
        ErrorCode::NotInitialized,
        ErrorCode::UnsupportedEnvironment,
        ErrorCode::PopupBlocked,
        ErrorCode::Network,
        ErrorCode::Timeout,
        ErrorCode::Aborted,
        ErrorCode::InvalidToken,
        ErrorCode::ConsentRequired,
        ErrorCode::RateLimited,
        ErrorCode::KakaoApi,
        ErrorCode::InvalidResponse,
        ErrorCode::FollowFailed,
        ErrorCode::AdminKeyInBrowser,
        ErrorCode::WebhookUnauthorized,
        ErrorCode::InvalidWebhook,
    ];

    /// The string JavaScript sees as `err.code`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidChannelId => "INVALID_CHANNEL_ID",
            ErrorCode::SearchIdNotSupported => "SEARCH_ID_NOT_SUPPORTED",
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::NotInitialized => "NOT_INITIALIZED",
            ErrorCode::UnsupportedEnvironment => "UNSUPPORTED_ENVIRONMENT",
            ErrorCode::PopupBlocked => "POPUP_BLOCKED",
            ErrorCode::Network => "NETWORK",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::Aborted => "ABORTED",
            ErrorCode::InvalidToken => "INVALID_TOKEN",
            ErrorCode::ConsentRequired => "CONSENT_REQUIRED",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::KakaoApi => "KAKAO_API",
            ErrorCode::InvalidResponse => "INVALID_RESPONSE",
            ErrorCode::FollowFailed => "FOLLOW_FAILED",
            ErrorCode::AdminKeyInBrowser => "ADMIN_KEY_IN_BROWSER",
            ErrorCode::WebhookUnauthorized => "WEBHOOK_UNAUTHORIZED",
            ErrorCode::InvalidWebhook => "INVALID_WEBHOOK",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Kakao's own error code: a number from the REST API (`-402`) or a string from the
/// follow-channel page (`KAE005`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KakaoCode {
    /// A REST API `code` such as `-401`.
    Number(i64),
    /// An apps-page `error_code` such as `KAE005`.
    Text(String),
}

/// An SDK failure: a stable [`ErrorCode`], a message that says what happened and what to do, and
/// Kakao's details when Kakao answered.
///
/// Messages never contain access tokens or admin keys.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.message)]
pub struct Error(Box<Inner>);

/// The error's fields, boxed so a `Result` stays pointer-sized (smaller, faster wasm).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    code: ErrorCode,
    message: String,
    status: Option<u16>,
    kakao_code: Option<KakaoCode>,
    required_scopes: Vec<String>,
}

/// The SDK's result type.
pub type Result<T> = core::result::Result<T, Error>;

impl Error {
    /// An error with a code and a message.
    #[inline(never)]
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            code,
            message: message.into(),
            status: None,
            kakao_code: None,
            required_scopes: Vec::new(),
        }))
    }

    /// `INVALID_ARGUMENT` with a message.
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::InvalidArgument, message)
    }

    /// Attaches the HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.0.status = Some(status);
        self
    }

    /// Attaches Kakao's own code.
    pub fn with_kakao_code(mut self, code: KakaoCode) -> Self {
        self.0.kakao_code = Some(code);
        self
    }

    /// Attaches the scopes Kakao says the user must consent to.
    pub fn with_required_scopes(mut self, scopes: Vec<String>) -> Self {
        self.0.required_scopes = scopes;
        self
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.0.code
    }

    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The HTTP status, when an HTTP answer caused the error.
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }

    /// Kakao's own code, when Kakao reported one.
    pub fn kakao_code(&self) -> Option<&KakaoCode> {
        self.0.kakao_code.as_ref()
    }

    /// The scopes to request again (for `CONSENT_REQUIRED`); empty otherwise.
    pub fn required_scopes(&self) -> &[String] {
        &self.0.required_scopes
    }
}

/// Renders untrusted input for an error message: at most `max` characters, with control
/// characters and quotes escaped, so a message can never smuggle markup or a huge string.
pub fn quote_input(input: &str, max: usize) -> String {
    let mut out = String::from("\"");
    for (count, ch) in input.chars().enumerate() {
        if count == max {
            out.push('…');
            break;
        }
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str("\\u{");
                push_hex(&mut out, c as u32, 1);
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One line per code: the table of api.md §3, verbatim. Renaming a code fails here.
    #[test]
    fn every_code_has_its_documented_string() {
        let expected = [
            "INVALID_CHANNEL_ID",
            "SEARCH_ID_NOT_SUPPORTED",
            "INVALID_ARGUMENT",
            "NOT_INITIALIZED",
            "UNSUPPORTED_ENVIRONMENT",
            "POPUP_BLOCKED",
            "NETWORK",
            "TIMEOUT",
            "ABORTED",
            "INVALID_TOKEN",
            "CONSENT_REQUIRED",
            "RATE_LIMITED",
            "KAKAO_API",
            "INVALID_RESPONSE",
            "FOLLOW_FAILED",
            "ADMIN_KEY_IN_BROWSER",
            "WEBHOOK_UNAUTHORIZED",
            "INVALID_WEBHOOK",
        ];
        let actual: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(actual, expected);
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
        }
    }

    #[test]
    fn builder_keeps_details() {
        let err = Error::new(ErrorCode::ConsentRequired, "ask for plusfriends")
            .with_status(403)
            .with_kakao_code(KakaoCode::Number(-402))
            .with_required_scopes(vec!["plusfriends".into()]);
        assert_eq!(err.code(), ErrorCode::ConsentRequired);
        assert_eq!(err.status(), Some(403));
        assert_eq!(err.kakao_code(), Some(&KakaoCode::Number(-402)));
        assert_eq!(err.required_scopes(), ["plusfriends"]);
        assert_eq!(err.to_string(), "ask for plusfriends");
    }

    #[test]
    fn quote_input_truncates_and_escapes() {
        assert_eq!(quote_input("abc", 10), "\"abc\"");
        assert_eq!(quote_input("abcdef", 3), "\"abc…\"");
        assert_eq!(quote_input("a\"b\n", 10), "\"a\\\"b\\u{a}\"");
        assert_eq!(quote_input("x\u{feff}", 10), "\"x\\u{feff}\"");
    }
}
