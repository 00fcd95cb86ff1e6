//! Secret values never leak: a run of every operation with distinctive values (canaries), served
//! over HTTP while every log event at TRACE level is captured, then searched. The values must not
//! appear in the logs, in any error response, or in the `Debug` text of any input, output or
//! error of the typed API. And the binary listens on loopback unless told otherwise.

mod support;

use generated::SecretsManagerHandler;
use runtime::RequestContext;
use serde_json::{Value, json};
use service::Emulator;
use std::io::Write;
use std::sync::{Arc, Mutex};
use support::{Connection, EmulatorProcess};

const FIRST_VALUE: &str = "canary-first-5b8e1d";
const PUT_VALUE: &str = "canary-put-2c7a9f";
const UPDATED_VALUE: &str = "canary-updated-84d0e3";
const BINARY_VALUE: &[u8] = b"canary-binary-6f1c0a";
const TOKENS: [&str; 4] = [
    "11111111-1111-1111-1111-111111111111",
    "22222222-2222-2222-2222-222222222222",
    "33333333-3333-3333-3333-333333333333",
    "44444444-4444-4444-4444-444444444444",
];
const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#;

/// [`BINARY_VALUE`] in base64, as it travels.
const BINARY_BASE64: &str = "Y2FuYXJ5LWJpbmFyeS02ZjFjMGE=";

fn binary_base64() -> String {
    BINARY_BASE64.to_owned()
}

