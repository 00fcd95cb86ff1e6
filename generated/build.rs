//! Generates the crate's source from the Smithy model at build time.

use std::path::{Path, PathBuf};

fn main() {
    let model_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/secretsmanager.json");
    println!("cargo:rerun-if-changed={}", model_path.display());
    let model = std::fs::read_to_string(&model_path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", model_path.display()));
    let source = codegen::generate(&model).unwrap_or_else(|error| {
        panic!(
            "cannot generate code from {}: {error}",
            model_path.display()
        )
    });
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let out_file = out_dir.join("secretsmanager.rs");
    // Rewriting identical content would make cargo rebuild dependents for nothing.
    if std::fs::read_to_string(&out_file).ok().as_deref() != Some(source.as_str()) {
        std::fs::write(&out_file, source)
            .unwrap_or_else(|error| panic!("cannot write {}: {error}", out_file.display()));
    }
}
