//! cron(Minutes Hours Day-of-month Month Day-of-week Year), as Secrets Manager accepts it:
//! minutes `0`, year `*`, and exactly one of the two day fields `?`.

use super::syntax::{MIN_HOURS_BETWEEN_ROTATIONS, ScheduleError, parse_count};
use std::iter;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

/// How far ahead a cron schedule is searched: its year field is always `*`, so every expression
/// that can fire at all fires within eight years (29 February needs the most).
const CRON_HORIZON_DAYS: usize = 8 * 366;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Cron {
    /// Bit `h` set: the schedule fires at hour `h`.
    hours: u32,
    /// Bit `m` set (1..=12): the schedule fires in month `m`.
    months: u16,
    days: DayRule,
}

/// Which days of a month the schedule fires on: the day-of-month field, or the day-of-week
/// field (the other one being `?`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum DayRule {
    /// Bit `d` set (1..=31), and `last` for the month's last day (`L`).
    DaysOfMonth { days: u32, last: bool },
    /// Bit `w` set (1 = Sunday ..= 7 = Saturday, `Weekday::number_from_sunday`); `last` weekdays
    /// (`5L`: the month's last Thursday); `nth` (`2#3`: the third Monday).
    DaysOfWeek {
        weekdays: u8,
        last: u8,
        nth: Vec<(u8, u8)>,
    },
}

const MONTH_NAMES: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const WEEKDAY_NAMES: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// The values one field accepts.
struct FieldRange {
    min: u32,
    max: u32,
    /// Names for `min`, `min + 1`, ...
    names: &'static [&'static str],
}

const HOURS: FieldRange = FieldRange {
    min: 0,
    max: 23,
    names: &[],
};
const DAYS_OF_MONTH: FieldRange = FieldRange {
    min: 1,
    max: 31,
    names: &[],
};
const MONTHS: FieldRange = FieldRange {
    min: 1,
    max: 12,
    names: &MONTH_NAMES,
};
const WEEKDAYS: FieldRange = FieldRange {
    min: 1,
    max: 7,
    names: &WEEKDAY_NAMES,
};

impl Cron {
    pub(super) fn parse(fields: &str) -> Result<Self, ScheduleError> {
        let fields: Vec<&str> = fields.split(' ').collect();
        let [minutes, hours, day_of_month, month, day_of_week, year] = fields[..] else {
            return Err(ScheduleError::InvalidExpression);
        };
        if minutes != "0" || year != "*" {
            return Err(ScheduleError::InvalidExpression);
        }
        let days = match (day_of_month, day_of_week) {
            ("?", "?") => return Err(ScheduleError::InvalidExpression),
            (days, "?") => parse_days_of_month(days)?,
            ("?", weekdays) => parse_days_of_week(weekdays)?,
            _ => return Err(ScheduleError::InvalidExpression),
        };
        let cron = Self {
            hours: parse_set(hours, &HOURS)? as u32,
            months: parse_set(month, &MONTHS)? as u16,
            days,
        };
        if cron
            .min_hours_between()
            .is_some_and(|gap| gap < MIN_HOURS_BETWEEN_ROTATIONS)
        {
            return Err(ScheduleError::InvalidExpression);
        }
        Ok(cron)
    }

    /// Whether the schedule fires more than once a day (a schedule "in hours").
    pub(super) fn fires_hourly(&self) -> bool {
        self.hours.count_ones() > 1
    }

    pub(super) fn last_hour(&self) -> u32 {
        31 - self.hours.leading_zeros()
    }

    /// The shortest gap between two firing hours of one day, if it fires more than once.
    pub(super) fn min_hours_between(&self) -> Option<u32> {
        let hours: Vec<u8> = self.firing_hours().collect();
        hours
            .windows(2)
            .map(|pair| u32::from(pair[1] - pair[0]))
            .min()
    }

