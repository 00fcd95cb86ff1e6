//! A new version from a request (CreateSecret, PutSecretValue, UpdateSecret): the value it carries
//! and the VersionId it gets under AWS's ClientRequestToken rules.

use crate::errors;
use crate::secret::{Secret, SecretValue};
use generated::{InvalidParameterException, ResourceExistsException};
use runtime::Blob;

/// The value a request carries, if any: SecretString or SecretBinary, never both.
pub(crate) fn requested_value<E: From<InvalidParameterException>>(
    string: Option<String>,
    binary: Option<Blob>,
) -> Result<Option<SecretValue>, E> {
    match (string, binary) {
        (Some(_), Some(_)) => Err(errors::string_and_binary().into()),
        (Some(text), None) => Ok(Some(SecretValue::Text(text))),
        (None, Some(bytes)) => Ok(Some(SecretValue::Binary(bytes))),
        (None, None) => Ok(None),
    }
}

/// What a request's ClientRequestToken asks of a secret.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum VersionToken {
    /// Store the value as a new version with this id.
    New(String),
    /// A repeat of the request that stored this version: nothing to do.
    Repeat(String),
}

/// Decides the VersionId for `value`: the token, or a fresh UUID when a raw request sent none
/// (AWS would refuse; we keep such requests working). A token that already names a version is
/// a retry if the value is the same, and a conflict otherwise.
pub(crate) fn version_token<E: From<ResourceExistsException>>(
    secret: &Secret,
    token: Option<&str>,
    value: &SecretValue,
) -> Result<VersionToken, E> {
    let Some(token) = token else {
        return Ok(VersionToken::New(new_version_id(None)));
    };
    match secret.version(token) {
        // A rotation's awaited version is the rotation function's to fill.
        None => Ok(VersionToken::New(token.to_owned())),
        Some(version) if version.value == SecretValue::Awaited => {
            Ok(VersionToken::New(token.to_owned()))
        }
        Some(version) if version.value == *value => Ok(VersionToken::Repeat(token.to_owned())),
        Some(_) => Err(errors::token_in_use(token, &secret.arn).into()),
    }
}

/// The VersionId of a secret's first version: the token, or a fresh UUID without one.
pub(crate) fn new_version_id(token: Option<&str>) -> String {
    token.map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::AWSCURRENT;
    use generated::PutSecretValueError;
    use runtime::Timestamp;

    const TOKEN: &str = "11111111-2222-3333-4444-555555555555";

    fn text(value: &str) -> SecretValue {
        SecretValue::Text(value.into())
    }

    fn secret_with_version() -> Secret {
        let now = Timestamp::from_epoch_millis(0);
        let mut secret = Secret::new("s".into(), "arn:s".into(), now);
        secret.add_version(TOKEN.into(), text("a"), vec![AWSCURRENT.into()], now);
        secret
    }

    fn token(token: Option<&str>, value: &str) -> Result<VersionToken, PutSecretValueError> {
        version_token(&secret_with_version(), token, &text(value))
    }

    #[test]
    fn a_new_token_becomes_the_version_id() {
        let fresh = "99999999-2222-3333-4444-555555555555";
        assert_eq!(
            token(Some(fresh), "b").unwrap(),
            VersionToken::New(fresh.into())
        );
    }

    #[test]
    fn no_token_gets_a_fresh_uuid() {
        let VersionToken::New(id) = token(None, "b").unwrap() else {
            panic!("expected a new version");
        };
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
    }

    #[test]
    fn the_same_token_and_value_is_a_repeat() {
        assert_eq!(
            token(Some(TOKEN), "a").unwrap(),
            VersionToken::Repeat(TOKEN.into())
        );
    }

    #[test]
    fn the_same_token_with_another_value_is_refused() {
        let Err(PutSecretValueError::ResourceExistsException(error)) = token(Some(TOKEN), "b")
        else {
            panic!("expected ResourceExistsException");
        };
        assert_eq!(
            error.message.as_deref(),
            Some(
                "You can't use ClientRequestToken 11111111-2222-3333-4444-555555555555 because \
                 that value is already in use for a version of secret arn:s."
            )
        );
    }

    #[test]
    fn string_and_binary_together_are_refused() {
        let both: Result<_, PutSecretValueError> =
            requested_value(Some("a".into()), Some(Blob::new(vec![1])));
        assert!(matches!(
            both,
            Err(PutSecretValueError::InvalidParameterException(_))
        ));
    }
}
