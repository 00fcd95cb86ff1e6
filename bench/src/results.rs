//! What was measured on one server.

use crate::load::LoadResult;
use crate::memory::Memory;
use crate::workloads::SECRET_VALUE;
use std::time::Duration;

/// A load measurement: an operation at a concurrency, or ListSecrets pages over a store size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoadRow {
    GetSecretValue { concurrency: usize },
    DescribeSecret,
    CreateSecret,
    PutSecretValue,
    ListSecrets { secrets: usize, filtered: bool },
}

/// The store after filling it to one size.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Population {
    pub wanted: usize,
    pub reached: usize,
}

#[derive(Debug)]
pub(crate) struct TargetResults {
    /// Median time from spawning a fresh process to its first answer.
    pub startup: Result<Duration, String>,
    /// Right after start, with an empty store.
    pub idle: Option<Memory>,
    /// With the largest store, right after filling it.
    pub loaded: Option<(Population, Memory)>,
    pub loads: Vec<(LoadRow, LoadResult)>,
    /// Limits the bench applied and failures it saw, printed under the table.
    pub notes: Vec<String>,
}

impl Default for TargetResults {
    fn default() -> Self {
        Self {
            startup: Err("not measured".to_owned()),
            idle: None,
            loaded: None,
            loads: Vec::new(),
            notes: Vec::new(),
        }
    }
}

impl TargetResults {
    pub(crate) fn load(&self, row: LoadRow) -> Option<&LoadResult> {
        self.loads
            .iter()
            .find(|(measured, _)| *measured == row)
            .map(|(_, result)| result)
    }

    /// Memory per stored secret beyond its value: (peak RSS with the store full − idle RSS)
    /// ÷ secrets − value size. The peak is the stricter figure: it includes what filling took.
    pub(crate) fn bytes_per_secret(&self) -> Option<f64> {
        let idle = self.idle?;
        let (population, loaded) = self.loaded?;
        if population.reached == 0 {
            return None;
        }
        let grown = loaded.peak.saturating_sub(idle.resident) as f64;
        Some(grown / population.reached as f64 - SECRET_VALUE.len() as f64)
    }
}
