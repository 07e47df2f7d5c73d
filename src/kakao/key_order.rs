//! The order Kakao's documentation lists a template's keys in, for writing JSON people
//! read (`ktpl compile`, `ktpl import`). Kakao itself ignores the order (spec §1: the
//! Flutter SDK sends `object_type` last).

/// Every key ktpl knows, in one order consistent with each block's order in the field
/// table (a test checks this). Unknown keys go after these.
const ORDER: &[&str] = &[
    "object_type",
    "header_title",
    "header_link",
    "contents",
    "address",
    "address_title",
    "id_type",
    "id",
    "text",
    "title",
    "image_url",
    "image_width",
    "image_height",
    "description",
    "content",
    "web_url",
    "mobile_web_url",
    "android_execution_params",
    "ios_execution_params",
    "link",
    "item_content",
    "profile_text",
    "profile_image_url",
    "title_image_url",
    "title_image_text",
    "title_image_category",
    "items",
    "item",
    "item_op",
    "sum",
    "sum_op",
    "commerce",
    "regular_price",
    "discount_price",
    "fixed_discount_price",
    "discount_rate",
    "product_name",
    "currency_unit",
    "currency_unit_position",
    "social",
    "like_count",
    "comment_count",
    "shared_count",
    "view_count",
    "subscriber_count",
    "button_title",
    "buttons",
];

/// Where `key` goes among its siblings: lower first; every unknown key ranks after
/// every known one.
#[must_use]
pub(crate) fn rank(key: &str) -> usize {
    ORDER.iter().position(|k| *k == key).unwrap_or(ORDER.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kakao::fields::Kind;

    #[test]
    fn the_global_order_agrees_with_every_block() {
        for kind in Kind::ALL {
            let ranks: Vec<usize> = kind.keys().iter().map(|k| rank(k)).collect();
            assert!(
                ranks.iter().all(|r| *r < ORDER.len()),
                "{kind:?} has a key missing from ORDER"
            );
            assert!(
                ranks.windows(2).all(|w| w[0] < w[1]),
                "{kind:?}: ORDER disagrees with {:?}",
                kind.keys()
            );
        }
    }
}
