//! The measurements, run the same way against every server. The servers take turns within each
//! measurement (one slice each, then again), so noise from the rest of the machine falls on all
//! of them alike and the ratios stay fair.

use crate::latency::median;
use crate::load::{self, LoadResult, Workload};
use crate::plan::{BUSY_CONCURRENCY, GET_CONCURRENCY, LIST_CONCURRENCY, Plan, SECRET_COUNTS};
use crate::results::{LoadRow, Population, TargetResults};
use crate::server_process::{ServerProcess, free_address};
use crate::targets::Target;
use crate::workloads::{Creates, Describes, FILTER_PREFIX, GetValues, PageWalk, Puts, Seed, Slot};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How long a freshly started server is left alone before its idle memory is read: long enough
/// for start-up work that runs after the first answer (a runtime's lazy threads) to be counted.
const SETTLE: Duration = Duration::from_millis(300);

/// One load row: what, how many workers, how long in all.
#[derive(Debug, Clone, Copy)]
struct Measurement {
    row: LoadRow,
    concurrency: usize,
    budget: Duration,
}

/// One server being measured.
struct Subject<'a> {
    target: &'a Target,
    /// The long-running instance all load measurements use; `None` if it did not start.
    server: Option<ServerProcess>,
    /// How many seeded secrets it holds.
    stored: usize,
    /// Seeded names `0..seeded_until` were created (some may have failed): the workloads pick
    /// names from this range.
    seeded_until: usize,
    startups: Vec<Duration>,
    /// Why a start failed; no further starts are tried then.
    startup_failure: Option<String>,
    results: TargetResults,
}

impl<'a> Subject<'a> {
    fn new(target: &'a Target) -> Self {
        Self {
            target,
            server: None,
            stored: 0,
            seeded_until: 0,
            startups: Vec::new(),
            startup_failure: None,
            results: TargetResults::default(),
        }
    }

    fn note(&mut self, note: String) {
        self.results
            .notes
            .push(format!("{}: {note}", self.target.name()));
    }
}

/// Runs every measurement against every target and returns their results in the same order.
/// Failures become notes, never a panic, so one broken operation still leaves the rest of the
/// table.
pub(crate) async fn measure(targets: &[&Target], plan: &Plan) -> Vec<TargetResults> {
    let mut subjects: Vec<Subject> = targets.iter().map(|target| Subject::new(target)).collect();
    measure_startups(&mut subjects, plan).await;
    start_servers(&mut subjects).await;
    for wanted in SECRET_COUNTS {
        measure_store_of(wanted, &mut subjects, plan).await;
    }
    measure_operations(&mut subjects, plan).await;
    for subject in &mut subjects {
        if let Some(status) = subject.server.as_mut().and_then(ServerProcess::exit_status) {
            subject.note(format!("the server died during the run ({status})"));
        }
    }
    subjects
        .into_iter()
        .map(|subject| subject.results)
        .collect()
}

