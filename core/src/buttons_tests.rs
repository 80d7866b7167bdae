//! Tests of `buttons.rs` (kept beside it, in their own file, so each stays readable).

use super::*;

const BASE: &str = KAKAO_ASSETS;

/// One layer of settings, for the tests.
#[derive(Debug, Clone)]
struct Layer(Source, Vec<(Field, String)>);

impl Layer {
    fn new(source: Source) -> Layer {
        Layer(source, Vec::new())
    }

    fn with(mut self, field: Field, value: &str) -> Layer {
        self.1.push((field, value.to_owned()));
        self
    }
}

/// Applies the layers in order, every field of each, as the boundary does.
fn merge(layers: &[Layer]) -> Settings {
    let mut settings = Settings::new();
    for Layer(source, pairs) in layers {
        for field in Field::ALL {
            let value = pairs.iter().rev().find(|(f, _)| *f == field);
            settings.set(*source, field, value.map(|(_, v)| v.clone()));
        }
    }
    settings
}

fn options() -> Layer {
    Layer::new(Source::Options).with(Field::ChannelPublicId, "_ZeUTxl")
}

fn data() -> Layer {
    Layer::new(Source::Data)
}

fn element() -> Layer {
    Layer::new(Source::Element)
}

fn resolve(action: Action, layers: &[Layer]) -> Result<Button> {
    resolve_button("createChatButton()", action, &merge(layers))
}

fn image(action: Action, layers: &[Layer]) -> (String, Option<String>) {
    let button = resolve(action, layers).unwrap();
    (button.src(BASE), button.srcset(BASE))
}

/// Settings as `(field, value)` pairs.
type Pairs = &'static [(Field, &'static str)];

#[test]
fn images_exact() {
    use Field::*;
    let cases: &[(Action, Pairs, Pairs, &str)] = &[
        (Action::Add, &[], &[], "friendadd_small_yellow_rect"),
        (
            Action::Add,
            &[(Size, "large")],
            &[],
            "friendadd_large_yellow_rect",
        ),
        (
            Action::Follow,
            &[(Size, "large")],
            &[],
            "friendadd_large_yellow_rect",
        ),
        // The add image is always yellow: chat-only settings are ignored, even bad ones.
        (
            Action::Add,
            &[(Color, "mono"), (Shape, "mobile"), (Title, "x")],
            &[],
            "friendadd_small_yellow_rect",
        ),
        (Action::Chat, &[], &[], "consult_small_yellow_pc"),
        (
            Action::Chat,
            &[
                (Size, "large"),
                (Color, "mono"),
                (Shape, "mobile"),
                (Title, "question"),
            ],
            &[],
            "question_large_mono_mobile",
        ),
        (
            Action::Chat,
            &[(Title, "question")],
            &[],
            "question_small_yellow_pc",
        ),
        (
            Action::Chat,
            &[(Shape, "mobile")],
            &[],
            "consult_small_yellow_mobile",
        ),
        // Attributes beat options, field by field.
        (
            Action::Chat,
            &[(Size, "large"), (Color, "mono")],
            &[(Color, "yellow"), (Title, "question")],
            "question_large_yellow_pc",
        ),
        (
            Action::Add,
            &[(Size, "small")],
            &[(Size, "large")],
            "friendadd_large_yellow_rect",
        ),
        // `lang` goes to the bridge URL only, never to the image.
        (
            Action::Chat,
            &[(Lang, "en")],
            &[(Lang, "ja")],
            "consult_small_yellow_pc",
        ),
    ];
    for (action, opts, attrs, name) in cases {
        let mut o = options();
        for (f, v) in *opts {
            o = o.with(*f, v);
        }
        let mut d = data();
        for (f, v) in *attrs {
            d = d.with(*f, v);
        }
        let (src, srcset) = image(*action, &[o.clone(), d.clone()]);
        assert_eq!(
            src,
            format!("{BASE}{name}.png"),
            "{action:?} {opts:?} {attrs:?}"
        );
        assert_eq!(srcset, None);
        let (src, srcset) = image(*action, &[o.with(SupportMultipleDensities, "true"), d]);
        assert_eq!(src, format!("{BASE}{name}.png"));
        assert_eq!(
            srcset.as_deref(),
            Some(format!("{BASE}{name}_2X.png 2x, {BASE}{name}_3X.png 3x").as_str())
        );
    }
}