/// Every operation, in an order where each finds what it needs, with the canaries in every
/// member that holds a secret value.
fn run_of_every_operation() -> Vec<(&'static str, &'static str, Value)> {
    let one = "leak/one";
    let binary = "leak/binary";
    vec![
        (
            "CreateSecret",
            "us-east-1",
            json!({"Name": one, "SecretString": FIRST_VALUE, "ClientRequestToken": TOKENS[0], "Description": "plain"}),
        ),
        (
            "CreateSecret",
            "us-east-1",
            json!({"Name": binary, "SecretBinary": binary_base64()}),
        ),
        (
            "PutSecretValue",
            "us-east-1",
            json!({"SecretId": one, "SecretString": PUT_VALUE, "ClientRequestToken": TOKENS[1]}),
        ),
        (
            "UpdateSecret",
            "us-east-1",
            json!({"SecretId": one, "SecretString": UPDATED_VALUE, "ClientRequestToken": TOKENS[2]}),
        ),
        ("GetSecretValue", "us-east-1", json!({"SecretId": one})),
        ("GetSecretValue", "us-east-1", json!({"SecretId": binary})),
        (
            "GetSecretValue",
            "us-east-1",
            json!({"SecretId": one, "VersionId": TOKENS[0]}),
        ),
        (
            "BatchGetSecretValue",
            "us-east-1",
            json!({"SecretIdList": [one, binary, "leak/missing"]}),
        ),
        (
            "BatchGetSecretValue",
            "us-east-1",
            json!({"Filters": [{"Key": "name", "Values": ["leak"]}]}),
        ),
        ("DescribeSecret", "us-east-1", json!({"SecretId": one})),
        ("ListSecrets", "us-east-1", json!({})),
        (
            "ListSecretVersionIds",
            "us-east-1",
            json!({"SecretId": one, "IncludeDeprecated": true}),
        ),
        (
            "UpdateSecretVersionStage",
            "us-east-1",
            json!({"SecretId": one, "VersionStage": "custom", "MoveToVersionId": TOKENS[0]}),
        ),
        (
            "TagResource",
            "us-east-1",
            json!({"SecretId": one, "Tags": [{"Key": "env", "Value": "dev"}]}),
        ),
        (
            "UntagResource",
            "us-east-1",
            json!({"SecretId": one, "TagKeys": ["env"]}),
        ),
        (
            "PutResourcePolicy",
            "us-east-1",
            json!({"SecretId": one, "ResourcePolicy": POLICY}),
        ),
        ("GetResourcePolicy", "us-east-1", json!({"SecretId": one})),
        (
            "ListResourcePolicies",
            "us-east-1",
            json!({"SecretId": one}),
        ),
        (
            "ValidateResourcePolicy",
            "us-east-1",
            json!({"SecretId": one, "ResourcePolicy": POLICY}),
        ),
        (
            "DeleteResourcePolicy",
            "us-east-1",
            json!({"SecretId": one}),
        ),
        (
            "RotateSecret",
            "us-east-1",
            json!({"SecretId": one, "ClientRequestToken": TOKENS[3], "RotationRules": {"AutomaticallyAfterDays": 30}}),
        ),
        ("CancelRotateSecret", "us-east-1", json!({"SecretId": one})),
        (
            "GetRandomPassword",
            "us-east-1",
            json!({"PasswordLength": 40}),
        ),
        (
            "ReplicateSecretToRegions",
            "us-east-1",
            json!({"SecretId": one, "AddReplicaRegions": [{"Region": "eu-west-1"}]}),
        ),
        ("GetSecretValue", "eu-west-1", json!({"SecretId": one})),
        (
            "RemoveRegionsFromReplication",
            "us-east-1",
            json!({"SecretId": one, "RemoveReplicaRegions": ["eu-west-1"]}),
        ),
        (
            "ReplicateSecretToRegions",
            "us-east-1",
            json!({"SecretId": binary, "AddReplicaRegions": [{"Region": "eu-west-1"}]}),
        ),
        (
            "StopReplicationToReplica",
            "eu-west-1",
            json!({"SecretId": binary}),
        ),
        (
            "AssociateCrossAccountReplica",
            "us-east-1",
            json!({"SecretId": one, "CrossAccountReplicaARN": "arn:aws:secretsmanager:us-east-1:111111111111:secret:leak/one"}),
        ),
        (
            "DisassociateCrossAccountReplica",
            "us-east-1",
            json!({"SecretId": one, "CrossAccountReplicaARN": "arn:aws:secretsmanager:us-east-1:111111111111:secret:leak/one"}),
        ),
        (
            "DeleteSecret",
            "us-east-1",
            json!({"SecretId": one, "RecoveryWindowInDays": 7}),
        ),
        ("RestoreSecret", "us-east-1", json!({"SecretId": one})),
        // Rejections of requests that carry values: none may echo them.
        (
            "PutSecretValue",
            "us-east-1",
            json!({"SecretId": one, "SecretString": FIRST_VALUE, "ClientRequestToken": TOKENS[1]}),
        ),
        (
            "CreateSecret",
            "us-east-1",
            json!({"Name": "leak/both", "SecretString": FIRST_VALUE, "SecretBinary": binary_base64()}),
        ),
        (
            "CreateSecret",
            "us-east-1",
            json!({"Name": "leak/long", "SecretString": FIRST_VALUE.repeat(5000)}),
        ),
        (
            "CreateSecret",
            "us-east-1",
            json!({"Name": "leak/typed", "SecretString": [FIRST_VALUE]}),
        ),
        (
            "CreateSecret",
            "us-east-1",
            json!({"Name": "leak/typed", "SecretString": {"inner": FIRST_VALUE}}),
        ),
        (
            "PutSecretValue",
            "us-east-1",
            json!({"SecretId": one, "SecretBinary": format!("{FIRST_VALUE}!!")}),
        ),
        (
            "UpdateSecret",
            "us-east-1",
            json!({"SecretId": "leak/missing", "SecretString": UPDATED_VALUE}),
        ),
        (
            "PutSecretValue",
            "us-east-1",
            json!({"SecretId": "bad name*", "SecretString": PUT_VALUE}),
        ),
    ]
}

/// Every log event of the test binary, at every level, as the binary's `fmt` layer writes them.
static LOGS: Mutex<Vec<u8>> = Mutex::new(Vec::new());

