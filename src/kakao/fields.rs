//! The field table: for each kind of block (the six templates and the objects inside
//! them), which ktpl nodes it takes, what JSON each writes, and the JSON keys in the
//! order Kakao's docs list them. The keys and their types are Kakao's (spec §2 and §3;
//! F-tpl, I-tpl); the node names and their sugar (`link "url"`, `image "url" 640x640`)
//! are ktpl's.

use Shape::{Flat, Object, Scalar};

/// The scalar types a field can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    /// A string (with `${var}` interpolation).
    Str,
    /// An integer.
    Int,
    /// An integer, or a percentage written `30%`.
    Rate,
}

/// Where one argument's value goes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Slot {
    /// Into one key.
    Key(&'static str, Ty),
    /// A size `640x640` into a width key and a height key.
    Size(&'static str, &'static str),
    /// One string into two keys (`link "url"` sets web and mobile URLs).
    Both(&'static str, &'static str),
    /// A URL into a nested link object under this key (`button "Buy" "url"`).
    Link(&'static str),
}

/// What a node of a given name does.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shape {
    /// `name value`: one key of the current object.
    Scalar(&'static str, Ty),
    /// `name args { block }`: a nested object under `key`, or appended to the array
    /// under `key` when `repeat`.
    Object {
        key: &'static str,
        kind: Kind,
        repeat: bool,
    },
    /// Sugar writing several keys of the current object from its arguments.
    Flat {
        positional: &'static [Slot],
        keyed: &'static [(&'static str, Slot)],
    },
}

/// A node name and what it does.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) shape: Shape,
}

impl Slot {
    /// The JSON keys this slot writes.
    pub(crate) fn keys(self) -> Vec<&'static str> {
        match self {
            Slot::Key(key, _) | Slot::Link(key) => vec![key],
            Slot::Size(a, b) | Slot::Both(a, b) => vec![a, b],
        }
    }
}

impl Field {
    /// The JSON keys this node writes, in the order its arguments fill them.
    pub(crate) fn json_keys(&self) -> Vec<&'static str> {
        match self.shape {
            Scalar(key, _) | Object { key, .. } => vec![key],
            Flat { positional, keyed } => {
                let mut keys: Vec<&'static str> = Vec::new();
                for slot in positional.iter().chain(keyed.iter().map(|(_, s)| s)) {
                    for key in slot.keys() {
                        if !keys.contains(&key) {
                            keys.push(key);
                        }
                    }
                }
                keys
            }
        }
    }
}

const fn field(name: &'static str, shape: Shape) -> Field {
    Field { name, shape }
}

const fn text(name: &'static str) -> Field {
    field(name, Scalar(name, Ty::Str))
}

const fn int(name: &'static str) -> Field {
    field(name, Scalar(name, Ty::Int))
}

const fn object(name: &'static str, kind: Kind) -> Field {
    field(
        name,
        Object {
            key: name,
            kind,
            repeat: false,
        },
    )
}

const fn each(name: &'static str, key: &'static str, kind: Kind) -> Field {
    field(
        name,
        Object {
            key,
            kind,
            repeat: true,
        },
    )
}

/// The kinds of block: the six templates and the objects inside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Feed,
    List,
    Location,
    Commerce,
    Text,
    Calendar,
    Content,
    Link,
    Button,
    Social,
    ItemContent,
    ItemInfo,
    CommerceDetail,
}

const BUTTON: Field = each("button", "buttons", Kind::Button);
const BUTTON_TITLE: Field = text("button_title");
const CONTENT: Field = object("content", Kind::Content);
const SOCIAL: Field = object("social", Kind::Social);

