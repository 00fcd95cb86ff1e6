//! The ceiling's secrets: a `Vec` in creation order (for paging) indexed by a `HashMap` of names,
//! each secret with its current and previous value.

use super::shapes::{
    CreateSecretRequest, CreateSecretResponse, GetSecretValueResponse, ListSecretsRequest,
    ListSecretsResponse, PutSecretValueRequest, PutSecretValueResponse, SecretIdRequest,
    SecretMetadata, VersionStages,
};
use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

const DEFAULT_PAGE_SIZE: usize = 100;

#[derive(Debug)]
pub(super) enum Failure {
    NotFound,
    Exists,
    Serialization,
    UnknownOperation,
}

impl Failure {
    /// The AWS JSON 1.1 error body.
    pub(super) fn to_json(&self) -> Vec<u8> {
        let (kind, message) = match self {
            Failure::NotFound => (
                "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret.",
            ),
            Failure::Exists => (
                "ResourceExistsException",
                "The operation failed because the secret already exists.",
            ),
            Failure::Serialization => ("SerializationException", "Malformed request body."),
            Failure::UnknownOperation => ("UnknownOperationException", "Unknown operation."),
        };
        format!(r#"{{"__type":"{kind}","Message":"{message}"}}"#).into_bytes()
    }
}

#[derive(Debug)]
struct Version {
    id: String,
    value: String,
    created: f64,
}

#[derive(Debug)]
struct Secret {
    arn: String,
    name: String,
    description: Option<String>,
    created: f64,
    changed: f64,
    current: Version,
    previous: Option<Version>,
}

impl Secret {
    fn metadata(&self, listed: bool) -> SecretMetadata<'_> {
        let mut stages = VersionStages::new();
        stages.insert(self.current.id.as_str(), ["AWSCURRENT"]);
        if let Some(previous) = &self.previous {
            stages.insert(previous.id.as_str(), ["AWSPREVIOUS"]);
        }
        let (described, listed) = if listed {
            (None, Some(stages))
        } else {
            (Some(stages), None)
        };
        SecretMetadata {
            arn: &self.arn,
            name: &self.name,
            description: self.description.as_deref(),
            created_date: self.created,
            last_changed_date: self.changed,
            version_ids_to_stages: described,
            secret_versions_to_stages: listed,
        }
    }
}

#[derive(Debug, Default)]
pub(super) struct Store {
    secrets: Vec<Secret>,
    by_name: HashMap<String, usize>,
    /// Versions created without a ClientRequestToken get an id from this counter.
    versions: u64,
}

impl Store {
    pub(super) fn create_secret(
        &mut self,
        input: CreateSecretRequest,
    ) -> Result<CreateSecretResponse<'_>, Failure> {
        if self.by_name.contains_key(&input.name) {
            return Err(Failure::Exists);
        }
        let now = now();
        let version = self.new_version(input.client_request_token, input.secret_string, now);
        let arn = format!(
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:{}-{:06x}",
            input.name,
            self.secrets.len() & 0xff_ffff
        );
        self.by_name.insert(input.name.clone(), self.secrets.len());
        self.secrets.push(Secret {
            arn,
            name: input.name,
            description: input.description,
            created: now,
            changed: now,
            current: version,
            previous: None,
        });
        let secret = &self.secrets[self.secrets.len() - 1];
        Ok(CreateSecretResponse {
            arn: &secret.arn,
            name: &secret.name,
            version_id: &secret.current.id,
        })
    }

    pub(super) fn get_secret_value(
        &self,
        input: &SecretIdRequest,
    ) -> Result<GetSecretValueResponse<'_>, Failure> {
        let secret = self.find(&input.secret_id)?;
        Ok(GetSecretValueResponse {
            arn: &secret.arn,
            name: &secret.name,
            version_id: &secret.current.id,
            secret_string: &secret.current.value,
            version_stages: ["AWSCURRENT"],
            created_date: secret.current.created,
        })
    }

    pub(super) fn put_secret_value(
        &mut self,
        input: PutSecretValueRequest,
    ) -> Result<PutSecretValueResponse<'_>, Failure> {
        let index = *self
            .by_name
            .get(&input.secret_id)
            .ok_or(Failure::NotFound)?;
        let now = now();
        let version = self.new_version(input.client_request_token, input.secret_string, now);
        let secret = &mut self.secrets[index];
        secret.previous = Some(std::mem::replace(&mut secret.current, version));
        secret.changed = now;
        Ok(PutSecretValueResponse {
            arn: &secret.arn,
            name: &secret.name,
            version_id: &secret.current.id,
            version_stages: ["AWSCURRENT"],
        })
    }

    pub(super) fn describe_secret(
        &self,
        input: &SecretIdRequest,
    ) -> Result<SecretMetadata<'_>, Failure> {
        Ok(self.find(&input.secret_id)?.metadata(false))
    }

    /// A page of secrets in creation order; `NextToken` is the position to go on from.
    pub(super) fn list_secrets(&self, input: &ListSecretsRequest) -> ListSecretsResponse<'_> {
        let page_size = input.max_results.unwrap_or(DEFAULT_PAGE_SIZE).max(1);
        let start: usize = input
            .next_token
            .as_deref()
            .and_then(|token| token.parse().ok())
            .unwrap_or(0);
        let prefixes: Vec<&str> = input
            .filters
            .iter()
            .filter(|filter| filter.key == "name")
            .flat_map(|filter| filter.values.iter().map(String::as_str))
            .collect();
        let matches = |secret: &&Secret| {
            prefixes.is_empty()
                || prefixes
                    .iter()
                    .any(|prefix| secret.name.starts_with(prefix))
        };
        let mut secret_list = Vec::with_capacity(page_size);
        let mut position = start;
        for secret in self.secrets.iter().skip(start) {
            if secret_list.len() == page_size {
                break;
            }
            position += 1;
            if matches(&secret) {
                secret_list.push(secret.metadata(true));
            }
        }
        let next_token = (position < self.secrets.len()
            && self.secrets[position..]
                .iter()
                .any(|secret| matches(&secret)))
        .then(|| position.to_string());
        ListSecretsResponse {
            secret_list,
            next_token,
        }
    }

    fn find(&self, secret_id: &str) -> Result<&Secret, Failure> {
        let index = self.by_name.get(secret_id).ok_or(Failure::NotFound)?;
        Ok(&self.secrets[*index])
    }

    fn new_version(&mut self, token: Option<String>, value: Option<String>, now: f64) -> Version {
        self.versions += 1;
        Version {
            id: token.unwrap_or_else(|| format!("00000000-0000-4000-8000-{:012x}", self.versions)),
            value: value.unwrap_or_default(),
            created: now,
        }
    }
}

