//! The grammar of a resource-based policy document, as PutResourcePolicy and
//! ValidateResourcePolicy check it, and whether a policy grants broad (public) access.
//!
//! The grammar is IAM's: a JSON object with `Version` (2012-10-17 or 2008-10-17), an optional
//! `Id` and `Statement` (one statement object or a non-empty list); each statement has an
//! optional unique `Sid`, `Effect` Allow or Deny, exactly one of `Principal`/`NotPrincipal` (a
//! resource policy always names who it applies to), exactly one of `Action`/`NotAction`, at most
//! one of `Resource`/`NotResource`, and an optional `Condition` of operator -> key -> value(s).

use serde_json::{Map, Value};

const VERSIONS: [&str; 2] = ["2012-10-17", "2008-10-17"];
const TOP_LEVEL_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
const PRINCIPAL_TYPES: [&str; 4] = ["AWS", "Service", "Federated", "CanonicalUser"];

/// IAM's condition operators, before the `ForAllValues:`/`ForAnyValue:` prefixes and the
/// `IfExists` suffix.
const CONDITION_OPERATORS: [&str; 27] = [
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
];

/// Condition keys that tie a statement to particular callers, so that a wildcard principal
/// under one of them is not open to everyone.
const CALLER_RESTRICTING_KEYS: [&str; 11] = [
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:userid",
];

/// A policy document that is at least a JSON object; its grammar is checked separately, so
/// that ValidateResourcePolicy can report every problem.
#[derive(Debug)]
pub(crate) struct PolicyDocument {
    root: Map<String, Value>,
}

impl PolicyDocument {
    /// `None` unless `text` is a JSON object.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match serde_json::from_str(text) {
            Ok(Value::Object(root)) => Some(Self { root }),
            _ => None,
        }
    }

    /// Every way the document breaks the policy grammar, in document order; empty when valid.
    pub(crate) fn syntax_errors(&self) -> Vec<String> {
        let mut errors = Vec::new();
        for element in self.root.keys() {
            if !TOP_LEVEL_ELEMENTS.contains(&element.as_str()) {
                errors.push(format!("The policy element {element} is not supported."));
            }
        }
        match self.root.get("Version") {
            None => {}
            Some(Value::String(version)) if VERSIONS.contains(&version.as_str()) => {}
            Some(_) => errors.push("The policy Version must be 2012-10-17 or 2008-10-17.".into()),
        }
        if self.root.get("Id").is_some_and(|id| !id.is_string()) {
            errors.push("The policy Id must be a string.".into());
        }
        match self.statements() {
            Some(statements) => check_statements(&statements, &mut errors),
            None => errors.push(
                "The policy must have a Statement: a statement object or a non-empty list of \
                 them."
                    .into(),
            ),
        }
        errors
    }

    /// Whether an Allow statement applies to every principal (`*`, `{"AWS": "*"}`, or any
    /// `NotPrincipal`) without a condition that restricts the callers.
    pub(crate) fn grants_broad_access(&self) -> bool {
        self.statements().into_iter().flatten().any(|statement| {
            let allows = statement.get("Effect").and_then(Value::as_str) == Some("Allow");
            let everyone = statement.contains_key("NotPrincipal")
                || statement.get("Principal").is_some_and(names_everyone);
            allows && everyone && !restricts_callers(statement.get("Condition"))
        })
    }

    /// The statements, when `Statement` is an object or a non-empty list of objects.
    pub(crate) fn statements(&self) -> Option<Vec<&Map<String, Value>>> {
        match self.root.get("Statement")? {
            Value::Object(statement) => Some(vec![statement]),
            Value::Array(items) if !items.is_empty() => {
                items.iter().map(Value::as_object).collect()
            }
            _ => None,
        }
    }
}

fn check_statements(statements: &[&Map<String, Value>], errors: &mut Vec<String>) {
    let mut sids: Vec<&str> = Vec::new();
    for (index, statement) in statements.iter().enumerate() {
        let mut report =
            |problem: String| errors.push(format!("Statement {}: {problem}", index + 1));
        check_statement(statement, &mut report);
        if let Some(sid) = statement.get("Sid").and_then(Value::as_str) {
            if sids.contains(&sid) {
                report(format!("the Sid {sid} is used by another statement."));
            }
            sids.push(sid);
        }
    }
}

