//! Stage 5, the only place that formats problems for people and machines.

pub(crate) mod exit;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
