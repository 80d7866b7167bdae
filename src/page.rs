//! The page the SDK runs in, through web-sys: facts about it, its windows and its navigation.
//! "No window" is an `UNSUPPORTED_ENVIRONMENT` error, never an unwrap.

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use web_sys::Window;

use kakao_channel_core::env::Environment;
use kakao_channel_core::text::cat;
use kakao_channel_core::url::{ka_string, KaInfo, ScreenGeometry};
use kakao_channel_core::{Error, ErrorCode, Result};

thread_local! {
    /// Windows this module opened, by name: an open one is closed before a new one of the same
    /// name opens, as Kakao's SDK does.
    static POPUPS: RefCell<Vec<(&'static str, Window)>> = const { RefCell::new(Vec::new()) };
}

/// Facts about the page; `None` where there is no window (Node, SSR, workers).
pub(crate) struct Page {
    pub(crate) window: Window,
    user_agent: String,
    language: String,
    platform: String,
    max_touch_points: u32,
    pub(crate) origin: Option<String>,
    pathname: String,
    pub(crate) screen: ScreenGeometry,
}

fn number(value: JsValue) -> f64 {
    value.as_f64().unwrap_or(0.0)
}

impl Page {
    /// Reads the current page, or `None` without a window.
    pub(crate) fn current() -> Option<Page> {
        let window = web_sys::window()?;
        let navigator = window.navigator();
        let location = window.location();
        let origin = location
            .origin()
            .ok()
            .filter(|o| !o.is_empty() && o != "null");
        let screen = window.screen().ok();
        let dimension = |f: fn(&web_sys::Screen) -> core::result::Result<i32, JsValue>| {
            screen
                .as_ref()
                .and_then(|s| f(s).ok())
                .map_or(0.0, f64::from)
        };
        Some(Page {
            user_agent: navigator.user_agent().unwrap_or_default(),
            language: navigator.language().unwrap_or_default(),
            platform: navigator.platform().unwrap_or_default(),
            max_touch_points: u32::try_from(navigator.max_touch_points()).unwrap_or(0),
            origin,
            pathname: location.pathname().unwrap_or_default(),
            screen: ScreenGeometry {
                width: dimension(web_sys::Screen::width),
                height: dimension(web_sys::Screen::height),
                left: window.screen_x().map_or(0.0, number),
                top: window.screen_y().map_or(0.0, number),
            },
            window,
        })
    }

    /// This SDK's KA string for the page.
    pub(crate) fn ka(&self) -> String {
        ka_string(&KaInfo {
            lang: &self.language,
            device: &self.platform,
            origin: self.origin.as_deref(),
        })
    }

    /// The referer sent to Kakao: origin and path, never the query (it may hold secrets such as
    /// an OAuth `code`).
    pub(crate) fn referer(&self) -> Option<String> {
        self.origin
            .as_ref()
            .map(|origin| cat(&[origin, &self.pathname]))
    }

    /// The browser environment.
    pub(crate) fn environment(&self) -> Environment {
        Environment::detect(&self.user_agent, self.max_touch_points)
    }

    /// `window.open(url, name, features)`, synchronously, after closing an open window of the
    /// same name. `None` when the browser blocked it.
    pub(crate) fn open(&self, url: &str, name: &'static str, features: &str) -> Option<Window> {
        POPUPS.with(|popups| {
            let mut popups = popups.borrow_mut();
            if let Some(at) = popups.iter().position(|(n, _)| *n == name) {
                let (_, previous) = popups.swap_remove(at);
                if !previous.closed().unwrap_or(true) {
                    let _ = previous.close();
                }
            }
            let popup = self
                .window
                .open_with_url_and_target_and_features(url, name, features)
                .ok()
                .flatten()?;
            popups.push((name, popup.clone()));
            Some(popup)
        })
    }

    /// Navigates this tab.
    pub(crate) fn navigate(&self, url: &str) -> Result<()> {
        navigate(&self.window, url)
    }

    /// `crypto.getRandomValues` of `len` bytes.
    #[cfg(not(feature = "server"))]
    pub(crate) fn random_bytes(&self, len: usize) -> Option<Vec<u8>> {
        let mut bytes = vec![0u8; len];
        let crypto = self.window.crypto().ok()?;
        crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
        Some(bytes)
    }
}

/// Navigates `window` (this tab, or a window the SDK opened) to `url`.
pub(crate) fn navigate(window: &Window, url: &str) -> Result<()> {
    window.location().set_href(url).map_err(|_| {
        Error::new(
            ErrorCode::UnsupportedEnvironment,
            "The browser refused to navigate to Kakao's page. Open the link from a user click.",
        )
    })
}

/// The KA string where there is no page (Node, SSR).
pub(crate) fn ka_without_page() -> String {
    ka_string(&KaInfo {
        lang: "",
        device: "",
        origin: None,
    })
}

/// `UNSUPPORTED_ENVIRONMENT` naming the function and the alternative.
pub(crate) fn no_window(function: &str) -> Error {
    Error::new(
        ErrorCode::UnsupportedEnvironment,
        cat(&[
            function,
            "() needs a browser window (none in SSR, Node or workers): call it from a click \
             handler; on a server, build links with addChannelUrl() / chatChannelUrl().",
        ]),
    )
}
