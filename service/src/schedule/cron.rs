//! cron(Minutes Hours Day-of-month Month Day-of-week Year), as Secrets Manager accepts it:
//! minutes `0`, year `*`, and exactly one of the two day fields `?`.

use super::utc::{CivilDate, days_in_month, weekday_of};
use super::{HOUR_MILLIS, MIN_HOURS_BETWEEN_ROTATIONS, ScheduleError, parse_count};
use crate::clock::DAY_MILLIS;
use runtime::Timestamp;

/// How far ahead a cron schedule is searched: its year field is always `*`, so every expression
/// that can fire at all fires within eight years (29 February needs the most).
const CRON_HORIZON_DAYS: i64 = 8 * 366;

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
    /// Bit `w` set (1 = Sunday ..= 7 = Saturday); `last` weekdays (`5L`: the month's last
    /// Thursday); `nth` (`2#3`: the third Monday).
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
        let hours: Vec<u32> = (0..24).filter(|h| self.hours & (1 << h) != 0).collect();
        hours.windows(2).map(|pair| pair[1] - pair[0]).min()
    }

    /// The first firing time strictly after `after`.
    pub(super) fn next_after(&self, after: Timestamp) -> Option<Timestamp> {
        let first_day = after.epoch_millis().div_euclid(DAY_MILLIS);
        (first_day..first_day + CRON_HORIZON_DAYS)
            .filter(|&day| self.fires_on(day))
            .flat_map(|day| {
                (0..24)
                    .filter(|hour| self.hours & (1 << hour) != 0)
                    .map(move |hour| {
                        Timestamp::from_epoch_millis(day * DAY_MILLIS + hour * HOUR_MILLIS)
                    })
            })
            .find(|&time| time > after)
    }

    /// Whether the schedule fires on the day `day` days after 1970-01-01.
    fn fires_on(&self, day: i64) -> bool {
        let date = CivilDate::from_days(day);
        if self.months & (1 << date.month) == 0 {
            return false;
        }
        let month_length = days_in_month(date.year, date.month);
        match &self.days {
            DayRule::DaysOfMonth { days, last } => {
                days & (1 << date.day) != 0 || (*last && date.day == month_length)
            }
            DayRule::DaysOfWeek {
                weekdays,
                last,
                nth,
            } => {
                let weekday = weekday_of(day);
                let week_of_month = (date.day - 1) / 7 + 1;
                let in_last_week = date.day + 7 > month_length;
                weekdays & (1 << weekday) != 0
                    || (last & (1 << weekday) != 0 && in_last_week)
                    || nth.contains(&(weekday, week_of_month as u8))
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
}
