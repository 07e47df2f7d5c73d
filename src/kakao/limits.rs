//! What Kakao accepts: how many entries each list of a template may hold, and the
//! smallest and largest image. The JSON Schemas in `schemas/` state the same counts (`maxItems`,
//! `minItems`); a test in `validate::schemas` keeps the two equal.

use std::ops::RangeInclusive;

/// The most `buttons` a template of `object_type` takes through the REST API (`None`
/// for a type Kakao does not have): two on feed, list, commerce and text; one on
/// location, where Kakao adds its own "위치 보기" button beside it, and one on calendar,
/// where Kakao adds its add-event button (spec §0 and §3.7; D-def for feed; F-old,
/// I-old, D-ios-legacy `KMTLocationTemplate`, T-wrtn for the others). The JavaScript
/// SDK's own count is [`super::js_sdk::MAX_BUTTONS`].
#[must_use]
pub(crate) fn max_buttons(object_type: &str) -> Option<usize> {
    match object_type {
        "feed" | "list" | "commerce" | "text" => Some(2),
        "location" | "calendar" => Some(1),
        _ => None,
    }
}

/// How many `contents` a list takes: 2 to 3 (spec §3.2; F-old, I-old, JS1 "min
/// count(2)" with rules for indexes 0 to 2).
pub(crate) const LIST_CONTENTS: RangeInclusive<usize> = 2..=3;

/// The most `items` an `item_content` holds: 5 (spec §2.5; F-old "최대 5개의 아이템
/// 지원").
pub(crate) const MAX_ITEMS: usize = 5;

/// The smallest image side Kakao takes, in pixels: "전송하는 모든 이미지는 최소 200px *
/// 200px 이상" (spec §5; T-actbase and T-rnksl, copies of Kakao's legacy guide). The
/// lint `small_image` reads it for declared sizes, `--online` for real ones.
pub(crate) const MIN_IMAGE_SIDE: u32 = 200;

/// The largest image file Kakao takes, in bytes: 2 MB ("이미지 영역: 최대 1장, 최소 200px *
/// 200px이상, 2MB이하" in Kakao's legacy Kakao Link guide, copied in
/// actbase-native-kakaosdk `Link.md`; spec §5, §11 #5). A newer doc-derived typing (wrtn
/// `IKakaoTalk.Content`) says 5 MB; the lower figure is used, as a warning. Only
/// `--online` sees a file's size.
#[cfg(feature = "online")]
pub(crate) const MAX_IMAGE_BYTES: u64 = 2 * 1024 * 1024;
