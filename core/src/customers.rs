//! Customer files (kakao-protocol.md §6): register, list, add users, delete users. Requests are
//! JSON with the admin key in `Authorization: KakaoAK …`. Kakao documents neither the answers'
//! shapes nor what it does with a field the file's schema lacks (it answers 200 and adds
//! nothing), so every user is checked against the schema before anything is sent, and answers
//! are read leniently with their raw fields kept.
//!
//! (About 600 lines with its tests in `customers_tests.rs`: the four requests and their decoders
//! share the schema and user rules, so they stay in one file.)

use serde_json::{Map, Number, Value};

use super::admin::{
    admin_error, admin_headers, exact_id, parse_body, parse_user_id, RawId, UserId,
};
use super::error::{quote_input, Error, Result};
use super::http::{invalid_response, is_success, Method, RequestSpec};
use super::id::ChannelId;
use super::text::{cat, push_int};

/// `POST {api}` + this: register a customer file.
pub const CREATE_PATH: &str = "/v1/talkchannel/create/target_user_file";
/// `GET {api}` + this: the channel's customer files.
pub const LIST_PATH: &str = "/v1/talkchannel/target_user_file";
/// `POST {api}` + this: add users to a file.
pub const ADD_PATH: &str = "/v1/talkchannel/update/target_users";
/// `POST {api}` + this: delete users from a file.
pub const DELETE_PATH: &str = "/v1/talkchannel/delete/target_users";
/// Users per add/delete request: Kakao's limit.
pub const MAX_BATCH: usize = 2000;
/// The longest file name or field name the SDK sends.
pub const MAX_NAME_CHARS: usize = 100;

/// How users are identified in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserType {
    /// App user IDs (service user IDs of users linked to the app).
    App,
    /// Phone numbers registered in KakaoTalk.
    Phone,
}

impl UserType {
    /// `app` / `phone`, as Kakao spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            UserType::App => "app",
            UserType::Phone => "phone",
        }
    }

    /// Reads the `userType` option.
    pub fn parse(value: Option<&str>) -> Result<UserType> {
        match value {
            Some("app") => Ok(UserType::App),
            Some("phone") => Ok(UserType::Phone),
            _ => Err(Error::invalid_argument(
                "userType must be 'app' (app user IDs) or 'phone' (phone numbers registered in \
                 KakaoTalk).",
            )),
        }
    }
}

/// A field's declared type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    /// `"string"`.
    Text,
    /// `"number"`.
    Number,
    /// A type Kakao listed that the SDK does not know: values are not checked.
    Other(String),
}

impl FieldType {
    /// `string`, `number`, or the type as Kakao listed it.
    pub fn name(&self) -> &str {
        match self {
            FieldType::Text => "string",
            FieldType::Number => "number",
            FieldType::Other(s) => s,
        }
    }
}

/// A file's schema: field names and types, in the caller's order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schema(pub Vec<(String, FieldType)>);

impl Schema {
    fn get(&self, name: &str) -> Option<&FieldType> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, t)| t)
    }

    /// `points: number, tier: string`, for messages.
    fn describe(&self) -> String {
        let mut out = String::new();
        for (i, (name, kind)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            if i == 12 {
                out.push('…');
                break;
            }
            out.push_str(&shown(name));
            out.push_str(": ");
            out.push_str(&shown(kind.name()));
        }
        out
    }

    /// From a schema object in Kakao's answer (lenient: unknown types kept, non-strings skipped).
    pub fn from_json(value: &Value) -> Option<Schema> {
        let map = value.as_object()?;
        Some(Schema(
            map.iter()
                .filter_map(|(name, kind)| {
                    let kind = match kind.as_str()? {
                        "string" => FieldType::Text,
                        "number" => FieldType::Number,
                        other => FieldType::Other(other.to_owned()),
                    };
                    Some((name.clone(), kind))
                })
                .collect(),
        ))
    }
}

