//! Smithy constraint traits (`required`, `length`, `range`, `pattern`, enums) checked against
//! deserialized input, reported with AWS's `ValidationException` wording.

use regex::Regex;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::fmt::{self, Display, Write as _};
use std::sync::OnceLock;

/// Converts the wire form of an input shape (every member optional, enums as strings) into the
/// checked shape handlers receive. Returns `None` only after recording at least one error.
pub trait FromWire: Sized {
    /// The shape as it arrives: every member optional, enums as strings.
    type Wire: DeserializeOwned;
    /// Checks `wire` (found at `path`), recording each failure in `errors`.
    fn from_wire(wire: Self::Wire, path: Path<'_>, errors: &mut ValidationErrors) -> Option<Self>;
}

/// A Smithy enum: a closed set of string values.
pub trait ModelEnum: Sized + 'static {
    /// Every value, in model order (as AWS lists them in a validation message).
    const VALUES: &'static [&'static str];
    /// The variant of `value`, or `None` if it is not one of [`Self::VALUES`].
    fn from_value(value: &str) -> Option<Self>;
}

/// Where a member sits in the input, rendered as AWS does: `tags.1.member.key`.
#[derive(Clone, Copy)]
pub enum Path<'a> {
    /// The input itself.
    Root,
    /// A member of a structure, by its wire name.
    Member(&'a Path<'a>, &'static str),
    /// A list element, numbered from one.
    Element(&'a Path<'a>, usize),
    /// A key of a map (AWS does not say which).
    MapKey(&'a Path<'a>),
    /// The value of a map at a key.
    MapValue(&'a Path<'a>, &'a str),
}

impl<'a> Path<'a> {
    /// The member `name` of the structure at this path.
    pub fn member(&'a self, name: &'static str) -> Path<'a> {
        Path::Member(self, name)
    }

    /// `index` counts from zero; AWS numbers elements from one.
    pub fn element(&'a self, index: usize) -> Path<'a> {
        Path::Element(self, index + 1)
    }

    /// A key of the map at this path.
    pub fn map_key(&'a self) -> Path<'a> {
        Path::MapKey(self)
    }

    /// The value at `key` of the map at this path.
    pub fn map_value(&'a self, key: &'a str) -> Path<'a> {
        Path::MapValue(self, key)
    }
}

impl Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Member(Path::Root, name) => f.write_str(name),
            Path::Member(parent, name) => write!(f, "{parent}.{name}"),
            Path::Element(parent, number) => write!(f, "{parent}.{number}.member"),
            Path::MapKey(parent) => write!(f, "{parent}.key"),
            Path::MapValue(parent, key) => write!(f, "{parent}.{key}"),
        }
    }
}

/// Length bounds from a `@length` trait. Strings count characters, blobs bytes, lists elements.
#[derive(Clone, Copy, Debug)]
pub struct LengthRule {
    /// The shortest length allowed, if any.
    pub min: Option<u64>,
    /// The longest length allowed, if any.
    pub max: Option<u64>,
}

/// Bounds from a `@range` trait.
#[derive(Clone, Copy, Debug)]
pub struct RangeRule {
    /// The smallest value allowed, if any.
    pub min: Option<i64>,
    /// The largest value allowed, if any.
    pub max: Option<i64>,
}

/// A `@pattern` regular expression, compiled on first use.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    /// The pattern `source`, compiled when it is first used.
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The regular expression as the model writes it, quoted in validation messages.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// A pattern the regex engine cannot compile accepts everything rather than refusing input
    /// the model allows; codegen's tests compile every pattern of the model.
    pub fn is_match(&self, value: &str) -> bool {
        self.compiled
            .get_or_init(|| Regex::new(self.source).ok())
            .as_ref()
            .is_none_or(|regex| regex.is_match(value))
    }
}

/// Every constraint a string shape can carry.
pub struct StringRules {
    /// The `@length` trait, counted in characters.
    pub length: Option<LengthRule>,
    /// The `@pattern` trait.
    pub pattern: Option<&'static Pattern>,
    /// Sensitive values are never echoed in error messages.
    pub sensitive: bool,
}

/// The constraint failures of one request, in the order they were found.
#[derive(Debug, Default)]
pub struct ValidationErrors {
    failures: Vec<String>,
}

impl ValidationErrors {
    /// Whether no constraint failed.
    pub fn is_empty(&self) -> bool {
        self.failures.is_empty()
    }

    /// AWS's message: `1 validation error detected: Value 'x' at 'name' failed to satisfy
    /// constraint: Member must ...`, failures joined by `; `.
    pub fn message(&self) -> String {
        let count = self.failures.len();
        let noun = if count == 1 { "error" } else { "errors" };
        format!(
            "{count} validation {noun} detected: {}",
            self.failures.join("; ")
        )
    }

