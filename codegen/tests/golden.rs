//! Golden files: each fixture model and the project's full model, generated and compared with the
//! committed output. `UPDATE_GOLDEN=1 cargo test -p codegen --test golden` refreshes them (never
//! under `CI`), so every generator or model change shows its generated diff in review.

use std::path::{Path, PathBuf};

const FIXTURES: &[&str] = &["minimal", "constraints", "naming", "sensitive_and_unit"];

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn full_model_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/secretsmanager.json")
}

fn generate_from(model_path: &Path) -> String {
    let model = std::fs::read_to_string(model_path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", model_path.display()));
    codegen::generate(&model).unwrap_or_else(|error| panic!("{}: {error}", model_path.display()))
}

fn assert_golden(model_path: &Path, golden_name: &str) {
    let golden_path = tests_dir().join("golden").join(format!("{golden_name}.rs"));
    let generated = generate_from(model_path);
    let refresh = std::env::var_os("UPDATE_GOLDEN").is_some() && std::env::var_os("CI").is_none();
    if refresh {
        std::fs::write(&golden_path, &generated).expect("write the golden file");
        return;
    }
    let committed = std::fs::read_to_string(&golden_path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: the generator's output for {} changed. Review the difference, then run \
         `UPDATE_GOLDEN=1 cargo test -p codegen --test golden` to refresh it.",
        golden_path.display(),
        model_path.display(),
    );
}

#[test]
fn fixture_goldens_are_current() {
    for fixture in FIXTURES {
        assert_golden(
            &tests_dir().join("fixtures").join(format!("{fixture}.json")),
            fixture,
        );
    }
}

#[test]
fn the_full_model_golden_is_current() {
    assert_golden(&full_model_path(), "secretsmanager");
}

#[test]
fn the_full_model_golden_is_what_build_rs_writes() {
    // generated/build.rs calls the same function on the same file: equal input, equal output.
    let golden =
        std::fs::read_to_string(tests_dir().join("golden/secretsmanager.rs")).unwrap_or_default();
    assert_eq!(golden, generate_from(&full_model_path()));
}

#[test]
fn generation_is_deterministic() {
    let model = std::fs::read_to_string(full_model_path()).expect("read the model");
    let first = codegen::generate(&model).expect("generate");
    for _ in 0..3 {
        assert_eq!(codegen::generate(&model).expect("generate"), first);
    }
}

#[test]
fn every_pattern_of_the_model_compiles_as_a_regex() {
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(full_model_path()).expect("read the model"))
            .expect("the model is JSON");
    let shapes = model["shapes"].as_object().expect("shapes");
    let patterns: Vec<&str> = shapes
        .values()
        .filter_map(|shape| shape["traits"]["smithy.api#pattern"].as_str())
        .collect();
    assert!(!patterns.is_empty());
    for pattern in patterns {
        assert!(
            regex::Regex::new(pattern).is_ok(),
            "pattern {pattern} does not compile"
        );
    }
}
