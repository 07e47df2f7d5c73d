//! What is sent, and the HTTP requests that send it to each endpoint.

use std::collections::BTreeMap;

use serde_json::Value;

/// The three kinds of message Kakao's send endpoints take.
#[derive(Debug, Clone)]
pub enum Message {
    /// A default template (`template_object`).
    Default(Value),
    /// A custom template built in the developer console.
    Custom {
        /// Its id.
        template_id: i64,
        /// Values for its `${key}` arguments.
        args: BTreeMap<String, String>,
    },
    /// A page Kakao scrapes, optionally laid out by a custom template.
    Scrap {
        /// The page.
        request_url: String,
        /// An optional custom template.
        template_id: Option<i64>,
        /// Values for the custom template's arguments.
        args: BTreeMap<String, String>,
    },
}

/// One request as it will be made; a dry run prints these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRequest {
    /// Path under the API base.
    pub path: &'static str,
    /// Form fields, in order (JSON-valued fields hold JSON text).
    pub form: Vec<(String, String)>,
    /// The receivers of this request (empty for "me").
    pub receivers: Vec<String>,
}

impl Message {
    /// A scrap of `request_url`, which must be an http(s) URL with a host: Kakao
    /// fetches the page, so anything else cannot work and may leak a local path.
    pub fn scrap(
        request_url: &str,
        template_id: Option<i64>,
        args: BTreeMap<String, String>,
    ) -> Result<Self, super::SendError> {
        let refused = |why: String| super::SendError::Usage {
            message: format!(
                "--scrap `{request_url}` {why}; give the http(s) address of a page Kakao can fetch"
            ),
        };
        let url =
            url::Url::parse(request_url).map_err(|e| refused(format!("is not a URL ({e})")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(refused(format!(
                "is a `{}:` URL, not http(s)",
                url.scheme()
            )));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(refused("has no host".to_owned()));
        }
        Ok(Message::Scrap {
            request_url: request_url.to_owned(),
            template_id,
            args,
        })
    }

    /// The request for one batch of receivers (`None`: send to me).
    #[must_use]
    pub fn request(&self, receivers: Option<&[String]>) -> PlannedRequest {
        let friends = receivers.is_some();
        let path = match (self, friends) {
            (Message::Default(_), false) => "/v2/api/talk/memo/default/send",
            (Message::Custom { .. }, false) => "/v2/api/talk/memo/send",
            (Message::Scrap { .. }, false) => "/v2/api/talk/memo/scrap/send",
            (Message::Default(_), true) => "/v1/api/talk/friends/message/default/send",
            (Message::Custom { .. }, true) => "/v1/api/talk/friends/message/send",
            (Message::Scrap { .. }, true) => "/v1/api/talk/friends/message/scrap/send",
        };
        let mut form = Vec::new();
        if let Some(receivers) = receivers {
            form.push(("receiver_uuids".to_owned(), json_text(&receivers)));
        }
        match self {
            Message::Default(template) => {
                form.push((
                    "template_object".to_owned(),
                    crate::compile::output::to_json(template, false),
                ));
            }
            Message::Custom { template_id, args } => {
                form.push(("template_id".to_owned(), template_id.to_string()));
                if !args.is_empty() {
                    form.push(("template_args".to_owned(), json_text(args)));
                }
            }
            Message::Scrap {
                request_url,
                template_id,
                args,
            } => {
                form.push(("request_url".to_owned(), request_url.clone()));
                if let Some(id) = template_id {
                    form.push(("template_id".to_owned(), id.to_string()));
                }
                if !args.is_empty() {
                    form.push(("template_args".to_owned(), json_text(args)));
                }
            }
        }
        PlannedRequest {
            path,
            form,
            receivers: receivers.map(<[String]>::to_vec).unwrap_or_default(),
        }
    }
}

fn json_text(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

impl PlannedRequest {
    /// The form body, URL-encoded.
    #[must_use]
    pub fn body(&self) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.form.iter())
            .finish()
    }
}