    fn fail(&mut self, value: Shown<'_>, path: Path<'_>, constraint: fmt::Arguments<'_>) {
        let mut failure = String::from("Value");
        match value {
            Shown::Null => failure.push_str(" null"),
            Shown::Text(text) => {
                let _ = write!(failure, " '{text}'");
            }
            Shown::Number(number) => {
                let _ = write!(failure, " '{number}'");
            }
            Shown::Hidden => {}
        }
        let _ = write!(
            failure,
            " at '{path}' failed to satisfy constraint: Member must {constraint}"
        );
        self.failures.push(failure);
    }

    /// A `@required` member: records `Member must not be null` when absent.
    pub fn required<T>(&mut self, value: Option<T>, path: Path<'_>) -> Option<T> {
        if value.is_none() {
            self.fail(Shown::Null, path, format_args!("not be null"));
        }
        value
    }

    /// Checks a string's length (in characters) and pattern, showing it in a failure unless it
    /// is sensitive.
    pub fn check_string(&mut self, value: String, path: Path<'_>, rules: &StringRules) -> String {
        let shown = if rules.sensitive {
            Shown::Hidden
        } else {
            Shown::Text(&value)
        };
        if let Some(length) = rules.length {
            self.check_length(value.chars().count(), length, shown, path);
        }
        if let Some(pattern) = rules.pattern
            && !pattern.is_match(&value)
        {
            self.fail(
                shown,
                path,
                format_args!("satisfy regular expression pattern: {}", pattern.source()),
            );
        }
        value
    }

    /// Blobs, lists and maps: their length is checked, their content never shown.
    pub fn check_size(&mut self, size: usize, path: Path<'_>, rule: LengthRule) {
        self.check_length(size, rule, Shown::Hidden, path);
    }

    /// A list of strings that are not sensitive: its length is checked, and the list is shown as
    /// AWS shows it, `[a, b]` (reported from AWS: `Value '[secret1, secrets2, ...]' at
    /// 'filters.1.member.values' failed to satisfy constraint: ...`).
    pub fn check_strings_size(&mut self, items: &[String], path: Path<'_>, rule: LengthRule) {
        let length = items.len() as u64;
        let fails =
            rule.min.is_some_and(|min| length < min) || rule.max.is_some_and(|max| length > max);
        // Only a failing list is rendered: most requests pass.
        if !fails {
            return;
        }
        let shown = format!("[{}]", items.join(", "));
        self.check_length(items.len(), rule, Shown::Text(&shown), path);
    }

    /// Checks a number against a `@range` trait.
    pub fn check_range<N: Copy + Into<i64>>(
        &mut self,
        value: N,
        path: Path<'_>,
        rule: RangeRule,
    ) -> N {
        let number: i64 = value.into();
        if let Some(min) = rule.min
            && number < min
        {
            self.fail(
                Shown::Number(number),
                path,
                format_args!("have value greater than or equal to {min}"),
            );
        }
        if let Some(max) = rule.max
            && number > max
        {
            self.fail(
                Shown::Number(number),
                path,
                format_args!("have value less than or equal to {max}"),
            );
        }
        value
    }

    /// Reads a string as a value of enum `E`, recording a failure if it is none of its values.
    pub fn check_enum<E: ModelEnum>(&mut self, value: String, path: Path<'_>) -> Option<E> {
        let parsed = E::from_value(&value);
        if parsed.is_none() {
            self.fail(
                Shown::Text(&value),
                path,
                format_args!("satisfy enum value set: [{}]", E::VALUES.join(", ")),
            );
        }
        parsed
    }

    fn check_length(&mut self, length: usize, rule: LengthRule, shown: Shown<'_>, path: Path<'_>) {
        let length = length as u64;
        if let Some(min) = rule.min
            && length < min
        {
            self.fail(
                shown,
                path,
                format_args!("have length greater than or equal to {min}"),
            );
        }
        if let Some(max) = rule.max
            && length > max
        {
            self.fail(
                shown,
                path,
                format_args!("have length less than or equal to {max}"),
            );
        }
    }
}

/// How a failing value appears in the message.
#[derive(Clone, Copy)]
enum Shown<'a> {
    Null,
    Text(&'a str),
    Number(i64),
    Hidden,
}

/// Converts an optional member: `Some(None)` when absent, `Some(Some(v))` when valid, `None`
/// when its conversion recorded an error.
pub fn optional<W, T>(value: Option<W>, convert: impl FnOnce(W) -> Option<T>) -> Option<Option<T>> {
    match value {
        None => Some(None),
        Some(wire) => convert(wire).map(Some),
    }
}

