//! Kakao's social-plugin buttons (`createAddChannelButton`, `createChatButton`, `cleanup`) and the
//! rendering behind the `<kakao-channel-button>` custom element, with web-sys. The core decides
//! which settings win, what is valid, the link, the image, `srcset` and alt text; this file finds
//! the container, builds `<a href><img></a>` and wires the click.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, Document, Element, Event, HtmlElement};

use kakao_channel_core::buttons::{
    asset_base, container_error, element_action, element_attributes, resolve_button, Action,
    Button, Field, MissingContainer, Settings, Source, ACTION_ATTRIBUTE,
};
use kakao_channel_core::config::Lang;
use kakao_channel_core::text::cat;
use kakao_channel_core::url::BridgeKind;
use kakao_channel_core::{ChannelId, Error, Result};

use crate::error::{to_js, Failure};
use crate::follow::{start as start_follow, FollowRequest};
use crate::launch::{launch_link, to_value};
use crate::links::link_for;
use crate::opts::Opts;
use crate::page::no_window;
use crate::state;

/// A rendered button: its link, the element it is in, and its click listener.
struct Rendered {
    anchor: Element,
    host: Element,
    _on_click: Closure<dyn FnMut(Event)>,
}

thread_local! {
    /// Every button this module rendered, for `cleanup()` and re-rendering.
    static RENDERED: RefCell<Vec<Rendered>> = const { RefCell::new(Vec::new()) };
}

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

fn document(function: &str) -> Result<Document> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| no_window(function))
}

/// The container: an element, or the id of one (`'kakao-btn'` / `'#kakao-btn'`).
fn container(opts: &Opts, document: &Document, label: &str) -> Result<HtmlElement> {
    let value = opts.get("container").ok().flatten();
    let Some(value) = value else {
        return Err(container_error(label, MissingContainer::Missing));
    };
    if let Some(id) = value.as_string() {
        let bare = id.strip_prefix('#').unwrap_or(&id);
        return document
            .get_element_by_id(bare)
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            .ok_or_else(|| container_error(label, MissingContainer::UnknownId(&id)));
    }
    value
        .dyn_into::<HtmlElement>()
        .map_err(|_| container_error(label, MissingContainer::NotAnElement))
}

/// Dispatches `kakao-channel-result` / `kakao-channel-error` (bubbling, composed) on `target`.
fn emit(target: &Element, kind: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(kind, &init) {
        let _ = target.dispatch_event(&event);
    }
}

/// Runs the button's action inside the click, with no await before the window opens: the same
/// Rust paths as `followChannel`, `addChannel` and `chat`, called directly.
fn activate(anchor: &Element, action: Action, id: &ChannelId, lang: Option<Lang>) {
    let target = anchor.clone();
    let (kind, function) = match action {
        Action::Follow => {
            match start_follow(FollowRequest::for_channel(id.clone())) {
                Ok(promise) => wasm_bindgen_futures::spawn_local(async move {
                    match wasm_bindgen_futures::JsFuture::from(promise).await {
                        Ok(result) => emit(&target, "kakao-channel-result", &result),
                        Err(error) => emit(&target, "kakao-channel-error", &error),
                    }
                }),
                Err(error) => emit(&target, "kakao-channel-error", &to_js(&error)),
            }
            return;
        }
        Action::Add => (BridgeKind::Add, "addChannel"),
        Action::Chat => (BridgeKind::Chat, "chat"),
    };
    let launched = link_for(id.clone(), lang, kind, function)
        .and_then(|link| launch_link(link, kind, function));
    match launched.map(|launched| to_value(&launched)) {
        Ok(Ok(result)) => emit(&target, "kakao-channel-result", &result),
        Ok(Err(error)) => emit(&target, "kakao-channel-error", &error),
        Err(error) => emit(&target, "kakao-channel-error", &to_js(&error)),
    }
}