    /// The hours of the day it fires at, earliest first.
    fn firing_hours(&self) -> impl Iterator<Item = u8> + '_ {
        (0..24).filter(|hour| self.hours & (1 << hour) != 0)
    }

    /// The first firing time strictly after `after` (a UTC time), or `None` if there is none
    /// within the horizon and the years `time` represents.
    pub(super) fn next_after(&self, after: OffsetDateTime) -> Option<OffsetDateTime> {
        iter::successors(Some(after.date()), |day| day.next_day())
            .take(CRON_HORIZON_DAYS)
            .filter(|&day| self.fires_on(day))
            .flat_map(|day| {
                self.firing_hours()
                    .filter_map(move |hour| day.with_hms(hour, 0, 0).ok())
                    .map(PrimitiveDateTime::assume_utc)
            })
            .find(|&time| time > after)
    }

    fn fires_on(&self, date: Date) -> bool {
        let month = date.month();
        if self.months & (1 << u8::from(month)) == 0 {
            return false;
        }
        let day = date.day();
        let month_length = month.length(date.year());
        match &self.days {
            DayRule::DaysOfMonth { days, last } => {
                days & (1 << day) != 0 || (*last && day == month_length)
            }
            DayRule::DaysOfWeek {
                weekdays,
                last,
                nth,
            } => {
                let weekday = date.weekday().number_from_sunday();
                let week_of_month = (day - 1) / 7 + 1;
                let in_last_week = day + 7 > month_length;
                weekdays & (1 << weekday) != 0
                    || (last & (1 << weekday) != 0 && in_last_week)
                    || nth.contains(&(weekday, week_of_month))
            }
        }
    }
}

fn parse_days_of_month(field: &str) -> Result<DayRule, ScheduleError> {
    let mut days = 0;
    let mut last = false;
    for item in field.split(',') {
        if item == "L" {
            last = true;
        } else {
            days |= parse_set(item, &DAYS_OF_MONTH)? as u32;
        }
    }
    Ok(DayRule::DaysOfMonth { days, last })
}

fn parse_days_of_week(field: &str) -> Result<DayRule, ScheduleError> {
    let mut weekdays = 0;
    let mut last = 0;
    let mut nth = Vec::new();
    for item in field.split(',') {
        if item == "L" {
            // `L` alone is the last day of the week, Saturday.
            weekdays |= 1 << 7;
        } else if let Some(weekday) = item.strip_suffix('L') {
            last |= 1 << parse_value(weekday, &WEEKDAYS)?;
        } else if let Some((weekday, n)) = item.split_once('#') {
            let n = parse_count(n)
                .filter(|n| (1..=5).contains(n))
                .ok_or(ScheduleError::InvalidExpression)?;
            nth.push((parse_value(weekday, &WEEKDAYS)? as u8, n as u8));
        } else {
            weekdays |= parse_set(item, &WEEKDAYS)? as u8;
        }
    }
    Ok(DayRule::DaysOfWeek {
        weekdays,
        last,
        nth,
    })
}

/// A comma-separated list of `*`, `v`, `a-b`, `a/step`, `*/step` and `a-b/step`, as a bit set.
fn parse_set(field: &str, range: &FieldRange) -> Result<u64, ScheduleError> {
    field
        .split(',')
        .map(|item| parse_item(item, range))
        .try_fold(0, |set, item| Ok(set | item?))
}

fn parse_item(item: &str, range: &FieldRange) -> Result<u64, ScheduleError> {
    let (span, step) = match item.split_once('/') {
        Some((span, step)) => {
            let step = parse_count(step)
                .filter(|&step| step >= 1)
                .ok_or(ScheduleError::InvalidExpression)?;
            (span, Some(step))
        }
        None => (item, None),
    };
    let (first, last) = match span.split_once('-') {
        _ if span == "*" => (range.min, range.max),
        Some((first, last)) => (parse_value(first, range)?, parse_value(last, range)?),
        // `a/step` runs from `a` to the end of the range.
        None if step.is_some() => (parse_value(span, range)?, range.max),
        None => {
            let value = parse_value(span, range)?;
            (value, value)
        }
    };
    if first > last {
        return Err(ScheduleError::InvalidExpression);
    }
    let step = step.unwrap_or(1) as usize;
    Ok((first..=last)
        .step_by(step)
        .fold(0, |set, value| set | (1u64 << value)))
}

