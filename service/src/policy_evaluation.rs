//! Whether a secret's resource policy lets a caller from another account perform an action, as
//! IAM decides it: a matching `Deny` statement wins, then a matching `Allow` grants, and without
//! either the answer is no.
//!
//! A statement matches when its principal, action, resource and condition all match:
//! - `Principal`: `*`, or an `AWS` principal naming the caller's account as a 12-digit id,
//!   `arn:aws:iam::ACCOUNT:root`, or any user, role or assumed-role ARN of that account (the
//!   emulator knows the caller only by account, so every identity of the account is the caller).
//!   `NotPrincipal` matches every caller it does not name. Service, federated and canonical-user
//!   principals never name a caller.
//! - `Action`/`NotAction`: `service:action` patterns with the wildcards `*` and `?`, ignoring case.
//! - `Resource`/`NotResource`: ARN patterns with the same wildcards, matching case; a statement
//!   without either matches every resource.
//! - `Condition`: the keys `aws:PrincipalAccount`, `aws:PrincipalArn` (`arn:aws:iam::ACCOUNT:root`),
//!   `aws:ResourceAccount` and `secretsmanager:SecretId` (the secret's ARN) are evaluated with the
//!   String and Arn operators (their `IfExists` forms too) and `Null`. Any other key is absent from
//!   the request, as a key the request does not carry is on AWS: its condition holds only under
//!   an `...IfExists` operator or `Null: true`. Any other operator on a known key does not hold.

use crate::policy_document::{PolicyDocument, strings};
use serde_json::{Map, Value};

/// Who asks to do what to which secret.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PolicyRequest<'a> {
    /// The caller's account id.
    pub account_id: &'a str,
    /// `secretsmanager:<Operation>`.
    pub action: &'a str,
    /// The secret's ARN.
    pub resource: &'a str,
}

/// What a policy says about a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    Allowed,
    /// No statement allows the request.
    NotAllowed,
    /// A `Deny` statement matches the request.
    Denied,
}

/// The policy's decision on `request`.
pub(crate) fn evaluate(policy: &PolicyDocument, request: &PolicyRequest<'_>) -> Decision {
    let mut allowed = false;
    for statement in policy.statements().into_iter().flatten() {
        if !statement_matches(statement, request) {
            continue;
        }
        match statement.get("Effect").and_then(Value::as_str) {
            Some("Deny") => return Decision::Denied,
            Some("Allow") => allowed = true,
            _ => {}
        }
    }
    if allowed {
        Decision::Allowed
    } else {
        Decision::NotAllowed
    }
}

fn statement_matches(statement: &Map<String, Value>, request: &PolicyRequest<'_>) -> bool {
    let principal = match (statement.get("Principal"), statement.get("NotPrincipal")) {
        (Some(principal), _) => names_caller(principal, request.account_id),
        (None, Some(excluded)) => !names_caller(excluded, request.account_id),
        (None, None) => false,
    };
    let action = |pattern: &str| wildcard_match(pattern, request.action, true);
    let actions = match (statement.get("Action"), statement.get("NotAction")) {
        (Some(actions), _) => any_string(actions, action),
        (None, Some(excluded)) => !any_string(excluded, action),
        (None, None) => false,
    };
    let resource = |pattern: &str| wildcard_match(pattern, request.resource, false);
    let resources = match (statement.get("Resource"), statement.get("NotResource")) {
        (Some(resources), _) => any_string(resources, resource),
        (None, Some(excluded)) => !any_string(excluded, resource),
        (None, None) => true,
    };
    principal
        && actions
        && resources
        && statement
            .get("Condition")
            .is_none_or(|condition| condition_holds(condition, request))
}

fn any_string(value: &Value, matches: impl Fn(&str) -> bool) -> bool {
    strings(value).is_some_and(|items| items.into_iter().any(matches))
}

/// Whether a `Principal` value names a caller of `account_id`.
fn names_caller(principal: &Value, account_id: &str) -> bool {
    match principal {
        Value::String(text) => text == "*",
        Value::Object(types) => types
            .get("AWS")
            .is_some_and(|names| any_string(names, |name| names_account(name, account_id))),
        _ => false,
    }
}

/// `*`, the account id, or an IAM or STS ARN in the account (`root`, `user/..`, `role/..`,
/// `assumed-role/..`).
fn names_account(name: &str, account_id: &str) -> bool {
    if name == "*" || name == account_id {
        return true;
    }
    let mut parts = name.splitn(6, ':');
    let (Some("arn"), Some(_partition), Some(service), Some(_region), Some(account), Some(_)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return false;
    };
    matches!(service, "iam" | "sts") && account == account_id
}