/// Builds the button's `<a href><img></a>` into `host` and remembers it.
fn render(
    document: &Document,
    host: &Element,
    button: &Button,
    function: &'static str,
) -> Result<()> {
    let action = button.action;
    let (id, lang) = (button.channel_id.clone(), button.lang);
    let href = link_for(id.clone(), lang, action.bridge(), function)?.url;
    let base = asset_base(&state::config(function)?.hosts.pf);
    let dom_error = || no_window(function);
    // Used through Element's methods only: no `instanceof HTMLAnchorElement` import.
    let anchor = document.create_element("a").map_err(|_| dom_error())?;
    // Attributes (the reflected `href` and `className`): no setter imports of their own.
    let _ = anchor.set_attribute("href", &href);
    let _ = anchor.set_attribute("class", "kakao-channel-button");
    let _ = anchor.set_attribute("data-kakao-channel-button", action.as_str());
    let img = document.create_element("img").map_err(|_| dom_error())?;
    let _ = img.set_attribute("src", &button.src(&base));
    if let Some(srcset) = button.srcset(&base) {
        let _ = img.set_attribute("srcset", &srcset);
    }
    let _ = img.set_attribute("alt", button.alt());
    let _ = img.set_attribute("title", button.alt());
    anchor.append_child(&img).map_err(|_| dom_error())?;
    let clicked = anchor.clone();
    let on_click = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        event.prevent_default();
        activate(&clicked, action, &id, lang);
    });
    anchor
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
        .map_err(|_| dom_error())?;
    host.append_child(&anchor).map_err(|_| dom_error())?;
    RENDERED.with(|r| {
        r.borrow_mut().push(Rendered {
            anchor,
            host: host.clone(),
            _on_click: on_click,
        })
    });
    Ok(())
}

/// Removes the rendered buttons `which` selects, with their listeners.
fn remove(which: impl Fn(&Rendered) -> bool) {
    let removed: Vec<Rendered> = RENDERED.with(|r| {
        let mut r = r.borrow_mut();
        let (gone, kept) = r.drain(..).partition(|b| which(b));
        *r = kept;
        gone
    });
    for button in &removed {
        if let Some(listener) = button._on_click.as_ref().dyn_ref::<js_sys::Function>() {
            let _ = button
                .anchor
                .remove_event_listener_with_callback("click", listener);
        }
        button.anchor.remove();
    }
}

fn create(options: JsValue, action: Action, function: &'static str, label: &str) -> Result<()> {
    state::config(function)?;
    let document = document(function)?;
    let opts = Opts::new(options, function)?;
    let host = container(&opts, &document, label)?;
    let mut settings = Settings::new();
    read(&mut settings, &opts, label, Source::Options)?;
    // Through Reflect (which catches): an object made with `Object.create(HTMLElement.prototype)`
    // passes `instanceof`, but its `dataset` getter throws.
    let dataset = js_sys::Reflect::get(&host, &JsValue::from_str("dataset"))
        .map_err(|_| container_error(label, MissingContainer::NotAnElement))?;
    let dataset = Opts::new(dataset, function)?;
    read(&mut settings, &dataset, label, Source::Data)?;
    let button = resolve_button(label, action, &settings)?;
    render(&document, &host, &button, function)
}

/// Appends Kakao's add-channel button (`<a class="kakao-channel-button"><img></a>`) to the
/// container. The link is the channel's add page (`addChannelUrl`), so it works without
/// JavaScript and with a middle-click; a click opens it with `addChannel`, inside the click.
/// Errors in the click arrive as a `kakao-channel-error` event on the link (it bubbles), results
/// as `kakao-channel-result` (the `LaunchResult`). The container's `data-` attributes
/// (`data-channel-public-id`, `data-size`, `data-support-multiple-densities`, `data-lang`)
/// override the options; `"true"` / `"false"` are booleans there.
///
/// Images come from Kakao (`https://developers.kakao.com/assets/img/about/logos/channel/`), or,
/// when `init`'s `hosts.pf` is not Kakao's, from `{pf}/assets/img/about/logos/channel/`.
///
/// @throws {KakaoChannelError} `NOT_INITIALIZED`, `INVALID_ARGUMENT` (no container, an id no
/// element has, a bad `size`, `lang` or `supportMultipleDensities`), `INVALID_CHANNEL_ID`,
/// `SEARCH_ID_NOT_SUPPORTED`, `UNSUPPORTED_ENVIRONMENT` (no document).
///
/// @example
/// ```ts
/// // <div id="kakao-add"></div>
/// await init({ appKey: 'YOUR_JAVASCRIPT_KEY' });
/// createAddChannelButton({ container: '#kakao-add', channelPublicId: '_ZeUTxl', size: 'large' });
/// ```
#[wasm_bindgen(js_name = createAddChannelButton)]
pub fn create_add_channel_button(
    #[wasm_bindgen(unchecked_param_type = "AddChannelButtonOptions")] options: JsValue,
) -> core::result::Result<(), Failure> {
    Ok(create(
        options,
        Action::Add,
        "createAddChannelButton",
        "createAddChannelButton()",
    )?)
}

