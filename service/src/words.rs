//! Words as AWS's secret search splits them: words break at anything not a letter or digit,
//! between letters and digits, and where a lower-case letter meets an upper-case one
//! (`credsDatabase#892` is creds, Database, 892; `DBPassword` is DB, Password).

/// Whether some word of `text` starts with `word`, ignoring ASCII case. Equivalent to
/// `words(text).any(..)`, but only splits where the first letter already matches: a filter
/// runs this over every secret in the region.
pub(crate) fn starts_a_word(text: &str, word: &str) -> bool {
    let Some(&first) = word.as_bytes().first() else {
        return false;
    };
    text.bytes().enumerate().any(|(index, byte)| {
        byte.eq_ignore_ascii_case(&first)
            && text.is_char_boundary(index)
            && is_word_start(text, index)
            && words(&text[index..])
                .next()
                .and_then(|candidate| candidate.as_bytes().get(..word.len()))
                .is_some_and(|prefix| prefix.eq_ignore_ascii_case(word.as_bytes()))
    })
}

/// Whether a word of `text` starts at byte `index` (a character boundary).
fn is_word_start(text: &str, index: usize) -> bool {
    let Some((current, length)) = CharKind::at(text, index) else {
        return false;
    };
    let previous = text[..index].chars().next_back().map(CharKind::of);
    let next = CharKind::at(text, index + length).map(|(kind, _)| kind);
    current != CharKind::Separator
        && previous.is_none_or(|previous| !continues_word(previous, current, next))
}

pub(crate) fn has_words(text: &str) -> bool {
    words(text).next().is_some()
}

/// The words of `text`, as AWS's search splits it.
pub(crate) fn words(text: &str) -> Words<'_> {
    Words { rest: text }
}

pub(crate) struct Words<'a> {
    rest: &'a str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CharKind {
    Upper,
    Lower,
    Digit,
    Separator,
}

impl CharKind {
    /// The kind of the character starting at byte `index` of `text`, and its length in bytes.
    /// ASCII, by far the common case, skips the Unicode tables.
    fn at(text: &str, index: usize) -> Option<(Self, usize)> {
        let byte = *text.as_bytes().get(index)?;
        if byte.is_ascii() {
            return Some((Self::of_ascii(byte), 1));
        }
        let c = text.get(index..)?.chars().next()?;
        Some((Self::of_unicode(c), c.len_utf8()))
    }

    fn of_ascii(byte: u8) -> Self {
        match byte {
            b'0'..=b'9' => CharKind::Digit,
            b'A'..=b'Z' => CharKind::Upper,
            b'a'..=b'z' => CharKind::Lower,
            _ => CharKind::Separator,
        }
    }

    fn of(c: char) -> Self {
        match u8::try_from(c) {
            Ok(byte) if byte.is_ascii() => Self::of_ascii(byte),
            _ => Self::of_unicode(c),
        }
    }

    fn of_unicode(c: char) -> Self {
        if c.is_numeric() {
            CharKind::Digit
        } else if c.is_uppercase() {
            CharKind::Upper
        } else if c.is_alphabetic() {
            // Letters without case join words like lower-case ones.
            CharKind::Lower
        } else {
            CharKind::Separator
        }
    }
}

/// Whether a word running through `previous` goes on with `current`; `next` tells where an
/// upper-case run ends (`DBPassword` is DB, Password).
fn continues_word(previous: CharKind, current: CharKind, next: Option<CharKind>) -> bool {
    use CharKind::*;
    match (previous, current) {
        (_, Separator) | (Separator, _) => false,
        (Digit, Digit) | (Lower, Lower) | (Upper, Lower) => true,
        (Upper, Upper) => next != Some(Lower),
        (Lower, Upper) | (Digit, _) | (_, Digit) => false,
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let text = self.rest;
        let mut index = 0;
        let (mut previous, length) = loop {
            let (kind, length) = CharKind::at(text, index)?;
            if kind != CharKind::Separator {
                break (kind, length);
            }
            index += length;
        };
        let start = index;
        index += length;
        while let Some((current, length)) = CharKind::at(text, index) {
            let next = CharKind::at(text, index + length).map(|(kind, _)| kind);
            if !continues_word(previous, current, next) {
                break;
            }
            previous = current;
            index += length;
        }
        self.rest = &text[index..];
        Some(&text[start..index])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        words(text).collect()
    }

    #[test]
    fn words_break_at_separators_case_changes_and_digits() {
        assert_eq!(split("credsDatabase#892"), ["creds", "Database", "892"]);
        assert_eq!(split("My_Secret"), ["My", "Secret"]);
        assert_eq!(split("prod/db-password"), ["prod", "db", "password"]);
        assert_eq!(split("DBPassword2024"), ["DB", "Password", "2024"]);
        assert_eq!(split("one  and two "), ["one", "and", "two"]);
        assert!(split("/-_ ").is_empty());
        assert!(split("").is_empty());
    }

    #[test]
    fn word_prefix_search_agrees_with_splitting() {
        let texts = [
            "DBPassword2024",
            "credsDatabase#892",
            "prod/db-password",
            "Ünïcode Wörd—dash",
            "aaa aab",
            "",
        ];
        let queries = [
            "db", "dbp", "pass", "PASSWORD", "2024", "w", "wörd", "dash", "aab", "a",
        ];
        for text in texts {
            for query in queries {
                let by_splitting = words(text).any(|word| {
                    word.as_bytes()
                        .get(..query.len())
                        .is_some_and(|prefix| prefix.eq_ignore_ascii_case(query.as_bytes()))
                });
                assert_eq!(
                    starts_a_word(text, query),
                    by_splitting,
                    "{text:?} {query:?}"
                );
            }
        }
        assert!(
            !starts_a_word("DBPassword", "dbp"),
            "a match may not cross a word break"
        );
    }
}
