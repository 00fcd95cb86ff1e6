//! Fuzzes the dispatch path (decode, validate, operate, encode) with sequences of requests.
//!
//! An input is lines, one request each: the first byte picks the operation (`a` is the first of
//! `generated::Operation::ALL`, `b` the second, and so on, modulo their number), the second the
//! caller (`0`..`3`: two accounts in two regions; `A`..`Z`: 1 to 26 days pass first, then the
//! caller is `0`), and the rest of the line is the body, as bytes. Each input runs on a fresh
//! emulator. Nothing may panic; every response must be a success or an AWS-shaped HTTP 400; a
//! rejected request must leave the store as it was; the store's invariants must hold at the end.

#![no_main]

use generated::Operation;
use libfuzzer_sys::fuzz_target;
use service::Emulator;
use service::invariants::check_response;
use std::sync::LazyLock;

const CALLERS: [(&str, &str); 4] = [
    ("000000000000", "us-east-1"),
    ("000000000000", "eu-west-1"),
    ("111111111111", "us-east-1"),
    ("111111111111", "eu-west-1"),
];

/// Enough for interesting sequences; more only slows each run down.
const MAX_REQUESTS: usize = 32;

/// The operations never wait: a current-thread runtime built once only polls them.
static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread tokio runtime")
});

fuzz_target!(|data: &[u8]| {
    let emulator = Emulator::new();
    for line in data.split(|byte| *byte == b'\n').take(MAX_REQUESTS) {
        let [operation, caller, body @ ..] = line else {
            continue;
        };
        let operation =
            Operation::ALL[usize::from(operation.wrapping_sub(b'a')) % Operation::ALL.len()];
        let caller = match caller {
            b'A'..=b'Z' => {
                let days = i64::from(caller - b'A' + 1);
                emulator.clock().advance_millis(days * 86_400_000);
                0
            }
            other => usize::from(other.wrapping_sub(b'0')) % CALLERS.len(),
        };
        let before = emulator.observable_state();
        let (status, response) = RUNTIME.block_on(dispatch(&emulator, operation, caller, body));
        if let Err(problem) = check_response(status, &response) {
            panic!(
                "{} {:?}: {problem}",
                operation.name(),
                String::from_utf8_lossy(body)
            );
        }
        if status == 400 && emulator.observable_state() != before {
            panic!(
                "{} {:?} was rejected ({}) but changed the store",
                operation.name(),
                String::from_utf8_lossy(body),
                String::from_utf8_lossy(&response)
            );
        }
    }
    if let Err(broken) = emulator.check_invariants() {
        panic!("store invariant broken: {broken}");
    }
});

async fn dispatch(
    emulator: &Emulator,
    operation: Operation,
    caller: usize,
    body: &[u8],
) -> (u16, Vec<u8>) {
    let (account, region) = CALLERS[caller];
    emulator.dispatch_raw(operation, account, region, body).await
}
