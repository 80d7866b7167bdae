//! What kind of browser the page runs in, from its user agent (user-needs.md §2.4).

use super::text::contains;
use super::url::MobileOs;

/// In-app browsers that matter for Kakao's flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InAppBrowser {
    /// Facebook's in-app browser (`FB_IAB` / `FBIOS` / `FBAN`).
    Facebook,
    /// Instagram's in-app browser.
    Instagram,
    /// KakaoTalk's own in-app browser.
    KakaoTalk,
}

/// The browser environment, as far as the SDK cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Environment {
    /// Android or iOS, when the page runs on a phone or tablet.
    pub mobile: Option<MobileOs>,
    /// The in-app browser, if any.
    pub in_app: Option<InAppBrowser>,
}

impl Environment {
    /// Classifies a user agent. `max_touch_points` tells iPadOS (which reports a Mac user agent)
    /// from a real Mac.
    pub fn detect(user_agent: &str, max_touch_points: u32) -> Environment {
        let mobile = if contains(user_agent, "Android") {
            Some(MobileOs::Android)
        } else if ["iPhone", "iPad", "iPod"]
            .iter()
            .any(|d| contains(user_agent, d))
            || (contains(user_agent, "Macintosh") && max_touch_points > 1)
        {
            Some(MobileOs::Ios)
        } else {
            None
        };
        let in_app = if ["FB_IAB", "FBIOS", "FBAN", "FBAV"]
            .iter()
            .any(|m| contains(user_agent, m))
        {
            Some(InAppBrowser::Facebook)
        } else if contains(user_agent, "Instagram") {
            Some(InAppBrowser::Instagram)
        } else if contains(user_agent, "KAKAOTALK") {
            Some(InAppBrowser::KakaoTalk)
        } else {
            None
        };
        Environment { mobile, in_app }
    }

    /// Kakao's follow-channel page refuses Facebook and Instagram in-app browsers (KAE007).
    pub fn supports_follow_channel(&self) -> bool {
        !matches!(
            self.in_app,
            Some(InAppBrowser::Facebook | InAppBrowser::Instagram)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESKTOP_CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36";
    const ANDROID_CHROME: &str = "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";
    const IPHONE_SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    const IPAD_DESKTOP_MODE: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
    const INSTAGRAM: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 330.0.0.0";
    const FACEBOOK: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/470.0.0.0;]";
    const KAKAOTALK: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.8.0";

    #[test]
    fn user_agents() {
        let cases = [
            (DESKTOP_CHROME, 0, None, None),
            (ANDROID_CHROME, 5, Some(MobileOs::Android), None),
            (IPHONE_SAFARI, 5, Some(MobileOs::Ios), None),
            (IPAD_DESKTOP_MODE, 5, Some(MobileOs::Ios), None),
            (IPAD_DESKTOP_MODE, 0, None, None),
            (
                INSTAGRAM,
                5,
                Some(MobileOs::Ios),
                Some(InAppBrowser::Instagram),
            ),
            (
                FACEBOOK,
                5,
                Some(MobileOs::Android),
                Some(InAppBrowser::Facebook),
            ),
            (
                KAKAOTALK,
                5,
                Some(MobileOs::Ios),
                Some(InAppBrowser::KakaoTalk),
            ),
            ("", 0, None, None),
        ];
        for (ua, touch, mobile, in_app) in cases {
            assert_eq!(
                Environment::detect(ua, touch),
                Environment { mobile, in_app },
                "{ua}"
            );
        }
    }

    #[test]
    fn follow_is_refused_in_facebook_and_instagram_only() {
        assert!(!Environment::detect(INSTAGRAM, 5).supports_follow_channel());
        assert!(!Environment::detect(FACEBOOK, 5).supports_follow_channel());
        assert!(Environment::detect(KAKAOTALK, 5).supports_follow_channel());
        assert!(Environment::detect(DESKTOP_CHROME, 0).supports_follow_channel());
    }
}
