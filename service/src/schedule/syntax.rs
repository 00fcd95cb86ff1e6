//! What the schedule parsers (`rate()` and `Duration` in `mod.rs`, `cron()` in `cron.rs`) share:
//! the errors they answer, AWS's spacing of rotations, and counts written in digits.

/// AWS rotates at most every four hours.
pub(super) const MIN_HOURS_BETWEEN_ROTATIONS: u32 = 4;

/// Why a `RotationRules` structure is refused. Each is an InvalidParameterException.
///
/// AWS's text where one is known. `BothFrequencyAndExpression` is reported by Terraform users;
/// the rate, duration and midnight texts come from a third-party linter that quotes them as
/// AWS's (unverified); the rest are our wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ScheduleError {
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

/// A count written in digits; too large a count is still a count (and out of every range).
pub(super) fn parse_count(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse().unwrap_or(u32::MAX))
}
