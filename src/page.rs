//! The page the SDK runs in, through web-sys: facts about it, its windows and its navigation.
//! "No window" is an `UNSUPPORTED_ENVIRONMENT` error, never an unwrap.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::Window;

use kakao_channel_core::env::Environment;
use kakao_channel_core::text::cat;
use kakao_channel_core::url::{ka_string, KaInfo, ScreenGeometry};
use kakao_channel_core::{Error, ErrorCode, Result};

use crate::props;

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

impl Page {
    /// Reads the current page, or `None` without a window. Properties are read with
    /// `Reflect.get` (`props`): one import for all of them.
    pub(crate) fn current() -> Option<Page> {
        let window = web_sys::window()?;
        let page: &JsValue = &window;
        let part = |key| props::object(page, key).unwrap_or(JsValue::UNDEFINED);
        let (navigator, location, screen) = (part("navigator"), part("location"), part("screen"));
        let text = |target: &JsValue, key| props::string(target, key).unwrap_or_default();
        let number = |target: &JsValue, key| props::number(target, key).unwrap_or(0.0);
        Some(Page {
            user_agent: text(&navigator, "userAgent"),
            language: text(&navigator, "language"),
            platform: text(&navigator, "platform"),
            // As the platform's ToInt32 did for web-sys's `max_touch_points() -> i32`.
            max_touch_points: u32::try_from(number(&navigator, "maxTouchPoints") as i32)
                .unwrap_or(0),
            origin: props::string(&location, "origin").filter(|o| !o.is_empty() && o != "null"),
            pathname: text(&location, "pathname"),
            screen: ScreenGeometry {
                width: number(&screen, "width"),
                height: number(&screen, "height"),
                left: number(page, "screenX"),
                top: number(page, "screenY"),
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
                if !is_closed(&previous, true) {
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

    /// `window.document` (read with `Reflect.get`: no import of its own).
    pub(crate) fn document(window: &Window) -> Option<web_sys::Document> {
        props::object(window, "document").map(JsCast::unchecked_into)
    }

    /// Navigates this tab.
    pub(crate) fn navigate(&self, url: &str) -> Result<()> {
        navigate(&self.window, url)
    }

    /// `crypto.getRandomValues` of `len` bytes.
    #[cfg(not(feature = "server"))]
    pub(crate) fn random_bytes(&self, len: usize) -> Option<Vec<u8>> {
        let mut bytes = vec![0u8; len];
        let crypto: web_sys::Crypto = props::object(&self.window, "crypto")?.unchecked_into();
        crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
        Some(bytes)
    }
}

/// `window.closed`, or `otherwise` when it cannot be read.
pub(crate) fn is_closed(window: &Window, otherwise: bool) -> bool {
    props::get(window, "closed")
        .and_then(|closed| closed.as_bool())
        .unwrap_or(otherwise)
}

/// Navigates `window` (this tab, or a window the SDK opened) to `url`: `location.href = url`.
pub(crate) fn navigate(window: &Window, url: &str) -> Result<()> {
    let location = props::object(window, "location").unwrap_or(JsValue::UNDEFINED);
    js_sys::Reflect::set(
        &location,
        &JsValue::from_str("href"),
        &JsValue::from_str(url),
    )
    .map(drop)
    .map_err(|_| {
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
