//! `ktpl._ktpl`: the native half of the Python package `ktpl` (`python/ktpl/`).
//!
//! Each function takes Python strings and paths, does its work with the GIL released
//! (so threads check templates in parallel), and returns JSON text that the Python half
//! turns into dicts and exceptions. All calls into ktpl are in [`facade`].

mod facade;

use std::path::PathBuf;

use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;

use facade::{Outcome, ReadError, Vars};

pyo3::create_exception!(
    _ktpl,
    SourceProblem,
    PyException,
    "A source that is not a template (not UTF-8, or syntax errors for `format`); args[0] is a JSON array of findings."
);
pyo3::create_exception!(
    _ktpl,
    ConfigProblem,
    PyException,
    "A `ktpl.toml` that cannot be used; args[0] is a JSON array of findings."
);

/// What a check returns to Python: (template JSON or None, findings JSON, has errors).
type Checked = (Option<String>, String, bool);

fn into_tuple(outcome: Outcome) -> Checked {
    (outcome.template, outcome.findings, outcome.has_errors)
}

/// Checks a source given as text. `json`: True raw JSON, False ktpl, None sniffed.
#[pyfunction]
#[pyo3(signature = (text, name, vars, config=None, json=None))]
fn check_text(
    py: Python<'_>,
    text: String,
    name: String,
    vars: Vars,
    config: Option<PathBuf>,
    json: Option<bool>,
) -> PyResult<Checked> {
    py.detach(move || {
        let config = facade::config_from(config.as_deref()).map_err(ConfigProblem::new_err)?;
        let source = facade::source_from_text(name, text, json);
        Ok(into_tuple(facade::check(&source, &vars, &config)))
    })
}

/// Checks a template file with the nearest `ktpl.toml` (or `config`). Raises `OSError`
/// when it cannot be read, `SourceProblem` when it is not UTF-8 text.
#[pyfunction]
#[pyo3(signature = (path, vars, config=None))]
fn check_file(
    py: Python<'_>,
    path: PathBuf,
    vars: Vars,
    config: Option<PathBuf>,
) -> PyResult<Checked> {
    py.detach(move || {
        let config =
            facade::config_for(&path, config.as_deref()).map_err(ConfigProblem::new_err)?;
        let source = facade::source_from_path(&path).map_err(|error| match error {
            ReadError::Io(error) => PyErr::from(error),
            ReadError::Findings(findings) => SourceProblem::new_err(findings),
        })?;
        Ok(into_tuple(facade::check(&source, &vars, &config)))
    })
}

/// Checks a template already in memory, given as JSON text.
#[pyfunction]
#[pyo3(signature = (json, name, config=None))]
fn check_value(
    py: Python<'_>,
    json: String,
    name: String,
    config: Option<PathBuf>,
) -> PyResult<Checked> {
    py.detach(move || {
        let config = facade::config_from(config.as_deref()).map_err(ConfigProblem::new_err)?;
        facade::check_value(&name, &json, &config)
            .map(into_tuple)
            .map_err(PyValueError::new_err)
    })
}

/// `ktpl fmt` on one ktpl text; `SourceProblem` on syntax errors.
#[pyfunction]
fn format(py: Python<'_>, text: String, name: String) -> PyResult<String> {
    py.detach(move || facade::format(&name, &text).map_err(SourceProblem::new_err))
}

/// The native half of `ktpl`; use the `ktpl` package, not this module.
#[pymodule]
mod _ktpl {
    #[pymodule_export]
    use super::{ConfigProblem, SourceProblem, check_file, check_text, check_value, format};

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods as _;
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
