//! Which secret names and ids AWS accepts.

use crate::arn::SecretArn;

/// Names may hold ASCII letters, digits and `/_+=.@-`.
pub(crate) fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/_+=.@-".contains(&b))
}

/// A SecretId is a name, or a (full or partial) secret ARN.
pub(crate) fn is_valid_secret_id(secret_id: &str) -> bool {
    match SecretArn::parse(secret_id) {
        Some(arn) => is_valid_name(arn.resource),
        None => is_valid_name(secret_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_documented_characters() {
        assert!(is_valid_name("prod/db_user+1=x.y@z-w"));
        for bad in ["", "has space", "star*", "what?", "é"] {
            assert!(!is_valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn secret_ids_may_be_arns() {
        assert!(is_valid_secret_id(
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:x-AbCdEf"
        ));
        assert!(!is_valid_secret_id(
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:bad name"
        ));
        assert!(!is_valid_secret_id("bad name"));
    }
}
