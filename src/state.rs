//! Module-wide state: the configuration `init` stored.

use std::cell::RefCell;
use std::rc::Rc;

use kakao_channel_core::config::Config;
use kakao_channel_core::{Error, Result};

thread_local! {
    static CONFIG: RefCell<Option<Rc<Config>>> = const { RefCell::new(None) };
}

/// The configuration stored by `init`, or `NOT_INITIALIZED` naming `function`.
pub(crate) fn config(function: &str) -> Result<Rc<Config>> {
    CONFIG
        .with(|c| c.borrow().clone())
        .ok_or_else(|| Error::not_initialized(function))
}

/// Replaces the configuration.
pub(crate) fn set_config(config: Config) {
    CONFIG.with(|c| *c.borrow_mut() = Some(Rc::new(config)));
}
