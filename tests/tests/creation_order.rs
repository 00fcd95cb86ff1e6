//! Creation order: secrets are listed in the order they were created, even when several fall in
//! the same millisecond, by default and with SortBy CreatedDate both ways, and across NextToken
//! pages. (The order survives a restart with `--data-dir`: service/tests/creation_order_persists.rs.)

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::types::{SortByType, SortOrderType};
use common::{TestServer, create_secret, entry_names as names};

/// Names that sort against the order they are created in: name order can never pass for
/// creation order.
fn created_names() -> Vec<String> {
    (0..30)
        .rev()
        .map(|index| format!("order/{index:02}"))
        .collect()
}

async fn listed_in_order(client: &Client, order: Option<SortOrderType>) -> Vec<String> {
    let answer = client
        .list_secrets()
        .sort_by(SortByType::CreatedDate)
        .set_sort_order(order)
        .send()
        .await
        .expect("list secrets");
    names(answer.secret_list().iter().map(|entry| entry.name()))
}

#[tokio::test]
async fn secrets_come_back_in_the_order_they_were_created() {
    let (_server, client) = TestServer::with_client().await;
    let created = created_names();
    // Created back to back, so that several often fall in the same millisecond, where only the
    // creation sequence keeps them in order.
    for name in &created {
        create_secret(&client, name, "v").await;
    }

    let default = client.list_secrets().send().await.expect("list secrets");
    assert_eq!(
        names(default.secret_list().iter().map(|entry| entry.name())),
        created
    );
    assert_eq!(listed_in_order(&client, None).await, created);
    assert_eq!(
        listed_in_order(&client, Some(SortOrderType::Asc)).await,
        created
    );
    let mut newest_first = created.clone();
    newest_first.reverse();
    assert_eq!(
        listed_in_order(&client, Some(SortOrderType::Desc)).await,
        newest_first
    );

    // Pages resume exactly where the last one ended, in both directions.
    for (order, expected) in [
        (SortOrderType::Asc, &created),
        (SortOrderType::Desc, &newest_first),
    ] {
        let mut paged = Vec::new();
        let mut token = None;
        loop {
            let page = client
                .list_secrets()
                .sort_order(order.clone())
                .max_results(7)
                .set_next_token(token)
                .send()
                .await
                .expect("page");
            paged.extend(names(page.secret_list().iter().map(|entry| entry.name())));
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
        assert_eq!(&paged, expected, "{order:?}");
    }
}
