//! What was fetched → problems at the span of each URL, one code per kind of finding.
//!
//! Kakao's image rules, with their sources, are `kakao::limits` (the smallest side, the
//! largest file) and `kakao::display` (the shapes Kakao lays out): the same values the
//! lint `small_image` and the preview read. The declared `image_width`/`image_height`
//! set the shape Kakao lays out.

use serde_json::Value;

use super::{Answer, FailureKind, Kind, Probed, Prober, Sniffed, targets};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::kakao::display::{same_shape, shown_shape};
use crate::kakao::limits::{MAX_IMAGE_BYTES, MIN_IMAGE_SIDE};
use crate::lint::located;
use crate::locate::{Part, last_token, parent};

/// The findings for one template, from what `fetched` holds of of its URLs. Levels from
/// `config` are applied.
#[must_use]
pub(crate) fn findings(compiled: &Compiled, fetched: &Prober, config: &Config) -> Vec<Problem> {
    let mut problems = Vec::new();
    for target in targets(&compiled.value) {
        let Some(probed) = fetched.get(target.kind, &target.url) else {
            continue;
        };
        let found = match target.kind {
            Kind::Image => image_findings(compiled, &target.pointer, probed),
            Kind::Link => link_findings(&target.url, probed, config),
        };
        problems.extend(found.into_iter().map(|(problem, label)| {
            located(problem, compiled, &target.pointer, Part::Value, &label)
        }));
    }
    config.apply_levels(problems)
}

/// A problem and the label at its URL.
type Finding = (Problem, String);

fn failed(probed: &Probed, unreachable: Code, what: &str) -> Option<Finding> {
    let failure = probed.result.as_ref().err()?;
    Some(match failure.kind {
        FailureKind::Refused => {
            let help = if failure.detail.contains("private") {
                "ktpl does not fetch addresses on your own network unless `--online-allow-private` is given; KakaoTalk users outside it cannot reach them either"
            } else {
                "KakaoTalk cannot open it for your users; use an https:// URL"
            };
            (
                Problem::new(
                    Code::OnlineRefused,
                    format!("{what} not fetched: {}", failure.detail),
                )
                .help(help),
                "not fetched".to_owned(),
            )
        }
        FailureKind::Budget => (
            Problem::new(
                Code::OnlineNotChecked,
                format!("{what} not checked: {}", failure.detail),
            )
            .help("raise `--online-budget`, or check fewer templates at once"),
            "not checked".to_owned(),
        ),
        _ => (
            Problem::new(
                unreachable,
                format!("{what} not reachable: {}{}", failure.detail, via(probed)),
            )
            .help("open the URL in a browser; KakaoTalk fetches it the same way"),
            "unreachable".to_owned(),
        ),
    })
}

/// `" (after redirects to `X`)"` when the URL redirected.
fn via(probed: &Probed) -> String {
    probed
        .redirects
        .last()
        .map(|last| format!(" (after redirecting to `{last}`)"))
        .unwrap_or_default()
}

