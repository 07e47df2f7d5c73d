//! Stage 5, the only place that formats problems for people and machines.

pub mod exit;
pub mod human;
pub mod json;