/// A field name for a message: as it is when plain, quoted (truncated, control characters
/// escaped) otherwise. Names come from CSV headers and from Kakao's answers, so a line break or a
/// terminal escape in one must not reach a message raw.
fn shown(name: &str) -> String {
    let quoted = quote_input(name, 40);
    match quoted.get(1..quoted.len() - 1) {
        Some(inner) if inner == name => name.to_owned(),
        _ => quoted,
    }
}

fn valid_name(name: &str) -> bool {
    !name.trim().is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && !name.chars().any(char::is_control)
}

/// Validates `createCustomerFile`'s `schema` (name → `'string'` | `'number'`, at least one).
pub fn parse_schema(entries: Vec<(String, Option<String>)>) -> Result<Schema> {
    if entries.is_empty() {
        return Err(Error::invalid_argument(
            "schema needs at least one field, e.g. { tier: 'string', points: 'number' }. Kakao \
             does not let a schema change once the file exists.",
        ));
    }
    let mut fields = Vec::with_capacity(entries.len());
    for (name, kind) in entries {
        if !valid_name(&name) {
            return Err(Error::invalid_argument(cat(&[
                "schema field name ",
                &quote_input(&name, 40),
                " is not usable: 1 to 100 characters, no control characters.",
            ])));
        }
        let kind = match kind.as_deref() {
            Some("string") => FieldType::Text,
            Some("number") => FieldType::Number,
            _ => {
                return Err(Error::invalid_argument(cat(&[
                    "schema.",
                    &shown(&name),
                    " must be 'string' or 'number'.",
                ])))
            }
        };
        fields.push((name, kind));
    }
    Ok(Schema(fields))
}

/// Validates a file name: 1 to 100 characters, no control characters.
pub fn validate_file_name(name: Option<String>) -> Result<String> {
    match name {
        Some(name) if valid_name(&name) => Ok(name),
        _ => Err(Error::invalid_argument(
            "fileName must be a name of 1 to 100 characters (no control characters), unique \
             among the channel's customer files.",
        )),
    }
}

/// Validates a file ID: a positive whole number.
pub fn validate_file_id(value: Option<f64>) -> Result<i64> {
    match value {
        Some(v) if v.fract() == 0.0 && (1.0..=super::admin::MAX_SAFE_INTEGER).contains(&v) => {
            Ok(v as i64)
        }
        _ => Err(Error::invalid_argument(
            "fileId must be the number createCustomerFile() returned (see listCustomerFiles()).",
        )),
    }
}

/// A user in a file: an app user ID, or a phone number.
#[derive(Debug, Clone, PartialEq)]
pub enum CustomerId {
    /// An app user ID.
    App(UserId),
    /// A phone number, as given (trimmed).
    Phone(String),
}

impl CustomerId {
    fn to_json(&self) -> Value {
        match self {
            // A JSON number with the exact digits (u64 keeps IDs above 2^53).
            CustomerId::App(id) => id.digits().parse::<u64>().map_or_else(
                |_| Value::String(id.digits().to_owned()),
                |n| Value::Number(n.into()),
            ),
            CustomerId::Phone(phone) => Value::String(phone.clone()),
        }
    }
}

/// Reads one user's ID for `user_type`; `what` names it in errors (`users[3].id`).
pub fn parse_customer_id(user_type: UserType, raw: RawId, what: &str) -> Result<CustomerId> {
    match user_type {
        UserType::App => parse_user_id(raw, what).map(CustomerId::App),
        UserType::Phone => {
            let RawId::Text(text) = raw else {
                return Err(Error::invalid_argument(cat(&[
                    what,
                    " must be a phone number as a string ('010-1234-5678' or '+82 10-1234-5678'): \
                     a number would drop the leading 0.",
                ])));
            };
            let phone = text.trim();
            let digits = phone.bytes().filter(u8::is_ascii_digit).count();
            let allowed = phone.bytes().all(|b| {
                b.is_ascii_digit() || matches!(b, b'+' | b'-' | b' ' | b'(' | b')' | b'.')
            });
            if !allowed || !(7..=20).contains(&digits) {
                return Err(Error::invalid_argument(cat(&[
                    what,
                    " ",
                    &quote_input(&text, 40),
                    " is not a phone number (7 to 20 digits with optional + - ( ) and spaces).",
                ])));
            }
            Ok(CustomerId::Phone(phone.to_owned()))
        }
    }
}