/// The median time from spawn to first answer, over `plan.startups` fresh processes each, the
/// servers taking turns.
async fn measure_startups(subjects: &mut [Subject<'_>], plan: &Plan) {
    progress(&format!(
        "start-up, median of {} starts each",
        plan.startups
    ));
    for _ in 0..plan.startups {
        for subject in subjects.iter_mut() {
            time_one_start(subject).await;
        }
    }
    for subject in subjects.iter_mut() {
        let times = std::mem::take(&mut subject.startups);
        subject.results.startup = match subject.startup_failure.take() {
            Some(reason) => Err(reason),
            None => median(times).ok_or_else(|| "no start measured".to_owned()),
        };
    }
}

/// Starts the long-running instances and reads their idle memory.
async fn start_servers(subjects: &mut [Subject<'_>]) {
    for subject in subjects.iter_mut() {
        match start(subject.target).await {
            Ok((server, _)) => subject.server = Some(server),
            Err(reason) => subject.note(format!("could not be started: {reason}")),
        }
    }
    tokio::time::sleep(SETTLE).await;
    for subject in subjects.iter_mut() {
        subject.results.idle = subject
            .server
            .as_ref()
            .and_then(|server| server.memory().ok());
    }
}

/// Fills every store to `wanted` secrets, reads memory at the largest size, and measures
/// ListSecrets pages over that many secrets, with and without a name filter.
async fn measure_store_of(wanted: usize, subjects: &mut [Subject<'_>], plan: &Plan) {
    let largest = SECRET_COUNTS[SECRET_COUNTS.len() - 1];
    for subject in subjects.iter_mut() {
        progress(&format!(
            "{}: filling the store to {wanted} secrets",
            subject.target.name()
        ));
        fill(subject, wanted, plan).await;
        if wanted == largest {
            let population = Population {
                wanted,
                reached: subject.stored,
            };
            let memory = subject
                .server
                .as_ref()
                .and_then(|server| server.memory().ok());
            subject.results.loaded = memory.map(|memory| (population, memory));
        }
    }
    for filtered in [false, true] {
        let row = LoadRow::ListSecrets {
            secrets: wanted,
            filtered,
        };
        let prefix = filtered.then_some(FILTER_PREFIX);
        let measurement = Measurement {
            row,
            concurrency: LIST_CONCURRENCY,
            budget: plan.list,
        };
        take_turns(subjects, plan, measurement, |_| PageWalk::new(prefix)).await;
    }
}

/// GetSecretValue at each concurrency, then DescribeSecret, CreateSecret and PutSecretValue.
async fn measure_operations(subjects: &mut [Subject<'_>], plan: &Plan) {
    for concurrency in GET_CONCURRENCY {
        let measurement = Measurement {
            row: LoadRow::GetSecretValue { concurrency },
            concurrency,
            budget: plan.get,
        };
        take_turns(subjects, plan, measurement, GetValues::new).await;
    }
    let busy = |row| Measurement {
        row,
        concurrency: BUSY_CONCURRENCY,
        budget: plan.other_operation,
    };
    take_turns(
        subjects,
        plan,
        busy(LoadRow::DescribeSecret),
        Describes::new,
    )
    .await;
    take_turns(subjects, plan, busy(LoadRow::CreateSecret), Creates::new).await;
    take_turns(subjects, plan, busy(LoadRow::PutSecretValue), Puts::new).await;
}

fn progress(step: &str) {
    eprintln!("bench: {step}");
}

/// Starts a server on a free port and waits for its first answer, which it times.
async fn start(target: &Target) -> Result<(ServerProcess, Duration), String> {
    let address = free_address().map_err(|error| error.to_string())?;
    let mut server = ServerProcess::spawn(target.command(address), address)
        .map_err(|error| format!("cannot spawn: {error}"))?;
    let startup = server.wait_until_answering(target.start_timeout()).await?;
    Ok((server, startup))
}

/// Times one start of a fresh process (stopped right after); the median is taken later.
async fn time_one_start(subject: &mut Subject<'_>) {
    if subject.startup_failure.is_some() {
        return;
    }
    match start(subject.target).await {
        Ok((_server, startup)) => subject.startups.push(startup),
        Err(reason) => subject.startup_failure = Some(reason),
    }
}

/// Creates seeded secrets up to `wanted` within the plan's time box; `stored` says how many
/// there are then.
async fn fill(subject: &mut Subject<'_>, wanted: usize, plan: &Plan) {
    let Some(address) = subject.server.as_ref().map(|server| server.address) else {
        return;
    };
    let needed = wanted.saturating_sub(subject.seeded_until);
    let next = Arc::new(AtomicUsize::new(subject.seeded_until));
    let seeding = load::run(address, BUSY_CONCURRENCY, plan.seeding, |_| Seed {
        next: Arc::clone(&next),
        end: wanted,
    })
    .await;
    subject.stored += seeding.successes as usize;
    // Each worker takes one index past the end before it stops.
    subject.seeded_until = next.load(Ordering::Relaxed).min(wanted);
    let reached = subject.stored;
    let attempted = (seeding.successes + seeding.errors) as usize;
    if let Some(error) = &seeding.first_error {
        subject.note(format!(
            "filling the store: {} of {attempted} CreateSecret calls failed, first: {error}",
            seeding.errors
        ));
    }
    if reached < wanted {
        let why = if attempted < needed {
            format!(
                "its time box of {:?} ran out at {:.0} creates/s",
                plan.seeding,
                seeding.throughput()
            )
        } else {
            "some creates failed".to_owned()
        };
        subject.note(format!(
            "holds {reached} of the {wanted} secrets wanted ({why}): its {wanted}-secret rows \
             are measured over {reached}"
        ));
    }
}

/// Measures `row` on every running server: `plan.rounds` slices of `budget / rounds` each, the
/// servers taking turns (the first to go changes every round), the slices merged.
async fn take_turns<W: Workload>(
    subjects: &mut [Subject<'_>],
    plan: &Plan,
    measurement: Measurement,
    workload: impl Fn(Slot) -> W,
) {
    let Measurement {
        row,
        concurrency,
        budget,
    } = measurement;
    progress(&format!("{row:?}"));
    let rounds = plan.rounds.max(1);
    let slice = budget / rounds as u32;
    let mut merged: Vec<Option<LoadResult>> = subjects.iter().map(|_| None).collect();
    for round in 0..rounds {
        for turn in 0..subjects.len() {
            let index = (turn + round) % subjects.len();
            let subject = &subjects[index];
            let Some(server) = subject.server.as_ref() else {
                continue;
            };
            let population = subject.seeded_until.max(1);
            let cpu_before = server.cpu_time().ok();
            let mut result = load::run(server.address, concurrency, slice, |worker| {
                workload(Slot {
                    population,
                    round,
                    worker,
                })
            })
            .await;
            result.server_cpu = cpu_before
                .zip(server.cpu_time().ok())
                .map(|(before, after)| after.saturating_sub(before));
            match &mut merged[index] {
                Some(total) => total.merge(result),
                empty => *empty = Some(result),
            }
        }
    }
    for (subject, result) in subjects.iter_mut().zip(merged) {
        let Some(result) = result else { continue };
        if let Some(error) = &result.first_error {
            subject.note(format!(
                "{row:?}: {} of {} requests failed, first: {error}",
                result.errors,
                result.errors + result.successes
            ));
        }
        subject.results.loads.push((row, result));
    }
}
