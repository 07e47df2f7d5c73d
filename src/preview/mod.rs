//! Preview: checked templates (a `Compiled` template, or a file's problems) → one
//! self-contained HTML page with a Kakao Talk bubble per template.
//!
//! `view` applies Kakao's display rules to make a view model; the HTML, CSS and script
//! are templates of their own (`page.html`, `style.css`, `script.js`), embedded at build
//! time and rendered by minijinja, which escapes every string from a template.

mod cut;
mod links;
pub(crate) mod serve;
mod view;

use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::Problem;
use crate::report::human;
use crate::source::SourceFile;

/// One template file as the page shows it: its bubble, or its diagnostics in its place.
#[derive(Debug, Serialize)]
pub struct Entry {
    file: String,
    bubble: Option<view::Bubble>,
    diagnostics: Vec<Diagnostic>,
    errors: usize,
}

impl Entry {
    /// Whether the file has errors (and so no bubble).
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// The entry with its content image's real width and height (`--online` fetched
    /// them): the bubble shows them, and flags a shape the declared size contradicts.
    #[must_use]
    pub fn with_content_image_size(mut self, size: Option<(u64, u64)>) -> Entry {
        if let (Some(size), Some(image)) = (
            size,
            self.bubble
                .as_mut()
                .and_then(|bubble| bubble.content.as_mut())
                .and_then(|content| content.image.as_mut()),
        ) {
            image.set_real_size(size);
        }
        self
    }
}

/// One problem, in `ktpl check`'s human text (with the source excerpt).
#[derive(Debug, Serialize)]
struct Diagnostic {
    code: &'static str,
    severity: &'static str,
    text: String,
}

/// The entry for one file: `template` is the checked JSON (shown only when no problem
/// is an error); `problems` are shown as `ktpl check` reports them.
#[must_use]
pub fn entry(source: &SourceFile, problems: &[Problem], template: Option<&Value>) -> Entry {
    let style = human::Style {
        color: false,
        width: 100,
    };
    let diagnostics = problems
        .iter()
        .map(|problem| Diagnostic {
            code: problem.code.name(),
            severity: problem.severity.as_str(),
            text: human::render(source, std::slice::from_ref(problem), style)
                .trim_end()
                .to_owned(),
        })
        .collect();
    let errors = problems.iter().filter(|p| p.is_error()).count();
    Entry {
        file: source.name.clone(),
        bubble: template.filter(|_| errors == 0).map(view::bubble),
        diagnostics,
        errors,
    }
}

const PAGE: &str = include_str!("page.html");
const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("script.js");

/// The whole page. `live` is the generation number of a served page (its script then
/// polls the server for a newer one); `None` for a file.
pub fn page(entries: &[Entry], live: Option<u64>) -> Result<String, minijinja::Error> {
    let mut env = minijinja::Environment::new();
    env.add_template("page.html", PAGE)?;
    env.add_template("style.css", STYLE)?;
    env.add_template("script.js", SCRIPT)?;
    env.get_template("page.html")?.render(minijinja::context! {
        entries => minijinja::Value::from(minijinja::value::Serde(entries)),
        live => live,
        image_widest => crate::kakao::display::IMAGE_WIDEST,
        image_tallest => crate::kakao::display::IMAGE_TALLEST,
    })
}
