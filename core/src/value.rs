//! Kakao's answers as the platform's JSON parser produced them.
//!
//! The browser build never parses JSON itself: the platform's `JSON.parse` does, and the decoders
//! here read the parsed value through [`JsonValue`], which the wasm crate implements over
//! `JsValue` (with `Reflect`). The server build (feature `admin`) and the native tests parse with
//! serde_json, so 64-bit user IDs stay exact, and implement it over `serde_json::Value`. Every
//! accessor is total: a missing member or a wrong type is `None`, never a panic.

/// Read access to a parsed JSON value.
pub trait JsonValue: Sized {
    /// Member `key` of an object; `None` when this is not an object, or the member is absent or
    /// `undefined`. `null` members are returned (see [`JsonValue::is_null`]).
    fn member(&self, key: &str) -> Option<Self>;
    /// The string, if this is a string.
    fn string(&self) -> Option<String>;
    /// The number, if this is a number.
    fn number(&self) -> Option<f64>;
    /// The elements, if this is an array.
    fn elements(&self) -> Option<Vec<Self>>;
    /// Whether this is `null`.
    fn is_null(&self) -> bool;

    /// Member `key` as a string.
    fn string_at(&self, key: &str) -> Option<String> {
        self.member(key)?.string()
    }

    /// Member `key` as an integer: a number with no fraction within ±`Number.MAX_SAFE_INTEGER`
    /// (what JavaScript numbers represent without ambiguity).
    fn int_at(&self, key: &str) -> Option<i64> {
        as_int(self.member(key)?.number()?)
    }
}

/// `Number.MAX_SAFE_INTEGER` (2^53 − 1): the one limit for integers that cross as JavaScript
/// numbers. Above it a number may already have lost digits (2^53 + 1 parses as 2^53).
pub const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// An integer-valued finite number within ±[`MAX_SAFE_INTEGER`], as `i64`.
pub fn as_int(value: f64) -> Option<i64> {
    (value.is_finite() && value.fract() == 0.0 && value.abs() <= MAX_SAFE_INTEGER)
        .then_some(value as i64)
}

/// `JsonValue` over `serde_json::Value`: the server entry's decoders (feature `admin`) and the
/// native tests of every decoder.
#[cfg(any(test, feature = "admin"))]
mod serde_impl {
    use super::JsonValue;
    use serde_json::Value;

    impl JsonValue for Value {
        fn member(&self, key: &str) -> Option<Self> {
            self.as_object()?.get(key).cloned()
        }
        fn string(&self) -> Option<String> {
            self.as_str().map(str::to_owned)
        }
        fn number(&self) -> Option<f64> {
            self.as_f64()
        }
        fn elements(&self) -> Option<Vec<Self>> {
            self.as_array().cloned()
        }
        fn is_null(&self) -> bool {
            Value::is_null(self)
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use serde_json::Value;

    /// Parses like `JSON.parse`: `None` for text that is not JSON.
    pub(crate) fn parse(text: &str) -> Option<Value> {
        serde_json::from_str(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_are_exact_or_none() {
        assert_eq!(as_int(-402.0), Some(-402));
        assert_eq!(as_int(1.5), None);
        assert_eq!(as_int(f64::NAN), None);
        assert_eq!(as_int(1e300), None);
        assert_eq!(as_int(9_007_199_254_740_991.0), Some(9_007_199_254_740_991));
        assert_eq!(
            as_int(-9_007_199_254_740_991.0),
            Some(-9_007_199_254_740_991)
        );
        // 2^53 may have been 2^53 + 1 before parsing: not exact.
        assert_eq!(as_int(9_007_199_254_740_992.0), None);
    }
}