struct LogBuffer;

impl Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        LOGS.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs_at_trace() {
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(|| LogBuffer)
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
}

/// Asserts none of `canaries` appears in `text`.
#[track_caller]
fn assert_no_canary(what: &str, text: &str, canaries: &[String]) {
    for canary in canaries {
        assert!(
            !text.contains(canary.as_str()),
            "{what} shows a secret value {canary:?}:\n{text}"
        );
    }
}

fn canaries() -> Vec<String> {
    let mut canaries = vec![
        FIRST_VALUE.to_owned(),
        PUT_VALUE.to_owned(),
        UPDATED_VALUE.to_owned(),
        binary_base64(),
    ];
    canaries.push(String::from_utf8(BINARY_VALUE.to_vec()).expect("ASCII"));
    canaries
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secret_values_never_reach_logs_errors_or_debug_output() {
    capture_logs_at_trace();
    let mut canaries = canaries();

    // Over HTTP, so that every layer that could log (router, protocol, operations) does.
    let emulator = Arc::new(Emulator::new());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let app = service::app(Arc::clone(&emulator));
    let served = Arc::clone(&emulator);
    tokio::spawn(service::serve_app(
        listener,
        app,
        served,
        std::future::pending(),
    ));
    let mut connection = Connection::open(address).await.expect("connect");
    let mut error_bodies = Vec::new();
    for (operation, region, body) in run_of_every_operation() {
        let reply = connection
            .call_as(region, "test", operation, &body)
            .await
            .expect("answered");
        if reply.status != 200 {
            error_bodies.push(reply.body.to_string());
        }
    }
    // Values the service made itself are secrets too.
    let password = connection
        .call("GetRandomPassword", &json!({"PasswordLength": 40}))
        .await
        .expect("password")
        .ok();
    canaries.push(
        password["RandomPassword"]
            .as_str()
            .expect("password")
            .to_owned(),
    );
    let rotated = connection
        .call("GetSecretValue", &json!({"SecretId": "leak/one"}))
        .await
        .expect("value")
        .ok();
    let rotated = rotated["SecretString"]
        .as_str()
        .expect("rotated value")
        .to_owned();
    assert!(
        !canaries.contains(&rotated),
        "RotateSecret should have made a new value"
    );
    canaries.push(rotated);

    for body in &error_bodies {
        assert_no_canary("an error response", body, &canaries);
    }
    assert!(
        error_bodies.len() >= 8,
        "the run should include its rejections: {error_bodies:?}"
    );

    // The typed API, on a second emulator fed the same requests.
    let typed = Emulator::new();
    for (operation, region, body) in run_of_every_operation() {
        let shown = debug_of_typed_call(&typed, operation, region, &body).await;
        assert_no_canary(&format!("Debug of {operation}"), &shown, &canaries);
    }
    let own_password = typed
        .get_random_password(context("us-east-1"), decode(&json!({"PasswordLength": 40})))
        .await
        .expect("password");
    let generated = own_password.random_password.clone().expect("password");
    assert!(
        !format!("{own_password:?}").contains(&generated),
        "Debug shows a password"
    );

    let logs = String::from_utf8_lossy(&LOGS.lock().unwrap()).into_owned();
    assert!(
        logs.contains("request served"),
        "TRACE logs were not captured:\n{logs}"
    );
    assert_no_canary("the TRACE log", &logs, &canaries);
}

fn context(region: &str) -> RequestContext {
    RequestContext::new("request", region, "000000000000")
}

/// Decodes and checks a body as the router does; the run's bodies that fail here are rejected
/// before any typed input exists, so only their error's text is left to check.
fn decode<I: runtime::FromWire>(body: &Value) -> I {
    runtime::decode(body.to_string().as_bytes()).unwrap_or_else(|error| panic!("{error:?}"))
}

/// The `Debug` text of a call's input and result, or of the rejection of its body.
async fn debug_of_typed_call(
    emulator: &Emulator,
    operation: &str,
    region: &str,
    body: &Value,
) -> String {
    macro_rules! call {
        ($request:ty, $method:ident) => {{
            match runtime::decode::<$request>(body.to_string().as_bytes()) {
                Ok(input) => {
                    let shown_input = format!("{input:?}");
                    let result = emulator.$method(context(region), input).await;
                    format!("{shown_input}\n{result:?}")
                }
                Err(rejection) => format!("{rejection:?} {rejection}"),
            }
        }};
    }
    use generated::*;
    match operation {
        "AssociateCrossAccountReplica" => call!(
            AssociateCrossAccountReplicaRequest,
            associate_cross_account_replica
        ),
        "BatchGetSecretValue" => call!(BatchGetSecretValueRequest, batch_get_secret_value),
        "CancelRotateSecret" => call!(CancelRotateSecretRequest, cancel_rotate_secret),
        "CreateSecret" => call!(CreateSecretRequest, create_secret),
        "DeleteResourcePolicy" => call!(DeleteResourcePolicyRequest, delete_resource_policy),
        "DeleteSecret" => call!(DeleteSecretRequest, delete_secret),
        "DescribeSecret" => call!(DescribeSecretRequest, describe_secret),
        "DisassociateCrossAccountReplica" => call!(
            DisassociateCrossAccountReplicaRequest,
            disassociate_cross_account_replica
        ),
        "GetRandomPassword" => call!(GetRandomPasswordRequest, get_random_password),
        "GetResourcePolicy" => call!(GetResourcePolicyRequest, get_resource_policy),
        "GetSecretValue" => call!(GetSecretValueRequest, get_secret_value),
        "ListResourcePolicies" => call!(ListResourcePoliciesRequest, list_resource_policies),
        "ListSecretVersionIds" => call!(ListSecretVersionIdsRequest, list_secret_version_ids),
        "ListSecrets" => call!(ListSecretsRequest, list_secrets),
        "PutResourcePolicy" => call!(PutResourcePolicyRequest, put_resource_policy),
        "PutSecretValue" => call!(PutSecretValueRequest, put_secret_value),
        "RemoveRegionsFromReplication" => call!(
            RemoveRegionsFromReplicationRequest,
            remove_regions_from_replication
        ),
        "ReplicateSecretToRegions" => {
            call!(ReplicateSecretToRegionsRequest, replicate_secret_to_regions)
        }
        "RestoreSecret" => call!(RestoreSecretRequest, restore_secret),
        "RotateSecret" => call!(RotateSecretRequest, rotate_secret),
        "StopReplicationToReplica" => {
            call!(StopReplicationToReplicaRequest, stop_replication_to_replica)
        }
        "TagResource" => call!(TagResourceRequest, tag_resource),
        "UntagResource" => call!(UntagResourceRequest, untag_resource),
        "UpdateSecret" => call!(UpdateSecretRequest, update_secret),
        "UpdateSecretVersionStage" => {
            call!(UpdateSecretVersionStageRequest, update_secret_version_stage)
        }
        "ValidateResourcePolicy" => call!(ValidateResourcePolicyRequest, validate_resource_policy),
        other => panic!("no typed call for {other}"),
    }
}

#[test]
fn every_operation_is_in_the_run() {
    let run: Vec<&str> = run_of_every_operation()
        .iter()
        .map(|(operation, _, _)| *operation)
        .collect();
    for operation in generated::Operation::ALL {
        assert!(
            run.contains(&operation.name()),
            "{} is not in the run",
            operation.name()
        );
    }
}

#[test]
fn the_binary_listens_on_loopback_by_default() {
    // No --host and no EMULATOR_HOST: the default of the command line.
    let process = EmulatorProcess::start(&[]);
    assert_eq!(process.address.ip(), std::net::Ipv4Addr::LOCALHOST);
}
