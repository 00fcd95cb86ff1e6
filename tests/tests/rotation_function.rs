//! Rotation through a real rotation function (tests/python/rotation/rotation_functions.py, Python
//! with boto3 and pg8000) behind a Lambda Invoke API host (tests/python/rotation/lambda_host.py),
//! changing the password of a real PostgreSQL login on the server `.ci/run` starts
//! (EMULATOR_TEST_PG_PORT, EMULATOR_TEST_PG_PASSWORD). Missing any of them fails the tests.

mod common;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::types::RotationRulesType;
use common::{RawRequest, TestServer, assert_error, describe, test_python};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;

/// The functions the host serves: name -> handler in rotation_functions.py.
const FUNCTIONS: &[(&str, &str)] = &[
    ("pg-rotator", "rotate_postgres"),
    ("pg-broken-set", "rotate_postgres_failing_set"),
    ("pg-no-finish", "rotate_postgres_without_finish"),
    ("hanging", "hang"),
];
const CANNOT_INVOKE: &str = "Secrets Manager cannot invoke the specified Lambda function. Ensure \
                             that the function policy grants access to the principal \
                             secretsmanager.amazonaws.com.";
const IN_PROGRESS: &str = "A previous rotation isn't complete. That rotation will be reattempted.";
const FOUR_STEPS: [&str; 4] = ["createSecret", "setSecret", "testSecret", "finishSecret"];

fn function_arn(name: &str) -> String {
    format!("arn:aws:lambda:us-east-1:000000000000:function:{name}")
}

fn python_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python/rotation")
}

/// An emulator invoking the functions of a Lambda host it started; both stop when dropped.
struct Rig {
    server: TestServer,
    host: Child,
    events: PathBuf,
}

impl Rig {
    async fn start(label: &str, timeout: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let endpoint = format!("http://{}", listener.local_addr().expect("address"));
        let events = std::env::temp_dir().join(format!(
            "rotation-events-{}-{label}.jsonl",
            std::process::id()
        ));
        let _ = std::fs::remove_file(&events);
        let mut host = Command::new(test_python())
            .arg("lambda_host.py")
            .args(
                FUNCTIONS
                    .iter()
                    .map(|(name, handler)| format!("{name}={handler}")),
            )
            .current_dir(python_dir())
            .env("SECRETS_MANAGER_ENDPOINT", &endpoint)
            .env("ROTATION_EVENTS_LOG", &events)
            .env("HANG_SECONDS", "20")
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the Lambda host");
        let mut port = String::new();
        BufReader::new(host.stdout.take().expect("host stdout"))
            .read_line(&mut port)
            .expect("the host prints its port");
        let config = service::lambda::LambdaConfig::new(
            Some(format!("http://127.0.0.1:{}", port.trim())),
            &[],
            timeout,
        )
        .expect("lambda config");
        let server = TestServer::start_on(
            listener,
            service::Emulator::new().with_lambda(config),
            service::ServerOptions::default(),
        );
        Self {
            server,
            host,
            events,
        }
    }

    fn client(&self) -> Client {
        self.server.client()
    }

    /// The lines the functions logged that have member `key`, in order.
    fn logged(&self, key: &str) -> Vec<Value> {
        std::fs::read_to_string(&self.events)
            .unwrap_or_default()
            .lines()
            .map(|line| serde_json::from_str::<Value>(line).expect("event JSON"))
            .filter(|entry| entry.get(key).is_some())
            .collect()
    }

    /// Every event the functions received, in order.
    fn invocations(&self) -> Vec<Value> {
        self.logged("Step")
    }

    fn steps(&self) -> Vec<String> {
        self.invocations()
            .iter()
            .map(|event| event["Step"].as_str().unwrap().to_owned())
            .collect()
    }

    /// What the function saw of the new version before createSecret filled it.
    fn observations(&self) -> Vec<Value> {
        self.logged("observed")
    }

    async fn last_rotation(&self, name: &str) -> Value {
        let listed = self
            .server
            .send(RawRequest::new("GET", "/_emulator/rotations"))
            .await
            .ok_json();
        listed
            .as_array()
            .expect("a list")
            .iter()
            .find(|record| record["name"] == name)
            .unwrap_or_else(|| panic!("no rotation record for {name}: {listed}"))["lastRotation"]
            .clone()
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        let _ = self.host.kill();
        let _ = self.host.wait();
        let _ = std::fs::remove_file(&self.events);
    }
}

