//! What kind of browser the page runs in, from its user agent, and which way each flow goes
//! there (kakao-protocol.md §10.1–10.2; user-needs.md §2.4). Matching is case-insensitive, as in
//! Kakao's SDK.

use super::url::MobileOs;

/// In-app browsers that matter for Kakao's flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InAppBrowser {
    /// Facebook's in-app browser (`FB_IAB`, `FBIOS`). Messenger (`FBAN/MessengerForiOS`) is not
    /// one: Kakao's SDK 2.7.4 does not refuse it (kakao-protocol.md §10.6).
    Facebook,
    /// Instagram's in-app browser.
    Instagram,
    /// Threads' in-app browser (`Barcelona`).
    Threads,
    /// KakaoTalk's own in-app browser (`KAKAOTALK`).
    KakaoTalk,
}

/// The device class, as Kakao's SDK routes add/chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Device {
    /// A desktop or laptop browser.
    Desktop,
    /// An Android or iOS phone.
    Phone(MobileOs),
    /// An iPad (also in iPadOS's desktop mode: a Mac user agent with touch points).
    IPad,
    /// An Android tablet (Android without `Mobile`).
    AndroidTablet,
}

/// How `addChannel` / `chat` reach Kakao on this device (§10.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaunchRoute {
    /// Inside KakaoTalk: navigate this tab to the bridge page.
    Redirect,
    /// Phone or iPad outside KakaoTalk: `validate/sdk`, then hand over to the KakaoTalk app.
    App(MobileOs),
    /// Desktop and Android tablets: the bridge page in a popup (redirect when blocked).
    Popup,
}

/// The browser environment, as far as the SDK cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Environment {
    /// The device class.
    pub device: Device,
    /// The in-app browser, if any.
    pub in_app: Option<InAppBrowser>,
}

impl Environment {
    /// Classifies a user agent. `max_touch_points` tells iPadOS (which reports a Mac user agent)
    /// from a real Mac.
    pub fn detect(user_agent: &str, max_touch_points: u32) -> Environment {
        let ua = user_agent.to_ascii_lowercase();
        // `text::contains`, not `str::contains`: the standard two-way searcher is ~1 KB of wasm.
        let has = |needle: &str| crate::text::contains(&ua, needle);
        let device = if has("android") {
            if has("mobile") {
                Device::Phone(MobileOs::Android)
            } else {
                Device::AndroidTablet
            }
        } else if has("iphone") || has("ipod") {
            Device::Phone(MobileOs::Ios)
        } else if has("ipad") || (has("macintosh") && max_touch_points > 1) {
            Device::IPad
        } else {
            Device::Desktop
        };
        let in_app = if has("instagram") {
            Some(InAppBrowser::Instagram)
        } else if ["fb_iab", "fbios"].iter().any(|m| has(m)) {
            Some(InAppBrowser::Facebook)
        } else if has("barcelona") {
            Some(InAppBrowser::Threads)
        } else if has("kakaotalk") {
            Some(InAppBrowser::KakaoTalk)
        } else {
            None
        };
        Environment { device, in_app }
    }

    /// The operating system of a phone or iPad.
    pub fn mobile_os(&self) -> Option<MobileOs> {
        match self.device {
            Device::Phone(os) => Some(os),
            Device::IPad => Some(MobileOs::Ios),
            Device::Desktop | Device::AndroidTablet => None,
        }
    }

    /// Which way add/chat go here.
    pub fn launch_route(&self) -> LaunchRoute {
        if self.in_app == Some(InAppBrowser::KakaoTalk) {
            return LaunchRoute::Redirect;
        }
        match self.mobile_os() {
            Some(os) => LaunchRoute::App(os),
            None => LaunchRoute::Popup,
        }
    }

    /// Kakao's follow-channel page refuses Instagram, Facebook and Threads in-app browsers
    /// (KAE007).
    pub fn supports_follow_channel(&self) -> bool {
        !matches!(
            self.in_app,
            Some(InAppBrowser::Facebook | InAppBrowser::Instagram | InAppBrowser::Threads)
        )
    }

