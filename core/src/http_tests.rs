//! Unit tests of `http.rs`: headers, retry policy and timeout scope, error mapping, redaction.
use super::*;
use crate::value::testing::parse;

/// `api_error` on a body the way `JSON.parse` would read it.
fn api_error_text(status: u16, body: &str, secret: &str) -> Error {
    api_error(status, parse(body).as_ref(), secret)
}

fn fixture(name: &str) -> &'static str {
    match name {
        "401" => include_str!("../../tests/fixtures/error-401-invalid-token.json"),
        "401-domain" => include_str!("../../tests/fixtures/error-401-domain-mismatch.json"),
        "402" => include_str!("../../tests/fixtures/error-402-insufficient-scopes.json"),
        "10" => include_str!("../../tests/fixtures/error-10-quota.json"),
        "3" => include_str!("../../tests/fixtures/error-3-disabled.json"),
        "819" => include_str!("../../tests/fixtures/error-819-not-connected.json"),
        "541" => include_str!("../../tests/fixtures/error-541-no-channel.json"),
        "2" => include_str!("../../tests/fixtures/error-2-bad-parameter.json"),
        _ => unreachable!(),
    }
}

/// One line per Kakao code: (status, fixture, SDK code, kakaoCode).
#[test]
fn mapping_table() {
    let table = [
        (401, "401", ErrorCode::InvalidToken, -401),
        (401, "401-domain", ErrorCode::InvalidToken, -401),
        (403, "402", ErrorCode::ConsentRequired, -402),
        (400, "10", ErrorCode::RateLimited, -10),
        (429, "10", ErrorCode::RateLimited, -10),
        (403, "3", ErrorCode::KakaoApi, -3),
        (400, "819", ErrorCode::KakaoApi, -819),
        (400, "541", ErrorCode::KakaoApi, -541),
        (400, "2", ErrorCode::KakaoApi, -2),
    ];
    for (status, name, code, kakao) in table {
        let err = api_error_text(status, fixture(name), "secret-token");
        assert_eq!(err.code(), code, "{name}: {}", err.message());
        assert_eq!(err.status(), Some(status), "{name}");
        assert_eq!(err.kakao_code(), Some(&KakaoCode::Number(kakao)), "{name}");
        assert!(
            err.message().starts_with("Kakao answered "),
            "{}",
            err.message()
        );
    }
}

#[test]
fn consent_required_names_the_scopes() {
    let err = api_error_text(403, fixture("402"), "");
    assert_eq!(err.required_scopes(), ["plusfriends"]);
    assert!(err.message().contains("scope=plusfriends"));
    let err = api_error_text(403, r#"{"code":-402,"msg":"x"}"#, "");
    assert_eq!(
        err.required_scopes(),
        ["plusfriends"],
        "defaults to plusfriends"
    );
    let err = api_error_text(
        403,
        r#"{"code":-402,"msg":"x","required_scopes":["a","b"]}"#,
        "",
    );
    assert_eq!(err.required_scopes(), ["a", "b"]);
}

#[test]
fn domain_mismatch_explains_the_console_setting() {
    let err = api_error_text(401, fixture("401-domain"), "");
    assert!(
        err.message().contains("JavaScript SDK domain"),
        "{}",
        err.message()
    );
}

#[test]
fn bodies_that_are_not_kakao_errors() {
    let html = "<html><body><h1>500 Internal Server Error</h1></body></html>";
    for (status, body, code) in [
        (500, html, ErrorCode::InvalidResponse),
        (502, "", ErrorCode::InvalidResponse),
        (400, "{\"code\":\"x\"}", ErrorCode::InvalidResponse),
        (404, "not found", ErrorCode::InvalidResponse),
        (429, "slow down", ErrorCode::RateLimited),
    ] {
        let err = api_error_text(status, body, "");
        assert_eq!(err.code(), code, "{status} {body:?}");
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.kakao_code(), None);
    }
}

#[test]
fn secrets_are_redacted_from_kakao_text() {
    let err = api_error_text(
        401,
        r#"{"code":-401,"msg":"bad token abcdef123 here"}"#,
        "abcdef123",
    );
    assert!(!err.message().contains("abcdef123"), "{}", err.message());
    assert!(err.message().contains("[redacted]"));
    assert_eq!(redact("aXYZaXYZ", "XYZa"), "a[redacted]XYZ");
    assert_eq!(redact("short", "ab"), "short");
    // A secret that re-forms across the marker and the text after it is still hidden.
    assert_eq!(redact("d]abab", "d]ab"), "[redacted]");
    assert_eq!(redact("x dact x", "dact"), "");
}

/// [`retry_wait`] under [`BROWSER_RETRY`] for an answer's status, as the browser's request path
/// classifies it (`Retry::of_status`).
fn retry_delay(attempt: u32, status: u16, random: f64) -> Option<u32> {
    retry_wait(
        &BROWSER_RETRY,
        attempt,
        Retry::of_status(status),
        None,
        random,
    )
}

