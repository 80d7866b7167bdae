//! # kakao-channel
//!
//! A Kakao Talk Channel SDK for the web, written in Rust and compiled to WebAssembly: add and
//! chat bridge pages that open straight from the click, channel-ID parsing, relationship checks
//! and follow-channel.
//!
//! The crate has two halves:
//! - [`core`]: pure Rust (parsing, URL building, request description, response decoding, error
//!   mapping). No wasm-bindgen or web-sys, tested with plain `cargo test`.
//! - `wasm`: the thin wasm-bindgen boundary the npm package is built from.
//!
//! JavaScript users: see the README of the npm package `kakao-channel`.
#![cfg_attr(feature = "tiny", no_std)]

extern crate alloc;

pub mod core;
mod prelude;
#[cfg(feature = "tiny")]
mod tiny;
mod wasm;

pub use crate::wasm::*;
