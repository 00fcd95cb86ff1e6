//! Terraform and its AWS provider (5.100.0) against the emulator: `tests/terraform/main.tf` uses
//! every Secrets Manager resource and data source of the provider. The test applies it, checks
//! that the next plan is empty, applies an update (`tests/terraform/update.tfvars`) and plans
//! again, destroys it, lets the recovery window pass and applies it once more. After each step
//! it reads what Terraform made through the AWS SDK.
//!
//! Terraform is a required program (the test fails, never skips, without it). The provider
//! comes from a local plugin mirror named by `EMULATOR_TEST_TERRAFORM_MIRROR`; `.ci/run` finds
//! it. Nothing is downloaded. If a step hangs, run the test with `TF_LOG=DEBUG`: Terraform's
//! own retry loops wait minutes on an answer they do not expect.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::operation::describe_secret::DescribeSecretOutput;
use common::{SECRET_NOT_FOUND, TestServer, assert_error, current_value, describe, value_at_stage};
use serde_json::{Value, json};

const DAY_MILLIS: i64 = 86_400_000;
/// A guard against a hung Terraform, far above a step's few seconds.
const STEP_TIMEOUT: Duration = Duration::from_secs(300);
const AWSCURRENT: &str = "AWSCURRENT";
const REPLICA_REGION: &str = "us-west-2";
/// The replica region the update adds.
const SECOND_REPLICA_REGION: &str = "eu-west-1";

/// The provider mirror: a directory holding `registry.terraform.io/hashicorp/aws/...`.
fn plugin_mirror() -> PathBuf {
    std::env::var_os("EMULATOR_TEST_TERRAFORM_MIRROR")
        .map(PathBuf::from)
        .filter(|mirror| mirror.join("registry.terraform.io/hashicorp/aws").is_dir())
        .unwrap_or_else(|| {
            panic!("EMULATOR_TEST_TERRAFORM_MIRROR does not name a Terraform plugin mirror with registry.terraform.io/hashicorp/aws; `.ci/run` finds it")
        })
}

fn config_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("terraform")
}

/// Which values of main.tf's variables a step uses.
#[derive(Clone, Copy)]
enum Variables {
    /// main.tf's defaults.
    Initial,
    /// update.tfvars: every updatable argument changed.
    Updated,
}

/// A Terraform working directory with main.tf, pointed at one emulator.
struct Terraform {
    program: PathBuf,
    dir: PathBuf,
    endpoint: String,
}

impl Terraform {
    fn new(endpoint: &str) -> Self {
        let program = common::required_program("terraform");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("terraform-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the working directory");
        std::fs::copy(config_dir().join("main.tf"), dir.join("main.tf")).expect("copy main.tf");
        // Providers come from the mirror only: never from the registry.
        let cli_config = format!(
            "provider_installation {{\n  filesystem_mirror {{\n    path    = {:?}\n    include = [\"registry.terraform.io/hashicorp/aws\"]\n  }}\n}}\n",
            plugin_mirror()
        );
        std::fs::write(dir.join("cli.tfrc"), cli_config).expect("write the CLI configuration");
        Self {
            program,
            dir,
            endpoint: endpoint.to_owned(),
        }
    }

    /// Runs `terraform ARGS -no-color`, never asking for input, and returns what it printed and its exit code.
    async fn run(&self, args: &[String]) -> Output {
        let mut command = tokio::process::Command::new(&self.program);
        command
            .args(args)
            .arg("-no-color")
            .current_dir(&self.dir)
            .env("TF_CLI_CONFIG_FILE", self.dir.join("cli.tfrc"))
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_INPUT", "0")
            .env("CHECKPOINT_DISABLE", "1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_ENDPOINT_URL")
            .env_remove("AWS_ENDPOINT_URL_SECRETS_MANAGER")
            .kill_on_drop(true);
        tokio::time::timeout(STEP_TIMEOUT, command.output())
            .await
            .unwrap_or_else(|_| panic!("terraform {args:?} still running after {STEP_TIMEOUT:?}; run with TF_LOG=DEBUG to see what it waits for"))
            .expect("run terraform")
    }

