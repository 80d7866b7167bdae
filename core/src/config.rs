//! `init` options: the app key, the language and Kakao's hosts, validated.

use super::error::{quote_input, Error, Result};
use super::secret::{self, Flaw};
use super::text::{cat, find, find_any, split_once};

/// A language Kakao's pages support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Korean.
    Ko,
    /// English.
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Parses `ko`, `en` or `ja`.
    pub fn parse(value: &str) -> Result<Lang> {
        match value {
            "ko" => Ok(Lang::Ko),
            "en" => Ok(Lang::En),
            "ja" => Ok(Lang::Ja),
            other => Err(Error::invalid_argument(cat(&[
                "lang must be 'ko', 'en' or 'ja', not ",
                &quote_input(other, 20),
                ".",
            ]))),
        }
    }

    /// The code sent to Kakao.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

/// Kakao's hosts, each a validated base URL without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hosts {
    /// REST API host (kapi).
    pub api: String,
    /// Auth host (kauth).
    pub auth: String,
    /// Channel pages host (pf).
    pub pf: String,
    /// Apps host (follow channel).
    pub apps: String,
    /// KakaoTalk's universal-link host (iOS and iPadOS app hand-over: `{talk_apps}/scheme/…`).
    pub talk_apps: String,
}

/// Kakao's default hosts: the one place they are written.
pub mod default_host {
    /// REST API host (kapi).
    pub const API: &str = "https://kapi.kakao.com";
    /// Auth host (kauth).
    pub const AUTH: &str = "https://kauth.kakao.com";
    /// Channel pages host (pf).
    pub const PF: &str = "https://pf.kakao.com";
    /// Apps host (follow channel).
    pub const APPS: &str = "https://apps.kakao.com";
    /// KakaoTalk's universal-link host, which Kakao's SDK 2.7.4 sends iOS and iPadOS through.
    pub const TALK_APPS: &str = "https://talk-apps.kakao.com";
}

impl Default for Hosts {
    fn default() -> Self {
        Hosts {
            api: default_host::API.into(),
            auth: default_host::AUTH.into(),
            pf: default_host::PF.into(),
            apps: default_host::APPS.into(),
            talk_apps: default_host::TALK_APPS.into(),
        }
    }
}

/// The validated override, or Kakao's default host.
#[inline(never)]
fn host_or(input: &Option<HostInput>, name: &str, default: &str) -> Result<String> {
    match input {
        Some(input) => validate_base_url(name, &input.value, input.parts.as_ref()),
        None => Ok(default.to_owned()),
    }
}

/// One host override: the caller's value and its parts from the URL parser (see [`UrlParts`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostInput {
    /// What the caller passed.
    pub value: String,
    /// Its parts, from the platform's URL parser; `None` when the parser refused the value.
    pub parts: Option<UrlParts>,
}

/// Host overrides as given by the caller; `None` keeps Kakao's default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostOptions {
    /// `hosts.api`.
    pub api: Option<HostInput>,
    /// `hosts.auth`.
    pub auth: Option<HostInput>,
    /// `hosts.pf`.
    pub pf: Option<HostInput>,
    /// `hosts.apps`.
    pub apps: Option<HostInput>,
    /// `hosts.talkApps`.
    pub talk_apps: Option<HostInput>,
}

impl Hosts {
    /// Kakao's hosts with the caller's overrides, each validated by [`validate_base_url`].
    pub fn with_overrides(options: &HostOptions) -> Result<Hosts> {
        Ok(Hosts {
            api: host_or(&options.api, "api", default_host::API)?,
            auth: host_or(&options.auth, "auth", default_host::AUTH)?,
            pf: host_or(&options.pf, "pf", default_host::PF)?,
            apps: host_or(&options.apps, "apps", default_host::APPS)?,
            talk_apps: host_or(&options.talk_apps, "talkApps", default_host::TALK_APPS)?,
        })
    }
}

/// A URL as the WHATWG URL parser (`new URL(value)` in browsers and Node) splits it. The wasm
/// boundary asks the platform's parser (`web_sys::Url`), which is what `fetch` and `window.open`
/// will use, and fills these from its getters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlParts {
    /// `https:`.
    pub protocol: String,
    /// User name (must be empty).
    pub username: String,
    /// Password (must be empty).
    pub password: String,
    /// Host name, lower-case; IPv6 in brackets.
    pub hostname: String,
    /// Port, empty for the scheme's default.
    pub port: String,
    /// Path, at least `/`.
    pub pathname: String,
    /// `?query` (must be empty).
    pub search: String,
    /// `#fragment` (must be empty).
    pub hash: String,
}

fn host_error(name: &str, value: &str, why: &str) -> Error {
    Error::invalid_argument(cat(&[
        "hosts.",
        name,
        " ",
        &quote_input(value, 80),
        " is not usable: ",
        why,
        ". Use https (plain http only on 127.0.0.1, localhost or [::1], for tests).",
    ]))
}

