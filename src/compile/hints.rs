//! Extra advice for names people reach for that ktpl spells differently (`buttons`,
//! `object_type`, Kakao's removed list header image).

use crate::kakao::fields::Kind;

/// The advice for writing `name` inside a `kind` block, when there is some.
pub(crate) fn hint_for_name(kind: Kind, name: &str) -> Option<String> {
    Some(match name {
        "buttons" => {
            "write one `button \"Title\" { link \"https://...\" }` node per button".to_owned()
        }
        "contents" if kind == Kind::List => {
            "write one `content { ... }` node per list item".to_owned()
        }
        "items" if kind == Kind::ItemContent => {
            "write one `item \"Name\" \"Price\"` node per item".to_owned()
        }
        "header_image_url" | "header_image_width" | "header_image_height" => {
            "Kakao removed the list header image; use `header_title` and `header_link`".to_owned()
        }
        "object_type" => {
            "the template keyword (`feed { ... }`) already sets `object_type`".to_owned()
        }
        "button_title" if kind == Kind::Calendar => {
            "calendar messages always carry Kakao's own add-event button; add a `button` instead"
                .to_owned()
        }
        "social" => "only `feed` and `location` templates show social counts".to_owned(),
        _ => return None,
    })
}
