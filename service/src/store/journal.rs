//! What a persistent store asks of whatever makes its writes durable (`persistence` provides
//! the SQLite one), and the error it answers when it cannot.

use super::partition::{PartitionKey, Partitions};

/// What one write changed, for a [`Journal`] to make durable. Secrets are named, not copied: the
/// journal reads their state (or their absence) from the partitions it is given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Every secret was dropped before the changes below (a reset).
    pub cleared: bool,
    /// The secrets written or removed.
    pub secrets: Vec<(PartitionKey, String)>,
    /// The clock's new offset from the system clock, when it moved.
    pub clock_offset_millis: Option<i64>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.cleared && self.secrets.is_empty() && self.clock_offset_millis.is_none()
    }
}

/// Where a persistent store makes its writes durable.
pub trait Journal: Send + std::fmt::Debug {
    /// Makes `changes` durable, all or nothing, reading each changed secret from `partitions`.
    fn commit(&mut self, partitions: &Partitions, changes: &Changes) -> Result<(), JournalError>;
}

/// A write the journal could not make durable; it carries the journal's own error.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct JournalError(Box<dyn std::error::Error + Send + Sync>);

impl JournalError {
    pub fn new(cause: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self(Box::new(cause))
    }
}
