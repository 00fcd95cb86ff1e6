//! `cargo run --release -p bench --bin bench [-- --quick] [-- --skip-moto]`: builds and starts the
//! emulator, a minimal axum server (the ceiling) and moto's server, drives each over HTTP on
//! loopback and prints one table with the ratios and the targets of DESIGN.md section 4.

use bench::{Options, ceiling};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let options = Options::parse();
    match options.serve_ceiling {
        // The bench re-executes itself in this mode so that the ceiling server is a process of
        // its own, whose memory and start-up are measured exactly as the emulator's are.
        Some(port) => ceiling::serve_blocking(port),
        None => bench::run(&options),
    }
}
