//! Customer-file answers: `customers::decode_created`, `customers::decode_files`,
//! `customers::decode_batch` (and `customers::file_schema` on what `decode_files` returns).
//!
//! Input: `STATUS KEY\nBODY` (raw body text).
//!
//! Invariants: no panic; success only for a 2xx; a created file and every listed file carry an
//! integer `fileId` (and listed ones a string `fileName`); errors carry the status, a clean
//! bounded message, never the (token-like) admin key.
#![no_main]

use kakao_channel_core::customers::{decode_batch, decode_created, decode_files, file_schema};
use kakao_channel_core::http::is_success;
use kakao_channel_core::Error;
use kakao_channel_fuzz::{assert_clean, assert_no_leak, status_secret_body, text};
use libfuzzer_sys::fuzz_target;

fn check_error(err: &Error, status: u16, key: &str) {
    assert_eq!(err.status(), Some(status), "{}", err.message());
    assert_clean(err);
    assert_no_leak(err, key);
}

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let (status, key, body) = status_secret_body(&input);
    match decode_created(status, body, key) {
        Ok(created) => {
            assert!(is_success(status));
            assert!(created.get("fileId").and_then(|v| v.as_i64()).is_some());
        }
        Err(err) => check_error(&err, status, key),
    }
    match decode_files(status, body, key) {
        Ok(files) => {
            assert!(is_success(status));
            for file in &files {
                let id = file.get("fileId").and_then(|v| v.as_i64());
                assert!(id.is_some(), "{file}");
                assert!(file.get("fileName").is_some_and(|v| v.is_string()));
                if let Some(id) = id {
                    assert!(file_schema(&files, id).is_some());
                }
            }
        }
        Err(err) => check_error(&err, status, key),
    }
    match decode_batch(status, body, key) {
        Ok(_) => assert!(is_success(status)),
        Err(err) => check_error(&err, status, key),
    }
});
