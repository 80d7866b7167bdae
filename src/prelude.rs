//! The `alloc` items the crate uses, so every module compiles both with std (tests, dev builds)
//! and without it (the `tiny` release build).

pub(crate) use alloc::borrow::ToOwned;
pub(crate) use alloc::string::String;
pub(crate) use alloc::vec::Vec;