/// Runs tests/python/rotation/pg_login.py; true when it succeeds.
fn pg_login(command: &str, role: &str, password: &str) -> bool {
    for variable in ["EMULATOR_TEST_PG_PORT", "EMULATOR_TEST_PG_PASSWORD"] {
        assert!(
            std::env::var_os(variable).is_some(),
            "{variable} is not set: `.ci/run` starts PostgreSQL and sets it"
        );
    }
    let output = Command::new(test_python())
        .args(["pg_login.py", command, role, password])
        .current_dir(python_dir())
        .output()
        .expect("run pg_login.py");
    match output.status.code() {
        Some(0) => true,
        Some(3) => false,
        _ => panic!(
            "pg_login.py {command} {role} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

/// A PostgreSQL login `role` and a secret `name` holding its credentials.
async fn database_secret(client: &Client, name: &str, role: &str) -> (String, String) {
    let password = format!("initial-{role}-password");
    assert!(pg_login("create-role", role, &password));
    let value = json!({
        "host": "127.0.0.1",
        "port": std::env::var("EMULATOR_TEST_PG_PORT").unwrap(),
        "username": role,
        "password": password,
        "dbname": "postgres",
    });
    let created = client
        .create_secret()
        .name(name)
        .secret_string(value.to_string())
        .send()
        .await
        .expect("create secret");
    (created.arn().unwrap().to_owned(), password)
}

async fn password_at(client: &Client, name: &str, stage: &str) -> String {
    let value = client
        .get_secret_value()
        .secret_id(name)
        .version_stage(stage)
        .send()
        .await
        .expect("get value");
    let login: Value = serde_json::from_str(value.secret_string().unwrap()).unwrap();
    login["password"].as_str().unwrap().to_owned()
}

fn every_days(days: i64) -> RotationRulesType {
    RotationRulesType::builder()
        .automatically_after_days(days)
        .build()
}

/// VersionIdsToStages, sorted labels.
async fn stages(client: &Client, name: &str) -> Vec<(String, Vec<String>)> {
    let described = describe(client, name).await;
    let mut stages: Vec<(String, Vec<String>)> = described
        .version_ids_to_stages()
        .unwrap()
        .iter()
        .map(|(id, labels)| (id.clone(), labels.clone()))
        .collect();
    stages.sort();
    stages
}

fn labels_of(stages: &[(String, Vec<String>)], version_id: &str) -> Vec<String> {
    stages
        .iter()
        .find(|(id, _)| id == version_id)
        .map(|(_, labels)| labels.clone())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_four_steps_change_the_database_password_and_the_function_moves_awscurrent() {
    let rig = Rig::start("four-steps", Duration::from_secs(30)).await;
    let client = rig.client();
    let (arn, initial) = database_secret(&client, "db/four-steps", "rot_four_steps").await;
    let first_version = describe(&client, "db/four-steps").await;
    let first_version = first_version
        .version_ids_to_stages()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();

    let token = "11111111-aaaa-4bbb-8ccc-000000000001";
    let started = Instant::now();
    let rotated = client
        .rotate_secret()
        .secret_id("db/four-steps")
        .rotation_lambda_arn(function_arn("pg-rotator"))
        .rotation_rules(every_days(30))
        .client_request_token(token)
        .send()
        .await
        .expect("rotate");
    eprintln!("a full rotation took {:?}", started.elapsed());
    assert_eq!(rotated.version_id(), Some(token));

    // AWS's events, in order, with one RotationToken for the whole rotation.
    let events = rig.invocations();
    assert_eq!(rig.steps(), FOUR_STEPS);
    let rotation_token = events[0]["RotationToken"].as_str().unwrap().to_owned();
    assert!(common::is_uuid(&rotation_token));
    for (event, step) in events.iter().zip(FOUR_STEPS) {
        assert_eq!(
            event,
            &json!({"Step": step, "SecretId": arn, "ClientRequestToken": token,
                    "RotationToken": rotation_token})
        );
    }
    // Before createSecret the new version was there with AWSPENDING alone and no value.
    assert_eq!(
        rig.observations(),
        [json!({"observed": "beforeCreate", "stages": ["AWSPENDING"],
                "read": "ResourceNotFoundException"})]
    );

    // The function moved AWSCURRENT; AWSPENDING is gone; the old version is AWSPREVIOUS.
    let after = stages(&client, "db/four-steps").await;
    assert_eq!(labels_of(&after, token), ["AWSCURRENT"]);
    assert_eq!(labels_of(&after, &first_version), ["AWSPREVIOUS"]);
    let described = describe(&client, "db/four-steps").await;
    assert_eq!(described.rotation_enabled(), Some(true));
    // The window closes at the end of the day 30 days after the rotation.
    let rotated_at = described.last_rotated_date().unwrap().secs();
    let next = described.next_rotation_date().unwrap().secs() - rotated_at;
    assert!((30 * 86_400..31 * 86_400).contains(&next), "{next}");

    // The database took the new password and refuses the old one.
    let new_password = password_at(&client, "db/four-steps", "AWSCURRENT").await;
    assert_ne!(new_password, initial);
    assert!(pg_login("login", "rot_four_steps", &new_password));
    assert!(!pg_login("login", "rot_four_steps", &initial));

    let record = rig.last_rotation("db/four-steps").await;
    assert_eq!(record["outcome"], "succeeded");
    assert_eq!(record["versionId"], token);
    let recorded_steps: Vec<&str> = record["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| {
            assert_eq!(step["succeeded"], true);
            step["step"].as_str().unwrap()
        })
        .collect();
    assert_eq!(recorded_steps, FOUR_STEPS);

    // A second rotation: the same again, from the new password.
    let second = client
        .rotate_secret()
        .secret_id("db/four-steps")
        .send()
        .await
        .expect("rotate again");
    let second_id = second.version_id().unwrap().to_owned();
    assert_eq!(rig.steps().len(), 8);
    let after = stages(&client, "db/four-steps").await;
    assert_eq!(labels_of(&after, &second_id), ["AWSCURRENT"]);
    assert_eq!(labels_of(&after, token), ["AWSPREVIOUS"]);
    let newest = password_at(&client, "db/four-steps", "AWSCURRENT").await;
    assert!(pg_login("login", "rot_four_steps", &newest));
    assert!(!pg_login("login", "rot_four_steps", &new_password));
}

#[tokio::test]
async fn a_failing_set_secret_leaves_awspending_and_blocks_the_next_rotation() {
    let rig = Rig::start("failing-set", Duration::from_secs(30)).await;
    let client = rig.client();
    let (_, initial) = database_secret(&client, "db/failing-set", "rot_failing_set").await;
    let before = describe(&client, "db/failing-set").await;

    let token = "22222222-aaaa-4bbb-8ccc-000000000002";
    let failed = client
        .rotate_secret()
        .secret_id("db/failing-set")
        .rotation_lambda_arn(function_arn("pg-broken-set"))
        .client_request_token(token)
        .send()
        .await;
    assert_error(failed, "AccessDeniedException", CANNOT_INVOKE);
    assert_eq!(rig.steps(), ["createSecret", "setSecret"]);

    // The new version keeps AWSPENDING (with the value createSecret put); nothing else moved.
    let after = stages(&client, "db/failing-set").await;
    assert_eq!(labels_of(&after, token), ["AWSPENDING"]);
    assert_eq!(
        password_at(&client, "db/failing-set", "AWSCURRENT").await,
        initial
    );
    assert_ne!(
        password_at(&client, "db/failing-set", "AWSPENDING").await,
        initial
    );
    let described = describe(&client, "db/failing-set").await;
    assert_eq!(described.last_rotated_date(), before.last_rotated_date());
    assert!(pg_login("login", "rot_failing_set", &initial));

    let blocked = client
        .rotate_secret()
        .secret_id("db/failing-set")
        .send()
        .await;
    assert_error(blocked, "InvalidRequestException", IN_PROGRESS);
    assert_eq!(rig.steps().len(), 2, "the blocked rotation invoked nothing");

    let record = rig.last_rotation("db/failing-set").await;
    assert_eq!(record["outcome"], "failed");
    assert_eq!(record["reason"], "setSecret failed");
    assert_eq!(record["steps"][1]["succeeded"], false);
    assert_eq!(
        record["steps"][1]["error"],
        "function error (Unhandled): RuntimeError"
    );
}

#[tokio::test]
async fn rotate_immediately_false_runs_only_test_secret_against_a_temporary_version() {
    let rig = Rig::start("test-only", Duration::from_secs(30)).await;
    let client = rig.client();
    let (arn, initial) = database_secret(&client, "db/test-only", "rot_test_only").await;

    let token = "33333333-aaaa-4bbb-8ccc-000000000003";
    let response = client
        .rotate_secret()
        .secret_id("db/test-only")
        .rotation_lambda_arn(function_arn("pg-rotator"))
        .rotation_rules(every_days(7))
        .rotate_immediately(false)
        .client_request_token(token)
        .send()
        .await
        .expect("rotate later");
    assert_eq!(response.version_id(), Some(token));
    let events = rig.invocations();
    assert_eq!(rig.steps(), ["testSecret"]);
    assert_eq!(events[0]["SecretId"], arn.as_str());
    assert_eq!(events[0]["ClientRequestToken"], token);

    // The temporary AWSPENDING version is gone; nothing was rotated.
    let after = stages(&client, "db/test-only").await;
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].1, ["AWSCURRENT"]);
    assert_eq!(
        password_at(&client, "db/test-only", "AWSCURRENT").await,
        initial
    );
    let described = describe(&client, "db/test-only").await;
    assert_eq!(described.rotation_enabled(), Some(true));
    assert_eq!(described.last_rotated_date(), None);
    assert!(described.next_rotation_date().is_some());
    assert!(pg_login("login", "rot_test_only", &initial));
    assert_eq!(
        rig.last_rotation("db/test-only").await["outcome"],
        "succeeded"
    );
}

#[tokio::test]
async fn a_due_schedule_invokes_the_function_when_the_clock_passes_next_rotation_date() {
    let rig = Rig::start("schedule", Duration::from_secs(30)).await;
    let client = rig.client();
    let (_, initial) = database_secret(&client, "db/schedule", "rot_schedule").await;
    client
        .rotate_secret()
        .secret_id("db/schedule")
        .rotation_lambda_arn(function_arn("pg-rotator"))
        .rotation_rules(every_days(1))
        .rotate_immediately(false)
        .send()
        .await
        .expect("schedule daily rotation");
    assert_eq!(rig.steps(), ["testSecret"]);

    let moved = rig
        .server
        .send(RawRequest::new("POST", "/_emulator/clock").body(r#"{"advanceDays": 2}"#))
        .await
        .ok_json();
    assert_eq!(moved["rotated"], 1, "{moved}");
    let steps = rig.steps();
    assert_eq!(steps[1..], FOUR_STEPS);

    let new_password = password_at(&client, "db/schedule", "AWSCURRENT").await;
    assert!(pg_login("login", "rot_schedule", &new_password));
    assert!(!pg_login("login", "rot_schedule", &initial));
    let record = rig.last_rotation("db/schedule").await;
    assert_eq!(record["trigger"], "schedule");
    assert_eq!(record["outcome"], "succeeded");
    let described = describe(&client, "db/schedule").await;
    assert!(described.last_rotated_date().is_some());
    assert!(
        described.next_rotation_date().unwrap().secs()
            > described.last_rotated_date().unwrap().secs()
    );
}

#[tokio::test]
async fn a_function_that_does_not_move_awscurrent_has_not_rotated() {
    let rig = Rig::start("no-finish", Duration::from_secs(30)).await;
    let client = rig.client();
    let (_, initial) = database_secret(&client, "db/no-finish", "rot_no_finish").await;

    let token = "44444444-aaaa-4bbb-8ccc-000000000004";
    let response = client
        .rotate_secret()
        .secret_id("db/no-finish")
        .rotation_lambda_arn(function_arn("pg-no-finish"))
        .client_request_token(token)
        .send()
        .await
        .expect("every step reported success");
    assert_eq!(response.version_id(), Some(token));
    assert_eq!(rig.steps(), FOUR_STEPS);

    // The database has the new password, but the secret still says the old one is current.
    let after = stages(&client, "db/no-finish").await;
    assert_eq!(labels_of(&after, token), ["AWSPENDING"]);
    assert_eq!(
        password_at(&client, "db/no-finish", "AWSCURRENT").await,
        initial
    );
    assert_eq!(
        describe(&client, "db/no-finish").await.last_rotated_date(),
        None
    );
    let blocked = client
        .rotate_secret()
        .secret_id("db/no-finish")
        .send()
        .await;
    assert_error(blocked, "InvalidRequestException", IN_PROGRESS);
    let record = rig.last_rotation("db/no-finish").await;
    assert_eq!(record["outcome"], "notFinished");
    assert_eq!(
        record["reason"],
        format!("finishSecret succeeded without moving AWSCURRENT to version {token}")
    );
}

#[tokio::test]
async fn a_hanging_function_times_out_while_the_emulator_keeps_serving() {
    let timeout = Duration::from_secs(2);
    let rig = Rig::start("hanging", timeout).await;
    let client = rig.client();
    common::create_secret(&client, "app/hanging", "v").await;

    let started = Instant::now();
    let rotation = client
        .rotate_secret()
        .secret_id("app/hanging")
        .rotation_lambda_arn(function_arn("hanging"))
        .send();
    let mut rotation = std::pin::pin!(rotation);
    // While the function hangs, other requests are answered.
    let served = tokio::select! {
        result = &mut rotation => panic!("the rotation ended first: {result:?}"),
        listed = client.list_secrets().send() => listed.expect("list while rotating"),
    };
    assert_eq!(served.secret_list().len(), 1);
    assert_error(rotation.await, "AccessDeniedException", CANNOT_INVOKE);
    let elapsed = started.elapsed();
    assert!(
        elapsed >= timeout && elapsed < timeout + Duration::from_secs(5),
        "{elapsed:?}"
    );
    let record = rig.last_rotation("app/hanging").await;
    assert_eq!(
        record["steps"][0]["error"],
        "the function did not answer within 2 s"
    );
}

#[tokio::test]
async fn functions_that_cannot_be_invoked_are_refused_as_aws_refuses_them() {
    let rig = Rig::start("unreachable", Duration::from_secs(30)).await;
    let client = rig.client();
    common::create_secret(&client, "app/unknown-function", "v").await;

    // The host has no such function: AWS's refusal, and no rotation is left behind.
    let refused = client
        .rotate_secret()
        .secret_id("app/unknown-function")
        .rotation_lambda_arn(function_arn("no-such-function"))
        .rotation_rules(every_days(5))
        .send()
        .await;
    assert_error(refused, "AccessDeniedException", CANNOT_INVOKE);
    let described = describe(&client, "app/unknown-function").await;
    assert_eq!(described.rotation_enabled(), None);
    assert_eq!(described.rotation_lambda_arn(), None);
    assert_eq!(described.version_ids_to_stages().unwrap().len(), 1);

    // No function ARN at all.
    let no_function = client
        .rotate_secret()
        .secret_id("app/unknown-function")
        .send()
        .await;
    assert_error(
        no_function,
        "InvalidRequestException",
        "No Lambda rotation function ARN is associated with this secret.",
    );

    // Nothing listens at the endpoint.
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let closed_port = closed.local_addr().unwrap().port();
    drop(closed);
    let config = service::lambda::LambdaConfig::new(
        Some(format!("http://127.0.0.1:{closed_port}")),
        &[],
        Duration::from_secs(5),
    )
    .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let nowhere = TestServer::start_on(
        listener,
        service::Emulator::new().with_lambda(config),
        service::ServerOptions::default(),
    );
    let client = nowhere.client();
    common::create_secret(&client, "app/nowhere", "v").await;
    let refused = client
        .rotate_secret()
        .secret_id("app/nowhere")
        .rotation_lambda_arn(function_arn("pg-rotator"))
        .send()
        .await;
    assert_error(refused, "AccessDeniedException", CANNOT_INVOKE);
    assert_eq!(
        describe(&client, "app/nowhere").await.rotation_enabled(),
        None
    );
}
