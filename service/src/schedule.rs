//! Rotation schedules: `AutomaticallyAfterDays`, `rate()` and `cron()` expressions, the rotation
//! window's `Duration`, and the `NextRotationDate` they give.
//!
//! AWS rotates "at any time during a rotation window", and `NextRotationDate` is "the latest date
//! that rotation will occur": the last second of the next window (AWS shows e.g. `23:59:59` for a
//! window that closes at midnight). Windows always open on the hour, in UTC:
//! - every `n` days (`AutomaticallyAfterDays` or `rate(n days)`): at midnight of the day `n` days
//!   after the last rotation, open until the end of that day by default;
//! - `rate(n hours)`: every `n` hours from midnight of the last rotation's day, open for an hour
//!   by default;
//! - `cron(...)`: at each matching hour, open for an hour when the expression fires several times
//!   a day, else until the end of the day.
//!
//! `Duration` (`1h` to `24h`) shortens or lengthens the window; it may not run into the next UTC
//! day or the next window.

use crate::clock::DAY_MILLIS;
use generated::RotationRulesType;
use runtime::Timestamp;

const HOUR_MILLIS: i64 = 3_600_000;
const SECOND_MILLIS: i64 = 1_000;
/// AWS rotates at most every four hours.
const MIN_HOURS_BETWEEN_ROTATIONS: u32 = 4;
/// How far ahead a cron schedule is searched: its year field is always `*`, so every expression
/// that can fire at all fires within eight years (29 February needs the most).
const CRON_HORIZON_DAYS: i64 = 8 * 366;

/// Why a `RotationRules` structure is refused. Each is an InvalidParameterException.
///
/// AWS's text where one is known. `BothFrequencyAndExpression` is reported by Terraform users;
/// the rate, duration and midnight texts come from a third-party linter that quotes them as
/// AWS's (unverified); the rest are our wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("You cannot specify both rotation frequency and schedule expression together.")]
    BothFrequencyAndExpression,
    #[error("You must specify either rotation frequency or schedule expression.")]
    NoFrequencyOrExpression,
    #[error("Invalid schedule expression.")]
    InvalidExpression,
    #[error("Rate in hour should be least 4 and less than 24.")]
    HourRateOutOfRange,
    #[error("Rate in day should be greater than 0 and less than 1000.")]
    DayRateOutOfRange,
    #[error("Duration must be at least 1 hour, at most 24 hour.")]
    DurationOutOfRange,
    #[error("Duration cannot be greater than Rate in hour.")]
    DurationLongerThanHourRate,
    #[error("Starting hour and duration must be within a day.")]
    WindowPastMidnight,
    #[error("The rotation window must not extend into the next rotation window.")]
    WindowIntoNextWindow,
}

/// A validated rotation schedule with its window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RotationSchedule {
    cadence: Cadence,
    /// The window's length in hours, when `Duration` sets it.
    duration_hours: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Cadence {
    /// Every `n` days, counted from the last rotation.
    Days(u32),
    /// Every `n` hours from midnight.
    Hours(u32),
    Cron(Cron),
}

impl RotationSchedule {
    /// Validates `rules` as AWS does.
    pub fn parse(rules: &RotationRulesType) -> Result<Self, ScheduleError> {
        let cadence = match (rules.automatically_after_days, &rules.schedule_expression) {
            (Some(_), Some(_)) => return Err(ScheduleError::BothFrequencyAndExpression),
            (None, None) => return Err(ScheduleError::NoFrequencyOrExpression),
            // The generated validation keeps AutomaticallyAfterDays within 1..=1000.
            (Some(days), None) => {
                Cadence::Days(u32::try_from(days).map_err(|_| ScheduleError::DayRateOutOfRange)?)
            }
            (None, Some(expression)) => parse_expression(expression)?,
        };
        let duration_hours = rules.duration.as_deref().map(parse_duration).transpose()?;
        let schedule = Self {
            cadence,
            duration_hours,
        };
        schedule.check_window()?;
        Ok(schedule)
    }

