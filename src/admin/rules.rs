//! The SDK's rules that the CLI (`js/cli*.js`) checks a whole input file against before it sends
//! anything (so it can name each bad line): the count limits of the admin options, the user-ID
//! and user-type rules and the customer file's schema lookup. The CLI asks these exports instead of keeping its
//! own copies.
//!
//! CLI-internal: the `__` names are not re-exported by `kakao-channel/server` and are not part of
//! the package's API (api.md); they may change with the CLI.

use serde::ser::{Serialize, SerializeMap, Serializer};
use wasm_bindgen::prelude::*;

use kakao_channel_core::admin::{
    parse_user_id, RawId, DEFAULT_CONCURRENCY, DEFAULT_RETRIES, MAX_CHUNK, MAX_CONCURRENCY,
    MAX_RETRIES,
};
use kakao_channel_core::customers::{file_schema, Schema, UserType, MAX_BATCH};

use crate::admin::conversion_error;
use crate::error::Failure;

#[wasm_bindgen(typescript_custom_section)]
const TS_RULES: &str = r#"
/** CLI-internal: the upper limits (and defaults) of the admin's count options. */
export type AdminLimits = {
  /** `chunkSize` of `checkRelationships` / `relationships`: 1 to this (also the default). */
  maxChunkSize: number;
  /** `batchSize` of `addCustomerUsers` / `deleteCustomerUsers`: 1 to this (also the default). */
  maxBatchSize: number;
  /** `concurrency`: 1 to this. */
  maxConcurrency: number;
  /** `concurrency` when not given. */
  defaultConcurrency: number;
  /** `retries`: 0 to this. */
  maxRetries: number;
  /** `retries` when not given. */
  defaultRetries: number;
};

/** CLI-internal: a customer file found in `listCustomerFiles()`'s answer. */
export type CustomerFileSchema = {
  /** Field name → type as the SDK reads Kakao's schema (`'string'`, `'number'`, or a type the
   *  SDK does not check), in Kakao's order; `null` when Kakao lists no schema for the file. */
  schema: Record<string, string> | null;
};
"#;

/// The limits of the admin's count options (see `AdminLimits` in the TypeScript above).
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct AdminLimits {
    max_chunk_size: usize,
    max_batch_size: usize,
    max_concurrency: u32,
    default_concurrency: u32,
    max_retries: u32,
    default_retries: u32,
}

/// CLI-internal: the limits of `chunkSize`, `batchSize`, `concurrency` and `retries`, the very
/// constants the admin's option checks use.
#[doc(hidden)]
#[wasm_bindgen(js_name = __adminLimits, unchecked_return_type = "AdminLimits")]
pub fn admin_limits() -> Result<JsValue, Failure> {
    let limits = AdminLimits {
        max_chunk_size: MAX_CHUNK,
        max_batch_size: MAX_BATCH,
        max_concurrency: MAX_CONCURRENCY,
        default_concurrency: DEFAULT_CONCURRENCY,
        max_retries: MAX_RETRIES,
        default_retries: DEFAULT_RETRIES,
    };
    Ok(crate::admin::to_value(&limits)?)
}

/// CLI-internal: whether `text` (as read from a file) is a service user ID the SDK sends: 1 to
/// 19 decimal digits up to 2^63 − 1, surrounding white space ignored (the rule of
/// `checkRelationships` and of `userType: 'app'` files).
#[doc(hidden)]
#[wasm_bindgen(js_name = __isUserId)]
pub fn is_user_id(text: String) -> bool {
    parse_user_id(RawId::Text(text), "").is_ok()
}

/// CLI-internal: whether `text` is a `userType` the customer-file calls take (`app`, `phone`).
#[doc(hidden)]
#[wasm_bindgen(js_name = __isUserType)]
pub fn is_user_type(text: &str) -> bool {
    UserType::parse(Some(text)).is_ok()
}

/// A schema as an object, field names in Kakao's order.
struct SchemaObject<'a>(&'a Schema);

impl Serialize for SchemaObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0 .0.len()))?;
        for (name, kind) in &self.0 .0 {
            map.serialize_entry(name, kind.name())?;
        }
        map.end()
    }
}

/// `{ schema }` of a file that is in the list.
#[derive(serde::Serialize)]
struct FoundFile<'a> {
    schema: Option<SchemaObject<'a>>,
}

/// CLI-internal: the schema of customer file `fileId` among `files` (the answer of
/// `listCustomerFiles()`), read as `addCustomerUsers` reads it when it looks the file up itself:
/// `undefined` when the file is not in the list, else `{ schema }` (`null` without one).
///
/// @throws {KakaoChannelError} `INVALID_ARGUMENT` when `files` is not a list of objects.
#[doc(hidden)]
#[wasm_bindgen(js_name = __customerFileSchema, unchecked_return_type = "CustomerFileSchema | undefined")]
pub fn customer_file_schema(
    #[wasm_bindgen(unchecked_param_type = "object[]")] files: JsValue,
    file_id: f64,
) -> Result<JsValue, Failure> {
    let files: Vec<serde_json::Value> = serde_wasm_bindgen::from_value(files).map_err(|_| {
        kakao_channel_core::Error::invalid_argument(
            "files must be the list listCustomerFiles() answered.",
        )
    })?;
    // Not a whole number: no file has that ID.
    #[allow(clippy::cast_possible_truncation)]
    let found = (file_id.fract() == 0.0)
        .then(|| file_schema(&files, file_id as i64))
        .flatten();
    let Some(schema) = found else {
        return Ok(JsValue::UNDEFINED);
    };
    let found = FoundFile {
        schema: schema.as_ref().map(SchemaObject),
    };
    Ok(found
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| conversion_error())?)
}
