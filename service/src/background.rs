//! Time passing on its own: once a second, secrets whose recovery window has ended are purged and
//! rotations that became due are performed (through their rotation functions with
//! `--lambda-endpoint`), whether the time passed for real or the clock was moved (the admin API
//! also runs this right after a move). On a persistent store both are
//! written to disk like any other write.

use crate::rotation::built_in::rotate_due_secrets;
use crate::rotation::function::rotate_on_schedule;
use crate::rotation::{due_secrets, is_due};
use crate::state::Emulator;
use crate::store::{Partitions, is_purged};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

/// How often the background task looks for due work.
pub const TICK: Duration = Duration::from_secs(1);

/// What one round of due work did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DueWork {
    pub purged: usize,
    pub rotated: usize,
}

impl Emulator {
    /// Purges the secrets whose recovery window has ended and performs the rotations that are
    /// due, in every account and region.
    pub fn run_due_work(&self) -> DueWork {
        let now = self.clock.now();
        // Most rounds find nothing: looking under the shared lock first holds no request up.
        if !has_due_work(&self.store.read(), now) {
            return DueWork::default();
        }
        let mut partitions = self.store.write();
        let purged = partitions.purge_expired(now);
        // Rotation functions are invoked without the lock: see `run_due_rotations`.
        let rotated = if self.lambda.is_some() {
            0
        } else {
            rotate_due_secrets(&mut partitions, now)
        };
        DueWork { purged, rotated }
    }

    /// With `--lambda-endpoint`, performs the due rotations through their rotation functions and
    /// returns how many ran; a round already running is waited for first, so that when this
    /// returns every rotation due before the call has finished.
    pub async fn run_due_rotations(&self) -> usize {
        let Some(config) = &self.lambda else {
            return 0;
        };
        let _round = self.due_rotations.lock().await;
        let now = self.clock.now();
        let due = due_secrets(&self.store.read(), now);
        let mut rotated = 0;
        for (key, name) in &due {
            rotated += usize::from(rotate_on_schedule(self, config, key, name).await);
        }
        rotated
    }
}

fn has_due_work(partitions: &Partitions, now: runtime::Timestamp) -> bool {
    partitions
        .iter()
        .flat_map(|(_, partition)| partition.secrets())
        .any(|secret| is_purged(secret, now) || is_due(secret, now))
}

/// The background task that runs [`Emulator::run_due_work`] every [`TICK`]; it stops when
/// dropped.
#[derive(Debug)]
pub struct Ticker(JoinHandle<()>);

impl Ticker {
    /// Starts the task on the current Tokio runtime.
    pub fn start(emulator: Arc<Emulator>) -> Self {
        Self(tokio::spawn(async move {
            let mut interval = tokio::time::interval(TICK);
            // After a stall, one round catches up on everything: no burst of rounds is needed.
            interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
            loop {
                interval.tick().await;
                let mut done = emulator.run_due_work();
                done.rotated += emulator.run_due_rotations().await;
                if done != DueWork::default() {
                    tracing::debug!(
                        purged = done.purged,
                        rotated = done.rotated,
                        "due work done"
                    );
                }
            }
        }))
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::DAY_MILLIS;
    use crate::secret::{Deletion, Secret};
    use crate::store::PartitionKey;

    #[test]
    fn expired_secrets_are_purged_and_nothing_else_is_touched() {
        let emulator = Emulator::new();
        let now = emulator.clock.now();
        let key = PartitionKey::new("000000000000", "us-east-1");
        {
            let mut partitions = emulator.store.write();
            let partition = partitions.entry(&key);
            let mut deleted = Secret::new("deleted".into(), "arn:deleted".into(), now);
            deleted.deletion = Some(Deletion {
                deleted_at: now,
                purge_at: now.plus_millis(7 * DAY_MILLIS),
            });
            partition.insert(deleted);
            partition.insert(Secret::new("kept".into(), "arn:kept".into(), now));
        }
        assert_eq!(emulator.run_due_work(), DueWork::default());
        emulator.clock.advance_millis(8 * DAY_MILLIS);
        assert_eq!(
            emulator.run_due_work(),
            DueWork {
                purged: 1,
                rotated: 0
            }
        );
        let partitions = emulator.store.read();
        let names: Vec<&str> = partitions
            .get(&key)
            .unwrap()
            .secrets()
            .map(|secret| secret.name.as_str())
            .collect();
        assert_eq!(names, ["kept"]);
    }
}
