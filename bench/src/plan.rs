//! How long and how hard each measurement runs.

use std::time::Duration;

/// Concurrency levels of the GetSecretValue rows (one keep-alive connection per worker).
pub(crate) const GET_CONCURRENCY: [usize; 3] = [1, 16, 64];
/// Concurrency of the write rows, of DescribeSecret and of seeding the store.
pub(crate) const BUSY_CONCURRENCY: usize = 16;
/// The store sizes ListSecrets is measured over; the largest is also the memory measurement's.
pub(crate) const SECRET_COUNTS: [usize; 2] = [1_000, 10_000];
/// ListSecrets pages are measured one request at a time, so latency is not queueing.
pub(crate) const LIST_CONCURRENCY: usize = 1;
/// ListSecrets `MaxResults`.
pub(crate) const PAGE_SIZE: usize = 100;

/// Time boxes and repetitions of one run.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// Each GetSecretValue concurrency level.
    pub get: Duration,
    /// DescribeSecret, CreateSecret and PutSecretValue, each.
    pub other_operation: Duration,
    /// Each ListSecrets row.
    pub list: Duration,
    /// Each measurement is split into this many slices, the servers taking turns, so that a
    /// burst of noise on the shared machine hits all of them rather than one. Odd, so that the
    /// median of the per-round ratios is one of them.
    pub rounds: usize,
    /// How many fresh processes the start-up time is the median of.
    pub startups: usize,
    /// The most time filling the store to one size may take: a slow server (moto) is measured
    /// over the secrets it created by then, and the table says so.
    pub seeding: Duration,
}

impl Plan {
    /// The documented run: a few minutes with moto.
    pub(crate) fn full() -> Self {
        Self {
            get: Duration::from_secs(3),
            other_operation: Duration::from_secs(2),
            list: Duration::from_secs(2),
            rounds: 5,
            startups: 7,
            seeding: Duration::from_secs(90),
        }
    }

    /// `--quick`: the same rows with short time boxes, to check that everything works.
    pub(crate) fn quick() -> Self {
        Self {
            get: Duration::from_secs(1),
            other_operation: Duration::from_millis(500),
            list: Duration::from_millis(500),
            rounds: 3,
            startups: 3,
            seeding: Duration::from_secs(20),
        }
    }
}
