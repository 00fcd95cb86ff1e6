//! End-to-end tests live in `tests/`. The library holds the performance benchmark, run with
//! `cargo run --release -p tests --bin bench` (see `docs/BENCHMARK.md`).

pub mod bench;
