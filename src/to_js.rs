//! Results as plain JavaScript objects, built field by field: the same keys, order and values
//! serde-wasm-bindgen's `to_value` gave (a `skip_serializing_if` field left out, user IDs as
//! numbers), without its serializer and string cache in the browser module (README "Size").
//! Browser build only.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use kakao_channel_core::follow::FollowChannelResult;
use kakao_channel_core::relationship::{ChannelRelationship, ChannelRelationships};
use kakao_channel_core::url::LaunchResult;

/// A value that crosses to JavaScript as a plain object. `Err` only when a property cannot be
/// set (a page that put a throwing setter on `Object.prototype`): the caller's conversion error.
pub(crate) trait ToJs {
    /// The plain object.
    fn to_js(&self) -> Result<JsValue, JsValue>;
}

/// A plain object with `fields`, in order.
fn object(fields: &[(&str, &JsValue)]) -> Result<JsValue, JsValue> {
    let object = Object::new();
    for (key, value) in fields {
        Reflect::set(&object, &JsValue::from_str(key), value)?;
    }
    Ok(object.into())
}

impl ToJs for LaunchResult {
    fn to_js(&self) -> Result<JsValue, JsValue> {
        object(&[
            ("url", &JsValue::from_str(&self.url)),
            ("via", &JsValue::from_str(self.via.as_str())),
        ])
    }
}

impl ToJs for FollowChannelResult {
    fn to_js(&self) -> Result<JsValue, JsValue> {
        object(&[
            (
                "channelPublicId",
                &JsValue::from_str(&self.channel_public_id),
            ),
            ("status", &JsValue::from_str(self.status.as_str())),
        ])
    }
}

impl ToJs for ChannelRelationship {
    fn to_js(&self) -> Result<JsValue, JsValue> {
        let id = JsValue::from_str(&self.channel_public_id);
        let uuid = JsValue::from_str(&self.channel_uuid);
        let relation = JsValue::from_str(self.relation.as_str());
        let mut fields = vec![
            ("channelPublicId", &id),
            ("channelUuid", &uuid),
            ("relation", &relation),
        ];
        let updated = self.updated_at.as_deref().map(JsValue::from_str);
        if let Some(updated) = &updated {
            fields.push(("updatedAt", updated));
        }
        object(&fields)
    }
}

impl ToJs for ChannelRelationships {
    fn to_js(&self) -> Result<JsValue, JsValue> {
        let channels = Array::new();
        for channel in &self.channels {
            channels.push(&channel.to_js()?);
        }
        // A number, exact: decoded IDs are within ±2^53 (core `as_number`).
        object(&[
            ("userId", &JsValue::from_f64(self.user_id as f64)),
            ("channels", &channels),
        ])
    }
}
