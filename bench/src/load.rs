//! The load generator: `concurrency` workers, each on its own keep-alive connection, send one
//! request after another (closed loop) until their workload ends or the time box runs out.

use crate::connection::{Connection, Reply};
use crate::latency::Percentiles;
use crate::wire::Call;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// What one worker sends. Each worker has its own, so no state is shared between requests
/// unless a workload shares it on purpose.
pub(crate) trait Workload: Send + 'static {
    /// The next call, or `None` when this worker has nothing more to send.
    fn next_call(&mut self) -> Option<Call>;

    /// Sees each successful answer (a page walk reads its `NextToken` here).
    fn observe(&mut self, _reply: &Reply) {}
}

/// The outcome of one load run.
#[derive(Debug, Clone, Default)]
pub(crate) struct LoadResult {
    /// Answers with HTTP 200.
    pub successes: u64,
    /// Other answers and transport failures.
    pub errors: u64,
    /// From the first request to the last answer.
    pub elapsed: Duration,
    /// Of the successful requests; `None` when there were none.
    pub latency: Option<Percentiles>,
    /// The successful requests' latencies, kept to merge results of several rounds.
    samples: Vec<Duration>,
    /// Each round on its own, in order, to compare servers round by round.
    pub rounds: Vec<Round>,
    /// CPU time the server spent meanwhile, when it could be read.
    pub server_cpu: Option<Duration>,
    /// The first failure, to tell why an operation does not work.
    pub first_error: Option<String>,
}

impl LoadResult {
    /// Adds another round of the same measurement: throughput over both, percentiles of all
    /// the samples.
    pub(crate) fn merge(&mut self, other: LoadResult) {
        self.successes += other.successes;
        self.errors += other.errors;
        self.elapsed += other.elapsed;
        self.first_error = self.first_error.take().or(other.first_error);
        self.samples.extend(other.samples);
        self.latency = Percentiles::of(self.samples.clone());
        self.rounds.extend(other.rounds);
        self.server_cpu = match (self.server_cpu, other.server_cpu) {
            (Some(total), Some(more)) => Some(total + more),
            _ => None,
        };
    }

    /// The server's CPU time per successful request.
    pub(crate) fn cpu_per_request(&self) -> Option<Duration> {
        let requests = u32::try_from(self.successes)
            .ok()
            .filter(|&count| count > 0)?;
        Some(self.server_cpu? / requests)
    }

    /// Successful requests per second.
    pub(crate) fn throughput(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.successes as f64 / seconds
        } else {
            0.0
        }
    }
}

/// The key figures of one round (one slice of a measurement).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Round {
    pub throughput: f64,
    pub p50: Option<Duration>,
}

/// What one worker brings back.
struct WorkerOutcome {
    latencies: Vec<Duration>,
    errors: u64,
    first_error: Option<String>,
}

/// Runs `concurrency` workers made by `workload` (given the worker's index) against `address`
/// for at most `budget`.
pub(crate) async fn run<W: Workload>(
    address: SocketAddr,
    concurrency: usize,
    budget: Duration,
    mut workload: impl FnMut(usize) -> W,
) -> LoadResult {
    let started = Instant::now();
    let deadline = started + budget;
    let workers: Vec<_> = (0..concurrency)
        .map(|index| tokio::spawn(work(address, deadline, workload(index))))
        .collect();
    let mut result = LoadResult::default();
    for worker in workers {
        let outcome = match worker.await {
            Ok(outcome) => outcome,
            Err(error) => WorkerOutcome {
                latencies: Vec::new(),
                errors: 1,
                first_error: Some(format!("load worker failed: {error}")),
            },
        };
        result.samples.extend(outcome.latencies);
        result.errors += outcome.errors;
        result.first_error = result.first_error.or(outcome.first_error);
    }
    result.elapsed = started.elapsed();
    result.successes = result.samples.len() as u64;
    result.latency = Percentiles::of(result.samples.clone());
    result.rounds = vec![Round {
        throughput: result.throughput(),
        p50: result.latency.map(|latency| latency.p50),
    }];
    result
}

impl WorkerOutcome {
    fn fail(&mut self, reason: String) {
        self.errors += 1;
        self.first_error.get_or_insert(reason);
    }
}

async fn work(
    address: SocketAddr,
    deadline: Instant,
    mut workload: impl Workload,
) -> WorkerOutcome {
    let mut outcome = WorkerOutcome {
        latencies: Vec::new(),
        errors: 0,
        first_error: None,
    };
    let mut connection = match Connection::open(address).await {
        Ok(connection) => connection,
        Err(error) => {
            outcome.fail(format!("cannot connect: {error}"));
            return outcome;
        }
    };
    while Instant::now() < deadline {
        let Some(call) = workload.next_call() else {
            break;
        };
        let sent = Instant::now();
        match connection.call(&call).await {
            Ok(reply) if reply.status.is_success() => {
                outcome.latencies.push(sent.elapsed());
                workload.observe(&reply);
            }
            Ok(reply) => outcome.fail(reply.error_summary()),
            Err(error) => {
                outcome.fail(format!("{} failed: {error}", call.operation));
                // The server closed the connection (or broke it): go on with a new one, as a
                // client's pool would, or stop if the server is gone.
                match Connection::open(address).await {
                    Ok(fresh) => connection = fresh,
                    Err(_) => break,
                }
            }
        }
    }
    outcome
}