#[test]
fn srcset_exact() {
    let button = resolve(
        Action::Chat,
        &[options().with(Field::SupportMultipleDensities, "true")],
    )
    .unwrap();
    assert_eq!(
        button
            .srcset("http://127.0.0.1:9/assets/img/about/logos/channel/")
            .unwrap(),
        "http://127.0.0.1:9/assets/img/about/logos/channel/consult_small_yellow_pc_2X.png 2x, \
         http://127.0.0.1:9/assets/img/about/logos/channel/consult_small_yellow_pc_3X.png 3x"
    );
    assert_eq!(
        button.src(BASE),
        "https://developers.kakao.com/assets/img/about/logos/channel/consult_small_yellow_pc.png"
    );
}

#[test]
fn defaults_and_alt_text() {
    let chat = resolve(Action::Chat, &[options()]).unwrap();
    assert_eq!(
        chat,
        Button {
            action: Action::Chat,
            channel_id: parse_channel_id("_ZeUTxl").unwrap(),
            lang: None,
            size: "small",
            color: "yellow",
            shape: "pc",
            title: "consult",
            multiple_densities: false,
        }
    );
    assert_eq!(chat.alt(), "카카오톡 채널 1:1 채팅 버튼");
    let add = resolve(Action::Add, &[options()]).unwrap();
    assert_eq!(add.alt(), "카카오톡 채널 추가 버튼");
    assert_eq!(Action::Follow.alt(), "카카오톡 채널 추가 버튼");
    assert_eq!(Action::Add.bridge(), BridgeKind::Add);
    assert_eq!(Action::Follow.bridge(), BridgeKind::Add);
    assert_eq!(Action::Chat.bridge(), BridgeKind::Chat);
    assert_eq!(
        [Action::Add, Action::Chat, Action::Follow].map(Action::as_str),
        ["add", "chat", "follow"]
    );
}

#[test]
fn channel_and_lang_with_overrides() {
    let url = "https://pf.kakao.com/_Bxkd/chat";
    let b = resolve(
        Action::Add,
        &[
            options().with(Field::Lang, "en"),
            data().with(Field::ChannelPublicId, url),
        ],
    )
    .unwrap();
    assert_eq!(b.channel_id.as_str(), "_Bxkd");
    assert_eq!(b.lang, Some(Lang::En));
    let b = resolve(
        Action::Add,
        &[
            options().with(Field::Lang, "en"),
            data().with(Field::Lang, "ja"),
        ],
    )
    .unwrap();
    assert_eq!((b.channel_id.as_str(), b.lang), ("_ZeUTxl", Some(Lang::Ja)));
    // Only the attributes (the custom element): enough on their own.
    let b = resolve(
        Action::Follow,
        &[element()
            .with(Field::ChannelPublicId, " _RQxl ")
            .with(Field::Lang, "ko")],
    )
    .unwrap();
    assert_eq!((b.channel_id.as_str(), b.lang), ("_RQxl", Some(Lang::Ko)));
}

