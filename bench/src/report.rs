//! The printed table: one row per measurement, one column per server, and the ratios; then the
//! targets and the notes.

use crate::format;
use crate::load::LoadResult;
use crate::plan::{
    BUSY_CONCURRENCY, GET_CONCURRENCY, LIST_CONCURRENCY, PAGE_SIZE, Plan, SECRET_COUNTS,
};
use crate::ratios;
use crate::results::{LoadRow, TargetResults};
use crate::verdicts::{self, Outcome};
use crate::workloads::SECRET_VALUE;
use std::time::Duration;

const MIB: f64 = 1024.0 * 1024.0;

/// A row of the table.
#[derive(Debug, Clone, Copy)]
enum Line {
    Startup,
    IdleMemory,
    LoadedMemory,
    BytesPerSecret,
    Load(LoadRow),
}

fn lines() -> Vec<Line> {
    let mut lines = vec![
        Line::Startup,
        Line::IdleMemory,
        Line::LoadedMemory,
        Line::BytesPerSecret,
    ];
    for concurrency in GET_CONCURRENCY {
        lines.push(Line::Load(LoadRow::GetSecretValue { concurrency }));
    }
    lines.push(Line::Load(LoadRow::DescribeSecret));
    lines.push(Line::Load(LoadRow::CreateSecret));
    lines.push(Line::Load(LoadRow::PutSecretValue));
    for secrets in SECRET_COUNTS {
        for filtered in [false, true] {
            lines.push(Line::Load(LoadRow::ListSecrets { secrets, filtered }));
        }
    }
    lines
}

/// Prints the table, the targets' verdicts and the notes.
pub(crate) fn print(
    plan: &Plan,
    ours: &TargetResults,
    ceiling: &TargetResults,
    moto: Result<&TargetResults, &String>,
) {
    print_table(plan, ours, ceiling, moto.ok());
    print_verdicts(ours, ceiling, moto.ok());
    let mut notes: Vec<String> = Vec::new();
    if let Err(reason) = moto {
        notes.push(format!("moto was not measured: {reason}"));
    }
    for results in [Some(ours), Some(ceiling), moto.ok()].into_iter().flatten() {
        notes.extend(results.notes.iter().cloned());
    }
    if !notes.is_empty() {
        println!();
        println!("Notes:");
        for note in notes {
            println!("  - {note}");
        }
    }
}

fn print_table(
    plan: &Plan,
    ours: &TargetResults,
    ceiling: &TargetResults,
    moto: Option<&TargetResults>,
) {
    let mut table = vec![[
        "measurement".to_owned(),
        "ours".to_owned(),
        "ceiling (axum + HashMap)".to_owned(),
        "moto".to_owned(),
        "ours/ceiling".to_owned(),
        "ours/moto".to_owned(),
    ]];
    for line in lines() {
        table.push([
            label(line, plan),
            cell(ours, line),
            cell(ceiling, line),
            moto.map_or("skipped".to_owned(), |moto| cell(moto, line)),
            format::ratio(ratio(ours, ceiling, line)),
            format::ratio(moto.and_then(|moto| ratio(ours, moto, line))),
        ]);
    }
    println!();
    format::print_markdown(&table);
    println!();
    println!(
        "Latencies are per request, from sending it to reading the whole answer, one keep-alive \
         connection per concurrent worker; CPU is the server's user + system time per request \
         (from /proc/<pid>/stat). ListSecrets rows walk all pages (MaxResults {PAGE_SIZE}) \
         with NextToken, {LIST_CONCURRENCY} request at a time; the name filter matches a tenth \
         of the secrets. Ratios are ours / other: throughput (higher is better) for request \
         rows, p50 for ListSecrets rows and the figure itself for the first four (lower is \
         better for both). The servers take turns in {} rounds per row; a load row's ratio is \
         the median of the per-round ratios, so it can differ a little from the cells' \
         quotient.",
        plan.rounds
    );
}

fn print_verdicts(ours: &TargetResults, ceiling: &TargetResults, moto: Option<&TargetResults>) {
    println!();
    println!("Targets (DESIGN.md section 4):");
    for verdict in verdicts::judge(ours, ceiling, moto) {
        let outcome = match verdict.outcome {
            Outcome::Pass => "PASS",
            Outcome::Fail => "FAIL",
            Outcome::NotMeasured => "N/A ",
        };
        println!("  {outcome}  {}: {}", verdict.target, verdict.measured);
    }
}

