//! Properties of the whole dispatch path (decode, validate, operate, encode) under random
//! sequences of requests: mostly plausible ones over a few names, tokens, labels and values, so
//! that operations meet each other's results, plus garbage. Whatever arrives:
//! - nothing panics;
//! - every response is a success or an AWS-shaped client error (HTTP 400 with `__type`);
//! - a rejected request leaves everything a client could observe as it was;
//! - the store's invariants hold after every step (one AWSCURRENT per secret with versions, each
//!   label on at most one version, ARNs unique; see `service::invariants`).

use generated::Operation;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value, json};
use service::Emulator;
use service::invariants::check_response;
use std::fmt;
use std::sync::LazyLock;

/// (account, region) pairs: two accounts in two regions, for replication and isolation.
const CALLERS: [(&str, &str); 4] = [
    ("000000000000", "us-east-1"),
    ("000000000000", "eu-west-1"),
    ("111111111111", "us-east-1"),
    ("111111111111", "eu-west-1"),
];
const NAMES: [&str; 3] = ["alpha", "beta/gamma", "delta"];
const TOKENS: [&str; 3] = [
    "00000000-0000-0000-0000-000000000001",
    "00000000-0000-0000-0000-000000000002",
    "00000000-0000-0000-0000-000000000003",
];
const STAGES: [&str; 5] = ["AWSCURRENT", "AWSPREVIOUS", "AWSPENDING", "blue", "green"];
const VALUES: [&str; 3] = ["one", "two", r#"{"user":"u","password":"p"}"#];
const BLOBS: [&str; 3] = ["AAEC/w==", "b25l", "%%"];
const REGIONS: [&str; 3] = ["eu-west-1", "us-east-1", "ap-south-1"];
const POLICIES: [&str; 3] = [
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#,
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
    "{not json",
];

/// The members of each operation's input, in three groups: those a body usually carries (the
/// required ones, and the value of PutSecretValue), those it often carries, and those it rarely
/// does (the ones that make most requests invalid or exotic).
struct Members {
    usually: &'static [&'static str],
    often: &'static [&'static str],
    rarely: &'static [&'static str],
}

const fn members(
    usually: &'static [&'static str],
    often: &'static [&'static str],
    rarely: &'static [&'static str],
) -> Members {
    Members {
        usually,
        often,
        rarely,
    }
}

fn members_of(operation: Operation) -> Members {
    use Operation::*;
    match operation {
        AssociateCrossAccountReplica => members(
            &["SecretId", "CrossAccountReplicaARN"],
            &[],
            &["ReplicaRestriction", "ReplicationRoleARN"],
        ),
        BatchGetSecretValue => members(
            &[],
            &["SecretIdList", "MaxResults"],
            &["Filters", "NextToken"],
        ),
        CancelRotateSecret | DescribeSecret | RestoreSecret | StopReplicationToReplica => {
            members(&["SecretId"], &[], &[])
        }
        CreateSecret => members(
            &["Name"],
            &["ClientRequestToken", "Description", "Value", "Tags"],
            &[
                "KmsKeyId",
                "AddReplicaRegions",
                "ForceOverwriteReplicaSecret",
                "Type",
                "CrossAccountPrimaryARN",
            ],
        ),
        DeleteResourcePolicy | GetResourcePolicy => members(&["SecretId"], &[], &["PolicyName"]),
        DeleteSecret => members(
            &["SecretId"],
            &["RecoveryWindowInDays"],
            &["ForceDeleteWithoutRecovery"],
        ),
        DisassociateCrossAccountReplica => {
            members(&["SecretId", "CrossAccountReplicaARN"], &[], &[])
        }
        GetRandomPassword => members(
            &[],
            &[
                "PasswordLength",
                "ExcludeCharacters",
                "RequireEachIncludedType",
            ],
            &[
                "ExcludeNumbers",
                "ExcludePunctuation",
                "ExcludeUppercase",
                "ExcludeLowercase",
                "IncludeSpace",
            ],
        ),
        GetSecretValue => members(&["SecretId"], &["VersionId", "VersionStage"], &[]),
        ListResourcePolicies => members(&["SecretId"], &["MaxResults"], &["NextToken"]),
        ListSecretVersionIds => members(
            &["SecretId"],
            &["IncludeDeprecated", "MaxResults"],
            &["NextToken"],
        ),
        ListSecrets => members(
            &[],
            &[
                "IncludePlannedDeletion",
                "MaxResults",
                "Filters",
                "SortOrder",
                "SortBy",
            ],
            &["NextToken"],
        ),
        PutResourcePolicy => members(
            &["SecretId", "ResourcePolicy"],
            &["BlockPublicPolicy"],
            &["PolicyName"],
        ),
        PutSecretValue => members(
            &["SecretId", "Value"],
            &["ClientRequestToken", "VersionStages"],
            &["RotationToken"],
        ),
        RemoveRegionsFromReplication => members(&["SecretId", "RemoveReplicaRegions"], &[], &[]),
        ReplicateSecretToRegions => members(
            &["SecretId", "AddReplicaRegions"],
            &["ForceOverwriteReplicaSecret"],
            &[],
        ),
        RotateSecret => members(
            &["SecretId"],
            &["ClientRequestToken", "RotationRules", "RotateImmediately"],
            &[
                "RotationLambdaARN",
                "ExternalSecretRotationMetadata",
                "ExternalSecretRotationRoleArn",
            ],
        ),
        TagResource => members(&["SecretId", "Tags"], &[], &[]),
        UntagResource => members(&["SecretId", "TagKeys"], &[], &[]),
        UpdateSecret => members(
            &["SecretId"],
            &["ClientRequestToken", "Description", "Value"],
            &["KmsKeyId", "Type"],
        ),
        UpdateSecretVersionStage => members(
            &["SecretId", "VersionStage"],
            &["RemoveFromVersionId", "MoveToVersionId"],
            &[],
        ),
        ValidateResourcePolicy => members(&["ResourcePolicy"], &["SecretId"], &[]),
    }
}

