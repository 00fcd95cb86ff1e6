//! `cargo run -p codegen -- model.json`: prints the code generated from a Smithy model.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: codegen <model.json>");
        return ExitCode::from(2);
    };
    let model = match std::fs::read_to_string(&path) {
        Ok(model) => model,
        Err(error) => {
            eprintln!("cannot read {}: {error}", path.to_string_lossy());
            return ExitCode::FAILURE;
        }
    };
    match codegen::generate(&model) {
        Ok(source) => {
            print!("{source}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{}: {error}", path.to_string_lossy());
            ExitCode::FAILURE
        }
    }
}