#[test]
fn string_booleans() {
    let on = |layers: &[Layer]| resolve(Action::Add, layers).unwrap().multiple_densities;
    let smd = Field::SupportMultipleDensities;
    assert!(!on(&[options()]));
    assert!(on(&[options().with(smd, "true")]));
    assert!(!on(&[options().with(smd, "false")]));
    // Attributes override options both ways.
    assert!(!on(&[
        options().with(smd, "true"),
        data().with(smd, "false")
    ]));
    assert!(on(&[
        options().with(smd, "false"),
        data().with(smd, "true")
    ]));
    // A bare boolean attribute is true; an empty option string is not a boolean.
    assert!(on(&[options(), data().with(smd, "")]));
    assert!(on(&[element()
        .with(Field::ChannelPublicId, "_x")
        .with(smd, "")]));
    let err = resolve(Action::Add, &[options().with(smd, "")]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
}

#[test]
fn keys_and_names_per_source() {
    let f = Field::ChannelPublicId;
    assert_eq!(f.key(Source::Options), "channelPublicId");
    assert_eq!(f.key(Source::Data), "channelPublicId");
    assert_eq!(f.key(Source::Element), "channel-id");
    assert_eq!(f.name(Source::Data), "data-channel-public-id");
    let f = Field::SupportMultipleDensities;
    assert_eq!(f.key(Source::Data), "supportMultipleDensities");
    assert_eq!(f.name(Source::Data), "data-support-multiple-densities");
    assert_eq!(f.key(Source::Element), "support-multiple-densities");
    for f in Field::ALL {
        let [option, data, attribute] = f.names();
        assert_eq!(f.key(Source::Options), option);
        assert!(data.starts_with("data-"));
        assert_eq!(f.name(Source::Element), attribute);
    }
}

#[test]
fn every_invalid_value() {
    use Field::*;
    let cases: &[(Action, Layer, ErrorCode, &str)] = &[
        (
            Action::Add,
            options().with(Size, "huge"),
            ErrorCode::InvalidArgument,
            "createChatButton(): size must be 'small' or 'large', not \"huge\".",
        ),
        (
            Action::Chat,
            options().with(Color, "black"),
            ErrorCode::InvalidArgument,
            "createChatButton(): color must be 'yellow' or 'mono', not \"black\".",
        ),
        (
            Action::Chat,
            options().with(Shape, "round"),
            ErrorCode::InvalidArgument,
            "createChatButton(): shape must be 'pc' or 'mobile', not \"round\".",
        ),
        (
            Action::Chat,
            options().with(Title, "hello"),
            ErrorCode::InvalidArgument,
            "createChatButton(): title must be 'consult' or 'question', not \"hello\".",
        ),
        (
            Action::Add,
            options().with(Lang, "fr"),
            ErrorCode::InvalidArgument,
            "createChatButton(): lang must be 'ko', 'en' or 'ja', not \"fr\".",
        ),
        (
            Action::Add,
            options().with(SupportMultipleDensities, "yes"),
            ErrorCode::InvalidArgument,
            "createChatButton(): supportMultipleDensities must be true or false, not \"yes\".",
        ),
        (
            Action::Add,
            options().with(Size, "Small"),
            ErrorCode::InvalidArgument,
            "createChatButton(): size must be 'small' or 'large', not \"Small\".",
        ),
        (
            Action::Add,
            options().with(Size, ""),
            ErrorCode::InvalidArgument,
            "createChatButton(): size must be 'small' or 'large', not \"\".",
        ),
        (
            Action::Add,
            Layer::new(Source::Options),
            ErrorCode::InvalidChannelId,
            "createChatButton(): channelPublicId (or the container's \
             data-channel-public-id) is required: the channel's public ID ('_ZeUTxl') or URL \
             ('https://pf.kakao.com/_ZeUTxl').",
        ),
        (
            Action::Add,
            options().with(ChannelPublicId, "https://evil.example/_x"),
            ErrorCode::InvalidChannelId,
            "",
        ),
        (
            Action::Add,
            options().with(ChannelPublicId, ""),
            ErrorCode::InvalidChannelId,
            "",
        ),
        (
            Action::Chat,
            options().with(ChannelPublicId, "@brand"),
            ErrorCode::SearchIdNotSupported,
            "",
        ),
    ];
    for (action, layer, code, message) in cases {
        let err = resolve(*action, core::slice::from_ref(layer)).unwrap_err();
        assert_eq!(err.code(), *code, "{layer:?}");
        if !message.is_empty() {
            assert_eq!(err.message(), *message);
        }
    }
}

#[test]
fn errors_name_the_attribute_that_holds_the_bad_value() {
    let layers = [
        options().with(Field::Color, "mono"),
        data().with(Field::Color, "red"),
    ];
    let err = resolve(Action::Chat, &layers).unwrap_err();
    assert_eq!(
        err.message(),
        "createChatButton(): data-color must be 'yellow' or 'mono', not \"red\"."
    );
    // A bad option is fine when an attribute overrides it.
    let layers = [
        options().with(Field::Size, "huge"),
        data().with(Field::Size, "large"),
    ];
    assert_eq!(resolve(Action::Chat, &layers).unwrap().size, "large");
    let err = resolve_button(
        "<kakao-channel-button>",
        Action::Add,
        &merge(&[element()
            .with(Field::ChannelPublicId, "_x")
            .with(Field::SupportMultipleDensities, "no")]),
    )
    .unwrap_err();
    assert_eq!(
        err.message(),
        "<kakao-channel-button>: support-multiple-densities must be true or false, not \"no\"."
    );
    let err =
        resolve_button("<kakao-channel-button>", Action::Chat, &merge(&[element()])).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidChannelId);
    assert!(
        err.message()
            .starts_with("<kakao-channel-button>: channel-id is required: "),
        "{}",
        err.message()
    );
    let err = resolve(Action::Chat, &[Layer::new(Source::Options), data()]).unwrap_err();
    assert!(
        err.message()
            .contains("channelPublicId (or the container's data-channel-public-id) is required"),
        "{}",
        err.message()
    );
    // Data beats options for the channel too, and a bad attribute is not rescued by a good
    // option.
    let err = resolve(
        Action::Add,
        &[options(), data().with(Field::ChannelPublicId, "@brand")],
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::SearchIdNotSupported);
}

