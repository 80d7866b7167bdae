//! Social-plugin buttons: `createAddChannelButton`, `createChatButton` and the
//! `<kakao-channel-button>` custom element (kakao-protocol.md §4).
//!
//! Settings come in layers (the options passed, then the container's `data-` attributes, which
//! win; or the custom element's attributes). This module decides which value wins, which values
//! are valid, and the image, `srcset` and alt text Kakao's JavaScript SDK uses. The wasm boundary
//! (`src/buttons.rs`) reads the layers and builds the link and image with web-sys.

use super::config::Lang;
use super::error::{quote_input, Error, ErrorCode, Result};
use super::id::{parse_channel_id, ChannelId};
use super::text::cat;
use super::url::BridgeKind;

/// Kakao's base URL of the button images.
pub const KAKAO_ASSETS: &str = "https://developers.kakao.com/assets/img/about/logos/channel/";
/// Path of the button images under a pf host that is not Kakao's (a local fake Kakao server).
pub const ASSETS_PATH: &str = "/assets/img/about/logos/channel/";
/// Kakao's pf host, as stored by `init`.
const KAKAO_PF: &str = "https://pf.kakao.com";

/// Where the button images are loaded from, with a trailing slash.
///
/// With Kakao's pf host (the default) that is Kakao's own [`KAKAO_ASSETS`]. With any other pf
/// host (`init({ hosts: { pf } })`, e.g. a local fake Kakao server for tests or an offline demo)
/// the images come from that host too, at `{pf}/assets/img/about/logos/channel/`, so a page
/// pointed at a fake Kakao loads nothing from Kakao.
pub fn asset_base(pf: &str) -> String {
    if pf == KAKAO_PF {
        KAKAO_ASSETS.to_owned()
    } else {
        cat(&[pf, ASSETS_PATH])
    }
}

/// What a button does when clicked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Opens the add-channel bridge page (`addChannel`).
    Add,
    /// Opens the 1:1 chat bridge page (`chat`).
    Chat,
    /// Runs `followChannel` (custom element only). Looks like the add button, and its link is the
    /// add page, for when JavaScript is off.
    Follow,
}

impl Action {
    /// `add`, `chat` or `follow`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Add => "add",
            Action::Chat => "chat",
            Action::Follow => "follow",
        }
    }

    /// The bridge page of the button's link (`href`).
    pub fn bridge(self) -> BridgeKind {
        match self {
            Action::Chat => BridgeKind::Chat,
            Action::Add | Action::Follow => BridgeKind::Add,
        }
    }

    /// The image's alt and title text (Kakao's JavaScript SDK).
    pub fn alt(self) -> &'static str {
        match self {
            Action::Chat => "카카오톡 채널 1:1 채팅 버튼",
            Action::Add | Action::Follow => "카카오톡 채널 추가 버튼",
        }
    }
}

/// The custom element's `action` attribute: `add` (also when absent), `chat` or `follow`.
///
/// Errors: `INVALID_ARGUMENT` for any other value. `label` names the caller in the message.
pub fn element_action(label: &str, value: Option<&str>) -> Result<Action> {
    match value {
        None | Some("add") => Ok(Action::Add),
        Some("chat") => Ok(Action::Chat),
        Some("follow") => Ok(Action::Follow),
        Some(other) => Err(Error::invalid_argument(cat(&[
            label,
            ": action must be 'add', 'chat' or 'follow', not ",
            &quote_input(other, 40),
            ".",
        ]))),
    }
}

/// Why a button has nowhere to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingContainer<'a> {
    /// No `container` option.
    Missing,
    /// A `container` string that is the ID of no element in the page.
    UnknownId(&'a str),
    /// A `container` that is neither an element nor a string.
    NotAnElement,
}

/// `INVALID_ARGUMENT` saying what to pass as `container`.
pub fn container_error(label: &str, why: MissingContainer<'_>) -> Error {
    const WHAT: &str =
        "pass the element to put the button in, or its id ('kakao-btn' or '#kakao-btn').";
    let quoted;
    let problem = match why {
        MissingContainer::Missing => "container is required: ",
        MissingContainer::NotAnElement => "container is not an element: ",
        MissingContainer::UnknownId(id) => {
            quoted = cat(&[
                "no element has the id ",
                &quote_input(id, 60),
                " (create it before the button): ",
            ]);
            &quoted
        }
    };
    Error::invalid_argument(cat(&[label, ": ", problem, WHAT]))
}

/// Where a layer of settings comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The options object passed to `createAddChannelButton` / `createChatButton`.
    Options,
    /// The container's `data-` attributes (read through `dataset`, so camel-case keys).
    Data,
    /// The custom element's own attributes (`channel-id`, `size`, …).
    Element,
}

