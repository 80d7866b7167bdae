//! The pure-Rust core: parsing, URL building, request description, response decoding and error
//! mapping. Nothing here imports wasm-bindgen, js-sys or web-sys, so all of it is tested with
//! plain `cargo test` on the host.

pub mod buttons;
pub mod config;
pub mod env;
pub mod error;
pub mod follow;
pub mod http;
pub mod id;
pub mod json;
pub mod relationship;
pub mod text;
pub mod url;

pub use error::{Error, ErrorCode, KakaoCode, Result};
pub use id::{parse_channel_id, ChannelId};
