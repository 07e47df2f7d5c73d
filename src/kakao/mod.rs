//! Kakao's model: what Kakao's Message API takes and what Kakao Talk shows of it, each
//! rule with its source. A leaf: it imports nothing from the pipeline's stages. The
//! compiler, the schemas' tests, the lints, the preview, `import` and the language
//! server read it, so a field, an order or a limit is written once.
//!
//! Sources are cited as in the project's Kakao spec (`docs/kakao-template.md`):
//! its sections (§2.4) and the keys of its references (F-tpl: Kakao's Flutter SDK
//! template models; F-old/I-old: the Flutter and iOS SDKs' older Korean doc comments
//! with the display limits; JS1: the JavaScript SDK v1.14's rule tables; D-def: Kakao's
//! default-template documentation).

pub(crate) mod display;
pub(crate) mod fields;
pub(crate) mod js_sdk;
pub(crate) mod key_order;
pub(crate) mod limits;

#[cfg(test)]
mod tests {
    /// The model is a leaf: none of its files reaches into the crate beyond `kakao`, so
    /// every stage can read it and it can never depend on one.
    #[test]
    fn kakao_imports_nothing_from_the_stages() {
        for (file, text) in [
            ("display.rs", include_str!("display.rs")),
            ("fields.rs", include_str!("fields.rs")),
            ("js_sdk.rs", include_str!("js_sdk.rs")),
            ("key_order.rs", include_str!("key_order.rs")),
            ("limits.rs", include_str!("limits.rs")),
        ] {
            let code = text.split("#[cfg(test)]").next().unwrap_or(text);
            for (at, _) in code.match_indices("crate::") {
                assert!(
                    code[at..].starts_with("crate::kakao::"),
                    "kakao/{file} reaches into the crate: {}",
                    code[at..].lines().next().unwrap_or_default()
                );
            }
        }
    }
}
