//! Secrets the SDK sends (app keys, admin keys, access tokens): the one rule for what fits an
//! `Authorization` header, and the one place Kakao's `KakaoAK` scheme is written. Messages never
//! repeat a secret; each caller words its own advice around the [`Flaw`] found.

use super::text::cat;

/// Kakao's authorization scheme for app and admin keys (without the space).
pub const KAKAO_AK_SCHEME: &str = "KakaoAK";

/// `KakaoAK {key}`: the `Authorization` value for an app key (`validate/sdk`) or an admin key.
pub fn kakao_ak(key: &str) -> String {
    cat(&[KAKAO_AK_SCHEME, " ", key])
}

/// `Bearer {token}`: the `Authorization` value for a Kakao Login access token.
pub fn bearer(token: &str) -> String {
    cat(&["Bearer ", token])
}

/// What is wrong with a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flaw {
    /// Empty.
    Missing,
    /// Too long, or with a character outside visible ASCII (a space or a control character
    /// could split or extend the header).
    Malformed,
}

/// Checks the one rule: 1 to `max_len` visible ASCII characters. Callers that accept surrounding
/// white space (keys pasted from a console) trim before calling.
pub fn check(value: &str, max_len: usize) -> Result<(), Flaw> {
    if value.is_empty() {
        Err(Flaw::Missing)
    } else if value.len() > max_len || !value.bytes().all(|b| b.is_ascii_graphic()) {
        Err(Flaw::Malformed)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule() {
        assert_eq!(check("", 8), Err(Flaw::Missing));
        assert_eq!(check("abc-123_~", 9), Ok(()));
        assert_eq!(check("abc-123_~", 8), Err(Flaw::Malformed));
        for bad in ["a b", "a\nb", "a\tb", "키", "a\u{7f}"] {
            assert_eq!(check(bad, 64), Err(Flaw::Malformed), "{bad:?}");
        }
        assert_eq!(kakao_ak("k1"), "KakaoAK k1");
        assert_eq!(bearer("t"), "Bearer t");
    }
}
