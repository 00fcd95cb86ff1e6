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
//!
//! `cron` parses and matches the `cron()` dialect; `utc` turns instants into calendar dates;
//! `syntax` holds what both parsers share.

mod cron;
mod syntax;
pub(crate) mod utc;

use crate::clock::{DAY_MILLIS, HOUR_MILLIS, SECOND_MILLIS};
use cron::Cron;
use generated::RotationRulesType;
use runtime::Timestamp;
pub(crate) use syntax::ScheduleError;
use syntax::{MIN_HOURS_BETWEEN_ROTATIONS, parse_count};

/// A validated rotation schedule with its window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RotationSchedule {
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
    pub(crate) fn parse(rules: &RotationRulesType) -> Result<Self, ScheduleError> {
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
    pub(crate) fn described_rules(&self, given: &RotationRulesType) -> RotationRulesType {
        let mut rules = given.clone();
        if let (Cadence::Days(days), Some(_)) = (&self.cadence, &given.schedule_expression) {
            rules.automatically_after_days = Some(i64::from(*days));
        }
        rules
    }

    /// Whether the next rotation is counted from the last one (AutomaticallyAfterDays and
    /// `rate()`), rather than fixed by the calendar (`cron()`).
    pub(crate) fn counts_from_last_rotation(&self) -> bool {
        !matches!(self.cadence, Cadence::Cron(_))
    }

    /// `NextRotationDate` for a secret last rotated (or given a new value) at `last_rotation`:
    /// the last second of the first window that opens after it. `None` if the schedule never
    /// fires again (a `cron()` for a day no month has).
    pub(crate) fn next_rotation(&self, last_rotation: Timestamp) -> Option<Timestamp> {
        let (opens, default_hours) = self.next_window(last_rotation)?;
        let hours = self.duration_hours.unwrap_or(default_hours);
        let closes = opens.plus_millis(i64::from(hours) * HOUR_MILLIS);
        Some(closes.plus_millis(-SECOND_MILLIS))
    }

    /// When the first window after `after` opens, and for how many hours it stays open when
    /// `Duration` does not say. UTC days all last 24 hours, so day and hour steps are plain
    /// arithmetic on the instant; only `cron()` needs the calendar.
    fn next_window(&self, after: Timestamp) -> Option<(Timestamp, u32)> {
        let midnight = after.start_of_day();
        match &self.cadence {
            Cadence::Days(days) => Some((midnight.plus_millis(i64::from(*days) * DAY_MILLIS), 24)),
            Cadence::Hours(hours) => {
                let step = i64::from(*hours) * HOUR_MILLIS;
                let since_midnight = after.epoch_millis() - midnight.epoch_millis();
                Some((midnight.plus_millis((since_midnight / step + 1) * step), 1))
            }
            Cadence::Cron(cron) => {
                let opens = cron.next_after(utc::date_time(after)?)?;
                let until_midnight = 24 - u32::from(opens.hour());
                let hours = if cron.fires_hourly() {
                    1
                } else {
                    until_midnight
                };
                Some((utc::timestamp(opens), hours))
            }
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

/// `Nh`, 1 to 24 hours. The generated validation has already checked the `[0-9]+h` pattern.
fn parse_duration(duration: &str) -> Result<u32, ScheduleError> {
    duration
        .strip_suffix('h')
        .and_then(parse_count)
        .filter(|hours| (1..=24).contains(hours))
        .ok_or(ScheduleError::DurationOutOfRange)
}

#[cfg(test)]
mod tests {
    use super::utc::at;
    use super::*;

    /// 2024-03-15T10:30:00Z, a Friday.
    const FRIDAY_10_30: Timestamp = Timestamp::from_epoch_millis(1_710_498_600_000);

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

    #[test]
    fn day_windows_over_month_ends_leap_years_and_new_year() {
        let after_days = |days: i64, after: &str| {
            RotationSchedule::parse(&rules(Some(days), None, None))
                .unwrap()
                .next_rotation(at(after))
        };
        assert_eq!(
            after_days(1, "2024-12-31T10:00:00"),
            Some(at("2025-01-01T23:59:59"))
        );
        assert_eq!(
            after_days(365, "2024-01-01T00:00:00"),
            Some(at("2024-12-31T23:59:59"))
        );
        assert_eq!(
            after_days(365, "2023-01-01T00:00:00"),
            Some(at("2024-01-01T23:59:59"))
        );
        assert_eq!(
            next("rate(30 days)", "2024-01-31T12:00:00"),
            at("2024-03-01T23:59:59")
        );
    }

    #[test]
    fn hour_windows_cross_midnight_and_new_year() {
        assert_eq!(
            next("rate(4 hours)", "2024-12-31T23:30:00"),
            at("2025-01-01T00:59:59")
        );
        assert_eq!(
            next("rate(5 hours)", "2024-02-28T22:00:00"),
            at("2024-02-29T01:59:59")
        );
        let six_hour_window =
            RotationSchedule::parse(&rules(None, Some("rate(6 hours)"), Some("6h"))).unwrap();
        assert_eq!(
            six_hour_window.next_rotation(FRIDAY_10_30),
            Some(at("2024-03-15T17:59:59"))
        );
    }

    #[test]
    fn cron_windows_close_at_midnight_or_after_an_hour() {
        assert_eq!(
            next("cron(0 20 * * ? *)", "2024-02-28T21:00:00"),
            at("2024-02-29T23:59:59")
        );
        assert_eq!(
            next("cron(0 0 L * ? *)", "2024-12-31T00:00:00"),
            at("2025-01-31T23:59:59")
        );
        assert_eq!(
            next("cron(0 0,12 * * ? *)", "2024-12-31T12:00:00"),
            at("2025-01-01T00:59:59")
        );
        let to_midnight =
            RotationSchedule::parse(&rules(None, Some("cron(0 20 * * ? *)"), Some("4h"))).unwrap();
        assert_eq!(
            to_midnight.next_rotation(at("2024-12-31T21:00:00")),
            Some(at("2025-01-01T23:59:59"))
        );
    }

    /// The calendar ends with the year 9999 (the `time` crate's range): past it a `cron()` has
    /// no next rotation, while day and hour rates, plain arithmetic, go on.
    #[test]
    fn past_the_year_9999_only_rates_have_a_next_rotation() {
        let last_day = at("9999-12-31T00:00:00");
        assert_eq!(
            expression("cron(0 10 * * ? *)")
                .unwrap()
                .next_rotation(last_day.plus_millis(11 * HOUR_MILLIS)),
            None
        );
        assert_eq!(
            expression("rate(1 day)").unwrap().next_rotation(last_day),
            Some(last_day.plus_millis(2 * DAY_MILLIS - SECOND_MILLIS))
        );
    }
}
