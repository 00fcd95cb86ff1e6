//! The web console in a real headless Chromium (WebDriver): what the SDK makes shows in the
//! console, what the console changes the SDK reads back, and other web sites cannot use it.
//! Screenshots land in `target/tmp/console-screenshots/` (docs/ shows two of them).

mod browser;
mod common;

use aws_sdk_secretsmanager::types::Tag;
use browser::Browser;
use common::{TestServer, current_value};
use serde_json::json;
use std::path::PathBuf;

fn console_url(server: &TestServer) -> String {
    format!("{}/_emulator/console/", server.endpoint)
}

fn screenshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("console-screenshots")
        .join(name)
}

async fn open_secret(browser: &Browser, server: &TestServer, name: &str) {
    let encoded = name.replace('/', "%2F");
    browser
        .goto(&format!(
            "{}#/000000000000/us-east-1/secret/{encoded}",
            console_url(server)
        ))
        .await;
    browser.wait_for_text("#secret-title", name).await;
}

/// Opens the change form titled `action`, fills `fields` (CSS selector inside the form, text)
/// and presses its first button.
async fn submit(browser: &Browser, action: &str, fields: &[(&str, &str)]) {
    let form = format!(r#"details[data-action="{action}"]"#);
    browser.find(&format!("{form} summary")).await.click().await;
    for (selector, text) in fields {
        browser
            .find(&format!("{form} {selector}"))
            .await
            .fill(text)
            .await;
    }
    browser
        .find(&format!("{form} button[type=submit]"))
        .await
        .click()
        .await;
}

async fn create_tagged(server: &TestServer, name: &str, description: &str, value: &str) {
    server
        .client()
        .create_secret()
        .name(name)
        .description(description)
        .secret_string(value)
        .tags(Tag::builder().key("env").value("dev").build())
        .send()
        .await
        .expect("create secret");
}

#[tokio::test]
async fn a_secret_made_with_the_sdk_is_listed_and_a_value_put_in_the_console_reaches_the_sdk() {
    let server = TestServer::start_with_console().await;
    create_tagged(
        &server,
        "app/db",
        "database credentials",
        r#"{"user":"app","password":"pw"}"#,
    )
    .await;
    create_tagged(&server, "app/api-key", "third-party API key", "k-123").await;
    create_tagged(&server, "ci/deploy-token", "deploy token", "t").await;
    let client = server.client();
    client
        .rotate_secret()
        .secret_id("ci/deploy-token")
        .rotation_rules(
            aws_sdk_secretsmanager::types::RotationRulesType::builder()
                .automatically_after_days(30)
                .build(),
        )
        .send()
        .await
        .expect("rotate");
    create_tagged(&server, "old/unused", "scheduled for deletion", "x").await;
    common::delete(&client, "old/unused").await;

    let browser = Browser::start().await;
    browser.goto(&console_url(&server)).await;
    browser.wait_for_text("#secrets", "app/db").await;
    let row = browser.text(r#"tr[data-name="app/db"]"#).await;
    assert!(
        row.contains("database credentials") && row.contains("env=dev"),
        "{row}"
    );
    let deleted = browser.text(r#"tr[data-name="old/unused"]"#).await;
    assert!(deleted.contains("deleted"), "{deleted}");
    assert!(
        browser
            .text("#partition")
            .await
            .contains("000000000000 / us-east-1 (4 secrets)")
    );
    browser.screenshot(&screenshot_path("list.png")).await;

    // The search uses ListSecrets' filters: a name prefix, and negation.
    browser
        .find("#search")
        .await
        .fill("name:app !description:third")
        .await;
    browser.find("form[role=search] button").await.click().await;
    browser
        .wait_until(
            "the search to leave only app/db",
            "return document.querySelectorAll('#secrets tbody tr').length === 1",
            json!([]),
        )
        .await;
    assert!(browser.text("#secrets tbody").await.contains("app/db"));

    // A narrow window: no sideways scrolling.
    browser.set_window(420, 900).await;
    let fits = browser
        .run(
            "return document.documentElement.scrollWidth <= window.innerWidth",
            json!([]),
        )
        .await;
    assert_eq!(fits, json!(true), "the list overflows a narrow window");
    browser.set_window(1280, 1000).await;

    browser
        .find(r#"tr[data-name="app/db"] a"#)
        .await
        .click()
        .await;
    browser.wait_for_text("#secret-title", "app/db").await;
    // Values stay hidden until revealed; a JSON value shows as a key/value table.
    assert!(!browser.text("#versions").await.contains("pw"));
    browser
        .find("#versions button[data-reveal]")
        .await
        .click()
        .await;
    browser
        .wait_for_text("#versions table.kv", "password")
        .await;

    submit(
        &browser,
        "Put a new value",
        &[("textarea[name=value]", "from the console")],
    )
    .await;
    browser
        .wait_for_text("#status", "Put a new value: done.")
        .await;
    assert_eq!(current_value(&client, "app/db").await, "from the console");
}

#[tokio::test]
async fn label_moves_in_the_console_reach_describe_secret_and_the_history_picture() {
    let server = TestServer::start_with_console().await;
    let client = server.client();
    let first = client
        .create_secret()
        .name("history")
        .secret_string("one")
        .send()
        .await
        .expect("create")
        .version_id
        .expect("version id");
    let browser = Browser::start().await;
    open_secret(&browser, &server, "history").await;
    submit(
        &browser,
        "Put a new value",
        &[("textarea[name=value]", "two")],
    )
    .await;
    browser
        .wait_for_text("#status", "Put a new value: done.")
        .await;
    submit(
        &browser,
        "Put a new value",
        &[("textarea[name=value]", "three")],
    )
    .await;
    browser
        .wait_until(
            "three versions",
            "return document.querySelectorAll('#history .lane').length === 3",
            json!([]),
        )
        .await;
    browser
        .wait_for_text("#status", "Put a new value: done.")
        .await;

    // Move AWSCURRENT back onto the first version.
    browser
        .find(r#"details[data-action="Move a label"] summary"#)
        .await
        .click()
        .await;
    browser.find("#move-stage").await.fill("AWSCURRENT").await;
    browser
        .find(&format!(r#"#move-to option[value="{first}"]"#))
        .await
        .click()
        .await;
    browser
        .find(r#"details[data-action="Move a label"] button[type=submit]"#)
        .await
        .click()
        .await;
    browser
        .wait_for_text("#status", "Move AWSCURRENT: done.")
        .await;

    let described = common::describe(&client, "history").await;
    let stages = described.version_ids_to_stages().expect("stages");
    assert_eq!(stages[&first], ["AWSCURRENT"]);
    let versions = client
        .list_secret_version_ids()
        .secret_id("history")
        .include_deprecated(true)
        .send()
        .await
        .expect("versions");
    let mut versions: Vec<_> = versions.versions().to_vec();
    versions.sort_by_key(|v| v.created_date().map(|d| d.as_nanos()));
    let (second, third) = (
        versions[1].version_id().unwrap().to_owned(),
        versions[2].version_id().unwrap().to_owned(),
    );
    assert_eq!(stages[&third], ["AWSPREVIOUS"]);
    assert!(!stages.contains_key(&second));

    // The picture: labels held now, and the labels each version held before.
    let lanes = browser
        .run(
            "const lanes = {}; for (const lane of document.querySelectorAll('#history .lane')) \
             lanes[lane.dataset.version] = { now: lane.dataset.stages, \
             held: [...lane.querySelectorAll('rect.held')].map((r) => r.dataset.stage).sort() }; \
             return lanes;",
            json!([]),
        )
        .await;
    assert_eq!(lanes[&first]["now"], "AWSCURRENT");
    assert_eq!(lanes[&second]["now"], "");
    assert_eq!(lanes[&third]["now"], "AWSPREVIOUS");
    assert_eq!(
        lanes[&first]["held"],
        json!(["AWSCURRENT", "AWSCURRENT", "AWSPREVIOUS"])
    );
    assert_eq!(lanes[&second]["held"], json!(["AWSCURRENT", "AWSPREVIOUS"]));
    assert_eq!(lanes[&third]["held"], json!(["AWSCURRENT", "AWSPREVIOUS"]));
    browser
        .run(
            "document.getElementById('versions-title').scrollIntoView()",
            json!([]),
        )
        .await;
    browser
        .screenshot(&screenshot_path("version-history.png"))
        .await;
}

#[tokio::test]
async fn rotating_from_the_console_makes_a_new_current_value_and_a_schedule() {
    let server = TestServer::start_with_console().await;
    let client = server.client();
    common::create_secret(&client, "rotating", "before").await;
    let browser = Browser::start().await;
    open_secret(&browser, &server, "rotating").await;
    assert_eq!(browser.text("#next-rotation").await, "—");
    submit(&browser, "Rotation", &[("input[name=days]", "7")]).await;
    browser.wait_for_text("#status", "Rotate: done.").await;
    let described = common::describe(&client, "rotating").await;
    assert_eq!(described.rotation_enabled(), Some(true));
    assert!(described.next_rotation_date().is_some());
    assert_ne!(current_value(&client, "rotating").await, "before");
    assert_eq!(browser.text("#rotation-enabled").await, "yes");
    assert_ne!(browser.text("#next-rotation").await, "—");
}

#[tokio::test]
async fn the_clock_moved_in_the_console_purges_a_deleted_secret() {
    let server = TestServer::start_with_console().await;
    let client = server.client();
    common::create_secret(&client, "doomed", "x").await;
    client
        .delete_secret()
        .secret_id("doomed")
        .recovery_window_in_days(7)
        .send()
        .await
        .expect("delete");
    let browser = Browser::start().await;
    browser.goto(&console_url(&server)).await;
    browser.wait_for_text("#secrets", "doomed").await;
    browser.find("#clock-days").await.fill("8").await;
    browser.find("#clock-advance").await.click().await;
    browser
        .wait_for_text("#status", "Advance the clock 8 days: done.")
        .await;
    common::assert_error(
        client.describe_secret().secret_id("doomed").send().await,
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.",
    );
    assert!(!browser.text("#view").await.contains("doomed"));
    assert!(browser.text("#clock-offset").await.contains("8.00 days"));
}

/// A page on another origin (here another port) that tries to use the console.
async fn hostile_site(console: &str) -> (String, tokio::task::JoinHandle<()>) {
    let target = format!("{console}api/op/CreateSecret");
    let form = format!(
        r#"<!doctype html><form id="f" method="POST" enctype="text/plain" action="{target}">
<input name='{{"Name":"forged","SecretString":"x","pad":"' value='"}}'></form>
<script>document.getElementById("f").submit()</script>"#
    );
    let fetch = format!(
        r#"<!doctype html><p id="result">pending</p><script>
fetch("{target}", {{method: "POST", headers: {{"X-Emulator-Console": "1"}}, body: '{{"Name":"forged2","SecretString":"x"}}'}})
  .then((r) => r.status, (e) => "refused: " + e.name)
  .then((outcome) => document.getElementById("result").textContent = String(outcome));
</script>"#
    );
    let app = axum::Router::new()
        .route(
            "/form",
            axum::routing::get(move || async move { axum::response::Html(form) }),
        )
        .route(
            "/fetch",
            axum::routing::get(move || async move { axum::response::Html(fetch) }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!(
        "http://localhost:{}",
        listener.local_addr().expect("addr").port()
    );
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.expect("serve");
    });
    (url, task)
}

#[tokio::test]
async fn another_web_site_cannot_change_anything_through_the_console() {
    let server = TestServer::start_with_console().await;
    let (site, task) = hostile_site(&console_url(&server)).await;
    let browser = Browser::start().await;

    browser.goto(&format!("{site}/form")).await;
    browser
        .wait_for_text("body", "X-Emulator-Console header")
        .await;
    browser.goto(&format!("{site}/fetch")).await;
    browser.wait_for_text("#result", "refused").await;

    let listed = server.client().list_secrets().send().await.expect("list");
    assert!(listed.secret_list().is_empty(), "{listed:?}");
    task.abort();
}

#[tokio::test]
async fn console_pages_carry_protective_headers_and_stay_off_the_aws_surface() {
    let server = TestServer::start_with_console().await;
    let page = server
        .send(common::RawRequest::new("GET", "/_emulator/console/"))
        .await;
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").expect("CSP");
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    // No X-Amz-Target reaches what the console adds.
    server
        .post_raw("secretsmanager.Console", "{}")
        .await
        .assert_error(
            "UnknownOperationException",
            "The requested operation is not recognized by the service.",
        );
    // An API call without the console's header, as a plain form would send it.
    let forged = server
        .send(
            common::RawRequest::new("POST", "/_emulator/console/api/clock")
                .header("Content-Type", "text/plain")
                .body(r#"{"advanceDays": 30}"#),
        )
        .await;
    assert_eq!(forged.status, 403);
    assert_eq!(server.emulator().clock().offset_millis(), 0);
}

/// Page weight and time to first paint with 10,000 secrets in the partition; printed for the
/// README, and bounded so that a slow page fails.
#[tokio::test]
async fn ten_thousand_secrets_page_quickly() {
    let server = TestServer::start_with_console().await;
    let seeds: Vec<_> = (0..10_000)
        .map(|i| json!({"name": format!("bulk/secret-{i:05}"), "value": "v", "description": format!("secret number {i}"), "tags": {"n": i.to_string()}}))
        .collect();
    service::seed::seed(
        server.emulator(),
        &serde_json::to_string(&seeds).expect("json"),
        service::seed::Format::Json,
    )
    .expect("seed");
    let browser = Browser::start().await;
    browser.goto(&console_url(&server)).await;
    browser
        .wait_until(
            "the first page",
            "return document.body.dataset.ready !== undefined",
            json!([]),
        )
        .await;
    let timing = browser
        .run(
            "const paint = performance.getEntriesByName('first-contentful-paint')[0]; \
             const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]; \
             return { paint: paint ? paint.startTime : null, \
                      ready: Number(document.body.dataset.ready) - performance.timeOrigin, \
                      bytes: entries.reduce((sum, e) => sum + e.transferSize, 0), \
                      rows: document.querySelectorAll('#secrets tbody tr').length };",
            json!([]),
        )
        .await;
    println!("10,000 secrets: {timing}");
    assert_eq!(timing["rows"], 50);
    assert!(
        timing["paint"].as_f64().expect("a first paint") < 3_000.0,
        "{timing}"
    );
    assert!(
        timing["ready"].as_f64().expect("ready") < 5_000.0,
        "{timing}"
    );
    assert!(browser.text("#partition").await.contains("(10000 secrets)"));
    browser.find("#next-page").await.click().await;
    browser.wait_for_text("#secrets", "bulk/secret-00050").await;
}