fn check_statement(statement: &Map<String, Value>, report: &mut impl FnMut(String)) {
    for element in statement.keys() {
        if !STATEMENT_ELEMENTS.contains(&element.as_str()) {
            report(format!("the element {element} is not supported."));
        }
    }
    if statement.get("Sid").is_some_and(|sid| !sid.is_string()) {
        report("Sid must be a string.".into());
    }
    match statement.get("Effect").and_then(Value::as_str) {
        Some("Allow" | "Deny") => {}
        _ => report("Effect must be Allow or Deny.".into()),
    }
    let principal = exactly_one(statement, "Principal", "NotPrincipal", report);
    if let Some((name, principal)) = principal
        && !is_valid_principal(principal)
    {
        report(format!(
            "{name} must be \"*\" or an object of AWS, Service, Federated or CanonicalUser \
             principals."
        ));
    }
    if let Some((name, actions)) = exactly_one(statement, "Action", "NotAction", report) {
        check_each_string(
            name,
            actions,
            is_valid_action,
            "service:action or *",
            report,
        );
    }
    if statement.contains_key("Resource") && statement.contains_key("NotResource") {
        report("Resource and NotResource can't be used together.".into());
    }
    for name in ["Resource", "NotResource"] {
        if let Some(resources) = statement.get(name) {
            check_each_string(name, resources, is_valid_resource, "an ARN or *", report);
        }
    }
    if let Some(condition) = statement.get("Condition") {
        check_condition(condition, report);
    }
}

/// The one of `name`/`not_name` the statement has; reports none or both.
fn exactly_one<'a>(
    statement: &'a Map<String, Value>,
    name: &'static str,
    not_name: &'static str,
    report: &mut impl FnMut(String),
) -> Option<(&'static str, &'a Value)> {
    match (statement.get(name), statement.get(not_name)) {
        (Some(value), None) => Some((name, value)),
        (None, Some(value)) => Some((not_name, value)),
        (None, None) => {
            report(format!("it must have {name} or {not_name}."));
            None
        }
        (Some(_), Some(_)) => {
            report(format!("{name} and {not_name} can't be used together."));
            None
        }
    }
}

/// A string, or a non-empty list of strings.
pub(crate) fn strings(value: &Value) -> Option<Vec<&str>> {
    match value {
        Value::String(text) => Some(vec![text]),
        Value::Array(items) if !items.is_empty() => items.iter().map(Value::as_str).collect(),
        _ => None,
    }
}

fn check_each_string(
    name: &str,
    value: &Value,
    is_valid: fn(&str) -> bool,
    expected: &str,
    report: &mut impl FnMut(String),
) {
    match strings(value) {
        None => report(format!(
            "{name} must be a string or a non-empty list of strings."
        )),
        Some(items) => {
            for item in items.into_iter().filter(|item| !is_valid(item)) {
                report(format!("{name} {item} is not valid; expected {expected}."));
            }
        }
    }
}

fn is_valid_principal(principal: &Value) -> bool {
    match principal {
        Value::String(text) => text == "*",
        Value::Object(types) => {
            !types.is_empty()
                && types.iter().all(|(kind, names)| {
                    PRINCIPAL_TYPES.contains(&kind.as_str())
                        && strings(names).is_some_and(|names| names.iter().all(|n| !n.is_empty()))
                })
        }
        _ => false,
    }
}

/// `*`, or `service:action` where the action may use the wildcards `*` and `?`.
fn is_valid_action(action: &str) -> bool {
    if action == "*" {
        return true;
    }
    let Some((service, name)) = action.split_once(':') else {
        return false;
    };
    !service.is_empty()
        && service
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'*' || b == b'?')
}

fn is_valid_resource(resource: &str) -> bool {
    resource == "*" || resource.starts_with("arn:")
}

