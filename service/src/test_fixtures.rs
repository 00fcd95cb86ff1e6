//! What unit tests across the crate build their secrets from.

use crate::secret::{AWSCURRENT, Secret, SecretValue};
use generated::RotationRulesType;
use runtime::Timestamp;

/// 2024-03-15T10:30:00Z, mid-morning of a mid-month day.
pub(crate) const NOW: Timestamp = Timestamp::from_epoch_millis(1_710_498_600_000);

/// A secret created at [`NOW`] whose one version, `v1`, holds `value` as AWSCURRENT.
pub(crate) fn secret_holding(name: &str, arn: &str, value: SecretValue) -> Secret {
    let mut secret = Secret::new(name.into(), arn.into(), NOW);
    secret.add_version("v1".into(), value, vec![AWSCURRENT.into()], NOW);
    secret
}

/// `secret` with rotation turned on, every day (no date computed yet).
pub(crate) fn rotating_daily(mut secret: Secret) -> Secret {
    secret.rotation.enabled = Some(true);
    secret.rotation.rules = Some(RotationRulesType {
        automatically_after_days: Some(1),
        ..Default::default()
    });
    secret
}
