//! Every input the fuzz targets were ever seeded with or crashed on, replayed on each
//! `cargo test` through the same entry points and assertions the targets run
//! (`fuzz/src/lib.rs`, included here), so a regression is caught without nightly Rust or
//! a fuzzing campaign. Timed fuzzing is `fuzz/run` (see `fuzz/README.md`). Also: the
//! fuzz crate's lock file stays in step with the main one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::harness::{files_under, repo};

#[allow(unreachable_pub, dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz_checks;

/// The inputs saved for a target under `fuzz/regressions/<target>/` (every crash a run
/// found); the folder must be there.
fn regressions(target: &str) -> Vec<PathBuf> {
    let dir = repo(&format!("fuzz/regressions/{target}"));
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("regression folder {}: {error}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.file_name().is_some_and(|name| name != ".keep"))
        .collect();
    files.sort();
    files
}

fn bytes(path: &PathBuf) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Runs a target that takes text as libFuzzer does: input that is not UTF-8 is skipped.
fn on_text(path: &PathBuf, target: fn(&str)) {
    if let Ok(text) = std::str::from_utf8(&bytes(path)) {
        target(text);
    }
}

#[test]
fn every_saved_crash_is_replayed_through_its_target() {
    let mut replayed = 0;
    for path in regressions("ktpl_source") {
        on_text(&path, fuzz_checks::ktpl_source);
        replayed += 1;
    }
    for path in regressions("json_source") {
        on_text(&path, fuzz_checks::json_source);
        replayed += 1;
    }
    for path in regressions("check_bytes") {
        fuzz_checks::check_bytes(&bytes(&path));
        replayed += 1;
    }
    for path in regressions("config") {
        on_text(&path, fuzz_checks::config);
        replayed += 1;
    }
    // The four crashes fuzz/README.md lists; more only ever get added.
    assert!(replayed >= 4, "only {replayed} saved crashes found");
}

/// The seeds `fuzz/seed` gives each target: the examples and test fixtures, and the
/// config seeds.
#[test]
fn every_seed_passes_the_fuzz_assertions() {
    let ktpl = [
        files_under("examples", &["ktpl"]),
        files_under("tests/fixtures", &["ktpl"]),
    ]
    .concat();
    let json = [
        files_under("examples", &["json"]),
        files_under("tests/fixtures", &["json"]),
    ]
    .concat();
    let config = [
        files_under("fuzz/seeds/config", &["toml"]),
        files_under("tests/fixtures", &["toml"]),
    ]
    .concat();
    assert!(
        ktpl.len() > 50 && json.len() > 10 && config.len() > 3,
        "seeds missing: {} ktpl, {} json, {} toml",
        ktpl.len(),
        json.len(),
        config.len()
    );
    for path in &ktpl {
        on_text(path, fuzz_checks::ktpl_source);
        fuzz_checks::check_bytes(&[&[0][..], &bytes(path)].concat());
    }
    for path in &json {
        on_text(path, fuzz_checks::json_source);
        fuzz_checks::check_bytes(&[&[1][..], &bytes(path)].concat());
    }
    for path in &config {
        on_text(path, fuzz_checks::config);
    }
}

/// Every package's versions in a lock file.
fn locked(path: &str) -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(repo(path)).expect("lock file");
    let lock: toml::Table = toml::from_str(&text).expect("lock file is TOML");
    let mut versions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for package in lock["package"].as_array().expect("packages") {
        let field = |key: &str| package[key].as_str().expect(key).to_owned();
        versions
            .entry(field("name"))
            .or_default()
            .insert(field("version"));
    }
    versions
}

/// The fuzz crate builds ktpl with the same dependency versions the tests run, so a
/// crash it finds is one the shipped build has.
#[test]
fn the_fuzz_lock_uses_the_main_locks_versions() {
    let main = locked("Cargo.lock");
    let fuzz = locked("fuzz/Cargo.lock");
    let apart: Vec<String> = fuzz
        .iter()
        .filter(|(name, versions)| {
            main.get(*name)
                .is_some_and(|main_versions| !versions.is_subset(main_versions))
        })
        .map(|(name, versions)| format!("{name} {versions:?} (main: {:?})", main[name]))
        .collect();
    assert!(
        apart.is_empty(),
        "fuzz/Cargo.lock differs from Cargo.lock; copy Cargo.lock over it and run \
         `cargo metadata --manifest-path fuzz/Cargo.toml`: {apart:#?}"
    );
    assert!(fuzz.contains_key("libfuzzer-sys") && fuzz.contains_key("ktpl"));
}