fn check_condition(condition: &Value, report: &mut impl FnMut(String)) {
    let Some(operators) = condition
        .as_object()
        .filter(|operators| !operators.is_empty())
    else {
        report("Condition must be a non-empty object of condition operators.".into());
        return;
    };
    for (operator, keys) in operators {
        if !is_condition_operator(operator) {
            report(format!(
                "the condition operator {operator} is not supported."
            ));
        }
        let Some(keys) = keys.as_object().filter(|keys| !keys.is_empty()) else {
            report(format!(
                "the condition operator {operator} must map condition keys to values."
            ));
            continue;
        };
        for (key, values) in keys {
            if !is_condition_value(values) {
                report(format!(
                    "the condition key {key} must have a value or a non-empty list of values."
                ));
            }
        }
    }
}

fn is_condition_operator(operator: &str) -> bool {
    let operator = operator
        .strip_prefix("ForAllValues:")
        .or_else(|| operator.strip_prefix("ForAnyValue:"))
        .unwrap_or(operator);
    match operator.strip_suffix("IfExists") {
        // `Null` tests existence itself, so it has no IfExists form.
        Some(base) => base != "Null" && CONDITION_OPERATORS.contains(&base),
        None => CONDITION_OPERATORS.contains(&operator),
    }
}

fn is_condition_value(value: &Value) -> bool {
    let scalar = |value: &Value| value.is_string() || value.is_number() || value.is_boolean();
    match value {
        Value::Array(items) => !items.is_empty() && items.iter().all(scalar),
        other => scalar(other),
    }
}

/// `*` itself, or a principal object with `*` among its names.
fn names_everyone(principal: &Value) -> bool {
    match principal {
        Value::String(text) => text == "*",
        Value::Object(types) => types
            .values()
            .filter_map(strings)
            .flatten()
            .any(|name| name == "*"),
        _ => false,
    }
}