const FEED: &[Field] = &[
    CONTENT,
    object("item_content", Kind::ItemContent),
    SOCIAL,
    BUTTON_TITLE,
    BUTTON,
];
const LIST: &[Field] = &[
    text("header_title"),
    object("header_link", Kind::Link),
    each("content", "contents", Kind::Content),
    BUTTON_TITLE,
    BUTTON,
];
const LOCATION: &[Field] = &[
    text("address"),
    text("address_title"),
    CONTENT,
    SOCIAL,
    BUTTON_TITLE,
    BUTTON,
];
const COMMERCE: &[Field] = &[
    CONTENT,
    object("commerce", Kind::CommerceDetail),
    BUTTON_TITLE,
    BUTTON,
];
const TEXT: &[Field] = &[
    text("text"),
    object("link", Kind::Link),
    BUTTON_TITLE,
    BUTTON,
];
const CALENDAR: &[Field] = &[text("id_type"), text("id"), CONTENT, BUTTON];
const CONTENT_FIELDS: &[Field] = &[
    text("title"),
    text("image_url"),
    int("image_width"),
    int("image_height"),
    text("description"),
    object("link", Kind::Link),
    field(
        "image",
        Flat {
            positional: &[
                Slot::Key("image_url", Ty::Str),
                Slot::Size("image_width", "image_height"),
            ],
            keyed: &[
                ("width", Slot::Key("image_width", Ty::Int)),
                ("height", Slot::Key("image_height", Ty::Int)),
            ],
        },
    ),
];
const LINK: &[Field] = &[
    text("web_url"),
    text("mobile_web_url"),
    text("android_execution_params"),
    text("ios_execution_params"),
    field("web", Scalar("web_url", Ty::Str)),
    field("mobile", Scalar("mobile_web_url", Ty::Str)),
    field("android", Scalar("android_execution_params", Ty::Str)),
    field("ios", Scalar("ios_execution_params", Ty::Str)),
];
const BUTTON_FIELDS: &[Field] = &[text("title"), object("link", Kind::Link)];
const SOCIAL_FIELDS: &[Field] = &[
    int("like_count"),
    int("comment_count"),
    int("shared_count"),
    int("view_count"),
    int("subscriber_count"),
    field("like", Scalar("like_count", Ty::Int)),
    field("comment", Scalar("comment_count", Ty::Int)),
    field("shared", Scalar("shared_count", Ty::Int)),
    field("view", Scalar("view_count", Ty::Int)),
    field("subscriber", Scalar("subscriber_count", Ty::Int)),
];
const ITEM_CONTENT: &[Field] = &[
    text("profile_text"),
    text("profile_image_url"),
    text("title_image_url"),
    text("title_image_text"),
    text("title_image_category"),
    each("item", "items", Kind::ItemInfo),
    field(
        "sum",
        Flat {
            positional: &[Slot::Key("sum", Ty::Str), Slot::Key("sum_op", Ty::Str)],
            keyed: &[],
        },
    ),
    text("sum_op"),
    field(
        "profile",
        Flat {
            positional: &[Slot::Key("profile_text", Ty::Str)],
            keyed: &[("image", Slot::Key("profile_image_url", Ty::Str))],
        },
    ),
    field(
        "title_image",
        Flat {
            positional: &[Slot::Key("title_image_url", Ty::Str)],
            keyed: &[
                ("text", Slot::Key("title_image_text", Ty::Str)),
                ("category", Slot::Key("title_image_category", Ty::Str)),
            ],
        },
    ),
];
const ITEM_INFO: &[Field] = &[text("item"), text("item_op")];
const COMMERCE_DETAIL: &[Field] = &[
    int("regular_price"),
    int("discount_price"),
    int("fixed_discount_price"),
    field("discount_rate", Scalar("discount_rate", Ty::Rate)),
    text("product_name"),
    text("currency_unit"),
    int("currency_unit_position"),
];

impl Kind {
    /// The six template kinds.
    pub(crate) const TEMPLATES: [Kind; 6] = [
        Kind::Feed,
        Kind::List,
        Kind::Location,
        Kind::Commerce,
        Kind::Text,
        Kind::Calendar,
    ];

    /// Every kind, templates first.
    pub(crate) const ALL: [Kind; 13] = [
        Kind::Feed,
        Kind::List,
        Kind::Location,
        Kind::Commerce,
        Kind::Text,
        Kind::Calendar,
        Kind::Content,
        Kind::Link,
        Kind::Button,
        Kind::Social,
        Kind::ItemContent,
        Kind::ItemInfo,
        Kind::CommerceDetail,
    ];

    /// The template kind named by a template keyword (`feed`, ...).
    pub(crate) fn template(name: &str) -> Option<Kind> {
        Kind::TEMPLATES.into_iter().find(|kind| kind.name() == name)
    }

