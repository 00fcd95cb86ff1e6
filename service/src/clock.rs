//! The emulator's notion of now: the system clock plus an offset that tests (and the admin API)
//! move forward, so that recovery windows and version retention expire without sleeping.

use runtime::Timestamp;
use std::sync::atomic::{AtomicI64, Ordering};

#[derive(Debug, Default)]
pub struct Clock {
    offset_millis: AtomicI64,
}

impl Clock {
    pub fn now(&self) -> Timestamp {
        Timestamp::now().plus_millis(self.offset_millis.load(Ordering::Relaxed))
    }

    /// Moves the clock forward (or back, for a negative amount) by `millis`.
    pub fn advance_millis(&self, millis: i64) {
        self.offset_millis.fetch_add(millis, Ordering::Relaxed);
    }

    /// How far the clock has been moved from the system clock.
    pub fn offset_millis(&self) -> i64 {
        self.offset_millis.load(Ordering::Relaxed)
    }
}

pub const DAY_MILLIS: i64 = 86_400_000;
pub const HOUR_MILLIS: i64 = 3_600_000;
pub const SECOND_MILLIS: i64 = 1_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_forward() {
        let clock = Clock::default();
        let before = clock.now();
        clock.advance_millis(30 * DAY_MILLIS);
        let after = clock.now();
        assert!(after.epoch_millis() - before.epoch_millis() >= 30 * DAY_MILLIS);
    }
}
