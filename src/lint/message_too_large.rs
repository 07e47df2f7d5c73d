//! A guard on the size of the compiled template. Kakao documents no limit for default
//! templates (spec §5), so the threshold is configuration (`max_template_bytes`).

use super::located;
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, config: &Config) -> Vec<Problem> {
    let mut counter = ByteCount(0);
    let size = match serde_json::to_writer(&mut counter, &compiled.value) {
        Ok(()) => counter.0,
        Err(_) => 0,
    };
    if size <= config.max_template_bytes {
        return Vec::new();
    }
    let problem = Problem::new(
        Code::LintMessageTooLarge,
        format!(
            "the compiled template is {size} bytes, over the limit of {}",
            config.max_template_bytes
        ),
    )
    .help("shorten long texts or variables; the limit is `max_template_bytes` in ktpl.toml (Kakao documents none)");
    vec![located(problem, compiled, "", Part::Key, "this template")]
}

/// Counts the bytes of the compact JSON without building it.
struct ByteCount(usize);

impl std::io::Write for ByteCount {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