/// One button setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The channel (`channelPublicId`, `data-channel-public-id`, `channel-id`).
    ChannelPublicId,
    /// `small` (default) or `large`.
    Size,
    /// `true` adds a `srcset` with the 2x and 3x images.
    SupportMultipleDensities,
    /// Chat only: `yellow` (default) or `mono`.
    Color,
    /// Chat only: `pc` (default) or `mobile`.
    Shape,
    /// Chat only: `consult` (default) or `question`.
    Title,
    /// `ko`, `en` or `ja`: the bridge page's language (not the image's).
    Lang,
}

impl Field {
    /// Every setting, in the order of [`Settings`].
    pub const ALL: [Field; 7] = [
        Field::ChannelPublicId,
        Field::Size,
        Field::SupportMultipleDensities,
        Field::Color,
        Field::Shape,
        Field::Title,
        Field::Lang,
    ];

    /// The option key (also the `dataset` key), the `data-` attribute, the element attribute.
    fn names(self) -> [&'static str; 3] {
        match self {
            Field::ChannelPublicId => ["channelPublicId", "data-channel-public-id", "channel-id"],
            Field::Size => ["size", "data-size", "size"],
            Field::SupportMultipleDensities => [
                "supportMultipleDensities",
                "data-support-multiple-densities",
                "support-multiple-densities",
            ],
            Field::Color => ["color", "data-color", "color"],
            Field::Shape => ["shape", "data-shape", "shape"],
            Field::Title => ["title", "data-title", "title"],
            Field::Lang => ["lang", "data-lang", "lang"],
        }
    }

    /// The property to read from a source's object: the option key for options and `dataset`
    /// (`channelPublicId`), the attribute name for the custom element (`channel-id`).
    pub fn key(self, source: Source) -> &'static str {
        let [option, _, attribute] = self.names();
        match source {
            Source::Element => attribute,
            Source::Options | Source::Data => option,
        }
    }

    /// The setting's name as the user wrote it, for messages: `size`, `data-size`.
    pub fn name(self, source: Source) -> &'static str {
        let [option, data, attribute] = self.names();
        match source {
            Source::Options => option,
            Source::Data => data,
            Source::Element => attribute,
        }
    }

    /// The values allowed for a choice (the first is the default); empty for the others.
    fn choices(self) -> &'static [&'static str] {
        match self {
            Field::Size => &["small", "large"],
            Field::Color => &["yellow", "mono"],
            Field::Shape => &["pc", "mobile"],
            Field::Title => &["consult", "question"],
            Field::Lang => &["ko", "en", "ja"],
            Field::ChannelPublicId | Field::SupportMultipleDensities => &[],
        }
    }
}

/// A button's raw settings, as strings (booleans arrive as `"true"` / `"false"`), each with the
/// source that set it. Layers are applied lowest priority first: options, then the container's
/// `data-` attributes, whose values override.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    values: [Option<(String, Source)>; 7],
    last: Option<Source>,
}

impl Settings {
    /// No settings.
    pub fn new() -> Settings {
        Settings::default()
    }

    /// Applies `field` from a layer of `source`: a value overrides what an earlier layer set,
    /// `None` keeps it.
    pub fn set(&mut self, source: Source, field: Field, value: Option<String>) {
        self.last = Some(source);
        if let (Some(value), Some(slot)) = (value, self.values.get_mut(field as usize)) {
            *slot = Some((value, source));
        }
    }

    /// The winning value of `field` and where it came from.
    fn get(&self, field: Field) -> Option<(&str, Source)> {
        let (value, source) = self.values.get(field as usize)?.as_ref()?;
        Some((value, *source))
    }
}

/// A valid button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    /// What a click does.
    pub action: Action,
    /// The channel.
    pub channel_id: ChannelId,
    /// The bridge page's language, when set (otherwise `init`'s applies).
    pub lang: Option<Lang>,
    /// `small` or `large`.
    pub size: &'static str,
    /// `yellow` or `mono` (chat; the add image is always yellow).
    pub color: &'static str,
    /// `pc` or `mobile` (chat).
    pub shape: &'static str,
    /// `consult` or `question` (chat).
    pub title: &'static str,
    /// Whether the image gets a `srcset` with the 2x and 3x versions.
    pub multiple_densities: bool,
}

/// `'a', 'b' or 'c'`.
fn one_of(choices: &[&str]) -> String {
    let mut out = String::new();
    for (i, choice) in choices.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == choices.len() { " or " } else { ", " });
        }
        out.push('\'');
        out.push_str(choice);
        out.push('\'');
    }
    out
}

fn bad_value(label: &str, field: Field, source: Source, allowed: &str, value: &str) -> Error {
    Error::invalid_argument(cat(&[
        label,
        ": ",
        field.name(source),
        " must be ",
        allowed,
        ", not ",
        &quote_input(value, 40),
        ".",
    ]))
}

