//! Boundary of the social-plugin buttons (`createAddChannelButton`, `createChatButton`,
//! `<kakao-channel-button>`). The package's JS (`js/buttons.js`) finds the container, builds the
//! markup and wires the clicks; this export reads the settings and decides everything else
//! through the core: what wins, what is valid, the link, the image and the alt text.

use wasm_bindgen::prelude::*;

use crate::prelude::*;

use super::opts::{object, Opts};
use super::{browser_link, with_config};
use crate::core::buttons::{
    asset_base, container_error, element_action, resolve_button, Action, Field, MissingContainer,
    Settings, Source,
};
use crate::core::config::Lang;
use crate::core::text::cat;
use crate::core::{Error, Result};

/// Applies one layer of settings. Strings are kept as they are and booleans become `"true"` /
/// `"false"` (`supportMultipleDensities: true`); anything else is `INVALID_ARGUMENT`.
fn read(settings: &mut Settings, opts: &Opts, label: &str, source: Source) -> Result<()> {
    for field in Field::ALL {
        let value = match opts.get(field.key(source))? {
            None => None,
            Some(value) => match (value.as_string(), value.as_bool()) {
                (Some(text), _) => Some(text),
                (None, Some(flag)) => Some(if flag { "true" } else { "false" }.to_owned()),
                (None, None) => {
                    return Err(Error::invalid_argument(cat(&[
                        label,
                        ": ",
                        field.name(source),
                        " must be a string.",
                    ])))
                }
            },
        };
        settings.set(source, field, value);
    }
    Ok(())
}

/// `INVALID_ARGUMENT` for a container that is missing or was not found in the page.
fn no_container(opts: &Opts, label: &str) -> Error {
    let container = opts.get("container").ok().flatten();
    let id = container.as_ref().and_then(JsValue::as_string);
    container_error(
        label,
        match (&container, &id) {
            (None, _) => MissingContainer::Missing,
            (Some(_), Some(id)) => MissingContainer::UnknownId(id),
            (Some(_), None) => MissingContainer::NotAnElement,
        },
    )
}

fn spec(kind: &str, options: JsValue, data: JsValue) -> Result<JsValue> {
    let (function, label, action) = match kind {
        "add" => (
            "createAddChannelButton",
            "createAddChannelButton()",
            Some(Action::Add),
        ),
        "chat" => ("createChatButton", "createChatButton()", Some(Action::Chat)),
        // The custom element: the action is one of its attributes.
        _ => ("defineChannelButton", "<kakao-channel-button>", None),
    };
    let mut settings = Settings::new();
    let action = match action {
        Some(action) => {
            let opts = Opts::new(options, function)?;
            if !data.is_object() {
                return Err(no_container(&opts, label));
            }
            let dataset = Opts::new(data, function)?;
            read(&mut settings, &opts, label, Source::Options)?;
            read(&mut settings, &dataset, label, Source::Data)?;
            action
        }
        None => {
            let attributes = Opts::new(data, function)?;
            read(&mut settings, &attributes, label, Source::Element)?;
            element_action(label, attributes.string("action")?.as_deref())?
        }
    };
    let button = resolve_button(label, action, &settings)?;
    // The fallible steps first, then the result's JS values.
    let (id, lang) = (button.channel_id.as_str(), button.lang.map(Lang::as_str));
    let js = |value: Option<&str>| value.map_or(JsValue::UNDEFINED, JsValue::from_str);
    let link = object(&[("channelPublicId", js(Some(id))), ("lang", js(lang))]);
    let href = browser_link(link, action.bridge(), function)?.url;
    let base = with_config(function, |config| Ok(asset_base(&config.hosts.pf)))?;
    let (src, srcset) = (button.src(&base), button.srcset(&base));
    Ok(object(&[
        ("action", js(Some(action.as_str()))),
        ("channelPublicId", js(Some(id))),
        ("lang", js(lang)),
        ("href", js(Some(&href))),
        ("src", js(Some(&src))),
        ("srcset", js(srcset.as_deref())),
        ("alt", js(Some(button.alt()))),
    ]))
}

/// Validates a button's settings and describes it: `{ action, channelPublicId, lang, href, src,
/// srcset, alt }` (`lang` and `srcset` `undefined` when not set). Internal to the package's JS
/// layer (`js/buttons.js`).
///
/// `kind` is `add` / `chat` (`createAddChannelButton` / `createChatButton`: `options` is the
/// caller's options, `data` the container's `dataset`, or `undefined` when the container was not
/// found) or `element` (`<kakao-channel-button>`: `data` holds its attributes by name).
///
/// The image host follows `init`'s `hosts.pf`: Kakao's pf host (the default) loads Kakao's images
/// from `https://developers.kakao.com/assets/img/about/logos/channel/`; any other pf host (a local
/// fake Kakao server) serves them itself under `{pf}/assets/img/about/logos/channel/`.
#[doc(hidden)]
#[wasm_bindgen(js_name = buttonSpec)]
pub fn button_spec(
    kind: &str,
    options: JsValue,
    data: JsValue,
) -> core::result::Result<JsValue, JsValue> {
    Ok(spec(kind, options, data)?)
}