    /// The rules as DescribeSecret shows them: AWS also reports a `rate(n days)` expression as
    /// `AutomaticallyAfterDays: n`.
    pub fn described_rules(&self, given: &RotationRulesType) -> RotationRulesType {
        let mut rules = given.clone();
        if let (Cadence::Days(days), Some(_)) = (&self.cadence, &given.schedule_expression) {
            rules.automatically_after_days = Some(i64::from(*days));
        }
        rules
    }

    /// Whether the next rotation is counted from the last one (AutomaticallyAfterDays and
    /// `rate()`), rather than fixed by the calendar (`cron()`).
    pub fn counts_from_last_rotation(&self) -> bool {
        !matches!(self.cadence, Cadence::Cron(_))
    }

    /// `NextRotationDate` for a secret last rotated (or given a new value) at `last_rotation`:
    /// the last second of the first window that opens after it. `None` if the schedule never
    /// fires again (a `cron()` for a day no month has).
    pub fn next_rotation(&self, last_rotation: Timestamp) -> Option<Timestamp> {
        let opens = self.next_window_start(last_rotation)?;
        let closes = opens.plus_millis(i64::from(self.window_hours(opens)) * HOUR_MILLIS);
        Some(closes.plus_millis(-SECOND_MILLIS))
    }

    fn next_window_start(&self, after: Timestamp) -> Option<Timestamp> {
        let midnight = after.start_of_day();
        match &self.cadence {
            Cadence::Days(days) => Some(midnight.plus_millis(i64::from(*days) * DAY_MILLIS)),
            Cadence::Hours(hours) => {
                let step = i64::from(*hours) * HOUR_MILLIS;
                let since_midnight = after.epoch_millis() - midnight.epoch_millis();
                Some(midnight.plus_millis((since_midnight / step + 1) * step))
            }
            Cadence::Cron(cron) => cron.next_after(after),
        }
    }

    /// The window's length for a window opening at `opens`.
    fn window_hours(&self, opens: Timestamp) -> u32 {
        if let Some(hours) = self.duration_hours {
            return hours;
        }
        let until_midnight = 24 - hour_of_day(opens);
        match &self.cadence {
            Cadence::Days(_) => 24,
            Cadence::Hours(_) => 1,
            Cadence::Cron(cron) if cron.fires_hourly() => 1,
            Cadence::Cron(_) => until_midnight,
        }
    }

