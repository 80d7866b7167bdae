//! Module-wide state: the configuration `init` stored, and the page facts worked out then.

use std::cell::RefCell;
use std::rc::Rc;

use kakao_channel_core::config::Config;
use kakao_channel_core::{Error, Result};

use crate::page::{ka_without_page, Page};

thread_local! {
    static CONFIG: RefCell<Option<Rc<Config>>> = const { RefCell::new(None) };
    /// The page's KA string, worked out once at `init` (the page's origin, language and platform
    /// do not change while it lives).
    static KA: RefCell<Option<Rc<str>>> = const { RefCell::new(None) };
}

/// The configuration stored by `init`, or `NOT_INITIALIZED` naming `function`.
pub(crate) fn config(function: &str) -> Result<Rc<Config>> {
    CONFIG
        .with(|c| c.borrow().clone())
        .ok_or_else(|| Error::not_initialized(function))
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
