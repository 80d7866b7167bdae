//! Customer-field validation: `customers::check_fields` against a schema (or none), with
//! schemas from `customers::parse_schema` and `customers::Schema::from_json`.
//!
//! Input, line by line: `INDEX FILE_ID`; the schema (`-` for none, `{…}` for a schema object as
//! Kakao lists it, otherwise `name:type,name:type` with `type` `string`, `number` or anything);
//! then one field per line: `t` (string), `n` (number, as text: `nan`/`inf` included) or `o`
//! (another JS type: its `typeof`, picked by the value's length) followed by `name=value`.
//!
//! Invariants: no panic; the result agrees with a model of the rules (finite numbers and strings
//! only; with a schema, every name in it and of its type; unknown schema types unchecked);
//! accepted fields come back in order, unchanged; refusals are `INVALID_ARGUMENT` naming the
//! user (`users[INDEX]`), with a clean bounded message (field names come from a CSV header in the
//! CLI: a control character in one must not reach a terminal raw).
#![no_main]

use kakao_channel_core::customers::{
    check_fields, parse_schema, FieldType, FieldValue, RawValue, Schema,
};
use kakao_channel_core::ErrorCode;
use kakao_channel_fuzz::{assert_clean, first_line, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let (head, rest) = first_line(&input);
    let (schema_line, fields_text) = first_line(rest);
    let (index, file_id) = head.split_once(' ').unwrap_or((head, ""));
    // A JavaScript array index (below 2^32); `check_fields` saturates larger ones.
    let index = index.trim().parse::<u32>().map_or(0, |i| i as usize);
    let file_id: i64 = file_id.trim().parse().unwrap_or(1);

    let schema: Option<Schema> = if schema_line == "-" {
        None
    } else if schema_line.starts_with('{') {
        serde_json::from_str(schema_line)
            .ok()
            .and_then(|v| Schema::from_json(&v))
    } else {
        let entries: Vec<(String, Option<String>)> = schema_line
            .split(',')
            .take(40)
            .map(|entry| match entry.split_once(':') {
                Some((name, kind)) => (name.to_owned(), Some(kind.to_owned())),
                None => (entry.to_owned(), None),
            })
            .collect();
        match parse_schema(entries) {
            Ok(schema) => Some(schema),
            Err(err) => {
                assert_eq!(err.code(), ErrorCode::InvalidArgument);
                assert_clean(&err);
                // Kakao's own list is not validated: use the entries as it would list them.
                let object: serde_json::Map<String, serde_json::Value> = schema_line
                    .split(',')
                    .filter_map(|e| e.split_once(':'))
                    .map(|(n, k)| (n.to_owned(), k.into()))
                    .collect();
                Schema::from_json(&serde_json::Value::Object(object))
            }
        }
    };

    let fields: Vec<(String, RawValue)> = fields_text
        .split('\n')
        .take(64)
        .filter_map(|line| {
            let kind = line.as_bytes().first().copied()?;
            let (name, value) = line.get(1..)?.split_once('=')?;
            let raw = match kind {
                b't' => RawValue::Text(value.to_owned()),
                b'n' => RawValue::Number(value.trim().parse().unwrap_or(f64::NAN)),
                // The boundary passes JavaScript's `typeof`, never arbitrary text.
                _ => RawValue::Other(
                    [
                        "boolean",
                        "object",
                        "undefined",
                        "bigint",
                        "symbol",
                        "function",
                    ][value.len() % 6]
                        .to_owned(),
                ),
            };
            Some((name.to_owned(), raw))
        })
        .collect();

    let lookup = |name: &str| -> Option<&FieldType> {
        schema
            .as_ref()
            .and_then(|s| s.0.iter().find(|(n, _)| n == name).map(|(_, t)| t))
    };
    let expected_ok = fields.iter().all(|(name, raw)| {
        let valid = match raw {
            RawValue::Text(_) => true,
            RawValue::Number(n) => n.is_finite(),
            RawValue::Other(_) => false,
        };
        valid
            && (schema.is_none()
                || !matches!(
                    (lookup(name), raw),
                    (None, _)
                        | (Some(FieldType::Number), RawValue::Text(_))
                        | (Some(FieldType::Text), RawValue::Number(_))
                ))
    });

    match check_fields(index, fields.clone(), schema.as_ref(), file_id) {
        Ok(out) => {
            assert!(expected_ok, "accepted {fields:?} with {schema:?}");
            assert_eq!(out.len(), fields.len());
            for ((name, value), (raw_name, raw)) in out.iter().zip(&fields) {
                assert_eq!(name, raw_name);
                match (value, raw) {
                    (FieldValue::Text(a), RawValue::Text(b)) => assert_eq!(a, b),
                    (FieldValue::Number(a), RawValue::Number(b)) => {
                        assert!(a.is_finite());
                        assert_eq!(a.to_bits(), b.to_bits());
                    }
                    other => panic!("value changed kind: {other:?}"),
                }
            }
        }
        Err(err) => {
            assert!(
                !expected_ok,
                "refused {fields:?} with {schema:?}: {}",
                err.message()
            );
            assert_eq!(err.code(), ErrorCode::InvalidArgument);
            assert!(
                err.message().starts_with(&format!("users[{index}]")),
                "{}",
                err.message()
            );
            assert_clean(&err);
        }
    }
});