/// A number in the field's range, or one of its names (`JAN`, `MON`, in any case).
fn parse_value(text: &str, range: &FieldRange) -> Result<u32, ScheduleError> {
    let named = range
        .names
        .iter()
        .position(|name| name.eq_ignore_ascii_case(text))
        .map(|index| range.min + index as u32);
    named
        .or_else(|| parse_count(text))
        .filter(|value| (range.min..=range.max).contains(value))
        .ok_or(ScheduleError::InvalidExpression)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::utc::{at, date_time, format_utc, timestamp};

    /// The first `count` times `fields` fires after `after`, in RFC 3339.
    fn firings(fields: &str, after: &str, count: usize) -> Vec<String> {
        let cron = Cron::parse(fields).unwrap();
        iter::successors(date_time(at(after)), |&time| cron.next_after(time))
            .skip(1)
            .take(count)
            .map(|time| format_utc(timestamp(time)))
            .collect()
    }

    fn first_firing(fields: &str, after: &str) -> Option<String> {
        firings(fields, after, 1).pop()
    }

    #[test]
    fn cron_needs_six_fields_minute_zero_year_star_and_one_question_mark() {
        for good in [
            "0 10 * * ? *",
            "0 4/12 * * ? *",
            "0 0 ? * SUN#1 *",
            "0 16 L * ? *",
            "0 10 ? FEB,MAY,AUG,NOV TUE#2 *",
            "0 8 1/7 * ? *",
            "0 0 ? * 6L *",
            "0 0,4,8 ? * MON-FRI *",
        ] {
            assert!(Cron::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "0 10 * * *",
            "30 10 * * ? *",
            "0 10 * * ? 2030",
            "0 10 * * * *",
            "0 10 ? * ? *",
            "0 24 * * ? *",
            "0 10 32 * ? *",
            "0 10 * 13 ? *",
            "0 10 ? * 8 *",
            "0 10 ? * MON#6 *",
            "0 10 5-1 * ? *",
            "0 10 * FOO ? *",
            "0 */0 * * ? *",
            "0 10 15W * ? *",
        ] {
            assert_eq!(
                Cron::parse(bad),
                Err(ScheduleError::InvalidExpression),
                "{bad}"
            );
        }
    }

    #[test]
    fn cron_may_not_rotate_more_often_than_every_four_hours() {
        assert_eq!(
            Cron::parse("0 * * * ? *"),
            Err(ScheduleError::InvalidExpression)
        );
        assert_eq!(
            Cron::parse("0 1,3 * * ? *"),
            Err(ScheduleError::InvalidExpression)
        );
        assert!(Cron::parse("0 0/4 * * ? *").is_ok());
    }

    #[test]
    fn the_last_day_follows_each_months_length() {
        assert_eq!(
            firings("0 0 L * ? *", "2023-01-31T00:00:00", 6),
            [
                "2023-02-28T00:00:00Z",
                "2023-03-31T00:00:00Z",
                "2023-04-30T00:00:00Z",
                "2023-05-31T00:00:00Z",
                "2023-06-30T00:00:00Z",
                "2023-07-31T00:00:00Z",
            ]
        );
        for (after, last_of_february) in [
            ("2024-01-31T00:00:00", "2024-02-29T00:00:00Z"),
            ("2100-01-31T00:00:00", "2100-02-28T00:00:00Z"),
            ("2000-01-31T00:00:00", "2000-02-29T00:00:00Z"),
        ] {
            assert_eq!(
                first_firing("0 0 L * ? *", after).as_deref(),
                Some(last_of_february)
            );
        }
    }

    #[test]
    fn a_day_of_month_skips_the_months_without_it() {
        assert_eq!(
            firings("0 0 31 * ? *", "2024-01-31T00:00:00", 3),
            [
                "2024-03-31T00:00:00Z",
                "2024-05-31T00:00:00Z",
                "2024-07-31T00:00:00Z",
            ]
        );
        // 2100 is no leap year: the next 29 February after 2096 is in 2104.
        assert_eq!(
            first_firing("0 0 29 FEB ? *", "2096-03-01T00:00:00").as_deref(),
            Some("2104-02-29T00:00:00Z")
        );
        assert_eq!(first_firing("0 0 30 FEB ? *", "2024-01-01T00:00:00"), None);
        assert_eq!(
            first_firing("0 0 31 APR,JUN,SEP,NOV ? *", "2024-01-01T00:00:00"),
            None
        );
    }

    #[test]
    fn firings_roll_over_into_the_next_year() {
        assert_eq!(
            firings("0 0 1 JAN ? *", "2024-12-31T23:59:59", 2),
            ["2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z"]
        );
        // Strictly after: a firing at `after` itself does not count.
        assert_eq!(
            firings("0 4/12 * * ? *", "2024-12-31T16:00:00", 2),
            ["2025-01-01T04:00:00Z", "2025-01-01T16:00:00Z"]
        );
    }

    #[test]
    fn weekdays_are_numbered_from_sunday() {
        // 2024-03-15 is a Friday.
        let friday = "2024-03-15T10:30:00";
        for (fields, expected) in [
            ("0 0 ? * 1 *", "2024-03-17T00:00:00Z"),
            ("0 0 ? * SUN *", "2024-03-17T00:00:00Z"),
            ("0 0 ? * 7 *", "2024-03-16T00:00:00Z"),
            ("0 0 ? * L *", "2024-03-16T00:00:00Z"),
            ("0 0 ? * 6 *", "2024-03-22T00:00:00Z"),
            ("0 12 ? * FRI *", "2024-03-15T12:00:00Z"),
        ] {
            assert_eq!(
                first_firing(fields, friday).as_deref(),
                Some(expected),
                "{fields}"
            );
        }
        assert_eq!(
            firings("0 0 ? * MON-FRI *", friday, 2),
            ["2024-03-18T00:00:00Z", "2024-03-19T00:00:00Z"]
        );
    }

    #[test]
    fn last_and_nth_weekdays_of_a_month() {
        // 29 February 2024 is a Thursday: the month's last, and its fifth.
        assert_eq!(
            first_firing("0 0 ? * 5L *", "2024-02-01T00:00:00").as_deref(),
            Some("2024-02-29T00:00:00Z")
        );
        assert_eq!(
            first_firing("0 0 ? * THU#5 *", "2024-02-01T00:00:00").as_deref(),
            Some("2024-02-29T00:00:00Z")
        );
        assert_eq!(
            first_firing("0 0 ? * 6L *", "2024-02-01T00:00:00").as_deref(),
            Some("2024-02-23T00:00:00Z")
        );
        assert_eq!(
            first_firing("0 0 ? * 5L *", "2023-02-01T00:00:00").as_deref(),
            Some("2023-02-23T00:00:00Z")
        );
        // Months with five Mondays, and the first with five Saturdays.
        assert_eq!(
            firings("0 0 ? * MON#5 *", "2024-01-01T00:00:00", 2),
            ["2024-01-29T00:00:00Z", "2024-04-29T00:00:00Z"]
        );
        assert_eq!(
            first_firing("0 0 ? * SAT#5 *", "2024-01-01T00:00:00").as_deref(),
            Some("2024-03-30T00:00:00Z")
        );
    }

    #[test]
    fn nothing_fires_past_the_year_9999() {
        assert_eq!(
            first_firing("0 10 * * ? *", "9999-12-30T23:00:00").as_deref(),
            Some("9999-12-31T10:00:00Z")
        );
        assert_eq!(first_firing("0 10 * * ? *", "9999-12-31T10:00:00"), None);
    }

    #[test]
    fn firing_hours_bound_the_window() {
        let cron = Cron::parse("0 0,4,8 ? * MON-FRI *").unwrap();
        assert!(cron.fires_hourly());
        assert_eq!(cron.last_hour(), 8);
        assert_eq!(cron.min_hours_between(), Some(4));
        let daily = Cron::parse("0 23 * * ? *").unwrap();
        assert!(!daily.fires_hourly());
        assert_eq!(daily.last_hour(), 23);
        assert_eq!(daily.min_hours_between(), None);
    }
}
