//! The view model: a template's JSON → what Kakao Talk shows, after Kakao's display
//! rules (cuts, defaults, social priority, rows shown only when complete, the buttons
//! Kakao adds, which link fires where). The HTML templates only lay it out.
//!
//! Sources: `../shared/spec/kakao-template.md` (§2 shared objects, §3 the six types,
//! §5 images) and Kakao's default-template documentation
//! (<https://developers.kakao.com/docs/latest/ko/message-template/default>). Where they
//! do not say how something looks, the choice is listed under "Guesses" in the README.

use serde::Serialize;
use serde_json::Value;

use super::cut::{Cut, cut};
use super::links::{self, Region};
use crate::kakao::display::{
    DEFAULT_BUTTON_TITLE, HEADER_TITLE_SHOWN, IMAGE_WIDEST, ITEMS_SHOWN, LOCATION_BUTTON_TITLE,
    SOCIAL_PRIORITY, SOCIAL_SHOWN, TEXT_SHOWN, same_shape, shown_of, shown_shape,
};
use crate::kakao::limits::{LIST_CONTENTS, max_buttons};

/// One Kakao Talk bubble.
#[derive(Debug, Serialize)]
pub(crate) struct Bubble {
    /// `feed`, `list`, `location`, `commerce`, `text` or `calendar`.
    pub(crate) object_type: String,
    /// List: the header above the rows.
    pub(crate) header: Option<Header>,
    /// Every type but list and text: the content area (one tappable region).
    pub(crate) content: Option<Content>,
    /// List: two or three rows.
    pub(crate) rows: Vec<Row>,
    /// Text: the text area.
    pub(crate) text: Option<TextBody>,
    /// The buttons as Kakao lays them out: one per row, or two side by side.
    pub(crate) buttons: Vec<Button>,
}

/// A list's header.
#[derive(Debug, Serialize)]
pub(crate) struct Header {
    pub(crate) title: Cut,
    pub(crate) region: Region,
}

/// The content area of feed, location, commerce and calendar.
#[derive(Debug, Serialize)]
pub(crate) struct Content {
    pub(crate) region: Region,
    pub(crate) image: Option<Image>,
    pub(crate) feed_items: Option<ItemContent>,
    pub(crate) title: Option<Cut>,
    pub(crate) description: Option<Cut>,
    pub(crate) price: Option<Price>,
    pub(crate) address: Option<Address>,
    pub(crate) event: Option<Event>,
    pub(crate) social: Vec<SocialCount>,
}

/// An image area: its URL and the shape Kakao gives it.
#[derive(Debug, Serialize)]
pub(crate) struct Image {
    pub(crate) url: String,
    /// CSS `aspect-ratio` (width / height), within Kakao's bounds.
    pub(crate) aspect: String,
    /// The declared size was outside the bounds, so Kakao crops it.
    pub(crate) cropped: bool,
    /// The declared width and height, when both are.
    #[serde(skip)]
    pub(crate) declared: Option<(i64, i64)>,
    /// No size declared: the page takes the loaded image's own shape (within bounds).
    pub(crate) natural: bool,
    /// The image's real size, when `--online` fetched it.
    pub(crate) real: Option<RealSize>,
}

/// An image's real size, against the shape declared for it.
#[derive(Debug, Serialize)]
pub(crate) struct RealSize {
    pub(crate) width: u64,
    pub(crate) height: u64,
    /// The declared size has another shape (more than 2% off): Kakao lays out the
    /// declared one and the picture is cropped or squashed into it.
    pub(crate) mismatch: bool,
    /// The declared size, as `640x640`, when one is declared.
    pub(crate) declared: Option<String>,
}

impl Image {
    /// Records the real size; without a declared size the box takes the real shape
    /// (within Kakao's bounds), as the loaded image would give it.
    #[allow(clippy::cast_precision_loss)]
    pub(crate) fn set_real_size(&mut self, (width, height): (u64, u64)) {
        if width == 0 || height == 0 {
            return;
        }
        let real = width as f64 / height as f64;
        let mismatch = self
            .declared
            .is_some_and(|(w, h)| !same_shape(real, w as f64 / h as f64));
        if self.natural {
            self.aspect = format!("{:.4}", shown_shape(real));
        }
        self.real = Some(RealSize {
            width,
            height,
            mismatch,
            declared: self.declared.map(|(w, h)| format!("{w}x{h}")),
        });
    }
}