/// Converts every element (so that every failure is reported), then keeps the list only if all
/// converted.
pub fn each<W, T>(items: Vec<W>, mut convert: impl FnMut(usize, W) -> Option<T>) -> Option<Vec<T>> {
    let converted: Vec<Option<T>> = items
        .into_iter()
        .enumerate()
        .map(|(index, item)| convert(index, item))
        .collect();
    converted.into_iter().collect()
}

/// Converts every value of a map, reporting every failure, like [`each`].
pub fn each_value<W, T>(
    entries: BTreeMap<String, W>,
    mut convert: impl FnMut(&str, W) -> Option<T>,
) -> Option<BTreeMap<String, T>> {
    let converted: Vec<(String, Option<T>)> = entries
        .into_iter()
        .map(|(key, value)| {
            let converted = convert(&key, value);
            (key, converted)
        })
        .collect();
    converted
        .into_iter()
        .map(|(key, value)| value.map(|value| (key, value)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: StringRules = StringRules {
        length: Some(LengthRule {
            min: Some(1),
            max: Some(5),
        }),
        pattern: None,
        sensitive: false,
    };

    #[test]
    fn renders_nested_paths_as_aws_does() {
        let root = Path::Root;
        let tags = root.member("tags");
        let second = tags.element(1);
        assert_eq!(second.member("key").to_string(), "tags.2.member.key");
    }

    #[test]
    fn reports_missing_required_members() {
        let mut errors = ValidationErrors::default();
        let root = Path::Root;
        assert_eq!(
            errors.required::<String>(None, root.member("secretId")),
            None
        );
        assert_eq!(
            errors.message(),
            "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null"
        );
    }

    #[test]
    fn joins_several_failures() {
        let mut errors = ValidationErrors::default();
        let root = Path::Root;
        errors.check_string("toolong".into(), root.member("name"), &NAME);
        errors.check_range(
            0,
            root.member("passwordLength"),
            RangeRule {
                min: Some(1),
                max: Some(4096),
            },
        );
        assert_eq!(
            errors.message(),
            "2 validation errors detected: Value 'toolong' at 'name' failed to satisfy constraint: Member must have length less than or equal to 5; Value '0' at 'passwordLength' failed to satisfy constraint: Member must have value greater than or equal to 1"
        );
    }

    #[test]
    fn never_echoes_sensitive_values() {
        let rules = StringRules {
            sensitive: true,
            ..NAME
        };
        let mut errors = ValidationErrors::default();
        let root = Path::Root;
        errors.check_string("hunter2-secret".into(), root.member("secretString"), &rules);
        let message = errors.message();
        assert!(!message.contains("hunter2"));
        assert!(message.contains("Value at 'secretString' failed"));
    }

    #[test]
    fn counts_characters_not_bytes() {
        let mut errors = ValidationErrors::default();
        let root = Path::Root;
        errors.check_string("ééééé".into(), root.member("name"), &NAME);
        assert!(errors.is_empty());
    }

    #[test]
    fn checks_patterns() {
        static DIGITS: Pattern = Pattern::new("^[0-9h]+$");
        let rules = StringRules {
            length: None,
            pattern: Some(&DIGITS),
            sensitive: false,
        };
        let mut errors = ValidationErrors::default();
        let root = Path::Root;
        errors.check_string("3h".into(), root.member("duration"), &rules);
        assert!(errors.is_empty());
        errors.check_string("3d".into(), root.member("duration"), &rules);
        assert!(
            errors
                .message()
                .ends_with("Member must satisfy regular expression pattern: ^[0-9h]+$")
        );
    }

    #[test]
    fn shows_a_list_of_strings_as_aws_does() {
        let rule = LengthRule {
            min: Some(1),
            max: Some(2),
        };
        let mut errors = ValidationErrors::default();
        let root = Path::Root;
        let filters = root.member("filters");
        let first = filters.element(0);
        let values = first.member("values");
        errors.check_strings_size(&["a".into(), "b".into()], values, rule);
        assert!(errors.is_empty());
        errors.check_strings_size(&["a".into(), "b".into(), "c".into()], values, rule);
        errors.check_strings_size(&[], root.member("ids"), rule);
        assert_eq!(
            errors.message(),
            "2 validation errors detected: Value '[a, b, c]' at 'filters.1.member.values' failed to satisfy constraint: Member must have length less than or equal to 2; Value '[]' at 'ids' failed to satisfy constraint: Member must have length greater than or equal to 1"
        );
    }

    #[test]
    fn each_reports_every_element_before_failing() {
        let mut errors = ValidationErrors::default();
        let root = Path::Root;
        let list = root.member("ids");
        let result = each(vec![None, Some(1), None], |index, item: Option<i32>| {
            errors.required(item, list.element(index))
        });
        assert_eq!(result, None);
        assert!(errors.message().starts_with("2 validation errors detected"));
    }
}
