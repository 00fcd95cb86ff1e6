//! The proleptic Gregorian calendar in UTC (Howard Hinnant's `civil_from_days`).

use super::{HOUR_MILLIS, SECOND_MILLIS};
use crate::clock::DAY_MILLIS;
use runtime::Timestamp;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct CivilDate {
    pub(super) year: i64,
    pub(super) month: u32,
    pub(super) day: u32,
}

impl CivilDate {
    pub(super) fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        } as u32;
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Self { year, month, day }
    }
}

/// `timestamp` in RFC 3339, UTC, to the second (`2026-04-21T10:00:00Z`): for people reading the
/// admin API.
pub(crate) fn format_utc(timestamp: Timestamp) -> String {
    let millis = timestamp.epoch_millis();
    let date = CivilDate::from_days(millis.div_euclid(DAY_MILLIS));
    let seconds = millis.rem_euclid(DAY_MILLIS) / SECOND_MILLIS;
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        date.year,
        date.month,
        date.day,
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub(super) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// 1 = Sunday ..= 7 = Saturday, as cron numbers them. 1970-01-01 was a Thursday.
pub(super) fn weekday_of(day: i64) -> u8 {
    ((day + 4).rem_euclid(7) + 1) as u8
}

pub(super) fn hour_of_day(time: Timestamp) -> u32 {
    (time.epoch_millis().rem_euclid(DAY_MILLIS) / HOUR_MILLIS) as u32
}

/// "YYYY-MM-DDTHH:MM:SS", in UTC, as an instant: for tests.
#[cfg(test)]
pub(super) fn at(date: &str) -> Timestamp {
    let number = |range: std::ops::Range<usize>| date[range].parse::<i64>().unwrap();
    let (year, month, day) = (number(0..4), number(5..7) as u32, number(8..10) as u32);
    let days = (0..100_000)
        .find(|&d| CivilDate::from_days(d) == CivilDate { year, month, day })
        .unwrap();
    Timestamp::from_epoch_millis(
        days * DAY_MILLIS
            + number(11..13) * HOUR_MILLIS
            + number(14..16) * 60_000
            + number(17..19) * SECOND_MILLIS,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2024-03-15T10:30:00Z, a Friday.
    const FRIDAY_10_30: Timestamp = Timestamp::from_epoch_millis(1_710_498_600_000);

    #[test]
    fn the_calendar_is_right() {
        assert_eq!(
            CivilDate::from_days(0),
            CivilDate {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            CivilDate::from_days(19_782),
            CivilDate {
                year: 2024,
                month: 2,
                day: 29
            }
        );
        assert_eq!(weekday_of(0), 5, "1970-01-01 was a Thursday");
        assert_eq!(at("2024-03-15T10:30:00"), FRIDAY_10_30);
        assert_eq!(weekday_of(FRIDAY_10_30.epoch_millis() / DAY_MILLIS), 6);
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
    }
}
