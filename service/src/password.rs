//! Random passwords as GetRandomPassword makes them: character classes, exclusions, and at least
//! one character of every included class when asked, drawn from a cryptographically secure
//! generator.

use rand::seq::{IndexedRandom, SliceRandom};
use rand::{CryptoRng, Rng};

pub(crate) const UPPERCASE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
pub(crate) const LOWERCASE: &str = "abcdefghijklmnopqrstuvwxyz";
pub(crate) const DIGITS: &str = "0123456789";
/// AWS's punctuation set: the 32 characters of Python's `string.punctuation`.
pub(crate) const PUNCTUATION: &str = r##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##;

/// Length when the request gives none.
pub(crate) const DEFAULT_LENGTH: usize = 32;

/// What the caller asked for, with AWS's defaults already applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PasswordRules {
    pub length: usize,
    pub exclude_characters: String,
    pub exclude_numbers: bool,
    pub exclude_punctuation: bool,
    pub exclude_uppercase: bool,
    pub exclude_lowercase: bool,
    pub include_space: bool,
    pub require_each_included_type: bool,
}

impl Default for PasswordRules {
    fn default() -> Self {
        Self {
            length: DEFAULT_LENGTH,
            exclude_characters: String::new(),
            exclude_numbers: false,
            exclude_punctuation: false,
            exclude_uppercase: false,
            exclude_lowercase: false,
            include_space: false,
            // AWS: "If you don't include this switch, the password contains at least one of every
            // character type."
            require_each_included_type: true,
        }
    }
}

/// Why no password fits the rules. The texts are AWS's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PasswordError {
    /// Every character of every class is excluded.
    #[error("All characters have been excluded from selection")]
    NothingToChooseFrom,
    /// A class that must appear has lost all its characters to ExcludeCharacters.
    #[error("All characters of the desired type have been excluded")]
    RequiredClassEmptied,
    /// Fewer characters than classes that must each appear.
    #[error("Password length is too short based on the required types.")]
    TooShortForRequiredClasses,
}

/// A class of characters, after ExcludeCharacters, and whether the password must hold one.
struct Class {
    characters: Vec<char>,
    required: bool,
}

impl PasswordRules {
    /// The classes the switches keep, each stripped of the excluded characters. Space is only
    /// ever allowed, never required.
    fn classes(&self) -> Vec<Class> {
        let switches = [
            (
                UPPERCASE,
                !self.exclude_uppercase,
                self.require_each_included_type,
            ),
            (
                LOWERCASE,
                !self.exclude_lowercase,
                self.require_each_included_type,
            ),
            (
                DIGITS,
                !self.exclude_numbers,
                self.require_each_included_type,
            ),
            (
                PUNCTUATION,
                !self.exclude_punctuation,
                self.require_each_included_type,
            ),
            (" ", self.include_space, false),
        ];
        switches
            .into_iter()
            .filter(|&(_, included, _)| included)
            .map(|(characters, _, required)| Class {
                characters: characters
                    .chars()
                    .filter(|c| !self.exclude_characters.contains(*c))
                    .collect(),
                required,
            })
            .collect()
    }
}