fn status_text(status: u16) -> String {
    let reason = ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason());
    match reason {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

fn image_findings(compiled: &Compiled, pointer: &str, probed: &Probed) -> Vec<Finding> {
    if let Some(finding) = failed(probed, Code::OnlineImageUnreachable, "image") {
        return vec![finding];
    }
    let Ok(answer) = &probed.result else {
        return Vec::new();
    };
    if answer.status >= 300 {
        return vec![(
            Problem::new(
                Code::OnlineImageUnreachable,
                format!(
                    "image not reachable: the server answered {}{}",
                    status_text(answer.status),
                    via(probed)
                ),
            )
            .help("KakaoTalk shows an empty box where the image should be; fix the URL or put the file back"),
            answer.status.to_string(),
        )];
    }
    let served_as = answer
        .content_type
        .as_deref()
        .map(|kind| format!(" (served as `{kind}`)"))
        .unwrap_or_default();
    let not_an_image = |what: String| {
        vec![(
            Problem::new(Code::OnlineNotAnImage, format!("not an image: {what}{served_as}"))
                .help("KakaoTalk shows PNG, JPEG, GIF and WebP images; point the URL at the image file itself, not a page about it"),
            "not an image".to_owned(),
        )]
    };
    let mut found = Vec::new();
    match &answer.sniffed {
        None => {
            let kind = answer.content_type.as_deref().unwrap_or_default();
            return vec![(
                Problem::new(
                    Code::OnlineNotAnImage,
                    format!("not an image: the server sends `{kind}`"),
                )
                .help("KakaoTalk shows PNG, JPEG, GIF and WebP images; point the URL at the image file itself, not a page about it"),
                "not an image".to_owned(),
            )];
        }
        Some(Sniffed::NotImage) => {
            return not_an_image(
                "its first bytes are not a PNG, JPEG, GIF or WebP image".to_owned(),
            );
        }
        Some(Sniffed::Image {
            format,
            supported: false,
            ..
        }) => {
            return not_an_image(format!(
                "the file is a {format} image, not PNG, JPEG, GIF or WebP"
            ));
        }
        Some(Sniffed::Image {
            dimensions, format, ..
        }) => {
            if let Some(size) = answer.size.filter(|&size| size > MAX_IMAGE_BYTES) {
                found.push(too_large(size, format));
            }
            if let Some((width, height)) = *dimensions {
                found.extend(shape_findings(compiled, pointer, width, height));
            }
        }
    }
    found
}

fn too_large(size: u64, format: &str) -> Finding {
    #[allow(clippy::cast_precision_loss)]
    let megabytes = size as f64 / (1024.0 * 1024.0);
    (
        Problem::new(
            Code::OnlineImageTooLarge,
            format!("the {format} file is {megabytes:.1} MB; Kakao's limit is 2 MB"),
        )
        .help("Kakao's Kakao Link guide limits images to 2 MB (a newer copy of its docs says 5 MB); compress or resize the image"),
        format!("{megabytes:.1} MB"),
    )
}

fn shape_findings(compiled: &Compiled, pointer: &str, width: u64, height: u64) -> Vec<Finding> {
    // Only content images: item images are shown at 108 px (iOS) or 98 px (Android)
    // and centre-cropped (spec §2.5), so neither rule is about them.
    if last_token(pointer) != "image_url" {
        return Vec::new();
    }
    let mut found = Vec::new();
    let min = u64::from(MIN_IMAGE_SIDE);
    if width < min || height < min {
        found.push((
            Problem::new(
                Code::OnlineImageTooSmall,
                format!("the image is {width}x{height} px; Kakao's minimum is {min}x{min} px"),
            )
            .help(format!("KakaoTalk enlarges it until it is blurred; use an image of at least {min} x {min} px")),
            format!("{width}x{height} px"),
        ));
    }
    let content = compiled.value.pointer(parent(pointer));
    let side = |key| {
        content
            .and_then(|c| c.get(key))
            .and_then(Value::as_u64)
            .filter(|&px| px > 0)
    };
    if let (Some(declared_width), Some(declared_height)) =
        (side("image_width"), side("image_height"))
        && let Some(finding) = ratio_finding((width, height), (declared_width, declared_height))
    {
        found.push(finding);
    }
    found
}

#[allow(clippy::cast_precision_loss)]
fn ratio_finding(real: (u64, u64), declared: (u64, u64)) -> Option<Finding> {
    if real.0 == 0 || real.1 == 0 {
        return None;
    }
    let real_ratio = real.0 as f64 / real.1 as f64;
    let declared_ratio = declared.0 as f64 / declared.1 as f64;
    if same_shape(real_ratio, declared_ratio) {
        return None;
    }
    let shown = shown_shape(declared_ratio);
    let layout = if (shown - declared_ratio).abs() > 1e-9 {
        format!(
            "Kakao lays out the declared shape, cut to {} (the {} Kakao shows)",
            shape(shown),
            if shown > 1.0 { "widest" } else { "tallest" }
        )
    } else {
        format!("Kakao lays out the declared shape, {}", shape(shown))
    };
    Some((
        Problem::new(
            Code::OnlineImageRatio,
            format!(
                "the image is {}x{} px ({}), but {}x{} ({}) is declared",
                real.0,
                real.1,
                ratio(real.0, real.1),
                declared.0,
                declared.1,
                ratio(declared.0, declared.1)
            ),
        )
        .help(format!(
            "{layout}, and fits the {} picture into it, so it shows cropped or squashed; declare the real size, {}x{}",
            ratio(real.0, real.1),
            real.0,
            real.1
        )),
        format!("really {}x{} px", real.0, real.1),
    ))
}

/// `2:1`, `4:3`, or `1.91:1` when the numbers are large.
fn ratio(width: u64, height: u64) -> String {
    fn gcd(a: u64, b: u64) -> u64 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let divisor = gcd(width, height).max(1);
    let (w, h) = (width / divisor, height / divisor);
    if w <= 32 && h <= 32 {
        format!("{w}:{h}")
    } else {
        #[allow(clippy::cast_precision_loss)]
        let decimal = width as f64 / height as f64;
        format!("{decimal:.2}:1")
    }
}

fn shape(ratio: f64) -> String {
    for (w, h) in [(2, 1), (1, 1), (3, 4), (4, 3), (3, 2), (16, 9)] {
        if (ratio - f64::from(w) / f64::from(h)).abs() < 1e-6 {
            return format!("{w}:{h}");
        }
    }
    format!("{ratio:.2}:1")
}

fn link_findings(url: &str, probed: &Probed, config: &Config) -> Vec<Finding> {
    if let Some(finding) = failed(probed, Code::OnlineLinkUnreachable, "link") {
        return vec![finding];
    }
    let Ok(Answer { status, .. }) = &probed.result else {
        return Vec::new();
    };
    if *status >= 400 {
        return vec![(
            Problem::new(
                Code::OnlineLinkUnreachable,
                format!("link answers {}{}", status_text(*status), via(probed)),
            )
            .help("a tap opens an error page; fix the URL, or the page behind it"),
            status.to_string(),
        )];
    }
    redirect_findings(url, probed, config).into_iter().collect()
}

/// Whether `url` is on a registered domain's site (a differing port or sub-domain
/// counts: `domain_variant` already warns about those on the link itself).
fn on_registered_site(config: &Config, url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|url| {
        config
            .allowed_domains
            .iter()
            .any(|domain| domain.compare(&url) != crate::web_domain::Match::Unrelated)
    })
}

