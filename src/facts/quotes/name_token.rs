//! One token of a name at the start of a text: an initial ("P."), or a
//! capitalised word with letters, apostrophes and hyphens (O'Brien,
//! McDonald, Ferris-Campbell). Names are parsed at every title and
//! capitalised word the attribution looks at, so ASCII is read by hand;
//! the regex decides wherever a character outside ASCII could matter.

use once_cell::sync::Lazy;
use regex::Regex;

static NAME_TOKEN: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:\p{Lu}\.|\p{Lu}[\p{L}\p{M}]*(?:['\u{2019}]\p{Lu}[\p{L}\p{M}]*)?(?:-\p{L}[\p{L}\p{M}]*)*)").unwrap()
});

/// The length of the name token `s` starts with, if any.
pub(crate) fn name_token(s: &str) -> Option<usize> {
    ascii(s.as_bytes()).unwrap_or_else(|| regex(s))
}

/// [`name_token`] by the regex alone.
pub(super) fn regex(s: &str) -> Option<usize> {
    NAME_TOKEN.find(s).map(|m| m.end())
}

/// [`name_token`] when ASCII decides it (inside ASCII, `\p{Lu}` is A-Z,
/// `\p{L}` a-z and A-Z, and `\p{M}` nothing); None when a character
/// outside ASCII could change the answer.
fn ascii(b: &[u8]) -> Option<Option<usize>> {
    let Some(&c0) = b.first() else {
        return Some(None);
    };
    if !c0.is_ascii() {
        return None;
    }
    if !c0.is_ascii_uppercase() {
        return Some(None);
    }
    // the first branch wins: an initial
    if b.get(1) == Some(&b'.') {
        return Some(Some(2));
    }
    let mut i = letters(b, 1)?;
    // an apostrophe and a capital: O'Brien
    if b.get(i) == Some(&b'\'') {
        match b.get(i + 1) {
            Some(c) if c.is_ascii_uppercase() => i = letters(b, i + 2)?,
            Some(c) if !c.is_ascii() => return None,
            _ => {}
        }
    }
    // hyphenated parts: Ferris-Campbell
    while b.get(i) == Some(&b'-') {
        match b.get(i + 1) {
            Some(c) if c.is_ascii_alphabetic() => i = letters(b, i + 2)?,
            Some(c) if !c.is_ascii() => return None,
            _ => break,
        }
    }
    Some(Some(i))
}

/// The end of the run of letters from `i`; None at a character outside
/// ASCII (it may be a letter or a mark).
fn letters(b: &[u8], mut i: usize) -> Option<usize> {
    while let Some(&c) = b.get(i) {
        if c.is_ascii_alphabetic() {
            i += 1;
        } else if c.is_ascii() {
            break;
        } else {
            return None;
        }
    }
    Some(i)
}
