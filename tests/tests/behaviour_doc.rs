//! `docs/BEHAVIOUR.md` names the tests that prove each operation and rule. This checks that the
//! document's operation table has a row for every operation of the model, and that every test
//! the document names (`file::test`, meaning `tests/tests/file.rs`) exists as a test there.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the workspace")
        .to_path_buf()
}

fn behaviour_doc() -> String {
    let path = workspace_root().join("docs/BEHAVIOUR.md");
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Every `` `file::name` `` span of the document (file and name in lower-case identifiers).
fn test_references(doc: &str) -> BTreeSet<(String, String)> {
    doc.split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|span| {
            let (file, name) = span.split_once("::")?;
            let is_ident = |text: &str| {
                !text.is_empty()
                    && text
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            };
            (is_ident(file) && is_ident(name)).then(|| (file.to_owned(), name.to_owned()))
        })
        .collect()
}

/// The test functions of a test file: `fn name` right after a `#[test]` or `#[tokio::test]`.
fn tests_in(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut after_test_attribute = false;
    for line in source.lines().map(str::trim) {
        if line == "#[test]" || line == "#[tokio::test]" {
            after_test_attribute = true;
            continue;
        }
        if after_test_attribute && !line.starts_with("#[") {
            let name = line
                .strip_prefix("async fn ")
                .or_else(|| line.strip_prefix("fn "))
                .and_then(|rest| rest.split(['(', '<']).next());
            if let Some(name) = name {
                names.insert(name.to_owned());
            }
            after_test_attribute = false;
        }
    }
    names
}

#[test]
fn every_test_the_behaviour_doc_names_exists() {
    let doc = behaviour_doc();
    let references = test_references(&doc);
    let test_dir = workspace_root().join("tests/tests");
    let mut checked = 0;
    let mut missing = Vec::new();
    for (file, name) in &references {
        let path = test_dir.join(format!("{file}.rs"));
        // `a::b` spans that name no test file are code paths, not test references.
        let Ok(source) = fs::read_to_string(&path) else {
            continue;
        };
        checked += 1;
        if !tests_in(&source).contains(name) {
            missing.push(format!("{file}::{name}"));
        }
    }
    assert!(
        missing.is_empty(),
        "tests named in docs/BEHAVIOUR.md that do not exist: {missing:#?}"
    );
    assert!(
        checked >= 100,
        "only {checked} test references found: is the format still `file::test`?"
    );
}

#[test]
fn the_operation_table_has_a_row_for_every_operation_of_the_model() {
    let model: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(workspace_root().join("model/secretsmanager.json")).expect("model"),
    )
    .expect("model JSON");
    let operations: Vec<String> = model["shapes"]
        .as_object()
        .expect("shapes")
        .values()
        .find(|shape| shape["type"] == "service")
        .and_then(|service| service["operations"].as_array())
        .expect("service operations")
        .iter()
        .map(|operation| {
            let target = operation["target"].as_str().expect("target");
            target.rsplit('#').next().expect("shape name").to_owned()
        })
        .collect();
    assert_eq!(operations.len(), 26);

    let doc = behaviour_doc();
    let rows: BTreeSet<&str> = doc
        .lines()
        .filter_map(|line| line.strip_prefix("| "))
        .filter_map(|line| line.split(" |").next())
        .collect();
    let missing: Vec<&String> = operations
        .iter()
        .filter(|operation| !rows.contains(operation.as_str()))
        .collect();
    assert!(missing.is_empty(), "operations without a row: {missing:?}");
}
