//! Module-wide state (the `init` configuration, open popups) without `std::thread_local!`, so the
//! boundary also builds `no_std`.

/// A value shared by the module's exports. Access never panics: a re-entrant access gets `None`.
#[cfg(target_arch = "wasm32")]
pub(crate) struct Global<T>(core::cell::RefCell<T>);

// SAFETY: a wasm32 module built without the `atomics` target feature runs on exactly one thread,
// so the RefCell is never touched concurrently.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[allow(unsafe_code)]
unsafe impl<T> Sync for Global<T> {}

#[cfg(target_arch = "wasm32")]
impl<T> Global<T> {
    /// A new global.
    pub(crate) const fn new(value: T) -> Self {
        Global(core::cell::RefCell::new(value))
    }

    /// Runs `f` with the value; `None` only on re-entrant access.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        self.0.try_borrow_mut().ok().map(|mut value| f(&mut value))
    }
}

/// On the host the wasm boundary is compiled for linting only (its JavaScript imports cannot run
/// there), so the global holds nothing and every access reports "unavailable".
#[cfg(not(target_arch = "wasm32"))]
pub(crate) struct Global<T>(core::marker::PhantomData<fn() -> T>);

#[cfg(not(target_arch = "wasm32"))]
impl<T> Global<T> {
    /// A new (inert) global; the value is dropped.
    pub(crate) const fn new(value: T) -> Self {
        core::mem::forget(value);
        Global(core::marker::PhantomData)
    }

    /// Always `None` on the host.
    pub(crate) fn with<R>(&self, _f: impl FnOnce(&mut T) -> R) -> Option<R> {
        None
    }
}
