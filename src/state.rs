//! Module-wide state: the configuration `init` stored, and the page facts worked out then.

use std::cell::RefCell;
use std::rc::Rc;

use kakao_channel_core::config::Config;
use kakao_channel_core::text::cat;
use kakao_channel_core::{Error, ErrorCode, Result};

use crate::page::{ka_without_page, Page};

thread_local! {
    static CONFIG: RefCell<Option<Rc<Config>>> = const { RefCell::new(None) };
    /// The page's KA string, worked out once at `init` (the page's origin, language and platform
    /// do not change while it lives).
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

/// Replaces the configuration, and works out the page's KA string again.
pub(crate) fn set_config(config: Config) {
    CONFIG.with(|c| *c.borrow_mut() = Some(Rc::new(config)));
    KA.with(|k| *k.borrow_mut() = Some(page_ka().into()));
}

/// The KA string of the page the module runs in (Node's, without one).
fn page_ka() -> String {
    Page::current().map_or_else(ka_without_page, |page| page.ka())
}

/// The page's KA string (from `init`; worked out now if `init` has not run).
pub(crate) fn ka() -> String {
    KA.with(|k| k.borrow().as_deref().map(str::to_owned))
        .unwrap_or_else(page_ka)
}
