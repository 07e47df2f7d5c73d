//! Where a tap goes: a link object → what fires on PC, Android and iOS.
//!
//! Kakao's rule (spec §2.1, from the legacy iOS SDK docs and Kakao's legacy Kakao Link
//! guide): execution params > `mobile_web_url` > `web_url`. Kakao Talk PC opens the web
//! URL; a phone opens the app when its execution params are set, else the mobile web URL.
//! The phone falling back to `web_url`, and PC not falling back to `mobile_web_url`, are
//! guesses listed in the README.

use serde::Serialize;
use serde_json::Value;

/// A tappable region: its kind, its link object, and what each platform does with it.
#[derive(Debug, Serialize)]
pub(crate) struct Region {
    /// `content`, `button`, `header` or `item` (the `data-ktpl-region` hook).
    pub(crate) kind: &'static str,
    /// The JSON of the link object (the `data-ktpl-links` hook); `None` for the buttons
    /// Kakao adds itself, which have no link object.
    pub(crate) links_json: Option<String>,
    /// The four link fields as the template sets them, in Kakao's documented order.
    pub(crate) fields: Vec<LinkField>,
    /// What a tap does on each device.
    pub(crate) fires: Vec<Fire>,
    /// No link fires on a phone (neither platform).
    pub(crate) nowhere_phone: bool,
    /// No link fires on PC.
    pub(crate) nowhere_pc: bool,
}

/// One field of a link object.
#[derive(Debug, Serialize)]
pub(crate) struct LinkField {
    /// Who reads it: `web`, `mobile web`, `Android`, `iOS`.
    pub(crate) platform: &'static str,
    /// The JSON key.
    pub(crate) key: &'static str,
    /// Its value, when set.
    pub(crate) value: Option<String>,
}

/// What one device does on a tap.
#[derive(Debug, Serialize)]
pub(crate) struct Fire {
    /// `pc`, `android` or `ios`.
    pub(crate) device: &'static str,
    /// Whether this device belongs to the phone view (`false`: PC view).
    pub(crate) phone: bool,
    /// What opens, in words (`app`, `mobile web page`, `web page`), or `None` for nothing.
    pub(crate) opens: Option<&'static str>,
    /// The URL or execution params that fire.
    pub(crate) target: Option<String>,
}

const FIELDS: [(&str, &str); 4] = [
    ("web", "web_url"),
    ("mobile web", "mobile_web_url"),
    ("Android", "android_execution_params"),
    ("iOS", "ios_execution_params"),
];

/// The region for a link object (absent or not an object: a link with nothing set).
pub(crate) fn region(kind: &'static str, link: Option<&Value>) -> Region {
    let field = |key: &str| {
        link.and_then(|l| l.get(key))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let fields: Vec<LinkField> = FIELDS
        .iter()
        .map(|&(platform, key)| LinkField {
            platform,
            key,
            value: field(key),
        })
        .collect();
    let web = field("web_url");
    let mobile = field("mobile_web_url");
    let phone = |params: Option<String>| -> (Option<&'static str>, Option<String>) {
        if let Some(params) = params {
            (Some("app"), Some(params))
        } else if let Some(url) = &mobile {
            (Some("mobile web page"), Some(url.clone()))
        } else if let Some(url) = &web {
            (Some("web page"), Some(url.clone()))
        } else {
            (None, None)
        }
    };
    let (android_opens, android_target) = phone(field("android_execution_params"));
    let (ios_opens, ios_target) = phone(field("ios_execution_params"));
    let fires = vec![
        Fire {
            device: "pc",
            phone: false,
            opens: web.as_ref().map(|_| "web page"),
            target: web.clone(),
        },
        Fire {
            device: "android",
            phone: true,
            opens: android_opens,
            target: android_target,
        },
        Fire {
            device: "ios",
            phone: true,
            opens: ios_opens,
            target: ios_target,
        },
    ];
    Region {
        kind,
        links_json: Some(link.map_or_else(
            || "{}".to_owned(),
            |l| serde_json::to_string(l).unwrap_or_default(),
        )),
        nowhere_phone: fires.iter().filter(|f| f.phone).all(|f| f.opens.is_none()),
        nowhere_pc: web.is_none(),
        fields,
        fires,
    }
}

/// What a button Kakao adds opens: a place inside Kakao Talk, not a link.
pub(crate) const KAKAO: &str = "kakao";

/// The region of a button Kakao adds itself (location's map, calendar's event): it
/// always goes somewhere, inside Kakao Talk, described by `what`.
pub(crate) fn kakao_region(what: &str) -> Region {
    let fires = ["pc", "android", "ios"]
        .into_iter()
        .map(|device| Fire {
            device,
            phone: device != "pc",
            opens: Some(KAKAO),
            target: Some(what.to_owned()),
        })
        .collect();
    Region {
        kind: "button",
        links_json: None,
        fields: Vec::new(),
        fires,
        nowhere_phone: false,
        nowhere_pc: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn opens(region: &Region, device: &str) -> Option<(&'static str, String)> {
        let fire = region.fires.iter().find(|f| f.device == device)?;
        Some((fire.opens?, fire.target.clone()?))
    }

    #[test]
    fn params_win_on_phone_and_pc_opens_web_url() {
        let link = json!({"web_url": "https://a.example", "mobile_web_url": "https://m.a.example",
            "android_execution_params": "k=1"});
        let region = region("content", Some(&link));
        assert_eq!(opens(&region, "android"), Some(("app", "k=1".to_owned())));
        assert_eq!(
            opens(&region, "ios"),
            Some(("mobile web page", "https://m.a.example".to_owned()))
        );
        assert_eq!(
            opens(&region, "pc"),
            Some(("web page", "https://a.example".to_owned()))
        );
        assert!(!region.nowhere_pc && !region.nowhere_phone);
    }

    #[test]
    fn app_only_link_goes_nowhere_on_pc() {
        let link = json!({"android_execution_params": "k=1", "ios_execution_params": "k=1"});
        let region = region("button", Some(&link));
        assert!(region.nowhere_pc);
        assert!(!region.nowhere_phone);
        let empty = super::region("button", Some(&json!({})));
        assert!(empty.nowhere_pc && empty.nowhere_phone);
    }
}
