//! The page the SDK runs in. Facts are read, and windows opened, through the small DOM primitives
//! of `js/dom.js`; "no window" is an `UNSUPPORTED_ENVIRONMENT` error, never an unwrap.

use wasm_bindgen::prelude::*;

use crate::prelude::*;

use crate::core::config::HostInput;
use crate::core::env::Environment;
use crate::core::text::{cat, split_once};
use crate::core::url::{ka_string, KaInfo, WindowGeometry};
use crate::core::{Error, ErrorCode, Result};

#[wasm_bindgen(module = "/js/dom.js")]
extern "C" {
    #[wasm_bindgen(js_name = pageFacts)]
    fn page_facts() -> String;
    #[wasm_bindgen(js_name = openWindow)]
    fn open_window(url: &str, name: &str, features: &str) -> JsValue;
    #[wasm_bindgen(catch)]
    fn navigate(url: &str) -> core::result::Result<(), JsValue>;
    #[wasm_bindgen(js_name = parseUrl)]
    fn parse_url(value: &str) -> String;
}

/// A host option with its parts from the platform's URL parser, for the core validator.
pub(crate) fn host_input(value: Option<String>) -> Option<HostInput> {
    value.map(|value| HostInput {
        parsed: parse_url(&value),
        value,
    })
}

/// Facts about the page; `None` where there is no window (Node, SSR, workers).
pub(crate) struct Page {
    pub(crate) user_agent: String,
    pub(crate) language: String,
    pub(crate) platform: String,
    pub(crate) max_touch_points: u32,
    pub(crate) origin: Option<String>,
    pub(crate) pathname: String,
    pub(crate) geometry: WindowGeometry,
}

impl Page {
    /// Reads the current page, or `None` without a window.
    pub(crate) fn current() -> Option<Page> {
        let facts = page_facts();
        let mut fields = [""; 10];
        let mut rest = facts.as_str();
        for slot in fields.iter_mut() {
            let (field, tail) = split_once(rest, b'\n').unwrap_or((rest, ""));
            *slot = field;
            rest = tail;
        }
        let [ua, lang, platform, touch, origin, path, x, y, w, h] = fields;
        if ua.is_empty() && origin.is_empty() {
            return None;
        }
        let number = |s: &str| s.parse::<i32>().map_or(0.0, f64::from);
        Some(Page {
            user_agent: ua.to_owned(),
            language: lang.to_owned(),
            platform: platform.to_owned(),
            max_touch_points: touch.parse().unwrap_or(0),
            origin: (!origin.is_empty() && origin != "null").then(|| origin.to_owned()),
            pathname: path.to_owned(),
            geometry: WindowGeometry {
                screen_x: number(x),
                screen_y: number(y),
                outer_width: number(w),
                outer_height: number(h),
            },
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

/// Opens a popup synchronously; `false` when the browser blocked it.
pub(crate) fn open_popup(url: &str, name: &str, features: &str) -> bool {
    !open_window(url, name, features).is_null()
}

/// Navigates the current tab.
pub(crate) fn go(url: &str) -> Result<()> {
    navigate(url).map_err(|_| {
        Error::new(
            ErrorCode::UnsupportedEnvironment,
            "The browser refused to navigate to Kakao's page. Open the link from a user click.",
        )
    })
}
