//! The TypeScript declarations of the types the wasm boundary hands to JavaScript, derived from
//! the Rust types themselves (ts-rs), so a field renamed or made optional in Rust changes the
//! shipped `.d.ts` too (the browser's results serialise by hand: a test below checks that their
//! `Serialize` names the same fields). Only with the `ts` feature: `node scripts/types.mjs` writes
//! `src/generated/*.d.ts`, which `src/lib.rs` and `src/webhook.rs` include in the wasm module's
//! `.d.ts`; the test below fails when those committed files differ from what the types produce.

use ts_rs::{Config, TS};

use super::follow::FollowChannelResult;
use super::relationship::{ChannelRelationship, ChannelRelationships};
use super::url::LaunchResult;

/// The header each generated file starts with.
const HEADER: &str = "// Generated from kakao-channel-core's Rust types by `node scripts/types.mjs` (ts-rs):\n// do not edit; change the Rust type and regenerate.\n";

/// `export type Name = { … };` with ts-rs's JSDoc of the type and its fields, laid out as the
/// hand-written declarations are (one field a line, two-space indent, `;` after each).
fn export<T: TS>(cfg: &Config) -> String {
    let mut out = T::docs().unwrap_or_default();
    let decl = T::decl(cfg);
    let mut lines = decl.lines().map(str::trim_end);
    if let Some(first) = lines.next() {
        out.push_str("export ");
        out.push_str(first);
        out.push('\n');
    }
    for line in lines {
        let (field, close) = match line.strip_suffix(", };") {
            Some(field) => (field, true),
            None => (line.strip_suffix(',').unwrap_or(line), false),
        };
        let end = if field.ends_with("*/") || field.starts_with("/**") || field.starts_with(" *") {
            ""
        } else {
            ";"
        };
        out.push_str("  ");
        out.push_str(field);
        out.push_str(end);
        out.push('\n');
        if close {
            out.push_str("};\n");
        }
    }
    out
}
/// The declarations every build ships (`src/generated/types.d.ts`).
pub fn shared_declarations() -> String {
    let cfg = Config::new();
    [
        HEADER.to_owned(),
        export::<ChannelRelationship>(&cfg),
        export::<ChannelRelationships>(&cfg),
        export::<LaunchResult>(&cfg),
        export::<FollowChannelResult>(&cfg),
    ]
    .join("\n")
}

/// The declarations of the server build's webhook (`src/generated/webhook.d.ts`).
#[cfg(feature = "admin")]
pub fn webhook_declarations() -> String {
    let cfg = Config::new();
    [
        HEADER.to_owned(),
        export::<super::webhook::WebhookEvent>(&cfg),
    ]
    .join("\n")
}

/// Each generated file (relative to the workspace root) and its text.
pub fn generated_files() -> Vec<(&'static str, String)> {
    let mut files = vec![("src/generated/types.d.ts", shared_declarations())];
    #[cfg(feature = "admin")]
    files.push(("src/generated/webhook.d.ts", webhook_declarations()));
    files
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use ts_rs::{Config, TS};

    use crate::follow::{FollowChannelResult, FollowStatus};
    use crate::relationship::{ChannelRelationship, ChannelRelationships, Relation};
    use crate::url::{LaunchResult, Via};

    /// The field names of `T`'s declaration (`name: …` or `name?: …`, one a line).
    fn declared_fields<T: TS>() -> Vec<String> {
        T::decl(&Config::new())
            .lines()
            .filter_map(|line| {
                let line = line.trim();
                let name = line.split(':').next()?.trim_end_matches('?');
                let is_field = !line.starts_with('*')
                    && !line.starts_with("/**")
                    && !line.starts_with("type ")
                    && line.contains(':')
                    && name.chars().all(|c| c.is_ascii_alphanumeric());
                is_field.then(|| name.to_owned())
            })
            .collect()
    }

    /// `value` serialises to a JSON object whose keys are the fields `T`'s declaration names.
    fn assert_declared_fields<T: TS + serde::Serialize>(value: &T) {
        let mut keys: Vec<String> = match serde_json::to_value(value).expect("serialises") {
            serde_json::Value::Object(map) => map.keys().cloned().collect(),
            other => panic!("not an object: {other}"),
        };
        keys.sort();
        let mut declared = declared_fields::<T>();
        declared.sort();
        assert_eq!(keys, declared, "{}", T::name(&Config::new()));
    }

    /// The results serialise by hand (maps, not serde structs: see `serialize_as_str!` in
    /// lib.rs), and their TypeScript declarations derive from the types: both name the same
    /// fields, and each enum serialises as one of the strings its declaration lists.
    #[test]
    fn hand_written_serialisation_matches_the_declarations() {
        let channel = ChannelRelationship {
            channel_public_id: "_ZeUTxl".into(),
            channel_uuid: "@kakaochannel".into(),
            relation: Relation::Added,
            updated_at: Some("2019-05-10T08:06:53Z".into()),
        };
        assert_declared_fields(&channel);
        assert_declared_fields(&ChannelRelationships {
            user_id: 1,
            channels: vec![channel],
        });
        assert_declared_fields(&FollowChannelResult {
            channel_public_id: "_ZeUTxl".into(),
            status: FollowStatus::Success,
        });
        assert_declared_fields(&LaunchResult {
            url: "https://pf.kakao.com/_ZeUTxl/friend".into(),
            via: Via::Popup,
        });

        let quoted = |s: &str| format!("\"{s}\"");
        for relation in [Relation::Added, Relation::Blocked, Relation::None] {
            assert!(Relation::inline(&Config::new()).contains(&quoted(relation.as_str())));
        }
        for status in [
            FollowStatus::Success,
            FollowStatus::Fail,
            FollowStatus::Closed,
        ] {
            assert!(FollowStatus::inline(&Config::new()).contains(&quoted(status.as_str())));
        }
        for via in [Via::Popup, Via::Redirect, Via::App] {
            assert!(Via::inline(&Config::new()).contains(&quoted(via.as_str())));
        }
    }

    /// The committed `src/generated/*.d.ts` are what the Rust types produce. With
    /// `KAKAO_CHANNEL_WRITE_TYPES=1` (what `node scripts/types.mjs` sets) it writes them instead.
    #[test]
    fn committed_declarations_match_the_rust_types() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let write = std::env::var("KAKAO_CHANNEL_WRITE_TYPES").as_deref() == Ok("1");
        for (file, text) in super::generated_files() {
            let path = root.join(file);
            if write {
                std::fs::write(&path, &text).expect("write the generated declarations");
                continue;
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == text,
                "{file} differs from what the Rust types produce: run `node scripts/types.mjs` \
                 (and `node scripts/build.mjs`)"
            );
        }
    }
}