/// A field value as JavaScript gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    /// A string.
    Text(String),
    /// A number.
    Number(f64),
    /// Anything else (its `typeof`).
    Other(String),
}

/// A checked field value.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// A string.
    Text(String),
    /// A finite number.
    Number(f64),
}

impl FieldValue {
    fn to_json(&self) -> Value {
        match self {
            FieldValue::Text(s) => Value::String(s.clone()),
            // Whole numbers go as integers (`3`, not `3.0`).
            FieldValue::Number(n)
                if n.fract() == 0.0 && n.abs() <= super::admin::MAX_SAFE_INTEGER =>
            {
                Value::Number((*n as i64).into())
            }
            FieldValue::Number(n) => Number::from_f64(*n).map_or(Value::Null, Value::Number),
        }
    }
}

/// A user ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerUser {
    /// The ID.
    pub id: CustomerId,
    /// The fields, checked.
    pub fields: Vec<(String, FieldValue)>,
}

/// Checks one user's fields against the file's `schema` (when known): every name must be in the
/// schema and every value of its type. `index` names the user in errors (`users[12]`).
pub fn check_fields(
    index: usize,
    fields: Vec<(String, RawValue)>,
    schema: Option<&Schema>,
    file_id: i64,
) -> Result<Vec<(String, FieldValue)>> {
    let mut at = String::from("users[");
    push_int(&mut at, i64::try_from(index).unwrap_or(i64::MAX));
    at.push(']');
    let mut out = Vec::with_capacity(fields.len());
    for (name, raw) in fields {
        let value = match raw {
            RawValue::Text(s) => FieldValue::Text(s),
            RawValue::Number(n) if n.is_finite() => FieldValue::Number(n),
            RawValue::Number(_) => {
                return Err(Error::invalid_argument(cat(&[
                    &at,
                    ".fields.",
                    &shown(&name),
                    " must be a finite number.",
                ])))
            }
            RawValue::Other(kind) => {
                return Err(Error::invalid_argument(cat(&[
                    &at,
                    ".fields.",
                    &shown(&name),
                    " must be a string or a number, not ",
                    &kind,
                    ".",
                ])))
            }
        };
        if let Some(schema) = schema {
            let mut file = String::new();
            push_int(&mut file, file_id);
            match schema.get(&name) {
                None => {
                    return Err(Error::invalid_argument(cat(&[
                        &at,
                        ".fields has ",
                        &quote_input(&name, 40),
                        ", which customer file ",
                        &file,
                        "'s schema does not have (",
                        &schema.describe(),
                        "). Kakao would answer 200 and silently skip this user; fix the field \
                         name. Nothing was sent.",
                    ])))
                }
                Some(FieldType::Number) if !matches!(value, FieldValue::Number(_)) => {
                    return Err(Error::invalid_argument(cat(&[
                        &at,
                        ".fields.",
                        &shown(&name),
                        " must be a number (customer file ",
                        &file,
                        "'s schema says number), not a string. Nothing was sent.",
                    ])))
                }
                Some(FieldType::Text) if !matches!(value, FieldValue::Text(_)) => {
                    return Err(Error::invalid_argument(cat(&[
                        &at,
                        ".fields.",
                        &shown(&name),
                        " must be a string (customer file ",
                        &file,
                        "'s schema says string), not a number. Nothing was sent.",
                    ])))
                }
                _ => {}
            }
        }
        out.push((name, value));
    }
    Ok(out)
}

fn json_request(url: String, key: &str, body: &Value) -> RequestSpec {
    let mut headers = admin_headers(key);
    headers.push(("Content-Type", "application/json;charset=UTF-8".to_owned()));
    RequestSpec {
        method: Method::Post,
        url,
        headers,
        body: Some(body.to_string()),
    }
}