    /// The name users see: the template keyword or the block's node name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Feed => "feed",
            Kind::List => "list",
            Kind::Location => "location",
            Kind::Commerce => "commerce",
            Kind::Text => "text",
            Kind::Calendar => "calendar",
            Kind::Content => "content",
            Kind::Link => "link",
            Kind::Button => "button",
            Kind::Social => "social",
            Kind::ItemContent => "item_content",
            Kind::ItemInfo => "item",
            Kind::CommerceDetail => "commerce",
        }
    }

    /// The schema under `schemas/` that describes this kind's JSON object (field
    /// descriptions, limits, required keys: what completion and hover show).
    pub(crate) fn schema_path(self) -> &'static str {
        match self {
            Kind::Feed => "templates/feed.json",
            Kind::List => "templates/list.json",
            Kind::Location => "templates/location.json",
            Kind::Commerce => "templates/commerce.json",
            Kind::Text => "templates/text.json",
            Kind::Calendar => "templates/calendar.json",
            Kind::Content => "objects/content.json",
            Kind::Link => "objects/link.json",
            Kind::Button => "objects/button.json",
            Kind::Social => "objects/social.json",
            Kind::ItemContent => "objects/item_content.json",
            Kind::ItemInfo => "objects/item_info.json",
            Kind::CommerceDetail => "objects/commerce.json",
        }
    }

    /// The nodes a block of this kind takes.
    pub(crate) fn fields(self) -> &'static [Field] {
        match self {
            Kind::Feed => FEED,
            Kind::List => LIST,
            Kind::Location => LOCATION,
            Kind::Commerce => COMMERCE,
            Kind::Text => TEXT,
            Kind::Calendar => CALENDAR,
            Kind::Content => CONTENT_FIELDS,
            Kind::Link => LINK,
            Kind::Button => BUTTON_FIELDS,
            Kind::Social => SOCIAL_FIELDS,
            Kind::ItemContent => ITEM_CONTENT,
            Kind::ItemInfo => ITEM_INFO,
            Kind::CommerceDetail => COMMERCE_DETAIL,
        }
    }

    /// The JSON keys in the order the Kakao docs list them.
    pub(crate) fn keys(self) -> &'static [&'static str] {
        match self {
            Kind::Feed => &[
                "object_type",
                "content",
                "item_content",
                "social",
                "button_title",
                "buttons",
            ],
            Kind::List => &[
                "object_type",
                "header_title",
                "header_link",
                "contents",
                "button_title",
                "buttons",
            ],
            Kind::Location => &[
                "object_type",
                "address",
                "address_title",
                "content",
                "social",
                "button_title",
                "buttons",
            ],
            Kind::Commerce => &[
                "object_type",
                "content",
                "commerce",
                "button_title",
                "buttons",
            ],
            Kind::Text => &["object_type", "text", "link", "button_title", "buttons"],
            Kind::Calendar => &["object_type", "id_type", "id", "content", "buttons"],
            Kind::Content => &[
                "title",
                "image_url",
                "image_width",
                "image_height",
                "description",
                "link",
            ],
            Kind::Link => &[
                "web_url",
                "mobile_web_url",
                "android_execution_params",
                "ios_execution_params",
            ],
            Kind::Button => &["title", "link"],
            Kind::Social => &[
                "like_count",
                "comment_count",
                "shared_count",
                "view_count",
                "subscriber_count",
            ],
            Kind::ItemContent => &[
                "profile_text",
                "profile_image_url",
                "title_image_url",
                "title_image_text",
                "title_image_category",
                "items",
                "sum",
                "sum_op",
            ],
            Kind::ItemInfo => &["item", "item_op"],
            Kind::CommerceDetail => &[
                "regular_price",
                "discount_price",
                "fixed_discount_price",
                "discount_rate",
                "product_name",
                "currency_unit",
                "currency_unit_position",
            ],
        }
    }

    /// What positional arguments on a node of this kind mean (`link "url"`).
    pub(crate) fn positional(self) -> &'static [Slot] {
        match self {
            Kind::Link => &[Slot::Both("web_url", "mobile_web_url")],
            Kind::Button => &[Slot::Key("title", Ty::Str), Slot::Link("link")],
            Kind::ItemInfo => &[Slot::Key("item", Ty::Str), Slot::Key("item_op", Ty::Str)],
            _ => &[],
        }
    }

    /// The field of this kind with the given node name.
    pub(crate) fn field(self, name: &str) -> Option<&'static Field> {
        self.fields().iter().find(|field| field.name == name)
    }

    /// The kinds whose blocks take a node of this name.
    pub(crate) fn owners_of(name: &str) -> Vec<Kind> {
        Kind::ALL
            .into_iter()
            .filter(|kind| kind.field(name).is_some())
            .collect()
    }
}

/// Whether `name` is a field some block takes, or a template keyword: for telling a
/// field followed by unquoted words from a line of stray words.
#[must_use]
pub(crate) fn is_field_name(name: &str) -> bool {
    Kind::ALL
        .into_iter()
        .any(|kind| kind.name() == name || kind.fields().iter().any(|f| f.name == name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_key_is_in_the_key_order() {
        for kind in Kind::ALL {
            let keys = kind.keys();
            let written: Vec<&str> = kind.fields().iter().flat_map(Field::json_keys).collect();
            for key in written {
                assert!(
                    keys.contains(&key),
                    "{kind:?} writes {key} not in its key order"
                );
            }
            for slot in kind.positional() {
                for key in slot.keys() {
                    assert!(keys.contains(&key), "{kind:?} positional {key}");
                }
            }
        }
    }
}
