//! # kakao-channel-core
//!
//! The pure-Rust core of the kakao-channel SDK: channel-ID parsing, Kakao's URLs, request
//! descriptions, decoding of Kakao's answers, error mapping, the retry policy, follow-channel
//! verdicts and button settings; with feature `admin`, the server entry's admin-key requests,
//! customer files and webhook verification.
//!
//! It has no I/O and no wasm imports (its `Cargo.toml` has no wasm-bindgen, js-sys, web-sys or
//! gloo dependency, so it cannot use them); the `kakao-channel` crate at the workspace root does
//! the I/O and DOM work and calls in here for every decision. Everything is tested with plain
//! `cargo test` on the host.

/// `Serialize` for an enum of a result that crosses to JavaScript: the string its `as_str` gives.
///
/// Those results (`ChannelRelationship(s)`, `FollowChannelResult`, `LaunchResult`) serialise by
/// hand as maps with string keys, and their enums as strings: never as serde structs or unit
/// variants. serde-wasm-bindgen turns a struct's field names and a unit variant's name into
/// JavaScript strings through a cache (a `HashMap` in a thread-local) whose code cost the browser
/// module 989 B gzip, measured; a map's keys cross as plain strings (a few per result), and the
/// boundary serialises maps as plain objects. The keys are the camelCase names the TypeScript
/// declarations derive (`ts` feature); `ts::tests` checks that both agree.
macro_rules! serialize_as_str {
    ($($t:ty),+ $(,)?) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    )+};
}

#[cfg(feature = "admin")]
pub mod admin;
pub mod buttons;
pub mod config;
#[cfg(feature = "admin")]
pub mod customers;
pub mod env;
pub mod error;
pub mod follow;
pub mod http;
pub mod id;
pub mod relationship;
pub mod secret;
pub mod text;
#[cfg(feature = "ts")]
pub mod ts;
pub mod url;
pub mod value;
#[cfg(feature = "admin")]
pub mod webhook;

pub use error::{Error, ErrorCode, KakaoCode, Result};
pub use id::{parse_channel_id, ChannelId};
pub use value::JsonValue;
