//! What Kakao Talk shows of a template: where texts are cut, which social counts and
//! items appear, the buttons Kakao titles or adds itself, and the shapes it lays images
//! out in. The preview draws these rules and the lints (`truncated_text`,
//! `social_over_three`) and the online checks (`image_ratio_mismatch`) warn about them,
//! all reading the values here, so the page and the warnings cannot disagree.

/// Characters Kakao shows of a text template's `text`: 200 ("최대 200자 표시 가능합니다"
/// in Kakao's own example, spec §3.5; T-nextstep, F-old, I-old).
pub(crate) const TEXT_SHOWN: usize = 200;

/// Characters Kakao shows of a list's `header_title`: 200 (spec §3.2; F-old, I-old).
pub(crate) const HEADER_TITLE_SHOWN: usize = 200;

/// Characters shown of each text of a feed's `item_content`: profile 16, title-image
/// text 24, its category 14, the sum's label 6 and amount 11 (spec §2.5; F-old, I-old).
pub(crate) const ITEM_CONTENT_SHOWN: [(&str, usize); 5] = [
    ("profile_text", 16),
    ("title_image_text", 24),
    ("title_image_category", 14),
    ("sum", 6),
    ("sum_op", 11),
];

/// Characters shown of each item row: the name 6, the price text 25 over two lines
/// (spec §2.6; F-tpl, I-old).
pub(crate) const ITEM_INFO_SHOWN: [(&str, usize); 2] = [("item", 6), ("item_op", 25)];

/// The characters Kakao shows of an `item_content` text or an item row's text (`key`
/// as in [`ITEM_CONTENT_SHOWN`] and [`ITEM_INFO_SHOWN`]).
#[must_use]
pub(crate) fn shown_of(key: &str) -> Option<usize> {
    ITEM_CONTENT_SHOWN
        .iter()
        .chain(&ITEM_INFO_SHOWN)
        .find(|(name, _)| *name == key)
        .map(|(_, shown)| *shown)
}

/// Item rows shown: all five a template may hold (spec §2.5).
pub(crate) const ITEMS_SHOWN: usize = super::limits::MAX_ITEMS;

/// The social counts in the order Kakao picks them: like > comment > shared > view >
/// subscriber (spec §2.4; I-old, T-actbase, T-wrtn).
pub(crate) const SOCIAL_PRIORITY: [&str; 5] = [
    "like_count",
    "comment_count",
    "shared_count",
    "view_count",
    "subscriber_count",
];

/// Social counts shown: the first three set, in [`SOCIAL_PRIORITY`] (spec §2.4).
pub(crate) const SOCIAL_SHOWN: usize = 3;

/// The title of Kakao's default button, shown when a template has no `buttons` and
/// renamed by `button_title` (spec §2.3; D-def: `button_title` "기본 버튼 타이틀(\"자세히
/// 보기\")을 변경하고 싶을 때 설정").
pub(crate) const DEFAULT_BUTTON_TITLE: &str = "자세히 보기";

/// The button Kakao adds to every location message, opening Kakao Map (spec §3.3;
/// F-old, I-old, D-ios-legacy `KMTLocationTemplate`).
pub(crate) const LOCATION_BUTTON_TITLE: &str = "위치 보기";

/// The widest shape Kakao lays an image out in, width / height: 2:1, the shape Kakao
/// optimises for ("이미지는 800X400 사이즈에 최적화", `DevTalk` 139618; spec §5). A wider
/// declared size is cut to it.
pub(crate) const IMAGE_WIDEST: f64 = 2.0;

/// The tallest shape: 3:4. Kakao documents none; this is ktpl's guess (README,
/// "Guesses").
pub(crate) const IMAGE_TALLEST: f64 = 0.75;

/// The shape (width / height) Kakao shows an image of shape `ratio` in: its own, within
/// [`IMAGE_TALLEST`] and [`IMAGE_WIDEST`].
#[must_use]
pub(crate) fn shown_shape(ratio: f64) -> f64 {
    ratio.clamp(IMAGE_TALLEST, IMAGE_WIDEST)
}

/// Whether two shapes (width / height) are one: within 2% of each other, so that
/// 800x533 is 3:2. ktpl's allowance for rounded pixel sizes, not a rule of Kakao's.
#[must_use]
pub(crate) fn same_shape(a: f64, b: f64) -> bool {
    (a / b - 1.0).abs() <= 0.02
}
