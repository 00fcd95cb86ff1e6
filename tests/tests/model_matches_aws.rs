//! Our model (`model/secretsmanager.json`) must state the same API facts as AWS's published Smithy
//! model (`shared/reference/secretsmanager.smithy.json`, where present).
//!
//! AWS's Smithy snapshot dates from 2025-04 and is older than the API we implement, so every
//! difference we mean to have is listed in `INTENDED_DIFFERENCES` with its reason. Any other
//! difference fails the test, and so does a listed difference that no longer occurs, so the list
//! stays an exact account of how we depart from the snapshot.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

const SERVICE: &str = "com.amazonaws.secretsmanager#secretsmanager";
const OPERATION_COUNT: usize = 26;

const NEWER_API: &str = "added in botocore 1.44.8: newer API than the 2025-04 Smithy snapshot";
const UNMODELLED_ERROR: &str =
    "AWS returns ValidationException on constraint failures but does not model it";
const UNMODELLED_ACCESS_DENIED: &str = "AWS returns AccessDeniedException when a resource policy refuses another account, and from RotateSecret when it cannot invoke the rotation function, but does not model it";

/// Every way our model departs from the Smithy snapshot, with the reason.
const INTENDED_DIFFERENCES: &[(&str, &str)] = &[
    // Operations newer than the snapshot.
    (
        "shape com.amazonaws.secretsmanager#secretsmanager: operation com.amazonaws.secretsmanager#AssociateCrossAccountReplica only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#secretsmanager: operation com.amazonaws.secretsmanager#DisassociateCrossAccountReplica only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#secretsmanager: operation com.amazonaws.secretsmanager#ListResourcePolicies only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#AssociateCrossAccountReplica: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#AssociateCrossAccountReplicaRequest: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#AssociateCrossAccountReplicaResponse: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#DisassociateCrossAccountReplica: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#DisassociateCrossAccountReplicaRequest: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#DisassociateCrossAccountReplicaResponse: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#ListResourcePolicies: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#ListResourcePoliciesRequest: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#ListResourcePoliciesResponse: only in ours",
        NEWER_API,
    ),
    // Shapes the newer operations and members need.
    (
        "shape com.amazonaws.secretsmanager#CrossAccountPrimaryType: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#CrossAccountReplicaEntry: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#CrossAccountReplicaListType: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#ExternalSecretRotationMetadataItem: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#ExternalSecretRotationMetadataItemKeyType: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#ExternalSecretRotationMetadataItemValueType: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#ExternalSecretRotationMetadataType: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#MedeaTypeType: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#ReplicaRestrictionType: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#ResourcePolicyNameType: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#ResourcePolicySummary: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#ResourcePolicySummaryListType: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#RoleARNType: only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#SortByType: only in ours",
        NEWER_API,
    ),
    // Members newer than the snapshot.
    (
        "shape com.amazonaws.secretsmanager#CreateSecretRequest: member CrossAccountPrimaryARN only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#CreateSecretRequest: member Type only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#UpdateSecretRequest: member Type only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#DescribeSecretResponse: member CrossAccountPrimary only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#DescribeSecretResponse: member CrossAccountReplicas only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#DescribeSecretResponse: member ExternalSecretRotationMetadata only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#DescribeSecretResponse: member ExternalSecretRotationRoleArn only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#DescribeSecretResponse: member Type only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#SecretListEntry: member ExternalSecretRotationMetadata only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#SecretListEntry: member ExternalSecretRotationRoleArn only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#SecretListEntry: member Type only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#RotateSecretRequest: member ExternalSecretRotationMetadata only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#RotateSecretRequest: member ExternalSecretRotationRoleArn only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#ListSecretsRequest: member SortBy only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#DeleteResourcePolicyRequest: member PolicyName only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#DeleteResourcePolicyResponse: member PolicyName only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#GetResourcePolicyRequest: member PolicyName only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#GetResourcePolicyResponse: member PolicyName only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#PutResourcePolicyRequest: member PolicyName only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#PutResourcePolicyResponse: member PolicyName only in ours",
        NEWER_API,
    ),
    // Enum values newer than the snapshot.
    (
        "shape com.amazonaws.secretsmanager#StatusType: member Pending only in ours",
        NEWER_API,
    ),
    (
        "shape com.amazonaws.secretsmanager#StatusType: member Detached only in ours",
        NEWER_API,
    ),
    // Errors AWS sends but does not model.
    (
        "shape com.amazonaws.secretsmanager#secretsmanager: error com.amazonaws.secretsmanager#ValidationException only in ours",
        UNMODELLED_ERROR,
    ),
    (
        "shape com.amazonaws.secretsmanager#ValidationException: only in ours",
        UNMODELLED_ERROR,
    ),
    (
        "shape com.amazonaws.secretsmanager#secretsmanager: error com.amazonaws.secretsmanager#AccessDeniedException only in ours",
        UNMODELLED_ACCESS_DENIED,
    ),
    (
        "shape com.amazonaws.secretsmanager#AccessDeniedException: only in ours",
        UNMODELLED_ACCESS_DENIED,
    ),
];