/// Appends Kakao's 1:1 chat button to the container; a click opens the chat page with `chat`.
/// See `createAddChannelButton` for the link, the events, the images and the `data-` attributes
/// (here also `data-color`, `data-shape`, `data-title`).
///
/// @throws {KakaoChannelError} `NOT_INITIALIZED`, `INVALID_ARGUMENT` (also a bad `color`, `shape`
/// or `title`), `INVALID_CHANNEL_ID`, `SEARCH_ID_NOT_SUPPORTED`, `UNSUPPORTED_ENVIRONMENT`.
///
/// @example
/// ```ts
/// createChatButton({
///   container: document.getElementById('kakao-chat')!,
///   channelPublicId: 'https://pf.kakao.com/_ZeUTxl',
///   color: 'mono',
///   shape: 'mobile',
///   title: 'question',
/// });
/// ```
#[wasm_bindgen(js_name = createChatButton)]
pub fn create_chat_button(
    #[wasm_bindgen(unchecked_param_type = "ChatButtonOptions")] options: JsValue,
) -> core::result::Result<(), Failure> {
    Ok(create(
        options,
        Action::Chat,
        "createChatButton",
        "createChatButton()",
    )?)
}

/// Removes every button this SDK created (custom elements' included) with its click listener.
///
/// @throws {KakaoChannelError} `NOT_INITIALIZED`.
///
/// @example
/// ```ts
/// // Before a single-page app leaves the view that showed the buttons:
/// cleanup();
/// ```
#[wasm_bindgen(js_name = cleanup)]
pub fn cleanup() -> core::result::Result<(), Failure> {
    state::config("cleanup")?;
    remove(|_| true);
    Ok(())
}

fn render_element(element: &HtmlElement) -> Result<()> {
    const FUNCTION: &str = "defineChannelButton";
    const LABEL: &str = "<kakao-channel-button>";
    let document = document(FUNCTION)?;
    let attributes = js_sys::Object::new();
    for name in element_attributes() {
        if let Some(value) = element.get_attribute(name) {
            let _ = js_sys::Reflect::set(&attributes, &name.into(), &value.into());
        }
    }
    let attributes = Opts::new(attributes.into(), FUNCTION)?;
    let mut settings = Settings::new();
    read(&mut settings, &attributes, LABEL, Source::Element)?;
    let action = element_action(LABEL, attributes.string(ACTION_ATTRIBUTE)?.as_deref())?;
    let button = resolve_button(LABEL, action, &settings)?;
    render(&document, element, &button, FUNCTION)
}

/// Renders the button of a `<kakao-channel-button>` element from its attributes, replacing the
/// one it had. Bad attributes dispatch `kakao-channel-error` on the element instead of throwing.
/// Internal to the package's custom-element class (`js/element.js`).
///
/// @internal
#[doc(hidden)]
#[wasm_bindgen(js_name = renderChannelButton)]
pub fn render_channel_button(element: HtmlElement) {
    let host: Element = element.clone().into();
    remove(|b| b.host == host);
    if let Err(err) = render_element(&element) {
        emit(&host, "kakao-channel-error", &to_js(&err));
    }
}

/// Removes the button of a `<kakao-channel-button>` element. Internal (`js/element.js`).
///
/// @internal
#[doc(hidden)]
#[wasm_bindgen(js_name = removeChannelButton)]
pub fn remove_channel_button(element: HtmlElement) {
    let host: Element = element.into();
    remove(|b| b.host == host);
}

/// The attributes `<kakao-channel-button>` observes (the core's one list). Internal
/// (`js/element.js`).
///
/// @internal
#[doc(hidden)]
#[wasm_bindgen(js_name = channelButtonAttributes, unchecked_return_type = "string[]")]
pub fn channel_button_attributes() -> js_sys::Array {
    element_attributes().map(JsValue::from_str).collect()
}
