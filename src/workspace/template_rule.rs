//! The one rule for what counts as a template, used by every command that walks a
//! folder: a file named on the command line always is; a `.json` file found in a folder
//! is unless it is plainly something else.

use crate::kakao::fields::Kind;

/// The top-level keys a template object may have, for telling templates from other
/// JSON files in a walked folder.
fn template_keys() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<&'static str> = Kind::TEMPLATES
            .into_iter()
            .flat_map(|kind| kind.keys().iter().copied())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    })
}

/// Whether a JSON file found in a folder is a template. It is not only when it is
/// clearly something else: valid JSON whose top level is not an object, or an object
/// none of whose keys is a template key or close to one (`package.json`,
/// `tsconfig.json`). Anything that does not parse, an empty object, or one with
/// `object_type` misspelled is read as a template, so a broken template is reported
/// rather than skipped.
#[must_use]
pub(crate) fn looks_like_template(text: &str) -> bool {
    // Nearly every template names its type: no need to parse it twice.
    if text.contains("\"object_type\"") {
        return true;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return true;
    };
    let serde_json::Value::Object(object) = value else {
        return false;
    };
    let keys = template_keys();
    // A template pasted with its form field around it is reported, not skipped.
    object.is_empty()
        || object.contains_key("template_object")
        || object.keys().any(|key| {
            keys.contains(&key.as_str())
                || crate::prose::closest(key, keys.iter().copied()).is_some()
        })
}

#[cfg(test)]
mod tests {
    use super::looks_like_template;

    #[test]
    fn other_json_files_are_told_from_templates() {
        for other in [
            r#"{"name": "shop", "version": "1.0.0", "scripts": {}, "dependencies": {}, "devDependencies": {}, "license": "MIT", "main": "index.js", "private": true}"#,
            r#"{"compilerOptions": {"strict": true}, "include": ["src"], "exclude": []}"#,
            r#"{"recommendations": ["rust-lang.rust-analyzer"]}"#,
            "[1, 2]",
        ] {
            assert!(!looks_like_template(other), "{other}");
        }
        for template in [
            r#"{"object_type": "text", "text": "a", "link": {}}"#,
            r#"{"objecttype": "text"}"#,
            r#"{"object_typ": "feed"}"#,
            r#"{"content": {"title": "a"}}"#,
            "{}",
            r#"{"object_type": "text", "#,
            r#"{"template_object": "{\"object_type\": \"text\"}"}"#,
        ] {
            assert!(looks_like_template(template), "{template}");
        }
    }
}