    /// Runs a step that must succeed (exit code 0) and returns what it printed.
    async fn succeed(&self, args: &[String]) -> String {
        let output = self.run(args).await;
        assert!(
            output.status.success(),
            "terraform {args:?} failed ({}):\n{}",
            output.status,
            printed(&output)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// `COMMAND -var endpoint=...`, plus update.tfvars for the update.
    fn with_variables(&self, command: &[&str], variables: Variables) -> Vec<String> {
        let mut args: Vec<String> = command.iter().map(|arg| arg.to_string()).collect();
        args.extend(["-var".to_owned(), format!("endpoint={}", self.endpoint)]);
        if let Variables::Updated = variables {
            let file = config_dir().join("update.tfvars");
            args.push(format!("-var-file={}", file.display()));
        }
        args
    }

    async fn init(&self) {
        self.succeed(&["init".to_owned()]).await;
    }

    async fn apply(&self, variables: Variables) {
        self.succeed(&self.with_variables(&["apply", "-auto-approve"], variables))
            .await;
    }

    async fn destroy(&self, variables: Variables) {
        self.succeed(&self.with_variables(&["destroy", "-auto-approve"], variables))
            .await;
    }

    /// `terraform plan -detailed-exitcode` exits 0: nothing to change, not even an output.
    async fn assert_plan_is_empty(&self, variables: Variables) {
        let output = self
            .run(&self.with_variables(&["plan", "-detailed-exitcode"], variables))
            .await;
        assert_eq!(
            output.status.code(),
            Some(0),
            "the plan after an apply should be empty:\n{}",
            printed(&output)
        );
    }

    /// The root module's outputs, by name (sensitive ones included).
    async fn outputs(&self) -> Value {
        let printed = self
            .succeed(&["output".to_owned(), "-json".to_owned()])
            .await;
        let outputs: Value = serde_json::from_str(&printed).expect("outputs as JSON");
        let values = outputs
            .as_object()
            .expect("outputs object")
            .iter()
            .map(|(name, output)| (name.clone(), output["value"].clone()))
            .collect();
        Value::Object(values)
    }
}

impl Drop for Terraform {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What a Terraform run printed, for a failure message.
fn printed(output: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn tags(described: &DescribeSecretOutput) -> Vec<(String, String)> {
    let mut tags: Vec<(String, String)> = described
        .tags()
        .iter()
        .map(|tag| {
            (
                tag.key().unwrap_or_default().to_owned(),
                tag.value().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    tags.sort();
    tags
}

/// The regions of the secret's replicas, sorted.
fn replica_regions(described: &DescribeSecretOutput) -> Vec<&str> {
    let mut regions: Vec<&str> = described
        .replication_status()
        .iter()
        .map(|status| status.region().expect("Region"))
        .collect();
    regions.sort();
    regions
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect()
}

async fn binary_value(client: &Client, secret_id: &str) -> Vec<u8> {
    common::get_value(client, secret_id)
        .await
        .secret_binary()
        .expect("SecretBinary")
        .as_ref()
        .to_vec()
}

async fn policy(client: &Client, secret_id: &str) -> Value {
    let answer = client
        .get_resource_policy()
        .secret_id(secret_id)
        .send()
        .await
        .expect("get the resource policy");
    serde_json::from_str(answer.resource_policy().expect("a ResourcePolicy")).expect("JSON policy")
}

/// The rotation rules DescribeSecret shows, as (ScheduleExpression, Duration, AutomaticallyAfterDays).
fn rotation_rules(described: &DescribeSecretOutput) -> (Option<&str>, Option<&str>, Option<i64>) {
    let rules = described.rotation_rules().expect("RotationRules");
    (
        rules.schedule_expression(),
        rules.duration(),
        rules.automatically_after_days(),
    )
}

/// What an apply leaves behind, by the variables it was given.
struct Expected {
    description: &'static str,
    kms_key_id: Option<&'static str>,
    tags: &'static [(&'static str, &'static str)],
    /// Sorted.
    replica_regions: &'static [&'static str],
    value: &'static str,
    policy_action: &'static str,
    binary: &'static [u8],
    stage: &'static str,
    /// The rules of tf/rotated-by-rate as [`rotation_rules`] gives them.
    rate: (&'static str, Option<&'static str>, Option<i64>),
    cron: &'static str,
}

impl Variables {
    fn expected(self) -> Expected {
        match self {
            Variables::Initial => Expected {
                description: "created by Terraform",
                kms_key_id: None,
                tags: &[("managed", "terraform"), ("team", "blue")],
                replica_regions: &[REPLICA_REGION],
                value: "first value",
                policy_action: "secretsmanager:GetSecretValue",
                binary: &[0, 1, 2, 255],
                stage: "BLUE",
                rate: ("rate(4 hours)", Some("3h"), None),
                cron: "cron(0 16 1,15 * ? *)",
            },
            Variables::Updated => Expected {
                description: "updated by Terraform",
                kms_key_id: Some("alias/terraform"),
                tags: &[("owner", "ops"), ("team", "green")],
                replica_regions: &[SECOND_REPLICA_REGION, REPLICA_REGION],
                value: "second value",
                policy_action: "secretsmanager:DescribeSecret",
                binary: &[4, 5, 6, 254],
                stage: "GREEN",
                // A rate in days is also shown as AutomaticallyAfterDays; the provider copes.
                rate: ("rate(10 days)", Some("1h"), Some(10)),
                cron: "cron(0 8 ? * MON *)",
            },
        }
    }
}

/// What an apply with `variables` made, read through the SDK and from Terraform's outputs.
async fn assert_applied(server: &TestServer, terraform: &Terraform, variables: Variables) {
    let expected = variables.expected();
    let client = server.client();

    let main = describe(&client, "tf/main").await;
    assert_eq!(main.description(), Some(expected.description));
    assert_eq!(main.kms_key_id(), expected.kms_key_id);
    assert_eq!(tags(&main), pairs(expected.tags));
    assert_eq!(replica_regions(&main), expected.replica_regions);
    assert_eq!(current_value(&client, "tf/main").await, expected.value);
    for region in expected.replica_regions {
        let replica = server.client_for(region, "test");
        assert_eq!(current_value(&replica, "tf/main").await, expected.value);
    }
    assert_eq!(
        policy(&client, "tf/main").await["Statement"][0]["Action"],
        expected.policy_action
    );

    assert_eq!(binary_value(&client, "tf/binary").await, expected.binary);
    assert_eq!(
        value_at_stage(&client, "tf/binary", expected.stage).await,
        json!({"stage": expected.stage}).to_string()
    );
    // The custom label of an earlier apply is gone.
    let binary = describe(&client, "tf/binary").await;
    for label in binary
        .version_ids_to_stages()
        .expect("VersionIdsToStages")
        .values()
        .flatten()
    {
        assert!(
            [AWSCURRENT, "AWSPREVIOUS", expected.stage].contains(&label.as_str()),
            "unexpected label {label}"
        );
    }

    // Rotated at once by the emulator itself: a new password in the same JSON shape.
    let rate = describe(&client, "tf/rotated-by-rate").await;
    assert_eq!(rate.rotation_enabled(), Some(true));
    let (expression, duration, days) = expected.rate;
    assert_eq!(rotation_rules(&rate), (Some(expression), duration, days));
    let rotated: Value =
        serde_json::from_str(&current_value(&client, "tf/rotated-by-rate").await).expect("JSON");
    assert_eq!(rotated["username"], "app");
    assert_ne!(rotated["password"], "initial");

    let cron = describe(&client, "tf/rotated-by-cron").await;
    assert_eq!(rotation_rules(&cron), (Some(expected.cron), None, None));
    assert_eq!(
        cron.rotation_lambda_arn(),
        Some("arn:aws:lambda:us-east-1:000000000000:function:rotate")
    );

    let outputs = terraform.outputs().await;
    assert_eq!(outputs["main_description"], expected.description);
    let tags: serde_json::Map<String, Value> = expected
        .tags
        .iter()
        .map(|(key, value)| (key.to_string(), json!(value)))
        .collect();
    assert_eq!(outputs["main_tags"], Value::Object(tags));
    assert_eq!(outputs["staged_value"], expected.stage);
    assert_eq!(outputs["binary_stages"], json!([AWSCURRENT]));
    assert_eq!(
        outputs["secret_names"],
        json!([
            "tf/binary",
            "tf/main",
            "tf/rotated-by-cron",
            "tf/rotated-by-rate"
        ])
    );
    assert_eq!(outputs["password_length"], 40);
}

/// After destroy: the secrets with `recovery_window_in_days = 0` are gone at once, and so are the
/// main secret's replicas; the main secret waits out its ten-day window.
async fn assert_destroyed(server: &TestServer, client: &Client) {
    for name in ["tf/binary", "tf/rotated-by-rate", "tf/rotated-by-cron"] {
        assert_error(
            client.describe_secret().secret_id(name).send().await,
            "ResourceNotFoundException",
            SECRET_NOT_FOUND,
        );
    }
    for region in [REPLICA_REGION, SECOND_REPLICA_REGION] {
        let replica = server.client_for(region, "test");
        assert_error(
            replica.describe_secret().secret_id("tf/main").send().await,
            "ResourceNotFoundException",
            SECRET_NOT_FOUND,
        );
    }
    assert!(describe(client, "tf/main").await.deleted_date().is_some());

    server.emulator().advance_clock(9 * DAY_MILLIS);
    assert!(describe(client, "tf/main").await.deleted_date().is_some());
    server.emulator().advance_clock(DAY_MILLIS + 60_000);
    assert_error(
        client.describe_secret().secret_id("tf/main").send().await,
        "ResourceNotFoundException",
        SECRET_NOT_FOUND,
    );
}

#[tokio::test]
async fn terraform_applies_updates_destroys_and_applies_again_with_empty_plans() {
    let (server, client) = TestServer::with_client().await;
    let terraform = Terraform::new(&server.endpoint);
    terraform.init().await;

    terraform.apply(Variables::Initial).await;
    assert_applied(&server, &terraform, Variables::Initial).await;
    terraform.assert_plan_is_empty(Variables::Initial).await;

    terraform.apply(Variables::Updated).await;
    assert_applied(&server, &terraform, Variables::Updated).await;
    terraform.assert_plan_is_empty(Variables::Updated).await;

    terraform.destroy(Variables::Updated).await;
    assert_destroyed(&server, &client).await;

    terraform.apply(Variables::Initial).await;
    assert_applied(&server, &terraform, Variables::Initial).await;
    terraform.assert_plan_is_empty(Variables::Initial).await;
}