/// Validates a host override from its parsed parts: `https://host[:port][/path]`, or `http://`
/// on loopback only (`127.0.0.0/8`, `localhost`, `[::1]`); no user info, query or fragment.
/// Returns it normalised (`scheme://host[:port][/path]`, no trailing slash).
#[inline(never)]
pub fn validate_base_url(name: &str, value: &str, parts: Option<&UrlParts>) -> Result<String> {
    let why = match parts {
        None => "it is not a URL",
        Some(p) if p.protocol != "https:" && p.protocol != "http:" => "it must start with https://",
        Some(p) if p.protocol == "http:" && !is_loopback(&p.hostname) => {
            "plain http is only for loopback hosts"
        }
        Some(p) if !p.username.is_empty() || !p.password.is_empty() => {
            "user names and passwords are not allowed"
        }
        Some(p)
            if !p.search.is_empty() || !p.hash.is_empty() || find_any(value, b"?#").is_some() =>
        {
            "it must not have a query or fragment"
        }
        Some(p) if p.hostname.is_empty() => "it has no host",
        Some(p) => {
            let path = p.pathname.trim_end_matches('/');
            return Ok(cat(&[
                &p.protocol,
                "//",
                &p.hostname,
                if p.port.is_empty() { "" } else { ":" },
                &p.port,
                path,
            ]));
        }
    };
    Err(host_error(name, value, why))
}

/// The origin (`scheme://host[:port]`) of a URL produced by [`validate_base_url`].
pub fn origin_of(base: &str) -> &str {
    let after_scheme = find(base, "://").map_or(0, |i| i + 3);
    match base
        .get(after_scheme..)
        .and_then(|rest| find_any(rest, b"/"))
    {
        Some(slash) => base.get(..after_scheme + slash).unwrap_or(base),
        None => base,
    }
}

/// Is the (lower-case) host a loopback name or address?
pub fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host == "[::1]" || host == "[0:0:0:0:0:0:0:1]" {
        return true;
    }
    // 127.0.0.0/8: four decimal octets, the first 127.
    let mut octets = 0;
    let mut rest = host;
    loop {
        let (octet, tail) = match split_once(rest, b'.') {
            Some((o, t)) => (o, Some(t)),
            None => (rest, None),
        };
        let valid = !octet.is_empty() && octet.len() <= 3 && octet.parse::<u8>().is_ok();
        if !valid || (octets == 0 && octet != "127") {
            return false;
        }
        octets += 1;
        match tail {
            Some(t) => rest = t,
            None => return octets == 4,
        }
    }
}

/// Validates an app's JavaScript key: 1 to 128 visible ASCII characters.
pub fn validate_app_key(value: &str) -> Result<String> {
    let key = value.trim();
    match secret::check(key, 128) {
        Ok(()) => Ok(key.to_owned()),
        Err(Flaw::Missing) => Err(Error::invalid_argument(
            "appKey is missing: pass the JavaScript key from Kakao Developers → App Keys.",
        )),
        Err(Flaw::Malformed) => Err(Error::invalid_argument(
            "appKey is not an app key: pass the JavaScript key from Kakao Developers → App Keys.",
        )),
    }
}

/// The validated configuration `init` stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The app's JavaScript key.
    pub app_key: String,
    /// The default language for Kakao's pages.
    pub lang: Option<Lang>,
    /// Kakao's hosts.
    pub hosts: Hosts,
}