#[test]
fn model_matches_aws_except_intended_differences() {
    let Some(reference_path) = reference_model_path() else {
        eprintln!("note: AWS's reference model is not in this checkout; comparison skipped");
        return;
    };
    assert_intended_differences_are_well_formed();

    let found = model_differences(&load_json(&our_model_path()), &load_json(&reference_path));
    let intended: BTreeSet<&str> = INTENDED_DIFFERENCES.iter().map(|(d, _)| *d).collect();
    let unexpected: Vec<&str> = found
        .iter()
        .map(String::as_str)
        .filter(|d| !intended.contains(d))
        .collect();
    let stale: Vec<&str> = intended
        .iter()
        .copied()
        .filter(|d| !found.contains(*d))
        .collect();

    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "{}",
        failure_report(&unexpected, &stale)
    );
}

#[test]
fn our_model_has_every_operation_and_no_dangling_target() {
    let model = load_json(&our_model_path());
    let shapes = shapes(&model);

    let operations = targets_of(&shapes[SERVICE], "operations");
    assert_eq!(
        operations.len(),
        OPERATION_COUNT,
        "the service lists {operations:?}"
    );
    let operation_shapes = shapes.values().filter(|s| s["type"] == "operation").count();
    assert_eq!(operation_shapes, OPERATION_COUNT, "operation shapes");

    for operation in &operations {
        let shape = shapes
            .get(*operation)
            .unwrap_or_else(|| panic!("operation {operation} is listed but not defined"));
        assert_eq!(shape["type"], "operation", "{operation}");
        for io in ["input", "output"] {
            let target = shape[io]["target"].as_str();
            assert!(
                target.is_some_and(|t| resolves(shapes, t)),
                "{operation}: {io} {target:?} does not resolve"
            );
        }
    }

    let dangling: Vec<String> = shapes
        .iter()
        .flat_map(|(id, shape)| {
            let mut targets = Vec::new();
            collect_targets(shape, &mut targets);
            targets
                .into_iter()
                .filter(|t| !resolves(shapes, t))
                .map(move |t| format!("{id} -> {t}"))
        })
        .collect();
    assert!(dangling.is_empty(), "unresolved targets: {dangling:#?}");
}

// ---- loading ---------------------------------------------------------------------------------

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn our_model_path() -> PathBuf {
    manifest_dir().join("../model/secretsmanager.json")
}

/// The reference lives beside the repository, not in it, so a plain clone may not have it.
fn reference_model_path() -> Option<PathBuf> {
    let path = manifest_dir().join("../../shared/reference/secretsmanager.smithy.json");
    path.exists().then_some(path)
}

fn load_json(path: &Path) -> Value {
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()))
}

fn shapes(model: &Value) -> &Map<String, Value> {
    model["shapes"]
        .as_object()
        .expect("a Smithy model has a `shapes` object")
}

// ---- comparison ------------------------------------------------------------------------------

/// Every fact on which the two models differ, one line each.
fn model_differences(ours: &Value, reference: &Value) -> BTreeSet<String> {
    let mut diff = Differences::default();
    if ours["smithy"] != reference["smithy"] {
        diff.found.insert(format!(
            "model: smithy version ours={} reference={}",
            ours["smithy"], reference["smithy"]
        ));
    }
    let (ours, reference) = (shapes(ours), shapes(reference));
    for id in union(
        ours.keys().map(String::as_str),
        reference.keys().map(String::as_str),
    ) {
        match (ours.get(id), reference.get(id)) {
            (Some(o), Some(r)) => compare_shape(&mut diff, id, o, r),
            (Some(_), None) => diff.note(id, "only in ours".to_string()),
            (None, Some(_)) => diff.note(id, "only in reference".to_string()),
            (None, None) => unreachable!("{id} comes from one of the two models"),
        }
    }
    diff.found
}

#[derive(Default)]
struct Differences {
    found: BTreeSet<String>,
}

impl Differences {
    fn note(&mut self, shape: &str, what: String) {
        self.found.insert(format!("shape {shape}: {what}"));
    }
}

fn compare_shape(diff: &mut Differences, id: &str, ours: &Value, reference: &Value) {
    for key in ["type", "version"] {
        if ours[key] != reference[key] {
            diff.note(
                id,
                format!("{key} ours={} reference={}", ours[key], reference[key]),
            );
        }
    }
    // Single references: an operation's input and output, a list's member, a map's key and value.
    for (key, label) in [
        ("input", "input"),
        ("output", "output"),
        ("member", "list member"),
        ("key", "map key"),
        ("value", "map value"),
    ] {
        compare_reference(diff, id, label, ours.get(key), reference.get(key));
    }
    // Structure, union and enum members.
    let (our_members, reference_members) = (members(ours), members(reference));
    for name in union(
        our_members.keys().copied(),
        reference_members.keys().copied(),
    ) {
        let label = format!("member {name}");
        let (o, r) = (our_members.get(name), reference_members.get(name));
        compare_reference(diff, id, &label, o.copied(), r.copied());
    }
    // Unordered lists of shape ids: only membership is a fact.
    for (key, label) in [
        ("errors", "error"),
        ("operations", "operation"),
        ("resources", "resource"),
    ] {
        let (o, r) = (targets_of(ours, key), targets_of(reference, key));
        for target in o.difference(&r) {
            diff.note(id, format!("{label} {target} only in ours"));
        }
        for target in r.difference(&o) {
            diff.note(id, format!("{label} {target} only in reference"));
        }
    }
    compare_traits(diff, id, "", ours, reference);
}