/// Members that now and then turn up in a body of another operation (unknown there, so ignored).
const STRAY_MEMBERS: [&str; 6] = ["VersionStages", "Tags", "Name", "Bogus", "Value", "Filters"];

/// One step of a run.
#[derive(Clone)]
enum Step {
    Request {
        operation: Operation,
        caller: usize,
        body: Vec<u8>,
    },
    /// Time passes: recovery windows end, versions age, rotations fall due.
    AdvanceClock { hours: i64 },
}

/// Shows bodies as text, so that a shrunk failure reads as the requests that caused it.
impl fmt::Debug for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Request {
                operation,
                caller,
                body,
            } => write!(
                f,
                "{} as {:?}: {}",
                operation.name(),
                CALLERS[*caller],
                String::from_utf8_lossy(body)
            ),
            Step::AdvanceClock { hours } => write!(f, "advance the clock {hours} h"),
        }
    }
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        30 => (operation(), caller()).prop_flat_map(|(operation, caller)| {
            body(operation).prop_map(move |body| Step::Request { operation, caller, body })
        }),
        1 => (1i64..=24 * 40).prop_map(|hours| Step::AdvanceClock { hours }),
    ]
}

/// A valid CreateSecret in the default partition: runs start with a few, so that most requests
/// meet a secret.
fn create_step() -> impl Strategy<Value = Step> {
    any::<u16>().prop_map(|choice| {
        let body = json!({
            "Name": pick(&NAMES, choice),
            "SecretString": pick(&VALUES, choice >> 2),
            "ClientRequestToken": pick(&TOKENS, choice >> 4),
        });
        Step::Request {
            operation: Operation::CreateSecret,
            caller: 0,
            body: body.to_string().into_bytes(),
        }
    })
}

/// Any operation, with writes that create versions more often, so that there is state to meet.
fn operation() -> impl Strategy<Value = Operation> {
    prop_oneof![
        1 => select(vec![Operation::CreateSecret, Operation::PutSecretValue]),
        4 => select(Operation::ALL.to_vec()),
    ]
}

/// Mostly the default account and region, where most secrets are.
fn caller() -> impl Strategy<Value = usize> {
    prop_oneof![3 => Just(0), 1 => 0..CALLERS.len()]
}

fn body(operation: Operation) -> impl Strategy<Value = Vec<u8>> {
    let members = move || plausible_members(operation);
    prop_oneof![
        24 => members().prop_map(|members| Value::Object(members).to_string().into_bytes()),
        // Cut short: a syntax error somewhere inside.
        1 => (members(), any::<prop::sample::Index>()).prop_map(|(members, cut)| {
            let text = Value::Object(members).to_string().into_bytes();
            text[..cut.index(text.len().max(1))].to_vec()
        }),
        1 => vec(any::<u8>(), 0..48),
        1 => select(vec!["[]", "null", "\"x\"", "7", "", "{\"SecretId\":{}}", "[\"alpha\"]"])
            .prop_map(|text| text.as_bytes().to_vec()),
    ]
}

