//! The benchmark's command-line options.

use clap::Parser;

/// Benchmarks the Secrets Manager emulator against a minimal axum server (the ceiling) and
/// moto's server, over HTTP on loopback, and prints one table.
#[derive(Debug, Parser)]
#[command(name = "bench")]
pub struct Options {
    /// A short run (well under a minute without moto): shorter time boxes, fewer start-ups.
    #[arg(long)]
    pub quick: bool,

    /// Leave moto out: no Python virtualenv, no moto server.
    #[arg(long)]
    pub skip_moto: bool,

    /// Benchmark this emulator binary (one built from an earlier commit, to compare two builds
    /// by their ratios to the ceiling) instead of building the workspace's.
    #[arg(long, value_name = "PATH")]
    pub emulator: Option<std::path::PathBuf>,

    /// Serve the ceiling server on this port instead of benchmarking (the bench starts itself
    /// this way).
    #[arg(long, value_name = "PORT", hide = true)]
    pub serve_ceiling: Option<u16>,
}