fn restricts_callers(condition: Option<&Value>) -> bool {
    condition
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|operators| operators.values())
        .filter_map(Value::as_object)
        .flat_map(|keys| keys.keys())
        .any(|key| {
            CALLER_RESTRICTING_KEYS
                .iter()
                .any(|restricting| restricting.eq_ignore_ascii_case(key))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(value: Value) -> PolicyDocument {
        PolicyDocument::parse(&value.to_string()).expect("a JSON object")
    }

    fn statement(overrides: Value) -> Value {
        let mut statement = json!({
            "Sid": "ReadOnly",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
            "Action": "secretsmanager:GetSecretValue",
            "Resource": "*"
        });
        let fields = statement.as_object_mut().unwrap();
        for (key, value) in overrides.as_object().unwrap() {
            if value.is_null() {
                fields.remove(key);
            } else {
                fields.insert(key.clone(), value.clone());
            }
        }
        statement
    }

    fn policy_with(overrides: Value) -> PolicyDocument {
        document(json!({"Version": "2012-10-17", "Statement": [statement(overrides)]}))
    }

    fn errors_of(overrides: Value) -> Vec<String> {
        policy_with(overrides).syntax_errors()
    }

    #[test]
    fn only_json_objects_parse() {
        for text in ["", "not json", "[]", "\"text\"", "{"] {
            assert!(PolicyDocument::parse(text).is_none(), "{text}");
        }
    }

    #[test]
    fn aws_example_policy_is_valid() {
        // The example from AWS's PutResourcePolicy documentation, verbatim.
        let text = "{\n\"Version\":\"2012-10-17\",\n\"Statement\":[{\n\"Effect\":\"Allow\",\n\
                    \"Principal\":{\n\"AWS\":\"arn:aws:iam::123456789012:root\"\n},\n\
                    \"Action\":\"secretsmanager:GetSecretValue\",\n\"Resource\":\"*\"\n}]\n}";
        let policy = PolicyDocument::parse(text).unwrap();
        assert!(policy.syntax_errors().is_empty());
        assert!(!policy.grants_broad_access());
    }

    #[test]
    fn a_single_statement_object_and_lists_of_values_are_valid() {
        let policy = document(json!({
            "Version": "2008-10-17",
            "Id": "policy-1",
            "Statement": statement(json!({
                "Principal": {"AWS": ["arn:aws:iam::1:root", "arn:aws:iam::2:root"], "Service": "lambda.amazonaws.com"},
                "Action": ["secretsmanager:Get*", "secretsmanager:Describe?ecret"],
                "Resource": ["arn:aws:secretsmanager:us-east-1:1:secret:x-AbCdEf"],
                "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:PrincipalTag/team": ["a", "b"]}, "Bool": {"aws:SecureTransport": true}}
            }))
        }));
        assert_eq!(policy.syntax_errors(), Vec::<String>::new());
    }

    #[test]
    fn version_statement_and_elements_are_checked() {
        let bad_version =
            document(json!({"Version": "2019-10-19", "Statement": [statement(json!({}))]}));
        assert_eq!(
            bad_version.syntax_errors(),
            ["The policy Version must be 2012-10-17 or 2008-10-17."]
        );
        let no_statement = document(json!({"Version": "2012-10-17"}));
        assert_eq!(no_statement.syntax_errors().len(), 1);
        let empty_list = document(json!({"Version": "2012-10-17", "Statement": []}));
        assert_eq!(empty_list.syntax_errors().len(), 1);
        let extra = document(
            json!({"Version": "2012-10-17", "Statement": [statement(json!({}))], "Other": 1}),
        );
        assert_eq!(
            extra.syntax_errors(),
            ["The policy element Other is not supported."]
        );
    }

    #[test]
    fn each_statement_rule_is_reported() {
        assert_eq!(
            errors_of(json!({"Effect": "Permit"})),
            ["Statement 1: Effect must be Allow or Deny."]
        );
        assert_eq!(
            errors_of(json!({"Principal": null})),
            ["Statement 1: it must have Principal or NotPrincipal."]
        );
        assert_eq!(
            errors_of(json!({"NotAction": "secretsmanager:DeleteSecret"})),
            ["Statement 1: Action and NotAction can't be used together."]
        );
        assert_eq!(
            errors_of(json!({"Action": "GetSecretValue"})),
            ["Statement 1: Action GetSecretValue is not valid; expected service:action or *."]
        );
        assert_eq!(
            errors_of(json!({"Resource": "secret"})),
            ["Statement 1: Resource secret is not valid; expected an ARN or *."]
        );
        assert_eq!(errors_of(json!({"Principal": {"User": "bob"}})).len(), 1);
        assert_eq!(
            errors_of(json!({"Condition": {"StringEqualz": {"aws:userid": "x"}}})),
            ["Statement 1: the condition operator StringEqualz is not supported."]
        );
        assert_eq!(
            errors_of(json!({"Condition": {"NullIfExists": {"k": "true"}}})).len(),
            1
        );
        assert_eq!(
            errors_of(json!({"Condition": {"Bool": {"k": {}}}})).len(),
            1
        );
        assert_eq!(
            errors_of(json!({"Sid": 7})),
            ["Statement 1: Sid must be a string."]
        );
    }

    #[test]
    fn statement_ids_are_unique() {
        let policy = document(json!({
            "Version": "2012-10-17",
            "Statement": [statement(json!({})), statement(json!({}))]
        }));
        assert_eq!(
            policy.syntax_errors(),
            ["Statement 2: the Sid ReadOnly is used by another statement."]
        );
    }

    #[test]
    fn wildcard_principals_grant_broad_access_unless_a_condition_restricts_callers() {
        assert!(policy_with(json!({"Principal": "*"})).grants_broad_access());
        assert!(policy_with(json!({"Principal": {"AWS": "*"}})).grants_broad_access());
        assert!(
            policy_with(json!({"Principal": {"AWS": ["arn:aws:iam::1:root", "*"]}}))
                .grants_broad_access()
        );
        assert!(
            policy_with(json!({"Principal": null, "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}}))
                .grants_broad_access()
        );
        assert!(!policy_with(json!({"Principal": "*", "Effect": "Deny"})).grants_broad_access());
        let restricted = json!({"Principal": "*", "Condition": {"StringEquals": {"AWS:SourceAccount": "123456789012"}}});
        assert!(!policy_with(restricted).grants_broad_access());
        let unrelated =
            json!({"Principal": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}});
        assert!(policy_with(unrelated).grants_broad_access());
    }
}