/// Feed type B's item area (spec §2.5, §2.6).
#[derive(Debug, Serialize)]
pub(crate) struct ItemContent {
    pub(crate) profile_text: Option<Cut>,
    pub(crate) profile_image: Option<String>,
    pub(crate) title_image: Option<String>,
    pub(crate) title_image_text: Option<Cut>,
    pub(crate) title_image_category: Option<Cut>,
    pub(crate) items: Vec<ItemRow>,
    pub(crate) sum: Option<ItemRow>,
}

/// One item (or the sum) line.
#[derive(Debug, Serialize)]
pub(crate) struct ItemRow {
    pub(crate) name: Cut,
    pub(crate) amount: Cut,
}

/// Commerce's price block (spec §2.7).
#[derive(Debug, Serialize)]
pub(crate) struct Price {
    pub(crate) product_name: Option<Cut>,
    /// The price paid, with its currency unit.
    pub(crate) amount: String,
    /// The regular price, struck through, when there is a discount price.
    pub(crate) regular: Option<String>,
    /// `30%`, or a fixed amount off.
    pub(crate) discount: Option<String>,
}

/// Location's address line.
#[derive(Debug, Serialize)]
pub(crate) struct Address {
    pub(crate) title: Option<String>,
    pub(crate) address: String,
}

/// Calendar's event block: Kakao fills in the date from Talk Calendar by id.
#[derive(Debug, Serialize)]
pub(crate) struct Event {
    /// `event` or `calendar`.
    pub(crate) id_type: String,
    pub(crate) id: String,
}

/// One social count, as shown.
#[derive(Debug, Serialize)]
pub(crate) struct SocialCount {
    pub(crate) key: &'static str,
    pub(crate) label: &'static str,
    pub(crate) count: String,
}

/// A list row.
#[derive(Debug, Serialize)]
pub(crate) struct Row {
    pub(crate) title: Option<Cut>,
    pub(crate) description: Option<Cut>,
    pub(crate) image: Option<String>,
    pub(crate) region: Region,
}

/// The text type's body.
#[derive(Debug, Serialize)]
pub(crate) struct TextBody {
    pub(crate) text: Cut,
    pub(crate) region: Region,
}

/// A button.
#[derive(Debug, Serialize)]
pub(crate) struct Button {
    pub(crate) title: String,
    pub(crate) region: Region,
    /// Added by Kakao (location's map, calendar's event), not by the template.
    pub(crate) kakao: bool,
    /// Kakao's default button (no `buttons`): titled by `button_title`.
    pub(crate) default: bool,
}

