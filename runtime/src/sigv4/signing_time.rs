//! The time a request says it was signed (`X-Amz-Date`, `20150830T123600Z`), and AWS's refusal of
//! a signature made too far from the server's clock.
//!
//! The window is 5 minutes either way: Secrets Manager's own refusals, as reported from
//! GetSecretValue calls, read `Signature expired: 20251105T220858Z is now earlier than
//! 20251106T132108Z (20251106T132608Z - 5 min.)` (botocore issue 3587, boto3 issue 4716). (Other
//! services, IAM and ECR for example, allow 15 minutes.)

use std::time::{SystemTime, UNIX_EPOCH};

/// How far a signing time may be from the server's clock, in seconds.
pub const MAX_SKEW_SECS: i64 = 5 * 60;

/// Why a signing time is refused. Display is AWS's message, which names the times compared.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SkewError {
    /// Signed more than [`MAX_SKEW_SECS`] before the server's now.
    #[error("{0}")]
    Expired(String),
    /// Signed more than [`MAX_SKEW_SECS`] after the server's now.
    #[error("{0}")]
    NotYetCurrent(String),
}

/// Refuses `signed_at` (an `X-Amz-Date`) when it is more than [`MAX_SKEW_SECS`] from `now`. A
/// date that does not parse is left to the signature check, which it then fails.
pub fn check_skew(signed_at: &str, now: SystemTime) -> Result<(), SkewError> {
    let Some(signed) = parse_basic(signed_at) else {
        return Ok(());
    };
    let now = now
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs() as i64);
    let minutes = MAX_SKEW_SECS / 60;
    if signed < now - MAX_SKEW_SECS {
        return Err(SkewError::Expired(format!(
            "Signature expired: {signed_at} is now earlier than {} ({} - {minutes} min.)",
            format_basic(now - MAX_SKEW_SECS),
            format_basic(now)
        )));
    }
    if signed > now + MAX_SKEW_SECS {
        return Err(SkewError::NotYetCurrent(format!(
            "Signature not yet current: {signed_at} is still later than {} ({} + {minutes} min.)",
            format_basic(now + MAX_SKEW_SECS),
            format_basic(now)
        )));
    }
    Ok(())
}

/// `YYYYMMDDTHHMMSSZ` as seconds since the epoch.
fn parse_basic(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = text.get(range)?;
        digits
            .bytes()
            .all(|byte| byte.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = (number(9..11)?, number(11..13)?, number(13..15)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// Seconds since the epoch as `YYYYMMDDTHHMMSSZ`.
fn format_basic(epoch_secs: i64) -> String {
    let (days, seconds) = (epoch_secs.div_euclid(86_400), epoch_secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        seconds / 3_600,
        seconds % 3_600 / 60,
        seconds % 60
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(epoch_secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(epoch_secs)
    }

    #[test]
    fn formats_and_parses_the_basic_form() {
        // 2015-08-30T12:36:00Z, AWS's documented signing example.
        assert_eq!(parse_basic("20150830T123600Z"), Some(1_440_938_160));
        assert_eq!(format_basic(1_440_938_160), "20150830T123600Z");
        assert_eq!(format_basic(951_782_400), "20000229T000000Z");
        for text in ["20150830T1236Z", "2015083OT123600Z", "20151330T123600Z", ""] {
            assert_eq!(parse_basic(text), None, "{text}");
        }
        for epoch in [0, 951_868_799, 1_700_000_000, 4_102_444_800] {
            assert_eq!(parse_basic(&format_basic(epoch)), Some(epoch));
        }
    }

    #[test]
    fn refuses_signatures_more_than_five_minutes_off_with_aws_words() {
        let now = at(1_762_435_568); // 20251106T132608Z
        assert_eq!(check_skew("20251106T132108Z", now), Ok(()));
        assert_eq!(check_skew("20251106T133108Z", now), Ok(()));
        // The refusal botocore issue 3587 reports, word for word.
        assert_eq!(
            check_skew("20251105T220858Z", now),
            Err(SkewError::Expired(
                "Signature expired: 20251105T220858Z is now earlier than 20251106T132108Z (20251106T132608Z - 5 min.)".into()
            ))
        );
        assert_eq!(
            check_skew("20251106T133109Z", now),
            Err(SkewError::NotYetCurrent(
                "Signature not yet current: 20251106T133109Z is still later than 20251106T133108Z (20251106T132608Z + 5 min.)".into()
            ))
        );
    }
}
