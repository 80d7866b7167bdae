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

/// The custom element's attribute that names the action (`add`, `chat` or `follow`).
pub const ACTION_ATTRIBUTE: &str = "action";

/// Every attribute `<kakao-channel-button>` renders from: [`ACTION_ATTRIBUTE`], then each
/// setting's (`channel-id`, `size`, …). The one list the element's class observes and the
/// boundary reads.
pub fn element_attributes() -> impl Iterator<Item = &'static str> {
    core::iter::once(ACTION_ATTRIBUTE).chain(Field::ALL.iter().map(|f| f.key(Source::Element)))
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
#[path = "buttons_tests.rs"]
mod tests;