#[test]
fn retry_policy() {
    assert_eq!(retry_delay(0, 0, 0.0), Some(200));
    assert_eq!(retry_delay(0, 503, 0.999), Some(499));
    assert_eq!(retry_delay(0, 500, f64::NAN), Some(350));
    assert_eq!(retry_delay(0, 500, 7.0), Some(500));
    assert_eq!(retry_delay(1, 500, 0.5), None, "only one retry");
    assert_eq!(retry_delay(1, 0, 0.5), None);
    for status in [400, 401, 403, 404, 429, 200] {
        assert_eq!(retry_delay(0, status, 0.5), None, "{status}");
    }
}

#[test]
fn no_answer_ends_or_retries_by_timeout_scope() {
    let each = RetryPolicy {
        timeout: TimeoutScope::EachAttempt,
        ..BROWSER_RETRY
    };
    for policy in [BROWSER_RETRY, each] {
        assert_eq!(no_answer(&policy, Transport::Aborted), None);
        assert_eq!(
            no_answer(&policy, Transport::Network),
            Some(Retry::Transient)
        );
    }
    // The browser's timeoutMs bounds the whole call: running out ends it.
    assert_eq!(no_answer(&BROWSER_RETRY, Transport::Timeout), None);
    // The admin's bounds each attempt: a timed-out attempt is retried.
    assert_eq!(no_answer(&each, Transport::Timeout), Some(Retry::Transient));
}

#[test]
#[cfg(feature = "admin")]
fn one_decision_two_policies() {
    // The browser's policy never waits out a rate limit; the admin's does, Retry-After first.
    assert_eq!(
        retry_wait(&BROWSER_RETRY, 0, Retry::RateLimited, None, 0.5),
        None
    );
    assert_eq!(
        retry_wait(&BROWSER_RETRY, 0, Retry::Transient, None, 0.5),
        Some(350)
    );
    let admin = crate::admin::admin_retry(5);
    assert_eq!(
        retry_wait(&admin, 0, Retry::RateLimited, Some(1000), 0.0),
        Some(1000)
    );
    assert_eq!(retry_wait(&admin, 0, Retry::No, None, 0.0), None);
    assert_eq!(
        retry_wait(&admin, 2, Retry::Transient, None, 1.0),
        Some(2000)
    );
    assert_eq!(Retry::of_status(0), Retry::Transient);
    assert_eq!(Retry::of_status(502), Retry::Transient);
    assert_eq!(Retry::of_status(429), Retry::No);
}

#[test]
fn transport_errors() {
    assert_eq!(
        transport_error(Transport::Network, 0).code(),
        ErrorCode::Network
    );
    let t = transport_error(Transport::Timeout, 10000);
    assert_eq!(t.code(), ErrorCode::Timeout);
    assert!(t.message().contains("10000 ms"));
    assert_eq!(
        transport_error(Transport::Aborted, 0).code(),
        ErrorCode::Aborted
    );
    assert!(is_success(204) && !is_success(301) && !is_success(199));
    assert_eq!(Method::Post.as_str(), "POST");
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    proptest! {
        /// Any status and body map to an error carrying the status, and Kakao's text is
        /// quoted with a token-shaped secret redacted wherever Kakao echoed it.
        #[test]
        fn errors_never_leak_the_secret(
            status in any::<u16>(),
            code in prop::sample::select(vec![-1i64, -2, -3, -10, -101, -401, -402, -541, -816, -819, 7]),
            secret in "[A-Za-z][0-9][A-Za-z0-9_-]{9,60}",
            before in ".{0,80}",
            after in ".{0,80}",
        ) {
            let msg = [before.as_str(), &secret, &after, &secret].concat();
            let body = json!({"code": code, "msg": msg, "required_scopes": [secret]});
            for credential in [Credential::AccessToken, Credential::AdminKey] {
                for body in [Some(&body), None] {
                    let err = api_error_as(status, body, &secret, credential);
                    prop_assert_eq!(err.status(), Some(status));
                    prop_assert!(!err.message().contains(&secret), "{}", err.message());
                    prop_assert!(err.message().len() < 2048);
                }
            }
        }

        /// Bodies of any shape (the platform's parser read them) never make the mapping panic.
        #[test]
        fn any_body_maps(status in any::<u16>(), body in r#"[\[\]{}",:0-9a-z_\- ]{0,120}"#) {
            let err = api_error(status, parse(&body).as_ref(), "token-1234");
            prop_assert_eq!(err.status(), Some(status));
        }

        /// Whatever the text and the secret (4 characters or more), the secret is gone.
        #[test]
        fn redact_leaves_no_secret(text in "[a-e\\[\\]]{0,40}", secret in "[a-e\\[\\]]{4,8}") {
            prop_assert!(!redact(&text, &secret).contains(&secret));
        }
    }
}