/// IAM's wildcard match: `*` any run of characters, `?` any one character.
fn wildcard_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let fold = |text: &str| {
        if ignore_case {
            text.to_ascii_lowercase()
        } else {
            text.to_owned()
        }
    };
    let (pattern, text) = (fold(pattern), fold(text));
    let (pattern, text) = (pattern.as_bytes(), text.as_bytes());
    // Greedy match with backtracking to the last `*`: linear in practice, never exponential.
    let (mut p, mut t) = (0, 0);
    let mut last_star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                last_star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == b'?' || c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match last_star {
                Some((star, matched)) => {
                    p = star + 1;
                    t = matched + 1;
                    last_star = Some((star, matched + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// Whether every operator of a `Condition` holds (AND across operators and keys).
fn condition_holds(condition: &Value, request: &PolicyRequest<'_>) -> bool {
    let Some(operators) = condition.as_object() else {
        return false;
    };
    operators.iter().all(|(operator, keys)| {
        keys.as_object().is_some_and(|keys| {
            keys.iter()
                .all(|(key, values)| operator_holds(operator, key, values, request))
        })
    })
}

fn operator_holds(operator: &str, key: &str, values: &Value, request: &PolicyRequest<'_>) -> bool {
    // The keys evaluated here are single-valued, so the set prefixes change nothing.
    let operator = operator
        .strip_prefix("ForAllValues:")
        .or_else(|| operator.strip_prefix("ForAnyValue:"))
        .unwrap_or(operator);
    let expected = condition_values(values);
    let Some(actual) = request_value(key, request) else {
        return match operator {
            "Null" => expected.iter().any(|value| value == "true"),
            _ => operator.ends_with("IfExists"),
        };
    };
    let operator = operator.strip_suffix("IfExists").unwrap_or(operator);
    let any = |matches: &dyn Fn(&str) -> bool| expected.iter().any(|value| matches(value));
    match operator {
        "StringEquals" | "ArnEquals" => any(&|value| value == actual),
        "StringNotEquals" | "ArnNotEquals" => !any(&|value| value == actual),
        "StringEqualsIgnoreCase" => any(&|value| value.eq_ignore_ascii_case(&actual)),
        "StringNotEqualsIgnoreCase" => !any(&|value| value.eq_ignore_ascii_case(&actual)),
        "StringLike" | "ArnLike" => any(&|value| wildcard_match(value, &actual, false)),
        "StringNotLike" | "ArnNotLike" => !any(&|value| wildcard_match(value, &actual, false)),
        "Null" => expected.iter().any(|value| value == "false"),
        _ => false,
    }
}

/// A condition's value or values, as text (`true`, `7` for JSON booleans and numbers).
fn condition_values(values: &Value) -> Vec<String> {
    let text = |value: &Value| match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    match values {
        Value::Array(items) => items.iter().map(text).collect(),
        other => vec![text(other)],
    }
}

/// The request's value for a condition key (keys ignore case, as IAM's do).
fn request_value(key: &str, request: &PolicyRequest<'_>) -> Option<String> {
    let key = key.to_ascii_lowercase();
    match key.as_str() {
        "aws:principalaccount" => Some(request.account_id.to_owned()),
        "aws:principalarn" => Some(format!("arn:aws:iam::{}:root", request.account_id)),
        "aws:resourceaccount" => request.resource.split(':').nth(4).map(str::to_owned),
        "secretsmanager:secretid" => Some(request.resource.to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ARN: &str = "arn:aws:secretsmanager:us-east-1:111111111111:secret:app-AbCdEf";
    const CALLER: &str = "222222222222";

    fn decide(statements: Value, action: &str) -> Decision {
        let text = json!({"Version": "2012-10-17", "Statement": statements}).to_string();
        let policy = PolicyDocument::parse(&text).unwrap();
        let request = PolicyRequest {
            account_id: CALLER,
            action,
            resource: ARN,
        };
        evaluate(&policy, &request)
    }

    fn allow(principal: Value, action: Value, resource: Value) -> Value {
        json!({"Effect": "Allow", "Principal": principal, "Action": action, "Resource": resource})
    }

    const DESCRIBE: &str = "secretsmanager:DescribeSecret";

    #[test]
    fn the_caller_is_named_by_account_id_root_or_any_identity_of_its_account() {
        for principal in [
            json!("*"),
            json!({"AWS": "*"}),
            json!({"AWS": CALLER}),
            json!({"AWS": "arn:aws:iam::222222222222:root"}),
            json!({"AWS": ["arn:aws:iam::333333333333:root", "arn:aws:iam::222222222222:role/app"]}),
            json!({"AWS": "arn:aws:sts::222222222222:assumed-role/app/session"}),
        ] {
            let statement = allow(principal.clone(), json!("secretsmanager:*"), json!("*"));
            assert_eq!(
                decide(statement, DESCRIBE),
                Decision::Allowed,
                "{principal}"
            );
        }
        for principal in [
            json!({"AWS": "arn:aws:iam::333333333333:root"}),
            json!({"AWS": "333333333333"}),
            json!({"Service": "lambda.amazonaws.com"}),
        ] {
            let statement = allow(principal.clone(), json!("secretsmanager:*"), json!("*"));
            assert_eq!(
                decide(statement, DESCRIBE),
                Decision::NotAllowed,
                "{principal}"
            );
        }
        let not_principal = json!({"Effect": "Allow", "NotPrincipal": {"AWS": "333333333333"}, "Action": "*", "Resource": "*"});
        assert_eq!(decide(not_principal, DESCRIBE), Decision::Allowed);
    }

    #[test]
    fn actions_match_with_wildcards_ignoring_case_and_not_action_excludes() {
        let caller = json!({"AWS": CALLER});
        for (action, allowed) in [
            (json!("secretsmanager:DescribeSecret"), true),
            (json!("SecretsManager:describesecret"), true),
            (json!("secretsmanager:Describe*"), true),
            (json!("secretsmanager:Describe?ecret"), true),
            (json!(["secretsmanager:GetSecretValue", "*"]), true),
            (json!("secretsmanager:Get*"), false),
            (json!("kms:*"), false),
        ] {
            let decision = decide(allow(caller.clone(), action.clone(), json!("*")), DESCRIBE);
            assert_eq!(decision == Decision::Allowed, allowed, "{action}");
        }
        let not_action = json!({"Effect": "Allow", "Principal": caller, "NotAction": "secretsmanager:Delete*", "Resource": "*"});
        assert_eq!(decide(not_action.clone(), DESCRIBE), Decision::Allowed);
        assert_eq!(
            decide(not_action, "secretsmanager:DeleteSecret"),
            Decision::NotAllowed
        );
    }

    #[test]
    fn resources_match_the_arn_with_wildcards() {
        let caller = json!({"AWS": CALLER});
        for (resource, allowed) in [
            (json!(ARN), true),
            (
                json!("arn:aws:secretsmanager:us-east-1:111111111111:secret:app-*"),
                true,
            ),
            (json!("arn:aws:secretsmanager:*:*:secret:*"), true),
            (
                json!("arn:aws:secretsmanager:us-east-1:111111111111:secret:other-*"),
                false,
            ),
            (
                json!("arn:aws:secretsmanager:us-east-1:111111111111:secret:APP-*"),
                false,
            ),
        ] {
            let decision = decide(
                allow(caller.clone(), json!("secretsmanager:*"), resource.clone()),
                DESCRIBE,
            );
            assert_eq!(decision == Decision::Allowed, allowed, "{resource}");
        }
    }

    #[test]
    fn an_explicit_deny_wins_over_any_allow() {
        let statements = json!([
            allow(json!("*"), json!("*"), json!("*")),
            {"Effect": "Deny", "Principal": {"AWS": CALLER}, "Action": "secretsmanager:Describe*", "Resource": "*"},
        ]);
        assert_eq!(decide(statements.clone(), DESCRIBE), Decision::Denied);
        assert_eq!(
            decide(statements, "secretsmanager:ListSecretVersionIds"),
            Decision::Allowed
        );
    }

    #[test]
    fn known_condition_keys_are_evaluated_and_unknown_keys_are_absent() {
        let with = |condition: Value| {
            let mut statement = allow(json!("*"), json!("*"), json!("*"));
            statement["Condition"] = condition;
            decide(statement, DESCRIBE)
        };
        let allowed = |condition: Value| with(condition) == Decision::Allowed;
        assert!(allowed(
            json!({"StringEquals": {"aws:PrincipalAccount": CALLER}})
        ));
        assert!(!allowed(
            json!({"StringEquals": {"aws:PrincipalAccount": "333333333333"}})
        ));
        assert!(allowed(
            json!({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::222222222222:*"}})
        ));
        assert!(allowed(
            json!({"StringNotEquals": {"aws:ResourceAccount": CALLER}})
        ));
        assert!(allowed(
            json!({"StringLike": {"secretsmanager:SecretId": "*:secret:app-*"}})
        ));
        assert!(!allowed(
            json!({"StringEquals": {"aws:PrincipalOrgID": "o-123"}})
        ));
        assert!(allowed(
            json!({"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-123"}})
        ));
        assert!(allowed(json!({"Null": {"aws:PrincipalOrgID": "true"}})));
        assert!(!allowed(json!({"Null": {"aws:PrincipalAccount": "true"}})));
        assert!(!allowed(
            json!({"NumericEquals": {"aws:PrincipalAccount": 1}})
        ));
    }

    #[test]
    fn wildcards_match_any_run_or_one_character() {
        assert!(wildcard_match("a*c", "abbbc", false));
        assert!(wildcard_match("a*b*c", "axxbyyc", false));
        assert!(wildcard_match("*", "", false));
        assert!(wildcard_match("a?c", "abc", false));
        assert!(!wildcard_match("a?c", "ac", false));
        assert!(!wildcard_match("a*c", "abcd", false));
        assert!(wildcard_match("A*", "abc", true));
    }
}