/// Members of the operation as [`Members`] weighs them, and rarely one it does not have.
fn plausible_members(operation: Operation) -> impl Strategy<Value = Map<String, Value>> {
    let Members {
        usually,
        often,
        rarely,
    } = members_of(operation);
    let chosen = |names: &'static [&'static str], probability: f64| {
        vec(option::weighted(probability, any::<u16>()), names.len()).prop_map(move |choices| {
            names
                .iter()
                .zip(choices)
                .filter_map(|(name, choice)| Some((*name, choice?)))
                .collect::<Vec<_>>()
        })
    };
    (
        chosen(usually, 0.95),
        chosen(often, 0.4),
        chosen(rarely, 0.08),
        option::weighted(0.05, (select(STRAY_MEMBERS.to_vec()), any::<u16>())),
    )
        .prop_map(|(usually, often, rarely, stray)| {
            usually
                .into_iter()
                .chain(often)
                .chain(rarely)
                .chain(stray)
                .map(|(name, choice)| {
                    let (name, value) = member(name, choice);
                    (name.to_owned(), value)
                })
                .collect()
        })
}

fn pick<T: Copy>(pool: &[T], choice: u16) -> T {
    pool[usize::from(choice) % pool.len()]
}

/// A member and its value, chosen by `choice`: mostly valid, now and then invalid (1 in 16), and
/// rarely of the wrong JSON type. `Value` stands for the secret value, a string or a binary.
fn member(name: &'static str, choice: u16) -> (&'static str, Value) {
    let invalid = choice.is_multiple_of(16);
    let choice = choice / 16;
    if invalid && choice.is_multiple_of(8) {
        return (name, json!(12345));
    }
    let value = |valid: Value, invalid_value: Value| if invalid { invalid_value } else { valid };
    let list = |item: &dyn Fn(u16) -> Value| -> Value {
        (0..choice % 3)
            .map(|i| item(choice >> (2 + 2 * i)))
            .collect()
    };
    match name {
        "Value" if choice.is_multiple_of(4) => (
            "SecretBinary",
            value(json!(pick(&BLOBS, choice)), json!("%%")),
        ),
        "Value" => (
            "SecretString",
            value(json!(pick(&VALUES, choice)), json!("")),
        ),
        "SecretId" if choice.is_multiple_of(7) => {
            let (account, region) = pick(&CALLERS, choice / 7);
            let arn = format!(
                "arn:aws:secretsmanager:{region}:{account}:secret:{}",
                pick(&NAMES, choice)
            );
            (name, json!(arn))
        }
        "SecretId" | "Name" => (name, value(json!(pick(&NAMES, choice)), json!("bad name*"))),
        "ClientRequestToken" | "VersionId" | "MoveToVersionId" | "RemoveFromVersionId" => (
            name,
            value(json!(pick(&TOKENS, choice)), json!("too-short")),
        ),
        "VersionStage" => (name, json!(pick(&STAGES, choice))),
        "VersionStages" => (name, value(list(&|c| json!(pick(&STAGES, c))), json!([]))),
        "Description" | "Type" => (name, json!(pick(&["", "a description", "kv"], choice))),
        "KmsKeyId" => (
            name,
            json!(pick(&["alias/aws/secretsmanager", "key-1"], choice)),
        ),
        "Tags" => {
            let tag =
                |c: u16| json!({"Key": pick(&["env", "team"], c), "Value": pick(&VALUES, c >> 1)});
            (
                name,
                value(list(&tag), json!([{"Key": "aws:reserved", "Value": "v"}])),
            )
        }
        "TagKeys" => (name, list(&|c| json!(pick(&["env", "team", "missing"], c)))),
        "RecoveryWindowInDays" => (
            name,
            value(
                json!(pick(&[7, 30], choice)),
                json!(pick(&[-1, 0, 31], choice)),
            ),
        ),
        "MaxResults" => (
            name,
            value(
                json!(pick(&[1, 2, 20], choice)),
                json!(pick(&[0, 101], choice)),
            ),
        ),
        "PasswordLength" => (
            name,
            value(json!(pick(&[1, 4, 32, 4096], choice)), json!(4097)),
        ),
        "NextToken" => (name, json!(pick(&["garbage", "AAAA"], choice))),
        "Filters" => {
            let key = pick(
                &[
                    "name",
                    "description",
                    "tag-key",
                    "tag-value",
                    "all",
                    "primary-region",
                ],
                choice,
            );
            let filter = json!([{"Key": key, "Values": [pick(&["alpha", "!beta", "env", "eu-west-1"], choice >> 3)]}]);
            (name, value(filter, json!([{"Key": "bogus", "Values": []}])))
        }
        "SortOrder" => (
            name,
            value(json!(pick(&["asc", "desc"], choice)), json!("sideways")),
        ),
        "SortBy" => (
            name,
            json!(pick(
                &[
                    "name",
                    "created-date",
                    "last-accessed-date",
                    "last-changed-date"
                ],
                choice
            )),
        ),
        "SecretIdList" => (name, list(&|c| member("SecretId", c).1)),
        "RotationLambdaARN" => (
            name,
            json!("arn:aws:lambda:us-east-1:000000000000:function:rotate"),
        ),
        "RotationRules" => {
            let rules = match choice % 3 {
                0 => json!({"AutomaticallyAfterDays": pick(&[1, 30, 1000], choice >> 2)}),
                1 => {
                    json!({"ScheduleExpression": pick(&["rate(4 hours)", "rate(10 days)", "cron(0 12 * * ? *)"], choice >> 2)})
                }
                _ => {
                    json!({"ScheduleExpression": "rate(1 days)", "Duration": pick(&["3h", "1d"], choice >> 2)})
                }
            };
            (name, value(rules, json!({"ScheduleExpression": "bad"})))
        }
        "AddReplicaRegions" => (
            name,
            value(json!([{"Region": pick(&REGIONS, choice)}]), json!([])),
        ),
        "RemoveReplicaRegions" => (name, json!([pick(&REGIONS, choice)])),
        "ResourcePolicy" => (
            name,
            value(json!(pick(&POLICIES[..2], choice)), json!(POLICIES[2])),
        ),
        "PolicyName" => (name, json!("default")),
        "ExcludeCharacters" => (
            name,
            json!(pick(
                &["abc", "!@#", "abcdefghijklmnopqrstuvwxyz0123456789"],
                choice
            )),
        ),
        "CrossAccountReplicaARN" | "CrossAccountPrimaryARN" => {
            let (account, region) = pick(&CALLERS, choice);
            let arn = format!(
                "arn:aws:secretsmanager:{region}:{account}:secret:{}",
                pick(&NAMES, choice >> 2)
            );
            (name, json!(arn))
        }
        "ReplicationRoleARN" | "ExternalSecretRotationRoleArn" => {
            (name, json!("arn:aws:iam::111111111111:role/replicate"))
        }
        "ReplicaRestriction" => (
            name,
            value(
                json!(pick(&["SameOrg", "NoRestriction"], choice)),
                json!("Nowhere"),
            ),
        ),
        "ExternalSecretRotationMetadata" => (name, json!([{"Key": "k", "Value": "v"}])),
        "RotationToken" => (name, json!("00000000-0000-0000-0000-000000000000-token")),
        _ => (name, json!(choice.is_multiple_of(2))),
    }
}

