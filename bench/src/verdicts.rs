//! The targets of DESIGN.md section 4, judged on one run's results.

use crate::plan::{GET_CONCURRENCY, SECRET_COUNTS};
use crate::ratios;
use crate::results::{LoadRow, TargetResults};
use std::time::Duration;

const MIN_SHARE_OF_CEILING: f64 = 0.80;
const MIN_TIMES_MOTO: f64 = 50.0;
const MAX_LIST_PAGE: Duration = Duration::from_millis(2);
const MAX_BYTES_PER_SECRET: f64 = 2048.0;
const MAX_IDLE_RESIDENT: u64 = 10 * 1024 * 1024;
const MAX_STARTUP: Duration = Duration::from_millis(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Pass,
    Fail,
    /// The figure is missing (moto left out, an operation that failed on the other server).
    NotMeasured,
}

#[derive(Debug)]
pub(crate) struct Verdict {
    pub outcome: Outcome,
    pub target: String,
    pub measured: String,
}

impl Verdict {
    fn new(target: String, passed: Option<bool>, measured: String) -> Self {
        let outcome = match passed {
            Some(true) => Outcome::Pass,
            Some(false) => Outcome::Fail,
            None => Outcome::NotMeasured,
        };
        Self {
            outcome,
            target,
            measured,
        }
    }
}

/// Every target, in the order of DESIGN.md. A figure of ours that is missing fails its target:
/// an operation that does not answer is not fast.
pub(crate) fn judge(
    ours: &TargetResults,
    ceiling: &TargetResults,
    moto: Option<&TargetResults>,
) -> Vec<Verdict> {
    let mut verdicts = Vec::new();
    for concurrency in GET_CONCURRENCY {
        let row = LoadRow::GetSecretValue { concurrency };
        let ours_throughput = throughput(ours, row);
        let share = compare(ours, ceiling, row);
        verdicts.push(Verdict::new(
            format!(
                "GetSecretValue at concurrency {concurrency}: >= 80% of the ceiling's throughput"
            ),
            decide(ours_throughput, share, |share| {
                share >= MIN_SHARE_OF_CEILING
            }),
            share.map_or("not measured".to_owned(), |share| {
                format!("{:.0}%", share * 100.0)
            }),
        ));
    }
    for concurrency in GET_CONCURRENCY {
        let row = LoadRow::GetSecretValue { concurrency };
        let ours_throughput = throughput(ours, row);
        let times = moto.and_then(|moto| compare(ours, moto, row));
        verdicts.push(Verdict::new(
            format!("GetSecretValue at concurrency {concurrency}: >= 50x moto's throughput"),
            decide(ours_throughput, times, |times| times >= MIN_TIMES_MOTO),
            times.map_or("not measured".to_owned(), |times| format!("{times:.1}x")),
        ));
        let ours_p99 = p99(ours, row);
        let moto_p99 = moto.and_then(|moto| p99(moto, row));
        verdicts.push(Verdict::new(
            format!("GetSecretValue at concurrency {concurrency}: lower p99 than moto"),
            decide(ours_p99, ours_p99.zip(moto_p99), |(ours, moto)| ours < moto),
            match (ours_p99, moto_p99) {
                (Some(ours), Some(moto)) => format!("{ours:.2?} vs {moto:.2?}"),
                _ => "not measured".to_owned(),
            },
        ));
    }
    let largest = SECRET_COUNTS[SECRET_COUNTS.len() - 1];
    for filtered in [false, true] {
        let row = LoadRow::ListSecrets {
            secrets: largest,
            filtered,
        };
        let page = p99(ours, row);
        let filter = if filtered { ", name filter" } else { "" };
        verdicts.push(Verdict::new(
            format!("ListSecrets over {largest} secrets{filter}: a page in under 2 ms (p99)"),
            Some(page.is_some_and(|page| page < MAX_LIST_PAGE)),
            page.map_or("not measured".to_owned(), |page| format!("{page:.2?}")),
        ));
    }
    let per_secret = ours.bytes_per_secret();
    verdicts.push(Verdict::new(
        "Memory: under 2 KiB per stored secret beyond its value".to_owned(),
        Some(per_secret.is_some_and(|bytes| bytes < MAX_BYTES_PER_SECRET)),
        per_secret.map_or("not measured".to_owned(), |bytes| format!("{bytes:.0} B")),
    ));
    let idle = ours.idle.map(|memory| memory.resident);
    verdicts.push(Verdict::new(
        "Idle: under 10 MiB resident".to_owned(),
        Some(idle.is_some_and(|bytes| bytes < MAX_IDLE_RESIDENT)),
        idle.map_or("not measured".to_owned(), |bytes| {
            format!("{:.1} MiB", bytes as f64 / 1024.0 / 1024.0)
        }),
    ));
    let startup = ours.startup.as_ref().ok();
    verdicts.push(Verdict::new(
        "Start-up to first answered request under 20 ms (median)".to_owned(),
        Some(startup.is_some_and(|time| *time < MAX_STARTUP)),
        startup.map_or("not measured".to_owned(), |time| format!("{time:.1?}")),
    ));
    verdicts
}

/// Fails when our own figure is missing; not measured when only the comparison's is.
fn decide<T, C>(ours: Option<T>, compared: Option<C>, passes: impl Fn(C) -> bool) -> Option<bool> {
    match (ours, compared) {
        (None, _) => Some(false),
        (Some(_), None) => None,
        (Some(_), Some(compared)) => Some(passes(compared)),
    }
}

fn throughput(results: &TargetResults, row: LoadRow) -> Option<f64> {
    results
        .load(row)
        .filter(|result| result.successes > 0)
        .map(|result| result.throughput())
}

fn p99(results: &TargetResults, row: LoadRow) -> Option<Duration> {
    results.load(row)?.latency.map(|latency| latency.p99)
}

/// Ours ÷ other throughput, paired round by round.
fn compare(ours: &TargetResults, other: &TargetResults, row: LoadRow) -> Option<f64> {
    ratios::throughput(ours.load(row)?, other.load(row)?)
}