/// `POST {api}/v1/talkchannel/create/target_user_file`
/// `{"channel_public_id", "file_name", "schema": {name: "string" | "number"}}`.
pub fn create_request(
    api: &str,
    channel: &ChannelId,
    file_name: &str,
    schema: &Schema,
    key: &str,
) -> RequestSpec {
    let mut fields = Map::new();
    for (name, kind) in &schema.0 {
        fields.insert(name.clone(), Value::String(kind.name().to_owned()));
    }
    let mut body = Map::new();
    body.insert("channel_public_id".into(), channel.as_str().into());
    body.insert("file_name".into(), file_name.into());
    body.insert("schema".into(), Value::Object(fields));
    json_request(cat(&[api, CREATE_PATH]), key, &Value::Object(body))
}

/// `GET {api}/v1/talkchannel/target_user_file?channel_public_id=_x`.
pub fn list_request(api: &str, channel: &ChannelId, key: &str) -> RequestSpec {
    RequestSpec {
        method: Method::Get,
        url: cat(&[api, LIST_PATH, "?channel_public_id=", channel.as_str()]),
        headers: admin_headers(key),
        body: None,
    }
}

fn batch_body(channel: &ChannelId, file_id: i64, user_type: UserType) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert("file_id".into(), file_id.into());
    body.insert("channel_public_id".into(), channel.as_str().into());
    body.insert("user_type".into(), user_type.as_str().into());
    body
}

/// `POST {api}/v1/talkchannel/update/target_users`
/// `{"file_id", "channel_public_id", "user_type", "users": [{"id", "field": {…}}]}`; app user IDs
/// go as JSON numbers with their exact digits, phone numbers as strings.
pub fn add_request(
    api: &str,
    channel: &ChannelId,
    file_id: i64,
    user_type: UserType,
    users: &[CustomerUser],
    key: &str,
) -> RequestSpec {
    let mut body = batch_body(channel, file_id, user_type);
    let users: Vec<Value> = users
        .iter()
        .map(|user| {
            let mut entry = Map::new();
            entry.insert("id".into(), user.id.to_json());
            if !user.fields.is_empty() {
                let field: Map<String, Value> = user
                    .fields
                    .iter()
                    .map(|(name, value)| (name.clone(), value.to_json()))
                    .collect();
                entry.insert("field".into(), Value::Object(field));
            }
            Value::Object(entry)
        })
        .collect();
    body.insert("users".into(), Value::Array(users));
    json_request(cat(&[api, ADD_PATH]), key, &Value::Object(body))
}

/// `POST {api}/v1/talkchannel/delete/target_users`
/// `{"file_id", "channel_public_id", "user_type", "user_ids": [id, …]}` (the element shape is
/// unresolved in Kakao's docs; plain IDs, as in the add request, are sent).
pub fn delete_request(
    api: &str,
    channel: &ChannelId,
    file_id: i64,
    user_type: UserType,
    ids: &[CustomerId],
    key: &str,
) -> RequestSpec {
    let mut body = batch_body(channel, file_id, user_type);
    body.insert(
        "user_ids".into(),
        Value::Array(ids.iter().map(CustomerId::to_json).collect()),
    );
    json_request(cat(&[api, DELETE_PATH]), key, &Value::Object(body))
}

fn success_body(status: u16, text: &str, key: &str) -> Result<Option<Value>> {
    let body = parse_body(text);
    if !is_success(status) {
        return Err(admin_error(status, body.as_ref(), key));
    }
    Ok(body)
}

/// The first of `names` present in `object` as an exact integer.
fn id_member(object: &Map<String, Value>, names: &[&str]) -> Option<i64> {
    names
        .iter()
        .filter_map(|name| object.get(*name))
        .find_map(|v| exact_id(v).and_then(|d| d.parse::<i64>().ok()))
}

/// Decodes the answer to [`create_request`]: Kakao's raw fields plus `fileId` (from `file_id`,
/// `id` or `fileId`).
pub fn decode_created(status: u16, text: &str, key: &str) -> Result<Value> {
    let body = success_body(status, text, key)?;
    let mut object = match body {
        Some(Value::Object(map)) => map,
        _ => {
            return Err(invalid_response(
                status,
                "the answer to create is not a JSON object",
            ))
        }
    };
    let id = id_member(&object, &["file_id", "id", "fileId"])
        .ok_or_else(|| invalid_response(status, "the answer to create has no file_id"))?;
    object.insert("fileId".into(), id.into());
    Ok(Value::Object(object))
}

