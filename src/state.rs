//! Module-wide state: the configuration `init` stored, and the page facts worked out once.

use std::cell::RefCell;
use std::rc::Rc;

use kakao_channel_core::config::Config;
use kakao_channel_core::text::cat;
use kakao_channel_core::{Error, ErrorCode, Result};

use crate::page::{ka_without_page, Page};

thread_local! {
    static CONFIG: RefCell<Option<Rc<Config>>> = const { RefCell::new(None) };
    /// The page's KA string, worked out on its first use and kept (the page's origin, language
    /// and platform do not change while it lives). Not at `init`: reading the page was most of
    /// `configure`'s time in a cold page (6.5 ms, 1.0 ms without it), and `init` resolving is what
    /// a cold start waits for.
    static KA: RefCell<Option<Rc<str>>> = const { RefCell::new(None) };
}

/// The configuration stored by `init`, or `NOT_INITIALIZED` naming `function`.
///
/// The user-facing NOT_INITIALIZED (its check and its text) is `js/ready.js`'s alone: it must
/// answer before this module is even loaded, and every export reaches the wasm through that
/// guard, which passes only once `configure` has stored a configuration. So this `None` is met
/// only by a caller of the raw wasm exports (the wasm-bindgen tests, `tests/web_before_init.rs`):
/// it keeps the code and says what is missing at this level, without a second copy of the text.
pub(crate) fn config(function: &str) -> Result<Rc<Config>> {
    CONFIG.with(|c| c.borrow().clone()).ok_or_else(|| {
        Error::new(
            ErrorCode::NotInitialized,
            cat(&[
                function,
                "(): the wasm module is not configured; init() does that.",
            ]),
        )
    })
}

/// Replaces the configuration; the page's KA string is worked out again on its next use.
pub(crate) fn set_config(config: Config) {
    CONFIG.with(|c| *c.borrow_mut() = Some(Rc::new(config)));
    KA.with(|k| *k.borrow_mut() = None);
}

/// The KA string of the page the module runs in (Node's, without one).
fn page_ka() -> String {
    Page::current().map_or_else(ka_without_page, |page| page.ka())
}

/// The page's KA string, worked out on the first call that needs it and kept.
pub(crate) fn ka() -> String {
    KA.with(|k| {
        let mut k = k.borrow_mut();
        // `str::to_owned`, not `to_string`: the latter goes through `Display` and brings the
        // formatting machinery into the module (+1.1 KB gzip).
        k.get_or_insert_with(|| page_ka().into())
            .as_ref()
            .to_owned()
    })
}
