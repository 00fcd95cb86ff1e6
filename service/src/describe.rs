//! A secret's metadata as DescribeSecret and ListSecrets show it: every member AWS returns, and
//! members without a value omitted (no `VersionIdsToStages` before the first version, no `Tags`
//! before tags are set, no `RotationEnabled` before rotation is configured, ...).

use crate::replicas::replication_status;
use crate::secret::{CrossAccountLink, Secret};
use generated::{
    CrossAccountPrimaryType, CrossAccountReplicaEntry, DescribeSecretResponse, SecretListEntry,
};

/// DescribeSecret's view of `secret`.
pub(crate) fn describe(secret: &Secret) -> DescribeSecretResponse {
    let rotation = &secret.rotation;
    DescribeSecretResponse {
        arn: Some(secret.arn.clone()),
        name: Some(secret.name.clone()),
        r#type: secret.secret_type.clone(),
        // AWS shows no Description for an empty one (recorded: CreateSecret with `""`).
        description: secret.description.clone().filter(|text| !text.is_empty()),
        kms_key_id: secret.kms_key_id.clone(),
        rotation_enabled: rotation.enabled,
        rotation_lambda_arn: rotation.lambda_arn.clone(),
        rotation_rules: rotation.rules.clone(),
        external_secret_rotation_metadata: rotation.external_metadata.clone(),
        external_secret_rotation_role_arn: rotation.external_role_arn.clone(),
        last_rotated_date: rotation.last_rotated,
        last_changed_date: Some(secret.last_changed),
        last_accessed_date: secret.last_accessed.get(),
        deleted_date: secret.deletion.map(|deletion| deletion.deleted_at),
        next_rotation_date: rotation.next_rotation,
        tags: secret.tags.clone(),
        version_ids_to_stages: Some(secret.versions_to_stages()).filter(|map| !map.is_empty()),
        owning_service: secret.owning_service.clone(),
        created_date: Some(secret.created),
        primary_region: secret.shown_primary_region().map(str::to_owned),
        replication_status: non_empty(secret.replicas.iter().map(replication_status).collect()),
        cross_account_primary: secret
            .cross_account_primary
            .as_ref()
            .map(cross_account_primary),
        cross_account_replicas: non_empty(
            secret
                .cross_account_replicas
                .iter()
                .map(cross_account_replica)
                .collect(),
        ),
    }
}

/// ListSecrets' view of `secret`: DescribeSecret's, with the version map under the name
/// ListSecrets gives it and without the replication details ListSecrets does not return.
pub(crate) fn list_entry(secret: &Secret) -> SecretListEntry {
    let described = describe(secret);
    SecretListEntry {
        arn: described.arn,
        name: described.name,
        r#type: described.r#type,
        description: described.description,
        kms_key_id: described.kms_key_id,
        rotation_enabled: described.rotation_enabled,
        rotation_lambda_arn: described.rotation_lambda_arn,
        rotation_rules: described.rotation_rules,
        external_secret_rotation_metadata: described.external_secret_rotation_metadata,
        external_secret_rotation_role_arn: described.external_secret_rotation_role_arn,
        last_rotated_date: described.last_rotated_date,
        last_changed_date: described.last_changed_date,
        last_accessed_date: described.last_accessed_date,
        deleted_date: described.deleted_date,
        next_rotation_date: described.next_rotation_date,
        tags: described.tags,
        secret_versions_to_stages: described.version_ids_to_stages,
        owning_service: described.owning_service,
        created_date: described.created_date,
        primary_region: described.primary_region,
    }
}

fn cross_account_primary(link: &CrossAccountLink) -> CrossAccountPrimaryType {
    CrossAccountPrimaryType {
        primary_secret_arn: Some(link.arn.clone()),
        replication_status: Some(link.status),
        status_message: link.status_message.clone(),
    }
}

fn cross_account_replica(link: &CrossAccountLink) -> CrossAccountReplicaEntry {
    CrossAccountReplicaEntry {
        replica_secret_arn: Some(link.arn.clone()),
        replication_role_arn: link.role_arn.clone(),
        replication_status: Some(link.status),
        status_message: link.status_message.clone(),
    }
}

fn non_empty<T>(items: Vec<T>) -> Option<Vec<T>> {
    Some(items).filter(|items| !items.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::{AWSCURRENT, SecretValue};
    use runtime::Timestamp;

    const NOW: Timestamp = Timestamp::from_epoch_millis(1_700_000_000_000);

    fn secret() -> Secret {
        Secret::new("app/db".into(), "arn:...:app/db-AbCdEf".into(), NOW)
    }

    #[test]
    fn a_fresh_secret_shows_only_what_it_has() {
        let described = describe(&secret());
        let expected = DescribeSecretResponse {
            arn: Some("arn:...:app/db-AbCdEf".into()),
            name: Some("app/db".into()),
            last_changed_date: Some(NOW),
            created_date: Some(NOW),
            ..Default::default()
        };
        assert_eq!(described, expected);
    }

    #[test]
    fn labelled_versions_and_empty_tags_are_shown() {
        let mut secret = secret();
        secret.add_version(
            "v1".into(),
            SecretValue::Text("x".into()),
            vec![AWSCURRENT.into()],
            NOW,
        );
        secret.tags = Some(Vec::new());
        let described = describe(&secret);
        assert_eq!(described.version_ids_to_stages.unwrap()["v1"], [AWSCURRENT]);
        assert_eq!(described.tags, Some(Vec::new()));
        let listed = list_entry(&secret);
        assert_eq!(
            listed.secret_versions_to_stages.unwrap()["v1"],
            [AWSCURRENT]
        );
    }
}
