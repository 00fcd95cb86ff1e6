//! The members of the requests and answers the ceiling serves, named as on the wire.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct CreateSecretRequest {
    pub name: String,
    pub description: Option<String>,
    pub secret_string: Option<String>,
    pub client_request_token: Option<String>,
}

/// GetSecretValue's and DescribeSecret's input.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct SecretIdRequest {
    pub secret_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct PutSecretValueRequest {
    pub secret_id: String,
    pub secret_string: Option<String>,
    pub client_request_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ListSecretsRequest {
    pub max_results: Option<usize>,
    pub next_token: Option<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Filter {
    pub key: String,
    pub values: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct CreateSecretResponse<'a> {
    #[serde(rename = "ARN")]
    pub arn: &'a str,
    pub name: &'a str,
    pub version_id: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct GetSecretValueResponse<'a> {
    #[serde(rename = "ARN")]
    pub arn: &'a str,
    pub name: &'a str,
    pub version_id: &'a str,
    pub secret_string: &'a str,
    pub version_stages: [&'static str; 1],
    pub created_date: f64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct PutSecretValueResponse<'a> {
    #[serde(rename = "ARN")]
    pub arn: &'a str,
    pub name: &'a str,
    pub version_id: &'a str,
    pub version_stages: [&'static str; 1],
}

/// DescribeSecret's answer, and one entry of a ListSecrets page.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct SecretMetadata<'a> {
    #[serde(rename = "ARN")]
    pub arn: &'a str,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    pub created_date: f64,
    pub last_changed_date: f64,
    /// Set in DescribeSecret's answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_ids_to_stages: Option<VersionStages<'a>>,
    /// Set in a ListSecrets entry: the same map under another name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_versions_to_stages: Option<VersionStages<'a>>,
}

/// Version id → its staging labels.
pub(super) type VersionStages<'a> = BTreeMap<&'a str, [&'static str; 1]>;

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ListSecretsResponse<'a> {
    pub secret_list: Vec<SecretMetadata<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}