#[test]
fn element_actions() {
    let label = "<kakao-channel-button>";
    assert_eq!(element_action(label, None).unwrap(), Action::Add);
    assert_eq!(element_action(label, Some("add")).unwrap(), Action::Add);
    assert_eq!(element_action(label, Some("chat")).unwrap(), Action::Chat);
    assert_eq!(
        element_action(label, Some("follow")).unwrap(),
        Action::Follow
    );
    for bad in ["", "Chat", "open"] {
        let err = element_action(label, Some(bad)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        assert!(err
            .message()
            .starts_with("<kakao-channel-button>: action must be 'add', 'chat' or 'follow', not "));
    }
}

#[test]
fn container_errors() {
    let label = "createAddChannelButton()";
    let missing = container_error(label, MissingContainer::Missing);
    assert_eq!(missing.code(), ErrorCode::InvalidArgument);
    assert_eq!(
        missing.message(),
        "createAddChannelButton(): container is required: pass the element to put the \
         button in, or its id ('kakao-btn' or '#kakao-btn')."
    );
    assert_eq!(
        container_error(label, MissingContainer::UnknownId("#nope")).message(),
        "createAddChannelButton(): no element has the id \"#nope\" (create it before the \
         button): pass the element to put the button in, or its id ('kakao-btn' or \
         '#kakao-btn')."
    );
    assert!(container_error(label, MissingContainer::NotAnElement)
        .message()
        .contains("container is not an element"));
}

#[test]
fn asset_base_follows_the_pf_host() {
    assert_eq!(asset_base("https://pf.kakao.com"), KAKAO_ASSETS);
    assert_eq!(
        asset_base("http://127.0.0.1:8123"),
        "http://127.0.0.1:8123/assets/img/about/logos/channel/"
    );
    assert_eq!(
        asset_base("https://proxy.example/pf"),
        "https://proxy.example/pf/assets/img/about/logos/channel/"
    );
}

#[test]
fn one_of_lists() {
    assert_eq!(one_of(&["a"]), "'a'");
    assert_eq!(one_of(&["a", "b"]), "'a' or 'b'");
    assert_eq!(one_of(&["a", "b", "c"]), "'a', 'b' or 'c'");
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn source() -> impl Strategy<Value = Source> {
        prop::sample::select(vec![Source::Options, Source::Data, Source::Element])
    }

    fn value() -> impl Strategy<Value = Option<String>> {
        let known = prop::sample::select(vec![
            "",
            "small",
            "large",
            "yellow",
            "mono",
            "pc",
            "mobile",
            "consult",
            "question",
            "ko",
            "en",
            "ja",
            "true",
            "false",
            "_ZeUTxl",
            "https://pf.kakao.com/_Bxkd/chat",
            "@brand",
            "Small",
        ])
        .prop_map(str::to_owned);
        prop::option::of(prop_oneof![known, ".{0,40}"])
    }

    proptest! {
        /// Any layering of any values resolves or fails without panicking; an accepted
        /// button has a safe channel ID, documented choices and a plain image name, and a
        /// failure is one of the documented codes.
        #[test]
        fn any_settings_resolve_safely(
            action in prop::sample::select(vec![Action::Add, Action::Chat, Action::Follow]),
            layers in prop::collection::vec((source(), 0usize..7, value()), 0..20),
        ) {
            let mut settings = Settings::new();
            for (source, field, value) in layers {
                settings.set(source, Field::ALL[field], value);
            }
            match resolve_button("createChatButton()", action, &settings) {
                Ok(button) => {
                    let id = button.channel_id.as_str();
                    prop_assert!(id.starts_with('_') && id[1..].bytes().all(|b| b.is_ascii_alphanumeric()));
                    prop_assert!(["small", "large"].contains(&button.size));
                    prop_assert!(["yellow", "mono"].contains(&button.color));
                    prop_assert!(["pc", "mobile"].contains(&button.shape));
                    prop_assert!(["consult", "question"].contains(&button.title));
                    let name = button.image_name();
                    prop_assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
                    prop_assert_eq!(button.srcset(BASE).is_some(), button.multiple_densities);
                }
                Err(err) => prop_assert!(matches!(
                    err.code(),
                    ErrorCode::InvalidChannelId
                        | ErrorCode::SearchIdNotSupported
                        | ErrorCode::InvalidArgument
                )),
            }
        }

        /// Any `action` attribute is accepted or refused with `INVALID_ARGUMENT`.
        #[test]
        fn any_action_attribute(value in prop::option::of(".{0,20}")) {
            if let Err(err) = element_action("<kakao-channel-button>", value.as_deref()) {
                prop_assert_eq!(err.code(), ErrorCode::InvalidArgument);
            }
        }
    }
}

#[test]
fn the_element_attributes_are_the_action_and_every_setting() {
    assert_eq!(
        element_attributes().collect::<Vec<_>>(),
        [
            "action",
            "channel-id",
            "size",
            "support-multiple-densities",
            "color",
            "shape",
            "title",
            "lang"
        ]
    );
}
