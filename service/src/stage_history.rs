//! How a secret's staging labels moved over time, for the console's version-history picture.
//! AWS keeps no such record; the emulator keeps the latest moves of each secret, bounded so
//! that a secret rotated every minute for a year costs no more than one rotated twice.

use runtime::Timestamp;
use std::collections::VecDeque;

/// At most this many moves are kept per secret; older ones are dropped first.
pub const MAX_STAGE_MOVES: usize = 200;

/// One label leaving one version and/or arriving on another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageMove {
    pub at: Timestamp,
    pub stage: String,
    /// The version that held the label before, if any.
    pub from: Option<String>,
    /// The version that holds it after, if any.
    pub to: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StageHistory(VecDeque<StageMove>);

impl StageHistory {
    pub fn record(&mut self, record: StageMove) {
        if self.0.len() == MAX_STAGE_MOVES {
            self.0.pop_front();
        }
        // Most secrets see a move or two: grow one slot at a time instead of the default
        // four, since every stored secret pays for the spare slots (the benchmark's memory row).
        self.0.reserve_exact(1);
        self.0.push_back(record);
    }

    /// Oldest first.
    pub fn moves(&self) -> impl Iterator<Item = &StageMove> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<StageMove> for StageHistory {
    fn from_iter<I: IntoIterator<Item = StageMove>>(moves: I) -> Self {
        let mut history = Self::default();
        for record in moves {
            history.record(record);
        }
        history
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(index: i64) -> StageMove {
        StageMove {
            at: Timestamp::from_epoch_millis(index),
            stage: "AWSCURRENT".into(),
            from: None,
            to: Some(format!("v{index}")),
        }
    }

    #[test]
    fn keeps_the_latest_moves_in_order() {
        let history: StageHistory = (0..MAX_STAGE_MOVES as i64 + 3).map(record).collect();
        let moves: Vec<_> = history.moves().collect();
        assert_eq!(moves.len(), MAX_STAGE_MOVES);
        assert_eq!(moves[0], &record(3));
        assert_eq!(moves.last().unwrap(), &&record(MAX_STAGE_MOVES as i64 + 2));
    }
}
