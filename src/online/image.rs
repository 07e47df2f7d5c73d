//! Probing an image URL: HEAD for the status, type and size; then, unless HEAD already
//! settled it, a ranged GET of the first bytes, read only until `imagesize` can tell the
//! format and dimensions (a PNG needs 24 bytes; a JPEG with a large EXIF block more).

use std::time::Instant;

use url::Url;

use super::transport::{Fetched, Method, Reply, Take, Transport};
use super::{Answer, FailureKind, Probed, Sniffed};

/// The most of an image ever read. A JPEG whose size marker comes later (a huge EXIF
/// or colour profile) is reported as an image of unknown dimensions.
pub(crate) const SNIFF_LIMIT: usize = 256 * 1024;

/// Probes the image at `url`.
pub(crate) fn probe(transport: &Transport, url: &Url, deadline: Instant) -> Probed {
    let head = transport.fetch(Method::Head, url, Take::NOTHING, deadline);
    let head_size = match &head.result {
        Ok(reply) if (200..300).contains(&reply.status) => {
            if reply
                .content_type
                .as_deref()
                .is_some_and(|kind| !may_be_image(kind))
            {
                // `text/html` and friends: no bytes are needed to know.
                return probed(head, None);
            }
            reply.content_length
        }
        // Nothing a GET could change.
        Err(failure)
            if matches!(
                failure.kind,
                FailureKind::Refused
                    | FailureKind::Dns
                    | FailureKind::Budget
                    | FailureKind::Timeout
            ) =>
        {
            return probed(head, None);
        }
        // A server that refuses or mishandles HEAD may still serve the GET.
        _ => None,
    };
    let take = Take {
        max: SNIFF_LIMIT,
        enough: |bytes| !matches!(sniff(bytes), Sniff::NeedMore),
    };
    let get = transport.fetch(Method::Get, url, take, deadline);
    probed(get, head_size)
}

/// Whether a `Content-Type` may be an image: `image/*`, or the types servers send when
/// they do not know.
fn may_be_image(content_type: &str) -> bool {
    let kind = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    kind.starts_with("image/")
        || kind.is_empty()
        || matches!(
            kind.as_str(),
            "application/octet-stream" | "binary/octet-stream" | "application/unknown"
        )
}

fn probed(fetched: Fetched, head_size: Option<u64>) -> Probed {
    Probed {
        redirects: fetched.redirects,
        result: fetched.result.map(|reply| answer(reply, head_size)),
    }
}

fn answer(reply: Reply, head_size: Option<u64>) -> Answer {
    let ok = (200..300).contains(&reply.status);
    let sniffed = (ok
        && (reply.status == 206 || !reply.body.is_empty() || reply.content_length == Some(0)))
    .then(|| match sniff(&reply.body) {
        Sniff::Done(sniffed) => sniffed,
        // The limit was reached first: an image format, but no size yet.
        Sniff::NeedMore => match imagesize::image_type(&reply.body) {
            Ok(format) => Sniffed::Image {
                format: format_name(format),
                supported: is_supported(format),
                dimensions: None,
            },
            Err(_) => Sniffed::NotImage,
        },
    });
    // A partial answer's length is the part's: the whole is after the `/` of its range.
    let size = if reply.status == 206 {
        reply.range_total
    } else {
        reply.content_length
    }
    .or(head_size);
    Answer {
        status: reply.status,
        content_type: reply.content_type,
        size,
        sniffed,
    }
}

/// What the first bytes tell so far.
enum Sniff {
    Done(Sniffed),
    NeedMore,
}

fn sniff(bytes: &[u8]) -> Sniff {
    match imagesize::image_type(bytes) {
        Ok(format) => match imagesize::blob_size(bytes) {
            Ok(size) => Sniff::Done(Sniffed::Image {
                format: format_name(format),
                supported: is_supported(format),
                dimensions: Some((size.width as u64, size.height as u64)),
            }),
            Err(_) => Sniff::NeedMore,
        },
        // Every format's signature fits in 32 bytes: past them, it is not an image.
        Err(_) if bytes.len() >= 32 => Sniff::Done(Sniffed::NotImage),
        Err(_) => Sniff::NeedMore,
    }
}

/// The formats `KakaoTalk` shows in a message (PNG, JPEG, GIF, WebP).
fn is_supported(format: imagesize::ImageType) -> bool {
    use imagesize::ImageType;
    matches!(
        format,
        ImageType::Png | ImageType::Jpeg | ImageType::Gif | ImageType::Webp
    )
}

fn format_name(format: imagesize::ImageType) -> String {
    use imagesize::ImageType;
    match format {
        ImageType::Png => "PNG".to_owned(),
        ImageType::Jpeg => "JPEG".to_owned(),
        ImageType::Gif => "GIF".to_owned(),
        ImageType::Webp => "WebP".to_owned(),
        ImageType::Bmp => "BMP".to_owned(),
        ImageType::Tiff => "TIFF".to_owned(),
        ImageType::Ico => "ICO".to_owned(),
        ImageType::Heif(_) => "HEIF/AVIF".to_owned(),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG header: signature, IHDR length and type, width and height.
    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend_from_slice(&width.to_be_bytes());
        bytes.extend_from_slice(&height.to_be_bytes());
        bytes.extend_from_slice(&[8, 6, 0, 0, 0]);
        bytes
    }

    #[test]
    fn a_png_header_is_enough_for_its_size() {
        let Sniff::Done(Sniffed::Image {
            format,
            supported,
            dimensions,
        }) = sniff(&png(800, 400))
        else {
            panic!("not sniffed");
        };
        assert_eq!(
            (format.as_str(), supported, dimensions),
            ("PNG", true, Some((800, 400)))
        );
    }

    #[test]
    fn a_few_bytes_need_more_and_html_is_not_an_image() {
        assert!(matches!(sniff(&png(800, 400)[..10]), Sniff::NeedMore));
        assert!(matches!(
            sniff(b"<!doctype html><html><head><title>404</title>"),
            Sniff::Done(Sniffed::NotImage)
        ));
    }

    #[test]
    fn content_types_that_may_hold_an_image() {
        assert!(may_be_image("image/png"));
        assert!(may_be_image("Image/JPEG; charset=binary"));
        assert!(may_be_image("application/octet-stream"));
        assert!(!may_be_image("text/html; charset=utf-8"));
        assert!(!may_be_image("application/json"));
    }
}
