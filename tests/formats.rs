//! Machine output formats: SARIF validates against the SARIF 2.1.0 schema, GitHub
//! annotations are pinned, and every format reports the same problems.

use crate::harness::{ktpl, stdout};

const FOLDER: &str = "tests/fixtures/invalid/schema";

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let run = ktpl(&["check", "--format", "sarif", FOLDER], None);
    assert_eq!(run.status.code(), Some(1));
    let log = crate::harness::valid_sarif(&stdout(&run));

    let results = log["runs"][0]["results"].as_array().expect("results");
    let json = ktpl(&["check", "--format", "json", FOLDER], None);
    assert_eq!(results.len(), crate::harness::findings(&json).len());
    let first = &results[0];
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let index = usize::try_from(first["ruleIndex"].as_u64().expect("index")).expect("fits");
    assert_eq!(rules[index]["id"], first["ruleId"]);
    assert!(first["locations"][0]["physicalLocation"]["region"]["startLine"].is_u64());
}

#[test]
fn sarif_with_no_problems_is_still_a_log() {
    let run = ktpl(
        &[
            "check",
            "--format",
            "sarif",
            "examples/kakao-samples/text_kakao_docs.ktpl",
        ],
        None,
    );
    assert_eq!(run.status.code(), Some(0));
    let log: serde_json::Value = serde_json::from_str(&stdout(&run)).expect("SARIF is JSON");
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn github_annotations() {
    let run = ktpl(&["check", "--format", "github", FOLDER], None);
    assert_eq!(run.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&run));
}

#[test]
fn json_output_streams_a_valid_array_for_many_files() {
    let run = ktpl(&["check", "--format", "json", "tests/fixtures"], None);
    assert!(crate::harness::findings(&run).len() > 40);
    let empty = ktpl(
        &[
            "check",
            "--format",
            "json",
            "examples/kakao-samples/text_kakao_docs.ktpl",
        ],
        None,
    );
    assert!(crate::harness::findings(&empty).is_empty());
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let file = "tests/fixtures/invalid/compile/unknown_field.ktpl";
    let plain = stdout(&ktpl(&["check", file], None));
    assert!(!plain.contains('\u{1b}'), "no colour when piped");
    let forced = stdout(&ktpl(&["check", "--color", "always", file], None));
    assert!(forced.contains('\u{1b}'), "colour with --color always");
}

/// Every format's (line, column) for the first finding in `file`.
fn first_location_in_every_format(file: &str) -> Vec<(String, (u64, u64))> {
    let run = |format: &str| {
        stdout(&ktpl(
            &["check", "--color", "never", "--format", format, file],
            None,
        ))
    };
    let json = crate::harness::findings(&ktpl(
        &["check", "--color", "never", "--format", "json", file],
        None,
    ));
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).expect("sarif");
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    let github = run("github");
    let number = |text: &str, key: &str| -> u64 {
        let at = text.find(key).expect(key) + key.len();
        text[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .expect("number")
    };
    let human = run("human");
    let header = format!("[{file}:");
    let at = human.find(&header).expect("header") + header.len();
    let mut numbers = human[at..]
        .split([':', ']'])
        .map(|n| n.parse::<u64>().expect("number"));
    let human_location = (
        numbers.next().expect("line"),
        numbers.next().expect("column"),
    );
    vec![
        ("human".to_owned(), human_location),
        (
            "json".to_owned(),
            (
                json[0]["line"].as_u64().expect("line"),
                json[0]["column"].as_u64().expect("column"),
            ),
        ),
        (
            "sarif".to_owned(),
            (
                region["startLine"].as_u64().expect("line"),
                region["startColumn"].as_u64().expect("column"),
            ),
        ),
        (
            "github".to_owned(),
            (number(&github, "line="), number(&github, "col=")),
        ),
    ]
}

#[test]
fn every_format_counts_columns_in_characters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("korean.ktpl");
    // `http://` sits after four three-byte Hangul characters: column 21 in characters,
    // 29 in bytes.
    std::fs::write(
        &file,
        "text {\n  text \"가나다라\"  link \"http://example.com\"\n}\n",
    )
    .expect("write");
    let file = file.display().to_string();
    for (format, location) in first_location_in_every_format(&file) {
        assert_eq!(location, (2, 21), "{format}");
    }
    let sarif = stdout(&ktpl(&["check", "--format", "sarif", &file], None));
    let log: serde_json::Value = serde_json::from_str(&sarif).expect("sarif");
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
}
