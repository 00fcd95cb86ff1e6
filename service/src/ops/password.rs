//! GetRandomPassword.

use crate::password::{self, DEFAULT_LENGTH, PasswordRules};
use crate::state::Emulator;
use generated::{
    GetRandomPasswordError, GetRandomPasswordRequest, GetRandomPasswordResponse,
    InvalidParameterException,
};
use runtime::RequestContext;

pub(crate) fn get_random_password(
    _emulator: &Emulator,
    _ctx: &RequestContext,
    input: GetRandomPasswordRequest,
) -> Result<GetRandomPasswordResponse, GetRandomPasswordError> {
    let rules = rules_of(input);
    // `rand::rng()` is a CSPRNG (ChaCha, reseeded from the OS).
    let password = password::generate(&rules, &mut rand::rng())
        .map_err(|error| InvalidParameterException::new(error.to_string()))?;
    Ok(GetRandomPasswordResponse {
        random_password: Some(password),
    })
}

/// The request with AWS's defaults filled in. The length is already known to be 1..=4096.
fn rules_of(input: GetRandomPasswordRequest) -> PasswordRules {
    let defaults = PasswordRules::default();
    PasswordRules {
        length: input
            .password_length
            .and_then(|length| usize::try_from(length).ok())
            .unwrap_or(DEFAULT_LENGTH),
        exclude_characters: input.exclude_characters.unwrap_or_default(),
        exclude_numbers: input.exclude_numbers.unwrap_or(defaults.exclude_numbers),
        exclude_punctuation: input
            .exclude_punctuation
            .unwrap_or(defaults.exclude_punctuation),
        exclude_uppercase: input
            .exclude_uppercase
            .unwrap_or(defaults.exclude_uppercase),
        exclude_lowercase: input
            .exclude_lowercase
            .unwrap_or(defaults.exclude_lowercase),
        include_space: input.include_space.unwrap_or(defaults.include_space),
        require_each_included_type: input
            .require_each_included_type
            .unwrap_or(defaults.require_each_included_type),
    }
}
