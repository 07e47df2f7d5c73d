//! Kakao's JavaScript SDK (`Kakao.Share.sendDefault`): its names for the template's
//! keys, and the limits its client-side rules add to the REST API's.

use super::fields::Kind;

/// Buttons the JavaScript SDK takes on any template, location included: its rule table
/// lists `buttons: optional {0, 1}` for every type (JS1, `Link.sendDefault`'s rules in
/// the JavaScript SDK v1.14).
pub(crate) const MAX_BUTTONS: usize = 2;

/// The largest message Kakao's SDKs share, in bytes of UTF-8 JSON: 10 KB
/// (`attachmentSize > 10 * 1024`, "Exceeded message template v2 size limit", in
/// `kakao/kakao_flutter_sdk`'s `ShareClient`).
pub(crate) const SHARE_BYTES_LIMIT: usize = 10 * 1024;

/// The longest share URL version 1 of the JavaScript SDK opened, in characters
/// (`i.length > 1e4`, "exceeds the message size limit", JS1).
pub(crate) const SHARE_URL_LIMIT: usize = 10_000;

/// The JavaScript SDK's name for a REST key: the same words in camelCase
/// (`mobile_web_url` → `mobileWebUrl`), as `Kakao.Share.sendDefault` takes them (spec
/// §1; JS1, F-tpl, D-def).
#[must_use]
pub fn js_name(key: &str) -> String {
    js_chars(key).collect()
}

/// [`js_name`]'s characters, one at a time: compared without building the name.
fn js_chars(key: &str) -> impl Iterator<Item = char> + '_ {
    let mut upper = false;
    key.chars().filter_map(move |c| {
        if c == '_' {
            upper = true;
            None
        } else if std::mem::take(&mut upper) {
            Some(c.to_ascii_uppercase())
        } else {
            Some(c)
        }
    })
}

/// Names version 1 of the JavaScript SDK (`Kakao.Link`) used for link fields, with the
/// REST key each stands for (JS1).
const LEGACY_NAMES: &[(&str, &str)] = &[
    ("androidExecParams", "android_execution_params"),
    ("iosExecParams", "ios_execution_params"),
];

/// The REST key a JavaScript SDK name stands for, when it names a key of some block.
#[must_use]
pub(crate) fn rest_key_for_js(name: &str) -> Option<&'static str> {
    if let Some((_, key)) = LEGACY_NAMES.iter().find(|(js, _)| *js == name) {
        return Some(key);
    }
    Kind::ALL
        .into_iter()
        .flat_map(|kind| kind.keys().iter().copied())
        // Compared a character at a time: import looks up every key it reads.
        .find(|key| js_chars(key).eq(name.chars()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javascript_names_are_camel_case_and_map_back() {
        assert_eq!(
            js_name("android_execution_params"),
            "androidExecutionParams"
        );
        assert_eq!(js_name("title"), "title");
        for kind in Kind::ALL {
            for key in kind.keys() {
                assert_eq!(rest_key_for_js(&js_name(key)), Some(*key));
            }
        }
        assert_eq!(
            rest_key_for_js("iosExecParams"),
            Some("ios_execution_params")
        );
        assert_eq!(rest_key_for_js("imageURL"), None);
    }
}
