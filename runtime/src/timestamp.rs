use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A Smithy `timestamp`, kept to the millisecond. AWS JSON sends it as epoch seconds with a
/// fractional part (`1523477145.713`), as a JSON number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    epoch_millis: i64,
}

impl Timestamp {
    /// The instant `epoch_millis` milliseconds after 1970-01-01T00:00:00Z (before, if negative).
    pub const fn from_epoch_millis(epoch_millis: i64) -> Self {
        Self { epoch_millis }
    }

    /// Milliseconds since 1970-01-01T00:00:00Z, negative before it.
    pub const fn epoch_millis(self) -> i64 {
        self.epoch_millis
    }

    /// The system clock's now.
    pub fn now() -> Self {
        Self::from(SystemTime::now())
    }

    /// This instant plus (or minus, for a negative count) whole milliseconds.
    pub const fn plus_millis(self, millis: i64) -> Self {
        Self::from_epoch_millis(self.epoch_millis.saturating_add(millis))
    }

    /// Midnight UTC of this instant's day.
    pub const fn start_of_day(self) -> Self {
        const DAY: i64 = 86_400_000;
        Self::from_epoch_millis(self.epoch_millis.div_euclid(DAY) * DAY)
    }
}

impl From<SystemTime> for Timestamp {
    fn from(time: SystemTime) -> Self {
        let millis = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX),
        };
        Self::from_epoch_millis(millis)
    }
}

impl From<Timestamp> for SystemTime {
    fn from(timestamp: Timestamp) -> Self {
        let magnitude = Duration::from_millis(timestamp.epoch_millis.unsigned_abs());
        if timestamp.epoch_millis >= 0 {
            UNIX_EPOCH + magnitude
        } else {
            UNIX_EPOCH - magnitude
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Exact to the millisecond: every millisecond count below 2^53 is a distinct f64.
        serializer.serialize_f64(self.epoch_millis as f64 / 1000.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let seconds = f64::deserialize(deserializer)?;
        Ok(Self::from_epoch_millis((seconds * 1000.0).round() as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_epoch_seconds_with_milliseconds() {
        let timestamp = Timestamp::from_epoch_millis(1_523_477_145_713);
        assert_eq!(serde_json::to_string(&timestamp).unwrap(), "1523477145.713");
    }

    #[test]
    fn parses_fractional_seconds() {
        let timestamp: Timestamp = serde_json::from_str("1700591229.801").unwrap();
        assert_eq!(timestamp.epoch_millis(), 1_700_591_229_801);
    }

    #[test]
    fn start_of_day_is_midnight_utc() {
        let timestamp = Timestamp::from_epoch_millis(1_523_977_145_713);
        assert_eq!(timestamp.start_of_day().epoch_millis(), 1_523_923_200_000);
    }

    #[test]
    fn converts_to_and_from_system_time() {
        let timestamp = Timestamp::from_epoch_millis(1_700_000_000_123);
        assert_eq!(Timestamp::from(SystemTime::from(timestamp)), timestamp);
    }
}
