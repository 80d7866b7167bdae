//! Its own wasm module, so nothing has called `configure` (the package's `init`) yet.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg(target_arch = "wasm32")]
// The browser build's exports (the server build leaves them out).
#![cfg(not(feature = "server"))]

mod common;

use common::*;
use kakao_channel::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn calls_before_init_throw_not_initialized() {
    spy_open(false);
    let options = || obj(r#"{"channelPublicId":"_ZeUTxl"}"#);
    let results = [
        add_channel_url(options()).map(|_| ()),
        chat_channel_url(options()).map(|_| ()),
        add_channel(options()).map(|_| ()),
        chat(options()).map(|_| ()),
    ];
    let calls = open_calls();
    restore_open();
    for result in results {
        assert_error(&result.unwrap_err(), "NOT_INITIALIZED");
    }
    assert_eq!(calls.length(), 0, "nothing opens before init");
}
