//! `admin::parse_retry_after` (delta-seconds or an IMF-fixdate) and `admin::backoff_delay` on
//! what it returns.
//!
//! Input: `NOW_MS\nVALUE` (`NOW_MS` as a decimal float; `nan`, `inf` and junk included, junk is 0).
//!
//! Invariants: no panic (no overflow on absurd years, hours or seconds); delta-seconds give
//! exactly seconds × 1000 (saturating); a date in the past gives 0; the back-off never waits
//! less than `Retry-After` and never more than its cap.
#![no_main]

use kakao_channel_core::admin::{backoff_delay, parse_retry_after, MAX_RETRY_AFTER_MS};
use kakao_channel_fuzz::{first_line, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let (now, value) = first_line(&input);
    let now_ms: f64 = now.trim().parse().unwrap_or(0.0);
    let got = parse_retry_after(value, now_ms);
    let trimmed = value.trim();
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        let secs = trimmed.parse::<u64>().unwrap_or(u64::MAX);
        assert_eq!(got, Some(secs.saturating_mul(1000)));
    }
    if let Some(wait) = got {
        // The same date, asked far in the future, is in the past.
        if !trimmed.bytes().all(|b| b.is_ascii_digit()) {
            assert_eq!(parse_retry_after(value, f64::MAX), Some(0));
        }
        for attempt in 0..3 {
            if let Some(delay) = backoff_delay(attempt, 5, Some(wait), 0.5) {
                assert!(u64::from(delay) >= wait);
                assert!(u64::from(delay) <= MAX_RETRY_AFTER_MS);
            } else {
                assert!(wait > MAX_RETRY_AFTER_MS);
            }
        }
    }
});