/// What each social count is called in the bubble, in Kakao's priority order
/// ([`SOCIAL_PRIORITY`]).
fn social_label(key: &str) -> &'static str {
    match key {
        "like_count" => "좋아요",
        "comment_count" => "댓글",
        "shared_count" => "공유",
        "view_count" => "조회",
        _ => "구독",
    }
}
fn text(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// An image URL the page may load: an absolute http(s) URL. Any other (`file:`,
/// `javascript:`, a relative path the page would resolve against its own folder)
/// becomes an empty source, drawn as a placeholder of the image's shape: the page
/// loads nothing from the disk and runs no URL, whatever the template says.
fn image_url(value: &Value, key: &str) -> Option<String> {
    text(value, key).map(|url| {
        let is_web = url::Url::parse(&url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
        if is_web { url } else { String::new() }
    })
}

fn cut_text(value: &Value, key: &str, max: Option<usize>) -> Option<Cut> {
    text(value, key).map(|t| cut(&t, max))
}

fn int(value: &Value, key: &str) -> Option<i64> {
    value.get(key).and_then(Value::as_i64)
}

/// The bubble for a template's JSON (already validated, so shapes hold; anything odd
/// is shown as absent rather than trusted).
pub(crate) fn bubble(template: &Value) -> Bubble {
    let object_type = text(template, "object_type").unwrap_or_default();
    let content_value = template.get("content");
    let mut bubble = Bubble {
        object_type: object_type.clone(),
        header: None,
        content: None,
        rows: Vec::new(),
        text: None,
        buttons: Vec::new(),
    };
    // The link Kakao's default button opens: the content's (text: the template's; list:
    // the header's, a guess).
    let default_link = match object_type.as_str() {
        "text" => template.get("link"),
        "list" => template.get("header_link"),
        _ => content_value.and_then(|c| c.get("link")),
    };
    match object_type.as_str() {
        "list" => {
            bubble.header = Some(Header {
                title: cut(
                    &text(template, "header_title").unwrap_or_default(),
                    Some(HEADER_TITLE_SHOWN),
                ),
                region: links::region("header", template.get("header_link")),
            });
            bubble.rows = template
                .get("contents")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .take(*LIST_CONTENTS.end())
                .map(|row| Row {
                    title: cut_text(row, "title", None),
                    description: cut_text(row, "description", None),
                    image: image_url(row, "image_url"),
                    region: links::region("item", row.get("link")),
                })
                .collect();
        }
        "text" => {
            bubble.text = Some(TextBody {
                text: cut(
                    &text(template, "text").unwrap_or_default(),
                    Some(TEXT_SHOWN),
                ),
                region: links::region("content", template.get("link")),
            });
        }
        _ => {
            if let Some(content) = content_value {
                bubble.content = Some(content_view(template, content, &object_type));
            }
        }
    }
    bubble.buttons = buttons(template, &object_type, default_link);
    bubble
}

fn content_view(template: &Value, content: &Value, object_type: &str) -> Content {
    let commerce = template
        .get("commerce")
        .filter(|_| object_type == "commerce");
    let title = cut_text(content, "title", None);
    Content {
        region: links::region("content", content.get("link")),
        image: image_url(content, "image_url").map(|url| image(content, url)),
        feed_items: template
            .get("item_content")
            .filter(|_| object_type == "feed")
            .map(item_content),
        // Commerce shows the title in the product-name area instead (below): it cannot
        // carry "피드 템플릿만큼 긴 텍스트" (Kakao's legacy message-template doc).
        title: if commerce.is_some() {
            None
        } else {
            title.clone()
        },
        description: if commerce.is_some() {
            None
        } else {
            cut_text(content, "description", None)
        },
        price: commerce.map(|c| price(c, title)),
        address: text(template, "address")
            .filter(|_| object_type == "location")
            .map(|address| Address {
                title: text(template, "address_title"),
                address,
            }),
        event: (object_type == "calendar").then(|| Event {
            id_type: text(template, "id_type").unwrap_or_default(),
            id: text(template, "id").unwrap_or_default(),
        }),
        social: template.get("social").map(social).unwrap_or_default(),
    }
}

fn image(content: &Value, url: String) -> Image {
    let size = int(content, "image_width")
        .zip(int(content, "image_height"))
        .filter(|&(w, h)| w > 0 && h > 0);
    match size {
        #[allow(clippy::cast_precision_loss)]
        Some((width, height)) => {
            let declared = width as f64 / height as f64;
            let shown = shown_shape(declared);
            Image {
                url,
                aspect: format!("{shown:.4}"),
                cropped: (shown - declared).abs() > 1e-9,
                declared: Some((width, height)),
                natural: false,
                real: None,
            }
        }
        None => Image {
            url,
            aspect: format!("{IMAGE_WIDEST:.4}"),
            cropped: false,
            declared: None,
            natural: true,
            real: None,
        },
    }
}

fn item_content(value: &Value) -> ItemContent {
    let row = |name: Option<String>, amount: Option<String>, name_key, amount_key| {
        // Kakao shows a line only when both halves are set (spec §2.6).
        Some(ItemRow {
            name: cut(&name?, shown_of(name_key)),
            amount: cut(&amount?, shown_of(amount_key)),
        })
    };
    ItemContent {
        profile_text: cut_text(value, "profile_text", shown_of("profile_text")),
        profile_image: image_url(value, "profile_image_url"),
        title_image: image_url(value, "title_image_url"),
        title_image_text: cut_text(value, "title_image_text", shown_of("title_image_text")),
        title_image_category: cut_text(
            value,
            "title_image_category",
            shown_of("title_image_category"),
        ),
        items: value
            .get("items")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .take(ITEMS_SHOWN)
            .filter_map(|item| row(text(item, "item"), text(item, "item_op"), "item", "item_op"))
            .collect(),
        sum: row(text(value, "sum"), text(value, "sum_op"), "sum", "sum_op"),
    }
}

fn social(value: &Value) -> Vec<SocialCount> {
    SOCIAL_PRIORITY
        .into_iter()
        .filter_map(|key| {
            int(value, key).map(|count| SocialCount {
                key,
                label: social_label(key),
                count: thousands(count),
            })
        })
        .take(SOCIAL_SHOWN)
        .collect()
}

fn price(commerce: &Value, title: Option<Cut>) -> Price {
    let unit = text(commerce, "currency_unit").unwrap_or_else(|| "원".to_owned());
    let before = int(commerce, "currency_unit_position") == Some(1);
    let money = |amount: i64| {
        if before {
            format!("{unit}{}", thousands(amount))
        } else {
            format!("{}{unit}", thousands(amount))
        }
    };
    let regular = int(commerce, "regular_price").unwrap_or_default();
    let discounted = int(commerce, "discount_price");
    let discount = int(commerce, "discount_rate")
        .map(|rate| format!("{rate}%"))
        .or_else(|| int(commerce, "fixed_discount_price").map(|off| format!("-{}", money(off))));
    Price {
        // Two lines (spec §2.2); the content's title when no product name is given.
        product_name: cut_text(commerce, "product_name", None).or(title),
        amount: money(discounted.unwrap_or(regular)),
        regular: discounted.map(|_| money(regular)),
        discount,
    }
}

/// `1234567` → `1,234,567`.
fn thousands(number: i64) -> String {
    let digits = number.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    if number < 0 {
        out.insert(0, '-');
    }
    out
}

fn buttons(template: &Value, object_type: &str, default_link: Option<&Value>) -> Vec<Button> {
    // Kakao's own button takes one of the two places on location and calendar.
    let custom_max = max_buttons(object_type).unwrap_or(2);
    let mut buttons: Vec<Button> = template
        .get("buttons")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .take(custom_max)
        .map(|button| Button {
            title: text(button, "title").unwrap_or_default(),
            region: links::region("button", button.get("link")),
            kakao: false,
            default: false,
        })
        .collect();
    // Without `buttons`, Kakao shows one default button opening the content's link
    // (spec §2.3); calendar has no `button_title` and shows only its own button.
    if buttons.is_empty() && object_type != "calendar" {
        buttons.push(Button {
            title: text(template, "button_title")
                .unwrap_or_else(|| DEFAULT_BUTTON_TITLE.to_owned()),
            region: links::region("button", default_link),
            kakao: false,
            default: true,
        });
    }
    match object_type {
        "location" => buttons.push(Button {
            title: LOCATION_BUTTON_TITLE.to_owned(),
            // "받는 사람이 메시지에 포함된 위치 정보 버튼을 눌러서 카카오맵을 통해 자세한 장소
            // 정보를 확인" (Kakao's message-template doc, legacy `message/message-template`).
            region: links::kakao_region("Kakao Map at the address"),
            kakao: true,
            default: false,
        }),
        // Kakao's add/subscribe button sits on the right (spec §3.6; react-native-kakao's
        // copy of the SDK comment: "the view button on the right position is fixed").
        "calendar" => {
            let subscribe = text(template, "id_type").as_deref() == Some("calendar");
            buttons.push(Button {
                title: if subscribe {
                    "구독하기"
                } else {
                    "일정 추가"
                }
                .to_owned(),
                region: links::kakao_region(if subscribe {
                    "Talk Calendar, to subscribe to the calendar"
                } else {
                    "Talk Calendar, to add the event"
                }),
                kakao: true,
                default: false,
            });
        }
        _ => {}
    }
    buttons
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;
    use crate::compile::Compiled;
    use crate::config::Config;
    use crate::kakao::display::{ITEM_CONTENT_SHOWN, ITEM_INFO_SHOWN};
    use serde_json::json;

    /// The pointers `truncated_text` and `social_over_three` report for `template`.
    fn lint_pointers(template: &Value, code: Code) -> Vec<String> {
        let compiled = Compiled {
            value: template.clone(),
            spans: crate::compile::span_map::SpanMap::default(),
        };
        crate::lint::lint(&compiled, &Config::default())
            .into_iter()
            .filter(|problem| problem.code == code)
            .filter_map(|problem| problem.pointer)
            .collect()
    }

    /// The preview cuts a text exactly where the lint warns that Kakao cuts it: both
    /// read `kakao::display`, and this catches either going its own way.
    #[test]
    fn the_preview_cuts_where_the_lint_warns() {
        let texts = |extra: usize| -> Value {
            let mut items = serde_json::Map::new();
            for (key, shown) in ITEM_CONTENT_SHOWN {
                items.insert(key.into(), json!("가".repeat(shown + extra)));
            }
            let row: serde_json::Map<String, Value> = ITEM_INFO_SHOWN
                .iter()
                .map(|(key, shown)| ((*key).to_owned(), json!("1".repeat(shown + extra))))
                .collect();
            items.insert("items".into(), json!([row]));
            json!({"object_type": "feed", "item_content": items,
                "content": {"title": "t", "link": {"web_url": "https://a.example"}}})
        };
        let shortened = |template: &Value| -> Vec<bool> {
            let items = bubble(template)
                .content
                .expect("content")
                .feed_items
                .expect("items");
            let mut cuts = vec![
                items.profile_text.expect("profile").shortened,
                items.title_image_text.expect("text").shortened,
                items.title_image_category.expect("category").shortened,
            ];
            let sum = items.sum.expect("sum");
            cuts.extend([sum.name.shortened, sum.amount.shortened]);
            let row = &items.items[0];
            cuts.extend([row.name.shortened, row.amount.shortened]);
            cuts
        };
        let fits = texts(0);
        assert!(lint_pointers(&fits, Code::LintTruncatedText).is_empty());
        assert!(shortened(&fits).iter().all(|cut| !cut));
        let over = texts(1);
        assert_eq!(
            lint_pointers(&over, Code::LintTruncatedText).len(),
            ITEM_CONTENT_SHOWN.len() + ITEM_INFO_SHOWN.len()
        );
        assert!(shortened(&over).iter().all(|cut| *cut));

        for (object_type, key, shown) in [
            ("text", "text", TEXT_SHOWN),
            ("list", "header_title", HEADER_TITLE_SHOWN),
        ] {
            for length in [shown, shown + 1] {
                let template = json!({"object_type": object_type, key: "가".repeat(length)});
                let bubble = bubble(&template);
                let cut = match object_type {
                    "text" => bubble.text.expect("text").text.shortened,
                    _ => bubble.header.expect("header").title.shortened,
                };
                let warned = !lint_pointers(&template, Code::LintTruncatedText).is_empty();
                assert_eq!((cut, warned), (length > shown, length > shown), "{key}");
            }
        }
    }

    /// For every set of social counts: the preview shows what the lint says is shown,
    /// and the first count the lint says is hidden is not in the bubble.
    #[test]
    fn the_preview_shows_the_social_counts_the_lint_says_are_shown() {
        for mask in 0u8..32 {
            let set: Vec<&str> = SOCIAL_PRIORITY
                .into_iter()
                .enumerate()
                .filter(|(index, _)| mask & (1 << index) != 0)
                .map(|(_, key)| key)
                .collect();
            let counts: serde_json::Map<String, Value> = set
                .iter()
                .map(|key| ((*key).to_owned(), json!(1)))
                .collect();
            let shown: Vec<&str> = social(&Value::Object(counts.clone()))
                .iter()
                .map(|count| count.key)
                .collect();
            let template = json!({"object_type": "feed", "social": counts});
            let hidden = lint_pointers(&template, Code::LintSocialOverThree);
            assert_eq!(shown, set[..set.len().min(SOCIAL_SHOWN)], "{set:?}");
            match set.get(SOCIAL_SHOWN) {
                Some(first_hidden) => assert_eq!(hidden, [format!("/social/{first_hidden}")]),
                None => assert!(hidden.is_empty(), "{set:?}"),
            }
        }
    }

    #[test]
    fn text_is_cut_at_200_characters() {
        let long = "가".repeat(250);
        let bubble = bubble(&json!({"object_type": "text", "text": long,
            "link": {"web_url": "https://a.example"}}));
        let text = &bubble.text.expect("text body").text;
        assert!(text.shortened);
        assert_eq!(text.shown.chars().count(), TEXT_SHOWN + 1);
        assert!(text.shown.ends_with('…'));
        assert_eq!(text.full, long);
    }

    #[test]
    fn social_shows_three_in_kakaos_priority() {
        let shown = social(
            &json!({"subscriber_count": 5, "view_count": 4, "shared_count": 3,
            "comment_count": 2}),
        );
        let keys: Vec<_> = shown.iter().map(|s| s.key).collect();
        assert_eq!(keys, ["comment_count", "shared_count", "view_count"]);
    }

    #[test]
    fn item_rows_need_both_halves() {
        let items = item_content(&json!({"items": [{"item": "a", "item_op": "1"},
            {"item": "b"}, {"item": "", "item_op": "2"}], "sum": "Total"}));
        assert_eq!(items.items.len(), 1);
        assert!(items.sum.is_none());
    }

    #[test]
    fn image_shape_is_bounded() {
        let wide = image(
            &json!({"image_width": 1000, "image_height": 100}),
            String::new(),
        );
        assert_eq!((wide.aspect.as_str(), wide.cropped), ("2.0000", true));
        let square = image(
            &json!({"image_width": 640, "image_height": 640}),
            String::new(),
        );
        assert_eq!((square.aspect.as_str(), square.cropped), ("1.0000", false));
        let tall = image(
            &json!({"image_width": 100, "image_height": 1000}),
            String::new(),
        );
        assert_eq!(tall.aspect, "0.7500");
        assert!(image(&json!({}), String::new()).natural);
    }

    #[test]
    fn price_block_formats_units_and_discounts() {
        let shown = price(
            &json!({"regular_price": 208_800, "discount_price": 146_160, "discount_rate": 30}),
            None,
        );
        assert_eq!(shown.amount, "146,160원");
        assert_eq!(shown.regular.as_deref(), Some("208,800원"));
        assert_eq!(shown.discount.as_deref(), Some("30%"));
        let before = price(
            &json!({"regular_price": 1000, "currency_unit": "$", "currency_unit_position": 1,
                "fixed_discount_price": 200}),
            None,
        );
        assert_eq!(before.amount, "$1,000");
        assert_eq!(before.discount.as_deref(), Some("-$200"));
        assert!(before.regular.is_none());
    }

    #[test]
    fn button_title_renames_the_default_button_only() {
        let renamed = bubble(&json!({"object_type": "text", "text": "t",
            "link": {"web_url": "https://a.example"}, "button_title": "바로 확인"}));
        assert_eq!(renamed.buttons.len(), 1);
        assert_eq!(renamed.buttons[0].title, "바로 확인");
        let plain = bubble(&json!({"object_type": "feed",
            "content": {"title": "t", "link": {"web_url": "https://a.example"}}}));
        assert_eq!(plain.buttons[0].title, DEFAULT_BUTTON_TITLE);
        let location = bubble(&json!({"object_type": "location", "address": "a",
            "content": {"title": "t", "link": {}},
            "buttons": [{"title": "b", "link": {"web_url": "https://a.example"}}]}));
        let titles: Vec<_> = location.buttons.iter().map(|b| b.title.as_str()).collect();
        assert_eq!(titles, ["b", LOCATION_BUTTON_TITLE]);
    }
}