/// One tokio runtime for every case: the operations never wait, so a current-thread runtime
/// that only polls them is enough, and building one per case would dominate the run time.
static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread tokio runtime")
});

/// Runs `steps` on a fresh emulator, checking the properties after each one.
fn run(steps: &[Step]) -> Result<(), TestCaseError> {
    let emulator = Emulator::new();
    for (index, step) in steps.iter().enumerate() {
        match step {
            Step::AdvanceClock { hours } => emulator.clock().advance_millis(hours * 3_600_000),
            Step::Request {
                operation,
                caller,
                body,
            } => {
                let before = emulator.observable_state();
                let (status, response) =
                    RUNTIME.block_on(dispatch(&emulator, *operation, *caller, body));
                check_response(status, &response).map_err(|problem| {
                    TestCaseError::fail(format!("step {index} {step:?}: {problem}"))
                })?;
                if status == 400 {
                    prop_assert_eq!(
                        &emulator.observable_state(),
                        &before,
                        "step {} {:?} was rejected ({}) but changed the store",
                        index,
                        step,
                        String::from_utf8_lossy(&response)
                    );
                }
            }
        }
        emulator.check_invariants().map_err(|broken| {
            TestCaseError::fail(format!("after step {index} {step:?}: {broken}"))
        })?;
    }
    Ok(())
}

async fn dispatch(
    emulator: &Emulator,
    operation: Operation,
    caller: usize,
    body: &[u8],
) -> (u16, Vec<u8>) {
    let (account, region) = CALLERS[caller];
    emulator
        .dispatch_raw(operation, account, region, body)
        .await
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 3000,
        // A failure is a sequence of requests: shrinking it to the few that matter is worth it.
        max_shrink_iters: 4096,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_request_sequences_keep_every_property(
        setup in vec(create_step(), 1..=3),
        steps in vec(step(), 1..24),
    ) {
        run(&[setup, steps].concat())?;
    }
}
