//! How model names become Rust names.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// A shape's Rust type name: the shape name itself, so that error variants match the wire `__type`.
pub(crate) fn type_ident(shape_name: &str) -> Ident {
    ident(shape_name)
}

/// `CreateSecretRequest` -> `UncheckedCreateSecretRequest`: the wire form of an input shape, as
/// it arrives and before the model's constraints are checked.
pub(crate) fn unchecked_type_ident(shape_name: &str) -> Ident {
    ident(&format!("Unchecked{shape_name}"))
}

/// `Secrets Manager` -> `SecretsManager`.
pub(crate) fn type_name_from_words(words: &str) -> String {
    words.to_upper_camel_case()
}

/// `RotationLambdaARN` -> `rotation_lambda_arn`; `Type` -> `r#type`.
pub(crate) fn field_ident(member_name: &str) -> Ident {
    ident(&member_name.to_snake_case())
}

/// `CreateSecret` -> `create_secret`.
pub(crate) fn method_ident(operation_name: &str) -> Ident {
    ident(&operation_name.to_snake_case())
}

/// `created_date` or `InSync` -> `CreatedDate`, `InSync`.
pub(crate) fn variant_ident(member_name: &str) -> Ident {
    ident(&member_name.to_upper_camel_case())
}

/// `SecretIdType` -> `SECRET_ID_TYPE`.
pub(crate) fn const_ident(shape_name: &str, suffix: &str) -> Ident {
    ident(&format!("{}_{suffix}", shape_name.to_shouty_snake_case()))
}

/// `SecretIdType` -> `secret_id_type`, for conversion functions.
pub(crate) fn function_ident(shape_name: &str) -> Ident {
    ident(&shape_name.to_snake_case())
}

/// The member name AWS uses in validation messages: the first letter lowered (`secretId`).
pub(crate) fn message_name(member_name: &str) -> String {
    let mut chars = member_name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An identifier, escaped when it is a Rust keyword.
fn ident(name: &str) -> Ident {
    if syn::parse_str::<Ident>(name).is_ok() {
        return Ident::new(name, Span::call_site());
    }
    match name {
        // These cannot be raw identifiers.
        "self" | "Self" | "super" | "crate" | "_" => {
            Ident::new(&format!("{name}_"), Span::call_site())
        }
        _ => Ident::new_raw(name, Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_become_one_word() {
        assert_eq!(field_ident("ARN").to_string(), "arn");
        assert_eq!(
            field_ident("RotationLambdaARN").to_string(),
            "rotation_lambda_arn"
        );
        assert_eq!(field_ident("KmsKeyId").to_string(), "kms_key_id");
        assert_eq!(
            field_ident("VersionIdsToStages").to_string(),
            "version_ids_to_stages"
        );
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(field_ident("Type").to_string(), "r#type");
        assert_eq!(field_ident("Match").to_string(), "r#match");
        assert_eq!(field_ident("Self").to_string(), "self_");
        assert_eq!(variant_ident("self").to_string(), "Self_");
    }

    #[test]
    fn enum_members_become_variants() {
        assert_eq!(variant_ident("created_date").to_string(), "CreatedDate");
        assert_eq!(variant_ident("InSync").to_string(), "InSync");
        assert_eq!(variant_ident("asc").to_string(), "Asc");
    }

    #[test]
    fn messages_use_the_member_name_with_a_lower_first_letter() {
        assert_eq!(message_name("SecretId"), "secretId");
        assert_eq!(message_name("ARN"), "aRN");
    }

    #[test]
    fn api_names_come_from_the_sdk_id() {
        assert_eq!(type_name_from_words("Secrets Manager"), "SecretsManager");
        assert_eq!(
            method_ident("ListSecretVersionIds").to_string(),
            "list_secret_version_ids"
        );
        assert_eq!(
            const_ident("SecretIdType", "RULES").to_string(),
            "SECRET_ID_TYPE_RULES"
        );
    }
}
