//! Instants as UTC calendar dates, through the `time` crate: for matching `cron()` fields and
//! for showing dates to people.

use crate::clock::SECOND_MILLIS;
use runtime::Timestamp;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

const NANOS_PER_MILLI: i128 = 1_000_000;

/// `timestamp` as a UTC date and time, or `None` outside the years `time` represents (±9999).
pub(super) fn date_time(timestamp: Timestamp) -> Option<OffsetDateTime> {
    let nanos = i128::from(timestamp.epoch_millis()) * NANOS_PER_MILLI;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()
}

/// The instant `date_time` names, to the millisecond.
pub(super) fn timestamp(date_time: OffsetDateTime) -> Timestamp {
    Timestamp::from_epoch_millis(
        date_time.unix_timestamp() * SECOND_MILLIS + i64::from(date_time.millisecond()),
    )
}

/// `timestamp` in RFC 3339, UTC, to the second (`2026-04-21T10:00:00Z`): for people reading the
/// admin API. RFC 3339 writes only years 0000 to 9999; an instant outside them (the clock can be
/// moved that far) reads as seconds since the epoch instead.
pub(crate) fn format_utc(timestamp: Timestamp) -> String {
    let seconds = timestamp.epoch_millis().div_euclid(SECOND_MILLIS);
    OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|date_time| date_time.format(&Rfc3339).ok())
        .unwrap_or_else(|| format!("{seconds} s after 1970-01-01T00:00:00Z"))
}

/// "YYYY-MM-DDTHH:MM:SS", in UTC, as an instant: for tests.
#[cfg(test)]
pub(super) fn at(date: &str) -> Timestamp {
    let date_time = OffsetDateTime::parse(&format!("{date}Z"), &Rfc3339);
    timestamp(date_time.expect("a date and time as YYYY-MM-DDTHH:MM:SS"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::DAY_MILLIS;
    use time::{Date, Month};

    /// 2024-03-15T10:30:00Z, a Friday.
    const FRIDAY_10_30: Timestamp = Timestamp::from_epoch_millis(1_710_498_600_000);

    fn date_of(days: i64) -> Date {
        date_time(Timestamp::from_epoch_millis(days * DAY_MILLIS))
            .unwrap()
            .date()
    }

    fn date(year: i32, month: Month, day: u8) -> Date {
        Date::from_calendar_date(year, month, day).unwrap()
    }

    /// Cron numbers weekdays 1 = Sunday ..= 7 = Saturday.
    fn cron_weekday(date: Date) -> u8 {
        date.weekday().number_from_sunday()
    }

    #[test]
    fn the_calendar_is_right() {
        assert_eq!(date_of(0), date(1970, Month::January, 1));
        assert_eq!(date_of(19_782), date(2024, Month::February, 29));
        assert_eq!(cron_weekday(date_of(0)), 5, "1970-01-01 was a Thursday");
        assert_eq!(at("2024-03-15T10:30:00"), FRIDAY_10_30);
        assert_eq!(cron_weekday(date_time(FRIDAY_10_30).unwrap().date()), 6);
        assert_eq!(Month::February.length(2024), 29);
        assert_eq!(Month::February.length(2100), 28);
        assert_eq!(Month::February.length(2000), 29);
    }

    #[test]
    fn instants_convert_both_ways_to_the_millisecond() {
        for millis in [0, 1, -1, 999, -999, 1_710_498_600_123, -86_400_001] {
            let instant = Timestamp::from_epoch_millis(millis);
            assert_eq!(timestamp(date_time(instant).unwrap()), instant, "{millis}");
        }
        let before_the_epoch = date_time(Timestamp::from_epoch_millis(-1)).unwrap();
        assert_eq!(before_the_epoch.date(), date(1969, Month::December, 31));
        assert_eq!(before_the_epoch.millisecond(), 999);
    }

    #[test]
    fn years_past_9999_have_no_calendar_date() {
        assert!(date_time(at("9999-12-31T23:59:59").plus_millis(999)).is_some());
        assert_eq!(
            date_time(at("9999-12-31T23:59:59").plus_millis(1_000)),
            None
        );
        assert_eq!(date_time(Timestamp::from_epoch_millis(i64::MAX)), None);
    }

    #[test]
    fn dates_print_in_rfc_3339_to_the_second() {
        assert_eq!(format_utc(FRIDAY_10_30), "2024-03-15T10:30:00Z");
        assert_eq!(
            format_utc(FRIDAY_10_30.plus_millis(999)),
            "2024-03-15T10:30:00Z"
        );
        assert_eq!(
            format_utc(Timestamp::from_epoch_millis(0)),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            format_utc(Timestamp::from_epoch_millis(-1)),
            "1969-12-31T23:59:59Z"
        );
        assert_eq!(
            format_utc(at("2024-02-29T23:59:59")),
            "2024-02-29T23:59:59Z"
        );
        assert_eq!(
            format_utc(at("9999-12-31T23:59:59")),
            "9999-12-31T23:59:59Z"
        );
        assert_eq!(
            format_utc(at("0001-01-01T00:00:00")),
            "0001-01-01T00:00:00Z"
        );
    }

    #[test]
    fn dates_rfc_3339_cannot_write_read_as_epoch_seconds() {
        let year_10000 = at("9999-12-31T23:59:59").plus_millis(1_000);
        assert_eq!(
            format_utc(year_10000),
            "253402300800 s after 1970-01-01T00:00:00Z"
        );
        assert_eq!(
            format_utc(Timestamp::from_epoch_millis(i64::MAX)),
            "9223372036854775 s after 1970-01-01T00:00:00Z"
        );
    }
}
