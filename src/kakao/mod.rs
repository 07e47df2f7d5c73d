//! Kakao's model: what Kakao's Message API takes and what Kakao Talk shows of it, each
//! rule with its source. A leaf: it imports nothing from the pipeline's stages. The
//! compiler, the schemas' tests, the lints, the preview, `import` and the language
//! server read it, so a field, an order or a limit is written once.
//!
//! Sources are cited as in the project's Kakao spec (`shared/spec/kakao-template.md`):
//! its sections (§2.4) and the keys of its references (F-tpl: Kakao's Flutter SDK
//! template models; F-old/I-old: the Flutter and iOS SDKs' older Korean doc comments
//! with the display limits; JS1: the JavaScript SDK v1.14's rule tables; D-def: Kakao's
//! default-template documentation).

pub(crate) mod display;
pub(crate) mod fields;
pub(crate) mod js_sdk;
pub(crate) mod key_order;
pub(crate) mod limits;
