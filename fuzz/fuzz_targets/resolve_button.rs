//! Button settings: `buttons::element_action`, `buttons::Settings::set` (layers of options,
//! `data-` attributes and element attributes) and `buttons::resolve_button`, then the image
//! URL, `srcset` and alt text of the result.
//!
//! Input, line by line: the element's `action` attribute (`-` for none); then one setting per
//! line: a source (`o` options, `d` data attributes, `e` element attributes), a field digit
//! (0 channelPublicId … 6 lang, in `Field::ALL` order), and the value after one separator
//! character (a line of just the two characters sets nothing: `None`).
//!
//! Invariants: no panic; the result agrees with a model of the documented layering (the last
//! value set wins; options < data attributes) and validation; an accepted button has a safe
//! channel ID and only documented choices; image names are `[a-z_]` only.
#![no_main]

use kakao_channel_core::buttons::{
    asset_base, element_action, resolve_button, Action, Field, Settings, Source,
};
use kakao_channel_core::{parse_channel_id, ErrorCode};
use kakao_channel_fuzz::{assert_clean, is_safe_channel_id, text};
use libfuzzer_sys::fuzz_target;

const LABEL: &str = "<kakao-channel-button>";

fn choice(value: Option<&(String, Source)>, choices: &[&'static str]) -> Result<&'static str, ()> {
    match value {
        None => Ok(choices[0]),
        Some((v, _)) => choices.iter().copied().find(|c| c == v).ok_or(()),
    }
}

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let mut lines = input.split('\n');
    let action_line = lines.next().unwrap_or_default();
    let action = match element_action(LABEL, (action_line != "-").then_some(action_line)) {
        Ok(action) => action,
        Err(err) => {
            assert_eq!(err.code(), ErrorCode::InvalidArgument);
            assert_clean(&err);
            [Action::Add, Action::Chat, Action::Follow][action_line.len() % 3]
        }
    };
    let mut settings = Settings::new();
    let mut model: [Option<(String, Source)>; 7] = Default::default();
    for line in lines.take(64) {
        let mut chars = line.chars();
        let source = match chars.next() {
            Some('o') => Source::Options,
            Some('d') => Source::Data,
            Some('e') => Source::Element,
            _ => continue,
        };
        let Some(index) = chars.next().and_then(|c| c.to_digit(10)) else {
            continue;
        };
        let Some(&field) = Field::ALL.get(index as usize) else {
            continue;
        };
        let value = chars.next().map(|_| chars.as_str().to_owned());
        assert!(!field.key(source).is_empty() && !field.name(source).is_empty());
        if let Some(v) = &value {
            model[index as usize] = Some((v.clone(), source));
        }
        settings.set(source, field, value);
    }

    // The model: the documented layering and validation, order of checks aside.
    let expected: Result<(), ErrorCode> = (|| {
        let channel = model[0].as_ref().ok_or(ErrorCode::InvalidChannelId)?;
        parse_channel_id(&channel.0).map_err(|e| e.code())?;
        let bad = ErrorCode::InvalidArgument;
        choice(model[1].as_ref(), &["small", "large"]).map_err(|_| bad)?;
        match model[2].as_ref() {
            None => {}
            Some((v, _)) if v == "true" || v == "false" => {}
            Some((v, s)) if v.is_empty() && *s != Source::Options => {}
            Some(_) => return Err(bad),
        }
        choice(model[6].as_ref(), &["ko", "en", "ja"]).map_err(|_| bad)?;
        if action == Action::Chat {
            choice(model[3].as_ref(), &["yellow", "mono"]).map_err(|_| bad)?;
            choice(model[4].as_ref(), &["pc", "mobile"]).map_err(|_| bad)?;
            choice(model[5].as_ref(), &["consult", "question"]).map_err(|_| bad)?;
        }
        Ok(())
    })();

    match resolve_button(LABEL, action, &settings) {
        Ok(button) => {
            assert_eq!(expected, Ok(()), "resolved {button:?}");
            assert!(is_safe_channel_id(button.channel_id.as_str()));
            assert_eq!(button.action, action);
            assert_eq!(
                Ok(button.size),
                choice(model[1].as_ref(), &["small", "large"])
            );
            if action == Action::Chat {
                assert_eq!(
                    Ok(button.color),
                    choice(model[3].as_ref(), &["yellow", "mono"])
                );
                assert_eq!(
                    Ok(button.shape),
                    choice(model[4].as_ref(), &["pc", "mobile"])
                );
                assert_eq!(
                    Ok(button.title),
                    choice(model[5].as_ref(), &["consult", "question"])
                );
            } else {
                assert_eq!(
                    (button.color, button.shape, button.title),
                    ("yellow", "pc", "consult")
                );
            }
            assert_eq!(
                button.lang.map(|l| l.as_str()),
                model[6].as_ref().map(|(v, _)| v.as_str())
            );
            let flag = model[2].as_ref().is_some_and(|(v, _)| v != "false");
            assert_eq!(button.multiple_densities, flag);
            let name = button.image_name();
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{name}"
            );
            let base = asset_base("https://pf.kakao.com");
            assert_eq!(button.src(&base), format!("{base}{name}.png"));
            assert_eq!(button.srcset(&base).is_some(), button.multiple_densities);
            assert!(!button.alt().is_empty());
        }
        Err(err) => {
            assert_eq!(expected, Err(err.code()), "{}", err.message());
            assert_clean(&err);
        }
    }
});
