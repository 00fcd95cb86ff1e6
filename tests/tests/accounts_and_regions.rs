//! State is partitioned by account and region, both taken from the caller's credentials.

mod common;

use common::{
    DEFAULT_ACCOUNT, SECRET_NOT_FOUND, TestServer, assert_error, assert_secret_arn, create_secret,
    current_value,
};

/// A 12-digit access key id is taken as the account id.
const OTHER_ACCOUNT: &str = "111111111111";

#[tokio::test]
async fn secret_is_invisible_from_another_region() {
    let server = TestServer::start().await;
    create_secret(&server.client(), "isolation/region", "v").await;

    let eu_client = server.client_for("eu-west-1", "test");

    assert_error(
        eu_client
            .get_secret_value()
            .secret_id("isolation/region")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
}

#[tokio::test]
async fn secret_is_invisible_from_another_account() {
    let server = TestServer::start().await;
    create_secret(&server.client(), "isolation/account", "v").await;

    let other_account = server.client_for("us-east-1", OTHER_ACCOUNT);

    assert_error(
        other_account
            .get_secret_value()
            .secret_id("isolation/account")
            .send()
            .await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
}

#[tokio::test]
async fn arn_carries_the_callers_region_and_account() {
    let server = TestServer::start().await;

    let default_arn = create_secret(&server.client(), "isolation/arn", "v").await;
    let eu_arn = create_secret(
        &server.client_for("eu-west-1", "test"),
        "isolation/arn",
        "v",
    )
    .await;
    let other_account_arn = create_secret(
        &server.client_for("ap-southeast-2", OTHER_ACCOUNT),
        "isolation/arn",
        "v",
    )
    .await;

    assert_secret_arn(&default_arn, "us-east-1", DEFAULT_ACCOUNT, "isolation/arn");
    assert_secret_arn(&eu_arn, "eu-west-1", DEFAULT_ACCOUNT, "isolation/arn");
    assert_secret_arn(
        &other_account_arn,
        "ap-southeast-2",
        OTHER_ACCOUNT,
        "isolation/arn",
    );
}

#[tokio::test]
async fn same_name_in_two_accounts_holds_two_values() {
    let server = TestServer::start().await;
    let ours = server.client();
    let theirs = server.client_for("us-east-1", OTHER_ACCOUNT);
    create_secret(&ours, "isolation/shared-name", "ours").await;
    create_secret(&theirs, "isolation/shared-name", "theirs").await;

    assert_eq!(current_value(&ours, "isolation/shared-name").await, "ours");
    assert_eq!(
        current_value(&theirs, "isolation/shared-name").await,
        "theirs"
    );
}