fn label(line: Line, plan: &Plan) -> String {
    let largest = SECRET_COUNTS[SECRET_COUNTS.len() - 1];
    match line {
        Line::Startup => format!("start-up to first answer (median of {})", plan.startups),
        Line::IdleMemory => "RSS idle after start".to_owned(),
        Line::LoadedMemory => format!("RSS with {largest} secrets (now / peak VmHWM)"),
        Line::BytesPerSecret => format!(
            "memory per secret beyond its {}-byte value",
            SECRET_VALUE.len()
        ),
        Line::Load(LoadRow::GetSecretValue { concurrency }) => {
            format!("GetSecretValue, concurrency {concurrency}")
        }
        Line::Load(LoadRow::DescribeSecret) => {
            format!("DescribeSecret, concurrency {BUSY_CONCURRENCY}")
        }
        Line::Load(LoadRow::CreateSecret) => {
            format!("CreateSecret, concurrency {BUSY_CONCURRENCY}")
        }
        Line::Load(LoadRow::PutSecretValue) => {
            format!("PutSecretValue, concurrency {BUSY_CONCURRENCY}")
        }
        Line::Load(LoadRow::ListSecrets { secrets, filtered }) => {
            let filter = if filtered { ", name filter" } else { "" };
            format!("ListSecrets page, {secrets} secrets{filter}")
        }
    }
}

fn cell(results: &TargetResults, line: Line) -> String {
    match line {
        Line::Startup => match &results.startup {
            Ok(time) => format::duration(*time),
            Err(reason) => format!("failed: {reason}"),
        },
        Line::IdleMemory => results.idle.map_or("—".to_owned(), |memory| {
            format!("{:.1} MiB", memory.resident as f64 / MIB)
        }),
        Line::LoadedMemory => results
            .loaded
            .map_or("—".to_owned(), |(population, memory)| {
                let partial = if population.reached < population.wanted {
                    format!(" ({} secrets)", population.reached)
                } else {
                    String::new()
                };
                format!(
                    "{:.1} / {:.1} MiB{partial}",
                    memory.resident as f64 / MIB,
                    memory.peak as f64 / MIB
                )
            }),
        Line::BytesPerSecret => results
            .bytes_per_secret()
            .map_or("—".to_owned(), |bytes| format!("{bytes:.0} B")),
        Line::Load(row) => results.load(row).map_or("—".to_owned(), format_load),
    }
}

/// Ours ÷ other: paired round by round for load rows (see `ratios`), the figures themselves
/// for the rest.
fn ratio(ours: &TargetResults, other: &TargetResults, line: Line) -> Option<f64> {
    let figure = |results: &TargetResults| match line {
        Line::Startup => results.startup.as_ref().ok().map(Duration::as_secs_f64),
        Line::IdleMemory => results.idle.map(|memory| memory.resident as f64),
        Line::LoadedMemory => results.loaded.map(|(_, memory)| memory.peak as f64),
        Line::BytesPerSecret => results.bytes_per_secret(),
        Line::Load(_) => None,
    };
    match line {
        Line::Load(row @ LoadRow::ListSecrets { .. }) => {
            ratios::p50(ours.load(row)?, other.load(row)?)
        }
        Line::Load(row) => ratios::throughput(ours.load(row)?, other.load(row)?),
        _ => {
            let (ours, other) = (figure(ours)?, figure(other)?);
            (other > 0.0).then(|| ours / other)
        }
    }
}

fn format_load(result: &LoadResult) -> String {
    let Some(latency) = result.latency else {
        return "failed (see notes)".to_owned();
    };
    let errors = if result.errors > 0 {
        format!(", {} errors", result.errors)
    } else {
        String::new()
    };
    let cpu = result.cpu_per_request().map_or(String::new(), |cpu| {
        format!(", {:.0} µs CPU", cpu.as_secs_f64() * 1e6)
    });
    format!(
        "{}/s, p50 {}, p99 {}{cpu}{errors}",
        format::thousands(result.throughput()),
        format::duration(latency.p50),
        format::duration(latency.p99)
    )
}