/// A password of exactly `rules.length` characters. Every character is chosen uniformly from
/// its candidates by `rng`, which must be a cryptographically secure generator.
pub(crate) fn generate<R: Rng + CryptoRng>(
    rules: &PasswordRules,
    rng: &mut R,
) -> Result<String, PasswordError> {
    let classes = rules.classes();
    let pool: Vec<char> = classes
        .iter()
        .flat_map(|class| class.characters.iter().copied())
        .collect();
    if pool.is_empty() {
        return Err(PasswordError::NothingToChooseFrom);
    }
    let required: Vec<&Class> = classes.iter().filter(|class| class.required).collect();
    if required.iter().any(|class| class.characters.is_empty()) {
        return Err(PasswordError::RequiredClassEmptied);
    }
    if rules.length < required.len() {
        return Err(PasswordError::TooShortForRequiredClasses);
    }

    // One character from each required class, the rest from the whole pool, then shuffled so
    // the required characters sit at random positions.
    let mut password: Vec<char> = Vec::with_capacity(rules.length);
    for class in &required {
        password.extend(class.characters.choose(rng));
    }
    while password.len() < rules.length {
        password.extend(pool.choose(rng));
    }
    password.shuffle(rng);
    Ok(password.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn rng() -> StdRng {
        StdRng::seed_from_u64(7)
    }

    fn password(rules: &PasswordRules) -> String {
        generate(rules, &mut rng()).expect("a password fits these rules")
    }

    #[test]
    fn punctuation_is_the_32_characters_aws_lists() {
        assert_eq!(PUNCTUATION.chars().count(), 32);
        assert!(PUNCTUATION.chars().all(|c| c.is_ascii_punctuation()));
    }

    #[test]
    fn default_password_has_32_characters_of_every_class() {
        let password = password(&PasswordRules::default());
        assert_eq!(password.chars().count(), 32);
        for class in [UPPERCASE, LOWERCASE, DIGITS, PUNCTUATION] {
            assert!(password.chars().any(|c| class.contains(c)), "{class}");
        }
        assert!(!password.contains(' '));
    }

    #[test]
    fn excluded_characters_never_appear_and_the_length_holds() {
        let rules = PasswordRules {
            length: 500,
            exclude_characters: "aeiouAEIOU0!".into(),
            ..PasswordRules::default()
        };
        let password = password(&rules);
        assert_eq!(password.chars().count(), 500);
        assert!(!password.chars().any(|c| "aeiouAEIOU0!".contains(c)));
    }

    #[test]
    fn space_is_allowed_but_never_required() {
        let rules = PasswordRules {
            length: 4,
            include_space: true,
            ..PasswordRules::default()
        };
        // Four classes must appear in four characters, so there is no room for a space.
        for seed in 0..50 {
            let password = generate(&rules, &mut StdRng::seed_from_u64(seed)).unwrap();
            assert!(!password.contains(' '), "{password:?}");
        }
        let only_spaces = PasswordRules {
            length: 8,
            include_space: true,
            exclude_numbers: true,
            exclude_punctuation: true,
            exclude_uppercase: true,
            exclude_lowercase: true,
            ..PasswordRules::default()
        };
        assert_eq!(password(&only_spaces), "        ");
    }

    #[test]
    fn without_required_types_one_character_is_enough() {
        let rules = PasswordRules {
            length: 1,
            require_each_included_type: false,
            ..PasswordRules::default()
        };
        assert_eq!(password(&rules).chars().count(), 1);
    }

    #[test]
    fn too_short_for_the_required_classes() {
        let rules = PasswordRules {
            length: 3,
            ..PasswordRules::default()
        };
        assert_eq!(
            generate(&rules, &mut rng()),
            Err(PasswordError::TooShortForRequiredClasses)
        );
        let three_classes = PasswordRules {
            exclude_punctuation: true,
            ..rules
        };
        assert!(generate(&three_classes, &mut rng()).is_ok());
    }

    #[test]
    fn a_required_class_emptied_by_exclude_characters() {
        let rules = PasswordRules {
            exclude_characters: DIGITS.into(),
            ..PasswordRules::default()
        };
        assert_eq!(
            generate(&rules, &mut rng()),
            Err(PasswordError::RequiredClassEmptied)
        );
        // Not an error when the class need not appear.
        let optional = PasswordRules {
            require_each_included_type: false,
            ..rules
        };
        assert!(!password(&optional).chars().any(|c| c.is_ascii_digit()));
    }

    #[test]
    fn nothing_left_to_choose_from() {
        let rules = PasswordRules {
            exclude_numbers: true,
            exclude_punctuation: true,
            exclude_uppercase: true,
            exclude_lowercase: true,
            ..PasswordRules::default()
        };
        assert_eq!(
            generate(&rules, &mut rng()),
            Err(PasswordError::NothingToChooseFrom)
        );
        let all_excluded_by_list = PasswordRules {
            exclude_characters: format!("{UPPERCASE}{LOWERCASE}{DIGITS}{PUNCTUATION}"),
            ..PasswordRules::default()
        };
        assert_eq!(
            generate(&all_excluded_by_list, &mut rng()),
            Err(PasswordError::NothingToChooseFrom)
        );
    }

    #[test]
    fn errors_display_aws_texts() {
        assert_eq!(
            PasswordError::NothingToChooseFrom.to_string(),
            "All characters have been excluded from selection"
        );
        assert_eq!(
            PasswordError::RequiredClassEmptied.to_string(),
            "All characters of the desired type have been excluded"
        );
        assert_eq!(
            PasswordError::TooShortForRequiredClasses.to_string(),
            "Password length is too short based on the required types."
        );
    }

    #[test]
    fn characters_are_spread_over_the_whole_pool() {
        let rules = PasswordRules {
            length: 4096,
            ..PasswordRules::default()
        };
        let password = password(&rules);
        let distinct: std::collections::BTreeSet<char> = password.chars().collect();
        // 94 candidates, 4096 draws: missing any is vanishingly unlikely for a uniform choice.
        assert_eq!(distinct.len(), 94);
    }
}
