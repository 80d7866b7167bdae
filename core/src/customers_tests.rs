//! Tests of `customers.rs` (kept beside it, in their own file, so each stays readable).

use super::*;
use crate::error::ErrorCode;
use crate::parse_channel_id;
use proptest::prelude::*;

fn schema() -> Schema {
    parse_schema(vec![
        ("points".into(), Some("number".into())),
        ("tier".into(), Some("string".into())),
    ])
    .unwrap()
}

#[test]
fn schema_rules() {
    assert_eq!(schema().describe(), "points: number, tier: string");
    for bad in [
        vec![],
        vec![("".to_owned(), Some("string".to_owned()))],
        vec![("x".to_owned(), Some("date".to_owned()))],
        vec![("x".to_owned(), None)],
    ] {
        assert_eq!(
            parse_schema(bad).unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
    }
    let err = parse_schema(vec![("age".into(), Some("int".into()))]).unwrap_err();
    assert!(err.message().contains("schema.age"), "{}", err.message());
    assert!(validate_file_name(Some("VIP".into())).is_ok());
    assert!(validate_file_name(Some(" ".into())).is_err());
    assert!(validate_file_name(None).is_err());
    assert_eq!(validate_file_id(Some(1001.0)).unwrap(), 1001);
    assert!(validate_file_id(Some(0.0)).is_err());
    assert!(validate_file_id(None).is_err());
}

#[test]
fn fields_are_checked_against_the_schema_naming_the_field() {
    let s = schema();
    let ok = check_fields(
        0,
        vec![("points".into(), RawValue::Number(3.0))],
        Some(&s),
        7,
    )
    .unwrap();
    assert_eq!(ok, vec![("points".to_owned(), FieldValue::Number(3.0))]);
    let err = check_fields(
        12,
        vec![("pointz".into(), RawValue::Number(3.0))],
        Some(&s),
        7,
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    assert!(
        err.message().starts_with("users[12].fields has \"pointz\""),
        "{}",
        err.message()
    );
    assert!(err.message().contains("points: number, tier: string"));
    let err = check_fields(
        1,
        vec![("points".into(), RawValue::Text("3".into()))],
        Some(&s),
        7,
    )
    .unwrap_err();
    assert!(
        err.message()
            .starts_with("users[1].fields.points must be a number"),
        "{}",
        err.message()
    );
    let err =
        check_fields(1, vec![("tier".into(), RawValue::Number(1.0))], Some(&s), 7).unwrap_err();
    assert!(err.message().contains("must be a string"));
    let err = check_fields(
        1,
        vec![("tier".into(), RawValue::Other("object".into()))],
        None,
        7,
    )
    .unwrap_err();
    assert!(err.message().contains("not object"));
    assert!(check_fields(1, vec![("x".into(), RawValue::Number(f64::NAN))], None, 7).is_err());
    let err = check_fields(
        usize::MAX,
        vec![("a\u{1b}[31m".into(), RawValue::Number(f64::NAN))],
        None,
        7,
    )
    .unwrap_err();
    assert_eq!(
        err.message(),
        "users[9223372036854775807].fields.\"a\\u{1b}[31m\" must be a finite number."
    );
    assert!(check_fields(
        1,
        vec![("anything".into(), RawValue::Text("x".into()))],
        None,
        7
    )
    .is_ok());
}

#[test]
fn ids_by_user_type() {
    let app = parse_customer_id(
        UserType::App,
        RawId::Text("9223372036854775001".into()),
        "users[0].id",
    )
    .unwrap();
    assert_eq!(app.to_json().to_string(), "9223372036854775001");
    let phone =
        parse_customer_id(UserType::Phone, RawId::Text(" 010-1234-5678 ".into()), "x").unwrap();
    assert_eq!(phone, CustomerId::Phone("010-1234-5678".into()));
    assert!(parse_customer_id(UserType::Phone, RawId::Number(1012345678.0), "x").is_err());
    assert!(parse_customer_id(UserType::Phone, RawId::Text("call me".into()), "x").is_err());
    assert_eq!(UserType::parse(Some("phone")).unwrap(), UserType::Phone);
    assert!(UserType::parse(Some("email")).is_err());
}

#[test]
fn request_bodies() {
    let channel = parse_channel_id("_ZeUTxl").unwrap();
    let create = create_request(
        "https://kapi.kakao.com",
        &channel,
        "VIP",
        &schema(),
        "key-1",
    );
    assert_eq!(
        create.url,
        "https://kapi.kakao.com/v1/talkchannel/create/target_user_file"
    );
    assert_eq!(
        create.body.as_deref(),
        Some(
            r#"{"channel_public_id":"_ZeUTxl","file_name":"VIP","schema":{"points":"number","tier":"string"}}"#
        )
    );
    assert!(create
        .headers
        .contains(&("Authorization", "KakaoAK key-1".to_owned())));
    let users = vec![
        CustomerUser {
            id: parse_customer_id(
                UserType::App,
                RawId::Text("9223372036854775001".into()),
                "x",
            )
            .unwrap(),
            fields: vec![
                ("points".into(), FieldValue::Number(3.0)),
                ("tier".into(), FieldValue::Text("gold".into())),
            ],
        },
        CustomerUser {
            id: parse_customer_id(UserType::App, RawId::Number(7.0), "x").unwrap(),
            fields: vec![],
        },
    ];
    let add = add_request(
        "https://kapi.kakao.com",
        &channel,
        1001,
        UserType::App,
        &users,
        "key-1",
    );
    assert_eq!(
        add.body.as_deref(),
        Some(
            r#"{"channel_public_id":"_ZeUTxl","file_id":1001,"user_type":"app","users":[{"field":{"points":3,"tier":"gold"},"id":9223372036854775001},{"id":7}]}"#
        )
    );
    let ids: Vec<CustomerId> = users.into_iter().map(|u| u.id).collect();
    let delete = delete_request(
        "https://kapi.kakao.com",
        &channel,
        1001,
        UserType::App,
        &ids,
        "key-1",
    );
    assert_eq!(
        delete.body.as_deref(),
        Some(
            r#"{"channel_public_id":"_ZeUTxl","file_id":1001,"user_ids":[9223372036854775001,7],"user_type":"app"}"#
        )
    );
    let list = list_request("https://kapi.kakao.com", &channel, "key-1");
    assert_eq!(
        list.url,
        "https://kapi.kakao.com/v1/talkchannel/target_user_file?channel_public_id=_ZeUTxl"
    );
}

#[test]
fn lenient_answers_keep_raw_fields() {
    let created = decode_created(200, r#"{"file_id":1001,"extra":true}"#, "k").unwrap();
    assert_eq!(created["fileId"], 1001);
    assert_eq!(created["extra"], true);
    assert_eq!(
        decode_created(200, r#"{"id":"5"}"#, "k").unwrap()["fileId"],
        5
    );
    assert!(decode_created(200, "{}", "k").is_err());
    for body in [
        r#"{"files":[{"file_id":1,"file_name":"A","schema":{"p":"number"},"user_count":3}]}"#,
        r#"[{"id":1,"name":"A","schema":{"p":"number"},"user_count":3}]"#,
        r#"{"target_user_files":[{"file_id":"1","file_name":"A","schema":{"p":"number"},"user_count":3}]}"#,
    ] {
        let files = decode_files(200, body, "k").unwrap();
        assert_eq!(files[0]["fileId"], 1, "{body}");
        assert_eq!(files[0]["fileName"], "A");
        assert_eq!(files[0]["user_count"], 3, "raw kept");
        let schema = file_schema(&files, 1).unwrap().unwrap();
        assert_eq!(schema.0, vec![("p".to_owned(), FieldType::Number)]);
        assert!(file_schema(&files, 2).is_none());
    }
    assert!(decode_files(200, "{}", "k").unwrap().is_empty());
    assert!(decode_files(200, r#"{"files":{}}"#, "k").is_err());
    assert_eq!(decode_batch(200, "", "k").unwrap(), Value::Null);
    assert_eq!(
        decode_batch(200, "<html>OK</html>", "k")
            .unwrap_err()
            .code(),
        ErrorCode::InvalidResponse
    );
    assert_eq!(
        decode_batch(200, "{\"file_id\": 1", "k")
            .unwrap_err()
            .code(),
        ErrorCode::InvalidResponse
    );
    let err = decode_batch(400, r#"{"code":-816,"msg":"no file"}"#, "k").unwrap_err();
    assert_eq!(err.code(), ErrorCode::KakaoApi);
    assert!(
        err.message().contains("listCustomerFiles"),
        "{}",
        err.message()
    );
    let err = decode_created(400, r#"{"code":-818,"msg":"too many"}"#, "k").unwrap_err();
    assert!(
        err.message().contains("30 customer files"),
        "{}",
        err.message()
    );
}

proptest! {
    #[test]
    fn decoders_never_panic(status in 0u16..600, body in "\\PC{0,200}") {
        let _ = decode_created(status, &body, "k");
        let _ = decode_files(status, &body, "k");
        let _ = decode_batch(status, &body, "k");
    }

    /// Field names from a CSV header or Kakao's schema list never reach a message raw: no
    /// control character, however the name is spelled.
    #[test]
    fn messages_quote_odd_names(
        name in "\\PC{0,8}[\\x00-\\x1f\\x7f\u{2028}\u{feff}]\\PC{0,8}",
        index in any::<usize>(),
    ) {
        let listed = serde_json::json!({ name.clone(): "number", "tier": "str\ning" });
        let kakao = Schema::from_json(&listed).unwrap();
        for (fields, schema) in [
            (vec![(name.clone(), RawValue::Number(f64::NAN))], None),
            (vec![(name.clone(), RawValue::Other("object".into()))], None),
            (vec![("other".to_owned(), RawValue::Number(1.0))], Some(&kakao)),
            (vec![(name.clone(), RawValue::Text("x".into()))], Some(&kakao)),
        ] {
            let err = check_fields(index, fields, schema, 1).unwrap_err();
            prop_assert!(err.message().starts_with("users["));
            prop_assert!(!err.message().starts_with("users[-"));
            prop_assert!(
                !err.message().chars().any(|c| c.is_control() || c == '\u{2028}' || c == '\u{feff}'),
                "{:?}", err.message()
            );
        }
    }

    #[test]
    fn checks_never_panic(name in "\\PC{0,20}", text in "\\PC{0,20}", n in proptest::num::f64::ANY) {
        let s = schema();
        let _ = check_fields(0, vec![(name.clone(), RawValue::Text(text.clone())), (name, RawValue::Number(n))], Some(&s), 1);
        let _ = parse_customer_id(UserType::Phone, RawId::Text(text), "x");
    }
}