    /// The window may not run into the next UTC day or the next window.
    fn check_window(&self) -> Result<(), ScheduleError> {
        let Some(duration) = self.duration_hours else {
            return Ok(());
        };
        match &self.cadence {
            Cadence::Days(_) => Ok(()),
            Cadence::Hours(hours) if duration > *hours => {
                Err(ScheduleError::DurationLongerThanHourRate)
            }
            Cadence::Hours(_) => Ok(()),
            Cadence::Cron(cron) => {
                if cron.last_hour() + duration > 24 {
                    Err(ScheduleError::WindowPastMidnight)
                } else if cron.min_hours_between().is_some_and(|gap| duration > gap) {
                    Err(ScheduleError::WindowIntoNextWindow)
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// `rate(n hours|days)` or `cron(...)`.
fn parse_expression(expression: &str) -> Result<Cadence, ScheduleError> {
    if let Some(rate) = inside(expression, "rate(") {
        parse_rate(rate)
    } else if let Some(fields) = inside(expression, "cron(") {
        Cron::parse(fields).map(Cadence::Cron)
    } else {
        Err(ScheduleError::InvalidExpression)
    }
}

/// The text between `prefix` and a final `)`.
fn inside<'a>(expression: &'a str, prefix: &str) -> Option<&'a str> {
    expression.strip_prefix(prefix)?.strip_suffix(')')
}

fn parse_rate(rate: &str) -> Result<Cadence, ScheduleError> {
    let (value, unit) = rate
        .split_once(' ')
        .ok_or(ScheduleError::InvalidExpression)?;
    let value = parse_count(value).ok_or(ScheduleError::InvalidExpression)?;
    match unit {
        "hour" | "hours" if (MIN_HOURS_BETWEEN_ROTATIONS..24).contains(&value) => {
            Ok(Cadence::Hours(value))
        }
        "hour" | "hours" => Err(ScheduleError::HourRateOutOfRange),
        "day" | "days" if (1..1000).contains(&value) => Ok(Cadence::Days(value)),
        "day" | "days" => Err(ScheduleError::DayRateOutOfRange),
        _ => Err(ScheduleError::InvalidExpression),
    }
}

/// A count written in digits; too large a count is still a count (and out of every range).
fn parse_count(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse().unwrap_or(u32::MAX))
}

/// `Nh`, 1 to 24 hours. The generated validation has already checked the `[0-9]+h` pattern.
fn parse_duration(duration: &str) -> Result<u32, ScheduleError> {
    duration
        .strip_suffix('h')
        .and_then(parse_count)
        .filter(|hours| (1..=24).contains(hours))
        .ok_or(ScheduleError::DurationOutOfRange)
}

// ---------------------------------------------------------------------------------------------
// cron(Minutes Hours Day-of-month Month Day-of-week Year), as Secrets Manager accepts it:
// minutes `0`, year `*`, and exactly one of the two day fields `?`.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq)]
struct Cron {
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
    fn parse(fields: &str) -> Result<Self, ScheduleError> {
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
    fn fires_hourly(&self) -> bool {
        self.hours.count_ones() > 1
    }

    fn last_hour(&self) -> u32 {
        31 - self.hours.leading_zeros()
    }

    /// The shortest gap between two firing hours of one day, if it fires more than once.
    fn min_hours_between(&self) -> Option<u32> {
        let hours: Vec<u32> = (0..24).filter(|h| self.hours & (1 << h) != 0).collect();
        hours.windows(2).map(|pair| pair[1] - pair[0]).min()
    }

    /// The first firing time strictly after `after`.
    fn next_after(&self, after: Timestamp) -> Option<Timestamp> {
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

// ---------------------------------------------------------------------------------------------
// The proleptic Gregorian calendar in UTC (Howard Hinnant's `civil_from_days`).
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct CivilDate {
    year: i64,
    month: u32,
    day: u32,
}

impl CivilDate {
    fn from_days(days: i64) -> Self {
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

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// 1 = Sunday ..= 7 = Saturday, as cron numbers them. 1970-01-01 was a Thursday.
fn weekday_of(day: i64) -> u8 {
    ((day + 4).rem_euclid(7) + 1) as u8
}

fn hour_of_day(time: Timestamp) -> u32 {
    (time.epoch_millis().rem_euclid(DAY_MILLIS) / HOUR_MILLIS) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2024-03-15T10:30:00Z, a Friday.
    const FRIDAY_10_30: Timestamp = Timestamp::from_epoch_millis(1_710_498_600_000);

    fn at(date: &str) -> Timestamp {
        // "YYYY-MM-DDTHH:MM:SS" in UTC.
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

    fn rules(
        days: Option<i64>,
        expression: Option<&str>,
        duration: Option<&str>,
    ) -> RotationRulesType {
        RotationRulesType {
            automatically_after_days: days,
            schedule_expression: expression.map(str::to_owned),
            duration: duration.map(str::to_owned),
        }
    }

    fn expression(expression: &str) -> Result<RotationSchedule, ScheduleError> {
        RotationSchedule::parse(&rules(None, Some(expression), None))
    }

    fn next(expression_text: &str, after: &str) -> Timestamp {
        expression(expression_text)
            .unwrap()
            .next_rotation(at(after))
            .unwrap()
    }

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

    #[test]
    fn frequency_and_expression_together_are_refused() {
        let both = rules(Some(30), Some("rate(30 days)"), None);
        assert_eq!(
            RotationSchedule::parse(&both),
            Err(ScheduleError::BothFrequencyAndExpression)
        );
        assert_eq!(
            RotationSchedule::parse(&rules(None, None, Some("2h"))),
            Err(ScheduleError::NoFrequencyOrExpression)
        );
    }

    /// The two texts no end-to-end test reaches; the others are checked there.
    #[test]
    fn errors_display_their_texts() {
        assert_eq!(
            ScheduleError::NoFrequencyOrExpression.to_string(),
            "You must specify either rotation frequency or schedule expression."
        );
        assert_eq!(
            ScheduleError::WindowIntoNextWindow.to_string(),
            "The rotation window must not extend into the next rotation window."
        );
    }

    #[test]
    fn rates_accept_hours_and_days_within_aws_limits() {
        assert!(expression("rate(4 hours)").is_ok());
        assert!(expression("rate(23 hours)").is_ok());
        assert!(expression("rate(1 day)").is_ok());
        assert!(expression("rate(999 days)").is_ok());
        assert_eq!(
            expression("rate(3 hours)"),
            Err(ScheduleError::HourRateOutOfRange)
        );
        assert_eq!(
            expression("rate(24 hours)"),
            Err(ScheduleError::HourRateOutOfRange)
        );
        assert_eq!(
            expression("rate(0 days)"),
            Err(ScheduleError::DayRateOutOfRange)
        );
        assert_eq!(
            expression("rate(1000 days)"),
            Err(ScheduleError::DayRateOutOfRange)
        );
        assert_eq!(
            expression("rate(99999999999 days)"),
            Err(ScheduleError::DayRateOutOfRange)
        );
        for bad in [
            "rate(10 minutes)",
            "rate(2 weeks)",
            "rate(days)",
            "rate(-1 days)",
            "rate(1  day)",
            "rate 1 day",
            "RATE(1 day)",
            "every day",
        ] {
            assert_eq!(
                expression(bad),
                Err(ScheduleError::InvalidExpression),
                "{bad}"
            );
        }
    }

    #[test]
    fn cron_needs_six_fields_minute_zero_year_star_and_one_question_mark() {
        for good in [
            "cron(0 10 * * ? *)",
            "cron(0 4/12 * * ? *)",
            "cron(0 0 ? * SUN#1 *)",
            "cron(0 16 L * ? *)",
            "cron(0 10 ? FEB,MAY,AUG,NOV TUE#2 *)",
            "cron(0 8 1/7 * ? *)",
            "cron(0 0 ? * 6L *)",
            "cron(0 0,4,8 ? * MON-FRI *)",
        ] {
            assert!(expression(good).is_ok(), "{good}");
        }
        for bad in [
            "cron(0 10 * * *)",
            "cron(30 10 * * ? *)",
            "cron(0 10 * * ? 2030)",
            "cron(0 10 * * * *)",
            "cron(0 10 ? * ? *)",
            "cron(0 24 * * ? *)",
            "cron(0 10 32 * ? *)",
            "cron(0 10 * 13 ? *)",
            "cron(0 10 ? * 8 *)",
            "cron(0 10 ? * MON#6 *)",
            "cron(0 10 5-1 * ? *)",
            "cron(0 10 * FOO ? *)",
            "cron(0 */0 * * ? *)",
            "cron(0 10 15W * ? *)",
            "cron(0 10 * * ? *",
        ] {
            assert_eq!(
                expression(bad),
                Err(ScheduleError::InvalidExpression),
                "{bad}"
            );
        }
    }

    #[test]
    fn cron_may_not_rotate_more_often_than_every_four_hours() {
        assert_eq!(
            expression("cron(0 * * * ? *)"),
            Err(ScheduleError::InvalidExpression)
        );
        assert_eq!(
            expression("cron(0 1,3 * * ? *)"),
            Err(ScheduleError::InvalidExpression)
        );
        assert!(expression("cron(0 0/4 * * ? *)").is_ok());
    }

    #[test]
    fn durations_are_one_to_twenty_four_hours_and_fit_the_schedule() {
        let with = |expression: &str, duration: &str| {
            RotationSchedule::parse(&rules(None, Some(expression), Some(duration)))
        };
        assert!(with("rate(10 days)", "24h").is_ok());
        assert_eq!(
            with("rate(10 days)", "0h"),
            Err(ScheduleError::DurationOutOfRange)
        );
        assert_eq!(
            with("rate(10 days)", "25h"),
            Err(ScheduleError::DurationOutOfRange)
        );
        assert!(with("rate(6 hours)", "6h").is_ok());
        assert_eq!(
            with("rate(6 hours)", "7h"),
            Err(ScheduleError::DurationLongerThanHourRate)
        );
        assert!(with("cron(0 20 * * ? *)", "4h").is_ok());
        assert_eq!(
            with("cron(0 20 * * ? *)", "5h"),
            Err(ScheduleError::WindowPastMidnight)
        );
        assert_eq!(
            with("cron(0 2,8 * * ? *)", "7h"),
            Err(ScheduleError::WindowIntoNextWindow)
        );
    }

    #[test]
    fn day_schedules_end_at_the_close_of_the_day_n_days_later() {
        let schedule = RotationSchedule::parse(&rules(Some(30), None, None)).unwrap();
        assert_eq!(
            schedule.next_rotation(FRIDAY_10_30),
            Some(at("2024-04-14T23:59:59"))
        );
        assert_eq!(
            next("rate(1 day)", "2024-02-28T23:00:00"),
            at("2024-02-29T23:59:59")
        );
        let short_window =
            RotationSchedule::parse(&rules(None, Some("rate(2 days)"), Some("3h"))).unwrap();
        assert_eq!(
            short_window.next_rotation(FRIDAY_10_30),
            Some(at("2024-03-17T02:59:59"))
        );
    }

    #[test]
    fn hour_rates_open_a_one_hour_window_every_n_hours_from_midnight() {
        assert_eq!(
            next("rate(4 hours)", "2024-03-15T10:30:00"),
            at("2024-03-15T12:59:59")
        );
        assert_eq!(
            next("rate(5 hours)", "2024-03-15T22:00:00"),
            at("2024-03-16T01:59:59")
        );
    }

    #[test]
    fn cron_schedules_open_at_the_next_matching_hour() {
        // Daily at 10:00, already past today: tomorrow, open until the end of the day.
        assert_eq!(
            next("cron(0 10 * * ? *)", "2024-03-15T10:30:00"),
            at("2024-03-16T23:59:59")
        );
        // Twice a day: a one-hour window.
        assert_eq!(
            next("cron(0 4/12 * * ? *)", "2024-03-15T10:30:00"),
            at("2024-03-15T16:59:59")
        );
        // First Sunday of the month.
        assert_eq!(
            next("cron(0 0 ? * SUN#1 *)", "2024-03-15T10:30:00"),
            at("2024-04-07T23:59:59")
        );
        // Last day of the month, leap February.
        assert_eq!(
            next("cron(0 16 L * ? *)", "2024-02-10T00:00:00"),
            at("2024-02-29T23:59:59")
        );
        // Last Friday of the month.
        assert_eq!(
            next("cron(0 0 ? * 6L *)", "2024-03-15T10:30:00"),
            at("2024-03-29T23:59:59")
        );
        // Only 29 February: the next leap year.
        assert_eq!(
            next("cron(0 0 29 FEB ? *)", "2024-03-01T00:00:00"),
            at("2028-02-29T23:59:59")
        );
        // A day no month has never comes.
        let never = expression("cron(0 0 31 FEB ? *)").unwrap();
        assert_eq!(never.next_rotation(FRIDAY_10_30), None);
    }

    #[test]
    fn cron_windows_honour_duration() {
        let schedule =
            RotationSchedule::parse(&rules(None, Some("cron(0 8 * * ? *)"), Some("2h"))).unwrap();
        assert_eq!(
            schedule.next_rotation(FRIDAY_10_30),
            Some(at("2024-03-16T09:59:59"))
        );
    }

    #[test]
    fn a_days_rate_is_described_with_its_day_count() {
        let given = rules(None, Some("rate(10 days)"), None);
        let described = RotationSchedule::parse(&given)
            .unwrap()
            .described_rules(&given);
        assert_eq!(described.automatically_after_days, Some(10));
        assert_eq!(
            described.schedule_expression.as_deref(),
            Some("rate(10 days)")
        );
        let cron = rules(None, Some("cron(0 10 * * ? *)"), None);
        let described = RotationSchedule::parse(&cron)
            .unwrap()
            .described_rules(&cron);
        assert_eq!(described.automatically_after_days, None);
    }
}