fn redirect_findings(url: &str, probed: &Probed, config: &Config) -> Option<Finding> {
    let last = probed.redirects.last()?;
    let host = |url: &str| {
        url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .unwrap_or_default()
    };
    if !config.allowed_domains.is_empty()
        && let Some(outside) = probed
            .redirects
            .iter()
            .find(|hop| !on_registered_site(config, hop))
    {
        let ends = if outside == last {
            String::new()
        } else {
            format!(", and ends on `{last}`")
        };
        return Some((
            Problem::new(
                Code::OnlineRedirectUnregistered,
                format!(
                    "link redirects to `{outside}`, on `{}`, which is not in `allowed_domains`{ends}",
                    host(outside)
                ),
            )
            .help("the app's registered domains are where its links should open; link to where the page really is, or make sure the redirect is meant (a login page, a lapsed campaign)"),
            "redirects off the registered domains".to_owned(),
        ));
    }
    (host(last) != host(url)).then(|| {
        (
            Problem::new(
                Code::OnlineRedirectOtherHost,
                format!("link redirects to another host: it ends on `{last}`"),
            )
            .help("KakaoTalk opens the link and the browser follows; link to the final address if it is the page meant, or fix the redirect"),
            format!("ends on `{}`", host(last)),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::{ratio, ratio_finding};

    #[test]
    fn ratios_are_reduced_or_decimal() {
        assert_eq!(ratio(800, 400), "2:1");
        assert_eq!(ratio(640, 480), "4:3");
        assert_eq!(ratio(1200, 628), "1.91:1");
    }

    #[test]
    fn shapes_within_two_percent_are_the_same() {
        assert!(ratio_finding((800, 533), (3, 2)).is_none());
        assert!(ratio_finding((640, 640), (645, 640)).is_none());
        let (problem, label) = ratio_finding((800, 400), (640, 640)).expect("differs");
        assert_eq!(
            problem.message,
            "the image is 800x400 px (2:1), but 640x640 (1:1) is declared"
        );
        assert_eq!(label, "really 800x400 px");
    }

    #[test]
    fn a_declared_shape_past_kakaos_bounds_is_said_to_be_cut() {
        let (problem, _) = ratio_finding((800, 800), (900, 300)).expect("differs");
        let help = problem.help.expect("help");
        assert!(
            help.contains("cut to 2:1 (the widest Kakao shows)"),
            "{help}"
        );
        let (problem, _) = ratio_finding((800, 800), (300, 900)).expect("differs");
        assert!(
            problem
                .help
                .expect("help")
                .contains("cut to 3:4 (the tallest")
        );
    }
}