impl Config {
    /// Validates raw `init` options.
    pub fn new(app_key: &str, lang: Option<&str>, hosts: &HostOptions) -> Result<Config> {
        Ok(Config {
            app_key: validate_app_key(app_key)?,
            lang: lang.map(Lang::parse).transpose()?,
            hosts: Hosts::with_overrides(hosts)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn langs() {
        assert_eq!(Lang::parse("ko").unwrap(), Lang::Ko);
        assert_eq!(Lang::parse("en").unwrap().as_str(), "en");
        assert_eq!(Lang::parse("ja").unwrap().as_str(), "ja");
        for bad in ["", "KO", "kr", "zh", "ko-KR"] {
            assert_eq!(
                Lang::parse(bad).unwrap_err().code(),
                ErrorCode::InvalidArgument
            );
        }
    }

    /// Parts exactly as `new URL(value)` gives them (checked against Node in
    /// tests/node/server-entry.test.mjs for the end-to-end path).
    /// The eight parts, newline-joined: protocol, username, password, hostname, port, pathname,
    /// search, hash.
    fn parts(lines: &str) -> Option<UrlParts> {
        let p: Vec<String> = lines.split('\n').map(str::to_owned).collect();
        let [protocol, username, password, hostname, port, pathname, search, hash] =
            <[String; 8]>::try_from(p).ok()?;
        Some(UrlParts {
            protocol,
            username,
            password,
            hostname,
            port,
            pathname,
            search,
            hash,
        })
    }

    #[test]
    fn host_table() {
        let ok = [
            (
                "https:\n\n\nkapi.kakao.com\n\n/\n\n",
                "https://kapi.kakao.com",
            ),
            (
                "https:\n\n\nproxy.example\n8443\n/kakao/\n\n",
                "https://proxy.example:8443/kakao",
            ),
            ("http:\n\n\n127.0.0.1\n8080\n/\n\n", "http://127.0.0.1:8080"),
            ("http:\n\n\n127.1.2.3\n\n/\n\n", "http://127.1.2.3"),
            ("http:\n\n\nlocalhost\n3000\n/\n\n", "http://localhost:3000"),
            ("http:\n\n\n[::1]\n9000\n/\n\n", "http://[::1]:9000"),
            (
                "http:\n\n\n127.0.0.1\n9\n/__fake/no-content\n\n",
                "http://127.0.0.1:9/__fake/no-content",
            ),
        ];
        for (lines, want) in ok {
            assert_eq!(
                validate_base_url("api", want, parts(lines).as_ref()).as_deref(),
                Ok(want),
                "{lines:?}"
            );
        }
        let bad = [
            ("kapi.kakao.com", ""),
            (
                "http://kapi.kakao.com",
                "http:\n\n\nkapi.kakao.com\n\n/\n\n",
            ),
            ("http://192.168.0.1", "http:\n\n\n192.168.0.1\n\n/\n\n"),
            ("http://10.0.0.1:8080", "http:\n\n\n10.0.0.1\n8080\n/\n\n"),
            (
                "http://127.0.0.1.evil.com",
                "http:\n\n\n127.0.0.1.evil.com\n\n/\n\n",
            ),
            (
                "http://localhost.evil.com",
                "http:\n\n\nlocalhost.evil.com\n\n/\n\n",
            ),
            ("http://[::2]", "http:\n\n\n[::2]\n\n/\n\n"),
            ("http://128.0.0.1", "http:\n\n\n128.0.0.1\n\n/\n\n"),
            ("ftp://kapi.kakao.com", "ftp:\n\n\nkapi.kakao.com\n\n/\n\n"),
            ("javascript:alert(1)", "javascript:\n\n\n\n\nalert(1)\n\n"),
            (
                "https://user:pw@kapi.kakao.com",
                "https:\nuser\npw\nkapi.kakao.com\n\n/\n\n",
            ),
            (
                "https://kapi.kakao.com?x=1",
                "https:\n\n\nkapi.kakao.com\n\n/\n?x=1\n",
            ),
            (
                "https://kapi.kakao.com#x",
                "https:\n\n\nkapi.kakao.com\n\n/\n\n#x",
            ),
            (
                "https://kapi.kakao.com/?",
                "https:\n\n\nkapi.kakao.com\n\n/\n\n",
            ),
            ("https://kapi.kakao.com:99999", ""),
            ("https://", ""),
            ("https://x", "https:\n\n\nx\n\n/\n"),
        ];
        for (input, lines) in bad {
            let err = validate_base_url("api", input, parts(lines).as_ref()).unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidArgument, "{input}");
            assert!(err.message().starts_with("hosts.api "), "{}", err.message());
        }
    }

    #[test]
    fn loopback_hosts() {
        for host in ["localhost", "[::1]", "127.0.0.1", "127.255.0.9"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "",
            "127.0.0",
            "127.0.0.1.2",
            "127.0.0.256",
            "1127.0.0.1",
            "localhost.",
            "[::2]",
            "127..0.1",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }

    #[test]
    fn origins() {
        assert_eq!(
            origin_of("https://apps.kakao.com"),
            "https://apps.kakao.com"
        );
        assert_eq!(origin_of("http://127.0.0.1:9/a/b"), "http://127.0.0.1:9");
    }

    #[test]
    fn app_keys() {
        assert_eq!(validate_app_key(" abc123 ").unwrap(), "abc123");
        assert_eq!(
            validate_app_key("demo-javascript-key").unwrap(),
            "demo-javascript-key"
        );
        for bad in ["", "   ", "a b", "키", &"a".repeat(129)] {
            assert_eq!(
                validate_app_key(bad).unwrap_err().code(),
                ErrorCode::InvalidArgument
            );
        }
    }

    #[test]
    fn config_validates_everything() {
        let cfg = Config::new(
            "key",
            Some("en"),
            &HostOptions {
                pf: Some(HostInput {
                    value: "http://127.0.0.1:1234/".into(),
                    parts: parts("http:\n\n\n127.0.0.1\n1234\n/\n\n"),
                }),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(cfg.lang, Some(Lang::En));
        assert_eq!(cfg.hosts.pf, "http://127.0.0.1:1234");
        assert_eq!(cfg.hosts.api, "https://kapi.kakao.com");
        assert!(Config::new("", None, &HostOptions::default()).is_err());
        assert!(Config::new("k", Some("fr"), &HostOptions::default()).is_err());
        let bad_host = HostOptions {
            apps: Some(HostInput {
                value: "http://evil.example".into(),
                parts: parts("http:\n\n\nevil.example\n\n/\n\n"),
            }),
            ..Default::default()
        };
        assert_eq!(
            Config::new("k", None, &bad_host)
                .unwrap_err()
                .message()
                .get(..10),
            Some("hosts.apps")
        );
    }
}