    /// iOS inside KakaoTalk's in-app browser, where Kakao's follow answer comes from the page's
    /// own origin. (Kakao's SDK checks `KAKAOTALK` plus an iOS user agent.)
    pub fn is_ios_kakaotalk(&self) -> bool {
        self.in_app == Some(InAppBrowser::KakaoTalk) && self.mobile_os() == Some(MobileOs::Ios)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESKTOP_CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36";
    const ANDROID_CHROME: &str = "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";
    const ANDROID_TABLET: &str = "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
    const IPHONE_SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    const IPAD: &str = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    const IPAD_DESKTOP_MODE: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
    const INSTAGRAM: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 330.0.0.0";
    const FACEBOOK: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/470.0.0.0;]";
    const THREADS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Barcelona 330.0.0.0";
    const KAKAOTALK: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.8.0";
    const MESSENGER_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/MessengerForiOS;FBAV/470.0.0.0;FBBV/1;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBCR/;FBID/phone;FBLC/ko_KR;FBOP/5]";
    const MESSENGER_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 [FBAN/Orca-Android;FBAV/470.0.0.0;]";
    const KAKAOTALK_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 KAKAOTALK/10.8.0";

    #[test]
    fn user_agents() {
        use Device::*;
        use MobileOs::*;
        let cases = [
            (DESKTOP_CHROME, 0, Desktop, None),
            (ANDROID_CHROME, 5, Phone(Android), None),
            (ANDROID_TABLET, 5, AndroidTablet, None),
            (IPHONE_SAFARI, 5, Phone(Ios), None),
            (IPAD, 5, IPad, None),
            (IPAD_DESKTOP_MODE, 5, IPad, None),
            (IPAD_DESKTOP_MODE, 0, Desktop, None),
            (INSTAGRAM, 5, Phone(Ios), Some(InAppBrowser::Instagram)),
            (FACEBOOK, 5, Phone(Android), Some(InAppBrowser::Facebook)),
            (THREADS, 5, Phone(Ios), Some(InAppBrowser::Threads)),
            (KAKAOTALK, 5, Phone(Ios), Some(InAppBrowser::KakaoTalk)),
            ("", 0, Desktop, None),
        ];
        for (ua, touch, device, in_app) in cases {
            assert_eq!(
                Environment::detect(ua, touch),
                Environment { device, in_app },
                "{ua}"
            );
        }
    }

    #[test]
    fn matching_ignores_case() {
        let env = Environment::detect("mozilla/5.0 (iphone) kakaotalk 10", 0);
        assert_eq!(env.in_app, Some(InAppBrowser::KakaoTalk));
        assert_eq!(
            Environment::detect("x BARCELONA y", 0).in_app,
            Some(InAppBrowser::Threads)
        );
        assert_eq!(
            Environment::detect("x fbios y", 0).in_app,
            Some(InAppBrowser::Facebook)
        );
    }

    #[test]
    fn launch_routes_follow_kakaos_sdk() {
        let route = |ua, touch| Environment::detect(ua, touch).launch_route();
        assert_eq!(route(KAKAOTALK, 5), LaunchRoute::Redirect);
        assert_eq!(route(KAKAOTALK_ANDROID, 5), LaunchRoute::Redirect);
        assert_eq!(route(IPHONE_SAFARI, 5), LaunchRoute::App(MobileOs::Ios));
        assert_eq!(route(IPAD, 5), LaunchRoute::App(MobileOs::Ios));
        assert_eq!(route(IPAD_DESKTOP_MODE, 5), LaunchRoute::App(MobileOs::Ios));
        assert_eq!(
            route(ANDROID_CHROME, 5),
            LaunchRoute::App(MobileOs::Android)
        );
        assert_eq!(route(ANDROID_TABLET, 5), LaunchRoute::Popup);
        assert_eq!(route(DESKTOP_CHROME, 0), LaunchRoute::Popup);
    }

    #[test]
    fn follow_is_refused_in_instagram_facebook_and_threads_only() {
        for ua in [INSTAGRAM, FACEBOOK, THREADS] {
            assert!(
                !Environment::detect(ua, 5).supports_follow_channel(),
                "{ua}"
            );
        }
        assert!(Environment::detect(KAKAOTALK, 5).supports_follow_channel());
        // Exactly Kakao's set (`/instagram|fb_iab|fbios|barcelona/i`): Messenger is not refused.
        for ua in [MESSENGER_IOS, MESSENGER_ANDROID] {
            assert!(Environment::detect(ua, 5).supports_follow_channel(), "{ua}");
            assert_eq!(Environment::detect(ua, 5).in_app, None, "{ua}");
        }
        for ua in ["x FBIOS y", "x fb_iab y", "x INSTAGRAM y", "x barcelona y"] {
            assert!(
                !Environment::detect(ua, 0).supports_follow_channel(),
                "{ua}"
            );
        }
        assert!(Environment::detect(DESKTOP_CHROME, 0).supports_follow_channel());
    }

    #[test]
    fn ios_kakaotalk() {
        assert!(Environment::detect(KAKAOTALK, 5).is_ios_kakaotalk());
        assert!(!Environment::detect(KAKAOTALK_ANDROID, 5).is_ios_kakaotalk());
        assert!(!Environment::detect(IPHONE_SAFARI, 5).is_ios_kakaotalk());
    }
}