/// Decodes the answer to [`list_request`]: the files (a top-level array, or the first array under
/// `files`, `target_user_files`, `elements`, `items`, `list` or `data`), each with Kakao's raw
/// fields plus `fileId`, `fileName` and `schema`.
pub fn decode_files(status: u16, text: &str, key: &str) -> Result<Vec<Value>> {
    let body = success_body(status, text, key)?
        .ok_or_else(|| invalid_response(status, "the body is not JSON"))?;
    const LISTS: [&str; 6] = [
        "files",
        "target_user_files",
        "elements",
        "items",
        "list",
        "data",
    ];
    let items = match body {
        Value::Array(items) => items,
        Value::Object(mut map) => match LISTS.iter().find_map(|k| map.remove(*k)) {
            Some(Value::Array(items)) => items,
            // No list at all: a channel without files may be answered with an empty object.
            None if map.is_empty() => Vec::new(),
            _ => {
                return Err(invalid_response(
                    status,
                    "the list of customer files is not an array",
                ))
            }
        },
        _ => {
            return Err(invalid_response(
                status,
                "the list of customer files is not an array",
            ))
        }
    };
    let mut files = Vec::with_capacity(items.len());
    for item in items {
        let Value::Object(mut object) = item else {
            return Err(invalid_response(status, "a customer file is not an object"));
        };
        let id = id_member(&object, &["file_id", "id", "fileId"])
            .ok_or_else(|| invalid_response(status, "a customer file has no file_id"))?;
        let name = ["file_name", "name", "fileName"]
            .iter()
            .find_map(|k| object.get(*k).and_then(Value::as_str))
            .unwrap_or_default()
            .to_owned();
        object.insert("fileId".into(), id.into());
        object.insert("fileName".into(), name.into());
        if let Some(schema) = object.get("schema").filter(|s| s.is_object()).cloned() {
            object.insert("schema".into(), schema);
        }
        files.push(Value::Object(object));
    }
    Ok(files)
}

/// The file `file_id` among decoded files: `None` when absent; `Some(None)` when it has no
/// schema Kakao listed (values are then not checked).
pub fn file_schema(files: &[Value], file_id: i64) -> Option<Option<Schema>> {
    let file = files
        .iter()
        .find(|f| f.get("fileId").and_then(Value::as_i64) == Some(file_id))?;
    Some(file.get("schema").and_then(Schema::from_json))
}

/// The error for a `fileId` the channel's list does not have.
pub fn unknown_file_error(file_id: i64, channel: &ChannelId) -> Error {
    let mut id = String::new();
    push_int(&mut id, file_id);
    Error::invalid_argument(cat(&[
        "fileId ",
        &id,
        " is not among the customer files of ",
        channel.as_str(),
        ": list them with listCustomerFiles(), or pass `schema` to skip this lookup.",
    ]))
}

/// Decodes the answer to an add or delete batch: Kakao's body as it came (`null` for an empty
/// body). A 2xx whose body is not JSON (a truncated answer, a proxy's HTML page) is
/// `INVALID_RESPONSE`: counting it as success could lose the batch silently.
pub fn decode_batch(status: u16, text: &str, key: &str) -> Result<Value> {
    match success_body(status, text, key)? {
        Some(body) => Ok(body),
        None if text.trim().is_empty() => Ok(Value::Null),
        None => Err(invalid_response(status, "the body is not JSON")),
    }
}

/// The `{requested, succeeded, failed, batches}` counts of a batched call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct BatchCounts {
    /// Users asked for.
    pub requested: usize,
    /// Users in batches Kakao accepted.
    pub succeeded: usize,
    /// Users in batches that failed.
    pub failed: usize,
    /// Requests (batches) made.
    pub batches: usize,
}

#[cfg(test)]
#[path = "customers_tests.rs"]
mod tests;