/// Epoch seconds, as AWS JSON timestamps are.
fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |elapsed| (elapsed.as_millis() as f64) / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ceiling::shapes::Filter;

    fn create(store: &mut Store, name: &str) {
        let input = CreateSecretRequest {
            name: name.to_owned(),
            description: None,
            secret_string: Some("value".to_owned()),
            client_request_token: None,
        };
        store.create_secret(input).unwrap();
    }

    fn page(
        store: &Store,
        prefix: Option<&str>,
        next_token: Option<String>,
    ) -> (Vec<String>, Option<String>) {
        let input = ListSecretsRequest {
            max_results: Some(2),
            next_token,
            filters: prefix
                .map(|prefix| Filter {
                    key: "name".to_owned(),
                    values: vec![prefix.to_owned()],
                })
                .into_iter()
                .collect(),
        };
        let page = store.list_secrets(&input);
        let names = page
            .secret_list
            .iter()
            .map(|secret| secret.name.to_owned())
            .collect();
        (names, page.next_token)
    }

    #[test]
    fn pages_follow_creation_order_and_filter_by_prefix() {
        let mut store = Store::default();
        for name in ["a/1", "b/1", "a/2", "a/3", "b/2"] {
            create(&mut store, name);
        }
        let (first, token) = page(&store, None, None);
        assert_eq!(first, ["a/1", "b/1"]);
        let (second, token) = page(&store, None, token);
        assert_eq!(second, ["a/2", "a/3"]);
        let (last, token) = page(&store, None, token);
        assert_eq!((last, token), (vec!["b/2".to_owned()], None));

        let (first, token) = page(&store, Some("a/"), None);
        assert_eq!(first, ["a/1", "a/2"]);
        let (last, token) = page(&store, Some("a/"), token);
        assert_eq!((last, token), (vec!["a/3".to_owned()], None));
    }

    #[test]
    fn put_keeps_the_previous_version_and_get_answers_the_current_one() {
        let mut store = Store::default();
        create(&mut store, "app/db");
        let put = PutSecretValueRequest {
            secret_id: "app/db".to_owned(),
            secret_string: Some("new".to_owned()),
            client_request_token: Some("token-2".to_owned()),
        };
        store.put_secret_value(put).unwrap();
        let id = SecretIdRequest {
            secret_id: "app/db".to_owned(),
        };
        let value = store.get_secret_value(&id).unwrap();
        assert_eq!((value.secret_string, value.version_id), ("new", "token-2"));
        let described = store.describe_secret(&id).unwrap();
        assert_eq!(
            described.version_ids_to_stages.map(|stages| stages.len()),
            Some(2)
        );
        let missing = SecretIdRequest {
            secret_id: "nope".to_owned(),
        };
        assert!(matches!(
            store.get_secret_value(&missing),
            Err(Failure::NotFound)
        ));
    }
}