/// Compares two `{"target": ..., "traits": ...}` references, either of which may be absent.
fn compare_reference(
    diff: &mut Differences,
    id: &str,
    label: &str,
    ours: Option<&Value>,
    reference: Option<&Value>,
) {
    match (ours, reference) {
        (None, None) => {}
        (Some(_), None) => diff.note(id, format!("{label} only in ours")),
        (None, Some(_)) => diff.note(id, format!("{label} only in reference")),
        (Some(o), Some(r)) => {
            if o["target"] != r["target"] {
                diff.note(
                    id,
                    format!(
                        "{label} target ours={} reference={}",
                        o["target"], r["target"]
                    ),
                );
            }
            compare_traits(diff, id, &format!("{label} "), o, r);
        }
    }
}

fn compare_traits(diff: &mut Differences, id: &str, prefix: &str, ours: &Value, reference: &Value) {
    let (ours, reference) = (fact_traits(ours), fact_traits(reference));
    for name in union(ours.keys().copied(), reference.keys().copied()) {
        let (o, r) = (ours.get(name), reference.get(name));
        if o != r {
            diff.note(
                id,
                format!(
                    "{prefix}trait {name} ours={} reference={}",
                    shown(o),
                    shown(r)
                ),
            );
        }
    }
}

/// The traits that state API facts. Documentation, examples, endpoint rules and smoke tests
/// describe or exercise the API without changing it, and ours are deliberately not AWS's.
fn fact_traits(node: &Value) -> BTreeMap<&str, &Value> {
    let is_fact = |name: &str| {
        !matches!(name, "smithy.api#documentation" | "smithy.api#examples")
            && !name.starts_with("smithy.rules#")
            && !name.starts_with("smithy.test#")
    };
    node.get("traits")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(name, _)| is_fact(name))
        .map(|(name, value)| (name.as_str(), value))
        .collect()
}

fn members(shape: &Value) -> BTreeMap<&str, &Value> {
    shape
        .get("members")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, member)| (name.as_str(), member))
        .collect()
}

/// The shape ids in a list of references such as an operation's `errors`.
fn targets_of<'a>(shape: &'a Value, key: &str) -> BTreeSet<&'a str> {
    shape
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|reference| reference["target"].as_str())
        .collect()
}

fn union<'a>(
    a: impl IntoIterator<Item = &'a str>,
    b: impl IntoIterator<Item = &'a str>,
) -> BTreeSet<&'a str> {
    a.into_iter().chain(b).collect()
}

fn shown(value: Option<&&Value>) -> String {
    value.map_or_else(|| "absent".to_string(), ToString::to_string)
}

// ---- checks on our model alone ---------------------------------------------------------------

/// A target resolves to one of our shapes or to a shape of the Smithy prelude.
fn resolves(shapes: &Map<String, Value>, target: &str) -> bool {
    shapes.contains_key(target) || target.starts_with("smithy.api#")
}

/// Every `target` in a shape, outside its traits (trait values are data, not references).
fn collect_targets<'a>(node: &'a Value, out: &mut Vec<&'a str>) {
    match node {
        Value::Object(fields) => {
            for (key, value) in fields {
                match (key.as_str(), value) {
                    ("traits", _) => {}
                    ("target", Value::String(target)) => out.push(target),
                    _ => collect_targets(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_targets(item, out)),
        _ => {}
    }
}

fn assert_intended_differences_are_well_formed() {
    let mut seen = BTreeSet::new();
    for (difference, reason) in INTENDED_DIFFERENCES {
        assert!(seen.insert(difference), "listed twice: {difference}");
        assert!(
            !reason.trim().is_empty(),
            "no reason given for: {difference}"
        );
    }
}

fn failure_report(unexpected: &[&str], stale: &[&str]) -> String {
    let mut report = String::from("our model departs from AWS's reference model\n");
    if !unexpected.is_empty() {
        report.push_str("\ndifferences not in INTENDED_DIFFERENCES (fix the model, or list them with a reason):\n");
        for difference in unexpected {
            report.push_str(&format!("  {difference}\n"));
        }
    }
    if !stale.is_empty() {
        report.push_str("\nINTENDED_DIFFERENCES entries that no longer occur (remove them):\n");
        for difference in stale {
            report.push_str(&format!("  {difference}\n"));
        }
    }
    report
}