/// The validated value of a choice setting; `None` when no layer sets it.
fn choose(label: &str, settings: &Settings, field: Field) -> Result<Option<&'static str>> {
    let Some((value, source)) = settings.get(field) else {
        return Ok(None);
    };
    let choices = field.choices();
    match choices.iter().find(|choice| **choice == value) {
        Some(choice) => Ok(Some(choice)),
        None => Err(bad_value(label, field, source, &one_of(choices), value)),
    }
}

/// A choice setting, or its default.
fn choose_or_default(label: &str, settings: &Settings, field: Field) -> Result<&'static str> {
    Ok(choose(label, settings, field)?
        .or_else(|| field.choices().first().copied())
        .unwrap_or_default())
}

/// `supportMultipleDensities`: `"true"` / `"false"`; an attribute present without a value
/// (`<… support-multiple-densities>`) means true, as for HTML boolean attributes.
fn flag(label: &str, settings: &Settings) -> Result<bool> {
    let field = Field::SupportMultipleDensities;
    match settings.get(field) {
        None | Some(("false", _)) => Ok(false),
        Some(("true", _)) => Ok(true),
        Some(("", source)) if source != Source::Options => Ok(true),
        Some((value, source)) => Err(bad_value(label, field, source, "true or false", value)),
    }
}

/// `INVALID_CHANNEL_ID` for a button without a channel, naming where to set it.
fn missing_channel(label: &str, settings: &Settings) -> Error {
    let attributes = settings.last == Some(Source::Element);
    Error::new(
        ErrorCode::InvalidChannelId,
        cat(&[
            label,
            if attributes {
                ": channel-id is required"
            } else {
                ": channelPublicId (or the container's data-channel-public-id) is required"
            },
            ": the channel's public ID ('_ZeUTxl') or URL ('https://pf.kakao.com/_ZeUTxl').",
        ]),
    )
}

/// Resolves a button from its settings. `label` names the caller in messages, e.g.
/// `createChatButton()`.
///
/// Defaults: size `small`, color `yellow`, shape `pc`, title `consult`, no `srcset`, `lang` from
/// `init`. The add (and follow) button ignores color, shape and title: its image is always yellow.
///
/// Errors: `INVALID_CHANNEL_ID` / `SEARCH_ID_NOT_SUPPORTED` for a missing or bad channel (checked
/// first), `INVALID_ARGUMENT` for any other bad value, naming the option or attribute that holds
/// it.
pub fn resolve_button(label: &str, action: Action, settings: &Settings) -> Result<Button> {
    let channel_id = match settings.get(Field::ChannelPublicId) {
        Some((value, _)) => parse_channel_id(value)?,
        None => return Err(missing_channel(label, settings)),
    };
    let size = choose_or_default(label, settings, Field::Size)?;
    let multiple_densities = flag(label, settings)?;
    let lang = choose(label, settings, Field::Lang)?
        .map(Lang::parse)
        .transpose()?;
    let (mut color, mut shape, mut title) = ("yellow", "pc", "consult");
    if action == Action::Chat {
        color = choose_or_default(label, settings, Field::Color)?;
        shape = choose_or_default(label, settings, Field::Shape)?;
        title = choose_or_default(label, settings, Field::Title)?;
    }
    Ok(Button {
        action,
        channel_id,
        lang,
        size,
        color,
        shape,
        title,
        multiple_densities,
    })
}

impl Button {
    /// The image's file name without `.png`: `friendadd_{size}_yellow_rect` (add, follow) or
    /// `{title}_{size}_{color}_{shape}` (chat).
    pub fn image_name(&self) -> String {
        match self.action {
            Action::Chat => cat(&[self.title, "_", self.size, "_", self.color, "_", self.shape]),
            Action::Add | Action::Follow => cat(&["friendadd_", self.size, "_yellow_rect"]),
        }
    }

    /// The image URL under `base` (see [`asset_base`]).
    pub fn src(&self, base: &str) -> String {
        cat(&[base, &self.image_name(), ".png"])
    }

    /// `{base}{name}_2X.png 2x, {base}{name}_3X.png 3x` when multiple densities are on.
    pub fn srcset(&self, base: &str) -> Option<String> {
        let name = self.image_name();
        self.multiple_densities
            .then(|| cat(&[base, &name, "_2X.png 2x, ", base, &name, "_3X.png 3x"]))
    }

    /// The image's alt and title text.
    pub fn alt(&self) -> &'static str {
        self.action.alt()
    }
}

#[cfg(test)]
mod tests {
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
        let err = resolve_button("<kakao-channel-button>", Action::Chat, &merge(&[element()]))
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidChannelId);
        assert!(
            err.message()
                .starts_with("<kakao-channel-button>: channel-id is required: "),
            "{}",
            err.message()
        );
        let err = resolve(Action::Chat, &[Layer::new(Source::Options), data()]).unwrap_err();
        assert!(
            err.message().contains(
                "channelPublicId (or the container's data-channel-public-id) is required"
            ),
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
            assert!(err.message().starts_with(
                "<kakao-channel-button>: action must be 'add', 'chat' or 'follow', not "
            ));
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
}
