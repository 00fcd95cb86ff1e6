//! GetRandomPassword: length, character classes and their switches, and range errors.

mod common;

use aws_sdk_secretsmanager::operation::get_random_password::builders::GetRandomPasswordFluentBuilder;
use common::{TestServer, assert_error};

/// AWS's punctuation set, the same 32 characters as Python's `string.punctuation`.
const PUNCTUATION: &str = r##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##;

/// The character classes AWS draws from, each with the switch that excludes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Uppercase,
    Lowercase,
    Number,
    Punctuation,
}

const CLASSES: [Class; 4] = [
    Class::Uppercase,
    Class::Lowercase,
    Class::Number,
    Class::Punctuation,
];

impl Class {
    fn contains(self, c: char) -> bool {
        match self {
            Class::Uppercase => c.is_ascii_uppercase(),
            Class::Lowercase => c.is_ascii_lowercase(),
            Class::Number => c.is_ascii_digit(),
            Class::Punctuation => PUNCTUATION.contains(c),
        }
    }

    fn exclude(self, request: GetRandomPasswordFluentBuilder) -> GetRandomPasswordFluentBuilder {
        match self {
            Class::Uppercase => request.exclude_uppercase(true),
            Class::Lowercase => request.exclude_lowercase(true),
            Class::Number => request.exclude_numbers(true),
            Class::Punctuation => request.exclude_punctuation(true),
        }
    }
}

async fn password(request: GetRandomPasswordFluentBuilder) -> String {
    request
        .send()
        .await
        .expect("get random password")
        .random_password
        .expect("RandomPassword in output")
}

#[tokio::test]
async fn default_password_is_32_characters_from_the_default_classes() {
    let (_server, client) = TestServer::with_client().await;

    let password = password(client.get_random_password()).await;

    assert_eq!(password.chars().count(), 32, "{password:?}");
    assert!(
        password
            .chars()
            .all(|c| CLASSES.iter().any(|class| class.contains(c))),
        "unexpected character in {password:?}"
    );
}

#[tokio::test]
async fn exclude_characters_keeps_the_exact_length() {
    let (_server, client) = TestServer::with_client().await;
    let excluded = "abcXYZ123!@#";

    let password = password(
        client
            .get_random_password()
            .password_length(100)
            .exclude_characters(excluded),
    )
    .await;

    assert_eq!(password.chars().count(), 100, "{password:?}");
    assert!(
        !password.chars().any(|c| excluded.contains(c)),
        "excluded character in {password:?}"
    );
}

#[tokio::test]
async fn each_exclude_switch_removes_its_class_only() {
    let (_server, client) = TestServer::with_client().await;

    for excluded in CLASSES {
        let password =
            password(excluded.exclude(client.get_random_password().password_length(200))).await;

        assert_eq!(password.chars().count(), 200);
        assert!(
            !password.chars().any(|c| excluded.contains(c)),
            "{excluded:?} character in {password:?}"
        );
        // Every other class is still required (RequireEachIncludedType defaults to true).
        for kept in CLASSES.into_iter().filter(|&class| class != excluded) {
            assert!(
                password.chars().any(|c| kept.contains(c)),
                "no {kept:?} character in {password:?} (excluding {excluded:?})"
            );
        }
    }
}

#[tokio::test]
async fn spaces_appear_only_with_include_space() {
    let (_server, client) = TestServer::with_client().await;
    // At the maximum length a space is all but certain when allowed: (94/95)^4096 < 1e-18.
    let without = password(client.get_random_password().password_length(4096)).await;
    let with = password(
        client
            .get_random_password()
            .password_length(4096)
            .include_space(true),
    )
    .await;

    assert!(!without.contains(' '), "space without IncludeSpace");
    assert!(with.contains(' '), "no space with IncludeSpace");
    assert_eq!(with.chars().count(), 4096);
}

#[tokio::test]
async fn every_included_class_is_required_by_default() {
    let (_server, client) = TestServer::with_client().await;

    // Four characters for four classes leaves no room for chance: each must be there by rule.
    for _ in 0..20 {
        let password = password(client.get_random_password().password_length(4)).await;

        for class in CLASSES {
            assert!(
                password.chars().any(|c| class.contains(c)),
                "no {class:?} character in {password:?}"
            );
        }
    }
}

#[tokio::test]
async fn password_length_above_4096_is_validation_exception() {
    let (_server, client) = TestServer::with_client().await;

    assert_error(
        client
            .get_random_password()
            .password_length(4097)
            .send()
            .await,
        "ValidationException",
        "1 validation error detected: Value '4097' at 'passwordLength' failed to satisfy \
         constraint: Member must have value less than or equal to 4096",
    );
}

#[tokio::test]
async fn password_length_zero_is_validation_exception() {
    let (_server, client) = TestServer::with_client().await;

    assert_error(
        client.get_random_password().password_length(0).send().await,
        "ValidationException",
        "1 validation error detected: Value '0' at 'passwordLength' failed to satisfy \
         constraint: Member must have value greater than or equal to 1",
    );
}

#[tokio::test]
async fn excluding_every_class_is_invalid_parameter() {
    let (_server, client) = TestServer::with_client().await;
    let request = CLASSES
        .iter()
        .fold(client.get_random_password(), |request, class| {
            class.exclude(request)
        });

    // The message is moto's and a third party's measurement (AWS-BEHAVIOUR.md section 9).
    assert_error(
        request.send().await,
        "InvalidParameterException",
        "All characters have been excluded from selection",
    );
}

#[tokio::test]
async fn too_short_for_every_required_class_is_invalid_parameter() {
    let (_server, client) = TestServer::with_client().await;

    assert_error(
        client.get_random_password().password_length(3).send().await,
        "InvalidParameterException",
        "Password length is too short based on the required types.",
    );
    // Three classes fit in three characters once the fourth is excluded.
    let three = password(
        client
            .get_random_password()
            .password_length(3)
            .exclude_punctuation(true),
    )
    .await;
    assert_eq!(three.chars().count(), 3);
}

#[tokio::test]
async fn one_character_is_enough_when_classes_are_not_required() {
    let (_server, client) = TestServer::with_client().await;

    let password = password(
        client
            .get_random_password()
            .password_length(1)
            .require_each_included_type(false),
    )
    .await;

    assert_eq!(password.chars().count(), 1);
}

#[tokio::test]
async fn a_required_class_emptied_by_exclude_characters_is_invalid_parameter() {
    let (_server, client) = TestServer::with_client().await;

    assert_error(
        client
            .get_random_password()
            .exclude_characters("0123456789")
            .send()
            .await,
        "InvalidParameterException",
        "All characters of the desired type have been excluded",
    );
    // Without RequireEachIncludedType the remaining classes are enough.
    let password = password(
        client
            .get_random_password()
            .exclude_characters("0123456789")
            .require_each_included_type(false),
    )
    .await;
    assert!(
        !password.chars().any(|c| c.is_ascii_digit()),
        "{password:?}"
    );
}

#[tokio::test]
async fn spaces_alone_when_every_other_class_is_excluded() {
    let (_server, client) = TestServer::with_client().await;
    let request = CLASSES
        .iter()
        .fold(client.get_random_password(), |request, class| {
            class.exclude(request)
        });

    let password = password(request.password_length(5).include_space(true)).await;

    assert_eq!(password, "     ");
}
